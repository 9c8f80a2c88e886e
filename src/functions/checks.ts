/**
 * WATT.CHECK: an input checked against a stated range, for models that do plain arithmetic on their
 * inputs (a template's =gpus * kw_per_gpu / 1000 would turn -1 GPUs into a negative MW). Wrapping the
 * input, =WATT.CHECK(gpus, "GPUs", "GPUs", 0) * ..., makes every output that reads it #VALUE! with a
 * message naming the input, its unit and range, in Excel and in the engine alike.
 */
import * as guard from '../core/check';
import { NumberSpec, TextSpec } from '../core/params';
import { run } from './_lib/run';
import { literal, NATIVE_VALUE_ERROR, NativeForm, stringLiteral } from './_lib/native';

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

/**
 * Native form of CHECK (src/xlsx native mode): IF(OR(NOT(ISNUMBER(v)), v<min, v>max), #VALUE!, v), with
 * < or <= by `exclusive`. Written natively when name, unit and exclusive are text literals and min, max
 * are number literals or omitted (as templates write them: checkedInput in src/templates/builder.ts);
 * otherwise the call falls back to its value with a note. Excel's native #VALUE! has no message.
 */
const VALUE: NumberSpec = { kind: 'number', name: 'value', unit: '' };
const MIN: NumberSpec = { kind: 'number', name: 'min', unit: '' };
const MAX: NumberSpec = { kind: 'number', name: 'max', unit: '' };

export const checkNative: NativeForm = {
  specs: [VALUE, NAME, UNIT, MIN, MAX, EXCLUSIVE],
  build(args) {
    const [value, name, unit, min, max, exclusive] = args;
    if (args.length > 6 || value === undefined || value.trim() === '') return NATIVE_VALUE_ERROR;
    if (stringLiteral(name) === undefined || (unit !== undefined && unit.trim() !== '' && stringLiteral(unit) === undefined)) return undefined;
    const ex = exclusive === undefined || exclusive.trim() === '' ? 'none' : stringLiteral(exclusive)?.trim().toLowerCase();
    if (ex === undefined || !['none', 'min', 'max', 'both'].includes(ex)) return ex === undefined ? undefined : NATIVE_VALUE_ERROR;
    const bound = (b: string | undefined) => (b === undefined || b.trim() === '' ? null : /^\s*[+-]?(\d+\.?\d*|\.\d+)(E[+-]?\d+)?\s*$/i.test(b) ? Number(b) : undefined);
    const lo = bound(min);
    const hi = bound(max);
    if (lo === undefined || hi === undefined) return undefined;
    if (lo !== null && hi !== null && hi < lo) return NATIVE_VALUE_ERROR;
    const v = `(${value.trim()})`;
    const checks = [`NOT(ISNUMBER(${v}))`];
    if (lo !== null) checks.push(`${v}${ex === 'min' || ex === 'both' ? '<=' : '<'}${literal(lo)}`);
    if (hi !== null) checks.push(`${v}${ex === 'max' || ex === 'both' ? '>=' : '>'}${literal(hi)}`);
    return `IF(OR(${checks.join(',')}),${NATIVE_VALUE_ERROR},${v})`;
  },
};
