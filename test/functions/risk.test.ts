/**
 * WATT.SIMULATE and WATT.SIMBANDS through the engine, as a cell calls them: spilled shapes, the same
 * numbers as the core for the same seed, and #VALUE! messages naming the limits.
 */
import { Evaluator } from '../../src/engine/evaluate';
import { bandsTable, histTable, simulateTable } from '../../src/core/simulate';

const ev = new Evaluator();
const SITE = '"start_date",46023;"btc_price",90000;"network_hashrate",1100;"site_mw",100;"efficiency",17.5;"power_price",0.05';
const SITE_ROWS: [string, number][] = [['start_date', 46023], ['btc_price', 90000], ['network_hashrate', 1100], ['site_mw', 100], ['efficiency', 17.5], ['power_price', 0.05]];

function evaluate(formula: string) {
  return ev.evaluate(formula) as { value?: unknown; error?: string; message?: string };
}

test('WATT.SIMULATE spills the core table for the same seed', () => {
  const o = evaluate(`=WATT.SIMULATE({${SITE}}, 200, 5, 9)`);
  expect(o.error).toBeUndefined();
  expect(o.value).toEqual(simulateTable(SITE_ROWS, 200, 5, 9));
  expect((o.value as unknown[][]).length).toBe(13);
});

test('WATT.SIMBANDS spills one row per month', () => {
  const o = evaluate(`=WATT.SIMBANDS({${SITE}}, "margin", 100, 2, 3)`);
  expect(o.error).toBeUndefined();
  expect(o.value).toEqual(bandsTable(SITE_ROWS, 'margin', 100, 2, 3));
  expect((o.value as unknown[][]).length).toBe(25);
});

test('bounds: trials above 50,000, years above 30, trials x years above 200,000, odd trials are #VALUE! naming the limit', () => {
  expect(evaluate(`=WATT.SIMULATE({${SITE}}, 60000)`).message).toBe('trials must be from 2 to 50000 simulated paths of the world (an even number: antithetic pairs) (got 60000)');
  expect(evaluate(`=WATT.SIMULATE({${SITE}}, 100, 31)`).message).toBe('years must be from 1 to 30 years (got 31)');
  expect(evaluate(`=WATT.SIMULATE({${SITE}}, 40000, 6)`).message).toBe('trials x years must be at most 200,000 so that a cell computes within about a second (got 40000 x 6 = 240000)');
  expect(evaluate(`=WATT.SIMULATE({${SITE}}, 101)`).message).toBe('trials must be an even whole number: the simulation runs antithetic pairs (got 101)');
  expect(evaluate(`=WATT.SIMBANDS({${SITE}}, "fees")`).message).toBe('quantity: unknown value "fees"; accepted: hashprice, margin, btc_price, network_hashrate');
  expect(evaluate(`=WATT.SIMBANDS({${SITE}}, "fees")`).error).toBe('#VALUE!');
});

test('WATT.SIMHIST: equal bins, each path\'s fractions sum to 1, the same numbers as the core', () => {
  const o = evaluate(`=WATT.SIMHIST({${SITE}}, 10, 400, 5, 2)`);
  expect(o.error).toBeUndefined();
  const t = o.value as number[][];
  expect(t).toEqual(histTable(SITE_ROWS, 10, 400, 5, 2));
  expect(t[0]).toEqual(['npv_from', 'npv_to', 'mine', 'lease', 'cloud']);
  expect(t.length).toBe(11);
  for (let p = 2; p < 5; p++) expect(t.slice(1).reduce((s, r) => s + r[p], 0)).toBeCloseTo(1, 12);
  for (let b = 2; b < t.length; b++) expect(t[b][0]).toBeCloseTo(t[b - 1][1], 6);
});
