/**
 * Lease economics of a converted site: the rent a contract implies, lease revenue per MWh, the present
 * value of a lease's net operating income, and the value a powered shell creates.
 *
 * Units: capacity in MW of critical IT (the tenant's IT load; site power = IT x PUE); rent in USD per kW
 * of critical IT per month (the market's quoting unit); rates annual as decimals (0.08 = 8%); money USD.
 *
 * Contract values in announcements (hpc-deals.csv) are the nominal sum of all rents over the term, so
 *   implied rent = contract_value / term / (capacity x 1000 kW/MW) / 12     USD per kW per month,
 * the average over the term (an escalating lease starts below it and ends above it).
 */
import { D, Dec } from './decimal';
import { finite, Result } from './errors';

export const MONTHS_PER_YEAR = 12;
/** Hours in a 365-day year: the convention for annual energy at full load (8,760 h). */
export const HOURS_PER_YEAR = 8760;
const KW_PER_MW = 1000;

/** Average rent over the term, USD per kW per month: value / term / (MW x 1000) / 12. */
export function impliedRent(contractValue: number, termYears: number, capacityMw: number): Result<number> {
  return finite(contractValue / termYears / (capacityMw * KW_PER_MW) / MONTHS_PER_YEAR, 'implied rent');
}

/**
 * Lease revenue per MWh of site power at full contracted load. A kW of IT rented for a year earns
 * rent x 12 USD and the site draws pue kW for 8,760 h, i.e. 8.76 x pue MWh:
 *   rent x 12 x 1000 / (8760 x pue)   USD per MWh.
 */
export function leaseRevenuePerMwh(rent: number, pue: number): Result<number> {
  return finite((rent * MONTHS_PER_YEAR * KW_PER_MW) / (HOURS_PER_YEAR * pue), 'lease revenue per MWh');
}

/**
 * Effective monthly rate equivalent to an annual rate: (1 + annual)^(1/12) - 1, computed as
 * expm1(log1p(annual) / 12) so small rates keep their digits. Annual rate > -1.
 */
export function monthlyRate(annualRate: number): number {
  return Math.expm1(Math.log1p(annualRate) / MONTHS_PER_YEAR);
}

/**
 * The term in months, exact in decimal (10.1 years is 121.2 months, not 121.19999999999999). A term
 * within 1e-9 month of a whole number of months is that number, so =7/12 year is 7 months, not 7 months
 * and a 4e-16 stub.
 */
export function termMonths(termYears: number): Dec {
  const months = D(termYears).times(MONTHS_PER_YEAR);
  const whole = months.toDecimalPlaces(0);
  return months.minus(whole).abs().lt(1e-9) ? whole : months;
}

/** One cash flow of a lease. */
export interface LeaseFlow {
  /** Months from signing: 0 for the prepayment at signing, 1, 2, ... at each month's end, 12 x term for a final stub. */
  month: number;
  /** Contract year the flow belongs to, 1 for months 1-12 (0 for the signing row). */
  year: number;
  /** Gross rent of the month (USD): rent x capacity x 1000 x (1 + escalator)^(year - 1) x fraction of the month. */
  grossRent: Dec;
  /** Net operating income received at `month` (USD, cash basis): see leaseMonthlyNoi. */
  noi: Dec;
}

/**
 * The lease's cash NOI, month by month (row 0 is signing). Definitions:
 *   M        = 12 x term months (termMonths: exact in decimal, 10.1 years is 121.2 months)
 *   month m  = 1 .. ceil(M); each month's rent is paid in arrears at its end; a fractional last month
 *              (stub) pays the pro rata fraction M - floor(M) of its rent at the lease end, month M
 *   R_m      = rent x capacity x 1000 x (1 + escalator)^(y_m - 1) x f_m, with contract year
 *              y_m = ceil(m / 12) (rent steps up at each anniversary) and f_m = 1 or the stub fraction
 *   G        = sum of R_m, the nominal gross contract value
 *   prepayment p (fraction of G) is cash p x G at signing (row 0) and is credited pro rata: each month
 *   the tenant pays (1 - p) x R_m in cash. Operating costs are (1 - noi_margin) x R_m each month
 *   whatever the prepayment, so
 *   NOI_0    = p x G,   NOI_m = (1 - p) x R_m - (1 - noi_margin) x R_m = (noi_margin - p) x R_m.
 * The undiscounted total is noi_margin x G for every p (prepayment moves cash earlier, not more of it).
 */
export function leaseMonthlyNoi(
  capacityMw: number,
  rent: number,
  termYears: number,
  escalator: number,
  noiMargin: number,
  prepayment: number,
): LeaseFlow[] {
  const totalMonths = termMonths(termYears);
  const wholeMonths = totalMonths.floor().toNumber();
  const stub = totalMonths.minus(wholeMonths);
  const baseRent = D(rent).times(capacityMw).times(KW_PER_MW);
  const step = D(escalator).plus(1);
  const netShare = D(noiMargin).minus(prepayment);

  const flows: LeaseFlow[] = [{ month: 0, year: 0, grossRent: D(0), noi: D(0) }];
  let yearRent = baseRent;
  let gross = D(0);
  const lastMonth = stub.isZero() ? wholeMonths : wholeMonths + 1;
  for (let m = 1; m <= lastMonth; m++) {
    const year = Math.ceil(m / MONTHS_PER_YEAR);
    if (m > 1 && (m - 1) % MONTHS_PER_YEAR === 0) yearRent = yearRent.times(step);
    const isStub = m > wholeMonths;
    const monthRent = isStub ? yearRent.times(stub) : yearRent;
    gross = gross.plus(monthRent);
    flows.push({ month: isStub ? totalMonths.toNumber() : m, year, grossRent: monthRent, noi: monthRent.times(netShare) });
  }
  flows[0].noi = gross.times(prepayment);
  return flows;
}

/**
 * Present value (USD at signing) of the lease's cash NOI from leaseMonthlyNoi, discounted monthly at
 * the effective rate (1 + discount_rate)^(1/12) - 1, i.e. a flow at month t is worth
 * NOI_t x (1 + discount_rate)^(-t / 12). At a zero rate it is the plain sum, noi_margin x G.
 * Sums in decimal.js (34 digits); the result is a finite number or #NUM!.
 */
export function leaseNpv(
  capacityMw: number,
  rent: number,
  termYears: number,
  discountRate: number,
  escalator = 0,
  noiMargin = 1,
  prepayment = 0,
): Result<number> {
  const flows = leaseMonthlyNoi(capacityMw, rent, termYears, escalator, noiMargin, prepayment);
  const growth = D(discountRate).plus(1);
  const perMonth = D(1).div(growth.pow(D(1).div(MONTHS_PER_YEAR)));
  let factor = D(1);
  let pv = D(0);
  for (const flow of flows) {
    if (flow.month === 0) {
      pv = pv.plus(flow.noi);
    } else if (Number.isInteger(flow.month)) {
      factor = factor.times(perMonth);
      pv = pv.plus(flow.noi.times(factor));
    } else {
      // Stub paid at the lease end, M = 12 x term months: (1 + rate)^(-M / 12).
      pv = pv.plus(flow.noi.times(growth.pow(D(flow.month).div(MONTHS_PER_YEAR).neg())));
    }
  }
  return finite(pv.toNumber(), 'lease NPV');
}

/**
 * Value created per W of critical IT by building and leasing a powered shell: the capitalised NOI less
 * the build cost.
 *   NOI per W-year = rent x 12 / 1000 x noi_margin          (USD per kW-month -> USD per W-year)
 *   value          = NOI per W-year / cap_rate - capex       USD per W
 * Yield on cost is NOI / capex; value > 0 exactly when the yield on cost exceeds the cap rate.
 */
export function shellValue(rent: number, capexPerW: number, capRate: number, noiMargin: number): Result<number> {
  const noiPerWYear = ((rent * MONTHS_PER_YEAR) / KW_PER_MW) * noiMargin;
  return finite(noiPerWYear / capRate - capexPerW, 'shell value');
}
