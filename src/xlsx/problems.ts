/**
 * What the .xlsx reader could not take, and how it is said: one module with no imports, so the
 * workbench's first chunk (its Open status line) says it as `watt recalc` does without loading ExcelJS.
 */

/**
 * Something of the file the engine could not take: a cell's value or formula (by cell), or a defined
 * name (`ref` is the name; `sheet` the sheet of its scope, "" for the workbook). `what` says it in
 * plain words ("formula not taken: ... its cached value 3000 is kept, not recalculated").
 */
export interface ReadProblem {
  sheet: string;
  ref: string;
  what: string;
  /** What was not taken (absent: a cell, as a restored snapshot's problems say). */
  kind?: 'value' | 'formula' | 'name';
  /** The formula (or the name's definition) as the file holds it, "=..." */
  formula?: string;
  /** For a formula: the value the file cached for it, entered in the engine in its place (undefined: none). */
  cached?: number | string | boolean | { error: string };
  /** For an array formula: the block it spans as the file holds it ("A2:B3"). */
  array?: string;
}

/**
 * A cell whose formula Watt's engine did not take (a "formula not taken" problem): the engine holds the
 * file's cached value, and the workbench keeps the formula beside it (its CellFormat.kept) so a
 * download writes it back as read, with that value cached, as `watt recalc` does. An edit of the cell
 * replaces it (the edit is the user's new content).
 */
export interface KeptFormula {
  /** The formula as the file holds it, "=..." */
  formula: string;
  /** An array formula's block ("A2:B3"); absent for one cell. */
  array?: string;
  /** Why the engine did not take it, in the reader's words ("formula not taken: ..."). */
  why: string;
}

/** Where a problem is, for the user: "Sheet1!A2", or a name "name Price2026" ("name rate (sheet Model)" when sheet-scoped). */
export function problemPlace(p: Pick<ReadProblem, 'sheet' | 'ref' | 'kind'>): string {
  if (p.kind === 'name') return `name ${p.ref}${p.sheet ? ` (sheet ${p.sheet})` : ''}`;
  return p.sheet ? `${p.sheet}!${p.ref}` : p.ref;
}

/** A problem in one line: "Sheet1!A2: formula not taken: ...". The CLI's recalc and the workbench's Open both say it so. */
export function problemMessage(p: Pick<ReadProblem, 'sheet' | 'ref' | 'kind' | 'what'>): string {
  return `${problemPlace(p)}: ${p.what}`;
}

