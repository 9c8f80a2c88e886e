/**
 * No stale number outside the add-in (issue 15 §1): every template exported in `native` mode, its
 * inputs edited in the file as a recipient would (a date, a price, a rate; a choice), recalculated by
 * LibreOffice, shows for every number either the engine's answer for the same inputs (what
 * `watt template show ID --set NAME=VALUE` computes, here in-process) within 1e-9 relative (absolute
 * floor 1e-12), or an error. The values Watt still writes as values are guarded (src/xlsx/guard.ts):
 * they become #N/A; the test counts them. `watt recalc --mode native` writes the same guards.
 *
 * All files go through one soffice run (it takes seconds to start). Fails, never skips, without
 * LibreOffice.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { insertTemplate, TEMPLATES } from '../../src/templates';
import type { Template } from '../../src/templates/types';
import { cellRef, parseRef } from '../../src/templates/plan';
import { templateInputs, TemplateInput, withInputs } from '../../src/cli/settings';
import { isDateFormat } from '../../src/workbench/numfmt';
import { loadXlsx, LoadedXlsx, recalcXlsx, writeXlsx } from '../../src/xlsx';
import { dependentsOf, GUARD_SHEET } from '../../src/xlsx/guard';
import { savedValues } from '../helpers/saved-values';
import { convertWithLibreOffice } from './soffice';
import { EXTENDED } from '../helpers/tier';

jest.setTimeout(600_000);

type Setting = { input: TemplateInput; value: number | string };
interface Case {
  key: string;
  template: Template;
  settings: Setting[];
  /** The engine with the edited inputs (the expected answers). */
  expected?: EngineTemplateAdapter;
  ours?: LoadedXlsx;
  theirs?: Map<string, Map<string, unknown>>;
}


const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watt-stale-'));
const cases: Case[] = [];

/**
 * The edits of a template, deterministic: its first date input moved six months on (2026-01-01 to
 * 2026-07-01), its first price x 1.5, its first rate (a percent-formatted input) 2 points up (down from 98% and above) and one
 * more numeric input x 1.1, in one file; every choice changed to another accepted value, in a second.
 */
function editsOf(template: Template): Setting[][] {
  const inputs = templateInputs(template);
  const used = new Set<TemplateInput>();
  const pick = (test: (i: TemplateInput) => boolean) => {
    const found = inputs.find((i) => !used.has(i) && typeof i.cell.value === 'number' && test(i));
    if (found) used.add(found);
    return found;
  };
  const numeric: Setting[] = [];
  const date = pick((i) => isDateFormat(i.cell.format ?? ''));
  if (date) numeric.push({ input: date, value: (date.cell.value as number) + 181 });
  const price = pick((i) => /price/i.test(i.name) && (i.cell.value as number) > 0);
  if (price) numeric.push({ input: price, value: (price.cell.value as number) * 1.5 });
  const rate = pick((i) => /%/.test(i.cell.format ?? ''));
  const r = rate?.cell.value as number;
  if (rate) numeric.push({ input: rate, value: Math.round((r >= 0.98 ? r - 0.02 : r + 0.02) * 1e6) / 1e6 });
  const other = pick(() => true);
  if (other) numeric.push({ input: other, value: Math.round((other.cell.value as number) * 1.1 * 1e6) / 1e6 });
  const out = numeric.length > 0 ? [numeric] : [];
  const choices = inputs.filter((i) => i.cell.choices && i.cell.choices.length > 1);
  if (choices.length > 0) out.push(choices.map((i) => ({ input: i, value: i.cell.choices!.find((c) => c.toLowerCase() !== String(i.cell.value).toLowerCase())! })));
  // A template without inputs (hpc-deals: a table of data) is checked as exported: no guard fires.
  return out.length > 0 ? out : [[]];
}

/** Writes the edits into .xlsx bytes as a user would type them (ExcelJS): a date as a date, the rest as values. */
async function edit(data: Uint8Array, template: Template, settings: Setting[]): Promise<Buffer> {
  const workbook = (await loadXlsx(data)).workbook;
  for (const { input, value } of settings) {
    const cell = workbook.getWorksheet(template.sheets[input.sheet].title)!.getCell(input.cell.ref);
    cell.value = typeof value === 'number' && isDateFormat(input.cell.format ?? '') ? new Date(Math.round((value - 25569) * 86_400_000)) : value;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

beforeAll(async () => {
  for (const template of TEMPLATES) {
    const adapter = new EngineTemplateAdapter();
    await insertTemplate(template, adapter);
    const { data } = await writeXlsx(adapter, { mode: 'native' });
    // hybrid-site's numeric edits are made on its exported file in the extended run (test/helpers/tier.ts);
    // in npm test on the file `watt recalc --mode native` wrote (below), the same native block (each
    // LibreOffice recalculation of it takes ~7 s).
    editsOf(template).forEach((settings, k) => {
      if (!EXTENDED && template.id === 'hybrid-site' && k === 0) return;
      cases.push({ key: `${template.id}-${k}`, template, settings });
    });
    for (const c of cases.filter((c) => c.template === template)) fs.writeFileSync(path.join(dir, `${c.key}.xlsx`), await edit(data, template, c.settings));
  }
  // `watt recalc --mode native` of a watt file, then the same edits: three-paths (its WATT.PATHS table
  // becomes a native block, nothing guarded), risk (its simulations stay guarded values) and hybrid-site
  // (its WATT.HYBRID and WATT.HYBRIDTABLE become one native block, nothing guarded).
  for (const id of ['three-paths', 'risk', 'hybrid-site']) {
    const template = TEMPLATES.find((t) => t.id === id)!;
    const watt = new EngineTemplateAdapter();
    await insertTemplate(template, watt);
    const recalculated = await recalcXlsx((await writeXlsx(watt, { mode: 'watt' })).data, { mode: 'native' });
    const recalcCase: Case = { key: `recalc-${id}`, template, settings: editsOf(template)[0] };
    fs.writeFileSync(path.join(dir, `${recalcCase.key}.xlsx`), await edit(recalculated.data, template, recalcCase.settings));
    cases.push(recalcCase);
  }

  for (const c of cases) {
    c.expected = new EngineTemplateAdapter();
    await insertTemplate(withInputs(c.template, c.settings), c.expected);
  }
  convertWithLibreOffice(cases.map((c) => path.join(dir, `${c.key}.xlsx`)), path.join(dir, 'lo'), { recalculate: true });
  for (const c of cases) {
    c.ours = await loadXlsx(fs.readFileSync(path.join(dir, `${c.key}.xlsx`)));
    c.theirs = await savedValues(fs.readFileSync(path.join(dir, 'lo', `${c.key}.xlsx`)));
  }
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const isErrorValue = (v: unknown) => v !== null && typeof v === 'object' && 'error' in (v as object);
const close = (a: number, b: number) => a === b || Math.abs(a - b) <= Math.max(1e-9 * Math.max(Math.abs(a), Math.abs(b)), 1e-12);

/** Every number of the engine (edited inputs) against LibreOffice's recalculation of the edited file. */
function compare(c: Case): { numbers: number; guardedErrors: number; propagated: number; otherErrors: string[]; stale: string[] } {
  const hf = c.expected!.hf;
  const result = { numbers: 0, guardedErrors: 0, propagated: 0, otherErrors: [] as string[], stale: [] as string[] };
  // The guarded cells of our file, and every cell that reads one (their #N/A passes on): by the engine's graph.
  const guarded = hf.getSheetNames().flatMap((name) => {
    const sheet = hf.getSheetId(name)!;
    const cells: { sheet: number; row: number; col: number }[] = [];
    c.ours!.workbook.getWorksheet(name)!.eachRow((row) => row.eachCell((cell) => {
      if (String(cell.formula ?? '').includes(GUARD_SHEET)) cells.push({ sheet, row: Number(cell.row) - 1, col: Number(cell.col) - 1 });
    }));
    return cells;
  });
  const downstream = dependentsOf(hf, guarded);
  for (const name of hf.getSheetNames()) {
    const sheet = hf.getSheetId(name)!;
    const ours = c.ours!.workbook.getWorksheet(name)!;
    const theirs = c.theirs!.get(name)!;
    const values = hf.getSheetValues(sheet);
    const refs = new Set<string>([...theirs.keys()]);
    values.forEach((row, r) => row.forEach((_, col) => refs.add(cellRef(r, col))));
    for (const ref of refs) {
      const { row: r, col } = parseRef(ref)!;
      const engine = values[r]?.[col];
      const got = theirs.get(ref);
      {
        if (typeof engine !== 'number' && typeof got !== 'number') continue;
        // A formula reading an empty cell shows 0 in Excel and LibreOffice (INDEX over a blank row); the engine keeps it empty.
        if ((engine === null || engine === undefined) && got === 0) continue;
        result.numbers++;
        if (isErrorValue(got)) {
          const formula = String(ours.getCell(ref).formula ?? '');
          if (formula.startsWith(`IF('${GUARD_SHEET}'!`) && !formula.includes('NA()),NA())')) result.guardedErrors++;
          else if (downstream.has(`${sheet}:${r}:${col}`) || formula.includes(GUARD_SHEET)) result.propagated++;
          else result.otherErrors.push(`${name}!${ref}: engine ${JSON.stringify(engine)}, LibreOffice ${JSON.stringify(got)}`);
          continue;
        }
        if (typeof engine !== 'number' || typeof got !== 'number' || !close(got, engine)) {
          result.stale.push(`${name}!${ref}: engine ${JSON.stringify(engine)}, LibreOffice ${JSON.stringify(got)} (${ours.getCell(ref).formula ?? 'value'})`);
        }
      }
    }
  }
  return result;
}

const measured: string[] = [];
afterAll(() => {
  // What the docs state (docs/_incoming/native.md): printed so a run shows it.
  // eslint-disable-next-line no-console
  console.log(`Stale-number check (LibreOffice):\n${measured.join('\n')}`);
});

test.each(TEMPLATES.map((t) => t.id))('%s: inputs edited in the native file, LibreOffice recalculates: every number is the engine\'s for the same inputs, or an error', (id) => {
  const mine = cases.filter((c) => c.template.id === id && !c.key.startsWith('recalc-'));
  expect(mine.length).toBeGreaterThan(0);
  for (const c of mine) {
    const r = compare(c);
    measured.push(`  ${c.key} (${c.settings.map((s) => `${s.input.name}=${s.value}`).join(', ')}): ${r.numbers} numbers, ${r.guardedErrors} guarded cells became #N/A, ${r.propagated} cells reading them too`);
    expect(r.stale).toEqual([]);
    expect(r.numbers).toBeGreaterThan(0);
    // A native formula is the engine's number; the only errors where the engine has one are guarded
    // values and the formulas that read them.
    expect(r.otherErrors).toEqual([]);
  }
});

test('hybrid-site: WATT.HYBRID and WATT.HYBRIDTABLE are native blocks, nothing guarded (1,833 guarded cells became #N/A before), no stale number after an edit', () => {
  // As exported, and after `watt recalc --mode native` of its watt file.
  for (const c of cases.filter((x) => x.template.id === 'hybrid-site')) {
    expect(c.ours!.workbook.getWorksheet(GUARD_SHEET)).toBeUndefined();
    const r = compare(c);
    if (c.key.startsWith('recalc-')) measured.push(`  ${c.key}: ${r.numbers} numbers, ${r.guardedErrors} guarded cells became #N/A, ${r.propagated} cells reading them too`);
    expect(r.stale).toEqual([]);
    expect(r.otherErrors).toEqual([]);
    expect(r.guardedErrors).toBe(0);
    expect(r.numbers).toBeGreaterThan(11000);
  }
});

test('watt recalc --mode native writes three-paths live: its PATHS table is a native block, nothing guarded, no stale number after an edit', () => {
  const c = cases.find((x) => x.key === 'recalc-three-paths')!;
  expect(c.ours!.workbook.getWorksheet(GUARD_SHEET)).toBeUndefined();
  const r = compare(c);
  measured.push(`  ${c.key}: ${r.numbers} numbers, ${r.guardedErrors} guarded cells became #N/A, ${r.propagated} cells reading them too`);
  expect(r.stale).toEqual([]);
  expect(r.otherErrors).toEqual([]);
  expect(r.guardedErrors).toBe(0);
});

test('watt recalc --mode native guards its values the same way: risk edited after a recalc', () => {
  const c = cases.find((x) => x.key === 'recalc-risk')!;
  expect(c.ours!.workbook.getWorksheet(GUARD_SHEET)?.state).toBe('veryHidden');
  const r = compare(c);
  measured.push(`  ${c.key}: ${r.numbers} numbers, ${r.guardedErrors} guarded cells became #N/A, ${r.propagated} cells reading them too`);
  expect(r.stale).toEqual([]);
  expect(r.otherErrors).toEqual([]);
  // The simulations' numbers are guarded and the price moved.
  expect(r.guardedErrors).toBeGreaterThan(10);
});
