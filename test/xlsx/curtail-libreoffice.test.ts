/**
 * WATT.CURTAIL over a real year in a spreadsheet application we did not write: a sheet of the 8,784
 * hourly ERCOT HB_WEST prices of 2024 (data/ercot-hb-west-hourly.csv) and every metric under the three
 * contracts (index; fixed price with and without sell-back, the contract read from cells) is exported in
 * `native` mode, where each call becomes Excel's own SUMPRODUCT; a copy is edited as a recipient without
 * the add-in would (hashprice 50 -> 80, so the strike moves and other hours are curtailed); LibreOffice
 * recalculates both, and every number equals the engine's WATT.CURTAIL on the same inputs within 1e-9
 * relative (the #NUM! of a site that never runs stays an error). Fails, never skips, without LibreOffice.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { createEngine } from '../../src/engine/engine';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { CURTAIL_METRICS } from '../../src/core/curtail';
import { loadXlsx, writeXlsx } from '../../src/xlsx';
import { CSV_PATH, readCsv } from '../../scripts/ercot-prices';
import { convertWithLibreOffice } from './soffice';

jest.setTimeout(600_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watt-curtail-lo-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const prices = readCsv(fs.readFileSync(CSV_PATH, 'utf8')).filter((r) => r.deliveryDate.startsWith('2024')).map((r) => r.price);
/** Contracts in D2:F4 (ppa_price, sell_back per row): index, fixed price with sell-back, fixed price 150 (above the strike) without. */
const CONTRACTS: [string, number, number][] = [
  ['index', 0, 1],
  ['fixed 35, sell-back', 35, 1],
  ['fixed 150, no sell-back', 150, 0],
];

/** Column A: prices; D1: hashprice; D2:E4 the contracts; from row 6, one row per metric, one column per contract (D, E, F). */
function workbook(hashprice: number): EngineTemplateAdapter {
  const adapter = new EngineTemplateAdapter(createEngine());
  const hf = adapter.hf;
  const sheet = hf.getSheetId(hf.addSheet('Flex'))!;
  hf.setCellContents({ sheet, row: 0, col: 0 }, prices.map((p) => [p]));
  hf.setCellContents({ sheet, row: 0, col: 2 }, [['hashprice', hashprice]]);
  CONTRACTS.forEach(([name, ppa, sb], i) => hf.setCellContents({ sheet, row: 1 + i, col: 2 }, [[name, ppa, sb]]));
  CURTAIL_METRICS.forEach((metric, k) => {
    const row = 5 + k;
    hf.setCellContents({ sheet, row, col: 2 }, [[metric]]);
    CONTRACTS.forEach((_, i) => {
      const c = 2 + i; // the contract of row i + 2: ppa in D, sell_back in E
      hf.setCellContents({ sheet, row, col: 3 + i }, [[`=WATT.CURTAIL($A$1:$A$8784, $D$1, 17.5, 0.02, $D$${c}, $E$${c}, 100, "${metric}")`]]);
    });
  });
  return adapter;
}

const cellValue = (ws: ExcelJS.Worksheet, r: number, c: number) => {
  const cell = ws.getRow(r + 1).getCell(c + 1);
  return cell.type === ExcelJS.ValueType.Formula ? cell.result : cell.value;
};
const close = (a: number, b: number) => a === b || Math.abs(a - b) <= 1e-9 * Math.abs(b);

test('8,784 hourly prices, every metric and contract, native SUMPRODUCT recalculated by LibreOffice, as exported and with the hashprice edited in the file: equal to the engine', async () => {
  expect(prices.length).toBe(8784);
  const exported = workbook(50);
  const { data } = await writeXlsx(exported, { mode: 'native' });
  const loaded = await loadXlsx(data);
  const ws = loaded.workbook.getWorksheet('Flex')!;
  // Every CURTAIL cell is a live Excel formula, not a guarded value, and reads the whole column once per sum.
  const formula = String((ws.getRow(6).getCell(4).value as { formula: string }).formula);
  expect(formula).toContain('SUMPRODUCT(');
  expect(formula).not.toMatch(/WATT\./i);
  fs.writeFileSync(path.join(dir, 'as-exported.xlsx'), data);
  ws.getCell('D1').value = 80;
  fs.writeFileSync(path.join(dir, 'hashprice80.xlsx'), Buffer.from(await loaded.workbook.xlsx.writeBuffer()));
  convertWithLibreOffice([path.join(dir, 'as-exported.xlsx'), path.join(dir, 'hashprice80.xlsx')], path.join(dir, 'lo'), { recalculate: true });

  const mismatches: string[] = [];
  let numbers = 0;
  let errors = 0;
  for (const [file, hashprice] of [['as-exported', 50], ['hashprice80', 80]] as const) {
    const engine = workbook(hashprice);
    const sheet = engine.hf.getSheetId('Flex')!;
    const lo = new ExcelJS.Workbook();
    await lo.xlsx.readFile(path.join(dir, 'lo', `${file}.xlsx`));
    const theirs = lo.getWorksheet('Flex')!;
    CURTAIL_METRICS.forEach((metric, k) => {
      CONTRACTS.forEach(([name], i) => {
        const row = 5 + k;
        const col = 3 + i;
        const want = engine.hf.getCellValue({ sheet, row, col });
        const got = cellValue(theirs, row, col);
        if (typeof want === 'number') {
          numbers++;
          if (typeof got !== 'number' || !close(got, want)) mismatches.push(`${file} ${metric} (${name}): engine ${want}, LibreOffice ${JSON.stringify(got)}`);
        } else {
          errors++; // avg_power_cost of the site that never runs: #NUM! in both
          if (!(got && typeof got === 'object' && 'error' in got)) mismatches.push(`${file} ${metric} (${name}): engine error, LibreOffice ${JSON.stringify(got)}`);
        }
      });
    });
  }
  expect(mismatches).toEqual([]);
  expect(numbers).toBe(2 * CURTAIL_METRICS.length * CONTRACTS.length - errors);
  // avg_power_cost at a fixed 150 USD/MWh without sell-back is #NUM! at a hashprice of 50 (strike 116.67:
  // the miners never run); at 80 the strike is 186.67 and they run every hour, in the file too.
  expect(errors).toBe(1);
});
