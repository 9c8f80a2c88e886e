/**
 * Argument specifications and the one place where a raw cell value becomes a checked number.
 *
 * A spec is data (as HyperFormula's `FunctionArgument` with `minValue`/`greaterThan`): a name, a unit
 * and the accepted range. `checkNumber` turns any raw value (number, text, boolean, empty) into a
 * number or a `#VALUE!` whose message names the argument, its unit and the range. Used by every Excel
 * wrapper and by the core functions that read named assumptions (PROJECTION, PATHS).
 */
import { Messages, Result, show, valueError, WattError } from './errors';

export interface NumberSpec {
  kind: 'number';
  /** Argument name as the user sees it in Excel's tooltip. */
  name: string;
  /** Unit, as written after the range in messages ("EH/s", "USD per kWh"). Empty for pure numbers. */
  unit: string;
  min?: number;
  /** true: the value must be strictly greater than `min`. */
  minExclusive?: boolean;
  max?: number;
  maxExclusive?: boolean;
  integer?: boolean;
  /** Value used when the argument is omitted or empty. Absent: the argument is required. */
  default?: number;
}

export interface TextSpec {
  kind: 'text';
  name: string;
  /** What text is accepted, for the message ("a unit such as EH/s"). */
  accepted: string;
  default?: string;
}

/** A two-dimensional range, passed through as is (its own function reads it). */
export interface RangeSpec {
  kind: 'range';
  name: string;
  accepted: string;
}

export type Spec = NumberSpec | TextSpec | RangeSpec;

/** Describes the accepted range: "> 0 EH/s", "from 0 to 1 (fraction)", "a whole number >= 0". */
export function expectation(spec: NumberSpec): string {
  const unit = spec.unit ? ` ${spec.unit}` : '';
  const lo = spec.min === undefined ? '' : `${spec.minExclusive ? '>' : '>='} ${spec.min}`;
  const hi = spec.max === undefined ? '' : `${spec.maxExclusive ? '<' : '<='} ${spec.max}`;
  if (lo && hi) {
    if (!spec.minExclusive && !spec.maxExclusive) return `from ${spec.min} to ${spec.max}${unit}`;
    return `${lo} and ${hi}${unit}`;
  }
  return `${lo || hi}${unit}`.trim();
}

/** Empty means: omitted, an empty cell, or empty text. Empty takes the default. */
export function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/**
 * Truth table (value → result):
 *   empty, spec has default     → default
 *   empty, no default           → #VALUE! "<name> is required (<range>)"
 *   finite number in range      → the number
 *   finite number out of range  → #VALUE! "<name> must be <range> (got <value>)"
 *   non-integer where integer   → #VALUE! "<name> must be a whole number <range> (got <value>)"
 *   NaN, ±Infinity, text, bool  → #VALUE! "<name> must be a number <range> (got ...)"
 */
export function checkNumber(spec: NumberSpec, value: unknown): Result<number> {
  const range = expectation(spec);
  if (isEmpty(value)) {
    return spec.default !== undefined ? spec.default : valueError(Messages.required(spec.name, range));
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return valueError(Messages.notANumber(spec.name, range, value));
  }
  if (spec.integer && !Number.isInteger(value)) return valueError(Messages.notAnInteger(spec.name, range, value));
  const tooLow = spec.min !== undefined && (spec.minExclusive ? value <= spec.min : value < spec.min);
  const tooHigh = spec.max !== undefined && (spec.maxExclusive ? value >= spec.max : value > spec.max);
  if (tooLow || tooHigh) return valueError(Messages.outOfRange(spec.name, range, value));
  return value;
}

export function checkText(spec: TextSpec, value: unknown): Result<string> {
  if (isEmpty(value)) {
    return spec.default !== undefined ? spec.default : valueError(Messages.required(spec.name, spec.accepted));
  }
  if (typeof value !== 'string') return valueError(Messages.notText(spec.name, spec.accepted, value));
  return value.trim();
}

export function checkRange(spec: RangeSpec, value: unknown): Result<unknown[][]> {
  if (isEmpty(value)) return valueError(Messages.required(spec.name, spec.accepted));
  if (!Array.isArray(value) || !value.every((row) => Array.isArray(row))) {
    return valueError(`${spec.name} must be a range: ${spec.accepted} (got ${show(value)})`);
  }
  return value as unknown[][];
}

export function check(spec: Spec, value: unknown): Result<unknown> {
  switch (spec.kind) {
    case 'number':
      return checkNumber(spec, value);
    case 'text':
      return checkText(spec, value);
    case 'range':
      return checkRange(spec, value);
  }
}

/** Builds a number spec; keeps the catalog below short. */
const num = (name: string, unit: string, range: Omit<NumberSpec, 'kind' | 'name' | 'unit'> = {}): NumberSpec => ({
  kind: 'number',
  name,
  unit,
  ...range,
});

/** Renames a spec (same unit and range) for a function whose argument has another name. */
export function as(spec: NumberSpec, name: string, overrides: Partial<NumberSpec> = {}): NumberSpec {
  return { ...spec, name, ...overrides };
}

/** Ranges and defaults shared by every function that takes these arguments. */
export const P = {
  btc_price: num('btc_price', 'USD', { min: 0 }),
  network_hashrate: num('network_hashrate', 'EH/s', { min: 0, minExclusive: true }),
  fees: num('fees', 'BTC per block', { min: 0, default: 0 }),
  subsidy: num('subsidy', 'BTC per block', { min: 0, max: 50, default: 3.125 }),
  efficiency: num('efficiency', 'J/TH', { min: 0, minExclusive: true }),
  power_price: num('power_price', 'USD per kWh', { min: 0 }),
  pool_fee: num('pool_fee', '(fraction, 0.02 = 2%)', { min: 0, max: 1, default: 0 }),
  hashprice: num('hashprice', 'USD per PH/s per day', { min: 0 }),
  difficulty: num('difficulty', '', { min: 0, minExclusive: true }),
  height: num('height', '(block height)', { min: 0, integer: true }),
  /** Excel serial dates, 1900 system: 1 is 1900-01-01, 2958465 is 9999-12-31. */
  date: num('date', '(Excel date serial: 1 is 1900-01-01, 2958465 is 9999-12-31)', { min: 1, max: 2958466, maxExclusive: true }),
  ref_height: num('ref_height', '(block height)', { min: 0, integer: true, default: 840000 }),
  /** Block 840,000, the fourth halving: 2024-04-20 00:09 UTC as an Excel serial. */
  ref_date: num('ref_date', '(Excel date serial: 1 is 1900-01-01, 2958465 is 9999-12-31)', { min: 1, max: 2958466, maxExclusive: true, default: 45402 + 9 / 1440 }),
  block_minutes: num('block_minutes', 'minutes', { min: 0, minExclusive: true, default: 10 }),
  halving: num('halving', '(1 for the first halving)', { min: 1, max: 64, integer: true }),
  other_cost: num('other_cost', 'USD per MWh', { min: 0, default: 0 }),
  capex_th: num('capex', 'USD per TH/s', { min: 0, default: 0 }),
  life: num('life', 'years', { min: 0, minExclusive: true, default: 4 }),
  power_mw: num('power', 'MW', { min: 0 }),
  uptime: num('uptime', '(fraction of time running)', { min: 0, max: 1, default: 1 }),
  value: num('value', '', {}),
  // Conversion economics (lease, shell, GPU cloud, attack cost). Rent is per kW of critical IT.
  contract_value: num('contract_value', 'USD', { min: 0 }),
  term: num('term', 'years', { min: 0, minExclusive: true, max: 100 }),
  capacity: num('capacity', 'MW of critical IT', { min: 0, minExclusive: true }),
  rent: num('rent', 'USD per kW per month', { min: 0 }),
  pue: num('pue', '(site power / IT power)', { min: 1, max: 3, default: 1 }),
  discount_rate: num('discount_rate', '(annual, 0.08 = 8%)', { min: -1, minExclusive: true }),
  escalator: num('escalator', '(annual step-up, 0.03 = 3%)', { min: -1, minExclusive: true, default: 0 }),
  noi_margin: num('noi_margin', '(NOI / rent, fraction)', { min: 0, max: 1, default: 1 }),
  /** Powered-shell NOI margin: a landlord's NOI is typically about 85% of rent. */
  shell_noi_margin: num('noi_margin', '(NOI / rent, fraction)', { min: 0, max: 1, default: 0.85 }),
  prepayment: num('prepayment', '(fraction of the contract value)', { min: 0, max: 1, default: 0 }),
  capex_w: num('capex', 'USD per W of critical IT', { min: 0 }),
  cap_rate: num('cap_rate', '(annual, 0.07 = 7%)', { min: 0, minExclusive: true, max: 1 }),
  gpu_hour_price: num('gpu_hour_price', 'USD per GPU-hour', { min: 0 }),
  kw_per_gpu: num('kw_per_gpu', 'kW of IT per GPU', { min: 0, minExclusive: true }),
  utilization: num('utilization', '(fraction of hours billed)', { min: 0, max: 1, default: 1 }),
  /** Utilization where it divides (GPUHOURRATE): zero billed hours imply no price. */
  utilization_divisor: num('utilization', '(fraction of hours billed)', { min: 0, minExclusive: true, max: 1, default: 1 }),
  annual_revenue: num('annual_revenue', 'USD per year', { min: 0 }),
  gpus: num('gpus', 'GPUs', { min: 0, minExclusive: true }),
  hours: num('hours', 'hours', { min: 0, minExclusive: true }),
  // --- Sum of the parts (WATT.SOTP, CONTRACTEDVALUE, LEASEVALUE, MININGVALUE; defaults sourced in src/core/sotp.ts) ---
  energize_months: num('months', 'months to energization', { min: 0, max: 600, default: 0 }),
  exit_cap_rate_required: num('exit_cap_rate', '(next 12 months NOI / value; 0 = no terminal value)', { min: 0, max: 1 }),
  hashrate_ehs: num('hashrate', 'EH/s of self-mining', { min: 0 }),
  mining_years: num('years', 'years of fleet life', { min: 0.25, max: 50, default: 4 }),
  ev_per_ehs: num('ev_per_ehs', 'USD of EV per EH/s', { min: 0 }),
  contracted_mw: num('contracted_mw', 'MW of critical IT under lease', { min: 0 }),
  pipeline_mw: num('pipeline_mw', 'MW of critical IT, uncontracted', { min: 0 }),
  pipeline_probability: num('pipeline_probability', '(fraction of the pipeline signed, 0 to 1)', { min: 0, max: 1 }),
  btc_held: num('btc_held', 'BTC', { min: 0 }),
  other_assets: num('other_assets', 'USD (other assets less other liabilities; 0 if none)'),
  cash: num('cash', 'USD', { min: 0 }),
  debt: num('debt', 'USD (borrowings other than convertible notes)', { min: 0 }),
  convertible_notes: num('convertible_notes', 'USD (principal outstanding)', { min: 0 }),
  shares: num('shares', 'diluted shares', { min: 0, minExclusive: true }),
  share_price: num('share_price', 'USD per share', { min: 0, minExclusive: true }),
  operating_mw: num('operating_mw', 'MW of operating power', { min: 0, minExclusive: true }),
  // --- WATT.PROJECTION and WATT.PATHS: named assumptions (sources of defaults in src/core/paths.ts) ---
  start_date: num('start_date', '(Excel date serial; 39816 is 2009-01-03, the genesis block)', { min: 39816, max: 2958465 }),
  btc_price_growth: num('btc_price_growth', '(annual, 0.1 = 10%)', { min: -1, minExclusive: true, default: 0 }),
  network_hashrate_growth: num('network_hashrate_growth', '(annual, 0.1 = 10%)', { min: -1, minExclusive: true, default: 0 }),
  site_mw: num('site_mw', 'MW of site power', { min: 0, minExclusive: true }),
  months: num('months', 'months', { min: 1, max: 600, integer: true }),
  years: num('years', 'years', { min: 1, max: 50, integer: true, default: 10 }),
  it_ratio: num('it_ratio', 'MW of critical IT per MW of site power', { min: 0, minExclusive: true, max: 1, default: 1 / 1.3 }),
  conversion_capex: num('conversion_capex', 'USD per W of critical IT', { min: 0, default: 10 }),
  conversion_months: num('conversion_months', 'months', { min: 0, max: 120, integer: true, default: 12 }),
  lease_rent: num('lease_rent', 'USD per kW of critical IT per month', { min: 0, default: 150 }),
  lease_term: num('lease_term', 'years', { min: 0, minExclusive: true, max: 100, default: 15 }),
  lease_escalator: num('lease_escalator', '(annual step-up, 0.03 = 3%)', { min: -1, minExclusive: true, default: 0 }),
  lease_noi_margin: num('lease_noi_margin', '(NOI / rent, fraction)', { min: 0, max: 1, default: 0.85 }),
  path_gpu_hour_price: num('gpu_hour_price', 'USD per GPU-hour', { min: 0, default: 1.94e9 / (76_000 * 8760) }),
  path_kw_per_gpu: num('kw_per_gpu', 'kW of critical IT per GPU', { min: 0, minExclusive: true, default: 200_000 / 76_000 }),
  cloud_utilization: num('cloud_utilization', '(fraction of GPU-hours billed)', { min: 0, max: 1, default: 1 }),
  cloud_capex: num('cloud_capex', 'USD per W of critical IT, GPUs included', { min: 0 }),
  cloud_ebitda_margin: num('cloud_ebitda_margin', '(EBITDA / revenue, fraction)', { min: 0, max: 1, default: 0.85 }),
  gpu_life: num('gpu_life', 'years', { min: 0.25, max: 50, default: 5 }),
  gpu_price_decline: num('gpu_price_decline', '(annual, 0.1 = 10% a year)', { min: 0, max: 1, maxExclusive: true, default: 0 }),
  mining_capex: num('mining_capex', 'USD per TH/s', { min: 0, default: 8 }),
  miner_life: num('miner_life', 'years', { min: 0.25, max: 50, default: 4 }),
  path_discount_rate: num('discount_rate', '(annual, 0.1 = 10%)', { min: -1, minExclusive: true, default: 0.1 }),
  exit_cap_rate: num('exit_cap_rate', '(next 12 months NOI / value; 0 = no value for the shell at the horizon)', { min: 0, max: 1, default: 0.075 }),
  terminal_value: num('terminal_value', '("yes" or 1 = value what each path owns at the horizon, "no" or 0 = nothing after the horizon for any path)', { min: 0, max: 1, integer: true, default: 1 }),
  gpu_residual: num('gpu_residual', '(resale value at the end of gpu_life, fraction of the GPU cost)', { min: 0, max: 1, default: 0.1 }),
  cloud_prepayment: num('cloud_prepayment', '(fraction of the first contract revenue paid at signing)', { min: 0, max: 1, default: 0.2 }),
  curtail: num('curtail', '("yes" or 1 = miners off in a month of negative gross margin, "no" or 0 = always on)', { min: 0, max: 1, integer: true, default: 1 }),
  // --- WATT.HYBRID and WATT.HYBRIDTABLE: a site converted in phases (src/core/hybrid.ts) ---
  miner_resale: num('miner_resale', 'USD per TH/s (miners freed by a conversion, sold or redeployed elsewhere; 0 = worth nothing)', { min: 0, default: 0 }),
  mine_during_build: num('mine_during_build', '("yes" or 1 = a hall keeps mining until its conversion is finished, "no" or 0 = it stops when its works start)', { min: 0, max: 1, integer: true, default: 0 }),
  // --- WATT.SIMULATE and WATT.SIMBANDS: risk inputs (sources of defaults in src/core/simulate.ts) ---
  trials: num('trials', 'simulated paths of the world (an even number: antithetic pairs)', { min: 2, max: 50_000, integer: true, default: 10_000 }),
  sim_years: num('years', 'years', { min: 1, max: 30, integer: true, default: 10 }),
  seed: num('seed', '(random seed)', { min: 0, max: 2 ** 31 - 1, integer: true, default: 1 }),
  price_model: num('price_model', '(0 = geometric Brownian motion, 1 = bootstrap of monthly BTC returns 2015-2025)', { min: 0, max: 1, integer: true, default: 0 }),
  btc_volatility: num('btc_volatility', '(annual volatility of BTC log returns, 0.47 = 47%)', { min: 0, max: 3, default: 0.47 }),
  hashrate_volatility: num('hashrate_volatility', '(annual volatility of network hashrate log changes)', { min: 0, max: 3, default: 0.15 }),
  price_hashrate_correlation: num('price_hashrate_correlation', '(correlation of monthly price and hashrate shocks)', { min: -1, max: 1, default: 0.3 }),
  tenant: num('tenant', '(1 = hyperscaler, 2 = neocloud)', { min: 1, max: 2, integer: true, default: 2 }),
  tenant_default: num('tenant_default', '(annual probability the lease tenant defaults; empty = the tenant type\'s)', { min: 0, max: 1 }),
  relet_months: num('relet_months', 'months (to re-lease the shell after a default)', { min: 0, max: 120, integer: true, default: 12 }),
  relet_haircut: num('relet_haircut', '(fraction of rent lost when re-leased, 0.2 = 20%)', { min: 0, max: 1, default: 0.2 }),
  gpu_price_volatility: num('gpu_price_volatility', '(annual volatility of the GPU-hour price at re-contracting)', { min: 0, max: 3, default: 0.3 }),
  bins: num('bins', 'bins', { min: 2, max: 100, integer: true, default: 20 }),
  // --- WATT.DEBTSIZE, SCULPT, LLCR, DSCRSTAT: debt on a cash-flow row (src/core/debt.ts) ---
  debt_rate: num('rate', '(annual nominal debt rate, 0.08 = 8%; the periodic rate is rate / periods_per_year)', { min: 0, max: 1 }),
  target_dscr: num('dscr', '(target CFADS / debt service)', { min: 1, minExclusive: true, max: 100 }),
  periods_per_year: num('periods_per_year', 'periods a year (1 annual, 2 semiannual, 4 quarterly, 12 monthly)', { min: 1, max: 12, integer: true, default: 1 }),
  tenor: num('tenor', 'periods from the first cell of the row (0 = the whole row)', { min: 0, max: 1200, integer: true, default: 0 }),
  sculpt_debt: num('debt', '(amount in the currency of cfads; 0 = the DSCR capacity, WATT.DEBTSIZE)', { min: 0, default: 0 }),
  llcr_debt: num('debt', '(debt outstanding at the start of the first period, in the currency of cfads)', { min: 0, minExclusive: true }),
  // --- WATT.CURTAIL: flexible load over interval power prices (src/core/curtail.ts) ---
  // Sources: sell_back's default 1 is the contract Riot describes at Rockdale (fixed-price power sold back
  // to ERCOT when curtailed; 10-Q and press release of 2023-09-06); interval_hours' default 1 is ERCOT's
  // hourly averaged real-time settlement point price (its settlement interval is 15 minutes: 0.25);
  // site_mw's default 1 gives results per MW; dr_price's default 0 is no demand-response programme.
  ppa_price: num('ppa_price', "USD per MWh (0 or empty = no fixed-price contract: the site buys at each interval's price)", { min: 0, default: 0 }),
  sell_back: num('sell_back', "(1 = fixed-price power not used is sold at the interval's price, 0 = it is not taken)", { min: 0, max: 1, integer: true, default: 1 }),
  curtail_site_mw: num('site_mw', 'MW of site power (dollar results are site totals)', { min: 0, minExclusive: true, default: 1 }),
  interval_hours: num('interval_hours', 'hours per price interval (1 = hourly, 0.25 = 15 minutes)', { min: 0, minExclusive: true, max: 24, default: 1 }),
  dr_price: num('dr_price', 'USD per MW per month of demand-response capacity', { min: 0, default: 0 }),
  curtail_metric: {
    kind: 'text',
    name: 'metric',
    accepted: 'total, strike, uptime, hours_run, hours_curtailed, energy_used, mining_revenue, power_cost, power_credits, dr_revenue, avg_power_cost, always_on_total, flexibility_value, ai_power_cost or ai_avg_power_cost',
    default: 'total',
  } as TextSpec,
  // --- WATT.FINANCE and WATT.DEBTSCHEDULE: the levered model of the three paths (src/core/levered.ts,
  // where every default's public source is given). Text choices (debt_sizing, repayment) are read as
  // their names or their codes.
  /** Default "lesser": both constraints, as lenders size a project loan. */
  debt_sizing: num('debt_sizing', '("gearing" or 1 = loan to cost, "dscr" or 2 = DSCR capacity, "lesser" or 3 = the lesser of both)', { min: 1, max: 3, integer: true, default: 3 }),
  /** Default 0.8: Galaxy's $1.4B Helios project facility, 80% loan to cost (Galaxy, 2025-08-15); Hut 8's River Bend up to 85%. */
  gearing: num('gearing', '(debt / total cost, loan to cost; for the mine path, debt / value of the fleet)', { min: 0, max: 1, maxExclusive: true, default: 0.8 }),
  /** Default 7.75%: TeraWulf's $3.2B senior secured notes due 2030 (Cipher's $1.4B: 7.125%; Flash Compute's: 8.0%). Same range as debt_rate. */
  finance_debt_rate: num('debt_rate', '(annual nominal debt rate, 0.0775 = 7.75%; the periodic rate is debt_rate / periods_per_year)', { min: 0, max: 1, default: 0.0775 }),
  /** Default 1.3: an assumption, the middle of the 1.20-1.40x asked of contracted cash flows. Same range as target_dscr. */
  finance_target_dscr: num('target_dscr', '(target CFADS / debt service)', { min: 1, minExclusive: true, max: 100, default: 1.3 }),
  /** Default 5 years: Cipher's, TeraWulf's and Flash Compute's notes, issued 2025, are due 2030. In years (tenor above counts periods). */
  debt_tenor: num('debt_tenor', 'years from completion (a whole number of debt periods)', { min: 0.5, max: 50, default: 5 }),
  /** Default 2: the notes' coupons are semiannual. Must divide 12 (checked in src/core/levered.ts). */
  finance_periods_per_year: num('periods_per_year', 'debt periods a year (1, 2, 3, 4, 6 or 12: 2 = semiannual)', { min: 1, max: 12, integer: true, default: 2 }),
  /** Default "sculpted": the project-finance norm; notes are "bullet". */
  repayment: num('repayment', '("sculpted" or 1, "annuity" or 2, "straight" or 3 = straight-line principal, "bullet" or 4)', { min: 1, max: 4, integer: true, default: 1 }),
  /** Default 0; the Flash Compute notes offer 50% of excess cash flow (0.5). */
  cash_sweep: num('cash_sweep', '(fraction of CFADS after debt service applied to prepay the debt)', { min: 0, max: 1, default: 0 }),
  /** Default 2%: an assumption, arrangement fees of 1-3% of a facility are customary. */
  upfront_fee: num('upfront_fee', '(fraction of the facility, paid at financial close)', { min: 0, max: 0.2, default: 0.02 }),
  /** Default 0.5% a year: an assumption. */
  commitment_fee: num('commitment_fee', '(annual, fraction of the undrawn facility during construction)', { min: 0, max: 0.2, default: 0.005 }),
  /** Default 6 months: an assumption, the usual debt service reserve. */
  dsra_months: num('dsra_months', 'months of scheduled debt service held in reserve from completion', { min: 0, max: 24, default: 6 }),
  /** No default of its own: empty = the paths' discount_rate (no deal discloses one). */
  cost_of_equity: num('cost_of_equity', '(annual, 0.15 = 15%; empty = discount_rate)', { min: -1, minExclusive: true }),
  path: { kind: 'text', name: 'path', accepted: '"mine", "lease" or "cloud"' } as TextSpec,
  dscr_statistic: { kind: 'text', name: 'statistic', accepted: '"min", "average" or "max"', default: 'min' } as TextSpec,
  band_quantity: { kind: 'text', name: 'quantity', accepted: '"hashprice", "margin", "btc_price" or "network_hashrate"' } as TextSpec,
  metric: { kind: 'text', name: 'metric', accepted: 'a metric name such as "difficulty" or "hashprice"' } as TextSpec,
  network_source: { kind: 'text', name: 'source', accepted: '"mempool"', default: 'mempool' } as TextSpec,
  currency: { kind: 'text', name: 'currency', accepted: 'a currency code: USD, EUR, GBP, CAD, CHF, AUD or JPY', default: 'USD' } as TextSpec,
} as const;
