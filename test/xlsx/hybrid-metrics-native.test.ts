/**
 * WATT.HYBRID's native metric table (src/xlsx/hybrid-native.ts hybridMetricBlock), evaluated in the engine
 * beside the WATT function on the same assumptions and phases (the cases of hybrid-native.test.ts):
 *  - on the hybrid-site phases and on random valid assumptions and phases (fast-check, fixed seed), every
 *    cell equals the function's: numbers within 1e-9 relative of the larger of the value and the scale of
 *    the flows it sums (npv, npv_vs_mine and value_per_w: the capex, refresh, terminal value and a year
 *    of revenue per year of the horizon; an NPV is a difference of large flows, the core's in decimal),
 *    texts ("n/a", "never") the same; an IRR beyond the PATHS block's scan (a monthly rate below -63% or
 *    above +172%) is #NUM! in the block, its documented limit;
 *  - every phase or assumption the function refuses makes every cell an error.
 */
import fc from 'fast-check';
import { DetailedCellError } from 'hyperformula';
import { HYBRID_METRICS, HYBRID_SCENARIOS } from '../../src/core/hybrid';
import { periodRate } from '../../src/core/cashflow';
import { hybridMetricBlock } from '../../src/xlsx/hybrid-native';
import { IRR_REACH } from '../../src/xlsx/paths-native';
import { BREAKS, Case, HYBRID_AT, hybridBench, PHASE_ROWS, PHASES, RANGE_ROWS, SITE, validCase } from './hybrid-cases';
import { tiered } from '../helpers/tier';

const formula = `=WATT.HYBRID(Inputs!A1:B${RANGE_ROWS}, Inputs!F1:L${PHASE_ROWS}, Inputs!D1)`;
const evaluate = hybridBench(hybridMetricBlock({ ...HYBRID_AT, formula }, 'Watt native', 0), formula);

const isErr = (v: unknown) => v instanceof DetailedCellError;

function check(c: Case, w: unknown[][], n: unknown[][]): void {
  const value = (metric: string, p: number) => Math.abs(Number(w[1 + HYBRID_METRICS.indexOf(metric as never)]?.[1 + p]) || 0);
  const siteMw = Number(c.assumptions.find(([x]) => String(x).trim().toLowerCase() === 'site_mw')![1]);
  HYBRID_METRICS.forEach((metric, i) => HYBRID_SCENARIOS.forEach((scenario, p) => {
    const a = w[1 + i]?.[1 + p];
    const b = n[1 + i]?.[1 + p];
    const where = `${metric} of ${scenario}`;
    // The scale of a metric that sums flows: the outlays, the terminal values and the mine's NPV (its revenue's order), of all three scenarios.
    const flows = [0, 1, 2].reduce((sum, q) => sum + value('conversion_capex', q) + value('refresh_capex', q) + value('terminal_value', q) + value('npv', q), 0);
    const scale = metric === 'npv' || metric === 'npv_vs_mine' ? flows : metric === 'value_per_w' ? flows / (siteMw * 1e6) : 0;
    if (typeof a === 'number' && (metric === 'irr' || metric === 'irr_vs_mine') && isErr(b) && (b as DetailedCellError).value === '#NUM!') {
      const monthly = Math.expm1(Math.log1p(a) / 12);
      if (Math.abs(monthly - periodRate(0.1, 12)) >= IRR_REACH - 0.02) return;
    }
    if (isErr(a)) {
      if (!isErr(b)) throw new Error(`${where}: WATT ${String(a)}, native ${String(b)}`);
    } else if (typeof a === 'number') {
      const tolerance = 1e-9 * Math.max(Math.abs(a), scale);
      if (typeof b !== 'number' || !(Math.abs(a - b) <= tolerance)) throw new Error(`${where}: WATT ${String(a)}, native ${String(b)} (tolerance ${tolerance})`);
    } else if (a !== b) throw new Error(`${where}: WATT ${String(a)}, native ${String(b)}`);
  }));
}

test('the hybrid-site phases at the defaults: every cell of the block equals WATT.HYBRID', () => {
  const r = evaluate(SITE, PHASES, 10);
  check({ assumptions: SITE, phases: PHASES, years: 10 }, r.watt, r.native);
  expect(r.native[0]).toEqual(['metric', 'hybrid', 'mine', 'convert_now']);
  expect(typeof r.native[1][1]).toBe('number');
  expect(r.native[4][2]).toBe('n/a');
});

test('no phase: hybrid and convert_now are the mine scenario (irr_vs_mine an error or n/a as the function)', () => {
  const r = evaluate(SITE, [], 10);
  check({ assumptions: SITE, phases: [], years: 10 }, r.watt, r.native);
  expect(r.native[1][1]).toBe(r.native[1][2]);
});

test('on random valid assumptions and phases (fixed seed), every cell of the native block equals WATT.HYBRID', () => {
  fc.assert(fc.property(validCase, (c) => {
    const r = evaluate(c.assumptions, c.phases, c.years);
    if (isErr(r.watt[0]?.[0]) || r.watt.length === 0) throw new Error(`WATT.HYBRID refused a valid case: ${String(r.watt[0]?.[0])}`);
    check(c, r.watt, r.native);
  }), { numRuns: tiered(2, 14) });
});

// Every way the function refuses its inputs in the extended run (test/helpers/tier.ts); every other one
// in npm test (starts, MW, kinds, overrides, the sum, the assumptions and the horizon each represented).
const METRIC_BREAKS = tiered(BREAKS.filter((_, i) => i % 2 === 0 || i === BREAKS.length - 1), BREAKS);
describe.each(METRIC_BREAKS)('an invalid input (%s) makes every cell of the block an error, as WATT.HYBRID', (_, breakIt) => {
  test('on the hybrid-site phases so broken', () => {
    const c = breakIt({ assumptions: SITE, phases: [...PHASES, [], []], years: 10 });
    const r = evaluate(c.assumptions, c.phases, c.years);
    expect(isErr(r.watt[0]?.[0])).toBe(true);
    r.native.slice(1).forEach((row, i) => row.slice(1).forEach((v, p) => {
      if (!isErr(v)) throw new Error(`${HYBRID_METRICS[i]} of ${HYBRID_SCENARIOS[p]} is ${String(v)}, not an error`);
    }));
  });
});
