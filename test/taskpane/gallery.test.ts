/** The gallery's search and labels, over the real templates. */
import { countLabel, filterTemplates, fold, formatAsOf } from '../../src/taskpane/gallery';
import { TEMPLATES } from '../../src/templates';
import type { Template } from '../../src/templates/types';

const t = (id: string, title: string, description: string, keyAssumptions: string[]): Template => ({ id, title, description, keyAssumptions, asOf: '2025-12-15', answers: '', sheets: [] });
const sample = [t('a', 'Mining site', 'Hashprice and margin', ['100 MW', '17.5 J/TH']), t('b', 'Powered shell lease', 'Rent per kW', ['$150/kW-month']), t('c', 'Résumé', 'GPU cloud', ['76,000 GPUs'])];

test('an empty or blank query shows every template, in order', () => {
  expect(filterTemplates(sample, '')).toEqual(sample);
  expect(filterTemplates(sample, '   ')).toEqual(sample);
  expect(filterTemplates(TEMPLATES, '').map((x) => x.id)).toEqual(TEMPLATES.map((x) => x.id));
});

test('matches title, description and assumptions; every word must match', () => {
  expect(filterTemplates(sample, 'lease').map((x) => x.id)).toEqual(['b']);
  expect(filterTemplates(sample, 'hashprice').map((x) => x.id)).toEqual(['a']);
  expect(filterTemplates(sample, '17.5 j/th').map((x) => x.id)).toEqual(['a']);
  expect(filterTemplates(sample, 'mining lease')).toEqual([]);
  expect(filterTemplates(sample, 'MW').map((x) => x.id)).toEqual(['a']);
  expect(filterTemplates(sample, 'resume').map((x) => x.id)).toEqual(['c']);
});

test('every real template is found by its own title and by each key assumption', () => {
  for (const template of TEMPLATES) {
    expect(filterTemplates(TEMPLATES, template.title)).toContain(template);
    for (const a of template.keyAssumptions) expect(filterTemplates(TEMPLATES, a)).toContain(template);
  }
});

test('labels', () => {
  expect(fold('ÉCOLE Ångström')).toBe('ecole angstrom');
  expect(formatAsOf('2025-12-15')).toBe('15 Dec 2025');
  expect(formatAsOf('2026-01-01')).toBe('1 Jan 2026');
  expect(formatAsOf('mid-December')).toBe('mid-December');
  expect(formatAsOf('2025-13-01')).toBe('2025-13-01');
  expect(countLabel(7, 7)).toBe('7 templates');
  expect(countLabel(1, 1)).toBe('1 template');
  expect(countLabel(2, 7)).toBe('2 of 7 templates');
});
