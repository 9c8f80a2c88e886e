/**
 * The pane's insert logic without the DOM (so it is unit-tested under Node): one insert at a time,
 * the host's result or error turned into the message the pane shows.
 */
import type { Template } from '../templates/types';
import { describeInsertError, describeInserted, describeShared, describeShareError, type PaneMessage, type SharedSummary } from './messages';

export interface InsertResult {
  /** Names of the sheets the insert added, in order. */
  sheetNames: string[];
  /** What the host could not do but did not undo the insert for (Excel without page layout: no page setup). */
  notes?: string[];
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
  /**
   * Makes a portable copy of the Watt sheets (or the active sheet) in new sheets, never changing the
   * originals (Excel only); without it the Share tab says what to use instead.
   */
  share?(options: ShareRequest): Promise<SharedSummary>;
  /** A message the pane shows as soon as it opens (outside Excel: templates need Excel). */
  notice?: PaneMessage;
  /** Dark theme (Office's theme, when it reports one). */
  dark?: boolean;
}

/** What the Share tab asks for: the mode, and which sheets. */
export interface ShareRequest {
  mode: 'native' | 'values';
  /** 'watt': every sheet with a WATT formula; 'active': the active sheet. */
  scope: 'watt' | 'active';
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
        return describeInserted(template.title, result.sheetNames, result.notes);
      } catch (error) {
        return describeInsertError(error, template.title, host.hostName);
      } finally {
        busy = false;
      }
    },
  };
}

export interface ShareController {
  readonly busy: boolean;
  /** Shares and returns the message to show; a second call while one runs is refused with a warning. */
  share(request: ShareRequest): Promise<PaneMessage>;
}

export function createShareController(host: PaneHost): ShareController {
  let busy = false;
  return {
    get busy() {
      return busy;
    },
    async share(request) {
      if (!host.share) return describeShareError(Object.assign(new Error('Share needs Excel: Office.js is not loaded on this page.'), { name: 'ShareError', code: 'unsupported' }));
      if (busy) return { intent: 'warning', title: 'A share is already running', detail: 'Try again when it finishes.' };
      busy = true;
      try {
        return describeShared(await host.share(request));
      } catch (error) {
        return describeShareError(error);
      } finally {
        busy = false;
      }
    },
  };
}
