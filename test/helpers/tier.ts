/**
 * Two tiers of the slowest checks, so that `npm test` stays under six minutes on the two-core machine
 * while CI runs everything:
 *  - `npm test`: each such suite runs a representative share (fewer random cases, one invalid input of
 *    each kind); deterministic, on the fixed seed.
 *  - `npm run test:extended` (run by `.ci/run` after `npm test`): the same suites with WATT_EXTENDED=1,
 *    every case (scripts/test-extended.ts lists them).
 */
export const EXTENDED = process.env.WATT_EXTENDED === '1';

/** `quick` in `npm test`, `full` in the extended run. */
export const tiered = <T>(quick: T, full: T): T => (EXTENDED ? full : quick);
