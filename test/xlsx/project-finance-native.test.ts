/**
 * project-finance in a file without the add-in (issue 17): the template exported in `native` mode is
 * plain Excel formulas (the schedule, the sizing, the IRRs, the sensitivity grid; the inputs read
 * through WATT.CHECK's native form), so a recipient who changes the debt rate, the loan to cost or the
 * rent in the file and has LibreOffice recalculate it reads the numbers `watt template show
 * project-finance --set NAME=VALUE` prints for the same inputs: every number of every sheet, within
 * 1e-9 relative (absolute floor 1e-6 USD: amounts are in USD up to ~1e10, and LibreOffice's IRR stops
 * within ~1e-11 of the engine's root).
 *
 * One soffice run for all the files. Fails, never skips, without LibreOffice.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { findTemplate, insertTemplate } from '../../src/templates';
import { loadXlsx, writeXlsx } from '../../src/xlsx';
import { runCli } from '../helpers/cli';
import { savedValues } from '../helpers/saved-values';
import { convertWithLibreOffice } from './soffice';

jest.setTimeout(600_000);

const template = findTemplate('project-finance')!;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watt-pf-'));

/** The edits a recipient makes (input name -> value), one file each. */
const CASES: Record<string, Record<string, number>> = {
  'as-exported': {},
  // The debt rate (SOFR 3.65% -> 5%), the loan to cost (85% -> 70%) and the rent ($7.0B -> $8.0B).
  'rate-ltc-rent': { rb_base_rate: 0.05, rb_ltc: 0.7, rb_rent_total: 8e9 },
  // DSCR sizing binds (1.30x -> 2.0x), a 30% sweep and a 12-year tenor.
  'dscr-binds-sweep': { rb_dscr: 2, rb_sweep: 0.3, rb_tenor: 12 },
  // The notes as issued ($1.3B at 7.25%, 8-K 2025-12-29) and a 75% excess-cash-flow offer.
  'notes-as-issued': { fc_notes: 1.3e9, fc_coupon: 0.0725, fc_sweep: 0.75 },
};


/** `watt template show project-finance --json --set ...`: values by sheet name, rows of cells. */
async function shown(settings: Record<string, number>): Promise<Map<string, unknown[][]>> {
  const args = ['template', 'show', 'project-finance', '--json', ...Object.entries(settings).flatMap(([k, v]) => ['--set', `${k}=${v}`])];
  const { code, out, err } = await runCli(args);
  if (code !== 0) throw new Error(`watt ${args.join(' ')}: ${err}`);
  const json = JSON.parse(out) as { sheets: { name: string; values: unknown[][] }[] };
  return new Map(json.sheets.map((s) => [s.name, s.values]));
}

const expected = new Map<string, Map<string, unknown[][]>>();
const theirs = new Map<string, Map<string, Map<string, unknown>>>();
let exported: Uint8Array;

beforeAll(async () => {
  const adapter = new EngineTemplateAdapter();
  await insertTemplate(template, adapter);
  exported = (await writeXlsx(adapter, { mode: 'native' })).data;
  const files: string[] = [];
  for (const [key, settings] of Object.entries(CASES)) {
    const book = (await loadXlsx(exported)).workbook;
    for (const [name, value] of Object.entries(settings)) {
      const cell = template.sheets[0].cells.find((c) => c.name === name)!;
      book.getWorksheet(template.sheets[0].title)!.getCell(cell.ref).value = value;
    }
    const file = path.join(dir, `${key}.xlsx`);
    fs.writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));
    files.push(file);
    expected.set(key, await shown(settings));
  }
  convertWithLibreOffice(files, path.join(dir, 'lo'), { recalculate: true });
  for (const key of Object.keys(CASES)) theirs.set(key, await savedValues(fs.readFileSync(path.join(dir, 'lo', `${key}.xlsx`))));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const columnName = (c: number): string => (c < 26 ? String.fromCharCode(65 + c) : columnName(Math.floor(c / 26) - 1) + String.fromCharCode(65 + (c % 26)));
const close = (a: number, b: number) => Math.abs(a - b) <= Math.max(1e-9 * Math.max(Math.abs(a), Math.abs(b)), 1e-12);

test('the native file holds no WATT call but WATT.CHECK\'s native form: every formula is Excel\'s own', async () => {
  const zip = await JSZip.loadAsync(exported);
  const sheets = Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
  let formulas = 0;
  for (const f of sheets) {
    const xml = await zip.file(f)!.async('string');
    expect(xml).not.toMatch(/WATT|_xldudf|Watt inputs/i);
    formulas += (xml.match(/<f>/g) ?? []).length;
  }
  // The schedule, sizing, IRRs and the grid: over 2,000 formulas, none guarded.
  expect(formulas).toBeGreaterThan(2000);
  expect(Object.keys(zip.files).some((f) => /Watt inputs/.test(f))).toBe(false);
});

test.each(Object.keys(CASES))('%s: LibreOffice recalculates every number to `watt template show --set` for the same inputs', (key) => {
  const want = expected.get(key)!;
  const got = theirs.get(key)!;
  const stale: string[] = [];
  let numbers = 0;
  for (const [sheet, rows] of want) {
    const lo = got.get(sheet)!;
    rows.forEach((row, r) =>
      row.forEach((v, c) => {
        if (typeof v !== 'number') return;
        const ref = `${columnName(c)}${r + 1}`;
        const x = lo.get(ref);
        numbers++;
        if (typeof x !== 'number' || !close(x, v)) stale.push(`${sheet}!${ref}: watt ${v}, LibreOffice ${JSON.stringify(x)}`);
      }),
    );
  }
  expect(stale.slice(0, 20)).toEqual([]);
  expect(numbers).toBeGreaterThan(2000);
});

test('the edits move the numbers that depend on them (the file is live, not a copy of the export)', () => {
  const base = theirs.get('as-exported')!;
  const edited = theirs.get('rate-ltc-rent')!;
  const name = (n: string, sheet = 1) => template.sheets[sheet].cells.find((c) => c.name === n)!.ref;
  for (const n of ['debt', 'equity_irr', 'project_irr', 'min_dscr', 'total_cost']) {
    expect(edited.get('River Bend')!.get(name(n))).not.toEqual(base.get('River Bend')!.get(name(n)));
  }
  const notes = theirs.get('notes-as-issued')!;
  expect(notes.get('Flash Compute')!.get(name('balance_5y', 2))).not.toEqual(base.get('Flash Compute')!.get(name('balance_5y', 2)));
  // DSCR sizing binds at 2.0x: the binding cell says so after LibreOffice's recalculation.
  expect(theirs.get('dscr-binds-sweep')!.get('River Bend')!.get(name('binding'))).toBe('DSCR');
  expect(base.get('River Bend')!.get(name('binding'))).toBe('gearing (loan to cost)');
});
