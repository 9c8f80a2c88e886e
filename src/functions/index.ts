/**
 * Every module of WATT declarations, for hosts other than Excel (the embedded engine, the CLI, tests).
 * Which functions exist is not listed here: generated/functions.json (from the JSDoc) is the registry,
 * and a contract test checks that it and these exports agree.
 */
export * from './mining';
export * from './conversion';
export * from './tables';
export * from './network';
export * from './risk';
export * from './valuation';
export * from './checks';
export * from './finance';
export * from './flexible';
