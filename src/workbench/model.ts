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
import { DetailedCellError, type HyperFormula, type RawCellContent } from 'hyperformula';
import { FUNCTIONS, NAMESPACE, settleFetches } from '../engine/engine';
import type { CellFormat, EngineTemplateAdapter, SheetLayout } from '../engine/template-adapter';
import { cellRef } from '../templates/plan';
import { formatGeneral, formatValue, isDateFormat, type CellValue } from './numfmt';
import { serialFromTyped } from '../core/dates';

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
}

export type EditResult = { ok: true; resized: string[] } | { ok: false; message: string };

/** WATT functions that return a spilled table: their formulas are re-entered after each edit. */
export function tableFunctionNames(): string[] {
  return FUNCTIONS.filter((f) => f.result?.dimensionality === 'matrix').map((f) => `${NAMESPACE}.${f.name}`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class WorkbookModel {
  private readonly tablePattern: RegExp | undefined;

  constructor(
    readonly hf: HyperFormula,
    readonly adapter: Pick<EngineTemplateAdapter, 'formats' | 'layouts'>,
    tableFunctions: readonly string[] = tableFunctionNames(),
  ) {
    this.tablePattern = tableFunctions.length ? new RegExp(`(^|[^A-Za-z0-9_.])(${tableFunctions.map(escapeRegExp).join('|')})\\s*\\(`, 'i') : undefined;
  }

  sheetNames(): string[] {
    return this.hf.getSheetNames();
  }

  sheetId(name: string): number {
    const id = this.hf.getSheetId(name);
    if (id === undefined) throw new Error(`no sheet "${name}"`);
    return id;
  }

  /** Whether a sheet came from a template (then only its input cells are editable). */
  isTemplateSheet(name: string): boolean {
    return this.adapter.formats.has(name);
  }

  layout(name: string): SheetLayout {
    return this.adapter.layouts.get(name) ?? {};
  }

  dimensions(name: string): { rows: number; cols: number } {
    const d = this.hf.getSheetDimensions(this.sheetId(name));
    return { rows: d.height, cols: d.width };
  }

  formatOf(name: string, ref: string): CellFormat | undefined {
    return this.adapter.formats.get(name)?.get(ref);
  }

  /** The anchors of spilled tables on a sheet with their extent (0-based, inclusive). */
  spills(name: string): { row: number; col: number; rows: number; cols: number; formula: string }[] {
    const sheet = this.sheetId(name);
    const formulas = this.hf.getSheetFormulas(sheet);
    const out: { row: number; col: number; rows: number; cols: number; formula: string }[] = [];
    formulas.forEach((line, row) =>
      line.forEach((formula, col) => {
        if (!formula || !this.hf.isCellPartOfArray({ sheet, row, col })) return;
        let cols = 1;
        while (this.hf.isCellPartOfArray({ sheet, row, col: col + cols }) && !this.hf.doesCellHaveFormula({ sheet, row, col: col + cols })) cols++;
        let rows = 1;
        while (this.hf.isCellPartOfArray({ sheet, row: row + rows, col }) && !this.hf.doesCellHaveFormula({ sheet, row: row + rows, col })) rows++;
        out.push({ row, col, rows, cols, formula });
      }),
    );
    return out;
  }

  cell(name: string, row: number, col: number, spills = this.spills(name)): CellView {
    const sheet = this.sheetId(name);
    const ref = cellRef(row, col);
    const format = this.formatOf(name, ref);
    const raw = this.hf.getCellValue({ sheet, row, col });
    const formula = this.hf.doesCellHaveFormula({ sheet, row, col }) ? this.hf.getCellFormula({ sheet, row, col }) : undefined;
    const editable = this.isTemplateSheet(name) ? format?.style === 'input' : true;
    const base = { row, col, ref, format, editable, ...(formula ? { formula } : {}) };
    if (!formula) {
      const s = spills.find((a) => row >= a.row && row < a.row + a.rows && col >= a.col && col < a.col + a.cols);
      if (s) Object.assign(base, { spill: { anchor: cellRef(s.row, s.col), formula: s.formula } });
    }
    if (raw instanceof DetailedCellError) {
      return { ...base, kind: 'error', text: raw.value, value: null, error: { code: raw.value, message: raw.message ?? '' } };
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
    const ref = cellRef(row, col);
    const view = this.cell(name, row, col);
    if (!view.editable) {
      return { ok: false, message: `${ref} is calculated by the template; edit the inputs (blue on yellow) instead.` };
    }
    const content = WorkbookModel.parseInput(text, view.format?.format);
    const sheet = this.sheetId(name);
    try {
      this.hf.setCellContents({ sheet, row, col }, [[content]]);
    } catch (e) {
      // A table that grows past the size the engine gave it when its formula was entered makes
      // HyperFormula throw while recalculating, after the new content is in place: re-entering the
      // table formulas below sizes them afresh and recalculates.
      if (!(e instanceof Error && /resizing to smaller array/i.test(e.message) && this.tablePattern)) {
        return { ok: false, message: `${ref}: ${e instanceof Error ? e.message : String(e)}` };
      }
    }
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
        this.hf.getSheetFormulas(sheet).forEach((line, row) =>
          line.forEach((formula, col) => {
            if (!formula || !this.tablePattern!.test(formula)) return;
            try {
              this.hf.setCellContents({ sheet, row, col }, [[formula]]);
            } catch (e) {
              if (!(e instanceof Error && /resizing to smaller array/i.test(e.message))) throw e;
              refused = true;
            }
          }),
        );
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
