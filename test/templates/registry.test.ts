/**
 * Every template: valid, described, calling only registered WATT functions, and recalculating in the
 * engine with no error cell. Templates whose functions are not merged yet fail here, loudly, naming
 * the missing function (never skipped).
 */
import fs from 'fs';
import path from 'path';
import { findTemplate, functionsUsed, TEMPLATES, validateTemplate } from '../../src/templates';
import { Inserted, REGISTERED } from './helpers';

test('the registry lists the eleven templates, ids unique, found case-insensitively', () => {
  expect(TEMPLATES.map((t) => t.id)).toEqual(['keep-mining', 'powered-shell', 'gpu-cloud', 'three-paths', 'hybrid-site', 'risk', 'projection', 'comps', 'valuation', 'hpc-deals', 'project-finance']);
  expect(findTemplate(' Keep-Mining ')).toBe(TEMPLATES[0]);
  expect(findTemplate('nope')).toBeUndefined();
});

test('template modules never read files at run time (they run in the browser too)', () => {
  const dir = path.resolve(__dirname, '..', '..', 'src', 'templates');
  const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThanOrEqual(10);
  for (const f of files) expect({ f, io: /from '(fs|path|node:[a-z]+)'|require\(/.test(fs.readFileSync(path.join(dir, f), 'utf8')) }).toEqual({ f, io: false });
});

describe.each(TEMPLATES.map((t) => [t.id, t] as const))('%s', (_id, template) => {
  test('is a valid template', () => {
    expect(validateTemplate(template)).toEqual([]);
  });

  test('describes itself for the gallery: title, description, ISO as-of date, key assumptions, the question it answers', () => {
    expect(template.title.length).toBeGreaterThan(5);
    expect(template.description.length).toBeGreaterThan(20);
    expect(template.answers).toMatch(/\?$/);
    expect(template.asOf).toMatch(/^20\d\d-\d\d-\d\d$/);
    expect(template.keyAssumptions.length).toBeGreaterThanOrEqual(3);
  });

  test('formats every number and states a source for every input', () => {
    for (const sheet of template.sheets) {
      const rangeFormatted = (sheet.rangeFormats ?? []).length > 0;
      for (const cell of sheet.cells) {
        if (typeof cell.value === 'number' || cell.formula) {
          if (!(cell.formula && rangeFormatted && /WATT\.(PATHS|PROJECTION|SIMULATE|SIMHIST|SIMBANDS|HYBRID)/.test(cell.formula))) expect({ ref: cell.ref, format: cell.format }).toEqual({ ref: cell.ref, format: expect.any(String) });
        }
        if (cell.style === 'input') expect({ ref: cell.ref, note: (cell.note ?? '').length > 5 }).toEqual({ ref: cell.ref, note: true });
      }
      expect(sheet.columnWidths?.length).toBeGreaterThanOrEqual(4);
      expect(sheet.cells.find((c) => c.ref === 'A1')?.style).toBe('title');
      expect(sheet.cells.find((c) => c.ref === 'A2')?.style).toBe('subtitle');
    }
  });

  const used = functionsUsed(template);
  if (used.length === 0) test('uses native formulas only', () => expect(used).toEqual([]));
  else test.each(used)('WATT.%s is registered in generated/functions.json', (id) => {
    expect(REGISTERED.has(id) ? id : `WATT.${id} missing from generated/functions.json`).toBe(id);
  });

  test('recalculates in the engine with no error cell anywhere', async () => {
    const inserted = await Inserted.of(template);
    expect(inserted.errors()).toEqual([]);
  });
});
