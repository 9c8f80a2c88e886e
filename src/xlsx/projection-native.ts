/**
 * WATT.PROJECTION as a native formula block (the `native` mode of the writer and of `watt recalc`): a
 * projection month is closed form, so each cell of the table is written in Excel's own functions and
 * the file stays a live model without the add-in, recalculated by Excel 2010+ and LibreOffice.
 *
 * What is written, for a table spilled from `=WATT.PROJECTION(assumptions, months)`:
 *  - On a sheet of its own ("Watt native"), one block per table: each of the 12 assumptions read from
 *    the same two-column range by name (case-insensitive, spaces trimmed, as WATT.PROJECTION reads it),
 *    with its unit, accepted range and default, and the checks WATT.PROJECTION makes: a name given twice,
 *    a name it does not know, a value without a name, a text value, a value out of range, a required
 *    value missing are each #VALUE! in the "value used" column; a status cell is 0 when every input is
 *    valid and the error otherwise. Every cell of the table reads it, so an invalid input makes the
 *    whole table an error, as the function does.
 *  - The table: its header row as text, then one row per month in formulas (below), from the spill's
 *    rows down to as many rows as are empty below it (at most 600, the longest projection): a longer
 *    horizon typed into the file fills more rows, a shorter one leaves them blank (""). A horizon over
 *    the rows written is #VALUE! (the helper block says how many rows there are). A horizon typed as a
 *    number in the formula cannot change without it: the block then has the spill's rows.
 *  - WATT.PROJECTIONTOTAL over the same assumptions and months: the sum (or count) of the block's
 *    column, energy and other_cost from the horizon's days (src/core/projection.ts defines each).
 *
 * Month m (row i = m + 1), with the checked inputs of the helper block:
 *   date      DATE(YEAR(start), MONTH(start) + m, 1)
 *   height    840000 + FLOOR((date - ref_date) x 1440 / 10 + 1E-9, 1)     (WATT.BLOCKHEIGHT's defaults)
 *   subsidy   IF(INT(height / 210000) >= 64, 0, INT(5000000000 / 2^INT(height / 210000)) / 1E8)
 *   network   network_hashrate x (1 + growth)^(m / 12);  price likewise
 *   hashprice price x (144 x (subsidy + fees) / (network x 1000))
 *   days      DATE(YEAR(date), MONTH(date) + 1, 1) - date
 *   btc       144 x (subsidy + fees) / (network x 1000) x site_hashrate x days x (1 - pool_fee)
 *   power     site_mw x uptime x 24 x days x 1000 x power_price;  margin = revenue - power - energy x other_cost
 * in the same order of operations as the core, so Excel, LibreOffice and the engine compute the same
 * doubles (test/xlsx/projection-native.test.ts compares them on random inputs).
 *
 * Pure: no engine, no ExcelJS. The caller resolves argument texts to absolute references and writes
 * the cells (write.ts, recalc.ts).
 */
import { PROJECTION_CATALOG, PROJECTION_COLUMNS, PROJECTION_TOTALS } from '../core/projection';
import { expectation, P } from '../core/params';
import { cellRef, columnLetters, parseBlock, quoteSheetName } from '../templates/plan';
import { literal, stringLiteral, NATIVE_NUM_ERROR, NATIVE_VALUE_ERROR, NUMBER_LITERAL } from '../functions/_lib/native';
import { findWattCalls } from './formula';
import { unitFormat } from './print';

/** The sheet the helper blocks go on (a free variant when the workbook has one of that name). */
export const HELPER_SHEET = 'Watt native';
/** The longest projection WATT.PROJECTION accepts, so the most rows a block needs. */
export const MAX_BLOCK_ROWS = P.months.max!;

const REFERENCE = /^(?:(?:'((?:[^']|'')+)'|([A-Za-z_][A-Za-z0-9_.]*))!)?(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)$/;

/** A block of cells a formula argument refers to: its sheet and 0-based corners. */
export interface ResolvedBlock {
  sheet: string;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * How the host reads the workbook an argument is written in (the engine for files, Office.js's reads for
 * Share): what a defined name refers to ("=Projection!$B$19"), and the name a referenced sheet is
 * written with (its own spelling, or its copy's; undefined when there is no such sheet).
 */
export interface ArgumentContext {
  sheet: string;
  nameFormula(name: string): string | undefined;
  sheetName(sheet: string): string | undefined;
}

/** The two argument texts of a formula that is exactly one WATT.PROJECTION call, else undefined. */
export function projectionArgs(formula: string): [string, string] | undefined {
  const text = formula.replace(/^=/, '');
  const calls = findWattCalls(text);
  if (calls.length !== 1 || calls[0].id !== 'PROJECTION' || calls[0].args.length !== 2) return undefined;
  if (text.trim() !== text.slice(calls[0].start, calls[0].end).trim()) return undefined;
  return [calls[0].args[0], calls[0].args[1]];
}

/** An argument text → the block it refers to (a reference, or a defined name of one), else undefined. */
export function resolveReference(text: string, context: ArgumentContext, depth = 0): ResolvedBlock | undefined {
  const t = text.trim();
  const m = REFERENCE.exec(t);
  if (m) {
    const block = parseBlock(m[3].replace(/\$/g, '').toUpperCase());
    const sheet = context.sheetName(m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2] ?? context.sheet);
    return block && sheet !== undefined ? { sheet, ...block } : undefined;
  }
  const named = /^[A-Za-z_\\][A-Za-z0-9_.]*$/.test(t) && depth < 4 ? context.nameFormula(t) : undefined;
  return named === undefined ? undefined : resolveReference(named.replace(/^=/, ''), context, depth + 1);
}

const absolute = (r: ResolvedBlock, col: number, top: number, bottom: number) =>
  `${quoteSheetName(r.sheet)}!$${columnLetters(col + 1)}$${top + 1}${bottom !== top ? `:$${columnLetters(col + 1)}$${bottom + 1}` : ''}`;

/** The assumptions and months of a WATT.PROJECTION (or PROJECTIONTOTAL) call, as absolute references. */
export interface ProjectionArgs {
  range: ResolvedBlock;
  /** The assumptions' name and value columns ('Projection'!$A$5:$A$16, ...$B$5:$B$16). */
  names: string;
  values: string;
  /** The months argument: a number as typed, or an absolute cell. */
  months: string;
  /** The cell of months (undefined when it is a number typed in the formula). */
  monthsCell?: ResolvedBlock;
  /** The key under which a total finds the table over the same arguments. */
  key: string;
}

/** Resolves (assumptions, months): a two-column range and a number or one cell, else undefined. */
export function resolveProjectionArgs(assumptions: string, months: string, context: ArgumentContext): ProjectionArgs | undefined {
  const range = resolveReference(assumptions, context);
  if (!range || range.right - range.left !== 1) return undefined;
  const names = absolute(range, range.left, range.top, range.bottom);
  const values = absolute(range, range.left + 1, range.top, range.bottom);
  if (NUMBER_LITERAL.test(months)) return { range, names, values, months: months.trim(), key: `${names}|${months.trim()}` };
  const cell = resolveReference(months, context);
  if (!cell || cell.top !== cell.bottom || cell.left !== cell.right) return undefined;
  const text = absolute(cell, cell.left, cell.top, cell.top);
  return { range, names, values, months: text, monthsCell: cell, key: `${names}|${text}` };
}

/**
 * The native form of WATT.PROJECTIONTOTAL(assumptions, months, metric) over a table written as a block
 * (by ProjectionArgs.key), or undefined: the general rule (a value with its note) then applies.
 */
export function totalOverBlock(id: string, args: readonly string[], context: ArgumentContext, blocks: ReadonlyMap<string, ProjectionBlock>): string | undefined {
  if (id !== 'PROJECTIONTOTAL' || args.length !== 3) return undefined;
  const resolved = resolveProjectionArgs(args[0], args[1], context);
  return resolved ? blocks.get(resolved.key)?.total(args[2]) : undefined;
}

/** One cell to write: a formula (no "="), or a value; with a look. */
export interface PlannedCell {
  row: number;
  col: number;
  formula?: string;
  value?: string | number;
  /** Cached result of a formula, when known. */
  result?: number | string;
  style?: 'header' | 'label' | 'note' | 'output' | 'title';
  format?: string;
}

/** Where a table is and what it reads, resolved by the caller. */
export interface ProjectionCall {
  /** The sheet of the table (its anchor). */
  sheet: string;
  /** The anchor: the header row's first cell, 0-based. */
  row: number;
  col: number;
  /** The assumptions' two columns, absolute and sheet-qualified ('Projection'!$A$5:$A$16 and ...$B$5:$B$16). */
  names: string;
  values: string;
  /** The months argument: a number literal, or an absolute sheet-qualified cell. */
  months: string;
  /** Data rows to write below the header (the spill's rows at least; at most 600). */
  rows: number;
  /** The original formula, for the notes. */
  formula: string;
}

/** The known values of a valid table at export (the spill rendered it), for the helper's cached results. */
export interface HelperResults {
  /** Checked value by assumption name. */
  inputs: Record<string, number>;
  /** By name: rows with the name, rows with a value, rows with a number. */
  counts: Record<string, [number, number, number]>;
  months: number;
  horizonEnd: number;
}

export interface ProjectionBlock {
  /** Cells on the helper sheet. */
  helper: PlannedCell[];
  /** Rows the helper block takes (the next block starts after them). */
  helperRows: number;
  /** Cells of the table on its own sheet (header row and data rows). */
  table: PlannedCell[];
  /**
   * The native expression of WATT.PROJECTIONTOTAL(..., metric) over this table (no "="): #VALUE! for a
   * metric it does not know, undefined when the metric is not a text literal (then written as a value).
   */
  total(metric: string): string | undefined;
  /** Note for the anchor cell. */
  note: string;
}

const NAMES = Object.keys(PROJECTION_CATALOG);
const COL = Object.fromEntries(PROJECTION_COLUMNS.map((c, i) => [c, i])) as Record<(typeof PROJECTION_COLUMNS)[number], number>;
const REF_HEIGHT = P.ref_height.default!;
const REF_DATE = P.ref_date.default!;
const BLOCK_MINUTES = P.block_minutes.default!;
const LAST_SERIAL = 2958465;

/**
 * The native block of one WATT.PROJECTION table: helper cells from `helperRow` (0-based) on
 * `helperSheet`, and the table's cells.
 */
/**
 * The heading of a block's checked assumptions on the helper sheet (projection and paths blocks): its
 * call and where it is, what the checks do, the columns' headers. Returns the next free row.
 */
export function helperHeading(helper: PlannedCell[], row: number, call: { sheet: string; row: number; col: number; formula: string }, note: string): number {
  const anchorText = `${quoteSheetName(call.sheet)}!${cellRef(call.row, call.col)}`;
  helper.push({ row: row++, col: 0, value: `${call.formula.replace(/^=/, '')} at ${anchorText}, in Excel's own functions`, style: 'title' });
  helper.push({ row: row++, col: 0, value: note, style: 'note' });
  ['Assumption', 'Value used', 'Unit', 'Accepted', 'Default', 'Rows with this name', 'Of them with a value', 'Of them numbers'].forEach((label, col) => helper.push({ row, col, value: label, style: 'header' }));
  return row + 1;
}

/**
 * The native checks of one named assumption read from a names range N and a values range V (as the
 * function reads them: case-insensitive, trimmed): the test of a row's name (`match`), how many rows
 * carry the name, how many of them a value, how many a number, and the value checked against its spec
 * (#VALUE! when out of range).
 */
export function assumptionCheck(name: string, spec: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean; integer?: boolean }, N: string, V: string): { match: string; named: string; filled: string; numbers: string; checked: string } {
  const match = `(LOWER(TRIM(${N}))="${name}")`;
  const x = `SUMPRODUCT(--${match},${V})`;
  const outside: string[] = [];
  if (spec.min !== undefined) outside.push(`${x}${spec.minExclusive ? '<=' : '<'}${literal(spec.min)}`);
  if (spec.max !== undefined) outside.push(`${x}${spec.maxExclusive ? '>=' : '>'}${literal(spec.max)}`);
  if (spec.integer) outside.push(`${x}<>INT(${x})`);
  return {
    match,
    named: `SUMPRODUCT(--${match})`,
    filled: `SUMPRODUCT(${match}*(${V}<>""))`,
    numbers: `SUMPRODUCT(${match}*ISNUMBER(${V}))`,
    checked: outside.length === 0 ? x : `IF(OR(${outside.join(',')}),${NATIVE_VALUE_ERROR},${x})`,
  };
}

export function projectionBlock(call: ProjectionCall, helperSheet: string, helperRow: number, known?: HelperResults): ProjectionBlock {
  const helper: PlannedCell[] = [];
  const h = (row: number, col: number) => `${quoteSheetName(helperSheet)}!$${columnLetters(col + 1)}$${row + 1}`;
  const N = call.names;
  const V = call.values;
  let r = helperRow;
  r = helperHeading(helper, r, call, 'The assumptions the table reads, checked as WATT.PROJECTION checks them: any #VALUE! below makes every cell of the table #VALUE!.');
  const first = r;
  const at: Record<string, string> = {};
  for (const name of NAMES) {
    const spec = PROJECTION_CATALOG[name];
    const { named, filled, numbers, checked } = assumptionCheck(name, spec, N, V);
    const missing = spec.default !== undefined ? literal(spec.default) : NATIVE_VALUE_ERROR;
    const [F, G, H] = [h(r, 5), h(r, 6), h(r, 7)];
    const c = known?.counts[name];
    helper.push({ row: r, col: 0, value: name, style: 'label' });
    helper.push({ row: r, col: 1, formula: `IF(${F}>1,${NATIVE_VALUE_ERROR},IF(${G}=0,${missing},IF(${H}<>1,${NATIVE_VALUE_ERROR},${checked})))`, result: known?.inputs[name], style: 'output', format: unitFormat(spec.unit) });
    helper.push({ row: r, col: 2, value: spec.unit ?? '', style: 'label' });
    helper.push({ row: r, col: 3, value: expectation(spec) || 'any number', style: 'label' });
    helper.push({ row: r, col: 4, value: spec.default !== undefined ? spec.default : 'required', style: 'label', ...(spec.default !== undefined ? { format: unitFormat(spec.unit) } : {}) });
    helper.push({ row: r, col: 5, formula: named, result: c?.[0], format: '0' });
    helper.push({ row: r, col: 6, formula: filled, result: c?.[1], format: '0' });
    helper.push({ row: r, col: 7, formula: numbers, result: c?.[2], format: '0' });
    at[name] = h(r, 1);
    r++;
  }
  const last = r - 1;
  const unknownRow = r++;
  helper.push({ row: unknownRow, col: 0, value: 'Names WATT.PROJECTION does not know, and values without a name', style: 'label' });
  helper.push({
    row: unknownRow, col: 1,
    formula: `IF(SUMPRODUCT(--(TRIM(${N})<>""))-SUM(${h(first, 5)}:${h(last, 5)})+SUMPRODUCT((TRIM(${N})="")*(${V}<>""))=0,0,${NATIVE_VALUE_ERROR})`,
    result: known ? 0 : undefined, style: 'output', format: '0',
  });
  helper.push({ row: unknownRow, col: 3, value: 'must be 0 (a name or value the function would refuse is #VALUE!)', style: 'label' });

  const monthsRow = r++;
  const m = call.months;
  const monthsChecked = `IF(OR(NOT(ISNUMBER(${m})),${m}<1,${m}>${MAX_BLOCK_ROWS},${m}<>INT(${m})),${NATIVE_VALUE_ERROR},IF(${m}>${call.rows},${NATIVE_VALUE_ERROR},${m}))`;
  helper.push({ row: monthsRow, col: 0, value: 'months', style: 'label' });
  helper.push({ row: monthsRow, col: 1, formula: monthsChecked, result: known?.months, style: 'output', format: '0' });
  helper.push({ row: monthsRow, col: 2, value: 'months', style: 'label' });
  helper.push({ row: monthsRow, col: 3, value: `${expectation(P.months)}, a whole number; at most ${call.rows} here (the rows written below the table's header: a longer horizon needs a new export)`, style: 'label' });
  const M = h(monthsRow, 1);

  const start = at.start_date;
  const horizonRow = r++;
  helper.push({ row: horizonRow, col: 0, value: 'Last day of the horizon', style: 'label' });
  helper.push({ row: horizonRow, col: 1, formula: `IF(DATE(YEAR(${start}),MONTH(${start})+${M},1)-1>${LAST_SERIAL},${NATIVE_VALUE_ERROR},DATE(YEAR(${start}),MONTH(${start})+${M},1)-1)`, result: known?.horizonEnd, style: 'output', format: 'yyyy-mm-dd' });
  helper.push({ row: horizonRow, col: 3, value: 'on or before 9999-12-31, the last day Excel can show', style: 'label' });

  // Per day of the month: the fleet's energy (MWh) and its hashrate (PH/s), in the core's order of operations.
  const energyRow = r++;
  helper.push({ row: energyRow, col: 0, value: 'Energy per day (site_mw x uptime x 24)', style: 'label' });
  helper.push({ row: energyRow, col: 1, formula: `${at.site_mw}*${at.uptime}*24`, result: known ? known.inputs.site_mw * known.inputs.uptime * 24 : undefined, style: 'output', format: unitFormat('MWh') });
  helper.push({ row: energyRow, col: 2, value: 'MWh per day', style: 'label' });
  const hashRow = r++;
  helper.push({ row: hashRow, col: 0, value: 'Site hashrate (site_mw x 1000 / efficiency x uptime)', style: 'label' });
  helper.push({ row: hashRow, col: 1, formula: `${at.site_mw}*1000/${at.efficiency}*${at.uptime}`, result: known ? ((known.inputs.site_mw * 1000) / known.inputs.efficiency) * known.inputs.uptime : undefined, style: 'output', format: unitFormat('PH/s') });
  helper.push({ row: hashRow, col: 2, value: 'PH/s', style: 'label' });
  const X = h(energyRow, 1);
  const SH = h(hashRow, 1);

  const statusRow = r++;
  const inputs = `${h(first, 1)}:${h(last, 1)}`;
  const statusCells = `${inputs},${h(unknownRow, 1)},${M},${h(horizonRow, 1)},${X},${SH}`;
  helper.push({ row: statusRow, col: 0, value: 'Status (0 = every input valid; else the error every cell of the table shows)', style: 'label' });
  helper.push({ row: statusRow, col: 1, formula: `IF(COUNT(${statusCells})=${NAMES.length + 5},0,SUM(${statusCells}))`, result: known ? 0 : undefined, style: 'output', format: '0' });
  const S = h(statusRow, 1);
  const rowsRow = r++;
  helper.push({ row: rowsRow, col: 0, value: 'Rows written below the header', style: 'label' });
  helper.push({ row: rowsRow, col: 1, value: call.rows, format: '0' });

  // The table: header texts, then data rows.
  const table: PlannedCell[] = PROJECTION_COLUMNS.map((name, i) => ({ row: call.row, col: call.col + i, value: name }));
  const colRef = (name: (typeof PROJECTION_COLUMNS)[number], row: number) => `${columnLetters(call.col + COL[name] + 1)}${row + 1}`;
  for (let i = 1; i <= call.rows; i++) {
    const row = call.row + i;
    const m0 = i - 1;
    const guard = (expr: string) => `IF(${S}+${i}>${M},"",${expr})`;
    const ref = (name: (typeof PROJECTION_COLUMNS)[number]) => colRef(name, row);
    const days = `(DATE(YEAR(${ref('date')}),MONTH(${ref('date')})+1,1)-${ref('date')})`;
    const value = `144*(${ref('subsidy')}+${at.fees})/(${ref('network_hashrate')}*1000)`;
    const height = ref('block_height');
    const cells: Record<(typeof PROJECTION_COLUMNS)[number], string> = {
      month: `${i}`,
      date: `DATE(YEAR(${start}),MONTH(${start})+${m0},1)`,
      block_height: `${REF_HEIGHT}+FLOOR((${ref('date')}-${literal(REF_DATE)})*1440/${BLOCK_MINUTES}+1E-9,1)`,
      subsidy: `IF(INT(${height}/210000)>=64,0,INT(5000000000/2^INT(${height}/210000))/100000000)`,
      network_hashrate: `${at.network_hashrate}*(1+${at.network_hashrate_growth})^(${m0}/12)`,
      btc_price: `${at.btc_price}*(1+${at.btc_price_growth})^(${m0}/12)`,
      hashprice: `${ref('btc_price')}*(${value})`,
      site_hashrate: SH,
      btc_mined: `${value}*${ref('site_hashrate')}*${days}*(1-${at.pool_fee})`,
      revenue: `${ref('btc_mined')}*${ref('btc_price')}`,
      power_cost: `${X}*${days}*1000*${at.power_price}`,
      gross_margin: `${ref('revenue')}-${ref('power_cost')}-${X}*${days}*${at.other_cost}`,
      cost_per_btc: `IF(${ref('btc_mined')}>0,(${ref('power_cost')}+${X}*${days}*${at.other_cost})/${ref('btc_mined')},${NATIVE_NUM_ERROR})`,
    };
    PROJECTION_COLUMNS.forEach((name, c) => table.push({ row, col: call.col + c, formula: guard(cells[name]) }));
  }

  // Qualified, so a total reads the table from any sheet.
  const tableSheet = quoteSheetName(call.sheet);
  const span = (name: (typeof PROJECTION_COLUMNS)[number]) => `${tableSheet}!${colRef(name, call.row + 1)}:${colRef(name, call.row + call.rows)}`;
  const totalDays = `(DATE(YEAR(${start}),MONTH(${start})+${M},1)-DATE(YEAR(${start}),MONTH(${start}),1))`;
  const totals: Record<keyof typeof PROJECTION_TOTALS, string> = {
    btc_mined: `SUM(${span('btc_mined')})`,
    revenue: `SUM(${span('revenue')})`,
    energy: `${X}*${totalDays}`,
    power_cost: `SUM(${span('power_cost')})`,
    other_cost: `${X}*${totalDays}*${at.other_cost}`,
    gross_margin: `SUM(${span('gross_margin')})`,
    negative_margin_months: `COUNTIF(${span('gross_margin')},"<0")`,
    months_before_halving: `COUNTIF(${span('subsidy')},${tableSheet}!${colRef('subsidy', call.row + 1)})`,
    power_cost_per_btc: `IF(SUM(${span('btc_mined')})>0,SUM(${span('power_cost')})/SUM(${span('btc_mined')}),${NATIVE_NUM_ERROR})`,
  };
  return {
    helper,
    helperRows: r - helperRow + 1,
    table,
    total(metric) {
      const text = stringLiteral(metric);
      if (text === undefined) return undefined;
      const key = text.trim().toLowerCase();
      if (!Object.prototype.hasOwnProperty.call(totals, key)) return NATIVE_VALUE_ERROR;
      // The status first: an invalid input is the total's error too (COUNTIF skips error cells).
      return `${S}+${totals[key as keyof typeof totals]}`;
    },
    note: `Native formula block of ${call.formula} (${call.rows} rows below the header): the assumptions it reads are checked on the sheet "${helperSheet}"; a horizon over ${call.rows} months needs a new export.`,
  };
}
