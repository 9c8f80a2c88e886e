/**
 * The workbench's workbook: a HyperFormula instance (the embedded engine with the WATT functions) plus
 * the formats, styles, notes and layouts the engine adapter kept for each inserted sheet. Reads cells
 * as the grid shows them and writes inputs as Excel would parse them.
 *
 * Spilled tables: the engine sizes a table when its formula is entered, from its inputs as they stand.
 * After any edit, every formula calling a WATT table function (result dimensionality "matrix" in
 * functions.json) is re-entered, so a table whose size depends on an input (e.g. a number of months)
 * resizes the way Excel's dynamic arrays do.
 */
import { AlwaysSparse, DetailedCellError, type HyperFormula, type RawCellContent } from 'hyperformula';
import { FUNCTIONS, NAMESPACE, settleFetches } from '../engine/engine';
import type { CellFormat, EngineTemplateAdapter, SheetLayout } from '../engine/template-adapter';
import { cellRef, parseBlock } from '../templates/plan';
import { formatGeneral, formatValue, isDateFormat, type CellValue } from './numfmt';
import { serialFromTyped } from '../core/dates';
import { boundRanges, MAX_RANGE_CELLS, rangeReferences, type SheetExtent } from '../xlsx/ranges';
import type { KeptFormula } from '../xlsx/problems';

export type CellKind = 'empty' | 'number' | 'text' | 'boolean' | 'error';

export interface CellView {
  row: number;
  col: number;
  ref: string;
  kind: CellKind;
  /** What the cell shows (formatted value, or the error code). */
  text: string;
  value: CellValue;
  error?: { code: string; message: string };
  /** The cell's own formula. */
  formula?: string;
  /** For a cell inside a spilled table: the table's formula and anchor. */
  spill?: { anchor: string; formula: string };
  format?: CellFormat;
  editable: boolean;
  /**
   * A formula of an opened file the engine did not take: the cell shows the file's cached value (not
   * recalculated), and a download writes this formula back (xlsx-io.ts). Absent once the cell is edited.
   */
  kept?: KeptFormula;
}

export type EditResult = { ok: true; resized: string[] } | { ok: false; message: string };

/** One cell written by a user: its content before and after (as the engine serialises it). */
export interface CellChange {
  row: number;
  col: number;
  before: RawCellContent;
  after: RawCellContent;
  /** A cell's format before and after, when the change set one (Excel's automatic date, percent, currency). */
  format?: { before?: CellFormat; after?: CellFormat };
}

/**
 * The workbench engine's settings for Excel's sheet (1,048,576 rows x 16,384 columns; HyperFormula's
 * default stops at 40,000 rows), stored sparsely: the engine's default (dense) storage walks the whole
 * rectangle a sheet spans, so one cell at XFD1048576 would cost 17 billion steps.
 */
export function excelSheetConfig(): { maxRows: number; maxColumns: number; chooseAddressMappingPolicy: AlwaysSparse } {
  return { maxRows: 1_048_576, maxColumns: 16_384, chooseAddressMappingPolicy: new AlwaysSparse() };
}

/** Excel's error codes; the engine's own (#ERROR!, #CYCLE!, #LIC!) show as #VALUE! with their reason, as in files (xlsx/modes.ts). */
const EXCEL_ERRORS = new Set(['#VALUE!', '#NUM!', '#N/A', '#DIV/0!', '#REF!', '#NAME?', '#NULL!', '#SPILL!', '#CALC!']);
const ENGINE_ERROR_REASONS: Record<string, string> = {
  '#ERROR!': 'the formula cannot be read',
  '#CYCLE!': 'a circular reference (the formula depends on its own result)',
  '#LIC!': 'the engine refused to calculate',
};

/** An engine error as Excel shows it: its code among Excel's, and the message (with the reason when mapped). */
export function excelError(code: string, message: string): { code: string; message: string } {
  if (EXCEL_ERRORS.has(code)) return { code, message };
  const reason = ENGINE_ERROR_REASONS[code] ?? `the engine's ${code}`;
  return { code: '#VALUE!', message: message ? `${reason}: ${message}` : reason };
}

/** Why Excel would refuse a formula at entry, in plain words (the engine's parser said no). */
export function formulaProblem(formula: string): string {
  const body = formula.slice(1);
  const quotes = (body.match(/"/g) ?? []).length;
  if (quotes % 2 === 1) return 'a text in quotes is not closed';
  const code = body.replace(/"[^"]*"/g, '""').replace(/'[^']*'/g, "''");
  let depth = 0;
  for (const ch of code) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return 'a closing parenthesis has no opening one';
  }
  if (depth > 0) return `${depth === 1 ? 'a parenthesis is' : `${depth} parentheses are`} not closed`;
  if (/;/.test(code)) return 'arguments are separated by semicolons: Excel (English) separates them with commas';
  if (/[-+*/^&=<>,]\s*$/.test(code)) return 'it ends with an operator or a comma, with nothing after it';
  if (code.trim() === '') return 'it is empty after the "="';
  return 'it is not a formula Excel can read (an operator or a separator is missing or out of place)';
}

/**
 * The rows (columns) a whole-column (row) range is measured over at entry, at the least: the engine
 * holds such a range over the sheet's used rows, so a range accepted on a near-empty sheet would grow
 * as the sheet fills. A:XFD (16,384 columns) is refused when typed, not once the sheet has 31 rows;
 * A:A, A:Z or 1:1 stay well inside the bound.
 */
export const ENTRY_MIN_EXTENT = 1_000;

const int = (n: number) => n.toLocaleString('en-US');

/**
 * A formula typed or pasted into a cell, held to the bound the .xlsx reader holds a file's formulas to
 * (src/xlsx/ranges.ts: at most MAX_RANGE_CELLS, 500,000, cells a range as the engine holds it; the
 * engine allocates every cell of a written-out range, about 0.45 KB each, so =SUM(A1:XFD1048576) would
 * freeze the page). Whole columns (rows) are measured as the engine holds them, over the sheet's used
 * rows (columns), at least ENTRY_MIN_EXTENT. A range written out over whole columns (A1:A1048576) is
 * given to the engine as the column range it equals (A:A), as when a file is opened; a formula that
 * may count a whole column's empty cells (COUNTBLANK(A:A)) is refused as the reader refuses it (the
 * engine would count short). `extents`: each sheet's used rows and columns, by lower-case name.
 * Returns the formula for the engine, or why it is refused ("its range ... spans ...").
 */
export function entryRangeCheck(formula: string, sheet: string, extents: Map<string, SheetExtent>): { engine: string; refused?: undefined } | { refused: string; engine?: undefined } {
  if (!formula.includes(':')) return { engine: formula };
  const floor = new Map([...extents].map(([name, e]) => [name, { rows: Math.max(e.rows, ENTRY_MIN_EXTENT), columns: Math.max(e.columns, ENTRY_MIN_EXTENT) }]));
  for (const r of rangeReferences(formula, sheet, floor)) {
    if (r.cells <= MAX_RANGE_CELLS) continue;
    if (r.kind === 'cells') return { refused: `its range ${r.text} spans ${int(r.cells)} cells, more than Watt's engine takes in one range (${int(MAX_RANGE_CELLS)} cells)` };
    const n = r.kind === 'columns' ? r.right - r.left + 1 : r.bottom - r.top + 1;
    const along = floor.get(r.sheet.toLowerCase())!;
    const over = r.kind === 'columns' ? `${int(along.rows)} rows` : `${int(along.columns)} columns`;
    const what = r.kind === 'columns' ? (n === 1 ? 'a whole column' : `${int(n)} whole columns`) : n === 1 ? 'a whole row' : `${int(n)} whole rows`;
    return { refused: `its range ${r.text} spans ${what}, ${int(r.cells)} cells over the sheet's first ${over}, more than Watt's engine takes in one range (${int(MAX_RANGE_CELLS)} cells)` };
  }
  const verdict = boundRanges(formula, sheet, extents, { seen: new Set(), cells: 0 });
  return verdict.refused !== undefined ? { refused: verdict.refused } : { engine: verdict.engine };
}

/**
 * A formula with the sheet-qualified names Excel reads (`='Keep mining'!btc_price`, `=Sheet1!fees`:
 * the name in that sheet's scope, else the workbook's) written as the references they stand for
 * (`='Keep mining'!$B$10`), which the engine reads (HyperFormula has no sheet-qualified names). The
 * value is the one Excel computes from the name; the .xlsx holds the reference. Text in quotes and
 * function calls are left alone; a name not found is left as typed.
 */
export function resolveQualifiedNames(formula: string, lookup: (sheet: string, name: string) => string | undefined): string {
  if (!formula.startsWith('=') || !formula.includes('!')) return formula;
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/(?:'((?:[^']|'')+)'|([A-Za-z_\\][\w.]*))!([A-Za-z_\\][\w.]*)(?![\w.(:!$])/g, (whole, quoted: string | undefined, bare: string | undefined, name: string) => {
            if (/^\$?[A-Za-z]{1,3}\$?\d+$/.test(name) || /^[A-Za-z]{1,3}$/.test(name) || /^R\d*C\d*$/i.test(name)) return whole;
            const sheet = (quoted ?? bare!).replace(/''/g, "'");
            const expression = lookup(sheet, name);
            return expression ? expression.replace(/^=/, '') : whole;
          }),
    )
    .join('');
}

/**
 * The number format Excel gives an unformatted cell for what was typed (its automatic format):
 * a date or time, a percent, a currency amount, thousands separators, or a formula whose result is a
 * date (DATE, TODAY, EDATE...). Undefined: Excel's General.
 */
export function automaticFormat(text: string, content: RawCellContent): string | undefined {
  const t = text.trim();
  if (typeof content === 'string' && content.startsWith('=')) {
    if (/^=\s*NOW\s*\(/i.test(t)) return 'm/d/yyyy h:mm';
    if (/^=\s*(DATE|TODAY|EDATE|EOMONTH|DATEVALUE|WORKDAY|WORKDAY\.INTL)\s*\(/i.test(t)) return 'm/d/yyyy';
    return undefined;
  }
  if (typeof content !== 'number') return undefined;
  if (serialFromTyped(t) !== undefined) {
    if (content < 1) return /:\d\d:\d\d/.test(t) ? 'h:mm:ss' : 'h:mm';
    return Number.isInteger(content) ? 'm/d/yyyy' : 'm/d/yyyy h:mm';
  }
  const decimals = /\.\d/.test(t);
  if (/%\)?$/.test(t)) return decimals ? '0.00%' : '0%';
  if (/^\(?[-+]?\s*\$/.test(t)) return decimals ? '$#,##0.00_);($#,##0.00)' : '$#,##0_);($#,##0)';
  if (/\d,\d{3}/.test(t)) return decimals ? '#,##0.00' : '#,##0';
  return undefined;
}

/** What the model keeps beside the engine: the adapter's maps (formats, layouts, cells a template owns). */
export type WorkbookSide = Pick<EngineTemplateAdapter, 'formats' | 'layouts'> & { owned?: Map<string, Set<string>> };

/** WATT functions that return a spilled table: their formulas are re-entered after each edit. */
export function tableFunctionNames(): string[] {
  return FUNCTIONS.filter((f) => f.result?.dimensionality === 'matrix').map((f) => `${NAMESPACE}.${f.name}`);
}

/**
 * The addresses of a sheet's stored cells (values, formulas, spilled cells), row by row, without
 * walking the empty rectangle the engine's dense getters cover: a sheet with one cell at XFD1 or
 * A40000 costs one address, not 16,384 or 40,000. Uses the engine's address mapping (sparse); the
 * dense serialisation is the fallback should a future engine version hide it.
 */
export function cellAddresses(hf: HyperFormula, sheet: number): { row: number; col: number }[] {
  const out: { row: number; col: number }[] = [];
  const mapping = (hf as unknown as { dependencyGraph?: { addressMapping?: { sheetEntries?(s: number): Iterable<[{ row: number; col: number }, unknown]> } } }).dependencyGraph?.addressMapping;
  if (mapping?.sheetEntries) {
    for (const [at] of mapping.sheetEntries(sheet)) out.push({ row: at.row, col: at.col });
  } else {
    hf.getSheetSerialized(sheet).forEach((line, row) => line.forEach((content, col) => content !== null && content !== undefined && out.push({ row, col })));
  }
  return out.sort((a, b) => a.row - b.row || a.col - b.col);
}

/** Where a sheet has content: rows to their sorted columns, columns to their sorted rows, the last row and column used. */
export interface SheetIndex {
  rows: Map<number, number[]>;
  cols: Map<number, number[]>;
  /** Last row and column with content, 0-based; -1 on an empty sheet. */
  maxRow: number;
  maxCol: number;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class WorkbookModel {
  private readonly tablePattern: RegExp | undefined;

  constructor(
    readonly hf: HyperFormula,
    readonly adapter: WorkbookSide,
    tableFunctions: readonly string[] = tableFunctionNames(),
  ) {
    this.tablePattern = tableFunctions.length ? new RegExp(`(^|[^A-Za-z0-9_.])(${tableFunctions.map(escapeRegExp).join('|')})\\s*\\(`, 'i') : undefined;
  }

  /** Whether a formula calls a WATT table function (a spill the engine sizes when it is entered). */
  isTableFormula(formula: string): boolean {
    return this.tablePattern?.test(formula) ?? false;
  }

  sheetNames(): string[] {
    return this.hf.getSheetNames();
  }

  sheetId(name: string): number {
    const id = this.hf.getSheetId(name);
    if (id === undefined) throw new Error(`no sheet "${name}"`);
    return id;
  }

  /**
   * Called after every edit a user made, with each cell's content before and after: the workbench's
   * history (history.ts) records it for undo and redo.
   */
  onCellsChanged?: (sheet: string, changes: CellChange[]) => void;

  /** Whether a sheet came from a template (then the template's own cells, inputs excepted, are protected). */
  isTemplateSheet(name: string): boolean {
    return this.adapter.owned?.has(name) ?? false;
  }

  /**
   * Why a cell may not be edited, or undefined when it may: a cell of a spilled table (its anchor holds
   * the formula), or a cell a template wrote other than an input (labels, formulas, formatted blocks).
   * Every other cell, on any sheet, is free.
   */
  protection(name: string, row: number, col: number, spills = this.spills(name)): string | undefined {
    const ref = cellRef(row, col);
    const sheet = this.sheetId(name);
    if (!this.hf.doesCellHaveFormula({ sheet, row, col })) {
      const s = spills.find((a) => row >= a.row && row < a.row + a.rows && col >= a.col && col < a.col + a.cols);
      if (s) return `${ref} is part of the table spilled from ${cellRef(s.row, s.col)}; change ${cellRef(s.row, s.col)} or its inputs instead.`;
    }
    // A cell of an array formula kept from the file (one the engine did not take): Excel changes an array as a whole.
    const anchor = this.formatOf(name, ref)?.keptIn;
    if (anchor && anchor !== ref) {
      const block = this.formatOf(name, anchor)?.kept?.array;
      const b = block ? parseBlock(block) : undefined;
      if (b && row >= b.top && row <= b.bottom && col >= b.left && col <= b.right)
        return `${ref} is part of the array formula ${block} kept from the file (not recalculated); change ${anchor}, which holds it, instead.`;
    }
    const owned = this.adapter.owned?.get(name);
    if (owned?.has(ref) && this.formatOf(name, ref)?.style !== 'input') {
      return `${ref} is calculated by the template; edit the inputs (blue on yellow) or any cell outside the template instead.`;
    }
    return undefined;
  }

  /**
   * Each sheet's used rows and columns (1-based, by lower-case name), what a whole-column range costs the
   * engine; the sheet being written counts out to `rows` x `columns` (the block being entered).
   */
  extents(name: string, rows = 0, columns = 0): Map<string, SheetExtent> {
    const out = new Map<string, SheetExtent>();
    for (const sheetName of this.sheetNames()) {
      const d = this.hf.getSheetDimensions(this.sheetId(sheetName));
      const own = sheetName === name;
      out.set(sheetName.toLowerCase(), { rows: Math.max(d.height, own ? rows : 0), columns: Math.max(d.width, own ? columns : 0) });
    }
    return out;
  }

  layout(name: string): SheetLayout {
    return this.adapter.layouts.get(name) ?? {};
  }

  dimensions(name: string): { rows: number; cols: number } {
    const d = this.hf.getSheetDimensions(this.sheetId(name));
    return { rows: d.height, cols: d.width };
  }

  /** Where a sheet has content (a value that is not empty), from its stored cells only. */
  index(name: string): SheetIndex {
    const sheet = this.sheetId(name);
    const index: SheetIndex = { rows: new Map(), cols: new Map(), maxRow: -1, maxCol: -1 };
    for (const { row, col } of cellAddresses(this.hf, sheet)) {
      const v = this.hf.getCellValue({ sheet, row, col });
      if (v === null || v === undefined) continue;
      (index.rows.get(row) ?? index.rows.set(row, []).get(row)!).push(col);
      (index.cols.get(col) ?? index.cols.set(col, []).get(col)!).push(row);
      if (row > index.maxRow) index.maxRow = row;
      if (col > index.maxCol) index.maxCol = col;
    }
    for (const rows of index.cols.values()) rows.sort((a, b) => a - b);
    return index;
  }

  /** The expression of a name read as Sheet!name: the sheet's own name, else the workbook's (undefined: none). */
  qualifiedName(sheetName: string, name: string): string | undefined {
    const sheet = this.sheetNames().find((n) => n.toLowerCase() === sheetName.toLowerCase());
    if (sheet === undefined) return undefined;
    for (const scope of [this.hf.getSheetId(sheet), undefined]) {
      try {
        const expression = this.hf.getNamedExpressionFormula(name, scope);
        if (expression) return expression;
      } catch {
        // not a name there
      }
    }
    return undefined;
  }

  /** Sets (or, undefined, removes) a cell's format beside the engine. */
  setFormat(name: string, ref: string, format: CellFormat | undefined): void {
    let sheet = this.adapter.formats.get(name);
    if (!sheet) this.adapter.formats.set(name, (sheet = new Map()));
    if (format && Object.keys(format).length) sheet.set(ref, { ...format });
    else sheet.delete(ref);
  }

  formatOf(name: string, ref: string): CellFormat | undefined {
    return this.adapter.formats.get(name)?.get(ref);
  }

  /** The anchors of spilled tables on a sheet with their extent (0-based, inclusive). */
  spills(name: string): { row: number; col: number; rows: number; cols: number; formula: string }[] {
    const sheet = this.sheetId(name);
    const out: { row: number; col: number; rows: number; cols: number; formula: string }[] = [];
    for (const { row, col } of cellAddresses(this.hf, sheet)) {
      const at = { sheet, row, col };
      if (!this.hf.doesCellHaveFormula(at) || !this.hf.isCellPartOfArray(at)) continue;
      const formula = this.hf.getCellFormula(at);
      if (!formula) continue;
      let cols = 1;
      while (this.hf.isCellPartOfArray({ sheet, row, col: col + cols }) && !this.hf.doesCellHaveFormula({ sheet, row, col: col + cols })) cols++;
      let rows = 1;
      while (this.hf.isCellPartOfArray({ sheet, row: row + rows, col }) && !this.hf.doesCellHaveFormula({ sheet, row: row + rows, col })) rows++;
      out.push({ row, col, rows, cols, formula });
    }
    return out;
  }

  cell(name: string, row: number, col: number, spills = this.spills(name)): CellView {
    const sheet = this.sheetId(name);
    const ref = cellRef(row, col);
    const format = this.formatOf(name, ref);
    const raw = this.hf.getCellValue({ sheet, row, col });
    const formula = this.hf.doesCellHaveFormula({ sheet, row, col }) ? this.hf.getCellFormula({ sheet, row, col }) : undefined;
    const editable = this.protection(name, row, col, spills) === undefined;
    const kept = formula ? undefined : format?.kept;
    const base = { row, col, ref, format, editable, ...(formula ? { formula } : {}), ...(kept ? { kept } : {}) };
    if (!formula) {
      const s = spills.find((a) => row >= a.row && row < a.row + a.rows && col >= a.col && col < a.col + a.cols);
      if (s) Object.assign(base, { spill: { anchor: cellRef(s.row, s.col), formula: s.formula } });
    }
    if (raw instanceof DetailedCellError) {
      const error = excelError(raw.value, raw.message ?? '');
      return { ...base, kind: 'error', text: error.code, value: null, error };
    }
    if (raw === null || raw === undefined || raw === '') return { ...base, kind: raw === '' ? 'text' : 'empty', text: '', value: raw === '' ? '' : null };
    if (typeof raw === 'number') {
      const text = Number.isFinite(raw) ? formatValue(raw, format?.format) : '#NUM!';
      return { ...base, kind: 'number', text, value: raw };
    }
    if (typeof raw === 'boolean') return { ...base, kind: 'boolean', text: raw ? 'TRUE' : 'FALSE', value: raw };
    return { ...base, kind: 'text', text: formatValue(String(raw), format?.format), value: String(raw) };
  }

  /** The text an editor starts with: the formula, or the value as Excel shows it for editing. */
  editText(name: string, row: number, col: number): string {
    const sheet = this.sheetId(name);
    if (this.hf.doesCellHaveFormula({ sheet, row, col })) return this.hf.getCellFormula({ sheet, row, col }) ?? '';
    // A formula of the file the engine did not take: the user edits their formula, not its cached value.
    const kept = this.formatOf(name, cellRef(row, col))?.kept;
    if (kept) return kept.formula;
    const raw = this.hf.getCellSerialized({ sheet, row, col });
    const fmt = this.formatOf(name, cellRef(row, col))?.format;
    if (typeof raw === 'number') {
      if (isDateFormat(fmt)) return formatValue(raw, Number.isInteger(raw) ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm:ss');
      if (fmt && /%/.test(fmt.replace(/"[^"]*"/g, ''))) return `${formatGeneral(raw * 100)}%`;
      return String(Number(raw.toPrecision(15)));
    }
    if (typeof raw === 'boolean') return raw ? 'TRUE' : 'FALSE';
    // Text the engine marks with ' (text in a text-formatted cell that would read as a date) shows without it.
    if (typeof raw === 'string' && fmt === '@' && raw.startsWith("'")) return raw.slice(1);
    return raw === null || raw === undefined ? '' : String(raw);
  }

  /**
   * Parses what a user typed as Excel does: "=..." formula, TRUE/FALSE, numbers with $ , % and
   * parentheses, dates and times (7/1/2026, 2026-07-01, Jul 1, 2026, 1-Jul-2026, 14:30), otherwise text. In a percent-formatted cell "12" means 12%.
   */
  static parseInput(text: string, format?: string): RawCellContent {
    const t = text.trim();
    if (t === '') return null;
    // A text-formatted cell ("@") keeps what is typed as text, as in Excel (' makes it text for the engine).
    if (format === '@') return `'${text}`;
    if (t.startsWith('=')) return t;
    if (/^true$/i.test(t)) return true;
    if (/^false$/i.test(t)) return false;
    // Dates and times as Excel en-US reads them (7/1/2026 is July 1), the same parser as the engine's.
    const date = serialFromTyped(t);
    if (date !== undefined) return date;
    const negative = /^\(.*\)$/.test(t);
    let s = negative ? t.slice(1, -1) : t;
    const percent = s.endsWith('%');
    if (percent) s = s.slice(0, -1);
    s = s.replace(/^([-+]?)\s*[$€£]/, '$1').replace(/,(?=\d{3}(\D|$))/g, '').replace(/\s+/g, '');
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) {
      let n = Number(s);
      if (negative) n = -n;
      if (percent) n /= 100;
      else if (format && /%/.test(format.replace(/"[^"]*"/g, '')) && Math.abs(n) >= 1) n /= 100;
      return n;
    }
    return text;
  }

  /** Writes what the user typed into a cell, recalculates, and resizes spilled WATT tables. */
  edit(name: string, row: number, col: number, text: string): EditResult {
    return this.editBlock(name, row, col, [[text]]);
  }

  /**
   * Writes a block of typed (or pasted) texts from (top, left), each parsed as Excel parses typing in
   * that cell's format; an empty text clears its cell. All or nothing: when any cell of the block is
   * protected, nothing is written and the message names it.
   */
  editBlock(name: string, top: number, left: number, texts: readonly (readonly string[])[]): EditResult {
    const spills = this.spills(name);
    const sheet = this.sheetId(name);
    const changes: CellChange[] = [];
    const block = texts.length * (texts[0]?.length ?? 0) > 1;
    let extents: Map<string, SheetExtent> | undefined;
    for (let r = 0; r < texts.length; r++) {
      for (let c = 0; c < texts[r].length; c++) {
        const [row, col] = [top + r, left + c];
        const refused = this.protection(name, row, col, spills);
        if (refused) return { ok: false, message: block ? `Nothing was pasted: ${refused}` : refused };
        const format = this.formatOf(name, cellRef(row, col));
        // A kept formula (one the engine did not take when the file was opened) committed unchanged is no edit.
        if (format?.kept && texts[r][c].trim() === format.kept.formula) continue;
        let after = WorkbookModel.parseInput(texts[r][c], format?.format);
        if (typeof after === 'string' && after.startsWith('=')) after = resolveQualifiedNames(after, (sheetName, n) => this.qualifiedName(sheetName, n));
        const shown = (f: string) => (f.length > 60 ? `${f.slice(0, 57)}...` : f);
        if (typeof after === 'string' && after.startsWith('=') && !this.hf.validateFormula(after)) {
          const problem = `${cellRef(row, col)}: Excel would not accept ${shown(after)}: ${formulaProblem(after)}. Correct it, or type an apostrophe first to keep it as text.`;
          return { ok: false, message: block ? `Nothing was pasted: ${problem}` : problem };
        }
        if (typeof after === 'string' && after.startsWith('=')) {
          extents ??= this.extents(name, top + texts.length, left + Math.max(...texts.map((line) => line.length)));
          const bounded = entryRangeCheck(after, name, extents);
          if (bounded.refused !== undefined) {
            const problem = `${cellRef(row, col)}: Watt's engine would not take ${shown(after)}: ${bounded.refused}. Use a smaller range (or whole columns, A:A), or type an apostrophe first to keep it as text.`;
            return { ok: false, message: block ? `Nothing was pasted: ${problem}` : problem };
          }
          after = bounded.engine;
        }
        const change: CellChange = { row, col, before: this.hf.getCellSerialized({ sheet, row, col }) ?? null, after };
        const auto = format?.format === undefined ? automaticFormat(texts[r][c], after) : undefined;
        // An edited cell is the user's new content: a formula kept from the file gives way to it.
        const next = format?.kept ? (({ kept: _kept, ...rest }) => rest)(format) : format;
        if (auto || next !== format) change.format = { before: format, after: auto ? { ...next, format: auto } : next && Object.keys(next).length ? next : undefined };
        changes.push(change);
      }
    }
    if (changes.length === 0) return { ok: true, resized: [] };
    const result = this.write(name, changes, 'after');
    if (result.ok) this.onCellsChanged?.(name, changes);
    return result;
  }

  /**
   * Puts cells back to their content before or after a change (undo, redo): no protection check, the
   * contents are the user's own. Recalculates and resizes the tables.
   */
  write(name: string, changes: readonly CellChange[], side: 'before' | 'after'): EditResult {
    const sheet = this.sheetId(name);
    // A table that grows past the size the engine gave it when its formula was entered makes
    // HyperFormula throw while recalculating, after the new content is in place: re-entering the
    // table formulas below sizes them afresh and recalculates.
    const tolerable = (e: unknown) => e instanceof Error && /resizing to smaller array/i.test(e.message) && !!this.tablePattern;
    // A block is written with evaluation suspended: one recalculation, not one a cell.
    const many = changes.length > 1;
    if (many) this.hf.suspendEvaluation();
    let failure: string | undefined;
    const done: CellChange[] = [];
    for (const change of changes) {
      try {
        this.hf.setCellContents({ sheet, row: change.row, col: change.col }, [[change[side]]]);
        if (change.format) this.setFormat(name, cellRef(change.row, change.col), change.format[side]);
        done.push(change);
      } catch (e) {
        if (tolerable(e)) done.push(change);
        else {
          failure = `${cellRef(change.row, change.col)}: ${e instanceof Error ? e.message : String(e)}`;
          break;
        }
      }
    }
    if (failure) {
      // All or nothing: the cells already written get their content back.
      const other = side === 'after' ? 'before' : 'after';
      for (const change of done.reverse()) {
        try {
          this.hf.setCellContents({ sheet, row: change.row, col: change.col }, [[change[other]]]);
          if (change.format) this.setFormat(name, cellRef(change.row, change.col), change.format[other]);
        } catch (e) {
          if (!tolerable(e)) throw e;
        }
      }
    }
    if (many) {
      try {
        this.hf.resumeEvaluation();
      } catch (e) {
        if (!tolerable(e)) failure ??= e instanceof Error ? e.message : String(e);
      }
    }
    if (failure) return { ok: false, message: failure };
    return { ok: true, resized: this.reenterTables() };
  }

  /**
   * Awaits the fetches the last edit started (WATT.NETWORK, BTCPRICE, ASOF show #N/A "fetching…"
   * meanwhile), recalculates with the answers, and re-sizes the tables: a table fed by a fetched value
   * was sized while that value was still a placeholder. Resolves to the anchors resized, or undefined
   * when nothing was fetched.
   */
  async settle(): Promise<string[] | undefined> {
    if (!(await settleFetches(this.hf))) return undefined;
    return this.reenterTables();
  }

  /**
   * Re-enters every formula that calls a WATT table function, so each spilled table takes the size
   * its inputs now give. Returns the anchors ("Sheet!B4") whose size changed.
   */
  reenterTables(): string[] {
    if (!this.tablePattern) return [];
    const names = this.sheetNames();
    const before = new Map(names.map((name) => [name, new Map(this.spills(name).map((s) => [`${s.row},${s.col}`, `${s.rows}x${s.cols}`]))]));
    // A table fed by another table may only get its final size once that one is re-entered: at most
    // three passes, stopping at the first that goes through without the engine refusing a size.
    for (let pass = 0; pass < 3; pass++) {
      let refused = false;
      for (const name of names) {
        const sheet = this.sheetId(name);
        const tables = cellAddresses(this.hf, sheet)
          .filter((at) => this.hf.doesCellHaveFormula({ sheet, ...at }))
          .map((at) => ({ ...at, formula: this.hf.getCellFormula({ sheet, ...at }) }))
          .filter((t): t is { row: number; col: number; formula: string } => !!t.formula && this.tablePattern!.test(t.formula));
        for (const { row, col, formula } of tables) {
          try {
            this.hf.setCellContents({ sheet, row, col }, [[formula]]);
          } catch (e) {
            if (!(e instanceof Error && /resizing to smaller array/i.test(e.message))) throw e;
            refused = true;
          }
        }
      }
      if (!refused) break;
    }
    const resized: string[] = [];
    for (const name of names) {
      for (const s of this.spills(name)) {
        const key = `${s.row},${s.col}`;
        const was = before.get(name)!.get(key);
        if (was !== undefined && was !== `${s.rows}x${s.cols}`) resized.push(`${name}!${cellRef(s.row, s.col)}`);
      }
    }
    return resized;
  }
}
