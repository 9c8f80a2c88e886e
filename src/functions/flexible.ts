/**
 * WATT flexible-load functions: a mining site that curtails in the intervals where its power is worth
 * more than mining earns with it, over a range of interval power prices (USD per MWh, e.g. ERCOT's
 * real-time settlement point prices; data/ercot-hb-west-hourly.csv ships two years of HB_WEST).
 * Method, units and contracts: src/core/curtail.ts; docs/flexible-load.md.
 */
import * as core from '../core/curtail';
import { P, RangeSpec } from '../core/params';
import { run, runTable } from './_lib/run';
import { NATIVE_NUM_ERROR, NATIVE_VALUE_ERROR, nativeForm, NUMBER_LITERAL, referenceShape, stringLiteral } from './_lib/native';

const PRICES: RangeSpec = { kind: 'range', name: 'prices', accepted: 'one row or one column of power prices in USD per MWh, one cell an interval' };

const SPECS = [PRICES, P.hashprice, P.efficiency, P.pool_fee, P.ppa_price, P.sell_back, P.curtail_site_mw, P.curtail_metric, P.interval_hours, P.dr_price] as const;
const TABLE_SPECS = [PRICES, P.hashprice, P.efficiency, P.pool_fee, P.ppa_price, P.sell_back, P.curtail_site_mw, P.interval_hours, P.dr_price] as const;

/**
 * Flexible load: a mining site over a range of interval power prices, the miners on only in the intervals whose price is below the curtailment strike (what mining earns per MWh: WATT.BREAKEVENPOWER x 1000, in USD per MWh). Contracts: ppa_price 0 or empty, the site buys at each interval's price; ppa_price > 0 with sell_back 1, a fixed-price block of site_mw bought in every interval and the power not used sold at the interval's price (power credits, as Riot at Rockdale); ppa_price > 0 with sell_back 0, the fixed price paid for the power taken (the miners run in every interval when it is below the strike, else in none). Dollar results are site totals over the whole range (site_mw MW; per MW with the default 1). Metrics: total (USD: mining_revenue + power_credits + dr_revenue - power_cost), strike (USD per MWh), uptime (fraction of intervals run), hours_run, hours_curtailed (hours), energy_used (MWh), mining_revenue, power_cost (power bought), power_credits (power sold back), dr_revenue (demand response: dr_price x site_mw x hours / 730), avg_power_cost (USD per MWh used, net of power credits; #NUM! when the miners never run), always_on_total (USD: the miners on in every interval, no demand response), flexibility_value (USD: total - always_on_total, never negative), ai_power_cost (USD: an AI load of site_mw that cannot curtail, same prices and contract), ai_avg_power_cost (USD per MWh).
 * @customfunction CURTAIL
 * @param prices One row or one column of power prices in USD per MWh, one cell an interval (any finite number: real-time prices can be negative).
 * @param hashprice Hashprice in USD per PH/s per day, >= 0.
 * @param efficiency Machine efficiency in J/TH, > 0.
 * @param [pool_fee] Pool fee as a fraction, 0 to 1. Default 0.
 * @param [ppa_price] Fixed price of the supply contract in USD per MWh, >= 0. Default 0 or empty: no fixed-price contract, the site buys at each interval's price.
 * @param [sell_back] 1 = power of the fixed-price contract not used is sold at the interval's price (power credits); 0 = not taken (read only with a ppa_price > 0). Default 1.
 * @param [site_mw] Site power in MW, > 0: dollar results are site totals. Default 1 (per MW).
 * @param [metric] Which result: "total", "strike", "uptime", "hours_run", "hours_curtailed", "energy_used", "mining_revenue", "power_cost", "power_credits", "dr_revenue", "avg_power_cost", "always_on_total", "flexibility_value", "ai_power_cost" or "ai_avg_power_cost". Default "total".
 * @param [interval_hours] Hours per price interval, > 0 and <= 24 (0.25 for ERCOT's 15-minute prices). Default 1.
 * @param [dr_price] Demand-response revenue in USD per MW per month (730 hours), >= 0, kept apart from power credits. Default 0.
 * @returns The metric, in its unit (USD for dollar metrics, site totals over the range).
 * @example =WATT.CURTAIL({30,45,250,20}, 50, 17.5, 0, 0, 1, 100, "flexibility_value")
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function curtail(prices: any[][], hashprice: number, efficiency: number, pool_fee?: number, ppa_price?: number, sell_back?: number, site_mw?: number, metric?: string, interval_hours?: number, dr_price?: number): number {
  return run(core.curtail, SPECS, prices, hashprice, efficiency, pool_fee, ppa_price, sell_back, site_mw, metric, interval_hours, dr_price);
}

/**
 * The native text of WATT.CURTAIL over a literal reference of prices R (one row or one column of N
 * cells): sums of the price range written with SUMPRODUCT over the comparison (R < strike), so Excel
 * 2010 and LibreOffice compute it without dynamic arrays. With a contract read from cells, the formula
 * chooses among the three contracts with IF. A metric not typed as text, or a range that is not a
 * literal reference, has no native form (undefined: the exporter writes the value with a note); a range
 * of several rows and columns, or an unknown metric, is #VALUE!. Any cell of R that is not a number
 * makes the whole formula #VALUE! (as the wrapper).
 */
function curtailNativeBody(R: string, hp: string, e: string, pf: string, F: string, sb: string, M: string, metricArg: string, h: string, dr: string): string | undefined {
  const shape = referenceShape(R);
  if (!shape) return undefined;
  if (shape.rows > 1 && shape.columns > 1) return NATIVE_VALUE_ERROR;
  const metric = stringLiteral(metricArg);
  if (metric === undefined) return undefined;
  const key = metric.trim().toLowerCase();
  if (!(key in core.CURTAIL_UNITS)) return NATIVE_VALUE_ERROR;
  const N = String(shape.rows * shape.columns);
  const s = `(${hp}*(1-${pf})/(24*${e})*1000)`;
  const hm = `${h}*${M}`;
  const count = `SUMPRODUCT((${R}<${s})*1)`;
  const runSum = `SUMPRODUCT((${R}<${s})*${R})`;
  const curSum = `SUMPRODUCT((${R}>=${s})*${R})`;
  const excess = `SUMPRODUCT((${R}>=${s})*(${R}-${s}))`;
  const drRev = `${dr}*${M}*${N}*${h}/${core.HOURS_PER_MONTH}`;
  // One contract's expression of the metric: ran = intervals run, cost and credits per MW-hour of interval.
  const form = (ran: string, cost: string, credits: string, alwaysOn: string, flex: string, ai: string, aiAvg: string, avg: string): string => {
    const revenue = `${s}*${ran}*${hm}`;
    const exprs: Record<core.CurtailMetric, string> = {
      strike: s,
      uptime: `${ran}/${N}`,
      hours_run: `${ran}*${h}`,
      hours_curtailed: `(${N}-${ran})*${h}`,
      energy_used: `${ran}*${hm}`,
      mining_revenue: revenue,
      power_cost: `${cost}*${hm}`,
      power_credits: `${credits}*${hm}`,
      dr_revenue: drRev,
      total: `${revenue}+${credits}*${hm}+${drRev}-${cost}*${hm}`,
      avg_power_cost: avg,
      always_on_total: `${alwaysOn}*${hm}`,
      flexibility_value: `${flex}*${hm}+${drRev}`,
      ai_power_cost: `${ai}*${hm}`,
      ai_avg_power_cost: aiAvg,
    };
    return exprs[key as core.CurtailMetric];
  };
  const index = () => form(count, runSum, '0', `(${s}*${N}-SUM(${R}))`, excess, `SUM(${R})`, `SUM(${R})/${N}`, `IF(${count}=0,${NATIVE_NUM_ERROR},${runSum}/${count})`);
  const sellBack = () => form(count, `${F}*${N}`, curSum, `(${s}-${F})*${N}`, excess, `${F}*${N}`, F, `IF(${count}=0,${NATIVE_NUM_ERROR},(${F}*${N}-${curSum})/${count})`);
  const taken = () => {
    const ran = `IF(${F}<${s},${N},0)`;
    return form(ran, `${F}*${ran}`, '0', `(${s}-${F})*${N}`, `MAX(${F}-${s},0)*${N}`, `${F}*${N}`, F, `IF(${F}<${s},${F},${NATIVE_NUM_ERROR})`);
  };
  let body: string;
  const fixedLiteral = NUMBER_LITERAL.test(F);
  const sellLiteral = NUMBER_LITERAL.test(sb);
  if (fixedLiteral && Number(F) === 0) body = index();
  else if (fixedLiteral && sellLiteral) body = Number(sb) === 1 ? sellBack() : taken();
  else {
    const fixed = sellLiteral ? (Number(sb) === 1 ? sellBack() : taken()) : `IF(${sb}=1,${sellBack()},${taken()})`;
    body = fixedLiteral ? fixed : `IF(${F}=0,${index()},${fixed})`;
  }
  return `IF(SUMPRODUCT(NOT(ISNUMBER(${R}))*1)>0,${NATIVE_VALUE_ERROR},${body})`;
}

/** Native form (src/functions/_lib/native.ts): SUMPRODUCT over the comparison of each price with the strike (curtailNativeBody). */
export const curtailNative = nativeForm(SPECS, curtailNativeBody);

/**
 * WATT.CURTAIL's every result in one table: a header (metric, value, unit), then one row per metric (total, strike, uptime, hours_run, hours_curtailed, energy_used, mining_revenue, power_cost, power_credits, dr_revenue, avg_power_cost, always_on_total, flexibility_value, ai_power_cost, ai_avg_power_cost), each with its unit. Same arguments as WATT.CURTAIL without the metric; dollar results are site totals over the whole range.
 * @customfunction CURTAILTABLE
 * @param prices One row or one column of power prices in USD per MWh, one cell an interval.
 * @param hashprice Hashprice in USD per PH/s per day, >= 0.
 * @param efficiency Machine efficiency in J/TH, > 0.
 * @param [pool_fee] Pool fee as a fraction, 0 to 1. Default 0.
 * @param [ppa_price] Fixed price of the supply contract in USD per MWh, >= 0. Default 0 or empty: no fixed-price contract, the site buys at each interval's price.
 * @param [sell_back] 1 = power of the fixed-price contract not used is sold at the interval's price; 0 = not taken. Default 1.
 * @param [site_mw] Site power in MW, > 0: dollar results are site totals. Default 1 (per MW).
 * @param [interval_hours] Hours per price interval, > 0 and <= 24. Default 1.
 * @param [dr_price] Demand-response revenue in USD per MW per month (730 hours), >= 0. Default 0.
 * @returns A table of 3 columns: the header row, then one row per metric.
 * @example =WATT.CURTAILTABLE({30,45,250,20}, 50, 17.5, 0, 25, 1, 100)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function curtailtable(prices: any[][], hashprice: number, efficiency: number, pool_fee?: number, ppa_price?: number, sell_back?: number, site_mw?: number, interval_hours?: number, dr_price?: number): any[][] {
  return runTable(core.curtailTable, TABLE_SPECS, prices, hashprice, efficiency, pool_fee, ppa_price, sell_back, site_mw, interval_hours, dr_price);
}
