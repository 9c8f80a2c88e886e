/**
 * `npm test`: the build, the type check and every jest suite, in the least time two cores allow.
 *
 *  1. The function registry (generated/functions.json, from the JSDoc): everything else reads it.
 *  2. At once, each mostly on one core: the command line's compile (build/, tsc), the production bundle
 *     (dist/, webpack) and the type check of everything (src, test, scripts). Each one's output is
 *     printed when it ends, whole, not interleaved.
 *  3. jest, one worker per core (jest.config.js), with any arguments given: `npm test -- test/xlsx`.
 * Exits with the first failing step's code; a failure in step 2 stops before jest.
 */
import { spawn, spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const bin = (pkg: string, file: string) => require.resolve(`${pkg}/${file}`, { paths: [ROOT] });

interface Step { name: string; args: string[] }

function runQuiet(step: Step): Promise<{ step: Step; code: number; output: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, step.args, { cwd: ROOT, env: process.env });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('close', (code, signal) => resolve({ step, code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString('utf8'), seconds: (Date.now() - started) / 1000 }));
  });
}

async function main(): Promise<void> {
  const metadata = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'generate-metadata.js'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  if (metadata.status !== 0) process.exit(metadata.status ?? 1);

  const tsc = bin('typescript', 'bin/tsc');
  const steps: Step[] = [
    { name: 'build:cli (tsc -p tsconfig.cli.json)', args: [tsc, '-p', 'tsconfig.cli.json'] },
    { name: 'build (webpack --mode production)', args: [bin('webpack-cli', 'bin/cli.js'), '--mode', 'production'] },
    { name: 'typecheck (tsc -p tsconfig.json --noEmit)', args: [tsc, '-p', 'tsconfig.json', '--noEmit'] },
  ];
  process.stdout.write(`npm test: ${steps.map((s) => s.name).join(', ')}, at once\n`);
  const results = await Promise.all(steps.map(runQuiet));
  let failed = 0;
  for (const r of results) {
    process.stdout.write(`\n> ${r.step.name}: ${r.code === 0 ? 'ok' : `failed (exit ${r.code})`} in ${r.seconds.toFixed(0)} s\n`);
    // webpack's asset list is long and the same every time: whole only when it fails.
    const quiet = r.code === 0 && r.step.name.startsWith('build (webpack');
    process.stdout.write(quiet ? r.output.split('\n').filter((l) => /compiled/.test(l)).map((l) => `${l.trim()}\n`).join('') : r.output);
    if (r.code !== 0 && !failed) failed = r.code;
  }
  if (failed) process.exit(failed);

  process.stdout.write('\n> jest\n');
  const jest = spawnSync(process.execPath, [bin('jest', 'bin/jest'), ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
  process.exit(jest.status ?? 1);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
