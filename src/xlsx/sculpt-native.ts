/**
 * WATT.SCULPT as a native formula block (the `native` mode of the writer and of `watt recalc`), like
 * WATT.PROJECTION's (projection-native.ts): the sculpted schedule is a corkscrew whose every cell is an
 * Excel formula reading the CFADS cells and the arguments live, so a recipient who edits the rate, the
 * DSCR, the debt or one period's CFADS in Excel or LibreOffice sees every number of the schedule move.
 *
 * What is written, for a table spilled from `=WATT.SCULPT(cfads, rate, dscr, [debt], [periods_per_year],
 * [tenor])` with cfads a literal reference (or a defined name of one) of one row or one column, and every
 * other argument a number typed in the formula, a cell, a name of one cell, or left out (its default):
 *  - On the helper sheet ("Watt native"), the arguments checked as the function checks them (P specs:
 *    #VALUE! out of range, text, a whole number expected), the row's length (the size at export: cells
 *    inserted into the row later are #VALUE!, never a schedule over other periods), the tenor T (0 = the
 *    row's length; longer than the row or than the rows written is #VALUE!), every CFADS cell inside the
 *    tenor a number >= 0 (else #VALUE!, as the core: an empty cell is not read as 0), the periodic rate
 *    r = rate / periods_per_year, the capacity K = SUMPRODUCT(--(k<=T), cfads, (1+r)^-k) / dscr
 *    (WATT.DEBTSIZE's native form), a debt above K (beyond the core's 1e-12 for rounding) #VALUE!, the
 *    opening debt D (the capacity when debt is 0) and the scale D / K (0 when K is 0). A status cell is 0
 *    when all hold and the error otherwise; every cell of the table reads it.
 *  - The table: the header row (WATT.SCULPT's columns), then period i = 1..rows, in the core's order
 *    (src/core/debt.ts sculpt):
 *      opening_i   = D (i = 1), else closing_{i-1}
 *      interest_i  = opening_i x r
 *      debt_service_i = scale x CFADS_i / dscr
 *      principal_i = debt_service_i - interest_i
 *      closing_i   = opening_i - principal_i, 0 within 1e-11 x the debt (a rounding residue)
 *      dscr_i      = CFADS_i / debt_service_i ("n/a" when the debt service is 0)
 *    A row past the tenor is blank (""). With the tenor read from a cell, the block runs from the spill
 *    down through the empty rows below it, up to the row's length, so a tenor raised in the file fills
 *    more periods; a tenor above the rows written is #VALUE! in every cell (the helper sheet says how many
 *    rows there are). A tenor typed in the formula (or left out) cannot change without the formula: the
 *    block has the spill's rows, and the row's length is held by the length check.
 *
 * The core sums in decimal and carries the balance in decimal; the block in doubles: they agree within
 * about 1e-15 x the periods relative to the debt (test/xlsx/sculpt-native.test.ts holds 1e-9). The last
 * closing balance, 0 in exact arithmetic (the core shows 0), is a rounding residue of order 1e-16 x the
 * periods x the debt in the block (-1.9E-12 on a 780 debt over 15 years): a closing balance within 1e-11
 * x the debt is written 0, so the corkscrew closes at 0 as the function's, not at "-1.90425E-12" in a
 * General cell or "(0.00)".
 *
 * Pure: no engine, no ExcelJS. The caller (native-blocks.ts) resolves the arguments to absolute references.
 */
import { SCULPT_COLUMNS } from '../core/debt';
import { expectation, NumberSpec, P } from '../core/params';
import { columnLetters, quoteSheetName } from '../templates/plan';
import { literal, NATIVE_VALUE_ERROR, typedNumber } from '../functions/_lib/native';
import { findWattCalls } from './formula';
import { ArgumentContext, helperHeading, PlannedCell, ProjectionBlock, resolveReference, ResolvedBlock } from './projection-native';
import { unitFormat } from './print';

/** The argument specs of WATT.SCULPT after cfads, in order (the wrapper's: src/functions/finance.ts). */
const SPECS: readonly { name: string; spec: NumberSpec; unit: string }[] = [
  { name: 'rate', spec: P.debt_rate as NumberSpec, unit: 'fraction a year (nominal)' },
  { name: 'dscr', spec: P.target_dscr as NumberSpec, unit: 'x' },
  { name: 'debt', spec: P.sculpt_debt as NumberSpec, unit: 'currency of cfads' },
  { name: 'periods_per_year', spec: P.periods_per_year as NumberSpec, unit: 'periods a year' },
  { name: 'tenor', spec: P.tenor as NumberSpec, unit: 'periods' },
];

/** The argument texts of a formula that is exactly one WATT.SCULPT call with 3 to 6 arguments, else undefined. */
export function sculptArgs(formula: string): string[] | undefined {
  const text = formula.replace(/^=/, '');
  const calls = findWattCalls(text);
  if (calls.length !== 1 || calls[0].id !== 'SCULPT' || calls[0].args.length < 3 || calls[0].args.length > 6) return undefined;
  if (text.trim() !== text.slice(calls[0].start, calls[0].end).trim()) return undefined;
  return calls[0].args;
}

/** WATT.SCULPT's arguments resolved for a block: the CFADS cells and each scalar argument's text. */
export interface SculptCall {
  /** The sheet of the table (its anchor) and its anchor (the header's first cell, 0-based). */
  sheet: string;
  row: number;
  col: number;
  /** The CFADS range (one row or one column), its absolute reference and each period's cell. */
  cfads: ResolvedBlock;
  range: string;
  cells: string[];
  /**
   * rate, dscr, debt, periods_per_year, tenor: a number or a percentage as typed ("" when left out: the default) or an
   * absolute, sheet-qualified cell.
   */
  args: string[];
  /** Each of those arguments' cell, when it is one (the tenor's: the block may then run past the spill). */
  argCells: (ResolvedBlock | undefined)[];
  tenorCell?: ResolvedBlock;
  /** Data rows below the header. */
  rows: number;
  formula: string;
}

const absoluteCell = (r: ResolvedBlock, row: number, col: number) => `${quoteSheetName(r.sheet)}!$${columnLetters(col + 1)}$${row + 1}`;

/**
 * Resolves WATT.SCULPT's argument texts: cfads a reference or a name of one row or column; the others a
 * number, a cell or a name of one, or empty. Undefined when a block cannot be written (an expression).
 */
export function resolveSculptArgs(args: readonly string[], context: ArgumentContext): Omit<SculptCall, 'sheet' | 'row' | 'col' | 'rows' | 'formula'> | undefined {
  const cfads = resolveReference(args[0], context);
  if (!cfads) return undefined;
  const height = cfads.bottom - cfads.top + 1;
  const width = cfads.right - cfads.left + 1;
  if (height > 1 && width > 1) return undefined;
  const cells: string[] = [];
  for (let i = 0; i < height * width; i++) cells.push(absoluteCell(cfads, cfads.top + (height > 1 ? i : 0), cfads.left + (height > 1 ? 0 : i)));
  const range = `${absoluteCell(cfads, cfads.top, cfads.left)}:${absoluteCell(cfads, cfads.bottom, cfads.right).replace(/^.*!/, '')}`;
  const out: string[] = [];
  const argCells: (ResolvedBlock | undefined)[] = [];
  let tenorCell: ResolvedBlock | undefined;
  for (let i = 1; i <= SPECS.length; i++) {
    const text = args[i]?.trim() ?? '';
    if (text === '' || typedNumber(text) !== undefined) {
      out.push(text);
      argCells.push(undefined);
      continue;
    }
    const cell = resolveReference(text, context);
    if (!cell || cell.top !== cell.bottom || cell.left !== cell.right) return undefined;
    out.push(absoluteCell(cell, cell.top, cell.left));
    argCells.push(cell);
    if (i === SPECS.length) tenorCell = cell;
  }
  return { cfads, range, cells, args: out, argCells, tenorCell };
}

/** The known values at export (the engine's), for the helper's cached results. */
export interface SculptKnown {
  values: number[];
  n: number;
  T: number;
  r: number;
  capacity: number;
  opening: number;
  scale: number;
}

/** An argument checked against its spec, as the wrapper checks it (nativeForm's rules, written into one cell). */
function checkedArgument(spec: NumberSpec, text: string): string {
  if (text === '') return spec.default !== undefined ? literal(spec.default) : NATIVE_VALUE_ERROR;
  const v = spec.default !== undefined && typedNumber(text) === undefined ? `IF(${text}="",${literal(spec.default)},${text})` : text;
  const bad = [`NOT(ISNUMBER(${v}))`];
  if (spec.min !== undefined) bad.push(`${v}${spec.minExclusive ? '<=' : '<'}${literal(spec.min)}`);
  if (spec.max !== undefined) bad.push(`${v}${spec.maxExclusive ? '>=' : '>'}${literal(spec.max)}`);
  if (spec.integer) bad.push(`${v}<>INT(${v})`);
  return `IF(OR(${bad.join(',')}),${NATIVE_VALUE_ERROR},${v})`;
}

/** The native block of one WATT.SCULPT table: helper cells from `helperRow` on `helperSheet`, and the table. */
export function sculptBlock(call: SculptCall, helperSheet: string, helperRow: number, known?: SculptKnown): ProjectionBlock {
  const helper: PlannedCell[] = [];
  const h = (row: number) => `${quoteSheetName(helperSheet)}!$B$${row + 1}`;
  const n = call.cells.length;
  let r = helperHeading(helper, helperRow, call, 'The arguments the schedule reads, checked as WATT.SCULPT checks them: any #VALUE! below makes every cell of the table #VALUE!.');
  const line = (label: string, formula: string | number, result: number | undefined, unit: string, accepted: string, format = unitFormat(unit)) => {
    const row = r++;
    helper.push({ row, col: 0, value: label, style: 'label' });
    helper.push(typeof formula === 'number' ? { row, col: 1, value: formula, format } : { row, col: 1, formula, result, style: 'output', format });
    helper.push({ row, col: 2, value: unit, style: 'label' });
    helper.push({ row, col: 3, value: accepted, style: 'label' });
    return h(row);
  };
  const at: Record<string, string> = {};
  SPECS.forEach(({ name, spec, unit }, i) => {
    const value = known ? known.values[i] : undefined;
    const row = r;
    at[name] = line(name, checkedArgument(spec, call.args[i]), value, unit, expectation(spec) || 'any number');
    helper.push({ row, col: 4, value: spec.default !== undefined ? spec.default : 'required', style: 'label' });
  });
  const C = call.range;
  const length = line('Periods in cfads (its length at export)', `IF(ROWS(${C})*COLUMNS(${C})<>${n},${NATIVE_VALUE_ERROR},${n})`, known ? n : undefined, 'periods',
    `${n}: cells inserted into or deleted from the row change the periods the schedule reads; export again`);
  const T = line('Tenor used (0 = the whole row)', `IF(${at.tenor}>${n},${NATIVE_VALUE_ERROR},IF(IF(${at.tenor}=0,${n},${at.tenor})>${call.rows},${NATIVE_VALUE_ERROR},IF(${at.tenor}=0,${n},${at.tenor})))`,
    known?.T, 'periods', `at most the row's ${n} periods and the ${call.rows} rows written below the table's header (a longer tenor needs a new export)`, '0');
  const k = `{${Array.from({ length: n }, (_, i) => i + 1).join(call.cfads.bottom > call.cfads.top ? ';' : ',')}}`;
  const bad = line('CFADS cells inside the tenor that are not a number >= 0', `IF(SUMPRODUCT((${k}<=${T})*(NOT(ISNUMBER(${C}))+(${C}<0)))>0,${NATIVE_VALUE_ERROR},0)`,
    known ? 0 : undefined, 'cells', 'must be 0: an empty cell, text or a negative CFADS inside the tenor is #VALUE! (never read as 0)', '0');
  const rate = line('Periodic rate (rate / periods_per_year)', `${at.rate}/${at.periods_per_year}`, known?.r, 'fraction a period', 'nominal, as loan coupons are quoted', '0.0000%');
  const capacity = line('Capacity (WATT.DEBTSIZE: CFADS / dscr discounted at the periodic rate)', `SUMPRODUCT(--(${k}<=${T}),${C},(1+${rate})^(-${k}))/${at.dscr}`,
    known?.capacity, 'currency of cfads', 'the debt this CFADS supports at the target DSCR');
  const above = line('Debt above the capacity', `IF(${at.debt}>${capacity}*(1+1E-12),${NATIVE_VALUE_ERROR},0)`, known ? 0 : undefined, '',
    'must be 0: a debt above the capacity is #VALUE! (WATT.SCULPT: "debt exceeds the debt this cfads supports at the DSCR")', '0');
  const opening = line('Debt at the start of period 1 (the capacity when debt is 0)', `IF(${at.debt}=0,${capacity},${at.debt})`, known?.opening, 'currency of cfads', 'at most the capacity');
  const scale = line('Scale (debt / capacity; 0 when the capacity is 0)', `IF(${capacity}=0,0,${opening}/${capacity})`, known?.scale, 'x', 'debt service = scale x CFADS / dscr', '0.000000');
  const statusCells = [...SPECS.map(({ name }) => at[name]), length, T, bad, rate, capacity, above, opening, scale];
  const S = line('Status (0 = every argument valid; else the error every cell of the table shows)', `IF(COUNT(${statusCells.join(',')})=${statusCells.length},0,SUM(${statusCells.join(',')}))`,
    known ? 0 : undefined, '', 'must be 0', '0');
  line('Rows written below the header', call.rows, undefined, 'periods', 'the longest tenor this block shows', '0');

  const table: PlannedCell[] = SCULPT_COLUMNS.map((name, i) => ({ row: call.row, col: call.col + i, value: name }));
  const col = Object.fromEntries(SCULPT_COLUMNS.map((c, i) => [c, columnLetters(call.col + i + 1)])) as Record<(typeof SCULPT_COLUMNS)[number], string>;
  for (let i = 1; i <= call.rows; i++) {
    const row = call.row + i;
    const ref = (name: (typeof SCULPT_COLUMNS)[number], at = row) => `${col[name]}${at + 1}`;
    const guard = (expr: string) => `IF(${S}+${i}>${T},"",${expr})`;
    const cfads = call.cells[i - 1];
    const cells: Record<(typeof SCULPT_COLUMNS)[number], string> = {
      period: `${i}`,
      opening_balance: i === 1 ? opening : ref('closing_balance', row - 1),
      interest: `${ref('opening_balance')}*${rate}`,
      principal: `${ref('debt_service')}-${ref('interest')}`,
      debt_service: `${scale}*${cfads}/${at.dscr}`,
      closing_balance: `IF(ABS(${ref('opening_balance')}-${ref('principal')})<=1E-11*ABS(${opening}),0,${ref('opening_balance')}-${ref('principal')})`,
      dscr: `IF(${ref('debt_service')}=0,"n/a",${cfads}/${ref('debt_service')})`,
    };
    SCULPT_COLUMNS.forEach((name, c) => table.push({ row, col: call.col + c, formula: guard(cells[name]) }));
  }
  return {
    helper,
    helperRows: r - helperRow + 1,
    table,
    total: () => undefined,
    note: `Native formula block of ${call.formula} (${call.rows} periods below the header): a corkscrew of Excel formulas reading the CFADS cells and the arguments, checked on the sheet "${helperSheet}"; a tenor over ${call.rows} periods or a row of another length needs a new export.`,
  };
}
