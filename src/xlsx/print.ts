/**
 * A banker's page setup for every sheet the writer makes, derived from what the sheet holds:
 *
 *  - Print area: the rows and columns that hold something (a value, or a formula with a value at
 *    export), never the blank rows of a native formula block below its months (a 30-month projection
 *    has 600 formula rows, 570 of them "" at export), nor styled empty cells. Text that runs on over
 *    the empty cells to its right (sources, notes) widens the area as far as it reaches on screen, up to
 *    a limit, so a note is not cut at the area's edge.
 *  - Fit to one page wide, as many pages tall as needed: no table is split across pages by columns.
 *  - Landscape when the area is wider than a portrait page's printable width.
 *  - The header rows repeated on every page: the header of the sheet's tall table (a spilled table or a
 *    native formula block with more rows than a page), else the frozen rows.
 *  - Narrow margins, the sheet's name and "Page n of m" in the footer, gridlines off (the styles draw
 *    the tables).
 *
 * Pure apart from ExcelJS: the writer calls it once per sheet after the cells are written.
 */
import type ExcelJS from 'exceljs';
import { columnLetters } from '../templates/plan';

/** A portrait page's printable width in points: US Letter or A4 (8.27 in) less 0.5 in margins each side. */
export const PORTRAIT_WIDTH = 7.25 * 72;
/** Excel's default column width in points (8.43 characters of Calibri 11: 64 px). */
export const DEFAULT_COLUMN_POINTS = 48;
/**
 * The widest a note running over empty cells may make the print area, in points (a landscape page):
 * a longer note wraps within the area instead (applyPrintSetup), so the page keeps a readable scale.
 */
export const MAX_OVERFLOW_POINTS = 10 * 72;
/** Average width of a character of Calibri 11, in points (for text running over empty cells). */
const CHAR_POINTS = 5.6;
/** A landscape Letter page's printable width in points (11 in less 0.5 in margins). */
export const LANDSCAPE_WIDTH = 10 * 72;
/** Wider than this (points), a sheet prints on tabloid paper (11 x 17 in) so its scale stays readable. */
export const TABLOID_FROM = 1.6 * LANDSCAPE_WIDTH;
/** A table taller than this many rows repeats its own header on each page (a page holds ~45 rows). */
const TALL_TABLE_ROWS = 24;

/** What the writer knows about a sheet beyond its cells. */
export interface PrintFacts {
  /** Column widths in points, from column A (a missing column: Excel's default). */
  columnWidths?: readonly number[];
  /** Frozen rows (the header a screen keeps; printed on each page when there is no tall table). */
  freezeRows?: number;
  /** Tall tables (spills and native blocks): 0-based row of the anchor, rows below it. */
  tables?: readonly { row: number; rows: number }[];
  /** Cells written that do not print ("A40"): a native block's rows below the months at export. */
  blank?: ReadonlySet<string>;
}

export interface PrintSetup {
  /** "A1:M63". */
  area: string;
  landscape: boolean;
  /** Tabloid paper (11 x 17 in) for a very wide sheet, else the printer's default (Letter or A4). */
  tabloid: boolean;
  /** "1:2", or undefined when no row repeats. */
  titleRows?: string;
  /** Width of the print area, points. */
  widthPoints: number;
  /** The print area's last column, 1-based (the area's right edge). */
  lastColumn: number;
}


/** Whether a written cell shows something. */
function shows(cell: ExcelJS.Cell): boolean {
  const v = cell.value as unknown;
  if (v === null || v === undefined || v === '') return false;
  if (typeof v === 'object' && v !== null && 'formula' in (v as object)) {
    const r = (v as { result?: unknown }).result;
    return !(r === undefined || r === null || r === '');
  }
  if (typeof v === 'object' && v !== null && 'sharedFormula' in (v as object)) return true;
  return true;
}

/** The text a cell shows, when it is text that may run on to the right (not a number: Excel shows ### then). */
function overflowText(cell: ExcelJS.Cell): string | undefined {
  const v = cell.value as unknown;
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null && 'richText' in (v as object)) return (v as { richText: { text: string }[] }).richText.map((t) => t.text).join('');
  if (typeof v === 'object' && v !== null && 'formula' in (v as object)) {
    const r = (v as { result?: unknown }).result;
    return typeof r === 'string' ? r : undefined;
  }
  return undefined;
}

/** The page setup of a written sheet (what `applyPrintSetup` writes). Undefined for an empty sheet. */
export function printSetup(ws: ExcelJS.Worksheet, facts: PrintFacts): PrintSetup | undefined {
  const width = (col: number) => facts.columnWidths?.[col - 1] ?? DEFAULT_COLUMN_POINTS;
  let lastRow = 0;
  let lastCol = 0;
  const texts: { row: number; col: number; text: string; wraps: boolean }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (facts.blank?.has(cell.address) || !shows(cell)) return;
      lastRow = Math.max(lastRow, r);
      lastCol = Math.max(lastCol, c);
      const text = overflowText(cell);
      if (text) texts.push({ row: r, col: c, text, wraps: cell.alignment?.wrapText === true });
    });
  });
  if (lastRow === 0) return undefined;
  // Text running on over empty cells to its right: the columns it reaches, within the limit.
  const occupied = (r: number, c: number) => {
    const cell = ws.findCell(r, c);
    return cell !== undefined && !facts.blank?.has(cell.address) && shows(cell);
  };
  let tableWidth = 0;
  for (let c = 1; c <= lastCol; c++) tableWidth += width(c);
  let printCol = lastCol;
  let printWidth = tableWidth;
  for (const t of texts) {
    if (t.wraps) continue;
    let need = t.text.length * CHAR_POINTS + 4 - width(t.col);
    let c = t.col;
    while (need > 0 && !occupied(t.row, c + 1)) {
      c++;
      need -= width(c);
    }
    while (c > printCol) {
      const next = printWidth + width(printCol + 1);
      if (next > Math.max(MAX_OVERFLOW_POINTS, tableWidth)) break;
      printCol++;
      printWidth = next;
    }
  }
  // Header rows: a tall table's (its anchor and the header-styled rows just above), else the frozen rows.
  let titleRows: string | undefined;
  const tall = (facts.tables ?? []).filter((t) => t.rows > TALL_TABLE_ROWS).sort((a, b) => a.row - b.row)[0];
  if (tall) {
    let top = tall.row + 1; // 1-based anchor row
    const isHeaderRow = (r: number) => {
      const cell = ws.findCell(r, 1) ?? ws.findCell(r, 2);
      return cell !== undefined && shows(cell) && (cell.font?.bold === true) && cell.fill !== undefined;
    };
    while (top > 1 && isHeaderRow(top - 1)) top--;
    titleRows = `${top}:${tall.row + 1}`;
  } else if (facts.freezeRows && facts.freezeRows > 0) {
    titleRows = `1:${facts.freezeRows}`;
  }
  return { area: `A1:${columnLetters(printCol)}${lastRow}`, landscape: printWidth > PORTRAIT_WIDTH, tabloid: printWidth > TABLOID_FROM, titleRows, widthPoints: printWidth, lastColumn: printCol };
}

/** Writes the page setup of a written sheet (see printSetup). */
export function applyPrintSetup(ws: ExcelJS.Worksheet, facts: PrintFacts): PrintSetup | undefined {
  const setup = printSetup(ws, facts);
  if (!setup) return undefined;
  // ExcelJS writes the print area's and titles' names as '<sheet>'!... without doubling an apostrophe
  // in the sheet's name, which Excel would refuse: such a sheet (a user's "Bob's model") gets the rest.
  const named = !ws.name.includes("'");
  ws.pageSetup = {
    ...ws.pageSetup,
    orientation: setup.landscape ? 'landscape' : 'portrait',
    ...(setup.tabloid ? { paperSize: 3 as unknown as ExcelJS.PaperSize } : {}),
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    // ExcelJS puts a "$" before each corner; the rows' "$" are ours (Excel's print area is absolute).
    ...(named ? { printArea: setup.area.replace(/([A-Z]+)(\d+)/g, '$1$$$2') } : {}),
    ...(named && setup.titleRows ? { printTitlesRow: setup.titleRows } : {}),
    horizontalCentered: false,
    showGridLines: false,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  ws.headerFooter = { ...ws.headerFooter, oddFooter: '&L&"Calibri,Regular"&8&A&R&"Calibri,Regular"&8Page &P of &N' };
  wrapLongText(ws, facts, setup);
  return setup;
}

/** Average width of a character of Calibri 11 in running prose (sources and notes: many narrow letters), in points. */
const NOTE_CHAR_POINTS = 5.1;
/** Height of a line of Calibri 11 in points. */
const LINE_POINTS = 14.5;

/**
 * A text that would run on past the print area (a long source or note) is wrapped within it: its cell is
 * merged with the empty cells to its right up to the area's last column, wrapped, and its row made tall
 * enough for the lines (set explicitly: Excel does not fit a merged cell's row by itself). Spreadsheets
 * scale a page to the text that overflows it too, so without this one long note shrinks the whole page.
 */
function wrapLongText(ws: ExcelJS.Worksheet, facts: PrintFacts, setup: PrintSetup): void {
  const width = (col: number) => facts.columnWidths?.[col - 1] ?? DEFAULT_COLUMN_POINTS;
  const lastCol = setup.lastColumn;
  const wraps: { r: number; c: number; end: number; lines: number; lineHeight: number }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (c > lastCol || cell.isMerged || cell.alignment?.wrapText || facts.blank?.has(cell.address) || !shows(cell)) return;
      const text = overflowText(cell);
      if (!text) return;
      // Characters and lines scale with the cell's font (sources and notes are set smaller than 11 pt).
      const size = cell.font?.size ?? 11;
      const need = (text.length * NOTE_CHAR_POINTS * size) / 11 + 4;
      let end = c;
      let w = width(c);
      // Merged only over cells that hold nothing and carry no format of their own (a styled blank input
      // keeps its number format; a spill's cells hold values).
      const free = (col: number) => {
        const other = ws.findCell(r, col);
        if (other === undefined) return true;
        const v = other.value as unknown;
        return (v === null || v === undefined || v === '') && !other.numFmt && !other.fill && !other.border && !other.note;
      };
      while (w < need && end < lastCol && free(end + 1)) w += width(++end);
      if (w >= need) return;
      wraps.push({ r, c, end, lines: Math.ceil(need / Math.max(w - 4, 10 * CHAR_POINTS)), lineHeight: (LINE_POINTS * size) / 11 });
    });
  });
  for (const { r, c, end, lines, lineHeight } of wraps) {
    if (end > c) ws.mergeCells(r, c, r, end);
    const cell = ws.getCell(r, c);
    cell.alignment = { ...cell.alignment, wrapText: true };
    const row = ws.getRow(r);
    row.height = Math.max(row.height ?? LINE_POINTS + 0.5, lines * lineHeight + 2);
    // The row's label, value and unit line up with the note's first line.
    row.eachCell({ includeEmpty: false }, (other) => {
      other.alignment = { ...other.alignment, vertical: 'top' };
    });
  }
}

/**
 * The number format of a value in a unit, as the templates write it (negatives in parentheses), for
 * sheets Watt writes itself (the `Watt native` sheet of checked assumptions): an amount of money with
 * the cents its unit needs, a fraction as a percent, a date as a date, counts with thousands separators.
 */
export function unitFormat(unit: string | undefined): string {
  const u = (unit ?? '').toLowerCase();
  if (/date serial|^date$/.test(u)) return 'yyyy-mm-dd';
  if (/fraction|0\.1 = 10%|%/.test(u)) return '0.0%;(0.0%)';
  if (/^usd per kwh/.test(u)) return '$#,##0.000;($#,##0.000)';
  if (/^usd per (mwh|w|ph)/.test(u)) return '$#,##0.00;($#,##0.00)';
  if (/^usd/.test(u)) return '$#,##0;($#,##0)';
  if (/^btc/.test(u)) return '#,##0.0000;(#,##0.0000)';
  if (/^(mw|j\/th|mwh)/.test(u)) return '#,##0.0;(#,##0.0)';
  if (/^(eh\/s|ph\/s|months?)/.test(u)) return '#,##0;(#,##0)';
  return '#,##0.00;(#,##0.00)';
}
