/** Relative closeness: |actual - expected| <= tolerance x |expected|. Jest's toBeCloseTo is absolute. */
export function expectWithin(actual: unknown, expected: number, relativeTolerance: number): void {
  expect(typeof actual).toBe('number');
  const a = actual as number;
  const error = Math.abs(a - expected) / Math.abs(expected);
  if (!(error <= relativeTolerance)) {
    throw new Error(`expected ${a} within ${relativeTolerance * 100}% of ${expected} (off by ${(error * 100).toPrecision(3)}%)`);
  }
}
