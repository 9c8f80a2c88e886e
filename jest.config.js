/** Jest: TypeScript through ts-jest (type checking is `npm run typecheck`, run by `npm test`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
  // office-addin-mock needs only the OfficeApp enum of office-addin-manifest, whose ESM-only dependencies
  // (strip-bom, uuid) jest on Node 20 cannot require: tests get a CommonJS copy of that enum.
  moduleNameMapper: { '^office-addin-manifest$': '<rootDir>/test/_shims/office-addin-manifest.js' },
};
