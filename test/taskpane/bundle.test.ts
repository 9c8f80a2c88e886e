/**
 * The built add-in (dist/, from `npm run build`; `npm test` runs it first): the custom functions start
 * without the pane's UI. functions.js and the startup script taskpane.js hold no Fluent/UI code; the UI
 * is the lazily loaded chunk taskpane-ui.js; nothing Excel loads contains HyperFormula; the workbench
 * has HyperFormula and no CustomFunctions.associate calls.
 */
import * as fs from 'fs';
import * as path from 'path';

const DIST = path.resolve(__dirname, '..', '..', 'dist');
const read = (f: string) => fs.readFileSync(path.join(DIST, f), 'utf8');

beforeAll(() => {
  if (!fs.existsSync(path.join(DIST, 'taskpane-ui.js'))) throw new Error('dist/ is missing or stale: run `npm run build` first (npm test does)');
});

const UI_MARKERS = [/fluent-(card|button|search|tabs)/, /watt-card/, /provideFluentDesignSystem|FASTElement/];

test('functions.js and taskpane.js contain no UI code', () => {
  for (const f of ['functions.js', 'taskpane.js']) {
    const js = read(f);
    for (const marker of UI_MARKERS) expect({ file: f, hit: marker.test(js) }).toEqual({ file: f, hit: false });
  }
});

test('the UI is a separate chunk, loaded by taskpane.js on demand', () => {
  const ui = read('taskpane-ui.js');
  expect(ui).toMatch(/fluent-card/);
  expect(ui).toMatch(/watt-card/);
  expect(read('taskpane.js')).toContain('taskpane-ui');
  // taskpane.html loads functions.js first, then the small startup script, and never the UI chunk.
  const html = read('taskpane.html');
  const scripts = [...html.matchAll(/<script[^>]*src="?([^" >]+)"?/g)].map((m) => m[1]);
  expect(scripts.filter((s) => !s.includes('office.js'))).toEqual(['functions.js', 'taskpane.js']);
  expect(html).toMatch(/id="?app"?/);
});

test('the startup script is small next to the UI chunk', () => {
  const startup = fs.statSync(path.join(DIST, 'taskpane.js')).size;
  const ui = fs.statSync(path.join(DIST, 'taskpane-ui.js')).size;
  expect(startup).toBeLessThan(16 * 1024);
  expect(ui).toBeGreaterThan(10 * startup);
});

test('nothing Excel loads contains HyperFormula; the workbench does, without CustomFunctions.associate', () => {
  const excel = fs.readdirSync(DIST).filter((f) => (f.endsWith('.js') || f.endsWith('.html')) && !f.startsWith('workbench'));
  expect(excel).toEqual(expect.arrayContaining(['functions.js', 'taskpane.js', 'taskpane-ui.js', 'taskpane.html']));
  for (const f of excel) expect({ file: f, hit: /hyperformula|gpl-v3/i.test(read(f)) }).toEqual({ file: f, hit: false });
  const workbench = read('workbench.js');
  expect(workbench).toMatch(/gpl-v3/);
  expect(workbench).not.toContain('CustomFunctions.associate');
  expect(read('workbench.html')).toContain('workbench.js');
});
