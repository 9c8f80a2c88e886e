/**
 * The levered model of the three paths (WATT.FINANCE, WATT.DEBTSCHEDULE): WATT.PATHS' monthly cash
 * flows of the mine, lease and cloud paths (src/core/paths.ts, unchanged: the unlevered model), a debt
 * facility sized on them, its schedule period by period, and what the equity earns.
 *
 * Timeline. Month index k as in WATT.PATHS: k = 0 is financial close (the start, where WATT.PATHS pays
 * the capex), flows at month ends, H = 12 x years. Completion c = conversion_months for the lease and
 * cloud paths (no revenue before), c = 0 for the mine path (no construction: a loan against the fleet
 * already running, as miner-backed loans are). Debt periods are L = 12 / periods_per_year months long
 * (periods_per_year divides 12); the tenor is N = debt_tenor x periods_per_year whole periods from
 * completion, and must end within the horizon (c + N L <= H). CFADS of debt period j is the sum of
 * the path's monthly flows in months (c + (j-1) L, c + j L]: operating cash after the refresh capex
 * (miners, GPUs) and the cloud prepayment's credit, the terminal value excluded (it is no operating cash;
 * the cloud's prepayment still owed at H, which WATT.PATHS deducts at H, stays in the last month's cash).
 *
 * Debt service per unit of debt (r = debt_rate / periods_per_year, nominal as coupons are quoted, the
 * same convention as WATT.DEBTSIZE; s_j the service of period j for a debt of 1 at completion):
 *   sculpted  s_j = max(CFADS_j, 0) / target_dscr / K, K = sum_j max(CFADS_j, 0) / target_dscr / (1 + r)^j
 *             (WATT.SCULPT on CFADS; a period of negative CFADS has no debt service, its interest is
 *             capitalised and the equity funds the shortfall)
 *   annuity   s_j = r / (1 - (1 + r)^-N)  (1 / N at r = 0)
 *   straight  s_j = 1 / N + r (1 - (j - 1) / N)   (equal principal)
 *   bullet    s_j = r, and 1 + r in period N
 * The DSCR capacity (debt by DSCR, at completion) is K for a sculpted loan, min_j CFADS_j / (target_dscr
 * s_j) over the periods with s_j > 0 for the others, floored at 0. Debt service is linear in the debt.
 *
 * Construction (months 0..c-1, interest at debt_rate / 12 a month, capitalised). The facility is
 * committed at close for the debt D; an upfront fee u D is paid at close; the capex (WATT.PATHS pays it
 * at close) is funded by debt and equity together at close (pro rata: the debt's share is drawn with the
 * equity's, never equity first); each month the interest on the drawn balance B_m and the commitment
 * fee f / 12 x (D - B_m) on the undrawn facility are capitalised (drawn), and at completion the debt
 * service reserve, delta D = the scheduled debt service of the first dsra_months, is drawn, so the balance
 * at completion is D. With k = 1 + rate / 12 - f / 12 and S = sum_{i<c} k^i:
 *   B_{m+1} = k B_m + (f / 12) D,  B_c = k^c B_0 + (f / 12) S D = (1 - delta) D
 *   => B_0 = lambda D, lambda = (1 - delta - (f / 12) S) / k^c          (the draw at close)
 * The uses are capex + u D + IDC + commitment fees + delta D = capex + (1 + u - lambda) D, so the
 * circularity "interest and fees funded by a debt sized on the total cost" is linear and solved in
 * CLOSED FORM (no iteration, no circular reference): debt by gearing
 *   D_g = gearing x capex / (1 - gearing x (1 + u - lambda))            (lease, cloud)
 *   D_g = gearing x value of the fleet (mineFleetCost)                  (mine: loan to value of its miners)
 * (#VALUE! when the denominator is not positive, or lambda < 0). debt_sizing: "gearing" D = D_g, "dscr"
 * D = K (the capacity), "lesser" D = min(D_g, K), the binding one named. A path whose capacity is 0 when
 * the DSCR sizes or sculpts the debt is "unfinanceable": never a number.
 *
 * Operation (periods j = 1..N at index c + j L): interest = B x r on the actual balance; scheduled
 * principal = D x p_j (p_j the per-unit plan's principal), capped at the balance; a negative planned
 * principal (sculpted, CFADS below interest) capitalises that much interest; in period N the balance
 * is repaid. The cash sweep prepays cash_sweep x (CFADS - debt service) when positive, up to the
 * balance (the loan then ends early: scheduled principal stays as planned). The DSRA (no interest
 * earned, not drawn in the model) is released to the equity when the balance reaches 0. DSCR = CFADS
 * / (interest paid + scheduled principal), the sweep excluded, in periods with debt service > 0.
 *
 * Equity flows (monthly: the equity receives each month's cash as WATT.PATHS has it and pays the debt
 * service on the payment date, so that with no debt they are WATT.PATHS' flows exactly and the debt's
 * effect is linear in the debt): WATT.PATHS' flows + draws at close - upfront fee - interest paid - principal
 * - sweep + DSRA release (capitalised interest and fees, and the DSRA draw, are debt paying the
 * project: no equity cash). Equity IRR (annual, (1 + monthly)^12 - 1), NPV at cost_of_equity (monthly
 * compounding, as WATT.PATHS discounts), payback, and multiple (distributions / contributions, each
 * debt period's equity flow netted as in WATT.DEBTSCHEDULE); "n/a"
 * where WATT.PATHS says it (flows starting with income: the mine's cash-out at close). The all-in cost
 * of debt is the annual IRR of the debt's flows seen by the equity (draws at close net of the upfront
 * fee, against interest, principal, sweep and the reserve's drag): with no sweep the equity flows are
 * WATT.PATHS' plus D times a fixed vector, so more gearing raises the equity IRR exactly when the
 * project IRR exceeds this cost (test/core/levered.test.ts states the conditions).
 *
 * Defaults and their public sources (P in src/core/params.ts):
 *   debt_sizing lesser       both constraints, as lenders size a project loan
 *   gearing 0.8              Galaxy's $1.4B Helios project facility (CoreWeave, 15-year lease): 80% loan
 *                            to cost, 36-month term, Deutsche Bank initial lender (Galaxy, 2025-08-15;
 *                            proximoinfra.com/news/72456); Hut 8's River Bend (Fluidstack, Google
 *                            backstop) up to 85% with JPMorgan and Goldman Sachs
 *   debt_rate 0.0775         TeraWulf's $3.2B 7.75% senior secured notes due 2030 (Cipher's $1.4B: 7.125%;
 *                            the Flash Compute notes: 8.0%)
 *   target_dscr 1.3          an assumption: the middle of the 1.20-1.40x lenders ask of contracted
 *                            infrastructure cash flows (set the term sheet's)
 *   debt_tenor 5 y           Cipher's, TeraWulf's and Flash Compute's notes, issued 2025, are due 2030
 *   periods_per_year 2       the notes' coupons are semiannual (Flash Compute: semiannual coupon)
 *   repayment sculpted       the project-finance norm (notes: choose "bullet" or "straight")
 *   cash_sweep 0             none by default; the Flash Compute notes offer 50% of excess cash flow (0.5)
 *   upfront_fee 0.02         an assumption: arrangement fees of 1-3% of a facility are customary
 *   commitment_fee 0.005     an assumption: 0.5% a year on the undrawn facility
 *   dsra_months 6            an assumption: six months of debt service, the usual reserve
 *   cost_of_equity           empty = discount_rate (no deal discloses one: set your hurdle)
 * Sums in decimal.js; numbers at the edge. Pure: bad input is a typed error, never a throw.
 */
import { Assumptions, readAssumptions } from './assumptions';
import {
  annualRate, Bounded, boundedDec, boundedQuotient, boundedSum, decimalToNumber, irr, nearestNumber, payback, periodRate, periodSumsBounded,
  presentValueBound, presentValueDec,
} from './cashflow';
import { D, Dec } from './decimal';
import { isError, Messages, numError, Result, valueError } from './errors';
import { P } from './params';
import {
  cloudFlows, evaluatePath, leaseFlows, mineFleetCost, mineFlows, PATH_NAMES, PATHS_CATALOG, PathFlows, PathInputs, PathName,
  pathMonthStarts, PathResult, readPathInputs,
} from './paths';
import type { TableCell } from './projection';

export const FINANCE_CATALOG = {
  debt_sizing: P.debt_sizing,
  gearing: P.gearing,
  debt_rate: P.finance_debt_rate,
  target_dscr: P.finance_target_dscr,
  debt_tenor: P.debt_tenor,
  periods_per_year: P.finance_periods_per_year,
  repayment: P.repayment,
  cash_sweep: P.cash_sweep,
  upfront_fee: P.upfront_fee,
  commitment_fee: P.commitment_fee,
  dsra_months: P.dsra_months,
  cost_of_equity: P.cost_of_equity,
} as const;

/** Text choices of the financing names, in the order of their codes (1, 2, ...). */
export const FINANCE_CHOICES = {
  debt_sizing: ['gearing', 'dscr', 'lesser'],
  repayment: ['sculpted', 'annuity', 'straight', 'bullet'],
} as const;
export type Sizing = (typeof FINANCE_CHOICES.debt_sizing)[number];
export type Repayment = (typeof FINANCE_CHOICES.repayment)[number];

export interface FinanceInputs {
  sizing: Sizing;
  gearing: number;
  rate: number;
  dscr: number;
  tenor: number;
  periodsPerYear: number;
  repayment: Repayment;
  sweep: number;
  upfrontFee: number;
  commitmentFee: number;
  dsraMonths: number;
  costOfEquity: number;
}

/** The rows of WATT.FINANCE, in order (the header is metric, mine, lease, cloud, as WATT.PATHS). */
export const FINANCE_METRICS = [
  'capex', 'total_cost', 'debt', 'binding', 'debt_by_gearing', 'debt_by_dscr', 'equity', 'prepayment', 'idc', 'fees', 'dsra',
  'min_dscr', 'avg_dscr', 'llcr', 'all_in_cost_of_debt', 'equity_irr', 'equity_npv', 'equity_multiple', 'equity_payback_years',
  'debt_to_ebitda', 'project_irr', 'project_npv',
] as const;
export type FinanceMetric = (typeof FINANCE_METRICS)[number];

/** The columns of WATT.DEBTSCHEDULE, in order. */
export const SCHEDULE_COLUMNS = [
  'period', 'date', 'opening', 'draws', 'capitalized_interest', 'interest_paid', 'scheduled_principal', 'sweep', 'closing',
  'project_flow', 'cfads', 'fees', 'dsra_flow', 'debt_service', 'dscr', 'equity_flow',
] as const;

/** The schedule's flow columns: the total row sums them. */
export const SCHEDULE_FLOWS = [
  'draws', 'capitalized_interest', 'interest_paid', 'scheduled_principal', 'sweep', 'project_flow', 'cfads', 'fees', 'dsra_flow', 'debt_service', 'equity_flow',
] as const;
type FlowColumn = (typeof SCHEDULE_FLOWS)[number];

const MONTHS_PER_YEAR = 12;
const ZERO = D(0);
/** A balance within this fraction of the debt is decimal rounding of a zero balance. */
const BALANCE_ROUNDING = 1e-20;

const isChoice = (name: string): name is keyof typeof FINANCE_CHOICES => Object.prototype.hasOwnProperty.call(FINANCE_CHOICES, name);

/** A choice's text (any case) to its code; a number goes on to its spec; other text is #VALUE! listing the choices. */
function choiceCode(name: keyof typeof FINANCE_CHOICES, value: unknown): Result<unknown> {
  if (typeof value !== 'string' || value.trim() === '') return value;
  const options: readonly string[] = FINANCE_CHOICES[name];
  const i = options.indexOf(value.trim().toLowerCase());
  if (i < 0) return valueError(Messages.unknownChoice(name, value, options.map((o, k) => `"${o}" (or ${k + 1})`).join(', ')));
  return i + 1;
}

/** Reads WATT.PATHS' names and the financing names from one two-column range. */
export function readFinanceInputs(range: unknown[][]): Result<{ paths: PathInputs; finance: FinanceInputs }> {
  const columns = range.length === 0 ? 0 : Math.max(...range.map((row) => row.length));
  if (columns !== 2) return valueError(Messages.assumptionsShape('assumptions', columns));
  // Two ranges as long as the given one, each with the other's rows blank (ignored), so a message's
  // row number is the row of the range the user sees.
  const blank = ['', ''];
  const pathRows: unknown[][] = [];
  const financeRows: unknown[][] = [];
  const known = [...Object.keys(PATHS_CATALOG), ...Object.keys(FINANCE_CATALOG)];
  for (const row of range) {
    const [name, value] = row;
    const key = typeof name === 'string' ? name.trim().toLowerCase() : '';
    if (Object.prototype.hasOwnProperty.call(FINANCE_CATALOG, key)) {
      const v = isChoice(key) ? choiceCode(key, value) : value;
      if (isError(v)) return v;
      financeRows.push([name, v]);
      pathRows.push(blank);
    } else {
      if (typeof name === 'string' && key !== '' && !Object.prototype.hasOwnProperty.call(PATHS_CATALOG, key)) {
        return valueError(Messages.unknownAssumption('assumptions', name.trim(), known.join(', ')));
      }
      pathRows.push(row);
      financeRows.push(blank);
    }
  }
  const f = readAssumptions(financeRows, FINANCE_CATALOG, { optional: ['cost_of_equity'] });
  if (isError(f)) return f;
  const paths = readPathInputs(pathRows);
  if (isError(paths)) return paths;
  return { paths, finance: financeInputs(f, paths) };
}

function financeInputs(f: Assumptions, a: PathInputs): FinanceInputs {
  return {
    sizing: FINANCE_CHOICES.debt_sizing[f.debt_sizing - 1],
    gearing: f.gearing,
    rate: f.debt_rate,
    dscr: f.target_dscr,
    tenor: f.debt_tenor,
    periodsPerYear: f.periods_per_year,
    repayment: FINANCE_CHOICES.repayment[f.repayment - 1],
    sweep: f.cash_sweep,
    upfrontFee: f.upfront_fee,
    commitmentFee: f.commitment_fee,
    dsraMonths: f.dsra_months,
    costOfEquity: f.cost_of_equity ?? a.discount_rate,
  };
}

/** Checks of the financing terms against each other and the horizon (the same for every path but c). */
function checkTerms(f: FinanceInputs): Result<{ L: number; N: number }> {
  if (MONTHS_PER_YEAR % f.periodsPerYear !== 0) return valueError(Messages.periodsNotDividing('periods_per_year', f.periodsPerYear));
  const n = f.tenor * f.periodsPerYear;
  const N = Math.round(n);
  if (Math.abs(n - N) > 1e-9 || N < 1) return valueError(Messages.tenorNotWholePeriods(f.tenor, f.periodsPerYear));
  return { L: MONTHS_PER_YEAR / f.periodsPerYear, N };
}

/** The per-unit plan: debt service and principal of each period for a debt of 1 at completion, and the DSCR capacity. */
interface Plan {
  service: Dec[];
  principal: Dec[];
  /** Debt by DSCR at completion (>= 0). */
  capacity: Dec;
}

function unitPlan(cfads: readonly Dec[], f: FinanceInputs, r: Dec): Plan {
  const N = cfads.length;
  let service: Dec[];
  let capacity: Dec;
  const one = D(1);
  if (f.repayment === 'sculpted') {
    // (Multiplications by inverses: a decimal division costs several multiplications.)
    const perDscr = one.div(f.dscr);
    const pos = cfads.map((c) => (c.gt(0) ? c.times(perDscr) : ZERO));
    capacity = presentValueDec(r, [ZERO, ...pos]);
    const perCapacity = capacity.isZero() ? ZERO : one.div(capacity);
    service = pos.map((p) => p.times(perCapacity));
  } else {
    if (f.repayment === 'annuity') {
      // Below 1e-12 a period, the first-order series (exact to ~1e-24): (1 + r)^-N rounds to 1 in 34 digits.
      const s = r.lt(1e-12) ? one.div(N).plus(r.times(N + 1).div(2 * N)) : r.div(one.minus(one.plus(r).pow(-N)));
      service = cfads.map(() => s);
    } else if (f.repayment === 'straight') {
      service = cfads.map((_, j) => one.div(N).plus(r.times(one.minus(D(j).div(N)))));
    } else {
      service = cfads.map((_, j) => (j === N - 1 ? one.plus(r) : r));
    }
    let min: Dec | undefined;
    for (let j = 0; j < N; j++) {
      if (!service[j].gt(0)) continue;
      const k = cfads[j].div(service[j].times(f.dscr));
      if (min === undefined || k.lt(min)) min = k;
    }
    capacity = min === undefined || min.lt(0) ? ZERO : min;
  }
  const principal: Dec[] = [];
  let b = one;
  for (let j = 0; j < N; j++) {
    const p = service[j].minus(b.times(r));
    principal.push(p);
    b = b.minus(p);
  }
  return { service, principal, capacity };
}

/** One period of the schedule (WATT.DEBTSCHEDULE's row), amounts in USD. */
export interface ScheduleRow {
  period: number;
  /** Excel serial of the period's last day (financial close: the start date). */
  date: number;
  opening: Dec;
  closing: Dec;
  flows: Record<FlowColumn, Dec>;
  /** CFADS / debt service; undefined without debt service. */
  dscr: Dec | undefined;
}

export interface LeveredPath {
  path: PathName;
  unlevered: PathResult;
  /** Months of construction before the debt's first period (0 for the mine). */
  construction: number;
  capex: Dec;
  prepayment: Dec;
  debtByGearing: Dec;
  debtByDscr: Dec;
  /** The debt at completion (the facility, fully drawn); 0 when unfinanceable. */
  debt: Dec;
  binding: 'gearing' | 'dscr';
  unfinanceable: boolean;
  idc: Dec;
  fees: Dec;
  dsra: Dec;
  totalCost: Dec;
  /** Equity contributed at close (negative: cash released to the equity). */
  equity: Dec;
  /** Monthly equity flows, index 0..H. */
  equityFlows: Dec[];
  /** Monthly flows of the debt seen by the equity (equity - unlevered), index 0..H. */
  debtFlows: Dec[];
  /** CFADS of each debt period of the tenor. */
  cfads: Dec[];
  /** Debt service (interest paid + scheduled principal) of each debt period of the tenor. */
  service: Dec[];
  /** Month index of each period's end (0: close), as WATT.DEBTSCHEDULE's rows. */
  ends: number[];
  /** WATT.PATHS' discount rate (the unlevered npv's). */
  discountRate: number;
  rows: () => ScheduleRow[];
}

/** Sparse monthly amounts of the debt's columns, by month index. */
type Events = Record<FlowColumn, Map<number, Dec>>;

function add(map: Map<number, Dec>, k: number, v: Dec): void {
  if (v.isZero()) return;
  const old = map.get(k);
  map.set(k, old === undefined ? v : old.plus(v));
}

/**
 * a + b and a - b as decimal.js gives them, without the call when b is 0 (decimal.js then returns a
 * copy of a, every value here already within its 34 digits) or a is 0 for a sum (a copy of b).
 */
const plus = (a: Dec, b: Dec): Dec => (b.isZero() ? a : a.isZero() ? b : a.plus(b));
const minus = (a: Dec, b: Dec): Dec => (b.isZero() && !a.isZero() ? a : a.minus(b));

/** Finances one path; `c` its construction months, `basis` what the gearing applies to (capex, or the fleet's value for the mine). */
function financePath(
  path: PathName, pf: PathFlows, unlevered: PathResult, c: number, basis: Dec, f: FinanceInputs, terms: { L: number; N: number },
  horizon: number, years: number, starts: readonly number[], discountRate: number,
): Result<LeveredPath> {
  const { L, N } = terms;
  if (c + N * L > horizon) return valueError(Messages.tenorAfterHorizon(path, c, f.tenor, years));
  const r = D(f.rate).div(f.periodsPerYear);
  // Monthly operating cash: WATT.PATHS' flows after close, less the terminal value at H.
  const ops = pf.flows.map((v, k) => (k === 0 ? ZERO : k === horizon ? v.minus(pf.terminalValue) : v));
  const cfadsPeriods: Dec[] = [];
  for (let j = 1; j <= N; j++) {
    let s = ZERO;
    for (let k = c + (j - 1) * L + 1; k <= c + j * L; k++) s = plus(s, ops[k]);
    cfadsPeriods.push(s);
  }
  const plan = unitPlan(cfadsPeriods, f, r);
  // The reserve per unit of debt: the scheduled debt service of the first dsra_months.
  let delta = ZERO;
  for (let j = 0; j < N; j++) {
    const w = Math.min(1, Math.max(0, (f.dsraMonths - j * L) / L));
    if (w === 0) break;
    delta = delta.plus(plan.service[j].times(w));
  }
  const rm = D(f.rate).div(MONTHS_PER_YEAR);
  const fm = D(f.commitmentFee).div(MONTHS_PER_YEAR);
  const k = D(1).plus(rm).minus(fm);
  let S = ZERO;
  let kc = D(1);
  for (let i = 0; i < c; i++) {
    S = S.plus(kc);
    kc = kc.times(k);
  }
  const lambda = D(1).minus(delta).minus(fm.times(S)).div(kc);
  if (lambda.lt(0)) return valueError(Messages.reserveExceedsFacility(path));
  const capex = pf.capex;
  const prepayment = pf.flows[0].plus(capex);
  let debtByGearing: Dec;
  if (path === 'mine') debtByGearing = basis.times(f.gearing);
  else {
    const denominator = D(1).minus(D(f.gearing).times(D(1).plus(f.upfrontFee).minus(lambda)));
    if (!denominator.gt(0)) return valueError(Messages.financingCostsTooHigh(path));
    debtByGearing = basis.times(f.gearing).div(denominator);
  }
  const debtByDscr = plan.capacity;
  let debt: Dec;
  let binding: 'gearing' | 'dscr';
  let unfinanceable = false;
  if (f.sizing === 'gearing') {
    debt = debtByGearing;
    binding = 'gearing';
    if (f.repayment === 'sculpted' && debtByDscr.isZero() && debt.gt(0)) unfinanceable = true;
  } else if (f.sizing === 'dscr') {
    debt = debtByDscr;
    binding = 'dscr';
    if (debtByDscr.isZero()) unfinanceable = true;
  } else if (debtByGearing.isZero()) {
    debt = ZERO;
    binding = 'gearing';
  } else {
    binding = debtByGearing.lte(debtByDscr) ? 'gearing' : 'dscr';
    debt = D.min(debtByGearing, debtByDscr);
    if (debtByDscr.isZero()) unfinanceable = true;
  }
  if (unfinanceable) debt = ZERO;

  // The schedule, month by month for construction, period by period after.
  const ev: Events = Object.fromEntries(SCHEDULE_FLOWS.map((name) => [name, new Map<number, Dec>()])) as Events;
  const balanceAt = new Map<number, Dec>(); // closing balance at month index
  const upfront = debt.times(f.upfrontFee);
  const draw0 = lambda.times(debt);
  add(ev.draws, 0, draw0);
  add(ev.fees, 0, upfront);
  let B = draw0;
  balanceAt.set(0, B);
  let idc = ZERO;
  let commitment = ZERO;
  for (let m = 0; m < c; m++) {
    const interest = B.times(rm);
    const fee = debt.minus(B).times(fm);
    add(ev.capitalized_interest, m + 1, interest);
    add(ev.draws, m + 1, fee);
    add(ev.fees, m + 1, fee);
    idc = idc.plus(interest);
    commitment = commitment.plus(fee);
    B = B.plus(interest).plus(fee);
    balanceAt.set(m + 1, B);
  }
  const dsra = delta.times(debt);
  add(ev.draws, c, dsra);
  add(ev.dsra_flow, c, dsra);
  B = B.plus(dsra);
  balanceAt.set(c, B);
  const service: Dec[] = [];
  let released = dsra.isZero();
  const zeroBalance = debt.times(BALANCE_ROUNDING); // >= 0
  const negativeZeroBalance = zeroBalance.neg();
  for (let j = 1; j <= N; j++) {
    const e = c + j * L;
    const interest = B.times(r);
    const planned = debt.times(plan.principal[j - 1]);
    let cap = ZERO;
    let principal = ZERO;
    if (plan.service[j - 1].isZero()) cap = interest; // no debt service planned: the interest is capitalised
    else if (planned.lt(0)) cap = D.min(interest, planned.neg());
    else principal = j === N ? B : D.min(planned, B);
    const paid = minus(interest, cap);
    const ds = plus(paid, principal);
    let after = minus(plus(B, cap), principal);
    let sweep = ZERO;
    if (f.sweep > 0) {
      const excess = cfadsPeriods[j - 1].minus(ds);
      if (excess.gt(0) && after.gt(0)) {
        sweep = D.min(excess.times(f.sweep), after);
        after = after.minus(sweep);
      }
    }
    // The plan ends at 0 in exact arithmetic; 34-digit decimals leave ~1e-30 of the debt: that is 0.
    if (after.lte(zeroBalance) && after.gte(negativeZeroBalance)) after = ZERO; // |after| <= zeroBalance
    add(ev.capitalized_interest, e, cap);
    add(ev.interest_paid, e, paid);
    add(ev.scheduled_principal, e, principal);
    add(ev.sweep, e, sweep);
    add(ev.debt_service, e, ds);
    service.push(ds);
    B = after;
    if (!released && !B.gt(0)) {
      add(ev.dsra_flow, e, dsra.neg());
      released = true;
    }
    balanceAt.set(e, B);
  }
  // Equity: unlevered flows + draws - fees - reserve - debt service - sweep (all other debt items are non-cash).
  const equityFlows = pf.flows.slice();
  const debtFlows = pf.flows.map(() => ZERO);
  const apply = (map: Map<number, Dec>, sign: 1 | -1) => {
    for (const [i, v] of map) {
      const x = sign === 1 ? v : v.neg();
      equityFlows[i] = plus(equityFlows[i], x);
      debtFlows[i] = plus(debtFlows[i], x);
    }
  };
  apply(ev.draws, 1);
  apply(ev.fees, -1);
  apply(ev.dsra_flow, -1);
  apply(ev.debt_service, -1);
  apply(ev.sweep, -1);

  const rows = (): ScheduleRow[] => scheduleRows(pf, ops, ev, balanceAt, equityFlows, c, L, N, horizon, starts);
  return {
    path, unlevered, construction: c, capex, prepayment, debtByGearing, debtByDscr, debt, binding, unfinanceable,
    idc, fees: upfront.plus(commitment), dsra, totalCost: capex.plus(upfront).plus(commitment).plus(idc).plus(dsra),
    equity: equityFlows[0].neg(), equityFlows, debtFlows, cfads: cfadsPeriods, service, rows,
    ends: periodEnds(c, L, horizon), discountRate,
  };
}

/** Period ends: 0 (close), every L months to completion c (the last possibly shorter), every L to H (the last possibly shorter). */
function periodEnds(c: number, L: number, horizon: number): number[] {
  const ends = [0];
  for (let e = L; e < c; e += L) ends.push(e);
  if (c > 0) ends.push(c);
  for (let e = c + L; e < horizon; e += L) ends.push(e);
  if (ends[ends.length - 1] < horizon) ends.push(horizon);
  return ends;
}

function scheduleRows(
  pf: PathFlows, ops: readonly Dec[], ev: Events, balanceAt: Map<number, Dec>, equityFlows: readonly Dec[], c: number, L: number, N: number,
  horizon: number, starts: readonly number[],
): ScheduleRow[] {
  const ends = periodEnds(c, L, horizon);
  // Row of each month index: index 0 is row 0 (close), index k > 0 the row whose period (a, b] holds it.
  const rowOf = new Int32Array(horizon + 1);
  for (let p = 1, k = 1; p < ends.length; p++) for (; k <= ends[p]; k++) rowOf[k] = p;
  const buckets = ends.map(() => Object.fromEntries(SCHEDULE_FLOWS.map((name) => [name, ZERO])) as Record<FlowColumn, Dec>);
  for (const name of SCHEDULE_FLOWS) {
    if (name === 'project_flow' || name === 'cfads' || name === 'equity_flow') {
      const values = name === 'project_flow' ? pf.flows : name === 'cfads' ? ops : equityFlows;
      for (let k = 0; k <= horizon; k++) if (!values[k].isZero()) buckets[rowOf[k]][name] = buckets[rowOf[k]][name].plus(values[k]);
    } else {
      for (const [k, v] of ev[name]) buckets[rowOf[k]][name] = buckets[rowOf[k]][name].plus(v);
    }
  }
  const rows: ScheduleRow[] = [];
  let balance = ZERO;
  for (let p = 0; p < ends.length; p++) {
    const e = ends[p];
    const flows = buckets[p];
    const opening = balance;
    const closing = balanceAt.get(e) ?? (e > c + N * L ? ZERO : opening);
    balance = closing;
    const inTenor = e > c && e <= c + N * L;
    rows.push({
      period: p,
      date: e === 0 ? starts[0] : starts[e] - 1,
      opening,
      closing,
      flows,
      dscr: inTenor && flows.debt_service.gt(0) ? flows.cfads.div(flows.debt_service) : undefined,
    });
  }
  return rows;
}

export interface Levered {
  paths: PathInputs;
  finance: FinanceInputs;
  years: number;
  results: Record<PathName, LeveredPath>;
}

/** WATT.PATHS' three paths, each financed on the same terms. */
export function financePaths(range: unknown[][], years: number): Result<Levered> {
  const inputs = readFinanceInputs(range);
  if (isError(inputs)) return inputs;
  const { paths: a, finance: f } = inputs;
  const terms = checkTerms(f);
  if (isError(terms)) return terms;
  const horizon = years * MONTHS_PER_YEAR;
  const mine = mineFlows(a, horizon);
  if (isError(mine)) return mine;
  const starts = pathMonthStarts(a, horizon);
  if (isError(starts)) return starts;
  const flows: Record<PathName, PathFlows> = { mine, lease: leaseFlows(a, horizon, starts), cloud: cloudFlows(a, horizon, starts) };
  const results = {} as Record<PathName, LeveredPath>;
  for (const name of PATH_NAMES) {
    const pf = flows[name];
    const c = name === 'mine' ? 0 : a.conversion_months;
    const basis = name === 'mine' ? mineFleetCost(a) : pf.capex;
    const r = financePath(name, pf, evaluatePath(pf, a.discount_rate), c, basis, f, terms, horizon, years, starts, a.discount_rate);
    if (isError(r)) return r;
    results[name] = r;
  }
  return { paths: a, finance: f, years, results };
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Sum of v_k / (1 + rate)^k over the nonzero v_k only (Horner over the gaps between them). */
function sparsePresentValue(rate: number, values: readonly Dec[]): Dec {
  const x = D(1).div(D(rate).plus(1));
  const powers = new Map<number, Dec>();
  const power = (n: number) => {
    let v = powers.get(n);
    if (v === undefined) powers.set(n, (v = x.pow(n)));
    return v;
  };
  let acc = ZERO;
  let next = -1;
  for (let k = values.length - 1; k >= 0; k--) {
    if (values[k].isZero()) continue;
    acc = next < 0 ? values[k] : acc.times(power(next - k)).plus(values[k]);
    next = k;
  }
  return next <= 0 ? acc : acc.times(power(next));
}

/** Monthly values summed by period: (0 at close), then (ends[p-1], ends[p]]. */
function periodSums(values: readonly Dec[], ends: readonly number[]): Dec[] {
  const out = [values[0]];
  for (let p = 1; p < ends.length; p++) {
    let s = ZERO;
    for (let k = ends[p - 1] + 1; k <= ends[p]; k++) s = plus(s, values[k]);
    out.push(s);
  }
  return out;
}

const NA = 'n/a';
const UNFINANCEABLE = 'unfinanceable';

/** Annual IRR of monthly flows, "n/a" when they start with income or carry nothing (as WATT.PATHS). */
function annualIrr(flows: readonly Dec[]): TableCell {
  const first = flows.find((v) => !v.isZero());
  if (first === undefined || first.gt(0)) return NA;
  const m = irr(flows, periodRate(0.1, MONTHS_PER_YEAR));
  return isError(m) ? m : annualRate(m, MONTHS_PER_YEAR);
}

function leveredMetric(name: FinanceMetric, p: LeveredPath, f: FinanceInputs): TableCell {
  const noDebt = p.debt.isZero();
  const unlevered = ['capex', 'debt_by_gearing', 'debt_by_dscr', 'project_irr', 'project_npv', 'prepayment'];
  if (p.unfinanceable && !unlevered.includes(name)) return UNFINANCEABLE;
  switch (name) {
    case 'capex':
      return p.capex.toNumber();
    case 'total_cost':
      return p.totalCost.toNumber();
    case 'debt':
      return p.debt.toNumber();
    case 'binding':
      return p.binding;
    case 'debt_by_gearing':
      return p.debtByGearing.toNumber();
    case 'debt_by_dscr':
      return p.debtByDscr.toNumber();
    case 'equity':
      return p.equity.toNumber();
    case 'prepayment':
      return p.prepayment.toNumber();
    case 'idc':
      return p.idc.toNumber();
    case 'fees':
      return p.fees.toNumber();
    case 'dsra':
      return p.dsra.toNumber();
    case 'min_dscr':
    case 'avg_dscr': {
      const ds = dscrs(p);
      if (ds.length === 0) return NA;
      if (name === 'min_dscr') return Math.min(...ds);
      return ds.reduce((s, x) => s.plus(x), ZERO).div(ds.length).toNumber();
    }
    case 'llcr': {
      if (noDebt) return NA;
      // decimal.js's number, taken in double-double when its bound allows (src/core/cashflow.ts)
      const r = D(f.rate).div(f.periodsPerYear);
      const values = [ZERO, ...p.cfads];
      return nearestNumber(boundedQuotient(presentValueBound(r, values), boundedDec(p.debt))) ?? presentValueDec(r, values).div(p.debt).toNumber();
    }
    case 'all_in_cost_of_debt': {
      if (noDebt) return NA;
      // The debt's flows fall at close and on payment dates only: its IRR on that coarser grid of
      // `step` months (the same root: the flows between are 0), converted to a year.
      const step = gcd(p.construction, MONTHS_PER_YEAR / f.periodsPerYear);
      const coarse = p.debtFlows.every((v, k) => k % step === 0 || v.isZero());
      const flows = coarse ? p.debtFlows.filter((_, k) => k % step === 0) : p.debtFlows;
      const per = coarse ? MONTHS_PER_YEAR / step : MONTHS_PER_YEAR;
      const m = irr(flows.map((v) => v.neg()), periodRate(0.1, per));
      return isError(m) ? m : annualRate(m, per);
    }
    case 'equity_irr':
      return annualIrr(p.equityFlows);
    case 'equity_npv': {
      // WATT.PATHS' flows at cost_of_equity (its own npv when cost_of_equity is its discount_rate) plus
      // the debt's flows, which fall on few months: a sparse present value.
      const rate = periodRate(f.costOfEquity, MONTHS_PER_YEAR);
      const same = f.costOfEquity === p.discountRate;
      // decimal.js's number, taken in double-double when its bound allows (src/core/cashflow.ts)
      const fast = boundedSum(same ? boundedDec(D(p.unlevered.npv)) : presentValueBound(rate, p.unlevered.flows), presentValueBound(rate, p.debtFlows));
      const n = nearestNumber(fast);
      if (n !== undefined) return n;
      const project = same ? D(p.unlevered.npv) : presentValueDec(rate, p.unlevered.flows);
      return project.plus(sparsePresentValue(rate, p.debtFlows)).toNumber();
    }
    case 'equity_multiple': {
      // By debt period (the schedule's equity_flow): a period's cash net of its debt service, so the
      // debt service paid on a payment date out of the months before it is not counted as a contribution.
      // decimal.js's number, taken in double-double when its bounds allow (src/core/cashflow.ts)
      const bounded = periodSumsBounded(p.equityFlows, p.ends);
      if (bounded) {
        let fastIn: Bounded | undefined = [0, 0, 0];
        let fastOut: Bounded | undefined = [0, 0, 0];
        let anyOut = false;
        for (const b of bounded) {
          if (b[0] > 0) fastIn = boundedSum(fastIn, b);
          else if (b[0] < 0) {
            anyOut = true;
            fastOut = boundedSum(fastOut, [-b[0], -b[1], b[2]]);
          }
        }
        if (!anyOut) return NA;
        const fast = nearestNumber(boundedQuotient(fastIn, fastOut));
        if (fast !== undefined) return fast;
      }
      const sums = periodSums(p.equityFlows, p.ends);
      let inflow = ZERO;
      let outflow = ZERO;
      for (const v of sums) {
        if (v.gt(0)) inflow = inflow.plus(v);
        else outflow = outflow.minus(v);
      }
      return outflow.isZero() ? NA : inflow.div(outflow).toNumber();
    }
    case 'equity_payback_years': {
      const first = p.equityFlows.find((v) => !v.isZero());
      if (first === undefined || first.gt(0)) return NA;
      return payback(p.equityFlows, MONTHS_PER_YEAR);
    }
    case 'debt_to_ebitda':
      if (!p.unlevered.firstYearEbitda.gt(0)) return NA;
      return p.debt.div(p.unlevered.firstYearEbitda).toNumber();
    case 'project_irr':
      return p.unlevered.irr;
    case 'project_npv':
      return p.unlevered.npv;
  }
}

/** The DSCR of each debt period with debt service > 0 (CFADS / (interest paid + scheduled principal)). */
export function dscrs(p: LeveredPath): number[] {
  let out = dscrCache.get(p);
  if (out === undefined) {
    out = [];
    for (let j = 0; j < p.service.length; j++) if (p.service[j].gt(0)) out.push(decimalToNumber(p.cfads[j]) / decimalToNumber(p.service[j]));
    dscrCache.set(p, out);
  }
  return out.slice();
}

/** min_dscr and avg_dscr read the same list: computed once a path. */
const dscrCache = new WeakMap<LeveredPath, number[]>();

/** WATT.FINANCE's table: header (metric, mine, lease, cloud), then one row per metric of FINANCE_METRICS. */
export function financeTable(range: unknown[][], years: number): Result<TableCell[][]> {
  const levered = financePaths(range, years);
  if (isError(levered)) return levered;
  return financeTableOf(levered);
}

/** The table of paths already financed. */
export function financeTableOf(levered: Levered): TableCell[][] {
  return [
    ['metric', ...PATH_NAMES],
    ...FINANCE_METRICS.map((name) => [name, ...PATH_NAMES.map((p) => leveredMetric(name, levered.results[p], levered.finance))]),
  ];
}

/** WATT.DEBTSCHEDULE's table: header, one row per period (0 = financial close), then the total row. */
export function debtScheduleTable(range: unknown[][], path: string, years: number): Result<TableCell[][]> {
  const key = path.trim().toLowerCase();
  if (!(PATH_NAMES as readonly string[]).includes(key)) return valueError(Messages.unknownChoice('path', path, '"mine", "lease" or "cloud"'));
  const levered = financePaths(range, years);
  if (isError(levered)) return levered;
  const p = levered.results[key as PathName];
  if (p.unfinanceable) return numError(Messages.unfinanceable(p.path, levered.finance.dscr));
  const rows = p.rows();
  const totals = Object.fromEntries(SCHEDULE_FLOWS.map((name) => [name, ZERO])) as Record<FlowColumn, Dec>;
  const body: TableCell[][] = rows.map((row) => {
    for (const name of SCHEDULE_FLOWS) totals[name] = totals[name].plus(row.flows[name]);
    return SCHEDULE_COLUMNS.map((col): TableCell => {
      if (col === 'period') return row.period;
      if (col === 'date') return row.date;
      if (col === 'opening') return row.opening.toNumber();
      if (col === 'closing') return row.closing.toNumber();
      if (col === 'dscr') return row.dscr === undefined ? NA : row.dscr.toNumber();
      return row.flows[col].toNumber();
    });
  });
  const total: TableCell[] = SCHEDULE_COLUMNS.map((col): TableCell => {
    if (col === 'period') return 'total';
    if ((SCHEDULE_FLOWS as readonly string[]).includes(col)) return totals[col as FlowColumn].toNumber();
    return null;
  });
  return [[...SCHEDULE_COLUMNS], ...body, total];
}

