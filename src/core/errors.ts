/**
 * Errors are values (as in HyperFormula's `CellError`): the core never throws on bad user input, it
 * returns a `WattError`. Every message a user can see is built here, in one catalog, so that the
 * wording (argument, unit, accepted range, what was given) is the same everywhere.
 */

/** The Excel error codes Watt returns. `#VALUE!` for bad input, `#NUM!` for a result that is not a finite number, `#N/A` for data that is not available. */
export type ErrorCode = '#VALUE!' | '#NUM!' | '#N/A';

export class WattError {
  constructor(
    readonly code: ErrorCode,
    readonly message: string,
  ) {}

  toString(): string {
    return `${this.code} ${this.message}`;
  }
}

export type Result<T> = T | WattError;

export function isError(value: unknown): value is WattError {
  return value instanceof WattError;
}

/** Formats a number for a message: short, exact enough to recognise what the user typed. */
export function show(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return String(Number(value.toPrecision(12)));
  }
  if (typeof value === 'string') return `text "${value.length > 40 ? value.slice(0, 37) + '...' : value}"`;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a range';
  return 'an unsupported value';
}

/** The message catalog. Each entry builds one sentence; callers never write their own wording. */
export const Messages = {
  required: (arg: string, expectation: string) => `${arg} is required (${expectation})`,
  notANumber: (arg: string, expectation: string, got: unknown) => `${arg} must be a number ${expectation} (got ${show(got)})`,
  outOfRange: (arg: string, expectation: string, got: unknown) => `${arg} must be ${expectation} (got ${show(got)})`,
  notAnInteger: (arg: string, expectation: string, got: unknown) => `${arg} must be a whole number ${expectation} (got ${show(got)})`,
  notText: (arg: string, expectation: string, got: unknown) => `${arg} must be text: ${expectation} (got ${show(got)})`,
  unknownUnit: (arg: string, got: string, known: string) => `${arg}: unknown unit "${got}"; known units: ${known}`,
  incompatibleUnits: (from: string, fromKind: string, to: string, toKind: string) =>
    `cannot convert ${from} (${fromKind}) to ${to} (${toKind}): the units measure different things`,
  notFinite: (what: string) => `${what} is not a finite number`,
  noBreakeven: (why: string) => `no finite breakeven: ${why}`,
  csvUnterminatedQuote: (line: number) => `CSV: a quoted field opened on line ${line} is never closed`,
  csvTextAfterQuote: (line: number) => `CSV: text after a closing quote on line ${line} (write "" for a quote inside a quoted field)`,
  csvFieldCount: (record: number, expected: number, got: number) => `CSV: record ${record} (the header is record 1) has ${got} fields, the header has ${expected}`,
  beforeGenesis: (arg: string, got: unknown) => `${arg} gives a block height before the genesis block (got ${show(got)})`,
  // Named-assumption ranges (WATT.PROJECTION, WATT.PATHS) and cash-flow metrics
  assumptionsShape: (arg: string, columns: number) =>
    `${arg} must be a two-column range of name, value (got ${columns} column${columns === 1 ? '' : 's'})`,
  assumptionName: (arg: string, row: number, got: unknown) => `${arg}: row ${row} must start with a name (text) (got ${show(got)})`,
  unknownAssumption: (arg: string, name: string, known: string) => `${arg}: unknown name "${name}"; known names: ${known}`,
  duplicateAssumption: (arg: string, name: string, row: number) => `${arg}: "${name}" is given twice (again in row ${row})`,
  atLeast: (arg: string, unit: string, other: string, otherValue: number, got: number) =>
    `${arg} must be >= ${other} (${show(otherValue)}${unit ? ' ' + unit : ''}) (got ${show(got)})`,
  dateOutOfRange: (what: string, got?: unknown) =>
    `${what} falls outside the dates Excel can show, 1900-01-01 (serial 1) to 9999-12-31 (serial 2958465)${got === undefined ? '' : ` (got ${show(got)})`}`,
  notADate: (arg: string, forms: string, got: string) => `${arg} must be a date: ${forms} (got ${show(got)})`,
  dateTwoDigitYear: (arg: string, got: string, forms: string) =>
    `${arg}: the two-digit year of "${got}" is ambiguous (Excel reads 00-29 as 2000-2029 and 30-99 as 1930-1999); write the year in full: ${forms}`,
  dateIsTime: (arg: string, got: string, forms: string) => `${arg} must be a date, not a time of day alone (got "${got}"): ${forms}`,
  horizonTooLate: (lastSerial: number) => `the horizon ends after 9999-12-31, the last Excel date (got serial ${show(lastSerial)})`,
  noIrrOneSign: (sign: '>= 0' | '<= 0' | '0') => `no IRR: every cash flow is ${sign}`,
  noIrrRoot: () => 'no IRR: the present value never changes sign for rates above -100%',
  trialsNotEven: (got: number) => `trials must be an even whole number: the simulation runs antithetic pairs (got ${show(got)})`,
  simulationTooLarge: (trials: number, years: number, limit: number) =>
    `trials x years must be at most ${limit.toLocaleString('en-US')} so that a cell computes within about a second (got ${show(trials)} x ${show(years)} = ${show(trials * years)})`,
  phasesShape: (columns: number) =>
    `phases must be a range of 3 to 7 columns: start (month index or date), mw (MW of site power), kind (lease or cloud), then optional lease_rent, gpu_hour_price, capex_per_w, conversion_months (got ${columns} columns)`,
  phasesAboveSite: (total: number, site: number) =>
    `phases: the phases convert ${show(total)} MW in total, more than site_mw (${show(site)} MW of site power); each phase's mw must be >= 0 MW and their sum <= site_mw`,
  gpuPriceOnLease: (row: number, got: number) =>
    `phases row ${row} gpu_hour_price applies to a cloud phase only: a lease phase earns its lease_rent (USD per kW of critical IT per month); leave the cell blank or make the phase cloud (got ${show(got)} USD per GPU-hour)`,
  unknownChoice: (arg: string, got: string, known: string) => `${arg}: unknown value "${got}"; accepted: ${known}`,
  // Sum of the parts (WATT.SOTP): a part whose inputs are missing shows no number
  missingInputs: (what: string, names: readonly string[]) => `${what}: missing ${names.join(', ')} (enter ${names.length === 1 ? 'it' : 'them'} in the assumptions; no value is built on a blank)`,
  choiceNotText: (arg: string, name: string, known: string, got: unknown) => `${arg}: "${name}" must be text, one of ${known} (got ${show(got)})`,
  // Debt on a cash-flow row (WATT.DEBTSIZE, SCULPT, LLCR, DSCRSTAT)
  rowShape: (arg: string, rows: number, columns: number) =>
    `${arg} must be one row or one column of numbers, one cell a period (got ${rows} rows x ${columns} columns)`,
  rowCell: (arg: string, period: number, got: unknown) =>
    `${arg}: period ${period} (cell ${period} of the range) must be a number (got ${show(got)}); an empty cell or text inside the tenor is not read as 0`,
  tenorTooLong: (arg: string, length: number, tenor: number) =>
    `tenor must be at most the ${length} period${length === 1 ? '' : 's'} of ${arg} (got ${show(tenor)})`,
  negativeCfads: (arg: string, period: number, got: number) =>
    `${arg}: period ${period} is negative (${show(got)}) inside the tenor: a DSCR target cannot be met there; end the tenor before it or fund that period another way`,
  debtAboveCapacity: (debt: number, capacity: number, dscr: number) =>
    `debt (${show(debt)}) exceeds the debt this cfads supports at a DSCR of ${show(dscr)}: ${show(capacity)} (WATT.DEBTSIZE)`,
  rowLengths: (a: string, la: number, b: string, lb: number) => `${a} and ${b} must have the same number of periods (got ${la} and ${lb})`,
  negativeDebtService: (arg: string, period: number, got: number) => `${arg}: period ${period} must be >= 0 (got ${show(got)}); enter debt service as a positive amount (a row of outflows: negate it)`,
  noDebtService: (arg: string) => `${arg}: no period has debt service > 0, so there is no DSCR`,
  // Flexible load (WATT.CURTAIL): a range of interval prices
  priceRangeShape: (arg: string, rows: number, columns: number) =>
    `${arg} must be one row or one column of power prices in USD per MWh, one cell an interval (got ${rows} rows x ${columns} columns)`,
  priceCell: (arg: string, interval: number, got: unknown) =>
    `${arg}: interval ${interval} (cell ${interval} of the range) must be a number in USD per MWh (got ${show(got)}); an empty cell or text is not read as a price`,
  // The levered model of the three paths (WATT.FINANCE, WATT.DEBTSCHEDULE)
  periodsNotDividing: (arg: string, got: number) => `${arg} must divide the 12 months of a year: 1, 2, 3, 4, 6 or 12 (got ${show(got)})`,
  tenorNotWholePeriods: (tenor: number, periodsPerYear: number) =>
    `debt_tenor must be a whole number of debt periods: at ${show(periodsPerYear)} a year, a multiple of ${show(1 / periodsPerYear)} years (got ${show(tenor)})`,
  tenorAfterHorizon: (path: string, constructionMonths: number, tenor: number, years: number) =>
    `debt_tenor: the ${path} path's debt, ${constructionMonths > 0 ? `${show(constructionMonths)} months of construction then ${show(tenor)} years` : `${show(tenor)} years from close`}, would mature after the horizon of ${show(years)} years; shorten debt_tenor or lengthen years`,
  financingCostsTooHigh: (path: string) =>
    `${path}: the gearing cannot be met: fees, interest during construction and the reserve, funded by the debt, grow faster than the debt (lower gearing, the fees or dsra_months)`,
  reserveExceedsFacility: (path: string) =>
    `${path}: the debt service reserve and the construction interest and fees exceed the facility itself (lower dsra_months or commitment_fee)`,
  unfinanceable: (path: string, dscr: number) =>
    `${path}: unfinanceable: its cash flow available for debt service supports no debt at a DSCR of ${show(dscr)} over the tenor (DSCR capacity 0)`,
  fetching: (what: string) => `fetching ${what}…`,
  networkFailure: (source: string, failure: string) => `${source}: ${failure}`,
  networkUnavailable: (source: string, failure: string, maxAgeMinutes: number) =>
    `${source}: ${failure}; no value fetched in the last ${maxAgeMinutes} minutes to fall back on`,
  malformedResponse: (what: string) => `malformed response: ${what}`,
  httpStatus: (status: number, retryAfterSeconds?: number) =>
    `HTTP ${status}${status === 429 ? ' (rate limited)' : ''}${retryAfterSeconds !== undefined ? `, retry after ${retryAfterSeconds} s` : ''}`,
  timedOut: (ms: number) => `no answer within ${ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`}`,
  unreachable: (detail: string) => `unreachable (${detail})`,
  bothPriceSourcesFailed: (primary: string, fallback: string) => `${primary}; fallback ${fallback}`,
  implausible: (what: string, got: number, range: string) => `refused ${what} = ${show(got)}: outside the plausible range ${range}`,
  heightBackwards: (what: string, got: number, last: number) => `refused ${what} = ${show(got)}: below the last good height ${show(last)} (a chain tip never goes backwards)`,
  tooLarge: (limit: number, bytes?: number) => `response larger than ${limit} bytes${bytes !== undefined ? ` (content-length ${bytes})` : ''}: refused`,
  redirectRefused: (to: string) => `redirected to another origin (${to}): refused, only same-origin redirects are followed`,
  redirectHidden: () => 'redirected to a location the browser does not reveal: refused, only same-origin redirects are followed',
  tooManyRedirects: (n: number) => `more than ${n} redirects: refused`,
} as const;

export const valueError = (message: string) => new WattError('#VALUE!', message);
export const numError = (message: string) => new WattError('#NUM!', message);
export const naError = (message: string) => new WattError('#N/A', message);

/** Guards a computed number: NaN and ±Infinity never reach a cell, they become `#NUM!`. */
export function finite(value: number, what: string): Result<number> {
  return Number.isFinite(value) ? value : numError(Messages.notFinite(what));
}
