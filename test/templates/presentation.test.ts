/**
 * Presentation a banker accepts, checked on the templates as data: every number format shows a
 * negative in parentheses, never a minus; red only where a negative is bad news; columns of numbers
 * wide enough for them; % labelled %, not "fraction"; the sensitivity's base case boxed.
 */
import { TEMPLATES, findTemplate } from '../../src/templates';
import { F, NUMBER_WIDTH, DEFAULT_WIDTH, withNumberWidths } from '../../src/templates/builder';
import { STYLES } from '../../src/templates/styles';
import { formatColor, formatValue, isDateFormat } from '../../src/workbench/numfmt';
import { cellRef, parseRef } from '../../src/templates/plan';
import { PROJECTION_COLUMNS } from '../../src/templates/projection';
import { wrappedCells } from '../../src/hosts/excel/template-adapter';
import * as fs from 'fs';
import * as path from 'path';

/** A verdict format (builder's verdictFormat): every section a quoted text, the bad ones red. */
const isVerdict = (format: string) => /^"[^"]*"(;\[Red\]"[^"]*"){1,2}$/.test(format);

const numberFormats = () =>
  TEMPLATES.flatMap((t) =>
    t.sheets.flatMap((s) => [...s.cells, ...(s.rangeFormats ?? [])].filter((c) => c.format && c.format !== F.text && !isDateFormat(c.format)).map((c) => ({ id: t.id, format: c.format! }))),
  );

test('every number format of every template shows a negative in parentheses (or as a word)', () => {
  const formats = numberFormats();
  expect(formats.length).toBeGreaterThan(100);
  const minus = formats.filter(({ format }) => !/^\(.*\)$/.test(formatValue(-1234.5, format)) && !isVerdict(format));
  expect(minus).toEqual([]);
});

test('red only for bad news: no style is red, and a format is red only for a negative', () => {
  for (const [name, style] of Object.entries(STYLES)) expect({ name, red: /^#(C00000|FF0000|C50F1F)$/i.test(style.fontColor ?? '') }).toEqual({ name, red: false });
  for (const { format } of numberFormats()) {
    expect(formatColor(1234.5, format)).toBeUndefined();
    // A verdict (every section a quoted text) may name a second bad verdict at 0 (a range check's "above").
    if (!isVerdict(format)) expect(formatColor(0, format)).toBeUndefined();
  }
});

test('a column of numbers the template leaves without a width gets one that fits "($1,940.0M)"', () => {
  const cells = [
    { ref: 'B2', value: 5, format: F.usdM },
    { ref: 'F2', formula: '=B2', format: F.usdM },
    { ref: 'H2', value: 'a note', format: F.text },
  ];
  expect(withNumberWidths([200, 100], cells)).toEqual([200, 100, DEFAULT_WIDTH, DEFAULT_WIDTH, DEFAULT_WIDTH, NUMBER_WIDTH]);
  expect(withNumberWidths([200, 100, 90, 90, 90, 90, 90], cells)).toEqual([200, 100, 90, 90, 90, 90, 90]);
  // powered-shell writes announced contract values in column F beyond its stated widths.
  const shell = findTemplate('powered-shell')!.sheets[0];
  expect(shell.columnWidths![5]).toBeGreaterThanOrEqual(NUMBER_WIDTH);
});

test.each(TEMPLATES.map((t) => t.id))('%s: every percentage is labelled %% (no "fraction" or bare "annual" unit)', (id) => {
  const sheet = findTemplate(id)!.sheets[0];
  const byRef = new Map(sheet.cells.map((c) => [c.ref, c]));
  const texts = sheet.cells.filter((c) => c.style === 'label' && typeof c.value === 'string');
  expect(texts.filter((c) => /^(fraction|annual)$/i.test(c.value as string))).toEqual([]);
  // The unit of a % input or output is the first label to its right in its row (C, D or after the values).
  const pcts = sheet.cells.filter((c) => (c.style === 'input' || c.style === 'output') && /%/.test(c.format ?? '') && !isVerdict(c.format!));
  let withUnit = 0;
  for (const cell of pcts) {
    const { row, col } = parseRef(cell.ref)!;
    const right = Array.from({ length: 4 }, (_, k) => byRef.get(cellRef(row, col + 1 + k))).find((c) => c && c.style === 'label' && typeof c.value === 'string');
    if (!right) continue; // a table column: its header says %
    withUnit++;
    expect({ ref: cell.ref, unit: right.value }).toEqual({ ref: cell.ref, unit: expect.stringMatching(/^%/) });
  }
  if (['keep-mining', 'gpu-cloud', 'powered-shell', 'three-paths', 'projection'].includes(id)) expect(withUnit).toBeGreaterThan(2);
});

test('keep-mining: the sensitivity\'s base case is boxed and reads the inputs', () => {
  const cells = findTemplate('keep-mining')!.sheets[0].cells.filter((c) => c.style === 'highlight');
  // The base-case axis cells read the inputs through WATT.CHECK (an input out of range is an error there too).
  expect(cells.map((c) => c.formula)).toEqual([expect.stringMatching(/^=WATT\.CHECK\(network_hashrate, /), expect.stringMatching(/^=WATT\.CHECK\(btc_price, /), expect.stringMatching(/^=WATT\.HASHPRICE\(\$A\d+, D\$\d+, fees, subsidy\)$/)]);
  expect(STYLES.highlight).toMatchObject({ bold: true, border: expect.stringMatching(/^#[0-9A-F]{6}$/) });
});

test('projection: a banker\'s label with its unit above every column of the spill, the function\'s names kept', () => {
  const sheet = findTemplate('projection')!.sheets[0];
  const anchor = sheet.cells.find((c) => c.formula?.startsWith('=WATT.PROJECTION('))!;
  const { row } = parseRef(anchor.ref)!;
  const labels = PROJECTION_COLUMNS.map((_, i) => sheet.cells.find((c) => c.ref === cellRef(row - 1, i)));
  expect(labels.map((c) => c?.style)).toEqual(PROJECTION_COLUMNS.map(() => 'header'));
  expect(labels.map((c) => c?.value)).toEqual(PROJECTION_COLUMNS.map(([, , label]) => label));
  // Every label names its unit in parentheses: USD, BTC, EH/s, PH/s, USD/PH/day, ...
  for (const l of labels) expect(l!.value).toMatch(/\((#|date|first of month|BTC\/block|EH\/s|USD\/BTC|USD\/PH\/day|PH\/s|BTC|USD)\)$/);
  expect(PROJECTION_COLUMNS.map(([n]) => n)).toEqual(['month', 'date', 'block_height', 'subsidy', 'network_hashrate', 'btc_price', 'hashprice', 'site_hashrate', 'btc_mined', 'revenue', 'power_cost', 'gross_margin', 'cost_per_btc']);
  // A month that loses money shows red; the margin column's format says so.
  const margin = sheet.rangeFormats!.find((r) => r.range.startsWith(`L${row + 2}:`))!;
  expect(margin.format).toBe(F.lossUsd0);
});

test('three-paths: NPV is red when negative; each output row has a label with its unit', () => {
  const sheet = findTemplate('three-paths')!.sheets[0];
  const anchor = sheet.cells.find((c) => c.formula?.includes('WATT.PATHS('))!;
  const { row } = parseRef(anchor.ref)!;
  const labels = sheet.cells.filter((c) => c.ref.startsWith('A') && parseRef(c.ref)!.row > row && parseRef(c.ref)!.row <= row + 10);
  expect(labels).toHaveLength(10);
  for (const l of labels) expect(l.value).toMatch(/(USD\/MWh|USD M|% a year|years|USD\/W)/);
  const npv = sheet.rangeFormats!.find((r) => r.range.startsWith(`C${row + 1 + 7}:`))!;
  expect(labels[6].value).toMatch(/^NPV/);
  expect(npv.format).toBe(F.lossUsdM);
  expect(formatColor(-1e6, npv.format!)).toBeDefined();
});

test.each(TEMPLATES.map((t) => t.id))('%s: the last frozen row is the as-of line or a header row, never a row of inputs', (id) => {
  const sheet = findTemplate(id)!.sheets[0];
  const frozen = sheet.freeze?.rows ?? 0;
  const last = sheet.cells.filter((c) => parseRef(c.ref)!.row === frozen - 1);
  expect(last.filter((c) => c.style === 'input').map((c) => c.ref)).toEqual([]);
  if (frozen > 2) expect(last.filter((c) => c.style === 'header').length).toBeGreaterThan(1);
});

test('powered-shell: the announced-leases labels are the deal names (tenant with the source), the checks are verdicts in red only when outside', () => {
  const sheet = findTemplate('powered-shell')!.sheets[0];
  const header = sheet.cells.find((c) => c.value === 'Announced leases with a critical-IT rent (14 of 17)')!;
  const { row } = parseRef(header.ref)!;
  const heads = sheet.cells.filter((c) => parseRef(c.ref)!.row === row).map((c) => c.value);
  expect(heads).toEqual(['Announced leases with a critical-IT rent (14 of 17)', 'Implied rent (USD/kW-month)', 'MW (critical IT)', 'Term (years)', 'Tenant; MW basis; announced; source', 'Contract value (USD)']);
  const deals = sheet.cells.filter((c) => c.ref.startsWith('A') && parseRef(c.ref)!.row > row && c.style === 'label').slice(0, 14);
  // 250 points hold ~40 characters of the grid's font.
  for (const d of deals) expect((d.value as string).length).toBeLessThanOrEqual(40);
  expect(sheet.cells.filter((c) => c.style === 'warning')).toEqual([]);
  const checks = sheet.cells.filter((c) => /WATT\.CHECK\((hs|nc)_(rent|capex),.*\) < /.test(c.formula ?? ''));
  expect(checks).toHaveLength(4);
  for (const c of checks) {
    expect([formatValue(1, c.format!), formatValue(-1, c.format!), formatValue(0, c.format!)]).toEqual(['within', 'BELOW', 'ABOVE']);
    expect([formatColor(1, c.format!), !!formatColor(-1, c.format!), !!formatColor(0, c.format!)]).toEqual([undefined, true, true]);
  }
});

test('headers whose right neighbour would clip them wrap (both hosts), others flow over as text', () => {
  const comps = findTemplate('comps')!.sheets[0];
  const wrapped = wrappedCells(comps);
  const at = (text: string) => comps.cells.find((c) => c.value === text)!.ref;
  for (const text of ['HPC contracted MW (critical IT)', 'EH/s (self-mining)', 'Net debt (USD, enter)']) expect(wrapped).toContain(at(text));
  // The last header of a row has nothing to its right: it flows over, as the keep-mining sensitivity's caption.
  const keep = findTemplate('keep-mining')!.sheets[0];
  const caption = keep.cells.find((c) => typeof c.value === 'string' && c.value.startsWith('Network hashrate (EH/s) across'))!;
  expect(wrappedCells(keep)).not.toContain(caption.ref);
  expect(STYLES.header.wrap).toBe(true);
});

test('comps: the HPC power over operating power column is a % and says so', () => {
  const comps = findTemplate('comps')!.sheets[0];
  const header = comps.cells.find((c) => c.ref === 'AB7')!;
  expect(header.value).toMatch(/%/);
  expect(comps.cells.find((c) => c.ref === 'AB8')!.format).toBe(F.pct);
});

test('hpc-deals: the explanation in A3 is a note, not a warning; every numeric column header names its unit', () => {
  const deals = findTemplate('hpc-deals')!.sheets[0];
  expect(deals.cells.find((c) => c.ref === 'A3')!.style).toBe('note');
});

test.each(TEMPLATES.map((t) => t.id))('%s: every numeric column of a table names its unit in its header (or the table has a Unit column)', (id) => {
  const sheet = findTemplate(id)!.sheets[0];
  const byRef = new Map(sheet.cells.map((c) => [c.ref, c]));
  const rows = new Map<number, typeof sheet.cells>();
  for (const c of sheet.cells.filter((x) => x.style === 'header' && typeof x.value === 'string')) {
    const r = parseRef(c.ref)!.row;
    rows.set(r, [...(rows.get(r) ?? []), c]);
  }
  const UNIT = /\(.+\)|\bUSD\b|\$M|%|\bMW\b|EH\/s|J\/TH|\bBTC\b|\byears?\b|\byrs\b|\bleases\b|\bmonths?\b/;
  const missing: string[] = [];
  for (const [r, headers] of rows) {
    if (headers.length < 2 || headers.some((h) => h.value === 'Unit')) continue;
    for (const h of headers) {
      const below = byRef.get(cellRef(r + 1, parseRef(h.ref)!.col));
      const numeric = below?.format && below.format !== F.text && !isDateFormat(below.format) && !isVerdict(below.format) && typeof below.value !== 'string';
      if (numeric && !UNIT.test(h.value as string)) missing.push(`${h.ref} "${h.value}"`);
    }
  }
  expect(missing).toEqual([]);
});

test.each(TEMPLATES.map((t) => t.id))('%s: every file a text names is in the repository (no path outside it)', (id) => {
  const texts = findTemplate(id)!.sheets.flatMap((s) => s.cells.flatMap((c) => [c.value, c.note].filter((x): x is string => typeof x === 'string')));
  const root = path.resolve(__dirname, '..', '..');
  const named = new Set<string>();
  for (const text of texts) {
    expect(text).not.toMatch(/\.\.\/|\/work\/|~\/|[A-Z]:\\/);
    for (const word of text.split(/[\s,;()"]+/)) {
      if (/:\/\/|^www\./.test(word)) continue;
      const m = /^([\w-]+\/)+[\w.-]+\.(md|csv|json|ts)$/.exec(word.replace(/[.:]+$/, ''));
      if (m) named.add(m[0]);
    }
  }
  for (const file of named) expect({ file, exists: fs.existsSync(path.join(root, file)) }).toEqual({ file, exists: true });
});
