/** Jest: TypeScript through ts-jest (type checking is `npm run typecheck`, run by `npm test`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
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
