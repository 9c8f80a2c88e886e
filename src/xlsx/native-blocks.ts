/**
 * Finds the tables the `native` mode writes as formula blocks (today WATT.PROJECTION: a month is closed
 * form; see projection-native.ts) in a workbook state, resolves what they read to absolute references,
 * and answers the native form of a WATT.PROJECTIONTOTAL over the same table. Shared by the writer
 * (write.ts) and `watt recalc` (recalc.ts); the engine only reads here, it is never changed.
 *
 * A table is written as a block when its formula is exactly `=WATT.PROJECTION(assumptions, months)`
 * with assumptions a two-column range (a reference or a defined name of one) and months a number or a
 * cell (reference or name), and it spilled (its inputs were valid at export). Otherwise it stays values
 * with a note (modes.ts), as before.
 */
import type { HyperFormula } from 'hyperformula';
import { readAssumptions } from '../core/assumptions';
import { isError } from '../core/errors';
import { monthStarts, PROJECTION_CATALOG } from '../core/projection';
import { cellRef, columnLetters, freeSheetName, parseBlock, quoteSheetName } from '../templates/plan';
import { findWattCalls } from './formula';
import { HELPER_SHEET, HelperResults, MAX_BLOCK_ROWS, projectionBlock, ProjectionBlock, ProjectionCall } from './projection-native';

const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)(E[+-]?\d+)?\s*$/i;
const REF = /^(?:(?:'((?:[^']|'')+)'|([A-Za-z_][A-Za-z0-9_.]*))!)?(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)$/;
const NAME = /^[A-Za-z_\\][A-Za-z0-9_.]*$/;

/** A reference resolved: its sheet and 0-based block. */
interface Resolved {
  sheet: string;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** An argument text (on `sheet`) → the block it refers to, following defined names; undefined for anything else. */
export function resolveReference(hf: HyperFormula, sheet: string, text: string, depth = 0): Resolved | undefined {
  const t = text.trim();
  const m = REF.exec(t);
  if (m) {
    const block = parseBlock(m[3].replace(/\$/g, '').toUpperCase());
    const target = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2] ?? sheet;
    if (!block || hf.getSheetId(target) === undefined) return undefined;
    return { sheet: hf.getSheetNames().find((n) => n.toLowerCase() === target.toLowerCase())!, ...block };
  }
  if (NAME.test(t) && depth < 4) {
    const id = hf.getSheetId(sheet);
    const formula = (id !== undefined ? hf.getNamedExpressionFormula(t, id) : undefined) ?? hf.getNamedExpressionFormula(t);
    if (formula === undefined) return undefined;
    return resolveReference(hf, sheet, formula.replace(/^=/, ''), depth + 1);
  }
  return undefined;
}

const absolute = (r: Resolved, col: number, rows: [number, number]) =>
  `${quoteSheetName(r.sheet)}!$${columnLetters(col + 1)}$${rows[0] + 1}${rows[1] !== rows[0] ? `:$${columnLetters(col + 1)}$${rows[1] + 1}` : ''}`;

/** A planned table: its call and block. */
export interface PlannedTable {
  call: ProjectionCall;
  block: ProjectionBlock;
  /** Data rows the engine's spill holds (the rest of the block's rows are blank at export). */
  spillRows: number;
}

export interface NativePlan {
  /** By "Sheet!A33" (the anchor). */
  tables: Map<string, PlannedTable>;
  /** The helper sheet's name (undefined when there is no table). */
  helperSheet?: string;
  /** The native expression of a WATT call in a cell of `sheet`, when it reads a planned table (PROJECTIONTOTAL). */
  custom(sheet: string): (id: string, args: string[]) => string | undefined;
}

const key = (sheet: string, row: number, col: number) => `${sheet.toLowerCase()}!${cellRef(row, col)}`;

/** The cached values of a valid table's helper block, from the engine's values of its assumptions. */
function helperResults(hf: HyperFormula, range: Resolved, months: number): HelperResults | undefined {
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

/** Plans the native blocks of every WATT.PROJECTION table on the exported sheets. */
export function planNativeTables(hf: HyperFormula, sheets: readonly string[], spillSize: (at: { sheet: number; row: number; col: number }) => { rows: number; columns: number }): NativePlan {
  const tables = new Map<string, PlannedTable>();
  const byArgs = new Map<string, PlannedTable>();
  const helperSheet = freeSheetName(HELPER_SHEET, [...hf.getSheetNames(), ...sheets]);
  let helperRow = 0;
  for (const name of sheets) {
    const sheet = hf.getSheetId(name);
    if (sheet === undefined) continue;
    hf.getSheetFormulas(sheet).forEach((row, r) => row.forEach((formula, c) => {
      if (typeof formula !== 'string') return;
      const calls = findWattCalls(formula.replace(/^=/, ''));
      if (calls.length !== 1 || calls[0].id !== 'PROJECTION' || formula.replace(/^=/, '').trim() !== formula.replace(/^=/, '').slice(calls[0].start, calls[0].end).trim()) return;
      const [rangeText, monthsText] = calls[0].args;
      if (rangeText === undefined || monthsText === undefined || calls[0].args.length !== 2) return;
      const at = { sheet, row: r, col: c };
      const size = hf.isCellPartOfArray(at) ? spillSize(at) : { rows: 1, columns: 1 };
      if (size.rows < 2) return; // an error at export: written as a value with its note
      const range = resolveReference(hf, name, rangeText);
      if (!range || range.right - range.left !== 1) return;
      let months: string;
      let monthsValue: unknown;
      if (NUMBER.test(monthsText)) {
        months = monthsText.trim();
        monthsValue = Number(monthsText);
      } else {
        const m = resolveReference(hf, name, monthsText);
        if (!m || m.top !== m.bottom || m.left !== m.right) return;
        months = absolute(m, m.left, [m.top, m.top]);
        monthsValue = hf.getCellValue({ sheet: hf.getSheetId(m.sheet)!, row: m.top, col: m.left });
      }
      if (typeof monthsValue !== 'number') return;
      // Rows: the spill's, then down while the table's columns are empty, up to the longest projection.
      let rows = size.rows - 1;
      const empty = (row: number) => {
        for (let k = 0; k < size.columns; k++) {
          const a = { sheet, row, col: c + k };
          if (hf.doesCellHaveFormula(a) || hf.isCellPartOfArray(a)) return false;
          const v = hf.getCellValue(a);
          if (v !== null && v !== '') return false;
        }
        return true;
      };
      // (A horizon typed into the formula cannot change without the formula: the spill's rows then.)
      while (!NUMBER.test(monthsText) && rows < MAX_BLOCK_ROWS && empty(r + rows + 1)) rows++;
      const known = helperResults(hf, range, monthsValue);
      if (!known) return;
      const call: ProjectionCall = {
        sheet: name,
        row: r,
        col: c,
        names: absolute(range, range.left, [range.top, range.bottom]),
        values: absolute(range, range.left + 1, [range.top, range.bottom]),
        months,
        rows,
        formula,
      };
      const block = projectionBlock(call, helperSheet, helperRow, known);
      helperRow += block.helperRows;
      const planned = { call, block, spillRows: size.rows - 1 };
      tables.set(key(name, r, c), planned);
      byArgs.set(`${call.names}|${months}`, planned);
    }));
  }
  return {
    tables,
    helperSheet: tables.size > 0 ? helperSheet : undefined,
    custom: (sheet) => (id, args) => {
      if (id !== 'PROJECTIONTOTAL' || args.length !== 3) return undefined;
      const range = resolveReference(hf, sheet, args[0]);
      if (!range) return undefined;
      let months: string | undefined;
      if (NUMBER.test(args[1])) months = args[1].trim();
      else {
        const m = resolveReference(hf, sheet, args[1]);
        if (m && m.top === m.bottom && m.left === m.right) months = absolute(m, m.left, [m.top, m.top]);
      }
      const planned = months === undefined ? undefined : byArgs.get(`${absolute(range, range.left, [range.top, range.bottom])}|${months}`);
      return planned?.block.total(args[2]);
    },
  };
}
