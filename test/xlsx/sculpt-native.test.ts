/**
 * WATT.SCULPT's native formula block (src/xlsx/sculpt-native.ts), evaluated in the engine beside the WATT
 * function on the same CFADS cells and arguments:
 *  - on random valid inputs (fast-check, fixed seed: test/_setup/fast-check.ts; a row or a column, the
 *    arguments in cells or typed, left out or empty, debt 0 or below the capacity, any tenor), every
 *    number of the table equals WATT.SCULPT within 1e-9 relative, with an absolute floor of 1e-9 x the
 *    opening debt for the balances, interest and principal (the core carries the balance in decimal, the
 *    block in doubles: the last closing balance is 0 in the core and a rounding residue of ~1e-16 x the
 *    debt in the block); "n/a" the same; rows past the tenor blank;
 *  - every input the function refuses (DSCR <= 1, a debt above the capacity, a negative, empty or text
 *    CFADS inside the tenor, a rate or tenor out of range, a tenor longer than the row) makes every cell
 *    of the block an error, as the function is one; and so do the block's own limits (a tenor over the
 *    rows written, cells inserted into the CFADS row after export).
 * LibreOffice's recalculation of an exported file: sculpt-libreoffice.test.ts.
 */
import fc from 'fast-check';
import { DetailedCellError } from 'hyperformula';
import { debtSize, SCULPT_COLUMNS } from '../../src/core/debt';
import { engineContext } from '../../src/xlsx/native-blocks';
import { resolveSculptArgs, sculptBlock } from '../../src/xlsx/sculpt-native';
import { blockEngine, plannedGrid } from '../helpers/native-block';
import { createEngine } from '../../src/engine/engine';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { loadXlsx, recalcXlsx, writeXlsx } from '../../src/xlsx';

const { hf, inputs, watt, native, helper } = blockEngine();
const COLS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const colName = (i: number) => (i < 26 ? COLS[i] : COLS[Math.floor(i / 26) - 1] + COLS[i % 26]);
type Cell = number | string | null;

interface Case {
  cfads: Cell[];
  column: boolean;
  /** rate, dscr, debt, periods_per_year, tenor: null = empty cell (or left out when typed). */
  args: Cell[];
  /** Arguments typed in the formula rather than read from Inputs!A2:E2. */
  typed: boolean;
  /** Data rows of the block (the tenor's, or more when the tenor is a cell). */
  rows: number;
}

/** CFADS on Inputs row 1 (A1...) or column G (G1...); arguments in Inputs!A2:E2; WATT.SCULPT at Watt!A1; the block at Native!A1. */
function evaluate(c: Case, after?: () => void) {
  const n = c.cfads.length;
  const ref = c.column ? `Inputs!G1:G${n}` : `Inputs!A1:${colName(n - 1)}1`;
  const argText = c.args.map((v, i) => (c.typed ? (v === null ? '' : String(v)) : `Inputs!${COLS[i]}2`));
  while (c.typed && argText.length > 2 && argText[argText.length - 1] === '') argText.pop();
  const formula = `=WATT.SCULPT(${ref}, ${argText.join(', ')})`;
  const content: Cell[][] = [c.column ? [] : [...c.cfads], [...c.args]];
  if (c.column) c.cfads.forEach((v, i) => ((content[i] ??= [])[6] = v));
  const resolved = resolveSculptArgs(formula.replace(/^=WATT\.SCULPT\(|\)$/g, '').split(', '), engineContext(hf, 'Watt'));
  if (!resolved) throw new Error(`not resolved: ${formula}`);
  const block = sculptBlock({ sheet: 'Native', row: 0, col: 0, ...resolved, rows: c.rows, formula }, 'Watt native', 0);
  hf.batch(() => {
    hf.setSheetContent(inputs, content.map((r) => Array.from(r, (v) => v ?? null)) as never);
    hf.setSheetContent(watt, [[formula]]);
    hf.setSheetContent(helper, plannedGrid(block.helper) as never);
    hf.setSheetContent(native, plannedGrid(block.table) as never);
  });
  after?.();
  return { wattTable: hf.getSheetValues(watt), nativeTable: hf.getSheetValues(native), block };
}

const isErr = (v: unknown) => v instanceof DetailedCellError;

function expectSame(c: Case): void {
  const r = evaluate(c);
  const w = r.wattTable;
  expect(isErr(w[0][0])).toBe(false);
  const periods = w.length - 1;
  const debt = Math.abs(w[1][1] as number);
  expect(r.nativeTable[0]).toEqual([...SCULPT_COLUMNS]);
  for (let i = 1; i <= c.rows; i++) {
    for (let k = 0; k < SCULPT_COLUMNS.length; k++) {
      const n = r.nativeTable[i]?.[k];
      const where = `${SCULPT_COLUMNS[k]} of period ${i}`;
      if (i > periods) {
        if (n !== '') throw new Error(`${where}: past the tenor, native ${String(n)} (expected blank)`);
        continue;
      }
      const v = w[i][k];
      if (typeof v === 'number') {
        // Balances, interest and principal: floor at 1e-9 of the debt; debt service and DSCR relative.
        const floor = k >= 1 && k <= 5 && k !== 4 ? 1e-9 * debt : 0;
        if (typeof n !== 'number' || Math.abs(n - v) > Math.max(1e-9 * Math.max(Math.abs(v), Math.abs(n)), floor, 1e-300)) {
          throw new Error(`${where}: WATT ${v}, native ${String(n)} (${JSON.stringify(c)})`);
        }
      } else if (isErr(v)) {
        // A DSCR past the doubles (a debt of 5e-324: CFADS / debt service overflows) is #NUM! in both.
        if (!isErr(n) || (n as DetailedCellError).value !== (v as DetailedCellError).value) throw new Error(`${where}: WATT ${String(v)}, native ${String(n)}`);
      } else if (v !== n) throw new Error(`${where}: WATT ${String(v)}, native ${String(n)}`);
    }
  }
  // The corkscrew closes at exactly 0, as the function's (not a rounding residue such as -1.9E-12).
  if (periods > 0 && w[periods][5] === 0) expect(r.nativeTable[periods][5]).toBe(0);
}

test('a published schedule: five periods of 130 at 10%, DSCR 1.3 (the function\'s example), block = function', () => {
  // WATT.SCULPT({130,...}, 0.1, 1.3): debt 379.0786769 = 100 x annuity factor (1 - 1.1^-5) / 0.1 = 3.790787.
  const c: Case = { cfads: [130, 130, 130, 130, 130], column: false, args: [0.1, 1.3, null, null, null], typed: false, rows: 5 };
  expectSame(c);
  const r = evaluate(c);
  expect(r.nativeTable[1][1]).toBeCloseTo(379.07867694084507, 9);
  expect(r.nativeTable[5][5]).toBeCloseTo(0, 9);
  expect(r.nativeTable[3][6]).toBeCloseTo(1.3, 12);
  // The helper's note names the call; the block's formulas read the CFADS cells and the arguments.
  expect(r.block.table.find((x) => x.row === 1 && x.col === 4)!.formula).toContain("'Inputs'!$A$1");
});

// At least two periods: the engine answers a one-cell CFADS range of WATT.SCULPT with HyperFormula's own
// "Cell range not allowed" (a table function over a 1 x 1 range), not the core's schedule.
const cfadsArb = fc.array(fc.oneof({ arbitrary: fc.double({ min: 0.01, max: 1e9, noNaN: true }), weight: 5 }, { arbitrary: fc.constant(0), weight: 1 }), { minLength: 2, maxLength: 40 });

const validCase: fc.Arbitrary<Case> = fc
  .record({
    cfads: cfadsArb,
    column: fc.boolean(),
    typed: fc.boolean(),
    rate: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(0)),
    dscr: fc.double({ min: 1.0001, max: 100, noNaN: true }),
    // A debt share from 1e-6 (or 0, the capacity): a debt near 5e-324 has a debt service the block's doubles
    // round to 0 ("n/a") where the core's decimal keeps it (a DSCR past the doubles: #NUM!).
    debtShare: fc.option(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1, noNaN: true })), { nil: undefined }),
    ppy: fc.constantFrom<Cell>(1, 2, 4, 12, null),
    tenorPick: fc.double({ min: 0, max: 1, noNaN: true }),
    extra: fc.integer({ min: 0, max: 5 }),
  })
  .map(({ cfads, column, typed, rate, dscr, debtShare, ppy, tenorPick, extra }) => {
    const tenor = Math.floor(tenorPick * cfads.length);
    const capacity = debtSize([cfads], rate, dscr, (ppy as number) ?? 1, tenor) as number;
    const debt = debtShare === undefined ? null : debtShare * capacity;
    const periods = tenor || cfads.length;
    // A tenor read from a cell: the block may have rows past it (blank); typed: exactly the spill's.
    return { cfads, column, typed, args: [rate, dscr, debt, ppy, tenor], rows: typed ? periods : Math.min(cfads.length, periods + extra) };
  });

test('on random valid inputs every cell of the native block equals WATT.SCULPT (1e-9 relative, floor 1e-9 x debt)', () => {
  fc.assert(fc.property(validCase, (c) => expectSame(c)), { numRuns: 120 });
});

/** Each way the function refuses its inputs, applied to a valid case (null: the break does not apply to it). */
const BREAKS: [string, (c: Case) => Case | null][] = [
  ['DSCR of 1', (c) => ({ ...c, args: c.args.map((v, i) => (i === 1 ? 1 : v)) })],
  ['DSCR below 1', (c) => ({ ...c, args: c.args.map((v, i) => (i === 1 ? 0.9 : v)) })],
  ['a debt above the capacity', (c) => {
    const capacity = debtSize([c.cfads], c.args[0] as number, c.args[1] as number, (c.args[3] as number) ?? 1, c.args[4] as number) as number;
    return capacity > 0 ? { ...c, args: c.args.map((v, i) => (i === 2 ? capacity * 1.001 : v)) } : null;
  }],
  ['a negative CFADS inside the tenor', (c) => ({ ...c, cfads: c.cfads.map((v, i) => (i === 0 ? -1 : v)) })],
  ['an empty CFADS cell inside the tenor', (c) => ({ ...c, cfads: c.cfads.map((v, i) => (i === 0 ? null : v)) })],
  ['text inside the tenor', (c) => ({ ...c, cfads: c.cfads.map((v, i) => (i === 0 ? 'n/a' : v)) })],
  ['a rate above 1', (c) => ({ ...c, args: c.args.map((v, i) => (i === 0 ? 1.5 : v)) })],
  ['periods_per_year not whole', (c) => ({ ...c, args: c.args.map((v, i) => (i === 3 ? 2.5 : v)) })],
  ['a tenor longer than the row', (c) => ({ ...c, args: c.args.map((v, i) => (i === 4 ? c.cfads.length + 1 : v)) })],
];

describe.each(BREAKS)('an invalid input (%s) makes every cell of the block an error, as WATT.SCULPT', (_, breakIt) => {
  test('on random valid cases so broken', () => {
    fc.assert(
      fc.property(validCase.filter((c) => !c.typed), (valid) => {
        const c = breakIt(valid);
        fc.pre(c !== null);
        const r = evaluate(c!);
        expect(isErr(r.wattTable[0][0])).toBe(true);
        for (let i = 1; i <= c!.rows; i++) {
          for (let k = 0; k < SCULPT_COLUMNS.length; k++) {
            if (!isErr(r.nativeTable[i]?.[k])) throw new Error(`row ${i} ${SCULPT_COLUMNS[k]} is ${String(r.nativeTable[i]?.[k])}, not an error`);
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});

test('cells past the tenor are not read: text, a blank or a negative number there changes nothing (as the function)', () => {
  expectSame({ cfads: [130, 140, 150, 'n/a', null, -5], column: false, args: [0.1, 1.3, null, null, 3], typed: false, rows: 3 });
  expectSame({ cfads: [130, 140, 150, 'n/a', null, -5], column: true, args: [0.1, 1.3, 200, 4, 3], typed: true, rows: 3 });
});

test('the block\'s own limits: a tenor over the rows written, cells inserted into the CFADS row, are errors in every cell', () => {
  const base: Case = { cfads: [130, 140, 150, 160, 170, 180], column: false, args: [0.08, 1.3, null, 2, 4], typed: false, rows: 4 };
  expectSame(base);
  // The tenor raised in the file past the 4 rows written (the function accepts 5: the block cannot show it).
  const over = evaluate({ ...base, args: [0.08, 1.3, null, 2, 5] });
  expect(over.wattTable.length).toBe(6);
  for (let i = 1; i <= 4; i++) for (let k = 0; k < 7; k++) expect(isErr(over.nativeTable[i][k])).toBe(true);
  // A column inserted inside the CFADS row after export: the reference grows, the block reads other periods.
  const inserted = evaluate(base, () => hf.addColumns(inputs, [2, 1]));
  for (let i = 1; i <= 4; i++) for (let k = 0; k < 7; k++) expect(isErr(inserted.nativeTable[i][k])).toBe(true);
});

test('watt recalc --mode native writes the same block: a file saved with WATT.SCULPT and DSCRSTAT becomes formulas without any WATT call or guard', async () => {
  const adapter = new EngineTemplateAdapter(createEngine());
  const id = adapter.hf.getSheetId(adapter.hf.addSheet('Debt'))!;
  adapter.hf.setSheetContent(id, [
    ['cfads', 130, 140, 150, 160, 170],
    ['rate', 0.1, null, 'dscr', 1.3],
    [],
    ['=WATT.SCULPT(B1:F1, B2, E2)', null, null, null, null, null, null, null, '=WATT.DSCRSTAT(H4:H8, E5:E9, "min")'],
  ]);
  // H4:H8: the CFADS as a column, beside the schedule (I4 reads the schedule's debt service E5:E9).
  adapter.hf.setCellContents({ sheet: id, row: 3, col: 7 }, [['=B1'], ['=C1'], ['=D1'], ['=E1'], ['=F1']]);
  const { data: wattFile } = await writeXlsx(adapter, { mode: 'watt' });
  const { data, report } = await recalcXlsx(wattFile, { mode: 'native' });
  expect(report.nativeBlocks).toEqual(['Debt!A4']);
  expect(report.fallbacks).toEqual([]);
  expect(report.guards).toBeUndefined();
  const ws = (await loadXlsx(data)).workbook.getWorksheet('Debt')!;
  const formula = (ref: string) => String((ws.getCell(ref).value as { formula?: string }).formula);
  for (const ref of ['A5', 'B6', 'E9', 'G7', 'I4']) expect(formula(ref)).not.toMatch(/WATT\.|_xldudf/i);
  expect(formula('B6')).toContain('F5'); // the corkscrew: period 2 opens at period 1's close
  expect(formula('E5')).toContain("'Debt'!$B$1"); // period 1's debt service reads its CFADS cell
  // The cached values are the engine's: the capacity of the help's example row at 10%, DSCR 1.3.
  const cached = (ref: string) => (ws.getCell(ref).value as { result?: unknown }).result;
  expect(cached('B5')).toBeCloseTo(adapter.hf.getCellValue({ sheet: id, row: 4, col: 1 }) as number, 9);
  expect(cached('I4')).toBeCloseTo(1.3, 12);
});

test('a rate typed as a percentage (7.75%, as a banker types it) gets the block, equal to the function; the writer makes no guarded value of it', async () => {
  // Before, only a plain number was a typed argument: =WATT.SCULPT(..., 10%, 1.5) had no block, and the
  // workbench's native download wrote the schedule as guarded values.
  const c: Case = { cfads: [130, 140, 150, 160, 170, 180, 190, 200], column: false, args: ['7.75%', 1.35, null, 4, null], typed: true, rows: 8 };
  expectSame(c);
  expect(resolveSculptArgs(['Inputs!A1:E1', ' 10 % ', '1.5'], engineContext(hf, 'Watt'))?.args).toEqual(['10 %', '1.5', '', '', '']);
  const adapter = new EngineTemplateAdapter(createEngine());
  const id = adapter.hf.getSheetId(adapter.hf.addSheet('Debt'))!;
  adapter.hf.setSheetContent(id, [['cfads', 130, 140, 150, 160, 170], [], ['=WATT.SCULPT(B1:F1, 10%, 1.3)']]);
  const { report } = await writeXlsx(adapter, { mode: 'native' });
  expect(report.fallbacks).toEqual([]);
  expect(report.sheets.find((x) => x.name === 'Debt')!.nativeBlocks).toBe(1);
});

test('a defined name of the CFADS row resolves to its cells; an expression has no block (the table is then a guarded value)', () => {
  hf.addNamedExpression('CFADS_ROW', '=Inputs!$A$1:$E$1');
  const named = resolveSculptArgs(['CFADS_ROW', '0.1', '1.3'], engineContext(hf, 'Watt'));
  expect(named?.range).toBe("'Inputs'!$A$1:$E$1");
  expect(named?.cells).toEqual(['A', 'B', 'C', 'D', 'E'].map((c) => `'Inputs'!$${c}$1`));
  expect(named?.args).toEqual(['0.1', '1.3', '', '', '']);
  expect(resolveSculptArgs(['Inputs!A1:E1', 'Inputs!A2*2', '1.3'], engineContext(hf, 'Watt'))).toBeUndefined();
  expect(resolveSculptArgs(['Inputs!A1:B2', '0.1', '1.3'], engineContext(hf, 'Watt'))).toBeUndefined();
  hf.removeNamedExpression('CFADS_ROW');
});
