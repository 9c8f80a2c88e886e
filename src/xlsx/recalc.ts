/**
 * `watt recalc`: an existing workbook (from Excel with the add-in, LibreOffice, or Watt) recalculated in
 * the engine with the WATT functions and written back with fresh cached values, in the mode asked.
 * Only formula cells change (their cached value, and their text in `native`/`values` or when a WATT
 * call was not in Excel's saved spelling); everything ExcelJS reads (styles, names, notes, widths,
 * validations, other sheets) is written back as read. A formula the engine cannot evaluate (#NAME? for
 * a function it lacks, #ERROR! for a formula it cannot parse), one it could not take at all (the
 * reader's problems: nested too deeply), and every formula that depends on one of them, are left
 * exactly as they were, value included, and reported by cell: never counted as recalculated.
 */
import type ExcelJS from 'exceljs';
import { DetailedCellError, ErrorType, type HyperFormula, type SimpleCellAddress, type SimpleCellRange } from 'hyperformula';
import { settleFetches } from '../engine/engine';
import { plainEngineMessage } from '../engine/messages';
import { cellRef, columnIndex, parseBlock } from '../templates/plan';
import { hasWattCall, toFileFormula, fromFileFormula } from './formula';
import { fileValue, formulaCellOut, spillOut, XlsxMode } from './modes';
import { keepPrintBands, loadXlsx, printBandNames, toEngineOrPlainError, type ReadProblem } from './read';
import { parsePrintCheck, printCheckFormula, type PrintCheck } from './print';
import { excelValue, FAST_ZIP, planFileGuards, planOuts, spillSize, writeBlock, writeGuardSheet, writeHelperSheet, type Fallback, type GuardReport } from './write';
import { GUARD_NOTE, guardedFormula, maskedFormula } from './guard';
import { planNativeTables } from './native-blocks';
import { keepExternalLinks } from './external-links';

export interface RecalcReport {
  mode: XlsxMode;
  sheets: string[];
  /** Formula cells in the file. */
  formulas: number;
  /** Formula cells holding a WATT call. */
  wattFormulas: number;
  /** Formula cells written with a fresh value. */
  updated: number;
  /**
   * Formula cells left as they were (formula and cached value), and why: the engine cannot evaluate
   * them (#NAME?, a parse error), or they depend on such a cell or on one in `problems`.
   */
  untouched: { sheet: string; ref: string; formula: string; reason: string }[];
  /**
   * What the reader could not take (read.ts): a formula the engine refused (left as it was, its cached
   * value kept, not recalculated), a defined name it refused, a value. Each listed once, here.
   */
  problems: ReadProblem[];
  /** In `native` mode, cells written as values (no native form). */
  fallbacks: Fallback[];
  /** In `native` mode, WATT.PROJECTION tables written as native formula blocks (by anchor, "Sheet!A33"). */
  nativeBlocks: string[];
  /** The sheet added for those blocks' checked inputs. */
  helperSheet?: string;
  /** Formula cells linking to another workbook: left as they were (formula, link and cached value), not recalculated. */
  externalLinks: { sheet: string; ref: string; formula: string; link: string; cached?: number | string | boolean | { error: string } }[];
  /** In `native` mode, the values guarded against a change of their inputs (guard.ts). */
  guards?: GuardReport;
}

function addNote(cell: ExcelJS.Cell, note: string): void {
  const existing = typeof cell.note === 'string' ? cell.note : cell.note ? (cell.note.texts ?? []).map((t) => t.text).join('') : '';
  cell.note = existing ? `${existing}\n${note}` : note;
}

/** Engine errors that mean "the engine cannot evaluate this", not "this is the model's answer". */
function cannotEvaluate(value: unknown): string | undefined {
  if (!(value instanceof DetailedCellError)) return undefined;
  if (value.type === ErrorType.NAME || value.type === ErrorType.ERROR || value.type === ErrorType.LIC) return `${value.value} ${plainEngineMessage(value.message ?? '')}`.trim();
  return undefined;
}

/**
 * The cells that depend, directly or through other cells, ranges, names or a spilled table, on one of
 * `sources` ("Sheet!A1" → the source each is reached from, its `root`: an array formula's block names
 * its anchor; by default the source's own "Sheet!A1"). HyperFormula's own dependency
 * graph (getCellDependents), walked breadth first; a source's value must be in the engine (a constant
 * at least) for a whole-column range to list it.
 */
export function dependentsOf(hf: HyperFormula, sources: readonly { at: SimpleCellAddress; root?: string }[]): Map<string, string> {
  const key = (a: SimpleCellAddress) => `${hf.getSheetName(a.sheet)}!${cellRef(a.row, a.col)}`;
  const reached = new Map<string, string>();
  const seen = new Set<string>();
  const queue: { node: SimpleCellAddress | SimpleCellRange; root: string }[] = sources.map(({ at, root }) => ({ node: at, root: root ?? key(at) }));
  for (let i = 0; i < queue.length; i++) {
    const { node, root } = queue[i];
    const id = JSON.stringify(node);
    if (seen.has(id)) continue;
    seen.add(id);
    const isCell = 'row' in node;
    // A named expression's own address has no sheet (-1): it is walked, never reported.
    if (isCell && node.sheet >= 0 && i >= sources.length) {
      const k = key(node);
      if (!reached.has(k)) reached.set(k, root);
    }
    // A spilled table's anchor: the cells it fills are read by others too.
    if (isCell && node.sheet >= 0 && hf.isCellPartOfArray(node) && hf.doesCellHaveFormula(node)) {
      const size = spillSize(hf, node);
      for (let r = 0; r < size.rows; r++) for (let c = 0; c < size.columns; c++) if (r || c) queue.push({ node: { ...node, row: node.row + r, col: node.col + c }, root });
    }
    let next: (SimpleCellAddress | SimpleCellRange)[];
    try {
      next = hf.getCellDependents(node);
    } catch {
      next = [];
    }
    for (const n of next) queue.push({ node: n, root });
  }
  return reached;
}

/** Whether a formula uses a defined name (as a whole word, outside text in quotes and sheet names). */
function usesName(formula: string, name: string): boolean {
  const code = formula.replace(/"(?:[^"]|"")*"/g, '""').replace(/'(?:[^']|'')*'!/g, 'S!');
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_.\\\\])${escaped}(?![A-Za-z0-9_.(!])`, 'i').test(code);
}

/**
 * A native block's print check (print.ts PrintCheck) after recalculation: the print area ends at the
 * table's last row in use (it ended at the rows printed before, the table being the area's last rows),
 * and the check counts those rows as printed.
 */
function followPrintCheck(ws: ExcelJS.Worksheet, ref: string, check: PrintCheck, hf: HyperFormula, sheet: number): void {
  const col = columnIndex(check.column) - 1;
  let used = 0;
  for (let r = check.firstRow; r <= check.lastRow; r++) if (typeof hf.getCellValue({ sheet, row: r - 1, col }) === 'number') used++;
  const area = /^(\$?[A-Z]+\$?\d+:\$?[A-Z]+)\$?(\d+)$/.exec(ws.pageSetup?.printArea ?? '');
  if (!area || Number(area[2]) !== check.firstRow - 1 + check.printed) return;
  const rows = Math.max(1, used);
  ws.pageSetup.printArea = `${area[1]}$${check.firstRow - 1 + rows}`;
  ws.getCell(ref).value = { formula: printCheckFormula({ ...check, printed: rows }), result: '' } as ExcelJS.CellFormulaValue;
}

/** Recalculates .xlsx bytes; returns the new bytes and what was done. */
export async function recalcXlsx(data: Uint8Array | ArrayBuffer, options: { mode: XlsxMode; file?: string }): Promise<{ data: Uint8Array; report: RecalcReport }> {
  const { mode } = options;
  const loaded = await loadXlsx(data, { file: options.file });
  const state = await toEngineOrPlainError(loaded, undefined, options.file);
  const { hf } = state;
  await settleFetches(hf);
  const report: RecalcReport = { mode, sheets: loaded.workbook.worksheets.map((w) => w.name), formulas: state.formulas.length, wattFormulas: 0, updated: 0, untouched: [], problems: state.problems, fallbacks: [], nativeBlocks: [], externalLinks: state.externalLinks };
  const linked = new Set(state.externalLinks.map((l) => `${l.sheet}!${l.ref}`));
  const addressOf = (f: { sheet: string; row: number; col: number }) => ({ sheet: hf.getSheetId(f.sheet)!, row: f.row, col: f.col });

  // What is left as the file has it (formula and cached value), never presented as recalculated: a
  // formula the engine did not take (listed in problems; the engine holds its cached value), one it
  // cannot evaluate, and every formula that reads either, directly or not (its value would be computed
  // from a number Watt did not compute, or from an error an IFERROR turns into a made-up one).
  const notTaken = new Set(state.problems.filter((p) => p.kind === 'formula').map((p) => `${p.sheet}!${p.ref}`));
  const refusedNames = state.problems.filter((p) => p.kind === 'name').map((p) => p.ref);
  const cannot = new Map<string, string>();
  const sources: { at: SimpleCellAddress; root: string }[] = [];
  for (const f of state.formulas) {
    const k = `${f.sheet}!${f.ref}`;
    if (linked.has(k)) continue;
    const at = addressOf(f);
    if (notTaken.has(k)) {
      const block = f.array ? parseBlock(f.array) : undefined;
      if (block) for (let r = block.top; r <= block.bottom; r++) for (let c = block.left; c <= block.right; c++) sources.push({ at: { sheet: at.sheet, row: r, col: c }, root: k });
      else sources.push({ at, root: k });
      continue;
    }
    const problem = cannotEvaluate(hf.getCellValue(at));
    if (problem) {
      // A name the engine refused reads as an unknown name (#NAME?, often with no message): say which.
      const name = refusedNames.find((n) => usesName(f.formula, n));
      cannot.set(k, name ? `${problem.split(' ')[0]} uses the name ${name}, which Watt's engine could not take (see problems)` : problem);
      sources.push({ at, root: k });
    }
  }
  const dependents = sources.length > 0 ? dependentsOf(hf, sources) : new Map<string, string>();
  const why = (k: string): string | undefined => {
    const own = cannot.get(k);
    if (own) return own;
    const root = dependents.get(k);
    if (root === undefined || root === k) return undefined;
    return cannot.has(root) ? `depends on ${root}, which Watt's engine cannot evaluate` : `depends on ${root}, whose formula Watt's engine could not take (see problems)`;
  };
  const kept = (k: string) => notTaken.has(k) || why(k) !== undefined;
  if (mode !== 'watt') loaded.workbook.calcProperties = { ...(loaded.workbook.calcProperties ?? {}), fullCalcOnLoad: true };

  // Native mode: WATT.PROJECTION tables become formula blocks (native-blocks.ts), as the writer does.
  const keptAt = (at: SimpleCellAddress) => kept(`${hf.getSheetName(at.sheet)}!${cellRef(at.row, at.col)}`);
  const plan = mode === 'native' ? planNativeTables(hf, report.sheets, (at) => spillSize(hf, at), keptAt) : undefined;
  // What is still written as a value is guarded (guard.ts); a formula left as it was is not a value.
  const guards = plan ? planFileGuards(hf, report.sheets, plan, planOuts(hf, report.sheets, plan, keptAt)) : undefined;
  let guardedCells = 0;
  let maskedCells = 0;

  for (const f of state.formulas) {
    const ws = loaded.workbook.getWorksheet(f.sheet)!;
    const cell = ws.getCell(f.ref);
    const sheet = hf.getSheetId(f.sheet)!;
    const at = { sheet, row: f.row, col: f.col };
    const watt = hasWattCall(f.stored);
    if (watt) report.wattFormulas++;
    // A link to another workbook stays as the file has it: formula, cached value and (below) its link part.
    if (linked.has(`${f.sheet}!${f.ref}`)) continue;
    const value = hf.getCellValue(at);
    const key = `${f.sheet}!${f.ref}`;
    // A formula the engine did not take: as read, named once (in problems), not counted as recalculated.
    const problem = notTaken.has(key) ? undefined : why(key);
    if (notTaken.has(key) || problem) {
      if (problem) report.untouched.push({ sheet: f.sheet, ref: f.ref, formula: f.formula, reason: problem });
      // A shared formula's master may be rewritten below: its followers then carry their own text.
      if (cell.formulaType === 2 /* Enums.FormulaType.Shared */) cell.value = { formula: f.stored, result: cell.result } as ExcelJS.CellFormulaValue;
      continue;
    }
    // The text a kept formula is written with: as read, unless a WATT call must take Excel's spelling.
    const keptText = watt ? toFileFormula(fromFileFormula(f.stored)) : f.stored;
    const planned = plan?.tables.get(`${f.sheet.toLowerCase()}!${f.ref}`);
    if (planned) {
      const old = f.array ? parseBlock(f.array) : undefined;
      if (old) for (let r = old.top; r <= old.bottom; r++) for (let c = old.left; c <= old.right; c++) ws.getCell(cellRef(r, c)).value = null;
      writeBlock(ws, planned, (r, c) => hf.getCellValue({ sheet, row: r, col: c }));
      addNote(cell, planned.block.note);
      report.nativeBlocks.push(`${f.sheet}!${f.ref}`);
      report.updated++;
      continue;
    }
    const size = hf.isCellPartOfArray(at) ? spillSize(hf, at) : { rows: 1, columns: 1 };
    if (f.array || size.rows * size.columns > 1) {
      const out = spillOut(f.formula, mode);
      // Clear the block the file had, then write the block the engine filled.
      const old = f.array ? parseBlock(f.array) : undefined;
      if (old) for (let r = old.top; r <= old.bottom; r++) for (let c = old.left; c <= old.right; c++) if (r !== f.row || c !== f.col) ws.getCell(cellRef(r, c)).value = null;
      const range = `${f.ref}:${cellRef(f.row + size.rows - 1, f.col + size.columns - 1)}`;
      for (let r = 0; r < size.rows; r++) {
        for (let c = 0; c < size.columns; c++) {
          const engineValue = hf.getCellValue({ sheet, row: f.row + r, col: f.col + c });
          const v = excelValue(fileValue(engineValue).value);
          const target = ws.getCell(cellRef(f.row + r, f.col + c));
          const ok = out.kind === 'values' ? guards?.okRef.get(`${f.sheet.toLowerCase()}!${f.ref}`) : undefined;
          const guarded = ok ? guardedFormula(ok, engineValue, r === 0 || (c === 0 && typeof engineValue === 'string')) : undefined;
          if (r === 0 && c === 0 && out.kind === 'array') {
            const text = !watt || mode === 'watt' ? keptText : out.formula;
            target.value = { formula: text, result: v, shareType: 'array', ref: range } as unknown as ExcelJS.CellValue;
          } else if (guarded) {
            target.value = { formula: guarded, result: v } as ExcelJS.CellFormulaValue;
            guardedCells++;
          } else target.value = v;
        }
      }
      if (out.kind === 'values') {
        addNote(cell, guards ? `${out.note} ${GUARD_NOTE}` : out.note);
        if (mode === 'native') report.fallbacks.push({ sheet: f.sheet, ref: f.ref, formula: f.formula, reason: out.note });
      }
      report.updated++;
      continue;
    }
    const out = formulaCellOut(f.formula, value, mode, plan?.custom(f.sheet));
    if (out.kind === 'value') {
      const ok = guards?.okRef.get(`${f.sheet.toLowerCase()}!${f.ref}`);
      const guarded = ok ? guardedFormula(ok, value, false) : undefined;
      if (guarded) {
        cell.value = { formula: guarded, result: excelValue(out.value) } as ExcelJS.CellFormulaValue;
        guardedCells++;
      } else cell.value = excelValue(out.value);
      addNote(cell, guards ? `${out.note} ${GUARD_NOTE}` : out.note);
      if (mode === 'native') report.fallbacks.push({ sheet: f.sheet, ref: f.ref, formula: f.formula, reason: out.note });
    } else {
      const text = out.native ? out.formula : keptText;
      // A formula that would turn a guarded value's #N/A into a number or text is guarded too.
      const mask = guards?.masked.get(`${f.sheet.toLowerCase()}!${f.ref}`);
      cell.value = { formula: mask ? maskedFormula(mask, text) : text, result: excelValue(out.result) } as ExcelJS.CellFormulaValue;
      if (mask) maskedCells++;
    }
    report.updated++;
  }
  if (plan?.helperSheet) {
    writeHelperSheet(loaded.workbook.addWorksheet(plan.helperSheet), plan);
    report.helperSheet = plan.helperSheet;
  }
  if (guards) {
    writeGuardSheet(loaded.workbook, guards);
    report.guards = { sheet: guards.sheet, targets: guards.okRef.size, cells: guardedCells, leaves: guards.leaves, masked: maskedCells };
  }
  // A table lengthened (or shortened) in the file prints its rows in use: the print area follows its check.
  for (const f of state.formulas) {
    const check = parsePrintCheck(f.stored);
    if (check) followPrintCheck(loaded.workbook.getWorksheet(f.sheet)!, f.ref, check, hf, hf.getSheetId(f.sheet)!);
  }
  // A sheet printed in bands keeps every band's range (ExcelJS read the first one only).
  keepPrintBands(loaded, loaded.printBands ?? (await printBandNames(data)));
  const buffer = await loaded.workbook.xlsx.writeBuffer(FAST_ZIP);
  const out = new Uint8Array(buffer as ArrayBuffer);
  return { data: state.externalLinks.length > 0 ? await keepExternalLinks(data, out) : out, report };
}
