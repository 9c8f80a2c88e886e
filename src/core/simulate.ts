/**
 * Monte Carlo of the three paths (WATT.SIMULATE, WATT.SIMBANDS): the distribution of each path's NPV
 * when the BTC price, the network hashrate, the lease tenant and the GPU-hour price are uncertain,
 * on the same site, horizon, discount rate and terminal values as WATT.PATHS (src/core/paths.ts).
 *
 * The world, month by month (m = 0 .. H - 1, H = 12 x years; values at each month's first day):
 *   BTC price    P_m = btc_price x exp(X_m), X_0 = 0. price_model 0 (geometric Brownian motion):
 *                X_{m+1} = X_m + (mu - s^2 / 2) / 12 + s / sqrt(12) x z1, z1 standard normal, with
 *                mu = ln(1 + btc_price_growth) and s = btc_volatility, so E[P_m] = btc_price x
 *                (1 + btc_price_growth)^(m / 12), WATT.PROJECTION's price: the simulation spreads the
 *                deterministic case, it does not change its centre. price_model 1 (bootstrap): the
 *                monthly log return is drawn from the 120 monthly returns of data/btc-monthly.csv
 *                (2015-09 to 2025-08), shifted by the same constant so that E[exp(return)] = (1 +
 *                btc_price_growth)^(1/12): history's shape (fat tails, skew), the input's mean.
 *   Hashrate     N_m = network_hashrate x exp(Y_m), Y_{m+1} = Y_m + (mu_h - s_h^2 / 2) / 12 + s_h /
 *                sqrt(12) x (rho x e1 + sqrt(1 - rho^2) x z2), mu_h = ln(1 + network_hashrate_growth),
 *                s_h = hashrate_volatility, rho = price_hashrate_correlation, e1 the price shock in
 *                standard units (z1, or the bootstrapped return standardised by history's mean and sd).
 *   Halvings     the subsidy of each month from its estimated block height, fees per block as given
 *                (WATT.PROJECTION's rows, reused).
 *   Mine         WATT.PATHS' mine path month by month: BTC mined = WATT.PROJECTION's row x (its network
 *                hashrate / N_m) (hashvalue is inversely proportional to the network), revenue = that x
 *                P_m, gross margin = revenue - the row's power and other cost; the PATHS kernel decides
 *                the months switched off (curtail) and the fleet purchases (mineRuns, mineBuyMonths),
 *                the terminal value is PATHS' book value of the last fleet (bookValue).
 *   Lease        WATT.PATHS' lease flows (leaseFlows) with tenant defaults: in each month the tenant
 *                pays, it defaults with probability 1 - (1 - p)^(1/12), p the annual probability
 *                (tenant_default, else 0.1% for a hyperscaler, 4% for a neocloud: see below). A default
 *                loses that month's NOI and the next relet_months - 1 (relet_months months without
 *                rent; 0 = re-let at once), then the shell is re-let for the rest of the schedule at
 *                (1 - relet_haircut) x the rent; a new tenant may default again. The terminal value
 *                (the shell at the exit cap rate) is scaled by the rent factor in force (the re-let rent
 *                is the market rent for this shell) and loses the vacant months after the horizon (of
 *                the 12 it capitalises, at the average forward NOI).
 *   Cloud        WATT.PATHS' cloud flows (cloudFlows). The first contract is take-or-pay at its price
 *                (as IREN-Microsoft); each later contract (a GPU refresh, every gpu_life years of
 *                service) is priced at the market: PATHS' price x Z, Z = exp(g W(t) - g^2 t / 2) at its
 *                signing date t (years from the start), W a Brownian motion, g = gpu_price_volatility, so
 *                E[Z] = 1 (the price decline with GPU age stays gpu_price_decline, utilization
 *                cloud_utilization). The revenue part of the flows is PATHS' flows less PATHS' flows at a
 *                zero GPU-hour price (the flows are linear in the price), so nothing is recomputed.
 * NPV at the PATHS discount rate (monthly compounding), the same flows and indices as PATHS.
 *
 * Random numbers: pure-rand's xoroshiro128plus seeded with `seed` (the same seed gives the same table
 * in Excel, the engine and the CLI); uniforms on (0, 1) from 32 bits, normals by Box-Muller.
 * Variance reduction: antithetic variates. Each draw of a world is used twice, with every normal
 * negated (z -> -z), every uniform mirrored (u -> 1 - u) and every bootstrapped return replaced by its
 * mirror in the sorted sample; the standard error of a mean is the standard deviation of the pair
 * averages / sqrt(pairs), which is why trials must be even.
 * Statistics: percentiles interpolate as Excel's PERCENTILE.INC (rank p x (n - 1)); expected shortfall
 * at 5% is the mean of the lowest ceil(5% x n) NPVs.
 *
 * Defaults and sources (every risk input is on the risk template's sheet with its source):
 *   btc_volatility 0.47     realised volatility of monthly log returns of BTC-USD month-end closes,
 *                           2023-01 to 2025-08 (data/btc-monthly.csv: sd x sqrt(12) = 47.3%); the whole
 *                           2015-09 .. 2025-08 series gives 68.5%, and Glassnode reported 40-55% rolling
 *                           realised volatility in the 2023-24 uptrend
 *   hashrate_volatility 0.15, price_hashrate_correlation 0.3   assumptions: the difficulty in force on
 *                           the first day of each month of 2026 (data/network-2026.csv) moved with a
 *                           monthly sd of about 3.7% (~13% a year); miners add hashrate when hashprice
 *                           rises, with a lag, so the same-month correlation is modest
 *   tenant 2, tenant_default p   assumptions on S&P's default studies: a hyperscaler (rated AA-AAA)
 *                           0.1% a year, about S&P's investment-grade one-year default rate (1981-2023,
 *                           2023 Annual Global Corporate Default Study, 2024-03-28: at most 0.21% in any
 *                           year); a neocloud 4% a year, about S&P's global speculative-grade default
 *                           rate (3.7% in 2023, same study; CoreWeave was rated B+ by S&P and Ba3 by
 *                           Moody's in May 2025)
 *   relet_months 12, relet_haircut 0.2, gpu_price_volatility 0.3   assumptions of this model
 * What it leaves out: defaults of the cloud customer, construction overruns and delays, power price and
 * uptime risk, fee volatility, correlation between a tenant default and the BTC market, taxes and debt.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { Assumptions, Catalog, readAssumptions } from './assumptions';
import { periodRate } from './cashflow';
import { BTC_MONTHLY_CLOSES } from './data/btc-monthly';
import { isError, Messages, Result, valueError } from './errors';
import { hashvalue } from './mining';
import { P } from './params';
import {
  bookValue, cloudFlows, comparePaths, leaseFlows, lifeMonths, mineBuyMonths, mineFleetCost, mineRuns, PATH_NAMES,
  PathInputs, pathMonthStarts, readPathInputs,
} from './paths';
import { MonthRow, projectMonths, TableCell } from './projection';

export const RISK_CATALOG: Catalog = {
  price_model: P.price_model,
  btc_volatility: P.btc_volatility,
  hashrate_volatility: P.hashrate_volatility,
  price_hashrate_correlation: P.price_hashrate_correlation,
  tenant: P.tenant,
  tenant_default: P.tenant_default,
  relet_months: P.relet_months,
  relet_haircut: P.relet_haircut,
  gpu_price_volatility: P.gpu_price_volatility,
};

/** Annual default probability of a lease tenant by type (tenant = 1, 2): see the module comment. */
export const TENANT_DEFAULT = { hyperscaler: 0.001, neocloud: 0.04 } as const;

export interface RiskInputs {
  price_model: number;
  btc_volatility: number;
  hashrate_volatility: number;
  price_hashrate_correlation: number;
  tenant: number;
  /** Annual default probability used (the tenant type's unless given). */
  tenant_default: number;
  relet_months: number;
  relet_haircut: number;
  gpu_price_volatility: number;
}

/**
 * Most trials x years per call: 10,000 trials over 10 years take ~0.1 s in Node (npm run bench); the
 * limit keeps a cell near a second on a slower machine (Excel's JavaScript runtime).
 */
export const MAX_TRIAL_YEARS = 200_000;

const MONTHS_PER_YEAR = 12;

/** Monthly log returns of the shipped BTC history, in date order. */
export const BTC_MONTHLY_RETURNS: readonly number[] = BTC_MONTHLY_CLOSES.slice(1).map(([, close], i) => Math.log(close / BTC_MONTHLY_CLOSES[i][1]));

/** Annualised realised volatility (sample sd x sqrt(12)) of the shipped monthly log returns of months [from, to] (YYYY-MM). */
export function realisedVolatility(from: string, to: string): number {
  const r = BTC_MONTHLY_CLOSES.slice(1).flatMap(([month, close], i) => (month >= from && month <= to ? [Math.log(close / BTC_MONTHLY_CLOSES[i][1])] : []));
  const mean = r.reduce((s, x) => s + x, 0) / r.length;
  return Math.sqrt(r.reduce((s, x) => s + (x - mean) ** 2, 0) / (r.length - 1)) * Math.sqrt(12);
}

/** Reads the assumptions range: the PATHS names through readPathInputs, the risk names through RISK_CATALOG. */
export function readRiskInputs(range: unknown[][]): Result<{ a: PathInputs; r: RiskInputs }> {
  const riskRows: unknown[][] = [];
  const pathRows: unknown[][] = [];
  for (const row of range) {
    const name = Array.isArray(row) ? row[0] : undefined;
    const key = typeof name === 'string' ? name.trim().toLowerCase() : '';
    (Object.prototype.hasOwnProperty.call(RISK_CATALOG, key) ? riskRows : pathRows).push(row);
  }
  const a = readPathInputs(pathRows);
  if (isError(a)) return a;
  const risk = readAssumptions(riskRows.length > 0 ? riskRows : [[null, null]], RISK_CATALOG, { optional: ['tenant_default'] });
  if (isError(risk)) return risk;
  const values: Assumptions = { ...risk };
  if (values.tenant_default === undefined) values.tenant_default = values.tenant === 1 ? TENANT_DEFAULT.hyperscaler : TENANT_DEFAULT.neocloud;
  return { a, r: values as unknown as RiskInputs };
}

/** Everything that does not change between trials, computed once from PATHS. */
interface Setup {
  a: PathInputs;
  r: RiskInputs;
  horizon: number;
  rows: MonthRow[];
  /** df[k] = (1 + monthly rate)^-k, k = 0..H. */
  df: Float64Array;
  mine: { fleetCost: number; every: number; terminalByLastBuy: Float64Array; btc: Float64Array; network: Float64Array; cost: Float64Array; value: Float64Array };
  lease: { npv: number; pv: Float64Array; paying: Uint8Array; terminalPv: number };
  cloud: { npv: number; contractStarts: number[]; contractPv: number[] };
  bootstrap: { sorted: Float64Array; shift: number; mean: number; sd: number };
}

function npvOf(flows: readonly number[], df: Float64Array): number {
  let s = 0;
  for (let k = 0; k < flows.length; k++) s += flows[k] * df[k];
  return s;
}

function setup(a: PathInputs, r: RiskInputs, years: number): Result<Setup> {
  const horizon = years * MONTHS_PER_YEAR;
  const rows = projectMonths(a, Math.max(horizon, MONTHS_PER_YEAR));
  if (isError(rows)) return rows;
  const starts = pathMonthStarts(a, horizon);
  if (isError(starts)) return starts;
  const paths = comparePaths(a, years);
  if (isError(paths)) return paths;
  const monthly = periodRate(a.discount_rate, MONTHS_PER_YEAR);
  const df = new Float64Array(horizon + 1);
  for (let k = 0; k <= horizon; k++) df[k] = Math.pow(1 + monthly, -k);

  // Mine: the projection's rows give each month's BTC at the row's hashrate, its costs and hashvalue.
  const every = lifeMonths(a.miner_life);
  const costDec = mineFleetCost(a);
  const terminalByLastBuy = new Float64Array(horizon + 1);
  if (a.mining_capex > 0 && a.terminal_value === 1) for (let lb = 1; lb < horizon; lb++) terminalByLastBuy[lb] = bookValue(costDec, Math.min(horizon - lb, every), every, 0).toNumber();
  const btc = new Float64Array(horizon);
  const network = new Float64Array(horizon);
  const cost = new Float64Array(horizon);
  const value = new Float64Array(horizon);
  for (let m = 0; m < horizon; m++) {
    btc[m] = rows[m].btc_mined;
    network[m] = rows[m].network_hashrate;
    cost[m] = rows[m].power_cost + rows[m].other_cost;
    const v = hashvalue(rows[m].network_hashrate, a.fees, rows[m].subsidy);
    if (isError(v)) return v;
    value[m] = v;
  }

  // Lease: PATHS' flows; NOI at 1..H (terminal taken out of H), present values.
  const lf = leaseFlows(a, horizon, starts);
  const lFlows = lf.flows.map((f) => f.toNumber());
  const terminal = lf.terminalValue.toNumber();
  const pv = new Float64Array(horizon + 1);
  const paying = new Uint8Array(horizon + 1);
  for (let k = 1; k <= horizon; k++) {
    const noi = k === horizon ? lFlows[k] - terminal : lFlows[k];
    pv[k] = noi * df[k];
    paying[k] = noi > 0 ? 1 : 0;
  }

  // Cloud: the part of PATHS' flows proportional to the GPU-hour price, summed by contract (j >= 1).
  const cf = cloudFlows(a, horizon, starts).flows;
  const cfZero = cloudFlows({ ...a, gpu_hour_price: 0 }, horizon, starts).flows;
  const gpuEvery = lifeMonths(a.gpu_life);
  const contractStarts: number[] = [];
  const contractPv: number[] = [];
  for (let s = a.conversion_months + gpuEvery; s < horizon; s += gpuEvery) {
    let acc = 0;
    for (let m = s; m < Math.min(s + gpuEvery, horizon); m++) acc += cf[m + 1].minus(cfZero[m + 1]).toNumber() * df[m + 1];
    contractStarts.push(s);
    contractPv.push(acc);
  }

  const sorted = Float64Array.from(BTC_MONTHLY_RETURNS).sort();
  const n = sorted.length;
  const mean = sorted.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(sorted.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const meanExp = sorted.reduce((s, x) => s + Math.exp(x), 0) / n;
  const shift = Math.log1p(a.btc_price_growth) / MONTHS_PER_YEAR - Math.log(meanExp);

  return {
    a, r, horizon, rows, df,
    mine: { fleetCost: costDec.toNumber(), every, terminalByLastBuy, btc, network, cost, value },
    lease: { npv: paths.lease.npv, pv, paying, terminalPv: terminal * df[horizon] },
    cloud: { npv: paths.cloud.npv, contractStarts, contractPv },
    bootstrap: { sorted, shift, mean, sd },
  };
}

/** Which monthly quantity a fan chart shows (WATT.SIMBANDS). */
export type BandQuantity = 'hashprice' | 'margin' | 'btc_price' | 'network_hashrate';
export const BAND_QUANTITIES: readonly BandQuantity[] = ['hashprice', 'margin', 'btc_price', 'network_hashrate'];

export interface SimulationResult {
  /** NPV of each trial by path (USD), in PATH_NAMES order. */
  npv: [Float64Array, Float64Array, Float64Array];
  /** Per-trial monthly values of the collected quantity, trial-major (trials x H), if asked. */
  monthly?: Float64Array;
  /** Monthly log returns of price and hashrate of every trial (trials x H each), if asked (tests). */
  logReturns?: { price: Float64Array; hashrate: Float64Array };
}

export interface SimulationOptions {
  collect?: BandQuantity;
  logReturns?: boolean;
}

/**
 * Runs `trials` (even) trials of the world over `years` from `seed`. The hot loop allocates nothing:
 * each pair draws its normals and uniforms into scratch arrays, then evaluates the world and its mirror.
 */
export function runSimulation(s: Setup, trials: number, seed: number, options: SimulationOptions = {}): SimulationResult {
  const { a, r, horizon: H, df } = s;
  const rng = xoroshiro128plus(seed);
  const uniform = () => ((rng.next() >>> 0) + 0.5) * 2.3283064365386963e-10; // (0, 1), 32 bits
  const npv: [Float64Array, Float64Array, Float64Array] = [new Float64Array(trials), new Float64Array(trials), new Float64Array(trials)];
  const monthly = options.collect ? new Float64Array(trials * H) : undefined;
  const logReturns = options.logReturns ? { price: new Float64Array(trials * H), hashrate: new Float64Array(trials * H) } : undefined;
  const collect = options.collect;

  const z1 = new Float64Array(H);
  const z2 = new Float64Array(H);
  const uLease = new Float64Array(H + 1);
  const contracts = s.cloud.contractStarts.length;
  const zGpu = new Float64Array(contracts);
  const margin = new Float64Array(H);
  const buys = new Uint8Array(H);

  const bootstrap = r.price_model === 1;
  const { sorted, shift, mean: bMean, sd: bSd } = s.bootstrap;
  const nSorted = sorted.length;
  const sigmaP = r.btc_volatility;
  const sigmaH = r.hashrate_volatility;
  const rho = r.price_hashrate_correlation;
  const rhoC = Math.sqrt(1 - rho * rho);
  const driftP = (Math.log1p(a.btc_price_growth) - (sigmaP * sigmaP) / 2) / MONTHS_PER_YEAR;
  const volP = sigmaP / Math.sqrt(MONTHS_PER_YEAR);
  const driftH = (Math.log1p(a.network_hashrate_growth) - (sigmaH * sigmaH) / 2) / MONTHS_PER_YEAR;
  const volH = sigmaH / Math.sqrt(MONTHS_PER_YEAR);
  const hazard = 1 - Math.pow(1 - r.tenant_default, 1 / MONTHS_PER_YEAR);
  const haircut = 1 - r.relet_haircut;
  const relet = r.relet_months;
  const sigmaG = r.gpu_price_volatility;
  const { btc, network, cost, value, fleetCost, every, terminalByLastBuy } = s.mine;
  const { pv, paying, terminalPv } = s.lease;
  const dfH = df[H];

  const growP = Math.exp(driftP);
  // The hashrate is carried as N_m / (WATT.PROJECTION's N_m), whose growth is already in its rows:
  // only the shock and its martingale correction move it.
  const growthH = Math.log1p(a.network_hashrate_growth) / MONTHS_PER_YEAR;
  const growH = Math.exp(driftH - growthH);
  // Per pair: the monthly growth factors exp(vol x shock) of price and hashrate; the mirror trial's are
  // their reciprocals (the shocks negated), so a pair costs two exponentials a month, not four.
  const gP = new Float64Array(H);
  const gH = new Float64Array(H);

  const evaluate = (t: number, sign: number): void => {
    // Mine, on the simulated price and hashrate.
    let price = a.btc_price;
    let scale = 1; // N_m / network[m]: the simulated hashrate relative to WATT.PROJECTION's
    let mine = 0;
    const base = t * H;
    for (let m = 0; m < H; m++) {
      const gm = (btc[m] / scale) * price - cost[m];
      margin[m] = gm;
      if (mineRuns(a.curtail, gm)) mine += gm * df[m + 1];
      if (collect !== undefined) {
        monthly![base + m] = collect === 'hashprice' ? (price * value[m]) / scale : collect === 'margin' ? gm : collect === 'btc_price' ? price : network[m] * scale;
      }
      if (bootstrap) {
        const ret = sorted[sign > 0 ? z1[m] : nSorted - 1 - z1[m]];
        const dh = driftH + volH * ((rho * (ret - bMean)) / bSd + rhoC * sign * z2[m]);
        price *= Math.exp(ret + shift);
        scale *= Math.exp(dh - growthH);
        if (logReturns) {
          logReturns.price[base + m] = ret + shift;
          logReturns.hashrate[base + m] = dh;
        }
      } else {
        price *= sign > 0 ? growP * gP[m] : growP / gP[m];
        scale *= sign > 0 ? growH * gH[m] : growH / gH[m];
        if (logReturns) {
          logReturns.price[base + m] = driftP + sign * volP * z1[m];
          logReturns.hashrate[base + m] = driftH + sign * volH * (rho * z1[m] + rhoC * z2[m]);
        }
      }
    }
    if (a.mining_capex > 0) {
      const lastBuy = mineBuyMonths(a.curtail, every, margin, H, buys);
      for (let m = every; m < H; m++) if (buys[m] === 1) mine -= fleetCost * df[m];
      if (lastBuy > 0) mine += terminalByLastBuy[lastBuy] * dfH;
    }
    npv[0][t] = mine;

    // Lease: PATHS' NPV less what defaults cost.
    let lease = s.lease.npv;
    if (hazard > 0) {
      let factor = 1;
      let vacantEnd = 0; // first month paying again after a default
      let loss = 0;
      for (let k = 1; k <= H; k++) {
        if (paying[k] === 0) continue;
        if (k < vacantEnd) {
          loss += pv[k];
          continue;
        }
        const u = sign > 0 ? uLease[k] : 1 - uLease[k];
        if (u < hazard) {
          factor *= haircut;
          vacantEnd = k + relet;
          if (relet > 0) {
            loss += pv[k];
            continue;
          }
        }
        loss += (1 - factor) * pv[k];
      }
      const vacantAfter = Math.max(0, Math.min(MONTHS_PER_YEAR, vacantEnd - 1 - H));
      loss += (1 - factor * (1 - vacantAfter / MONTHS_PER_YEAR)) * terminalPv;
      lease -= loss;
    }
    npv[1][t] = lease;

    // Cloud: later contracts at the market price.
    let cloud = s.cloud.npv;
    let w = 0;
    let tPrev = 0;
    for (let j = 0; j < contracts; j++) {
      const tj = s.cloud.contractStarts[j] / MONTHS_PER_YEAR;
      w += Math.sqrt(tj - tPrev) * sign * zGpu[j];
      tPrev = tj;
      cloud += (Math.exp(sigmaG * w - (sigmaG * sigmaG * tj) / 2) - 1) * s.cloud.contractPv[j];
    }
    npv[2][t] = cloud;
  };

  for (let t = 0; t < trials; t += 2) {
    for (let m = 0; m < H; m++) {
      // Box-Muller: two uniforms, two independent normals.
      const u1 = uniform();
      const u2 = uniform();
      const radius = Math.sqrt(-2 * Math.log(u1));
      z1[m] = bootstrap ? Math.floor(uniform() * nSorted) : radius * Math.cos(2 * Math.PI * u2);
      z2[m] = radius * Math.sin(2 * Math.PI * u2);
      uLease[m + 1] = uniform();
      if (!bootstrap) {
        gP[m] = Math.exp(volP * z1[m]);
        gH[m] = Math.exp(volH * (rho * z1[m] + rhoC * z2[m]));
      }
    }
    for (let j = 0; j < contracts; j++) {
      const radius = Math.sqrt(-2 * Math.log(uniform()));
      zGpu[j] = radius * Math.cos(2 * Math.PI * uniform());
    }
    evaluate(t, 1);
    evaluate(t + 1, -1);
  }
  return { npv, monthly, logReturns };
}

/** Excel's PERCENTILE.INC on sorted values. */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
}

export interface PathStats {
  mean: number;
  stdError: number;
  stdDev: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  probNegative: number;
  expectedShortfall5: number;
}

/** Statistics of one path's NPVs; trials in antithetic pairs (2i, 2i + 1). */
export function pathStats(x: Float64Array): PathStats {
  const n = x.length;
  // Summed as deviations from the first value, so that equal values give exactly that value.
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i] - x[0];
  const mean = x[0] + sum / n;
  let ss = 0;
  let neg = 0;
  for (let i = 0; i < n; i++) {
    ss += (x[i] - mean) ** 2;
    if (x[i] < 0) neg++;
  }
  const pairs = n / 2;
  let ssPairs = 0;
  for (let i = 0; i < n; i += 2) ssPairs += ((x[i] + x[i + 1]) / 2 - mean) ** 2;
  const sorted = Float64Array.from(x).sort();
  const tail = Math.ceil(0.05 * n);
  let tailSum = 0;
  for (let i = 0; i < tail; i++) tailSum += sorted[i];
  return {
    mean,
    stdError: pairs > 1 ? Math.sqrt(ssPairs / (pairs - 1) / pairs) : 0,
    stdDev: n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
    p5: percentileSorted(sorted, 0.05),
    p25: percentileSorted(sorted, 0.25),
    p50: percentileSorted(sorted, 0.5),
    p75: percentileSorted(sorted, 0.75),
    p95: percentileSorted(sorted, 0.95),
    probNegative: neg / n,
    expectedShortfall5: tailSum / tail,
  };
}

/** Rows of WATT.SIMULATE after its header: name, then the statistic of each path. */
export const SIM_STATS = [
  'mean_npv', 'std_error', 'std_dev', 'p5', 'p25', 'p50', 'p75', 'p95', 'prob_negative', 'expected_shortfall_5', 'prob_mine_better', 'paths_npv',
] as const;

function checkSize(trials: number, years: number): Result<true> {
  if (trials % 2 !== 0) return valueError(Messages.trialsNotEven(trials));
  if (trials * years > MAX_TRIAL_YEARS) return valueError(Messages.simulationTooLarge(trials, years, MAX_TRIAL_YEARS));
  return true;
}

/** Reads the inputs and prepares a simulation (shared by the functions, the tests and the bench). */
export function prepareSimulation(range: unknown[][], years: number): Result<Setup> {
  const inputs = readRiskInputs(range);
  if (isError(inputs)) return inputs;
  return setup(inputs.a, inputs.r, years);
}

/**
 * WATT.SIMULATE's table: header (statistic, mine, lease, cloud), then one row per SIM_STATS entry.
 * prob_mine_better: in the lease and cloud columns the probability that mining's NPV is higher than
 * that path's, in the mine column that it is higher than both. paths_npv: WATT.PATHS' deterministic NPV.
 */
export function simulateTable(range: unknown[][], trials: number, years: number, seed: number): Result<TableCell[][]> {
  const size = checkSize(trials, years);
  if (isError(size)) return size;
  const s = prepareSimulation(range, years);
  if (isError(s)) return s;
  const { npv } = runSimulation(s, trials, seed);
  const stats = npv.map(pathStats);
  let beatsLease = 0;
  let beatsCloud = 0;
  let beatsBoth = 0;
  for (let t = 0; t < trials; t++) {
    const l = npv[0][t] > npv[1][t];
    const c = npv[0][t] > npv[2][t];
    if (l) beatsLease++;
    if (c) beatsCloud++;
    if (l && c) beatsBoth++;
  }
  const det = comparePaths(s.a, years);
  if (isError(det)) return det;
  const row = (name: (typeof SIM_STATS)[number]): TableCell[] => {
    switch (name) {
      case 'prob_mine_better':
        return [name, beatsBoth / trials, beatsLease / trials, beatsCloud / trials];
      case 'paths_npv':
        return [name, ...PATH_NAMES.map((p) => det[p].npv)];
      default: {
        const key = { mean_npv: 'mean', std_error: 'stdError', std_dev: 'stdDev', p5: 'p5', p25: 'p25', p50: 'p50', p75: 'p75', p95: 'p95', prob_negative: 'probNegative', expected_shortfall_5: 'expectedShortfall5' }[name] as keyof PathStats;
        return [name, ...stats.map((st) => st[key])];
      }
    }
  };
  return [['statistic', ...PATH_NAMES], ...SIM_STATS.map(row)];
}

export const BAND_COLUMNS = ['month', 'date', 'p5', 'p25', 'p50', 'p75', 'p95', 'mean', 'deterministic'] as const;

/**
 * WATT.SIMBANDS' table: header, then one row per month: month (1-based), date (Excel serial, first
 * day), the 5th..95th percentiles and the mean of the quantity across trials, and its value in
 * WATT.PROJECTION's deterministic case.
 */
export function bandsTable(range: unknown[][], quantity: string, trials: number, years: number, seed: number): Result<TableCell[][]> {
  const q = quantity.toLowerCase() as BandQuantity;
  if (!BAND_QUANTITIES.includes(q)) return valueError(Messages.unknownChoice('quantity', quantity, BAND_QUANTITIES.join(', ')));
  const size = checkSize(trials, years);
  if (isError(size)) return size;
  const s = prepareSimulation(range, years);
  if (isError(s)) return s;
  const { monthly } = runSimulation(s, trials, seed, { collect: q });
  const H = s.horizon;
  const column = new Float64Array(trials);
  const out: TableCell[][] = [[...BAND_COLUMNS]];
  for (let m = 0; m < H; m++) {
    let sum = 0;
    for (let t = 0; t < trials; t++) {
      column[t] = monthly![t * H + m];
      sum += column[t];
    }
    column.sort();
    const row = s.rows[m];
    const det = q === 'hashprice' ? row.hashprice : q === 'margin' ? row.gross_margin : q === 'btc_price' ? row.btc_price : row.network_hashrate;
    out.push([m + 1, row.date, ...[0.05, 0.25, 0.5, 0.75, 0.95].map((p) => percentileSorted(column, p)), sum / trials, det]);
  }
  return out;
}

export const HIST_COLUMNS = ['npv_from', 'npv_to', 'mine', 'lease', 'cloud'] as const;

/**
 * WATT.SIMHIST's table: a histogram of each path's NPV over one set of equal bins, from the lowest
 * 1st percentile to the highest 99th percentile of the three paths (the first and last bins also
 * count the tails below and above). Columns: npv_from, npv_to (USD), then the fraction of trials of
 * each path in the bin (each path's column sums to 1).
 */
export function histTable(range: unknown[][], bins: number, trials: number, years: number, seed: number): Result<TableCell[][]> {
  const size = checkSize(trials, years);
  if (isError(size)) return size;
  const s = prepareSimulation(range, years);
  if (isError(s)) return s;
  const { npv } = runSimulation(s, trials, seed);
  const sorted = npv.map((x) => Float64Array.from(x).sort());
  let lo = Math.min(...sorted.map((x) => percentileSorted(x, 0.01)));
  let hi = Math.max(...sorted.map((x) => percentileSorted(x, 0.99)));
  if (!(hi > lo)) {
    // Every NPV (nearly) equal: one bin around the value, 1% wide.
    const pad = Math.max(1, Math.abs(lo) * 0.005);
    lo -= pad;
    hi += pad;
  }
  const width = (hi - lo) / bins;
  const counts = npv.map(() => new Float64Array(bins));
  npv.forEach((x, p) => {
    for (let t = 0; t < x.length; t++) counts[p][Math.min(bins - 1, Math.max(0, Math.floor((x[t] - lo) / width)))]++;
  });
  const out: TableCell[][] = [[...HIST_COLUMNS]];
  for (let b = 0; b < bins; b++) out.push([lo + b * width, b === bins - 1 ? hi : lo + (b + 1) * width, ...counts.map((c) => c[b] / trials)]);
  return out;
}
