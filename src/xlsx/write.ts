/**
 * The one .xlsx writer: a workbook state (the engine's sheets, with the formats, styles, notes, names,
 * choices and layouts kept beside it) → an ExcelJS workbook, then bytes. Pure apart from ExcelJS: no
 * file system, so the CLI, the tests and the browser workbench (ExcelJS's browser build) share it.
 *
 * Written: values, and formulas with their cached results (in the mode chosen, see modes.ts); spilled
 * tables as array formulas over the range they fill; defined names with their sheet scope; number
 * formats; fonts and fills from the shared styles (inputs blue on pale yellow); column widths; frozen
 * panes; a list validation for choice inputs; every cell's note (sources) as an Excel note; a page
 * setup for printing (print.ts: print area on the used rows, one page wide, header rows repeated).
 */
import ExcelJS from 'exceljs';
import type { HyperFormula, SimpleCellAddress } from 'hyperformula';
import { STYLES } from '../templates/styles';
import type { CellStyle, SheetPrint } from '../templates/types';
import { cellRef, columnLetters } from '../templates/plan';
import { DefinedName, setDefinedNames } from './names';
import { CellOut, fileValue, FileValue, formulaCellOut, SpillOut, spillOut, XlsxMode } from './modes';
import { NativePlan, planNativeTables, PlannedTable } from './native-blocks';
import type { PlannedCell } from './projection-native';
import { GUARD_NOTE, GuardPlan, guardedFormula, GuardTarget, maskedFormula, planGuards } from './guard';
import { applyPrintSetup, printAreaName, printCheckFormula } from './print';
import type { KeptFormula } from './problems';

/** How a cell looks and what it offers, beside the engine (EngineTemplateAdapter.formats holds these). */
export interface CellLook {
  format?: string;
  style?: CellStyle;
  note?: string;
  name?: string;
  /** Accepted values of a choice input (a list validation in Excel). */
  choices?: readonly string[];
  /**
   * A formula the engine did not take (the engine holds the file's cached value): written back as read,
   * with that value cached, while the cell holds no formula of the engine's (problems.ts KeptFormula).
   */
  kept?: KeptFormula;
}

export interface SheetLook {
  /** Column widths in points, from column A. */
  columnWidths?: number[];
  freeze?: { rows: number; columns: number };
  /** How a wide sheet prints: title columns, header row, column groups (print.ts). */
  print?: SheetPrint;
}

/** A workbook state: the engine and what it does not hold. `EngineTemplateAdapter` is one. */
export interface WorkbookSource {
  hf: HyperFormula;
  formats?: ReadonlyMap<string, ReadonlyMap<string, CellLook>>;
  layouts?: ReadonlyMap<string, SheetLook>;
}

export interface WriteOptions {
  mode: XlsxMode;
  /** Sheets to write, in this order; default every sheet of the engine. */
  sheets?: readonly string[];
}

/** A cell written as a value although it held a formula, and why. */
export interface Fallback {
  sheet: string;
  ref: string;
  formula: string;
  reason: string;
}

export interface WriteReport {
  mode: XlsxMode;
  /**
   * Per sheet: cells written, formula cells, WATT formulas written in Excel's own functions, formula
   * cells written as values, array formulas, and tables written as native formula blocks.
   */
  sheets: { name: string; cells: number; formulas: number; nativeFormulas: number; values: number; arrays: number; nativeBlocks: number }[];
  names: number;
  /** Native mode: the sheet added for the checked inputs of the tables written as formula blocks (if any). */
  helperSheet?: string;
  /** Formula cells written as values in `native` mode (no native form), with the note written. */
  fallbacks: Fallback[];
  /** Native mode: the guarded values (guard.ts): cells written =IF(inputs unchanged, value, NA()). */
  guards?: GuardReport;
}

/** What the guards of a native file hold. */
export interface GuardReport {
  /** The hidden sheet of recorded inputs. */
  sheet: string;
  /** Formulas (or spilled tables) written as values and guarded. */
  targets: number;
  /** Cells written as guarded values (labels, errors and empty cells are written as they are). */
  cells: number;
  /** Inputs recorded, over all targets. */
  leaves: number;
  /** Live formulas that read a guarded value through an error-trapping function (IFERROR, COUNT, ...), guarded in turn. */
  masked: number;
}

/** Points → Excel's column width unit (characters of the default font: 7 px a character + 5 px padding). */
export function pointsToWidth(points: number): number {
  return Math.max(0, Math.round(((points * 4) / 3 - 5) / 7 * 100) / 100);
}

/** The workbook's font (ExcelJS's default style, Excel's own): every styled cell names it. */
export const WORKBOOK_FONT = { name: 'Calibri', family: 2, size: 11 } as const;

const argb = (hex: string) => `FF${hex.replace('#', '').toUpperCase()}`;

/** ExcelJS font and fill of a cell style (the same STYLES the Excel host and the workbench use). */
export function styleOf(style: CellStyle): Partial<ExcelJS.Style> {
  const spec = STYLES[style];
  const out: Partial<ExcelJS.Style> = {};
  const font: Partial<ExcelJS.Font> = {};
  if (spec.fontColor) font.color = { argb: argb(spec.fontColor) };
  if (spec.bold) font.bold = true;
  if (spec.italic) font.italic = true;
  // Every styled cell names its font (a font element without a name falls back to the reader's
  // default: a serif in LibreOffice); the size of an unsized style is the workbook's default, 11.
  font.name = WORKBOOK_FONT.name;
  font.family = WORKBOOK_FONT.family;
  font.size = spec.size ?? WORKBOOK_FONT.size;
  out.font = font;
  if (spec.fill) out.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(spec.fill) } };
  if (spec.border) {
    const side: Partial<ExcelJS.Border> = { style: 'medium', color: { argb: argb(spec.border) } };
    out.border = { top: side, left: side, bottom: side, right: side };
  }
  return out;
}

/** A file value as ExcelJS takes it. */
export function excelValue(value: FileValue): ExcelJS.CellValue {
  if (value === null) return null;
  if (typeof value === 'object') return { error: value.error } as ExcelJS.CellErrorValue;
  return value;
}

function joinNotes(...notes: (string | undefined)[]): string | undefined {
  const text = notes.filter((n) => n && n.trim() !== '').join('\n');
  return text === '' ? undefined : text;
}

/** The block a spilled formula fills: from its anchor, right and down while cells belong to the array and hold no formula. */
export function spillSize(hf: HyperFormula, at: SimpleCellAddress): { rows: number; columns: number } {
  const inSpill = (a: SimpleCellAddress) => hf.isCellPartOfArray(a) && !hf.doesCellHaveFormula(a);
  let columns = 1;
  while (inSpill({ ...at, col: at.col + columns })) columns++;
  let rows = 1;
  while (inSpill({ ...at, row: at.row + rows })) rows++;
  return { rows, columns };
}

/** Names of the engine (sheet-scoped ones with the index of their sheet in the file), as the file writes them. */
function engineNames(hf: HyperFormula, sheets: readonly string[]): DefinedName[] {
  const names: DefinedName[] = [];
  const exported = new Set(sheets.map((s) => s.toLowerCase()));
  const refersToExported = (ref: string) => {
    const m = /^(?:'((?:[^']|'')+)'|([^!]+))!/.exec(ref);
    return !m || exported.has((m[1] ?? m[2]).replace(/''/g, "'").toLowerCase());
  };
  const add = (name: string, scope: number | undefined, localSheetId?: number) => {
    const formula = hf.getNamedExpressionFormula(name, scope);
    if (formula === undefined) return;
    const ref = formula.replace(/^=/, '');
    if (!refersToExported(ref)) return;
    names.push({ name, ranges: [ref], ...(localSheetId !== undefined ? { localSheetId } : {}) });
  };
  for (const name of hf.listNamedExpressions()) if (name !== 'TRUE' && name !== 'FALSE') add(name, undefined);
  sheets.forEach((sheet, index) => {
    const id = hf.getSheetId(sheet);
    if (id === undefined) return;
    for (const name of hf.listNamedExpressions(id)) add(name, id, index);
  });
  return names;
}

/** Builds the ExcelJS workbook of a workbook state in a mode. */
export function buildWorkbook(source: WorkbookSource, options: WriteOptions): { workbook: ExcelJS.Workbook; report: WriteReport } {
  const { hf } = source;
  const mode = options.mode;
  const sheets = options.sheets ?? hf.getSheetNames();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Watt';
  // A native or values file is recalculated by whoever opens it; a watt file keeps its cached values
  // until the add-in is there (a full calculation without it would turn every WATT cell into #NAME?).
  if (mode !== 'watt') workbook.calcProperties = { fullCalcOnLoad: true };
  const report: WriteReport = { mode, sheets: [], names: 0, fallbacks: [] };
  // Native mode: the tables written as formula blocks (WATT.PROJECTION), planned before any cell is
  // written, since a total above a table reads it.
  const plan: NativePlan | undefined = mode === 'native' ? planNativeTables(hf, sheets, (at) => spillSize(hf, at)) : undefined;
  // Native mode: how every other formula cell is written, each WATT call translated once; what is still
  // written as a value is guarded against a change of its inputs (guard.ts), from the same outs.
  const outs = plan ? planOuts(hf, sheets, plan) : undefined;
  const guards = plan && outs ? planFileGuards(hf, sheets, plan, outs) : undefined;
  // Print areas of several ranges (sheets printed in bands): written as defined names (print.ts printAreaName).
  const printNames: DefinedName[] = [];
  let guardedCells = 0;
  let maskedCells = 0;

  for (const name of sheets) {
    const sheetId = hf.getSheetId(name);
    if (sheetId === undefined) throw new Error(`no sheet named "${name}" in the workbook`);
    const ws = workbook.addWorksheet(name);
    const looks = source.formats?.get(name);
    const layout = source.layouts?.get(name);
    const counts = { name, cells: 0, formulas: 0, nativeFormulas: 0, values: 0, arrays: 0, nativeBlocks: 0 };
    const custom = plan?.custom(name);
    const notes = new Map<string, string>();
    const covered = new Set<string>(); // cells of a spill written with their anchor
    const tables: { row: number; rows: number }[] = []; // spills and native blocks, for the page setup
    const blank = new Set<string>(); // a native block's rows below its months at export: not printed
    const checks: PlannedTable[] = []; // native blocks, each checked against the print area (print.ts PrintCheck)

    const { height, width } = hf.getSheetDimensions(sheetId);
    for (let row = 0; row < height; row++) {
      for (let col = 0; col < width; col++) {
        const ref = cellRef(row, col);
        if (covered.has(ref)) continue;
        const at = { sheet: sheetId, row, col };
        const formula = hf.getCellFormula(at);
        const cell = ws.getCell(ref);
        const kept = formula === undefined ? looks?.get(ref)?.kept : undefined;
        if (kept) {
          // A formula the engine did not take: as read, with the value the engine holds (the file's cached one).
          const out = formulaCellOut(kept.formula, hf.getCellValue(at), mode, custom);
          counts.cells++;
          counts.formulas++;
          if (out.kind === 'formula') {
            const result = excelValue(out.result);
            cell.value = (kept.array
              ? { formula: out.formula, result, shareType: 'array', ref: kept.array }
              : { formula: out.formula, result }) as unknown as ExcelJS.CellValue;
            if (out.native) counts.nativeFormulas++;
          } else {
            cell.value = excelValue(out.value);
            counts.values++;
            notes.set(ref, out.note);
            if (mode === 'native') report.fallbacks.push({ sheet: name, ref, formula: kept.formula, reason: out.note });
          }
          continue;
        }
        if (formula === undefined) {
          const v = hf.getCellValue(at);
          if (v === null || v === undefined || v === '') continue;
          cell.value = excelValue(fileValue(v).value);
          counts.cells++;
          continue;
        }
        counts.cells++;
        counts.formulas++;
        const planned = plan?.tables.get(`${name.toLowerCase()}!${ref}`);
        if (planned) {
          const written = writeBlock(ws, planned, (r, c) => hf.getCellValue({ sheet: sheetId, row: r, col: c }));
          written.forEach((target) => covered.add(target));
          for (const c of planned.block.table) if (c.row > planned.call.row + planned.spillRows) blank.add(cellRef(c.row, c.col));
          tables.push({ row, rows: planned.spillRows });
          checks.push(planned);
          notes.set(ref, planned.block.note);
          counts.nativeBlocks++;
          continue;
        }
        const plannedOut = outs?.get(`${name.toLowerCase()}!${ref}`);
        const size = plannedOut ?? (hf.isCellPartOfArray(at) ? spillSize(hf, at) : { rows: 1, columns: 1 });
        if (size.rows * size.columns > 1) {
          const out = plannedOut && 'spill' in plannedOut.out ? plannedOut.out.spill : spillOut(formula, mode);
          const range = `${ref}:${cellRef(row + size.rows - 1, col + size.columns - 1)}`;
          tables.push({ row, rows: size.rows - 1 });
          for (let r = 0; r < size.rows; r++) {
            for (let c = 0; c < size.columns; c++) {
              const target = cellRef(row + r, col + c);
              covered.add(target);
              const engineValue = hf.getCellValue({ sheet: sheetId, row: row + r, col: col + c });
              const v = excelValue(fileValue(engineValue).value);
              const ok = out.kind === 'values' ? guards?.okRef.get(`${name.toLowerCase()}!${ref}`) : undefined;
              const guarded = ok ? guardedFormula(ok, engineValue, r === 0 || (c === 0 && typeof engineValue === 'string')) : undefined;
              if (r === 0 && c === 0 && out.kind === 'array') {
                ws.getCell(target).value = { formula: out.formula, result: v, shareType: 'array', ref: range } as unknown as ExcelJS.CellValue;
              } else if (guarded) {
                ws.getCell(target).value = { formula: guarded, result: v } as ExcelJS.CellFormulaValue;
                guardedCells++;
              } else {
                ws.getCell(target).value = v;
              }
            }
          }
          if (out.kind === 'array') counts.arrays++;
          else {
            counts.values++;
            notes.set(ref, guards ? `${out.note} ${GUARD_NOTE}` : out.note);
            if (mode === 'native') report.fallbacks.push({ sheet: name, ref, formula, reason: out.note });
          }
          continue;
        }
        const out: CellOut = plannedOut && 'cell' in plannedOut.out ? plannedOut.out.cell : formulaCellOut(formula, hf.getCellValue(at), mode, custom);
        if (out.kind === 'formula') {
          // A formula that would turn a guarded value's #N/A into a number or text is guarded too.
          const mask = guards?.masked.get(`${name.toLowerCase()}!${ref}`);
          cell.value = { formula: mask ? maskedFormula(mask, out.formula) : out.formula, result: excelValue(out.result) } as ExcelJS.CellFormulaValue;
          if (mask) maskedCells++;
          if (out.native) counts.nativeFormulas++;
        } else {
          const ok = guards?.okRef.get(`${name.toLowerCase()}!${ref}`);
          const guarded = ok ? guardedFormula(ok, hf.getCellValue(at), false) : undefined;
          if (guarded) {
            cell.value = { formula: guarded, result: excelValue(out.value) } as ExcelJS.CellFormulaValue;
            guardedCells++;
          } else cell.value = excelValue(out.value);
          counts.values++;
          notes.set(ref, guards ? `${out.note} ${GUARD_NOTE}` : out.note);
          if (mode === 'native') report.fallbacks.push({ sheet: name, ref, formula, reason: out.note });
        }
      }
    }

    // Formats, styles, notes and choices: every cell the state describes, written or empty.
    const refs = new Set<string>([...(looks?.keys() ?? []), ...notes.keys()]);
    for (const ref of refs) {
      const look = looks?.get(ref) ?? {};
      const cell = ws.getCell(ref);
      if (look.format) cell.numFmt = look.format;
      if (look.style) {
        const style = styleOf(look.style);
        if (style.font) cell.font = style.font as ExcelJS.Font;
        if (style.fill) cell.fill = style.fill as ExcelJS.Fill;
        if (style.border) cell.border = style.border as ExcelJS.Borders;
        // A header's text that its right neighbour would clip wraps (as the Excel host and the grid show
        // it); next to an empty cell it flows over. Readers size the row to the wrapped text.
        if (STYLES[look.style].wrap && typeof cell.value === 'string' && cell.value !== '') {
          const right = ws.findCell(Number(cell.row), Number(cell.col) + 1);
          const rv = right?.value as unknown;
          if (rv !== null && rv !== undefined && rv !== '') {
            cell.alignment = { wrapText: true, vertical: 'bottom' };
            // The row's height for the wrapped lines (not every reader sizes it on load).
            const points = layout?.columnWidths?.[Number(cell.col) - 1] ?? 48;
            const lines = Math.min(4, Math.ceil((cell.value.length * 5.6 + 6) / Math.max(1, points)));
            const row = ws.getRow(Number(cell.row));
            row.height = Math.max(row.height ?? 0, 15 * lines);
          }
        }
      }
      const note = joinNotes(look.note, notes.get(ref));
      if (note) cell.note = note;
      if (look.choices && look.choices.length > 0) {
        cell.dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [`"${look.choices.join(',')}"`],
          showErrorMessage: true,
          errorTitle: 'Watt',
          error: `Choose one of: ${look.choices.join(', ')}`,
        };
      }
    }

    for (const planned of checks) writePrintCheck(ws, planned);
    layout?.columnWidths?.forEach((points, i) => {
      ws.getColumn(i + 1).width = pointsToWidth(points);
    });
    if (layout?.freeze && (layout.freeze.rows > 0 || layout.freeze.columns > 0)) {
      ws.views = [{ state: 'frozen', xSplit: layout.freeze.columns, ySplit: layout.freeze.rows }];
    }
    const setup = applyPrintSetup(ws, { columnWidths: layout?.columnWidths, freezeRows: layout?.freeze?.rows, print: layout?.print, tables, blank });
    const area = setup && printAreaName(name, workbook.worksheets.indexOf(ws), setup);
    if (area) printNames.push(area);
    report.sheets.push(counts);
  }

  if (plan?.helperSheet) {
    writeHelperSheet(workbook.addWorksheet(plan.helperSheet), plan);
    report.helperSheet = plan.helperSheet;
  }
  if (guards) {
    writeGuardSheet(workbook, guards);
    report.guards = { sheet: guards.sheet, targets: guards.okRef.size, cells: guardedCells, leaves: guards.leaves, masked: maskedCells };
  }

  const names = engineNames(hf, sheets);
  setDefinedNames(workbook, names, printNames);
  report.names = names.length;
  return { workbook, report };
}

/**
 * A table's native block on its sheet: the header and every data row (the engine's values cached in the
 * spill, "" below it). Returns the cells written.
 */
export function writeBlock(ws: ExcelJS.Worksheet, planned: PlannedTable, engineValue: (row: number, col: number) => unknown): string[] {
  const written: string[] = [];
  const lastSpillRow = planned.call.row + planned.spillRows;
  for (const cell of planned.block.table) {
    const ref = cellRef(cell.row, cell.col);
    written.push(ref);
    if (cell.formula === undefined) {
      ws.getCell(ref).value = cell.value ?? null;
      continue;
    }
    const result = cell.row <= lastSpillRow ? excelValue(fileValue(engineValue(cell.row, cell.col)).value) : '';
    ws.getCell(ref).value = { formula: cell.formula, result } as ExcelJS.CellFormulaValue;
  }
  return written;
}

/**
 * Above a native block (in the nearest empty row over its header rows, within three), the check that
 * says when the block's rows in use outgrow the print area (print.ts PrintCheck): empty at export.
 */
export function writePrintCheck(ws: ExcelJS.Worksheet, planned: PlannedTable): void {
  const header = planned.call.row + 1; // 1-based header row
  const lastRow = Math.max(...planned.block.table.map((c) => c.row)) + 1;
  const empty = (r: number) => {
    let any = false;
    ws.getRow(r).eachCell({ includeEmpty: false }, (c) => {
      const v = c.value as unknown;
      if (v !== null && v !== undefined && v !== '') any = true;
    });
    return !any;
  };
  let row = header - 1;
  while (row > 0 && row >= header - 4 && !empty(row)) row--;
  if (row <= 0 || row < header - 4) return;
  const column = columnLetters(planned.call.col + 1);
  const cell = ws.getCell(row, planned.call.col + 1);
  cell.value = { formula: printCheckFormula({ column, firstRow: header + 1, lastRow, printed: planned.spillRows }), result: '' } as ExcelJS.CellFormulaValue;
  const style = styleOf('warning');
  if (style.font) cell.font = style.font as ExcelJS.Font;
}

/** The helper sheet of the native blocks: the checked assumptions each table reads. */
export function writeHelperSheet(ws: ExcelJS.Worksheet, plan: NativePlan): void {
  const index = plan.monthIndex ?? [];
  const cells: PlannedCell[] = [...[...plan.tables.values()].flatMap((t) => t.block.helper), ...index];
  for (const cell of cells) {
    const target = ws.getCell(cellRef(cell.row, cell.col));
    target.value = cell.formula !== undefined
      ? ({ formula: cell.formula, ...(cell.result !== undefined ? { result: cell.result } : {}) } as ExcelJS.CellFormulaValue)
      : cell.value ?? null;
    if (cell.format) target.numFmt = cell.format;
    if (cell.style) {
      const style = styleOf(cell.style);
      if (style.font) target.font = style.font as ExcelJS.Font;
      if (style.fill) target.fill = style.fill as ExcelJS.Fill;
    }
  }
  HELPER_WIDTHS.forEach((points, i) => {
    ws.getColumn(i + 1).width = pointsToWidth(points);
  });
  // WATT.MININGVALUE's month index (0..599) is read by formulas, not by people: only its title prints.
  const title = Math.min(...index.map((cell) => cell.row));
  const blank = new Set(index.filter((cell) => cell.row > title).map((cell) => cellRef(cell.row, cell.col)));
  applyPrintSetup(ws, { columnWidths: HELPER_WIDTHS, blank });
}

/** How the native mode writes a formula cell that is no native block: the block it fills and its out. */
export interface PlannedOut {
  sheet: string;
  row: number;
  col: number;
  formula: string;
  /** The block a spilled table fills from its anchor (1 x 1 for a single cell). */
  rows: number;
  columns: number;
  /** A spilled table's anchor (rows x columns > 1), or a single formula cell. */
  out: { spill: SpillOut } | { cell: CellOut };
}

/**
 * Native mode: how each formula cell of `sheets` is written, by "sheet!A1" (lower-case sheet), in sheet,
 * row, column order: every WATT call translated to its native form once, for the guard planner and the
 * writer. No cell of a table written as a native block; `skip`: cells left as they are (recalc: a
 * formula the engine cannot evaluate).
 */
export function planOuts(hf: HyperFormula, sheets: readonly string[], plan: NativePlan, skip?: (at: SimpleCellAddress) => boolean): Map<string, PlannedOut> {
  const outs = new Map<string, PlannedOut>();
  for (const name of sheets) {
    const sheet = hf.getSheetId(name);
    if (sheet === undefined) continue;
    const custom = plan.custom(name);
    hf.getSheetFormulas(sheet).forEach((row, r) => row.forEach((formula, c) => {
      if (typeof formula !== 'string') return;
      const at = { sheet, row: r, col: c };
      const key = `${name.toLowerCase()}!${cellRef(r, c)}`;
      if (plan.tables.has(key) || skip?.(at)) return;
      const size = hf.isCellPartOfArray(at) ? spillSize(hf, at) : { rows: 1, columns: 1 };
      const out = size.rows * size.columns > 1 ? { spill: spillOut(formula, 'native') } : { cell: formulaCellOut(formula, hf.getCellValue(at), 'native', custom) };
      outs.set(key, { sheet: name, row: r, col: c, formula, ...size, out });
    }));
  }
  return outs;
}

/** The formula cells (or spilled tables) the native mode writes as values (no native form), from `planOuts`. */
export function guardTargets(outs: ReadonlyMap<string, PlannedOut>): GuardTarget[] {
  const targets: GuardTarget[] = [];
  for (const { sheet, row, col, rows, columns, formula, out } of outs.values()) {
    const asValues = 'spill' in out ? out.spill.kind === 'values' : out.cell.kind === 'value';
    if (asValues) targets.push({ sheet, row, col, rows, columns, formula });
  }
  return targets;
}

/** The guards of the native mode's values, or undefined when every formula is live. */
export function planFileGuards(hf: HyperFormula, sheets: readonly string[], plan: NativePlan, outs: ReadonlyMap<string, PlannedOut>): GuardPlan | undefined {
  const targets = guardTargets(outs);
  return targets.length > 0 ? planGuards(hf, sheets, targets, plan.helperSheet ? [plan.helperSheet] : []) : undefined;
}

/** The hidden sheet of recorded inputs (guard.ts): one row per input of each guarded value. */
export function writeGuardSheet(workbook: ExcelJS.Workbook, guards: GuardPlan): void {
  const ws = workbook.addWorksheet(guards.sheet, { state: 'veryHidden' });
  ws.getRow(1).values = ['Sheet', 'Cell', 'Value at export', 'Changed (1)', 'All unchanged', 'Formula computed by Watt', 'Written as values over'];
  ws.getRow(1).font = { ...WORKBOOK_FONT, bold: true };
  guards.rows.forEach((g, i) => {
    const row = i + 2;
    ws.getCell(`A${row}`).value = g.sheet || null;
    ws.getCell(`B${row}`).value = g.ref || null;
    ws.getCell(`C${row}`).value = excelValue(fileValue(g.value).value);
    if (g.flag) ws.getCell(`D${row}`).value = { formula: g.flag, result: 0 } as ExcelJS.CellFormulaValue;
    if (g.ok) ws.getCell(`E${row}`).value = { formula: g.ok, result: true } as ExcelJS.CellFormulaValue;
    if (g.formula) ws.getCell(`F${row}`).value = g.formula;
    if (g.target) ws.getCell(`G${row}`).value = g.target;
  });
  [90, 50, 110, 70, 80, 400, 160].forEach((points, i) => {
    ws.getColumn(i + 1).width = pointsToWidth(points);
  });
}
/** Column widths (points) of the helper sheet: assumption, value, unit, accepted, default, three counts. */
const HELPER_WIDTHS = [330, 100, 200, 400, 80, 125, 125, 110];

/** Deflate at level 1: a third faster to write than ExcelJS's default, files a few percent larger. */
export const FAST_ZIP = { zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } } } as unknown as Partial<ExcelJS.XlsxWriteOptions>;

/** The .xlsx bytes of a workbook state in a mode. */
export async function writeXlsx(source: WorkbookSource, options: WriteOptions): Promise<{ data: Uint8Array; report: WriteReport }> {
  const { workbook, report } = buildWorkbook(source, options);
  const buffer = await workbook.xlsx.writeBuffer(FAST_ZIP);
  return { data: new Uint8Array(buffer as ArrayBuffer), report };
}
