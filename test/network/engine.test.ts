/**
 * The embedded engine runs the same asynchronous wrappers as Excel: a cell that must fetch shows
 * #N/A "fetching …" until the host awaits the fetch and recalculates; a thousand such cells make one
 * request. Served by the local fixture server (no internet).
 */
import { DetailedCellError } from 'hyperformula';
import { configureNetwork } from '../../src/network';
import { createEngine, settleFetches, takePendingFetches } from '../../src/engine/engine';
import { Evaluator } from '../../src/engine/evaluate';
import { FIXTURES, FixtureServer, manualClock, startFixtureServer } from './fixture-server';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
  // Node loads its fetch (undici) on first use, which can take longer than a short timeout on a busy machine.
  await fetch(`${server.mempoolUrl}/blocks/tip/height`).then((r) => r.text());
});
afterAll(() => server.close());
afterEach(() => {
  server.fault('/api/v1/mining/hashrate/3d', undefined);
  takePendingFetches();
});

const configure = (clock = manualClock()) =>
  configureNetwork({ mempoolUrl: server.mempoolUrl, coingeckoUrl: server.coingeckoUrl, now: clock.now, timeoutMs: 1000 });

test('1000 cells of =WATT.NETWORK("difficulty") in one sheet: one request, every cell the value', async () => {
  configure();
  const before = server.count('/api/v1/mining/hashrate/3d');
  const hf = createEngine();
  const sheet = hf.getSheetId(hf.addSheet('Data'))!;
  hf.setSheetContent(sheet, Array.from({ length: 1000 }, () => ['=WATT.NETWORK("difficulty")']));
  const placeholder = hf.getCellValue({ sheet, row: 999, col: 0 });
  expect(placeholder).toBeInstanceOf(DetailedCellError);
  expect((placeholder as DetailedCellError).value).toBe('#N/A');
  expect((placeholder as DetailedCellError).message).toBe('fetching difficulty…');
  await settleFetches(hf);
  const values = hf.getSheetValues(sheet).map((r) => r[0]);
  expect(values).toHaveLength(1000);
  expect(values.every((v) => v === 75502165623893.94)).toBe(true);
  expect(server.count('/api/v1/mining/hashrate/3d') - before).toBe(1);
  // Recalculating again within the TTL asks nothing of the network.
  hf.rebuildAndRecalculate();
  expect(takePendingFetches()).toHaveLength(0);
  expect(server.count('/api/v1/mining/hashrate/3d') - before).toBe(1);
});

test('formulas over network data compute once the data is in', async () => {
  configure();
  const hf = createEngine();
  const sheet = hf.getSheetId(hf.addSheet('Model'))!;
  hf.setSheetContent(sheet, [
    ['=WATT.NETWORK("implied_hashrate")', '=WATT.IMPLIEDHASHRATE(WATT.NETWORK("difficulty"))'],
    ['=WATT.HASHPRICE(WATT.BTCPRICE(), A1, WATT.NETWORK("fees"), WATT.NETWORK("subsidy"))', '=WATT.NETWORK("hashprice")'],
  ]);
  await settleFetches(hf);
  const [[a1, b1], [a2, b2]] = hf.getSheetValues(sheet) as number[][];
  expect(a1).toBeCloseTo(540.4656, 4);
  expect(b1).toBe(a1);
  expect(a2).toBeCloseTo(81.5992, 4); // the same hashprice as provider.test.ts, built in cells
  expect(b2).toBeCloseTo(a2, 10);
});

test('Evaluator.evaluateAsync prints the fetched value; evaluate (synchronous) the placeholder, then the cached value', async () => {
  configure();
  const ev = new Evaluator();
  expect(ev.evaluate('=WATT.NETWORK("next_retarget_height")')).toEqual({ formula: '=WATT.NETWORK("next_retarget_height")', error: '#N/A', message: 'fetching next_retarget_height…' });
  expect(await ev.evaluateAsync('=WATT.NETWORK("next_retarget_height")')).toEqual({ formula: '=WATT.NETWORK("next_retarget_height")', value: 830592 });
  expect(ev.evaluate('=WATT.NETWORK("next_retarget_height")')).toMatchObject({ value: 830592 });
});

test('a failing source gives #N/A with the source and failure in the cell; the stale value when there is one', async () => {
  const clock = manualClock();
  configure(clock);
  const ev = new Evaluator();
  server.fault('/api/v1/mining/hashrate/3d', { kind: 'status', status: 500 });
  const out = await ev.evaluateAsync('=WATT.NETWORK("hashrate")');
  expect(out).toMatchObject({ error: '#N/A' });
  expect((out as { message: string }).message).toMatch(/^127\.0\.0\.1:\d+: HTTP 500; no value fetched in the last 60 minutes/);
  server.fault('/api/v1/mining/hashrate/3d', undefined);
  clock.advance(30_000);
  expect(await ev.evaluateAsync('=WATT.NETWORK("hashrate")')).toMatchObject({ value: 560.34 });
  server.fault('/api/v1/mining/hashrate/3d', { kind: 'status', status: 500 });
  clock.advance(11 * 60_000);
  expect(await ev.evaluateAsync('=WATT.NETWORK("hashrate")')).toMatchObject({ value: 560.34 });
  // ASOF is when the value shown was fetched, 11 minutes ago (1e-9 day: the engine keeps 15 digits)
  const asof = (await ev.evaluateAsync('=WATT.ASOF("hashrate")')) as { value: number };
  expect(Math.abs(asof.value - ((clock.now() - 11 * 60_000) / 86_400_000 + 25569))).toBeLessThan(1e-9);
});

test('bad arguments are #VALUE! at once, naming the argument and what is accepted', () => {
  configure();
  const ev = new Evaluator();
  expect(ev.evaluate('=WATT.NETWORK("difficulty", "blockchair")')).toMatchObject({ error: '#VALUE!', message: 'source: unknown value "blockchair"; accepted: mempool' });
  expect(ev.evaluate('=WATT.NETWORK()')).toMatchObject({ error: '#VALUE!', message: expect.stringContaining('metric is required') });
  expect(ev.evaluate('=WATT.NETWORK(5)')).toMatchObject({ error: '#VALUE!', message: expect.stringContaining('metric must be text') });
  expect(ev.evaluate('=WATT.BTCPRICE("BTC")')).toMatchObject({ error: '#VALUE!', message: 'currency: unknown value "BTC"; accepted: USD, EUR, GBP, CAD, CHF, AUD, JPY' });
  expect(ev.evaluate('=WATT.ASOF("price")')).toMatchObject({ error: '#VALUE!', message: expect.stringContaining('btc_price') });
  expect(takePendingFetches()).toHaveLength(0);
});

test('metric names are case- and space-insensitive', async () => {
  configure();
  expect(await new Evaluator().evaluateAsync('=WATT.NETWORK("Retarget Change")')).toMatchObject({ value: 8.512745140778843 });
});

test('an implausible answer never reaches a cell: #N/A naming the source and the check, or the last good value', async () => {
  const clock = manualClock();
  configure(clock);
  const ev = new Evaluator();
  const path = '/api/v1/mining/hashrate/3d';
  server.serve(path, { ...FIXTURES[path], currentDifficulty: 1e300 });
  try {
    const out = await ev.evaluateAsync('=WATT.NETWORK("difficulty")');
    expect(out).toEqual({ formula: '=WATT.NETWORK("difficulty")', error: '#N/A', message: `${new URL(server.mempoolUrl).host}: refused currentDifficulty = 1e+300: outside the plausible range 1 to 1e+18; no value fetched in the last 60 minutes to fall back on` });
    expect(await ev.evaluateAsync('=WATT.NETWORK("hashprice")')).toMatchObject({ error: '#N/A' });
  } finally {
    server.serve(path, FIXTURES[path]);
  }
});
