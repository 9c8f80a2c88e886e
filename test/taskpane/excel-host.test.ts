/**
 * The pane's insert in Excel, on office-addin-mock (the FakeExcel of the adapter's tests): what the
 * pane shows for a protected workbook, an old Excel, an Excel.run failure halfway and a success, and
 * that a failed insert leaves the workbook exactly as it was.
 */
import { ExcelTemplateAdapter } from '../../src/hosts/excel/template-adapter';
import { createInsertController } from '../../src/taskpane/controller';
import { createExcelHost, luminance } from '../../src/taskpane/excel-host';
import { findTemplate, TEMPLATES } from '../../src/templates';
import { FakeExcel } from '../hosts/fake-excel';

const keepMining = findTemplate('keep-mining')!;

function setUp() {
  const fake = new FakeExcel([FakeExcel.sheet('Sheet1', { A1: { value: 'my numbers' } })]);
  const host = createExcelHost({ adapter: new ExcelTemplateAdapter(fake.hosts()), theme: { bodyBackgroundColor: '#FFFFFF' } });
  return { fake, host, controller: createInsertController(host) };
}

test('a successful insert says which sheet was added', async () => {
  const { fake, controller } = setUp();
  const message = await controller.insert(keepMining);
  expect(message.intent).toBe('success');
  expect(message.title).toBe('Inserted "Mining site: keep mining"');
  expect(message.detail).toContain('sheet "Keep mining"');
  expect(fake.snapshot().sheets.map((s) => s.name)).toEqual(['Sheet1', 'Keep mining']);
});

test('a second insert gets a free sheet name and says so', async () => {
  const { controller } = setUp();
  await controller.insert(keepMining);
  const message = await controller.insert(keepMining);
  expect(message.detail).toContain('"Keep mining (2)"');
});

test('a protected workbook: an error message, and the workbook is untouched', async () => {
  const { fake, controller } = setUp();
  fake.protectedStructure = true;
  const before = fake.snapshot();
  const message = await controller.insert(keepMining);
  expect(message.intent).toBe('error');
  expect(message.title).toBe('The workbook is protected');
  expect(message.detail).toMatch(/Unprotect it \(Review > Protect Workbook\)/);
  expect(fake.snapshot()).toEqual(before);
  expect(fake.applied).toEqual([]);
});

test('an Excel without ExcelApi 1.7: an error naming the requirement set, nothing written', async () => {
  const { fake, controller } = setUp();
  fake.apiVersion = 6;
  const before = fake.snapshot();
  const message = await controller.insert(keepMining);
  expect(message.intent).toBe('error');
  expect(message.title).toBe('This version of Excel cannot insert templates');
  expect(message.detail).toContain('ExcelApi 1.7');
  expect(fake.snapshot()).toEqual(before);
  expect(fake.runs).toBe(0);
});

test('an Excel.run failure halfway: the error is shown, the added sheet is deleted again', async () => {
  const { fake, controller } = setUp();
  const before = fake.snapshot();
  // Fail on the first number format written: the sheet exists by then.
  fake.failOn = (op) => op.kind === 'set' && op.prop === 'numberFormat';
  const message = await controller.insert(keepMining);
  expect(message.intent).toBe('error');
  expect(message.title).toBe('Excel could not insert "Mining site: keep mining"');
  expect(message.detail).toContain('InvalidArgument');
  expect(message.detail).toMatch(/deleted and the workbook is as it was/);
  expect(fake.applied.some((op) => op.kind === 'add')).toBe(true);
  expect(fake.snapshot().sheets).toEqual(before.sheets);
});

test('one insert at a time: a second click while one runs is refused with a warning', async () => {
  const { controller } = setUp();
  const first = controller.insert(keepMining);
  expect(controller.busy).toBe(true);
  const second = await controller.insert(keepMining);
  expect(second.intent).toBe('warning');
  expect((await first).intent).toBe('success');
  expect(controller.busy).toBe(false);
});

test('the Excel host offers every template and follows Office dark themes', () => {
  const { host } = setUp();
  expect(host.templates).toBe(TEMPLATES);
  expect(host.hostName).toBe('Excel');
  expect(host.dark).toBe(false);
  expect(createExcelHost({ adapter: new ExcelTemplateAdapter(new FakeExcel([]).hosts()), theme: { bodyBackgroundColor: '#262626' } }).dark).toBe(true);
  // WCAG relative luminance: white 1, black 0, mid grey #777777 ~0.184.
  expect(luminance('#FFFFFF')).toBeCloseTo(1, 12);
  expect(luminance('#000000')).toBe(0);
  expect(luminance('#777777')).toBeCloseTo(0.1845, 4);
  expect(luminance('not a colour')).toBeUndefined();
});

test('outside Excel (no Office.js) the pane is told at once that templates need Excel; in Excel it is not', async () => {
  const outside = createExcelHost({ theme: {} });
  expect(outside.notice).toMatchObject({ intent: 'error', title: 'Templates need Excel', link: { text: 'Open the workbench' } });
  // The same message as an Insert clicked anyway, so the pane never says it two ways.
  expect(await createInsertController(outside).insert(keepMining)).toEqual(outside.notice);
  expect(createExcelHost({ adapter: new ExcelTemplateAdapter(new FakeExcel([]).hosts()), theme: {} }).notice).toBeUndefined();
});
