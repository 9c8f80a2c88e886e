/**
 * A banker's page setup for every sheet the writer makes, derived from what the sheet holds:
 *
 *  - Print area: the rows and columns that hold something (a value, or a formula with a value at
 *    export), never the blank rows of a native formula block below its months (a 30-month projection
 *    has 600 formula rows, 570 of them "" at export), nor styled empty cells. Text that runs on over
 *    the empty cells to its right (sources, notes) widens the area as far as it reaches on screen, up to
 *    a limit, so a note is not cut at the area's edge.
 *  - Fit to one page wide, as many pages tall as needed: no table is split across pages by columns.
 *  - A sheet that would print below 60% so (comps, valuation, hpc-deals) and whose template says how
 *    (TemplateSheet.print) prints in bands of whole column groups instead, on tabloid at a fixed scale
 *    of 60% or more, the identifying columns and the header row repeated on every page, one range of
 *    the print area per band (printBands, bandColumns, fewestPagesScale).
 *  - Landscape when the area is wider than a portrait page's printable width.
 *  - The header rows repeated on every page: the header of the sheet's tall table (a spilled table or a
 *    native formula block with more rows than a page), else the frozen rows.
 *  - Narrow margins, the sheet's name and "Page n of m" in the footer, gridlines off (the styles draw
 *    the tables).
 *
 * Pure apart from ExcelJS: the writer calls it once per sheet after the cells are written; the Excel
 * add-in computes the same setup from what Excel shows (gridPrintSetup, src/hosts/excel/page-setup.ts).
 */
import type ExcelJS from 'exceljs';
import { columnIndex, columnLetters } from '../templates/plan';
import type { SheetPrint } from '../templates/types';

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
/** A landscape tabloid page's printable width in points (17 in less 0.5 in margins). */
export const TABLOID_WIDTH = 16 * 72;
/**
 * The smallest print scale a sheet is given (60%: Calibri 11 prints at 6.6 pt, a comps sheet's usual
 * size on tabloid). A sheet that would print smaller on one tabloid page wide prints in bands of whole
 * column groups instead (bandColumns), each at this scale or larger.
 */
export const MIN_SCALE = 0.6;
/**
 * How much wider than Excel a reader may draw the columns: LibreOffice without Calibri (or its metric
 * twin Carlito) sizes a column of n characters in DejaVu Sans, about 1.33 times as wide. A band is sized
 * so it fits a page in both; in Excel it fills about three quarters of the page's width.
 */
export const RENDER_SLACK = 1.35;
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
  /** The template's print layout of a wide sheet: title columns, header row, column groups. */
  print?: SheetPrint;
}

/** A band of columns printed on pages of its own (1-based, inclusive), with the rows it covers. */
export interface PrintBand {
  from: number;
  to: number;
  /** "A1:Q31" (the first band, from row 1) or "R8:AC31" (the others, from below the header row). */
  range: string;
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
  /**
   * A sheet too wide for one page at MIN_SCALE: its bands of whole column groups, left to right, each a
   * range of the print area (Excel and LibreOffice print each range of a print area on pages of its
   * own), at a fixed scale, the title columns repeated at the left of every page.
   */
  bands?: PrintBand[];
  /** Print scale in percent, with bands (else fit to one page wide). */
  scale?: number;
  /** "A:B": the columns repeated at the left of every page of a sheet printed in bands. */
  titleColumns?: string;
  /**
   * Columns widened for print (1-based column → points): a band of one column of long text (sources,
   * readings) is as wide as the widest band, which sets the scale anyway, so its rows are fewer lines tall.
   */
  widen?: Record<number, number>;
}

/**
 * Bands of whole groups for a table too wide for one page: the fewest bands in which every band, the
 * title columns included, fits a tabloid page at MIN_SCALE as the widest reader draws it (RENDER_SLACK),
 * then among those the split whose widest band is narrowest, so the scale is as large as it can be.
 * `groups`: widths in points of the groups, left to right; `title`: width of the title columns.
 * Returns the bands as [first group, last group] (0-based) and the scale in percent (at most 100).
 */
export function bandColumns(groups: readonly number[], title: number, pageWidth = TABLOID_WIDTH): { bands: [number, number][]; scale: number } {
  const n = groups.length;
  const capacity = pageWidth / (MIN_SCALE * RENDER_SLACK) - title;
  const sum = (i: number, j: number) => groups.slice(i, j + 1).reduce((a, b) => a + b, 0);
  // best[k][j]: the narrowest widest band splitting groups 0..j-1 into k bands (a group wider than a page is a band alone).
  const best: number[][] = [[0, ...Array(n).fill(Infinity)]];
  const cut: number[][] = [[]];
  for (let k = 1; k <= n; k++) {
    best.push(Array(n + 1).fill(Infinity));
    cut.push(Array(n + 1).fill(-1));
    for (let j = 1; j <= n; j++) {
      for (let i = k - 1; i < j; i++) {
        const w = sum(i, j - 1);
        if (w > capacity && j - 1 > i) continue;
        const v = Math.max(best[k - 1][i], w);
        if (v < best[k][j]) {
          best[k][j] = v;
          cut[k][j] = i;
        }
      }
    }
    if (best[k][n] <= capacity || k === n) {
      const bands: [number, number][] = [];
      for (let kk = k, j = n; kk > 0; kk--) {
        const i = cut[kk][j];
        bands.unshift([i, j - 1]);
        j = i;
      }
      const scale = Math.min(100, Math.floor((100 * pageWidth) / (RENDER_SLACK * (title + best[k][n]))));
      return { bands, scale };
    }
  }
  return { bands: [[0, n - 1]], scale: 100 };
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

/**
 * A cell that shows something, as the page setup reads it (host-free: the writer reads an ExcelJS sheet,
 * the Excel add-in the values Excel computed): 1-based row and column.
 */
export interface GridCell {
  row: number;
  col: number;
  /** The text it shows, when text that may run on to the right (not a number). */
  text?: string;
  /** Wraps within its cell already. */
  wraps: boolean;
  /** Styled as a header: bold on a fill. */
  header: boolean;
  /** Font size, points (11 when not set). */
  size?: number;
  /** Part of a merged block. */
  merged?: boolean;
}

/** The cells of a written sheet that show something (not those marked blank). */
export function sheetGrid(ws: ExcelJS.Worksheet, blank?: ReadonlySet<string>): GridCell[] {
  const cells: GridCell[] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (blank?.has(cell.address) || !shows(cell)) return;
      cells.push({
        row: r,
        col: c,
        text: overflowText(cell),
        wraps: cell.alignment?.wrapText === true,
        header: cell.font?.bold === true && cell.fill !== undefined,
        ...(cell.font?.size !== undefined ? { size: cell.font.size } : {}),
        ...(cell.isMerged ? { merged: true } : {}),
      });
    });
  });
  return cells;
}

/** The page setup of a written sheet (what `applyPrintSetup` writes). Undefined for an empty sheet. */
export function printSetup(ws: ExcelJS.Worksheet, facts: PrintFacts): PrintSetup | undefined {
  return gridPrintSetup(sheetGrid(ws, facts.blank), facts);
}

/** The page setup of a sheet from the cells that show something. Undefined for an empty sheet. */
export function gridPrintSetup(cells: readonly GridCell[], facts: PrintFacts): PrintSetup | undefined {
  const width = (col: number) => facts.columnWidths?.[col - 1] ?? DEFAULT_COLUMN_POINTS;
  let lastRow = 0;
  let lastCol = 0;
  const at = new Map<string, GridCell>();
  const texts: { row: number; col: number; text: string; wraps: boolean; size?: number }[] = [];
  for (const cell of cells) {
    lastRow = Math.max(lastRow, cell.row);
    lastCol = Math.max(lastCol, cell.col);
    at.set(`${cell.row},${cell.col}`, cell);
    if (cell.text) texts.push({ row: cell.row, col: cell.col, text: cell.text, wraps: cell.wraps, size: cell.size });
  }
  if (lastRow === 0) return undefined;
  // Text running on over empty cells to its right: the columns it reaches, within the limit.
  const occupied = (r: number, c: number) => at.has(`${r},${c}`);
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
    const isHeaderRow = (r: number) => (at.get(`${r},1`) ?? at.get(`${r},2`))?.header === true;
    while (top > 1 && isHeaderRow(top - 1)) top--;
    titleRows = `${top}:${tall.row + 1}`;
  } else if (facts.freezeRows && facts.freezeRows > 0) {
    titleRows = `1:${facts.freezeRows}`;
  }
  const setup: PrintSetup = { area: `A1:${columnLetters(printCol)}${lastRow}`, landscape: printWidth > PORTRAIT_WIDTH, tabloid: printWidth > TABLOID_FROM, titleRows, widthPoints: printWidth, lastColumn: printCol };
  // Bands where the sheet says how (its groups); any other sheet fits one page wide, whatever its scale.
  if (!facts.print || TABLOID_WIDTH / printWidth >= MIN_SCALE) return setup;
  // A column whose text runs to more than three lines in its own width: it sets the height of the rows.
  const longText = (c: number) => texts.some((t) => t.col === c && (t.text.length * NOTE_CHAR_POINTS * (t.size ?? 11)) / 11 > 3 * width(c));
  return { ...setup, ...printBands(facts, printCol, width, occupied, lastRow, titleRows, longText) };
}

/** "C:E" and "AD" → 1-based column spans. */
export function columnGroups(groups: readonly string[]): { from: number; to: number }[] {
  return groups.map((g) => {
    const [a, b = a] = g.split(':');
    return { from: columnIndex(a), to: columnIndex(b) };
  });
}

/**
 * The bands of a sheet too wide for one tabloid page at MIN_SCALE: the template's groups (a column in
 * no group is a group of its own), packed by bandColumns. The first band prints from row 1 (title,
 * notes, inputs, and what lies below the table); the others from below the header row, which repeats at
 * the top of every page, as the title columns repeat at the left.
 */
function printBands(
  facts: PrintFacts,
  lastCol: number,
  width: (col: number) => number,
  occupied: (r: number, c: number) => boolean,
  lastRow: number,
  titleRows: string | undefined,
  longText: (col: number) => boolean,
): Partial<PrintSetup> {
  const titleCols = Math.min(facts.print?.titleColumns ?? 0, lastCol - 1);
  const headerRow = facts.print?.headerRow ?? Number(/^(\d+):(\d+)$/.exec(titleRows ?? '')?.[2] ?? 0);
  const groups: { from: number; to: number }[] = [];
  const declared = columnGroups(facts.print?.groups ?? []);
  for (let c = titleCols + 1; c <= lastCol; ) {
    const g = declared.find((b) => b.from === c);
    const to = Math.min(lastCol, g ? g.to : c);
    groups.push({ from: c, to });
    c = to + 1;
  }
  let titleWidth = 0;
  for (let c = 1; c <= titleCols; c++) titleWidth += width(c);
  const groupWidth = (g: { from: number; to: number }) => {
    let w = 0;
    for (let c = g.from; c <= g.to; c++) w += width(c);
    return w;
  };
  // A column of long text (sources, readings) prints in a band of its own, widened to the widest band
  // (below): its rows, which set the height of the table's rows on every band, are fewer lines tall.
  const alone = groups.map((g) => g.from === g.to && longText(g.from));
  const bands: [number, number][] = [];
  for (let i = 0; i < groups.length; ) {
    if (alone[i]) {
      bands.push([i, i]);
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < groups.length && !alone[j + 1]) j++;
    for (const [a, b] of bandColumns(groups.slice(i, j + 1).map(groupWidth), titleWidth).bands) bands.push([a + i, b + i]);
    i = j + 1;
  }
  const bandWidth = ([first, last]: [number, number]) => groups.slice(first, last + 1).reduce((a, g) => a + groupWidth(g), 0);
  const widest = Math.max(...bands.map(bandWidth));
  const scale = Math.min(100, Math.floor((100 * TABLOID_WIDTH) / (RENDER_SLACK * (titleWidth + widest))));
  const out: PrintBand[] = [];
  bands.forEach(([first, last], k) => {
    const from = k === 0 ? 1 : groups[first].from;
    const to = groups[last].to;
    const top = k === 0 ? 1 : headerRow + 1;
    // A band's last row: the last row with something in its columns (the rows below a table belong to the first band).
    let bottom = k === 0 ? lastRow : 0;
    for (let r = top; r <= lastRow && k > 0; r++) for (let c = from; c <= to; c++) if (occupied(r, c)) bottom = r;
    if (bottom >= top) out.push({ from, to, range: `${columnLetters(from)}${top}:${columnLetters(to)}${bottom}` });
  });
  const widen: Record<number, number> = {};
  for (const b of out.slice(1)) {
    const long: number[] = [];
    let w = 0;
    for (let c = b.from; c <= b.to; c++) {
      w += width(c);
      if (longText(c)) long.push(c);
    }
    // The band's room up to the widest band, shared by its columns of long text.
    if (long.length > 0 && widest > w) for (const c of long) widen[c] = width(c) + (widest - w) / long.length;
  }
  return {
    landscape: true,
    tabloid: true,
    bands: out,
    scale,
    titleRows: headerRow > 0 ? `${headerRow}:${headerRow}` : undefined,
    ...(titleCols > 0 ? { titleColumns: `A:${columnLetters(titleCols)}` } : {}),
    ...(Object.keys(widen).length > 0 ? { widen } : {}),
  };
}

/** Writes the page setup of a written sheet (see printSetup). */
export function applyPrintSetup(ws: ExcelJS.Worksheet, facts: PrintFacts): PrintSetup | undefined {
  const found = printSetup(ws, facts);
  if (!found) return undefined;
  const widths = [...(facts.columnWidths ?? [])];
  for (const [col, points] of Object.entries(found.widen ?? {})) {
    for (let c = widths.length; c < Number(col); c++) widths[c] = widths[c] ?? DEFAULT_COLUMN_POINTS;
    widths[Number(col) - 1] = points;
    // Excel's column width unit: characters of the default font (7 px each, 5 px padding); write.ts pointsToWidth.
    ws.getColumn(Number(col)).width = Math.round((((points * 4) / 3 - 5) / 7) * 100) / 100;
  }
  wrapLongText(ws, { ...facts, columnWidths: widths }, found);
  // The rows' heights are known once long text is wrapped: the scale that prints the bands on the fewest pages.
  const setup = found.bands ? { ...found, scale: fewestPagesScale(found, (r) => ws.getRow(r).height) } : found;
  // ExcelJS writes the print area's and titles' names as '<sheet>'!... without doubling an apostrophe
  // in the sheet's name, which Excel would refuse: such a sheet (a user's "Bob's model") gets the rest.
  const named = !ws.name.includes("'");
  const banded = setup.bands !== undefined;
  ws.pageSetup = {
    ...ws.pageSetup,
    orientation: setup.landscape ? 'landscape' : 'portrait',
    ...(setup.tabloid ? { paperSize: 3 as unknown as ExcelJS.PaperSize } : {}),
    // Bands: a fixed scale (Excel ignores a print area's page breaks when fitting to pages).
    ...(banded ? { fitToPage: false, scale: setup.scale } : { fitToPage: true, fitToWidth: 1, fitToHeight: 0 }),
    // ExcelJS puts a "$" before each corner; the rows' "$" are ours (Excel's print area is absolute).
    // A print area of several ranges (bands) is written by the writer as a defined name (printAreaName):
    // ExcelJS writes one range per name.
    ...(named && !banded ? { printArea: setup.area.replace(/([A-Z]+)(\d+)/g, '$1$$$2') } : {}),
    ...(named && setup.titleRows ? { printTitlesRow: setup.titleRows } : {}),
    ...(named && setup.titleColumns ? { printTitlesColumn: setup.titleColumns } : {}),
    horizontalCentered: false,
    showGridLines: false,
    margins: { left: 0.5, right: 0.5, top: PAGE_MARGIN_TOP, bottom: PAGE_MARGIN_TOP, header: 0.3, footer: 0.3 },
  };
  ws.headerFooter = { ...ws.headerFooter, oddFooter: '&L&"Calibri,Regular"&8&A&R&"Calibri,Regular"&8Page &P of &N' };
  return setup;
}

/** Top and bottom margins, inches. */
const PAGE_MARGIN_TOP = 0.6;
/** A landscape tabloid page's printable height in points (11 in less the top and bottom margins). */
export const TABLOID_HEIGHT = (11 - 2 * PAGE_MARGIN_TOP) * 72;
/** Excel's default row height for Calibri 11, points. */
const DEFAULT_ROW_POINTS = 15;
/** How much taller than Excel a reader may draw a row of default height (LibreOffice sizes it to DejaVu Sans). */
const ROW_SLACK = 1.1;

/**
 * The print scale of a sheet in bands: between MIN_SCALE and the scale its widest band allows
 * (`setup.scale`), the one that prints every band on the fewest pages, the largest of those. A band's
 * rows fill pages from its first row; each further page repeats the header row. So a band that would
 * spill one row onto a page of its own at the widest scale is printed a few percent smaller instead.
 * `height`: a row's height in points when set (else Excel's default).
 */
export function fewestPagesScale(setup: PrintSetup, height: (row: number) => number | undefined): number {
  const h = (r: number) => (height(r) ?? DEFAULT_ROW_POINTS * ROW_SLACK);
  const header = setup.titleRows ? Number(setup.titleRows.split(':')[0]) : 0;
  const rowsOf = (range: string) => {
    const m = /^[A-Z]+(\d+):[A-Z]+(\d+)$/.exec(range)!;
    return [Number(m[1]), Number(m[2])];
  };
  const pagesAt = (scale: number) => {
    const room = TABLOID_HEIGHT / (scale / 100);
    let pages = 0;
    for (const band of setup.bands ?? []) {
      const [top, bottom] = rowsOf(band.range);
      // The header repeats above every page but where the band's own rows include it.
      let used = top > header && header > 0 ? h(header) : 0;
      pages++;
      for (let r = top; r <= bottom; r++) {
        if (used + h(r) > room && used > 0) {
          pages++;
          used = header > 0 ? h(header) : 0;
        }
        used += h(r);
      }
    }
    return pages;
  };
  const widest = setup.scale ?? 100;
  let best = widest;
  let fewest = pagesAt(widest);
  for (let scale = widest - 1; scale >= MIN_SCALE * 100; scale--) {
    const pages = pagesAt(scale);
    if (pages < fewest) {
      fewest = pages;
      best = scale;
    }
  }
  return best;
}

/** The print area of a sheet printed in bands, as the defined name Excel reads: one range per band. */
export function printAreaName(sheetName: string, localSheetId: number, setup: PrintSetup): { name: string; ranges: string[]; localSheetId: number } | undefined {
  if (!setup.bands || sheetName.includes("'")) return undefined;
  const abs = (range: string) => range.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
  return { name: '_xlnm.Print_Area', localSheetId, ranges: setup.bands.map((b) => `'${sheetName}'!${abs(b.range)}`) };
}

/** Average width of a character of Calibri 11 in running prose (sources and notes: many narrow letters), in points. */
const NOTE_CHAR_POINTS = 5.1;
/** Height of a line of Calibri 11 in points. */
const LINE_POINTS = 14.5;

/** A long text wrapped within the print area: its cell merged with the free cells up to `end`, its row `height` points tall. */
export interface TextWrap {
  row: number;
  col: number;
  end: number;
  height: number;
}

/**
 * A text that would run on past the print area (a long source or note) is wrapped within it (within its
 * band, for a sheet printed in bands): its cell merged with the free cells to its right up to the area's
 * last column, wrapped, and its row made tall enough for the lines (set explicitly: Excel does not fit a
 * merged cell's row by itself). Spreadsheets scale a page to the text that overflows it too, so without
 * this one long note shrinks the whole page. `free(row, col)`: a cell that holds nothing and carries no
 * format of its own (a styled blank input keeps its number format; a spill's cells hold values).
 */
export function longTextWraps(cells: readonly GridCell[], columnWidths: readonly number[] | undefined, setup: PrintSetup, free: (row: number, col: number) => boolean): TextWrap[] {
  const width = (col: number) => columnWidths?.[col - 1] ?? DEFAULT_COLUMN_POINTS;
  const bandEnd = (c: number) => setup.bands?.find((b) => c >= b.from && c <= b.to)?.to ?? setup.lastColumn;
  const wraps: TextWrap[] = [];
  for (const cell of cells) {
    const { row: r, col: c, text } = cell;
    if (c > setup.lastColumn || cell.merged || cell.wraps || !text) continue;
    const lastCol = bandEnd(c);
    // Characters and lines scale with the cell's font (sources and notes are set smaller than 11 pt).
    const size = cell.size ?? 11;
    const need = (text.length * NOTE_CHAR_POINTS * size) / 11 + 4;
    let end = c;
    let w = width(c);
    while (w < need && end < lastCol && free(r, end + 1)) w += width(++end);
    if (w >= need) continue;
    const lines = Math.ceil(need / Math.max(w - 4, 10 * CHAR_POINTS));
    wraps.push({ row: r, col: c, end, height: (lines * LINE_POINTS * size) / 11 + 2 });
  }
  return wraps;
}

/** longTextWraps on a written sheet: merges, wraps, and sets the rows' heights. */
function wrapLongText(ws: ExcelJS.Worksheet, facts: PrintFacts, setup: PrintSetup): void {
  const free = (r: number, col: number) => {
    const other = ws.findCell(r, col);
    if (other === undefined) return true;
    const v = other.value as unknown;
    return (v === null || v === undefined || v === '') && !other.numFmt && !other.fill && !other.border && !other.note;
  };
  for (const { row: r, col: c, end, height } of longTextWraps(sheetGrid(ws, facts.blank), facts.columnWidths, setup, free)) {
    if (end > c) ws.mergeCells(r, c, r, end);
    const cell = ws.getCell(r, c);
    cell.alignment = { ...cell.alignment, wrapText: true };
    const row = ws.getRow(r);
    row.height = Math.max(row.height ?? LINE_POINTS + 0.5, height);
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

/**
 * A table the recipient can lengthen in the file (a native block: WATT.PROJECTION's months are an input)
 * prints the rows it had at export: neither LibreOffice nor Excel's file format gives a print area that
 * follows a formula in both (LibreOffice ignores a print area written as a formula, OFFSET or INDEX, and
 * prints every row of the block, blank ones too). So the export writes, above the table, a check that
 * stays empty while the table's rows in use fit the print area and otherwise says, on screen and on the
 * printout, which months are left out and how to print them; `watt recalc` resizes the print area to
 * the rows in use and updates the check (recalc.ts).
 */
export interface PrintCheck {
  /** The table's first column (its month numbers): "A". */
  column: string;
  /** 1-based rows of the table's data: the first, and the last the block can fill. */
  firstRow: number;
  lastRow: number;
  /** Data rows in the print area. */
  printed: number;
}

/** What the check says when the table outgrows its print area (a marker recalc finds it by). */
const PRINT_CHECK_TEXT = ' are not in the print area: extend it to row ';

/** The check's formula (Excel's syntax: no WATT call, LibreOffice computes it). */
export function printCheckFormula(check: PrintCheck): string {
  const { column: c, firstRow, lastRow, printed } = check;
  const count = `COUNT($${c}$${firstRow}:$${c}$${lastRow})`;
  return `IF(${count}>${printed},"Rows "&(${printed}+1)&" to "&${count}&" of the table${PRINT_CHECK_TEXT}"&(${firstRow - 1}+${count})&" (Page Layout > Print Area), or run watt recalc on the file, which does.","")`;
}

/** The check a formula is, or undefined. */
export function parsePrintCheck(formula: string): PrintCheck | undefined {
  if (!formula.includes(PRINT_CHECK_TEXT)) return undefined;
  const m = /^=?IF\(COUNT\(\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)\)>(\d+),/.exec(formula);
  return m ? { column: m[1], firstRow: Number(m[2]), lastRow: Number(m[3]), printed: Number(m[4]) } : undefined;
}
