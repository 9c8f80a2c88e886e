/**
 * Undo and redo: two stacks of changes. A change to cells keeps each cell's content before and after
 * (small, exact); a change to the sheets themselves (a template inserted, a sheet added, renamed or
 * deleted, a new or opened workbook) keeps the whole workbook before and after (snapshot.ts). A new
 * change empties the redo stack, as in Excel. At most `limit` changes are kept; the oldest go first.
 */
import type { CellChange } from './model';
import type { WorkbookSnapshot } from './snapshot';

export type Change =
  | { kind: 'cells'; sheet: string; cells: CellChange[] }
  | { kind: 'workbook'; before: WorkbookSnapshot; after: WorkbookSnapshot; sheet?: { before: string; after: string } };

export interface Entry {
  /** What the change was, for the buttons' titles and the status line ("Edit B4", "Delete sheet Costs"). */
  label: string;
  change: Change;
}

export class History {
  private done: Entry[] = [];
  private undone: Entry[] = [];

  constructor(readonly limit = 200) {}

  record(entry: Entry): void {
    this.done.push(entry);
    if (this.done.length > this.limit) this.done.splice(0, this.done.length - this.limit);
    this.undone = [];
  }

  /** The change to undo (moved to the redo stack), or undefined when there is none. */
  undo(): Entry | undefined {
    const entry = this.done.pop();
    if (entry) this.undone.push(entry);
    return entry;
  }

  /** The change to redo (moved back to the undo stack), or undefined when there is none. */
  redo(): Entry | undefined {
    const entry = this.undone.pop();
    if (entry) this.done.push(entry);
    return entry;
  }

  /** Puts an entry back where it came from when applying it failed. */
  restore(entry: Entry, from: 'undo' | 'redo'): void {
    if (from === 'undo' && this.undone[this.undone.length - 1] === entry) this.done.push(this.undone.pop()!);
    if (from === 'redo' && this.done[this.done.length - 1] === entry) this.undone.push(this.done.pop()!);
  }

  get nextUndo(): string | undefined {
    return this.done[this.done.length - 1]?.label;
  }

  get nextRedo(): string | undefined {
    return this.undone[this.undone.length - 1]?.label;
  }

  get size(): { undo: number; redo: number } {
    return { undo: this.done.length, redo: this.undone.length };
  }

  clear(): void {
    this.done = [];
    this.undone = [];
  }
}
