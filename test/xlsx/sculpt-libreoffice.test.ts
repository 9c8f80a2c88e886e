/**
 * WATT.SCULPT (native formula block) and WATT.DSCRSTAT, DEBTSIZE (native forms) in a spreadsheet
 * application we did not write: a banker's sheet (a CFADS row, the terms in cells, two schedules: one
 * over the row with a debt below the capacity and a tenor in a cell, one over a column of the same CFADS
 * at the capacity, and DSCR statistics over the schedules' debt service) is exported in `native` mode;
 * copies are edited as a recipient without the add-in would (the rate 8% -> 10%, the DSCR 1.30 -> 1.45
 * and one period's CFADS 55 -> 65, together; and the DSCR to 1.0, which WATT.SCULPT refuses);
 * LibreOffice recalculates them, and every cell equals the engine's on the same inputs within 1e-9
 * relative (absolute floor 1e-9 x the debt for the balances, whose last closing is a rounding residue
 * natively and 0 in the core), texts ("n/a") the same, errors errors. Fails, never skips, without LibreOffice.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { createEngine } from '../../src/engine/engine';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { loadXlsx, writeXlsx } from '../../src/xlsx';
import { cellRef } from '../../src/templates/plan';
import { SCULPT_COLUMNS } from '../../src/core/debt';
import { convertWithLibreOffice } from './soffice';

jest.setTimeout(600_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watt-sculpt-lo-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** CFADS of 12 half-years (an illustrative ramp, in USD millions). */
const CFADS = [55, 60, 70, 85, 100, 120, 140, 160, 180, 200, 220, 251];
const LETTERS = 'CDEFGHIJKLMN';

interface Inputs { rate: number; dscr: number; first: number }

/**
 * Sheet "Debt": B1 rate, B2 dscr, B3 periods_per_year (2), B4 tenor (10), B5 debt (300); CFADS in
 * C7:N7; B9 WATT.DEBTSIZE; A12 WATT.SCULPT over the row (debt B5, tenor B4: 10 periods, the rows below
 * to row 24 empty); J13:J24 the same CFADS as a column (=C7, ...); L12 WATT.SCULPT over it at the
 * capacity (12 periods); B26:B30 WATT.DSCRSTAT over the schedules' debt service.
 */
function workbook(x: Inputs): EngineTemplateAdapter {
  const adapter = new EngineTemplateAdapter(createEngine());
  const hf = adapter.hf;
  const sheet = hf.getSheetId(hf.addSheet('Debt'))!;
  const set = (ref: string, v: unknown) => {
    const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
    const col = [...m[1]].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
    hf.setCellContents({ sheet, row: Number(m[2]) - 1, col }, [[v as never]]);
  };
  [['rate', x.rate], ['dscr', x.dscr], ['periods_per_year', 2], ['tenor', 10], ['debt', 300]].forEach(([k, v], i) => {
    set(`A${i + 1}`, k);
    set(`B${i + 1}`, v);
  });
  set('A7', 'cfads');
  CFADS.forEach((v, i) => set(`${LETTERS[i]}7`, i === 0 ? x.first : v));
  set('A9', 'debt size');
  set('B9', '=WATT.DEBTSIZE(C7:N7, B1, B2, B3, B4)');
  set('A12', '=WATT.SCULPT(C7:N7, B1, B2, B5, B3, B4)');
  CFADS.forEach((_, i) => set(`J${13 + i}`, `=${LETTERS[i]}7`));
  set('L12', '=WATT.SCULPT(J13:J24, B1, B2, 0, B3)');
  set('A26', 'min');
  set('B26', '=WATT.DSCRSTAT(J13:J24, P13:P24, "min")');
  set('B27', '=WATT.DSCRSTAT(J13:J24, P13:P24, "average")');
  set('B28', '=WATT.DSCRSTAT(J13:J24, P13:P24, A29)');
  set('A29', 'MAX');
  set('B29', '=WATT.DSCRSTAT(J13:J22, E13:E22)');
  set('B30', '=WATT.DSCRSTAT(J13:J22, E13:E22, "max")');
  return adapter;
}

const value = (ws: ExcelJS.Worksheet, r: number, c: number): unknown => {
  const cell = ws.getRow(r + 1).getCell(c + 1);
  return cell.type === ExcelJS.ValueType.Formula ? cell.result : cell.value;
};
const isErr = (v: unknown) => (v && typeof v === 'object' && ('error' in v || 'value' in v && 'type' in v)) || false;

const EDITS: [string, Inputs][] = [
  ['as-exported', { rate: 0.08, dscr: 1.3, first: 55 }],
  ['edited', { rate: 0.1, dscr: 1.45, first: 65 }],
  ['dscr1', { rate: 0.08, dscr: 1, first: 55 }],
];

test('a sculpted schedule, debt size and DSCR statistics, native, recalculated by LibreOffice after edits of rate, DSCR and a CFADS cell: equal to the engine', async () => {
  const exported = workbook(EDITS[0][1]);
  const { data, report } = await writeXlsx(exported, { mode: 'native' });
  expect(report.helperSheet).toBe('Watt native');
  const loaded = await loadXlsx(data);
  const ws = loaded.workbook.getWorksheet('Debt')!;
  // Every WATT cell is a live formula: the blocks' cells, DEBTSIZE and DSCRSTAT; no guarded value.
  for (const ref of ['B9', 'B26', 'B27', 'B28', 'B29', 'B30', 'B13', 'C14', 'E22', 'G13', 'M24', 'R20']) {
    const f = (ws.getCell(ref).value as { formula?: string }).formula;
    expect(f).toBeDefined();
    expect(f).not.toMatch(/WATT\.|_xldudf|Watt inputs/i);
  }
  expect(report.sheets.find((s) => s.name === 'Debt')!.nativeBlocks).toBe(2);
  // The opening balance of period 2 is the closing balance of period 1: a corkscrew.
  expect((ws.getCell('B14').value as { formula: string }).formula).toContain('F13');
  const files: string[] = [];
  for (const [name, x] of EDITS) {
    ws.getCell('B1').value = x.rate;
    ws.getCell('B2').value = x.dscr;
    ws.getCell('C7').value = x.first;
    const file = path.join(dir, `${name}.xlsx`);
    fs.writeFileSync(file, Buffer.from(await loaded.workbook.xlsx.writeBuffer()));
    files.push(file);
  }
  convertWithLibreOffice(files, path.join(dir, 'lo'), { recalculate: true });

  const mismatches: string[] = [];
  const counts: Record<string, { numbers: number; errors: number }> = {};
  for (const [name, x] of EDITS) {
    const engine = workbook(x);
    const sheet = engine.hf.getSheetId('Debt')!;
    const want = engine.hf.getSheetValues(sheet);
    const lo = new ExcelJS.Workbook();
    await lo.xlsx.readFile(path.join(dir, 'lo', `${name}.xlsx`));
    const theirs = lo.getWorksheet('Debt')!;
    const debt = Math.max(300, Math.abs(Number(want[12]?.[12]) || 0)); // M13: the second schedule's opening debt
    const c = (counts[name] = { numbers: 0, errors: 0 });
    for (let r = 0; r < 31; r++) {
      for (let k = 0; k < 18; k++) {
        const w = want[r]?.[k] ?? null;
        const got = value(theirs, r, k);
        const where = `${name} ${cellRef(r, k)}`;
        // The block keeps its header row as text when its inputs are refused (the spill is one error cell).
        if (name === 'dscr1' && r === 11 && (SCULPT_COLUMNS as readonly unknown[]).includes(got)) continue;
        if (typeof w === 'number') {
          c.numbers++;
          if (typeof got !== 'number' || Math.abs(got - w) > Math.max(1e-9 * Math.abs(w), 1e-9 * debt)) mismatches.push(`${where}: engine ${w}, LibreOffice ${JSON.stringify(got)}`);
        } else if (w !== null && typeof w === 'object') {
          c.errors++;
          if (!isErr(got)) mismatches.push(`${where}: engine ${String(w)}, LibreOffice ${JSON.stringify(got)}`);
        } else if (w === null && isErr(got) && name === 'dscr1') {
          c.errors++; // the engine's refused spill is one error cell; the block is that error in every cell
        } else if ((w ?? '') !== (got ?? '')) mismatches.push(`${where}: engine ${JSON.stringify(w)}, LibreOffice ${JSON.stringify(got)}`);
      }
    }
  }
  expect(mismatches).toEqual([]);
  // 2 schedules (10 and 12 periods x 7 columns), the CFADS column and row, DEBTSIZE, 5 statistics, the terms.
  expect(counts['as-exported'].numbers).toBe(10 * 7 + 12 * 7 + 12 + 12 + 1 + 5 + 5);
  expect(counts.edited.numbers).toBe(counts['as-exported'].numbers);
  // DSCR 1.0: both schedules, DEBTSIZE and the statistics over the schedules are errors in both.
  expect(counts.dscr1.errors).toBeGreaterThanOrEqual(2 * 1 + 1 + 5);
  console.log(`sculpt-libreoffice: ${JSON.stringify(counts)}`);
});
