/**
 * WATT.CHECK: an input checked against a stated range, for models that do plain arithmetic on their
 * inputs (a template's =gpus * kw_per_gpu / 1000 would turn -1 GPUs into a negative MW). Wrapping the
 * input, =WATT.CHECK(gpus, "GPUs", "GPUs", 0) * ..., makes every output that reads it #VALUE! with a
 * message naming the input, its unit and range, in Excel and in the engine alike.
 */
import * as guard from '../core/check';
import { TextSpec } from '../core/params';
import { run } from './_lib/run';

const NAME: TextSpec = { kind: 'text', name: 'name', accepted: 'the name the message gives the value, e.g. "Cap rate"' };
const UNIT: TextSpec = { kind: 'text', name: 'unit', accepted: 'the unit the message gives, e.g. "USD per GPU-hour"', default: '' };
const EXCLUSIVE: TextSpec = { kind: 'text', name: 'exclusive', accepted: 'none, min, max or both', default: 'none' };

/**
 * Returns value when it is a number within [min, max], else #VALUE! with a message naming it, its unit and the accepted range (the same wording as every WATT function). Wrap an input with it wherever a formula computes on the input directly, so an out-of-range input is an error in every output that depends on it, never a number.
 * @customfunction CHECK
 * @param value The value to check (a number; text, a boolean or an empty cell is refused).
 * @param name The name the message gives the value, e.g. "Cap rate".
 * @param [unit] The unit the message gives, e.g. "USD per GPU-hour". Default none.
 * @param [min] Lowest accepted value. Default none (no lower bound).
 * @param [max] Highest accepted value, >= min. Default none (no upper bound).
 * @param [exclusive] Which bounds are strict: "none" (default), "min" (value > min), "max" (value < max) or "both".
 * @returns The value, in its own unit.
 * @example =WATT.CHECK(0.075, "Cap rate", "annual", 0, 1, "min")
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function check(value: any, name: string, unit?: string, min?: number, max?: number, exclusive?: string): number {
  return run((n: string, u: string, ex: string) => guard.checkValue(value, n, u, min, max, ex), [NAME, UNIT, EXCLUSIVE], name, unit, exclusive);
}
