/**
 * The provider against the local fixture server (no test touches the internet): values, the shared
 * cache and its time-to-live (injected clock), and every failure mode (timeout, 429 + Retry-After, 500,
 * malformed JSON, connection refused).
 */
import { isError, WattError } from '../../src/core/errors';
import { FetchResponse, fetchText, NetworkOptions, NetworkProvider, Reading } from '../../src/network';
import { FIXTURES, FixtureServer, manualClock, refusedUrl, startFixtureServer } from './fixture-server';

/** Requests that should answer get a second (the server shares this process with jest); the timeout test 200 ms. */
const TIMEOUT_MS = 1000;
const MIN = 60_000;

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
  // Node loads its fetch (undici) on first use, which can take longer than a short timeout on a busy machine.
  await fetch(`${server.mempoolUrl}/blocks/tip/height`).then((r) => r.text());
});
afterAll(() => server.close());

function provider(clock = manualClock(), extra: Partial<NetworkOptions> = {}) {
  return new NetworkProvider({ mempoolUrl: server.mempoolUrl, coingeckoUrl: server.coingeckoUrl, now: clock.now, timeoutMs: TIMEOUT_MS, ...extra });
}

function reading(r: Reading | WattError): Reading {
  if (isError(r)) throw new Error(`expected a value, got ${r.code} ${r.message}`);
  return r;
}
function error(r: Reading | WattError): WattError {
  if (!isError(r)) throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  return r;
}

/** Counts of requests per path since `before` */
function counter() {
  const paths = ['/api/v1/difficulty-adjustment', '/api/v1/mining/hashrate/3d', '/api/v1/mining/reward-stats/144', '/api/blocks/tip/height', '/api/v1/prices', '/cg/api/v3/simple/price'];
  const start = Object.fromEntries(paths.map((p) => [p, server.count(p)]));
  return (path: string) => server.count(path) - start[path];
}

afterEach(() => {
  for (const p of ['/api/v1/difficulty-adjustment', '/api/v1/mining/hashrate/3d', '/api/v1/mining/reward-stats/144', '/api/blocks/tip/height', '/api/v1/prices', '/cg/api/v3/simple/price']) {
    server.fault(p, undefined);
  }
});

describe('values from the recorded responses', () => {
  // Expected values worked by hand from the fixtures (see fixture-server.ts for their sources).
  const cases: [string, number, number][] = [
    ['difficulty', 75502165623893.94, 0], // hashrate/3d currentDifficulty
    ['hashrate', 560.34, 1e-9], // 5.6034e20 H/s = 560.34 EH/s
    ['implied_hashrate', 540.4656, 1e-4], // 75.502165623893.94 x 2^32 / 600 s / 1e18 = 540.4656 EH/s
    ['height', 830027, 0],
    ['subsidy', 6.25, 0], // block 830,028 is in the fourth epoch (630,000..839,999): 6.25 BTC
    ['fees', 0.0935614556, 1e-10], // 1,347,284,960 sats / 144 blocks / 1e8
    // 48,279 USD x 144 x (6.25 + 0.0935614556) BTC / (540.4656 EH/s x 1000 PH/EH) = 81.5992 USD/PH/day
    ['hashprice', 81.5992, 1e-4],
    ['next_retarget_height', 830592, 0], // mempool test vector 1
    ['retarget_change', 8.512745140778843, 0], // mempool test vector 1
    // estimatedRetargetDate 1708004001715 ms = 2024-02-15 13:33:21.715 UTC = serial 45337 + 48801.715/86400
    ['retarget_date', 45337 + 48801.715 / 86400, 1e-9],
  ];
  test.each(cases)('%s', async (metric, expected, tolerance) => {
    const r = reading(await provider().value(metric as never));
    expect(Math.abs(r.value - expected)).toBeLessThanOrEqual(tolerance);
    expect(r.stale).toBeUndefined();
    expect(r.sources.every((s) => s.startsWith(server.mempoolUrl))).toBe(true);
  });

  test('btc_price in USD and EUR from one answer of mempool /v1/prices', async () => {
    const count = counter();
    const p = provider();
    expect(reading(await p.value('btc_price', 'USD')).value).toBe(48279);
    expect(reading(await p.value('btc_price', 'EUR')).value).toBe(44798);
    expect(count('/api/v1/prices')).toBe(1);
  });

  test('fetchedAt is the injected clock; hashprice reports all four sources', async () => {
    const clock = manualClock(Date.UTC(2024, 1, 11, 22, 43, 1));
    const r = reading(await provider(clock).value('hashprice'));
    expect(r.fetchedAt).toBe(Date.UTC(2024, 1, 11, 22, 43, 1));
    expect(r.sources.map((s) => s.slice(server.mempoolUrl.length)).sort()).toEqual(['/blocks/tip/height', '/v1/mining/hashrate/3d', '/v1/mining/reward-stats/144', '/v1/prices']);
  });
});

describe('one shared cache', () => {
  test('a thousand concurrent reads of one metric make one request', async () => {
    const count = counter();
    const p = provider();
    const all = await Promise.all(Array.from({ length: 1000 }, () => p.value('difficulty')));
    expect(all.every((r) => !isError(r) && r.value === 75502165623893.94)).toBe(true);
    expect(count('/api/v1/mining/hashrate/3d')).toBe(1);
  });

  test('metrics sharing an endpoint share its answer', async () => {
    const count = counter();
    const p = provider();
    await Promise.all([p.value('difficulty'), p.value('hashrate'), p.value('implied_hashrate'), p.value('hashprice')]);
    expect(count('/api/v1/mining/hashrate/3d')).toBe(1);
    expect(count('/api/v1/prices')).toBe(1);
  });

  test('difficulty lives ten minutes, prices one minute (injected clock)', async () => {
    const count = counter();
    const clock = manualClock();
    const p = provider(clock);
    await p.value('difficulty');
    await p.value('btc_price');
    clock.advance(MIN - 1);
    await p.value('difficulty');
    await p.value('btc_price');
    expect(count('/api/v1/prices')).toBe(1);
    clock.advance(1);
    await p.value('btc_price');
    expect(count('/api/v1/prices')).toBe(2);
    clock.advance(8 * MIN);
    await p.value('difficulty');
    expect(count('/api/v1/mining/hashrate/3d')).toBe(1);
    clock.advance(MIN);
    const r = reading(await p.value('difficulty'));
    expect(count('/api/v1/mining/hashrate/3d')).toBe(2);
    expect(r.fetchedAt).toBe(clock.now());
  });

  test('a fresh value is read synchronously; an expired one is pending', async () => {
    const clock = manualClock();
    const p = provider(clock);
    expect(p.read('height')).toHaveProperty('promise');
    await p.value('height');
    expect(p.read('height')).toMatchObject({ value: 830027 });
    clock.advance(MIN);
    expect(p.read('height')).toHaveProperty('promise');
  });

  test('clear() forgets every answer', async () => {
    const count = counter();
    const p = provider();
    await p.value('fees');
    p.clear();
    expect(p.status()).toEqual([]);
    await p.value('fees');
    expect(count('/api/v1/mining/reward-stats/144')).toBe(2);
  });
});

describe('failures: the last good value while young enough, else #N/A naming source and failure', () => {
  const HASHRATE = '/api/v1/mining/hashrate/3d';
  const host = () => new URL(server.mempoolUrl).host;

  test('HTTP 500 after a good answer: the last good value, stale, with the reason', async () => {
    const clock = manualClock();
    const p = provider(clock);
    const first = reading(await p.value('difficulty'));
    clock.advance(11 * MIN);
    server.fault(HASHRATE, { kind: 'status', status: 500 });
    const r = reading(await p.value('difficulty'));
    expect(r.value).toBe(75502165623893.94);
    expect(r.fetchedAt).toBe(first.fetchedAt);
    expect(r.stale).toBe(`${host()}: HTTP 500`);
    const status = p.status().find((s) => s.endpoint === 'hashrate')!;
    expect(status).toMatchObject({ stale: true, lastError: 'HTTP 500', fetchedAt: first.fetchedAt, ageMs: 11 * MIN });
  });

  test('older than the maximum age (one hour): #N/A', async () => {
    const clock = manualClock();
    const p = provider(clock);
    await p.value('difficulty');
    server.fault(HASHRATE, { kind: 'status', status: 503 });
    clock.advance(60 * MIN);
    expect(reading(await p.value('difficulty')).stale).toBe(`${host()}: HTTP 503`);
    clock.advance(MIN);
    const e = error(await p.value('difficulty'));
    expect(e.code).toBe('#N/A');
    expect(e.message).toBe(`${host()}: HTTP 503; no value fetched in the last 60 minutes to fall back on`);
  });

  test('the maximum age is a setting', async () => {
    const clock = manualClock();
    const p = provider(clock, { maxAgeMs: 15 * MIN });
    await p.value('difficulty');
    server.fault(HASHRATE, { kind: 'status', status: 500 });
    clock.advance(16 * MIN);
    expect(error(await p.value('difficulty')).message).toContain('no value fetched in the last 15 minutes');
  });

  test('no value yet and HTTP 500: #N/A', async () => {
    server.fault(HASHRATE, { kind: 'status', status: 500 });
    const e = error(await provider().value('hashrate'));
    expect(e.code).toBe('#N/A');
    expect(e.message).toBe(`${host()}: HTTP 500; no value fetched in the last 60 minutes to fall back on`);
  });

  test('timeout (injectable, 200 ms here): #N/A within the timeout', async () => {
    server.fault(HASHRATE, { kind: 'delay', ms: 2000 });
    const t0 = Date.now();
    const e = error(await provider(manualClock(), { timeoutMs: 200 }).value('difficulty'));
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(e.message).toBe(`${host()}: no answer within 200 ms; no value fetched in the last 60 minutes to fall back on`);
  });

  test('malformed JSON: #N/A, never an exception', async () => {
    server.fault('/api/v1/difficulty-adjustment', { kind: 'malformed' });
    const e = error(await provider().value('retarget_change'));
    expect(e.message).toMatch(/^127\.0\.0\.1:\d+: malformed response: not JSON/);
  });

  test('a well-formed answer of the wrong shape: #N/A', async () => {
    server.serve('/api/v1/mining/reward-stats/144', { startBlock: 1, endBlock: 144, totalFee: 'lots' });
    try {
      const e = error(await provider().value('fees'));
      expect(e.message).toContain('malformed response: reward-stats.totalReward is not a number');
    } finally {
      server.serve('/api/v1/mining/reward-stats/144', { startBlock: 829884, endBlock: 830027, totalReward: '91347284960', totalFee: '1347284960', totalTx: '544123' });
    }
  });

  test('connection refused: #N/A naming the source', async () => {
    const url = await refusedUrl();
    const p = new NetworkProvider({ mempoolUrl: url, coingeckoUrl: url, timeoutMs: TIMEOUT_MS });
    const e = error(await p.value('height'));
    expect(e.message).toBe(`${new URL(url).host}: unreachable (ECONNREFUSED); no value fetched in the last 60 minutes to fall back on`);
  });

  test('HTTP 429 with Retry-After: the endpoint is not called again before it', async () => {
    const count = counter();
    const clock = manualClock();
    const p = provider(clock);
    server.fault(HASHRATE, { kind: 'status', status: 429, retryAfter: '120' });
    const e = error(await p.value('difficulty'));
    expect(e.message).toContain('HTTP 429 (rate limited), retry after 120 s');
    expect(p.status().find((s) => s.endpoint === 'hashrate')!.retryNotBefore).toBe(clock.now() + 120_000);
    server.fault(HASHRATE, undefined);
    clock.advance(119_000);
    expect(isError(await p.value('difficulty'))).toBe(true);
    expect(count(HASHRATE)).toBe(1);
    clock.advance(1000);
    expect(reading(await p.value('difficulty')).value).toBe(75502165623893.94);
    expect(count(HASHRATE)).toBe(2);
  });

  test('Retry-After as an HTTP date', async () => {
    const count = counter();
    const clock = manualClock(Date.UTC(2024, 1, 11, 12, 0, 0));
    const p = provider(clock);
    server.fault(HASHRATE, { kind: 'status', status: 503, retryAfter: 'Sun, 11 Feb 2024 12:05:00 GMT' }, 1);
    await p.value('difficulty');
    clock.advance(4 * MIN);
    await p.value('difficulty');
    expect(count(HASHRATE)).toBe(1);
    clock.advance(MIN);
    expect(reading(await p.value('difficulty')).stale).toBeUndefined();
    expect(count(HASHRATE)).toBe(2);
  });

  test('after a failure without Retry-After the endpoint rests 30 s, then is asked again', async () => {
    const count = counter();
    const clock = manualClock();
    const p = provider(clock);
    server.fault(HASHRATE, { kind: 'status', status: 500 }, 1);
    await p.value('difficulty');
    clock.advance(29_000);
    await p.value('difficulty');
    expect(count(HASHRATE)).toBe(1);
    clock.advance(1000);
    expect(reading(await p.value('difficulty')).value).toBe(75502165623893.94);
    expect(count(HASHRATE)).toBe(2);
  });

  test('the price falls back to CoinGecko when mempool.space fails', async () => {
    server.fault('/api/v1/prices', { kind: 'status', status: 500 });
    const r = reading(await provider().value('btc_price', 'USD'));
    expect(r.value).toBe(48300);
    expect(r.sources).toEqual([`${server.coingeckoUrl}/simple/price?ids=bitcoin&vs_currencies=usd`]);
    // hashprice then prices with the fallback too: 48,300 / 48,279 of the 81.5992 above
    expect(reading(await provider().value('hashprice')).value).toBeCloseTo((81.5992 * 48300) / 48279, 3);
  });

  test('both price sources failing: #N/A naming both', async () => {
    server.fault('/api/v1/prices', { kind: 'status', status: 500 });
    server.fault('/cg/api/v3/simple/price', { kind: 'status', status: 429 });
    const e = error(await provider().value('btc_price', 'EUR'));
    expect(e.message).toMatch(/: HTTP 500; .* fallback .*: HTTP 429 \(rate limited\)/);
  });

  test('a fetch function that throws, or a body that cannot be read: #N/A, never an exception', async () => {
    const throwing = new NetworkProvider({ timeoutMs: TIMEOUT_MS, fetch: () => { throw new Error('boom'); } });
    expect(error(await throwing.value('height')).message).toContain('unreachable (boom)');
    const badBody = new NetworkProvider({ timeoutMs: TIMEOUT_MS, fetch: async () => ({ status: 200, headers: { get: () => null }, text: () => Promise.reject(new Error('reset')) }) });
    expect(error(await badBody.value('height')).message).toContain('unreachable (reset)');
  });
});

describe('plausibility: a refused value never reaches a cell (bounds in src/core/network.ts)', () => {
  const host = () => new URL(server.mempoolUrl).host;
  const HASHRATE = '/api/v1/mining/hashrate/3d';
  const REWARDS = '/api/v1/mining/reward-stats/144';
  const serveFor = async <T>(path: string, body: unknown, run: () => Promise<T>): Promise<T> => {
    const original = (FIXTURES as Record<string, unknown>)[path];
    server.serve(path, body);
    try {
      return await run();
    } finally {
      server.serve(path, original);
    }
  };

  test('a difficulty of 1e300 after a good answer: the last good value, stale, with the check', async () => {
    const clock = manualClock();
    const p = provider(clock);
    reading(await p.value('difficulty'));
    clock.advance(11 * MIN);
    const r = await serveFor(HASHRATE, { ...FIXTURES[HASHRATE], currentDifficulty: 1e300 }, async () => reading(await p.value('difficulty')));
    expect(r.value).toBe(75502165623893.94);
    expect(r.stale).toBe(`${host()}: refused currentDifficulty = 1e+300: outside the plausible range 1 to 1e+18`);
    // implied hashrate and hashprice, from the same answer, keep the last good value too
    expect(reading(await p.value('implied_hashrate')).value).toBeCloseTo(540.4656, 4);
  });

  test('a hashrate <= 0 with nothing to fall back on: #N/A naming the source and the check', async () => {
    const e = await serveFor(HASHRATE, { ...FIXTURES[HASHRATE], currentHashrate: 0 }, async () => error(await provider().value('hashrate')));
    expect(e.code).toBe('#N/A');
    expect(e.message).toBe(`${host()}: refused currentHashrate = 0: outside the plausible range above 0 to 1e+7 EH/s; no value fetched in the last 60 minutes to fall back on`);
  });

  test('fees of 1e22 BTC a block: #N/A, and hashprice (which reads them) too', async () => {
    const [fees, hp] = await serveFor(REWARDS, { ...FIXTURES[REWARDS], totalFee: '1.44e32' }, async () => {
      const p = provider();
      return [error(await p.value('fees')), error(await p.value('hashprice'))];
    });
    expect(fees.message).toContain(`${host()}: refused fees (totalFee / blocks / 1e8, BTC per block) = 1e+22: outside the plausible range 0 to 50 BTC per block`);
    expect(hp.message).toBe(fees.message);
  });

  test('a price of 1e30 USD from mempool.space: CoinGecko answers instead; from both: #N/A naming both checks', async () => {
    const r = await serveFor('/api/v1/prices', { ...FIXTURES['/api/v1/prices'], USD: 1e30 }, async () => reading(await provider().value('btc_price')));
    expect(r.value).toBe(48300);
    const e = await serveFor('/api/v1/prices', { USD: 1e30 }, () =>
      serveFor('/cg/api/v3/simple/price', { bitcoin: { usd: 1e30 } }, async () => error(await provider().value('btc_price'))),
    );
    expect(e.message).toMatch(/refused prices\.USD = 1e\+30: outside the plausible range 1 to 1e\+8 USD per BTC.*fallback .*refused bitcoin\.usd = 1e\+30/);
  });

  test('a height that goes backwards is refused (also after "Refresh data"); the last good height stays, stale', async () => {
    const clock = manualClock();
    const p = provider(clock);
    expect(reading(await p.value('height')).value).toBe(830027);
    clock.advance(MIN);
    const r = await serveFor('/api/blocks/tip/height', 830000, async () => {
      const stale = reading(await p.value('height'));
      p.clear();
      clock.advance(MIN);
      return [stale, error(await p.value('height'))] as const;
    });
    expect(r[0].value).toBe(830027);
    expect(r[0].stale).toBe(`${host()}: refused tip height = 830000: below the last good height 830027 (a chain tip never goes backwards)`);
    // cleared, nothing to fall back on: #N/A, never the lower height
    expect(r[1].message).toContain('refused tip height = 830000: below the last good height 830027');
    clock.advance(MIN);
    expect(reading(await p.value('height')).value).toBe(830027);
  });

  test('a height that reads 0x10: #N/A', async () => {
    server.fault('/api/blocks/tip/height', { kind: 'text', body: '0x10' });
    const e = error(await provider().value('height'));
    expect(e.message).toBe(`${host()}: malformed response: tip height is not a decimal whole number (0x10); no value fetched in the last 60 minutes to fall back on`);
    expect(isError(await provider().value('subsidy'))).toBe(true);
  });
});

describe('what a fetch may cost', () => {
  const HASHRATE = '/api/v1/mining/hashrate/3d';
  const host = () => new URL(server.mempoolUrl).host;

  test.each([false, true])('a 50 MB body (content-length sent: %s) is refused past 1 MiB; the read stops there', async (declareLength) => {
    const before = server.sent(HASHRATE);
    server.fault(HASHRATE, { kind: 'huge', bytes: 50 * 1024 * 1024, declareLength });
    const heapBefore = process.memoryUsage().heapUsed;
    const e = error(await provider(manualClock(), { timeoutMs: 10_000 }).value('difficulty'));
    expect(e.message).toBe(`${host()}: response larger than 1048576 bytes${declareLength ? ' (content-length 52428800)' : ''}: refused; no value fetched in the last 60 minutes to fall back on`);
    server.fault(HASHRATE, undefined);
    // What crossed the wire before the client hung up: socket buffers, not 50 MB.
    await new Promise((r) => setTimeout(r, 100));
    expect(server.sent(HASHRATE) - before).toBeLessThan(16 * 1024 * 1024);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(40 * 1024 * 1024);
  });

  test('the size cap is a setting', async () => {
    const e = error(await provider(manualClock(), { maxResponseBytes: 100 }).value('difficulty'));
    expect(e.message).toContain('response larger than 100 bytes: refused');
    expect(reading(await provider(manualClock(), { maxResponseBytes: 100 }).value('height')).value).toBe(830027);
  });

  test('a redirect to another host is refused and not followed', async () => {
    const port = new URL(server.mempoolUrl).port;
    server.serve('/elsewhere/hashrate', FIXTURES[HASHRATE]);
    const before = server.count('/elsewhere/hashrate');
    server.fault(HASHRATE, { kind: 'redirect', location: `http://localhost:${port}/elsewhere/hashrate` });
    const e = error(await provider().value('difficulty'));
    expect(e.message).toBe(`${host()}: redirected to another origin (http://localhost:${port}): refused, only same-origin redirects are followed; no value fetched in the last 60 minutes to fall back on`);
    expect(server.count('/elsewhere/hashrate')).toBe(before);
  });

  test('a redirect within the same origin is followed (at most 3 in a row)', async () => {
    server.serve('/api/moved/hashrate', FIXTURES[HASHRATE]);
    server.fault(HASHRATE, { kind: 'redirect', location: '/api/moved/hashrate', status: 301 });
    expect(reading(await provider().value('difficulty')).value).toBe(75502165623893.94);
    server.fault(HASHRATE, { kind: 'redirect', location: HASHRATE });
    expect(error(await provider().value('difficulty')).message).toContain('more than 3 redirects: refused');
  });

  test('Retry-After of a day is capped at an hour', async () => {
    const count = counter();
    const clock = manualClock();
    const p = provider(clock);
    server.fault(HASHRATE, { kind: 'status', status: 429, retryAfter: '86400' }, 1);
    expect(error(await p.value('difficulty')).message).toContain('HTTP 429 (rate limited), retry after 3600 s');
    expect(p.status().find((s) => s.endpoint === 'hashrate')!.retryNotBefore).toBe(clock.now() + 3_600_000);
    clock.advance(3_600_000 - 1000);
    await p.value('difficulty');
    expect(count(HASHRATE)).toBe(1);
    clock.advance(1000);
    expect(reading(await p.value('difficulty')).value).toBe(75502165623893.94);
    expect(count(HASHRATE)).toBe(2);
  });
});

describe('fetchText with a browser-like fetch', () => {
  const res = (over: Partial<FetchResponse>): FetchResponse => ({ status: 200, headers: { get: () => null }, text: async () => '830027', ...over });

  test('asks fetch not to follow redirects itself', async () => {
    const inits: unknown[] = [];
    await fetchText(async (_url, init) => (inits.push(init), res({})), 'https://mempool.space/api/blocks/tip/height', 1000, Date.now);
    expect(inits).toEqual([expect.objectContaining({ redirect: 'manual' })]);
  });

  test('an opaque redirect (a browser hides its target) is refused', async () => {
    const out = await fetchText(async () => res({ status: 0, type: 'opaqueredirect' }), 'https://mempool.space/api/blocks/tip/height', 1000, Date.now);
    expect(out).toEqual({ ok: false, reason: 'redirected to a location the browser does not reveal: refused, only same-origin redirects are followed' });
  });

  test('a body without a stream is still held to the size cap', async () => {
    const out = await fetchText(async () => res({ text: async () => 'x'.repeat(2000) }), 'https://mempool.space/api/x', 1000, Date.now, 1000);
    expect(out).toEqual({ ok: false, reason: 'response larger than 1000 bytes: refused' });
  });
});
