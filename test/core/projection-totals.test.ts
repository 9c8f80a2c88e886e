/**
 * WATT.PROJECTIONTOTAL: totals computed from the same rows as WATT.PROJECTION, so they cover exactly the
 * months projected, checked against independent arithmetic over a year without a halving (2027), the
 * table's own sums at every size, and the table's errors.
 */
import fc from 'fast-check';
import { Evaluator } from '../../src/engine/evaluate';
import { serialFromUtc } from '../../src/core/dates';
import { WattError } from '../../src/core/errors';
import { PROJECTION_COLUMNS, PROJECTION_TOTALS, projectionTable, projectionTotal } from '../../src/core/projection';

const range = (a: Record<string, unknown>) => Object.entries(a).map(([k, v]) => [k, v]);
const site = { start_date: serialFromUtc(2027, 1, 1), btc_price: 90000, network_hashrate: 1100, site_mw: 100, efficiency: 17.5, power_price: 0.05, fees: 0.02, uptime: 0.95, pool_fee: 0.02, other_cost: 4 };

describe('projectionTotal', () => {
  test('2027 (365 days, subsidy 3.125 all year, flat inputs): totals equal the closed form', () => {
    // BTC a day = 144 blocks x (3.125 + 0.02) BTC / (1,100,000 PH/s) x site PH/s x (1 - 2%);
    // site PH/s = 100 MW x 1000 / 17.5 J/TH x 95%. Energy = 100 MW x 95% x 24 h x 365.
    const siteHashrate = (100 * 1000 / 17.5) * 0.95;
    const btc = ((144 * 3.145) / 1_100_000) * siteHashrate * 365 * 0.98;
    const energy = 100 * 0.95 * 24 * 365;
    const r = range(site);
    const rel = (got: unknown, want: number) => expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(1e-12 * want);
    rel(projectionTotal(r, 12, 'btc_mined'), btc);
    rel(projectionTotal(r, 12, 'revenue'), btc * 90000);
    rel(projectionTotal(r, 12, 'energy'), energy);
    rel(projectionTotal(r, 12, 'power_cost'), energy * 1000 * 0.05);
    rel(projectionTotal(r, 12, 'other_cost'), energy * 4);
    rel(projectionTotal(r, 12, 'gross_margin'), btc * 90000 - energy * 1000 * 0.05 - energy * 4);
    rel(projectionTotal(r, 12, 'power_cost_per_btc'), (energy * 1000 * 0.05) / btc);
    expect(projectionTotal(r, 12, 'months_before_halving')).toBe(12);
    expect(projectionTotal(r, 12, 'negative_margin_months')).toBe(0);
  });

  test('the fifth halving (April 2028) inside the horizon: 16 months at 3.125 BTC from 2027-01', () => {
    expect(projectionTotal(range(site), 36, 'months_before_halving')).toBe(16);
  });

  test('property: at every size 1..600 each total is the sum (or count) over the table\'s rows', () => {
    const col = (name: string) => PROJECTION_COLUMNS.indexOf(name as never);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), fc.double({ min: 0, max: 0.5, noNaN: true }), fc.double({ min: 20000, max: 200000, noNaN: true }), (months, growth, price) => {
        const r = range({ ...site, network_hashrate_growth: growth, btc_price: price });
        const table = projectionTable(r, months) as unknown[][];
        const rows = table.slice(1);
        expect(rows).toHaveLength(months);
        for (const k of ['btc_mined', 'revenue', 'power_cost', 'gross_margin']) {
          const s = rows.reduce((a, row) => a + (row[col(k)] as number), 0);
          expect(Math.abs((projectionTotal(r, months, k) as number) - s)).toBeLessThanOrEqual(1e-9 * Math.abs(s));
        }
        expect(projectionTotal(r, months, 'negative_margin_months')).toBe(rows.filter((row) => (row[col('gross_margin')] as number) < 0).length);
      }),
      { numRuns: 25 },
    );
  });

  test('the table\'s error is every total\'s error; an unknown metric is #VALUE! listing the metrics', () => {
    for (const bad of [{ ...site, start_date: 5 }, { ...site, btc_price: 'high' }]) {
      const table = projectionTable(range(bad), 12);
      expect(table).toBeInstanceOf(WattError);
      for (const metric of Object.keys(PROJECTION_TOTALS)) expect(projectionTotal(range(bad), 12, metric)).toEqual(table);
    }
    expect(projectionTotal(range(site), 12, 'profit')).toEqual(
      new WattError('#VALUE!', 'metric: unknown value "profit"; accepted: btc_mined, revenue, energy, power_cost, other_cost, gross_margin, negative_margin_months, months_before_halving, power_cost_per_btc'),
    );
    expect(projectionTotal(range({ ...site, pool_fee: 1 }), 12, 'power_cost_per_btc')).toBeInstanceOf(WattError);
  });
});

describe('WATT.PROJECTIONTOTAL in the engine', () => {
  const ev = new Evaluator();
  const SITE = '"start_date",46388;"btc_price",90000;"network_hashrate",1100;"site_mw",100;"efficiency",17.5;"power_price",0.05';
  test('equals the core; a bad argument is #VALUE! naming it', () => {
    const o = ev.evaluate(`=WATT.PROJECTIONTOTAL({${SITE}}, 150, "btc_mined")`);
    const core = projectionTotal(range({ start_date: 46388, btc_price: 90000, network_hashrate: 1100, site_mw: 100, efficiency: 17.5, power_price: 0.05 }), 150, 'btc_mined') as number;
    expect('value' in o && Math.abs((o.value as number) - core)).toBeLessThanOrEqual(1e-9 * core);
    expect(ev.evaluate(`=WATT.PROJECTIONTOTAL({${SITE}}, 601, "btc_mined")`)).toMatchObject({ error: '#VALUE!', message: 'months must be from 1 to 600 months (got 601)' });
    expect(ev.evaluate(`=WATT.PROJECTIONTOTAL({${SITE}}, 12)`)).toMatchObject({ error: '#VALUE!', message: expect.stringMatching(/^metric is required/) });
  });
});
