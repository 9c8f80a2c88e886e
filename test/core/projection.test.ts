/**
 * WATT.PROJECTION's core: the calendar, the subsidy through the 2028 halving, growth, and the identity
 * btc_mined = hashvalue x site_hashrate x days x (1 - pool_fee), checked against the other cores
 * (bitcoin.ts, mining.ts) and against independent arithmetic in the tests.
 */
import fc from 'fast-check';
import { blockHeight, halvingDate } from '../../src/core/bitcoin';
import { isoDate, serialFromUtc } from '../../src/core/dates';
import { isError, WattError } from '../../src/core/errors';
import { costToMine, hashvalue } from '../../src/core/mining';
import { MonthRow, monthStarts, PROJECTION_COLUMNS, projectionTable, projectMonths, SiteInputs } from '../../src/core/projection';

const REF_DATE = 45402 + 9 / 1440; // block 840,000: 2024-04-20 00:09 UTC (WATT.BLOCKHEIGHT's default)

const base: SiteInputs = {
  start_date: serialFromUtc(2025, 1, 1),
  btc_price: 90000,
  btc_price_growth: 0,
  network_hashrate: 1100,
  network_hashrate_growth: 0,
  fees: 0.02,
  site_mw: 100,
  efficiency: 17.5,
  power_price: 0.05,
  uptime: 0.95,
  pool_fee: 0.02,
  other_cost: 4,
};

function rows(a: Partial<SiteInputs>, months: number): MonthRow[] {
  const r = projectMonths({ ...base, ...a }, months);
  if (isError(r)) throw new Error(String(r));
  return r;
}

const range = (a: Record<string, unknown>) => Object.entries(a).map(([k, v]) => [k, v]);
const required = { start_date: 46023, btc_price: 90000, network_hashrate: 1100, site_mw: 100, efficiency: 17.5, power_price: 0.05 };

describe('calendar months', () => {
  test('each row is a calendar month with its real days: 2028 is a leap year (Feb 29 days), 2027 not', () => {
    const r = rows({ start_date: serialFromUtc(2027, 1, 1) }, 24);
    expect(r.map((x) => x.days).slice(0, 3)).toEqual([31, 28, 31]);
    expect(r[13].days).toBe(29);
    expect(isoDate(r[13].date)).toBe('2028-02-01');
    expect(r.reduce((s, x) => s + x.days, 0)).toBe(365 + 366);
  });
  test('a start_date inside a month is snapped to the 1st (the whole month is modelled)', () => {
    const snapped = monthStarts(serialFromUtc(2026, 3, 17) + 0.75, 2);
    expect(snapped.map(isoDate)).toEqual(['2026-03-01', '2026-04-01', '2026-05-01']);
  });
  test('month counts from 1; the date column is the first day of each month as an Excel serial', () => {
    const t = projectionTable(range({ ...required, start_date: serialFromUtc(2025, 12, 31) }), 2) as unknown[][];
    expect(t[1][0]).toBe(1);
    expect(t[1][1]).toBe(serialFromUtc(2025, 12, 1));
    expect(t[2][1]).toBe(serialFromUtc(2026, 1, 1));
  });
});

describe('subsidy through the 2028 halving', () => {
  // The fifth halving (block 1,050,000) estimated with WATT.HALVINGDATE(5)'s defaults: April 2028.
  const halving = halvingDate(5, 840000, REF_DATE, 10) as number;
  const r = rows({ start_date: serialFromUtc(2027, 6, 1) }, 24);
  const first = r.findIndex((x) => x.block_height >= 1_050_000);

  test('the estimate falls in April 2028, so May 2028 is the first month whose first day is past block 1,050,000', () => {
    expect(isoDate(halving).slice(0, 7)).toBe('2028-04');
    expect(isoDate(r[first].date)).toBe('2028-05-01');
    expect(r[first - 1].date).toBeLessThan(halving);
    expect(r[first].date).toBeGreaterThan(halving);
  });
  test('that month has subsidy 1.5625 BTC and the month before 3.125; every month before 3.125, every month after 1.5625', () => {
    expect(r[first].subsidy).toBe(1.5625);
    expect(r[first - 1].subsidy).toBe(3.125);
    expect(r.slice(0, first).every((x) => x.subsidy === 3.125)).toBe(true);
    expect(r.slice(first).every((x) => x.subsidy === 1.5625)).toBe(true);
  });
  test('block_height is WATT.BLOCKHEIGHT at the first day of the month', () => {
    for (const x of r) expect(x.block_height).toBe(blockHeight(x.date, 840000, REF_DATE, 10));
  });
  test('with no fees, BTC mined per day halves exactly in that month (1e-12 relative)', () => {
    const nofee = rows({ start_date: serialFromUtc(2027, 6, 1), fees: 0 }, 24);
    const perDay = (x: MonthRow) => x.btc_mined / x.days;
    expect(Math.abs(perDay(nofee[first]) / perDay(nofee[first - 1]) - 0.5)).toBeLessThan(1e-12);
  });
});

describe('identities', () => {
  test('btc_mined = hashvalue x site_hashrate x days x (1 - pool_fee); site_hashrate = MW x 1000 / J/TH x uptime (1e-12 relative)', () => {
    fc.assert(
      fc.property(
        fc.record({
          btc_price: fc.double({ min: 1000, max: 1e6, noNaN: true }),
          network_hashrate: fc.double({ min: 100, max: 1e5, noNaN: true }),
          fees: fc.double({ min: 0, max: 2, noNaN: true }),
          site_mw: fc.double({ min: 1, max: 2000, noNaN: true }),
          efficiency: fc.double({ min: 5, max: 100, noNaN: true }),
          uptime: fc.double({ min: 0.01, max: 1, noNaN: true }),
          pool_fee: fc.double({ min: 0, max: 0.1, noNaN: true }),
        }),
        (a) => {
          for (const x of rows(a, 3)) {
            const sh = ((a.site_mw * 1e6) / a.efficiency / 1000) * a.uptime;
            const hv = (144 * (x.subsidy + a.fees)) / (a.network_hashrate * 1000);
            expect(x.site_hashrate).toBeCloseTo(sh, 6);
            expect(Math.abs(x.btc_mined / (hv * sh * x.days * (1 - a.pool_fee)) - 1)).toBeLessThan(1e-12);
            expect(Math.abs(x.revenue / (x.btc_mined * a.btc_price) - 1)).toBeLessThan(1e-12);
            expect(Math.abs(x.hashprice / (a.btc_price * (hashvalue(a.network_hashrate, a.fees, x.subsidy) as number)) - 1)).toBeLessThan(1e-12);
          }
        },
      ),
      { numRuns: 50 },
    );
  });
  test('cost_per_btc equals WATT.COSTTOMINE with no machine capex (electricity and other cost per BTC; 1e-12 relative)', () => {
    for (const x of rows({}, 12)) {
      const expected = costToMine(base.efficiency, base.power_price, x.network_hashrate, base.fees, x.subsidy, base.pool_fee, base.other_cost, 0, 4) as number;
      expect(Math.abs((x.cost_per_btc as number) / expected - 1)).toBeLessThan(1e-12);
    }
  });
  test('power_cost = MW x uptime x 24 x days x 1000 x USD/kWh; gross_margin = revenue - power - other_cost x MWh', () => {
    const [x] = rows({}, 1);
    expect(x.power_cost).toBeCloseTo(100 * 0.95 * 24 * 31 * 1000 * 0.05, 6);
    expect(x.gross_margin).toBeCloseTo(x.revenue - x.power_cost - 100 * 0.95 * 24 * 31 * 4, 6);
  });
  test('network_hashrate_growth g alone: cost_per_btc grows by exactly (1 + g)^(1/12) a month (1e-12 relative)', () => {
    fc.assert(
      fc.property(fc.double({ min: -0.5, max: 3, noNaN: true }), (g) => {
        const r = rows({ network_hashrate_growth: g }, 36); // 2025-2027: no halving inside
        const step = Math.pow(1 + g, 1 / 12);
        for (let m = 1; m < r.length; m++) {
          expect(Math.abs((r[m].cost_per_btc as number) / (r[m - 1].cost_per_btc as number) / step - 1)).toBeLessThan(1e-12);
          expect(r[m].btc_price).toBe(base.btc_price);
        }
      }),
      { numRuns: 50 },
    );
  });
  test('btc_price_growth compounds monthly: month m is price x (1 + g)^(m/12); 12 months on it is price x (1 + g)', () => {
    const r = rows({ btc_price_growth: 0.25 }, 13);
    expect(r[12].btc_price).toBeCloseTo(90000 * 1.25, 8);
    expect(r[5].btc_price).toBeCloseTo(90000 * Math.pow(1.25, 5 / 12), 8);
  });
  test('a month that mines nothing has cost_per_btc #NUM! (uptime 0)', () => {
    const [x] = rows({ uptime: 0 }, 1);
    expect(x.btc_mined).toBe(0);
    expect((x.cost_per_btc as WattError).code).toBe('#NUM!');
  });
});

describe('projectionTable: the assumptions range and errors', () => {
  test('header then one row per month, in the documented column order', () => {
    const t = projectionTable(range(required), 24) as unknown[][];
    expect(t.length).toBe(25);
    expect(t[0]).toEqual(['month', 'date', 'block_height', 'subsidy', 'network_hashrate', 'btc_price', 'hashprice', 'site_hashrate', 'btc_mined', 'revenue', 'power_cost', 'gross_margin', 'cost_per_btc']);
    expect(t[0]).toEqual([...PROJECTION_COLUMNS]);
    expect(t.slice(1).every((row) => row.length === 13)).toBe(true);
  });
  test('names are case-insensitive and trimmed, blank rows are ignored, defaults apply', () => {
    const messy = [['  BTC_Price ', 90000], [null, null], ['', ''], ...range({ ...required, btc_price: undefined }).filter(([k]) => k !== 'btc_price')];
    expect(projectionTable(messy, 3)).toEqual(projectionTable(range(required), 3));
  });
  test('an unknown name is #VALUE! listing the known names', () => {
    const e = projectionTable([...range(required), ['hashrate', 5]], 3) as WattError;
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toBe(
      'assumptions: unknown name "hashrate"; known names: start_date, btc_price, btc_price_growth, network_hashrate, network_hashrate_growth, fees, site_mw, efficiency, power_price, uptime, pool_fee, other_cost',
    );
  });
  test('a missing required name is #VALUE! with its unit and range', () => {
    const { efficiency: _, ...rest } = required;
    expect(projectionTable(range(rest), 3)).toEqual(new WattError('#VALUE!', 'efficiency is required (> 0 J/TH)'));
  });
  test('a range of one column or three columns is #VALUE!', () => {
    expect(projectionTable([['btc_price'], ['site_mw']], 3)).toEqual(new WattError('#VALUE!', 'assumptions must be a two-column range of name, value (got 1 column)'));
    expect(projectionTable([['btc_price', 1, 2]], 3)).toEqual(new WattError('#VALUE!', 'assumptions must be a two-column range of name, value (got 3 columns)'));
  });
  test('a non-numeric value, a value out of range, a duplicate name, a name that is not text: #VALUE! naming it', () => {
    expect(projectionTable(range({ ...required, site_mw: 'big' }), 3)).toEqual(new WattError('#VALUE!', 'site_mw must be a number > 0 MW of site power (got text "big")'));
    expect(projectionTable(range({ ...required, uptime: 1.5 }), 3)).toEqual(new WattError('#VALUE!', 'uptime must be from 0 to 1 (fraction of time running) (got 1.5)'));
    expect(projectionTable([...range(required), ['BTC_PRICE', 1]], 3)).toEqual(new WattError('#VALUE!', 'assumptions: "btc_price" is given twice (again in row 7)'));
    expect(projectionTable([...range(required), [42, 1]], 3)).toEqual(new WattError('#VALUE!', 'assumptions: row 7 must start with a name (text) (got 42)'));
    expect(projectionTable([...range(required), [null, 1]], 3)).toEqual(new WattError('#VALUE!', 'assumptions: row 7 must start with a name (text) (got nothing)'));
  });
  test('a horizon past 9999-12-31 is #VALUE!', () => {
    const e = projectionTable(range({ ...required, start_date: serialFromUtc(9999, 6, 1) }), 12) as WattError;
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toMatch(/^the horizon ends after 9999-12-31/);
  });
});
