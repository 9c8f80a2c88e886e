/**
 * Native form of WATT.CURTAIL (src/functions/flexible.ts): a range of prices in cells (a row or a column),
 * the other arguments in cells or as literals, the metric typed as text. The native formula (Excel's own
 * SUMPRODUCT over the comparison of each price with the strike) evaluated in the engine equals the WATT
 * function on random valid inputs (fast-check, fixed seed of test/_setup) within 1e-12 relative of the
 * flows the metric is a difference of (the core sums prices with compensation and combines the cash lines
 * in decimal; SUMPRODUCT sums in doubles), and is #VALUE! wherever the function is. LibreOffice
 * recalculates it too (test/xlsx/libreoffice.test.ts, the "functions" workbook).
 */
import fc from 'fast-check';
import { DetailedCellError } from 'hyperformula';
import { createEngine, toEngineFormula } from '../../src/engine/engine';
import { toNativeFormula } from '../../src/xlsx';
import { CURTAIL_METRICS, CurtailMetric } from '../../src/core/curtail';
import { isClose } from '../helpers/tolerance';

const hf = createEngine();
const sheet = hf.getSheetId(hf.addSheet('C'))!;
const COLS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
type Cell = number | string | null;

/**
 * Row 1: the prices (row form) or column A from row 3 (column form); row 2: hashprice, efficiency,
 * pool_fee, ppa_price, sell_back, site_mw, interval_hours, dr_price in A2:H2; the formulas in J2, K2.
 */
function run(prices: Cell[], column: boolean, args: Cell[], metric: string, literal: boolean): { watt: unknown; native: unknown; nativeText: string } {
  const ref = column ? `A3:A${2 + prices.length}` : `A1:${COLS[prices.length - 1]}1`;
  const text = args.map((v, i) => (literal ? (v === null ? '' : typeof v === 'string' ? `"${v}"` : String(v).toUpperCase()) : `${COLS[i]}2`));
  const [hp, e, pf, ppa, sb, mw, h, dr] = text;
  const watt = `=WATT.CURTAIL(${ref}, ${hp}, ${e}, ${pf}, ${ppa}, ${sb}, ${mw}, "${metric}", ${h}, ${dr})`;
  const native = toNativeFormula(watt);
  if ('reason' in native) throw new Error(native.reason);
  const rows: Cell[][] = [column ? [] : prices, [...args, null, null, null]];
  if (column) for (const p of prices) rows.push([p]);
  rows[1][9] = toEngineFormula(watt);
  rows[1][10] = toEngineFormula(native.formula);
  hf.setSheetContent(sheet, rows as never);
  return { watt: hf.getCellValue({ sheet, row: 1, col: 9 }), native: hf.getCellValue({ sheet, row: 1, col: 10 }), nativeText: native.formula };
}

const isError = (v: unknown) => v instanceof DetailedCellError;
const OPTIONS = { numRuns: 300 };

const priceArb = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -50, max: 200, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ min: 200, max: 6000, noNaN: true }) },
  { weight: 1, arbitrary: fc.integer({ min: -30, max: 300 }) },
);
const common = {
  prices: fc.array(priceArb, { minLength: 1, maxLength: 26 }),
  column: fc.boolean(),
  literal: fc.boolean(),
  hp: fc.double({ min: 0, max: 200, noNaN: true }),
  e: fc.double({ min: 5, max: 60, noNaN: true }),
  pf: fc.oneof(fc.constant<Cell>(null), fc.double({ min: 0, max: 0.1, noNaN: true })),
  ppa: fc.oneof(fc.constant<Cell>(null), fc.constant<Cell>(0), fc.double({ min: 1, max: 150, noNaN: true })),
  sb: fc.constantFrom<Cell>(null, 0, 1),
  mw: fc.oneof(fc.constant<Cell>(null), fc.double({ min: 0.1, max: 1000, noNaN: true })),
  h: fc.constantFrom<Cell>(null, 1, 0.25, 0.5),
  dr: fc.oneof(fc.constant<Cell>(null), fc.double({ min: 0, max: 30000, noNaN: true })),
  metric: fc.constantFrom(...CURTAIL_METRICS),
};

/** The magnitude a metric's rounding is measured against: the flows it is a sum or difference of. */
function scale(metric: CurtailMetric, prices: number[], args: Cell[], value: number): number {
  const [hp, e, pf, ppa, , mw, h, dr] = args.map((v) => (v === null ? undefined : (v as number)));
  const s = ((hp! * (1 - (pf ?? 0))) / (24 * e!)) * 1000;
  const flows = prices.reduce((a, p) => a + Math.abs(p), 0) + s * prices.length + (ppa ?? 0) * prices.length;
  const hm = (h ?? 1) * (mw ?? 1);
  const drRevenue = ((dr ?? 0) * (mw ?? 1) * prices.length * (h ?? 1)) / 730;
  if (metric === 'avg_power_cost' || metric === 'ai_avg_power_cost') return Math.max(Math.abs(value), flows);
  if (['strike', 'uptime', 'hours_run', 'hours_curtailed', 'energy_used'].includes(metric)) return Math.abs(value);
  return Math.max(Math.abs(value), flows * hm + drRevenue);
}

test('the native formula is SUMPRODUCT over the comparison with the strike', () => {
  expect(run([30, 45, 250, 20], false, [50, 17.5, 0, 0, 1, 100, 1, 0], 'flexibility_value', true).nativeText).toBe(
    '=(IF(SUMPRODUCT(NOT(ISNUMBER(A1:D1))*1)>0,#VALUE!,SUMPRODUCT((A1:D1>=(50*(1-0)/(24*17.5)*1000))*(A1:D1-(50*(1-0)/(24*17.5)*1000)))*1*100+0*100*4*1/730))',
  );
  const { watt, native } = run([30, 45, 250, 20], false, [50, 17.5, 0, 0, 1, 100, 1, 0], 'flexibility_value', true);
  expect(native).toBeCloseTo(13095.2380952381, 8); // test/functions/curtail.test.ts, by hand
  expect(native).toBe(watt);
});

test('equals the function on random valid inputs (cells and literals, rows and columns, every metric and contract)', () => {
  let numbers = 0;
  fc.assert(
    fc.property(fc.record(common), ({ prices, column, literal, hp, e, pf, ppa, sb, mw, h, dr, metric }) => {
      const args: Cell[] = [hp, e, pf, ppa, sb, mw, h, dr];
      const { watt, native } = run(prices, column, args, metric, literal);
      if (isError(watt)) {
        // only #NUM! for the average cost when the miners never run
        expect(metric).toBe('avg_power_cost');
        expect(isError(native)).toBe(true);
        expect((native as DetailedCellError).value).toBe((watt as DetailedCellError).value);
        return;
      }
      numbers++;
      expect(typeof native).toBe('number');
      expect(isClose(native as number, watt as number, 1e-12, { scale: scale(metric, prices, args, watt as number) })).toBe(true);
    }),
    OPTIONS,
  );
  expect(numbers).toBeGreaterThan(250);
});

test('is #VALUE! where the function is: a bad price cell, an argument out of range, an unknown metric', () => {
  const bad = fc.oneof(
    fc.record({ kind: fc.constant('cell' as const), cell: fc.constantFrom<Cell>(null, 'n/a'), at: fc.nat() }),
    fc.record({ kind: fc.constant('arg' as const), which: fc.integer({ min: 0, max: 7 }), value: fc.constantFrom<Cell>(-0.5, 1.5, 0, 30, 'x') }),
    fc.record({ kind: fc.constant('metric' as const) }),
  );
  fc.assert(
    fc.property(fc.record({ ...common, bad }), ({ prices, column, literal, hp, e, pf, ppa, sb, mw, h, dr, metric, bad: b }) => {
      const row: Cell[] = [...prices];
      const args: Cell[] = [hp, e, pf, ppa, sb, mw, h, dr];
      let m: string = metric;
      if (b.kind === 'cell') row[b.at % row.length] = b.cell;
      else if (b.kind === 'metric') m = 'margin';
      else {
        const v = b.value;
        const n = v as number;
        // invalid for: hashprice < 0; efficiency <= 0; pool_fee outside 0..1; ppa_price < 0; sell_back not 0 or 1; site_mw <= 0; interval_hours outside (0, 24]; dr_price < 0
        const invalid = [n < 0, n <= 0, n < 0 || n > 1, n < 0, !(n === 0 || n === 1), n <= 0, n <= 0 || n > 24, n < 0];
        fc.pre(v === 'x' || invalid[b.which]);
        args[b.which] = v;
      }
      const { watt, native } = run(row, column, args, m, literal);
      expect(isError(watt)).toBe(true);
      expect(isError(native)).toBe(true);
      expect((native as DetailedCellError).value).toBe((watt as DetailedCellError).value);
    }),
    OPTIONS,
  );
});

test('a range of several rows and columns is #VALUE!; a name, or a metric read from a cell, is written as a value (no native form)', () => {
  expect(toNativeFormula('=WATT.CURTAIL(A1:B2, 50, 17.5)')).toEqual({ formula: '=(#VALUE!)' });
  expect('reason' in toNativeFormula('=WATT.CURTAIL(PRICES, 50, 17.5)')).toBe(true);
  expect('reason' in toNativeFormula('=WATT.CURTAIL(A1:A9, 50, 17.5, 0, 0, 1, 1, B1)')).toBe(true);
  expect(toNativeFormula('=WATT.CURTAIL(A1:A9, 50, 17.5, 0, 0, 1, 1, "margin")')).toEqual({ formula: '=(#VALUE!)' });
});

test('8,784 hourly prices (a leap year) stay a short formula: the range is referenced, not repeated cell by cell', () => {
  const native = toNativeFormula('=WATT.CURTAIL(Prices!B2:B8785, 50, 17.5, 0, 25, 1, 100, "total")');
  expect('formula' in native && native.formula.length).toBeLessThan(1000);
});
