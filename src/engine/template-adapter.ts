/**
 * Applies a template's write plan to a HyperFormula instance (the workbench, the CLI and the tests),
 * all or nothing: new sheets under the plan's names, constants, then sheet-scoped named expressions,
 * then formulas in plan order (the engine sizes a spilled table when its formula is entered, from the
 * inputs as they stand). Formats and styles have no place in the engine: they are kept in a side map
 * (`formats`) for the workbench to display. On any failure the sheets and names added are removed.
 */
import type { HyperFormula, RawCellContent } from 'hyperformula';
import { createEngine } from './engine';
import { cellRef, parseBlock, parseRef, quoteSheetName } from '../templates/plan';
import type { CellStyle, HostAdapter, PlannedSheet, SheetPrint, TemplateChart, WorkbookState, WritePlan } from '../templates/types';
import type { KeptFormula } from '../xlsx/problems';

/** How a cell should look, by sheet name then A1 ref. */
export interface CellFormat {
  format?: string;
  style?: CellStyle;
  note?: string;
  name?: string;
  /** The accepted values of a choice input (the formulas reading it give #N/A for any other). */
  choices?: string[];
  /** A formula the engine did not take when the file was opened: the engine holds its cached value (src/xlsx/problems.ts). */
  kept?: KeptFormula;
  /** A cell of a kept array formula's block: the anchor holding it (the other cells are not edited apart). */
  keptIn?: string;
}

export interface SheetLayout {
  columnWidths?: number[];
  freeze?: { rows: number; columns: number };
  charts?: TemplateChart[];
  print?: SheetPrint;
}

/**
 * Whether a cell is text-formatted ("@"), by its own format or its block's. Excel keeps what is
 * written into such a cell as text (the Excel adapter sets formats before values); elsewhere a string
 * such as "2025-09-25" becomes a date, as when typed.
 */
function textFormatted(sheet: PlannedSheet, cell: { ref: string; format?: string }): boolean {
  if (cell.format !== undefined) return cell.format === '@';
  const pos = parseRef(cell.ref)!;
  return (sheet.rangeFormats ?? []).some((block) => {
    const b = parseBlock(block.range)!;
    return block.format === '@' && pos.row >= b.top && pos.row <= b.bottom && pos.col >= b.left && pos.col <= b.right;
  });
}

/** A value as the engine should store it: text in a text-formatted cell stays text (HyperFormula's ' prefix). */
function asTyped(value: unknown, text: boolean): RawCellContent {
  return (text && typeof value === 'string' ? `'${value}` : value) as RawCellContent;
}

export class EngineTemplateAdapter implements HostAdapter {
  /** Formats, styles, notes and names of every cell written, by sheet name then A1 ref. */
  readonly formats = new Map<string, Map<string, CellFormat>>();
  /** Column widths and freeze panes of every sheet written, by sheet name. */
  readonly layouts = new Map<string, SheetLayout>();
  /**
   * The cells a template wrote (labels, inputs, formulas, formatted blocks), by sheet name then A1 ref:
   * the workbench protects them, inputs excepted, and leaves every other cell free to edit.
   */
  readonly owned = new Map<string, Set<string>>();

  constructor(readonly hf: HyperFormula = createEngine()) {}

  async readState(): Promise<WorkbookState> {
    return { sheetNames: this.hf.getSheetNames() };
  }

  async apply(plan: WritePlan): Promise<void> {
    const existing = new Set(this.hf.getSheetNames().map((n) => n.toLowerCase()));
    const clash = plan.sheets.find((s) => existing.has(s.name.toLowerCase()));
    if (clash) throw new Error(`Cannot insert template ${plan.templateId}: a sheet named "${clash.name}" already exists; nothing was changed.`);

    const added: number[] = [];
    const names: { name: string; scope: number }[] = [];
    let step = '';
    try {
      const ids = plan.sheets.map((sheet) => {
        step = `adding sheet "${sheet.name}"`;
        const name = this.hf.addSheet(sheet.name);
        const id = this.hf.getSheetId(name)!;
        added.push(id);
        return id;
      });
      // Constants, then names (formulas use them), then formulas in plan order.
      plan.sheets.forEach((sheet, i) => {
        for (const cell of sheet.cells) {
          if (cell.formula !== undefined || cell.value === undefined || cell.value === null) continue;
          step = `writing ${sheet.name}!${cell.ref}`;
          this.hf.setCellContents({ sheet: ids[i], ...parseRef(cell.ref)! }, [[asTyped(cell.value, textFormatted(sheet, cell))]]);
        }
      });
      plan.sheets.forEach((sheet, i) => {
        for (const cell of sheet.cells) {
          if (!cell.name) continue;
          step = `naming ${sheet.name}!${cell.ref} "${cell.name}"`;
          const pos = parseRef(cell.ref)!;
          const absolute = `$${cell.ref.replace(/\d+$/, '')}$${pos.row + 1}`;
          this.hf.addNamedExpression(cell.name, `=${quoteSheetName(sheet.name)}!${absolute}`, ids[i]);
          names.push({ name: cell.name, scope: ids[i] });
        }
      });
      plan.sheets.forEach((sheet, i) => {
        for (const cell of sheet.cells) {
          if (cell.formula === undefined) continue;
          step = `writing ${sheet.name}!${cell.ref}`;
          this.hf.setCellContents({ sheet: ids[i], ...parseRef(cell.ref)! }, [[cell.formula]]);
        }
      });
    } catch (e) {
      for (const { name, scope } of names.reverse()) {
        try {
          this.hf.removeNamedExpression(name, scope);
        } catch {
          /* already gone with its sheet */
        }
      }
      for (const id of added.reverse()) {
        try {
          this.hf.removeSheet(id);
        } catch {
          /* nothing left to remove */
        }
      }
      const reason = e instanceof Error ? e.message : String(e);
      throw new Error(`Cannot insert template ${plan.templateId}: failed while ${step} (${reason}); the sheets added were removed.`);
    }

    for (const sheet of plan.sheets) {
      const map = new Map<string, CellFormat>();
      for (const cell of sheet.cells) {
        const f: CellFormat = {};
        if (cell.format) f.format = cell.format;
        if (cell.style) f.style = cell.style;
        if (cell.note) f.note = cell.note;
        if (cell.name) f.name = cell.name;
        if (cell.choices) f.choices = cell.choices;
        if (Object.keys(f).length > 0) map.set(cell.ref, f);
      }
      // Block formats fill in what a cell does not state itself.
      for (const block of sheet.rangeFormats ?? []) {
        const b = parseBlock(block.range)!;
        for (let r = b.top; r <= b.bottom; r++) {
          for (let c = b.left; c <= b.right; c++) {
            const ref = cellRef(r, c);
            const f = map.get(ref) ?? {};
            if (block.format && !f.format) f.format = block.format;
            if (block.style && !f.style) f.style = block.style;
            map.set(ref, f);
          }
        }
      }
      this.formats.set(sheet.name, map);
      this.owned.set(sheet.name, new Set([...sheet.cells.map((c) => c.ref), ...map.keys()]));
      this.layouts.set(sheet.name, { ...(sheet.columnWidths ? { columnWidths: sheet.columnWidths } : {}), ...(sheet.freeze ? { freeze: sheet.freeze } : {}), ...(sheet.charts ? { charts: sheet.charts } : {}), ...(sheet.print ? { print: sheet.print } : {}) });
    }
  }
}
