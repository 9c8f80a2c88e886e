/**
 * A spreadsheet application we did not write checks what we write: LibreOffice Calc (headless) opens
 * every template in every mode, recalculates it fully (native, values), or keeps the cached values
 * (watt: it has no WATT functions), saves it, and every numeric cell equals the engine's value within
 * 1e-9 relative. Names (with their sheet scope), dates and formats survive. A sheet of every native
 * form on random valid inputs (and invalid ones, which must be errors) is recalculated there too; and
 * `recalc` reads LibreOffice's files back. Fails, never skips, without LibreOffice.
 *
 * One soffice run per recalculation setting (it takes seconds to start), all files at once.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import type { HyperFormula, SimpleCellAddress, SimpleCellRange } from 'hyperformula';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { createEngine, FUNCTIONS } from '../../src/engine/engine';
import { insertTemplate, TEMPLATES } from '../../src/templates';
import { cellRef, parseBlock, parseRef } from '../../src/templates/plan';
import { templateInputs, withInputs } from '../../src/cli/settings';
import { CURTAIL_METRICS } from '../../src/core/curtail';
import { dateToSerial, loadXlsx, LoadedXlsx, MODES, nativeFormOf, recalcXlsx, writeXlsx, XlsxMode } from '../../src/xlsx';
import { plainCell } from '../../src/engine/evaluate';
import { convertWithLibreOffice } from './soffice';
import { Input, validArg } from './arbitraries';
import { isClose } from '../helpers/tolerance';

jest.setTimeout(600_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watt-lo-'));
const engines = new Map<string, EngineTemplateAdapter>();
const ours = new Map<string, LoadedXlsx>();
const theirs = new Map<string, LoadedXlsx>();
const theirBytes = new Map<string, Buffer>();

/** The "functions" workbook: every native form on random valid inputs (rows 1..), then invalid ones. */
const FUNCTION_ROWS: { id: string; row: number; valid: boolean }[] = [];

/**
 * LEASENPV on leases as signed (its random valid inputs above are mostly terms of a few ulps, an NPV of
 * 0): stubs, a zero rate, an escalator equal to the rate, a prepayment above the margin, a negative
 * rate, the longest term. [capacity, rent, term, rate, escalator, margin, prepayment]
 */
const LEASES: Input[][] = [
  [168, 148.8, 10, 0.08, 0.03, 0.85, null],
  [100, 150, 10.1, 0.08, 0.03, 0.85, 0.2],
  [1, 100, 7 / 12, 0.08, null, null, null],
  [1, 100, 0.05, 0.08, 0, 1, 0],
  [100, 150, 10, 0, 0.03, 0.85, 0.5],
  [100, 150, 30, 0.08, 0.08, 0.85, 0.1],
  [50, 120, 20, 0.1, -0.02, 0.5, 0.9],
  [50, 120, 20, -0.02, 0.03, 0.85, 0.3],
  [50, 120, 100, 0.06, 0.03, 0.85, 0],
  [100, 150, 12.5, 1e-9, 1e-9, 1, 0.5],
  [245, 158.7, 15.25, 0.09, 0.02, 0.8, 0.1],
];

/**
 * LEASEVALUE and CONTRACTEDVALUE on leases as signed: [rent, capex, term, rate, exit_cap_rate, margin,
 * escalator, months] and [rent, capex, cap_rate, margin, months, rate].
 */
const LEASE_VALUES: Input[][] = [
  [150, 10, 10, 0.1, 0.075, 0.85, 0, 12],
  [148.8, 8, 15.25, 0.09, 0.07, null, 0.03, null],
  [154.2, 0, 10.1, 0.08, 0, 0.9, 0.025, 24],
  [120, 11, 20, -0.02, 0.08, 0.85, -0.01, 600],
];
const CONTRACTED: Input[][] = [
  [150, 10, 0.075, 0.85, 12, 0.1],
  [107.84, 11, 0.06794, null, null, null],
  [160, 0, 0.08, 0.9, 600, -0.05],
];

function functionsWorkbook(): EngineTemplateAdapter {
  const adapter = new EngineTemplateAdapter(createEngine());
  const hf = adapter.hf;
  const sheet = hf.getSheetId(hf.addSheet('Functions'))!;
  let row = 0;
  for (const f of FUNCTIONS) {
    const form = nativeFormOf(f.id);
    if (!form) continue;
    // Inputs as a person types them, to 12 significant digits. Excel and LibreOffice snap a difference
    // below ~1e-15 of its operands to 0 (1 - 0.9999999999999999 is 0 there, 1.1e-16 in JavaScript), so
    // a pool fee that close to 1 gives #NUM! natively and a number with the add-in; the engine-side
    // property tests (native.test.ts) cover full-precision inputs.
    const typed = (x: Input) => (typeof x === 'number' ? Number(x.toPrecision(12)) : x);
    // A range argument (DEBTSIZE, LLCR: a CFADS row) is a row of ROW_CELLS numbers >= 0 in cells of
    // its own, and a tenor is within it (0 = the whole row), so the valid samples are valid. Their other
    // numbers are normal doubles: LibreOffice reads a typed subnormal (a debt of 1E-323) as another
    // subnormal than JavaScript does, and a ratio over it differs by percents.
    const ROW_CELLS = 6;
    const normal = (x: Input) => typeof x !== 'number' || x === 0 || Math.abs(x) >= 2 ** -1022;
    const arb = (spec: (typeof form.specs)[number]): fc.Arbitrary<Input | Input[]> =>
      spec.kind === 'range' ? fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: ROW_CELLS, maxLength: ROW_CELLS })
        : spec.kind === 'text' && f.id === 'CURTAIL' ? fc.constantFrom<Input>(...CURTAIL_METRICS)
        : spec.name === 'tenor' ? fc.integer({ min: 0, max: ROW_CELLS })
        : form.specs.some((s) => s.kind === 'range') ? validArg(spec).filter(normal) : validArg(spec);
    const typedAll = (x: Input | Input[]) => (Array.isArray(x) ? x.map(typed) : typed(x));
    const samples = fc.sample(fc.tuple(...form.specs.map(arb)), { seed: 9, numRuns: 6 }).map((xs) => xs.map(typedAll)) as (Input | Input[])[][];
    if (f.id === 'LEASENPV') samples.push(...LEASES);
    if (f.id === 'LEASEVALUE') samples.push(...LEASE_VALUES);
    if (f.id === 'CONTRACTEDVALUE') samples.push(...CONTRACTED);
    const firstNumber = form.specs.findIndex((s) => s.kind === 'number');
    samples.push(samples[0].map((v, i) => (i === firstNumber ? 'abc' : v)));
    samples.forEach((inputs, k) => {
      let col = 0;
      const args = inputs.map((v, i) => {
        if (Array.isArray(v)) return `${cellRef(row, (col += v.length) - v.length)}:${cellRef(row, col - 1)}`;
        return form.specs[i].kind === 'text' ? (col++, `"${v}"`) : cellRef(row, col++);
      });
      const content = [...inputs.flatMap((v, i) => (Array.isArray(v) ? v : form.specs[i].kind === 'text' ? [null] : [v])), null, `=WATT.${f.id}(${args.join(', ')})`];
      hf.setCellContents({ sheet, row, col: 0 }, [content as never]);
      FUNCTION_ROWS.push({ id: f.id, row, valid: k < samples.length - 1 });
      row++;
    });
  }
  return adapter;
}

const files = (mode: XlsxMode) => [...engines.keys()].filter((k) => k.endsWith(`-${mode}`) || (mode === 'native' && k === 'functions')).map((k) => path.join(dir, `${k}.xlsx`));

beforeAll(async () => {
  for (const t of TEMPLATES) {
    const adapter = new EngineTemplateAdapter();
    await insertTemplate(t, adapter);
    for (const mode of MODES) {
      const { data } = await writeXlsx(adapter, { mode });
      fs.writeFileSync(path.join(dir, `${t.id}-${mode}.xlsx`), data);
      engines.set(`${t.id}-${mode}`, adapter);
    }
  }
  // A native file whose horizon a user without the add-in changes in the file (30 → 48 months): its
  // formula block fills 18 more rows, compared below with the engine's 48-month projection.
  const projection = TEMPLATES.find((t) => t.id === 'projection')!;
  const monthsInput = templateInputs(projection).find((i) => i.name === 'months')!;
  const longer = new EngineTemplateAdapter();
  await insertTemplate(withInputs(projection, [{ input: monthsInput, value: 48 }]), longer);
  const edited = (await loadXlsx((await writeXlsx(engines.get('projection-native')!, { mode: 'native' })).data)).workbook;
  edited.getWorksheet(projection.sheets[0].title)!.getCell(monthsInput.cell.ref).value = 48;
  fs.writeFileSync(path.join(dir, 'projection48-native.xlsx'), Buffer.from(await edited.xlsx.writeBuffer()));
  engines.set('projection48-native', longer);

  const functions = functionsWorkbook();
  fs.writeFileSync(path.join(dir, 'functions.xlsx'), (await writeXlsx(functions, { mode: 'native' })).data);
  engines.set('functions', functions);

  convertWithLibreOffice([...files('native'), ...files('values')], path.join(dir, 'lo'), { recalculate: true });
  convertWithLibreOffice(files('watt'), path.join(dir, 'lo'), { recalculate: false });
  for (const key of engines.keys()) {
    ours.set(key, await loadXlsx(fs.readFileSync(path.join(dir, `${key}.xlsx`))));
    const bytes = fs.readFileSync(path.join(dir, 'lo', `${key}.xlsx`));
    theirBytes.set(key, bytes);
    theirs.set(key, await loadXlsx(bytes));
  }
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A cell's value in a file; a number ExcelJS took for a date comes from the XML (see LoadedXlsx.rawNumber). */
async function fileNumber(loaded: LoadedXlsx, sheet: string, ref: string): Promise<unknown> {
  const cell = loaded.workbook.getWorksheet(sheet)!.getCell(ref);
  const v = cell.type === ExcelJS.ValueType.Formula ? cell.result : cell.value;
  return v instanceof Date ? ((await loaded.rawNumber(sheet, ref)) ?? dateToSerial(v)) : v;
}

// Relative 1e-9 with the absolute floor of test/helpers/tolerance.ts (no digits to compare below 2^-1022).
const close = (a: number, b: number) => isClose(a, b, 1e-9);

/** Array blocks of our file (a watt file's spilled tables: LibreOffice recalculates arrays even when told not to). */
function arrayCells(loaded: LoadedXlsx, sheet: string): Set<string> {
  const cells = new Set<string>();
  loaded.workbook.getWorksheet(sheet)!.eachRow((row) =>
    row.eachCell((cell) => {
      const model = cell.model as { shareType?: string; ref?: string };
      if (model.shareType !== 'array' || !model.ref) return;
      const b = parseBlock(model.ref)!;
      for (let r = b.top; r <= b.bottom; r++) for (let c = b.left; c <= b.right; c++) cells.add(cellRef(r, c));
    }),
  );
  return cells;
}

/**
 * Cells of a watt file that a spreadsheet without the add-in recalculates on open whatever its settings:
 * a volatile formula (TODAY, NOW, ...) that calls a WATT function, and everything that depends on it.
 * LibreOffice, like Excel without the add-in, shows #NAME? there (the comps' market cap reads
 * STOCKHISTORY(..., TODAY()) with its shares through WATT.CHECK); the cached values are checked in
 * write.test.ts. Found with the engine's own dependency graph.
 */
function volatileWattCells(hf: HyperFormula, sheet: number): Set<string> {
  const seeds: SimpleCellAddress[] = [];
  const values = hf.getSheetFormulas(sheet);
  values.forEach((row, r) => row.forEach((f, c) => {
    if (typeof f === 'string' && /\b(TODAY|NOW|RAND|RANDBETWEEN)\(/i.test(f) && /WATT\./i.test(f)) seeds.push({ sheet, row: r, col: c });
  }));
  const seen = new Set<string>();
  const visited = new Set<string>();
  const queue: (SimpleCellAddress | SimpleCellRange)[] = [...seeds];
  while (queue.length > 0) {
    const a = queue.pop()!;
    const cell = 'start' in a ? undefined : a;
    const id = cell ? `${cell.sheet}!${cell.row}:${cell.col}` : `${(a as SimpleCellRange).start.sheet}!${JSON.stringify(a)}`;
    if (visited.has(id)) continue;
    visited.add(id);
    if (cell && cell.sheet === sheet) seen.add(cellRef(cell.row, cell.col));
    // A range that reads the cell (a statistic's SUM or MEDIAN): its own dependents come next.
    queue.push(...(hf.getCellDependents(a) as (SimpleCellAddress | SimpleCellRange)[]));
  }
  return seen;
}

/** Every numeric cell of the engine against LibreOffice's file (cells of `skip` aside); the cells compared. */
async function compareWithEngine(key: string, mode: XlsxMode): Promise<number> {
    const adapter = engines.get(key)!;
    let compared = 0;
    for (const name of adapter.hf.getSheetNames()) {
      const sheet = adapter.hf.getSheetId(name)!;
      const arrays = mode === 'watt' ? new Set([...arrayCells(ours.get(key)!, name), ...volatileWattCells(adapter.hf, sheet)]) : new Set<string>();
      const mismatches: string[] = [];
      const values = adapter.hf.getSheetValues(sheet);
      for (let r = 0; r < values.length; r++) {
        for (let c = 0; c < values[r].length; c++) {
          const v = values[r][c];
          const ref = cellRef(r, c);
          // A watt file's spilled table: LibreOffice has no WATT.PROJECTION; our cached values are checked in write.test.ts.
          if (typeof v !== 'number' || arrays.has(ref)) continue;
          compared++;
          const got = await fileNumber(theirs.get(key)!, name, ref);
          if (typeof got !== 'number' || !close(got, v)) mismatches.push(`${name}!${ref}: engine ${v}, LibreOffice ${JSON.stringify(got)}`);
        }
      }
      expect(mismatches).toEqual([]);
    }
    return compared;
}

test('a native projection whose horizon is changed in the file (30 to 48 months) fills its block in LibreOffice: every number equals the engine at 48 months', async () => {
  expect(await compareWithEngine('projection48-native', 'native')).toBeGreaterThan(48 * 12);
  // The 48th month is there, the 49th blank.
  const sheet = TEMPLATES.find((t) => t.id === 'projection')!.sheets[0];
  const { row, col } = parseRef(sheet.cells.find((c) => /^=WATT\.PROJECTION\(/.test(c.formula ?? ''))!.ref)!;
  expect(await fileNumber(theirs.get('projection48-native')!, sheet.title, cellRef(row + 48, col))).toBe(48);
  expect(['', undefined, null]).toContain(await fileNumber(theirs.get('projection48-native')!, sheet.title, cellRef(row + 49, col)));
});

describe.each(TEMPLATES.flatMap((t) => MODES.map((m) => [t.id, m] as const)))('%s, %s mode, through LibreOffice', (id, mode) => {
  const key = `${id}-${mode}`;

  test('every numeric cell equals the engine within 1e-9 relative', async () => {
    expect(await compareWithEngine(key, mode)).toBeGreaterThan(0);
  });

  test('names keep their sheet scope; dates and number formats survive', () => {
    const template = TEMPLATES.find((t) => t.id === id)!;
    const lo = theirs.get(key)!;
    const sheet = template.sheets[0];
    const ws = lo.workbook.getWorksheet(sheet.title)!;
    for (const c of sheet.cells.filter((c) => c.name)) {
      const n = lo.names.find((x) => x.name.toLowerCase() === c.name!.toLowerCase() && x.localSheetId === 0);
      expect(n?.ranges[0].replace(/'/g, '')).toBe(`${sheet.title}!$${c.ref.replace(/\d+$/, '')}$${c.ref.replace(/^[A-Z]+/, '')}`);
    }
    for (const c of sheet.cells.filter((c) => c.format && c.format !== '@')) {
      const fmt = ws.getCell(c.ref).numFmt ?? '';
      if (/y/.test(c.format!)) expect(fmt).toMatch(/y/i); // a date stays a date
      if (/%/.test(c.format!)) expect(fmt).toContain('%');
      if (/\(/.test(c.format!)) expect(fmt).toContain('('); // negatives in parentheses
    }
    for (const c of sheet.cells.filter((c) => c.choices)) expect(ws.getCell(c.ref).dataValidation).toMatchObject({ type: 'list' });
  });
});

test('a date is the same Excel serial in LibreOffice (projection start date, 2026-01-01 = 46023)', async () => {
  const cell = TEMPLATES.find((t) => t.id === 'projection')!.sheets[0].cells.find((c) => c.name === 'start_date')!;
  for (const mode of MODES) expect(await fileNumber(theirs.get(`projection-${mode}`)!, 'Projection', cell.ref)).toBe(46023);
});

test('every native form, recalculated by LibreOffice, equals the engine on random valid inputs; invalid ones are errors', async () => {
  const adapter = engines.get('functions')!;
  const sheet = adapter.hf.getSheetId('Functions')!;
  const ws = theirs.get('functions')!.workbook.getWorksheet('Functions')!;
  const formulaCol = (row: number) => adapter.hf.getSheetValues(sheet)[row].length - 1;
  const problems: string[] = [];
  for (const { id, row, valid } of FUNCTION_ROWS) {
    const col = formulaCol(row);
    const engine = plainCell(adapter.hf.getCellValue({ sheet, row, col }));
    const cell = ws.getCell(cellRef(row, col));
    const got = await fileNumber(theirs.get('functions')!, 'Functions', cellRef(row, col));
    const loError = got !== null && typeof got === 'object' && 'error' in (got as object);
    if (!valid || (engine !== null && typeof engine === 'object')) {
      if (!loError) problems.push(`${id} row ${row + 1}: engine ${JSON.stringify(engine)}, LibreOffice ${JSON.stringify(got)} (expected an error)`);
    } else if (typeof engine !== 'number' || typeof got !== 'number' || !close(got, engine)) {
      problems.push(`${id} row ${row + 1}: engine ${JSON.stringify(engine)}, LibreOffice ${JSON.stringify(got)} (${cell.formula})`);
    }
  }
  expect(problems).toEqual([]);
  expect(FUNCTION_ROWS.filter((r) => r.valid).length).toBeGreaterThan(100);
});

describe('watt recalc on files LibreOffice wrote', () => {
  test.each(TEMPLATES.map((t) => [t.id]))('%s (watt file saved by LibreOffice): fresh values equal the engine, spilled tables included', async (id) => {
    const { data, report } = await recalcXlsx(theirBytes.get(`${id}-watt`)!, { mode: 'watt' });
    expect(report.untouched).toEqual([]);
    const back = await loadXlsx(data);
    const adapter = engines.get(`${id}-watt`)!;
    for (const name of adapter.hf.getSheetNames()) {
      const values = adapter.hf.getSheetValues(adapter.hf.getSheetId(name)!);
      for (let r = 0; r < values.length; r++) {
        for (let c = 0; c < values[r].length; c++) {
          const v = values[r][c];
          if (typeof v !== 'number') continue;
          const got = await fileNumber(back, name, cellRef(r, c));
          if (typeof got !== 'number' || !close(got, v)) throw new Error(`${name}!${cellRef(r, c)}: engine ${v}, recalc ${JSON.stringify(got)}`);
        }
      }
    }
    // LibreOffice lower-cased the WATT calls (_xldudf_watt_projection); recalc writes Excel's spelling back.
    const formulas: string[] = [];
    back.workbook.worksheets[0].eachRow((row) => row.eachCell((cell) => void (cell.type === ExcelJS.ValueType.Formula && formulas.push(cell.formula))));
    expect(formulas.filter((f) => /_xldudf_watt_/.test(f))).toEqual([]);
  });
});
