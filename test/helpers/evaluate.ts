/** One formula through the embedded engine (src/engine/evaluate.ts): its value, or its error with the message. */
import { Evaluator } from '../../src/engine/evaluate';

const ev = new Evaluator();

/** The formula's value; throws (failing the test) when it is an error. */
export function value(formula: string): unknown {
  const o = ev.evaluate(formula);
  if ('error' in o) throw new Error(`${formula} gave ${o.error} ${o.message}`);
  return o.value;
}

/** "#CODE message" of the formula's error; throws (failing the test) when it is a value. */
export function error(formula: string): string {
  const o = ev.evaluate(formula);
  if (!('error' in o)) throw new Error(`${formula} gave ${JSON.stringify(o.value)}, expected an error`);
  return `${o.error} ${o.message}`;
}

/** The table a formula spills; throws (failing the test) on an error or a single value. */
export function spilled(formula: string): unknown[][] {
  const v = value(formula);
  if (!Array.isArray(v)) throw new Error(`${formula} did not spill: ${JSON.stringify(v)}`);
  return v as unknown[][];
}

/** The 100 MW site of the docs' examples, as an inline array's rows (HyperFormula: ";" between rows). */
export const SITE = '"start_date",46023;"btc_price",90000;"network_hashrate",1100;"site_mw",100;"efficiency",17.5;"power_price",0.05';
/** The same site as rows of a range. */
export const SITE_ROWS: [string, number][] = [
  ['start_date', 46023], ['btc_price', 90000], ['network_hashrate', 1100], ['site_mw', 100], ['efficiency', 17.5], ['power_price', 0.05],
];
