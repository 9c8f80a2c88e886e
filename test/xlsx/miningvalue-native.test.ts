/**
 * WATT.MININGVALUE's native form (src/xlsx/paths-native.ts, one SUMPRODUCT over a month index on the
 * helper sheet), evaluated in the engine beside the function: equal within 1e-9 relative of the larger
 * of the value and the sum of the monthly margins it discounts (fast-check, fixed seed), omitted
 * arguments taking their defaults; every argument the function refuses is #VALUE!.
 */
import fc from 'fast-check';
import { DetailedCellError } from 'hyperformula';
import { createEngine, toEngineFormula } from '../../src/engine/engine';
import { EXCEL_FORMULA_LIMIT } from '../../src/xlsx/native';
import { miningValueNative, monthIndexBlock } from '../../src/xlsx/paths-native';

const hf = createEngine();
const inputs = hf.getSheetId(hf.addSheet('Inputs'))!;
const out = hf.getSheetId(hf.addSheet('Out'))!;
const helper = hf.getSheetId(hf.addSheet('Watt native'))!;
const index = monthIndexBlock('Watt native', 0);
const indexRows: unknown[][] = [];
for (const c of index.helper) (indexRows[c.row] ??= [])[c.col] = c.value;
hf.setSheetContent(helper, Array.from(indexRows, (r) => Array.from(r ?? [null], (v) => v ?? null)) as never);
const form = miningValueNative(index.range);
const ARGS = 'ABCDEFGHIJKLMN'.split('').map((c) => `Inputs!${c}1`);

/** WATT.MININGVALUE and its native form on the same arguments (the first `given` passed, the rest omitted). */
function evaluate(values: (number | string | null)[], given: number): [unknown, unknown] {
  const native = form.build(ARGS.slice(0, given))!;
  expect(native.length).toBeLessThan(EXCEL_FORMULA_LIMIT);
  hf.batch(() => {
    hf.setSheetContent(inputs, [values as never]);
    hf.setSheetContent(out, [[toEngineFormula(`=WATT.MININGVALUE(${ARGS.slice(0, given).join(',')})`), toEngineFormula(`=${native}`)]]);
  });
  const [w, n] = hf.getSheetValues(out)[0];
  return [w, n];
}

const number = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => (Math.abs(v) < 1e-300 ? 0 : v));
const validArgs = fc.tuple(
  fc.oneof(number(0, 60), fc.constant(0)), number(5, 60), number(0, 0.15), number(1000, 500000), number(100, 5000), fc.oneof(fc.integer({ min: 39816, max: 80000 }), number(39816, 80000)),
  fc.oneof(fc.integer({ min: 1, max: 10 }), number(0.25, 50)), number(-0.05, 0.4), number(0, 1), number(0.5, 1), number(0, 0.05), number(0, 20), number(-0.5, 1), number(-0.5, 1),
  fc.integer({ min: 6, max: 14 }),
);

test('the valuation template\'s case (20 EH/s at 18 J/TH, the function\'s example): the native form equals WATT.MININGVALUE', () => {
  // =WATT.MININGVALUE(20, 18, 0.045, 90000, 1100, DATE(2026,1,1), 4, 0.1, 0.02, 0.95, 0.01): the @example of src/functions/valuation.ts.
  const [w, n] = evaluate([20, 18, 0.045, 90000, 1100, 46023, 4, 0.1, 0.02, 0.95, 0.01], 11);
  expect(typeof w).toBe('number');
  expect(Math.abs((n as number) - (w as number))).toBeLessThanOrEqual(1e-9 * Math.abs(w as number));
});

test('on random valid arguments (fixed seed), the native form equals WATT.MININGVALUE', () => {
  fc.assert(fc.property(validArgs, (args) => {
    const given = args[14];
    const [w, n] = evaluate(args.slice(0, 14) as number[], given);
    if (w instanceof DetailedCellError) throw new Error(`WATT.MININGVALUE refused valid arguments: ${w.message}`);
    // The scale: the undiscounted margins of a fleet that never switches off, at most hashrate x value x years.
    const scale = Math.abs(w as number) + (args[0] as number) * 1e6;
    if (typeof n !== 'number' || !(Math.abs(n - (w as number)) <= 1e-9 * scale)) throw new Error(`WATT ${String(w)}, native ${String(n)}`);
  }), { numRuns: 60 });
});

test.each([
  ['a negative hashrate', 0, -1], ['efficiency 0', 1, 0], ['a start date before the genesis block', 5, 39815], ['years under 0.25', 6, 0.1],
  ['a discount rate of -100%', 7, -1], ['uptime over 1', 9, 1.5], ['text', 3, '90k'],
])('an invalid argument (%s) is #VALUE!, as the function', (_, at, bad) => {
  const values: (number | string | null)[] = [20, 18, 0.045, 90000, 1100, 46023, 4, 0.1, 0.02, 0.95, 0.01, 0, 0, 0];
  values[at as number] = bad as number | string;
  const [w, n] = evaluate(values, 14);
  expect(w).toBeInstanceOf(DetailedCellError);
  expect((n as DetailedCellError).value).toBe('#VALUE!');
});
