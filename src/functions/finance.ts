/**
 * WATT project-finance functions on any row of cash flow available for debt service (CFADS): the debt
 * a row supports at a target DSCR, its sculpted schedule, the loan life cover ratio and DSCR summaries.
 * Units: cfads, debt and debt service in the row's own currency (USD in Watt's models), one cell a
 * period, period 1 = the first cell, flows at period end; rate an annual NOMINAL rate (0.08 = 8%)
 * divided by periods_per_year, as loan coupons are quoted. Method: src/core/debt.ts.
 */
import * as core from '../core/debt';
import * as levered from '../core/levered';
import { P, RangeSpec } from '../core/params';
import { run, runTable } from './_lib/run';
import { NATIVE_NUM_ERROR, NATIVE_VALUE_ERROR, nativeForm, NUMBER_LITERAL, referenceShape, stringLiteral } from './_lib/native';

/**
 * The native text of a discounted sum over a CFADS row written as a literal reference (the shape is
 * read when the file is written): SUMPRODUCT(--(k<=T), cfads, (1 + rate / n)^-k) / divisor with k the array
 * constant of periods {1,2,...} ({1;2;...} for a column), so Excel 2010 and LibreOffice compute it
 * without dynamic arrays; T the tenor (0 = the row's length). Guarded as the core: a tenor longer than
 * the row, a cell inside the tenor that is not a number (or, with `nonNegative`, is negative) is
 * #VALUE!. A range that is not a literal reference (a name, an expression) has no native form here
 * (undefined: the exporter writes the value with a note); one that is not one row or column is #VALUE!.
 * Inserting cells into the range later changes its size against the constant: SUMPRODUCT then answers
 * #VALUE! (arrays of different sizes), never a wrong sum.
 */
function discountedRow(cfads: string, rate: string, ppy: string, tenor: string, nonNegative: boolean, divisor: string): string | undefined {
  const shape = referenceShape(cfads);
  if (!shape) return undefined;
  if (shape.rows > 1 && shape.columns > 1) return NATIVE_VALUE_ERROR;
  const n = shape.rows * shape.columns;
  const k = `{${Array.from({ length: n }, (_, i) => i + 1).join(shape.rows === 1 ? ',' : ';')}}`;
  let last: string;
  const checks: string[] = [];
  if (NUMBER_LITERAL.test(tenor)) {
    const t = Number(tenor);
    if (t > n) return NATIVE_VALUE_ERROR;
    last = String(t === 0 ? n : t);
  } else {
    last = `IF(${tenor}=0,${n},${tenor})`;
    checks.push(`${tenor}>${n}`);
  }
  const inside = `(${k}<=${last})`;
  const bad = nonNegative ? `(NOT(ISNUMBER(${cfads}))+(${cfads}<0))` : `NOT(ISNUMBER(${cfads}))`;
  checks.push(`SUMPRODUCT(${inside}*${bad})>0`);
  const sum = `SUMPRODUCT(--${inside},${cfads},(1+${rate}/${ppy})^(-${k}))`;
  return `IF(OR(${checks.join(',')}),${NATIVE_VALUE_ERROR},${sum}/${divisor})`;
}

const CFADS: RangeSpec = { kind: 'range', name: 'cfads', accepted: 'one row or one column of cash flow available for debt service, a number a period' };
const DEBT_SERVICE: RangeSpec = { kind: 'range', name: 'debt_service', accepted: 'one row or one column of debt service (interest + principal), a number >= 0 a period' };

/**
 * Debt a row of CFADS supports at a target DSCR: the present value at the debt rate of CFADS / dscr over the tenor. That is SUM over t = 1..tenor of cfads_t / dscr / (1 + rate / periods_per_year)^t: period 1 is the row's first cell; flows at period end; the periodic rate is rate / periods_per_year (nominal, as loan coupons are quoted). Every cell inside the tenor must be a number >= 0; cells after the tenor are not read.
 * @customfunction DEBTSIZE
 * @param cfads One row or one column of cash flow available for debt service, one cell a period, in the currency of the result.
 * @param rate Annual nominal debt rate, 0 to 1 (0.08 = 8%).
 * @param dscr Target debt service cover ratio (CFADS / debt service), > 1 and <= 100.
 * @param [periods_per_year] Periods a year of the row, a whole number from 1 to 12. Default 1 (annual).
 * @param [tenor] Tenor in periods from the row's first cell, a whole number from 0 to 1200, at most the row's length. Default 0: the whole row.
 * @returns The debt at the start of period 1, in the currency of cfads.
 * @example =WATT.DEBTSIZE({130,130,130,130,130}, 0.1, 1.3)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function debtsize(cfads: any[][], rate: number, dscr: number, periods_per_year?: number, tenor?: number): number {
  return run(core.debtSize, [CFADS, P.debt_rate, P.target_dscr, P.periods_per_year, P.tenor], cfads, rate, dscr, periods_per_year, tenor);
}

/** Native form (src/functions/_lib/native.ts): SUMPRODUCT(cfads / (1 + rate / n)^period) / dscr over a literal reference (discountedRow). */
export const debtsizeNative = nativeForm([CFADS, P.debt_rate, P.target_dscr, P.periods_per_year, P.tenor], (c, r, d, n, t) => discountedRow(c, r, n, t, true, d));

/**
 * Sculpted repayment schedule of a row of CFADS: debt service = CFADS / dscr x debt / capacity, interest = opening balance x rate / periods_per_year, principal = debt service - interest, so the DSCR is dscr x capacity / debt in every period and the balance is 0 at the end of the tenor. The capacity is WATT.DEBTSIZE's; a debt above it is #VALUE! stating the capacity. A period whose CFADS is below its interest has a negative principal (interest capitalised). Columns: period, opening_balance, interest, principal, debt_service, closing_balance (currency of cfads), dscr (CFADS / debt service, "n/a" in a period without debt service).
 * @customfunction SCULPT
 * @param cfads One row or one column of cash flow available for debt service, one cell a period.
 * @param rate Annual nominal debt rate, 0 to 1 (0.08 = 8%).
 * @param dscr Target debt service cover ratio (CFADS / debt service), > 1 and <= 100.
 * @param [debt] Debt at the start of period 1, in the currency of cfads, >= 0 and at most the capacity. Default 0: the capacity (WATT.DEBTSIZE).
 * @param [periods_per_year] Periods a year of the row, a whole number from 1 to 12. Default 1 (annual).
 * @param [tenor] Tenor in periods from the row's first cell, a whole number from 0 to 1200, at most the row's length. Default 0: the whole row.
 * @returns A table of 7 columns: the header row, then one row per period of the tenor.
 * @example =WATT.SCULPT({130,130,130,130,130}, 0.1, 1.3)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function sculpt(cfads: any[][], rate: number, dscr: number, debt?: number, periods_per_year?: number, tenor?: number): any[][] {
  return runTable(core.sculptTable, [CFADS, P.debt_rate, P.target_dscr, P.sculpt_debt, P.periods_per_year, P.tenor], cfads, rate, dscr, debt, periods_per_year, tenor);
}

/**
 * Loan life cover ratio: the present value at the debt rate of CFADS over the tenor (the loan's remaining life) / the debt outstanding at the start of period 1. Same conventions as WATT.DEBTSIZE; a negative period counts as it is. At the debt WATT.DEBTSIZE sizes, the LLCR equals the dscr.
 * @customfunction LLCR
 * @param cfads One row or one column of cash flow available for debt service, one cell a period.
 * @param rate Annual nominal debt rate, 0 to 1 (0.08 = 8%).
 * @param debt Debt outstanding at the start of period 1, in the currency of cfads, > 0.
 * @param [periods_per_year] Periods a year of the row, a whole number from 1 to 12. Default 1 (annual).
 * @param [tenor] Remaining tenor in periods from the row's first cell, a whole number from 0 to 1200, at most the row's length. Default 0: the whole row.
 * @returns A ratio (1.3 = 1.30x).
 * @example =WATT.LLCR({130,130,130,130,130}, 0.1, 300)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function llcr(cfads: any[][], rate: number, debt: number, periods_per_year?: number, tenor?: number): number {
  return run(core.llcr, [CFADS, P.debt_rate, P.llcr_debt, P.periods_per_year, P.tenor], cfads, rate, debt, periods_per_year, tenor);
}

/** Native form: SUMPRODUCT(cfads / (1 + rate / n)^period) / debt over a literal reference (discountedRow; negative periods count). */
export const llcrNative = nativeForm([CFADS, P.debt_rate, P.llcr_debt, P.periods_per_year, P.tenor], (c, r, debt, n, t) => discountedRow(c, r, n, t, false, debt));

/**
 * Minimum, average or maximum DSCR of a schedule, CFADS / debt service in each period whose debt service is > 0. Periods without debt service are skipped; the average is the arithmetic mean of those periods' DSCRs. The two rows must have the same number of periods.
 * @customfunction DSCRSTAT
 * @param cfads One row or one column of cash flow available for debt service, one cell a period.
 * @param debt_service One row or one column of debt service (interest + principal) as positive amounts, as many periods as cfads.
 * @param [statistic] "min", "average" or "max". Default "min".
 * @returns A ratio (1.3 = 1.30x).
 * @example =WATT.DSCRSTAT({130,140,150}, {100,100,100}, "average")
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function dscrstat(cfads: any[][], debt_service: any[][], statistic?: string): number {
  return run(core.dscrStat, [CFADS, DEBT_SERVICE, P.dscr_statistic], cfads, debt_service, statistic);
}

/**
 * WATT.DSCRSTAT's native form over two literal references C (cfads) and S (debt_service), each one row
 * or one column (read when the file is written), the statistic a string literal or a cell:
 *   #VALUE! if a cell of C or S is not a number, a cell of S is negative, the rows differ in length or
 *           the statistic is not "min", "average" or "max" (any case, spaces trimmed); then
 *   #NUM!   if no period has debt service > 0; else
 *   average SUMPRODUCT((S>0)*R)/SUMPRODUCT(--(S>0)), with R = C/(S+(S<=0)) (a period without debt
 *           service divides by 1 and is masked out, so nothing divides by 0);
 *   max     SUMPRODUCT(MAX((S>0)*R-(S<=0)*M)), min SUMPRODUCT(MIN((S>0)*R+(S<=0)*M)), where
 *           M = SUMPRODUCT(MAX(ABS((S>0)*R))) bounds every period's |DSCR|: a skipped period takes -M
 *           (max) or +M (min), never beyond the periods that count, so no sentinel number is needed.
 * No IF, FILTER or LET inside the arrays: SUMPRODUCT evaluates MIN, MAX and the arithmetic element by
 * element in Excel 2007+ and LibreOffice without array entry. A row against a column of more than one
 * cell has no native form here (an element-wise product of a row and a column is a matrix; TRANSPOSE
 * needs array entry before Excel 365): the exporter writes the value guarded. Names and expressions
 * likewise. Cells inserted into one range later make SUMPRODUCT an error (arrays of different sizes).
 */
function dscrStatNative(C: string, S: string, statistic: string): string | undefined {
  const c = referenceShape(C);
  const s = referenceShape(S);
  if (!c || !s) return undefined;
  if ((c.rows > 1 && c.columns > 1) || (s.rows > 1 && s.columns > 1)) return NATIVE_VALUE_ERROR;
  const nc = c.rows * c.columns;
  const ns = s.rows * s.columns;
  if (nc !== ns) return NATIVE_VALUE_ERROR;
  if (nc > 1 && (c.rows > 1) !== (s.rows > 1)) return undefined;
  const R = `${C}/(${S}+(${S}<=0))`;
  const M = `SUMPRODUCT(MAX(ABS((${S}>0)*${R})))`;
  const forms: Record<string, string> = {
    min: `SUMPRODUCT(MIN((${S}>0)*${R}+(${S}<=0)*${M}))`,
    average: `SUMPRODUCT((${S}>0)*${R})/SUMPRODUCT(--(${S}>0))`,
    max: `SUMPRODUCT(MAX((${S}>0)*${R}-(${S}<=0)*${M}))`,
  };
  const checks = [`SUMPRODUCT(NOT(ISNUMBER(${C}))+NOT(ISNUMBER(${S})))>0`, `SUMPRODUCT(--(${S}<0))>0`];
  let body: string;
  const literalStat = stringLiteral(statistic);
  if (literalStat !== undefined) {
    const key = literalStat.trim().toLowerCase();
    if (!(key in forms)) return NATIVE_VALUE_ERROR;
    body = forms[key];
  } else {
    // A cell: empty takes "min" (the default); a number or a boolean is #VALUE! (not text), as the wrapper.
    const v = /^\s*"/.test(statistic) ? statistic : `IF(${statistic}="","min",${statistic})`;
    const k = `LOWER(TRIM(${v}))`;
    checks.push(`NOT(ISTEXT(${v}))`);
    body = `IF(${k}="min",${forms.min},IF(${k}="average",${forms.average},IF(${k}="max",${forms.max},${NATIVE_VALUE_ERROR})))`;
  }
  return `IF(OR(${checks.join(',')}),${NATIVE_VALUE_ERROR},IF(SUMPRODUCT(--(${S}>0))=0,${NATIVE_NUM_ERROR},${body}))`;
}

/** Native form: MIN, MAX or the mean of CFADS / debt service over the periods with debt service, in SUMPRODUCT (dscrStatNative). */
export const dscrstatNative = nativeForm([CFADS, DEBT_SERVICE, P.dscr_statistic], dscrStatNative);

const ASSUMPTIONS: RangeSpec = { kind: 'range', name: 'assumptions', accepted: 'a two-column range of name, value' };

/**
 * The three paths of WATT.PATHS financed with debt: the debt each supports, sized by gearing (loan to cost; for the mine, loan to the value of its fleet), by DSCR (the debt the cash flow available for debt service carries at target_dscr) or the lesser of both (the binding one named); interest during construction and fees funded by the debt, solved in closed form (no circular reference); and what the equity earns. Debt periods of 12 / periods_per_year months from completion (conversion_months for lease and cloud, close for the mine); the periodic rate is debt_rate / periods_per_year. Rows, each for mine, lease and cloud (USD unless stated): capex (at close), total_cost (capex + fees + idc + dsra), debt (at completion), binding ("gearing" or "dscr"), debt_by_gearing, debt_by_dscr, equity (contributed at close; negative = cash released), prepayment (the cloud customer's, a source), idc (interest during construction, capitalised), fees (upfront + commitment), dsra (debt service reserve funded at completion), min_dscr and avg_dscr (ratios), llcr (ratio), all_in_cost_of_debt (annual), equity_irr (annual), equity_npv (at cost_of_equity), equity_multiple (distributions / contributions), equity_payback_years, debt_to_ebitda (debt / first operating year's EBITDA), project_irr and project_npv (WATT.PATHS' irr and npv). A path whose cash flow supports no debt at the target DSCR shows "unfinanceable"; "n/a" where a ratio has no meaning (no debt service, flows that start with income).
 * @customfunction FINANCE
 * @param assumptions Two-column range of name, value: every WATT.PATHS name, plus debt_sizing ("gearing", "dscr" or "lesser"; default lesser), gearing (loan to cost, default 0.8 as Galaxy's Helios facility), debt_rate (annual nominal, default 0.0775 as TeraWulf's notes), target_dscr (default 1.3), debt_tenor (years from completion, default 5), periods_per_year (1, 2, 3, 4, 6 or 12; default 2, semiannual), repayment ("sculpted", "annuity", "straight" or "bullet"; default sculpted), cash_sweep (fraction of excess cash prepaying the debt, default 0), upfront_fee (fraction of the facility, default 0.02), commitment_fee (annual, on the undrawn facility during construction, default 0.005), dsra_months (months of debt service in reserve, default 6), cost_of_equity (annual, default discount_rate).
 * @param [years] Horizon in years, a whole number from 1 to 50. Default 10. The debt must mature within it.
 * @returns A table: header (metric, mine, lease, cloud), then one row per metric.
 * @example =WATT.FINANCE({"start_date",46023;"btc_price",90000;"network_hashrate",1100;"site_mw",100;"efficiency",17.5;"power_price",0.05}, 10)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function finance(assumptions: any[][], years?: number): any[][] {
  return runTable(levered.financeTable, [ASSUMPTIONS, P.years], assumptions, years);
}

/**
 * The debt schedule (corkscrew) of one path of WATT.FINANCE, by debt period: period 0 is financial close, then construction periods to completion, the tenor's periods, and periods to the horizon. Columns: period, date (Excel serial of the period's last day; close: the start date), opening, draws, capitalized_interest, interest_paid, scheduled_principal, sweep, closing (the debt's corkscrew, USD), project_flow (WATT.PATHS' flows, USD), cfads (USD), fees (USD), dsra_flow (USD into the reserve; negative: released), debt_service (interest_paid + scheduled_principal, USD), dscr (cfads / debt_service; "n/a" without debt service), equity_flow (project_flow + draws - fees - dsra_flow - debt_service - sweep, USD). The last row is the total of every flow column over all rows. An unfinanceable path is #NUM! saying so.
 * @customfunction DEBTSCHEDULE
 * @param assumptions The two-column range of name, value that WATT.FINANCE reads (same names, units and defaults).
 * @param path "mine", "lease" or "cloud".
 * @param [years] Horizon in years, a whole number from 1 to 50. Default 10.
 * @returns A table of 16 columns: the header row, one row per period, then the total row.
 * @example =WATT.DEBTSCHEDULE({"start_date",46023;"btc_price",90000;"network_hashrate",1100;"site_mw",100;"efficiency",17.5;"power_price",0.05}, "lease", 10)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function debtschedule(assumptions: any[][], path: string, years?: number): any[][] {
  return runTable(levered.debtScheduleTable, [ASSUMPTIONS, P.path, P.years], assumptions, path, years);
}
