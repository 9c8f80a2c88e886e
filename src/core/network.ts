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
import { isError, Messages, naError, Result, valueError } from './errors';
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

/** Text → JSON, or `#N/A` "malformed response" (never an exception). */
export function parseJson(text: string): Result<unknown> {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return naError(Messages.malformedResponse(`not JSON (${text.length > 40 ? text.slice(0, 37) + '...' : text || 'empty'})`));
  }
}

/** A finite number, or a numeric string (mempool sends satoshi totals as strings). */
function numberField(obj: unknown, field: string, what: string): Result<number> {
  if (obj === null || typeof obj !== 'object') return naError(Messages.malformedResponse(`${what} is not an object`));
  const raw = (obj as Record<string, unknown>)[field];
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
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

export function parseDifficultyAdjustment(json: unknown): Result<DifficultyAdjustment> {
  return fields(json, ['progressPercent', 'difficultyChange', 'estimatedRetargetDate', 'remainingBlocks', 'nextRetargetHeight'] as const, 'difficulty-adjustment');
}

export function parseHashrate(json: unknown): Result<HashrateStats> {
  const r = fields(json, ['currentHashrate', 'currentDifficulty'] as const, 'hashrate');
  if (isError(r)) return r;
  if (r.currentHashrate <= 0 || r.currentDifficulty <= 0) return naError(Messages.malformedResponse('hashrate: currentHashrate and currentDifficulty must be > 0'));
  return r;
}

export function parseRewardStats(json: unknown): Result<RewardStats> {
  const r = fields(json, ['startBlock', 'endBlock', 'totalReward', 'totalFee'] as const, 'reward-stats');
  if (isError(r)) return r;
  if (r.endBlock < r.startBlock || r.totalFee < 0) return naError(Messages.malformedResponse('reward-stats: endBlock before startBlock or a negative fee total'));
  return r;
}

export function parseTipHeight(text: string): Result<number> {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return naError(Messages.malformedResponse(`tip height is not a whole number (${t.slice(0, 20) || 'empty'})`));
  return Number(t);
}

/** mempool.space /api/v1/prices: the price in the currency asked (0 means "no price": refused). */
export function parsePrices(json: unknown, currency: Currency): Result<number> {
  const v = numberField(json, currency, 'prices');
  if (typeof v !== 'number') return v;
  return v > 0 ? v : naError(Messages.malformedResponse(`prices.${currency} is not a positive price`));
}

/** mempool.space /api/v1/prices as a table of the currencies it prices (one answer serves them all). */
export function parsePriceTable(json: unknown): Result<Partial<Record<Currency, number>>> {
  const table: Partial<Record<Currency, number>> = {};
  for (const c of CURRENCIES) {
    const v = parsePrices(json, c);
    if (!isError(v)) table[c] = v;
  }
  return Object.keys(table).length > 0 ? table : naError(Messages.malformedResponse('prices has no positive price in any currency'));
}

/** CoinGecko /simple/price: {"bitcoin":{"usd":12345}}. */
export function parseCoinGecko(json: unknown, currency: Currency): Result<number> {
  const bitcoin = json !== null && typeof json === 'object' ? (json as Record<string, unknown>).bitcoin : undefined;
  const v = numberField(bitcoin, currency.toLowerCase(), 'bitcoin');
  if (typeof v !== 'number') return v;
  return v > 0 ? v : naError(Messages.malformedResponse(`bitcoin.${currency.toLowerCase()} is not a positive price`));
}

/** Fees per block in BTC: total fees of the window (sats) / blocks in it / 10^8. */
export function feesPerBlock(stats: RewardStats): number {
  const blocks = stats.endBlock - stats.startBlock + 1;
  return stats.totalFee / blocks / SATS_PER_BTC;
}

/**
 * Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP date. Milliseconds to wait from `nowMs`, or
 * undefined when absent or unreadable. A date in the past means 0.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  const t = header.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const date = Date.parse(t);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

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
