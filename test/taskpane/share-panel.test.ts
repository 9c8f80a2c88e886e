/**
 * The pane's Share tab on the fake DOM, over the Excel host and the fake Excel (office-addin-mock):
 * the choice of mode and sheets, the Share button, the message bar's wording for a copy, a protected
 * workbook and an old Excel, one share at a time, and what it says outside Excel.
 */
import { ExcelShareAdapter } from '../../src/hosts/excel/share-adapter';
import { ExcelTemplateAdapter } from '../../src/hosts/excel/template-adapter';
import { createShareController } from '../../src/taskpane/controller';
import { createExcelHost } from '../../src/taskpane/excel-host';
import { describeShared, describeShareError, SHARE_ELSEWHERE, type PaneMessage } from '../../src/taskpane/messages';
import { mountSharePanel } from '../../src/taskpane/share-panel';
import { findTemplate, insertTemplate, TEMPLATES } from '../../src/templates';
import { FakeExcel } from '../hosts/fake-excel';
import { fakeContainer, FakeElement } from './fake-dom';

async function excelWithModel(apiVersion = 18): Promise<FakeExcel> {
  const fake = new FakeExcel([FakeExcel.sheet('Sheet1', { A1: { value: 'my numbers' } })]);
  await insertTemplate(findTemplate('keep-mining')!, new ExcelTemplateAdapter(fake.hosts()));
  for (const cell of Object.values(fake.find('Keep mining')!.cells)) if (cell.formula) cell.value = 1;
  fake.state.active = 'Keep mining';
  fake.apiVersion = apiVersion;
  return fake;
}

function mount(fake: FakeExcel) {
  const host = createExcelHost({ adapter: new ExcelTemplateAdapter(fake.hosts()), shareAdapter: new ExcelShareAdapter(fake.hosts()), templates: TEMPLATES });
  const container = fakeContainer();
  const shown: PaneMessage[] = [];
  const panel = mountSharePanel(container as unknown as HTMLElement, { controller: createShareController(host), show: (m) => shown.push(m) });
  const button = (attr: string, value: string) => container.find((e) => e.getAttribute(attr) === value);
  return { container, panel, shown, button };
}

const checked = (e: FakeElement) => e.getAttribute('aria-checked');

test('native by default: one click adds "Keep mining (native)" and the message says what it holds', async () => {
  const fake = await excelWithModel();
  const { panel, shown, button } = mount(fake);
  expect(checked(button('data-mode', 'native'))).toBe('true');
  expect(checked(button('data-mode', 'values'))).toBe('false');
  expect(checked(button('data-scope', 'watt'))).toBe('true');
  button('data-action', 'share').click();
  expect(button('data-action', 'share').disabled).toBe(true);
  expect(shown[0]).toEqual({ intent: 'info', title: 'Making a native copy…' });
  // The click's share is the one running: a second call waits its turn with a warning.
  expect((await panel.share()).title).toBe('A share is already running');
  expect(button('data-action', 'share').disabled).toBe(true);
  await new Promise((r) => setTimeout(r, 50));
  const done = shown.find((m) => m.intent === 'success')!;
  expect(done.title).toBe('Shared 1 sheet (native)');
  expect(done.detail).toMatch(/^Added sheet "Keep mining \(native\)"; the originals are unchanged\. \d+ WATT formulas are written in Excel's own functions/);
  expect(button('data-action', 'share').disabled).toBe(false);
  expect(fake.state.sheets.map((s) => s.name)).toEqual(['Sheet1', 'Keep mining', 'Keep mining (native)']);
});

test('values of this sheet: the choice is what is shared', async () => {
  const fake = await excelWithModel();
  const { panel, button } = mount(fake);
  button('data-mode', 'values').click();
  button('data-scope', 'active').click();
  expect(checked(button('data-mode', 'values'))).toBe('true');
  expect(button('data-mode', 'values').getAttribute('appearance')).toBe('accent');
  expect(panel.request).toEqual({ mode: 'values', scope: 'active' });
  const message = await panel.share();
  expect(message.title).toBe('Shared 1 sheet (values)');
  expect(message.detail).toMatch(/formulas are now their values, each with its formula in a cell note/);
  expect(fake.find('Keep mining (values)')).toBeDefined();
});

test('a protected workbook and an old Excel: errors in the message bar, nothing added', async () => {
  const fake = await excelWithModel();
  fake.protectedStructure = true;
  const before = fake.snapshot();
  const { panel } = mount(fake);
  const message = await panel.share();
  expect(message).toMatchObject({ intent: 'error', title: 'The workbook is protected', detail: expect.stringMatching(/Review > Protect Workbook/) });
  expect(fake.snapshot()).toEqual(before);
  const old = await excelWithModel(6);
  expect(await mount(old).panel.share()).toMatchObject({ intent: 'error', title: 'This version of Excel cannot share', detail: expect.stringContaining('ExcelApi 1.7') });
});

test('outside Excel: no button, and the tab says what to use instead', async () => {
  const container = fakeContainer();
  const shown: PaneMessage[] = [];
  const panel = mountSharePanel(container as unknown as HTMLElement, { show: (m) => shown.push(m) });
  expect(container.textContent).toContain("workbench's Download .xlsx");
  expect(container.textContent).toContain('npx watt template export ID --mode native -o FILE.xlsx');
  expect(container.findAll((e) => e.getAttribute('data-action') === 'share')).toHaveLength(0);
  expect((await panel.share()).detail).toBe(SHARE_ELSEWHERE);
  // A host without share, through the controller: the same pointer.
  const message = await createShareController({ hostName: 'the workbench', templates: [], insert: async () => ({ sheetNames: [] }) }).share({ mode: 'native', scope: 'watt' });
  expect(message).toMatchObject({ title: 'Share needs Excel', detail: SHARE_ELSEWHERE });
});

test('messages: values without notes on an old Excel say where the formulas are not; a native copy counts its values', () => {
  expect(describeShared({ mode: 'values', sheetNames: ['A (values)', 'B (values)'], nativeCells: 0, valueCells: 3, annotations: 'none' }).detail).toBe(
    'Added sheets "A (values)" and "B (values)"; the originals are unchanged. 3 formulas are now their values. This Excel cannot add notes or comments (ExcelApi 1.10), so the formulas behind the values are not on the copy: keep the original beside it. Move or copy the new sheets to a workbook of their own to send them (right-click the tab > Move or Copy).',
  );
  expect(describeShared({ mode: 'native', sheetNames: ['A (native)'], nativeCells: 1, valueCells: 2, annotations: 'comments' }).detail).toContain(
    "1 WATT formula is written in Excel's own functions, so the copy recalculates without the add-in. 2 (tables, live data) are values, with the reason in a comment.",
  );
  expect(describeShared({ mode: 'native', sheetNames: ['P (native)'], nativeCells: 8, valueCells: 0, nativeBlocks: 1, helperSheet: 'Watt native', annotations: 'notes' }).detail).toContain(
    'The table is a block of Excel formulas; the inputs it reads are checked on the new sheet "Watt native" (also move it when you send the copy).',
  );
  const busy = Object.assign(new Error('"M"!A1 is still calculating'), { name: 'ShareError', code: 'busy' });
  expect(describeShareError(busy)).toMatchObject({ intent: 'warning', title: 'Still calculating' });
  expect(describeShareError(new Error('boom'))).toMatchObject({ intent: 'error', detail: 'boom. The workbook was left as it was.' });
});
