/** The jest setup keeps every test off the internet (test/_setup/no-internet.ts). */
import { Evaluator } from '../../src/engine/evaluate';

test('a formula that would fetch, in a test that configured nothing, fails at once without the internet', async () => {
  const outcome = await new Evaluator().evaluateAsync('=WATT.BTCPRICE()');
  expect(outcome).toMatchObject({ error: '#N/A', message: expect.stringContaining('unreachable (network disabled in tests)') });
  expect(process.env.WATT_MEMPOOL_URL).toMatch(/^http:\/\/127\.0\.0\.1:/);
});
