/**
 * Guarded values: what the `native` mode still writes as a value (a call without a native form or block:
 * the simulations, WATT.FINANCE and DEBTSCHEDULE, live network data, a formula over Excel's 8,192
 * characters) must not survive a change of what it depends on. At export the engine's dependency graph
 * is traced from the cell to the leaf cells it reads (inputs, empty cells of a range it reads, and other
 * guarded values), transitively through every formula in between; each leaf's value is recorded on a
 * hidden sheet ("Watt inputs") beside a flag formula that is 0 while the cell still holds that value,
 * and the guarded cell is written
 *
 *     =IF('Watt inputs'!$E$5, <value at export>, NA())
 *
 * with E5 = (SUM of its leaves' flags = 0). Edit any input it depends on, in Excel or LibreOffice, and
 * the cell is #N/A (its note says why and what to do) instead of an old number; so is every formula
 * that reads it. The comparison is by type: a number equal to the recorded number (a date is its
 * serial), text EXACT to the recorded text, a boolean equal, an empty cell still empty (no number, no
 * text: LEN 0), an error still an error.
 *
 * Shared by the writer (write.ts) and `watt recalc` (recalc.ts); the engine is only read.
 */
import type { HyperFormula, SimpleCellAddress, SimpleCellRange } from 'hyperformula';
import { DetailedCellError } from 'hyperformula';
import { cellRef, freeSheetName, quoteSheetName } from '../templates/plan';

import { absolute, allOf, flagFormula as flagOfKind, GUARD_SHEET, guardedValueFormula, MASKS, ValueKind } from './guard-formulas';

export { GUARD_NOTE, GUARD_SHEET, maskedFormula, textExpression } from './guard-formulas';

/** A formula cell (or the spilled table it anchors) written as values. */
export interface GuardTarget {
  sheet: string;
  row: number;
  col: number;
  rows: number;
  columns: number;
  formula: string;
}

/** One row of the record sheet. */
export interface GuardRow {
  /** The leaf's sheet and cell ("" for a target with no input). */
  sheet: string;
  ref: string;
  value: unknown;
  /** The flag formula (no "="): 0 while the leaf holds its recorded value, 1 (or an error) otherwise. */
  flag?: string;
  /** On the first row of a target: the "all unchanged" formula, the formula guarded and where. */
  ok?: string;
  formula?: string;
  target?: string;
}

export interface GuardPlan {
  sheet: string;
  rows: GuardRow[];
  /** The condition a target's cells are written under ("'Watt inputs'!$E$5"), by "sheet!A1" of its anchor (lower-case sheet). */
  okRef: Map<string, string>;
  /** Leaves recorded, over all targets (a leaf read by two targets counts twice). */
  leaves: number;
  /**
   * Formula cells that read a guarded value through a function that turns its error into something
   * else (IFERROR, ISNUMBER, COUNT, ...): by "sheet!A1", the condition to write them under, so they
   * are #N/A too rather than a fallback number or text.
   */
  masked: Map<string, string>;
}

/** Every cell that reads one of `cells`, transitively (through ranges and names), as "sheet:row:col". */
export function dependentsOf(hf: HyperFormula, cells: readonly SimpleCellAddress[]): Set<string> {
  const found = new Set<string>();
  const visited = new Set<string>();
  const queue: (SimpleCellAddress | SimpleCellRange)[] = [...cells];
  while (queue.length > 0) {
    const a = queue.pop()!;
    const id = 'start' in a ? JSON.stringify(a) : `${a.sheet}:${a.row}:${a.col}`;
    if (visited.has(id)) continue;
    visited.add(id);
    if (!('start' in a) && a.sheet >= 0 && !cells.includes(a)) found.add(id);
    queue.push(...(hf.getCellDependents(a) as (SimpleCellAddress | SimpleCellRange)[]));
  }
  return found;
}

const keyOf = (sheet: string, row: number, col: number) => `${sheet.toLowerCase()}!${cellRef(row, col)}`;

/** The identifiers of a formula outside string literals that are not function names. */
function identifiers(formula: string): string[] {
  const out: string[] = [];
  formula.split(/("(?:[^"]|"")*")/).forEach((part, i) => {
    if (i % 2 === 1) return;
    // Quoted sheet names are skipped with the rest of a reference.
    const bare = part.replace(/'(?:[^']|'')+'!/g, ' ');
    for (const m of bare.matchAll(/(?<![A-Za-z0-9_.$!])([A-Za-z_\\][A-Za-z0-9_.]*)(?![A-Za-z0-9_.(!])/g)) out.push(m[1]);
  });
  return out;
}

/**
 * Plans the guards of `targets`: traces each one's precedents to its leaves and lays out the record
 * sheet. `sheets`: the sheets written (a leaf elsewhere is not in the file); `taken`: sheet names in use.
 */
export function planGuards(hf: HyperFormula, sheets: readonly string[], targets: readonly GuardTarget[], taken: Iterable<string>): GuardPlan {
  const name = freeSheetName(GUARD_SHEET, [...hf.getSheetNames(), ...sheets, ...taken]);
  const exported = new Set(sheets.map((s) => hf.getSheetId(s)).filter((id): id is number => id !== undefined));
  // Every target cell (anchor and spill) → its target: another target reading it reads a recorded value.
  const targetOf = new Map<string, GuardTarget>();
  for (const t of targets) for (let r = 0; r < t.rows; r++) for (let c = 0; c < t.columns; c++) targetOf.set(keyOf(t.sheet, t.row + r, t.col + c), t);
  // The anchor of every spilled cell of the exported sheets (a formula reading a cell of a live table depends on the table's formula).
  const anchorOf = new Map<string, SimpleCellAddress>();
  for (const sheet of exported) {
    hf.getSheetFormulas(sheet).forEach((row, r) => row.forEach((f, c) => {
      if (typeof f !== 'string') return;
      const at = { sheet, row: r, col: c };
      if (!hf.isCellPartOfArray(at)) return;
      for (let dr = 0; ; dr++) {
        const down = { sheet, row: r + dr, col: c };
        if (dr > 0 && (!hf.isCellPartOfArray(down) || hf.doesCellHaveFormula(down))) break;
        for (let dc = 0; ; dc++) {
          const a = { sheet, row: r + dr, col: c + dc };
          if ((dr > 0 || dc > 0) && (!hf.isCellPartOfArray(a) || hf.doesCellHaveFormula(a))) break;
          anchorOf.set(`${sheet}:${a.row}:${a.col}`, at);
        }
      }
    }));
  }
  const sheetName = (id: number) => hf.getSheetName(id)!;

  /** The cells a formula cell reads directly: the engine's precedents, and the names in its text. */
  const known = new Map<string, SimpleCellAddress[]>();
  function precedents(at: SimpleCellAddress): SimpleCellAddress[] {
    const id = `${at.sheet}:${at.row}:${at.col}`;
    if (!known.has(id)) known.set(id, directPrecedents(at));
    return known.get(id)!;
  }
  function directPrecedents(at: SimpleCellAddress): SimpleCellAddress[] {
    const cells: SimpleCellAddress[] = [];
    const addRange = (range: SimpleCellRange) => {
      const { height, width } = hf.getSheetDimensions(range.start.sheet);
      const bottom = Math.min(range.end.row, Math.max(range.start.row, height - 1));
      const right = Math.min(range.end.col, Math.max(range.start.col, width - 1));
      for (let r = range.start.row; r <= bottom; r++) for (let c = range.start.col; c <= right; c++) cells.push({ sheet: range.start.sheet, row: r, col: c });
    };
    for (const p of hf.getCellPrecedents(at) as (SimpleCellAddress | SimpleCellRange)[]) {
      if ('start' in p) {
        if (p.start.sheet >= 0) addRange(p);
      } else if (p.sheet >= 0) cells.push(p);
    }
    const formula = hf.getCellFormula(at);
    if (formula) {
      for (const id of new Set(identifiers(formula.replace(/^=/, '')))) {
        const text = hf.getNamedExpressionFormula(id, at.sheet) ?? hf.getNamedExpressionFormula(id);
        if (!text) continue;
        const ref = text.replace(/^=/, '');
        const range = hf.simpleCellRangeFromString(ref, at.sheet);
        if (range) addRange(range);
        else {
          const cell = hf.simpleCellAddressFromString(ref, at.sheet);
          if (cell) cells.push(cell);
        }
      }
    }
    return cells;
  }

  const rows: GuardRow[] = [];
  const okRef = new Map<string, string>();
  let leaves = 0;
  for (const t of targets) {
    const root = { sheet: hf.getSheetId(t.sheet)!, row: t.row, col: t.col };
    const seen = new Set<string>();
    const found: SimpleCellAddress[] = [];
    const queue: SimpleCellAddress[] = [root];
    while (queue.length > 0) {
      const at = queue.pop()!;
      const id = `${at.sheet}:${at.row}:${at.col}`;
      if (seen.has(id)) continue;
      seen.add(id);
      if (!exported.has(at.sheet)) continue;
      const isRoot = at === root;
      if (!isRoot && targetOf.has(keyOf(sheetName(at.sheet), at.row, at.col))) {
        if (targetOf.get(keyOf(sheetName(at.sheet), at.row, at.col)) !== t) found.push(at);
        continue;
      }
      if (hf.doesCellHaveFormula(at)) {
        queue.push(...precedents(at));
        continue;
      }
      const anchor = anchorOf.get(id);
      if (anchor) {
        queue.push(anchor);
        continue;
      }
      found.push(at); // a constant or an empty cell: an input
    }
    found.sort((a, b) => a.sheet - b.sheet || a.row - b.row || a.col - b.col);
    const first = rows.length + 2; // row 1 is the header; spreadsheet rows are 1-based
    const last = first + Math.max(found.length, 1) - 1;
    const target = `${quoteSheetName(t.sheet)}!${cellRef(t.row, t.col)}${t.rows * t.columns > 1 ? `:${cellRef(t.row + t.rows - 1, t.col + t.columns - 1)}` : ''}`;
    const head = { ok: found.length === 0 ? 'TRUE' : `SUM(D${first}:D${last})=0`, formula: t.formula, target };
    if (found.length === 0) rows.push({ sheet: '', ref: '', value: null, ...head });
    found.forEach((leaf, i) => {
      const row = first + i;
      const value = hf.getCellValue(leaf);
      const x = `${quoteSheetName(sheetName(leaf.sheet))}!${absolute(cellRef(leaf.row, leaf.col))}`;
      rows.push({ sheet: sheetName(leaf.sheet), ref: cellRef(leaf.row, leaf.col), value, flag: flagFormula(x, value, `C${row}`, targetOf.has(keyOf(sheetName(leaf.sheet), leaf.row, leaf.col))), ...(i === 0 ? head : {}) });
    });
    leaves += found.length;
    okRef.set(keyOf(t.sheet, t.row, t.col), `${quoteSheetName(name)}!$E$${first}`);
  }
  // The formulas that would turn a guarded #N/A into a number or text: guarded by the same conditions.
  const conditions = new Map<string, Set<string>>();
  for (const t of targets) {
    const sheet = hf.getSheetId(t.sheet)!;
    const cells: SimpleCellAddress[] = [];
    for (let r = 0; r < t.rows; r++) for (let c = 0; c < t.columns; c++) cells.push({ sheet, row: t.row + r, col: t.col + c });
    for (const id of dependentsOf(hf, cells)) {
      const [s, r, c] = id.split(':').map(Number);
      const key = keyOf(sheetName(s), r, c);
      if (!exported.has(s) || targetOf.has(key)) continue;
      const formula = hf.getCellFormula({ sheet: s, row: r, col: c });
      if (!formula || !MASKS.test(formula.replace(/"(?:[^"]|"")*"/g, '""'))) continue;
      if (!conditions.has(key)) conditions.set(key, new Set());
      conditions.get(key)!.add(okRef.get(keyOf(t.sheet, t.row, t.col))!);
    }
  }
  const masked = new Map([...conditions].map(([key, oks]) => [key, allOf(oks)]));
  return { sheet: name, rows, okRef, leaves, masked };
}


/** The kind of an engine value, for its comparison. */
export function kindOf(value: unknown): ValueKind {
  if (value instanceof DetailedCellError) return 'error';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return typeof value === 'string' && value !== '' ? 'text' : 'empty';
}

/** 0 while the cell x holds the engine value recorded in `recorded`, else 1 or an error. */
export function flagFormula(x: string, value: unknown, recorded: string, computed = false): string {
  return flagOfKind(x, kindOf(value), recorded, computed);
}

/** A guarded cell's formula for an engine value (guard-formulas.ts), or undefined for an error or a label. */
export function guardedFormula(ok: string, value: unknown, label: boolean): string | undefined {
  return guardedValueFormula(ok, kindOf(value), value, label);
}
