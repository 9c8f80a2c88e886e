/**
 * Monthly projection of a mining site (WATT.PROJECTION): calendar months from a start date, each
 * with its real number of days, the subsidy from the estimated block height at the month's first day,
 * and BTC price and network hashrate growing by compound annual rates.
 *
 * Month m (0 for the first), with d_m its days (28 to 31):
 *   date_m          first day of the m-th calendar month from start_date. A start_date inside a month
 *                   is snapped to the 1st of that month: every row is a whole calendar month.
 *   block_height_m  estimated height at 00:00 UTC of date_m: 840,000 + floor(minutes since
 *                   2024-04-20 00:09 UTC / 10) (src/core/bitcoin.ts `blockHeight`, WATT.BLOCKHEIGHT's defaults)
 *   subsidy_m       Bitcoin Core's schedule at that height (held for the whole month: a halving inside
 *                   month m takes effect in month m + 1, the first month starting past it)
 *   network_m       network_hashrate x (1 + network_hashrate_growth)^(m / 12)          EH/s
 *   price_m         btc_price x (1 + btc_price_growth)^(m / 12)                        USD
 *   hashprice_m     price_m x 144 x (subsidy_m + fees) / (network_m x 1000)            USD per PH/s per day
 *   site_hashrate   site_mw x 1000 / efficiency x uptime                               PH/s
 *   btc_mined_m     144 x (subsidy_m + fees) / (network_m x 1000) x site_hashrate x d_m x (1 - pool_fee)
 *   revenue_m       btc_mined_m x price_m                                              USD
 *   energy_m        site_mw x uptime x 24 x d_m                                        MWh
 *   power_cost_m    energy_m x 1000 x power_price                                      USD
 *   gross_margin_m  revenue_m - power_cost_m - energy_m x other_cost                   USD
 *   cost_per_btc_m  (power_cost_m + energy_m x other_cost) / btc_mined_m                USD per BTC
 *                   (#NUM! in a month that mines nothing)
 * Totals (WATT.PROJECTIONTOTAL) are computed from the same rows, so they cover exactly the months the
 * table has: sums of btc_mined, revenue, energy, power_cost, other_cost and gross_margin, the number of
 * months with gross_margin < 0, the number of months before the first halving inside the horizon
 * (months at the first month's subsidy; all of them when none falls inside), and power_cost_per_btc = sum(power_cost) / sum(btc_mined). An input the
 * table refuses makes every total the same error.
 * The fleet runs at `uptime` whatever the margin (no curtailment): model curtailment with uptime.
 * A month whose numbers overflow (absurd inputs such as a growth of 1e300) makes the table #NUM!.
 * Method: hashvalue as defined by the Luxor Hashrate Index (src/core/mining.ts).
 */
import { Catalog, readAssumptions } from './assumptions';
import { blockHeight, subsidy as subsidyAt } from './bitcoin';
import { dateFromSerial, serialFromUtc } from './dates';
import { D } from './decimal';
import { finite, isError, Messages, numError, Result, valueError, WattError } from './errors';
import { fleetHashrate, hashvalue } from './mining';
import { P } from './params';

/** One cell of a spilled table (numbers, text, or an error in place). */
export type TableCell = number | string | boolean | null | WattError;

export const PROJECTION_CATALOG: Catalog = {
  start_date: P.start_date,
  btc_price: P.btc_price,
  btc_price_growth: P.btc_price_growth,
  network_hashrate: P.network_hashrate,
  network_hashrate_growth: P.network_hashrate_growth,
  fees: P.fees,
  site_mw: P.site_mw,
  efficiency: P.efficiency,
  power_price: P.power_price,
  uptime: P.uptime,
  pool_fee: P.pool_fee,
  other_cost: P.other_cost,
};

export interface SiteInputs {
  start_date: number;
  btc_price: number;
  btc_price_growth: number;
  network_hashrate: number;
  network_hashrate_growth: number;
  fees: number;
  site_mw: number;
  efficiency: number;
  power_price: number;
  uptime: number;
  pool_fee: number;
  other_cost: number;
}

export const PROJECTION_COLUMNS = [
  'month', 'date', 'block_height', 'subsidy', 'network_hashrate', 'btc_price', 'hashprice',
  'site_hashrate', 'btc_mined', 'revenue', 'power_cost', 'gross_margin', 'cost_per_btc',
] as const;

export interface MonthRow {
  month: number;
  date: number;
  days: number;
  block_height: number;
  subsidy: number;
  network_hashrate: number;
  btc_price: number;
  hashprice: number;
  site_hashrate: number;
  btc_mined: number;
  revenue: number;
  /** MWh drawn by the fleet in the month. */
  energy: number;
  power_cost: number;
  other_cost: number;
  gross_margin: number;
  cost_per_btc: Result<number>;
}

const HOURS_PER_DAY = 24;
const MONTHS_PER_YEAR = 12;
/** The last day Excel can show, 9999-12-31. */
const LAST_SERIAL = 2958465;

/** First days (Excel serials) of `count` calendar months from the month of `startSerial`, plus the day after the last. */
export function monthStarts(startSerial: number, count: number): number[] {
  const first = Math.floor(startSerial);
  // The months from one start are the same whatever the count: the last list computed is reused
  // (WATT.PATHS and WATT.FINANCE ask for the same start two or three times a call), a copy each time.
  if (lastStarts && lastStarts.first === first && lastStarts.starts.length >= count + 1) return lastStarts.starts.slice(0, count + 1);
  const start = dateFromSerial(first);
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + 1;
  const starts = Array.from({ length: count + 1 }, (_, k) => serialFromUtc(year, month + k, 1));
  lastStarts = { first, starts };
  return starts.slice();
}

let lastStarts: { first: number; starts: readonly number[] } | undefined;

/** Rows of the projection for `months` calendar months (see the module comment for each formula). */
export function projectMonths(a: SiteInputs, months: number): Result<MonthRow[]> {
  const starts = monthStarts(a.start_date, months);
  if (starts[months] - 1 > LAST_SERIAL) return valueError(Messages.horizonTooLate(starts[months] - 1));
  const siteHashrate = fleetHashrate(a.site_mw, a.efficiency, a.uptime);
  if (isError(siteHashrate)) return siteHashrate;
  const rows: MonthRow[] = [];
  for (let m = 0; m < months; m++) {
    const date = starts[m];
    const days = starts[m + 1] - date;
    const height = blockHeight(date, P.ref_height.default!, P.ref_date.default!, P.block_minutes.default!);
    if (isError(height)) return height;
    const subsidy = subsidyAt(height);
    const years = m / MONTHS_PER_YEAR;
    const network = a.network_hashrate * Math.pow(1 + a.network_hashrate_growth, years);
    const price = a.btc_price * Math.pow(1 + a.btc_price_growth, years);
    const value = hashvalue(network, a.fees, subsidy);
    if (isError(value)) return value;
    const btc = value * siteHashrate * days * (1 - a.pool_fee);
    const revenue = btc * price;
    const energy = a.site_mw * a.uptime * HOURS_PER_DAY * days;
    const powerCost = energy * 1000 * a.power_price;
    const otherCost = energy * a.other_cost;
    // Extreme inputs (a growth of 1e300, a hashrate of 1e-308) overflow: the month is not a number.
    if (![network, price, value, price * value, btc, revenue, powerCost, otherCost, revenue - powerCost - otherCost].every(Number.isFinite)) {
      return numError(Messages.notFinite(`the projection of month ${m + 1}`));
    }
    rows.push({
      month: m + 1,
      date,
      days,
      block_height: height,
      subsidy,
      network_hashrate: network,
      btc_price: price,
      hashprice: price * value,
      site_hashrate: siteHashrate,
      btc_mined: btc,
      revenue,
      energy,
      power_cost: powerCost,
      other_cost: otherCost,
      gross_margin: revenue - powerCost - otherCost,
      cost_per_btc: btc > 0 ? finite((powerCost + otherCost) / btc, 'cost per BTC') : numError(Messages.notFinite('cost per BTC in a month that mines no BTC')),
    });
  }
  return rows;
}

/**
 * WATT.PROJECTION's table: a header row (PROJECTION_COLUMNS) then one row per month. `month` counts
 * from 1; `date` is the month's first day as an Excel serial.
 */
export function projectionTable(range: unknown[][], months: number): Result<TableCell[][]> {
  const rows = projectFromRange(range, months);
  if (isError(rows)) return rows;
  const header: TableCell[] = [...PROJECTION_COLUMNS];
  return [header, ...rows.map((r) => PROJECTION_COLUMNS.map((c) => r[c] as TableCell))];
}

/** The checked assumptions and the rows they give: the one code path behind the table and its totals. */
export function projectFromRange(range: unknown[][], months: number): Result<MonthRow[]> {
  const a = readAssumptions(range, PROJECTION_CATALOG);
  if (isError(a)) return a;
  return projectMonths(a as unknown as SiteInputs, months);
}

/** What WATT.PROJECTIONTOTAL can return, with units. */
export const PROJECTION_TOTALS = {
  btc_mined: 'BTC',
  revenue: 'USD',
  energy: 'MWh',
  power_cost: 'USD',
  other_cost: 'USD',
  gross_margin: 'USD',
  negative_margin_months: 'months',
  months_before_halving: 'months',
  power_cost_per_btc: 'USD per BTC',
} as const;
export type ProjectionTotalName = keyof typeof PROJECTION_TOTALS;

/**
 * Totals over every row of the projection (sums in decimal, so the order of 600 additions does not
 * matter). power_cost_per_btc is #NUM! when the horizon mines no BTC (pool_fee 1, uptime 0).
 */
export function projectionTotals(rows: readonly MonthRow[]): Record<ProjectionTotalName, Result<number>> {
  const sum = (k: 'btc_mined' | 'revenue' | 'energy' | 'power_cost' | 'other_cost' | 'gross_margin') =>
    rows.reduce((acc, r) => acc.plus(r[k]), new D(0)).toNumber();
  const btc = sum('btc_mined');
  const power = sum('power_cost');
  return {
    btc_mined: btc,
    revenue: sum('revenue'),
    energy: sum('energy'),
    power_cost: power,
    other_cost: sum('other_cost'),
    gross_margin: sum('gross_margin'),
    negative_margin_months: rows.filter((r) => r.gross_margin < 0).length,
    months_before_halving: rows.filter((r) => r.subsidy === rows[0].subsidy).length,
    power_cost_per_btc: btc > 0 ? finite(power / btc, 'power cost per BTC') : numError(Messages.notFinite('power cost per BTC over a horizon that mines no BTC')),
  };
}

/** WATT.PROJECTIONTOTAL: one total of WATT.PROJECTION(range, months), by name (case-insensitive). */
export function projectionTotal(range: unknown[][], months: number, metric: string): Result<number> {
  const key = metric.trim().toLowerCase();
  if (!Object.prototype.hasOwnProperty.call(PROJECTION_TOTALS, key)) {
    return valueError(Messages.unknownChoice('metric', metric, Object.keys(PROJECTION_TOTALS).join(', ')));
  }
  const rows = projectFromRange(range, months);
  if (isError(rows)) return rows;
  return projectionTotals(rows)[key as ProjectionTotalName];
}
