/**
 * The pane's insert logic without the DOM (so it is unit-tested under Node): one insert at a time,
 * the host's result or error turned into the message the pane shows.
 */
import type { Template } from '../templates/types';
import { describeInsertError, describeInserted, type PaneMessage } from './messages';

export interface InsertResult {
  /** Names of the sheets the insert added, in order. */
  sheetNames: string[];
}

/** Where the pane runs: Excel through Office.js, or the workbench's embedded engine. */
export interface PaneHost {
  /** Shown in messages: "Excel" or "the workbench". */
  hostName: string;
  templates: readonly Template[];
  /** Inserts a template all or nothing; rejects with the host's error (classified by messages.ts). */
  insert(template: Template): Promise<InsertResult>;
  /** Fills the Data tab (the data panel's mountDataPanel); without it the tab says it is unavailable. */
  mountData?(element: HTMLElement): void | Promise<void>;
  /** Dark theme (Office's theme, when it reports one). */
  dark?: boolean;
}

export interface InsertController {
  readonly busy: boolean;
  /** Inserts and returns the message to show; a second call while one runs is refused with a warning. */
  insert(template: Template): Promise<PaneMessage>;
}

export function createInsertController(host: PaneHost): InsertController {
  let busy = false;
  return {
    get busy() {
      return busy;
    },
    async insert(template) {
      if (busy) return { intent: 'warning', title: 'An insert is already running', detail: `"${template.title}" was not inserted; try again when it finishes.` };
      busy = true;
      try {
        const result = await host.insert(template);
        return describeInserted(template.title, result.sheetNames);
      } catch (error) {
        return describeInsertError(error, template.title, host.hostName);
      } finally {
        busy = false;
      }
    },
  };
}
