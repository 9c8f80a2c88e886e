/**
 * WATT.CHECK as a user calls it (registry + engine) and its core: the value when it is a number in the
 * stated range, else #VALUE! with the catalog's wording (name, unit, range, what was given).
 */
import fc from 'fast-check';
import { FUNCTIONS } from '../../src/engine/engine';
import { Evaluator, Outcome } from '../../src/engine/evaluate';
import { checkValue } from '../../src/core/check';
import { WattError } from '../../src/core/errors';
import { checkedInput } from '../../src/templates/builder';

const evaluator = new Evaluator();
const evaluate = (formula: string): Outcome => evaluator.evaluate(formula);

test('registered as CHECK(value, name, unit?, min?, max?, exclusive?)', () => {
  const meta = FUNCTIONS.find((f) => f.id === 'CHECK')!;
  expect(meta).toBeDefined();
  expect(meta.parameters.map((p) => (p.optional ? `${p.name}?` : p.name))).toEqual(['value', 'name', 'unit?', 'min?', 'max?', 'exclusive?']);
});

describe('WATT.CHECK in the engine', () => {
  test.each([
    ['=WATT.CHECK(76000, "GPUs", "GPUs", 0)', 76000],
    ['=WATT.CHECK(0.075, "Cap rate", "annual", 0, 1, "min")', 0.075],
    ['=WATT.CHECK(1, "Cap rate", "annual", 0, 1, "min")', 1],
    ['=WATT.CHECK(-0.5, "Discount rate", "annual", -1, , "min")', -0.5],
    ['=WATT.CHECK(-1e300, "Net debt")', -1e300],
    ['=WATT.CHECK(0.5, "x", , 0, 1)', 0.5],
    ['=WATT.CHECK(0, "x", "u", 0, 0)', 0],
  ])('%s = %d', (formula, want) => {
    expect(evaluate(formula)).toMatchObject({ value: want });
  });

  test.each([
    ['=WATT.CHECK(-1, "GPUs", "GPUs", 0)', 'GPUs must be >= 0 GPUs (got -1)'],
    ['=WATT.CHECK(1.5, "EBITDA margin", "of revenue", 0, 1)', 'EBITDA margin must be from 0 to 1 of revenue (got 1.5)'],
    ['=WATT.CHECK(0, "Cap rate", "annual", 0, 1, "min")', 'Cap rate must be > 0 and <= 1 annual (got 0)'],
    ['=WATT.CHECK(1, "Decline", "annual", 0, 1, "max")', 'Decline must be >= 0 and < 1 annual (got 1)'],
    ['=WATT.CHECK(-1, "Discount rate", "annual", -1, , "min")', 'Discount rate must be > -1 annual (got -1)'],
    ['=WATT.CHECK("n/a", "GPUs", "GPUs", 0)', 'GPUs must be a number >= 0 GPUs (got text "n/a")'],
    ['=WATT.CHECK(TRUE(), "GPUs", "GPUs", 0)', 'GPUs must be a number >= 0 GPUs (got TRUE)'],
    ['=WATT.CHECK(, "GPUs", "GPUs", 0)', 'GPUs is required (>= 0 GPUs)'],
    ['=WATT.CHECK(2, "x", "u", 3, 1)', 'max must be >= min (3 u) (got 1)'],
    ['=WATT.CHECK(2, "x", "u", 0, 3, "open")', 'exclusive: unknown value "open"; accepted: none, min, max, both'],
    ['=WATT.CHECK(2, "x", "u", "low")', 'min must be a number (the lowest accepted value; empty for none) (got text "low")'],
  ])('%s is #VALUE! "%s"', (formula, message) => {
    expect(evaluate(formula)).toMatchObject({ error: "#VALUE!", message });
  });

  test('an error in the value passes through unchanged (the first error of a model shows where it started)', () => {
    expect(evaluate('=WATT.CHECK(WATT.SHELLVALUE(100, 10, 0), "Value", "USD/W")')).toMatchObject({ error: '#VALUE!', message: expect.stringContaining('cap_rate must be > 0') });
  });
});

describe('checkValue (core)', () => {
  test('property: a finite number is returned unchanged exactly when it lies within the stated bounds', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
        fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
        fc.double({ noNaN: true, noDefaultInfinity: true, min: 0, max: 1e6 }),
        fc.constantFrom('none', 'min', 'max', 'both', ''),
        (x, lo, width, ex) => {
          const hi = lo + width;
          const strictLo = ex === 'min' || ex === 'both';
          const strictHi = ex === 'max' || ex === 'both';
          const inside = (strictLo ? x > lo : x >= lo) && (strictHi ? x < hi : x <= hi);
          const got = checkValue(x, 'x', 'u', lo, hi, ex);
          if (inside) expect(got).toBe(x);
          else expect(got).toBeInstanceOf(WattError);
        },
      ),
      { numRuns: 300 },
    );
  });
  test('NaN and Infinity are refused whatever the bounds', () => {
    for (const v of [NaN, Infinity, -Infinity]) expect(checkValue(v, 'x', '', undefined, undefined, '')).toBeInstanceOf(WattError);
  });
});

describe('checkedInput (template fragment)', () => {
  test('writes the range of a spec, dropping trailing empty arguments', () => {
    expect(checkedInput('gpus', 'GPUs', 'GPUs', { min: 0, minExclusive: true })).toBe('WATT.CHECK(gpus, "GPUs", "GPUs", 0, , "min")');
    expect(checkedInput('x', 'Margin', 'of revenue', { min: 0, max: 1 })).toBe('WATT.CHECK(x, "Margin", "of revenue", 0, 1)');
    expect(checkedInput('x', 'Rate', 'annual', { min: -1, minExclusive: true })).toBe('WATT.CHECK(x, "Rate", "annual", -1, , "min")');
    expect(checkedInput('x', 'Decline', '', { min: 0, max: 1, maxExclusive: true })).toBe('WATT.CHECK(x, "Decline", "", 0, 1, "max")');
    expect(checkedInput('x', 'Net debt', 'USD', {})).toBe('WATT.CHECK(x, "Net debt", "USD")');
  });
});
