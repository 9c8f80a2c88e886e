/**
 * The production bundle in dist/ (built by `npm run build`, which `npm test` runs first): Excel's
 * functions.json equals the registry, every function is associated, and HyperFormula (GPL-3.0) is not
 * part of what Excel loads.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FUNCTIONS } from '../../src/engine/engine';

const DIST = path.resolve(__dirname, '..', '..', 'dist');

beforeAll(() => {
  if (!fs.existsSync(path.join(DIST, 'functions.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
});

test('dist/functions.json is the registry', () => {
  const dist = JSON.parse(fs.readFileSync(path.join(DIST, 'functions.json'), 'utf8'));
  expect(dist.functions.map((f: { id: string }) => f.id)).toEqual(FUNCTIONS.map((f) => f.id));
});

test('functions.js associates every function', () => {
  const js = fs.readFileSync(path.join(DIST, 'functions.js'), 'utf8');
  for (const f of FUNCTIONS) expect(js).toContain(`CustomFunctions.associate("${f.id}"`);
});

test('nothing Excel loads contains HyperFormula', () => {
  const excelFiles = ['functions.js', 'taskpane.js', 'taskpane.html'];
  for (const f of fs.readdirSync(DIST).filter((f) => f.endsWith('.js') && !f.startsWith('workbench'))) excelFiles.push(f);
  for (const f of new Set(excelFiles)) {
    const text = fs.readFileSync(path.join(DIST, f), 'utf8');
    expect(text).not.toMatch(/hyperformula|HyperFormula|gpl-v3/);
  }
});

test('manifest.xml and the icons are shipped', () => {
  expect(fs.existsSync(path.join(DIST, 'manifest.xml'))).toBe(true);
  for (const size of [16, 32, 64, 80, 128]) expect(fs.existsSync(path.join(DIST, 'assets', `icon-${size}.png`))).toBe(true);
});

test('dist/index.html (https://localhost:3000/) links the workbench, the task pane and the help', () => {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  for (const page of ['workbench.html', 'taskpane.html', 'help.html']) {
    expect(html).toMatch(new RegExp(`href="?${page.replace(".", "\\.")}"?[ >]`));
    expect(fs.existsSync(path.join(DIST, page))).toBe(true);
  }
});

test('dist/help.html lists every registry function', () => {
  const html = fs.readFileSync(path.join(DIST, 'help.html'), 'utf8');
  expect(html).not.toContain('<%');
  for (const f of FUNCTIONS) expect(html).toMatch(new RegExp(`data-function="?${f.id}"?[ >]`));
});
