/**
 * Jest: TypeScript through ts-jest (type checking is `npm run typecheck`, run by `npm test`).
 *
 * Speed (npm test on two cores; see docs/_incoming/testspeed.md for the measurements):
 *  - ts-jest only transpiles: tsconfig.json sets isolatedModules, so each file is compiled on its own
 *    (ts.transpileModule) instead of through a type-checking language service started in every worker.
 *    Types are checked once, by `npm run typecheck`, which also holds every file to isolatedModules.
 *  - One worker per core: jest's default (cores - 1) runs a single suite at a time on two cores.
 *    WATT_JEST_WORKERS (a number or a percentage) overrides it, as does --maxWorkers / -i.
 *  - The slowest suites start first, also on a clean clone where jest has no timings yet
 *    (test/_setup/sequencer.js), so no long browser suite is left running alone at the end.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
  maxWorkers: process.env.WATT_JEST_WORKERS || '100%',
  testSequencer: '<rootDir>/test/_setup/sequencer.js',
  reporters: ['default', '<rootDir>/test/helpers/summary-reporter.js'],
  // No test touches the internet: the shared network provider refuses unless a test configures its own.
  setupFiles: ['<rootDir>/test/_setup/no-internet.ts', '<rootDir>/test/_setup/fast-check.ts'],
  // office-addin-manifest requires two ESM-only packages that jest (on Node 20) cannot load as
  // CommonJS: strip-bom@5 (the CommonJS strip-bom@4 at the top level has the same API) and uuid (only
  // v4() is used; Node's crypto.randomUUID gives it).
  moduleNameMapper: {
    '^strip-bom$': '<rootDir>/node_modules/strip-bom/index.js',
    '^uuid$': '<rootDir>/test/helpers/uuid-cjs.js',
  },
};
