/**
 * Typing as in Excel (issue 15 §3), in Node on the workbench's model: an unformatted cell takes
 * Excel's automatic number format for what was typed (expected formats: what Excel 365 en-US sets for
 * the same typing, e.g. 12.5% -> 0.00%, $1,200 -> currency without decimals); undo takes the format back
 * with the value; only Excel's error codes show; a formula Excel would refuse is refused at entry. Also
 * the sparse index the virtualized grid reads, and the deep check of stored workbooks.
 */
import { createEngine } from '../../src/engine/engine';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { automaticFormat, excelError, excelSheetConfig, formulaProblem, resolveQualifiedNames, WorkbookModel } from '../../src/workbench/model';
import { findTemplate, insertTemplate } from '../../src/templates';
import { parseRef } from '../../src/templates/plan';
import { WorkbookSession } from '../../src/workbench/session';
import { snapshotProblem, takeSnapshot } from '../../src/workbench/snapshot';

function fresh() {
  const hf = createEngine(excelSheetConfig());
  hf.addSheet('Sheet1');
  const model = new WorkbookModel(hf, new EngineTemplateAdapter(hf), []);
  const session = new WorkbookSession(model);
  return { hf, model, session };
}

describe("Excel's automatic format for what is typed in an unformatted cell", () => {
  test.each([
    // [typed, format Excel sets, text Excel shows]
    ['7/1/2026', 'm/d/yyyy', '7/1/2026'],
    ['2026-07-01', 'm/d/yyyy', '7/1/2026'],
    ['12.5%', '0.00%', '12.50%'],
    ['12%', '0%', '12%'],
    ['$1,200', '$#,##0_);($#,##0)', '$1,200 '],
    ['$1,200.50', '$#,##0.00_);($#,##0.00)', '$1,200.50 '],
    ['1,200', '#,##0', '1,200'],
    ['14:30', 'h:mm', '14:30'],
    ['=DATE(2026,7,1)', 'm/d/yyyy', '7/1/2026'],
  ])('%s -> %s', (typed, format, shown) => {
    const { model } = fresh();
    expect(model.edit('Sheet1', 0, 0, typed)).toEqual({ ok: true, resized: [] });
    expect(model.formatOf('Sheet1', 'A1')?.format).toBe(format);
    expect(model.cell('Sheet1', 0, 0).text).toBe(shown);
  });

  test('plain numbers and text stay General; a formatted cell keeps its format', () => {
    expect(automaticFormat('42', 42)).toBeUndefined();
    expect(automaticFormat('hello', 'hello')).toBeUndefined();
    expect(automaticFormat('=A1+1', '=A1+1')).toBeUndefined();
    const { model } = fresh();
    model.setFormat('Sheet1', 'A1', { format: '0.0' });
    model.edit('Sheet1', 0, 0, '12.5%');
    expect(model.formatOf('Sheet1', 'A1')).toEqual({ format: '0.0' });
    expect(model.cell('Sheet1', 0, 0).text).toBe('0.1'); // 0.125 in 0.0
  });

  test('a pasted block of ISO dates takes the date format; undo takes value and format back', () => {
    const { model, session } = fresh();
    expect(model.editBlock('Sheet1', 0, 0, [['2026-07-01'], ['2026-08-01']]).ok).toBe(true);
    expect([model.cell('Sheet1', 0, 0).text, model.cell('Sheet1', 1, 0).text]).toEqual(['7/1/2026', '8/1/2026']);
    session.undo();
    expect(model.formatOf('Sheet1', 'A1')).toBeUndefined();
    expect(model.cell('Sheet1', 0, 0).kind).toBe('empty');
    session.redo();
    expect(model.cell('Sheet1', 1, 0).text).toBe('8/1/2026');
  });
});

describe("only Excel's error codes; a formula Excel refuses is refused at entry", () => {
  test('the engine\'s own codes show as #VALUE! with their reason', () => {
    expect(excelError('#ERROR!', 'Parsing error.')).toEqual({ code: '#VALUE!', message: 'the formula cannot be read: Parsing error.' });
    expect(excelError('#CYCLE!', '')).toEqual({ code: '#VALUE!', message: 'a circular reference (the formula depends on its own result)' });
    expect(excelError('#DIV/0!', 'Division by zero.')).toEqual({ code: '#DIV/0!', message: 'Division by zero.' });
    const { model } = fresh();
    model.edit('Sheet1', 0, 0, '=A1+1');
    expect(model.cell('Sheet1', 0, 0)).toMatchObject({ kind: 'error', text: '#VALUE!', error: { code: '#VALUE!', message: expect.stringMatching(/circular reference/) } });
  });

  test.each([
    ['=SUM(1,2', 'a parenthesis is not closed'],
    ['=SUM(1,2))', 'a closing parenthesis has no opening one'],
    ['="abc', 'a text in quotes is not closed'],
    ['=SUM(1;2)', 'separated by semicolons'],
    ['=1+', 'ends with an operator'],
  ])('%s is refused: %s', (typed, why) => {
    const { model } = fresh();
    const result = model.edit('Sheet1', 0, 0, typed);
    expect(result).toEqual({ ok: false, message: expect.stringContaining(why) });
    expect((result as { message: string }).message).toMatch(/^A1: Excel would not accept/);
    expect(model.cell('Sheet1', 0, 0).kind).toBe('empty');
    expect(formulaProblem(typed)).toContain(why);
  });

  test('a paste with one bad formula writes nothing', () => {
    const { model } = fresh();
    expect(model.editBlock('Sheet1', 0, 0, [['1', '=SUM(']])).toEqual({ ok: false, message: expect.stringMatching(/^Nothing was pasted: B1: Excel would not accept/) });
    expect(model.cell('Sheet1', 0, 0).kind).toBe('empty');
  });
});

describe('a sheet of any dimension is read from its cells, not its rectangle', () => {
  test('one cell at XFD1048576: the index, the snapshot and the spills hold one cell', () => {
    const { hf, model } = fresh();
    expect(model.edit('Sheet1', 1048575, 16383, '7').ok).toBe(true);
    expect(model.edit('Sheet1', 39999, 0, '8').ok).toBe(true);
    const index = model.index('Sheet1');
    expect([index.maxRow, index.maxCol]).toEqual([1048575, 16383]);
    expect([...index.rows.keys()]).toEqual([39999, 1048575]);
    expect(takeSnapshot(hf, model.adapter).sheets[0].cells).toEqual([['A40000', 8], ['XFD1048576', 7]]);
    expect(model.spills('Sheet1')).toEqual([]);
  });
});

describe('stored workbooks are checked deeply before they are restored', () => {
  const ok = { version: 1, sheets: [{ name: 'S', cells: [['A1', 1]] }], names: [] };
  const withSheet = (extra: object) => ({ ...ok, sheets: [{ ...ok.sheets[0], ...extra }] });
  test.each([
    ['two sheets with one name', { ...ok, sheets: [ok.sheets[0], { ...ok.sheets[0], name: 's' }] }, /two sheets named "S" and "s"/],
    ['a format that is not text', withSheet({ formats: [['A1', { format: 42 }]] }), /its format is not text/],
    ['a malformed ownership list', withSheet({ owned: [1, 2] }), /owns on "S" are not a list of cell references/],
    ['a sheet name Excel refuses', withSheet({ name: 'a/b' }), /sheet name Excel refuses/],
    ['a cell twice', withSheet({ cells: [['A1', 1], ['A1', 2]] }), /A1 of "S" twice/],
    ['a number that is not finite', withSheet({ cells: [['A1', null], ['A2', 'x'], ['A3', true], ['A4', {}]] }), /A4 of "S" holds a object/],
    ['frozen panes outside the sheet', withSheet({ layout: { freeze: { rows: -1, columns: 0 } } }), /frozen panes/],
    ['column widths that are not sizes', withSheet({ layout: { columnWidths: ['wide'] } }), /column widths/],
    ['an illegal defined name', { ...ok, names: [{ name: 'A1', expression: '=S!$A$1' }] }, /"A1" is not a name Excel accepts/],
    ['no sheet', { ...ok, sheets: [] }, /no sheet/],
  ])('%s', (_name, snapshot, why) => {
    expect(snapshotProblem(snapshot)).toMatch(why);
  });

  test('a workbook the workbench wrote passes', () => {
    const { model, session } = fresh();
    model.edit('Sheet1', 0, 0, '7/1/2026');
    expect(snapshotProblem(session.snapshot())).toBeUndefined();
    expect(snapshotProblem(ok)).toBeUndefined();
  });
});

describe("a template's names read from any sheet as Excel reads them (sheet scope), the same in the engine and the .xlsx", () => {
  test("='Keep mining'!btc_price on another sheet is the input's value, and the file's formula reads the cell the name names", async () => {
    const hf = createEngine(excelSheetConfig());
    hf.addSheet('Sheet1');
    const adapter = new EngineTemplateAdapter(hf);
    const model = new WorkbookModel(hf, adapter);
    await insertTemplate(findTemplate('keep-mining')!, adapter);
    const sheet = model.sheetNames().find((n) => /keep mining/i.test(n))!;
    // The name is scoped to the template's sheet (engine: sheet scope, as the .xlsx writes it).
    const target = hf.getNamedExpressionFormula('btc_price', hf.getSheetId(sheet))!;
    expect(target).toMatch(/^='Keep mining'!\$[A-Z]+\$\d+$/);
    const at = parseRef(target.split('!')[1].replace(/\$/g, ''))!;
    const input = hf.getCellValue({ sheet: hf.getSheetId(sheet)!, ...at });
    expect(typeof input).toBe('number');
    // Typed on Sheet1 as in Excel: the value is the input's, and it follows the input.
    expect(model.edit('Sheet1', 0, 0, `='${sheet}'!btc_price*2`)).toEqual({ ok: true, resized: [] });
    expect(model.cell('Sheet1', 0, 0).value).toBe((input as number) * 2);
    model.edit(sheet, at.row, at.col, '100000');
    expect(model.cell('Sheet1', 0, 0).value).toBe(200000);
    // Text in quotes and a name on a sheet that lacks it are left as typed (the latter: #NAME?-free refusal not needed: Excel's #NAME?).
    expect(resolveQualifiedNames(`="'${sheet}'!btc_price"&Sheet1!B4`, (s, n) => model.qualifiedName(s, n))).toBe(`="'${sheet}'!btc_price"&Sheet1!B4`);
    // The .xlsx: the formula reads the very cell the sheet-scoped defined name refers to.
    const { writeXlsx } = await import('../../src/xlsx');
    const { data } = await writeXlsx({ hf, formats: adapter.formats, layouts: adapter.layouts }, { mode: 'watt' });
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
    const formula = (wb.getWorksheet('Sheet1')!.getCell('A1').value as { formula: string }).formula;
    expect(formula.replace(/\$/g, '')).toBe(`'${sheet}'!${target.split('!')[1].replace(/\$/g, '')}*2`);
  });
});
