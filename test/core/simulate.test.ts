/**
 * The Monte Carlo of the three paths (src/core/simulate.ts), issue 11 §3: with no uncertainty it is
 * WATT.PATHS exactly; the price and hashrate processes have the stated mean, volatility and
 * correlation; monotonicity in volatility and default probability; reproducible by seed, with
 * standard errors that describe the spread between seeds; the shipped BTC history and its default
 * volatility; the size limits.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { serialFromUtc } from '../../src/core/dates';
import { isError, WattError } from '../../src/core/errors';
import { comparePaths, PathInputs, readPathInputs } from '../../src/core/paths';
import { projectMonths } from '../../src/core/projection';
import {
  bandsTable, BTC_MONTHLY_RETURNS, MAX_TRIAL_YEARS, pathStats, prepareSimulation, realisedVolatility, runSimulation, simulateTable,
} from '../../src/core/simulate';
import { btcMonthlyModule } from '../../scripts/btc-monthly';
import { P } from '../../src/core/params';

const START = serialFromUtc(2026, 1, 1);
const SITE: Record<string, number> = { start_date: START, btc_price: 90000, network_hashrate: 1100, site_mw: 100, efficiency: 17.5, power_price: 0.05 };
const CALM = { btc_volatility: 0, hashrate_volatility: 0, tenant_default: 0, gpu_price_volatility: 0 };
type Inputs = Record<string, number>;

function setup(a: Inputs, years = 10) {
  const s = prepareSimulation(Object.entries(a), years);
  if (isError(s)) throw new Error(String(s));
  return s;
}
function table(a: Inputs, trials: number, years = 10, seed = 1): unknown[][] {
  const t = simulateTable(Object.entries(a), trials, years, seed);
  if (isError(t)) throw new Error(String(t));
  return t as unknown[][];
}
const row = (t: unknown[][], name: string) => t.find((r) => r[0] === name)!.slice(1) as number[];
function paths(a: Inputs, years = 10) {
  const inputs = readPathInputs(Object.entries(a).filter(([k]) => !(k in CALM) && !['price_model', 'tenant', 'relet_months', 'relet_haircut', 'price_hashrate_correlation'].includes(k)));
  if (isError(inputs)) throw new Error(String(inputs));
  const r = comparePaths(inputs as PathInputs, years);
  if (isError(r)) throw new Error(String(r));
  return r;
}

describe('with every volatility and default probability at zero, each mean is WATT.PATHS', () => {
  const cases: [string, Inputs, number][] = [
    ['the default site', SITE, 10],
    ['growth in price and hashrate, fleet refreshes, a 7-year horizon', { ...SITE, btc_price_growth: 0.15, network_hashrate_growth: 0.3, miner_life: 3 }, 7],
    // Power at $0.09/kWh: after the 2028 halving the margin turns negative and the fleet is switched off.
    ['curtailed months and postponed purchases', { ...SITE, power_price: 0.09, network_hashrate_growth: 0.2, miner_life: 2 }, 10],
    ['no terminal value, prepayment and a GPU price decline', { ...SITE, terminal_value: 0, cloud_prepayment: 0.3, gpu_price_decline: 0.1, gpu_life: 3 }, 12],
  ];
  test.each(cases)('%s', (_, inputs, years) => {
    const a = { ...inputs, ...CALM };
    const t = table(a, 8, years);
    const det = paths(inputs, years);
    // Lease and cloud: PATHS' own NPV, untouched (no default, Z = 1). Mine: recomputed month by month
    // in binary floating point against PATHS' decimal sums: equal to 1e-12 of the value.
    const [mine, lease, cloud] = row(t, 'mean_npv');
    expect(Math.abs(mine - det.mine.npv)).toBeLessThanOrEqual(1e-12 * Math.abs(det.mine.npv) + 1e-6);
    expect(lease).toBe(det.lease.npv);
    expect(cloud).toBe(det.cloud.npv);
    expect(row(t, 'paths_npv')).toEqual([det.mine.npv, det.lease.npv, det.cloud.npv]);
    for (const v of row(t, 'std_dev')) expect(v).toBeLessThan(1e-6);
  });

  test('the curtailed case does switch months off (the test covers the curtail rule)', () => {
    const inputs = { ...SITE, power_price: 0.09, network_hashrate_growth: 0.2 };
    const rows = projectMonths(readPathInputs(Object.entries(inputs)) as PathInputs, 120);
    if (isError(rows)) throw new Error(String(rows));
    expect(rows.filter((r) => r.gross_margin < 0).length).toBeGreaterThan(12);
  });

  test('fan bands: every percentile and the mean equal WATT.PROJECTION month by month', () => {
    for (const q of ['hashprice', 'margin', 'btc_price', 'network_hashrate']) {
      const b = bandsTable(Object.entries({ ...SITE, btc_price_growth: 0.1, network_hashrate_growth: 0.3, ...CALM }), q, 4, 3, 1) as unknown[][];
      expect(b[0]).toEqual(['month', 'date', 'p5', 'p25', 'p50', 'p75', 'p95', 'mean', 'deterministic']);
      expect(b.length).toBe(37);
      const rows = projectMonths(readPathInputs(Object.entries({ ...SITE, btc_price_growth: 0.1, network_hashrate_growth: 0.3 })) as PathInputs, 36) as { date: number }[];
      b.slice(1).forEach((r, m) => {
        expect(r[0]).toBe(m + 1);
        expect(r[1]).toBe(rows[m].date);
        const det = r[8] as number;
        for (const v of r.slice(2, 8) as number[]) expect(Math.abs(v - det)).toBeLessThanOrEqual(1e-12 * Math.abs(det) + 1e-6);
      });
    }
  });
});

describe('the price and hashrate processes', () => {
  const years = 5;
  const H = 12 * years;
  function run(a: Inputs, trials: number, seed = 7) {
    const s = setup(a, years);
    return runSimulation(s, trials, seed, { logReturns: true }).logReturns!;
  }
  /** Terminal price of each trial, P0 x exp(sum of its monthly log returns). */
  function terminal(price: Float64Array, trials: number, p0: number) {
    const out = new Float64Array(trials);
    for (let t = 0; t < trials; t++) {
      let x = 0;
      for (let m = 0; m < H; m++) x += price[t * H + m];
      out[t] = p0 * Math.exp(x);
    }
    return out;
  }

  test.each([
    ['GBM', 0],
    ['bootstrap of 2015-2025 monthly returns', 1],
  ])('%s: the mean terminal price is P0 x exp(drift x T) within 3 standard errors', (_, model) => {
    const trials = 20000;
    const g = 0.2;
    const { price } = run({ ...SITE, btc_price_growth: g, btc_volatility: 0.47, price_model: model }, trials);
    const st = pathStats(terminal(price, trials, 90000));
    const expected = 90000 * Math.exp(Math.log1p(g) * years);
    expect(Math.abs(st.mean - expected)).toBeLessThan(3 * st.stdError);
    // and the test can fail: a drift of 0 is far outside
    expect(Math.abs(st.mean - 90000)).toBeGreaterThan(3 * st.stdError);
  });

  test.each([0.2, 0.47, 0.9])('the volatility of simulated monthly log returns equals the input %p (annualised, within 1%)', (vol) => {
    const trials = 4000;
    const { price } = run({ ...SITE, btc_volatility: vol }, trials);
    let sum = 0;
    for (const x of price) sum += x;
    const mean = sum / price.length;
    let ss = 0;
    for (const x of price) ss += (x - mean) ** 2;
    const sd = Math.sqrt(ss / (price.length - 1)) * Math.sqrt(12);
    expect(Math.abs(sd / vol - 1)).toBeLessThan(0.01);
  });

  test.each([-0.5, 0, 0.3, 0.8])('price and hashrate returns correlate as the input %p (within 0.01)', (rho) => {
    const trials = 4000;
    const { price, hashrate } = run({ ...SITE, btc_volatility: 0.5, hashrate_volatility: 0.2, price_hashrate_correlation: rho }, trials);
    const n = price.length;
    let mp = 0;
    let mh = 0;
    for (let i = 0; i < n; i++) {
      mp += price[i] / n;
      mh += hashrate[i] / n;
    }
    let cov = 0;
    let vp = 0;
    let vh = 0;
    for (let i = 0; i < n; i++) {
      cov += (price[i] - mp) * (hashrate[i] - mh);
      vp += (price[i] - mp) ** 2;
      vh += (hashrate[i] - mh) ** 2;
    }
    expect(Math.abs(cov / Math.sqrt(vp * vh) - rho)).toBeLessThan(0.01);
  });

  test('the mean simulated hashrate follows WATT.PROJECTION\'s growth (last month, within 3 standard errors of a lognormal mean)', () => {
    const trials = 10000;
    const vol = 0.2;
    const b = bandsTable(Object.entries({ ...SITE, network_hashrate_growth: 0.3, hashrate_volatility: vol }), 'network_hashrate', trials, 5, 3) as number[][];
    const last = b[b.length - 1];
    const t = (b.length - 2) / 12; // the last row is month 59, 59/12 years after the start
    const se = Math.sqrt(Math.expm1(vol * vol * t)) / Math.sqrt(trials); // relative sd of the mean (no antithetic credit)
    expect(Math.abs(last[7] / last[8] - 1)).toBeLessThan(3 * se);
    expect(last[8]).toBeCloseTo(1100 * Math.pow(1.3, t), 6);
  });

  test('the bootstrap draws only the shipped returns (shifted by one constant)', () => {
    const trials = 200;
    const { price } = run({ ...SITE, price_model: 1 }, trials);
    const shift = price[0] - BTC_MONTHLY_RETURNS.reduce((best, r) => (Math.abs(r + 0 - price[0]) < Math.abs(best - price[0]) ? r : best), Infinity);
    const set = new Set(BTC_MONTHLY_RETURNS.map((r) => (r + shift).toFixed(10)));
    for (let i = 0; i < 500; i++) expect(set.has(price[i].toFixed(10))).toBe(true);
  });
});

describe('monotonicity', () => {
  const base = { ...SITE, tenant_default: 0, gpu_price_volatility: 0 };
  test('more price volatility widens the mine path P5-P95 and leaves the lease unchanged without defaults', () => {
    const calm = table({ ...base, btc_volatility: 0.3 }, 4000);
    const wild = table({ ...base, btc_volatility: 0.8 }, 4000);
    const width = (t: unknown[][], i: number) => row(t, 'p95')[i] - row(t, 'p5')[i];
    expect(width(wild, 0)).toBeGreaterThan(1.5 * width(calm, 0));
    for (const stat of ['mean_npv', 'p5', 'p50', 'p95', 'std_dev']) expect(row(wild, stat)[1]).toBe(row(calm, stat)[1]);
    expect(width(calm, 1)).toBe(0);
  });
  test('a higher default probability lowers the lease mean (same seed)', () => {
    const means = [0, 0.01, 0.04, 0.15].map((p) => row(table({ ...base, tenant_default: p }, 2000), 'mean_npv')[1]);
    for (let i = 1; i < means.length; i++) expect(means[i]).toBeLessThan(means[i - 1]);
  });
  test('the tenant type sets the default probability: a neocloud lease is worth less than a hyperscaler lease', () => {
    const hyper = row(table({ ...SITE, tenant: 1 }, 4000), 'mean_npv')[1];
    const neo = row(table({ ...SITE, tenant: 2 }, 4000), 'mean_npv')[1];
    expect(neo).toBeLessThan(hyper);
  });
  test('a default with a vacancy past the horizon loses every rent and the whole shell value: the lease NPV is minus its capex', () => {
    // tenant_default 1: the tenant defaults in the first month of rent (month 13); 120 months to re-let
    // covers the rest of the 10 years and the 12 months the terminal value capitalises.
    const t = table({ ...SITE, tenant_default: 1, relet_months: 120, gpu_price_volatility: 0 }, 2);
    const capex = 10 * 100e6 / 1.3;
    expect(Math.abs(row(t, 'mean_npv')[1] + capex)).toBeLessThan(1e-6 * capex);
  });
  test('re-letting at once at the same rent costs nothing', () => {
    const t = table({ ...SITE, tenant_default: 0.5, relet_months: 0, relet_haircut: 0 }, 200);
    expect(row(t, 'std_dev')[1]).toBe(0);
    expect(row(t, 'mean_npv')[1]).toBe(row(t, 'paths_npv')[1]);
  });
  test('more GPU price volatility widens the cloud path and leaves its mean within its standard errors', () => {
    const a = table({ ...SITE, gpu_price_volatility: 0.1 }, 4000);
    const b = table({ ...SITE, gpu_price_volatility: 0.5 }, 4000);
    expect(row(b, 'std_dev')[2]).toBeGreaterThan(3 * row(a, 'std_dev')[2]);
    expect(Math.abs(row(b, 'mean_npv')[2] - row(b, 'paths_npv')[2])).toBeLessThan(4 * row(b, 'std_error')[2]);
  });
});

describe('reproducible, with honest standard errors', () => {
  test('the same seed gives the same table; another seed another', () => {
    expect(table(SITE, 1000, 10, 42)).toEqual(table(SITE, 1000, 10, 42));
    expect(table(SITE, 1000, 10, 43)).not.toEqual(table(SITE, 1000, 10, 42));
  });
  test('means from 24 seeds spread as the reported standard error says (ratio 0.6 to 1.5 for each path)', () => {
    const trials = 1000;
    const runs = Array.from({ length: 24 }, (_, i) => table(SITE, trials, 10, 100 + i));
    for (let p = 0; p < 3; p++) {
      const means = runs.map((t) => row(t, 'mean_npv')[p]);
      const m = means.reduce((s, x) => s + x, 0) / means.length;
      const spread = Math.sqrt(means.reduce((s, x) => s + (x - m) ** 2, 0) / (means.length - 1));
      const reported = runs.reduce((s, t) => s + row(t, 'std_error')[p], 0) / runs.length;
      expect(spread / reported).toBeGreaterThan(0.6);
      expect(spread / reported).toBeLessThan(1.5);
    }
  });
  test('antithetic pairs reduce the standard error of the mine path below plain sampling (sd / sqrt(n))', () => {
    const t = table(SITE, 4000);
    expect(row(t, 'std_error')[0]).toBeLessThan(row(t, 'std_dev')[0] / Math.sqrt(4000));
  });
});

describe('statistics', () => {
  test('percentiles as PERCENTILE.INC, expected shortfall, probability of a loss, on a known sample', () => {
    const x = Float64Array.from([5, -3, 1, 9, -7, 2, 0, 4, 8, -1]);
    const s = pathStats(x);
    // sorted: -7 -3 -1 0 1 2 4 5 8 9; P25 at rank 2.25 = -1 + 0.25 x 1; P5 at rank 0.45 = -7 + 0.45 x 4
    expect(s.p25).toBeCloseTo(-0.75, 12);
    expect(s.p5).toBeCloseTo(-5.2, 12);
    expect(s.p50).toBeCloseTo(1.5, 12);
    expect(s.probNegative).toBe(0.3);
    expect(s.expectedShortfall5).toBe(-7); // ceil(0.5) = 1 worst value
    expect(s.mean).toBeCloseTo(1.8, 12);
  });
  test('the table: header and rows; probabilities in [0, 1]; mining beats both no more often than either', () => {
    const t = table(SITE, 2000);
    expect(t[0]).toEqual(['statistic', 'mine', 'lease', 'cloud']);
    expect(t.slice(1).map((r) => r[0])).toEqual(['mean_npv', 'std_error', 'std_dev', 'p5', 'p25', 'p50', 'p75', 'p95', 'prob_negative', 'expected_shortfall_5', 'prob_mine_better', 'paths_npv']);
    const [both, lease, cloud] = row(t, 'prob_mine_better');
    expect(both).toBeLessThanOrEqual(Math.min(lease, cloud));
    for (const v of [...row(t, 'prob_negative'), both, lease, cloud]) expect(v >= 0 && v <= 1).toBe(true);
    for (let p = 0; p < 3; p++) {
      const q = ['p5', 'p25', 'p50', 'p75', 'p95'].map((n) => row(t, n)[p]);
      for (let i = 1; i < q.length; i++) expect(q[i]).toBeGreaterThanOrEqual(q[i - 1]);
      expect(row(t, 'expected_shortfall_5')[p]).toBeLessThanOrEqual(q[0]);
    }
  });
});

describe('limits and errors', () => {
  test('odd trials, and trials x years above the limit, are #VALUE! naming the limit', () => {
    const odd = simulateTable(Object.entries(SITE), 1001, 10, 1) as WattError;
    expect(odd.code).toBe('#VALUE!');
    expect(odd.message).toContain('even');
    const big = simulateTable(Object.entries(SITE), 50000, 5, 1) as WattError;
    expect(big.code).toBe('#VALUE!');
    expect(big.message).toContain(`at most ${MAX_TRIAL_YEARS.toLocaleString('en-US')}`);
    expect((bandsTable(Object.entries(SITE), 'hashprice', 40000, 6, 1) as WattError).message).toContain('trials x years');
    expect((bandsTable(Object.entries(SITE), 'difficulty', 10, 1, 1) as WattError).message).toContain('hashprice, margin, btc_price, network_hashrate');
  });
  test('an unknown risk input or one out of range is #VALUE! with its unit and range', () => {
    expect((simulateTable([...Object.entries(SITE), ['btc_volatility', 4]], 10, 1, 1) as WattError).message).toBe('btc_volatility must be from 0 to 3 (annual volatility of BTC log returns, 0.47 = 47%) (got 4)');
    expect((simulateTable([...Object.entries(SITE), ['tenant', 3]], 10, 1, 1) as WattError).message).toContain('tenant must be');
    expect((simulateTable([...Object.entries(SITE), ['volatility', 1]], 10, 1, 1) as WattError).message).toContain('unknown name "volatility"');
  });
  // Its time is not a unit test's to judge (a wall-clock limit failed here at 10.4 s under a load of 18
  // on two cores): `npm run bench` times the simulation in CPU time against its target (scripts/bench-risk.js).
  test('the largest call the limits allow (20,000 trials x 10 years) returns a table, not an error', () => {
    const t = simulateTable(Object.entries(SITE), 20000, 10, 1);
    expect(isError(t)).toBe(false);
  });
});

describe('the shipped BTC history', () => {
  test('src/core/data/btc-monthly.ts is generated from data/btc-monthly.csv (run npx tsx scripts/btc-monthly.ts)', () => {
    const root = join(__dirname, '..', '..');
    expect(readFileSync(join(root, 'src', 'core', 'data', 'btc-monthly.ts'), 'utf8')).toBe(btcMonthlyModule(readFileSync(join(root, 'data', 'btc-monthly.csv'), 'utf8')));
  });
  test('121 month-end closes, 2015-08 to 2025-08; known closes (Coinbase: 2017-12-31 $13,863.13; 2024-12-31 $93,354.22)', () => {
    const csv = readFileSync(join(__dirname, '..', '..', 'data', 'btc-monthly.csv'), 'utf8').trim().split('\n');
    expect(csv.length).toBe(122);
    expect(csv).toContain('2017-12,2017-12-31,13863.13');
    expect(csv).toContain('2024-12,2024-12-31,93354.22');
    expect(BTC_MONTHLY_RETURNS.length).toBe(120);
  });
  test('the default btc_volatility 0.47 is the realised volatility of 2023-01 to 2025-08 (47.3%), rounded', () => {
    expect(realisedVolatility('2023-01', '2025-08')).toBeCloseTo(0.4725, 3);
    expect(P.btc_volatility.default).toBe(Math.round(realisedVolatility('2023-01', '2025-08') * 100) / 100);
    expect(realisedVolatility('2015-09', '2025-08')).toBeCloseTo(0.685, 3);
  });
});
