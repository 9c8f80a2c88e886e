/**
 * Flexible load (WATT.CURTAIL, WATT.CURTAILTABLE): a mining site that switches its miners off in the
 * intervals where the power is worth more than what mining earns with it.
 *
 * Inputs: a series of N interval power prices p_i in USD per MWh (ERCOT's real-time settlement point
 * prices, say), each interval h hours long (1 = hourly, 0.25 = ERCOT's 15-minute settlement interval);
 * a site of M MW of power; a hashprice in USD per PH/s per day, an efficiency in J/TH, a pool fee.
 *
 *   strike s        hashprice x (1 - pool_fee) / (24 x efficiency) x 1000          USD per MWh
 *                   = WATT.BREAKEVENPOWER (USD per kWh) x 1000, the very same double: what mining earns
 *                   per MWh consumed, so the price above which a site should stop.
 *   run_i           the miners run in interval i when the power's worth there is below the strike.
 *
 * Three contracts (ppa_price F, sell_back):
 *   F = 0 (none)    the site buys at each interval's price (an index or real-time supply): the power's
 *                   worth is p_i; run_i = p_i < s; power_cost = sum over running intervals of p_i x M x h;
 *                   no power credits (sell_back is not read: there is no bought power to sell).
 *   F > 0, sell 1   a fixed-price block of M MW bought in every interval (take or pay, as Riot's Rockdale
 *                   contract): the power's worth is p_i, the price it sells for; run_i = p_i < s;
 *                   power_cost = F x N x M x h; power_credits = sum over curtailed intervals of
 *                   p_i x M x h (a negative price makes a curtailed interval cost: it never happens, since
 *                   p_i < 0 <= s runs).
 *   F > 0, sell 0   a fixed price paid for the power taken, nothing sold back: the power's worth is F in
 *                   every interval; the miners run in all of them when F < s, in none otherwise;
 *                   power_cost = F x energy used; no power credits.
 *
 *   mining_revenue  s x energy_used (the strike is the revenue per MWh)                  USD
 *   dr_revenue      dr_price x M x N x h / 730 (an average month is 8,760 / 12 = 730 h)    USD
 *                   Demand response (capacity paid for the option to curtail, e.g. ERCOT's Responsive
 *                   Reserve or ERS) is kept apart from power credits; it is an input, not a model.
 *   total           mining_revenue + power_credits + dr_revenue - power_cost             USD
 *   avg_power_cost  (power_cost - power_credits) / energy_used, net of credits          USD per MWh
 *                   (#NUM! when the miners never run)
 *   always_on_total the same site with the miners on in every interval and no demand response:
 *                   (s x N - sum p_i) x M x h (index) or (s - F) x N x M x h (fixed price)  USD
 *   flexibility_value total - always_on_total, computed directly as
 *                   sum over curtailed intervals of (p_i - s) x M x h + dr_revenue (index, or fixed price
 *                   with sell-back), or max(F - s, 0) x N x M x h + dr_revenue (without sell-back):
 *                   never negative.
 *   ai_power_cost   the power cost of an AI load of the same M MW that cannot curtail, under the same
 *                   contract: sum p_i x M x h (index) or F x N x M x h (fixed price)   USD
 *   ai_avg_power_cost ai_power_cost / (N x M x h)                                      USD per MWh
 *
 * Sums: the per-interval sums (of prices, of p_i - s) are compensated (Neumaier) in doubles, so a year of
 * 8,784 hours sums in microseconds with an error of about one unit in the last place of the result;
 * the few cash lines are then combined in decimal.js (src/core/decimal.ts), where revenue and cost
 * would otherwise cancel. Every dollar result is a site total for the whole range (M MW); with the
 * default site_mw of 1 it is per MW.
 */
import { breakevenPower } from './mining';
import { D } from './decimal';
import { finite, isError, Messages, numError, Result, valueError } from './errors';
import { TableCell } from './projection';
import { lineCells } from './range';

/** Hours in an average month (8,760 / 12): demand-response capacity is priced per MW-month. */
export const HOURS_PER_MONTH = 730;

export interface CurtailInputs {
  /** USD per PH/s per day. */
  hashprice: number;
  /** J/TH. */
  efficiency: number;
  /** Fraction. */
  poolFee: number;
  /** USD per MWh; 0 = no fixed-price contract. */
  ppaPrice: number;
  /** 1 = power not used under the fixed-price contract is sold at the interval's price; 0 = not taken. */
  sellBack: number;
  /** MW of site power. */
  siteMw: number;
  /** Hours per interval. */
  intervalHours: number;
  /** USD per MW per month. */
  drPrice: number;
}

/** Every output, in the units of CURTAIL_UNITS. */
export interface CurtailResult {
  intervals: number;
  strike: number;
  uptime: number;
  hours_run: number;
  hours_curtailed: number;
  energy_used: number;
  mining_revenue: number;
  power_cost: number;
  power_credits: number;
  dr_revenue: number;
  total: number;
  avg_power_cost: Result<number>;
  always_on_total: number;
  flexibility_value: number;
  ai_power_cost: number;
  ai_avg_power_cost: number;
}

export type CurtailMetric = Exclude<keyof CurtailResult, 'intervals'>;

/** The metrics in the table's order, each with its unit. */
export const CURTAIL_UNITS: Readonly<Record<CurtailMetric, string>> = {
  total: 'USD',
  strike: 'USD per MWh',
  uptime: 'fraction of intervals',
  hours_run: 'hours',
  hours_curtailed: 'hours',
  energy_used: 'MWh',
  mining_revenue: 'USD',
  power_cost: 'USD',
  power_credits: 'USD',
  dr_revenue: 'USD',
  avg_power_cost: 'USD per MWh used',
  always_on_total: 'USD',
  flexibility_value: 'USD',
  ai_power_cost: 'USD',
  ai_avg_power_cost: 'USD per MWh',
};

export const CURTAIL_METRICS = Object.keys(CURTAIL_UNITS) as CurtailMetric[];

/** Neumaier's compensated sum: the error of a long sum stays about one ulp of the result. */
class Sum {
  private s = 0;
  private c = 0;
  add(x: number): void {
    const t = this.s + x;
    this.c += Math.abs(this.s) >= Math.abs(x) ? this.s - t + x : x - t + this.s;
    this.s = t;
  }
  get value(): number {
    return this.s + this.c;
  }
}

/**
 * The prices of a one-row or one-column range, first interval first. Every cell must be a finite
 * number (an empty cell or text is #VALUE! naming the interval; never read as 0).
 */
export function readPrices(arg: string, range: unknown[][]): Result<number[]> {
  const line = lineCells(range);
  if (!('cells' in line)) return valueError(Messages.priceRangeShape(arg, line.rows, line.columns));
  const cells = line.cells;
  const out = new Array<number>(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) return valueError(Messages.priceCell(arg, i + 1, v));
    out[i] = v;
  }
  return out;
}

/** The curtailment strike in USD per MWh: WATT.BREAKEVENPOWER (USD per kWh) x 1000. */
export function curtailStrike(efficiency: number, hashprice: number, poolFee: number): Result<number> {
  const perKwh = breakevenPower(efficiency, hashprice, poolFee);
  return isError(perKwh) ? perKwh : finite(perKwh * 1000, 'the curtailment strike');
}

/**
 * The flexible site over checked prices (for callers that hold numbers, as the tests; WATT.HYBRID does
 * not call it: the hybrid-site template links CURTAIL to HYBRID on the sheet). Inputs are taken as
 * checked by the specs of src/core/params.ts.
 */
export function curtailPrices(prices: readonly number[], x: CurtailInputs): Result<CurtailResult> {
  const s = curtailStrike(x.efficiency, x.hashprice, x.poolFee);
  if (isError(s)) return s;
  const n = prices.length;
  if (n === 0) return valueError(Messages.priceRangeShape('prices', 0, 0));
  let run = 0;
  const runSum = new Sum();
  const curtailedSum = new Sum();
  const excess = new Sum();
  for (let i = 0; i < n; i++) {
    const p = prices[i];
    if (p < s) {
      run++;
      runSum.add(p);
    } else {
      curtailedSum.add(p);
      excess.add(p - s);
    }
  }
  const hm = D(x.intervalHours).times(x.siteMw);
  const F = x.ppaPrice;
  const fixed = F > 0;
  const allSum = D(runSum.value).plus(curtailedSum.value);
  // Per MW-hour of interval (multiplied by h x M below): the contract's flows.
  let ran: number; // intervals the miners run
  let cost; // power bought
  let credits; // power sold back
  let alwaysOn; // margin of the miners on in every interval
  let flex; // value of curtailing against always-on, before demand response
  if (!fixed) {
    ran = run;
    cost = D(runSum.value);
    credits = D(0);
    alwaysOn = D(s).times(n).minus(allSum);
    flex = D(excess.value);
  } else if (x.sellBack === 1) {
    ran = run;
    cost = D(F).times(n);
    credits = D(curtailedSum.value);
    alwaysOn = D(s).minus(F).times(n);
    flex = D(excess.value);
  } else {
    ran = F < s ? n : 0;
    cost = D(F).times(ran);
    credits = D(0);
    alwaysOn = D(s).minus(F).times(n);
    flex = D(Math.max(F - s, 0)).times(n);
  }
  const dr = D(x.drPrice).times(x.siteMw).times(n).times(x.intervalHours).div(HOURS_PER_MONTH);
  const revenue = D(s).times(ran).times(hm);
  const powerCost = cost.times(hm);
  const powerCredits = credits.times(hm);
  const total = revenue.plus(powerCredits).plus(dr).minus(powerCost);
  const aiCost = (fixed ? D(F).times(n) : allSum).times(hm);
  const result: CurtailResult = {
    intervals: n,
    strike: s,
    uptime: ran / n,
    hours_run: D(ran).times(x.intervalHours).toNumber(),
    hours_curtailed: D(n - ran).times(x.intervalHours).toNumber(),
    energy_used: D(ran).times(hm).toNumber(),
    mining_revenue: revenue.toNumber(),
    power_cost: powerCost.toNumber(),
    power_credits: powerCredits.toNumber(),
    dr_revenue: dr.toNumber(),
    total: total.toNumber(),
    avg_power_cost: ran > 0 ? cost.minus(credits).div(ran).toNumber() : numError(Messages.notFinite('the average cost of the power used, when the miners never run,')),
    always_on_total: alwaysOn.times(hm).toNumber(),
    flexibility_value: flex.times(hm).plus(dr).toNumber(),
    ai_power_cost: aiCost.toNumber(),
    ai_avg_power_cost: (fixed ? D(F) : allSum.div(n)).toNumber(),
  };
  for (const [k, v] of Object.entries(result)) {
    if (typeof v === 'number' && !Number.isFinite(v)) return numError(Messages.notFinite(`${k} (prices or site too large)`));
  }
  return result;
}

function fromRange(range: unknown[][], hashprice: number, efficiency: number, poolFee: number, ppaPrice: number, sellBack: number, siteMw: number, intervalHours: number, drPrice: number): Result<CurtailResult> {
  const prices = readPrices('prices', range);
  if (isError(prices)) return prices;
  return curtailPrices(prices, { hashprice, efficiency, poolFee, ppaPrice, sellBack, siteMw, intervalHours, drPrice });
}

/** WATT.CURTAIL: one metric (its unit in CURTAIL_UNITS). Arguments in the order of the Excel function. */
export function curtail(
  range: unknown[][], hashprice: number, efficiency: number, poolFee: number, ppaPrice: number, sellBack: number, siteMw: number,
  metric: string, intervalHours: number, drPrice: number,
): Result<number> {
  const key = metric.trim().toLowerCase() as CurtailMetric;
  if (!(key in CURTAIL_UNITS)) return valueError(Messages.unknownChoice('metric', metric, CURTAIL_METRICS.join(', ')));
  const r = fromRange(range, hashprice, efficiency, poolFee, ppaPrice, sellBack, siteMw, intervalHours, drPrice);
  return isError(r) ? r : r[key];
}

/** WATT.CURTAILTABLE: a header (metric, value, unit), then one row per metric. */
export function curtailTable(
  range: unknown[][], hashprice: number, efficiency: number, poolFee: number, ppaPrice: number, sellBack: number, siteMw: number,
  intervalHours: number, drPrice: number,
): Result<TableCell[][]> {
  const r = fromRange(range, hashprice, efficiency, poolFee, ppaPrice, sellBack, siteMw, intervalHours, drPrice);
  if (isError(r)) return r;
  return [['metric', 'value', 'unit'], ...CURTAIL_METRICS.map((m): TableCell[] => [m, r[m], CURTAIL_UNITS[m]])];
}
