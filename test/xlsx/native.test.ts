/**
 * Native forms (src/functions/*: `<name>Native`): for every WATT function that declares one, its
 * formula in Excel's own functions, evaluated in the engine, equals the WATT function on random valid
 * inputs (relative 1e-12) and is an error wherever the WATT function is (invalid input: #VALUE!, as the
 * wrapper). Arguments are given both as cell references (the checks written into the formula) and as
 * literals (checked when the formula is written).
 */
import fc from 'fast-check';
import { DetailedCellError } from 'hyperformula';
import { createEngine, FUNCTIONS, toEngineFormula } from '../../src/engine/engine';
import { NumberSpec } from '../../src/core/params';
import { invalidNumber, validArg } from './arbitraries';
import { nativeFormOf, noNativeReason, toNativeFormula } from '../../src/xlsx';
import type { NativeForm } from '../../src/functions/_lib/native';

const hf = createEngine();
const sheet = hf.getSheetId(hf.addSheet('P'))!;
const COLS = 'ABCDEFGHIJ';

import type { Input } from './arbitraries';

/** Evaluates a formula over inputs in A1.. (null: an empty cell). */
function evaluate(formula: string, inputs: Input[]): unknown {
  hf.setSheetContent(sheet, [[...inputs.map((v) => (v === null ? null : v)), toEngineFormula(formula)]]);
  return hf.getCellValue({ sheet, row: 0, col: inputs.length });
}

const isError = (v: unknown) => v instanceof DetailedCellError;
const close = (a: number, b: number) => a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));

// CHECK's bounds are arguments, not specs: it has a test of its own below.
const withForms = FUNCTIONS.map((f) => [f.id, nativeFormOf(f.id)] as const).filter((e): e is [string, NativeForm] => e[1] !== undefined && e[0] !== 'CHECK');

test('every scalar function but LEASENPV, PROJECTIONTOTAL, the valuation parts, the simulations and the live ones has a native form; tables have none', () => {
  const without = FUNCTIONS.filter((f) => !nativeFormOf(f.id)).map((f) => f.id).sort();
  expect(without).toEqual(['ASOF', 'BTCPRICE', 'CONTRACTEDVALUE', 'LEASENPV', 'LEASEVALUE', 'MININGVALUE', 'NETWORK', 'PATHS', 'PROJECTION', 'PROJECTIONTOTAL', 'SIMBANDS', 'SIMHIST', 'SIMULATE', 'SOTP']);
  expect(noNativeReason('PROJECTION')).toMatch(/returns a table/);
  expect(noNativeReason('NETWORK')).toMatch(/live network data/);
  expect(noNativeReason('LEASENPV')).toMatch(/no native form/);
});

/** The WATT call and its native formula, over cell references A1.. for the inputs given. */
function formulas(id: string, form: NativeForm, inputs: Input[], literal: boolean): { watt: string; native: string } {
  const args = inputs.map((v, i) => {
    if (!literal) return `${COLS[i]}1`;
    if (v === null) return '';
    if (typeof v === 'string') return `"${v}"`;
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
    return String(v).toUpperCase();
  });
  const watt = `=WATT.${id}(${args.join(', ')})`;
  const native = toNativeFormula(watt);
  if ('reason' in native) throw new Error(`${id}: ${native.reason}`);
  expect(form.specs.length).toBe(inputs.length);
  return { watt, native: native.formula };
}

describe.each(withForms)('%s: native formula = WATT function', (id, form) => {
  test('on random valid inputs (relative 1e-12), by reference and as literals', () => {
    fc.assert(
      fc.property(fc.tuple(...form.specs.map(validArg)), fc.boolean(), (inputs, literal) => {
        // CONVERT's units as literals are written natively; read from cells they are not (tested below).
        const asLiteral = literal || form.specs.some((s) => s.kind === 'text');
        const { watt, native } = formulas(id, form, inputs, asLiteral);
        const expected = evaluate(watt, inputs);
        const got = evaluate(native, inputs);
        if (isError(expected)) return isError(got);
        return typeof expected === 'number' && typeof got === 'number' && close(got, expected);
      }),
      { numRuns: 150 },
    );
  });

  test('on invalid inputs: an error (#VALUE! as the wrapper) wherever the WATT function gives one', () => {
    const numberArgs = form.specs.map((s, i) => [s, i] as const).filter(([s]) => s.kind === 'number');
    fc.assert(
      fc.property(
        fc.tuple(...form.specs.map(validArg)),
        fc.constantFrom(...numberArgs).chain(([spec, i]) => invalidNumber(spec as NumberSpec).map((bad) => [i, bad] as const)),
        fc.boolean(),
        (inputs, [i, bad], literal) => {
          inputs[i] = bad;
          const asLiteral = literal || form.specs.some((s) => s.kind === 'text');
          const { watt, native } = formulas(id, form, inputs, asLiteral);
          const expected = evaluate(watt, inputs);
          const got = evaluate(native, inputs);
          expect(isError(expected)).toBe(true);
          expect(isError(got)).toBe(true);
          expect((got as DetailedCellError).value).toBe((expected as DetailedCellError).value);
        },
      ),
      { numRuns: 100 },
    );
  });
});

test('CONVERT is native only with literal units; incompatible units give #VALUE!', () => {
  expect(toNativeFormula('=WATT.CONVERT(A1, "EH/s", "PH/s")')).toEqual({ formula: '=(IF(OR(NOT(ISNUMBER((A1)))),#VALUE!,(A1)*1000000000000000000/1000000000000000))' });
  expect(toNativeFormula('=WATT.CONVERT(A1, B1, "PH/s")')).toHaveProperty('reason');
  expect(evaluate((toNativeFormula('=WATT.CONVERT(5, "EH/s", "USD/kWh")') as { formula: string }).formula, [])).toBeInstanceOf(DetailedCellError);
});

test('nested calls are written natively inside out; a call without a native form makes the whole cell a value', () => {
  const nested = toNativeFormula('=ROUND(WATT.HASHPRICE(90000, WATT.IMPLIEDHASHRATE(1.5E+14), 0.02), 2)');
  expect(nested).not.toHaveProperty('reason');
  const text = (nested as { formula: string }).formula;
  expect(text).not.toMatch(/WATT/);
  expect(evaluate(text, [])).toBe(evaluate('=ROUND(WATT.HASHPRICE(90000, WATT.IMPLIEDHASHRATE(1.5E+14), 0.02), 2)', []));
  expect(toNativeFormula('=WATT.HASHPRICE(WATT.NETWORK("btc_price"), 1100)')).toEqual({ reason: expect.stringMatching(/WATT.NETWORK reads live network data/) });
  expect(toNativeFormula('="WATT.HASHPRICE(1,2)"')).toEqual({ formula: '="WATT.HASHPRICE(1,2)"' });
});

describe('CHECK: native formula = WATT.CHECK', () => {
  const EX = ['none', 'min', 'max', 'both'] as const;
  test('on random values and ranges (literal bounds, value by reference and as a literal)', () => {
    let numbers = 0;
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: undefined }),
        fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: undefined }),
        fc.constantFrom(...EX),
        fc.boolean(),
        (value, min, max, ex, literal) => {
          const bound = (b: number | undefined) => (b === undefined ? '' : String(b));
          const args = [literal ? String(value).toUpperCase() : 'A1', '"Cap rate"', '"annual"', bound(min), bound(max), `"${ex}"`];
          const watt = `=WATT.CHECK(${args.join(', ')})`;
          const native = toNativeFormula(watt);
          if ('reason' in native) throw new Error(native.reason);
          const expected = evaluate(watt, [value]);
          const got = evaluate(native.formula, [value]);
          if (typeof expected === 'number') numbers++;
          if (isError(expected)) return isError(got) && (got as DetailedCellError).value === (expected as DetailedCellError).value;
          return got === expected;
        },
      ),
      { numRuns: 200 },
    );
    expect(numbers).toBeGreaterThan(20); // not vacuous: many draws are in range
  });

  test('text, an empty cell and a boolean are #VALUE! natively too', () => {
    const native = toNativeFormula('=WATT.CHECK(A1, "GPUs", "GPUs", 0)') as { formula: string };
    for (const bad of ['n/a', null, true] as Input[]) expect(isError(evaluate(native.formula, [bad]))).toBe(true);
    expect(evaluate(native.formula, [5])).toBe(5);
  });
});
