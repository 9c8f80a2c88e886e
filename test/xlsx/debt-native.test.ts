/**
 * Native forms of WATT.DEBTSIZE and WATT.LLCR (src/functions/finance.ts): a row of CFADS in cells, the
 * other arguments in cells or as literals; the native formula (Excel's own SUMPRODUCT over an array
 * constant of periods) evaluated in the engine equals the WATT function within 1e-12 relative on random
 * valid inputs (fast-check, fixed seed), and is #VALUE! wherever the function is #VALUE! (an empty cell,
 * text or, for DEBTSIZE, a negative number inside the tenor; a tenor longer than the row; an argument
 * out of range). Other native forms: test/xlsx/native.test.ts.
 */
import fc from 'fast-check';
import { DetailedCellError } from 'hyperformula';
import { createEngine, toEngineFormula } from '../../src/engine/engine';
import { toNativeFormula } from '../../src/xlsx';
import { referenceShape } from '../../src/functions/_lib/native';
import { isClose } from '../helpers/tolerance';

const hf = createEngine();
const sheet = hf.getSheetId(hf.addSheet('D'))!;
const COLS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
type Cell = number | string | null;

/** Row 1: the CFADS cells (row) or column A from row 3 (column); row 2: rate, dscr or debt, n, tenor in A2:D2; the formulas in F2, G2. */
function run(id: 'DEBTSIZE' | 'LLCR', cfads: Cell[], column: boolean, args: Cell[], literal: boolean): { watt: unknown; native: unknown; nativeText: string } {
  const ref = column ? `A3:A${2 + cfads.length}` : `A1:${COLS[cfads.length - 1]}1`;
  const argText = args.map((v, i) => (literal ? (v === null ? '' : typeof v === 'string' ? `"${v}"` : String(v).toUpperCase()) : `${COLS[i]}2`));
  const watt = `=WATT.${id}(${ref}, ${argText.join(', ')})`;
  const native = toNativeFormula(watt);
  if ('reason' in native) throw new Error(native.reason);
  const rows: Cell[][] = [column ? [] : cfads, [...args, null, null, null]];
  if (column) for (const c of cfads) rows.push([c]);
  rows[1][5] = toEngineFormula(watt);
  rows[1][6] = toEngineFormula(native.formula);
  hf.setSheetContent(sheet, rows as never);
  return { watt: hf.getCellValue({ sheet, row: 1, col: 5 }), native: hf.getCellValue({ sheet, row: 1, col: 6 }), nativeText: native.formula };
}

const isError = (v: unknown) => v instanceof DetailedCellError;
const close = (a: number, b: number) => a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
const OPTIONS = { numRuns: 150 };

const cfadsArb = fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 1e9, noNaN: true })), { minLength: 1, maxLength: 26 });
const common = {
  cfads: cfadsArb,
  column: fc.boolean(),
  literal: fc.boolean(),
  rate: fc.double({ min: 0, max: 1, noNaN: true }),
  n: fc.constantFrom<Cell>(1, 2, 4, 12, null),
  tenorPick: fc.double({ min: 0, max: 1, noNaN: true }),
};

test('a literal reference has its shape; a name or an expression has none', () => {
  expect(referenceShape('B2:F2')).toEqual({ rows: 1, columns: 5 });
  expect(referenceShape("'Cash flow'!$C$5:$C$20")).toEqual({ rows: 16, columns: 1 });
  expect(referenceShape('C5')).toEqual({ rows: 1, columns: 1 });
  expect(referenceShape('CFADS')).toBeUndefined();
  expect(referenceShape('OFFSET(A1,0,0,1,5)')).toBeUndefined();
});

test('the native formula is SUMPRODUCT over the periods, as the brief states', () => {
  expect(run('DEBTSIZE', [130, 130, 130], false, [0.1, 1.3, null, null], true).nativeText).toBe(
    '=(IF(OR(SUMPRODUCT(({1,2,3}<=3)*(NOT(ISNUMBER(A1:C1))+(A1:C1<0)))>0),#VALUE!,SUMPRODUCT(--({1,2,3}<=3),A1:C1,(1+0.1/1)^(-{1,2,3}))/1.3))',
  );
});

describe.each(['DEBTSIZE', 'LLCR'] as const)('%s native form', (id) => {
  const third = id === 'DEBTSIZE' ? fc.double({ min: 1.0001, max: 100, noNaN: true }) : fc.double({ min: 1, max: 1e10, noNaN: true });

  test('equals the function on random valid inputs (cells and literals, rows and columns)', () => {
    fc.assert(
      fc.property(fc.record({ ...common, third }), ({ cfads, column, literal, rate, n, tenorPick, third: x }) => {
        const tenor = Math.floor(tenorPick * cfads.length);
        const { watt, native } = run(id, cfads, column, [rate, x, n, tenor], literal);
        expect(typeof watt).toBe('number');
        expect(typeof native).toBe('number');
        expect(close(native as number, watt as number)).toBe(true);
      }),
      OPTIONS,
    );
  });

  test('is #VALUE! where the function is: a bad cell inside the tenor, a tenor past the row, an argument out of range', () => {
    const bad = fc.oneof(
      fc.record({ kind: fc.constant('cell' as const), cell: fc.constantFrom<Cell>(null, 'n/a', ...(id === 'DEBTSIZE' ? [-1] : [])), at: fc.nat() }),
      fc.record({ kind: fc.constant('tenor' as const), extra: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ kind: fc.constant('arg' as const), which: fc.integer({ min: 0, max: 3 }), value: fc.constantFrom<Cell>(-0.5, 1.5, 0, 13, 2.5, 'x') }),
    );
    fc.assert(
      fc.property(fc.record({ ...common, third, bad }), ({ cfads, column, literal, rate, n, tenorPick, third: x, bad: b }) => {
        const row: Cell[] = [...cfads];
        const args: Cell[] = [rate, x, n, Math.floor(tenorPick * cfads.length)];
        if (b.kind === 'cell') {
          const tenor = (args[3] as number) || row.length;
          row[b.at % tenor] = b.cell;
        } else if (b.kind === 'tenor') {
          args[3] = row.length + b.extra;
        } else {
          // out of range for that argument: rate outside 0..1, dscr <= 1 or debt <= 0, n outside 1..12 or not whole, tenor not whole
          const v = b.value;
          const invalid = [v === 'x' || (v as number) < 0 || (v as number) > 1, v === 'x' || (v as number) <= (id === 'DEBTSIZE' ? 1 : 0), v === 'x' || !Number.isInteger(v) || (v as number) < 1 || (v as number) > 12, v === 'x' || !Number.isInteger(v) || (v as number) < 0];
          fc.pre(invalid[b.which]);
          args[b.which] = v;
        }
        const { watt, native } = run(id, row, column, args, literal);
        expect(isError(watt)).toBe(true);
        expect(isError(native)).toBe(true);
        expect((native as DetailedCellError).value).toBe((watt as DetailedCellError).value);
      }),
      OPTIONS,
    );
  });

  test('a range of several rows and columns is #VALUE!; a name is written as a value (no native form)', () => {
    expect(toNativeFormula(`=WATT.${id}(A1:B2, 0.1, 1.3)`)).toEqual({ formula: '=(#VALUE!)' });
    expect('reason' in toNativeFormula(`=WATT.${id}(CFADS, 0.1, 1.3)`)).toBe(true);
  });
});

/**
 * WATT.DSCRSTAT's native form: CFADS in row 1 of sheet S (or column A), debt service in row 2 (or
 * column B), the statistic typed or in D5; the WATT call in F5, the native formula in G5.
 */
const statSheet = hf.getSheetId(hf.addSheet('S'))!;
function runStat(cfads: Cell[], service: Cell[], column: boolean, statistic: Cell, literal: boolean): { watt: unknown; native: unknown; nativeText: string } {
  const n = cfads.length;
  const m = service.length;
  const [c, s] = column ? [`A7:A${6 + n}`, `B7:B${6 + m}`] : [`A1:${COLS[n - 1]}1`, `A2:${COLS[m - 1]}2`];
  const stat = literal ? (statistic === null ? '' : `, "${statistic}"`) : ', D5';
  const watt = `=WATT.DSCRSTAT(${c}, ${s}${stat})`;
  const native = toNativeFormula(watt);
  if ('reason' in native) throw new Error(native.reason);
  const rows: Cell[][] = [column ? [] : [...cfads], column ? [] : [...service], [], [], [null, null, null, literal ? null : statistic, null, null, null], []];
  rows[4][5] = toEngineFormula(watt);
  rows[4][6] = toEngineFormula(native.formula);
  if (column) for (let i = 0; i < Math.max(n, m); i++) rows.push([i < n ? cfads[i] : null, i < m ? service[i] : null]);
  hf.setSheetContent(statSheet, rows as never);
  return { watt: hf.getCellValue({ sheet: statSheet, row: 4, col: 5 }), native: hf.getCellValue({ sheet: statSheet, row: 4, col: 6 }), nativeText: native.formula };
}

describe('DSCRSTAT native form', () => {
  const STATS = ['min', 'average', 'max', 'MAX', ' Average '] as const;
  const statCase = fc
    .integer({ min: 1, max: 26 })
    .chain((n) => fc.record({
      cfads: fc.array(fc.oneof(fc.constant(0), fc.double({ min: -1e9, max: 1e9, noNaN: true })), { minLength: n, maxLength: n }),
      service: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1e9, noNaN: true })), { minLength: n, maxLength: n }),
      served: fc.integer({ min: 0, max: n - 1 }),
      column: fc.boolean(),
      literal: fc.boolean(),
      statistic: fc.option(fc.constantFrom<string>(...STATS), { nil: null }),
    }))
    .map((c) => ({ ...c, service: c.service.map((v, i) => (i === c.served && v === 0 ? 100 : v)) }));

  test('the example of the help: min 1.3, average 1.4, max 1.5 (CFADS 130, 140, 150 over 100 a period)', () => {
    for (const [stat, value] of [['min', 1.3], ['average', 1.4], ['max', 1.5]] as const) {
      const { watt, native } = runStat([130, 140, 150], [100, 100, 100], false, stat, true);
      expect(watt).toBeCloseTo(value, 12);
      expect(native).toBeCloseTo(value, 12);
    }
  });

  test('equals the function on random valid rows (periods without debt service skipped; min and max within 1e-12, average 1e-9 of the largest |DSCR|)', () => {
    fc.assert(
      fc.property(statCase, ({ cfads, service, column, literal, statistic }) => {
        const { watt, native } = runStat(cfads, service, column, statistic, literal);
        expect(typeof watt).toBe('number');
        expect(typeof native).toBe('number');
        // The core averages in decimal, SUMPRODUCT in doubles: ratios of both signs cancel, so the scale is the largest |ratio|.
        const scale = Math.max(...cfads.map((c, i) => (service[i] > 0 ? Math.abs(c / service[i]) : 0)));
        const average = statistic !== null && statistic.trim().toLowerCase() === 'average';
        if (average) expect(isClose(native as number, watt as number, 1e-9, { scale })).toBe(true);
        // Absolute floor 2^-1022 (test/helpers/tolerance.ts): a DSCR of -5e-324 / 0.001 is subnormal, digits lost.
        else expect(isClose(native as number, watt as number, 1e-12)).toBe(true);
      }),
      OPTIONS,
    );
  });

  test('is the function\'s error on each kind of invalid input', () => {
    const bad = fc.constantFrom('empty-cfads', 'text-service', 'negative-service', 'no-service', 'unknown-stat', 'number-stat', 'lengths');
    fc.assert(
      fc.property(statCase, bad, (c, kind) => {
        let cfads: Cell[] = c.cfads;
        let service: Cell[] = c.service;
        let statistic: Cell = c.statistic;
        let literal = c.literal;
        if (kind === 'empty-cfads') cfads = cfads.map((v, i) => (i === 0 ? null : v));
        if (kind === 'text-service') service = service.map((v, i) => (i === service.length - 1 ? 'x' : v));
        if (kind === 'negative-service') service = service.map((v, i) => (i === 0 ? -100 : v));
        if (kind === 'no-service') service = service.map(() => 0);
        if (kind === 'unknown-stat') statistic = 'median';
        if (kind === 'number-stat') [statistic, literal] = [3, false];
        if (kind === 'lengths') fc.pre(cfads.length > 1), (cfads = cfads.slice(1));
        const { watt, native } = runStat(cfads, service as Cell[], c.column, statistic, literal);
        expect(isError(watt)).toBe(true);
        expect(isError(native)).toBe(true);
        expect((native as DetailedCellError).value).toBe((watt as DetailedCellError).value);
      }),
      OPTIONS,
    );
  });

  test('a row against a column of several periods, or a name, is written as a value (no native form); one period is either', () => {
    expect('reason' in toNativeFormula('=WATT.DSCRSTAT(A1:C1, A7:A9)')).toBe(true);
    expect('reason' in toNativeFormula('=WATT.DSCRSTAT(CFADS, A7:A9)')).toBe(true);
    expect(toNativeFormula('=WATT.DSCRSTAT(A1:B2, A7:A10)')).toEqual({ formula: '=(#VALUE!)' });
    expect(toNativeFormula('=WATT.DSCRSTAT(A1:C1, A2:C2, "median")')).toEqual({ formula: '=(#VALUE!)' });
    expect('formula' in toNativeFormula('=WATT.DSCRSTAT(A1, A7)')).toBe(true);
  });
});
