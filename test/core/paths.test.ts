/**
 * WATT.PATHS's core: each path's cash flows against an independent month-by-month computation written
 * in the test, the defaults against the public contracts they come from, and properties (fast-check):
 * monotonicity in rent and power price, independence of the paths, 'never' and #NUM! where due.
 */
import fc from 'fast-check';
import { isoDate, serialFromUtc } from '../../src/core/dates';
import { isError, WattError } from '../../src/core/errors';
import { leaseNpv, shellValue } from '../../src/core/lease';
import { GPU_CAPEX_PER_W, PATH_METRICS, pathsTable, readPathInputs } from '../../src/core/paths';
import { projectMonths } from '../../src/core/projection';

const START = serialFromUtc(2026, 1, 1);
const site = { start_date: START, btc_price: 90000, network_hashrate: 1100, site_mw: 100, efficiency: 17.5, power_price: 0.05 };
/** The site with every lever of issue 8 off: no terminal value, no fleet refresh, no prepayment, no GPU resale, a 10-year lease. */
const bare = { ...site, terminal_value: 0, mining_capex: 0, cloud_prepayment: 0, gpu_residual: 0, lease_term: 10 };
type Inputs = Record<string, number>;

function table(a: Inputs, years = 10): unknown[][] {
  const t = pathsTable(Object.entries(a), years);
  if (isError(t)) throw new Error(String(t));
  return t as unknown[][];
}
/** One cell: metric row, path column. */
function cell(a: Inputs, metric: string, path: 'mine' | 'lease' | 'cloud', years = 10): unknown {
  const t = table(a, years);
  return t[t.findIndex((r) => r[0] === metric)][['mine', 'lease', 'cloud'].indexOf(path) + 1];
}
const num = (v: unknown) => {
  if (typeof v !== 'number') throw new Error(`expected a number, got ${String(v)}`);
  return v;
};
const rel = (a: number, b: number) => Math.abs(a / b - 1);
/** Days of the month k months after START (calendar), written independently of src/core/projection. */
const daysOf = (k: number) => new Date(Date.UTC(2026, k + 1, 0)).getUTCDate();

test('the table: header (metric, mine, lease, cloud), then one row per metric', () => {
  const t = table(site);
  expect(t[0]).toEqual(['metric', 'mine', 'lease', 'cloud']);
  expect(t.slice(1).map((r) => r[0])).toEqual([...PATH_METRICS]);
  expect(t.slice(1).map((r) => r[0])).toEqual(expect.arrayContaining(['revenue_per_mwh', 'annual_revenue', 'annual_ebitda', 'capex', 'npv', 'irr', 'payback_years', 'value_per_w']));
  expect(t.every((r) => r.length === 4)).toBe(true);
});

describe('defaults reproduce the public contracts they come from', () => {
  // 260 MW of site power x 1/1.3 = 200 MW critical IT, the IREN-Microsoft and Cipher/TeraWulf scale.
  const a = { ...site, site_mw: 260, conversion_months: 0 };
  test('cloud: 200 MW of critical IT bills $1.94B in a 365-day year, as IREN-Microsoft (~$1.94B ARR, IREN Q1 FY26 call, 2025-11-06; 1e-9)', () => {
    expect(rel(num(cell(a, 'annual_revenue', 'cloud')), 1.94e9)).toBeLessThan(1e-9);
    expect(rel(num(cell(a, 'annual_ebitda', 'cloud')), 0.85 * 1.94e9)).toBeLessThan(1e-9);
    // $5.8B of GPUs (Dell) + $10/W shell for 200 MW
    expect(rel(num(cell(a, 'capex', 'cloud')), 5.8e9 + 10 * 200e6)).toBeLessThan(1e-9);
    expect(GPU_CAPEX_PER_W).toBe(29);
  });
  test('lease: $150 per kW-month on 200 MW is $360M a year (Cipher-Fluidstack $3.0B / 168 MW / 10 y = $148.8, hpc-deals.csv); NOI 85%', () => {
    expect(rel(num(cell(a, 'annual_revenue', 'lease')), 150 * 12 * 200_000)).toBeLessThan(1e-9);
    expect(rel(num(cell(a, 'annual_ebitda', 'lease')), 0.85 * 150 * 12 * 200_000)).toBeLessThan(1e-9);
    expect(rel(num(cell(a, 'capex', 'lease')), 10 * 200e6)).toBeLessThan(1e-9);
    // per MWh of site power: 360M / (260 MW x 8760 h)
    expect(rel(num(cell(a, 'revenue_per_mwh', 'lease')), 360e6 / (260 * 8760))).toBeLessThan(1e-9);
  });
  test('cloud_capex defaults to conversion_capex + 29 USD/W; below conversion_capex is #VALUE!', () => {
    expect((readPathInputs(Object.entries({ ...site, conversion_capex: 12 })) as { cloud_capex: number }).cloud_capex).toBe(41);
    expect(readPathInputs(Object.entries({ ...site, conversion_capex: 12, cloud_capex: 11 }))).toEqual(
      new WattError('#VALUE!', 'cloud_capex must be >= conversion_capex (12 USD per W) (got 11)'),
    );
  });
});

describe('each path against an independent month-by-month computation', () => {
  const r = 0.1;
  const df = (k: number) => Math.pow(1 + r, -k / 12);

  test('lease, built in 6 months, 3% escalator, 7-year lease in a 10-year horizon (1e-9 relative)', () => {
    const a = { ...bare, conversion_months: 6, lease_escalator: 0.03, lease_term: 7, lease_rent: 130, conversion_capex: 9 };
    const kw = 100_000 / 1.3;
    let pv = -9 * kw * 1000;
    for (let j = 1; j <= 84; j++) pv += 130 * kw * Math.pow(1.03, Math.floor((j - 1) / 12)) * 0.85 * df(6 + j);
    expect(rel(num(cell(a, 'npv', 'lease')), pv)).toBeLessThan(1e-9);
    // and WATT.LEASENPV (the lease core) for the same lease, moved 6 months and less the capex
    const viaLeaseCore = (leaseNpv(100 / 1.3, 130, 7, r, 0.03, 0.85, 0) as number) * df(6) - 9 * kw * 1000;
    expect(rel(num(cell(a, 'npv', 'lease')), viaLeaseCore)).toBeLessThan(1e-9);
  });

  test('a fractional term pays the last month pro rata at that month\'s end: 7.55 years = 90 months + 0.6 of month 91', () => {
    const a = { ...bare, conversion_months: 4, lease_term: 7.55 };
    const kw = 100_000 / 1.3;
    let pv = -10 * kw * 1000;
    for (let j = 1; j <= 90; j++) pv += 150 * kw * 0.85 * df(4 + j);
    pv += 0.6 * 150 * kw * 0.85 * df(4 + 91);
    expect(rel(num(cell(a, 'npv', 'lease')), pv)).toBeLessThan(1e-9);
  });

  test('lease longer than the horizon is cut at the horizon (no terminal value)', () => {
    const a = { ...bare, conversion_months: 0, lease_term: 15 };
    const kw = 100_000 / 1.3;
    let pv = -10 * kw * 1000;
    for (let j = 1; j <= 60; j++) pv += 150 * kw * 0.85 * df(j);
    expect(rel(num(cell(a, 'npv', 'lease', 5)), pv)).toBeLessThan(1e-9);
  });

  test('exit_cap_rate sells the leased shell at the horizon for the next 12 months of NOI / cap rate: in-place rent while the lease runs, market rent after it', () => {
    const a = { ...bare, terminal_value: 1, conversion_months: 0, lease_term: 10, exit_cap_rate: 0.08, lease_escalator: 0.02 };
    const kw = 100_000 / 1.3;
    const noi = (j: number) => 150 * kw * Math.pow(1.02, Math.floor((j - 1) / 12)) * 0.85;
    let pv = -10 * kw * 1000;
    for (let j = 1; j <= 60; j++) pv += noi(j) * df(j);
    let next = 0;
    for (let j = 61; j <= 72; j++) next += noi(j);
    pv += (next / 0.08) * df(60);
    expect(rel(num(cell(a, 'npv', 'lease', 5)), pv)).toBeLessThan(1e-9);
    expect(rel(num(cell(a, 'terminal_value', 'lease', 5)), next / 0.08)).toBeLessThan(1e-12);
    // A 5.5-year lease in a 5-year horizon: 6 months of in-place NOI (year 6 rent, 1.02^5), then 6 at the market rent (150, flat).
    const ending = { ...a, lease_term: 5.5 };
    const forward = 6 * noi(61) + 6 * 150 * kw * 0.85;
    expect(rel(num(cell(ending, 'terminal_value', 'lease', 5)), forward / 0.08)).toBeLessThan(1e-12);
    // A 3-year lease in a 5-year horizon: vacant within the horizon (no renewal), valued at H on the market rent.
    const short = { ...a, lease_term: 3 };
    expect(rel(num(cell(short, 'terminal_value', 'lease', 5)), (12 * 150 * kw * 0.85) / 0.08)).toBeLessThan(1e-12);
    // exit_cap_rate = 0 or terminal_value = 0: nothing after the horizon
    expect(cell({ ...a, exit_cap_rate: 0 }, 'terminal_value', 'lease', 5)).toBe(0);
    expect(cell({ ...a, terminal_value: 0 }, 'terminal_value', 'lease', 5)).toBe(0);
  });

  test('cloud, 3-month build, GPU prices falling 20% a year, GPUs refreshed every 4 years (1e-9 relative)', () => {
    const a = { ...bare, conversion_months: 3, gpu_price_decline: 0.2, gpu_life: 4, gpu_hour_price: 2.5, kw_per_gpu: 2, cloud_utilization: 0.9, cloud_capex: 35, cloud_ebitda_margin: 0.7 };
    const kw = 100_000 / 1.3;
    const gpus = kw / 2;
    let pv = -35 * kw * 1000;
    let refresh = 0;
    for (let m = 3; m < 120; m++) {
      const service = m - 3;
      if (service === 48 || service === 96) {
        pv -= (35 - 10) * kw * 1000 * df(m);
        refresh += (35 - 10) * kw * 1000;
      }
      const age = (service % 48) / 12;
      pv += gpus * 2.5 * Math.pow(0.8, age) * 24 * daysOf(m) * 0.9 * 0.7 * df(m + 1);
    }
    expect(rel(num(cell(a, 'npv', 'cloud')), pv)).toBeLessThan(1e-9);
    expect(rel(num(cell(a, 'refresh_capex', 'cloud')), refresh)).toBeLessThan(1e-12);
  });

  test('mine without curtailment, fleet bought again every 3 years over 7 years (1e-9 relative)', () => {
    const a = { ...bare, curtail: 0, mining_capex: 12, miner_life: 3, power_price: 0.04 };
    const rows = projectMonths({ ...bare, power_price: 0.04, btc_price_growth: 0, network_hashrate_growth: 0, fees: 0, uptime: 1, pool_fee: 0, other_cost: 0 }, 84);
    if (isError(rows)) throw new Error(String(rows));
    const fleet = 12 * (100e6 / 17.5); // USD per TH/s x TH/s
    let pv = -fleet * (df(36) + df(72));
    rows.forEach((x, m) => (pv += x.gross_margin * df(m + 1)));
    expect(rel(num(cell(a, 'npv', 'mine', 7)), pv)).toBeLessThan(1e-9);
    expect(rel(num(cell(a, 'refresh_capex', 'mine', 7)), 2 * fleet)).toBeLessThan(1e-12);
  });

  test('mine, curtailed: a month of negative gross margin counts as 0 (after the 2028 halving at 5 c/kWh)', () => {
    const rows = projectMonths({ ...bare, btc_price_growth: 0, network_hashrate_growth: 0, fees: 0, uptime: 1, pool_fee: 0, other_cost: 0 }, 120);
    if (isError(rows)) throw new Error(String(rows));
    expect(rows.some((x) => x.gross_margin < 0)).toBe(true); // the halving makes this site unprofitable
    let on = 0;
    let off = 0;
    rows.forEach((x, m) => {
      on += Math.max(0, x.gross_margin) * df(m + 1);
      off += x.gross_margin * df(m + 1);
    });
    expect(rel(num(cell(bare, 'npv', 'mine')), on)).toBeLessThan(1e-9);
    expect(rel(num(cell({ ...bare, curtail: 0 }, 'npv', 'mine')), off)).toBeLessThan(1e-9);
  });

  test('value_per_w is npv per W of site power; payback and IRR of the lease agree with its flows', () => {
    const a = { ...bare, conversion_months: 0, lease_term: 10 };
    expect(num(cell(a, 'value_per_w', 'lease'))).toBeCloseTo(num(cell(a, 'npv', 'lease')) / 100e6, 12);
    // Flat NOI N a month on capex C: payback C / N months (between whole months: interpolated)
    const kw = 100_000 / 1.3;
    expect(num(cell(a, 'payback_years', 'lease'))).toBeCloseTo((10 * kw * 1000) / (150 * kw * 0.85) / 12, 10);
    // IRR: the annual rate whose monthly equivalent makes the flows' present value 0
    const irr = num(cell(a, 'irr', 'lease'));
    const m = Math.pow(1 + irr, 1 / 12) - 1;
    let pv = -10 * kw * 1000;
    for (let j = 1; j <= 120; j++) pv += (150 * kw * 0.85) / Math.pow(1 + m, j);
    expect(Math.abs(pv) / (10 * kw * 1000)).toBeLessThan(1e-9);
  });
});

describe('never, #NUM!, and the months of the first operating year', () => {
  test('a lease at zero rent never pays back and has no IRR (#NUM!: every flow <= 0)', () => {
    const a = { ...site, lease_rent: 0 };
    expect(cell(a, 'payback_years', 'lease')).toBe('never');
    expect(cell(a, 'irr', 'lease')).toEqual(new WattError('#NUM!', 'no IRR: every cash flow is <= 0'));
  });
  test('keeping a sunk fleet has no up-front outlay: IRR and payback are the text "n/a" (not 0, not an error), with or without later fleet purchases', () => {
    const noInvestment = 'n/a';
    expect(cell(site, 'irr', 'mine')).toBe(noInvestment);
    expect(cell(bare, 'irr', 'mine')).toBe(noInvestment);
    expect(cell(site, 'payback_years', 'mine')).toBe('n/a');
    expect(cell(bare, 'payback_years', 'mine')).toBe('n/a');
    // Income first, then fleet purchases: a root exists (a borrowing rate) but is not reported as an IRR.
    const refresh = { ...site, power_price: 0.03, mining_capex: 15, miner_life: 3 };
    expect(cell(refresh, 'irr', 'mine')).toBe(noInvestment);
    expect(cell(refresh, 'payback_years', 'mine')).toBe('n/a');
  });
  test('a cloud that does not recover its GPUs within the horizon: never', () => {
    expect(cell({ ...site, gpu_hour_price: 0.5 }, 'payback_years', 'cloud')).toBe('never');
  });
  test('first operating year after the build: the 12 months after conversion_months, by calendar hours', () => {
    const a = { ...site, conversion_months: 2 };
    // March 2026 to February 2027: 365 days
    expect(isoDate(serialFromUtc(2026, 3, 1))).toBe('2026-03-01');
    const hours = 365 * 24;
    const revenue = num(cell(a, 'annual_revenue', 'cloud'));
    expect(num(cell(a, 'revenue_per_mwh', 'cloud'))).toBeCloseTo(revenue / (100 * hours), 9);
  });
});

describe('properties (fast-check)', () => {
  const years = fc.integer({ min: 1, max: 12 });
  test('raising lease_rent raises the lease NPV (once the lease starts within the horizon) and leaves mine and cloud unchanged', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 400, noNaN: true }), fc.double({ min: 0.5, max: 200, noNaN: true }), years, (rent, more, y) => {
        const lo = table({ ...bare, lease_rent: rent }, y);
        const hi = table({ ...bare, lease_rent: rent + more }, y);
        const npv = lo.findIndex((r) => r[0] === 'npv');
        // The default 12-month build leaves no lease month in a 1-year horizon: the NPV is the capex alone.
        if (y === 1) expect(hi[npv][2]).toBe(lo[npv][2]);
        else expect(num(hi[npv][2])).toBeGreaterThan(num(lo[npv][2]));
        expect(hi[npv][1]).toBe(lo[npv][1]);
        expect(hi[npv][3]).toBe(lo[npv][3]);
      }),
      { numRuns: 40 },
    );
  });
  test('raising power_price lowers the mine NPV (strictly without curtailment, never raises it with) and changes neither lease nor cloud', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.2, noNaN: true }), fc.double({ min: 0.001, max: 0.1, noNaN: true }), fc.constantFrom(0, 1), years, (price, more, curtail, y) => {
        const lo = table({ ...site, power_price: price, curtail }, y);
        const hi = table({ ...site, power_price: price + more, curtail }, y);
        const npv = lo.findIndex((r) => r[0] === 'npv');
        if (curtail === 0) expect(num(hi[npv][1])).toBeLessThan(num(lo[npv][1]));
        else expect(num(hi[npv][1])).toBeLessThanOrEqual(num(lo[npv][1]));
        expect(hi[npv][2]).toBe(lo[npv][2]);
        expect(hi[npv][3]).toBe(lo[npv][3]);
      }),
      { numRuns: 40 },
    );
  });
  test('raising btc_price never lowers the mine NPV; a higher discount rate lowers the lease NPV of a paying lease', () => {
    fc.assert(
      fc.property(fc.double({ min: 1000, max: 300000, noNaN: true }), fc.double({ min: 100, max: 1e5, noNaN: true }), fc.double({ min: 0, max: 0.3, noNaN: true }), (price, more, rate) => {
        expect(num(cell({ ...site, btc_price: price + more }, 'npv', 'mine'))).toBeGreaterThanOrEqual(num(cell({ ...site, btc_price: price }, 'npv', 'mine')));
        const at = (d: number) => num(cell({ ...site, conversion_capex: 0, discount_rate: d }, 'npv', 'lease'));
        expect(at(rate + 0.01)).toBeLessThan(at(rate));
      }),
      { numRuns: 15 },
    );
  });
});

describe('issue 8: like-for-like defaults, each with its source', () => {
  const defaults = readPathInputs(Object.entries(site)) as unknown as Record<string, number>;
  test('lease_term 15 years: the median term of the announced critical-IT leases (data/hpc-deals.csv, kind = lease, each lease once)', () => {
    // Terms of the 17 kind=lease rows without cumulative_of (rows restating an earlier lease left out),
    // as of 2026-06: Cipher Barber Lake 10, its expansion 10, Cipher-AWS 15, TeraWulf CB-3/4 10,
    // TeraWulf Abernathy 25, Core Scientific-CoreWeave 12, Hut 8 River Bend 15, Applied Digital Polaris
    // Forge 1 15, Polaris Forge 2 15, Galaxy Helios 15, Riot-AMD 10, Hut 8 Beacon Point 15, Delta Forge 1
    // 15, Polaris Forge 3 15, Delta Forge 2 15, Cipher third campus 15, Hyperscale Data Michigan 10.
    const terms = [10, 10, 15, 10, 25, 12, 15, 15, 15, 15, 10, 15, 15, 15, 15, 15, 10].sort((x, y) => x - y);
    expect(terms).toHaveLength(17);
    expect(defaults.lease_term).toBe(terms[8]);
    expect(defaults.lease_term).toBe(15);
  });
  test('exit_cap_rate 7.5%: between the cap rates at which SHELLVALUE reproduces Morgan Stanley\'s $5.19/W and $7.81/W', () => {
    // The one calibration (SHELL_CALIBRATION, powered-shell template; docs): $10.7/W (JLL 2025), 0.85 margin, rents
    // $104.90 (hyperscaler) and $146.86 (neocloud) per kW-month: cap rates 6.734% and 8.093%, middle 7.41%.
    const cap = (rent: number, value: number) => (rent * 12 / 1000 * 0.85) / (10.7 + value);
    expect(cap(104.9, 5.19)).toBeCloseTo(0.06734, 5);
    expect(cap(146.86, 7.81)).toBeCloseTo(0.08093, 5);
    expect(defaults.exit_cap_rate).toBe(0.075);
    expect(Math.abs(defaults.exit_cap_rate - (cap(104.9, 5.19) + cap(146.86, 7.81)) / 2)).toBeLessThan(0.001);
  });
  test('fleet refresh at $8 per TH/s every 4 years (TheMinerMag 2025-12-23: ~$7-8/TH list for new S21 hydro/immersion); prepayment 20% (IREN-Microsoft); GPU residual 10%; terminal value on', () => {
    expect(defaults.mining_capex).toBe(8);
    expect(defaults.miner_life).toBe(4);
    expect(defaults.cloud_prepayment).toBe(0.2);
    expect(defaults.gpu_residual).toBe(0.1);
    expect(defaults.terminal_value).toBe(1);
  });
});

describe('issue 8: refresh, terminal values, prepayment and residual against closed forms', () => {
  const r = 0.1;
  const df = (k: number) => Math.pow(1 + r, -k / 12);
  const kw = 100_000 / 1.3;

  test('mine at the defaults, profitable throughout (2 c/kWh): the fleet (100 MW / 17.5 J/TH = 5.714 M TH/s at $8) bought at months 48 and 96, the last one worth half its cost at year 10', () => {
    const a = { ...site, power_price: 0.02 };
    const rows = projectMonths({ ...site, power_price: 0.02, btc_price_growth: 0, network_hashrate_growth: 0, fees: 0, uptime: 1, pool_fee: 0, other_cost: 0 }, 120);
    if (isError(rows)) throw new Error(String(rows));
    expect(rows.every((x) => x.gross_margin > 0)).toBe(true);
    const fleet = 8 * (100e6 / 17.5);
    const tv = fleet * (1 - 24 / 48); // bought at month 96, 24 of 48 months used at month 120
    let pv = -fleet * (df(48) + df(96)) + tv * df(120);
    rows.forEach((x, m) => (pv += x.gross_margin * df(m + 1)));
    expect(rel(num(cell(a, 'npv', 'mine')), pv)).toBeLessThan(1e-9);
    expect(rel(num(cell(a, 'refresh_capex', 'mine')), 2 * fleet)).toBeLessThan(1e-12);
    expect(rel(num(cell(a, 'terminal_value', 'mine')), tv)).toBeLessThan(1e-12);
    // A horizon within the first fleet's life buys nothing and values nothing (the starting fleet is sunk).
    expect(cell(a, 'refresh_capex', 'mine', 3)).toBe(0);
    expect(cell(a, 'terminal_value', 'mine', 3)).toBe(0);
  });

  test('mine, curtailed: no fleet is bought to sit idle; a replacement due while switched off waits for the month after a profitable one', () => {
    // At 5 c/kWh the site is switched off for good from the 2028 halving: no replacement at all.
    const rows = projectMonths({ ...site, btc_price_growth: 0, network_hashrate_growth: 0, fees: 0, uptime: 1, pool_fee: 0, other_cost: 0 }, 120);
    if (isError(rows)) throw new Error(String(rows));
    const firstOff = rows.findIndex((x) => x.gross_margin < 0);
    expect(firstOff).toBeGreaterThan(0);
    expect(firstOff).toBeLessThan(47);
    expect(rows.slice(firstOff).every((x) => x.gross_margin < 0)).toBe(true);
    expect(cell(site, 'refresh_capex', 'mine')).toBe(0);
    expect(cell(site, 'terminal_value', 'mine')).toBe(0);
    // BTC rising 10% a year: profitable until the 2032 halving (month 76), off for ~2 years, then back.
    // First replacement at month 48; the second, due at 96 while the site is off, waits for the month
    // after the first profitable one.
    const up = { ...site, btc_price_growth: 0.1 };
    const r2 = projectMonths({ ...site, btc_price_growth: 0.1, network_hashrate_growth: 0, fees: 0, uptime: 1, pool_fee: 0, other_cost: 0 }, 120);
    if (isError(r2)) throw new Error(String(r2));
    expect(r2[47].gross_margin).toBeGreaterThan(0);
    expect(r2[95].gross_margin).toBeLessThan(0);
    let second = 96;
    while (r2[second - 1].gross_margin < 0) second++;
    expect(second).toBeGreaterThan(96);
    expect(second).toBeLessThan(120);
    const fleet = 8 * (100e6 / 17.5);
    expect(rel(num(cell(up, 'refresh_capex', 'mine')), 2 * fleet)).toBeLessThan(1e-12);
    expect(rel(num(cell(up, 'terminal_value', 'mine')), fleet * (1 - (120 - second) / 48))).toBeLessThan(1e-12);
    let pv = -fleet * (df(48) + df(second)) + fleet * (1 - (120 - second) / 48) * df(120);
    r2.forEach((x, m) => (pv += Math.max(0, x.gross_margin) * df(m + 1)));
    expect(rel(num(cell(up, 'npv', 'mine')), pv)).toBeLessThan(1e-9);
  });

  test('cloud: GPUs resold at gpu_residual at each refresh, the hall at market NOI / exit cap and the GPUs at book value at H (1e-9)', () => {
    const a = { ...bare, terminal_value: 1, exit_cap_rate: 0.07, conversion_months: 3, gpu_life: 4, gpu_residual: 0.15, cloud_capex: 35, kw_per_gpu: 2, gpu_hour_price: 2.5, cloud_ebitda_margin: 0.7 };
    const gpuCost = (35 - 10) * kw * 1000;
    let pv = -35 * kw * 1000;
    for (let m = 3; m < 120; m++) {
      const service = m - 3;
      if (service === 48 || service === 96) pv += (-gpuCost + 0.15 * gpuCost) * df(m);
      pv += (kw / 2) * 2.5 * 24 * daysOf(m) * 0.7 * df(m + 1);
    }
    // At month 120 the GPUs bought at month 99 have served 21 of 48 months: cost x (1 - 0.85 x 21/48).
    const hall = (12 * 150 * kw * 0.85) / 0.07;
    const gpus = gpuCost * (1 - 0.85 * 21 / 48);
    pv += (hall + gpus) * df(120);
    expect(rel(num(cell(a, 'npv', 'cloud')), pv)).toBeLessThan(1e-9);
    expect(rel(num(cell(a, 'terminal_value', 'cloud')), hall + gpus)).toBeLessThan(1e-12);
    // exit_cap_rate = 0 leaves the GPUs' book value; terminal_value = 0 leaves nothing.
    expect(rel(num(cell({ ...a, exit_cap_rate: 0 }, 'terminal_value', 'cloud')), gpus)).toBeLessThan(1e-12);
    expect(cell({ ...a, terminal_value: 0 }, 'terminal_value', 'cloud')).toBe(0);
  });

  test('cloud: GPUs whose life ends exactly at H are at their residual value there, not new (regression)', () => {
    // Build 0, GPU life 5 years, horizon 5 years: the GPUs bought at t = 0 are 60 months old at H and
    // were not replaced (a purchase is made only before H): worth gpu_residual x cost, i.e. 15% of
    // (35 - 10) USD/W. A horizon of 4 years leaves them 48 of 60 months old: cost x (1 - 0.85 x 48/60).
    const a = { ...bare, terminal_value: 1, exit_cap_rate: 0, conversion_months: 0, gpu_life: 5, gpu_residual: 0.15, cloud_capex: 35 };
    const gpuCost = (35 - 10) * kw * 1000;
    expect(rel(num(cell(a, 'terminal_value', 'cloud', 5)), 0.15 * gpuCost)).toBeLessThan(1e-12);
    expect(rel(num(cell(a, 'terminal_value', 'cloud', 4)), gpuCost * (1 - 0.85 * 48 / 60))).toBeLessThan(1e-12);
    // Horizon 10 years: bought again at month 60, again at the end of its life at H.
    expect(rel(num(cell(a, 'terminal_value', 'cloud', 10)), 0.15 * gpuCost)).toBeLessThan(1e-12);
  });

  test('a hall still being built at H is valued as it will be when it opens (its first 12 months of NOI / exit cap, and new GPUs), discounted back to H at discount_rate (1e-12)', () => {
    // Build 30 months, horizon 2 years (H = 24): the hall opens 6 months after H. Its first 12 months
    // in service earn the in-place lease's rent (150 USD/kW-month x 85% margin, flat in its first year)
    // or, for the cloud's hall, the market NOI at the same rent and margin; worth that / 7% when it
    // opens, x 1.1^(-6/12) at H. The cloud's GPUs, bought at t = 0, are new when it opens: their cost
    // ((35 - 10) USD/W) x 1.1^(-6/12). Before, the hall counted the months before opening as nothing
    // (worth 6/12 of a finished hall) and the GPUs as nothing.
    const a = { ...bare, terminal_value: 1, exit_cap_rate: 0.07, conversion_months: 30, cloud_capex: 35 };
    const hall = (12 * 150 * kw * 0.85) / 0.07;
    const gpuCost = (35 - 10) * kw * 1000;
    const wait = Math.pow(1.1, -6 / 12);
    expect(rel(num(cell(a, 'terminal_value', 'lease', 2)), hall * wait)).toBeLessThan(1e-12);
    expect(rel(num(cell(a, 'terminal_value', 'cloud', 2)), (hall + gpuCost) * wait)).toBeLessThan(1e-12);
    // Opening exactly at H (build 24 months): the finished hall and new GPUs, undiscounted.
    const atH = { ...a, conversion_months: 24 };
    expect(rel(num(cell(atH, 'terminal_value', 'lease', 2)), hall)).toBeLessThan(1e-12);
    expect(rel(num(cell(atH, 'terminal_value', 'cloud', 2)), hall + gpuCost)).toBeLessThan(1e-12);
    // Nothing is earned before the opening, so the NPV is the same whether the horizon falls 12, 24 or
    // 36 months into a 36-month build (no prepayment: the cloud's would be repaid at H).
    const long = { ...a, conversion_months: 36 };
    for (const path of ['lease', 'cloud'] as const) {
      const at3 = num(cell(long, 'npv', path, 3));
      expect(rel(num(cell(long, 'npv', path, 1)), at3)).toBeLessThan(1e-12);
      expect(rel(num(cell(long, 'npv', path, 2)), at3)).toBeLessThan(1e-12);
    }
  });

  test('cloud prepayment: p x the first contract\'s revenue at t = 0, credited month by month; what is still owed at H is deducted there (1e-9)', () => {
    // Flat billing: 200 MW IT (260 MW site), 2-month build, 5-year contract, horizon 3 years (contract cut at H).
    const p = 0.2;
    const a = { ...bare, site_mw: 260, conversion_months: 2, cloud_prepayment: p };
    const itKw = 260_000 / 1.3;
    const gpus = itKw / (200_000 / 76_000);
    const price = 1.94e9 / (76_000 * 8760);
    const rev = (m: number) => gpus * price * 24 * daysOf(m);
    let contract = 0;
    for (let m = 2; m < 2 + 60; m++) contract += rev(m);
    let delta = p * contract; // received at t = 0
    for (let m = 2; m < 36; m++) delta -= p * rev(m) * df(m + 1);
    for (let m = 36; m < 62; m++) delta -= p * rev(m) * df(36);
    const withP = num(cell(a, 'npv', 'cloud', 3));
    const without = num(cell({ ...a, cloud_prepayment: 0 }, 'npv', 'cloud', 3));
    expect(rel(withP - without, delta)).toBeLessThan(1e-9);
    // The contract is ~$9.7B over 5 years (IREN-Microsoft, 2025-11-03): the prepayment is ~$1.94B.
    expect(rel(p * contract, 0.2 * 1.94e9 * (365 * 4 + 366) / 365)).toBeLessThan(0.01);
    // Undiscounted, a prepayment moves cash earlier and adds none.
    const flat = { ...a, discount_rate: 0 };
    expect(rel(num(cell(flat, 'npv', 'cloud', 3)), num(cell({ ...flat, cloud_prepayment: 0 }, 'npv', 'cloud', 3)))).toBeLessThan(1e-12);
    // First-year revenue and EBITDA are accrual: unchanged by the prepayment.
    expect(cell(a, 'annual_revenue', 'cloud', 3)).toBe(cell({ ...a, cloud_prepayment: 0 }, 'annual_revenue', 'cloud', 3));
  });

  test('property: terminal_value = 0 makes every path\'s npv the value of its cash within the horizon, i.e. no higher than with it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.double({ min: 0.03, max: 0.2, noNaN: true }), (y, cap) => {
        const on = table({ ...site, exit_cap_rate: cap }, y);
        const off = table({ ...site, exit_cap_rate: cap, terminal_value: 0 }, y);
        const npv = on.findIndex((row) => row[0] === 'npv');
        const tv = on.findIndex((row) => row[0] === 'terminal_value');
        for (let j = 1; j <= 3; j++) {
          expect(off[tv][j]).toBe(0);
          expect(num(on[npv][j])).toBeGreaterThanOrEqual(num(off[npv][j]) - 1e-6);
          // The difference is exactly the terminal value discounted from H.
          const gap = num(on[npv][j]) - num(off[npv][j]);
          expect(Math.abs(gap - num(on[tv][j]) * Math.pow(1.1, -y))).toBeLessThanOrEqual(1e-9 * Math.max(1, num(on[tv][j])));
        }
      }),
      { numRuns: 20 },
    );
  });
});

describe('issue 8: the lease path reconciles with WATT.SHELLVALUE (the powered-shell template)', () => {
  /*
   * Identity tested. Lease path with no build delay (conversion_months = 0), a flat rent (escalator 0),
   * a lease running through the 12 months after the horizon, the shell sold at H at exit cap rate c on
   * the next 12 months of NOI, and the discount rate r whose monthly rate is c / 12, i.e.
   * r = (1 + c/12)^12 - 1. With N the monthly NOI, v = 1 / (1 + c/12):
   *   PV = -capex + N (1 - v^H) / (c/12) + (12 N / c) v^H = 12 N / c - capex,
   * for every horizon H: per W of critical IT that is NOI per W-year / c - capex = WATT.SHELLVALUE.
   * So value_per_w (per W of site power) / it_ratio = SHELLVALUE(rent, capex, c, margin), to 1e-9
   * relative (decimal sums; the only rounding is the conversion to double).
   */
  const cases = [
    // Morgan Stanley hyperscaler and neocloud (README calibration), and one off-market case.
    { rent: 107.84, capex: 11, cap: 0.06794, margin: 0.85, years: 10 },
    { rent: 150.98, capex: 11, cap: 0.08187, margin: 0.85, years: 15 },
    { rent: 130, capex: 9, cap: 0.1, margin: 0.7, years: 3 },
  ];
  test.each(cases)('rent $rent, capex $capex/W, cap $cap, margin $margin, $years years', ({ rent, capex, cap, margin, years }) => {
    const a = { ...site, conversion_months: 0, lease_rent: rent, conversion_capex: capex, exit_cap_rate: cap, lease_noi_margin: margin, lease_escalator: 0, lease_term: years + 1, discount_rate: Math.pow(1 + cap / 12, 12) - 1, it_ratio: 0.8 };
    const perWIt = num(cell(a, 'value_per_w', 'lease', years)) / 0.8;
    const sv = shellValue(rent, capex, cap, margin) as number;
    expect(rel(perWIt, sv)).toBeLessThan(1e-9);
    // The Morgan Stanley cases land on their published values ($5.19/W, $7.81/W) within $0.01/W.
    if (cap === 0.06794) expect(Math.abs(perWIt - 5.19)).toBeLessThan(0.01);
    if (cap === 0.08187) expect(Math.abs(perWIt - 7.81)).toBeLessThan(0.01);
  });
  test('at any other discount rate the gap is (12 N / c - N / i)(1 - v^H) per W, i the monthly rate (closed form, 1e-9)', () => {
    const c = 0.075;
    const i = Math.pow(1.1, 1 / 12) - 1;
    const H = 120;
    const n = (150 * 12 / 1000 * 0.85) / 12; // NOI per W of IT per month
    const a = { ...site, conversion_months: 0, lease_escalator: 0, lease_term: 20, exit_cap_rate: c, it_ratio: 1 };
    const v = Math.pow(1 + i, -H);
    const expected = (shellValue(150, 10, c, 0.85) as number) - (12 * n / c - n / i) * (1 - v);
    expect(rel(num(cell(a, 'value_per_w', 'lease')), expected)).toBeLessThan(1e-9);
  });
});

describe('issue 8: no NaN or Infinity whatever the levers (fast-check)', () => {
  test('random levers across their accepted ranges: every cell is a finite number, "never", "n/a" or a #NUM! IRR', () => {
    fc.assert(
      fc.property(
        fc.record({
          terminal_value: fc.constantFrom(0, 1),
          exit_cap_rate: fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 1, noNaN: true })),
          gpu_residual: fc.double({ min: 0, max: 1, noNaN: true }),
          cloud_prepayment: fc.double({ min: 0, max: 1, noNaN: true }),
          mining_capex: fc.double({ min: 0, max: 100, noNaN: true }),
          miner_life: fc.double({ min: 0.25, max: 50, noNaN: true }),
          gpu_life: fc.double({ min: 0.25, max: 50, noNaN: true }),
          lease_term: fc.double({ min: 0.01, max: 100, noNaN: true }),
          conversion_months: fc.integer({ min: 0, max: 120 }),
          curtail: fc.constantFrom(0, 1),
        }),
        fc.integer({ min: 1, max: 50 }),
        (levers, years) => {
          const t = table({ ...site, ...levers }, years);
          for (const row of t.slice(1)) {
            for (const v of row.slice(1)) {
              if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
              else if (v instanceof WattError) expect(row[0]).toBe('irr');
              else expect(['never', 'n/a']).toContain(v);
            }
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

test('a fleet older than miner_life at the horizon is worth 0, not a negative book value (its replacement waited while the site was off)', () => {
  // 300 MW at 17.5 J/TH, $87,000, 1,075 EH/s, 0.02 BTC fees, $20.84/MWh at 93.7% uptime, $5/MWh other costs:
  // the fleet is bought again at month 48, the site is off for good from month 76 (2028 halving at this
  // hashprice), so the month-96 replacement never comes and the month-48 fleet is 72 months old at H = 120.
  const a = { start_date: START, btc_price: 87000, network_hashrate: 1075, fees: 0.02, site_mw: 300, efficiency: 17.5, power_price: 0.02084330729780712, uptime: 0.9366507285974498, pool_fee: 0.02, other_cost: 5 };
  const fleet = 8 * ((300 * 1e6) / 17.5); // mining_capex 8 USD per TH/s
  expect(rel(num(cell(a, 'refresh_capex', 'mine')), fleet)).toBeLessThan(1e-12); // one purchase, at month 48
  expect(cell(a, 'terminal_value', 'mine')).toBe(0); // was -0.5 x fleet before the fix: 1 - 72/48
});

