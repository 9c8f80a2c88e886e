/**
 * WATT.HYBRIDTABLE's native block (src/xlsx/hybrid-native.ts) in a spreadsheet application we did not
 * write: the hybrid-site template is exported in `native` mode, copies are edited as a recipient would
 * without the add-in (BTC price 87,000 -> 150,000; the second phase's start 12 -> 30 months and the third's
 * MW 100 -> 60; the third phase turned to a lease; the horizon 10 -> 15 years, which
 * grows the table), LibreOffice recalculates each, and every cell of the month table equals the engine's
 * WATT.HYBRIDTABLE on the edited inputs (`watt template show hybrid-site --set ...`), within 1e-9
 * relative of the larger of the value and the month's largest flow; "" below the total row. One
 * LibreOffice run for all files. Fails, never skips, without LibreOffice.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { insertTemplate, TEMPLATES } from '../../src/templates';
import { cellRef } from '../../src/templates/plan';
import { templateInputs, withInputs } from '../../src/cli/settings';
import { HYBRID_METRICS, HYBRID_TABLE_COLUMNS } from '../../src/core/hybrid';
import { HYBRID_TABLE_MAX_ROWS } from '../../src/xlsx/hybrid-native';
import { loadXlsx, writeXlsx } from '../../src/xlsx';
import { convertWithLibreOffice } from './soffice';
import { tiered } from '../helpers/tier';

jest.setTimeout(600_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watt-hybrid-lo-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const template = TEMPLATES.find((t) => t.id === 'hybrid-site')!;
// Edits in the file (a LibreOffice recalculation of this export takes ~6-8 s a file): in npm test one file
// with all of them, in the extended run (test/helpers/tier.ts) two. The export as it is, and edits of its
// date, prices, rates and choices, are recalculated by LibreOffice in libreoffice.test.ts and stale.test.ts.
const EDITS: [string, [string, number | string][]][] = tiered([
  ['phases-moved-years15', [['phase2_start', 30], ['phase3_mw', 60], ['phase3_kind', 'lease'], ['btc_price', 120000], ['years', 15]]],
], [
  ['phases-moved', [['phase2_start', 30], ['phase3_mw', 60], ['phase3_kind', 'lease'], ['btc_price', 120000]]],
  ['years15-btc150k', [['years', 15], ['btc_price', 150000]]],
]);

const engines = new Map<string, EngineTemplateAdapter>();
let exportMs = 0;
let guardedCells = 0;
let recalcMs = 0;
beforeAll(async () => {
  const exported = new EngineTemplateAdapter();
  await insertTemplate(template, exported);
  const started = Date.now();
  const { data, report } = await writeXlsx(exported, { mode: 'native' });
  exportMs = Date.now() - started;
  guardedCells = report.guards?.cells ?? 0;
  expect(report.helperSheet).toBe('Watt native');
  const inputs = templateInputs(template);
  for (const [key, edits] of EDITS) {
    const settings = edits.map(([name, value]) => ({ input: inputs.find((i) => i.name === name)!, value }));
    const loaded = await loadXlsx(data);
    for (const { input, value } of settings) loaded.workbook.getWorksheet(template.sheets[input.sheet].title)!.getCell(input.cell.ref).value = value;
    fs.writeFileSync(path.join(dir, `${key}.xlsx`), Buffer.from(await loaded.workbook.xlsx.writeBuffer()));
    const engine = new EngineTemplateAdapter();
    await insertTemplate(withInputs(template, settings), engine);
    engines.set(key, engine);
  }
  const lo = Date.now();
  convertWithLibreOffice(EDITS.map(([key]) => path.join(dir, `${key}.xlsx`)), path.join(dir, 'lo'), { recalculate: true });
  recalcMs = Date.now() - lo;
});

const cellValue = (ws: ExcelJS.Worksheet, ref: string) => {
  const cell = ws.getCell(ref);
  return cell.type === ExcelJS.ValueType.Formula ? cell.result : cell.value;
};
/** ExcelJS reads a date-formatted number back as a Date: its serial. */
const serial = (v: unknown) => (v instanceof Date ? v.getTime() / 86_400_000 + 25569 : v);

/**
 * One edited file's table of a function (HYBRID or HYBRIDTABLE): the engine on the same inputs, the
 * anchor of the function's formula there, and the sheet as written and as LibreOffice recalculated it.
 */
async function edited(key: string, id: 'HYBRID' | 'HYBRIDTABLE') {
  const engine = engines.get(key)!;
  const sheet = engine.hf.getSheetId(template.sheets[0].title)!;
  const pattern = new RegExp(`^=WATT\\.${id}\\(`, 'i');
  let anchor: { row: number; col: number } | undefined;
  engine.hf.getSheetFormulas(sheet).forEach((row, r) => row.forEach((f, c) => { if (typeof f === 'string' && pattern.test(f)) anchor = { row: r, col: c }; }));
  if (!anchor) throw new Error(`no WATT.${id} on the sheet`);
  const ws = (await loadXlsx(fs.readFileSync(path.join(dir, 'lo', `${key}.xlsx`)))).workbook.getWorksheet(template.sheets[0].title)!;
  const written = (await loadXlsx(fs.readFileSync(path.join(dir, `${key}.xlsx`)))).workbook.getWorksheet(template.sheets[0].title)!;
  return { engine, sheet, anchor, ws, written };
}

test('hybrid-site, exported native and edited in the file, recalculated by LibreOffice: the HYBRIDTABLE equals the engine on the edited inputs', async () => {
  const mismatches: string[] = [];
  let numbers = 0;
  for (const [key] of EDITS) {
    const { engine, sheet, anchor, ws, written } = await edited(key, 'HYBRIDTABLE');
    for (let r = 1; r <= HYBRID_TABLE_MAX_ROWS; r++) {
      const engineRow = HYBRID_TABLE_COLUMNS.map((_, c) => engine.hf.getCellValue({ sheet, row: anchor.row + r, col: anchor.col + c }));
      const scale = Math.max(0, ...engineRow.slice(6).map((v) => (typeof v === 'number' ? Math.abs(v) : 0)));
      HYBRID_TABLE_COLUMNS.forEach((name, c) => {
        const ref = cellRef(anchor.row + r, anchor.col + c);
        const w = engineRow[c];
        const got = serial(cellValue(ws, ref));
        // Written natively: a formula without a WATT call.
        const formula = String(written.getCell(ref).formula ?? '');
        if (!formula || /WATT\./i.test(formula)) mismatches.push(`${key} ${ref} is not native: ${formula.slice(0, 60)}`);
        if (typeof w === 'number') {
          numbers++;
          if (typeof got !== 'number' || !(Math.abs(got - w) <= 1e-9 * Math.max(Math.abs(w), scale))) mismatches.push(`${key} ${ref} ${name}: engine ${w}, LibreOffice ${JSON.stringify(got)}`);
        } else if (w === null || w === '') {
          if (!(got === '' || got === null || got === undefined)) mismatches.push(`${key} ${ref} ${name}: engine blank, LibreOffice ${JSON.stringify(got)}`);
        } else if (got !== w) mismatches.push(`${key} ${ref} ${name}: engine ${JSON.stringify(w)}, LibreOffice ${JSON.stringify(got)}`);
      });
    }
  }
  expect(mismatches.slice(0, 20)).toEqual([]);
  // At least 120 months x 13 numeric columns a file (180 with years 15).
  expect(numbers).toBeGreaterThan(EDITS.length * 120 * 13);
  // eslint-disable-next-line no-console
  console.log(`hybrid-site native export: ${exportMs} ms, ${guardedCells} guarded cells; LibreOffice opened and recalculated the ${EDITS.length} files in ${recalcMs} ms`);
});

test('hybrid-site, exported native and edited in the file, recalculated by LibreOffice: the HYBRID metric table equals the engine on the edited inputs', async () => {
  const mismatches: string[] = [];
  let numbers = 0;
  for (const [key] of EDITS) {
    const { engine, sheet, anchor, ws, written } = await edited(key, 'HYBRID');
    const w = (r: number, c: number) => engine.hf.getCellValue({ sheet, row: anchor.row + r, col: anchor.col + c });
    const metric = (name: string, c: number) => Math.abs(Number(w(1 + HYBRID_METRICS.indexOf(name as never), c)) || 0);
    // The scale of the NPVs: the flows they sum (outlays, terminal values, the NPVs themselves), of the three scenarios.
    const flows = [1, 2, 3].reduce((sum, c) => sum + metric('conversion_capex', c) + metric('refresh_capex', c) + metric('terminal_value', c) + metric('npv', c), 0);
    HYBRID_METRICS.forEach((name, i) => [1, 2, 3].forEach((c) => {
      const ref = cellRef(anchor.row + 1 + i, anchor.col + c);
      const expected = w(1 + i, c);
      const got = cellValue(ws, ref);
      const formula = String(written.getCell(ref).formula ?? '');
      if (!formula || /WATT\./i.test(formula)) mismatches.push(`${key} ${ref} is not native: ${formula.slice(0, 60)}`);
      const scale = name === 'npv' || name === 'npv_vs_mine' ? flows : name === 'value_per_w' ? flows / 300e6 : 0;
      if (typeof expected === 'number') {
        numbers++;
        if (typeof got !== 'number' || !(Math.abs(got - expected) <= 1e-9 * Math.max(Math.abs(expected), scale))) mismatches.push(`${key} ${ref} ${name}: engine ${expected}, LibreOffice ${JSON.stringify(got)}`);
      } else if (got !== expected) mismatches.push(`${key} ${ref} ${name}: engine ${JSON.stringify(expected)}, LibreOffice ${JSON.stringify(got)}`);
    }));
  }
  expect(mismatches).toEqual([]);
  // 9 metrics x 3 scenarios in five files, a few "n/a".
  expect(numbers).toBeGreaterThan(EDITS.length * 20);
});
