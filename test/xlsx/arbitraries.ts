/** Random arguments for a WATT function from its argument specs (fast-check), valid or not. */
import fc from 'fast-check';
import { NumberSpec, Spec } from '../../src/core/params';
import { UNIT_NAMES } from '../../src/core/convert';

export type Input = number | string | boolean | null;

/** A valid value for a number spec, across its accepted range (unbounded ones up to a wide but finite scale). */
export function validNumber(spec: NumberSpec): fc.Arbitrary<number> {
  const lo = spec.min ?? -1e6;
  const hi = spec.max ?? lo + (spec.integer ? 5_000_000 : 1e7);
  if (spec.integer) return fc.integer({ min: Math.ceil(spec.minExclusive ? lo + 1 : lo), max: Math.floor(spec.maxExclusive ? hi - 1 : hi) });
  // Dates to the second (Excel keeps times to the millisecond): two dates a few ulps apart would make
  // Excel's and the engine's subtraction snap to 0 where JavaScript keeps 2e-16, a cancellation no
  // model meets.
  if (/date serial/.test(spec.unit)) return fc.integer({ min: Math.ceil(lo * 86400), max: Math.floor(hi * 86400) }).map((s) => s / 86400);
  return fc
    .double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true })
    .filter((x) => !(spec.minExclusive && x <= lo) && !(spec.maxExclusive && x >= hi) && !Object.is(x, -0));
}

/** An invalid value for a number spec: out of range, fractional where whole, text, or a boolean. */
export function invalidNumber(spec: NumberSpec): fc.Arbitrary<Input> {
  const options: fc.Arbitrary<Input>[] = [fc.constantFrom<Input>('abc', true, false)];
  if (spec.min !== undefined) options.push(spec.minExclusive ? fc.double({ min: spec.min - 1e6, max: spec.min, noNaN: true }) : fc.double({ min: spec.min - 1e6, max: spec.min - 1e-6, noNaN: true }));
  if (spec.max !== undefined) options.push(spec.maxExclusive ? fc.double({ min: spec.max, max: spec.max + 1e6, noNaN: true }) : fc.double({ min: spec.max + 1e-6, max: spec.max + 1e6, noNaN: true }));
  if (spec.integer) options.push(fc.double({ min: spec.min ?? 0, max: (spec.min ?? 0) + 100, noNaN: true }).filter((x) => !Number.isInteger(x)));
  if (spec.default === undefined) options.push(fc.constant(null)); // a required argument left empty
  return fc.oneof(...options);
}

export function validArg(spec: Spec): fc.Arbitrary<Input> {
  if (spec.kind === 'number') return spec.default !== undefined ? fc.oneof({ weight: 6, arbitrary: validNumber(spec) }, { weight: 1, arbitrary: fc.constant(null) }) : validNumber(spec);
  return fc.constantFrom(...UNIT_NAMES);
}

