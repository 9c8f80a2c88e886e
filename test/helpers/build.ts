/**
 * The compiled command line (build/, `npm run build:cli`) for the suites that run it as a user does, in
 * a child process (bin/watt.js, scripts/docs.js).
 *
 * `npm test` builds it first, so within `npm test` this only checks (a few milliseconds): no suite
 * builds it again. Run alone (`npx jest test/cli`), a suite gets a build that is missing or older than
 * a file it is compiled from rebuilt here, once, instead of testing a stale one. Two jest workers never
 * build at once: the first takes a lock (a directory, made atomically), the other waits and re-checks.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
/** Written by every build (tsc rewrites all its outputs): the build's time. */
const STAMP = path.join(ROOT, 'build', 'src', 'cli', 'bin.js');
const LOCK = path.join(ROOT, 'build', '.building');
/** What build:cli reads: the sources, the generator of functions.json and the compiler settings. */
const INPUTS = ['src', 'scripts/generate-metadata.js', 'scripts/sources.js', 'tsconfig.json', 'tsconfig.cli.json'];

function newestInput(p: string): number {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(p).reduce((t, name) => Math.max(t, newestInput(path.join(p, name))), stat.mtimeMs);
}

/** Why build/ must be (re)built, or undefined when it is up to date. */
export function cliBuildStale(): string | undefined {
  if (!fs.existsSync(STAMP)) return 'build/ is missing';
  const built = fs.statSync(STAMP).mtimeMs;
  for (const input of INPUTS) {
    const p = path.join(ROOT, input);
    if (fs.existsSync(p) && newestInput(p) > built) return `${input} changed since the last build`;
  }
  return undefined;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Makes sure build/ is up to date, building it (npm run build:cli) when it is not. */
export function ensureCliBuild(): void {
  const deadline = Date.now() + 300_000;
  while (cliBuildStale()) {
    fs.mkdirSync(path.dirname(LOCK), { recursive: true });
    let mine = false;
    try {
      fs.mkdirSync(LOCK);
      mine = true;
    } catch {
      // Another worker is building: wait for it, then check again (a lock older than 5 minutes is a dead one).
      const lock = fs.statSync(LOCK, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > 300_000) fs.rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('build/ is being built by another process for over 5 minutes: run `npm run build:cli` and retry');
      sleep(250);
      continue;
    }
    try {
      if (!cliBuildStale()) return;
      execFileSync('npm', ['run', '--silent', 'build:cli'], { cwd: ROOT, stdio: 'pipe' });
    } finally {
      if (mine) fs.rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
