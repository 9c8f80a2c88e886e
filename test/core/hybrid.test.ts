/**
 * WATT.HYBRID and WATT.HYBRIDTABLE (src/core/hybrid.ts): the limits against WATT.PATHS (one phase of the
 * whole site at month 0 is its lease or cloud path, no phase its mine path, exactly), a phased site
 * against an independent month-by-month computation written here, the levers (mine_during_build,
 * miner_resale, phase overrides, dates), the errors, and properties on the fixed seed.
 */
import fc from 'fast-check';
import { serialFromUtc } from '../../src/core/dates';
import { isError, WattError } from '../../src/core/errors';
import { HYBRID_METRICS, HYBRID_TABLE_COLUMNS, hybridMonthTable, hybridTable } from '../../src/core/hybrid';
import { pathsTable } from '../../src/core/paths';
import { projectMonths } from '../../src/core/projection';

const START = serialFromUtc(2026, 1, 1);
const site = { start_date: START, btc_price: 90000, network_hashrate: 1100, site_mw: 300, efficiency: 17.5, power_price: 0.05 };
/** Every lever of PATHS' issue 8 off: no terminal value, no refresh, no prepayment, no GPU resale, 10-year lease. */
const bare = { ...site, terminal_value: 0, mining_capex: 0, cloud_prepayment: 0, gpu_residual: 0, lease_term: 10 };
type Inputs = Record<string, number | string>;
type Phases = unknown[][];

function ok<T>(r: T | WattError): T {
  if (isError(r)) throw new Error(String(r));
  return r;
}
const hybrid = (a: Inputs, phases: Phases, years = 10) => ok(hybridTable(Object.entries(a), phases, years));
const months = (a: Inputs, phases: Phases, years = 10) => ok(hybridMonthTable(Object.entries(a), phases, years));
const paths = (a: Inputs, years = 10) => ok(pathsTable(Object.entries(a), years));
/** One cell of a metric table (header row first, metric names in column 0). */
function cell(t: unknown[][], metric: string, column: string): unknown {
  return t[t.findIndex((r) => r[0] === metric)][t[0].indexOf(column)];
}
const num = (v: unknown) => {
  if (typeof v !== 'number') throw new Error(`expected a number, got ${String(v)}`);
  return v;
};
const rel = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a / b - 1));
const column = (t: unknown[][], name: string) => t.slice(1, -1).map((r) => r[t[0].indexOf(name)] as number);
const SHARED = ['npv', 'irr', 'payback_years', 'value_per_w', 'refresh_capex', 'terminal_value'] as const;

test('the table: header (metric, hybrid, mine, convert_now), one row per metric; the month table: 15 columns, a row per month, a total row', () => {
  const t = hybrid(site, [[0, 100, 'lease'], [12, 100, 'lease'], [24, 100, 'cloud']]);
  expect(t[0]).toEqual(['metric', 'hybrid', 'mine', 'convert_now']);
  expect(t.slice(1).map((r) => r[0])).toEqual([...HYBRID_METRICS]);
  const m = months(site, [[0, 100, 'lease']], 3);
  expect(m[0]).toEqual([...HYBRID_TABLE_COLUMNS]);
  expect(m.length).toBe(1 + 36 + 1);
  expect(m[36 + 1][0]).toBe('total');
  expect(m[1].slice(0, 2)).toEqual([1, START]);
});

describe('the limits are WATT.PATHS, exactly', () => {
  test.each(['lease', 'cloud'] as const)('one phase of all site_mw at month 0 (%s) is the PATHS path: same npv, irr, payback, value per W, refresh, terminal value, and capex as conversion_capex', (kind) => {
    for (const a of [site, bare, { ...site, conversion_months: 5, gpu_life: 3, exit_cap_rate: 0.08 }] as Inputs[]) {
      const t = hybrid(a, [[0, a.site_mw, kind]]);
      const p = paths(a);
      for (const m of SHARED) {
        expect(cell(t, m, 'hybrid')).toBe(cell(p, m, kind));
        expect(cell(t, m, 'convert_now')).toBe(cell(p, m, kind));
      }
      expect(cell(t, 'conversion_capex', 'hybrid')).toBe(cell(p, 'capex', kind));
    }
  });
  test('no phase (an all-blank range) is the PATHS mine path in every column', () => {
    for (const a of [site, bare, { ...site, curtail: 0, miner_life: 2 }] as Inputs[]) {
      const t = hybrid(a, [['', '', '']]);
      const p = paths(a);
      for (const s of ['hybrid', 'mine', 'convert_now']) for (const m of SHARED) expect(cell(t, m, s)).toBe(cell(p, m, 'mine'));
    }
  });
  test('the mine column is always the PATHS mine path, whatever the phases', () => {
    const t = hybrid(site, [[3, 100, 'cloud'], [40, 50, 'lease']]);
    for (const m of SHARED) expect(cell(t, 'npv', 'mine')).toBe(cell(paths(site), 'npv', 'mine'));
    expect(cell(t, 'npv_vs_mine', 'mine')).toBe(0);
    expect(cell(t, 'irr_vs_mine', 'mine')).toBe('n/a');
  });
});

describe('a phased site against an independent month-by-month computation (1e-9 relative)', () => {
  const r = 0.1;
  const df = (k: number) => Math.pow(1 + r, -k / 12);
  const a = { ...bare, site_mw: 100, curtail: 0, conversion_months: 3, conversion_capex: 9, lease_rent: 140 };
  // The site's WATT.PROJECTION months (tested on their own in projection.test.ts); margins for the whole site.
  const rows = ok(projectMonths({ ...a, btc_price_growth: 0, network_hashrate_growth: 0, fees: 0, uptime: 1, pool_fee: 0, other_cost: 0 }, 120));

  test('40 MW leased from month 6: mining on 100 MW, then on 60 MW from the works; capex at the start of month 6; rent from month 10', () => {
    const kw = (40 * 1000) / 1.3;
    let pv = 0;
    rows.forEach((x, m) => (pv += x.gross_margin * (m < 6 ? 1 : 0.6) * df(m + 1)));
    pv -= 9 * kw * 1000 * df(6);
    for (let j = 1; j <= 120 - 9; j++) pv += 140 * kw * 0.85 * df(9 + j);
    const t = hybrid(a, [[6, 40, 'lease']]);
    expect(rel(num(cell(t, 'npv', 'hybrid')), pv)).toBeLessThan(1e-9);
    // convert_now: the same block at month 0
    let now = -9 * kw * 1000;
    rows.forEach((x, m) => (now += x.gross_margin * 0.6 * df(m + 1)));
    for (let j = 1; j <= 117; j++) now += 140 * kw * 0.85 * df(3 + j);
    expect(rel(num(cell(t, 'npv', 'convert_now')), now)).toBeLessThan(1e-9);
    // value per W of site power
    expect(rel(num(cell(t, 'value_per_w', 'hybrid')), pv / 100e6)).toBeLessThan(1e-9);
  });

  test('a block still being built at the horizon: its hall valued at its opening (12 months of rent x margin / exit cap), discounted back to H', () => {
    // 40 MW leased from month 118 with the 3-month build: the hall opens at month 121, a month after H =
    // 120. Its value then is 12 x 140 USD/kW-month x 85% / 7.5% (exit_cap_rate's default); at H it is
    // that x 1.1^(-1/12). The months before the opening add nothing, the capex is paid at month 118.
    const kw = (40 * 1000) / 1.3;
    const hall = (12 * 140 * kw * 0.85) / 0.075;
    const late = { ...a, terminal_value: 1 };
    const t = hybrid(late, [[118, 40, 'lease']]);
    expect(rel(num(cell(t, 'terminal_value', 'hybrid')), hall * df(1))).toBeLessThan(1e-12);
    let pv = 0;
    rows.forEach((x, m) => (pv += x.gross_margin * (m < 118 ? 1 : 0.6) * df(m + 1)));
    pv += -9 * kw * 1000 * df(118) + hall * df(1) * df(120);
    expect(rel(num(cell(t, 'npv', 'hybrid')), pv)).toBeLessThan(1e-9);
  });

  test('mine_during_build = "yes": the block mines until it is in service (month 9), then stops', () => {
    const kw = (40 * 1000) / 1.3;
    let pv = 0;
    rows.forEach((x, m) => (pv += x.gross_margin * (m < 9 ? 1 : 0.6) * df(m + 1)));
    pv -= 9 * kw * 1000 * df(6);
    for (let j = 1; j <= 111; j++) pv += 140 * kw * 0.85 * df(9 + j);
    expect(rel(num(cell(hybrid({ ...a, mine_during_build: 'yes' }, [[6, 40, 'lease']]), 'npv', 'hybrid')), pv)).toBeLessThan(1e-9);
    const m = months({ ...a, mine_during_build: 1 }, [[6, 40, 'lease']]);
    expect(column(m, 'mw_mining').slice(5, 10)).toEqual([100, 100, 100, 100, 60]);
    expect(column(m, 'mw_building').slice(5, 10)).toEqual([0, 40, 40, 40, 0]);
    expect(column(m, 'mw_lease').slice(5, 10)).toEqual([0, 0, 0, 0, 40]);
  });

  test('miner_resale: the fleet a block frees is sold at the start of its works for miner_resale x TH/s', () => {
    const th = (40 * 1e6) / 17.5; // TH/s of 40 MW at 17.5 J/TH
    const base = num(cell(hybrid(a, [[6, 40, 'lease']]), 'npv', 'hybrid'));
    const sold = num(cell(hybrid({ ...a, miner_resale: 3 }, [[6, 40, 'lease']]), 'npv', 'hybrid'));
    expect(rel(sold - base, 3 * th * df(6))).toBeLessThan(1e-9);
    const m = months({ ...a, miner_resale: 3 }, [[6, 40, 'lease']]);
    expect(rel(column(m, 'asset_sales')[6], 3 * th)).toBeLessThan(1e-12);
    expect(column(m, 'asset_sales').filter((x) => x !== 0)).toHaveLength(1);
  });
});

describe('phases: dates, overrides, headers', () => {
  test('a date is snapped to its month: 2027-01-15 is month index 12', () => {
    const byDate = hybrid(site, [[serialFromUtc(2027, 1, 15), 100, 'cloud']]);
    expect(byDate).toEqual(hybrid(site, [[12, 100, 'cloud']]));
  });
  test('a header row of text and blank rows are ignored; 3 to 7 columns', () => {
    const plain = hybrid(site, [[0, 100, 'lease'], [24, 200, 'Cloud']]);
    expect(hybrid(site, [['start', 'mw', 'kind', 'lease_rent'], [0, 100, 'lease', ''], ['', '', '', ''], [24, 200, ' cloud ', null]])).toEqual(plain);
  });
  test('a phase override is that PATHS path with the assumption changed (all of the site at month 0)', () => {
    const over = (row: unknown[], change: Inputs, kind: 'lease' | 'cloud') => {
      expect(cell(hybrid(site, [row]), 'npv', 'hybrid')).toBe(cell(paths({ ...site, ...change }), 'npv', kind));
    };
    over([0, 300, 'lease', 120], { lease_rent: 120 }, 'lease');
    over([0, 300, 'lease', '', '', 8.5], { conversion_capex: 8.5 }, 'lease');
    over([0, 300, 'lease', '', '', '', 18], { conversion_months: 18 }, 'lease');
    over([0, 300, 'cloud', '', 2.2], { gpu_hour_price: 2.2 }, 'cloud');
    over([0, 300, 'cloud', '', '', 35, 6], { cloud_capex: 35, conversion_months: 6 }, 'cloud');
  });
});

describe('errors (#VALUE! naming the argument, its unit and range)', () => {
  const err = (phases: unknown, a: Inputs = site, years = 10) => {
    const r = hybridTable(Object.entries(a), phases, years);
    expect(isError(r)).toBe(true);
    expect(r).toEqual(hybridMonthTable(Object.entries(a), phases, years));
    return (r as WattError).message;
  };
  test('phases summing above site_mw', () => {
    expect(err([[0, 200, 'lease'], [12, 150, 'cloud']])).toBe(
      'phases: the phases convert 350 MW in total, more than site_mw (300 MW of site power); each phase\'s mw must be >= 0 MW and their sum <= site_mw',
    );
    expect(err([[0, -5, 'lease']])).toBe('phases row 1 mw must be >= 0 MW of site power converted (got -5)');
  });
  test('a first row of numbers typed as text is a phase, not a header: #VALUE!, never silently no phase', () => {
    // {"12","100","lease"} was read as a header and ignored: the hybrid equalled mining, silently.
    const accepted = 'a month index from 0 to 119 (months after the start month) or an Excel date from start_date (2026-01) to the horizon\'s last month (2035-12)';
    expect(err([['12', '100', 'lease']])).toBe(`phases row 1 start must be a number ${accepted} (got text "12")`);
    expect(err([['12', '100', ' Cloud ']])).toBe(`phases row 1 start must be a number ${accepted} (got text "12")`);
  });
  test('a start beyond the horizon, before the start, or neither a month index nor a date', () => {
    const accepted = 'a month index from 0 to 119 (months after the start month) or an Excel date from start_date (2026-01) to the horizon\'s last month (2035-12)';
    expect(err([[120, 100, 'lease']])).toBe(`phases row 1 start must be ${accepted} (got 120)`);
    // A date out of range is shown as a date too (a cell formatted as a date reads 2025-12-31, not 46022).
    expect(err([[serialFromUtc(2036, 1, 1), 100, 'lease']])).toBe(`phases row 1 start must be ${accepted} (got ${serialFromUtc(2036, 1, 1)}, the date 2036-01-01)`);
    expect(err([[serialFromUtc(2025, 12, 31), 100, 'lease']])).toBe(`phases row 1 start must be ${accepted} (got ${serialFromUtc(2025, 12, 31)}, the date 2025-12-31)`);
    expect(err([[1.5, 100, 'lease']])).toBe(`phases row 1 start must be ${accepted} (got 1.5)`);
    expect(err([[5000, 100, 'lease']])).toBe(`phases row 1 start must be ${accepted} (got 5000, the date 1913-09-08)`); // Excel serial 5000 is 1913-09-08 (DATE(1913,9,8) in Excel)
    expect(err([[0, 100, 'lease'], ['', 100, 'lease']])).toBe(`phases row 2 start is required (${accepted})`);
  });
  test('an unknown kind', () => {
    expect(err([[0, 100, 'colo']])).toBe('phases row 1 kind: unknown value "colo"; accepted: lease, cloud');
    expect(err([[0, 100, '']])).toBe('phases row 1 kind: unknown value ""; accepted: lease, cloud');
  });
  test('a range of the wrong shape, an override out of range', () => {
    expect(err([[0, 100]])).toMatch(/^phases must be a range of 3 to 7 columns: start \(month index or date\), mw \(MW of site power\), kind \(lease or cloud\).* \(got 2 columns\)$/);
    expect(err([[0, 100, 'lease', 1, 2, 3, 4, 5]])).toMatch(/\(got 8 columns\)$/);
    expect(err([[0, 100, 'lease', -1]])).toBe('phases row 1 lease_rent must be >= 0 USD per kW of critical IT per month (got -1)');
    expect(err([[0, 100, 'lease', '', '', '', 200]])).toBe('phases row 1 conversion_months must be from 0 to 120 months (got 200)');
    expect(err([[0, 100, 'cloud', '', '', 5]])).toBe('phases row 1 capex_per_w of a cloud phase must be >= conversion_capex (10 USD per W) (got 5)');
  });
  test('a GPU price on a lease phase is refused, not ignored (a lease earns its rent); on a cloud phase it is taken', () => {
    expect(err([[0, 100, 'cloud'], [12, 100, 'lease', '', 2.5]])).toBe('phases row 2 gpu_hour_price applies to a cloud phase only: a lease phase earns its lease_rent (USD per kW of critical IT per month); leave the cell blank or make the phase cloud (got 2.5 USD per GPU-hour)');
    const t = hybrid(site, [[0, 100, 'cloud', '', 2.5]]);
    expect(cell(t, 'npv', 'hybrid')).not.toBe(cell(hybrid(site, [[0, 100, 'cloud']]), 'npv', 'hybrid'));
  });
  test('an assumption out of range names it (the PATHS reader), and the new names are checked', () => {
    expect(err([[0, 100, 'lease']], { ...site, miner_resale: -1 })).toBe('miner_resale must be >= 0 USD per TH/s (miners freed by a conversion, sold or redeployed elsewhere; 0 = worth nothing) (got -1)');
    expect(err([[0, 100, 'lease']], { ...site, mine_during_build: 'maybe' })).toBe('mine_during_build: unknown value "maybe"; accepted: yes, no (or 1, 0)');
  });
});

describe('the month table', () => {
  test('the total row is the sum of each money column; cash_flow is the sum of the lines; at a 0% discount rate, npv is the total cash flow', () => {
    const a = { ...site, discount_rate: 0, miner_resale: 2 };
    const phases = [[0, 100, 'lease'], [12, 100, 'lease'], [24, 60, 'cloud', '', 2.5]];
    const m = months(a, phases);
    const total = m[m.length - 1];
    for (const name of HYBRID_TABLE_COLUMNS.slice(6)) {
      // the total is summed in decimal, the test in doubles: 1e-12 of the column's gross size
      const sum = column(m, name).reduce((s, x) => s + x, 0);
      const size = column(m, name).reduce((s, x) => s + Math.abs(x), 0);
      expect(Math.abs((total[m[0].indexOf(name)] as number) - sum)).toBeLessThanOrEqual(1e-12 * size);
    }
    expect(total[m[0].indexOf('prepayment')]).toBe(0); // the first contract (5 years) is received and earned within the horizon
    const lines = HYBRID_TABLE_COLUMNS.slice(6, -1);
    m.slice(1, -1).forEach((row) => {
      const sum = lines.reduce((s, name) => s + (row[m[0].indexOf(name)] as number), 0);
      expect(Math.abs((row[m[0].indexOf('cash_flow')] as number) - sum)).toBeLessThan(1e-6 * Math.max(1, Math.abs(sum)));
    });
    expect(rel(total[m[0].indexOf('cash_flow')] as number, num(cell(hybrid(a, phases), 'npv', 'hybrid')))).toBeLessThan(1e-12);
  });
  test('MW by use: mining + building + lease + cloud = site_mw every month (mine_during_build = no)', () => {
    const m = months(site, [[0, 100, 'lease'], [12, 100, 'lease'], [24, 100, 'cloud']]);
    m.slice(1, -1).forEach((row) => expect((row[2] as number) + (row[3] as number) + (row[4] as number) + (row[5] as number)).toBe(300));
    expect(m[1].slice(2, 6)).toEqual([200, 100, 0, 0]);
    expect(m[13].slice(2, 6)).toEqual([100, 100, 100, 0]);
    expect(m[37].slice(2, 6)).toEqual([0, 0, 200, 100]);
  });
});

describe('properties (fast-check, fixed seed)', () => {
  const kind = fc.constantFrom('lease', 'cloud');
  const years = fc.integer({ min: 1, max: 15 });
  const assumptions = fc.record({
    btc_price: fc.double({ min: 20000, max: 250000, noNaN: true }),
    power_price: fc.double({ min: 0.01, max: 0.12, noNaN: true }),
    conversion_months: fc.integer({ min: 0, max: 24 }),
    miner_resale: fc.constantFrom(0, 2.5),
    mine_during_build: fc.constantFrom(0, 1),
  });

  test('phases that sum to the site, all at month 0 and of one kind, give the PATHS convert path (1e-9)', () => {
    fc.assert(
      fc.property(assumptions, kind, fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }), years, (x, k, weights, y) => {
        const { miner_resale: _r, mine_during_build: _b, ...common } = x;
        const a = { ...site, ...common };
        const total = weights.reduce((s, w) => s + w, 0);
        const phases = weights.map((w) => [0, (300 * w) / total, k]);
        const t = hybrid(a, phases, y);
        const p = paths(a, y);
        for (const m of ['npv', 'value_per_w', 'terminal_value'] as const) expect(rel(num(cell(t, m, 'hybrid')), num(cell(p, m, k)))).toBeLessThan(1e-9);
      }),
      { numRuns: 40 },
    );
  });

  const phase = fc.tuple(fc.integer({ min: 0, max: 11 }), fc.double({ min: 1, max: 60, noNaN: true }), kind, fc.constantFrom('', 120, 170));
  test('splitting a phase into two at the same start changes nothing (1e-9)', () => {
    fc.assert(
      fc.property(assumptions, fc.array(phase, { minLength: 1, maxLength: 4 }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.nat(), years, (x, ph, cut, which, y) => {
        const a = { ...site, ...x };
        const i = which % ph.length;
        const [s, mw, k, rent] = ph[i];
        const split = [...ph.slice(0, i), [s, mw * cut, k, rent], ...ph.slice(i + 1), [s, mw * (1 - cut), k, rent]];
        const one = hybrid(a, ph, y);
        const two = hybrid(a, split, y);
        for (const sc of ['hybrid', 'convert_now']) {
          for (const m of ['npv', 'conversion_capex', 'refresh_capex', 'terminal_value'] as const) {
            expect(Math.abs(num(cell(two, m, sc)) - num(cell(one, m, sc)))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(num(cell(one, m, sc)))));
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  test('the month table\'s total row equals the sums of its columns, and its cash flow the undiscounted flows (npv at 0%)', () => {
    fc.assert(
      fc.property(assumptions, fc.array(phase, { minLength: 0, maxLength: 4 }), years, (x, ph, y) => {
        const a = { ...site, ...x, discount_rate: 0 };
        const m = months(a, ph, y);
        expect(m.length).toBe(y * 12 + 2);
        const total = m[m.length - 1];
        for (const name of HYBRID_TABLE_COLUMNS.slice(6)) {
          const sum = column(m, name).reduce((s, v) => s + v, 0);
          const size = column(m, name).reduce((s, v) => s + Math.abs(v), 0);
          const got = total[m[0].indexOf(name)] as number;
          expect(Math.abs(got - sum)).toBeLessThanOrEqual(1e-12 * size);
        }
        const npv = num(cell(hybrid(a, ph, y), 'npv', 'hybrid'));
        const size = column(m, 'cash_flow').reduce((s, v) => s + Math.abs(v), 0);
        expect(Math.abs((total[14] as number) - npv)).toBeLessThanOrEqual(1e-12 * size);
      }),
      { numRuns: 30 },
    );
  });
});
