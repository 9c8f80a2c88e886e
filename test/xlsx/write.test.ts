/**
 * The .xlsx writer and reader, read back with ExcelJS (no spreadsheet application: that is
 * libreoffice.test.ts). Every template in every mode: cached values equal the engine's, WATT calls in
 * Excel's saved spelling (watt) or none at all (native, values), names with their sheet scope, formats,
 * input styles, widths, frozen panes, notes; and a file read back computes the same numbers.
 */
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { createEngine } from '../../src/engine/engine';
import { insertTemplate, TEMPLATES } from '../../src/templates';
import { cellRef, parseRef } from '../../src/templates/plan';
import { dateToSerial, loadXlsx, MODES, readXlsx, writeXlsx, XlsxMode } from '../../src/xlsx';
import { plainCell } from '../../src/engine/evaluate';
import { STYLES } from '../../src/templates/styles';
import type { CellStyle } from '../../src/templates/types';

async function inserted(ids: string[]): Promise<EngineTemplateAdapter> {
  const adapter = new EngineTemplateAdapter();
  for (const id of ids) await insertTemplate(TEMPLATES.find((t) => t.id === id)!, adapter);
  return adapter;
}

/** A cell's value as the file holds it: numbers (dates as serials), text, booleans, {error}. */
function fileCell(cell: ExcelJS.Cell): unknown {
  const v = cell.type === ExcelJS.ValueType.Formula ? cell.result : cell.value;
  if (v instanceof Date) return dateToSerial(v);
  if (v && typeof v === 'object' && 'error' in v) return { error: (v as { error: string }).error };
  return v ?? null;
}

function sameValue(engine: unknown, file: unknown): boolean {
  const e = plainCell(engine);
  if (e !== null && typeof e === 'object') return typeof file === 'object' && file !== null && 'error' in file;
  if (typeof e === 'number') return typeof file === 'number' && Math.abs(file - e) <= 1e-12 * Math.max(1, Math.abs(e));
  return (e ?? '') === (file ?? '');
}

describe.each(TEMPLATES.map((t) => [t.id]))('%s', (id) => {
  let adapter: EngineTemplateAdapter;
  const files = new Map<XlsxMode, Uint8Array>();
  beforeAll(async () => {
    adapter = await inserted([id]);
    for (const mode of MODES) files.set(mode, (await writeXlsx(adapter, { mode })).data);
  });

  test.each(MODES.map((m) => [m]))('%s mode: every cell the engine computed is in the file with its value', async (mode) => {
    const { workbook } = await loadXlsx(files.get(mode)!);
    for (const name of adapter.hf.getSheetNames()) {
      const ws = workbook.getWorksheet(name)!;
      const sheet = adapter.hf.getSheetId(name)!;
      const { height, width } = adapter.hf.getSheetDimensions(sheet);
      for (let r = 0; r < height; r++) {
        for (let c = 0; c < width; c++) {
          const v = adapter.hf.getCellValue({ sheet, row: r, col: c });
          if (v === null) continue;
          const cell = ws.getCell(cellRef(r, c));
          if (!sameValue(v, fileCell(cell))) throw new Error(`${mode} ${name}!${cellRef(r, c)}: engine ${JSON.stringify(plainCell(v))}, file ${JSON.stringify(fileCell(cell))}`);
          const formula = adapter.hf.getCellFormula({ sheet, row: r, col: c });
          // Every formula cell carries its cached value (ExcelJS reads an empty text result as undefined).
          if (formula && cell.type === ExcelJS.ValueType.Formula && v !== '') expect(cell.result).not.toBeUndefined();
        }
      }
    }
  });

  test('watt mode writes WATT calls as Excel saves them (_xldudf_WATT_X), native and values none', async () => {
    const sheetXml = async (mode: XlsxMode) => {
      // Every sheet of the file (a template's WATT calls may sit on its second sheet: project-finance's inputs come first).
      const zip = await JSZip.loadAsync(files.get(mode)!);
      const sheets = Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f)).sort();
      return (await Promise.all(sheets.map((f) => zip.file(f)!.async('string')))).join('\n');
    };
    const watt = await sheetXml('watt');
    const uses = TEMPLATES.find((t) => t.id === id)!.sheets.some((s) => s.cells.some((c) => /WATT\./.test(c.formula ?? '')));
    if (uses) expect(watt).toMatch(/<f[^>]*>[^<]*_xldudf_WATT_[A-Z]+\(/);
    expect(watt).not.toMatch(/<f[^>]*>[^<]*(?<!_)WATT\./);
    for (const mode of ['native', 'values'] as const) expect(await sheetXml(mode)).not.toMatch(/<f[^>]*>[^<]*WATT[._]/i);
    expect(await sheetXml('values')).not.toMatch(/<f[ >]/);
  });

  test('names (sheet-scoped), formats, input styles, widths, frozen panes and notes survive', async () => {
    const template = TEMPLATES.find((t) => t.id === id)!;
    const { workbook, names } = await loadXlsx(files.get('native')!);
    const sheet = template.sheets[0];
    const ws = workbook.worksheets[0];
    const named = sheet.cells.filter((c) => c.name);
    expect(names.filter((n) => n.localSheetId === 0).map((n) => n.name).sort()).toEqual(named.map((c) => c.name!).sort());
    const unquoted = (ref: string) => ref.replace(/^'(.*)'!/, '$1!');
    for (const c of named) expect(unquoted(names.find((n) => n.name === c.name)!.ranges[0])).toBe(`${sheet.title}!$${c.ref.replace(/\d+$/, '')}$${c.ref.replace(/^[A-Z]+/, '')}`);
    for (const c of sheet.cells) {
      const cell = ws.getCell(c.ref);
      if (c.format) expect(cell.numFmt).toBe(c.format);
      if (c.style === 'input') {
        expect(cell.font?.color?.argb).toBe('FF0000FF');
        expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFF2CC');
      }
      if (c.note) expect(typeof cell.note === 'string' ? cell.note : '').toContain(c.note);
      if (c.choices) expect(cell.dataValidation).toMatchObject({ type: 'list', formulae: [`"${c.choices.join(',')}"`] });
    }
    sheet.columnWidths?.forEach((points, i) => {
      const width = ws.getColumn(i + 1).width!;
      // A sheet printed in bands may widen a column of long text for print (print.ts PrintSetup.widen), never narrow one.
      if (sheet.print && width > (points * 4 / 3 - 5) / 7 + 0.05) return;
      expect(width).toBeCloseTo((points * 4 / 3 - 5) / 7, 1);
    });
    if (sheet.freeze) expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: sheet.freeze.columns, ySplit: sheet.freeze.rows });
  });

  test('read back into the engine (watt mode), the file computes the same numbers', async () => {
    const back = await readXlsx(files.get('watt')!);
    expect(back.problems).toEqual([]);
    for (const name of adapter.hf.getSheetNames()) {
      // An empty text constant is an empty cell in a file.
      const values = (hf: typeof adapter.hf) => hf.getSheetValues(hf.getSheetId(name)!).map((row) => row.map((v) => (v === '' ? null : plainCell(v))));
      const a = values(adapter.hf);
      const b = values(back.hf);
      expect(b).toEqual(a);
      // Looks come back as written; a style is recognised by its font and fill (note and subtitle look alike).
      const look = (m: ReadonlyMap<string, { style?: CellStyle }> | undefined) =>
        new Map([...(m ?? new Map<string, { style?: CellStyle }>())].map(([ref, l]) => [ref, { ...l, style: l.style ? STYLES[l.style] : undefined }]));
      expect(look(back.formats.get(name))).toEqual(look(adapter.formats.get(name)));
    }
  });
});

test('the templates\' choice inputs are among those checked', () => {
  expect(TEMPLATES.flatMap((t) => t.sheets.flatMap((s) => s.cells.filter((c) => c.choices))).length).toBeGreaterThan(0);
});

test('two templates in one workbook: each sheet keeps its own names (localSheetId), formulas read their own', async () => {
  const adapter = await inserted(['keep-mining', 'projection']);
  await insertTemplate(TEMPLATES.find((t) => t.id === 'keep-mining')!, adapter); // "Keep mining (2)": same names again
  const { data } = await writeXlsx(adapter, { mode: 'watt' });
  const xml = await (await JSZip.loadAsync(data)).file('xl/workbook.xml')!.async('string');
  const fees = [...xml.matchAll(/<definedName name="fees" localSheetId="(\d)">([^<]*)<\/definedName>/g)].map((m) => [m[1], m[2].replace(/&apos;/g, "'")]);
  expect(fees).toEqual([
    ['0', "'Keep mining'!$B$12"],
    ['1', 'Projection!$B$10'],
    ['2', "'Keep mining (2)'!$B$12"],
  ]);
  const back = await readXlsx(data);
  expect(back.hf.listNamedExpressions(back.hf.getSheetId('Keep mining (2)'))).toContain('fees');
});

test('choice inputs get a list validation; a cell look without a value is still written', async () => {
  const adapter = await inserted(['keep-mining']);
  const looks = adapter.formats.get('Keep mining')!;
  looks.set('F2', { style: 'input', choices: ['yes', 'no'] } as never);
  adapter.hf.setCellContents({ sheet: adapter.hf.getSheetId('Keep mining')!, row: 1, col: 5 }, [['yes']]);
  const { workbook } = await loadXlsx((await writeXlsx(adapter, { mode: 'watt' })).data);
  expect(workbook.worksheets[0].getCell('F2').dataValidation).toMatchObject({ type: 'list', formulae: ['"yes,no"'] });
});

test('values mode: each formula in a note; native mode: the projection table is a formula block, its totals sum it', async () => {
  const adapter = await inserted(['projection']);
  const sheet = TEMPLATES.find((t) => t.id === 'projection')!.sheets[0];
  // The cell the projection table spills from, wherever the template puts it.
  const at = sheet.cells.find((c) => /^=WATT\.PROJECTION\(/.test(c.formula ?? ''))!.ref;
  const values = await loadXlsx((await writeXlsx(adapter, { mode: 'values' })).data);
  const anchor = values.workbook.worksheets[0].getCell(at);
  expect(anchor.note).toMatch(/Formula: =WATT.PROJECTION\(A5:B16, months\)/);
  const { data, report } = await writeXlsx(adapter, { mode: 'native' });
  // Nothing falls back to values: the table is a native block (600 rows of 13 formulas), the totals read it.
  expect(report.fallbacks).toEqual([]);
  expect(report.sheets[0]).toMatchObject({ nativeBlocks: 1 });
  const native = await loadXlsx(data);
  const ws = native.workbook.getWorksheet('Projection')!;
  expect(ws.getCell(at).value).toBe('month');
  expect(ws.getCell(at).note).toMatch(/Native formula block of =WATT.PROJECTION\(A5:B16, months\) \(600 rows/);
  const { row, col } = parseRef(at)!;
  const first = ws.getCell(cellRef(row + 1, col + 8)); // btc_mined of the first month
  expect(first.formula).toMatch(/^IF\('Watt native'!\$B\$\d+\+1>'Watt native'!\$B\$\d+,"",144\*/);
  // Cached: the engine's value in the spill, blank below it.
  expect(first.result).toBe(adapter.hf.getCellValue({ sheet: 0, row: row + 1, col: col + 8 }));
  expect(ws.getCell(cellRef(row + 31, col + 8)).formula).toMatch(/^IF\(/);
  expect([undefined, '']).toContain(ws.getCell(cellRef(row + 31, col + 8)).result);
  expect(ws.getCell(cellRef(row + 600, col + 8)).formula).toMatch(/^IF\(/);
  expect(ws.getCell(cellRef(row + 601, col + 8)).value).toBeNull();
  const total = ws.getCell(sheet.cells.find((c) => c.name === 'total_btc')!.ref);
  expect(total.formula).toMatch(new RegExp(`SUM\\('Projection'!I${row + 2}:I${row + 601}\\)`));
  // The helper sheet holds the assumptions the block reads, by name, with their checks.
  const helper = native.workbook.getWorksheet('Watt native')!;
  expect(helper.getCell('A4').value).toBe('start_date');
  expect(helper.getCell('B4').formula).toMatch(/SUMPRODUCT/);
  expect(helper.getCell('B4').result).toBe(46023);
  // The halving date is a native formula (WATT.HALVINGDATE has a native form), not a value.
  const halving = ws.getCell(sheet.cells.find((c) => c.name === 'halving_date')!.ref);
  expect(halving.formula).toMatch(/^\(?IF\(/);
});

test('native mode on a sheet of one\'s own: a projection over a named range with a typed horizon is a block of its rows; a total whose metric is a cell stays a value', async () => {
  const hf = createEngine();
  const sheet = hf.getSheetId(hf.addSheet('Model'))!;
  const inputs = [['start_date', 46023], ['btc_price', 90000], ['network_hashrate', 1100], ['site_mw', 100], ['efficiency', 17.5], ['power_price', 0.05]];
  // The name first, as the reader enters a file (names, then formulas, then tables).
  hf.addNamedExpression('site', '=Model!$A$1:$B$6');
  hf.setSheetContent(sheet, [
    ...inputs,
    ['btc_mined'],
    ['=WATT.PROJECTIONTOTAL(site, 12, "btc_mined")', '=WATT.PROJECTIONTOTAL(site, 12, A7)'],
    ['=WATT.PROJECTION(site, 12)'],
  ] as never);
  // A table over a named range spills in the engine as in Excel (sized through the name's own range).
  expect(hf.getCellValue({ sheet, row: 8, col: 0 })).toBe('month');
  expect(hf.getCellValue({ sheet, row: 20, col: 0 })).toBe(12);
  const { data, report } = await writeXlsx({ hf }, { mode: 'native' });
  expect(report.sheets[0].nativeBlocks).toBe(1);
  // A metric read from a cell has no native form: a value, with the reason.
  expect(report.fallbacks.map((f) => f.ref)).toEqual(['B8']);
  const back = await readXlsx(data);
  const ws = back.workbook.getWorksheet('Model')!;
  expect(ws.getCell('I21').formula).toMatch(/^IF\(/); // btc_mined of month 12
  expect(ws.getCell('I22').value).toBeNull(); // the typed horizon: 12 rows, no more
  expect(ws.getCell('A8').formula).toMatch(/SUM\('Model'!I10:I21\)/);
  expect(back.workbook.getWorksheet('Watt native')!.getCell('B4').formula).toContain("'Model'!$A$1:$A$6");
  // Read back, the engine computes the native file to the WATT values.
  const values = back.hf.getSheetValues(back.hf.getSheetId('Model')!);
  const expected = hf.getSheetValues(sheet);
  let compared = 0;
  for (let r = 7; r <= 20; r++) for (let c = 0; c < 13; c++) {
    const v = expected[r][c];
    if (typeof v !== 'number') continue;
    expect(Math.abs((values[r][c] as number) - v)).toBeLessThanOrEqual(1e-12 * Math.abs(v));
    compared++;
  }
  expect(compared).toBeGreaterThan(12 * 12);
});
