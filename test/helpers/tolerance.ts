/**
 * Closeness of two numbers in tests: relative, with an absolute floor. Jest's toBeCloseTo is absolute
 * (digits after the point), which says nothing of a 1e9 NPV and too much of a 1e-9 hashprice.
 *
 * The floor: a double below the smallest normal one, 2^-1022 (about 2.2e-308), is subnormal and keeps
 * fewer digits the smaller it gets (5e-324 has one bit), so no relative tolerance holds between two
 * computations of a value that small: a sum of 274 monthly costs of 1e-330 each is 0 in decimal (the
 * core) and 5e-324 in doubles (Excel's SUM). Two numbers whose difference is below 2^-1022 are
 * therefore the same number here, whatever their ratio; any figure a model shows is larger by hundreds
 * of orders of magnitude. (fast-check seed -1082586904 of test/xlsx/projection-native.test.ts found
 * this: total other_cost WATT 0, native 5e-324.)
 */

/** The smallest normal double, 2^-1022 (Number.MIN_VALUE, 5e-324, is the smallest subnormal one). */
export const MIN_NORMAL = 2 ** -1022;

export interface CloseOptions {
  /** What the relative tolerance is a fraction of; by default the larger magnitude of the two. */
  scale?: number;
  /** A difference at or below it is no difference; by default MIN_NORMAL (see above). */
  absolute?: number;
}

/**
 * |actual - expected| <= max(relative x scale, absolute). Equal numbers are close (infinities of one
 * sign too); NaN is close to nothing, and a finite number is never close to an infinite one.
 */
export function isClose(actual: number, expected: number, relative: number, options: CloseOptions = {}): boolean {
  if (actual === expected) return true;
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return false;
  const scale = options.scale ?? Math.max(Math.abs(actual), Math.abs(expected));
  return Math.abs(actual - expected) <= Math.max(relative * scale, options.absolute ?? MIN_NORMAL);
}

/** The relative difference |a - b| / max(|a|, |b|) (0 when equal), for reporting a worst case. */
export function relativeDifference(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Expects a number within `relativeTolerance` of |expected| (|actual - expected| <= tolerance x
 * |expected|), or within the absolute floor (MIN_NORMAL unless given), with a message saying how far off.
 */
export function expectWithin(actual: unknown, expected: number, relativeTolerance: number, absolute = MIN_NORMAL): void {
  expect(typeof actual).toBe('number');
  const a = actual as number;
  if (!isClose(a, expected, relativeTolerance, { scale: Math.abs(expected), absolute })) {
    const error = Math.abs(a - expected) / Math.abs(expected);
    throw new Error(`expected ${a} within ${relativeTolerance * 100}% of ${expected} (off by ${(error * 100).toPrecision(3)}%)`);
  }
}
