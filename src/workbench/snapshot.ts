/**
 * A workbook as plain data (JSON): every sheet's cells as the engine serialises them (formulas as
 * typed, numbers, text, booleans; a spilled table's cells are not stored, its anchor re-spills), the
 * defined names with their scope, and what the workbench keeps beside the engine (formats, styles,
 * notes, choices, column widths, frozen panes, the cells a template owns). What the browser stores
 * between visits, and what undo puts back after a change to the sheets themselves.
 *
 * Restoring works in place, on the same engine instance the task pane's adapter writes to: the sheets
 * and names are removed, then the snapshot's entered as the .xlsx reader enters a file (constants,
 * names and formulas with evaluation suspended, tables after, since the engine sizes a spill from its
 * inputs as they stand when its formula is entered).
 */
import type { HyperFormula, RawCellContent } from 'hyperformula';
import type { CellFormat, SheetLayout } from '../engine/template-adapter';
import { cellRef, parseRef } from '../templates/plan';
import type { WorkbookSide } from './model';

export const SNAPSHOT_VERSION = 1;

export interface SheetSnapshot {
  name: string;
  /** Non-empty cells: [A1 ref, content as the engine serialises it]. */
  cells: [string, RawCellContent][];
  /** Formula cells that spilled a table when taken: entered last. */
  arrays?: string[];
  formats?: [string, CellFormat][];
  layout?: SheetLayout;
  /** The cells a template wrote (protected, inputs excepted); absent on a sheet no template made. */
  owned?: string[];
}

export interface NameSnapshot {
  name: string;
  /** "=Sheet!$B$4" */
  expression: string;
  /** The sheet a name is scoped to; absent for a workbook name. */
  scope?: string;
}

export interface WorkbookSnapshot {
  version: typeof SNAPSHOT_VERSION;
  sheets: SheetSnapshot[];
  names: NameSnapshot[];
}

/** Names every engine defines itself (engine.ts: Excel's TRUE and FALSE literals). */
const ENGINE_NAMES = new Set(['TRUE', 'FALSE']);

/** The workbook of an engine and the maps beside it, as plain data. */
export function takeSnapshot(hf: HyperFormula, side: WorkbookSide): WorkbookSnapshot {
  const sheets: SheetSnapshot[] = [];
  const names: NameSnapshot[] = [];
  for (const name of hf.listNamedExpressions()) {
    if (ENGINE_NAMES.has(name)) continue;
    const expression = hf.getNamedExpressionFormula(name);
    if (expression !== undefined) names.push({ name, expression });
  }
  for (const name of hf.getSheetNames()) {
    const sheet = hf.getSheetId(name)!;
    const cells: [string, RawCellContent][] = [];
    const arrays: string[] = [];
    hf.getSheetSerialized(sheet).forEach((line, row) =>
      line.forEach((content, col) => {
        if (content === null || content === undefined) return;
        const at = { sheet, row, col };
        const formula = hf.doesCellHaveFormula(at);
        if (!formula && hf.isCellPartOfArray(at)) return; // a spilled value: its anchor spills it again
        cells.push([cellRef(row, col), content]);
        if (formula && hf.isCellPartOfArray(at)) arrays.push(cellRef(row, col));
      }),
    );
    for (const scoped of hf.listNamedExpressions(sheet)) {
      const expression = hf.getNamedExpressionFormula(scoped, sheet);
      if (expression !== undefined) names.push({ name: scoped, expression, scope: name });
    }
    const formats = side.formats.get(name);
    const layout = side.layouts.get(name);
    const owned = side.owned?.get(name);
    sheets.push({
      name,
      cells,
      ...(arrays.length ? { arrays } : {}),
      ...(formats && formats.size ? { formats: [...formats].map(([ref, f]) => [ref, { ...f }] as [string, CellFormat]) } : {}),
      ...(layout && Object.keys(layout).length ? { layout: structuredClone(layout) } : {}),
      ...(owned ? { owned: [...owned] } : {}),
    });
  }
  return { version: SNAPSHOT_VERSION, sheets, names };
}

/** Why a value is not a snapshot this version can restore, or undefined when it is one. */
export function snapshotProblem(value: unknown): string | undefined {
  const v = value as Partial<WorkbookSnapshot> | null;
  if (!v || typeof v !== 'object') return 'not an object';
  if (v.version !== SNAPSHOT_VERSION) return `version ${String(v.version)}, this workbench reads version ${SNAPSHOT_VERSION}`;
  if (!Array.isArray(v.sheets) || !Array.isArray(v.names)) return 'no sheets or names';
  for (const s of v.sheets) {
    if (!s || typeof s.name !== 'string' || !Array.isArray(s.cells)) return 'a sheet without a name or cells';
    if (s.cells.some((c) => !Array.isArray(c) || typeof c[0] !== 'string' || !parseRef(c[0]))) return `a cell of "${s.name}" without a valid reference`;
  }
  return undefined;
}

/** A cell or name the engine refused while restoring (the rest is restored). */
export interface RestoreProblem {
  sheet: string;
  ref: string;
  what: string;
}

/**
 * Replaces the engine's workbook and the maps beside it with a snapshot, in place. Returns what could
 * not be entered (by cell), which the caller shows; everything else is restored.
 */
export function restoreSnapshot(hf: HyperFormula, side: WorkbookSide, snapshot: WorkbookSnapshot, isTable: (formula: string) => boolean): RestoreProblem[] {
  const problems: RestoreProblem[] = [];
  const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
  for (const name of hf.listNamedExpressions()) if (!ENGINE_NAMES.has(name)) hf.removeNamedExpression(name);
  for (const name of hf.getSheetNames()) hf.removeSheet(hf.getSheetId(name)!); // its scoped names go with it
  side.formats.clear();
  side.layouts.clear();
  side.owned?.clear();

  const ids = new Map<string, number>();
  const late: { sheet: string; ref: string; at: { sheet: number; row: number; col: number }; content: RawCellContent }[] = [];
  const formulas: typeof late = [];
  hf.suspendEvaluation();
  try {
    for (const s of snapshot.sheets) ids.set(s.name, hf.getSheetId(hf.addSheet(s.name))!);
    for (const s of snapshot.sheets) {
      const sheet = ids.get(s.name)!;
      const arrays = new Set(s.arrays ?? []);
      for (const [ref, content] of s.cells) {
        const at = { sheet, ...parseRef(ref)! };
        const isFormula = typeof content === 'string' && content.startsWith('=');
        if (isFormula) (arrays.has(ref) || isTable(content) ? late : formulas).push({ sheet: s.name, ref, at, content });
        else {
          try {
            hf.setCellContents(at, [[content]]);
          } catch (e) {
            problems.push({ sheet: s.name, ref, what: `value not restored: ${message(e)}` });
          }
        }
      }
      side.formats.set(s.name, new Map((s.formats ?? []).map(([ref, f]) => [ref, { ...f }])));
      side.layouts.set(s.name, s.layout ? structuredClone(s.layout) : {});
      if (s.owned) side.owned?.set(s.name, new Set(s.owned));
    }
    for (const n of snapshot.names) {
      const scope = n.scope === undefined ? undefined : ids.get(n.scope);
      try {
        hf.addNamedExpression(n.name, n.expression, scope);
      } catch (e) {
        problems.push({ sheet: n.scope ?? '', ref: n.name, what: `name not restored: ${message(e)}` });
      }
    }
    const enter = (f: (typeof late)[number]) => {
      try {
        hf.setCellContents(f.at, [[f.content]]);
      } catch (e) {
        if (!(e instanceof Error && /resizing to smaller array/i.test(e.message))) problems.push({ sheet: f.sheet, ref: f.ref, what: `formula not restored: ${message(e)}` });
      }
    };
    formulas.forEach(enter);
    hf.resumeEvaluation();
    late.forEach(enter);
  } finally {
    if (hf.isEvaluationSuspended()) hf.resumeEvaluation();
  }
  // The engine's own undo stack would hold the whole workbook removed and entered again.
  hf.clearUndoStack();
  hf.clearRedoStack();
  return problems;
}
