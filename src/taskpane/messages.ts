/**
 * What the pane tells the user after an insert: one message with an intent (the colour of the Fluent
 * message bar), a title and a detail. Errors from any host are classified here, in one place, so the
 * wording is the same in Excel and in the workbench.
 */

export type Intent = 'info' | 'success' | 'warning' | 'error';

export interface PaneMessage {
  intent: Intent;
  title: string;
  detail?: string;
  /** A link shown after the detail (e.g. to the workbench when the pane runs outside Excel). */
  link?: { href: string; text: string };
}

/** The workbench page, served beside taskpane.html (dist/workbench.html). */
export const WORKBENCH_PAGE = 'workbench.html';

/** Raised before touching the workbook when the host lacks an API Watt needs. */
export class RequirementError extends Error {
  constructor(
    readonly requirementSet: string,
    readonly version: string,
  ) {
    super(`this version of Excel does not support ${requirementSet} ${version}`);
    this.name = 'RequirementError';
  }
}

/** Raised before touching the workbook when its structure is protected (sheets cannot be added). */
export class ProtectedWorkbookError extends Error {
  constructor() {
    super('the workbook structure is protected');
    this.name = 'ProtectedWorkbookError';
  }
}

/** Office.js errors (OfficeExtension.Error) carry a code such as "AccessDenied" or "InvalidArgument". */
function codeOf(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}

/** Where the failing statement ran, when Office.js says (debugInfo.errorLocation, e.g. "Worksheet.add"). */
function locationOf(error: unknown): string | undefined {
  const info = error && typeof error === 'object' ? (error as { debugInfo?: { errorLocation?: unknown } }).debugInfo : undefined;
  return info && typeof info.errorLocation === 'string' && info.errorLocation ? info.errorLocation : undefined;
}

const UNCHANGED = 'The workbook was left as it was.';

/** The Excel adapter's TemplateInsertError (matched by shape, so this module stays host-free). */
function insertErrorCode(error: unknown): string | undefined {
  if (error instanceof Error && error.name === 'TemplateInsertError') return codeOf(error);
  return undefined;
}

/**
 * The pane opened in a plain browser tab (Office.js not loaded): nothing can be inserted here. Shown as
 * soon as the pane opens (PaneHost.notice), and again for an Insert clicked anyway.
 */
export const OUTSIDE_EXCEL: PaneMessage = {
  intent: 'error',
  title: 'Templates need Excel',
  detail: 'This page is open outside Excel (Office.js is not loaded), so nothing can be inserted here. In Excel, open Watt from the Home tab; without Excel, the workbench runs every template in a live grid.',
  link: { href: WORKBENCH_PAGE, text: 'Open the workbench' },
};

/** The message for a failed insert of `title` into `host` ("Excel" or "the workbench"). */
export function describeInsertError(error: unknown, title: string, host: string): PaneMessage {
  const adapterCode = insertErrorCode(error);
  const code = adapterCode ? undefined : codeOf(error);
  const text = messageOf(error).trim();
  const hostTitle = host === 'Excel' ? 'Excel' : 'The workbench';

  if (adapterCode === 'unsupported' || error instanceof RequirementError || code === 'ApiNotFound') {
    const need = error instanceof RequirementError ? `${error.requirementSet} ${error.version}` : 'a newer Excel JavaScript API';
    if (/Office\.js is not loaded/i.test(text)) {
      // The pane opened in a plain browser tab: say so once, and point at what works here.
      return OUTSIDE_EXCEL;
    }
    return {
      intent: 'error',
      title: 'This version of Excel cannot insert templates',
      detail: adapterCode ? text : `Watt needs ${need} (Excel 2019 or later, Microsoft 365, or Excel on the web). ${UNCHANGED}`,
    };
  }
  if (adapterCode === 'protected' || error instanceof ProtectedWorkbookError || code === 'AccessDenied' || (!adapterCode && /\bprotect/i.test(text))) {
    return {
      intent: 'error',
      title: 'The workbook is protected',
      detail: adapterCode
        ? text
        : `"${title}" adds sheets, which a protected workbook does not allow. Unprotect it (Review > Protect Workbook) and insert again. ${UNCHANGED}`,
    };
  }
  if (adapterCode === 'name-taken') {
    return { intent: 'warning', title: `"${title}" was not inserted`, detail: text };
  }
  if (error instanceof Error && error.name === 'TemplateError') {
    return { intent: 'error', title: `The template "${title}" is invalid`, detail: `${text} Nothing was written; please report this.` };
  }
  if (adapterCode) {
    // The adapter's message already says what failed and what state the workbook is in.
    return { intent: 'error', title: `${hostTitle} could not insert "${title}"`, detail: text };
  }
  const where = locationOf(error);
  const suffix = [code, where].filter(Boolean).join(' at ');
  const mentionsState = /removed|deleted|as it was|nothing was changed/i.test(text);
  return {
    intent: 'error',
    title: `${hostTitle} could not insert "${title}"`,
    detail: `${text.replace(/\.$/, '')}${suffix ? ` (${suffix})` : ''}.${mentionsState ? '' : ` ${UNCHANGED}`}`,
  };
}

/**
 * The message for a successful insert: which sheets were added, and what the host could not do (a
 * warning then, so it is seen: an Excel without page layout leaves the sheets without a page setup).
 */
export function describeInserted(title: string, sheetNames: readonly string[], notes: readonly string[] = []): PaneMessage {
  const sheets = sheetNames.map((n) => `"${n}"`);
  const list = sheets.length <= 1 ? sheets.join('') : `${sheets.slice(0, -1).join(', ')} and ${sheets[sheets.length - 1]}`;
  const added = sheets.length === 0 ? undefined : `Added ${sheets.length === 1 ? 'sheet' : 'sheets'} ${list}. Inputs are blue on yellow: change them and the model recalculates.`;
  if (notes.length > 0) return { intent: 'warning', title: `Inserted "${title}"`, detail: [added, ...notes].filter(Boolean).join(' ') };
  return { intent: 'success', title: `Inserted "${title}"`, detail: added };
}

/** What a share made (the Excel adapter's ShareResult, by shape, so this module stays host-free). */
export interface SharedSummary {
  mode: 'native' | 'values';
  sheetNames: readonly string[];
  nativeCells: number;
  valueCells: number;
  /** Projection tables written as native formula blocks, and the sheet of their checked inputs. */
  nativeBlocks?: number;
  helperSheet?: string;
  annotations: 'notes' | 'comments' | 'none';
}

/** Where to get a portable copy when the pane runs outside Excel. */
export const SHARE_ELSEWHERE =
  'Share copies sheets inside Excel. Here, use the workbench\'s Download .xlsx (choose native or values), or from a terminal `npx watt template export ID --mode native -o FILE.xlsx`.';

function listNames(names: readonly string[]): string {
  const quoted = names.map((n) => `"${n}"`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** The message for a successful share: which copies were added and what is in them. */
export function describeShared(result: SharedSummary): PaneMessage {
  const plural = result.sheetNames.length === 1 ? 'sheet' : 'sheets';
  const where = result.annotations === 'notes' ? 'a cell note' : result.annotations === 'comments' ? 'a comment' : undefined;
  const parts = [`Added ${plural} ${listNames(result.sheetNames)}; the originals are unchanged.`];
  if (result.mode === 'native') {
    parts.push(`${result.nativeCells} WATT ${result.nativeCells === 1 ? 'formula is' : 'formulas are'} written in Excel's own functions, so the copy recalculates without the add-in.`);
    if (result.nativeBlocks && result.helperSheet) parts.push(`${result.nativeBlocks === 1 ? 'The table is a block' : `${result.nativeBlocks} tables are blocks`} of Excel formulas; the inputs ${result.nativeBlocks === 1 ? 'it reads are' : 'they read are'} checked on the new sheet "${result.helperSheet}" (also move it when you send the copy).`);
    else if (result.helperSheet) parts.push(`Some formulas read the new sheet "${result.helperSheet}" (WATT.MININGVALUE's month index): also move it when you send the copy.`);
    if (result.valueCells > 0) parts.push(`${result.valueCells} (tables, live data) ${result.valueCells === 1 ? 'is a value' : 'are values'}${where ? `, with the reason in ${where}` : ''}.`);
  } else {
    parts.push(`${result.valueCells} ${result.valueCells === 1 ? 'formula is' : 'formulas are'} now ${result.valueCells === 1 ? 'its value' : 'their values'}${where ? `, each with its formula in ${where}` : ''}.`);
  }
  if (!where && result.valueCells > 0) parts.push('This Excel cannot add notes or comments (ExcelApi 1.10), so the formulas behind the values are not on the copy: keep the original beside it.');
  parts.push('Move or copy the new sheets to a workbook of their own to send them (right-click the tab > Move or Copy).');
  return { intent: 'success', title: `Shared ${result.sheetNames.length} ${plural} (${result.mode})`, detail: parts.join(' ') };
}

/** The message for a failed share: the adapter's ShareError (matched by shape) or anything else. */
export function describeShareError(error: unknown): PaneMessage {
  const code = error instanceof Error && error.name === 'ShareError' ? codeOf(error) : undefined;
  const text = messageOf(error).trim();
  switch (code) {
    case 'unsupported':
      if (/Office\.js is not loaded/i.test(text)) return { intent: 'error', title: 'Share needs Excel', detail: SHARE_ELSEWHERE, link: { href: WORKBENCH_PAGE, text: 'Open the workbench' } };
      return { intent: 'error', title: 'This version of Excel cannot share', detail: text };
    case 'protected':
      return { intent: 'error', title: 'The workbook is protected', detail: text };
    case 'nothing':
      return { intent: 'warning', title: 'Nothing to share', detail: text };
    case 'busy':
      return { intent: 'warning', title: 'Still calculating', detail: text };
    case 'name-taken':
      return { intent: 'warning', title: 'Nothing was shared', detail: text };
    case 'failed':
      return { intent: 'error', title: 'Excel could not make the copy', detail: text };
    default: {
      const where = locationOf(error);
      const suffix = [codeOf(error), where].filter(Boolean).join(' at ');
      return { intent: 'error', title: 'Excel could not make the copy', detail: `${text.replace(/\.$/, '')}${suffix ? ` (${suffix})` : ''}. ${UNCHANGED}` };
    }
  }
}
