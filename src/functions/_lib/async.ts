/**
 * Asynchronous WATT functions (live network data). Excel calls a custom function that returns a
 * Promise and shows its value when it settles. The embedded engine (HyperFormula) cannot wait: it
 * looks for two marks on the promise the wrapper returns,
 *   SETTLED  the answer was known at once (read from the cache): the engine shows it directly;
 *   PENDING  what is being fetched: the engine shows #N/A "fetching <what>…", collects the promise,
 *            and its host awaits it and recalculates (src/engine: settleFetches, Evaluator.evaluateAsync).
 */
import { isError, Messages, numError, Result, WattError } from '../../core/errors';
import { check, Spec } from '../../core/params';
import { Pending } from '../../network/provider';
import { toHostError } from './host';

export const SETTLED = Symbol.for('watt.settled');
export const PENDING = Symbol.for('watt.pending');

export type Settled = { value: number } | { error: unknown };
export interface CellPromise extends Promise<number> {
  [SETTLED]?: Settled;
  [PENDING]?: string;
}

/** A result to the number Excel shows, or the host error thrown. */
function finish(result: Result<number>): number {
  if (isError(result)) throw toHostError(result);
  if (typeof result !== 'number' || !Number.isFinite(result)) throw toHostError(numError(Messages.notFinite('the result')));
  return result;
}

function settled(s: Settled): CellPromise {
  const p: CellPromise = 'error' in s ? Promise.reject(s.error) : Promise.resolve(s.value);
  p.catch(() => undefined); // a host that reads the mark instead of awaiting must not see an unhandled rejection
  p[SETTLED] = s;
  return p;
}

/**
 * `run` for asynchronous functions: check the arguments against their specs, ask the core, and return
 * a promise of the number (rejected with the host's error), marked as above.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function runAsync(core: (...args: any[]) => Result<number> | Pending<Result<number>>, specs: readonly Spec[], ...args: unknown[]): Promise<number> {
  const checked: unknown[] = [];
  for (let i = 0; i < specs.length; i++) {
    const value = check(specs[i], args[i]);
    if (isError(value)) return settled({ error: toHostError(value as WattError) });
    checked.push(value);
  }
  const answer = core(...checked);
  if (answer instanceof Pending) {
    const p: CellPromise = answer.promise.then(finish);
    p[PENDING] = answer.what;
    return p;
  }
  try {
    return settled({ value: finish(answer) });
  } catch (e) {
    return settled({ error: e });
  }
}
