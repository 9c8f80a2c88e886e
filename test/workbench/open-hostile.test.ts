/**
 * The workbench's Open (src/workbench/xlsx-io.ts openBytes, the path the toolbar takes) on files we did
 * not make: the reader's bounded-read limits refuse a zip bomb and a row beyond Excel's with one sentence
 * naming the file, before anything is inflated, and the workbook is left as it was; a cell linking to
 * another workbook opens at its cached value and is reported as a link, not as a cell left out; a
 * formula or a name the engine refuses is reported as `watt recalc` reports it (the same problems, the
 * same words).
 */
import { createEngine } from '../../src/engine/engine';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { WorkbookModel } from '../../src/workbench/model';
import { WorkbookSession } from '../../src/workbench/session';
import { openBytes, openedStatus } from '../../src/workbench/xlsx-io';
import { readXlsx } from '../../src/xlsx';
import { externalLinkXlsx, hugeRangeXlsx, oneCellAt, refusedXlsx, zipBomb } from '../helpers/hostile-xlsx';

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

test('a formula and a name the engine refuses: the same problems as watt recalc lists, in its words; the formula open at its cached value (10)', async () => {
  const { session } = fresh();
  const data = await refusedXlsx();
  const opened = await openBytes(session, data, 'refused.xlsx');
  // The reader's problems, as recalc's report lists them (test/xlsx/hostile.test.ts asserts their words).
  const read = await readXlsx(data);
  expect(read.problems.map((p) => [p.kind, p.sheet, p.ref])).toEqual([['name', '', 'Price2026'], ['formula', 'Sheet1', 'A2']]);
  expect(opened.problems).toEqual(read.problems);
  expect(opened.links).toEqual([]);
  expect(openedStatus('refused.xlsx', opened)).toEqual({
    kind: 'error',
    text:
      'Opened refused.xlsx: 1 sheet(s). Undo (Ctrl+Z) brings the previous workbook back. 2 things the engine could not take: ' +
      'name Price2026: name not taken: Watt\'s engine reads "Price2026" as a cell reference (letters then digits; Excel\'s columns stop at XFD, the engine\'s do not), so it cannot be a name there; the formulas that use it are not recalculated; ' +
      'Sheet1!A2: formula not taken: it is nested or chained too deeply for Watt\'s engine to read; its cached value 10 is kept, not recalculated.',
  });
  const hf = session.model.hf;
  const sheet = hf.getSheetId('Sheet1')!;
  expect(hf.getCellValue({ sheet, row: 1, col: 0 })).toBe(10); // A2: the file's cached value
  expect(hf.getCellValue({ sheet, row: 2, col: 0 })).toBe(11); // A3 = A2+1, computed with it
});

test('ranges as large as the sheet: the whole-sheet SUM is open at its cached value and named; whole columns (written out or A:A) are computed', async () => {
  const { session } = fresh();
  const before = process.memoryUsage().rss;
  const opened = await openBytes(session, await hugeRangeXlsx(), 'huge.xlsx');
  expect(opened.problems.map((p) => `${p.sheet}!${p.ref}: ${p.what}`)).toEqual([
    "Sheet1!C1: formula not taken: its range A1:XFD1048576 spans the whole sheet, which Watt's engine holds as 16,384 whole columns over the sheet's 100 used rows: 1,638,400 cells, more than Watt's engine takes in one range (500,000 cells); its cached value 5250 is kept, not recalculated",
    "Sheet1!C5: formula not taken: its range D1:D1048575 spans 1,048,575 cells, more than Watt's engine takes in one range (500,000 cells); its cached value 0 is kept, not recalculated",
  ]);
  const hf = session.model.hf;
  const sheet = hf.getSheetId('Sheet1')!;
  const value = (row: number) => hf.getCellValue({ sheet, row, col: 2 });
  // C1 cached; C2 = SUMPRODUCT of 1..100 and 2s (2 x 5,050); C3 = SUM(A:A); C4 = SUMIFS(B:B,A:A,">50"): 50 x 2; C6 = C1+1.
  expect([value(0), value(1), value(2), value(3), value(5)]).toEqual([5250, 10100, 5050, 100, 5251]);
  // Whole columns written out are open as the engine's A:A (the same cells), and follow an edit.
  expect(hf.getCellFormula({ sheet, row: 1, col: 2 })).toBe('=SUMPRODUCT($A:$A,$B:$B)');
  hf.setCellContents({ sheet, row: 199, col: 0 }, [[1000]]); // A200, beyond the file's used rows
  expect(value(2)).toBe(6050);
  expect(process.memoryUsage().rss - before).toBeLessThan(300 * 2 ** 20); // the whole sheet took 4 GB before
});

test('a clean open says so in one line, without problems', () => {
  expect(openedStatus('book.xlsx', { sheets: ['A', 'B'], problems: [], links: [] })).toEqual({ kind: 'info', text: 'Opened book.xlsx: 2 sheet(s). Undo (Ctrl+Z) brings the previous workbook back.' });
});
