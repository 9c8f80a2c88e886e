/**
 * Finds the tables the `native` mode writes as formula blocks in a workbook state: WATT.PROJECTION (a
 * month is closed form; projection-native.ts) and WATT.PATHS (its monthly flows on the helper sheet;
 * paths-native.ts). It resolves what they read to absolute references, and answers the native form of a
 * WATT.PROJECTIONTOTAL over a planned table and of WATT.MININGVALUE (one SUMPRODUCT over a month index it
 * adds to the helper sheet). Shared by the writer (write.ts) and `watt recalc` (recalc.ts); the engine
 * only reads here, it is never changed.
 *
 * A table is written as a block when its formula is exactly `=WATT.PROJECTION(assumptions, months)` or
 * `=WATT.PATHS(assumptions[, years])` or `=WATT.HYBRID` / `=WATT.HYBRIDTABLE(assumptions, phases[, years])` (hybrid-native.ts;
 * phases a range of 3 to 7 columns; the two share one helper block on the same arguments), with assumptions a two-column range (a reference or a defined name
 * of one) and months/years a number or a cell (reference or name), and it spilled (its inputs were valid
 * at export). Otherwise it stays values with a note (modes.ts), as before.
 */
import type { HyperFormula } from 'hyperformula';
import { readAssumptions } from '../core/assumptions';
import { isError } from '../core/errors';
import { PATHS_CATALOG, readPathInputs } from '../core/paths';
import { monthStarts, PROJECTION_CATALOG } from '../core/projection';
import { cellRef, freeSheetName } from '../templates/plan';
import {
  ArgumentContext, HELPER_SHEET, HelperResults, MAX_BLOCK_ROWS, PlannedCell, projectionArgs, projectionBlock, ProjectionBlock, ProjectionCall,
  ResolvedBlock, resolveProjectionArgs, resolveReference, totalOverBlock,
} from './projection-native';
import { miningValueNative, monthIndexBlock, pathsArgs, pathsBlock, PathsKnown } from './paths-native';
import { hybridArgs, hybridHelper, HybridHelper, HYBRID_MAX_PHASE_ROWS, HYBRID_TABLE_MAX_ROWS } from './hybrid-native';
import { HYBRID_CATALOG, HYBRID_YES_NO, PHASE_COLUMNS } from '../core/hybrid';
import { resolveSculptArgs, sculptArgs, sculptBlock, SculptKnown } from './sculpt-native';
import { debtSize, sculpt as sculptCore } from '../core/debt';
import { checkNumber, NumberSpec, P } from '../core/params';
import { typedNumber } from '../functions/_lib/native';

/** How arguments on a sheet of the engine resolve: its names (the sheet's, then the workbook's) and sheets. */
export function engineContext(hf: HyperFormula, sheet: string): ArgumentContext {
  const id = hf.getSheetId(sheet);
  return {
    sheet,
    nameFormula: (name) => (id !== undefined ? hf.getNamedExpressionFormula(name, id) : undefined) ?? hf.getNamedExpressionFormula(name),
    sheetName: (name) => hf.getSheetNames().find((n) => n.toLowerCase() === name.toLowerCase()),
  };
}

/** A planned table: its call and block. */
export interface PlannedTable {
  /** Where the table is (its anchor: the header's first cell) and its formula. */
  call: Pick<ProjectionCall, 'sheet' | 'row' | 'col' | 'formula' | 'rows'>;
  block: ProjectionBlock;
  /** Data rows the engine's spill holds (the rest of the block's rows are blank at export). */
  spillRows: number;
}

export interface NativePlan {
  /** By "Sheet!A33" (the anchor). */
  tables: Map<string, PlannedTable>;
  /** The helper sheet's name (undefined when there is no table and no month index). */
  helperSheet?: string;
  /**
   * WATT.MININGVALUE's month index on the helper sheet (its title, then months 0..599), which every
   * call's native form reads; undefined when no exported sheet calls WATT.MININGVALUE.
   */
  monthIndex?: PlannedCell[];
  /** The native expression of a WATT call in a cell of `sheet`, when it reads a planned table (PROJECTIONTOTAL). */
  custom(sheet: string): (id: string, args: string[]) => string | undefined;
}

const key = (sheet: string, row: number, col: number) => `${sheet.toLowerCase()}!${cellRef(row, col)}`;

/** The cached values of a valid table's helper block, from the engine's values of its assumptions. */
function helperResults(hf: HyperFormula, range: ResolvedBlock, months: number): HelperResults | undefined {
  const sheet = hf.getSheetId(range.sheet)!;
  const values = hf.getRangeValues({ start: { sheet, row: range.top, col: range.left }, end: { sheet, row: range.bottom, col: range.right } }) as unknown[][];
  const inputs = readAssumptions(values, PROJECTION_CATALOG);
  if (isError(inputs)) return undefined;
  const counts: HelperResults['counts'] = {};
  for (const name of Object.keys(PROJECTION_CATALOG)) {
    const rows = values.filter(([n]) => typeof n === 'string' && n.trim().toLowerCase() === name);
    counts[name] = [rows.length, rows.filter(([, v]) => v !== null && v !== '').length, rows.filter(([, v]) => typeof v === 'number').length];
  }
  return { inputs, counts, months, horizonEnd: monthStarts(inputs.start_date, months)[months] - 1 };
}

/** The cached values of a valid WATT.PATHS (or WATT.HYBRID: `hybrid`) table's checks, from the engine's values of its assumptions. */
function pathsKnown(hf: HyperFormula, range: ResolvedBlock, hybrid = false): PathsKnown | undefined {
  const sheet = hf.getSheetId(range.sheet)!;
  const values = hf.getRangeValues({ start: { sheet, row: range.top, col: range.left }, end: { sheet, row: range.bottom, col: range.right } }) as unknown[][];
  const inputs = hybrid ? readPathInputs(values, HYBRID_CATALOG, HYBRID_YES_NO) : readPathInputs(values);
  if (isError(inputs)) return undefined;
  const counts: PathsKnown['counts'] = {};
  for (const name of Object.keys(hybrid ? HYBRID_CATALOG : PATHS_CATALOG)) {
    const rows = values.filter(([n]) => typeof n === 'string' && n.trim().toLowerCase() === name);
    counts[name] = [rows.length, rows.filter(([, v]) => v !== null && v !== '').length, rows.filter(([, v]) => typeof v === 'number').length];
  }
  return { inputs: inputs as unknown as Record<string, number>, counts };
}

/** The engine's values of a valid WATT.SCULPT call's arguments and what the block's helper computes from them. */
function sculptKnown(hf: HyperFormula, call: ReturnType<typeof resolveSculptArgs> & object): SculptKnown | undefined {
  const specs = [P.debt_rate, P.target_dscr, P.sculpt_debt, P.periods_per_year, P.tenor] as NumberSpec[];
  const values: number[] = [];
  for (let i = 0; i < specs.length; i++) {
    const cell = call.argCells[i];
    const raw = cell ? hf.getCellValue({ sheet: hf.getSheetId(cell.sheet)!, row: cell.top, col: cell.left }) : call.args[i] === '' ? null : typedNumber(call.args[i]);
    const checked = checkNumber(specs[i], raw);
    if (typeof checked !== 'number') return undefined;
    values.push(checked);
  }
  const { cfads } = call;
  const id = hf.getSheetId(cfads.sheet)!;
  const range = hf.getRangeValues({ start: { sheet: id, row: cfads.top, col: cfads.left }, end: { sheet: id, row: cfads.bottom, col: cfads.right } }) as unknown[][];
  const [rate, dscr, debt, ppy, tenor] = values;
  const capacity = debtSize(range, rate, dscr, ppy, tenor);
  const rows = sculptCore(range, rate, dscr, debt, ppy, tenor);
  if (typeof capacity !== 'number' || !Array.isArray(rows) || rows.length === 0) return undefined;
  const opening = rows[0].opening;
  return { values, n: call.cells.length, T: rows.length, r: rate / ppy, capacity, opening, scale: capacity === 0 ? 0 : opening / capacity };
}

/** Whether the `columns` cells of a row from column `col` are empty (no value, no formula, no spill): a block can grow into it. */
function emptyRow(hf: HyperFormula, sheet: number, row: number, col: number, columns: number): boolean {
  for (let k = 0; k < columns; k++) {
    const a = { sheet, row, col: col + k };
    if (hf.doesCellHaveFormula(a) || hf.isCellPartOfArray(a)) return false;
    const v = hf.getCellValue(a);
    if (v !== null && v !== '') return false;
  }
  return true;
}

/** Plans the native blocks of every WATT.PROJECTION, WATT.PATHS and WATT.SCULPT table on the exported sheets. */
export function planNativeTables(
  hf: HyperFormula,
  sheets: readonly string[],
  spillSize: (at: { sheet: number; row: number; col: number }) => { rows: number; columns: number },
  /** Tables left as they are (recalc: one that depends on a cell the engine could not take or evaluate). */
  skip?: (at: { sheet: number; row: number; col: number }) => boolean,
): NativePlan {
  const tables = new Map<string, PlannedTable>();
  const byArgs = new Map<string, ProjectionBlock>();
  const hybridHelpers = new Map<string, HybridHelper>();
  const helperSheet = freeSheetName(HELPER_SHEET, [...hf.getSheetNames(), ...sheets]);
  let helperRow = 0;
  for (const name of sheets) {
    const sheet = hf.getSheetId(name);
    if (sheet === undefined) continue;
    const context = engineContext(hf, name);
    hf.getSheetFormulas(sheet).forEach((row, r) => row.forEach((formula, c) => {
      if (typeof formula !== 'string' || skip?.({ sheet, row: r, col: c })) return;
      const hybrid = hybridArgs(formula);
      if (hybrid) {
        const at = { sheet, row: r, col: c };
        const size = hf.isCellPartOfArray(at) ? spillSize(at) : { rows: 1, columns: 1 };
        if (size.rows < 2) return; // an error at export: written as a value with its note
        const resolved = resolveProjectionArgs(hybrid.assumptions, hybrid.years, context);
        const phases = resolveReference(hybrid.phases, context);
        if (!resolved || !phases) return;
        const width = phases.right - phases.left + 1;
        if (width < 3 || width > PHASE_COLUMNS.length) return;
        // Six columns of month rows per phase row: a longer phases range stays guarded values (a bounded block).
        if (phases.bottom - phases.top + 1 > HYBRID_MAX_PHASE_ROWS) return;
        const known = pathsKnown(hf, resolved.range, true);
        if (!known) return;
        // One helper block per assumptions, phases and horizon: WATT.HYBRID and WATT.HYBRIDTABLE on the same
        // arguments (the hybrid-site template has both) read the same one.
        const argsKey = `${resolved.key}|${phases.sheet.toLowerCase()}!${phases.top},${phases.left}:${phases.bottom},${phases.right}`;
        let site = hybridHelpers.get(argsKey);
        const first = !site;
        if (!site) {
          site = hybridHelper({ sheet: name, row: r, col: c, names: resolved.names, values: resolved.values, phases, years: resolved.months, formula }, helperSheet, helperRow, known);
          hybridHelpers.set(argsKey, site);
          helperRow += site.helperRows;
        }
        // Rows of a month table: the spill's (months and the total); with the horizon in a cell, down while
        // the table's columns are empty, up to 50 years and the total.
        let rows = size.rows - 1;
        const empty = (row: number) => emptyRow(hf, sheet, row, c, size.columns);
        if (hybrid.id === 'HYBRIDTABLE') while (resolved.monthsCell && rows < HYBRID_TABLE_MAX_ROWS && empty(r + rows + 1)) rows++;
        const call = { sheet: name, row: r, col: c, names: resolved.names, values: resolved.values, months: resolved.months, rows, formula };
        const block: ProjectionBlock = {
          helper: first ? site.helper : [],
          helperRows: first ? site.helperRows : 0,
          table: site.tableFor(hybrid.id, { row: r, col: c, rows }),
          total: () => undefined,
          note: site.note.replace(/^Native formula block of [^:]*:/, `Native formula block of ${formula}:`),
        };
        tables.set(key(name, r, c), { call, block, spillRows: size.rows - 1 });
        return;
      }
      const paths = pathsArgs(formula);
      if (paths) {
        const at = { sheet, row: r, col: c };
        const size = hf.isCellPartOfArray(at) ? spillSize(at) : { rows: 1, columns: 1 };
        if (size.rows < 2) return; // an error at export: written as a value with its note
        const resolved = resolveProjectionArgs(paths[0], paths[1], context);
        if (!resolved) return;
        const known = pathsKnown(hf, resolved.range);
        if (!known) return;
        const call: ProjectionCall = { sheet: name, row: r, col: c, names: resolved.names, values: resolved.values, months: resolved.months, rows: size.rows - 1, formula };
        const block = pathsBlock(call, helperSheet, helperRow, known);
        helperRow += block.helperRows;
        tables.set(key(name, r, c), { call, block, spillRows: size.rows - 1 });
        return;
      }
      const sculpt = sculptArgs(formula);
      if (sculpt) {
        const at = { sheet, row: r, col: c };
        const size = hf.isCellPartOfArray(at) ? spillSize(at) : { rows: 1, columns: 1 };
        if (size.rows < 2) return; // an error at export: written as a value with its note
        const resolved = resolveSculptArgs(sculpt, context);
        if (!resolved) return;
        const known = sculptKnown(hf, resolved);
        if (!known) return;
        // Rows: the spill's; with the tenor in a cell, down while the table's columns are empty, up to the row's length.
        let rows = size.rows - 1;
        const empty = (row: number) => emptyRow(hf, sheet, row, c, size.columns);
        while (resolved.tenorCell && rows < resolved.cells.length && empty(r + rows + 1)) rows++;
        const call = { sheet: name, row: r, col: c, ...resolved, rows, formula };
        const block = sculptBlock(call, helperSheet, helperRow, known);
        helperRow += block.helperRows;
        tables.set(key(name, r, c), { call, block, spillRows: size.rows - 1 });
        return;
      }
      const args = projectionArgs(formula);
      if (!args) return;
      const at = { sheet, row: r, col: c };
      const size = hf.isCellPartOfArray(at) ? spillSize(at) : { rows: 1, columns: 1 };
      if (size.rows < 2) return; // an error at export: written as a value with its note
      const resolved = resolveProjectionArgs(args[0], args[1], context);
      if (!resolved) return;
      const monthsValue = resolved.monthsCell
        ? hf.getCellValue({ sheet: hf.getSheetId(resolved.monthsCell.sheet)!, row: resolved.monthsCell.top, col: resolved.monthsCell.left })
        : Number(resolved.months);
      if (typeof monthsValue !== 'number') return;
      // Rows: the spill's, then down while the table's columns are empty, up to the longest projection.
      let rows = size.rows - 1;
      const empty = (row: number) => emptyRow(hf, sheet, row, c, size.columns);
      // (A horizon typed into the formula cannot change without the formula: the spill's rows then.)
      while (resolved.monthsCell && rows < MAX_BLOCK_ROWS && empty(r + rows + 1)) rows++;
      const known = helperResults(hf, resolved.range, monthsValue);
      if (!known) return;
      const call: ProjectionCall = { sheet: name, row: r, col: c, names: resolved.names, values: resolved.values, months: resolved.months, rows, formula };
      const block = projectionBlock(call, helperSheet, helperRow, known);
      helperRow += block.helperRows;
      tables.set(key(name, r, c), { call, block, spillRows: size.rows - 1 });
      byArgs.set(resolved.key, block);
    }));
  }
  // WATT.MININGVALUE anywhere on the exported sheets: one month index on the helper sheet that every
  // call's native form (one SUMPRODUCT, written in its own cell) reads.
  const usesMiningValue = sheets.some((name) => {
    const sheet = hf.getSheetId(name);
    return sheet !== undefined && hf.getSheetFormulas(sheet).some((row) => row.some((f) => typeof f === 'string' && /\bWATT\.MININGVALUE\s*\(/i.test(f)));
  });
  let miningValue: ReturnType<typeof miningValueNative> | undefined;
  let monthIndex: PlannedCell[] | undefined;
  if (usesMiningValue) {
    const index = monthIndexBlock(helperSheet, helperRow);
    helperRow += index.helperRows;
    miningValue = miningValueNative(index.range);
    monthIndex = index.helper;
  }
  return {
    tables,
    helperSheet: tables.size > 0 || monthIndex ? helperSheet : undefined,
    monthIndex,
    custom: (sheet) => (id, args) => (id === 'MININGVALUE' && miningValue ? miningValue.build(args) : totalOverBlock(id, args, engineContext(hf, sheet), byArgs)),
  };
}
