/**
 * Files Watt did not make (issue 16 §2): the reader refuses what is over its limits before inflating or
 * materializing it, in one sentence naming the limit and the file; opens at once what is within Excel's
 * sheet however far out its cells are; keeps links to other workbooks at their cached value (and keeps
 * the link), naming each such cell; names every formula and name the engine refuses, and leaves such a
 * formula (and what reads it) as the file has it, never as recalculated; and never lets a library's own words ("(reading 'date1904')")
 * reach a user. Each hostile file is built here (test/helpers/hostile-xlsx.ts) and each test takes seconds.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { runCli as run } from '../helpers/cli';
import { externalLinkMessage, readXlsx, recalcXlsx } from '../../src/xlsx';
import { checkXlsxLimits, plainReadError, XLSX_LIMITS, XlsxReadError, zipEntries } from '../../src/xlsx/limits';
import { externalReference, formulaDepth, loadXlsx, MAX_FORMULA_DEPTH } from '../../src/xlsx/read';
import { convertWithLibreOffice } from './soffice';
import { TEMPLATES } from '../../src/templates';
import { baseXlsx, damaged, deepFormula, externalLinkXlsx, hugeRangeXlsx, lyingZip, manyCells, oneCellAt, refusedXlsx, xfdRows, zipBomb } from '../helpers/hostile-xlsx';
import { blankReader, boundRanges, MAX_RANGE_CELLS, MAX_RANGE_CELLS_TOTAL, rangeReferences } from '../../src/xlsx/ranges';
import { createEngine } from '../../src/engine/engine';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watt-hostile-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const put = (name: string, data: Uint8Array) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
};

/** The reader's verdict: the error's message and reason, or "opened". */
async function verdict(data: Uint8Array, file: string): Promise<{ message: string; reason: string } | 'opened'> {
  try {
    await readXlsx(data, undefined, { file });
    return 'opened';
  } catch (e) {
    if (!(e instanceof XlsxReadError)) throw e;
    return { message: e.message, reason: e.reason };
  }
}

describe('limits checked before anything is inflated or materialized', () => {
  test('a zip bomb (300 MiB of text in one cell, from a 300 KB file) is refused from its zip directory, by name and limit', async () => {
    const bomb = await zipBomb(300);
    expect(bomb.length).toBeLessThan(2 << 20); // deflate's ~1000:1 on one repeated byte
    const sheet = zipEntries(bomb).find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    expect(sheet.uncompressedSize).toBeGreaterThan(300 * 2 ** 20);
    expect(await verdict(bomb, 'bomb.xlsx')).toEqual({
      reason: 'uncompressed-size',
      message: 'bomb.xlsx is too large to open: it holds more than 300 MiB uncompressed, over Watt\'s limit of 256 MiB.',
    });
    const file = put('bomb.xlsx', bomb);
    const r = await run(['recalc', file]);
    expect(r).toEqual({ code: 1, out: '', err: `watt recalc: ${file} is too large to open: it holds more than 300 MiB uncompressed, over Watt's limit of 256 MiB.` });
    expect(fs.existsSync(file.replace(/\.xlsx$/, '.recalc.xlsx'))).toBe(false);
  });

  test('a zip whose directory understates a part (1,000 bytes declared, 20 MiB inside) is refused at byte 1,001', async () => {
    expect(await verdict(await lyingZip(20), 'lying.xlsx')).toEqual({
      reason: 'declared-size',
      message: 'lying.xlsx is damaged: its part xl/worksheets/sheet1.xml holds more than the 1,000 bytes its zip directory declares.',
    });
  });

  test('more cells than the limit (2,000 rows of 1,001) is refused, naming the limit and the sheet', async () => {
    const data = await manyCells(2000, 1001);
    expect(await verdict(data, 'many.xlsx')).toEqual({
      reason: 'cells',
      message: `many.xlsx is too large to open: it holds more than 2,000,000 cells, Watt's limit (sheet "Sheet1" alone 2,000,001).`,
    });
    expect(XLSX_LIMITS.maxCells).toBe(2_000_000);
  });

  test('a row beyond Excel\'s last (A1048577) is refused, not read and written back', async () => {
    const file = put('beyond.xlsx', await oneCellAt('A1048577', 7, { dimension: false }));
    const before = fs.readFileSync(file);
    const r = await run(['recalc', file, '-o', file]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`watt recalc: ${file} cannot be opened: sheet "Sheet1" has a row 1,048,577, beyond Excel's last row (1,048,576).`);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  test('a column beyond XFD, and a dimension beyond Excel\'s sheet, are refused', async () => {
    expect(await verdict(await oneCellAt('XFE1', 7, { dimension: false }), 'wide.xlsx')).toEqual({ reason: 'columns', message: `wide.xlsx cannot be opened: sheet "Sheet1" has a cell (XFE1) in column XFE, beyond Excel's last column (XFD, the 16,384th).` });
    expect(await verdict(await oneCellAt('XFE1'), 'wide.xlsx')).toEqual({ reason: 'columns', message: `wide.xlsx cannot be opened: sheet "Sheet1" has its dimension (XFE1) in column XFE, beyond Excel's last column (XFD, the 16,384th).` });
    expect(await verdict(await oneCellAt('A1048577'), 'tall.xlsx')).toEqual({ reason: 'rows', message: `tall.xlsx cannot be opened: sheet "Sheet1" has its dimension (A1048577) in row 1,048,577, beyond Excel's last row (1,048,576).` });
  });

  test('an array formula over the whole sheet (A1:XFD1048576, 17 billion cells) is refused before a cell is made', async () => {
    const { SHEET_HEAD, withSheetXml } = await import('../helpers/hostile-xlsx');
    const data = await withSheetXml(`${SHEET_HEAD}<sheetData><row r="1"><c r="A1"><f t="array" ref="A1:XFD1048576">1</f><v>1</v></c></row></sheetData></worksheet>`);
    expect(await verdict(data, 'array.xlsx')).toMatchObject({ reason: 'cells', message: expect.stringContaining('has an array formula over A1:XFD1048576, more than 2,000,000 cells') });
  });
});

describe('within Excel\'s sheet: opens at once, however far out the cells are', () => {
  test('cells out to XFD on 2,000 rows (a 22 KB file that exhausted the heap after 2.5 minutes) open and recalculate', async () => {
    const data = await xfdRows(2000);
    const census = await checkXlsxLimits(data, 'xfd.xlsx');
    expect(census.sheets).toEqual([{ name: 'Sheet1', part: 'xl/worksheets/sheet1.xml', cells: 4000, rows: 2000, columns: 16384 }]);
    const read = await readXlsx(data);
    expect(read.problems).toEqual([]);
    expect(read.hf.getCellValue({ sheet: 0, row: 1999, col: 16383 })).toBe(4000); // XFD2000 holds 2 x 2000 (xfdRows)
    const file = put('xfd.xlsx', data);
    const r = await run(['recalc', file, '--json']);
    expect(r.code).toBe(0);
    // Written back whole: the same 4,000 cells out to XFD2000.
    expect((await checkXlsxLimits(fs.readFileSync(JSON.parse(r.out).file))).sheets).toEqual(census.sheets);
  });

  test('one cell at XFD1 and one at A1048576 (Excel\'s corners) are read into the engine', async () => {
    const read = await readXlsx(await oneCellAt('XFD1', 7));
    expect(read.hf.getCellValue({ sheet: 0, row: 0, col: 16383 })).toBe(7);
    const last = await readXlsx(await oneCellAt('A1048576', 8));
    expect(last.problems).toEqual([]);
    expect(last.hf.getCellValue({ sheet: 0, row: 1_048_575, col: 0 })).toBe(8);
  });
});

describe('links to other workbooks', () => {
  test('externalReference: the stored [1] form and the path form; not a table\'s structured reference, not text', () => {
    expect(externalReference('[1]Sheet1!$A$1')).toBe('[1]');
    expect(externalReference("SUM('[2]Data sheet'!A1:A3)*2")).toBe('[2]');
    expect(externalReference("'C:\\models\\[book.xlsx]Sheet1'!A1")).toBe('[book.xlsx]');
    expect(externalReference('SUM(Table1[Amount])')).toBeUndefined();
    expect(externalReference('Table1[[#This Row],[Amount]]')).toBeUndefined();
    expect(externalReference('"[1]Sheet1!A1"&A2')).toBeUndefined();
  });

  test('the reader keeps the cached value 123 (what reads it computes with it) and names the cell once, as a link, not as a problem', async () => {
    const read = await readXlsx(await externalLinkXlsx());
    expect(read.externalLinks).toEqual([{ sheet: 'Sheet1', ref: 'A1', formula: '=[1]Sheet1!$A$1', link: '[1]', cached: 123 }]);
    expect(externalLinkMessage(read.externalLinks[0])).toBe('links to another workbook ([1]): its cached value 123 is kept, not recalculated');
    expect(read.problems).toEqual([]);
    expect(read.hf.getCellValue({ sheet: 0, row: 0, col: 0 })).toBe(123);
    expect(read.hf.getCellValue({ sheet: 0, row: 0, col: 1 })).toBe(246); // B1 = A1*2
  });

  test('a link with no cached value: listed once, as a link left empty', async () => {
    const read = await readXlsx(await externalLinkXlsx({ cached: false }));
    expect(read.externalLinks).toEqual([{ sheet: 'Sheet1', ref: 'A1', formula: '=[1]Sheet1!$A$1', link: '[1]', cached: undefined }]);
    expect(externalLinkMessage(read.externalLinks[0])).toBe('links to another workbook ([1]): no cached value in the file, left empty, not recalculated');
    expect(read.problems).toEqual([]);
    expect(read.hf.getCellValue({ sheet: 0, row: 0, col: 0 })).toBeNull();
  });

  test('watt recalc keeps the formula, its cached value and the link part, and names the cell (plain and --json)', async () => {
    const file = put('linked.xlsx', await externalLinkXlsx());
    const plain = await run(['recalc', file]);
    expect(plain.code).toBe(0);
    expect(plain.out.split('\n')).toEqual([
      `${file.replace(/\.xlsx$/, '.recalc.xlsx')}: 1 of 2 formula cells recalculated (0 with WATT functions), mode watt`,
      '  Sheet1!A1 links to another workbook [1]: left as it was (=[1]Sheet1!$A$1), cached value 123 kept, not recalculated',
    ]);
    const json = JSON.parse((await run(['recalc', file, '--json'])).out);
    expect(json.externalLinks).toEqual([{ sheet: 'Sheet1', ref: 'A1', formula: '=[1]Sheet1!$A$1', link: '[1]', cached: 123 }]);
    // Listed once: not also as a formula left untouched or written as a value.
    expect([json.untouched, json.fallbacks]).toEqual([[], []]);
    const written = fs.readFileSync(json.file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(written as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Sheet1')!;
    expect(ws.getCell('A1').formula).toBe('[1]Sheet1!$A$1');
    expect(ws.getCell('A1').result).toBe(123);
    expect(ws.getCell('B1').result).toBe(246);
    const zip = await JSZip.loadAsync(written);
    expect(await zip.file('xl/externalLinks/externalLink1.xml')?.async('string')).toContain('<v>123</v>');
    expect(await zip.file('xl/externalLinks/_rels/externalLink1.xml.rels')?.async('string')).toContain('C:\\models\\book.xlsx');
    expect(await zip.file('xl/workbook.xml')!.async('string')).toMatch(/<\/sheets><externalReferences><externalReference r:id="(rIdWattLink1)"\/><\/externalReferences>/);
    expect(await zip.file('xl/_rels/workbook.xml.rels')!.async('string')).toContain('Id="rIdWattLink1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"');
    expect(await zip.file('[Content_Types].xml')!.async('string')).toContain('PartName="/xl/externalLinks/externalLink1.xml"');
    // Read again: the link is still a link, still 123.
    expect((await readXlsx(written)).externalLinks).toEqual(json.externalLinks);
  });

  test('LibreOffice reads the recalculated file\'s link: it saves A1 as a link to book.xlsx still, at 123', async () => {
    const file = put('linked-lo.xlsx', await externalLinkXlsx());
    const json = JSON.parse((await run(['recalc', file, '--json'])).out);
    const [saved] = convertWithLibreOffice([json.file], path.join(dir, 'lo'), { recalculate: false });
    const zip = await JSZip.loadAsync(fs.readFileSync(saved));
    const links = Object.keys(zip.files).filter((n) => /^xl\/externalLinks\/_rels\/.*\.rels$/.test(n));
    expect(links.length).toBe(1);
    expect(await zip.file(links[0])!.async('string')).toMatch(/book\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(saved) as unknown as ArrayBuffer);
    const a1 = wb.getWorksheet('Sheet1')!.getCell('A1');
    expect(a1.formula).toMatch(/^\[1\]/);
    expect(a1.result).toBe(123);
  }, 120_000);

  test('recalcXlsx on a file without links leaves the written zip as ExcelJS wrote it', async () => {
    const { data, report } = await recalcXlsx(await baseXlsx(), { mode: 'watt' });
    expect(report.externalLinks).toEqual([]);
    expect(Object.keys((await JSZip.loadAsync(data)).files).some((n) => n.includes('externalLink'))).toBe(false);
  });
});

describe('what is wrong with a file, in one sentence (never the library\'s words)', () => {
  test.each([
    ['not a zip', async () => new TextEncoder().encode('a,b\n1,2\n'), 'not-zip', 'f.xlsx is not an .xlsx workbook: it is not a zip archive (an .xlsx is one), or it is cut short or damaged.'],
    ['an .xls', async () => new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(600).fill(0)]), 'xls', 'f.xlsx is an Excel 97-2003 workbook (.xls), not an .xlsx: open it in Excel or LibreOffice and save it as .xlsx.'],
    ['cut short', async () => (await baseXlsx()).slice(0, 2000), 'not-zip', 'f.xlsx is not an .xlsx workbook: it is not a zip archive (an .xlsx is one), or it is cut short or damaged.'],
    ['a zip without a workbook', async () => { const z = new JSZip(); z.file('a.txt', 'x'); return z.generateAsync({ type: 'uint8array' }); }, 'no-workbook', 'f.xlsx is a zip archive but not an .xlsx workbook: it has no workbook part (xl/workbook.xml).'],
    // ExcelJS: "Cannot read properties of undefined (reading 'date1904')"
    ['an empty workbook part', () => damaged((z) => z.file('xl/workbook.xml', '')), 'damaged', 'f.xlsx is not an .xlsx workbook Watt can read: a part every workbook has (the workbook, its sheets, styles or relationships) is missing or damaged.'],
    ['a sheet listed but missing', () => damaged((z) => z.remove('xl/worksheets/sheet1.xml')), 'damaged', 'f.xlsx is damaged: its sheet "Sheet1" has no contents in the file (the part xl/worksheets/sheet1.xml is missing).'],
    ['malformed sheet XML', () => damaged((z) => z.file('xl/worksheets/sheet1.xml', '<worksheet><sheetData><row><c r="A1"><v>1</v></row></sheetData>')), 'damaged', 'f.xlsx is not an .xlsx workbook Watt can read: one of its XML parts is malformed.'],
  ])('%s', async (_, make, reason, message) => {
    const data = await make();
    expect(await verdict(data, 'f.xlsx')).toEqual({ reason, message });
    const file = put('f.xlsx', data);
    const r = await run(['recalc', file]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`watt recalc: ${message.replace(/^f\.xlsx/, file)}`);
    expect(r.err).not.toMatch(/reading '|Invalid string length|usage:|Error:/);
  });
});

describe('formulas and names the engine refuses (refusedXlsx)', () => {
  // The reader's problems, exactly: the name first (names are read before formulas), then the formula.
  const NAME_PROBLEM = {
    sheet: '',
    ref: 'Price2026',
    kind: 'name',
    formula: '=Sheet1!$A$1',
    what: 'name not taken: Watt\'s engine reads "Price2026" as a cell reference (letters then digits; Excel\'s columns stop at XFD, the engine\'s do not), so it cannot be a name there; the formulas that use it are not recalculated',
  };
  const FORMULA_PROBLEM = {
    sheet: 'Sheet1',
    ref: 'A2',
    kind: 'formula',
    formula: `=${deepFormula()}`,
    cached: 10,
    what: 'formula not taken: it is nested or chained too deeply for Watt\'s engine to read; its cached value 10 is kept, not recalculated',
  };
  // Left as they were, each with why (file order: row 1 is A1, B1).
  const UNTOUCHED = [
    { sheet: 'Sheet1', ref: 'B1', formula: '=SUM(A1:A3)', reason: 'depends on Sheet1!A2, whose formula Watt\'s engine could not take (see problems)' },
    { sheet: 'Sheet1', ref: 'A3', formula: '=A2+1', reason: 'depends on Sheet1!A2, whose formula Watt\'s engine could not take (see problems)' },
    { sheet: 'Sheet1', ref: 'A4', formula: '=FOOBAR(A1)', reason: '#NAME? Function name FOOBAR not recognized.' },
    // IFERROR would turn FOOBAR's #NAME? into 0: a made-up number, so it is left as the file has it.
    { sheet: 'Sheet1', ref: 'A5', formula: '=IFERROR(A4,0)', reason: 'depends on Sheet1!A4, which Watt\'s engine cannot evaluate' },
    { sheet: 'Sheet1', ref: 'A6', formula: '=SUM(Table1[Amount])', reason: '#ERROR! The formula cannot be read: the character "[" at position 12 is not part of a formula.' },
    { sheet: 'Sheet1', ref: 'A7', formula: '=Price2026*2', reason: '#NAME? uses the name Price2026, which Watt\'s engine could not take (see problems)' },
  ];

  test('the reader names the formula and the name; the refused formula enters the engine at its cached value (10), so A3 reads 11, not 1', async () => {
    const read = await readXlsx(await refusedXlsx());
    expect(read.problems).toEqual([NAME_PROBLEM, FORMULA_PROBLEM]);
    expect(read.hf.getCellValue({ sheet: 0, row: 1, col: 0 })).toBe(10); // A2: the file's cached value
    expect(read.hf.getCellValue({ sheet: 0, row: 2, col: 0 })).toBe(11); // A3 = A2+1
    expect(read.hf.getCellValue({ sheet: 0, row: 0, col: 1 })).toBe(26); // B1 = SUM(A1:A3) = 5 + 10 + 11
  });

  test('watt recalc lists each problem and each cell left as it was, counts only A8 as recalculated, and exits 3', async () => {
    const file = put('refused.xlsx', await refusedXlsx());
    const target = file.replace(/\.xlsx$/, '.recalc.xlsx');
    const plain = await run(['recalc', file]);
    expect(plain.code).toBe(3);
    expect(plain.err).toBe('');
    expect(plain.out.split('\n')).toEqual([
      `${target}: 1 of 8 formula cells recalculated (0 with WATT functions), mode watt`,
      `  name Price2026: ${NAME_PROBLEM.what}`,
      `  Sheet1!A2: ${FORMULA_PROBLEM.what}`,
      ...UNTOUCHED.map((u) => `  ${u.sheet}!${u.ref} left as it was: ${u.formula} (${u.reason})`),
    ]);
    const json = await run(['recalc', file, '--json']);
    expect(json.code).toBe(3);
    const report = JSON.parse(json.out);
    expect(report).toMatchObject({ file: target, formulas: 8, updated: 1, fallbacks: [], externalLinks: [] });
    expect(report.problems).toEqual([NAME_PROBLEM, FORMULA_PROBLEM]);
    expect(report.untouched).toEqual(UNTOUCHED);
  });

  test.each(['watt', 'native', 'values'] as const)('--mode %s: every cell written as read (formula and cached value) but A8, recalculated to 15 (3 x A1 = 5)', async (mode) => {
    const { data, report } = await recalcXlsx(await refusedXlsx(), { mode });
    expect(report.problems).toEqual([NAME_PROBLEM, FORMULA_PROBLEM]);
    expect(report.untouched).toEqual(UNTOUCHED);
    expect(report.updated).toBe(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Sheet1')!;
    // As refusedXlsx wrote them: formula and cached value, never the engine's.
    const asRead: [string, string, number][] = [
      ['A2', deepFormula(), 10],
      ['A3', 'A2+1', 11],
      ['A4', 'FOOBAR(A1)', 7],
      ['A5', '_xlfn.IFERROR(A4,0)', 7],
      ['A6', 'SUM(Table1[Amount])', 30],
      ['A7', 'Price2026*2', 10],
      ['B1', 'SUM(A1:A3)', 26],
    ];
    for (const [ref, formula, result] of asRead) expect([ref, ws.getCell(ref).formula, ws.getCell(ref).result, ws.getCell(ref).note]).toEqual([ref, formula, result, undefined]);
    const a8 = ws.getCell('A8');
    if (mode === 'values') expect(a8.value).toBe(15);
    else expect([a8.formula, a8.result]).toEqual(['A1*3', 15]);
    // The refused name is written back as the file had it.
    const zip = await JSZip.loadAsync(data);
    expect(await zip.file('xl/workbook.xml')!.async('string')).toContain('<definedName name="Price2026">Sheet1!$A$1</definedName>');
  });

  test('a name whose definition the engine cannot read (a dynamic OFFSET range, a list of ranges) is refused as a name, and the formulas using it say so', async () => {
    // B1 = SUM(dyn), B2 = SUM(multi), B3 = rate*2 (rate = 0.05, taken), over A1 = 5 and A2 = 6; names as Excel writes them.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.getCell('A1').value = 5;
    ws.getCell('A2').value = 6;
    ws.getCell('B1').value = { formula: 'SUM(dyn)', result: 11 } as ExcelJS.CellFormulaValue;
    ws.getCell('B2').value = { formula: 'SUM(multi)', result: 11 } as ExcelJS.CellFormulaValue;
    ws.getCell('B3').value = { formula: 'rate*2', result: 0 } as ExcelJS.CellFormulaValue;
    const zip = await JSZip.loadAsync(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    const names = '<definedNames><definedName name="dyn">OFFSET(Sheet1!$A$1,0,0,COUNTA(Sheet1!$A:$A),1)</definedName><definedName name="multi">Sheet1!$A$1,Sheet1!$A$2</definedName><definedName name="rate">0.05</definedName></definedNames>';
    zip.file('xl/workbook.xml', (await zip.file('xl/workbook.xml')!.async('string')).replace('</sheets>', `</sheets>${names}`));
    const data = await zip.generateAsync({ type: 'uint8array' });
    const { data: out, report } = await recalcXlsx(data, { mode: 'watt' });
    expect(report.problems).toEqual([
      { sheet: '', ref: 'dyn', kind: 'name', formula: '=OFFSET(Sheet1!$A$1,0,0,COUNTA(Sheet1!$A:$A),1)', what: 'name not taken: Watt\'s engine cannot read its definition, =OFFSET(Sheet1!$A$1,0,0,COUNTA(Sheet1!$A:$A),1): it takes OFFSET only with plain numbers for the offsets and size; the formulas that use it are not recalculated' },
      { sheet: '', ref: 'multi', kind: 'name', formula: '=Sheet1!$A$1,Sheet1!$A$2', what: 'name not taken: Watt\'s engine cannot read its definition, =Sheet1!$A$1,Sheet1!$A$2: a list of ranges, which it does not take; the formulas that use it are not recalculated' },
    ]);
    // Before, each said "#ERROR! The formula cannot be read: its syntax is not Excel's." of itself.
    expect(report.untouched).toEqual([
      { sheet: 'Sheet1', ref: 'B1', formula: '=SUM(dyn)', reason: '#NAME? uses the name dyn, which Watt\'s engine could not take (see problems)' },
      { sheet: 'Sheet1', ref: 'B2', formula: '=SUM(multi)', reason: '#NAME? uses the name multi, which Watt\'s engine could not take (see problems)' },
    ]);
    expect(report.updated).toBe(1);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(out as unknown as ArrayBuffer);
    expect(back.getWorksheet('Sheet1')!.getCell('B3').result).toBe(0.1); // rate*2
    // Every name written back as the file had it.
    expect((await (await JSZip.loadAsync(out)).file('xl/workbook.xml')!.async('string'))).toContain(names);
  });

  test('--mode native: a projection table that reads a refused input is left as the file has it, not made a native block', async () => {
    const input = path.join(dir, 'projection-refused.xlsx');
    expect((await run(['template', 'export', 'projection', '--mode', 'watt', '-o', input])).code).toBe(0);
    const { workbook, names } = await loadXlsx(fs.readFileSync(input));
    const months = names.find((n) => n.name === 'months')!.ranges[0]; // 'Projection'!$B$n
    const sheetName = months.slice(0, months.lastIndexOf('!')).replace(/^'|'$/g, '');
    const monthsRef = months.slice(months.lastIndexOf('!') + 1).replace(/\$/g, '');
    const ws = workbook.getWorksheet(sheetName)!;
    expect(ws.getCell(monthsRef).value).toBe(30); // the template's 30 months
    ws.getCell(monthsRef).value = { formula: deepFormula().replace('A1*2', '30'), result: 30 } as ExcelJS.CellFormulaValue;
    const anchor = TEMPLATES.find((t) => t.id === 'projection')!.sheets[0].cells.find((c) => /^=WATT\.PROJECTION\(/.test(c.formula ?? ''))!.ref;
    const before = ws.getCell(anchor).formula;
    const changed = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);

    const { data, report } = await recalcXlsx(changed, { mode: 'native' });
    expect(report.problems.map((p) => [p.sheet, p.ref, p.kind, p.cached])).toEqual([[sheetName, monthsRef, 'formula', 30]]);
    expect(report.nativeBlocks).toEqual([]);
    expect(report.helperSheet).toBeUndefined();
    expect(report.untouched.find((u) => u.ref === anchor)?.reason).toBe(`depends on ${sheetName}!${monthsRef}, whose formula Watt's engine could not take (see problems)`);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(data as unknown as ArrayBuffer);
    expect(back.worksheets.map((w) => w.name)).toEqual([sheetName]);
    expect(back.getWorksheet(sheetName)!.getCell(anchor).formula).toBe(before);
  });

  test('an array formula the engine refuses keeps its whole block at the cached values, and what reads any of its cells is left as it was', async () => {
    const { SHEET_HEAD, withSheetXml } = await import('../helpers/hostile-xlsx');
    // A1:A2 = {=((...ROW(1:2)...))} cached 1 and 2; B2 = A2*10 cached 20 (reads the block's second cell); C1 = 1+1 cached 0.
    const f = deepFormula().replace('A1*2', 'ROW(1:2)');
    const data = await withSheetXml(`${SHEET_HEAD}<sheetData><row r="1"><c r="A1"><f t="array" ref="A1:A2">${f}</f><v>1</v></c><c r="C1"><f>1+1</f><v>0</v></c></row><row r="2"><c r="A2"><v>2</v></c><c r="B2"><f>A2*10</f><v>20</v></c></row></sheetData></worksheet>`);
    const read = await readXlsx(data);
    expect(read.problems.map((p) => [p.ref, p.kind, p.cached])).toEqual([['A1', 'formula', 1]]);
    expect(read.hf.getCellValue({ sheet: 0, row: 1, col: 0 })).toBe(2); // A2: the block's cached value
    expect(read.hf.getCellValue({ sheet: 0, row: 1, col: 1 })).toBe(20); // B2 = A2*10
    const { data: out, report } = await recalcXlsx(data, { mode: 'watt' });
    // Named by the block's anchor, the cell holding the formula.
    expect(report.untouched).toEqual([{ sheet: 'Sheet1', ref: 'B2', formula: '=A2*10', reason: 'depends on Sheet1!A1, whose formula Watt\'s engine could not take (see problems)' }]);
    expect(report.updated).toBe(1); // C1
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Sheet1')!;
    expect([ws.getCell('A1').formula, ws.getCell('A1').result, ws.getCell('A2').value, ws.getCell('B2').result, ws.getCell('C1').result]).toEqual([f, 1, 2, 20, 2]);
  });
});

describe('a long chain of operators (=1+1+…, legal in Excel) is one cell the engine refuses, not a file refused', () => {
  test('formulaDepth: a chain counts its operators plus its deepest operand; a parenthesis or call one more than its deepest argument', () => {
    expect(formulaDepth('=1+1+1')).toBe(2);
    expect(formulaDepth('=SUM(A1*B1,A2*B2,A3*B3)')).toBe(2); // each argument afresh: 1, then the call
    expect(formulaDepth('=1+(1+(1+1))')).toBe(5); // 1 + (1 + (1 + 1) + 1) + 1
    expect(formulaDepth('=("a+b+c"&1)+2')).toBe(3); // the text's + are not operators: 1 + (1 + 1)
    expect(formulaDepth("='a-b'!A1+1")).toBe(1); // nor a quoted sheet name's -
    expect(formulaDepth(`=${Array(3000).fill('1').join('+')}`)).toBe(2999);
    expect(formulaDepth(`=${deepFormula(3)}`)).toBe(4); // (((A1*2))): 1 + 3
  });

  test('should the engine still run out of stack on a file, the file is said to hold too deep a formula, not to be damaged', () => {
    const e = plainReadError(new RangeError('Maximum call stack size exceeded'), 'f.xlsx');
    expect([e.reason, e.message]).toEqual(['formula-depth', 'f.xlsx holds a formula nested or chained too deeply for Watt\'s engine to evaluate; nothing was read.']);
  });

  const chainXlsx = async (terms: number) => {
    const { SHEET_HEAD, withSheetXml } = await import('../helpers/hostile-xlsx');
    const chain = Array(terms).fill('1').join('+');
    // A1 = 1+1+…+1 cached at its value; A2 = A1*2 cached; A3 = 2+2 cached stale at 0.
    return withSheetXml(`${SHEET_HEAD}<sheetData><row r="1"><c r="A1"><f>${chain}</f><v>${terms}</v></c></row><row r="2"><c r="A2"><f>A1*2</f><v>${2 * terms}</v></c></row><row r="3"><c r="A3"><f>2+2</f><v>0</v></c></row></sheetData></worksheet>`);
  };

  test(`a chain at the limit (${MAX_FORMULA_DEPTH} levels) is taken and evaluated`, async () => {
    const read = await readXlsx(await chainXlsx(MAX_FORMULA_DEPTH + 1));
    expect(read.problems).toEqual([]);
    expect(read.hf.getCellValue({ sheet: 0, row: 0, col: 0 })).toBe(MAX_FORMULA_DEPTH + 1); // 1,001 ones
  });

  test('3,000 terms (5,999 characters, within Excel\'s 8,192): named, kept at its cached value, the rest recalculated (the file was refused as damaged before)', async () => {
    const data = await chainXlsx(3000);
    const read = await readXlsx(data);
    const what = 'formula not taken: it is 2,999 levels deep (each operator of a chain such as 1+1+1 is one), more than Watt\'s engine evaluates (1,000); its cached value 3000 is kept, not recalculated';
    expect(read.problems.map(({ sheet, ref, kind, cached, what }) => ({ sheet, ref, kind, cached, what }))).toEqual([{ sheet: 'Sheet1', ref: 'A1', kind: 'formula', cached: 3000, what }]);
    const file = put('chain.xlsx', data);
    const r = await run(['recalc', file, '--json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.out);
    expect(report.updated).toBe(1); // A3
    expect(report.untouched).toEqual([{ sheet: 'Sheet1', ref: 'A2', formula: '=A1*2', reason: 'depends on Sheet1!A1, whose formula Watt\'s engine could not take (see problems)' }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(report.file) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Sheet1')!;
    expect([ws.getCell('A1').formula?.length, ws.getCell('A1').result, ws.getCell('A2').result, ws.getCell('A3').result]).toEqual([5999, 3000, 6000, 4]);
  });
});

describe('a range as large as the sheet (=SUM(A1:XFD1048576): 4 GB and 70 s in the engine, then a crash) is bounded', () => {
  const extents = new Map([
    ['sheet1', { rows: 100, columns: 6 }],
    ['my data', { rows: 300_000, columns: 3 }],
  ]);
  const measure = (formula: string) => rangeReferences(formula, 'Sheet1', extents).map((r) => [r.text, r.kind, r.engine, r.cells]);

  test('rangeReferences: an explicit block costs its cells; whole columns (rows) their count times the sheet\'s used rows (columns); written-out whole columns and rows take the engine\'s form', () => {
    expect(measure('=SUM(A:A)+SUM(B2:C11)')).toEqual([
      ['A:A', 'columns', 'A:A', 100],
      ['B2:C11', 'cells', 'B2:C11', 20],
    ]);
    // Whole columns written out (as Excel stores A:A in some files), in either order, keeping each $.
    expect(measure('=SUMPRODUCT($A$1:$A$1048576,B1048576:B1)')).toEqual([
      ['$A$1:$A$1048576', 'columns', '$A:$A', 100],
      ['B1048576:B1', 'columns', 'B:B', 100],
    ]);
    expect(measure('=SUM(A1:XFD1)+SUM(3:4)')).toEqual([
      ['A1:XFD1', 'rows', '1:1', 6],
      ['3:4', 'rows', '3:4', 12],
    ]);
    // The whole sheet: as columns (16,384 x 100 used rows) rather than rows (1,048,576 x 6 used columns).
    expect(measure('=SUM(A1:XFD1048576)')).toEqual([['A1:XFD1048576', 'columns', 'A:XFD', 16_384 * 100]]);
    // Another sheet's extent; text in quotes is not a range; nor a function's name or a 3-D reference.
    expect(measure("=SUMIFS('My data'!C:C,'My data'!A:A,\"A1:B1048576\")&LOG10(A1)")).toEqual([
      ["'My data'!C:C", 'columns', 'C:C', 300_000],
      ["'My data'!A:A", 'columns', 'A:A', 300_000],
    ]);
    expect(measure('=SUM(Sheet1:Sheet3!A1:B2)')).toEqual([]);
  });

  test(`boundRanges: the engine's text, or the range named against the limits (${MAX_RANGE_CELLS.toLocaleString('en-US')} cells a range, ${MAX_RANGE_CELLS_TOTAL.toLocaleString('en-US')} all together)`, () => {
    const budget = { seen: new Set<string>(), cells: 0 };
    expect(boundRanges("=SUM($A$1:$A$1048576)+'My data'!A1", 'Sheet1', extents, budget).engine).toBe("=SUM($A:$A)+'My data'!A1");
    expect(boundRanges("=SUM('My data'!$A$1:$A$1048576)", 'Sheet1', extents, budget).engine).toBe("=SUM('My data'!$A:$A)");
    expect(budget.cells).toBe(100 + 300_000); // A:A of Sheet1 (100 used rows), A:A of My data (300,000)
    expect(boundRanges('=SUM(B2:B1048576)', 'Sheet1', extents, budget).refused).toBe("its range B2:B1048576 spans 1,048,575 cells, more than Watt's engine takes in one range (500,000 cells)");
    expect(boundRanges("=SUM('My data'!D:E)", 'Sheet1', extents, budget).refused).toBe(
      "its range 'My data'!D:E spans 2 whole columns over the sheet's 300,000 used rows: 600,000 cells, more than Watt's engine takes in one range (500,000 cells)",
    );
    // A range already taken counts once; new ones add up to the file's limit.
    expect(boundRanges("=MAX('my data'!a:a)", 'Sheet1', extents, budget).engine).toBe("=MAX('my data'!a:a)");
    for (const c of ['C1:C400000', 'D1:D400000', 'E1:E400000', 'F1:F400000']) expect(boundRanges(`=SUM(${c})`, 'Sheet1', extents, budget).refused).toBeUndefined();
    expect(budget.cells).toBe(1_900_100);
    expect(boundRanges('=SUM(G1:G400000)', 'Sheet1', extents, budget).refused).toBe("its ranges (G1:G400000: 400,000 cells) would take the ranges of the file's formulas together over 2,000,000 cells, Watt's engine's limit");
  });

  test('the engine reads a whole column only down to the last used row: a formula that may count its empty cells is not taken', () => {
    // HyperFormula 3.5 on A1..A100 = 1..100: Excel counts 1,048,476 empty cells of A:A (1,048,576 - 100).
    const hf = createEngine();
    const sheet = hf.getSheetId(hf.addSheet('Sheet1'))!;
    hf.setCellContents({ sheet, row: 0, col: 0 }, Array.from({ length: 100 }, (_, i) => [i + 1]));
    hf.setCellContents({ sheet, row: 0, col: 2 }, [['=COUNTBLANK(A:A)'], ['=COUNTIF(A:A,"<>1")']]);
    expect([hf.getCellValue({ sheet, row: 0, col: 2 }), hf.getCellValue({ sheet, row: 1, col: 2 })]).toEqual([0, 99]); // Excel: 1,048,476 and 1,048,575
    hf.destroy();
    const reader = (f: string) => blankReader(f, rangeReferences(f, 'Sheet1', extents))?.text;
    for (const f of ['=COUNTBLANK(A:A)', '=COUNTIF(A:A,"")', '=COUNTIFS(B:B,">1",A:A,"<>x")', '=COUNTIF(A:A,D1)', '=SUMPRODUCT((A:A="")*1)', '=SUMPRODUCT(1-A1:A1048576)', '=SUMPRODUCT(--ISBLANK(3:3))'])
      expect([f, reader(f)]).toEqual([f, /\b(A:A|A1:A1048576|3:3)\b/.exec(f)![1]]);
    for (const f of ['=SUM(A:A)', '=SUMIFS(C:C,A:A,">50")', '=COUNTIF(A:A,">5")+COUNTIFS(B:B,"x",A:A,3)', '=SUMPRODUCT(A:A,B:B)', '=SUMPRODUCT(A:A*B:B)', '=COUNTA(A:A)-1', '=VLOOKUP(5,A:C,2,FALSE)', '=COUNTBLANK(A1:A9)', '=COUNTIFS(A1:A9,"",B:B,">1")'])
      expect([f, reader(f)]).toEqual([f, undefined]);
    expect(boundRanges('=COUNTBLANK($A$1:$A$1048576)', 'Sheet1', extents, { seen: new Set(), cells: 0 }).refused).toBe(
      "it may count the empty cells of a whole column ($A$1:$A$1048576: COUNTBLANK, ISBLANK, COUNTIF with a criterion that can match an empty cell, or a comparison), and Watt's engine reads a whole column only down to the sheet's last used row (100), so it would miss those beyond",
    );
  });

  const WHOLE_SHEET = {
    sheet: 'Sheet1',
    ref: 'C1',
    kind: 'formula',
    formula: '=SUM(A1:XFD1048576)',
    cached: 5250,
    what: "formula not taken: its range A1:XFD1048576 spans the whole sheet, which Watt's engine holds as 16,384 whole columns over the sheet's 100 used rows: 1,638,400 cells, more than Watt's engine takes in one range (500,000 cells); its cached value 5250 is kept, not recalculated",
  };
  const ALMOST_COLUMNS = {
    sheet: 'Sheet1',
    ref: 'C5',
    kind: 'formula',
    formula: '=SUMPRODUCT(D1:D1048575,E1:E1048575)',
    cached: 0,
    what: "formula not taken: its range D1:D1048575 spans 1,048,575 cells, more than Watt's engine takes in one range (500,000 cells); its cached value 0 is kept, not recalculated",
  };

  test('the reader: the whole-sheet SUM and a SUMPRODUCT over two columns but their last row are named; whole columns (written out or A:A) are computed', async () => {
    const before = process.memoryUsage().rss;
    const read = await readXlsx(await hugeRangeXlsx(), undefined, { file: 'huge.xlsx' });
    expect(read.problems).toEqual([WHOLE_SHEET, ALMOST_COLUMNS]);
    const value = (ref: string) => read.hf.getCellValue({ sheet: 0, row: Number(ref.slice(1)) - 1, col: 2 });
    expect(value('C1')).toBe(5250); // cached, kept
    expect(value('C2')).toBe(10100); // SUMPRODUCT of 1..100 and 2s: 2 x 5,050
    expect(value('C3')).toBe(5050); // SUM(A:A) = 1 + ... + 100 (the file cached a stale 0)
    expect(value('C4')).toBe(100); // SUMIFS(B:B, A:A, ">50"): 50 rows (51..100) of 2
    expect(value('C6')).toBe(5251); // C1 + 1, from the cached 5250
    // The engine holds whole columns as A:A: the reader's engine text; the file's text is kept (below).
    expect(read.hf.getCellFormula({ sheet: 0, row: 1, col: 2 })).toBe('=SUMPRODUCT($A:$A,$B:$B)');
    // Bounded: the whole sheet took more than 4 GB before; a few MB now (no timing asserted).
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 2 ** 20);
  });

  test('a cell with a format alone far down (A900000) makes no used row: whole columns are measured by the cells holding something', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await hugeRangeXlsx()) as unknown as ArrayBuffer);
    wb.getWorksheet('Sheet1')!.getCell('A900000').numFmt = '0.00';
    const data = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    expect((await loadXlsx(data)).workbook.getWorksheet('Sheet1')!.getCell('A900000').numFmt).toBe('0.00'); // the file holds it
    const read = await readXlsx(data);
    expect(read.problems.map((p) => p.ref)).toEqual(['C1', 'C5']);
    expect(read.problems[0].what).toContain("over the sheet's 100 used rows");
    expect(read.hf.getCellValue({ sheet: 0, row: 1, col: 2 })).toBe(10100); // SUMPRODUCT over A:A and B:B, 100 rows
  });

  test('watt recalc names both, leaves them and C6 (which reads C1) as the file has them, recalculates C2..C4, and exits 3', async () => {
    const file = put('huge.xlsx', await hugeRangeXlsx());
    const r = await run(['recalc', file, '--json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ formulas: 6, updated: 3 });
    expect(report.problems).toEqual([WHOLE_SHEET, ALMOST_COLUMNS]);
    expect(report.untouched).toEqual([{ sheet: 'Sheet1', ref: 'C6', formula: '=C1+1', reason: "depends on Sheet1!C1, whose formula Watt's engine could not take (see problems)" }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(report.file) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Sheet1')!;
    // Every formula as the file wrote it; C2..C4 with fresh values, the others with the file's.
    expect(['C1', 'C2', 'C3', 'C4', 'C5', 'C6'].map((ref) => [ref, ws.getCell(ref).formula, ws.getCell(ref).result])).toEqual([
      ['C1', 'SUM(A1:XFD1048576)', 5250],
      ['C2', 'SUMPRODUCT($A$1:$A$1048576,$B$1:$B$1048576)', 10100],
      ['C3', 'SUM(A:A)', 5050],
      ['C4', 'SUMIFS(B:B,A:A,">50")', 100],
      ['C5', 'SUMPRODUCT(D1:D1048575,E1:E1048575)', 0],
      ['C6', 'C1+1', 5251],
    ]);
  });

  test('a defined name over the whole sheet is a name not taken, named with its range', async () => {
    const zip = await JSZip.loadAsync(await hugeRangeXlsx());
    const workbook = await zip.file('xl/workbook.xml')!.async('string');
    zip.file('xl/workbook.xml', workbook.replace('</sheets>', '</sheets><definedNames><definedName name="Everything">Sheet1!$A$1:$XFD$1048576</definedName><definedName name="Amounts">Sheet1!$A$1:$A$1048576</definedName></definedNames>'));
    const data = await zip.generateAsync({ type: 'uint8array' });
    const read = await readXlsx(data);
    expect(read.problems.filter((p) => p.kind === 'name').map((p) => [p.ref, p.what])).toEqual([
      ['Everything', "name not taken: its range Sheet1!$A$1:$XFD$1048576 spans the whole sheet, which Watt's engine holds as 16,384 whole columns over the sheet's 100 used rows: 1,638,400 cells, more than Watt's engine takes in one range (500,000 cells); the formulas that use it are not recalculated"],
    ]);
    expect(read.hf.getNamedExpressionFormula('Amounts')).toBe('=Sheet1!$A:$A');
    // Both written back as the file has them (ExcelJS's own per-cell map of names never holds them).
    const written = await JSZip.loadAsync((await recalcXlsx(data, { mode: 'watt' })).data);
    const names = await written.file('xl/workbook.xml')!.async('string');
    expect(names).toContain('<definedName name="Everything">Sheet1!$A$1:$XFD$1048576</definedName>');
    expect(names).toContain('<definedName name="Amounts">Sheet1!$A$1:$A$1048576</definedName>');
  });
});
