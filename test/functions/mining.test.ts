/** The WATT mining functions through the engine: the same wrappers Excel calls, with Excel's errors. */
import { Evaluator } from '../../src/engine/evaluate';
import * as core from '../../src/core/mining';
import { impliedHashrate } from '../../src/core/bitcoin';

const ev = new Evaluator();
const value = (f: string) => {
  const o = ev.evaluate(f);
  if ('error' in o) throw new Error(`${f} gave ${o.error} ${o.message}`);
  return o.value as number;
};
const error = (f: string) => {
  const o = ev.evaluate(f);
  if (!('error' in o)) throw new Error(`${f} gave ${JSON.stringify(o.value)}, expected an error`);
  return `${o.error} ${o.message}`;
};

test('the examples of the issue give the core numbers', () => {
  expect(value('=WATT.HASHPRICE(90000, 1100, 0.02)')).toBeCloseTo(core.hashprice(90000, 1100, 0.02, 3.125) as number, 10);
  expect(value('=WATT.BREAKEVEN(17.5, 0.06, 1100)')).toBeCloseTo(61_600, 6); // 25.2 / (144 x 3.125 / 1.1e6)
});

test('hashprice from difficulty, as the Hashrate Index prices it, nests the functions', () => {
  expect(value('=WATT.HASHPRICE(87000, WATT.IMPLIEDHASHRATE(149300000000000), 0.015)')).toBeCloseTo(
    core.hashprice(87000, impliedHashrate(149.3e12), 0.015, 3.125) as number,
    9,
  );
});

test('empty optional arguments take their defaults', () => {
  expect(value('=WATT.HASHPRICE(90000, 1100, , 6.25)')).toBeCloseTo(core.hashprice(90000, 1100, 0, 6.25) as number, 10);
  expect(value('=WATT.BREAKEVEN(17.5, 0.06, 1100, , , 0.02)')).toBeCloseTo(core.breakevenPrice(17.5, 0.06, 1100, 0, 3.125, 0.02) as number, 8);
});

test.each([
  ['=WATT.HASHPRICE(90000, -5)', '#VALUE! network_hashrate must be > 0 EH/s (got -5)'],
  ['=WATT.HASHPRICE(90000)', '#VALUE! network_hashrate is required (> 0 EH/s)'],
  ['=WATT.HASHPRICE("abc", 1100)', '#VALUE! btc_price must be a number >= 0 USD (got text "abc")'],
  ['=WATT.HASHPRICE(TRUE, 1100)', '#VALUE! btc_price must be a number >= 0 USD (got TRUE)'],
  ['=WATT.HASHPRICE(-1, 1100)', '#VALUE! btc_price must be >= 0 USD (got -1)'],
  ['=WATT.BREAKEVEN(0, 0.06, 1100)', '#VALUE! efficiency must be > 0 J/TH (got 0)'],
  ['=WATT.BREAKEVEN(17.5, -0.01, 1100)', '#VALUE! power_price must be >= 0 USD per kWh (got -0.01)'],
  ['=WATT.BREAKEVEN(17.5, 0.06, 1100, 0, 3.125, 1.5)', '#VALUE! pool_fee must be from 0 to 1 (fraction, 0.02 = 2%) (got 1.5)'],
  ['=WATT.FLEETHASHRATE(100, 17.5, 2)', '#VALUE! uptime must be from 0 to 1 (fraction of time running) (got 2)'],
  ['=WATT.SUBSIDY(1.5)', '#VALUE! height must be a whole number >= 0 (block height) (got 1.5)'],
  ['=WATT.SUBSIDY(-1)', '#VALUE! height must be >= 0 (block height) (got -1)'],
  ['=WATT.CONVERT(1, "EH/s", "MW")', '#VALUE! cannot convert EH/s (hashrate) to MW (power): the units measure different things'],
  ['=WATT.BREAKEVEN(17.5, 0.06, 1100, 0, 3.125, 1)', '#NUM! no finite breakeven: a pool fee of 100% leaves no revenue'],
  ['=WATT.CONVERT(1E+300, "ZH/s", "H/s")', '#NUM! the result is not a finite number'],
])('%s → %s', (formula, expected) => {
  expect(error(formula)).toBe(expected);
});

test('errors in inputs propagate as in Excel', () => {
  expect(error('=WATT.HASHPRICE(1/0, 1100)')).toMatch(/^#DIV\/0!/);
});
