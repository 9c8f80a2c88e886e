/**
 * Every function of the registry, on random arguments of any kind (numbers of any sign and size, text,
 * booleans, empty), through the engine exactly as a cell would call it: the result is a finite number,
 * text, a spilled table of such, or an Excel error with a message. Never NaN, Infinity or an exception.
 */
import fc from 'fast-check';
import { FUNCTIONS, NAMESPACE } from '../../src/engine/engine';
import { Evaluator } from '../../src/engine/evaluate';

const evaluator = new Evaluator();

/** An argument as formula text. */
const scalarArg = fc.oneof(
  // Written as Excel would print them (1E+300); the engine edge lower-cases the exponent.
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x < 0 ? `(${String(x).toUpperCase()})` : String(x).toUpperCase())),
  fc.integer({ min: -1_000_000, max: 2_000_000 }).map((x) => (x < 0 ? `(${x})` : String(x))),
  fc.constantFrom('0', '1', '0.5', '1E+300', '(-1E+300)', '1E-300', '840000', '46000', '"EH/s"', '"PH/s"', '"USD/kW/month"'),
  // Text without quotes or backslashes (HyperFormula does not read Excel's doubled quotes).
  fc.string({ maxLength: 8 }).map((s) => `"${s.replace(/["\\]/g, '')}"`),
  fc.constantFrom('TRUE', 'FALSE', 'TRUE()', '', '""'),
);
const rangeArg = fc.oneof(
  scalarArg,
  fc.array(fc.array(scalarArg.filter((s) => s !== ''), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }).map((rows) => {
    const width = rows[0].length;
    return `{${rows.map((r) => [...r, ...Array(width).fill('0')].slice(0, width).join(',')).join(';')}}`;
  }),
);

function assertSafe(value: unknown): void {
  if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
  else if (Array.isArray(value)) value.forEach((row) => (row as unknown[]).forEach(assertSafe));
  else if (value !== null && typeof value === 'object') {
    const e = value as { error: string; message: string };
    expect(e.error).toMatch(/^#/);
  } else expect(['string', 'boolean'].includes(typeof value) || value === null).toBe(true);
}

describe.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s on random arguments', (name, fn) => {
  test('returns a finite value or an Excel error with a message', () => {
    const args = fc.tuple(...fn.parameters.map((p) => (p.dimensionality === 'matrix' ? rangeArg : scalarArg)));
    fc.assert(
      fc.property(args, fc.integer({ min: 0, max: fn.parameters.length }), (values, count) => {
        const formula = `=${NAMESPACE}.${name}(${values.slice(0, Math.max(count, 0)).join(',')})`;
        const outcome = evaluator.evaluate(formula);
        if ('error' in outcome) {
          expect(outcome.error).toMatch(/^#(VALUE!|NUM!|N\/A)$/);
          expect(outcome.message.length).toBeGreaterThan(5);
          expect(outcome.message).not.toMatch(/internal error/);
        } else {
          assertSafe(outcome.value);
        }
      }),
      { numRuns: 150 },
    );
  });
});
