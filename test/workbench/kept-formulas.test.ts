/**
 * What a user made is never overwritten: a formula of an opened file that Watt's engine did not take
 * (the reader's "formula not taken" problems: nested too deeply, a range over 500,000 cells) is open at
 * its cached value, and the workbench's Download (xlsx-io.ts workbookBytes, the toolbar's path) writes
 * it back with its formula text and that cached value, as `watt recalc` leaves it. An edit of the cell
 * wins; undo brings the kept formula back. And a formula typed or pasted with a range the engine would
 * hold millions of cells for is refused at entry, with the range and the limit named.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { createEngine } from '../../src/engine/engine';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { entryRangeCheck, WorkbookModel } from '../../src/workbench/model';
import { WorkbookSession } from '../../src/workbench/session';
import { takeSnapshot, snapshotProblem } from '../../src/workbench/snapshot';
import { openBytes, workbookBytes } from '../../src/workbench/xlsx-io';
import { deepFormula, hugeRangeXlsx, refusedXlsx } from '../helpers/hostile-xlsx';

function fresh() {
  const hf = createEngine();
  hf.addSheet('Mine');
  const adapter = new EngineTemplateAdapter(hf);
  const model = new WorkbookModel(hf, adapter);
  return new WorkbookSession(model);
}

/** The cells of a downloaded file's sheet, as ExcelJS reads them back. */
async function download(session: WorkbookSession, mode: 'watt' | 'native' | 'values' = 'watt') {
  const { data } = await workbookBytes(session, mode);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  return wb.getWorksheet('Sheet1')!;
}

test('a formula nested too deeply is written back by Download with its text and cached value (10); the formulas reading it stay formulas', async () => {
  const session = fresh();
  await openBytes(session, await refusedXlsx(), 'refused.xlsx');
  const ws = await download(session);
  // refusedXlsx: A2 = A1*2 in 600 parentheses, cached 10; A3 = A2+1 (the engine's 11 from the cached 10).
  expect(ws.getCell('A2').value).toEqual({ formula: deepFormula(), result: 10 });
  expect(ws.getCell('A3').value).toEqual({ formula: 'A2+1', result: 11 });
});

test('ranges over 500,000 cells: the whole-sheet SUM (cached 5250) and D1:D1048575 (cached 0) are written back as read', async () => {
  const session = fresh();
  await openBytes(session, await hugeRangeXlsx(), 'huge.xlsx');
  const ws = await download(session);
  // hugeRangeXlsx: C1 = SUM(A1:XFD1048576) cached 5250; C5 = SUMPRODUCT(D1:D1048575,E1:E1048575) cached 0; C6 = C1+1.
  expect(ws.getCell('C1').value).toEqual({ formula: 'SUM(A1:XFD1048576)', result: 5250 });
  // ExcelJS reads a cached 0 back as no result: the sheet's XML holds it.
  expect(ws.getCell('C5').value).toEqual({ formula: 'SUMPRODUCT(D1:D1048575,E1:E1048575)' });
  const xml = await (await JSZip.loadAsync((await workbookBytes(session, 'watt')).data)).file('xl/worksheets/sheet1.xml')!.async('string');
  expect(xml).toContain('<c r="C5"><f>SUMPRODUCT(D1:D1048575,E1:E1048575)</f><v>0</v></c>');
  expect(ws.getCell('C6').value).toEqual({ formula: 'C1+1', result: 5251 });
});

test('the grid is told: the cell holds the kept formula (its cached value shown), the editor starts from the formula', async () => {
  const session = fresh();
  await openBytes(session, await hugeRangeXlsx(), 'huge.xlsx');
  const view = session.model.cell('Sheet1', 0, 2);
  expect(view.value).toBe(5250);
  expect(view.formula).toBeUndefined();
  expect(view.kept).toEqual({ formula: '=SUM(A1:XFD1048576)', why: expect.stringMatching(/^formula not taken: its range A1:XFD1048576 spans the whole sheet/) });
  expect(session.model.editText('Sheet1', 0, 2)).toBe('=SUM(A1:XFD1048576)');
  expect(session.model.cell('Sheet1', 5, 2).kept).toBeUndefined(); // C6 = C1+1: the engine's own formula
  // Committing the kept formula unchanged (Enter, or leaving the editor) is no edit: it stays kept.
  expect(session.model.edit('Sheet1', 0, 2, '=SUM(A1:XFD1048576)')).toEqual({ ok: true, resized: [] });
  expect(session.model.cell('Sheet1', 0, 2).kept?.formula).toBe('=SUM(A1:XFD1048576)');
});

test('an edit of the cell wins (value 7, no formula in the file); undo brings the kept formula back; redo the edit', async () => {
  const session = fresh();
  await openBytes(session, await hugeRangeXlsx(), 'huge.xlsx');
  expect(session.model.edit('Sheet1', 0, 2, '7')).toMatchObject({ ok: true });
  expect(session.model.cell('Sheet1', 0, 2).kept).toBeUndefined();
  let ws = await download(session);
  expect(ws.getCell('C1').value).toBe(7);
  expect(ws.getCell('C6').value).toEqual({ formula: 'C1+1', result: 8 });
  session.undo();
  ws = await download(session);
  expect(ws.getCell('C1').value).toEqual({ formula: 'SUM(A1:XFD1048576)', result: 5250 });
  session.redo();
  expect((await download(session)).getCell('C1').value).toBe(7);
  // A formula typed over it is the user's too: =SUM(A1:A3) of 1, 2, 3 is 6.
  expect(session.model.edit('Sheet1', 0, 2, '=SUM(A1:A3)')).toMatchObject({ ok: true });
  expect((await download(session)).getCell('C1').value).toEqual({ formula: 'SUM(A1:A3)', result: 6 });
});

test('values mode writes the cached value with the formula in the note; the kept formula survives a snapshot (storage, undo)', async () => {
  const session = fresh();
  await openBytes(session, await hugeRangeXlsx(), 'huge.xlsx');
  const ws = await download(session, 'values');
  expect(ws.getCell('C1').value).toBe(5250);
  expect(String((ws.getCell('C1').note as unknown as { texts?: { text: string }[] })?.texts?.map((t) => t.text).join('') ?? ws.getCell('C1').note)).toMatch(/Formula: =SUM\(A1:XFD1048576\)/);
  const snapshot = JSON.parse(JSON.stringify(takeSnapshot(session.model.hf, session.model.adapter)));
  expect(snapshotProblem(snapshot)).toBeUndefined();
  const other = fresh();
  await other.replace('Restore', snapshot);
  expect((await download(other)).getCell('C1').value).toEqual({ formula: 'SUM(A1:XFD1048576)', result: 5250 });
});

describe('a range the engine would hold over 500,000 cells is refused at entry', () => {
  const extents = new Map([['sheet1', { rows: 100, columns: 3 }]]);
  test('entryRangeCheck: explicit ranges by their cells; whole columns over the used rows (at least 1,000); A1:A1048576 given as A:A', () => {
    expect(entryRangeCheck('=SUM(A1:XFD1048576)', 'Sheet1', extents)).toEqual({ refused: "its range A1:XFD1048576 spans 16,384 whole columns, 16,384,000 cells over the sheet's first 1,000 rows, more than Watt's engine takes in one range (500,000 cells)" });
    expect(entryRangeCheck('=SUM(A1:A600000)', 'Sheet1', extents)).toEqual({ refused: "its range A1:A600000 spans 600,000 cells, more than Watt's engine takes in one range (500,000 cells)" });
    // 500,000 cells exactly (A1:A500000) is within the bound.
    expect(entryRangeCheck('=SUM(A1:A500000)', 'Sheet1', extents)).toEqual({ engine: '=SUM(A1:A500000)' });
    expect(entryRangeCheck('=SUM(A:A)+SUMIFS(B:B,A:A,">5")', 'Sheet1', extents)).toEqual({ engine: '=SUM(A:A)+SUMIFS(B:B,A:A,">5")' });
    expect(entryRangeCheck('=SUM($A$1:$A$1048576)', 'Sheet1', extents)).toEqual({ engine: '=SUM($A:$A)' });
    expect(entryRangeCheck('=SUM(A:Z)', 'Sheet1', extents)).toEqual({ engine: '=SUM(A:Z)' });
    // 600 columns over 1,000 rows: 600,000 cells.
    expect(entryRangeCheck('=SUM(A:WB)', 'Sheet1', extents).refused).toMatch(/^its range A:WB spans 600 whole columns, 600,000 cells/);
    expect(entryRangeCheck('=COUNTBLANK(A:A)', 'Sheet1', extents).refused).toMatch(/^it may count the empty cells of a whole column \(A:A/);
    expect(entryRangeCheck('="A1:XFD1048576"', 'Sheet1', extents)).toEqual({ engine: '="A1:XFD1048576"' });
  });

  test('typed: refused with the cell, the formula, the range and the limit; the cell is left as it was', () => {
    const session = fresh();
    const model = session.model;
    model.edit('Mine', 0, 0, '5');
    expect(model.edit('Mine', 1, 0, '=SUM(A1:XFD1048576)')).toEqual({
      ok: false,
      message: "A2: Watt's engine would not take =SUM(A1:XFD1048576): its range A1:XFD1048576 spans 16,384 whole columns, 16,384,000 cells over the sheet's first 1,000 rows, more than Watt's engine takes in one range (500,000 cells). Use a smaller range (or whole columns, A:A), or type an apostrophe first to keep it as text.",
    });
    expect(model.cell('Mine', 1, 0).kind).toBe('empty');
    expect(model.edit('Mine', 1, 1, '=SUM(A:A)')).toMatchObject({ ok: true });
    expect(model.cell('Mine', 1, 1).value).toBe(5); // B2 = SUM(A:A): A1's 5
    expect(model.edit('Mine', 2, 0, "'=SUM(A1:XFD1048576)")).toMatchObject({ ok: true });
    expect(model.cell('Mine', 2, 0).value).toBe('=SUM(A1:XFD1048576)');
  });

  test('pasted: nothing is pasted, the cell named', () => {
    const model = fresh().model;
    expect(model.editBlock('Mine', 0, 0, [['1', '=SUM(Mine!B1:B1048575)']])).toEqual({ ok: false, message: expect.stringMatching(/^Nothing was pasted: B1: Watt's engine would not take =SUM\(Mine!B1:B1048575\): its range Mine!B1:B1048575 spans 1,048,575 cells/) });
    expect(model.cell('Mine', 0, 0).kind).toBe('empty');
  });
});

test('an array formula the engine did not take: written back over its block; its other cells are not edited apart; an edit of its anchor frees them', async () => {
  // B1:B2 = a formula 600 parentheses deep plus {1;2}, as an array, cached 10 and 11.
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Sheet1');
  sheet.getCell('A1').value = 5;
  sheet.getCell('B1').value = { formula: `${deepFormula()}+{1;2}`, result: 10, shareType: 'array', ref: 'B1:B2' } as unknown as ExcelJS.CellValue;
  sheet.getCell('B2').value = 11;
  const session = fresh();
  await openBytes(session, new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer), 'array.xlsx');
  const model = session.model;
  expect(model.edit('Sheet1', 1, 1, '3')).toEqual({ ok: false, message: 'B2 is part of the array formula B1:B2 kept from the file (not recalculated); change B1, which holds it, instead.' });
  const { data } = await workbookBytes(session, 'watt');
  const xml = await (await JSZip.loadAsync(data)).file('xl/worksheets/sheet1.xml')!.async('string');
  expect(xml).toMatch(/<c r="B1"><f t="array" ref="B1:B2">\({600}A1\*2\){600}\+\{1;2\}<\/f><v>10<\/v><\/c>/);
  expect(xml).toContain('<c r="B2"><v>11</v></c>');
  expect(model.edit('Sheet1', 0, 1, '1')).toMatchObject({ ok: true });
  expect(model.edit('Sheet1', 1, 1, '3')).toMatchObject({ ok: true });
  expect((await download(session)).getCell('B1').value).toBe(1);
});
