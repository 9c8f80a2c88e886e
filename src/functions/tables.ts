/**
 * WATT spilled-table functions over a range of named assumptions (name, value): the monthly projection
 * of a mining site and the comparison of its three paths (mine, lease a powered shell, GPU cloud).
 * Models, units and the sources of every default: src/core/projection.ts and src/core/paths.ts.
 */
import { projectionTable, projectionTotal } from '../core/projection';
import { pathsTable } from '../core/paths';
import { hybridMonthTable, hybridTable } from '../core/hybrid';
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
 * Compares three paths for one site over a horizon: keep mining, convert to a powered shell and lease it, or convert and run a GPU cloud, like with like. Monthly cash flows, capex at t=0, flows at each month's end discounted at (1 + discount_rate)^(-months/12); mining buys its fleet again every miner_life years, the cloud its GPUs every gpu_life years (the old ones resold at gpu_residual); at the horizon each path is credited with what it owns (terminal_value = "yes" or 1): the mine its fleets' book value, the lease its shell at exit_cap_rate on the next 12 months of NOI, the cloud its hall at exit_cap_rate on market rent plus its GPUs' book value. Rows: revenue_per_mwh (USD per MWh of site capacity, first operating year), annual_revenue and annual_ebitda (USD, first operating year), capex (USD at t=0), refresh_capex (USD of later miner or GPU purchases), terminal_value (USD at the horizon, in npv), npv (USD), irr (annual; "n/a" without an up-front outlay; #NUM! with the reason if no rate solves), payback_years (years; "never" if not within the horizon; "n/a" without an up-front outlay), value_per_w (NPV in USD per W of site power). "n/a" and "never" are text, not errors: use the table without IFERROR so an input out of range shows #VALUE! with its message.
 * @customfunction PATHS
 * @param assumptions Two-column range of name, value: every WATT.PROJECTION name, plus it_ratio (IT MW per site MW, default 1/1.3), conversion_capex (USD per W of IT, default 10), conversion_months (default 12), lease_rent (USD per kW-month, default 150), lease_term (years, default 15, the median announced lease), lease_escalator (default 0), lease_noi_margin (default 0.85), exit_cap_rate (NOI / value of the shell at the horizon, default 0.075 from Morgan Stanley's $5.19-7.81/W; 0 = no shell value), terminal_value ("yes" or 1 = value what each path owns at the horizon, "no" or 0 = none for any path; default yes), gpu_hour_price (USD, default 2.914), kw_per_gpu (default 2.63), cloud_utilization (default 1), cloud_capex (USD per W of IT with GPUs, default conversion_capex + 29), cloud_ebitda_margin (default 0.85), cloud_prepayment (fraction of the first contract's revenue paid at signing, default 0.2 as IREN-Microsoft), gpu_life (years, default 5), gpu_residual (GPU resale value at end of life, fraction of cost, default 0.1), gpu_price_decline (annual, default 0), mining_capex (USD per TH/s of a replacement fleet, default 8), miner_life (years, default 4), curtail ("yes" or 1 = miners off in months of negative margin, "no" or 0 = always on; default yes), discount_rate (annual, default 0.10).
 * @param [years] Horizon in years, a whole number from 1 to 50. Default 10.
 * @returns A table: header (metric, mine, lease, cloud), then one row per metric.
 * @example =WATT.PATHS({"start_date",46023;"btc_price",90000;"network_hashrate",1100;"site_mw",100;"efficiency",17.5;"power_price",0.05}, 10)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function paths(assumptions: any[][], years?: number): any[][] {
  return runTable(pathsTable, [ASSUMPTIONS, P.years], assumptions, years);
}

/**
 * A hybrid site: site_mw converted to AI halls in phases while the MW not yet converted keep mining, against "mine" (no phase) and "convert_now" (every phase at month 0) on the same inputs. WATT.PATHS's kernels, timeline and terminal values: each phase is a PATHS lease or cloud path of its MW, started at its month (capex at the start of the works, then conversion_months of construction), its terminal value at the site's horizon; mining runs on the MW no phase has taken (a hall stops mining when its works start, or when it is in service with mine_during_build = "yes"), and the miners freed are sold for miner_resale USD per TH/s (default 0). Unlevered: flows before any financing (not modelled yet). Rows: npv (USD), npv_vs_mine (USD), irr (annual; "n/a" when the flows start with income), irr_vs_mine (annual IRR of the flows less the mine scenario's: the return on converting), payback_years, value_per_w (NPV in USD per W of site power), conversion_capex (USD, undiscounted), refresh_capex (USD of later miner and GPU purchases), terminal_value (USD at the horizon, in npv).
 * @customfunction HYBRID
 * @param assumptions Two-column range of name, value: every WATT.PATHS name (same units and defaults), plus miner_resale (USD per TH/s of the miners a conversion frees, default 0) and mine_during_build ("yes" or 1 = a hall mines until its conversion is finished, "no" or 0 = it stops when its works start; default no).
 * @param phases Range of 3 to 7 columns, one phase a row (an optional header row of text; blank rows ignored; all blank = no phase): start (a month index from 0 to 599 after the start month, or an Excel date on or after start_date, snapped to its month), mw (MW of site power converted, the phases' sum at most site_mw), kind ("lease" or "cloud"), then optional overrides of the assumptions for that phase: lease_rent (USD per kW of critical IT per month), gpu_hour_price (USD per GPU-hour), capex_per_w (USD per W of critical IT: conversion_capex of a lease, cloud_capex of a cloud phase), conversion_months (months).
 * @param [years] Horizon in years, a whole number from 1 to 50. Default 10. Every phase must start within it.
 * @returns A table: header (metric, hybrid, mine, convert_now), then one row per metric.
 * @example =WATT.HYBRID({"start_date",46023;"btc_price",90000;"network_hashrate",1100;"site_mw",300;"efficiency",17.5;"power_price",0.05}, {0,100,"lease";12,100,"lease";24,100,"cloud"}, 10)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function hybrid(assumptions: any[][], phases: any[][], years?: number): any[][] {
  return runTable((a: unknown[][], y: number) => hybridTable(a, phases, y), [ASSUMPTIONS, P.years], assumptions, years);
}

/**
 * The hybrid site of WATT.HYBRID month by month (same arguments, same errors): a header row, one row per month of the horizon, then a total row (the sums of the money columns over exactly the months the table has). Columns: month (1 = the start month), date (Excel serial, the month's 1st), mw_mining, mw_building (works started, not in service; with mine_during_build also in mw_mining), mw_lease, mw_cloud (MW of site power in service), then USD of the month: mining_revenue, lease_revenue (gross rent), cloud_revenue, operating_cost (negative: power, other costs, the shell's and the cloud's operating costs), prepayment (received at signing less the part of revenue already prepaid), capex (negative: conversions, GPU and miner purchases), asset_sales (miners freed, GPUs retired), terminal_value (last month), cash_flow (their sum). Capex, asset sales and prepayments received fall at the month's start, the rest at its end (as WATT.PATHS discounts them).
 * @customfunction HYBRIDTABLE
 * @param assumptions The two-column range of name, value that WATT.HYBRID reads (same names, units and defaults).
 * @param phases The phases range of WATT.HYBRID: start, mw, kind, then optional lease_rent, gpu_hour_price, capex_per_w, conversion_months.
 * @param [years] Horizon in years, a whole number from 1 to 50. Default 10.
 * @returns A table of 15 columns: the header row, one row per month, and a total row.
 * @example =WATT.HYBRIDTABLE({"start_date",46023;"btc_price",90000;"network_hashrate",1100;"site_mw",300;"efficiency",17.5;"power_price",0.05}, {0,100,"lease";12,100,"lease";24,100,"cloud"}, 5)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function hybridtable(assumptions: any[][], phases: any[][], years?: number): any[][] {
  return runTable((a: unknown[][], y: number) => hybridMonthTable(a, phases, y), [ASSUMPTIONS, P.years], assumptions, years);
}
