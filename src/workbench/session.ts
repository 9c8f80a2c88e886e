/**
 * The workbench's workbook as a user works on it: every change goes through here, so each one can be
 * undone and redone (history.ts) and is saved (the caller's `onChange` hook; storage.ts). Edits of
 * cells come from the model (typing, Delete, paste); changes to the sheets themselves (a template
 * inserted, a sheet added, renamed or deleted, a new or opened workbook) are run here with the whole
 * workbook kept before and after. No DOM: the tests drive it in Node.
 */
import { cellRef, legalSheetName } from '../templates/plan';
import { History, type Entry } from './history';
import type { WorkbookModel } from './model';
import { restoreSnapshot, takeSnapshot, type RestoreProblem, type WorkbookSnapshot } from './snapshot';

/** Excel's rules for a sheet name: 1 to 31 characters, none of : \ / ? * [ ], no apostrophe first or last. */
export function sheetNameProblem(name: string, taken: readonly string[], current?: string): string | undefined {
  if (name.trim() === '') return 'A sheet name cannot be empty.';
  if (name.length > 31) return `"${name}" is longer than 31 characters, Excel's limit for a sheet name.`;
  if (/[:\\/?*[\]]/.test(name)) return `"${name}" contains one of : \\ / ? * [ ], which Excel does not allow in a sheet name.`;
  if (/^'|'$/.test(name)) return `A sheet name cannot begin or end with an apostrophe.`;
  if (legalSheetName(name) !== name) return `"${name}" is not a sheet name Excel accepts (spaces at either end, or the reserved name History).`;
  const clash = taken.find((t) => t.toLowerCase() === name.toLowerCase() && t !== current);
  if (clash) return `A sheet named "${clash}" already exists.`;
  return undefined;
}

/** What a change did, for the grid (which sheet to show) and the status line. */
export interface Applied {
  label: string;
  /** The sheet to show after it (the sheet edited, added, renamed; undefined: keep the current one). */
  sheet?: string;
  problems?: RestoreProblem[];
}

export class WorkbookSession {
  readonly history = new History();
  /** The sheet the user is on (the grid's), shown again when a change to the sheets is undone. */
  activeSheet?: () => string;
  /** Called after every change (edit, sheet change, undo, redo): the workbench re-renders and saves. */
  onChange?: (applied: Applied) => void;

  constructor(readonly model: WorkbookModel) {
    model.onCellsChanged = (sheet, cells) => {
      const first = cellRef(cells[0].row, cells[0].col);
      const last = cellRef(cells[cells.length - 1].row, cells[cells.length - 1].col);
      const label = cells.length === 1 ? `Edit ${sheet}!${first}` : `Paste into ${sheet}!${first}:${last}`;
      this.history.record({ label, change: { kind: 'cells', sheet, cells } });
      this.onChange?.({ label, sheet });
    };
  }

  snapshot(): WorkbookSnapshot {
    return takeSnapshot(this.model.hf, this.model.adapter);
  }

  /** Puts a snapshot in place (tables re-sized); returns what the engine refused. */
  restore(snapshot: WorkbookSnapshot): RestoreProblem[] {
    const problems = restoreSnapshot(this.model.hf, this.model.adapter, snapshot, (f) => this.model.isTableFormula(f));
    this.model.reenterTables();
    return problems;
  }

  /**
   * Runs a change to the sheets, recording the workbook before and after. When `run` throws, the
   * workbook before is put back and the error goes on to the caller; nothing is recorded.
   */
  async change<T>(label: string, run: () => T | Promise<T>, sheetAfter?: (result: T) => string | undefined): Promise<T> {
    const before = this.snapshot();
    const sheetBefore = this.activeSheet?.() ?? this.model.sheetNames()[0];
    let result: T;
    try {
      result = await run();
    } catch (e) {
      this.restore(before);
      throw e;
    }
    const after = this.snapshot();
    const sheet = sheetAfter?.(result);
    this.history.record({ label, change: { kind: 'workbook', before, after, sheet: { before: sheetBefore ?? '', after: sheet ?? '' } } });
    this.onChange?.({ label, sheet });
    return result;
  }

  /** Adds an empty sheet ("Sheet2", ... by default) at the end; returns its name. */
  async addSheet(name?: string): Promise<string> {
    const taken = this.model.sheetNames();
    let chosen = name;
    if (chosen === undefined) {
      const lower = new Set(taken.map((t) => t.toLowerCase()));
      let i = 1;
      while (lower.has(`sheet${i}`)) i++;
      chosen = `Sheet${i}`;
    }
    const problem = sheetNameProblem(chosen, taken);
    if (problem) throw new Error(problem);
    return this.change(`Add sheet ${chosen}`, () => this.model.hf.addSheet(chosen!), (n) => n);
  }

  /** Renames a sheet; formulas and names that refer to it follow (the engine rewrites them). */
  async renameSheet(from: string, to: string): Promise<void> {
    if (from === to) return;
    const problem = sheetNameProblem(to, this.model.sheetNames(), from);
    if (problem) throw new Error(problem);
    const side = this.model.adapter;
    await this.change(
      `Rename sheet ${from} to ${to}`,
      () => {
        this.model.hf.renameSheet(this.model.sheetId(from), to);
        for (const map of [side.formats, side.layouts, side.owned] as Map<string, unknown>[]) {
          if (!map?.has(from)) continue;
          map.set(to, map.get(from));
          map.delete(from);
        }
      },
      () => to,
    );
  }

  /** Deletes a sheet (undo brings it back, with the formulas elsewhere that referred to it). */
  async deleteSheet(name: string): Promise<void> {
    const names = this.model.sheetNames();
    if (!names.includes(name)) throw new Error(`There is no sheet named "${name}".`);
    if (names.length === 1) throw new Error('A workbook keeps at least one sheet: add another before deleting this one.');
    const side = this.model.adapter;
    const next = names[names.indexOf(name) + 1] ?? names[names.indexOf(name) - 1];
    await this.change(
      `Delete sheet ${name}`,
      () => {
        this.model.hf.removeSheet(this.model.sheetId(name));
        side.formats.delete(name);
        side.layouts.delete(name);
        side.owned?.delete(name);
        this.model.reenterTables();
      },
      () => next,
    );
  }

  /** Replaces the workbook with an empty one (one sheet, Sheet1); undo brings the old one back. */
  async newWorkbook(): Promise<void> {
    await this.replace('New workbook', { version: 1, sheets: [{ name: 'Sheet1', cells: [] }], names: [] });
  }

  /** Replaces the workbook with another (an opened file), as one change that undo reverts. */
  async replace(label: string, snapshot: WorkbookSnapshot): Promise<RestoreProblem[]> {
    let problems: RestoreProblem[] = [];
    await this.change(
      label,
      () => {
        problems = this.restore(snapshot);
      },
      () => snapshot.sheets[0]?.name,
    );
    return problems;
  }

  private apply(entry: Entry, side: 'before' | 'after'): Applied {
    const { change } = entry;
    if (change.kind === 'cells') {
      const result = this.model.write(change.sheet, change.cells, side);
      if (!result.ok) throw new Error(result.message);
      return { label: entry.label, sheet: change.sheet };
    }
    const problems = this.restore(change[side]);
    const sheet = change.sheet?.[side] || undefined;
    return { label: entry.label, sheet: sheet && this.model.sheetNames().includes(sheet) ? sheet : undefined, ...(problems.length ? { problems } : {}) };
  }

  /** Undoes the last change; undefined when there is nothing to undo. */
  undo(): Applied | undefined {
    const entry = this.history.undo();
    if (!entry) return undefined;
    try {
      const applied = this.apply(entry, 'before');
      this.onChange?.({ ...applied, label: `Undid: ${entry.label}` });
      return applied;
    } catch (e) {
      this.history.restore(entry, 'undo');
      throw e;
    }
  }

  /** Redoes the last change undone; undefined when there is nothing to redo. */
  redo(): Applied | undefined {
    const entry = this.history.redo();
    if (!entry) return undefined;
    try {
      const applied = this.apply(entry, 'after');
      this.onChange?.({ ...applied, label: `Redid: ${entry.label}` });
      return applied;
    } catch (e) {
      this.history.restore(entry, 'redo');
      throw e;
    }
  }
}
