/**
 * A local stand-in for mempool.space and CoinGecko: Node's http server on 127.0.0.1 at a free port,
 * serving recorded response shapes and injecting faults on demand. Counts requests per path.
 *
 * Shapes: mempool.space REST API documentation (https://mempool.space/docs/api/rest) and CoinGecko API
 * v3 /simple/price. Values:
 * - difficulty-adjustment: mempool's own test vector 1 (backend/src/__tests__/api/difficulty-adjustment.test.ts,
 *   block 830,027 on 2024-02-11): progressPercent 71.97420634920636, remainingBlocks 565,
 *   nextRetargetHeight 830592, difficultyChange 8.512745140778843, estimatedRetargetDate 1708004001715.
 * - hashrate/3d: currentDifficulty 75,502,165,623,893.94, the difficulty of the epoch from block 828,576
 *   (the +7.33% retarget of 2024-02-02 that the vector's previousRetarget 7.3335 reports); the hashrate
 *   estimate and the fee totals and prices below are of that date's order of magnitude, for the
 *   arithmetic, not quotations.
 */
import http from 'http';
import type { AddressInfo } from 'net';

export const FIXTURES = {
  '/api/v1/difficulty-adjustment': {
    progressPercent: 71.97420634920636,
    difficultyChange: 8.512745140778843,
    estimatedRetargetDate: 1708004001715,
    remainingBlocks: 565,
    remainingTime: 312620715,
    previousRetarget: 7.333505241141637,
    previousTime: 1706888526,
    nextRetargetHeight: 830592,
    timeAvg: 553311,
    adjustedTimeAvg: 553311,
    timeOffset: 0,
    expectedBlocks: 1338.0916666666667,
  },
  '/api/v1/mining/hashrate/3d': {
    hashrates: [
      { timestamp: 1707436800, avgHashrate: 5.4187e20 },
      { timestamp: 1707523200, avgHashrate: 5.5211e20 },
      { timestamp: 1707609600, avgHashrate: 5.6034e20 },
    ],
    difficulty: [{ time: 1706888526, height: 828576, difficulty: 75502165623893.94, adjustment: 1.07333 }],
    currentHashrate: 5.6034e20,
    currentDifficulty: 75502165623893.94,
  },
  '/api/v1/mining/reward-stats/144': {
    startBlock: 829884,
    endBlock: 830027,
    totalReward: '91347284960',
    totalFee: '1347284960',
    totalTx: '544123',
  },
  '/api/blocks/tip/height': 830027,
  '/api/v1/prices': { time: 1707691381, USD: 48279, EUR: 44798, GBP: 38237, CAD: 64976, CHF: 42197, AUD: 73968, JPY: 7203573 },
  '/cg/api/v3/simple/price': { bitcoin: { usd: 48300, eur: 44810 } },
} as const;

export type Fault =
  | { kind: 'delay'; ms: number }
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'malformed' }
  /** A redirect (302 unless said) to `location` (absolute, or a path on this server). */
  | { kind: 'redirect'; location: string; status?: number }
  /** `bytes` bytes of JSON-looking filler, streamed in 64 kB chunks; with or without a content-length header. */
  | { kind: 'huge'; bytes: number; declareLength: boolean }
  /** A raw text body with HTTP 200 (e.g. a tip height of "0x10"). */
  | { kind: 'text'; body: string };

export interface FixtureServer {
  /** mempool base, as WATT_MEMPOOL_URL: http://127.0.0.1:PORT/api */
  mempoolUrl: string;
  /** CoinGecko base, as WATT_COINGECKO_URL */
  coingeckoUrl: string;
  count(path: string): number;
  /** Body bytes written for a path (all requests), counted as the socket accepts them. */
  sent(path: string): number;
  total(): number;
  /** A fault for a path (until cleared with undefined); `times` limits it to the next n requests. */
  fault(path: string, fault: Fault | undefined, times?: number): void;
  /** Replaces a fixture body. */
  serve(path: string, body: unknown): void;
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const counts = new Map<string, number>();
  const faults = new Map<string, { fault: Fault; left: number }>();
  const bodies = new Map<string, unknown>(Object.entries(FIXTURES));
  const timers = new Set<NodeJS.Timeout>();
  const sentBytes = new Map<string, number>();
  const addSent = (path: string, n: number) => sentBytes.set(path, (sentBytes.get(path) ?? 0) + n);

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const f = faults.get(path);
    if (f) {
      if (--f.left <= 0) faults.delete(path);
      if (f.fault.kind === 'status') {
        res.writeHead(f.fault.status, { 'content-type': 'text/plain', ...(f.fault.retryAfter ? { 'retry-after': f.fault.retryAfter } : {}) });
        res.end(f.fault.status === 429 ? 'Too Many Requests' : 'Internal Server Error');
        return;
      }
      if (f.fault.kind === 'redirect') {
        res.writeHead(f.fault.status ?? 302, { location: f.fault.location, 'content-type': 'text/plain' });
        res.end('moved');
        return;
      }
      if (f.fault.kind === 'text') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(f.fault.body);
        return;
      }
      if (f.fault.kind === 'huge') {
        const total = f.fault.bytes;
        res.writeHead(200, { 'content-type': 'application/json', ...(f.fault.declareLength ? { 'content-length': String(total) } : {}) });
        const chunk = Buffer.alloc(64 * 1024, 0x31); // "111…": digits, as a huge number would be
        let left = total;
        const pump = () => {
          while (left > 0 && !res.destroyed) {
            const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
            left -= piece.length;
            addSent(path, piece.length);
            if (!res.write(piece)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end();
        };
        res.on('error', () => undefined);
        pump();
        return;
      }
      if (f.fault.kind === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"progressPercent": 71.97, "difficultyCh');
        return;
      }
      const t = setTimeout(() => {
        timers.delete(t);
        respond();
      }, f.fault.ms);
      timers.add(t);
      return;
    }
    respond();

    function respond() {
      if (!bodies.has(path)) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
        return;
      }
      const body = bodies.get(path);
      res.writeHead(200, { 'content-type': typeof body === 'number' ? 'text/plain' : 'application/json' });
      res.end(typeof body === 'number' ? String(body) : JSON.stringify(body));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    mempoolUrl: `${base}/api`,
    coingeckoUrl: `${base}/cg/api/v3`,
    count: (path) => counts.get(path) ?? 0,
    sent: (path) => sentBytes.get(path) ?? 0,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    fault: (path, fault, times = Infinity) => (fault ? faults.set(path, { fault, left: times }) : faults.delete(path)),
    serve: (path, body) => bodies.set(path, body),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A base URL on which nothing listens (connection refused): a port that was free a moment ago. */
export async function refusedUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}/api`;
}

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2024, 1, 11, 22, 43, 1)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms) };
}
