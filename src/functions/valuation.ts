/**
 * WATT valuation functions: what a listed miner is worth part by part (sum of the parts), and the
 * value per W of its contracted and pipeline megawatts. Units: money USD; capacity MW of critical IT;
 * rent USD per kW of critical IT per month; hashrate EH/s; rates annual decimals (0.1 = 10%).
 * Method, defaults and their sources: src/core/sotp.ts.
 */
import * as valuation from '../core/sotp';
import { P, RangeSpec } from '../core/params';
import { run, runTable } from './_lib/run';
import { nativeForm } from './_lib/native';
import { leaseNpvExpression } from './_lib/lease-native';

const ASSUMPTIONS: RangeSpec = { kind: 'range', name: 'assumptions', accepted: 'a two-column range of name, value' };

/**
 * Sum of the parts of one company: mining (PV of the fleet's cash flows over its life by WATT.PATHS' mine path, or an EV per EH/s multiple), contracted HPC (leased powered shell: NOI / cap rate discounted to energization, or LEASENPV plus a terminal value, less capex still to spend), pipeline (uncontracted MW x probability x value per W, floored at 0), bitcoin held, other assets, less net debt (debt + convertible notes - cash); per diluted share, against the share price. A part whose inputs are missing is #N/A naming them, and so is every total built on it. Columns: item, value, unit, per_share (USD per share), note. Rows: mining, contracted_hpc, pipeline, bitcoin, other_assets, net_debt (negative), equity_value, market_value, upside (fraction), implied_ev, implied_ev_per_mw, missing_inputs.
 * @customfunction SOTP
 * @param assumptions Two-column range of name, value. Company (no default; missing ones are reported): hashrate (EH/s), efficiency (J/TH), ev_per_ehs (USD per EH/s), contracted_mw and pipeline_mw (MW of critical IT, pipeline uncontracted), pipeline_probability (0 to 1), btc_held (BTC), cash, debt, convertible_notes, other_assets (USD, 0 if none), shares (diluted), share_price (USD), operating_mw (MW). Market: start_date (Excel serial), btc_price (USD), network_hashrate (EH/s), power_price (USD per kWh), and the optional names of WATT.PROJECTION. With defaults: mining_method ("pv" or "multiple", default "pv"), hpc_method ("shell" or "lease", default "shell"), mining_years (4), discount_rate (0.10), rent (USD per kW-month, 150), noi_margin (0.85), cap_rate (0.075), contracted_capex and pipeline_capex (USD per W still to spend, 10), energize_months (12), pipeline_months (24), lease_term (years, 10), escalator (0).
 * @returns A table of 5 columns: the header row, then one row per item.
 * @example =WATT.SOTP({"hashrate",20;"efficiency",18;"start_date",46023;"btc_price",90000;"network_hashrate",1100;"power_price",0.045;"contracted_mw",200;"pipeline_mw",500;"pipeline_probability",0.3;"btc_held",1000;"cash",500000000;"debt",100000000;"convertible_notes",1000000000;"other_assets",0;"shares",300000000;"share_price",15;"operating_mw",500})
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function sotp(assumptions: any[][]): any[][] {
  return runTable(valuation.sotpTable, [ASSUMPTIONS], assumptions);
}

/**
 * Value per W of critical IT of a contracted powered shell not yet energized: rent x 12 / 1000 x noi_margin / cap_rate x (1 + discount_rate)^(-months/12) - capex (Morgan Stanley's leased-shell frame). With months = 0 it equals WATT.SHELLVALUE.
 * @customfunction CONTRACTEDVALUE
 * @param rent Rent in USD per kW of critical IT per month, >= 0.
 * @param capex Build cost still to spend in USD per W of critical IT, >= 0 (0 for a hall already built).
 * @param cap_rate Capitalisation rate, > 0 and <= 1 (0.075 = 7.5%).
 * @param [noi_margin] NOI as a fraction of rent, 0 to 1. Default 0.85.
 * @param [months] Months from today to energization (when rent starts), 0 to 600. Default 0.
 * @param [discount_rate] Annual rate the wait is discounted at, > -1. Default 0.10.
 * @returns USD per W of critical IT.
 * @example =WATT.CONTRACTEDVALUE(150, 10, 0.075, 0.85, 12)
 */
export function contractedvalue(rent: number, capex: number, cap_rate: number, noi_margin?: number, months?: number, discount_rate?: number): number {
  return run(valuation.contractedValue, [P.rent, P.capex_w, P.cap_rate, P.shell_noi_margin, P.energize_months, P.path_discount_rate], rent, capex, cap_rate, noi_margin, months, discount_rate);
}

/**
 * Native form for workbooks without the add-in (src/functions/_lib/native.ts): the core's arithmetic in
 * its order, SHELLVALUE with no capex, times (1 + rate)^(-months / 12), less capex.
 */
export const contractedvalueNative = nativeForm(
  [P.rent, P.capex_w, P.cap_rate, P.shell_noi_margin, P.energize_months, P.path_discount_rate],
  (r, capex, cr, m, mo, dr) => `${r}*12/1000*${m}/${cr}*(1+${dr})^(-${mo}/12)-${capex}`,
);

/**
 * Value per W of critical IT of a lease, the LEASENPV frame: the present value of the lease's monthly NOI over its term (as WATT.LEASENPV) plus a terminal value at its end (the shell re-let at its last rent, 12 x last month's NOI / exit_cap_rate), discounted from energization to today, less capex. At a flat rent and discount_rate = (1 + exit_cap_rate/12)^12 - 1 it equals WATT.CONTRACTEDVALUE.
 * @customfunction LEASEVALUE
 * @param rent Starting rent in USD per kW of critical IT per month, >= 0.
 * @param capex Build cost still to spend in USD per W of critical IT, >= 0.
 * @param term Remaining lease term in years, > 0 and <= 100.
 * @param discount_rate Annual discount rate, > -1 (0.1 = 10%).
 * @param exit_cap_rate Cap rate of the terminal value at the term's end, 0 to 1 (0 = no terminal value).
 * @param [noi_margin] NOI as a fraction of rent, 0 to 1. Default 0.85.
 * @param [escalator] Annual rent step-up at each anniversary, > -1. Default 0.
 * @param [months] Months from today to energization, 0 to 600. Default 0.
 * @returns USD per W of critical IT.
 * @example =WATT.LEASEVALUE(150, 10, 10, 0.1, 0.075, 0.85, 0, 12)
 */
export function leasevalue(
  rent: number, capex: number, term: number, discount_rate: number, exit_cap_rate: number, noi_margin?: number, escalator?: number, months?: number,
): number {
  return run(
    valuation.leaseValue,
    [P.rent, P.capex_w, P.term, P.discount_rate, P.exit_cap_rate_required, P.shell_noi_margin, P.escalator, P.energize_months],
    rent, capex, term, discount_rate, exit_cap_rate, noi_margin, escalator, months,
  );
}

/**
 * Native form (src/functions/_lib/native.ts): WATT.LEASENPV's closed form for 1 MW without prepayment
 * (src/functions/_lib/lease-native.ts) over 10^6, plus the terminal value as the core computes it: with
 * M = 12 x term months (a whole number when within 1e-9 of one, as termMonths) and the last contract
 * year L = MAX(1, CEILING(M / 12)) (written -INT(-M / 12): CEILING's arguments differ between Excel
 * versions), rent x 12 / 1000 x margin x (1 + escalator)^(L - 1) / exit_cap_rate x (1 + rate)^(-M / 12),
 * 0 when exit_cap_rate is 0; the sum times (1 + rate)^(-months / 12), less capex.
 */
export const leasevalueNative = nativeForm(
  [P.rent, P.capex_w, P.term, P.discount_rate, P.exit_cap_rate_required, P.shell_noi_margin, P.escalator, P.energize_months],
  (r, capex, term, dr, ec, m, esc, mo) => {
    const npv = leaseNpvExpression('1', r, term, dr, esc, m, '0');
    const months = `IF(ABS(12*${term}-ROUND(12*${term},0))<1E-9,ROUND(12*${term},0),12*${term})`;
    const lastYear = `MAX(1,-INT(-${months}/12))`;
    const terminal = `IF(${ec}>0,${r}*12/1000*${m}*(1+${esc})^(${lastYear}-1)/${ec}*(1+${dr})^(-${months}/12),0)`;
    return `((${npv})/1000000+${terminal})*(1+${dr})^(-${mo}/12)-${capex}`;
  },
);

/**
 * Present value of a self-mining fleet's cash flows over its remaining life: WATT.PATHS' mine path (monthly, through the halvings, miners off in months of negative margin) on hashrate x efficiency MW, no fleet refresh and no terminal value, discounted monthly.
 * @customfunction MININGVALUE
 * @param hashrate Self-mining hashrate in EH/s, >= 0.
 * @param efficiency Fleet efficiency in J/TH, > 0.
 * @param power_price Power price in USD per kWh, >= 0.
 * @param btc_price BTC price in USD, >= 0.
 * @param network_hashrate Network hashrate in EH/s, > 0.
 * @param start_date Valuation date, an Excel date serial (the month it falls in is the first month).
 * @param [years] Remaining fleet life in years, 0.25 to 50. Default 4.
 * @param [discount_rate] Annual discount rate, > -1. Default 0.10.
 * @param [fees] Transaction fees in BTC per block, >= 0. Default 0.
 * @param [uptime] Fraction of time running, 0 to 1. Default 1.
 * @param [pool_fee] Pool fee, 0 to 1. Default 0.
 * @param [other_cost] Other cash cost in USD per MWh consumed, >= 0. Default 0.
 * @param [btc_price_growth] Annual BTC price growth, > -1. Default 0.
 * @param [network_hashrate_growth] Annual network hashrate growth, > -1. Default 0.
 * @returns USD.
 * @example =WATT.MININGVALUE(20, 18, 0.045, 90000, 1100, DATE(2026,1,1), 4, 0.1, 0.02, 0.95, 0.01)
 */
export function miningvalue(
  hashrate: number, efficiency: number, power_price: number, btc_price: number, network_hashrate: number, start_date: number,
  years?: number, discount_rate?: number, fees?: number, uptime?: number, pool_fee?: number, other_cost?: number,
  btc_price_growth?: number, network_hashrate_growth?: number,
): number {
  return run(
    valuation.miningValueOf,
    [P.hashrate_ehs, P.efficiency, P.power_price, P.btc_price, P.network_hashrate, P.start_date, P.mining_years, P.path_discount_rate, P.fees, P.uptime, P.pool_fee, P.other_cost, P.btc_price_growth, P.network_hashrate_growth],
    hashrate, efficiency, power_price, btc_price, network_hashrate, start_date, years, discount_rate, fees, uptime, pool_fee, other_cost, btc_price_growth, network_hashrate_growth,
  );
}
