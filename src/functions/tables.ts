/**
 * WATT spilled-table functions over a range of named assumptions (name, value): the monthly projection
 * of a mining site and the comparison of its three paths (mine, lease a powered shell, GPU cloud).
 * Models, units and the sources of every default: src/core/projection.ts and src/core/paths.ts.
 */
import { projectionTable, projectionTotal } from '../core/projection';
import { pathsTable } from '../core/paths';
import { P, RangeSpec, TextSpec } from '../core/params';
import { run, runTable } from './_lib/run';

const ASSUMPTIONS: RangeSpec = { kind: 'range', name: 'assumptions', accepted: 'a two-column range of name, value' };
const TOTAL_METRIC: TextSpec = {
  kind: 'text',
  name: 'metric',
  accepted: 'btc_mined, revenue, energy, power_cost, other_cost, gross_margin, negative_margin_months, months_before_halving or power_cost_per_btc',
};

/**
 * Monthly projection of a mining site through halvings: a header row, then one row per calendar month (start_date snapped to the 1st of its month; subsidy from the estimated block height on each month's first day; growth compounds monthly as (1 + g)^(m/12)). Columns: month, date (Excel serial), block_height, subsidy (BTC), network_hashrate (EH/s), btc_price (USD), hashprice (USD per PH/s per day), site_hashrate (PH/s), btc_mined (BTC), revenue (USD), power_cost (USD), gross_margin (USD, after power and other_cost), cost_per_btc (USD of power and other cost per BTC mined).
 * @customfunction PROJECTION
 * @param assumptions Two-column range of name, value (names case-insensitive, blank rows ignored): start_date (Excel serial), btc_price (USD), network_hashrate (EH/s), site_mw (MW), efficiency (J/TH), power_price (USD per kWh) are required; btc_price_growth and network_hashrate_growth (annual, default 0), fees (BTC per block, default 0), uptime (fraction, default 1), pool_fee (fraction, default 0), other_cost (USD per MWh, default 0) are optional.
 * @param months Number of months, a whole number from 1 to 600.
 * @returns A table of 13 columns: the header row, then one row per month.
 * @example =WATT.PROJECTION({"start_date",46023;"btc_price",90000;"network_hashrate",1100;"site_mw",100;"efficiency",17.5;"power_price",0.05}, 36)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function projection(assumptions: any[][], months: number): any[][] {
  return runTable(projectionTable, [ASSUMPTIONS, P.months], assumptions, months);
}

/**
 * One total of WATT.PROJECTION over exactly the months it projects, computed from the same rows as the table (same arguments, same errors): a total never sums a fixed range under a spill. Metrics: btc_mined (BTC), revenue (USD), energy (MWh drawn), power_cost (USD), other_cost (USD), gross_margin (USD), negative_margin_months (count of months with gross_margin < 0), months_before_halving (months at the first month's subsidy: before the first halving in the horizon, or all), power_cost_per_btc (USD per BTC: power_cost / btc_mined; #NUM! when no BTC is mined).
 * @customfunction PROJECTIONTOTAL
 * @param assumptions The two-column range of name, value that WATT.PROJECTION reads (same names, units and defaults).
 * @param months Number of months, a whole number from 1 to 600 (as WATT.PROJECTION).
 * @param metric Which total: "btc_mined", "revenue", "energy", "power_cost", "other_cost", "gross_margin", "negative_margin_months", "months_before_halving" or "power_cost_per_btc".
 * @returns The total over the horizon, in the metric's unit.
 * @example =WATT.PROJECTIONTOTAL({"start_date",46023;"btc_price",90000;"network_hashrate",1100;"site_mw",100;"efficiency",17.5;"power_price",0.05}, 36, "btc_mined")
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function projectiontotal(assumptions: any[][], months: number, metric: string): number {
  return run(projectionTotal, [ASSUMPTIONS, P.months, TOTAL_METRIC], assumptions, months, metric);
}

/**
 * Compares three paths for one site over a horizon: keep mining, convert to a powered shell and lease it, or convert and run a GPU cloud, like with like. Monthly cash flows, capex at t=0, flows at each month's end discounted at (1 + discount_rate)^(-months/12); mining buys its fleet again every miner_life years, the cloud its GPUs every gpu_life years (the old ones resold at gpu_residual); at the horizon each path is credited with what it owns (terminal_value = 1): the mine its fleets' book value, the lease its shell at exit_cap_rate on the next 12 months of NOI, the cloud its hall at exit_cap_rate on market rent plus its GPUs' book value. Rows: revenue_per_mwh (USD per MWh of site capacity, first operating year), annual_revenue and annual_ebitda (USD, first operating year), capex (USD at t=0), refresh_capex (USD of later miner or GPU purchases), terminal_value (USD at the horizon, in npv), npv (USD), irr (annual; #NUM! if none), payback_years (years; "never" if not within the horizon; "n/a" without an up-front outlay), value_per_w (NPV in USD per W of site power).
 * @customfunction PATHS
 * @param assumptions Two-column range of name, value: every WATT.PROJECTION name, plus it_ratio (IT MW per site MW, default 1/1.3), conversion_capex (USD per W of IT, default 10), conversion_months (default 12), lease_rent (USD per kW-month, default 150), lease_term (years, default 15, the median announced lease), lease_escalator (default 0), lease_noi_margin (default 0.85), exit_cap_rate (NOI / value of the shell at the horizon, default 0.075 from Morgan Stanley's $5.19-7.81/W; 0 = no shell value), terminal_value (1 = value what each path owns at the horizon, 0 = none for any path; default 1), gpu_hour_price (USD, default 2.914), kw_per_gpu (default 2.63), cloud_utilization (default 1), cloud_capex (USD per W of IT with GPUs, default conversion_capex + 29), cloud_ebitda_margin (default 0.85), cloud_prepayment (fraction of the first contract's revenue paid at signing, default 0.2 as IREN-Microsoft), gpu_life (years, default 5), gpu_residual (GPU resale value at end of life, fraction of cost, default 0.1), gpu_price_decline (annual, default 0), mining_capex (USD per TH/s of a replacement fleet, default 8), miner_life (years, default 4), curtail (1 = miners off in months of negative margin, default 1), discount_rate (annual, default 0.10).
 * @param [years] Horizon in years, a whole number from 1 to 50. Default 10.
 * @returns A table: header (metric, mine, lease, cloud), then one row per metric.
 * @example =WATT.PATHS({"start_date",46023;"btc_price",90000;"network_hashrate",1100;"site_mw",100;"efficiency",17.5;"power_price",0.05}, 10)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function paths(assumptions: any[][], years?: number): any[][] {
  return runTable(pathsTable, [ASSUMPTIONS, P.years], assumptions, years);
}
