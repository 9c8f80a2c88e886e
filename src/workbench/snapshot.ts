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
import { cellRef, isLegalName, MAX_COLUMNS, MAX_ROWS, parseBlock, parseRef } from '../templates/plan';
import { STYLES } from '../templates/styles';
import { sheetNameProblem } from './session';
import { cellAddresses, type WorkbookSide } from './model';

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
    for (const { row, col } of cellAddresses(hf, sheet)) {
      const at = { sheet, row, col };
      const content = hf.getCellSerialized(at);
      if (content === null || content === undefined) continue;
      const formula = hf.doesCellHaveFormula(at);
      if (!formula && hf.isCellPartOfArray(at)) continue; // a spilled value: its anchor spills it again
      cells.push([cellRef(row, col), content]);
      if (formula && hf.isCellPartOfArray(at)) arrays.push(cellRef(row, col));
    }
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

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isCount = (v: unknown, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
const isContent = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** Why a cell's format is not one this workbench draws, or undefined. */
function formatProblem(f: unknown): string | undefined {
  if (!isObject(f)) return 'not an object';
  for (const key of ['format', 'note', 'name'] as const) if (f[key] !== undefined && typeof f[key] !== 'string') return `its ${key} is not text`;
  if (f.style !== undefined && (typeof f.style !== 'string' || !Object.prototype.hasOwnProperty.call(STYLES, f.style))) return `style ${JSON.stringify(f.style)} is not one of the workbench's`;
  if (f.choices !== undefined && (!Array.isArray(f.choices) || f.choices.some((c) => typeof c !== 'string'))) return 'its choices are not a list of texts';
  if (f.kept !== undefined) {
    const k = f.kept;
    if (!isObject(k) || typeof k.formula !== 'string' || !k.formula.startsWith('=') || typeof k.why !== 'string' || (k.array !== undefined && (typeof k.array !== 'string' || !parseBlock(k.array))))
      return 'its kept formula is not a formula with a reason';
  }
  if (f.keptIn !== undefined && (typeof f.keptIn !== 'string' || !parseRef(f.keptIn))) return 'the anchor of its kept array formula is not a cell reference';
  return undefined;
}

/** Why a sheet's layout is not one this workbench lays out, or undefined. */
function layoutProblem(l: unknown): string | undefined {
  if (!isObject(l)) return 'not an object';
  if (l.columnWidths !== undefined && (!Array.isArray(l.columnWidths) || l.columnWidths.some((w) => w !== null && !(typeof w === 'number' && Number.isFinite(w) && w >= 0 && w <= 2000)))) return 'column widths that are not sizes in points (0 to 2,000)';
  if (l.columnWidths !== undefined && (l.columnWidths as unknown[]).length > MAX_COLUMNS) return 'more column widths than Excel has columns';
  if (l.freeze !== undefined && (!isObject(l.freeze) || !isCount(l.freeze.rows, MAX_ROWS - 1) || !isCount(l.freeze.columns, MAX_COLUMNS - 1))) return 'frozen panes that are not counts of rows and columns inside Excel\'s sheet';
  if (l.charts !== undefined) {
    if (!Array.isArray(l.charts)) return 'charts that are not a list';
    for (const c of l.charts) {
      if (!isObject(c) || !['stackedColumn', 'column', 'line'].includes(c.type as string) || typeof c.title !== 'string' || typeof c.categories !== 'string' || typeof c.series !== 'string' || typeof c.anchor !== 'string') return 'a chart without a type, title, categories, series and anchor';
      if (!parseBlock(c.categories) || !parseBlock(c.series)) return `a chart "${c.title}" whose categories or series are not blocks of cells`;
      for (const key of ['width', 'height'] as const) if (c[key] !== undefined && !(typeof c[key] === 'number' && Number.isFinite(c[key]) && (c[key] as number) > 0 && (c[key] as number) <= 5000)) return `a chart "${c.title}" whose ${key} is not a size in points`;
      for (const key of ['xTitle', 'yTitle'] as const) if (c[key] !== undefined && typeof c[key] !== 'string') return `a chart "${c.title}" whose ${key} is not text`;
      if (c.marker !== undefined && (!isObject(c.marker) || typeof c.marker.cell !== 'string' || typeof c.marker.label !== 'string')) return `a chart "${c.title}" whose marker is not a cell and a label`;
    }
  }
  return undefined;
}

/**
 * Why a value is not a snapshot this version can restore, or undefined when it is one. Deep: every
 * part the workbench reads at start is checked here (names of sheets, unique as Excel wants them,
 * references, contents, formats, layouts, the cells a template owns, defined names), so a stored
 * workbook that passes starts, and one that does not is set aside whole, never half-restored.
 */
export function snapshotProblem(value: unknown): string | undefined {
  const v = value as Partial<WorkbookSnapshot> | null;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'not an object';
  if (v.version !== SNAPSHOT_VERSION) return `version ${String(v.version)}, this workbench reads version ${SNAPSHOT_VERSION}`;
  if (!Array.isArray(v.sheets) || !Array.isArray(v.names)) return 'no sheets or names';
  if (v.sheets.length === 0) return 'no sheet';
  const seen = new Map<string, string>();
  for (const s of v.sheets as unknown[]) {
    if (!isObject(s) || typeof s.name !== 'string' || !Array.isArray(s.cells)) return 'a sheet without a name or cells';
    const name = s.name;
    const illegal = sheetNameProblem(name, []);
    if (illegal) return `a sheet name Excel refuses (${illegal})`;
    const twin = seen.get(name.toLowerCase());
    if (twin !== undefined) return `two sheets named "${twin}" and "${name}" (Excel allows one, whatever the case)`;
    seen.set(name.toLowerCase(), name);
    const refs = new Set<string>();
    for (const c of s.cells as unknown[]) {
      if (!Array.isArray(c) || c.length !== 2 || typeof c[0] !== 'string' || !parseRef(c[0])) return `a cell of "${name}" without a valid reference`;
      if (!isContent(c[1])) return `the cell ${c[0]} of "${name}" holds ${typeof c[1] === 'number' ? String(c[1]) : `a ${Array.isArray(c[1]) ? 'list' : typeof c[1]}`}, not a value or a formula`;
      if (refs.has(c[0])) return `the cell ${c[0]} of "${name}" twice`;
      refs.add(c[0]);
    }
    if (s.arrays !== undefined && (!Array.isArray(s.arrays) || s.arrays.some((r) => typeof r !== 'string' || !parseRef(r)))) return `the tables of "${name}" are not a list of cell references`;
    if (s.owned !== undefined && (!Array.isArray(s.owned) || s.owned.some((r) => typeof r !== 'string' || !parseRef(r)))) return `the cells a template owns on "${name}" are not a list of cell references`;
    if (s.formats !== undefined) {
      if (!Array.isArray(s.formats)) return `the formats of "${name}" are not a list`;
      for (const f of s.formats as unknown[]) {
        if (!Array.isArray(f) || f.length !== 2 || typeof f[0] !== 'string' || !parseRef(f[0])) return `a format of "${name}" without a valid cell reference`;
        const problem = formatProblem(f[1]);
        if (problem) return `the format of ${f[0]} on "${name}": ${problem}`;
      }
    }
    if (s.layout !== undefined) {
      const problem = layoutProblem(s.layout);
      if (problem) return `the layout of "${name}": ${problem}`;
    }
  }
  for (const n of v.names as unknown[]) {
    if (!isObject(n) || typeof n.name !== 'string' || typeof n.expression !== 'string') return 'a defined name without a name or an expression';
    if (!isLegalName(n.name)) return `"${n.name}" is not a name Excel accepts`;
    if (n.scope !== undefined && (typeof n.scope !== 'string' || !seen.has(n.scope.toLowerCase()))) return `the name ${n.name} is scoped to a sheet the workbook does not have`;
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
