/**
 * The page setup of an inserted template sheet in Excel, through Office.js's Worksheet.pageLayout
 * (ExcelApi 1.9): the same PrintSetup the .xlsx writer writes (src/xlsx/print.ts), computed from what
 * Excel shows once the sheet is written and calculated (its used range's values, spilled tables
 * included) and from the plan (styles, widths, frozen rows, the template's print layout).
 *
 *  - Print area on the cells that show something; several ranges for a sheet printed in bands.
 *  - Orientation, paper (tabloid for a very wide sheet), fit to one page wide or a fixed scale (bands).
 *  - Print titles: the header rows (a tall table's header, else the frozen rows) and, for bands, the
 *    identifying columns.
 *  - Narrow margins, not centred, no gridlines, the sheet's name and "Page n of m" in the footer.
 *  - A text that would run on past the print area wraps within it (merged over the free cells to its
 *    right, its row made tall enough), and a column of long text printed in a band of its own is widened.
 *  - The charts inside the print area (Excel prints only the objects inside it).
 */
import { STYLES } from '../../templates/styles';
import { cellRef, columnLetters, parseBlock, parseRef } from '../../templates/plan';
import type { PlannedSheet } from '../../templates/types';
import { fewestPagesScale, gridPrintSetup, GridCell, longTextWraps, PrintSetup, TextWrap } from '../../xlsx/print';
import { wrappedCells } from './template-adapter';

/** Worksheet.pageLayout and its print area and titles need ExcelApi 1.9. */
export const PAGE_LAYOUT_API = '1.9';
/** Range.getSpillingToRangeOrNullObject (a spilled table's size, for its header rows) needs ExcelApi 1.12. */
export const SPILL_API = '1.12';

/** Page margins in points: 0.5 in left and right, 0.6 in top and bottom, header and footer 0.3 in (as the .xlsx). */
const MARGINS = { left: 36, right: 36, top: 43.2, bottom: 43.2, header: 21.6, footer: 21.6 };

/** What Excel shows on a written sheet: its used range's top-left (0-based) and values. */
export interface ShownValues {
  top: number;
  left: number;
  values: unknown[][];
}

/** The cells of a written template sheet that show something, with the plan's styles. */
export function planGrid(sheet: PlannedSheet, shown: ShownValues | undefined): GridCell[] {
  if (!shown) return [];
  const styles = new Map(sheet.cells.map((c) => [c.ref, c.style]));
  const wrapped = new Set(wrappedCells(sheet));
  const cells: GridCell[] = [];
  shown.values.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === null || v === undefined || v === '') return;
      const ref = cellRef(shown.top + r, shown.left + c);
      const style = styles.get(ref);
      const spec = style ? STYLES[style] : undefined;
      cells.push({
        row: shown.top + r + 1,
        col: shown.left + c + 1,
        ...(typeof v === 'string' ? { text: v } : {}),
        wraps: wrapped.has(ref),
        header: spec?.bold === true && spec.fill !== undefined,
        ...(spec?.size !== undefined ? { size: spec.size } : {}),
      });
    }),
  );
  return cells;
}

/** Whether a cell is free for a long text to run on: nothing shown, no style or format of the plan's. */
export function planFree(sheet: PlannedSheet, grid: readonly GridCell[]): (row: number, col: number) => boolean {
  const taken = new Set(grid.map((c) => `${c.row},${c.col}`));
  const styled = new Set(sheet.cells.filter((c) => c.style || c.format || c.formula !== undefined || (c.value !== undefined && c.value !== null && c.value !== '')).map((c) => c.ref));
  const blocks = (sheet.rangeFormats ?? []).map((f) => parseBlock(f.range)!).filter(Boolean);
  return (row, col) => {
    if (taken.has(`${row},${col}`) || styled.has(cellRef(row - 1, col - 1))) return false;
    return !blocks.some((b) => row - 1 >= b.top && row - 1 <= b.bottom && col - 1 >= b.left && col - 1 <= b.right);
  };
}

/** Excel's default chart size (charts.add) and row height, points. */
const DEFAULT_CHART = { width: 360, height: 216 };
const ROW_POINTS = 15;

/**
 * The cells a chart of the plan covers, top-left and bottom-right (1-based), from its anchor, its size
 * and the sheet's column widths: the print area reaches them, so the chart prints (Excel prints only the
 * objects inside a print area).
 */
export function chartCells(sheet: PlannedSheet): GridCell[] {
  const out: GridCell[] = [];
  for (const chart of sheet.charts ?? []) {
    const at = parseRef(chart.anchor);
    if (!at) continue;
    let col = at.col;
    for (let w = sheet.columnWidths?.[col] ?? 48; w < (chart.width ?? DEFAULT_CHART.width); ) w += sheet.columnWidths?.[++col] ?? 48;
    const rows = Math.ceil((chart.height ?? DEFAULT_CHART.height) / ROW_POINTS);
    out.push({ row: at.row + 1, col: at.col + 1, wraps: false, header: false }, { row: at.row + rows, col: col + 1, wraps: false, header: false });
  }
  return out;
}

/** The page setup of a written template sheet, with its long texts' wraps. Undefined for an empty sheet. */
export function planPrintSetup(sheet: PlannedSheet, shown: ShownValues | undefined, spills: readonly { row: number; rows: number }[]): { setup: PrintSetup; wraps: TextWrap[] } | undefined {
  const shows = planGrid(sheet, shown);
  const taken = new Set(shows.map((c) => `${c.row},${c.col}`));
  const grid = [...shows, ...chartCells(sheet).filter((c) => !taken.has(`${c.row},${c.col}`))];
  const facts = { columnWidths: sheet.columnWidths, freezeRows: sheet.freeze?.rows, tables: spills, print: sheet.print };
  const found = gridPrintSetup(grid, facts);
  if (!found) return undefined;
  const widths = [...(sheet.columnWidths ?? [])];
  for (const [col, points] of Object.entries(found.widen ?? {})) widths[Number(col) - 1] = points;
  const wraps = longTextWraps(grid, widths, found, planFree(sheet, grid));
  const heights = new Map(wraps.map((w) => [w.row, w.height]));
  const setup = found.bands ? { ...found, scale: fewestPagesScale(found, (r) => heights.get(r)) } : found;
  return { setup, wraps };
}

/** "1:2" → "$1:$2"; "A:B" → "$A:$B". */
const absolute = (span: string) => span.split(':').map((p) => `$${p}`).join(':');

/**
 * Reads what the written sheet shows (its used range, and the spilled tables' sizes where Excel can
 * say: ExcelApi 1.12), then queues its page setup. Two syncs.
 */
export async function setUpPages(context: Excel.RequestContext, ws: Excel.Worksheet, sheet: PlannedSheet, spillsKnown: boolean, wait: (ms: number) => Promise<void> = sleep): Promise<PrintSetup | undefined> {
  // A WATT table spills below its formula: its rows say which header repeats on every page.
  const anchors = spillsKnown ? sheet.cells.filter((c) => c.formula !== undefined && /^=\s*WATT\./i.test(c.formula)) : [];
  let used: Excel.Range;
  let spilling: { ref: string; range: Excel.Range }[];
  // Custom functions compute after the sync that wrote them: a cell still #BUSY! has not spilled yet,
  // so the sheet is read again (up to about 5 s) before its print area is taken from what shows.
  for (let attempt = 0; ; attempt++) {
    used = ws.getUsedRangeOrNullObject(true);
    used.load('address,values');
    spilling = anchors.map((c) => {
      const r = ws.getRange(c.ref).getSpillingToRangeOrNullObject();
      r.load('address');
      return { ref: c.ref, range: r };
    });
    await context.sync();
    const busy = !used.isNullObject && used.values.some((row) => row.some((v) => v === '#BUSY!' || v === '#GETTING_DATA'));
    if (!busy || attempt >= 10) break;
    await wait(500);
  }
  let shown: ShownValues | undefined;
  if (!used.isNullObject) {
    const topLeft = parseRef(used.address.slice(used.address.lastIndexOf('!') + 1).split(':')[0].replace(/\$/g, ''))!;
    shown = { top: topLeft.row, left: topLeft.col, values: used.values };
  }
  const spills = spilling
    .filter((s) => !s.range.isNullObject)
    .map((s) => {
      const block = parseBlock(s.range.address.slice(s.range.address.lastIndexOf('!') + 1).replace(/\$/g, ''))!;
      return { row: block.top, rows: block.bottom - block.top };
    });
  const planned = planPrintSetup(sheet, shown, spills);
  if (!planned) return undefined;
  const { setup, wraps } = planned;
  for (const [col, points] of Object.entries(setup.widen ?? {})) {
    const letters = columnLetters(Number(col));
    ws.getRange(`${letters}:${letters}`).format.columnWidth = points;
  }
  for (const w of wraps) {
    const block = ws.getRange(`${cellRef(w.row - 1, w.col - 1)}:${cellRef(w.row - 1, w.end - 1)}`);
    if (w.end > w.col) block.merge(false);
    block.format.wrapText = true;
    const row = ws.getRange(`${w.row}:${w.row}`);
    row.format.rowHeight = w.height;
    row.format.verticalAlignment = 'Top';
  }
  const page = ws.pageLayout;
  page.orientation = setup.landscape ? 'Landscape' : 'Portrait';
  if (setup.tabloid) page.paperSize = 'Tabloid';
  // Bands print at a fixed scale (Excel ignores page breaks between print ranges when fitting to pages);
  // else one page wide and as many tall as needed (0: automatic, as fitToHeight="0" in the file).
  page.zoom = setup.bands ? { scale: setup.scale } : { horizontalFitToPages: 1, verticalFitToPages: 0 };
  page.setPrintArea(setup.bands ? setup.bands.map((b) => b.range).join(',') : setup.area);
  if (setup.titleRows) page.setPrintTitleRows(absolute(setup.titleRows));
  if (setup.titleColumns) page.setPrintTitleColumns(absolute(setup.titleColumns));
  page.leftMargin = MARGINS.left;
  page.rightMargin = MARGINS.right;
  page.topMargin = MARGINS.top;
  page.bottomMargin = MARGINS.bottom;
  page.headerMargin = MARGINS.header;
  page.footerMargin = MARGINS.footer;
  page.centerHorizontally = false;
  page.printGridlines = false;
  page.headersFooters.defaultForAllPages.leftFooter = '&"Calibri,Regular"&8&A';
  page.headersFooters.defaultForAllPages.rightFooter = '&"Calibri,Regular"&8Page &P of &N';
  return setup;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The pane's note when Excel cannot set the pages up. */
export const NO_PAGE_SETUP_NOTE = 'This version of Excel lacks ExcelApi 1.9 (page layout), so the new sheets have no page setup: before printing, set the print area, print titles, orientation and scale in Page Layout.';
