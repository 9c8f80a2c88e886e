/**
 * Three paths for one power site (WATT.PATHS), the seed question of Watt: keep mining, convert to a
 * powered shell and lease it, or convert and run GPUs as a cloud. Same site, same start date, same
 * horizon and discount rate, month by month, and the same treatment of what each path still owns at
 * the end (terminal value), so the paths compare like with like.
 *
 * Timeline. Flows are monthly on the calendar months of WATT.PROJECTION (start_date snapped to the
 * 1st). Index k of a path's flow vector is time k months after the start: index 0 is the start (t = 0),
 * the operating cash of month m (0-based) is received at its end, index m + 1, and an outlay at the
 * start of month m sits at index m. The horizon is H = 12 x years months.
 *
 * Terminal value (terminal_value = 1, default; 0 = nothing after the horizon for any path). At index H
 * each path is credited with what it still owns, on a stated basis:
 *   mine   the book value of the last fleet bought within the horizon, straight-line to 0 over miner_life
 *          (0 past it: a replacement waiting while the site is off can leave the last fleet older)
 *          (the fleet in place at the start is sunk on every path: not valued at H, not sold at t = 0);
 *   lease  the shell sold at exit_cap_rate on the NOI of the 12 months after H: the in-place lease's
 *          where it still runs, market NOI (lease_rent x lease_noi_margin, flat) where it has ended
 *          (the cap-rate valuation of a leased powered shell, as Morgan Stanley values conversions);
 *   cloud  the hall valued as the lease path's shell at market NOI / exit_cap_rate, plus the GPUs in
 *          service at their book value, straight-line from cost to gpu_residual x cost over gpu_life.
 * exit_cap_rate = 0 values the shell at nothing. The GPU cloud's prepayment still to be earned at H
 * (service owed after the horizon) is deducted at H whatever terminal_value: it is cash received for
 * work not yet done.
 *
 * Discounting. A flow at index k is worth flow x (1 + discount_rate)^(-k / 12) at t = 0 (monthly
 * compounding equivalent to the annual rate, as WATT.LEASENPV). npv includes the t = 0 capex. irr is
 * the monthly IRR of the flow vector, annualised as (1 + irr_month)^12 - 1, #NUM! with the reason when
 * no rate solves, and the text "n/a" when the flows start with income rather than an investment
 * (keeping a sunk fleet: its "IRR" would be a borrowing rate, higher being worse). "n/a" is a value,
 * not an error, so a sheet shows it as is and keeps a real error (an input out of range) visible.
 * payback_years is the time from t = 0 until
 * the cumulative undiscounted cash turns non-negative for good (src/core/cashflow.ts), "never" when it
 * does not within the horizon, and "n/a" for a path with no up-front outlay (flows starting with income).
 *
 * mine    The existing fleet keeps running: monthly EBITDA = gross_margin of WATT.PROJECTION (BTC
 *         revenue after pool fee - power - other_cost per MWh), through every halving in the horizon.
 *         No capex at t = 0 (the fleet is sunk and taken as new at the start); the fleet (site_mw x
 *         10^6 / efficiency TH/s) is bought again at mining_capex USD per TH/s every miner_life years
 *         (at the start of months 12 x miner_life, 24 x miner_life, ... < H), at the same efficiency;
 *         the retired machines are worth nothing. With curtail = 1 a replacement due in a month that
 *         follows a switched-off month waits until the month after a profitable one (the old fleet
 *         runs on meanwhile), and the next falls due miner_life years after it. With curtail = 1
 *         (default) a month whose gross margin is negative is a month switched off (no revenue, no
 *         power or other cost: the shutdown-price rule applied month by month); curtail = 0 runs
 *         the fleet at uptime whatever the margin, as WATT.PROJECTION does.
 * lease   Mining stops at t = 0. Capex at t = 0: conversion_capex x critical IT W, critical IT =
 *         site_mw x it_ratio. Construction takes conversion_months (no revenue), then the lease of
 *         WATT.LEASENPV starts: rent lease_rent USD per kW of critical IT per month, paid at each
 *         month's end, stepped up by lease_escalator at each anniversary, for lease_term years (a
 *         fractional last month is paid pro rata at the end of that month), NOI = lease_noi_margin x
 *         rent (the tenant pays the power of a powered shell). No renewal within the horizon.
 * cloud   Mining stops at t = 0. Capex at t = 0: cloud_capex x critical IT W (shell and GPUs). After
 *         conversion_months the GPUs (critical IT kW / kw_per_gpu of them) are billed
 *         gpu_hour_price x 24 x days x cloud_utilization, the price falling by gpu_price_decline a
 *         year with the age of the GPUs (compounded monthly, back to gpu_hour_price at each refresh);
 *         EBITDA = cloud_ebitda_margin x revenue (power and operations inside the margin). The GPUs
 *         ((cloud_capex - conversion_capex) x critical IT W) are bought again every gpu_life years of
 *         service (at the start of the month, if before H), the retired ones sold for gpu_residual x
 *         their cost. The first contract (the first gpu_life years of service) is prepaid:
 *         cloud_prepayment x its revenue is received at t = 0 and credited pro rata, so each month of
 *         that contract brings (cloud_ebitda_margin - cloud_prepayment) x revenue in cash.
 *
 * Rows. revenue_per_mwh, annual_revenue and annual_ebitda are those of the first 12 months of
 * operation (months 1-12 for mine, months conversion_months + 1 to + 12 for lease and cloud, whatever
 * the horizon), accrual (before the prepayment's timing); revenue_per_mwh is per MWh of site capacity
 * (site_mw x hours of those months, whether or not the power is drawn), the one basis all three
 * share. capex is the outlay at t = 0 (before a prepayment received then), refresh_capex
 * the undiscounted sum of later outlays within the horizon, terminal_value the undiscounted value
 * credited at H (in npv). value_per_w = npv / (site_mw x 10^6), USD per W of site power.
 *
 * Defaults and their public sources:
 *   it_ratio 1/1.3             critical IT vs gross power differ by a PUE-like 1.25 to 1.5 (data/README.md);
 *                              1.3 is the middle of that range
 *   conversion_capex 10 USD/W  JLL global average data-center build cost $10.7M per MW (2025); Cipher and
 *                              TeraWulf disclosed $8-11M per critical-IT MW
 *   conversion_months 12       an assumption of this model (an energised site; set the builder's schedule)
 *   lease_rent 150 USD/kW-mo   Cipher-Fluidstack $3.0B / 168 MW / 10 y = $148.8; TeraWulf-Fluidstack
 *                              $3.7B / 200 MW / 10 y = $154.2 per kW-month (data/hpc-deals.csv)
 *   lease_term 15 y            the median term of the announced critical-IT leases in data/hpc-deals.csv
 *                              (kind = lease, each lease once: rows that restate an earlier one, i.e. with
 *                              cumulative_of set, left out): 17 leases, terms 10 (x5), 12, 15 (x10), 25;
 *                              median 15 (also 15 over all 21 lease rows), as of 2026-06
 *   lease_escalator 0          the contract values above are nominal sums, so 150 is already the average
 *                              rent over the term; give the base rent and the escalator instead if known
 *   lease_noi_margin 0.85      as Cipher and TeraWulf disclosed for their HPC leases
 *   exit_cap_rate 0.075        Morgan Stanley (2025-09-21) valued a converted 100 MW site at $5.19/W
 *                              (hyperscaler) and $7.81/W (neocloud); with $10.7/W capex (JLL 2025), 0.85
 *                              margin and rents of $104.90 and $146.86 per kW-month (MS's 10% and 14% yield
 *                              on cost), WATT.SHELLVALUE reproduces them within $0.01 at cap rates of
 *                              6.734% and 8.093% (the one calibration, SHELL_CALIBRATION in the
 *                              powered-shell template); 7.5% is their middle (7.41%), rounded
 *   terminal_value 1           value what each path owns at the horizon (0: none for any path)
 *   gpu_hour_price 2.914 USD   IREN-Microsoft (IREN Q1 FY26 call, 2025-11-06): ~$1.94B annual revenue
 *                              from 76,000 GB300 GPUs: 1.94e9 / (76,000 x 8,760 h)
 *   kw_per_gpu 2.63 kW         same contract: 200 MW critical IT / 76,000 GPUs
 *   cloud_utilization 1        a take-or-pay contract bills every hour
 *   cloud_capex                conversion_capex + 29 USD/W: IREN's $5.8B GPU and ancillary package
 *                              (Dell) for 200 MW critical IT, plus the shell
 *   cloud_ebitda_margin 0.85   IREN's ~85% project EBITDA margin for the Microsoft contract
 *   cloud_prepayment 0.2       IREN-Microsoft: ~20% of the $9.7B contract prepaid (IREN, 2025-11-03)
 *   gpu_life 5 y               the term of IREN's Microsoft contract
 *   gpu_residual 0.1           an H100 system in its third year resold for ~45% of new (Silicon Data, as
 *                              reported in 2025): ~22% of cost lost a year, so ~0-10% left after 5 years;
 *                              10% is an assumption at the top of that, to update
 *   gpu_price_decline 0        contract price fixed for the term
 *   mining_capex 8 USD/TH/s    new-generation ASICs, Dec 2025: Bitmain list prices of ~$7-8 per TH for
 *                              S21 hydro/immersion models before coupons, ~$4/TH promotional bundles of
 *                              ~19 J/TH S19 XP+ Hydro (TheMinerMag, 2025-12-23, as reported at
 *                              btcpizza.com/bitmain-lowers-the-price-of-its-mining-rigs-...); the top of the
 *                              range for a sub-19 J/TH fleet
 *   miner_life 4 y             an assumption: miners depreciate ASICs over 3-5 years; one halving cycle
 *   curtail 1, discount_rate 0.10.
 * IREN sources: benzinga.com/trading-ideas/movers/25/11/48586714 (2025-11-03: $9.7B over 5 years, 200 MW
 * critical IT, $5.8B of GB300 GPUs and equipment from Dell, 20% prepayment); IREN Q1 FY26 call 2025-11-06
 * as summarised at ainvest.com/news/iren-q1-2026-contradictions-emerge-cloud-colocation-priorities-gpu-financing-costs-microsoft-deal-strategic-2511
 * (76k GPUs for Microsoft within the $5.8B package, ~$1.94B ARR, 85% project EBITDA margin).
 *
 * The flows are exported one function a path (mineFlowsFromMonths takes the monthly rows of any
 * price and hashrate path, e.g. a simulation's), and evaluatePath turns any of them into npv, irr
 * and payback.
 */
import { Assumptions, Catalog, readAssumptions } from './assumptions';
import { annualRate, irr, payback, periodRate, presentValueNumber } from './cashflow';
import { D, Dec } from './decimal';
import { isError, Messages, Result, valueError } from './errors';
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
  terminal_value: P.terminal_value,
  gpu_hour_price: P.path_gpu_hour_price,
  kw_per_gpu: P.path_kw_per_gpu,
  cloud_utilization: P.cloud_utilization,
  cloud_capex: P.cloud_capex,
  cloud_ebitda_margin: P.cloud_ebitda_margin,
  cloud_prepayment: P.cloud_prepayment,
  gpu_life: P.gpu_life,
  gpu_residual: P.gpu_residual,
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
  terminal_value: number;
  gpu_hour_price: number;
  kw_per_gpu: number;
  cloud_utilization: number;
  cloud_capex: number;
  cloud_ebitda_margin: number;
  cloud_prepayment: number;
  gpu_life: number;
  gpu_residual: number;
  gpu_price_decline: number;
  mining_capex: number;
  miner_life: number;
  curtail: number;
  discount_rate: number;
}

export const PATH_NAMES = ['mine', 'lease', 'cloud'] as const;
export type PathName = (typeof PATH_NAMES)[number];

export const PATH_METRICS = [
  'revenue_per_mwh', 'annual_revenue', 'annual_ebitda', 'capex', 'refresh_capex', 'terminal_value', 'npv', 'irr', 'payback_years', 'value_per_w',
] as const;
export type PathMetric = (typeof PATH_METRICS)[number];

/** One path's cash flows and first-year figures. */
export interface PathFlows {
  /** Net cash at index k = k months after the start, k = 0..H (terminal value included at H). */
  flows: Dec[];
  capex: Dec;
  refreshCapex: Dec;
  /** Value credited at H (undiscounted, already in flows[H]); 0 with terminal_value = 0. */
  terminalValue: Dec;
  firstYearRevenue: Dec;
  firstYearEbitda: Dec;
  /** Hours of the first 12 months of operation (calendar days x 24). */
  firstYearHours: number;
}

export interface PathResult extends PathFlows {
  npv: number;
  /** Annual IRR; "n/a" when the flows start with income (no investment to return). */
  irr: Result<number | 'n/a'>;
  payback: Result<number | 'never' | 'n/a'>;
}

const MONTHS_PER_YEAR = 12;
const HOURS_PER_DAY = 24;
const ZERO = D(0);

/**
 * A path's flows by line, for a monthly table (WATT.HYBRIDTABLE): each line is a vector by flow index
 * (0..H) like PathFlows.flows, and the lines of an index sum to its flow. Start-of-month lines are paid
 * at the start of a month (index m for month m): capex, asset_sales, prepayment_in; end-of-month lines
 * at its end (index m + 1): revenue, operating_cost (negative: revenue less EBITDA or NOI, i.e. power,
 * other costs, the landlord's and the cloud's operating costs), prepayment_out (negative: the part of a
 * month's revenue already received as a prepayment, and at H the part still owed), terminal_value.
 * The kernels below fill them only when asked (the PATHS table and the simulation do not).
 */
export const FLOW_LINES = ['revenue', 'operating_cost', 'prepayment_in', 'prepayment_out', 'capex', 'asset_sales', 'terminal_value'] as const;
export type FlowLine = (typeof FLOW_LINES)[number];
export type FlowLines = Record<FlowLine, Dec[]>;
/** The lines paid at the start of a month (the rest at its end). */
export const START_LINES: readonly FlowLine[] = ['capex', 'asset_sales', 'prepayment_in'];

export function emptyLines(horizon: number): FlowLines {
  return Object.fromEntries(FLOW_LINES.map((l) => [l, emptyFlows(horizon)])) as FlowLines;
}

/** Adds `amount` to `line` at index `k`; nothing without lines. */
function book(lines: FlowLines | undefined, line: FlowLine, k: number, amount: Dec | number): void {
  if (lines) lines[line][k] = lines[line][k].plus(amount);
}

/**
 * What the mine kernel needs to run only part of the fleet (WATT.HYBRID): share[m] is the fraction of
 * site_mw mining in month m (0..1, never rising: a converted hall does not mine again); the fleet of a
 * share that stops is sold at the start of that month for resale USD per TH/s (0: scrapped or kept
 * idle); a refresh buys the fleet of the share mining that month; the terminal value is the last
 * fleet's book value times the share still mining in the last month.
 */
export interface MineShare {
  share: ArrayLike<number>;
  resale: number;
}

/** Reads and checks the assumptions range; cloud_capex defaults to conversion_capex + GPU_CAPEX_PER_W. */
/** The yes/no levers: "yes" or "no" (any case) as well as 1 or 0, so a sheet can show a yes/no choice. */
export const PATHS_YES_NO: readonly string[] = ['curtail', 'terminal_value'];

/**
 * A yes/no lever's text to 1/0; any other text is #VALUE! naming the lever and the accepted values
 * (a number goes on to its spec: a whole number from 0 to 1).
 */
function yesNoRow(row: readonly unknown[], yesNo: readonly string[]): Result<readonly unknown[]> {
  const [name, value] = row;
  if (typeof name !== 'string' || !yesNo.includes(name.trim().toLowerCase()) || typeof value !== 'string' || value.trim() === '') return row;
  const answer = value.trim().toLowerCase();
  if (answer === 'yes') return [name, 1];
  if (answer === 'no') return [name, 0];
  return valueError(Messages.unknownChoice(name.trim().toLowerCase(), value, 'yes, no (or 1, 0)'));
}

/**
 * The PATHS assumptions; `catalog` and `yesNo` let a function that reads more names (WATT.HYBRID's
 * HYBRID_CATALOG) read them in the same pass, with the same defaults, checks and messages.
 */
export function readPathInputs(range: unknown[][], catalog: Catalog = PATHS_CATALOG, yesNo: readonly string[] = PATHS_YES_NO): Result<PathInputs> {
  const rows: (readonly unknown[])[] = [];
  for (const row of range) {
    const r = yesNoRow(row, yesNo);
    if (isError(r)) return r;
    rows.push(r);
  }
  const a = readAssumptions(rows, catalog, { optional: ['cloud_capex'] });
  if (isError(a)) return a;
  const values: Assumptions = { ...a };
  if (values.cloud_capex === undefined) values.cloud_capex = values.conversion_capex + GPU_CAPEX_PER_W;
  if (values.cloud_capex < values.conversion_capex) {
    return valueError(Messages.atLeast('cloud_capex', 'USD per W', 'conversion_capex', values.conversion_capex, values.cloud_capex));
  }
  return values as unknown as PathInputs;
}

/** horizon + 1 zeros (one shared decimal 0: decimals are immutable, a flow is replaced, never changed). */
function emptyFlows(horizon: number): Dec[] {
  return new Array<Dec>(horizon + 1).fill(ZERO);
}

/** Hours of the calendar months [from, from + 12) counted from the start month. */
function yearHours(starts: readonly number[], from: number): number {
  return (starts[from + MONTHS_PER_YEAR] - starts[from]) * HOURS_PER_DAY;
}

/** Whole months in a life given in years (at least one). */
export const lifeMonths = (years: number) => Math.max(1, Math.round(years * MONTHS_PER_YEAR));

/** Book value of an asset `age` months old, straight-line from cost to residual x cost over `life` months. */
export const bookValue = (cost: Dec, age: number, life: number, residual: number): Dec =>
  cost.times(D(1).minus(D(1 - residual).times(age).div(life)));

/**
 * The mine path's per-month kernel (numbers, no allocation), called by mineFlowsFromMonths and by the
 * Monte Carlo simulation (src/core/simulate.ts) on its own price and hashrate paths.
 * mineRuns: with curtail = 1 a month of negative gross margin is a month switched off: no revenue, no cost.
 */
export const mineRuns = (curtail: number, grossMargin: number): boolean => !(curtail === 1 && grossMargin < 0);

/**
 * The months (0-based, < horizon) at whose start the fleet is bought again, marked 1 in `buys` (length
 * >= horizon, cleared here), given each month's gross margin; returns the last such month, or -1.
 * A replacement falls due every `every` months after the last purchase; with curtail = 1 it waits
 * while the fleet is switched off (the month before it had a negative margin): nobody buys machines
 * to leave them off, and the old fleet keeps running meanwhile.
 */
export function mineBuyMonths(curtail: number, every: number, grossMargin: ArrayLike<number>, horizon: number, buys: Uint8Array): number {
  buys.fill(0, 0, horizon);
  let lastBuy = -1;
  for (let m = every; m < horizon; m++) {
    if (m - Math.max(0, lastBuy) < every) continue;
    if (curtail === 1 && grossMargin[m - 1] < 0) continue;
    buys[m] = 1;
    lastBuy = m;
  }
  return lastBuy;
}

/**
 * The mine path's flows from monthly rows of WATT.PROJECTION (`rows[m]` is month m, at least
 * max(horizon, 12) of them): a simulation may pass its own price and hashrate paths here.
 */
export function mineFlowsFromMonths(a: PathInputs, rows: readonly MonthRow[], horizon: number, part?: MineShare, lines?: FlowLines): PathFlows {
  const flows = emptyFlows(horizon);
  const on = (r: MonthRow) => mineRuns(a.curtail, r.gross_margin);
  for (let m = 0; m < horizon; m++) {
    if (!on(rows[m])) continue;
    const r = rows[m];
    // A share of 1 is the whole fleet (the same digits as without a share), 0 none: no decimal work.
    const share = part === undefined ? 1 : part.share[m];
    if (share === 0) continue;
    if (share === 1) {
      flows[m + 1] = flows[m + 1].plus(r.gross_margin);
      book(lines, 'revenue', m + 1, r.revenue);
      book(lines, 'operating_cost', m + 1, D(r.gross_margin).minus(r.revenue));
    } else {
      const margin = D(r.gross_margin).times(share);
      flows[m + 1] = flows[m + 1].plus(margin);
      const revenue = D(r.revenue).times(share);
      book(lines, 'revenue', m + 1, revenue);
      book(lines, 'operating_cost', m + 1, margin.minus(revenue));
    }
  }
  if (part !== undefined && part.resale > 0) {
    // The fleet of the share that stops in month m is sold at the start of month m.
    const fleet = D(part.resale).times((a.site_mw * 1e6) / a.efficiency);
    let before = 1;
    for (let m = 0; m < horizon; m++) {
      const freed = before - part.share[m];
      before = part.share[m];
      if (!(freed > 0)) continue;
      const sale = fleet.times(freed);
      flows[m] = flows[m].plus(sale);
      book(lines, 'asset_sales', m, sale);
    }
  }
  const shareAt = (m: number) => (part === undefined ? 1 : part.share[m]);
  let refresh = D(0);
  let terminal = D(0);
  if (a.mining_capex > 0) {
    const cost = mineFleetCost(a);
    const every = lifeMonths(a.miner_life);
    const buys = new Uint8Array(horizon);
    const lastBuy = mineBuyMonths(a.curtail, every, rows.map((r) => r.gross_margin), horizon, buys);
    for (let m = 0; m < horizon; m++) {
      if (buys[m] !== 1) continue;
      const bought = part === undefined ? cost : cost.times(shareAt(m));
      flows[m] = flows[m].minus(bought);
      refresh = refresh.plus(bought);
      book(lines, 'capex', m, bought.neg());
    }
    // The last fleet bought within the horizon, at its book value (straight-line to 0 over its life, and
    // 0, not negative, past it: a replacement that waited while the site was off can leave it older).
    if (a.terminal_value === 1 && lastBuy > 0) {
      terminal = bookValue(part === undefined ? cost : cost.times(shareAt(horizon - 1)), Math.min(horizon - lastBuy, every), every, 0);
    }
  }
  flows[horizon] = flows[horizon].plus(terminal);
  book(lines, 'terminal_value', horizon, terminal);
  const firstYear = rows.slice(0, MONTHS_PER_YEAR);
  return {
    flows,
    capex: D(0),
    refreshCapex: refresh,
    terminalValue: terminal,
    firstYearRevenue: firstYear.reduce((s, r, m) => (on(r) ? s.plus(part === undefined ? r.revenue : D(r.revenue).times(shareAt(m))) : s), D(0)),
    firstYearEbitda: firstYear.reduce((s, r, m) => (on(r) ? s.plus(part === undefined ? r.gross_margin : D(r.gross_margin).times(shareAt(m))) : s), D(0)),
    firstYearHours: firstYear.reduce((s, r) => s + r.days * HOURS_PER_DAY, 0),
  };
}

/** The price of the replacement fleet (USD): mining_capex x site_mw x 10^6 / efficiency TH/s. */
export function mineFleetCost(a: PathInputs): Dec {
  return D(a.mining_capex).times((a.site_mw * 1e6) / a.efficiency);
}

/** The mine path's flows on WATT.PROJECTION's own price and hashrate path. */
export function mineFlows(a: PathInputs, horizon: number): Result<PathFlows> {
  const rows = projectMonths(a, Math.max(horizon, MONTHS_PER_YEAR));
  if (isError(rows)) return rows;
  return mineFlowsFromMonths(a, rows, horizon);
}

function itWatts(a: PathInputs): number {
  return a.site_mw * a.it_ratio * 1e6;
}

/** Market NOI of the converted shell for one month (USD): lease_rent x IT kW x lease_noi_margin, flat. */
function marketNoi(a: PathInputs): Dec {
  return D(a.lease_rent).times(itWatts(a) / 1000).times(a.lease_noi_margin);
}

/**
 * The shell's value at H: NOI of the 12 months after H / exit_cap_rate, where `noiAt(k)` is the NOI of
 * the month ending at index k. A hall still being built at H (H < conversion_months) is valued as it
 * will be when it opens, on the NOI of its first 12 months in service, discounted back to H at
 * discount_rate (the capex is all paid at t = 0, so the buyer at H pays for the finished hall less the
 * wait). 0 with terminal_value = 0 or exit_cap_rate = 0.
 */
function shellValue(a: PathInputs, horizon: number, noiAt: (k: number) => Dec): Dec {
  if (a.terminal_value !== 1 || a.exit_cap_rate <= 0) return D(0);
  const from = Math.max(horizon, a.conversion_months);
  let forward = D(0);
  for (let k = from + 1; k <= from + MONTHS_PER_YEAR; k++) forward = forward.plus(noiAt(k));
  return forward.div(a.exit_cap_rate).times(untilOpening(a, horizon));
}

/** The discount factor from the hall's opening back to H: 1 when it is open by H. */
function untilOpening(a: PathInputs, horizon: number): Dec {
  const wait = a.conversion_months - horizon;
  return wait > 0 ? D(1).plus(a.discount_rate).pow(-wait / MONTHS_PER_YEAR) : D(1);
}

export function leaseFlows(a: PathInputs, horizon: number, starts: readonly number[], lines?: FlowLines): PathFlows {
  const c = a.conversion_months;
  const capex = D(a.conversion_capex).times(itWatts(a));
  const flows = emptyFlows(horizon);
  flows[0] = capex.neg();
  book(lines, 'capex', 0, flows[0]);
  const lease = leaseMonthlyNoi(a.site_mw * a.it_ratio, a.lease_rent, a.lease_term, a.lease_escalator, a.lease_noi_margin, 0);
  const leaseNoi = new Map<number, Dec>();
  let revenue = D(0);
  let ebitda = D(0);
  let leaseEnd = c; // index of the lease's last (possibly part) month
  for (const f of lease) {
    if (f.month === 0) continue;
    const leaseMonth = Math.ceil(f.month);
    const k = c + leaseMonth;
    leaseEnd = Math.max(leaseEnd, k);
    if (k <= horizon) {
      flows[k] = flows[k].plus(f.noi);
      book(lines, 'revenue', k, f.grossRent);
      book(lines, 'operating_cost', k, f.noi.minus(f.grossRent));
    } else leaseNoi.set(k, f.noi);
    if (leaseMonth <= MONTHS_PER_YEAR) {
      revenue = revenue.plus(f.grossRent);
      ebitda = ebitda.plus(f.noi);
    }
  }
  // After H: the in-place lease's NOI while it runs (a part last month and the market rent for the
  // rest of that month), the market NOI after it; nothing while the shell is still being built.
  const market = marketNoi(a);
  const fraction = D(lease[lease.length - 1].month).minus(Math.floor(lease[lease.length - 1].month));
  const noiAt = (k: number): Dec => {
    if (k <= c) return D(0);
    if (k < leaseEnd) return leaseNoi.get(k) ?? D(0);
    if (k === leaseEnd) return (leaseNoi.get(k) ?? D(0)).plus(fraction.isZero() ? D(0) : market.times(D(1).minus(fraction)));
    return market;
  };
  const terminal = shellValue(a, horizon, noiAt);
  flows[horizon] = flows[horizon].plus(terminal);
  book(lines, 'terminal_value', horizon, terminal);
  return { flows, capex, refreshCapex: D(0), terminalValue: terminal, firstYearRevenue: revenue, firstYearEbitda: ebitda, firstYearHours: yearHours(starts, c) };
}

export function cloudFlows(a: PathInputs, horizon: number, starts: readonly number[], lines?: FlowLines): PathFlows {
  const c = a.conversion_months;
  const watts = itWatts(a);
  const capex = D(a.cloud_capex).times(watts);
  const gpuCost = D(a.cloud_capex).minus(a.conversion_capex).times(watts);
  const resale = gpuCost.times(a.gpu_residual);
  const gpus = (watts / 1000) / a.kw_per_gpu;
  const gpuCount = D(gpus);
  const every = lifeMonths(a.gpu_life);
  const flows = emptyFlows(horizon);
  flows[0] = capex.neg();
  let refresh = D(0);
  let revenue = D(0);
  let ebitda = D(0);
  let prepaid = D(0); // cloud_prepayment x revenue of the first contract (service months 0 .. every - 1)
  let owedAfterHorizon = D(0);
  const last = Math.max(horizon, c + MONTHS_PER_YEAR, c + every);
  const memo = new Map<number, [Dec, Dec, Dec]>();
  let memoPrice = NaN;
  for (let m = c; m < last; m++) {
    const service = m - c;
    if (service > 0 && service % every === 0 && m < horizon) {
      // New GPUs bought at the start of the month, the retired ones sold at their residual value.
      flows[m] = flows[m].minus(gpuCost).plus(resale);
      refresh = refresh.plus(gpuCost);
      book(lines, 'capex', m, gpuCost.neg());
      book(lines, 'asset_sales', m, resale);
    }
    const ageYears = (service % every) / MONTHS_PER_YEAR;
    const price = a.gpu_hour_price * Math.pow(1 - a.gpu_price_decline, ageYears);
    // A month's revenue, EBITDA and prepaid part depend only on the price and the month's hours: computed
    // once per pair (the same operations on the same numbers, so the same digits), as most months repeat one.
    if (price !== memoPrice) {
      memo.clear();
      memoPrice = price;
    }
    const hours = (starts[m + 1] - starts[m]) * HOURS_PER_DAY;
    let month = memo.get(hours);
    if (month === undefined) {
      const r = gpuCount.times(price).times(hours).times(a.cloud_utilization);
      month = [r, r.times(a.cloud_ebitda_margin), r.times(a.cloud_prepayment)];
      memo.set(hours, month);
    }
    const [monthRevenue, monthEbitda, prepaidPart] = month;
    const credit = service < every ? prepaidPart : D(0);
    prepaid = prepaid.plus(credit);
    if (m < horizon) {
      flows[m + 1] = flows[m + 1].plus(monthEbitda).minus(credit);
      book(lines, 'revenue', m + 1, monthRevenue);
      book(lines, 'operating_cost', m + 1, monthEbitda.minus(monthRevenue));
      book(lines, 'prepayment_out', m + 1, credit.neg());
    } else owedAfterHorizon = owedAfterHorizon.plus(credit);
    if (service < MONTHS_PER_YEAR) {
      revenue = revenue.plus(monthRevenue);
      ebitda = ebitda.plus(monthEbitda);
    }
  }
  flows[0] = flows[0].plus(prepaid);
  flows[horizon] = flows[horizon].minus(owedAfterHorizon);
  book(lines, 'capex', 0, capex.neg());
  book(lines, 'prepayment_in', 0, prepaid);
  book(lines, 'prepayment_out', horizon, owedAfterHorizon.neg());
  let terminal = D(0);
  if (a.terminal_value === 1) {
    const market = marketNoi(a);
    terminal = shellValue(a, horizon, (k) => (k <= c ? D(0) : market));
    // GPUs in service at H at their book value. Their age is 1..every months: GPUs whose life ends
    // exactly at H are not replaced (a purchase falls before H), so they are every months old and worth
    // their residual value, not new. GPUs bought but not yet in service at H (the hall still being
    // built, or opening exactly at H) are new when it opens: their cost, discounted from the opening
    // back to H.
    terminal = terminal.plus(horizon > c ? bookValue(gpuCost, ((horizon - c - 1) % every) + 1, every, a.gpu_residual) : gpuCost.times(untilOpening(a, horizon)));
  }
  flows[horizon] = flows[horizon].plus(terminal);
  book(lines, 'terminal_value', horizon, terminal);
  return { flows, capex, refreshCapex: refresh, terminalValue: terminal, firstYearRevenue: revenue, firstYearEbitda: ebitda, firstYearHours: yearHours(starts, c) };
}

/** NPV, IRR and payback of a path's flows at the annual discount rate (monthly compounding). */
export function evaluatePath(p: PathFlows, discountRate: number): PathResult {
  const monthly = periodRate(discountRate, MONTHS_PER_YEAR);
  const npv = presentValueNumber(monthly, p.flows);
  // An IRR ranks investments and a payback measures how long an outlay takes to come back; flows
  // that start with income (a sunk fleet earning, then buying machines) have neither: the IRR would
  // be a borrowing rate, where higher is worse, and the payback a meaningless 0.
  const first = p.flows.find((f) => !f.isZero());
  const incomeFirst = first !== undefined && first.isPos();
  const monthlyIrr = incomeFirst ? 'n/a' : irr(p.flows, periodRate(0.1, MONTHS_PER_YEAR));
  return {
    ...p,
    npv,
    irr: isError(monthlyIrr) || monthlyIrr === 'n/a' ? monthlyIrr : annualRate(monthlyIrr, MONTHS_PER_YEAR),
    payback: incomeFirst ? 'n/a' : payback(p.flows, MONTHS_PER_YEAR),
  };
}

/** Calendar month starts far enough for the horizon, the first operating year and the first GPU contract. */
export function pathMonthStarts(a: PathInputs, horizon: number): Result<number[]> {
  return monthStartsFor(a.start_date, pathMonthSpan(a, horizon));
}

/** Months of calendar a path needs beyond its start: the horizon, the first operating year and the first GPU contract. */
export function pathMonthSpan(a: PathInputs, horizon: number): number {
  return Math.max(horizon, a.conversion_months + MONTHS_PER_YEAR, a.conversion_months + lifeMonths(a.gpu_life));
}

/** Calendar month starts for `span` months from start_date, #VALUE! past 9999-12-31. */
export function monthStartsFor(startDate: number, span: number): Result<number[]> {
  const starts = monthStarts(startDate, span);
  if (starts[span] - 1 > 2958465) return valueError(Messages.horizonTooLate(starts[span] - 1));
  return starts;
}

/** The three paths, evaluated over `years` years. */
export function comparePaths(a: PathInputs, years: number): Result<Record<PathName, PathResult>> {
  const horizon = years * MONTHS_PER_YEAR;
  const mine = mineFlows(a, horizon);
  if (isError(mine)) return mine;
  const starts = pathMonthStarts(a, horizon);
  if (isError(starts)) return starts;
  return {
    mine: evaluatePath(mine, a.discount_rate),
    lease: evaluatePath(leaseFlows(a, horizon, starts), a.discount_rate),
    cloud: evaluatePath(cloudFlows(a, horizon, starts), a.discount_rate),
  };
}

function metric(name: PathMetric, r: PathResult, siteMw: number): TableCell {
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
    case 'terminal_value':
      return r.terminalValue.toNumber();
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
