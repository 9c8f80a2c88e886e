/**
 * WATT.CURTAIL and WATT.CURTAILTABLE (src/functions/flexible.ts, src/core/curtail.ts): a worked example
 * by hand under each of the three contracts, the strike equal to WATT.BREAKEVENPOWER's, the errors a
 * user meets, and properties on random price series (fast-check, fixed seed of test/_setup).
 *
 * Worked example (every number below by hand from the definitions in src/core/curtail.ts):
 *   prices 30, 45, 250, 20 USD/MWh, hourly; hashprice 50 USD per PH/s per day; 17.5 J/TH; no pool fee;
 *   site 100 MW.
 *   strike s = 50 x 1000 / (24 x 17.5) = 119.047619... USD/MWh (BREAKEVENPOWER(17.5, 50) = 0.119047619 USD/kWh)
 *   run: 30, 45, 20 (3 hours); curtailed: 250 (1 hour)
 *   mining revenue = s x 3 h x 100 MW = 35,714.29 USD
 *   index contract: power cost = (30 + 45 + 20) x 100 = 9,500; total = 26,214.29;
 *     always-on = (4 s - 345) x 100 = 13,119.05; flexibility = (250 - s) x 100 = 13,095.24 (= total - always-on);
 *     AI load of 100 MW = 345 x 100 = 34,500 USD, 86.25 USD/MWh.
 *   fixed price 25 with sell-back: cost = 25 x 4 x 100 = 10,000; credits = 250 x 100 = 25,000;
 *     total = 35,714.29 + 25,000 - 10,000 = 50,714.29; average cost of the power used = (10,000 - 25,000) / 300 MWh = -50 USD/MWh;
 *     always-on = (s - 25) x 400 = 37,619.05; flexibility 13,095.24 again.
 *   fixed price 25 without sell-back: runs every hour (25 < s): revenue 4 s x 100 = 47,619.05, cost 10,000, total 37,619.05, flexibility 0;
 *     at a fixed price of 150 (> s): nothing runs, total 0, always-on (s - 150) x 400 = -12,380.95, flexibility 12,380.95.
 */
import fc from 'fast-check';
import { Evaluator, Outcome } from '../../src/engine/evaluate';
import { curtail, curtailtable, breakevenpower } from '../../src/functions';
import { curtailPrices, CURTAIL_METRICS, CurtailInputs, CurtailResult } from '../../src/core/curtail';
import { isError } from '../../src/core/errors';
import { isClose } from '../helpers/tolerance';

const evaluator = new Evaluator();
const evaluate = (formula: string): Outcome => evaluator.evaluate(formula);
const value = (formula: string) => {
  const out = evaluate(formula);
  if ('error' in out) throw new Error(`${formula}: ${out.error} ${out.message}`);
  return out.value as number;
};
const P4 = '{30,45,250,20}';
const S = (50 * 1000) / (24 * 17.5);
const call = (rest: string) => value(`=WATT.CURTAIL(${P4}, 50, 17.5, ${rest})`);

describe('worked example (by hand, see the header)', () => {
  test('index contract (no fixed price): the site buys at each hour\'s price', () => {
    expect(call('0, 0, 1, 100, "strike"')).toBeCloseTo(119.047619047619, 10);
    expect(call('0, 0, 1, 100, "uptime"')).toBe(0.75);
    expect(call('0, 0, 1, 100, "hours_run"')).toBe(3);
    expect(call('0, 0, 1, 100, "hours_curtailed"')).toBe(1);
    expect(call('0, 0, 1, 100, "energy_used"')).toBe(300);
    expect(call('0, 0, 1, 100, "mining_revenue"')).toBeCloseTo(35714.2857142857, 6);
    expect(call('0, 0, 1, 100, "power_cost"')).toBe(9500);
    expect(call('0, 0, 1, 100, "power_credits"')).toBe(0);
    expect(call('0, 0, 1, 100, "total"')).toBeCloseTo(26214.2857142857, 6);
    expect(call('0, 0, 1, 100, "avg_power_cost"')).toBeCloseTo(95 / 3, 10);
    expect(call('0, 0, 1, 100, "always_on_total"')).toBeCloseTo((4 * S - 345) * 100, 6);
    expect(call('0, 0, 1, 100, "flexibility_value"')).toBeCloseTo(13095.2380952381, 6);
    expect(call('0, 0, 1, 100, "ai_power_cost"')).toBe(34500);
    expect(call('0, 0, 1, 100, "ai_avg_power_cost"')).toBe(86.25);
    // the default metric is the total; an empty ppa_price is no contract
    expect(value(`=WATT.CURTAIL(${P4}, 50, 17.5, , , , 100)`)).toBeCloseTo(26214.2857142857, 6);
  });

  test('fixed price 25 USD/MWh with sell-back: power credits for the hour curtailed', () => {
    expect(call('0, 25, 1, 100, "power_cost"')).toBe(10000);
    expect(call('0, 25, 1, 100, "power_credits"')).toBe(25000);
    expect(call('0, 25, 1, 100, "total"')).toBeCloseTo(50714.2857142857, 6);
    expect(call('0, 25, 1, 100, "avg_power_cost"')).toBe(-50);
    expect(call('0, 25, 1, 100, "always_on_total"')).toBeCloseTo(37619.0476190476, 6);
    expect(call('0, 25, 1, 100, "flexibility_value"')).toBeCloseTo(13095.2380952381, 6);
    expect(call('0, 25, 1, 100, "ai_power_cost"')).toBe(10000);
    expect(call('0, 25, 1, 100, "ai_avg_power_cost"')).toBe(25);
  });

  test('fixed price without sell-back: all hours or none, no credits', () => {
    expect(call('0, 25, 0, 100, "uptime"')).toBe(1);
    expect(call('0, 25, 0, 100, "total"')).toBeCloseTo(37619.0476190476, 6);
    expect(call('0, 25, 0, 100, "flexibility_value"')).toBe(0);
    expect(call('0, 25, 0, 100, "power_credits"')).toBe(0);
    expect(call('0, 150, 0, 100, "uptime"')).toBe(0);
    expect(call('0, 150, 0, 100, "total"')).toBe(0);
    expect(call('0, 150, 0, 100, "flexibility_value"')).toBeCloseTo(12380.9523809524, 6);
    expect(evaluate(`=WATT.CURTAIL(${P4}, 50, 17.5, 0, 150, 0, 100, "avg_power_cost")`)).toMatchObject({ error: '#NUM!' });
  });

  test('15-minute intervals and demand response: hours scale, demand response apart from credits', () => {
    // 4 quarter-hours: 1 hour; 0.25 h curtailed. Demand response 10,000 USD per MW-month x 100 MW x 1 h / 730 h.
    expect(value(`=WATT.CURTAIL(${P4}, 50, 17.5, 0, 25, 1, 100, "hours_curtailed", 0.25)`)).toBe(0.25);
    expect(value(`=WATT.CURTAIL(${P4}, 50, 17.5, 0, 25, 1, 100, "power_credits", 0.25)`)).toBe(6250);
    expect(value(`=WATT.CURTAIL(${P4}, 50, 17.5, 0, 25, 1, 100, "dr_revenue", 0.25, 10000)`)).toBeCloseTo(1e6 / 730, 8);
    expect(value(`=WATT.CURTAIL(${P4}, 50, 17.5, 0, 25, 1, 100, "power_credits", 0.25, 10000)`)).toBe(6250);
  });

  test('CURTAILTABLE lists every metric with its unit, the same numbers as CURTAIL', () => {
    const table = curtailtable([[30, 45, 250, 20]], 50, 17.5, 0, 25, 1, 100) as unknown[][];
    expect(table[0]).toEqual(['metric', 'value', 'unit']);
    expect(table.slice(1).map((r) => r[0])).toEqual(CURTAIL_METRICS);
    for (const row of table.slice(1)) expect(row[1]).toBe(curtail([[30, 45, 250, 20]], 50, 17.5, 0, 25, 1, 100, row[0] as string));
    expect(table.find((r) => r[0] === 'power_credits')![2]).toBe('USD');
  });
});

test('the strike is WATT.BREAKEVENPOWER x 1000 (USD per kWh to USD per MWh), the very same double', () => {
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.double({ min: 0.1, max: 200, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (hp, e, pf) => {
      expect(curtail([[50]], hp, e, pf, 0, 1, 1, 'strike')).toBe(breakevenpower(e, hp, pf) * 1000);
    }),
  );
  expect(value('=WATT.CURTAIL({50}, 45, 21.5, 0.02, 0, 1, 1, "strike")')).toBe(value('=WATT.BREAKEVENPOWER(21.5, 45, 0.02)') * 1000);
});

describe('errors', () => {
  test.each([
    ['{30,"x",20}', 'prices: interval 2 (cell 2 of the range) must be a number in USD per MWh (got text "x")'],
    ['{30,45;20,1}', 'prices must be one row or one column of power prices in USD per MWh'],
  ])('prices %s', (prices, message) => {
    const out = evaluate(`=WATT.CURTAIL(${prices}, 50, 17.5)`);
    expect(out).toMatchObject({ error: '#VALUE!' });
    expect((out as { message: string }).message).toContain(message);
  });
  test.each([
    ['50, 17.5, 0, 25, 2', 'sell_back must be from 0 to 1'],
    ['50, 17.5, 0, -1', 'ppa_price must be >= 0 USD per MWh'],
    ['50, 0', 'efficiency must be > 0 J/TH'],
    ['50, 17.5, 0, 0, 1, 0', 'site_mw must be > 0 MW of site power'],
    ['50, 17.5, 0, 0, 1, 1, "margin"', 'metric: unknown value "margin"'],
    ['50, 17.5, 0, 0, 1, 1, "total", 25', 'interval_hours must be > 0 and <= 24 hours per price interval'],
    ['50, 17.5, 0, 0, 1, 1, "total", 1, -5', 'dr_price must be >= 0 USD per MW per month'],
  ])('(%s)', (args, message) => {
    const out = evaluate(`=WATT.CURTAIL(${P4}, ${args})`);
    expect(out).toMatchObject({ error: '#VALUE!' });
    expect((out as { message: string }).message).toContain(message);
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties (fixed seed): random hourly series with negative prices and spikes to the $5,000 cap.

const priceArb = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -50, max: 200, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ min: 200, max: 5000, noNaN: true }) },
);
const inputsArb = fc.record({
  hashprice: fc.double({ min: 20, max: 120, noNaN: true }),
  efficiency: fc.double({ min: 12, max: 40, noNaN: true }),
  poolFee: fc.double({ min: 0, max: 0.05, noNaN: true }),
  ppaPrice: fc.oneof(fc.constant(0), fc.double({ min: 1, max: 150, noNaN: true })),
  sellBack: fc.constantFrom(0, 1),
  siteMw: fc.double({ min: 1, max: 1000, noNaN: true }),
  intervalHours: fc.constantFrom(1, 0.25),
  drPrice: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 20000, noNaN: true })),
});
const ok = (r: ReturnType<typeof curtailPrices>): CurtailResult => {
  if (isError(r)) throw new Error(r.message);
  return r;
};
/** The gross flows a margin is the difference of: its rounding is measured against them. */
const scale = (r: CurtailResult) => r.mining_revenue + Math.abs(r.power_cost) + Math.abs(r.power_credits) + r.dr_revenue + Math.abs(r.ai_power_cost) + 1;

test('curtailment never lowers the margin against always-on (flexibility >= 0, and it is total - always-on)', () => {
  fc.assert(
    fc.property(fc.array(priceArb, { minLength: 1, maxLength: 400 }), inputsArb, (prices, x: CurtailInputs) => {
      const r = ok(curtailPrices(prices, x));
      expect(r.flexibility_value).toBeGreaterThanOrEqual(0);
      expect(isClose(r.total - r.always_on_total, r.flexibility_value, 1e-12, { scale: scale(r) })).toBe(true);
      // and independently, interval by interval in plain doubles: the sum of the MAX terms of each contract
      const s = r.strike;
      const hm = x.intervalHours * x.siteMw;
      const sum = (f: (p: number) => number) => prices.reduce((a, p) => a + f(p), 0);
      const expected = x.ppaPrice === 0 ? sum((p) => Math.max(s - p, 0)) * hm
        : x.sellBack === 1 ? (sum((p) => Math.max(s, p)) - x.ppaPrice * prices.length) * hm
        : Math.max(s - x.ppaPrice, 0) * prices.length * hm;
      expect(isClose(r.total, expected + r.dr_revenue, 1e-9, { scale: scale(r) })).toBe(true);
    }),
  );
});

test('with every price below the strike nothing is curtailed: uptime 1, the AI load\'s cost is the miners\' (index)', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 300 }), inputsArb, (fractions, x) => {
      const s = (x.hashprice * (1 - x.poolFee)) / (24 * x.efficiency) * 1000;
      const prices = fractions.map((f) => -50 + f * (s - 50) * 0.999);
      const r = ok(curtailPrices(prices, { ...x, ppaPrice: 0 }));
      expect(r.uptime).toBe(1);
      expect(r.hours_curtailed).toBe(0);
      expect(r.power_credits).toBe(0);
      expect(r.power_cost).toBe(r.ai_power_cost);
      expect(r.flexibility_value).toBe(r.dr_revenue);
    }),
  );
});

test('power credits are zero without sell-back (and without a fixed-price contract)', () => {
  fc.assert(
    fc.property(fc.array(priceArb, { minLength: 1, maxLength: 300 }), inputsArb, (prices, x) => {
      expect(ok(curtailPrices(prices, { ...x, sellBack: 0 })).power_credits).toBe(0);
      expect(ok(curtailPrices(prices, { ...x, ppaPrice: 0, sellBack: 1 })).power_credits).toBe(0);
    }),
  );
});
