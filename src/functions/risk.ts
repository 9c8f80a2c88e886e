/**
 * WATT Monte Carlo functions over the same assumptions range as WATT.PATHS plus the risk inputs: the
 * distribution of each path's NPV, and monthly percentiles for a fan chart. Model, defaults and their
 * sources: src/core/simulate.ts.
 */
import { bandsTable, histTable, simulateTable } from '../core/simulate';
import { P, RangeSpec } from '../core/params';
import { runTable } from './_lib/run';

const ASSUMPTIONS: RangeSpec = { kind: 'range', name: 'assumptions', accepted: 'a two-column range of name, value' };

/**
 * Monte Carlo of the three paths of WATT.PATHS (mine, lease a powered shell, GPU cloud): BTC price as geometric Brownian motion (annual drift btc_price_growth, volatility btc_volatility) or a bootstrap of the monthly BTC returns 2015-2025 shipped with Watt; network hashrate with its own volatility, correlated with the price; halvings by estimated block height; the lease tenant defaulting, the shell re-let after relet_months at a rent haircut; later GPU contracts at an uncertain market price. Seeded (xoroshiro128plus), antithetic pairs. Rows, each for mine, lease and cloud (USD unless stated): mean_npv, std_error (Monte Carlo standard error of the mean), std_dev, p5, p25, p50, p75, p95 (percentiles as PERCENTILE.INC), prob_negative (fraction of trials with NPV < 0), expected_shortfall_5 (mean of the worst 5% of NPVs), prob_mine_better (lease and cloud columns: probability that mining's NPV is higher than that path's; mine column: higher than both), paths_npv (WATT.PATHS' deterministic NPV).
 * @customfunction SIMULATE
 * @param assumptions Two-column range of name, value: every WATT.PATHS name, plus price_model (0 = geometric Brownian motion, 1 = bootstrap; default 0), btc_volatility (annual, default 0.47: realised 2023-01 to 2025-08), hashrate_volatility (annual, default 0.15), price_hashrate_correlation (default 0.3), tenant (1 = hyperscaler, 0.1% default a year; 2 = neocloud, 4% a year; default 2), tenant_default (annual probability, overrides the tenant's), relet_months (default 12), relet_haircut (fraction of rent lost on re-letting, default 0.2), gpu_price_volatility (annual, default 0.3).
 * @param [trials] Number of simulated worlds, an even whole number from 2 to 50,000 (trials x years at most 200,000). Default 10,000.
 * @param [years] Horizon in years, a whole number from 1 to 30. Default 10.
 * @param [seed] Random seed, a whole number from 0 to 2147483647; the same seed gives the same table. Default 1.
 * @returns A table: header (statistic, mine, lease, cloud), then one row per statistic.
 * @example =WATT.SIMULATE({"start_date",46023;"btc_price",90000;"network_hashrate",1100;"site_mw",100;"efficiency",17.5;"power_price",0.05}, 2000, 10, 1)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function simulate(assumptions: any[][], trials?: number, years?: number, seed?: number): any[][] {
  return runTable(simulateTable, [ASSUMPTIONS, P.trials, P.sim_years, P.seed], assumptions, trials, years, seed);
}

/**
 * Percentiles by month of one simulated quantity, for a fan chart (same simulation and seed as WATT.SIMULATE): hashprice (USD per PH/s per day), margin (mining gross margin of the site, USD per month, before switching off), btc_price (USD) or network_hashrate (EH/s). Columns: month (1 for the first), date (Excel serial of its first day), p5, p25, p50, p75, p95 (PERCENTILE.INC across trials), mean, deterministic (WATT.PROJECTION's value).
 * @customfunction SIMBANDS
 * @param assumptions Two-column range of name, value: the same as WATT.SIMULATE.
 * @param quantity "hashprice", "margin", "btc_price" or "network_hashrate".
 * @param [trials] Number of simulated worlds, an even whole number from 2 to 50,000 (trials x years at most 200,000). Default 10,000.
 * @param [years] Horizon in years, a whole number from 1 to 30. Default 10.
 * @param [seed] Random seed, a whole number from 0 to 2147483647. Default 1.
 * @returns A table: header, then one row per month.
 * @example =WATT.SIMBANDS({"start_date",46023;"btc_price",90000;"network_hashrate",1100;"site_mw",100;"efficiency",17.5;"power_price",0.05}, "hashprice", 2000, 10, 1)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function simbands(assumptions: any[][], quantity: string, trials?: number, years?: number, seed?: number): any[][] {
  return runTable(bandsTable, [ASSUMPTIONS, P.band_quantity, P.trials, P.sim_years, P.seed], assumptions, quantity, trials, years, seed);
}

/**
 * Histogram of each path's simulated NPV (same simulation and seed as WATT.SIMULATE), over one set of equal bins from the lowest 1st percentile to the highest 99th percentile of the three paths; the first and last bins also count the tails. Columns: npv_from and npv_to (USD, the bin's edges), mine, lease, cloud (fraction of trials in the bin; each column sums to 1).
 * @customfunction SIMHIST
 * @param assumptions Two-column range of name, value: the same as WATT.SIMULATE.
 * @param [bins] Number of bins, a whole number from 2 to 100. Default 20.
 * @param [trials] Number of simulated worlds, an even whole number from 2 to 50,000 (trials x years at most 200,000). Default 10,000.
 * @param [years] Horizon in years, a whole number from 1 to 30. Default 10.
 * @param [seed] Random seed, a whole number from 0 to 2147483647. Default 1.
 * @returns A table: header, then one row per bin.
 * @example =WATT.SIMHIST({"start_date",46023;"btc_price",90000;"network_hashrate",1100;"site_mw",100;"efficiency",17.5;"power_price",0.05}, 20, 2000, 10, 1)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function simhist(assumptions: any[][], bins?: number, trials?: number, years?: number, seed?: number): any[][] {
  return runTable(histTable, [ASSUMPTIONS, P.bins, P.trials, P.sim_years, P.seed], assumptions, bins, trials, years, seed);
}
