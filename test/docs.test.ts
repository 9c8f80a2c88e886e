/** The README's function reference is generated from the registry; this fails when it is stale. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ensureCliBuild } from './helpers/build';

const ROOT = path.resolve(__dirname, '..');

beforeAll(() => ensureCliBuild(), 180_000); // scripts/docs.js evaluates the examples with the compiled engine

test('README function reference is up to date (npm run docs)', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'docs.js'), '--check'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('README names the commands a new user needs', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  for (const cmd of ['npm install', 'npm start', 'npm test', 'npx watt eval', 'npx watt functions']) expect(readme).toContain(cmd);
});
