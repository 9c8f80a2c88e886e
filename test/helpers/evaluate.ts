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
