/**
 * Download .xlsx and Open .xlsx in the browser, with the one writer and reader of src/xlsx (ExcelJS's
 * browser build). Loaded on first use: ExcelJS is a chunk of its own (dist/workbench-xlsx.js), not part
 * of the page's first load, and never part of the Excel add-in.
 */
import type { WriteReport, XlsxMode, ReadProblem } from '../xlsx';
import { problemMessage } from '../xlsx/problems';
import type { WorkbookSession } from './session';
import { takeSnapshot, type RestoreProblem } from './snapshot';
import type { WorkbookSide } from './model';
import { cellRef, parseBlock } from '../templates/plan';

/** The most cells of a kept array formula's block marked as its own (a larger block is kept at its anchor only). */
const MAX_KEPT_ARRAY_CELLS = 100_000;

const loadXlsxModule = () => import(/* webpackChunkName: "xlsx" */ '../xlsx');

/** The file name of a download: the first sheet's name, the mode unless it is `watt`. */
export function downloadName(sheets: readonly string[], mode: XlsxMode): string {
  const base = (sheets[0] ?? 'Watt workbook').replace(/[^A-Za-z0-9 ()_-]+/g, '').trim() || 'Watt workbook';
  return `${base}${mode === 'watt' ? '' : ` (${mode})`}.xlsx`;
}

/** The .xlsx bytes of the session's workbook in a mode, with the writer's report. */
export async function workbookBytes(session: WorkbookSession, mode: XlsxMode): Promise<{ data: Uint8Array; report: WriteReport }> {
  const { writeXlsx } = await loadXlsxModule();
  const { hf, adapter } = session.model;
  return writeXlsx({ hf, formats: adapter.formats, layouts: adapter.layouts }, { mode });
}

/** One line on what a download holds: sheets, formulas, and the cells written as values (with a note). */
export function describeReport(report: WriteReport): string {
  const formulas = report.sheets.reduce((n, s) => n + s.formulas, 0);
  const parts = [`${report.sheets.length} sheet${report.sheets.length === 1 ? '' : 's'}`, `${formulas} formula${formulas === 1 ? '' : 's'}`];
  if (report.mode === 'native') {
    const native = report.sheets.reduce((n, s) => n + s.nativeFormulas, 0);
    parts.push(`${native} WATT call${native === 1 ? '' : 's'} in Excel's own functions`);
    const blocks = report.sheets.reduce((n, s) => n + s.nativeBlocks, 0);
    if (blocks) parts.push(`${blocks === 1 ? '1 table as a native formula block' : `${blocks} tables as native formula blocks`} (inputs checked on the sheet "${report.helperSheet}")`);
    if (report.fallbacks.length) parts.push(`${report.fallbacks.length} cell${report.fallbacks.length === 1 ? '' : 's'} as values with a note naming the formula (no native form: ${[...new Set(report.fallbacks.map((f) => `${f.sheet}!${f.ref}`))].slice(0, 3).join(', ')}${report.fallbacks.length > 3 ? ', …' : ''})`);
  }
  if (report.mode === 'values') parts.push('numbers only, each formula in its cell\'s note');
  if (report.mode === 'watt') parts.push('WATT formulas as Excel stores them, each with its value cached');
  return parts.join('; ');
}

/** Starts a browser download of bytes under a file name. */
export function saveBytes(data: Uint8Array, name: string): void {
  const blob = new Blob([data as Uint8Array<ArrayBuffer>], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The largest file the workbench opens (bytes as stored, before inflating): a browser tab's memory is not a server's. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/**
 * Why a file is refused before it is read, or undefined: the one place the workbench checks a file's
 * size and shape before inflating it. The .xlsx reader's own bounded-read limits (uncompressed size,
 * cells, a sheet's dimension) are checked by the reader itself as it inflates; this check refuses what
 * is too big to try at all.
 */
export function fileProblem(data: ArrayBuffer | Uint8Array, fileName: string, size = data.byteLength): string | undefined {
  const bytes = size;
  if (bytes > MAX_FILE_BYTES) return `${fileName} is ${(bytes / 1024 / 1024).toFixed(1)} MB; the workbench opens files up to ${MAX_FILE_BYTES / 1024 / 1024} MB. Open it in Excel, or recalculate it with \`npx watt recalc\`.`;
  const head = new Uint8Array(data instanceof Uint8Array ? data.buffer : data, data instanceof Uint8Array ? data.byteOffset : 0, Math.min(4, data.byteLength));
  if (head.length < 4 || head[0] !== 0x50 || head[1] !== 0x4b) return `${fileName} is not an .xlsx file (an .xlsx is a zip archive; this one does not start like one).`;
  return undefined;
}

export interface Opened {
  sheets: string[];
  /**
   * What the reader or the engine could not take, by cell or name (the rest is open): the reader's
   * problems as `watt recalc` lists them (a formula it could not take is open at its cached value),
   * then what the snapshot could not restore.
   */
  problems: (ReadProblem | RestoreProblem)[];
  /** Cells linking to another workbook: kept at the value the file cached, not recalculated. */
  links: ReadProblem[];
}

/**
 * Opens .xlsx bytes (from Excel, LibreOffice or Watt) as the session's workbook, one undoable change:
 * the file is read into an engine of its own, then its snapshot replaces the workbook. WATT formulas
 * in any spelling a file holds (`_xldudf_WATT_X`, `WATT.X`) evaluate.
 */
export async function openBytes(session: WorkbookSession, data: ArrayBuffer | Uint8Array, fileName: string): Promise<Opened> {
  const refused = fileProblem(data, fileName);
  if (refused) throw new Error(refused);
  const { readXlsx, externalLinkMessage } = await loadXlsxModule();
  // The reader holds the bytes to its limits (src/xlsx/limits.ts: uncompressed size, cells, Excel's rows
  // and columns) before inflating a sheet, and names the file in its one-sentence refusal.
  const read = await readXlsx(data, undefined, { file: fileName });
  if (read.hf.getSheetNames().length === 0) throw new Error(`${fileName} has no sheets.`);
  const side: WorkbookSide = { formats: read.formats as WorkbookSide['formats'], layouts: read.layouts };
  keepRefusedFormulas(side, read.problems);
  const snapshot = takeSnapshot(read.hf, side);
  const restored = await session.replace(`Open ${fileName}`, snapshot);
  // A link to another workbook is listed once, by the reader, in externalLinks (not among the problems).
  const links = read.externalLinks.map((l) => ({ sheet: l.sheet, ref: l.ref, what: externalLinkMessage(l) }));
  return { sheets: snapshot.sheets.map((s) => s.name), problems: [...read.problems, ...restored], links };
}

/**
 * Each formula the engine did not take (the reader's "formula not taken" problems; the engine holds the
 * file's cached value) kept beside its cell, in the cell's format (CellFormat.kept): the grid marks the
 * cell and its formula bar shows the formula, a download writes it back as read with that value cached
 * (as `watt recalc` leaves it), undo and the browser's storage carry it with the formats. An edit of the
 * cell drops it (model.ts editBlock): the edit is the user's new content.
 */
export function keepRefusedFormulas(side: Pick<WorkbookSide, 'formats'>, problems: readonly ReadProblem[]): void {
  for (const p of problems) {
    if (p.kind !== 'formula' || !p.formula) continue;
    let sheet = side.formats.get(p.sheet);
    if (!sheet) side.formats.set(p.sheet, (sheet = new Map()));
    sheet.set(p.ref, { ...sheet.get(p.ref), kept: { formula: p.formula, why: p.what, ...(p.array ? { array: p.array } : {}) } });
    // An array formula's other cells hold its cached values; they point at the anchor (edited as a whole).
    const block = p.array ? parseBlock(p.array) : undefined;
    if (block && (block.bottom - block.top + 1) * (block.right - block.left + 1) <= MAX_KEPT_ARRAY_CELLS)
      for (let r = block.top; r <= block.bottom; r++)
        for (let c = block.left; c <= block.right; c++) {
          const ref = cellRef(r, c);
          if (ref !== p.ref) sheet.set(ref, { ...sheet.get(ref), keptIn: p.ref });
        }
  }
}

/**
 * The status line after an Open: the sheets, then every problem in the words `watt recalc` prints
 * (problemMessage: "Sheet1!A2: formula not taken: ...; its cached value 10 is kept, not recalculated",
 * "name Price2026: name not taken: ..."), the first three named, and the links to other workbooks.
 */
export function openedStatus(fileName: string, opened: Opened): { text: string; kind: 'info' | 'error' } {
  const list = (items: readonly { sheet: string; ref: string; kind?: ReadProblem['kind']; what: string }[], say: (p: (typeof items)[number]) => string) =>
    `${items.slice(0, 3).map(say).join('; ')}${items.length > 3 ? '; …' : ''}`;
  const problems = opened.problems.length
    ? ` ${opened.problems.length === 1 ? '1 thing' : `${opened.problems.length} things`} the engine could not take: ${list(opened.problems, (p) => problemMessage(p))}.`
    : '';
  const links = opened.links.length
    ? ` ${opened.links.length} cell(s) link to another workbook, kept at their cached values (not recalculated): ${list(opened.links, (p) => `${p.sheet}!${p.ref}`)}.`
    : '';
  return { text: `Opened ${fileName}: ${opened.sheets.length} sheet(s). Undo (Ctrl+Z) brings the previous workbook back.${problems}${links}`, kind: problems || links ? 'error' : 'info' };
}
