/**
 * The network data provider: one cache shared by every cell, the CLI and the task pane.
 *
 * - One fetch per endpoint per time-to-live, however many cells ask; identical requests under way share
 *   one in-flight fetch.
 * - A request that times out, fails, returns HTTP 429 or 5xx, or malformed JSON leaves the last good
 *   answer in place: a metric then shows that answer while it is younger than `maxAgeMs` and is marked
 *   stale with the reason; older or never fetched, it is `#N/A` naming the source and the failure.
 * - After a failure the endpoint is not called again before Retry-After (when the server sent one) or
 *   `failureBackoffMs`, whichever is later; in the meantime reads answer from the cache at once.
 * - Never throws, never invents a number. The fetch function and the clock are injected (tests).
 *
 * Reads come in two forms: `read` is synchronous (a value, an error, or "pending" with the promise to
 * await: what the custom-function wrappers and the embedded engine use), `value` is the awaited form.
 */
import {
  Answers,
  Currency,
  DATA_METRICS,
  DataMetric,
  deriveMetric,
  EndpointId,
  METRIC_ENDPOINTS,
  NetworkMetric,
  parseCoinGecko,
  parseDifficultyAdjustment,
  parseHashrate,
  parseJson,
  parsePriceTable,
  parseRetryAfter,
  parseRewardStats,
  parseTipHeight,
  checkHeightProgress,
} from '../core/network';
import { isError, Messages, naError, Result, WattError } from '../core/errors';

/** The part of the WHATWG fetch API the provider uses (global fetch fits; tests may pass their own). */
export type FetchLike = (
  url: string,
  init: { signal: AbortSignal; headers: Record<string, string>; redirect: 'manual' },
) => Promise<FetchResponse>;

/** The part of a WHATWG Response the provider reads. `body` (a stream) lets it stop reading past the size cap. */
export interface FetchResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  body?: ReadableStream<Uint8Array> | null;
  /** "opaqueredirect" in a browser for a redirect under redirect: 'manual' (status 0, no Location). */
  type?: string;
}

export interface NetworkOptions {
  /** mempool.space REST API base, with /api: default https://mempool.space/api. */
  mempoolUrl: string;
  /** CoinGecko API v3 base: default https://api.coingecko.com/api/v3. */
  coingeckoUrl: string;
  fetch: FetchLike;
  /** Clock in ms since 1970 (Date.now). */
  now: () => number;
  /** A request without an answer after this long has failed. Default 5000 ms. */
  timeoutMs: number;
  /** A value older than this is never shown (the cell is #N/A). Default one hour. */
  maxAgeMs: number;
  /** Time-to-live of prices (prices, CoinGecko). Default 60 s. */
  priceTtlMs: number;
  /** Time-to-live of difficulty, hashrate, fees and retarget data. Default 10 minutes. */
  slowTtlMs: number;
  /** Time-to-live of the tip height (and so the subsidy). Default 60 s. */
  heightTtlMs: number;
  /** After a failure without Retry-After, the endpoint rests this long. Default 30 s, at least 1 s. */
  failureBackoffMs: number;
  /**
   * A response body larger than this is refused (checked on content-length, then while reading: the
   * read stops there). Default 1 MiB: the largest answer Watt reads, hashrate/3d, is a few kB.
   */
  maxResponseBytes: number;
}

export const DEFAULT_MEMPOOL_URL = 'https://mempool.space/api';
export const DEFAULT_COINGECKO_URL = 'https://api.coingecko.com/api/v3';

export const DEFAULT_OPTIONS: Omit<NetworkOptions, 'fetch'> = {
  mempoolUrl: DEFAULT_MEMPOOL_URL,
  coingeckoUrl: DEFAULT_COINGECKO_URL,
  now: () => Date.now(),
  timeoutMs: 5000,
  maxAgeMs: 60 * 60 * 1000,
  priceTtlMs: 60 * 1000,
  slowTtlMs: 10 * 60 * 1000,
  heightTtlMs: 60 * 1000,
  failureBackoffMs: 30 * 1000,
  maxResponseBytes: 1024 * 1024,
};

/** Redirects followed per request, each to the same origin (scheme, host and port) only. */
export const MAX_REDIRECTS = 3;

/** A value a cell may show: when it was fetched (ms), from where, and why it is stale if it is. */
export interface Reading {
  value: number;
  fetchedAt: number;
  sources: string[];
  /** Present when the value is the last good one because the latest attempt failed: the reason. */
  stale?: string;
}

export type Read = Reading | WattError | Pending;

/** An answer not yet known: await `promise`, then read again. */
export class Pending<T = unknown> {
  constructor(
    readonly promise: Promise<T>,
    readonly what: string,
  ) {}
}

export const isPending = (r: unknown): r is Pending => r instanceof Pending;

/** What the task pane shows for each endpoint. */
export interface EndpointStatus {
  endpoint: string;
  url: string;
  /** ms since 1970 of the last good answer, if any. */
  fetchedAt?: number;
  ageMs?: number;
  /** true when the last attempt failed (the value shown, if any, is the last good one). */
  stale: boolean;
  lastError?: string;
  lastErrorAt?: number;
  /** ms since 1970 before which the endpoint will not be called (Retry-After or back-off). */
  retryNotBefore?: number;
  inFlight: boolean;
  requests: number;
}

interface Entry {
  endpoint: string;
  url: string;
  source: string;
  ttlMs: number;
  parse: (text: string) => Result<unknown>;
  good?: { data: unknown; fetchedAt: number };
  error?: { message: string; at: number };
  retryNotBefore?: number;
  inflight?: Promise<void>;
  requests: number;
}

/** Host name of a URL for messages ("mempool.space"); the URL itself when it cannot be parsed. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

export class NetworkProvider {
  readonly options: NetworkOptions;
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<() => void>();
  /** The highest tip height accepted so far: kept across clear(), so a refresh cannot step the chain back. */
  private highestHeight?: number;

  constructor(options: Partial<NetworkOptions> & { fetch?: FetchLike } = {}) {
    const fetchFn = options.fetch ?? (typeof fetch === 'function' ? (fetch as unknown as FetchLike) : undefined);
    if (!fetchFn) throw new Error('NetworkProvider: no fetch function available');
    this.options = { ...DEFAULT_OPTIONS, ...options, fetch: fetchFn };
    // A failing endpoint is never asked more than once a second, whatever the setting.
    this.options.failureBackoffMs = Math.max(1000, this.options.failureBackoffMs);
  }

  /** Forgets every cached answer and error (the "Refresh data" button). Requests under way finish unseen. */
  clear(): void {
    this.entries.clear();
    this.notify();
  }

  /** Called after every fetch settles and on clear (the task pane redraws). Returns an unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): EndpointStatus[] {
    const now = this.options.now();
    return [...this.entries.values()].map((e) => ({
      endpoint: e.endpoint,
      url: e.url,
      fetchedAt: e.good?.fetchedAt,
      ageMs: e.good ? now - e.good.fetchedAt : undefined,
      stale: e.error !== undefined && (!e.good || e.error.at >= e.good.fetchedAt),
      lastError: e.error?.message,
      lastErrorAt: e.error?.at,
      retryNotBefore: e.retryNotBefore !== undefined && e.retryNotBefore > now ? e.retryNotBefore : undefined,
      inFlight: e.inflight !== undefined,
      requests: e.requests,
    }));
  }

  /** Synchronous read of a WATT.NETWORK metric (or "btc_price"): a reading, an error, or pending. */
  read(metric: DataMetric, currency: Currency = 'USD'): Read {
    return this.readWith(metric, currency, true);
  }

  /** `retryFailed` false: an endpoint whose last attempt failed answers from the cache (no new attempt). */
  private readWith(metric: DataMetric, currency: Currency, retryFailed: boolean): Read {
    if (metric === 'btc_price') return this.readPrice(currency, retryFailed);
    const parts = METRIC_ENDPOINTS[metric].map((id) => [id, id === 'prices' ? this.readPrice('USD', retryFailed) : this.readEndpoint(this.entry(id), retryFailed)] as const);
    const error = parts.find(([, r]) => isError(r));
    if (error) return error[1] as WattError;
    const pending = parts.filter(([, r]) => isPending(r)).map(([, r]) => (r as Pending).promise);
    if (pending.length > 0) return new Pending(Promise.all(pending), metric);
    const answers: Record<string, unknown> = {};
    const readings = parts.map(([id, r]) => {
      const reading = r as Reading & { data: unknown };
      answers[id] = id === 'prices' ? reading.value : reading.data;
      return reading;
    });
    const value = deriveMetric(metric as NetworkMetric, answers as Answers);
    if (isError(value)) return value;
    const stale = readings.filter((r) => r.stale).map((r) => r.stale);
    return {
      value,
      fetchedAt: Math.min(...readings.map((r) => r.fetchedAt)),
      sources: [...new Set(readings.flatMap((r) => r.sources))],
      ...(stale.length > 0 ? { stale: stale.join('; ') } : {}),
    };
  }

  /** The awaited form of `read`: a reading or an error, never pending, never a rejection. */
  async value(metric: DataMetric, currency: Currency = 'USD'): Promise<Reading | WattError> {
    // Each pass either answers or awaits a fetch that leaves the endpoint answered or resting, so two
    // passes suffice; the bound guards against a clock that stands still with a zero TTL.
    for (let pass = 0; pass < 4; pass++) {
      // After the first pass, a fetch that failed is not repeated: its endpoint answers from the cache.
      const r = this.readWith(metric, currency, pass === 0);
      if (!isPending(r)) return r;
      await r.promise.catch(() => undefined);
    }
    return naError(Messages.fetching(metric));
  }

  /** Every metric at once (CLI, "Freeze as inputs"). */
  async snapshot(currency: Currency = 'USD'): Promise<Record<DataMetric, Reading | WattError>> {
    const metrics = Object.keys(DATA_METRICS) as DataMetric[];
    const values = await Promise.all(metrics.map((m) => this.value(m, currency)));
    return Object.fromEntries(metrics.map((m, i) => [m, values[i]])) as Record<DataMetric, Reading | WattError>;
  }

  /** The BTC price: mempool.space first; CoinGecko when mempool.space fails; a stale value last. */
  private readPrice(currency: Currency, retryFailed = true): Reading | WattError | Pending {
    const table = this.readEndpoint(this.entry('prices'), retryFailed);
    if (isPending(table)) return table;
    const primary = isError(table) ? table : pickCurrency(table, currency);
    if (!isError(primary) && !primary.stale) return primary;
    const fallback = this.readEndpoint(this.entry('coingecko', currency), retryFailed);
    if (isPending(fallback)) return fallback;
    if (!isError(fallback) && !fallback.stale) return fallback;
    if (!isError(primary)) return primary;
    if (!isError(fallback)) return fallback;
    return naError(Messages.bothPriceSourcesFailed(primary.message, fallback.message));
  }

  private entry(id: EndpointId, currency: Currency = 'USD'): Entry {
    const o = this.options;
    const mempool = trimSlash(o.mempoolUrl);
    const defs: Record<EndpointId, () => Omit<Entry, 'requests' | 'endpoint'>> = {
      'difficulty-adjustment': () => ({ url: `${mempool}/v1/difficulty-adjustment`, source: hostOf(mempool), ttlMs: o.slowTtlMs, parse: (t) => json(t, parseDifficultyAdjustment) }),
      hashrate: () => ({ url: `${mempool}/v1/mining/hashrate/3d`, source: hostOf(mempool), ttlMs: o.slowTtlMs, parse: (t) => json(t, parseHashrate) }),
      'reward-stats': () => ({ url: `${mempool}/v1/mining/reward-stats/144`, source: hostOf(mempool), ttlMs: o.slowTtlMs, parse: (t) => json(t, parseRewardStats) }),
      'tip-height': () => ({ url: `${mempool}/blocks/tip/height`, source: hostOf(mempool), ttlMs: o.heightTtlMs, parse: parseTipHeight }),
      prices: () => ({ url: `${mempool}/v1/prices`, source: hostOf(mempool), ttlMs: o.priceTtlMs, parse: (t) => json(t, parsePriceTable) }),
      coingecko: () => {
        const base = trimSlash(o.coingeckoUrl);
        return { url: `${base}/simple/price?ids=bitcoin&vs_currencies=${currency.toLowerCase()}`, source: hostOf(base), ttlMs: o.priceTtlMs, parse: (t) => json(t, (j) => parseCoinGecko(j, currency)) };
      },
    };
    const def = defs[id]();
    // Keyed by URL: one mempool /prices answer serves every currency; CoinGecko's URL names the currency.
    let e = this.entries.get(def.url);
    if (!e) {
      e = { ...def, endpoint: id === 'coingecko' ? `${id} ${currency}` : id, requests: 0 };
      this.entries.set(def.url, e);
    }
    return e;
  }

  /** The cached answer of one endpoint, fetching when it has expired and the endpoint is not resting. */
  private readEndpoint(e: Entry, retryFailed = true): (Reading & { data: unknown }) | WattError | Pending {
    const now = this.options.now();
    const failedLast = e.error !== undefined && (!e.good || e.error.at >= e.good.fetchedAt);
    if (e.good && !failedLast && now - e.good.fetchedAt < e.ttlMs) return this.reading(e);
    if (e.inflight) return new Pending(e.inflight, e.endpoint);
    const resting = failedLast && (!retryFailed || (e.retryNotBefore !== undefined && now < e.retryNotBefore));
    if (!resting) return new Pending(this.fetch(e), e.endpoint);
    return this.fallback(e, now);
  }

  /** An endpoint's answer as a reading; `value` is the answer itself where it is one number (prices, height). */
  private reading(e: Entry, stale?: string): Reading & { data: unknown } {
    const data = e.good!.data;
    return { value: typeof data === 'number' ? data : NaN, data, fetchedAt: e.good!.fetchedAt, sources: [e.url], ...(stale ? { stale } : {}) };
  }

  /** After a failure: the last good answer while young enough (stale, with the reason), else #N/A. */
  private fallback(e: Entry, now: number): (Reading & { data: unknown }) | WattError {
    const reason = Messages.networkFailure(e.source, e.error!.message);
    if (e.good && now - e.good.fetchedAt <= this.options.maxAgeMs) return this.reading(e, reason);
    return naError(Messages.networkUnavailable(e.source, e.error!.message, Math.round(this.options.maxAgeMs / 60000)));
  }

  private fetch(e: Entry): Promise<void> {
    const { timeoutMs, now } = this.options;
    e.requests++;
    // Started after the current synchronous job (a whole recalculation of the embedded engine may hold
    // the event loop for a second): the timeout then measures the network, not the calculation.
    const attempt = Promise.resolve()
      .then(() => fetchText(this.options.fetch, e.url, timeoutMs, now, this.options.maxResponseBytes))
      .then((outcome) => {
      const at = now();
      let parsed = outcome.ok ? e.parse(outcome.text) : undefined;
      if (e.endpoint === 'tip-height' && typeof parsed === 'number') {
        parsed = checkHeightProgress(parsed, this.highestHeight);
        if (typeof parsed === 'number') this.highestHeight = parsed;
      }
      if (outcome.ok && parsed !== undefined && !isError(parsed)) {
        e.good = { data: parsed, fetchedAt: at };
        e.error = undefined;
        e.retryNotBefore = undefined;
      } else {
        const message = outcome.ok ? (parsed as WattError).message : outcome.reason;
        e.error = { message, at };
        const wait = Math.max(this.options.failureBackoffMs, outcome.ok ? 0 : (outcome.retryAfterMs ?? 0));
        e.retryNotBefore = at + wait;
      }
    });
    const settled = attempt.finally(() => {
      if (e.inflight === settled) e.inflight = undefined;
      this.notify();
    });
    e.inflight = settled;
    return settled;
  }

  private notify(): void {
    for (const l of this.listeners) {
      try {
        l();
      } catch {
        /* a listener's failure is the listener's */
      }
    }
  }
}

/** The price in one currency from mempool's table of prices (#N/A when it does not price that currency). */
function pickCurrency(r: Reading & { data: unknown }, currency: Currency): (Reading & { data: unknown }) | WattError {
  const price = (r.data as Partial<Record<Currency, number>>)[currency];
  if (price === undefined) return naError(Messages.networkFailure(hostOf(r.sources[0]), Messages.malformedResponse(`prices.${currency} is not a positive price`)));
  return { ...r, value: price };
}

function json<T>(text: string, parse: (json: unknown) => Result<T>): Result<T> {
  const j = parseJson(text);
  return isError(j) ? j : parse(j);
}

type Outcome = { ok: true; text: string } | { ok: false; reason: string; retryAfterMs?: number };

/**
 * One GET with a timeout, a size cap and same-origin redirects only; every failure becomes a reason,
 * never an exception. The timeout covers the whole exchange, redirects and body included.
 */
export async function fetchText(fetchFn: FetchLike, url: string, timeoutMs: number, now: () => number, maxBytes = DEFAULT_OPTIONS.maxResponseBytes): Promise<Outcome> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, reason: Messages.timedOut(timeoutMs) });
    }, timeoutMs);
  });
  const request = (async (): Promise<Outcome> => {
    try {
      let target = url;
      for (let hop = 0; ; hop++) {
        const res = await fetchFn(target, { signal: controller.signal, headers: { accept: 'application/json' }, redirect: 'manual' });
        if (res.type === 'opaqueredirect') return { ok: false, reason: Messages.redirectHidden() };
        if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
          // Follow a redirect only within the origin asked: another host could serve anything, at any size.
          const next = new URL(res.headers.get('location')!, target);
          if (next.origin !== new URL(url).origin) return { ok: false, reason: Messages.redirectRefused(next.origin) };
          if (hop >= MAX_REDIRECTS) return { ok: false, reason: Messages.tooManyRedirects(MAX_REDIRECTS) };
          await res.body?.cancel().catch(() => undefined);
          target = next.href;
          continue;
        }
        if (res.status === 429 || res.status >= 500 || res.status < 200 || res.status >= 300) {
          const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now());
          const seconds = retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000);
          await res.body?.cancel().catch(() => undefined);
          return { ok: false, reason: Messages.httpStatus(res.status, seconds), retryAfterMs };
        }
        const declared = Number(res.headers.get('content-length'));
        if (Number.isFinite(declared) && declared > maxBytes) {
          controller.abort();
          return { ok: false, reason: Messages.tooLarge(maxBytes, declared) };
        }
        const text = await readCapped(res, maxBytes);
        if (text === undefined) {
          controller.abort();
          return { ok: false, reason: Messages.tooLarge(maxBytes) };
        }
        return { ok: true, text };
      }
    } catch (e) {
      return { ok: false, reason: Messages.unreachable(describe(e)) };
    }
  })();
  try {
    return await Promise.race([request, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The body as text, reading no more than maxBytes + 1 bytes; undefined when it is longer than maxBytes. */
async function readCapped(res: FetchResponse, maxBytes: number): Promise<string | undefined> {
  if (!res.body || typeof res.body.getReader !== 'function') {
    // A fetch without streams (a test's): the whole text, then the same limit on its UTF-8 length.
    const text = await res.text();
    return new TextEncoder().encode(text).length > maxBytes ? undefined : text;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** "ECONNREFUSED" rather than undici's bare "fetch failed". */
function describe(e: unknown): string {
  const err = e as { message?: string; cause?: { code?: string; message?: string } };
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
}
