/**
 * The workbook survives a reload: after every change the workbench stores its snapshot (snapshot.ts)
 * in the browser's localStorage, and reads it back on start. Nothing is lost silently: a failure to
 * store (storage full, or refused) is reported to the caller, which shows it; a stored workbook that
 * cannot be read is kept aside under its own key, never overwritten, and reported.
 */
import { snapshotProblem, type WorkbookSnapshot } from './snapshot';

export const STORAGE_KEY = 'watt.workbench.v1';
/** Where an unreadable stored workbook is moved, so that saving the new one does not erase it. */
export const UNREADABLE_KEY = `${STORAGE_KEY}.unreadable`;

/** The part of the Web Storage API used (localStorage in the browser, a map in the tests). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Where a stored workbook that cannot be restored is kept when UNREADABLE_KEY already holds one: this prefix and the time. */
export const RECOVERY_PREFIX = `${STORAGE_KEY}.recovery.`;

export type Loaded =
  | { kind: 'none' }
  | { kind: 'ok'; snapshot: WorkbookSnapshot; savedAt?: string }
  | {
      kind: 'unreadable';
      message: string;
      /** Whether it was kept aside (when not, the caller must not save over it). */
      kept: boolean;
      /** The key it is kept under, and its text (to offer as a download). */
      key?: string;
      text?: string;
    };

interface Stored {
  savedAt: string;
  workbook: WorkbookSnapshot;
}

const reason = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Stores a snapshot; returns the failure's message, or undefined when it was stored. */
export function saveWorkbook(store: KeyValueStore | undefined, snapshot: WorkbookSnapshot, now = new Date()): string | undefined {
  if (!store) return 'this browser offers no local storage';
  try {
    store.setItem(STORAGE_KEY, JSON.stringify({ savedAt: now.toISOString(), workbook: snapshot } satisfies Stored));
    return undefined;
  } catch (e) {
    return reason(e);
  }
}

/** The stored workbook, none, or why it cannot be read (it is then kept under UNREADABLE_KEY). */
export function loadWorkbook(store: KeyValueStore | undefined): Loaded {
  if (!store) return { kind: 'none' };
  let text: string | null;
  try {
    text = store.getItem(STORAGE_KEY);
  } catch (e) {
    return { kind: 'unreadable', message: `browser storage cannot be read (${reason(e)})`, kept: false };
  }
  if (text === null) return { kind: 'none' };
  let problem: string | undefined;
  let stored: Partial<Stored> | undefined;
  try {
    stored = JSON.parse(text) as Partial<Stored>;
    problem = snapshotProblem(stored?.workbook);
  } catch (e) {
    problem = `not JSON (${reason(e)})`;
  }
  if (!problem && stored?.workbook) return { kind: 'ok', snapshot: stored.workbook, ...(stored.savedAt ? { savedAt: stored.savedAt } : {}) };
  return setAside(store, text, problem ?? 'unknown');
}

/**
 * Moves the stored workbook's text out of the way of the next save, under UNREADABLE_KEY or, when that
 * already holds an earlier one, under RECOVERY_PREFIX and the time (never over anything kept): used
 * when it cannot be read, and when it reads but cannot be restored (the engine or the grid refused it).
 */
export function setAside(store: KeyValueStore, text: string, problem: string, now = new Date()): Loaded & { kind: 'unreadable' } {
  try {
    let key = UNREADABLE_KEY;
    for (let i = 1; store.getItem(key) !== null && store.getItem(key) !== text; i++) key = `${RECOVERY_PREFIX}${now.toISOString()}${i > 1 ? `.${i}` : ''}`;
    store.setItem(key, text);
    store.removeItem(STORAGE_KEY);
    return { kind: 'unreadable', message: `the workbook stored in this browser cannot be read (${problem}); it is kept under the key "${key}"`, kept: true, key, text };
  } catch (e) {
    return { kind: 'unreadable', message: `the workbook stored in this browser cannot be read (${problem}) nor kept aside (${reason(e)}); it is not overwritten`, kept: false, text };
  }
}