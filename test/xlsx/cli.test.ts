/**
 * `watt template export` and `watt recalc`: files written, --json summaries, exit 2 on misuse, and a
 * workbook as Excel saves one (WATT calls as _xldudf_WATT_X, stale cached values, a function the engine
 * lacks) recalculated with everything else left as it was. LibreOffice-written files: libreoffice.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { runCli as run } from '../helpers/cli';
import * as mining from '../../src/core/mining';
import { readXlsx, loadXlsx } from '../../src/xlsx';
import { setDefinedNames } from '../../src/xlsx/names';
import { TEMPLATES } from '../../src/templates';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watt-cli-xlsx-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => path.join(dir, name);

describe('watt template export', () => {
  test('--set and --mode native: the file holds the scenario, computed natively; --json says what was written', async () => {
    const target = file('km.xlsx');
    const { code, out } = await run(['template', 'export', 'keep-mining', '--set', 'btc_price=100000', '--set', 'fees=0.05', '--mode', 'native', '-o', target, '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(out);
    expect(summary).toMatchObject({ template: 'keep-mining', file: target, mode: 'native', set: { btc_price: '100000', fees: '0.05' }, fallbacks: [] });
    expect(summary.sheets[0]).toMatchObject({ name: 'Keep mining', nativeFormulas: expect.any(Number) });
    expect(summary.bytes).toBe(fs.statSync(target).size);
    const { workbook, names } = await loadXlsx(fs.readFileSync(target));
    const ws = workbook.getWorksheet('Keep mining')!;
    const cell = (name: string) => ws.getCell(names.find((n) => n.name === name)!.ranges[0].split('!')[1].replace(/\$/g, ''));
    expect(cell('btc_price').value).toBe(100000);
    expect(cell('hashprice').formula).not.toMatch(/WATT/);
    expect(cell('hashprice').result).toBeCloseTo(mining.hashprice(100000, cell('network_hashrate').value as number, 0.05, 3.125) as number, 9);
  });

  test.each(TEMPLATES.map((t) => [t.id]))('%s: every mode writes a file (plain output names the file)', async (id) => {
    for (const mode of ['watt', 'native', 'values']) {
      const target = file(`${id}-${mode}.xlsx`);
      const { code, out } = await run(['template', 'export', id, '--mode', mode, '-o', target]);
      expect(code).toBe(0);
      expect(out).toMatch(new RegExp(`^${target.replace(/[.\\/]/g, '\\$&')}: template ${id}, mode ${mode}`));
      expect(fs.statSync(target).size).toBeGreaterThan(1000);
    }
  }, 180_000); // three inserts of the template (the risk template simulates thousands of paths each time)

  test.each([
    [['template', 'export', 'keep-mining'], /-o FILE.xlsx is required/],
    [['template', 'export', 'keep-mining', '-o', 'x.csv'], /must be an .xlsx file/],
    [['template', 'export', 'nope', '-o', 'x.xlsx'], /unknown template "nope"; templates: keep-mining/],
    [['template', 'export', 'keep-mining', '--mode', 'excel', '-o', 'x.xlsx'], /--mode must be one of watt, native, values/],
    [['template', 'export', 'keep-mining', '--set', 'price=1', '-o', 'x.xlsx'], /unknown input "price" in keep-mining; inputs: site_mw, efficiency/],
    [['template', 'export', 'keep-mining', '--set', 'btc_price=lots', '-o', 'x.xlsx'], /--set btc_price: "lots" is not a number/],
    [['template', 'export', 'keep-mining', '--set', 'btc_price', '-o', 'x.xlsx'], /--set expects NAME=VALUE/],
  ])('%j: exit 2 with a message', async (args, message) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});

/** A workbook as Excel saves one with the add-in: _xldudf_ spellings, stale cached values, a sheet-scoped name, styles. */
async function excelLikeWorkbook(target: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Model');
  ws.getCell('A1').value = 'BTC price';
  ws.getCell('B1').value = 90000;
  ws.getCell('B1').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
  ws.getCell('B2').value = 1100;
  ws.getCell('B3').value = 46023;
  ws.getCell('B3').numFmt = 'yyyy-mm-dd';
  ws.getCell('B4').value = 3000000000;
  ws.getCell('B4').numFmt = '$#,##0.0,,\\M'; // LibreOffice's spelling of "M": ExcelJS takes it for a date format
  ws.getCell('C1').value = { formula: '_xldudf_WATT_HASHPRICE(price,B2,0.02)', result: 1 }; // stale value
  ws.getCell('C2').value = { formula: 'WATT.HASHVALUE(B2)', result: 2 }; // the plain spelling a script might write
  ws.getCell('C3').value = { formula: 'FOOBAR(1)', result: 42 }; // a function the engine lacks
  ws.getCell('C4').value = { formula: 'C1*2', result: 3 };
  ws.getCell('C5').value = { formula: '_xlfn.IFNA(C1,0)', result: 4 };
  ws.getColumn(1).width = 30;
  setDefinedNames(wb, [{ name: 'price', ranges: ['Model!$B$1'], localSheetId: 0 }]);
  fs.writeFileSync(target, new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
}

describe('watt recalc', () => {
  const hashprice = mining.hashprice(90000, 1100, 0.02, 3.125) as number;

  test('fresh cached values, Excel spellings, unknown functions reported and left as they were, the rest untouched', async () => {
    const input = file('excel.xlsx');
    await excelLikeWorkbook(input);
    const before = fs.readFileSync(input);
    const { code, out } = await run(['recalc', input, '--json']);
    expect(code).toBe(3); // written, but C3 keeps the file's value (docs/cli.md)
    const report = JSON.parse(out);
    const target = input.replace(/\.xlsx$/, '.recalc.xlsx');
    expect(report).toMatchObject({ input, file: target, mode: 'watt', formulas: 5, wattFormulas: 2, updated: 4 });
    expect(report.untouched).toEqual([{ sheet: 'Model', ref: 'C3', formula: '=FOOBAR(1)', reason: expect.stringMatching(/^#NAME\?/) }]);
    expect(fs.readFileSync(input).equals(before)).toBe(true); // the input is never overwritten without -o

    const { workbook, names } = await loadXlsx(fs.readFileSync(target));
    const ws = workbook.getWorksheet('Model')!;
    expect(ws.getCell('C1').formula).toBe('_xldudf_WATT_HASHPRICE(price,B2,0.02)');
    expect(ws.getCell('C1').result).toBeCloseTo(hashprice, 9);
    expect(ws.getCell('C2').formula).toBe('_xldudf_WATT_HASHVALUE(B2)');
    expect(ws.getCell('C3').formula).toBe('FOOBAR(1)');
    expect(ws.getCell('C3').result).toBe(42);
    expect(ws.getCell('C4').result).toBeCloseTo(2 * hashprice, 9);
    expect(ws.getCell('C5').formula).toBe('_xlfn.IFNA(C1,0)');
    expect(ws.getCell('C5').result).toBeCloseTo(hashprice, 9);
    // Everything else as it was: values to the last digit, formats, fills, widths, the scoped name.
    expect(ws.getCell('B3').value).toBe(46023);
    expect(ws.getCell('B3').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('B4').value).toBe(3000000000);
    expect((ws.getCell('B1').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFF2CC');
    expect(ws.getColumn(1).width).toBe(30);
    expect(names).toEqual([{ name: 'price', ranges: ['Model!$B$1'], localSheetId: 0 }]);
  });

  test('--mode values -o OUT: numbers only, each formula in a note; plain output lists what was left', async () => {
    const input = file('excel2.xlsx');
    await excelLikeWorkbook(input);
    const target = file('values.xlsx');
    const { code, out } = await run(['recalc', input, '-o', target, '--mode', 'values']);
    expect(code).toBe(3);
    expect(out).toMatch(/4 of 5 formula cells recalculated \(2 with WATT functions\), mode values/);
    expect(out).toMatch(/Model!C3 left as it was: =FOOBAR\(1\)/);
    const ws = (await loadXlsx(fs.readFileSync(target))).workbook.getWorksheet('Model')!;
    expect(ws.getCell('C1').value).toBeCloseTo(hashprice, 9);
    expect(ws.getCell('C1').note).toMatch(/Formula: =WATT.HASHPRICE\(price, B2, 0.02\)/);
  });

  test('--mode native: WATT calls become Excel formulas', async () => {
    const input = file('excel3.xlsx');
    await excelLikeWorkbook(input);
    const target = file('native.xlsx');
    expect((await run(['recalc', input, '-o', target, '--mode', 'native'])).code).toBe(3); // C3 (FOOBAR) left as it was
    const ws = (await loadXlsx(fs.readFileSync(target))).workbook.getWorksheet('Model')!;
    expect(ws.getCell('C1').formula).toMatch(/^\(IF\(OR\(NOT\(ISNUMBER\(price\)\)/);
    expect(ws.getCell('C1').result).toBeCloseTo(hashprice, 9);
  });

  test('--mode native on a watt file of the projection: the table becomes a formula block, its totals read it, and the file computes the same numbers', async () => {
    const input = file('projection-watt.xlsx');
    expect((await run(['template', 'export', 'projection', '--mode', 'watt', '-o', input])).code).toBe(0);
    const target = file('projection-native.xlsx');
    const { code, out } = await run(['recalc', input, '-o', target, '--mode', 'native', '--json']);
    expect(code).toBe(0);
    const anchorRef = TEMPLATES.find((t) => t.id === 'projection')!.sheets[0].cells.find((c) => /^=WATT\.PROJECTION\(/.test(c.formula ?? ''))!.ref;
    expect(JSON.parse(out)).toMatchObject({ mode: 'native', fallbacks: [], untouched: [], nativeBlocks: [`Projection!${anchorRef}`], helperSheet: 'Watt native' });
    const plain = await run(['recalc', input, '-o', file('projection-native2.xlsx'), '--mode', 'native']);
    expect(plain.out).toContain(`Projection!${anchorRef}: written as native formula blocks; the inputs they read are checked on the sheet "Watt native"`);
    const before = await readXlsx(fs.readFileSync(input));
    const after = await readXlsx(fs.readFileSync(target));
    expect(after.workbook.worksheets.map((w) => w.name)).toEqual(['Projection', 'Watt native']);
    const ws = after.workbook.getWorksheet('Projection')!;
    const anchor = TEMPLATES.find((t) => t.id === 'projection')!.sheets[0].cells.find((c) => /^=WATT\.PROJECTION\(/.test(c.formula ?? ''))!.ref;
    expect(ws.getCell(`I${Number(anchor.slice(1)) + 1}`).formula).toMatch(/^IF\('Watt native'!/); // btc_mined, month 1
    // The engine evaluates the native file (no WATT function in it) to the watt file's numbers.
    const a = before.hf.getSheetValues(before.hf.getSheetId('Projection')!);
    const b = after.hf.getSheetValues(after.hf.getSheetId('Projection')!);
    let compared = 0;
    a.forEach((row, r) => row.forEach((v, c) => {
      if (typeof v !== 'number') return;
      compared++;
      expect(Math.abs((b[r][c] as number) - v)).toBeLessThanOrEqual(1e-12 * Math.abs(v));
    }));
    expect(compared).toBeGreaterThan(30 * 12);
  });

  test.each([
    [['recalc'], /expected one input file/],
    [['recalc', 'a.xlsx', 'b.xlsx'], /expected one input file/],
    [['recalc', 'x.xlsx', '--mode', 'xml'], /--mode must be one of/],
    // -o must name an .xlsx, as for template export (nothing is read or written)
    [['recalc', 'x.xlsx', '-o', 'out.txt'], /the output must be an \.xlsx file \(got out\.txt\)/],
  ])('%j: misuse, exit 2 with the usage line', async (args, message) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).toMatch(/usage: watt recalc/);
  });

  // A file that cannot be read is not misuse: exit 1, one sentence naming the file, no usage line.
  test.each([
    [['recalc', '/nonexistent/in.xlsx'], /^watt recalc: cannot read \/nonexistent\/in.xlsx: no such file$/],
    [['recalc', __filename], /^watt recalc: .*cli\.test\.ts is not an \.xlsx workbook: it is not a zip archive/],
    [['recalc', os.tmpdir()], /it is a folder/],
  ])('%j: exit 1, no usage line', async (args, message) => {
    const { code, err } = await run(args);
    expect(code).toBe(1);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/usage:/);
  });
});
