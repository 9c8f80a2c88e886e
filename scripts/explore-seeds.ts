/**
 * `npm run explore-seeds`: runs the property suites on random seeds and prints the seeds that fail.
 *
 * `npm test` runs every fast-check property on one fixed seed (test/_setup/fast-check.ts), so it is
 * deterministic: it finds what that seed's cases find, every time. This script looks further. Each run
 * draws a fresh 32-bit seed, runs jest on the property suites with WATT_FC_SEED set to it, and reports
 * every failing test with its seed, fast-check's counterexample and the command that reproduces it. A
 * seed found failing becomes a regression case in its test file (the counterexample as a plain test or
 * an `examples` entry), with the fix; the default seed does not change to step around it.
 *
 * Usage: npm run explore-seeds -- [--runs N] [--seed S]... [--no-build] [test path patterns...]
 *   --runs N       how many random seeds (default 3; each run is the property suites once, a few
 *                  minutes of CPU on two cores)
 *   --seed S       run this seed instead of a random one (repeatable): to reproduce or check a fix
 *   --no-build     skip `npm run build:cli` (the suites import generated/functions.json)
 *   patterns       only the property suites whose path contains one of them (e.g. xlsx/projection)
 * Exit code: 0 when every seed passed, 1 when one failed, 2 on misuse.
 *
 * A property suite is a test file that imports fast-check, itself or through a helper under test/.
 */
import { spawnSync } from 'child_process';
import { randomInt } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const TEST = path.join(ROOT, 'test');

interface Options { runs: number; seeds: number[]; build: boolean; patterns: string[] }

function usage(message: string): never {
  process.stderr.write(`explore-seeds: ${message}\nusage: npm run explore-seeds -- [--runs N] [--seed S]... [--no-build] [test path patterns...]\n`);
  process.exit(2);
}

const isSeed = (n: number) => Number.isInteger(n) && n >= -0x80000000 && n <= 0x7fffffff;

export function parseArgs(argv: string[]): Options {
  const options: Options = { runs: 3, seeds: [], build: true, patterns: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) usage(`--runs needs a whole number of runs from 1 (got ${JSON.stringify(argv[i])})`);
      options.runs = n;
    } else if (a === '--seed') {
      const n = Number(argv[++i]);
      if (argv[i] === undefined || !isSeed(n)) usage(`--seed needs a 32-bit integer (-2147483648 to 2147483647), got ${JSON.stringify(argv[i])}`);
      options.seeds.push(n);
    } else if (a === '--no-build') options.build = false;
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else options.patterns.push(a);
  }
  return options;
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : /\.ts$/.test(e.name) ? [p] : [];
  });
}

/** The relative imports of a TypeScript file that resolve to a .ts file under test/. */
function localImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = path.resolve(path.dirname(file), m[1]);
    for (const candidate of [target, `${target}.ts`, path.join(target, 'index.ts')]) {
      if (candidate.startsWith(TEST + path.sep) && candidate.endsWith('.ts') && fs.existsSync(candidate)) {
        out.push(candidate);
        break;
      }
    }
  }
  return out;
}

/** Test files that use fast-check, directly or through a helper under test/ (the setup file aside). */
export function propertySuites(): string[] {
  const files = walk(TEST);
  const usesFastCheck = new Map<string, boolean>();
  const setup = path.join(TEST, '_setup');
  const uses = (file: string, seen: Set<string>): boolean => {
    if (usesFastCheck.has(file)) return usesFastCheck.get(file)!;
    if (seen.has(file) || file.startsWith(setup + path.sep)) return false;
    seen.add(file);
    const direct = /from\s+['"]fast-check['"]|require\(\s*['"]fast-check['"]\s*\)/.test(fs.readFileSync(file, 'utf8'));
    const result = direct || localImports(file).some((f) => uses(f, seen));
    usesFastCheck.set(file, result);
    return result;
  };
  return files.filter((f) => f.endsWith('.test.ts') && uses(f, new Set())).map((f) => path.relative(ROOT, f)).sort();
}

interface Failure { file: string; test: string; message: string }

interface JestJson {
  numTotalTests: number;
  numFailedTests: number;
  testResults: { name: string; status: string; message: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
}

/** The lines of a failure worth printing: fast-check's summary (seed, counterexample) and the error. */
function gist(message: string): string {
  // eslint-disable-next-line no-control-regex
  const lines = message.replace(/\u001b\[[0-9;]*m/g, '').split('\n').map((l) => l.trimEnd());
  const keep = lines.filter((l) => /Property failed|Counterexample|seed:|Shrunk|Cause|Error|expected|Expected|Received|interrupted/i.test(l) && !/^\s+at /.test(l));
  return (keep.length > 0 ? keep : lines.filter((l) => l.trim() && !/^\s+at /.test(l))).slice(0, 8).map((l) => l.slice(0, 400)).join('\n');
}

function runSeed(seed: number, suites: string[]): { failures: Failure[]; tests: number; seconds: number } {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'watt-seeds-')), 'jest.json');
  const started = Date.now();
  const jest = require.resolve('jest/bin/jest', { paths: [ROOT] });
  const r = spawnSync(process.execPath, [jest, '--json', `--outputFile=${out}`, '--silent', ...suites], {
    cwd: ROOT,
    env: { ...process.env, WATT_FC_SEED: String(seed) },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = (Date.now() - started) / 1000;
  if (!fs.existsSync(out)) {
    throw new Error(`jest wrote no results for seed ${seed} (exit ${r.status}):\n${(r.stderr || r.stdout || '').slice(-4000)}`);
  }
  const json = JSON.parse(fs.readFileSync(out, 'utf8')) as JestJson;
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  const failures: Failure[] = [];
  for (const suite of json.testResults) {
    const file = path.relative(ROOT, suite.name);
    const failed = suite.assertionResults.filter((a) => a.status === 'failed');
    for (const a of failed) failures.push({ file, test: a.fullName, message: gist(a.failureMessages.join('\n')) });
    // A suite that failed to run (or in a hook) has no failed test to name.
    if (suite.status === 'failed' && failed.length === 0) failures.push({ file, test: '(the suite itself)', message: gist(suite.message) });
  }
  return { failures, tests: json.numTotalTests, seconds };
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** A jest -t pattern matching this test's full name literally. */
const namePattern = (name: string) => `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  let suites = propertySuites();
  if (options.patterns.length > 0) suites = suites.filter((s) => options.patterns.some((p) => s.includes(p)));
  if (suites.length === 0) usage(`no property suite matches ${options.patterns.join(', ')}`);
  if (options.build) {
    const b = spawnSync('npm', ['run', '--silent', 'build:cli'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) process.exit(b.status ?? 1);
  }
  const seeds = options.seeds.length > 0 ? options.seeds : Array.from({ length: options.runs }, () => randomInt(-0x80000000, 0x80000000));
  process.stdout.write(`explore-seeds: ${suites.length} property suites, ${seeds.length} seed(s): ${suites.join(' ')}\n`);
  const failing: { seed: number; failures: Failure[] }[] = [];
  for (const seed of seeds) {
    const { failures, tests, seconds } = runSeed(seed, suites);
    if (failures.length === 0) {
      process.stdout.write(`seed ${seed}: ${tests} tests passed (${seconds.toFixed(0)} s)\n`);
      continue;
    }
    failing.push({ seed, failures });
    process.stdout.write(`seed ${seed}: ${failures.length} failed of ${tests} (${seconds.toFixed(0)} s)\n`);
    for (const f of failures) process.stdout.write(`  ${f.file} > ${f.test}\n${f.message.replace(/^/gm, '      ')}\n`);
  }
  if (failing.length === 0) {
    process.stdout.write(`explore-seeds: every seed passed (${seeds.join(', ')})\n`);
    return;
  }
  process.stdout.write(`\nexplore-seeds: ${failing.length} of ${seeds.length} seed(s) failed. Reproduce with:\n`);
  for (const { seed, failures } of failing) {
    for (const f of failures) {
      const filter = f.test === '(the suite itself)' ? '' : ` -t ${shellQuote(namePattern(f.test))}`;
      process.stdout.write(`  WATT_FC_SEED=${seed} npx jest ${f.file}${filter}\n`);
    }
  }
  process.exitCode = 1;
}

if (require.main === module) main();
