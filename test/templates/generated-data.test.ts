/** The template data modules are generated from shared/data by a script: this fails when they are stale. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

test('src/templates/data matches scripts/generate-template-data.py run on shared/data', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'watt-template-data-'));
  const r = spawnSync('python3', [path.join(ROOT, 'scripts', 'generate-template-data.py')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, WATT_TEMPLATE_DATA_OUT: out },
  });
  expect(r.error).toBeUndefined();
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  for (const file of ['hpc-deals.ts', 'listed-miners.ts']) {
    expect(fs.readFileSync(path.join(out, file), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'src', 'templates', 'data', file), 'utf8'));
  }
});
