/**
 * Three paths for one power site (WATT.PATHS), the seed question of Watt: keep mining, convert to a
 * powered shell and lease it, or convert and run GPUs as a cloud. Same site, same start date, same
 * horizon and discount rate, month by month.
 *
 * Timeline. Flows are monthly on the calendar months of WATT.PROJECTION (start_date snapped to the
 * 1st). Index k of a path's flow vector is time k months after the start: index 0 is the start (t = 0),
 * the operating cash of month m (0-based) is received at its end, index m + 1, and an outlay at the
 * start of month m sits at index m. The horizon is H = 12 x years months; nothing after month H
 * counts and there is NO terminal value (no residual value of the shell, the GPUs or the miners, no
 * lease renewal): compare paths over a horizon that suits their lives, or read value_per_w as the
 * value created within the horizon. The one exception is opt-in: exit_cap_rate > 0 sells the leased
 * shell at the horizon for (NOI contracted in the 12 months after it) / exit_cap_rate, the
 * cap-rate valuation of a leased powered shell (as Morgan Stanley values conversions, 2025-09-21).
 *
 * Discounting. A flow at index k is worth flow x (1 + discount_rate)^(-k / 12) at t = 0 (monthly
 * compounding equivalent to the annual rate, as WATT.LEASENPV). npv includes the t = 0 capex. irr is
 * the monthly IRR of the flow vector, annualised as (1 + irr_month)^12 - 1, and #NUM! when there is
 * none or when the flows start with income rather than an investment (keeping a sunk fleet: its
 * "IRR" would be a borrowing rate, higher being worse); payback_years is the time
 * from t = 0 until the cumulative undiscounted cash turns non-negative for good (src/core/cashflow.ts).
 *
 * mine    The existing fleet keeps running: monthly EBITDA = gross_margin of WATT.PROJECTION (BTC
 *         revenue after pool fee - power - other_cost per MWh), through every halving in the horizon.
 *         No capex at t = 0 (the fleet is sunk); with mining_capex > 0 the fleet (site_mw x 10^6 /
 *         efficiency TH/s) is bought again every miner_life years (at the start of months
 *         12 x miner_life, 24 x miner_life, ... < H), at the same efficiency and whatever the
 *         margin then (set years or mining_capex to avoid buying a fleet that will sit idle). With curtail = 1
 *         (default) a month whose gross margin is negative is a month switched off (no revenue, no
 *         power or other cost: the shutdown-price rule applied month by month); curtail = 0 runs
 *         the fleet at uptime whatever the margin, as WATT.PROJECTION does.
 * lease   Mining stops at t = 0. Capex at t = 0: conversion_capex x critical IT W, critical IT =
 *         site_mw x it_ratio. Construction takes conversion_months (no revenue), then the lease of
 *         WATT.LEASENPV starts: rent lease_rent USD per kW of critical IT per month, paid at each
 *         month's end, stepped up by lease_escalator at each anniversary, for lease_term years (a
 *         fractional last month is paid pro rata at the end of that month), NOI = lease_noi_margin x
 *         rent (the tenant pays the power of a powered shell). No revenue after the term.
 * cloud   Mining stops at t = 0. Capex at t = 0: cloud_capex x critical IT W (shell and GPUs). After
 *         conversion_months the GPUs (critical IT kW / kw_per_gpu of them) are billed
 *         gpu_hour_price x 24 x days x cloud_utilization, the price falling by gpu_price_decline a
 *         year with the age of the GPUs (compounded monthly, back to gpu_hour_price at each refresh);
 *         EBITDA = cloud_ebitda_margin x revenue (power and operations inside the margin). The GPUs
 *         ((cloud_capex - conversion_capex) x critical IT W) are bought again every gpu_life years of
 *         service (at the start of the month, if before H).
 *
 * Rows. revenue_per_mwh, annual_revenue and annual_ebitda are those of the first 12 months of
 * operation (months 1-12 for mine, months conversion_months + 1 to + 12 for lease and cloud, whatever
 * the horizon); revenue_per_mwh is per MWh of site power (site_mw x hours of those months), the one
 * basis all three share. capex is the outlay at t = 0, refresh_capex the undiscounted sum of later
 * outlays within the horizon. value_per_w = npv / (site_mw x 10^6), USD per W of site power.
 *
 * Defaults and their public sources:
 *   it_ratio 1/1.3             critical IT vs gross power differ by a PUE-like 1.25 to 1.5 (data/README.md);
 *                              1.3 is the middle of that range
 *   conversion_capex 10 USD/W  JLL global average data-center build cost $10.7M per MW (2025); Cipher and
 *                              TeraWulf disclosed $8-11M per critical-IT MW
 *   conversion_months 12       an assumption of this model (an energised site; set the builder's schedule)
 *   lease_rent 150 USD/kW-mo   Cipher-Fluidstack $3.0B / 168 MW / 10 y = $148.8; TeraWulf-Fluidstack
 *                              $3.7B / 200 MW / 10 y = $154.2 per kW-month (data/hpc-deals.csv)
 *   lease_term 10 y            the term of both contracts above
 *   lease_escalator 0          the contract values above are nominal sums, so 150 is already the average
 *                              rent over the term; give the base rent and the escalator instead if known
 *   lease_noi_margin 0.85      as Cipher and TeraWulf disclosed for their HPC leases
 *   exit_cap_rate 0            no terminal value unless asked (Morgan Stanley, 2025-09-21, valued leased
 *                              shells at 10% (hyperscaler) and 14% (neocloud) unlevered yields on cost)
 *   gpu_hour_price 2.914 USD   IREN-Microsoft (IREN Q1 FY26 call, 2025-11-06): ~$1.94B annual revenue
 *                              from 76,000 GB300 GPUs: 1.94e9 / (76,000 x 8,760 h)
 *   kw_per_gpu 2.63 kW         same contract: 200 MW critical IT / 76,000 GPUs
 *   cloud_utilization 1        a take-or-pay contract bills every hour
 *   cloud_capex                conversion_capex + 29 USD/W: IREN's $5.8B GPU and ancillary package
 *                              (Dell) for 200 MW critical IT, plus the shell
 *   cloud_ebitda_margin 0.85   IREN's ~85% project EBITDA margin for the Microsoft contract
 *   gpu_life 5 y               the term of IREN's Microsoft contract
 *   gpu_price_decline 0        contract price fixed for the term
 *   mining_capex 0, miner_life 4 y, curtail 1, discount_rate 0.10.
 * IREN sources: benzinga.com/trading-ideas/movers/25/11/48586714 (2025-11-03: $9.7B over 5 years, 200 MW
 * critical IT, $5.8B of GB300 GPUs and equipment from Dell); IREN Q1 FY26 call 2025-11-06 as summarised
 * at ainvest.com/news/iren-q1-2026-contradictions-emerge-cloud-colocation-priorities-gpu-financing-costs-microsoft-deal-strategic-2511
 * (76k GPUs for Microsoft within the $5.8B package, ~$1.94B ARR, 85% project EBITDA margin).
 */
import { Assumptions, Catalog, readAssumptions } from './assumptions';
import { annualRate, irr, payback, periodRate, presentValueDec } from './cashflow';
import { D, Dec } from './decimal';
import { isError, Messages, numError, Result, valueError } from './errors';
import { leaseMonthlyNoi } from './lease';
import { P } from './params';
import { MonthRow, monthStarts, PROJECTION_CATALOG, projectMonths, SiteInputs, TableCell } from './projection';

/** GPUs and ancillaries per W of critical IT in IREN's Microsoft build: $5.8B / 200 MW (IREN, 2025-11-03). */
export const GPU_CAPEX_PER_W = 5.8e9 / 200e6;

export const PATHS_CATALOG: Catalog = {
  ...PROJECTION_CATALOG,
  it_ratio: P.it_ratio,
  conversion_capex: P.conversion_capex,
  conversion_months: P.conversion_months,
  lease_rent: P.lease_rent,
  lease_term: P.lease_term,
  lease_escalator: P.lease_escalator,
  lease_noi_margin: P.lease_noi_margin,
  exit_cap_rate: P.exit_cap_rate,
  gpu_hour_price: P.path_gpu_hour_price,
  kw_per_gpu: P.path_kw_per_gpu,
  cloud_utilization: P.cloud_utilization,
  cloud_capex: P.cloud_capex,
  cloud_ebitda_margin: P.cloud_ebitda_margin,
  gpu_life: P.gpu_life,
  gpu_price_decline: P.gpu_price_decline,
  mining_capex: P.mining_capex,
  miner_life: P.miner_life,
  curtail: P.curtail,
  discount_rate: P.path_discount_rate,
};

export interface PathInputs extends SiteInputs {
  it_ratio: number;
  conversion_capex: number;
  conversion_months: number;
  lease_rent: number;
  lease_term: number;
  lease_escalator: number;
  lease_noi_margin: number;
  exit_cap_rate: number;
  gpu_hour_price: number;
  kw_per_gpu: number;
  cloud_utilization: number;
  cloud_capex: number;
  cloud_ebitda_margin: number;
  gpu_life: number;
  gpu_price_decline: number;
  mining_capex: number;
  miner_life: number;
  curtail: number;
  discount_rate: number;
}

export const PATH_NAMES = ['mine', 'lease', 'cloud'] as const;
export type PathName = (typeof PATH_NAMES)[number];

export const PATH_METRICS = [
  'revenue_per_mwh', 'annual_revenue', 'annual_ebitda', 'capex', 'refresh_capex', 'npv', 'irr', 'payback_years', 'value_per_w',
] as const;

/** One path's cash flows and first-year figures. */
export interface PathFlows {
  /** Net cash at index k = k months after the start, k = 0..H. */
  flows: Dec[];
  capex: Dec;
  refreshCapex: Dec;
  firstYearRevenue: Dec;
  firstYearEbitda: Dec;
  /** Hours of the first 12 months of operation (calendar days x 24). */
  firstYearHours: number;
}

export interface PathResult extends PathFlows {
  npv: number;
  irr: Result<number>;
  payback: Result<number | 'never'>;
}

const MONTHS_PER_YEAR = 12;
const HOURS_PER_DAY = 24;

/** Reads and checks the assumptions range; cloud_capex defaults to conversion_capex + GPU_CAPEX_PER_W. */
export function readPathInputs(range: unknown[][]): Result<PathInputs> {
  const a = readAssumptions(range, PATHS_CATALOG, { optional: ['cloud_capex'] });
  if (isError(a)) return a;
  const values: Assumptions = { ...a };
  if (values.cloud_capex === undefined) values.cloud_capex = values.conversion_capex + GPU_CAPEX_PER_W;
  if (values.cloud_capex < values.conversion_capex) {
    return valueError(Messages.atLeast('cloud_capex', 'USD per W', 'conversion_capex', values.conversion_capex, values.cloud_capex));
  }
  return values as unknown as PathInputs;
}

function emptyFlows(horizon: number): Dec[] {
  return Array.from({ length: horizon + 1 }, () => D(0));
}

/** Hours of the calendar months [from, from + 12) counted from the start month. */
function yearHours(starts: readonly number[], from: number): number {
  return (starts[from + MONTHS_PER_YEAR] - starts[from]) * HOURS_PER_DAY;
}

/** Whole months in a life given in years (at least one). */
const lifeMonths = (years: number) => Math.max(1, Math.round(years * MONTHS_PER_YEAR));

export function mineFlows(a: PathInputs, horizon: number): Result<PathFlows> {
  const rows = projectMonths(a, Math.max(horizon, MONTHS_PER_YEAR));
  if (isError(rows)) return rows;
  const flows = emptyFlows(horizon);
  // With curtail = 1 a month of negative gross margin is a month switched off: no revenue, no cost.
  const on = (r: MonthRow) => !(a.curtail === 1 && r.gross_margin < 0);
  for (let m = 0; m < horizon; m++) if (on(rows[m])) flows[m + 1] = flows[m + 1].plus(rows[m].gross_margin);
  let refresh = D(0);
  if (a.mining_capex > 0) {
    const fleetThs = (a.site_mw * 1e6) / a.efficiency;
    const cost = D(a.mining_capex).times(fleetThs);
    const every = lifeMonths(a.miner_life);
    for (let m = every; m < horizon; m += every) {
      flows[m] = flows[m].minus(cost);
      refresh = refresh.plus(cost);
    }
  }
  const firstYear = rows.slice(0, MONTHS_PER_YEAR);
  return {
    flows,
    capex: D(0),
    refreshCapex: refresh,
    firstYearRevenue: firstYear.reduce((s, r) => (on(r) ? s.plus(r.revenue) : s), D(0)),
    firstYearEbitda: firstYear.reduce((s, r) => (on(r) ? s.plus(r.gross_margin) : s), D(0)),
    firstYearHours: firstYear.reduce((s, r) => s + r.days * HOURS_PER_DAY, 0),
  };
}

function itWatts(a: PathInputs): number {
  return a.site_mw * a.it_ratio * 1e6;
}

export function leaseFlows(a: PathInputs, horizon: number, starts: readonly number[]): PathFlows {
  const c = a.conversion_months;
  const capex = D(a.conversion_capex).times(itWatts(a));
  const flows = emptyFlows(horizon);
  flows[0] = capex.neg();
  const lease = leaseMonthlyNoi(a.site_mw * a.it_ratio, a.lease_rent, a.lease_term, a.lease_escalator, a.lease_noi_margin, 0);
  let revenue = D(0);
  let ebitda = D(0);
  let nextYearNoi = D(0);
  for (const f of lease) {
    if (f.month === 0) continue;
    const leaseMonth = Math.ceil(f.month);
    const k = c + leaseMonth;
    if (k <= horizon) flows[k] = flows[k].plus(f.noi);
    else if (k <= horizon + MONTHS_PER_YEAR) nextYearNoi = nextYearNoi.plus(f.noi);
    if (leaseMonth <= MONTHS_PER_YEAR) {
      revenue = revenue.plus(f.grossRent);
      ebitda = ebitda.plus(f.noi);
    }
  }
  // Terminal value: the shell sold at the horizon at exit_cap_rate on the NOI the lease still pays in
  // the 12 months after it (0 when the lease has ended: no renewal is assumed).
  if (a.exit_cap_rate > 0) flows[horizon] = flows[horizon].plus(nextYearNoi.div(a.exit_cap_rate));
  return { flows, capex, refreshCapex: D(0), firstYearRevenue: revenue, firstYearEbitda: ebitda, firstYearHours: yearHours(starts, c) };
}

export function cloudFlows(a: PathInputs, horizon: number, starts: readonly number[]): PathFlows {
  const c = a.conversion_months;
  const watts = itWatts(a);
  const capex = D(a.cloud_capex).times(watts);
  const refreshCost = D(a.cloud_capex).minus(a.conversion_capex).times(watts);
  const gpus = (watts / 1000) / a.kw_per_gpu;
  const every = lifeMonths(a.gpu_life);
  const flows = emptyFlows(horizon);
  flows[0] = capex.neg();
  let refresh = D(0);
  let revenue = D(0);
  let ebitda = D(0);
  const last = Math.max(horizon, c + MONTHS_PER_YEAR);
  for (let m = c; m < last; m++) {
    const service = m - c;
    if (service > 0 && service % every === 0 && m < horizon) {
      flows[m] = flows[m].minus(refreshCost);
      refresh = refresh.plus(refreshCost);
    }
    const ageYears = (service % every) / MONTHS_PER_YEAR;
    const price = a.gpu_hour_price * Math.pow(1 - a.gpu_price_decline, ageYears);
    const monthRevenue = D(gpus).times(price).times((starts[m + 1] - starts[m]) * HOURS_PER_DAY).times(a.cloud_utilization);
    const monthEbitda = monthRevenue.times(a.cloud_ebitda_margin);
    if (m < horizon) flows[m + 1] = flows[m + 1].plus(monthEbitda);
    if (service < MONTHS_PER_YEAR) {
      revenue = revenue.plus(monthRevenue);
      ebitda = ebitda.plus(monthEbitda);
    }
  }
  return { flows, capex, refreshCapex: refresh, firstYearRevenue: revenue, firstYearEbitda: ebitda, firstYearHours: yearHours(starts, c) };
}

/** NPV, IRR and payback of a path's flows at the annual discount rate (monthly compounding). */
export function evaluatePath(p: PathFlows, discountRate: number): PathResult {
  const monthly = periodRate(discountRate, MONTHS_PER_YEAR);
  const npv = presentValueDec(monthly, p.flows).toNumber();
  // An IRR ranks investments; flows that start with income (a sunk fleet earning, then buying
  // machines) would give a borrowing rate, where higher is worse: #NUM! rather than a misleading rate.
  const first = p.flows.find((f) => !f.isZero());
  const monthlyIrr = first && first.isPos() ? numError(Messages.noIrrIncomeFirst()) : irr(p.flows, periodRate(0.1, MONTHS_PER_YEAR));
  return {
    ...p,
    npv,
    irr: isError(monthlyIrr) ? monthlyIrr : annualRate(monthlyIrr, MONTHS_PER_YEAR),
    payback: payback(p.flows, MONTHS_PER_YEAR),
  };
}

/** The three paths, evaluated over `years` years. */
export function comparePaths(a: PathInputs, years: number): Result<Record<PathName, PathResult>> {
  const horizon = years * MONTHS_PER_YEAR;
  // Calendar months far enough for the horizon and for the first operating year after conversion.
  const span = Math.max(horizon, a.conversion_months + MONTHS_PER_YEAR);
  const starts = monthStarts(a.start_date, span);
  const mine = mineFlows(a, horizon);
  if (isError(mine)) return mine;
  if (starts[span] - 1 > 2958465) return valueError(Messages.horizonTooLate(starts[span] - 1));
  return {
    mine: evaluatePath(mine, a.discount_rate),
    lease: evaluatePath(leaseFlows(a, horizon, starts), a.discount_rate),
    cloud: evaluatePath(cloudFlows(a, horizon, starts), a.discount_rate),
  };
}

function metric(name: (typeof PATH_METRICS)[number], r: PathResult, siteMw: number): TableCell {
  switch (name) {
    case 'revenue_per_mwh':
      return r.firstYearRevenue.div(D(siteMw).times(r.firstYearHours)).toNumber();
    case 'annual_revenue':
      return r.firstYearRevenue.toNumber();
    case 'annual_ebitda':
      return r.firstYearEbitda.toNumber();
    case 'capex':
      return r.capex.toNumber();
    case 'refresh_capex':
      return r.refreshCapex.toNumber();
    case 'npv':
      return r.npv;
    case 'irr':
      return r.irr;
    case 'payback_years':
      return r.payback;
    case 'value_per_w':
      return r.npv / (siteMw * 1e6);
  }
}

/** WATT.PATHS's table: header (metric, mine, lease, cloud), then one row per metric of PATH_METRICS. */
export function pathsTable(range: unknown[][], years: number): Result<TableCell[][]> {
  const a = readPathInputs(range);
  if (isError(a)) return a;
  const paths = comparePaths(a, years);
  if (isError(paths)) return paths;
  return [
    ['metric', ...PATH_NAMES],
    ...PATH_METRICS.map((name) => [name, ...PATH_NAMES.map((p) => metric(name, paths[p], a.site_mw))]),
  ];
}
