/**
 * WATT.CHECK's core: a value checked against a range its caller states, with the catalog's wording
 * (checkNumber in ./params): the value itself, or #VALUE! naming it, its unit and the accepted range.
 * A template routes each input through it wherever a formula does plain arithmetic on the input, so
 * an input out of range is an error with a message in every output that depends on it, never a number.
 *
 * Truth table (value, bounds → result):
 *   a number within [min, max] (bounds given; `exclusive` makes min and/or max strict) → the number
 *   a number outside                → #VALUE! "<name> must be <range> <unit> (got <value>)"
 *   empty                           → #VALUE! "<name> is required (<range>)"
 *   text, boolean, NaN, ±Infinity   → #VALUE! "<name> must be a number <range> (got ...)"
 *   min or max not a number         → #VALUE! naming min or max
 *   min > max                       → #VALUE! "max must be >= min"
 *   exclusive not none/min/max/both → #VALUE! listing the accepted values
 */
import { isError, Messages, Result, valueError } from './errors';
import { checkNumber, isEmpty, NumberSpec } from './params';

export const EXCLUSIVE = ['none', 'min', 'max', 'both'] as const;

const BOUND = (name: 'min' | 'max'): NumberSpec => ({ kind: 'number', name, unit: `(the ${name === 'min' ? 'lowest' : 'highest'} accepted value; empty for none)` });

/** A bound: undefined when empty (no bound), else a finite number. */
function bound(name: 'min' | 'max', raw: unknown): Result<number | undefined> {
  return isEmpty(raw) ? undefined : checkNumber(BOUND(name), raw);
}

export function checkValue(value: unknown, name: string, unit: string, min: unknown, max: unknown, exclusive: string): Result<number> {
  const lo = bound('min', min);
  if (isError(lo)) return lo;
  const hi = bound('max', max);
  if (isError(hi)) return hi;
  if (lo !== undefined && hi !== undefined && lo > hi) return valueError(Messages.atLeast('max', unit, 'min', lo, hi));
  const ex = (exclusive.trim() || 'none').toLowerCase();
  if (!(EXCLUSIVE as readonly string[]).includes(ex)) return valueError(Messages.unknownChoice('exclusive', exclusive, EXCLUSIVE.join(', ')));
  const spec: NumberSpec = {
    kind: 'number',
    name,
    unit,
    ...(lo !== undefined ? { min: lo, minExclusive: ex === 'min' || ex === 'both' } : {}),
    ...(hi !== undefined ? { max: hi, maxExclusive: ex === 'max' || ex === 'both' } : {}),
  };
  return checkNumber(spec, value);
}
