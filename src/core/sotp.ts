/**
 * Sum of the parts (WATT.SOTP): what one listed miner is worth per share, part by part. Units: money
 * USD; capacity MW of critical IT (the tenant's IT load, the basis rents are quoted on); rent USD per kW
 * of critical IT per month; hashrate EH/s; rates annual decimals.
 *
 *   mining          mining_method "pv" (default): the present value of the self-mining cash flows over
 *                   the fleet's remaining life, exactly WATT.PATHS' mine path (src/core/paths.ts
 *                   `mineFlows`, WATT.PROJECTION's months through the halvings, curtailed in months of
 *                   negative margin) on a site of hashrate x efficiency MW (1 EH/s at 1 J/TH draws
 *                   1 MW), no fleet refresh and no terminal value: the fleet is worth what it earns
 *                   until it is worn out. mining_method "multiple": hashrate x ev_per_ehs, a multiple
 *                   the user chooses (e.g. from the comps template).
 *   contracted_hpc  contracted_mw x 10^6 x the value per W of a leased powered shell, hpc_method:
 *                   "shell" (default, Morgan Stanley's frame, 2025-09-21, as WATT.SHELLVALUE):
 *                     NOI per W-year / cap_rate x (1 + discount_rate)^(-energize_months / 12) - capex
 *                   "lease" (WATT.LEASENPV): the PV of the lease's monthly NOI over lease_term from
 *                   energization plus a terminal value at its end (the shell re-let at its last rent:
 *                   12 x last month's NOI / cap_rate), discounted to today, less capex.
 *                   The two reconcile: at a flat rent and discount_rate = (1 + cap_rate / 12)^12 - 1
 *                   (the cap rate as a monthly-compounded yield) they are equal for every term and delay,
 *                   since a monthly annuity of n for M months plus n / i at M is worth n / i, i = cap / 12.
 *                   capex is what is still to spend per W (contracted_capex; 0 for a hall already built,
 *                   whose cost is in the cash spent or the debt below), paid now.
 *   pipeline        pipeline_mw (uncontracted, MW of critical IT) x 10^6 x pipeline_probability x the value
 *                   per W a lease would create (same frame, pipeline_months to energization,
 *                   pipeline_capex), floored at 0: a company signs a lease only if it creates value.
 *   bitcoin         btc_held x btc_price.
 *   other_assets    as entered (no default: 0 must be stated, a blank is missing, as on the template).
 *   net_debt        debt + convertible_notes - cash, subtracted (the row shows it negative).
 *   equity_value    the sum of the rows above; per share / shares (diluted).
 *   market_value    share_price x shares; upside = value per share / share_price - 1.
 *   implied_ev      equity_value + net debt; per MW of operating_mw (as the comps template's EV / MW).
 *
 * Missing inputs. A company figure with no default (hashrate, cash, shares, ...) may be left out: the
 * part that needs it is #N/A naming what is missing, and so is every total built on it (equity value,
 * per share, upside); the last row lists every missing name. A number is never built on a blank. Bad
 * values (text, out of range) are #VALUE! for the whole table, as in WATT.PATHS.
 *
 * Defaults and their sources (the same as WATT.PATHS where both have the figure):
 *   rent 150 USD/kW-month      Cipher-Fluidstack $148.8, TeraWulf-Fluidstack $154.2 (WATT.PATHS lease_rent)
 *   noi_margin 0.85            Cipher and TeraWulf disclosures (WATT.PATHS lease_noi_margin)
 *   cap_rate 0.075             Morgan Stanley (2025-09-21) $5.19/W and $7.81/W of value created are
 *                              reproduced by WATT.SHELLVALUE at cap rates of 6.734% and 8.093% (the one
 *                              calibration: $10.7/W, 0.85 margin, rents $104.90 and $146.86 per kW-month;
 *                              SHELL_CALIBRATION in the powered-shell template); 7.5% is their middle
 *                              (7.41%), rounded
 *   contracted_capex 10 USD/W  JLL's $10.7M per MW (2025), Cipher and TeraWulf $8-11M per critical-IT MW
 *   pipeline_capex 10 USD/W    (WATT.PATHS conversion_capex); all of it still to spend unless entered
 *   energize_months 12         WATT.PATHS conversion_months (our assumption: a year to energize)
 *   pipeline_months 24         our assumption: a year to sign, a year to build
 *   lease_term 10 y            Cipher and TeraWulf Fluidstack leases (WATT.PATHS lease_term)
 *   escalator 0                the contract values behind the $150 rent are term averages
 *   mining_years 4             WATT.PATHS miner_life (a fleet's economic life; the remaining life of an
 *                              older fleet is shorter)
 *   discount_rate 0.10         WATT.PATHS discount_rate
 *   pipeline_probability       NO default: no public base rate exists; the user states it
 * Left out: taxes, dilution from convertible notes above their strike (notes count at principal as
 * debt), execution risk beyond pipeline_probability, corporate costs, the tenant's credit.
 */
import { Assumptions, Catalog, readAssumptions } from './assumptions';
import { isError, Messages, naError, numError, Result, show, valueError, WattError, finite } from './errors';
import { leaseNpv, shellValue, termMonths } from './lease';
import { as, isEmpty, P } from './params';
import { mineFlows, readPathInputs } from './paths';
import { periodRate, presentValueNumber } from './cashflow';
import { PROJECTION_CATALOG, TableCell } from './projection';

const MONTHS_PER_YEAR = 12;
const W_PER_MW = 1e6;

/** Discount factor of a flow `months` from now at an annual rate (monthly compounding as WATT.LEASENPV). */
function delayFactor(discountRate: number, months: number): number {
  return Math.pow(1 + discountRate, -months / MONTHS_PER_YEAR);
}

/**
 * Value per W of critical IT of a contracted, not yet energized powered shell (USD per W):
 *   rent x 12 / 1000 x noi_margin / cap_rate x (1 + discount_rate)^(-months / 12) - capex.
 * With months = 0 it is WATT.SHELLVALUE exactly (the same function computes NOI / cap rate).
 */
export function contractedValue(rent: number, capexPerW: number, capRate: number, noiMargin: number, months: number, discountRate: number): Result<number> {
  const capitalised = shellValue(rent, 0, capRate, noiMargin);
  if (isError(capitalised)) return capitalised;
  return finite(capitalised * delayFactor(discountRate, months) - capexPerW, 'the contracted value per W');
}

/**
 * Value per W of critical IT of a lease (USD per W), the LEASENPV frame: the PV at energization of the
 * lease's monthly NOI over the term (WATT.LEASENPV of 1 MW / 10^6), plus a terminal value at the term's
 * end M = 12 x term months: the shell re-let at its last rent, 12 x last month's NOI per W / exit_cap_rate,
 * discounted (1 + r)^(-M / 12) (none when exit_cap_rate = 0); the whole discounted
 * (1 + r)^(-months / 12) to today, less capex.
 */
export function leaseValue(
  rent: number, capexPerW: number, termYears: number, discountRate: number, exitCapRate: number, noiMargin: number, escalator: number, months: number,
): Result<number> {
  const npv = leaseNpv(1, rent, termYears, discountRate, escalator, noiMargin, 0);
  if (isError(npv)) return npv;
  const m = termMonths(termYears).toNumber();
  const lastYear = Math.max(1, Math.ceil(m / MONTHS_PER_YEAR));
  const lastNoiPerWYear = ((rent * MONTHS_PER_YEAR) / 1000) * noiMargin * Math.pow(1 + escalator, lastYear - 1);
  const terminal = exitCapRate > 0 ? (lastNoiPerWYear / exitCapRate) * delayFactor(discountRate, m) : 0;
  return finite((npv / W_PER_MW + terminal) * delayFactor(discountRate, months) - capexPerW, 'the lease value per W');
}

/** The market and fleet inputs of the mining part. */
export interface MiningInputs {
  hashrate: number;
  efficiency: number;
  start_date: number;
  btc_price: number;
  btc_price_growth: number;
  network_hashrate: number;
  network_hashrate_growth: number;
  fees: number;
  power_price: number;
  uptime: number;
  pool_fee: number;
  other_cost: number;
  mining_years: number;
  discount_rate: number;
}

/**
 * Present value (USD) of a self-mining fleet's cash flows over its remaining life: WATT.PATHS' mine path
 * on a site of hashrate x efficiency MW, curtailed in months of negative margin, no refresh capex, for
 * round(12 x mining_years) months, discounted monthly at discount_rate. A fleet of 0 EH/s is worth 0.
 */
export function miningValue(a: MiningInputs): Result<number> {
  if (a.hashrate === 0) return 0;
  const siteMw = a.hashrate * a.efficiency;
  if (!Number.isFinite(siteMw)) return numError(Messages.notFinite('the fleet power, hashrate x efficiency'));
  const months = Math.max(1, Math.round(a.mining_years * MONTHS_PER_YEAR));
  const path = readPathInputs([
    ['start_date', a.start_date], ['btc_price', a.btc_price], ['btc_price_growth', a.btc_price_growth],
    ['network_hashrate', a.network_hashrate], ['network_hashrate_growth', a.network_hashrate_growth], ['fees', a.fees],
    ['site_mw', siteMw], ['efficiency', a.efficiency], ['power_price', a.power_price], ['uptime', a.uptime],
    ['pool_fee', a.pool_fee], ['other_cost', a.other_cost], ['mining_capex', 0], ['curtail', 1], ['discount_rate', a.discount_rate],
  ]);
  if (isError(path)) return path;
  const flows = mineFlows(path, months);
  if (isError(flows)) return flows;
  // The npv of WATT.PATHS (evaluatePath), without the IRR and payback it also computes.
  return finite(presentValueNumber(periodRate(a.discount_rate, MONTHS_PER_YEAR), flows.flows), 'the mining value');
}

/** Choices read as text from the assumptions range, with their accepted values (first = default). */
export const SOTP_CHOICES = {
  mining_method: ['pv', 'multiple'],
  hpc_method: ['shell', 'lease'],
} as const;
type Choice = keyof typeof SOTP_CHOICES;

const { site_mw: _siteMw, efficiency: _efficiency, ...MARKET } = PROJECTION_CATALOG;

export const SOTP_CATALOG: Catalog = {
  // Company: no default; a part that needs a missing one reports it.
  hashrate: as(P.hashrate_ehs, 'hashrate'),
  efficiency: P.efficiency,
  ev_per_ehs: P.ev_per_ehs,
  contracted_mw: P.contracted_mw,
  pipeline_mw: P.pipeline_mw,
  pipeline_probability: P.pipeline_probability,
  btc_held: P.btc_held,
  other_assets: P.other_assets,
  cash: P.cash,
  debt: P.debt,
  convertible_notes: P.convertible_notes,
  shares: P.shares,
  share_price: P.share_price,
  operating_mw: P.operating_mw,
  // Market and network (WATT.PROJECTION's names and defaults).
  ...MARKET,
  // Valuation assumptions (defaults and sources above).
  mining_years: as(P.mining_years, 'mining_years'),
  discount_rate: P.path_discount_rate,
  rent: as(P.lease_rent, 'rent'),
  noi_margin: as(P.lease_noi_margin, 'noi_margin'),
  cap_rate: as(P.cap_rate, 'cap_rate', { default: 0.075 }),
  contracted_capex: as(P.conversion_capex, 'contracted_capex'),
  energize_months: as(P.energize_months, 'energize_months', { default: 12 }),
  lease_term: P.lease_term,
  escalator: as(P.lease_escalator, 'escalator'),
  pipeline_capex: as(P.conversion_capex, 'pipeline_capex'),
  pipeline_months: as(P.energize_months, 'pipeline_months', { default: 24 }),
};

/** Catalog names without a default: left out, they are reported missing by the parts that need them. */
const OPTIONAL = Object.keys(SOTP_CATALOG).filter((k) => SOTP_CATALOG[k].default === undefined);

/** The checked inputs: numbers by name (a company figure left out has no entry) and the two choices. */
export interface SotpInputs {
  values: Assumptions;
  mining_method: 'pv' | 'multiple';
  hpc_method: 'shell' | 'lease';
}

/**
 * Reads the two-column range: the text choices (mining_method, hpc_method) first, then every other row
 * through readAssumptions against SOTP_CATALOG, so names, repeats and values are checked as in WATT.PATHS.
 */
export function readSotpInputs(range: unknown[][]): Result<SotpInputs> {
  const arg = 'assumptions';
  const choices: Partial<Record<Choice, string>> = {};
  const rest: unknown[][] = [];
  const known = [...Object.keys(SOTP_CATALOG), ...Object.keys(SOTP_CHOICES)].join(', ');
  const columns = range.length === 0 ? 0 : Math.max(...range.map((row) => row.length));
  if (columns !== 2) return valueError(Messages.assumptionsShape(arg, columns));
  for (let i = 0; i < range.length; i++) {
    const row = range[i];
    const name = row[0];
    const key = typeof name === 'string' ? name.trim().toLowerCase() : '';
    if (!Object.prototype.hasOwnProperty.call(SOTP_CHOICES, key)) {
      if (typeof name === 'string' && key !== '' && !Object.prototype.hasOwnProperty.call(SOTP_CATALOG, key)) {
        return valueError(Messages.unknownAssumption(arg, name.trim(), known));
      }
      rest.push(row);
      continue;
    }
    const choice = key as Choice;
    const accepted = SOTP_CHOICES[choice];
    if (choices[choice] !== undefined) return valueError(Messages.duplicateAssumption(arg, key, i + 1));
    const value = row[1];
    if (isEmpty(value)) {
      choices[choice] = accepted[0];
      continue;
    }
    if (typeof value !== 'string') return valueError(Messages.choiceNotText(arg, key, accepted.join(', '), value));
    const picked = value.trim().toLowerCase();
    if (!(accepted as readonly string[]).includes(picked)) return valueError(Messages.unknownChoice(`${arg}: ${key}`, value.trim(), accepted.join(', ')));
    choices[choice] = picked;
  }
  if (rest.length === 0) rest.push([null, null]); // a range of choices only: still two columns
  const a = readAssumptions(rest, SOTP_CATALOG, { arg, optional: OPTIONAL });
  if (isError(a)) return a;
  return {
    values: a,
    mining_method: (choices.mining_method ?? SOTP_CHOICES.mining_method[0]) as 'pv' | 'multiple',
    hpc_method: (choices.hpc_method ?? SOTP_CHOICES.hpc_method[0]) as 'shell' | 'lease',
  };
}

/** A part: its value, or why it has none, and the inputs it lacks. */
interface Part {
  value: Result<number>;
  missing: string[];
}

/** Evaluates `compute` when every needed input is present, else a #N/A naming the missing ones. */
function part(what: string, a: SotpInputs, needs: readonly string[], compute: (v: Record<string, number>) => Result<number>): Part {
  const missing = needs.filter((n) => a.values[n] === undefined);
  if (missing.length > 0) return { value: naError(Messages.missingInputs(what, missing)), missing };
  return { value: compute(a.values), missing: [] };
}

/** Value per W of critical IT of a lease signed today and energized after `months`, in the chosen frame. */
function valuePerW(a: Record<string, number>, method: 'shell' | 'lease', capex: number, months: number): Result<number> {
  return method === 'shell'
    ? contractedValue(a.rent, capex, a.cap_rate, a.noi_margin, months, a.discount_rate)
    : leaseValue(a.rent, capex, a.lease_term, a.discount_rate, a.cap_rate, a.noi_margin, a.escalator, months);
}

const MINING_PV_NEEDS = ['hashrate', 'efficiency', 'start_date', 'btc_price', 'network_hashrate', 'power_price'] as const;

/** The parts of a company (see the module comment), each a number or the reason it has none. */
export function sotpParts(a: SotpInputs) {
  const zero = (name: string) => a.values[name] === 0;
  const mining = zero('hashrate')
    ? { value: 0, missing: [] }
    : a.mining_method === 'pv'
      ? part('mining', a, MINING_PV_NEEDS, (v) => miningValue(v as unknown as MiningInputs))
      : part('mining', a, ['hashrate', 'ev_per_ehs'], (v) => finite(v.hashrate * v.ev_per_ehs, 'the mining value'));
  const contracted = part('contracted_hpc', a, ['contracted_mw'], (v) => {
    const perW = valuePerW(v, a.hpc_method, v.contracted_capex, v.energize_months);
    return isError(perW) ? perW : finite(v.contracted_mw * W_PER_MW * perW, 'the contracted HPC value');
  });
  const pipeline = zero('pipeline_mw')
    ? { value: 0, missing: [] }
    : part('pipeline', a, ['pipeline_mw', 'pipeline_probability'], (v) => {
        const perW = valuePerW(v, a.hpc_method, v.pipeline_capex, v.pipeline_months);
        return isError(perW) ? perW : finite(v.pipeline_mw * W_PER_MW * v.pipeline_probability * Math.max(0, perW), 'the pipeline value');
      });
  const bitcoin = zero('btc_held') ? { value: 0, missing: [] } : part('bitcoin', a, ['btc_held', 'btc_price'], (v) => finite(v.btc_held * v.btc_price, 'the bitcoin held'));
  const other = part('other_assets', a, ['other_assets'], (v) => v.other_assets);
  const netDebt = part('net_debt', a, ['debt', 'convertible_notes', 'cash'], (v) => finite(v.debt + v.convertible_notes - v.cash, 'the net debt'));
  return { mining, contracted, pipeline, bitcoin, other, netDebt };
}

export const SOTP_ROWS = [
  'mining', 'contracted_hpc', 'pipeline', 'bitcoin', 'other_assets', 'net_debt', 'equity_value',
  'market_value', 'upside', 'implied_ev', 'implied_ev_per_mw', 'missing_inputs',
] as const;
export const SOTP_HEADER = ['item', 'value', 'unit', 'per_share', 'note'] as const;

/** The first error among values (a missing input's #N/A, or a part's own #VALUE!/#NUM!). */
function firstError(values: readonly Result<number>[]): WattError | undefined {
  return values.find(isError) as WattError | undefined;
}

/** Sum of results: a number when every one is a number, else an error naming what is missing. */
function total(what: string, parts: readonly Part[]): Result<number> {
  const missing = [...new Set(parts.flatMap((p) => p.missing))];
  if (missing.length > 0) return naError(Messages.missingInputs(what, missing));
  const failed = firstError(parts.map((p) => p.value));
  if (failed) return failed;
  return finite(parts.reduce((s, p) => s + (p.value as number), 0), what);
}

/** The value of a result divided by shares, or the reason it cannot be. */
function perShare(value: Result<number>, shares: number | undefined): Result<number> {
  if (isError(value)) return value;
  if (shares === undefined) return naError(Messages.missingInputs('per share', ['shares']));
  return finite(value / shares, 'a value per share');
}

function methodNote(inputs: SotpInputs, item: string): string {
  const a: Record<string, number | undefined> = inputs.values;
  const pct = (x: number | undefined) => (x === undefined ? '?' : `${show(x * 100)}%`);
  const frame = inputs.hpc_method === 'shell'
    ? `powered shell: NOI (${show(a.rent)} USD/kW-month x ${pct(a.noi_margin)}) / cap rate ${pct(a.cap_rate)}`
    : `lease: PV of ${show(a.lease_term)} years of NOI at ${pct(a.discount_rate)} + terminal value at cap rate ${pct(a.cap_rate)}`;
  switch (item) {
    case 'mining':
      return inputs.mining_method === 'pv'
        ? `PV of mining cash flows over ${show(a.mining_years)} years at ${pct(a.discount_rate)} (WATT.PATHS mine path: halvings, curtailed when margin < 0, no refresh)`
        : `hashrate x EV per EH/s multiple (${a.ev_per_ehs === undefined ? '?' : show(a.ev_per_ehs)} USD per EH/s)`;
    case 'contracted_hpc':
      return `${frame}, discounted ${show(a.energize_months)} months to energization, less ${show(a.contracted_capex)} USD/W capex to spend`;
    case 'pipeline':
      return `${pct(a.pipeline_probability)} signed x (${frame}, ${show(a.pipeline_months)} months out, less ${show(a.pipeline_capex)} USD/W capex), floored at 0`;
    case 'bitcoin':
      return 'BTC held x BTC price';
    case 'other_assets':
      return 'as entered (0 if none: a blank is missing)';
    case 'net_debt':
      return 'debt + convertible notes (principal) - cash, subtracted';
    case 'equity_value':
      return 'sum of the rows above; per share on diluted shares';
    case 'market_value':
      return 'share price x diluted shares';
    case 'upside':
      return 'value per share / share price - 1; per_share: the difference in USD';
    case 'implied_ev':
      return 'equity value + net debt';
    case 'implied_ev_per_mw':
      return 'implied EV / operating MW (comparable with the comps template\'s EV / operating MW)';
    default:
      return 'inputs left out: the rows that need them show #N/A, never a number';
  }
}

/** WATT.SOTP's table: header (item, value, unit, per_share, note), then one row per SOTP_ROWS. */
export function sotpTable(range: unknown[][]): Result<TableCell[][]> {
  const inputs = readSotpInputs(range);
  if (isError(inputs)) return inputs;
  const a = inputs.values;
  const p = sotpParts(inputs);
  const negDebt: Part = { value: isError(p.netDebt.value) ? p.netDebt.value : -p.netDebt.value, missing: p.netDebt.missing };
  const parts = [p.mining, p.contracted, p.pipeline, p.bitcoin, p.other, negDebt];
  const equity = total('equity_value', parts);
  const shares = a.shares;
  const valuePerShare = perShare(equity, shares);
  const market: Result<number> = a.share_price === undefined || shares === undefined
    ? naError(Messages.missingInputs('market_value', [...(a.share_price === undefined ? ['share_price'] : []), ...(shares === undefined ? ['shares'] : [])]))
    : finite(a.share_price * shares, 'the market value');
  const upside: Result<number> = isError(valuePerShare) ? valuePerShare : isError(market) ? market : finite(valuePerShare / a.share_price! - 1, 'the upside');
  const upsidePerShare: Result<number> = isError(upside) ? upside : finite((valuePerShare as number) - a.share_price!, 'the upside per share');
  const ev: Result<number> = isError(equity) ? equity : isError(p.netDebt.value) ? p.netDebt.value : finite(equity + p.netDebt.value, 'the implied EV');
  const evPerMw: Result<number> = isError(ev) ? ev : a.operating_mw === undefined ? naError(Messages.missingInputs('implied_ev_per_mw', ['operating_mw'])) : finite(ev / a.operating_mw, 'EV per MW');
  const missing = [...new Set([...parts.flatMap((q) => q.missing), ...(shares === undefined ? ['shares'] : []), ...(a.share_price === undefined ? ['share_price'] : []), ...(a.operating_mw === undefined ? ['operating_mw'] : [])])];
  const row = (item: string, value: TableCell, unit: string, ps: TableCell): TableCell[] => [item, value, unit, ps, methodNote(inputs, item)];
  return [
    [...SOTP_HEADER],
    row('mining', p.mining.value, 'USD', perShare(p.mining.value, shares)),
    row('contracted_hpc', p.contracted.value, 'USD', perShare(p.contracted.value, shares)),
    row('pipeline', p.pipeline.value, 'USD', perShare(p.pipeline.value, shares)),
    row('bitcoin', p.bitcoin.value, 'USD', perShare(p.bitcoin.value, shares)),
    row('other_assets', p.other.value, 'USD', perShare(p.other.value, shares)),
    row('net_debt', negDebt.value, 'USD', perShare(negDebt.value, shares)),
    row('equity_value', equity, 'USD', valuePerShare),
    row('market_value', market, 'USD', a.share_price === undefined ? naError(Messages.missingInputs('share price', ['share_price'])) : a.share_price),
    row('upside', upside, 'fraction of the share price', upsidePerShare),
    row('implied_ev', ev, 'USD', null),
    row('implied_ev_per_mw', evPerMw, 'USD per MW of operating power', null),
    row('missing_inputs', missing.length > 0 ? missing.join(', ') : 'none', 'names', null),
  ];
}

/** miningValue with positional arguments, in WATT.MININGVALUE's order. */
export function miningValueOf(
  hashrate: number, efficiency: number, powerPrice: number, btcPrice: number, networkHashrate: number, startDate: number,
  years: number, discountRate: number, fees: number, uptime: number, poolFee: number, otherCost: number, btcPriceGrowth: number, networkHashrateGrowth: number,
): Result<number> {
  return miningValue({
    hashrate, efficiency, power_price: powerPrice, btc_price: btcPrice, network_hashrate: networkHashrate, start_date: startDate,
    mining_years: years, discount_rate: discountRate, fees, uptime, pool_fee: poolFee, other_cost: otherCost,
    btc_price_growth: btcPriceGrowth, network_hashrate_growth: networkHashrateGrowth,
  });
}
