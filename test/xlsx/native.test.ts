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
import { NumberSpec, Spec } from '../../src/core/params';
import { leaseNpv } from '../../src/core/lease';
import { leaseValue } from '../../src/core/sotp';
import { invalidNumber, validArg } from './arbitraries';
import { isClose, MIN_NORMAL, relativeDifference } from '../helpers/tolerance';
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
const rel = relativeDifference;
// Relative 1e-12 with the absolute floor of test/helpers/tolerance.ts (a result below 2^-1022 has fewer digits than that).
const close = (a: number, b: number) => isClose(a, b, 1e-12);

// CHECK's bounds are arguments, not specs: it has a test of its own below. Forms over a range (DEBTSIZE,
// LLCR) take a row of cells: test/xlsx/debt-native.test.ts.
const withForms = FUNCTIONS.map((f) => [f.id, nativeFormOf(f.id)] as const).filter((e): e is [string, NativeForm] => e[1] !== undefined && e[0] !== 'CHECK' && !e[1].specs.some((s) => s.kind === 'range'));

test('every scalar function but PROJECTIONTOTAL, MININGVALUE and the live ones has a native form; tables have none', () => {
  const without = FUNCTIONS.filter((f) => !nativeFormOf(f.id)).map((f) => f.id).sort();
  // Without a closed form (docs/xlsx.md): PROJECTIONTOTAL and MININGVALUE are sums over months through
  // the halvings (written natively only over a formula block), the live ones read the network; PATHS,
  // PROJECTION, SCULPT, HYBRID and HYBRIDTABLE (written as native formula blocks: src/xlsx/*-native.ts),
  // FINANCE, DEBTSCHEDULE, SOTP and the simulations are tables (guarded values). DSCRSTAT has one (SUMPRODUCT over MIN/MAX): test/xlsx/debt-native.test.ts.
  expect(without).toEqual(['ASOF', 'BTCPRICE', 'CURTAILTABLE', 'DEBTSCHEDULE', 'FINANCE', 'HYBRID', 'HYBRIDTABLE', 'MININGVALUE', 'NETWORK', 'PATHS', 'PROJECTION', 'PROJECTIONTOTAL', 'SCULPT', 'SIMBANDS', 'SIMHIST', 'SIMULATE', 'SOTP']);
  expect(noNativeReason('PROJECTION')).toMatch(/returns a table/);
  expect(noNativeReason('NETWORK')).toMatch(/live network data/);
  expect(noNativeReason('PROJECTIONTOTAL')).toMatch(/no native form/);
  expect(noNativeReason('LEASENPV')).toBeUndefined();
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

const normalDouble = (x: Input) => typeof x !== 'number' || x === 0 || Math.abs(x) >= MIN_NORMAL;

/** LEASENPV's arguments in order, its defaults filled in. */
function leaseArgs(inputs: Input[]): [number, number, number, number, number, number, number] {
  const [cap, rent, term, rate, esc, margin, prepay] = inputs.map((v) => (v === null ? undefined : (v as number)));
  return [cap!, rent!, term!, rate!, esc ?? 0, margin ?? 1, prepay ?? 0];
}

/**
 * LEASENPV's gross flows, the scale its error is measured against: p x G + (margin + p) x S, with G the
 * total rent and S its present value (the NPV is p x G + (margin - p) x S). Infinity when a term
 * exceeds the doubles (the core answers #NUM! for it).
 */
function leaseGross(inputs: Input[]): number {
  const [cap, rent, term, rate, esc, margin, prepay] = leaseArgs(inputs);
  // p x G is the NPV at rate 0 of a margin p; (margin + p) x S, of a margin margin + p (no prepayment).
  const terms = [leaseNpv(cap, rent, term, 0, esc, prepay, 0), leaseNpv(cap, rent, term, rate, esc, margin + prepay, 0)];
  return terms.reduce<number>((sum, t) => sum + (typeof t === 'number' ? t : Infinity), 0);
}

/**
 * Where a native form's property draws or compares otherwise. LEASENPV's core sums in decimal.js and
 * reads each argument as the decimal it prints as (a rate of -0.999 makes 1 + r = 0.001 exactly); a
 * formula reads the double. The two readings differ by half an ulp, which the NPV magnifies where it
 * is ill-conditioned, so (measured in src/functions/conversion.ts, above leasenpvNative):
 *  - its arguments are normal doubles: a subnormal's shortest decimal can be off by a percent of it
 *    (5e-324 is 4.94e-324);
 *  - the discount rate and the escalator are above -0.9: at 1 + r = 1e-6 half an ulp of r is 5e-11 of
 *    1 + r, which 100 years of discounting turn into 5e-9 of the NPV;
 *  - the error is measured against the gross flows (leaseGross): the NPV cancels where the margin is
 *    near the prepayment, or below it at a rate near 0 (the core's 34 digits give out there too), and
 *    the reading of the margin and prepayment moves each of its terms by an ulp;
 *  - and against at least the smallest normal double, 2^-1022: below it a double has fewer digits than
 *    1e-12 asks;
 *  - the native form is #NUM! where a term of the gross flows exceeds the doubles though the NPV, their
 *    difference, does not (p x G and (p - margin) x S both beyond 1.8e308): an error, not a number.
 */
const PROPERTY: Record<string, {
  args: (specs: readonly Spec[]) => fc.Arbitrary<Input>[];
  scale: (inputs: Input[], expected: number) => number;
  errorWhere: (inputs: Input[]) => boolean;
}> = {
  LEASENPV: {
    args: (specs) => specs.map((spec) => validArg(spec.kind === 'number' && (spec.name === 'discount_rate' || spec.name === 'escalator') ? { ...spec, min: -0.9 } : spec).filter(normalDouble)),
    scale: (inputs, expected) => {
      const gross = leaseGross(inputs);
      return Math.max(Number.isFinite(gross) ? gross : Math.abs(expected), MIN_NORMAL);
    },
    errorWhere: (inputs) => leaseGross(inputs) === Infinity,
  },
  // LEASEVALUE holds LEASENPV (1 MW, no prepayment) and subtracts capex: measured against the size of
  // its parts, the value before capex at a zero rate (the undiscounted flows, with the terminal value)
  // plus the same at the drawn rate, plus capex.
  LEASEVALUE: {
    args: (specs) => specs.map((spec) => validArg(spec.kind === 'number' && (spec.name === 'discount_rate' || spec.name === 'escalator') ? { ...spec, min: -0.9 } : spec).filter(normalDouble)),
    scale: (inputs, expected) => {
      const parts = leaseValueParts(inputs);
      return Math.max(Number.isFinite(parts) ? parts : Math.abs(expected), MIN_NORMAL);
    },
    errorWhere: (inputs) => !Number.isFinite(leaseValueParts(inputs)),
  },
};

/** LEASEVALUE's scale: |value before capex| at rate 0 and at the drawn rate, plus capex (Infinity past the doubles). */
function leaseValueParts(inputs: Input[]): number {
  const [rent, capex, term, rate, exit, margin, esc, months] = inputs.map((v) => (v === null ? undefined : (v as number)));
  const at = (r: number) => leaseValue(rent!, 0, term!, r, exit!, margin ?? 0.85, esc ?? 0, months ?? 0);
  const terms = [at(0), at(rate!)];
  return terms.reduce<number>((sum, t) => sum + (typeof t === 'number' ? Math.abs(t) : Infinity), 0) + capex!;
}

describe.each(withForms)('%s: native formula = WATT function', (id, form) => {
  test('on random valid inputs (relative 1e-12), by reference and as literals', () => {
    const special = PROPERTY[id];
    fc.assert(
      fc.property(fc.tuple(...(special ? special.args(form.specs) : form.specs.map(validArg))), fc.boolean(), (inputs, literal) => {
        // CONVERT's units as literals are written natively; read from cells they are not (tested below).
        const asLiteral = literal || form.specs.some((s) => s.kind === 'text');
        const { watt, native } = formulas(id, form, inputs, asLiteral);
        const expected = evaluate(watt, inputs);
        const got = evaluate(native, inputs);
        if (isError(expected)) return isError(got);
        if (special && isError(got)) return special.errorWhere(inputs);
        if (typeof expected !== 'number' || typeof got !== 'number') return false;
        return special ? Math.abs(got - expected) <= 1e-12 * special.scale(inputs, expected) : close(got, expected);
      }),
      { numRuns: 150, seed: 15 },
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
      { numRuns: 100, seed: 15 },
    );
  });
});

test('CONTRACTEDVALUE and LEASEVALUE natively: the figures of the valuation template', () => {
  // 150 $/kW-month x 12 / 1000 x 0.85 / 0.075 = 20.4 $/W capitalised; 12 months at 10%: / 1.1; less 10 $/W.
  const cv = (toNativeFormula('=WATT.CONTRACTEDVALUE(150, 10, 0.075, 0.85, 12, 0.1)') as { formula: string }).formula;
  expect(rel(evaluate(cv, []) as number, 20.4 / 1.1 - 10)).toBeLessThan(1e-15);
  // The reconciliation stated in src/core/sotp.ts: at a flat rent and rate = (1 + cap / 12)^12 - 1,
  // LEASEVALUE equals CONTRACTEDVALUE for any term and delay.
  const rate = (1 + 0.075 / 12) ** 12 - 1;
  const lv = (toNativeFormula(`=WATT.LEASEVALUE(150, 10, 10.5, ${rate}, 0.075, 0.85, 0, 12)`) as { formula: string }).formula;
  const same = (toNativeFormula(`=WATT.CONTRACTEDVALUE(150, 10, 0.075, 0.85, 12, ${rate})`) as { formula: string }).formula;
  expect(rel(evaluate(lv, []) as number, evaluate(same, []) as number)).toBeLessThan(1e-12);
  // By reference, defaults taken from empty cells, as the wrapper.
  const byRef = (toNativeFormula('=WATT.LEASEVALUE(A1, B1, C1, D1, E1, F1, G1, H1)') as { formula: string }).formula;
  expect(byRef.length).toBeLessThan(8192);
  const inputs: Input[] = [148.8, 8, 15, 0.09, 0.07, null, 0.03, null];
  expect(rel(evaluate(byRef, inputs) as number, evaluate('=WATT.LEASEVALUE(A1, B1, C1, D1, E1, F1, G1, H1)', inputs) as number)).toBeLessThan(1e-12);
});

test('CONVERT is native only with literal units; incompatible units give #VALUE!', () => {
  expect(toNativeFormula('=WATT.CONVERT(A1, "EH/s", "PH/s")')).toEqual({ formula: '=(IF(OR(NOT(ISNUMBER(A1))),#VALUE!,A1*1000000000000000000/1000000000000000))' });
  expect(toNativeFormula('=WATT.CONVERT(A1, B1, "PH/s")')).toHaveProperty('reason');
  expect(evaluate((toNativeFormula('=WATT.CONVERT(5, "EH/s", "USD/kWh")') as { formula: string }).formula, [])).toBeInstanceOf(DetailedCellError);
});

test('a native formula longer than Excel accepts (8,192 characters) is no formula: the cell becomes a value, with the reason', () => {
  // LEASENPV repeats its term some 40 to 55 times (no LET before Excel 2021): a 400-character term expression is too long.
  const long = `=WATT.LEASENPV(168, 148.8, ${'1+'.repeat(200)}-190, 0.08)`;
  expect(toNativeFormula(long)).toEqual({ reason: expect.stringMatching(/^in Excel's own functions it would be [\d,]+ characters, over Excel's limit of 8,192$/) });
  const short = toNativeFormula('=WATT.LEASENPV(168, 148.8, 1+9, 0.08)') as { formula: string };
  expect(short.formula.length).toBeLessThan(8192);
  expect(rel(evaluate(short.formula, []) as number, evaluate('=WATT.LEASENPV(168, 148.8, 10, 0.08)', []) as number)).toBeLessThan(1e-14);
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

describe('LEASENPV natively: the closed form equals the month-by-month core', () => {
  const watt = (args: string) => `=WATT.LEASENPV(${args})`;
  const native = (args: string) => {
    const n = toNativeFormula(watt(args));
    if ('reason' in n) throw new Error(n.reason);
    expect(n.formula).not.toMatch(/WATT|LET|LAMBDA|SEQUENCE|OFFSET|INDIRECT/);
    return n.formula;
  };
  const value = (formula: string, inputs: Input[] = []) => {
    const v = evaluate(formula, inputs);
    if (typeof v !== 'number') throw new Error(`${formula}: ${String(v)}`);
    return v;
  };

  const R = 150 * 100 * 1000; // USD a month: 100 MW at $150/kW-month
  const i8 = 1.08 ** (1 / 12) - 1;
  // A growing annuity by contract year: R' a12 sum_y ((1 + e) / (1 + r))^y, a12 = (1 - (1 + r)^-1) / i.
  const [R2, r2, e2] = [148.8 * 168 * 1000, 0.09, 0.03];
  const i2 = (1 + r2) ** (1 / 12) - 1;
  const growing = R2 * ((1 - (1 + r2) ** -1) / i2) * ((1 - ((1 + e2) / (1 + r2)) ** 15) / (1 - (1 + e2) / (1 + r2)));
  // Escalator = rate: every contract year is worth the first, 12 months in arrears at (1.05)^(-j/12).
  let firstYear = 0;
  for (let j = 1; j <= 12; j++) firstYear += 100_000 * 1.05 ** (-j / 12);
  let escalating = 0;
  for (let y = 0; y < 10; y++) escalating += 12 * R * 1.03 ** y;

  it.each<[string, number, number, string]>([
    // [arguments, expected, relative tolerance, source of the expected number]
    ['100, 150, 10, 0, 0, 0.85, 0.2', 1_530_000_000, 1e-14, 'zero rate: 0.85 x 150 x 100,000 x 120 whatever the prepayment (test/functions/conversion.test.ts)'],
    ['100, 150, 10, 0, 0, 0.85, 0.85', 1_530_000_000, 1e-14, 'zero rate, all of the NOI prepaid: the same total'],
    ['1, 100, 10.5, 0', 12_600_000, 1e-14, '10.5 years = 126 months'],
    ['1, 100, 10.04, 0', 12_048_000, 1e-14, '120 months and a stub of 0.48 month'],
    ['1, 100, 10.1, 0', 12_120_000, 1e-14, '10.1 years = 121.2 months (121 and a 0.2 stub)'],
    ['1, 100, 7/12, 0', 700_000, 1e-14, '=7/12 year is 7 months, not 7 and a 4e-16 stub'],
    ['1, 100, 12.99999999999, 0', 15_600_000, 1e-14, '155.99999999988 months is within 1e-9 of 156: 156 months'],
    ['1, 100, 100, 0', 120_000_000, 1e-14, 'the longest term, 1,200 months'],
    ['168, WATT.IMPLIEDRENT(3000000000, 10, 168), 10, 0', 3_000_000_000, 1e-14, 'Cipher/Fluidstack: $3.0B over 10 years for 168 MW (coa.news 2025-09-25), the rent it implies summed back'],
    ['100, 150, 10, 0, 0.03, 1, 0.5', escalating, 1e-14, 'zero rate with a 3% escalator: 12 x R x sum of 1.03^y, y < 10'],
    ['100, 150, 10, 0.08', (R * (1 - 1.08 ** -10)) / i8, 1e-13, 'a level lease is an annuity, R (1 - 1.08^-10) / i'],
    ['168, 148.8, 15, 0.09, 0.03', growing, 1e-13, 'a growing annuity by contract year (test/core/lease.test.ts)'],
    ['1, 100, 10, 0.05, 0.05', 10 * firstYear, 1e-13, 'escalator = rate: a ratio of 1, ten equal years'],
    ['1, 100, 0.05, 0.08', 60_000 * 1.08 ** -0.05, 1e-14, 'a 0.05-year lease is one stub of 0.6 month paid at its end'],
    ['1, 100, 1/12, 0.08', 100_000 * 1.08 ** (-1 / 12), 1e-14, 'one month in arrears'],
    ['1, 100, 10, 0.08, 0, 0.85, 0.85', 0.85 * 12_000_000, 1e-14, 'prepayment = margin: the NOI is all at signing, undiscounted'],
    ['168, 148.8, 10, 0.08, 0.03, 0.85', 1_994_769_313, 1e-9, "the README's example (rounded to USD 1)"],
  ])('LEASENPV(%s) = %p natively (relative %p; %s), as the WATT function', (args, expected, tolerance) => {
    const got = value(native(args));
    expect(rel(got, expected)).toBeLessThanOrEqual(tolerance);
    expect(rel(got, value(watt(args)))).toBeLessThanOrEqual(1e-12);
  });

  it.each([
    // Rates and escalators at 0, tiny, equal, negative; prepayment below, at and above the margin; terms with and without a stub.
    '168, 148.8, 10, 0.08, 0.03, 0.85, 0',
    '200, 154.17, 10, 0.1, 0.025, 0.85, 0.2',
    '25, 103.67, 10.5, 0.07, 0.03, 0.9, 0',
    '245, 158.7, 15, 0.09, 0.02, 0.8, 0.1',
    '100, 150, 7.25, 0.12, 0.04, 0.85, 0.05',
    '100, 150, 10.1, 0.08, 0.03, 0.85, 0',
    '100, 150, 0.04, 0.08, 0, 1, 0',
    '50, 120, 100, 0.06, 0.03, 0.85, 0',
    '50, 120, 99.99, 0.06, 0.03, 0.85, 0.1',
    '50, 120, 20, -0.02, 0.03, 0.85, 0.3',
    '50, 120, 20, 0.1, -0.02, 0.5, 0.9',
    '200, 808.33, 5, 0.1, 0, 0.3, 0.2',
    '100, 150, 10, 1E-12, 0, 0.85, 0.2',
    '100, 150, 10, 0, 1E-12',
    '100, 150, 12.5, 1E-9, 1E-9, 1, 0.5',
    '100, 150, 30, 0.08, 0.08, 0.85, 0.1',
    '100, 150, 30, -0.5, -0.5',
    '100, 150, 25.75, 2, 0.5, 0.9, 0.05',
    '100, 0, 10, 0.08, 0.03',
  ])('LEASENPV(%s): native = WATT (relative 1e-12)', (args) => {
    expect(rel(value(native(args)), value(watt(args)))).toBeLessThanOrEqual(1e-12);
  });

  // Uniform draws (fc.double spreads over the exponents, mostly tiny numbers), and the edge values.
  const uniform = (lo: number, hi: number) => fc.integer({ min: 0, max: 2 ** 40 }).map((k) => lo + ((hi - lo) * k) / 2 ** 40);
  const lease = (rates: [number, number], escalators: [number, number], terms: fc.Arbitrary<number>) =>
    fc.tuple(
      uniform(1, 1000),
      uniform(50, 300),
      fc.oneof(terms, fc.constantFrom(10.1, 7 / 12, 0.05, 100, 1 / 12, 15)),
      fc.oneof(uniform(rates[0], rates[1]), fc.constantFrom(0, 1e-12, 1e-7)),
      fc.oneof(uniform(escalators[0], escalators[1]), fc.constantFrom(0, 1e-12, 1e-7)),
      uniform(0.3, 1),
      fc.oneof(uniform(0, 0.3), fc.constant(0)),
    );
  const formula = native('A1, B1, C1, D1, E1, F1, G1');

  it('on the ranges leases are signed at (rate 0 to 25%, escalator 0 to 6%, margin above the prepayment): relative 1e-12 of the NPV', () => {
    let worst = 0;
    fc.assert(
      fc.property(lease([0, 0.25], [0, 0.06], uniform(0.01, 30)), (inputs) => {
        const expected = value(watt('A1, B1, C1, D1, E1, F1, G1'), inputs);
        const err = rel(value(formula, inputs), expected);
        worst = Math.max(worst, err);
        return expected > 0 && err <= 1e-12;
      }),
      { numRuns: 300 },
    );
    expect(worst).toBeGreaterThan(0); // a closed form, not the core's sum: not vacuous
  });

  it('on wide ranges (rate -0.9 to 3, escalator -0.5 to 1, any term to 100 years): within 1e-12 of the gross flows', () => {
    fc.assert(
      fc.property(lease([-0.9, 3], [-0.5, 1], fc.oneof(uniform(1e-3, 100), fc.double({ min: 1e-3, max: 100, noNaN: true }))), fc.oneof(uniform(0, 1), fc.double({ min: 0, max: 1, noNaN: true })), (inputs, prepay) => {
        inputs[6] = prepay; // any prepayment, above the margin too
        const expected = value(watt('A1, B1, C1, D1, E1, F1, G1'), inputs);
        return Math.abs(value(formula, inputs) - expected) <= 1e-12 * leaseGross(inputs);
      }),
      { numRuns: 300 },
    );
  });

  it('an empty optional argument takes its default, as the wrapper', () => {
    expect(value(formula, [168, 148.8, 10, 0.08, null, null, null])).toBe(value(native('168, 148.8, 10, 0.08')));
    expect(rel(value(formula, [168, 148.8, 10, 0.08, null, null, null]), value(watt('168, 148.8, 10, 0.08')))).toBeLessThanOrEqual(1e-12);
  });

  it('invalid arguments are #VALUE! as the wrapper; an NPV beyond the doubles is #NUM! as the core', () => {
    for (const args of ['168, 148.8, 10, -1', '168, 148.8, 0, 0.08', '168, 148.8, 100.5, 0.08', '168, 148.8, 10, 0.08, -1', '168, 148.8, 10, 0.08, 0, 1.1', '168, 148.8, 10, 0.08, 0, 1, 2', '0, 148.8, 10, 0.08', '168, -1, 10, 0.08']) {
      const got = evaluate(native(args), []);
      expect(got).toBeInstanceOf(DetailedCellError);
      expect((got as DetailedCellError).value).toBe('#VALUE!');
    }
    expect(evaluate(native('1E+300, 1E+300, 100, 0'), [])).toBeInstanceOf(DetailedCellError);
    expect(evaluate(watt('1E+300, 1E+300, 100, 0'), [])).toBeInstanceOf(DetailedCellError);
    expect(evaluate(formula, [168, 'abc', 10, 0.08, null, null, null])).toBeInstanceOf(DetailedCellError);
  });
});
