/**
 * fast-check for every suite: a property that fails reports its counterexample within a bounded time.
 * Shrinking a counterexample of a slow property (a whole valuation per run) can otherwise run for many
 * minutes; past the limit the run is interrupted and counted as a failure, never as a pass.
 */
import fc from 'fast-check';

fc.configureGlobal({ interruptAfterTimeLimit: 120_000, markInterruptAsFailure: true });
