/**
 * "Share" in Excel: a portable copy of a workbook's Watt sheets, planned without Office.js (so it is
 * unit-tested in Node). The Excel adapter (src/hosts/excel/share-adapter.ts) reads the sheets, asks
 * `planShare` what to write, copies each sheet (Worksheet.copy keeps formats, fills, widths, frozen
 * panes, validation and the sheet's names, re-scoped to the copy) and writes the plan over the copy.
 * The originals are never written.
 *
 *   native   each formula calling WATT is rewritten in Excel's own functions by the translator the
 *            .xlsx writer uses (src/xlsx/native.ts, the native forms declared next to each function);
 *            a spilled WATT.PROJECTION becomes the native formula block the writer writes
 *            (src/xlsx/projection-native.ts; its checked inputs on a new sheet "Watt native"), and a
 *            WATT.PROJECTIONTOTAL over it sums the block; a spilled WATT.PATHS becomes its native block
 *            (src/xlsx/paths-native.ts: the monthly flows on "Watt native") and WATT.MININGVALUE its
 *            native form; a call without a native form (live data) leaves its value, with a note saying why.
 *   values   every formula becomes its value, with the formula in a note.
 *
 * In both modes a reference to another sheet that is copied too points at its copy, so the copies
 * form a model of their own. A value still being calculated (#BUSY!, #GETTING_DATA) is never frozen:
 * the plan is refused until Excel has the number.
 */
import { hasWattCall } from '../xlsx/formula';
import { toNativeFormula, type CustomForm } from '../xlsx/native';
import {
  HELPER_SHEET, MAX_BLOCK_ROWS, projectionArgs, projectionBlock, resolveProjectionArgs, totalOverBlock, type ArgumentContext, type PlannedCell, type ProjectionBlock,
} from '../xlsx/projection-native';
import { miningValueNative, monthIndexBlock, pathsArgs, pathsBlock } from '../xlsx/paths-native';
import { resolveSculptArgs, sculptArgs, sculptBlock } from '../xlsx/sculpt-native';
import { cellRef, columnLetters, freeSheetName, parseBlock, parseRef, quoteSheetName } from '../templates/plan';
import { GUARD_NOTE } from '../xlsx/guard-formulas';
import { guardedCell, maskedCell, planShareGuards, type ShareGuards, type ShareTarget } from './guards';

export type ShareMode = 'native' | 'values';
export const SHARE_MODES: readonly ShareMode[] = ['native', 'values'];

/** One sheet as read from Excel: its used range's formulas and values (Range.formulas, Range.values). */
export interface SourceSheet {
  name: string;
  /** The used range's top-left cell ("A1"); the grids start there. Absent or "" for an empty sheet. */
  origin?: string;
  /** Range.formulas: "=..." for a formula cell, the constant otherwise. */
  formulas: unknown[][];
  /** Range.values: a formula cell's current value (errors as "#VALUE!" and the like). */
  values: unknown[][];
  /** Spilled formulas: anchor cell ("B20") → the block it spills over ("B20:M80"), when Excel says. */
  spills?: Record<string, string>;
  /** The sheet's own (sheet-scoped) names, lower-case → what they refer to ("=Projection!$B$19"). */
  names?: Record<string, string>;
}

/** A write on a copy: formulas or values over a block (one cell or a spilled table). */
export type ShareWrite = { range: string; formulas: string[][] } | { range: string; values: unknown[][] };
export interface ShareNote {
  ref: string;
  text: string;
}

export interface SharedSheet {
  /** The original sheet (copied, never written). */
  source: string;
  /** The copy's name: free in the workbook, at most 31 characters. */
  name: string;
  writes: ShareWrite[];
  notes: ShareNote[];
}

export interface SharePlan {
  mode: ShareMode;
  sheets: SharedSheet[];
  /** Formula cells written in Excel's own functions (native mode). */
  nativeCells: number;
  /** Formula cells written as values (all of them in values mode; those without a native form in native mode). */
  valueCells: number;
  /** Native mode: WATT.PROJECTION tables written as native formula blocks (each counts once in nativeCells). */
  nativeBlocks: number;
  /** Native mode: a new sheet holding the checked inputs of those blocks (written after the copies). */
  helper?: { name: string; writes: ShareWrite[] };
  /**
   * Native mode: the values written are guarded (src/share/guards.ts): a very hidden sheet of the inputs
   * they read, recorded; each value cell is #N/A as soon as one changes. `cells`: guarded cells.
   */
  guards?: { name: string; writes: ShareWrite[]; cells: number; leaves: number };
}

/** Why nothing can be shared; the pane shows the message as is. */
export class ShareError extends Error {
  constructor(
    readonly code: 'nothing' | 'busy' | 'unsupported' | 'protected' | 'name-taken' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'ShareError';
  }
}

const MAX_SHEET_NAME = 31;
/** Values Excel shows while a custom function is still computing; freezing one would freeze no number. */
const PENDING = /^#(BUSY!|GETTING_DATA)$/i;

const isFormula = (v: unknown): v is string => typeof v === 'string' && v.startsWith('=');

/** The error values Excel accepts typed into a cell (written as values, they stay errors). */
const TYPED_ERRORS = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A']);

/**
 * A value as Range.values must receive it to store exactly that value. Excel parses text written
 * there as if typed ("1/2" a date, "00123" a number, "=x" a formula), so text gets Excel's quote
 * prefix ("'"), which keeps it text and is not part of the value. Numbers, booleans, empty cells and
 * typeable error values are written as they are.
 */
export function literalValue(value: unknown): unknown {
  if (typeof value !== 'string' || value === '' || TYPED_ERRORS.has(value)) return value ?? '';
  return `'${value}`;
}

/** True when one of the sheet's formulas calls a WATT function (any spelling). */
export function isWattSheet(sheet: Pick<SourceSheet, 'formulas'>): boolean {
  return sheet.formulas.some((row) => row.some((f) => isFormula(f) && hasWattCall(f)));
}

/**
 * The copy's name: "Keep mining (native)", then "Keep mining (native 2)", ...; the original's name is
 * shortened, never the mode, so the copy's tab always says what it is. Case-insensitive, as Excel.
 */
export function copyName(source: string, mode: ShareMode, taken: Iterable<string>): string {
  const used = new Set(Array.from(taken, (n) => n.toLowerCase()));
  for (let i = 1; ; i++) {
    const suffix = ` (${mode}${i === 1 ? '' : ` ${i}`})`;
    const base = source.slice(0, MAX_SHEET_NAME - suffix.length).trimEnd().replace(/'+$/, '');
    const candidate = `${base}${suffix}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** Splits formula text into string literals (odd indexes) and the rest, so rewrites skip the literals. */
function outsideStrings(formula: string, rewrite: (part: string) => string): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : rewrite(part)))
    .join('');
}

/**
 * Points references to copied sheets at their copies: `'Keep mining'!B4` and `Inputs!B4` become
 * `'Keep mining (native)'!B4`. Sheet names compare case-insensitively, as in Excel; text inside string
 * literals is left alone.
 */
export function retargetSheetRefs(formula: string, renamed: ReadonlyMap<string, string>): string {
  if (renamed.size === 0) return formula;
  const lower = new Map(Array.from(renamed, ([from, to]) => [from.toLowerCase(), to]));
  const target = (name: string) => lower.get(name.toLowerCase());
  return outsideStrings(formula, (part) =>
    part
      .replace(/'((?:[^']|'')+)'!/g, (m, quoted: string) => {
        const to = target(quoted.replace(/''/g, "'"));
        return to ? `${quoteSheetName(to)}!` : m;
      })
      .replace(/(?<![A-Za-z0-9_.'\]\\])([A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_.\u00C0-\uFFFF]*)!/g, (m, bare: string) => {
        const to = target(bare);
        return to ? `${quoteSheetName(to)}!` : m;
      }),
  );
}

function pendingError(sheet: string, ref: string, value: unknown): ShareError {
  return new ShareError('busy', `"${sheet}"!${ref} is still calculating (${String(value)}), so its value cannot be copied yet. Wait until every WATT cell shows a number, then share again; nothing was changed.`);
}

/** The values of a block of the sheet's grids, as Range.values would give them. */
function blockValues(sheet: SourceSheet, origin: { row: number; col: number }, block: string): unknown[][] | undefined {
  const b = parseBlock(block);
  if (!b) return undefined;
  const rows: unknown[][] = [];
  for (let r = b.top; r <= b.bottom; r++) {
    const row: unknown[] = [];
    for (let c = b.left; c <= b.right; c++) row.push(sheet.values[r - origin.row]?.[c - origin.col] ?? '');
    rows.push(row);
  }
  return rows;
}

/** Rows of the helper sheet written by one Office.js call (the PATHS block is ~2,300 rows of ~40 columns). */
const HELPER_CHUNK_ROWS = 200;

/**
 * Native mode: the WATT.PROJECTION, WATT.PATHS and WATT.SCULPT tables of the sheets as formula blocks, the native form
 * of a total over a projection, and of WATT.MININGVALUE (reading a month index on the helper sheet).
 */
function planBlocks(sheets: readonly SourceSheet[], renamed: ReadonlyMap<string, string>, used: Set<string>) {
  const blocks = new Map<string, { block: ProjectionBlock; range: string; grid: unknown[][] }>();
  const byArgs = new Map<string, ProjectionBlock>();
  const helperName = freeSheetName(HELPER_SHEET, used);
  // Arguments resolve through the sheet's own names, and a sheet that is copied is read in its copy.
  const context = (sheet: SourceSheet): ArgumentContext => ({
    sheet: sheet.name,
    nameFormula: (name) => sheet.names?.[name.toLowerCase()],
    sheetName: (name) => Array.from(renamed).find(([from]) => from.toLowerCase() === name.toLowerCase())?.[1] ?? name,
  });
  let helperRow = 0;
  for (const sheet of sheets) {
    const origin = (sheet.origin && parseRef(sheet.origin)) || { row: 0, col: 0 };
    const empty = (row: number, left: number, right: number) => {
      for (let c = left; c <= right; c++) {
        const f = sheet.formulas[row - origin.row]?.[c - origin.col];
        if (f !== undefined && f !== null && f !== '') return false;
      }
      return true;
    };
    for (const [ref, spill] of Object.entries(sheet.spills ?? {})) {
      const at = parseRef(ref);
      const formula = at && sheet.formulas[at.row - origin.row]?.[at.col - origin.col];
      if (!at || typeof formula !== 'string') continue;
      const paths = pathsArgs(formula);
      if (paths) {
        const b = parseBlock(spill);
        const resolved = resolveProjectionArgs(paths[0], paths[1], context(sheet));
        if (!b || b.bottom === b.top || !resolved) continue;
        const call = { sheet: renamed.get(sheet.name)!, row: at.row, col: at.col, names: resolved.names, values: resolved.values, months: resolved.months, rows: b.bottom - b.top, formula };
        const block = pathsBlock(call, helperName, helperRow);
        helperRow += block.helperRows;
        const bottom = Math.max(...block.table.map((c) => c.row));
        const right = Math.max(...block.table.map((c) => c.col));
        const grid: unknown[][] = Array.from({ length: bottom - at.row + 1 }, () => Array(right - at.col + 1).fill(''));
        for (const cell of block.table) grid[cell.row - at.row][cell.col - at.col] = cell.formula !== undefined ? `=${cell.formula}` : cell.value;
        blocks.set(`${sheet.name.toLowerCase()}!${ref}`, { block, range: `${ref}:${cellRef(bottom, right)}`, grid });
        continue;
      }
      const sculpt = sculptArgs(formula);
      if (sculpt) {
        const b = parseBlock(spill);
        const resolved = resolveSculptArgs(sculpt, context(sheet));
        if (!b || b.bottom === b.top || !resolved) continue;
        let rows = b.bottom - b.top;
        // Down through the empty rows (up to the CFADS row's length) when the tenor is read from a cell.
        while (resolved.tenorCell && rows < resolved.cells.length && empty(b.top + rows + 1, b.left, b.right)) rows++;
        const call = { sheet: renamed.get(sheet.name)!, row: at.row, col: at.col, ...resolved, rows, formula };
        const block = sculptBlock(call, helperName, helperRow);
        helperRow += block.helperRows;
        const grid: unknown[][] = Array.from({ length: rows + 1 }, () => Array(b.right - b.left + 1).fill(''));
        for (const cell of block.table) grid[cell.row - at.row][cell.col - at.col] = cell.formula !== undefined ? `=${cell.formula}` : cell.value;
        blocks.set(`${sheet.name.toLowerCase()}!${ref}`, { block, range: `${ref}:${cellRef(at.row + rows, b.right)}`, grid });
        continue;
      }
      const args = projectionArgs(formula);
      const b = parseBlock(spill);
      const resolved = args && resolveProjectionArgs(args[0], args[1], context(sheet));
      if (!b || b.bottom === b.top || !resolved) continue;
      let rows = b.bottom - b.top;
      // Down through the empty rows (up to 600), unless the horizon is a number in the formula itself.
      while (resolved.monthsCell && rows < MAX_BLOCK_ROWS && empty(b.top + rows + 1, b.left, b.right)) rows++;
      const call = { sheet: renamed.get(sheet.name)!, row: at.row, col: at.col, names: resolved.names, values: resolved.values, months: resolved.months, rows, formula };
      const block = projectionBlock(call, helperName, helperRow);
      helperRow += block.helperRows;
      const grid: unknown[][] = Array.from({ length: rows + 1 }, () => Array(b.right - b.left + 1).fill(''));
      for (const cell of block.table) grid[cell.row - at.row][cell.col - at.col] = cell.formula !== undefined ? `=${cell.formula}` : cell.value;
      blocks.set(`${sheet.name.toLowerCase()}!${ref}`, { block, range: `${ref}:${cellRef(at.row + rows, b.right)}`, grid });
      byArgs.set(resolved.key, block);
    }
  }
  const cells: PlannedCell[] = [...blocks.values()].flatMap((b) => b.block.helper);
  // WATT.MININGVALUE anywhere: one month index its native forms read.
  let miningValue: ReturnType<typeof miningValueNative> | undefined;
  if (sheets.some((sheet) => sheet.formulas.some((row) => row.some((f) => typeof f === 'string' && /\bWATT\.MININGVALUE\s*\(/i.test(f))))) {
    const index = monthIndexBlock(helperName, helperRow);
    cells.push(...index.helper);
    miningValue = miningValueNative(index.range);
  }
  const custom = (sheet: SourceSheet): CustomForm => (id, args) => (id === 'MININGVALUE' && miningValue ? miningValue.build(args) : totalOverBlock(id, args, context(sheet), byArgs));
  let helper: SharePlan['helper'];
  if (cells.length > 0) {
    const height = Math.max(...cells.map((c) => c.row)) + 1;
    const width = Math.max(8, ...cells.map((c) => c.col + 1));
    const grid: unknown[][] = Array.from({ length: height }, () => Array(width).fill(''));
    for (const c of cells) grid[c.row][c.col] = c.formula !== undefined ? `=${c.formula}` : c.value;
    const writes: ShareWrite[] = [];
    for (let top = 0; top < height; top += HELPER_CHUNK_ROWS) {
      const bottom = Math.min(height, top + HELPER_CHUNK_ROWS) - 1;
      writes.push({ range: `A${top + 1}:${columnLetters(width)}${bottom + 1}`, formulas: grid.slice(top, bottom + 1) as string[][] });
    }
    helper = { name: helperName, writes };
  }
  return { blocks, custom, helper };
}

/**
 * The copy plan for these sheets in this mode. `taken`: every sheet name of the workbook (the copies'
 * names avoid them). Throws ShareError('nothing') when no sheet has a formula to share, ('busy') when
 * a value to freeze is still being calculated.
 */
export function planShare(sheets: readonly SourceSheet[], mode: ShareMode, taken: Iterable<string>): SharePlan {
  const used = new Set(Array.from(taken));
  const renamed = new Map<string, string>();
  for (const s of sheets) {
    const name = copyName(s.name, mode, used);
    used.add(name);
    renamed.set(s.name, name);
  }
  let nativeCells = 0;
  let valueCells = 0;
  let formulaCells = 0;
  const planned: SharedSheet[] = [];
  const natives = mode === 'native' ? planBlocks(sheets, renamed, used) : undefined;
  // Native mode: the WATT formulas written as values, found first: their guards are planned over all sheets.
  const targets: ShareTarget[] = [];
  if (natives) {
    for (const sheet of sheets) {
      const origin = (sheet.origin && parseRef(sheet.origin)) || { row: 0, col: 0 };
      sheet.formulas.forEach((row, r) => row.forEach((formula, c) => {
        const ref = cellRef(origin.row + r, origin.col + c);
        if (!isFormula(formula) || !hasWattCall(formula) || natives.blocks.has(`${sheet.name.toLowerCase()}!${ref}`)) return;
        if ('reason' in toNativeFormula(formula, natives.custom(sheet))) targets.push({ sheet: sheet.name, ref, block: sheet.spills?.[ref] ?? ref, formula });
      }));
    }
  }
  const guards: ShareGuards | undefined = targets.length > 0
    ? planShareGuards(
      sheets.map((s) => ({ ...s, copy: renamed.get(s.name)!, origin: (s.origin && parseRef(s.origin)) || { row: 0, col: 0 } })),
      targets,
      [...used, ...(natives?.helper ? [natives.helper.name] : [])],
    )
    : undefined;
  let guardedCells = 0;
  for (const sheet of sheets) {
    const origin = (sheet.origin && parseRef(sheet.origin)) || { row: 0, col: 0 };
    const writes: ShareWrite[] = [];
    const notes: ShareNote[] = [];
    const asValue = (ref: string, value: unknown, note: string) => {
      if (typeof value === 'string' && PENDING.test(value)) throw pendingError(sheet.name, ref, value);
      const spill = sheet.spills?.[ref];
      const values = spill ? blockValues(sheet, origin, spill) : undefined;
      if (values?.some((row) => row.some((v) => typeof v === 'string' && PENDING.test(v)))) throw pendingError(sheet.name, spill!, '#BUSY!');
      const ok = guards?.okRef.get(`${sheet.name.toLowerCase()}!${ref}`);
      if (ok) {
        // Guarded: =IF(inputs unchanged, value, NA()) (a table's header row and first-column labels as they are).
        const grid = (values ?? [[value]]).map((row, r) => row.map((v, c) => {
          const cell = guardedCell(ok, v, values !== undefined && (r === 0 || (c === 0 && typeof v === 'string' && v !== '')));
          if (cell) guardedCells++;
          return cell ?? literalValue(v);
        }));
        writes.push({ range: spill ?? ref, formulas: grid as string[][] });
        notes.push({ ref, text: `${note} ${GUARD_NOTE}` });
      } else {
        writes.push(values ? { range: spill!, values: values.map((row) => row.map(literalValue)) } : { range: ref, values: [[literalValue(value)]] });
        notes.push({ ref, text: note });
      }
      valueCells++;
    };
    const masked = (ref: string) => guards?.masked.get(`${sheet.name.toLowerCase()}!${ref}`);
    sheet.formulas.forEach((row, r) =>
      row.forEach((formula, c) => {
        if (!isFormula(formula)) return;
        formulaCells++;
        const ref = cellRef(origin.row + r, origin.col + c);
        const value = sheet.values[r]?.[c];
        if (mode === 'values') {
          asValue(ref, value, `Formula: ${formula}${sheet.spills?.[ref] ? ` (spilled over ${sheet.spills[ref]}; values as shared)` : ''}`);
          return;
        }
        const planned = natives?.blocks.get(`${sheet.name.toLowerCase()}!${ref}`);
        if (planned) {
          writes.push({ range: planned.range, formulas: planned.grid as string[][] });
          notes.push({ ref, text: planned.block.note });
          nativeCells++;
          return;
        }
        if (hasWattCall(formula)) {
          const native = toNativeFormula(formula, natives?.custom(sheet));
          if ('reason' in native) {
            asValue(ref, value, `Value of ${formula} when shared: ${native.reason}.`);
            return;
          }
          const text = retargetSheetRefs(native.formula, renamed);
          const ok = masked(ref);
          writes.push({ range: ref, formulas: [[ok ? maskedCell(ok, text) : text]] });
          nativeCells++;
          return;
        }
        // Excel's own formula: the copy keeps it, pointed at the copies of the sheets it reads (and
        // guarded when it would hide a guarded value's #N/A).
        const retargeted = retargetSheetRefs(formula, renamed);
        const ok = masked(ref);
        if (ok) writes.push({ range: ref, formulas: [[maskedCell(ok, retargeted)]] });
        else if (retargeted !== formula) writes.push({ range: ref, formulas: [[retargeted]] });
      }),
    );
    planned.push({ source: sheet.name, name: renamed.get(sheet.name)!, writes, notes });
  }
  if (sheets.length === 0 || formulaCells === 0) {
    throw new ShareError('nothing', 'No sheet with a WATT formula was found, so there is nothing to share. Insert a template (or type =WATT. in a cell) first, or choose "This sheet".');
  }
  const guardSheet = guards
    ? { name: guards.name, writes: [{ range: `A1:G${guards.grid.length}`, formulas: guards.grid as string[][] }], cells: guardedCells, leaves: guards.leaves }
    : undefined;
  return {
    mode, sheets: planned, nativeCells, valueCells, nativeBlocks: natives?.blocks.size ?? 0,
    ...(natives?.helper ? { helper: natives.helper } : {}),
    ...(guardSheet ? { guards: guardSheet } : {}),
  };
}
