/**
 * Live network data, the pure part: which metrics exist and their units, how each public API answer is
 * read (the shapes of the mempool.space REST API and CoinGecko's simple price), and how a metric is
 * derived from those answers. No I/O here: src/network fetches, caches and calls these.
 *
 * Sources (response shapes): mempool.space REST API documentation, https://mempool.space/docs/api/rest
 *   GET /api/v1/difficulty-adjustment  {progressPercent, difficultyChange (%), estimatedRetargetDate (ms),
 *                                       remainingBlocks, remainingTime, previousRetarget, nextRetargetHeight, ...}
 *   GET /api/v1/mining/hashrate/3d      {hashrates:[{timestamp, avgHashrate (H/s)}], difficulty:[...],
 *                                       currentHashrate (H/s), currentDifficulty}
 *   GET /api/v1/mining/reward-stats/144 {startBlock, endBlock, totalReward (sats), totalFee (sats), totalTx}
 *   GET /api/blocks/tip/height          plain text, the height of the chain tip
 *   GET /api/v1/prices                  {time, USD, EUR, GBP, CAD, CHF, AUD, JPY}
 * CoinGecko API v3, GET /simple/price?ids=bitcoin&vs_currencies=usd → {"bitcoin":{"usd":12345}}.
 */
import { impliedHashrate, SATS_PER_BTC, subsidy } from './bitcoin';
import { dateResult, serialFromDate } from './dates';
import { isError, Messages, naError, Result, valueError, WattError } from './errors';
import { hashprice } from './mining';

/** The metrics of WATT.NETWORK, each with its unit. */
export const NETWORK_METRICS = {
  difficulty: '(difficulty)',
  hashrate: 'EH/s (as the source estimates it)',
  implied_hashrate: 'EH/s (from difficulty)',
  height: '(block height)',
  subsidy: 'BTC per block',
  fees: 'BTC per block (average of the last 144 blocks)',
  hashprice: 'USD per PH/s per day',
  next_retarget_height: '(block height)',
  retarget_change: '% (expected change at the next retarget)',
  retarget_date: '(Excel date serial, UTC)',
} as const;

export type NetworkMetric = keyof typeof NETWORK_METRICS;
/** WATT.ASOF also knows the price of WATT.BTCPRICE. */
export type DataMetric = NetworkMetric | 'btc_price';
export const DATA_METRICS: Record<DataMetric, string> = { ...NETWORK_METRICS, btc_price: 'USD per BTC (or the currency asked)' };

/** Currencies mempool.space prices in; CoinGecko knows them too (lower case). */
export const CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'CHF', 'AUD', 'JPY'] as const;
export type Currency = (typeof CURRENCIES)[number];

export const SOURCES = ['mempool'] as const;
export type NetworkSource = (typeof SOURCES)[number];

function choose<T extends string>(arg: string, text: string, known: readonly T[]): Result<T> {
  const key = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const found = known.find((k) => k.toLowerCase() === key);
  return found ?? valueError(Messages.unknownChoice(arg, text, known.join(', ')));
}

export const parseMetric = (text: string): Result<NetworkMetric> => choose('metric', text, Object.keys(NETWORK_METRICS) as NetworkMetric[]);
export const parseDataMetric = (text: string): Result<DataMetric> => choose('metric', text, Object.keys(DATA_METRICS) as DataMetric[]);
export const parseSource = (text: string): Result<NetworkSource> => choose('source', text, SOURCES);
export const parseCurrency = (text: string): Result<Currency> => choose('currency', text, CURRENCIES);

/** The endpoints a metric reads. */
export type EndpointId = 'difficulty-adjustment' | 'hashrate' | 'reward-stats' | 'tip-height' | 'prices' | 'coingecko';

export interface DifficultyAdjustment {
  progressPercent: number;
  difficultyChange: number;
  estimatedRetargetDate: number;
  remainingBlocks: number;
  nextRetargetHeight: number;
}
export interface HashrateStats {
  /** H/s */
  currentHashrate: number;
  currentDifficulty: number;
}
export interface RewardStats {
  startBlock: number;
  endBlock: number;
  /** satoshis */
  totalReward: number;
  /** satoshis */
  totalFee: number;
}

/**
 * Plausibility bounds: every number read from the network passes one of these before a cell shows it or
 * "Freeze as inputs" writes it. A value outside is refused like a failed request (the cell keeps the last
 * good value, marked stale with the reason, or shows #N/A naming the source and the check). The bounds
 * are wide enough for decades of growth and narrow enough to refuse a wrong unit or a garbled answer.
 */
export interface Bound {
  min: number;
  /** true: the value must be > min (not >=). */
  minExclusive?: boolean;
  max: number;
  unit: string;
  /** Why these limits (kept with the numbers, shown nowhere else). */
  why: string;
}

export const BOUNDS = {
  btc_price: {
    min: 1,
    max: 1e8,
    unit: 'USD per BTC',
    why: 'BTC has not traded below 1 USD since 2011 (a fraction means a wrong unit); 1e8 USD is about 1,000 times the 2025 price and would value the 21 million BTC at 2.1e15 USD, some twenty times world GDP.',
  },
  difficulty: {
    min: 1,
    max: 1e18,
    unit: '',
    why: 'Difficulty 1 is the protocol minimum. 1e18 is about 6,700 times the ~1.5e14 of late 2025 and implies 7.2 million EH/s, which even at 1 J/TH (15 times better than 2025 miners) would draw 7 TW, twice the world\'s average electricity generation.',
  },
  hashrate: {
    min: 0,
    minExclusive: true,
    max: 1e7,
    unit: 'EH/s',
    why: 'A hashrate is positive; 1e7 EH/s is the difficulty bound above in hashrate (7 TW at 1 J/TH).',
  },
  height: {
    min: 0,
    max: 1e7,
    unit: '(block height)',
    why: 'Block 10 million is some 170 years away at 144 blocks a day (height ~925,000 in late 2025); the subsidy ends at 6,930,000.',
  },
  fees: {
    min: 0,
    max: 50,
    unit: 'BTC per block',
    why: 'An average over 144 blocks: the highest such averages seen were of the order of 10 BTC (December 2017; the April 2024 halving, whose block 840,000 alone paid some 37.6 BTC). 50 BTC, the first epoch\'s whole subsidy, is about five times that; 21 million BTC would be physical but useless as a check.',
  },
  retarget_change: {
    min: -75,
    max: 300,
    unit: '%',
    why: 'The protocol limits a retarget to a factor of 4 either way: from -75% to +300%.',
  },
  retarget_blocks: {
    min: 0,
    max: 2016,
    unit: 'blocks',
    why: 'A retarget period is 2016 blocks: the blocks remaining and a reward-stats window lie within one.',
  },
  retarget_progress: {
    min: 0,
    max: 100,
    unit: '%',
    why: 'Progress through a retarget period is a percentage.',
  },
  retarget_days: {
    min: 0,
    minExclusive: true,
    max: 366,
    unit: 'days',
    why: 'The next retarget comes 2016 blocks after the previous one: 14 days at the target pace, 56 days at a quarter of it (the most one retarget corrects). A year leaves room for a stalled chain; seconds read as milliseconds (1970) or milliseconds as microseconds (year 56,000) are refused.',
  },
  since_genesis: {
    min: 0,
    max: 1e14,
    unit: 'ms',
    why: 'A retarget happens after the genesis block (2009-01-03 18:15:05 UTC) and before year 5,000 or so.',
  },
} as const satisfies Record<string, Bound>;

/**
 * Currency units per USD, at most, for the price bound in other currencies: JPY has traded between
 * ~75 and ~360 per USD since 1971 (1,000 leaves room); the others within a factor of 2 of USD (5).
 */
const MAX_UNITS_PER_USD: Record<Currency, number> = { USD: 1, EUR: 5, GBP: 5, CAD: 5, CHF: 5, AUD: 5, JPY: 1000 };

function range(b: Bound, max: number, unit: string): string {
  const fmt = (x: number) => (Math.abs(x) >= 1e6 ? x.toExponential() : String(x));
  return `${b.minExclusive ? 'above ' : ''}${fmt(b.min)} to ${fmt(max)}${unit ? ` ${unit}` : ''}`;
}

/** The value, or #N/A "refused <what> = <value>: outside the plausible range <min> to <max> <unit>". */
export function checkBound(key: keyof typeof BOUNDS, value: number, what: string = key): Result<number> {
  const b: Bound = BOUNDS[key];
  return within(b, value, b.max) ? value : naError(Messages.implausible(what, value, range(b, b.max, b.unit)));
}

function within(b: Bound, value: number, max: number): boolean {
  return Number.isFinite(value) && (b.minExclusive ? value > b.min : value >= b.min) && value <= max;
}

/** A BTC price in a currency: BOUNDS.btc_price, its maximum scaled by the currency's units per USD. */
export function checkPrice(value: number, currency: Currency, what: string): Result<number> {
  const b: Bound = BOUNDS.btc_price;
  const max = b.max * MAX_UNITS_PER_USD[currency];
  return within(b, value, max) ? value : naError(Messages.implausible(what, value, range(b, max, `${currency} per BTC`)));
}

/** A block height: a whole number in BOUNDS.height. */
export function checkHeight(value: number, what: string): Result<number> {
  if (!Number.isInteger(value)) return naError(Messages.malformedResponse(`${what} is not a whole number (${value})`));
  return checkBound('height', value, what);
}

/** A new tip height against the last good one: never lower (mempool.space reorgs replace a tip by a longer chain). */
export function checkHeightProgress(next: number, last: number | undefined): Result<number> {
  return last !== undefined && next < last ? naError(Messages.heightBackwards('tip height', next, last)) : next;
}

/** Text → JSON, or `#N/A` "malformed response" (never an exception). */
export function parseJson(text: string): Result<unknown> {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return naError(Messages.malformedResponse(`not JSON (${text.length > 40 ? text.slice(0, 37) + '...' : text || 'empty'})`));
  }
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A finite number, or a numeric string (mempool sends satoshi totals as strings). */
function numberField(obj: unknown, field: string, what: string): Result<number> {
  if (obj === null || typeof obj !== 'object') return naError(Messages.malformedResponse(`${what} is not an object`));
  const raw = (obj as Record<string, unknown>)[field];
  // Decimal notation only: Number() would also read "0x10", "0b1" or " " (as 16, 1 and 0).
  const value = typeof raw === 'string' && DECIMAL.test(raw.trim()) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value)) return naError(Messages.malformedResponse(`${what}.${field} is not a number`));
  return value;
}

function fields<K extends string>(obj: unknown, keys: readonly K[], what: string): Result<Record<K, number>> {
  const out = {} as Record<K, number>;
  for (const k of keys) {
    const v = numberField(obj, k, what);
    if (typeof v !== 'number') return v;
    out[k] = v;
  }
  return out;
}

/** First error of a list of checks, or undefined. */
function firstError(...checks: Result<unknown>[]): WattError | undefined {
  return checks.find(isError) as WattError | undefined;
}

const MS_PER_DAY = 86_400_000;
/** The genesis block's timestamp, 2009-01-03 18:15:05 UTC. */
const GENESIS_MS = 1231006505000;

/**
 * The estimated retarget date must follow the previous retarget (`previousTime`, in seconds) by at most
 * BOUNDS.retarget_days; the previous retarget is after the genesis block. The next retarget height is a
 * multiple of 2016 (the retarget interval).
 */
export function parseDifficultyAdjustment(json: unknown): Result<DifficultyAdjustment> {
  const all = fields(json, ['progressPercent', 'difficultyChange', 'estimatedRetargetDate', 'remainingBlocks', 'nextRetargetHeight', 'previousTime'] as const, 'difficulty-adjustment');
  if (isError(all)) return all;
  const { previousTime, ...r } = all;
  const bad = firstError(
    checkBound('retarget_progress', r.progressPercent, 'progressPercent'),
    checkBound('retarget_change', r.difficultyChange, 'difficultyChange'),
    checkBound('retarget_blocks', r.remainingBlocks, 'remainingBlocks'),
    checkHeight(r.nextRetargetHeight, 'nextRetargetHeight'),
    checkBound('since_genesis', previousTime * 1000 - GENESIS_MS, 'previousTime (ms after the genesis block)'),
    checkBound('retarget_days', (r.estimatedRetargetDate - previousTime * 1000) / MS_PER_DAY, 'estimatedRetargetDate (days after previousTime)'),
  );
  if (bad) return bad;
  if (r.nextRetargetHeight % 2016 !== 0) return naError(Messages.malformedResponse(`nextRetargetHeight ${r.nextRetargetHeight} is not a multiple of 2016`));
  return r;
}

export function parseHashrate(json: unknown): Result<HashrateStats> {
  const r = fields(json, ['currentHashrate', 'currentDifficulty'] as const, 'hashrate');
  if (isError(r)) return r;
  return firstError(checkBound('hashrate', r.currentHashrate / 1e18, 'currentHashrate'), checkBound('difficulty', r.currentDifficulty, 'currentDifficulty')) ?? r;
}

export function parseRewardStats(json: unknown): Result<RewardStats> {
  const r = fields(json, ['startBlock', 'endBlock', 'totalReward', 'totalFee'] as const, 'reward-stats');
  if (isError(r)) return r;
  if (r.endBlock < r.startBlock) return naError(Messages.malformedResponse('reward-stats: endBlock before startBlock'));
  const bad = firstError(
    checkHeight(r.startBlock, 'startBlock'),
    checkHeight(r.endBlock, 'endBlock'),
    checkBound('retarget_blocks', r.endBlock - r.startBlock + 1, 'blocks in the window (endBlock - startBlock + 1)'),
  );
  if (bad) return bad;
  // The fee average is what a cell shows: bounded per block (BOUNDS.fees), which also refuses a negative total.
  return firstError(checkBound('fees', feesPerBlock(r), 'fees (totalFee / blocks / 1e8, BTC per block)')) ?? r;
}

export function parseTipHeight(text: string): Result<number> {
  const t = text.trim();
  // Decimal digits only: "0x10", "1e5", "12.0" or "-1" are not a height.
  if (!/^\d{1,15}$/.test(t)) return naError(Messages.malformedResponse(`tip height is not a decimal whole number (${t.slice(0, 20) || 'empty'})`));
  return checkHeight(Number(t), 'tip height');
}

/** mempool.space /api/v1/prices: the price in the currency asked (0 means "no price": refused). */
export function parsePrices(json: unknown, currency: Currency): Result<number> {
  const v = numberField(json, currency, 'prices');
  if (typeof v !== 'number') return v;
  return v > 0 ? checkPrice(v, currency, `prices.${currency}`) : naError(Messages.malformedResponse(`prices.${currency} is not a positive price`));
}

/** mempool.space /api/v1/prices as a table of the currencies it prices (one answer serves them all). */
export function parsePriceTable(json: unknown): Result<Partial<Record<Currency, number>>> {
  const table: Partial<Record<Currency, number>> = {};
  for (const c of CURRENCIES) {
    const v = parsePrices(json, c);
    // A currency priced 0 (or absent) is not priced; an implausible price condemns the whole answer.
    if (isError(v) && v.message.startsWith('refused')) return v;
    if (!isError(v)) table[c] = v;
  }
  return Object.keys(table).length > 0 ? table : naError(Messages.malformedResponse('prices has no positive price in any currency'));
}

/** CoinGecko /simple/price: {"bitcoin":{"usd":12345}}. */
export function parseCoinGecko(json: unknown, currency: Currency): Result<number> {
  const bitcoin = json !== null && typeof json === 'object' ? (json as Record<string, unknown>).bitcoin : undefined;
  const v = numberField(bitcoin, currency.toLowerCase(), 'bitcoin');
  if (typeof v !== 'number') return v;
  return v > 0 ? checkPrice(v, currency, `bitcoin.${currency.toLowerCase()}`) : naError(Messages.malformedResponse(`bitcoin.${currency.toLowerCase()} is not a positive price`));
}

/** Fees per block in BTC: total fees of the window (sats) / blocks in it / 10^8. */
export function feesPerBlock(stats: RewardStats): number {
  const blocks = stats.endBlock - stats.startBlock + 1;
  return stats.totalFee / blocks / SATS_PER_BTC;
}

/**
 * Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP date. Milliseconds to wait from `nowMs`, or
 * undefined when absent or unreadable. A date in the past means 0; more than MAX_RETRY_AFTER_MS is capped.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  const t = header.trim();
  if (/^\d+$/.test(t)) return Math.min(MAX_RETRY_AFTER_MS, Number(t) * 1000);
  const date = Date.parse(t);
  return Number.isNaN(date) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - nowMs));
}

/**
 * The longest a server's Retry-After can silence an endpoint: an hour, the age after which a value is
 * no longer shown anyway. A server asking for a day (or 1e20 s) is then asked again after an hour.
 */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** What each metric reads. */
export const METRIC_ENDPOINTS: Record<NetworkMetric, readonly EndpointId[]> = {
  difficulty: ['hashrate'],
  hashrate: ['hashrate'],
  implied_hashrate: ['hashrate'],
  height: ['tip-height'],
  subsidy: ['tip-height'],
  fees: ['reward-stats'],
  hashprice: ['prices', 'hashrate', 'reward-stats', 'tip-height'],
  next_retarget_height: ['difficulty-adjustment'],
  retarget_change: ['difficulty-adjustment'],
  retarget_date: ['difficulty-adjustment'],
};

/** The parsed answers a derivation may use (only those of METRIC_ENDPOINTS[metric] are present). */
export interface Answers {
  'difficulty-adjustment'?: DifficultyAdjustment;
  hashrate?: HashrateStats;
  'reward-stats'?: RewardStats;
  'tip-height'?: number;
  /** BTC price in the currency asked (USD for hashprice). */
  prices?: number;
}

function need<T>(value: T | undefined, what: string): Result<T> {
  return value === undefined ? naError(Messages.malformedResponse(`${what} missing`)) : value;
}

/**
 * A metric from the parsed answers. Hashprice is priced from difficulty as the Hashrate Index does:
 * hashprice(price, impliedHashrate(difficulty), fees, subsidy(tip height + 1)), the subsidy of the next
 * block to be mined. Subsidy likewise is that of the next block (the one miners are working on).
 */
export function deriveMetric(metric: NetworkMetric, a: Answers): Result<number> {
  // The answers were checked against BOUNDS when they were read; this last gate keeps any derivation
  // from handing a cell (or --json, as null) something that is not a finite number.
  const v = derive(metric, a);
  if (isError(v) || Number.isFinite(v)) return v;
  return naError(Messages.malformedResponse(`${metric} would not be a finite number (${v})`));
}

function derive(metric: NetworkMetric, a: Answers): Result<number> {
  const hr = () => need(a.hashrate, 'hashrate');
  const da = () => need(a['difficulty-adjustment'], 'difficulty-adjustment');
  switch (metric) {
    case 'difficulty': {
      const h = hr();
      return isError(h) ? h : h.currentDifficulty;
    }
    case 'hashrate': {
      const h = hr();
      return isError(h) ? h : h.currentHashrate / 1e18;
    }
    case 'implied_hashrate': {
      const h = hr();
      return isError(h) ? h : impliedHashrate(h.currentDifficulty);
    }
    case 'height':
      return need(a['tip-height'], 'tip height');
    case 'subsidy': {
      const t = need(a['tip-height'], 'tip height');
      return typeof t === 'number' ? subsidy(t + 1) : t;
    }
    case 'fees': {
      const r = need(a['reward-stats'], 'reward-stats');
      return isError(r) ? r : feesPerBlock(r);
    }
    case 'hashprice': {
      const price = need(a.prices, 'price');
      const h = hr();
      const r = need(a['reward-stats'], 'reward-stats');
      const t = need(a['tip-height'], 'tip height');
      if (typeof price !== 'number') return price;
      if (isError(h)) return h;
      if (isError(r)) return r;
      if (typeof t !== 'number') return t;
      return hashprice(price, impliedHashrate(h.currentDifficulty), feesPerBlock(r), subsidy(t + 1));
    }
    case 'next_retarget_height': {
      const d = da();
      return isError(d) ? d : d.nextRetargetHeight;
    }
    case 'retarget_change': {
      const d = da();
      return isError(d) ? d : d.difficultyChange;
    }
    case 'retarget_date': {
      const d = da();
      return isError(d) ? d : dateResult(serialFromDate(new Date(d.estimatedRetargetDate)), 'the retarget date');
    }
  }
}
