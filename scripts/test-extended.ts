/**
 * `npm run test:extended`: the slowest checks in full (test/helpers/tier.ts). `npm test` runs a
 * representative share of them to stay under six minutes on the two-core machine; this runs every case:
 * all 24 invalid-input kinds on both HYBRID native tables (on the template and on a random case), 14
 * random valid cases each, the hybrid-site native export edited in two files and recalculated by
 * LibreOffice (and, in the stale-number check, its exported file edited), and the template audit's 15 valid and 10 invalid runs a template. `.ci/run` runs it after
 * `npm test` (which has built what these suites read). Deterministic, on the fixed seed.
 *
 * Usage: npm run test:extended [-- jest arguments]
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const SUITES = ['test/xlsx/hybrid-native.test.ts', 'test/xlsx/hybrid-metrics-native.test.ts', 'test/xlsx/hybrid-libreoffice.test.ts', 'test/xlsx/stale.test.ts', 'test/templates/audit.test.ts'];

const metadata = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'generate-metadata.js'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
if (metadata.status !== 0) process.exit(metadata.status ?? 1);
const jest = require.resolve('jest/bin/jest', { paths: [ROOT] });
const run = spawnSync(process.execPath, [jest, ...SUITES, ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, WATT_EXTENDED: '1' } });
process.exit(run.status ?? 1);
