/**
 * The workbench's Open (src/workbench/xlsx-io.ts openBytes, the path the toolbar takes) on files we did
 * not make: the reader's bounded-read limits refuse a zip bomb and a row beyond Excel's with one sentence
 * naming the file, before anything is inflated, and the workbook is left as it was; a cell linking to
 * another workbook opens at its cached value and is reported as a link, not as a cell left out.
 */
import { createEngine } from '../../src/engine/engine';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { WorkbookModel } from '../../src/workbench/model';
import { WorkbookSession } from '../../src/workbench/session';
import { openBytes } from '../../src/workbench/xlsx-io';
import { externalLinkXlsx, oneCellAt, zipBomb } from '../helpers/hostile-xlsx';

function fresh() {
  const hf = createEngine();
  hf.addSheet('Mine');
  hf.setCellContents({ sheet: hf.getSheetId('Mine')!, row: 0, col: 0 }, [[42]]);
  const adapter = new EngineTemplateAdapter(hf);
  const model = new WorkbookModel(hf, adapter);
  return { hf, session: new WorkbookSession(model) };
}

test('a zip bomb is refused with the limit and the file named; the open workbook is untouched', async () => {
  const { hf, session } = fresh();
  await expect(openBytes(session, await zipBomb(300), 'bomb.xlsx')).rejects.toThrow(/^bomb\.xlsx is too large to open: .*256 MiB/);
  expect(session.model.hf.getSheetNames()).toEqual(['Mine']);
  expect(hf.getCellValue({ sheet: hf.getSheetId('Mine')!, row: 0, col: 0 })).toBe(42);
});

test('a row beyond Excel\'s last is refused, naming the sheet and the row', async () => {
  const { session } = fresh();
  await expect(openBytes(session, await oneCellAt('A1048577'), 'tall.xlsx')).rejects.toThrow(/tall\.xlsx cannot be opened: .*1,048,577/);
  expect(session.model.hf.getSheetNames()).toEqual(['Mine']);
});

test('a link to another workbook opens at its cached value (123) and is reported as a link', async () => {
  const { session } = fresh();
  const opened = await openBytes(session, await externalLinkXlsx(), 'linked.xlsx');
  // Listed once, as a link with the reader's sentence naming the cell; nothing among the cells left out.
  expect(opened.links).toEqual([{ sheet: 'Sheet1', ref: 'A1', what: 'links to another workbook ([1]): its cached value 123 is kept, not recalculated' }]);
  expect(opened.problems).toEqual([]);
  const link = opened.links[0];
  const hf = session.model.hf;
  const at = { sheet: hf.getSheetId(link.sheet)!, row: Number(/\d+/.exec(link.ref)![0]) - 1, col: link.ref.charCodeAt(0) - 65 };
  expect(hf.getCellValue(at)).toBe(123);
});
