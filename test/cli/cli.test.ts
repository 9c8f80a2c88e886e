/** `npx watt` as a user runs it: the compiled CLI (npm install builds it) in a child process. */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { FUNCTIONS } from '../../src/engine/engine';
import { ensureCliBuild } from '../helpers/build';

beforeAll(() => ensureCliBuild(), 180_000);

const ROOT = path.resolve(__dirname, '..', '..');
const watt = (args: string[], input?: string) => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'watt.js'), ...args], { input, encoding: 'utf8', cwd: ROOT });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('eval prints one line per formula: a value, or the error code and message', () => {
  const r = watt(['eval', '=WATT.HASHPRICE(90000, 1100, 0.02)', 'WATT.HASHPRICE(90000, -5)', '=WATT.SUBSIDY(840000)']);
  expect(r.code).toBe(0);
  expect(r.out.trim().split('\n')).toEqual(['37.0538181818182', '#VALUE! network_hashrate must be > 0 EH/s (got -5)', '3.125']);
});

test('eval --json prints one object a line', () => {
  const r = watt(['eval', '--json', '=WATT.BREAKEVEN(17.5, 0.06, 1100)', '=WATT.CONVERT(1, "EH/s", "MW")']);
  const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
  expect(lines[0].formula).toBe('=WATT.BREAKEVEN(17.5, 0.06, 1100)');
  expect(lines[0].value).toBeCloseTo(61_600, 8); // 25.2 USD/PH/day over 144 x 3.125 / 1.1e6 BTC/PH/day
  expect(lines[1]).toEqual({
    formula: '=WATT.CONVERT(1, "EH/s", "MW")',
    error: '#VALUE!',
    message: 'cannot convert EH/s (hashrate) to MW (power): the units measure different things',
  });
});

test('eval reads one formula a line from standard input, each on its own', () => {
  const r = watt(['eval'], '=WATT.SUBSIDY(0)\n\n=WATT.SUBSIDY(210000)\n');
  expect(r.out.trim().split('\n')).toEqual(['50', '25']);
});

test('every registered function is callable through the CLI', () => {
  const input = FUNCTIONS.map((f) => `=WATT.${f.name}()`).join('\n');
  const r = watt(['eval', '--json'], input);
  const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
  expect(lines).toHaveLength(FUNCTIONS.length);
  for (const l of lines) expect(l.error).not.toBe('#NAME?');
});

test('functions lists every function with its arguments', () => {
  const r = watt(['functions', '--json']);
  const list = JSON.parse(r.out);
  expect(list.map((f: { name: string }) => f.name)).toEqual(FUNCTIONS.map((f) => `WATT.${f.name}`));
  const plain = watt(['functions']).out;
  expect(plain).toContain('WATT.BREAKEVEN(efficiency, power_price, network_hashrate, [fees], [subsidy], [pool_fee])');
});

test('misuse exits 2 with usage', () => {
  expect(watt(['frobnicate']).code).toBe(2);
  const r = watt(['eval', '--yaml', '=1']);
  expect(r.code).toBe(2);
  expect(r.err).toContain('unknown option --yaml');
});
