/**
 * WATT.PATHS's native formula block (src/xlsx/paths-native.ts), evaluated in the engine beside the WATT
 * function on the same assumptions:
 *  - on random valid assumptions (fast-check on a fixed seed; any order, names in any case with spaces,
 *    optional names left out, "yes"/"no" levers), every cell of the table equals the function's: numbers
 *    within 1e-9 relative of the larger of the value and the scale of the flows it sums (an NPV near 0 is
 *    a difference of large flows, computed in decimal by the core and in doubles by the block), texts
 *    ("n/a", "never") the same, errors where the function has one;
 *  - every input the function refuses makes every cell of the block an error, as the function is one.
 * The file round trip and LibreOffice's recalculation are tested in libreoffice.test.ts.
 */
import fc from 'fast-check';
import { DetailedCellError } from 'hyperformula';
import { toEngineFormula } from '../../src/engine/engine';
import { PATH_METRICS, PATH_NAMES } from '../../src/core/paths';
import { IRR_REACH, pathsBlock } from '../../src/xlsx/paths-native';
import { periodRate } from '../../src/core/cashflow';
import type { ProjectionCall } from '../../src/xlsx/projection-native';
import { blockEngine, plannedGrid } from '../helpers/native-block';

type Row = [string | number | null, string | number | boolean | null];

const { hf, inputs, watt, native, helper } = blockEngine();
const RANGE_ROWS = 44;
const call: ProjectionCall = {
  sheet: 'Native', row: 0, col: 0, names: `'Inputs'!$A$1:$A$${RANGE_ROWS}`, values: `'Inputs'!$B$1:$B$${RANGE_ROWS}`, months: "'Inputs'!$D$1", rows: 10, formula: `=WATT.PATHS(Inputs!A1:B${RANGE_ROWS}, Inputs!D1)`,
};
const block = pathsBlock(call, 'Watt native', 0);
const grid = plannedGrid;
hf.batch(() => {
  hf.setSheetContent(helper, grid(block.helper) as never);
  hf.setSheetContent(native, grid(block.table) as never);
  hf.setSheetContent(watt, [[toEngineFormula(call.formula)]]);
});

/** Sets the assumptions (Inputs!A1:B44, years in D1) and returns both tables' data rows. */
export function evaluate(assumptions: Row[], years: unknown) {
  const padded = [...assumptions, ...Array.from({ length: RANGE_ROWS - assumptions.length }, () => [null, null] as Row)];
  hf.batch(() => {
    hf.setSheetContent(inputs, padded.map(([n, v], i) => (i === 0 ? [n, v, null, years as never] : [n, v])));
    // (The engine sizes a spill when the formula is entered: entered again after its inputs.)
    hf.setSheetContent(watt, [[toEngineFormula(call.formula)]]);
  });
  return { watt: hf.getSheetValues(watt).slice(1, 11), native: hf.getSheetValues(native).slice(1, 11) };
}

const isErr = (v: unknown) => v instanceof DetailedCellError;

/** The scale of a metric: the flows' magnitudes it sums (npv, value_per_w), else itself. */
function check(w: unknown[][], n: unknown[][], scale: (metric: string, path: number) => number): void {
  PATH_METRICS.forEach((metric, i) => PATH_NAMES.forEach((path, p) => {
    const a = w[i]?.[p + 1];
    const b = n[i]?.[p + 1];
    const where = `${metric} of ${path}`;
    // The block's documented limit: an IRR farther than the scan's reach from 10% a year (a monthly rate
    // below -63% or above +172%) is #NUM! there.
    const monthly = typeof a === 'number' && metric === 'irr' ? Math.expm1(Math.log1p(a) / 12) : NaN;
    if (isErr(b) && (b as DetailedCellError).value === '#NUM!' && Math.abs(monthly - periodRate(0.1, 12)) >= IRR_REACH - 0.02) return;
    if (isErr(a)) {
      if (!isErr(b)) throw new Error(`${where}: WATT ${String(a)}, native ${String(b)}`);
    } else if (typeof a === 'number') {
      const tolerance = 1e-9 * Math.max(Math.abs(a), scale(metric, p));
      if (typeof b !== 'number' || !(Math.abs(a - b) <= tolerance)) throw new Error(`${where}: WATT ${String(a)}, native ${String(b)} (tolerance ${tolerance})`);
    } else if (a !== b) throw new Error(`${where}: WATT ${String(a)}, native ${String(b)}`);
  }));
}

// The site and market of the three-paths template (src/templates/three-paths.ts: a 100 MW site at 17.5 J/TH,
// BTC $87,000, 1,075 EH/s), every other assumption at WATT.PATHS's default; 10 years.
const DEFAULTS: Row[] = [['start_date', 46023], ['btc_price', 87000], ['network_hashrate', 1075], ['fees', 0.02], ['site_mw', 100], ['efficiency', 17.5], ['power_price', 0.045], ['uptime', 0.95], ['pool_fee', 0.02]];

test('the three-paths site at WATT.PATHS\'s defaults: the block equals WATT.PATHS (mine NPV $70.2M, lease payback 7.54 years)', () => {
  const r = evaluate(DEFAULTS, 10);
  check(r.watt, r.native, () => 0);
  // The mine NPV the issue quotes for the three-paths template ($70.2M: the mine path reads only the site and market).
  expect(r.native[PATH_METRICS.indexOf('npv')][1]).toBeCloseTo(70205703.02, 1);
  expect(r.native[PATH_METRICS.indexOf('irr')][1]).toBe('n/a');
  expect(r.native[PATH_METRICS.indexOf('payback_years')][2]).toBeCloseTo(7.5359, 3);
});

// GPUs whose life ends exactly at the horizon (conversion 12 months, gpu_life 5 years, 6 years: H - c = 60
// months = one life) are at their residual value, not new (src/core/paths.ts, the numbers branch's fix): the
// block's hall-and-GPU terminal value follows the core; at 10 years the GPUs are 48 months old, as before.
test.each([6, 11, 10])('GPUs at the end of their life at the horizon (%i years): the block equals WATT.PATHS', (years) => {
  const r = evaluate([...DEFAULTS, ['conversion_months', 12], ['gpu_life', 5], ['gpu_residual', 0.1]], years);
  check(r.watt, r.native, () => 0);
});

// A hall still being built at the horizon (a 30-month build, 2 years) is valued at its opening on its first
// 12 months in service, with new GPUs, discounted back to H; opening exactly at H (24 months) it is worth the
// finished hall and new GPUs (src/core/paths.ts shellValue): the block follows the core, escalated lease too.
test.each([[30, 2], [24, 2], [13, 1], [120, 3]])('a hall still being built at the horizon (build %i months, %i years): the block equals WATT.PATHS', (months, years) => {
  const r = evaluate([...DEFAULTS, ['conversion_months', months], ['lease_escalator', 0.03], ['lease_term', 1.5], ['cloud_prepayment', 0.1]], years);
  check(r.watt, r.native, () => 0);
  expect(r.native[PATH_METRICS.indexOf('terminal_value')][2]).toBeGreaterThan(0);
});

// A fleet older than miner_life at the horizon (bought at month 48, the site off for good from month 76, so
// the month-96 replacement never comes: 72 months old at H = 120) is worth 0, not 1 - 72/48 of its cost
// (the hybrid branch's fix): the block's mine terminal value follows the core.
test('a fleet past its life at the horizon is worth 0 in the block as in WATT.PATHS', () => {
  const r = evaluate([['start_date', 46023], ['btc_price', 87000], ['network_hashrate', 1075], ['fees', 0.02], ['site_mw', 300], ['efficiency', 17.5], ['power_price', 0.02084330729780712], ['uptime', 0.9366507285974498], ['pool_fee', 0.02], ['other_cost', 5]], 10);
  check(r.watt, r.native, () => 0);
  expect(r.native[PATH_METRICS.indexOf('terminal_value')][1]).toBe(0);
});

interface Case { assumptions: Row[]; years: number }

const number = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => (Math.abs(v) < 1e-300 ? 0 : v));
/** Valid assumptions over the ranges a model uses (growths and rates that keep 50 years of flows finite). */
const validCase: fc.Arbitrary<Case> = fc
  .record({
    start_date: fc.oneof(fc.integer({ min: 39816, max: 80000 }), number(39816, 80000)),
    btc_price: number(1000, 1e6),
    network_hashrate: number(1, 1e4),
    site_mw: number(1, 2000),
    efficiency: number(5, 60),
    power_price: number(0, 0.2),
    btc_price_growth: fc.option(number(-0.5, 1), { nil: undefined }),
    network_hashrate_growth: fc.option(number(-0.5, 1), { nil: undefined }),
    fees: fc.option(number(0, 1), { nil: undefined }),
    uptime: fc.option(number(0.5, 1), { nil: undefined }),
    pool_fee: fc.option(number(0, 0.05), { nil: undefined }),
    other_cost: fc.option(number(0, 20), { nil: undefined }),
    it_ratio: fc.option(number(0.5, 1), { nil: undefined }),
    conversion_capex: fc.option(number(1, 20), { nil: undefined }),
    conversion_months: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
    lease_rent: fc.option(number(20, 300), { nil: undefined }),
    lease_term: fc.option(fc.oneof(fc.integer({ min: 1, max: 30 }), number(0.5, 40)), { nil: undefined }),
    lease_escalator: fc.option(number(0, 0.05), { nil: undefined }),
    lease_noi_margin: fc.option(number(0.5, 1), { nil: undefined }),
    exit_cap_rate: fc.option(fc.oneof(number(0.04, 0.15), fc.constant(0)), { nil: undefined }),
    terminal_value: fc.option(fc.constantFrom<number | string>(0, 1, 'yes', 'No', ' YES '), { nil: undefined }),
    gpu_hour_price: fc.option(number(0.5, 6), { nil: undefined }),
    kw_per_gpu: fc.option(number(1, 4), { nil: undefined }),
    cloud_utilization: fc.option(number(0.3, 1), { nil: undefined }),
    cloud_capex_extra: fc.option(number(0, 40), { nil: undefined }),
    cloud_ebitda_margin: fc.option(number(0.3, 1), { nil: undefined }),
    cloud_prepayment: fc.option(number(0, 0.5), { nil: undefined }),
    gpu_life: fc.option(fc.oneof(fc.integer({ min: 1, max: 10 }), number(0.25, 50)), { nil: undefined }),
    gpu_residual: fc.option(number(0, 0.5), { nil: undefined }),
    gpu_price_decline: fc.option(number(0, 0.5), { nil: undefined }),
    mining_capex: fc.option(fc.oneof(number(0, 30), fc.constant(0)), { nil: undefined }),
    miner_life: fc.option(fc.oneof(fc.integer({ min: 1, max: 8 }), number(0.25, 50)), { nil: undefined }),
    curtail: fc.option(fc.constantFrom<number | string>(0, 1, 'yes', 'no'), { nil: undefined }),
    discount_rate: fc.option(number(-0.05, 0.4), { nil: undefined }),
  })
  .chain((values) => {
    const conversion = values.conversion_capex ?? 10;
    const { cloud_capex_extra: extra, ...rest } = values;
    const withCloud = { ...rest, ...(extra !== undefined ? { cloud_capex: conversion + extra } : {}) };
    const rows = Object.entries(withCloud).filter(([, v]) => v !== undefined) as [string, number | string][];
    return fc.record({
      order: fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }),
      spelling: fc.array(fc.constantFrom((s: string) => s, (s: string) => s.toUpperCase(), (s: string) => ` ${s} `), { minLength: rows.length, maxLength: rows.length }),
      years: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 15 }), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 50 }), weight: 1 }),
    });
  })
  .map(({ order, spelling, years }) => ({ assumptions: order.map(([name, value], i) => [spelling[i](name), value] as Row), years }));

/**
 * Equal within 1e-9 relative of the larger of the value and its scale: for npv and value_per_w the
 * discounted flows' magnitudes (an NPV is a difference of large flows, the core's in decimal).
 */
function expectSame(c: Case): void {
  const r = evaluate(c.assumptions, c.years);
  const wattRow = (metric: string) => r.watt[PATH_METRICS.indexOf(metric as never)];
  const scale = (metric: string, p: number) => {
    const capex = Math.abs(Number(wattRow('capex')[p + 1]) || 0) + Math.abs(Number(wattRow('refresh_capex')[p + 1]) || 0) + Math.abs(Number(wattRow('terminal_value')[p + 1]) || 0);
    const flows = capex + Math.abs(Number(wattRow('annual_revenue')[p + 1]) || 0) * (c.years + 10);
    if (metric === 'npv') return flows;
    if (metric === 'value_per_w') return flows / (Number(c.assumptions.find(([n]) => String(n).trim().toLowerCase() === 'site_mw')![1]) * 1e6);
    return 0;
  };
  if (isErr(r.watt[0]?.[1]) || r.watt.length === 0) throw new Error(`WATT.PATHS refused a valid case: ${String(r.watt[0]?.[1])}`);
  check(r.watt, r.native, scale);
}

test('on random valid assumptions (fixed seed), every cell of the native block equals WATT.PATHS', () => {
  fc.assert(fc.property(validCase, (c) => expectSame(c)), { numRuns: 12 });
});

/** Each way the function refuses its assumptions or its horizon, applied to a valid case. */
const lower = (n: unknown) => String(n).trim().toLowerCase();
const BREAKS: [string, (c: Case) => Case][] = [
  ['a name given twice', (c) => ({ ...c, assumptions: [...c.assumptions, [lower(c.assumptions[0][0]), c.assumptions[0][1]]] })],
  ['a name it does not know', (c) => ({ ...c, assumptions: [...c.assumptions, ['lease_rnet', 1]] })],
  ['a value without a name', (c) => ({ ...c, assumptions: [...c.assumptions, [null, 5]] })],
  ['text as a value', (c) => ({ ...c, assumptions: c.assumptions.map(([n, v]) => [n, lower(n) === 'site_mw' ? '100 MW' : v]) })],
  ['a yes/no lever neither yes nor no', (c) => ({ ...c, assumptions: [...c.assumptions.filter(([n]) => lower(n) !== 'curtail'), ['curtail', 'maybe']] })],
  ['a yes/no lever out of range', (c) => ({ ...c, assumptions: [...c.assumptions.filter(([n]) => lower(n) !== 'terminal_value'), ['terminal_value', 2]] })],
  ['a value out of range', (c) => ({ ...c, assumptions: [...c.assumptions.filter(([n]) => lower(n) !== 'it_ratio'), ['it_ratio', 1.2]] })],
  ['conversion_months not whole', (c) => ({ ...c, assumptions: [...c.assumptions.filter(([n]) => lower(n) !== 'conversion_months'), ['conversion_months', 6.5]] })],
  ['cloud_capex below conversion_capex', (c) => ({ ...c, assumptions: [...c.assumptions.filter(([n]) => !['cloud_capex', 'conversion_capex'].includes(lower(n))), ['conversion_capex', 10], ['cloud_capex', 9]] })],
  ['a required value missing', (c) => ({ ...c, assumptions: c.assumptions.filter(([n]) => lower(n) !== 'btc_price') })],
  ['years 0', (c) => ({ ...c, years: 0 })],
  ['years not whole', (c) => ({ ...c, years: 2.5 })],
  ['years over 50', (c) => ({ ...c, years: 51 })],
];

describe.each(BREAKS)('an invalid input (%s) makes every cell of the block an error, as WATT.PATHS', (_, breakIt) => {
  test('on random valid cases so broken (fixed seed)', () => {
    fc.assert(fc.property(validCase, (valid) => {
      const c = breakIt(valid);
      const r = evaluate(c.assumptions, c.years);
      expect(isErr(r.watt[0]?.[0] ?? hf.getSheetValues(watt)[0][0])).toBe(true);
      r.native.forEach((row, i) => row.slice(1).forEach((v, p) => {
        if (!isErr(v)) throw new Error(`${PATH_METRICS[i]} of ${PATH_NAMES[p]} is ${String(v)}, not an error`);
      }));
    }), { numRuns: 1 });
  });
});

// Regression cases found by exploring seeds (scripts aside, fast-check seed 7).
test('a cloud IRR of -16.7% a year on 40 years of flows: IRR started in the refined bracket finds the core\'s root', () => {
  // Seed 7, run 16: Excel's IRR started at the grid bracket's midpoint (-0.99% a month) did not converge.
  expectSame({ assumptions: [[' other_cost ', 2.5855012624254343e-262], ['LEASE_RENT', 206.6275633664229], [' start_date ', 62406.2316653824], [' pool_fee ', 0], ['UPTIME', 0.5058219322521469], [' btc_price_growth ', 0], [' efficiency ', 37.5685154852211], ['BTC_PRICE', 56422.38011026151], ['miner_life', 7], ['POWER_PRICE', 1.9975944829700976e-13], ['EXIT_CAP_RATE', 0], ['mining_capex', 0], ['network_hashrate', 1.0000000000000022], ['lease_noi_margin', 0.5000000000000018], ['lease_escalator', 4.0715978383110355e-84], ['CONVERSION_CAPEX', 19.99999999999996], ['gpu_life', 9], ['kw_per_gpu', 2.699878183262379], ['TERMINAL_VALUE', ' YES '], ['curtail', 1], ['CLOUD_EBITDA_MARGIN', 1], [' gpu_price_decline ', 2.676874230680804e-79], ['SITE_MW', 846.3402521532261], ['gpu_hour_price', 0.5], [' conversion_months ', 80], [' cloud_prepayment ', 3.006348028435195e-56], ['CLOUD_UTILIZATION', 0.3000000000000001], ['lease_term', 3.539159225400044], ['gpu_residual', 0], [' fees ', 8.592437047230638e-223]], years: 40 });
});

test('a cloud IRR of -100% a year (a root far below the scan): #NUM! in the block, never another root', () => {
  // Seed 7, run 16 after the fix above: the core finds a monthly root below -63%; the block says #NUM!.
  const c: Case = { assumptions: [['exit_cap_rate', 0], ['miner_life', 2], ['terminal_value', 0], ['pool_fee', 3.264488774931131e-213], [' btc_price_growth ', 0], [' cloud_prepayment ', 2.9376686240253395e-58], [' network_hashrate ', 9999.99999999997], ['network_hashrate_growth', -1.438551116691233e-183], [' conversion_capex ', 19.862351652117592], ['lease_term', 28], [' other_cost ', 1.2950407589028163e-191], ['GPU_LIFE', 0.8791697096251785], [' start_date ', 39821], [' gpu_residual ', 0], [' power_price ', 2.0645675731076482e-90], [' lease_rent ', 114.52290036028639], [' lease_noi_margin ', 0.9192869130136251], ['DISCOUNT_RATE', 2.3239236356101643e-38], ['SITE_MW', 1.061197012394688], ['BTC_PRICE', 1000.0000000000013], [' uptime ', 0.6818768267514821], [' mining_capex ', 0], ['conversion_months', 4], ['gpu_hour_price', 1.6702394161904], [' fees ', 0.00047820393722088604], [' efficiency ', 12.49903620899934], ['cloud_utilization', 0.8203200937843454], [' it_ratio ', 0.5000000000000006], [' curtail ', 'yes']], years: 5 };
  expectSame(c);
  const r = evaluate(c.assumptions, c.years);
  const irr = PATH_METRICS.indexOf('irr');
  expect(r.watt[irr][3]).toBe(-1);
  expect((r.native[irr][3] as DetailedCellError).value).toBe('#NUM!');
  // The lease's IRR in the same case is within the scan: the same number as the core's.
  expect(Math.abs((r.native[irr][2] as number) - (r.watt[irr][2] as number))).toBeLessThan(1e-12);
});
