/**
 * The one helper every WATT wrapper calls (HyperFormula's `runFunction`): check and coerce each raw
 * argument against its spec, call the pure core, and turn any error into the host's error. A wrapper
 * is then one line: `return run(core.fn, [specs...], arg1, arg2, ...)`.
 */
import { isError, Messages, numError, Result, WattError } from '../../core/errors';
import { check, Spec } from '../../core/params';
import { toHostError } from './host';

/** One cell of a spilled result: a number, text, a boolean, empty, or an error. */
export type CellValue = number | string | boolean | null | WattError;

function fail(error: WattError): never {
  throw toHostError(error);
}

function checkAll(specs: readonly Spec[], args: readonly unknown[]): unknown[] {
  return specs.map((spec, i) => {
    const value = check(spec, args[i]);
    return isError(value) ? fail(value) : value;
  });
}

/** Scalar functions: the result must be a finite number, else `#NUM!`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function run(core: (...args: any[]) => Result<number>, specs: readonly Spec[], ...args: unknown[]): number {
  const result = core(...checkAll(specs, args));
  if (isError(result)) fail(result);
  if (typeof result !== 'number' || !Number.isFinite(result)) fail(numError(Messages.notFinite('the result')));
  return result;
}

/** Scalar functions returning text (unit names, metric labels). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function runText(core: (...args: any[]) => Result<string>, specs: readonly Spec[], ...args: unknown[]): string {
  const result = core(...checkAll(specs, args));
  return isError(result) ? fail(result) : result;
}

/**
 * Spilled results: a 2D table. Error cells inside the table become host errors in place (Excel shows
 * each in its own cell); a non-finite number in a cell becomes `#NUM!` there.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function runTable(core: (...args: any[]) => Result<CellValue[][]>, specs: readonly Spec[], ...args: unknown[]): unknown[][] {
  const result = core(...checkAll(specs, args));
  if (isError(result)) fail(result);
  return result.map((row) =>
    row.map((cell) => {
      if (isError(cell)) return toHostError(cell);
      if (typeof cell === 'number' && !Number.isFinite(cell)) return toHostError(numError(Messages.notFinite('this cell')));
      return cell === null ? '' : cell;
    }),
  );
}
