/**
 * `watt network` and `watt eval` run the same provider as Excel and the engine, pointed at the local
 * fixture server through WATT_MEMPOOL_URL / WATT_COINGECKO_URL. Runs the compiled CLI (test/helpers/build.ts).
 */
import { execFile } from 'child_process';
import path from 'path';
import { FIXTURES, FixtureServer, refusedUrl, startFixtureServer } from './fixture-server';
import { ensureCliBuild } from '../helpers/build';

const root = path.resolve(__dirname, '..', '..');
let server: FixtureServer;

beforeAll(async () => {
  ensureCliBuild(); // npm test has built it: no second build here
  server = await startFixtureServer();
}, 180_000);
afterAll(() => server.close());

/** Runs bin/watt.js asynchronously (the fixture server lives in this process and must keep answering). */
function watt(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin', 'watt.js'), ...args], { cwd: root, env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('watt network --json: one object, a key per metric with value, source and ISO time', async () => {
  const before = Date.now();
  const { code, stdout } = await watt(['network', '--json'], { WATT_MEMPOOL_URL: server.mempoolUrl, WATT_COINGECKO_URL: server.coingeckoUrl });
  expect(code).toBe(0);
  const out = JSON.parse(stdout);
  expect(Object.keys(out)).toEqual(['difficulty', 'hashrate', 'implied_hashrate', 'height', 'subsidy', 'fees', 'hashprice', 'next_retarget_height', 'retarget_change', 'retarget_date', 'btc_price']);
  expect(out.difficulty).toEqual({ value: 75502165623893.94, source: `${server.mempoolUrl}/v1/mining/hashrate/3d`, fetched_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) });
  expect(Date.parse(out.difficulty.fetched_at)).toBeGreaterThanOrEqual(before - 1000);
  expect(out.next_retarget_height.value).toBe(830592);
  expect(out.btc_price).toMatchObject({ value: 48279, source: `${server.mempoolUrl}/v1/prices` });
  expect(out.hashprice.value).toBeCloseTo(81.5992, 4);
  // one request per endpoint for the whole snapshot
  expect(server.count('/api/v1/mining/hashrate/3d')).toBe(1);
  expect(server.count('/api/v1/prices')).toBe(1);
});

test('watt network --json with the source down: {"error": "#N/A", "message": ...}, exit 1', async () => {
  const down = await refusedUrl();
  const { code, stdout } = await watt(['network', '--json'], { WATT_MEMPOOL_URL: down, WATT_COINGECKO_URL: server.coingeckoUrl });
  expect(code).toBe(1);
  const out = JSON.parse(stdout);
  expect(out.difficulty).toEqual({ error: '#N/A', message: `${new URL(down).host}: unreachable (ECONNREFUSED); no value fetched in the last 60 minutes to fall back on` });
  // the price falls back to CoinGecko
  expect(out.btc_price).toMatchObject({ value: 48300, source: `${server.coingeckoUrl}/simple/price?ids=bitcoin&vs_currencies=usd` });
});

test('offline: the failure is said once per source, plainly, with the settings that point elsewhere; exit 1', async () => {
  const down = await refusedUrl();
  const { code, stdout } = await watt(['network'], { WATT_MEMPOOL_URL: down, WATT_COINGECKO_URL: down.replace(/\/api$/, '/cg') });
  expect(code).toBe(1);
  const host = new URL(down).host;
  expect(stdout.split('\n')[0]).toBe('No network data: none of the 11 values could be fetched.');
  // once, not eleven times
  expect(stdout.match(/ECONNREFUSED/g)).toHaveLength(1);
  expect(stdout).toContain(`  ${host}: unreachable, connection refused: nothing answers at that address (ECONNREFUSED)`);
  expect(stdout).toContain(`  WATT_MEMPOOL_URL    now ${down}`);
  expect(stdout).toContain('  WATT_COINGECKO_URL  now ');
  expect(stdout.trim().split('\n').length).toBeLessThan(10);
});

test('some metrics down: each failure once as a numbered note; exit 1', async () => {
  server.fault('/api/v1/mining/hashrate/3d', { kind: 'status', status: 503 });
  try {
    const { code, stdout } = await watt(['network'], { WATT_MEMPOOL_URL: server.mempoolUrl, WATT_COINGECKO_URL: server.coingeckoUrl });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^difficulty\s+#N\/A\s+see note 1$/m);
    expect(stdout).toMatch(/^hashprice\s+#N\/A\s+see note 1$/m);
    expect(stdout.match(/HTTP 503/g)).toHaveLength(1);
    expect(stdout).toMatch(/^height\s+830027\s/m);
  } finally {
    server.fault('/api/v1/mining/hashrate/3d', undefined);
  }
});

test('watt network --json never prints null or a non-number: an implausible answer is an error entry', async () => {
  server.serve('/api/v1/mining/hashrate/3d', { ...FIXTURES['/api/v1/mining/hashrate/3d'], currentDifficulty: 1e300, currentHashrate: -1 });
  server.serve('/api/v1/prices', { USD: 1e30 });
  server.serve('/cg/api/v3/simple/price', { bitcoin: { usd: 'NaN' } });
  try {
    const { code, stdout } = await watt(['network', '--json'], { WATT_MEMPOOL_URL: server.mempoolUrl, WATT_COINGECKO_URL: server.coingeckoUrl });
    expect(code).toBe(1);
    expect(stdout).not.toContain('null');
    const out = JSON.parse(stdout) as Record<string, { value?: unknown; error?: string; message?: string }>;
    for (const [metric, entry] of Object.entries(out)) {
      if ('value' in entry) expect([metric, typeof entry.value, Number.isFinite(entry.value)]).toEqual([metric, 'number', true]);
      else expect(entry.error).toBe('#N/A');
    }
    expect(out.difficulty.message).toContain('refused currentHashrate = -1e-18');
    expect(out.btc_price.message).toContain('refused prices.USD = 1e+30');
    expect(out.height.value).toBe(830027);
  } finally {
    for (const p of ['/api/v1/mining/hashrate/3d', '/api/v1/prices', '/cg/api/v3/simple/price'] as const) server.serve(p, FIXTURES[p]);
  }
});

test('watt network (text) names each metric, its unit, source and time', async () => {
  const { code, stdout } = await watt(['network'], { WATT_MEMPOOL_URL: server.mempoolUrl, WATT_COINGECKO_URL: server.coingeckoUrl });
  expect(code).toBe(0);
  expect(stdout).toMatch(/^hashprice\s+81\.599\d*\s+USD per PH\/s per day$/m);
  expect(stdout).toContain(`from ${server.mempoolUrl}/v1/difficulty-adjustment at `);
});

test('watt eval prints the fetched value of =WATT.NETWORK("difficulty")', async () => {
  const { code, stdout } = await watt(['eval', '=WATT.NETWORK("difficulty")', '=WATT.NETWORK("retarget_change")'], { WATT_MEMPOOL_URL: server.mempoolUrl });
  expect(code).toBe(0);
  expect(stdout).toBe('75502165623893.9\n8.51274514077884\n');
});
