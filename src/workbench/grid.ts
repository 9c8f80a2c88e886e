/**
 * The workbench grid: one sheet of the model as an HTML table with Excel's chrome (column letters, row
 * numbers, a formula bar, sheet tabs). Cells show the template's number formats and styles; input cells
 * edit on double-click, F2 or typing, Enter commits (through the model, which recalculates), Escape
 * cancels; error cells show their code with the message as tooltip.
 */
import { STYLES, type StyleSpec } from '../templates/styles';
import { cellRef, columnLetters, MAX_COLUMNS as MAX_COLS, MAX_ROWS, parseBlock, parseRef } from '../templates/plan';
import { h } from '../taskpane/dom';
import { fitNumber, type Measure } from './fit';
import type { CellView, SheetIndex, WorkbookModel } from './model';
import { formatColor } from './numfmt';

const ROW_HEIGHT = 20;
const HEADER_WIDTH = 40;
const DEFAULT_COL_PX = 64;
const MIN_ROWS = 30;
const MIN_COLS = 10;
/** Rows and columns drawn beyond the visible ones on each side, so a small scroll draws nothing. */
const OVERSCAN_ROWS = 20;
const OVERSCAN_COLS = 4;
/** The most rows and columns drawn frozen (a stored layout may ask for more than a window holds). */
const MAX_FROZEN_ROWS = 60;
const MAX_FROZEN_COLS = 20;
/** The narrowest a template's column is fitted to (fitColumns). */
const MIN_FITTED_PX = 40;
/** The right neighbour of a cell whose next column is empty (text flows over it). */
const EMPTY_RIGHT = { kind: 'empty' } as CellView;

/** Cells' font: the same family as .wb-grid in workbench.css, so measured text is rendered text. */
const FONT_FAMILY = 'Aptos, Calibri, Carlito, "Segoe UI", "Liberation Sans", Arial, sans-serif';
const FONT_PX = 14;
/** Horizontal padding of a cell's content (workbench.css .wb-content) plus its right border. */
const CELL_CHROME_PX = 9;
/** A long table (more rows than this under its header) keeps its header in view while it scrolls. */
const STICKY_HEADER_MIN_ROWS = 20;

/** Points (Excel's column widths) to CSS pixels. */
const ptToPx = (pt: number) => Math.round((pt * 4) / 3);

let canvas: CanvasRenderingContext2D | null | undefined;
/** Text width in a cell's font (canvas measureText; a 0.6 em a character estimate without canvas). */
function measurer(style: StyleSpec | undefined): Measure {
  const px = style?.size ? ptToPx(style.size) : FONT_PX;
  const font = `${style?.italic ? 'italic ' : ''}${style?.bold ? '600 ' : ''}${px}px ${FONT_FAMILY}`;
  if (canvas === undefined) canvas = typeof document !== 'undefined' ? document.createElement('canvas').getContext('2d') : null;
  return (text) => {
    if (!canvas) return text.length * px * 0.6;
    canvas.font = font;
    // Round up: the browser lays text out on whole device pixels.
    return Math.ceil(canvas.measureText(text).width);
  };
}

/** A table whose header stays in view while its rows scroll under it (0-based rows, inclusive). */
interface StickyTable {
  header: number;
  last: number;
}

export interface GridOptions {
  /** Called with a status line (edits, errors, resized tables). */
  onStatus?(text: string, intent?: 'info' | 'error'): void;
  /** Called after the sheet tabs are drawn: the sheets bar adds its buttons (sheets-bar.ts). */
  decorateTabs?(tabs: HTMLElement, names: string[], active: string): void;
}

/** The most cells one copy, paste or clear writes (a selection may reach XFD1048576: 17 billion cells). */
export const MAX_BLOCK_CELLS = 1_000_000;

/** A block of cells (0-based, inclusive). */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export class Grid {
  readonly element: HTMLElement;
  private readonly nameBox: HTMLInputElement;
  private readonly formulaInput: HTMLInputElement;
  private readonly scroller: HTMLElement;
  private readonly tabs: HTMLElement;
  private table: HTMLTableElement = document.createElement('table');
  private sheet = '';
  private selected = { row: 0, col: 0 };
  /** The other corner of a range selection (shift+arrows, shift+click, a drag); the selected cell is the active one. */
  private anchor = { row: 0, col: 0 };
  private dragging = false;
  /** The cells drawn (the window), by "row,col". */
  private views = new Map<string, CellView>();
  private editor: HTMLInputElement | null = null;
  private stickyTables: StickyTable[] = [];
  /** Top offset (px) of the first scrolling row: the column header plus the frozen rows. */
  private frozenBottom = 0;
  /** The last row of the table whose header is the last frozen row (undefined: the frozen rows are no table's header). */
  private frozenTableLast: number | undefined;
  /** The frozen rows' measured bottom with all of them frozen, and the height of the last one. */
  private frozenFullBottom = 0;
  private frozenHeaderHeight = ROW_HEIGHT;
  /** What the sheet holds and how it is laid out, read once a render (not once a scroll). */
  private index: SheetIndex = { rows: new Map(), cols: new Map(), maxRow: -1, maxCol: -1 };
  private spills: ReturnType<WorkbookModel['spills']> = [];
  private freezeRows = 0;
  private freezeCols = 0;
  private columnWidths: number[] = [];
  /** colStart[c]: x of column c from the first column's left edge; colStart[extent.cols] is the width of all. */
  private colStart: number[] = [0];
  /** How far the grid reaches now (rows, columns): the content plus room, grown as the user moves, up to Excel's sheet. */
  private extent = { rows: MIN_ROWS, cols: MIN_COLS };
  /** The window drawn last ("r0,r1,c0,c1,pinned"), so a scroll inside it draws nothing. */
  private drawn = '';

  constructor(
    readonly model: WorkbookModel,
    private readonly options: GridOptions = {},
  ) {
    this.nameBox = h('input', { class: 'wb-namebox', 'aria-label': 'Name box: type a cell (B4, Sheet2!C10) or a name, then Enter', title: 'Go to a cell (B4, Sheet2!C10) or a name: type it, then Enter', spellcheck: 'false' });
    this.formulaInput = h('input', { class: 'wb-formula', 'aria-label': 'Formula bar', spellcheck: 'false' });
    this.scroller = h('div', { class: 'wb-grid-scroll', tabindex: '0', 'aria-label': 'Sheet grid' });
    this.tabs = h('nav', { class: 'wb-tabs', role: 'tablist', 'aria-label': 'Sheets' });
    this.element = h(
      'section',
      { class: 'wb-sheet' },
      h('div', { class: 'wb-formula-bar' }, this.nameBox, h('span', { class: 'wb-fx', 'aria-hidden': 'true' }, 'fx'), this.formulaInput),
      this.scroller,
      this.tabs,
    );
    this.scroller.append(h('div', { class: 'wb-grid-clip' }, this.table));
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    document.addEventListener('mouseup', () => (this.dragging = false));
    this.scroller.addEventListener('scroll', () => this.paint(), { passive: true });
    this.scroller.addEventListener('mousedown', (e) => {
      const td = (e.target as HTMLElement).closest<HTMLElement>('td[data-ref]');
      if (td && !td.contains(this.editor)) {
        this.closeEditor(true);
        this.select(Number(td.dataset.row), Number(td.dataset.col), true, e.shiftKey);
        this.dragging = e.button === 0;
      }
    });
    this.scroller.addEventListener('mouseover', (e) => {
      const td = (e.target as HTMLElement).closest<HTMLElement>('td[data-ref]');
      if (td && this.dragging && !this.editor) this.select(Number(td.dataset.row), Number(td.dataset.col), false, true);
    });
    this.scroller.addEventListener('dblclick', (e) => {
      const td = (e.target as HTMLElement).closest<HTMLElement>('td[data-ref]');
      if (td) this.openEditor(Number(td.dataset.row), Number(td.dataset.col));
    });
    this.formulaInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.commit(this.selected.row, this.selected.col, this.formulaInput.value, 1, 0);
      } else if (e.key === 'Escape') {
        this.updateFormulaBar();
        this.scroller.focus();
      }
    });
    this.nameBox.addEventListener('focus', () => this.nameBox.select());
    this.nameBox.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.goTo(this.nameBox.value);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        this.updateFormulaBar();
        this.scroller.focus();
      }
    });
    // Drawn before it is in the page (no size yet), and whenever the window changes size: the
    // columns fitted and the rows drawn follow the grid's size.
    let seen = { width: 0, height: 0 };
    if (typeof ResizeObserver !== 'undefined') {
      new ResizeObserver(() => {
        const now = { width: this.scroller.clientWidth, height: this.scroller.clientHeight };
        if (now.width === 0 || (Math.abs(now.width - seen.width) < 8 && Math.abs(now.height - seen.height) < 8)) return;
        const first = seen.width === 0;
        seen = now;
        if (first && !this.model.isTemplateSheet(this.sheet)) this.paint();
        else this.render();
      }).observe(this.scroller);
    }
    this.sheet = model.sheetNames()[0] ?? '';
    this.render();
  }

  get activeSheet(): string {
    return this.sheet;
  }

  /** The selected cell (0-based). */
  get active(): { row: number; col: number } {
    return { ...this.selected };
  }

  /** How far the grid reaches now: rows and columns (grows as the user moves, up to Excel's sheet). */
  get size(): { rows: number; cols: number } {
    return { ...this.extent };
  }

  showSheet(name: string): void {
    this.closeEditor(false);
    this.sheet = name;
    this.selected = { row: 0, col: 0 };
    this.anchor = { row: 0, col: 0 };
    this.extent = { rows: MIN_ROWS, cols: MIN_COLS };
    this.scroller.scrollTo({ top: 0, left: 0 });
    this.render();
  }

  /**
   * Goes to what the name box holds: a cell or block (B4, $B$4, B4:C9), on another sheet too
   * (Sheet2!B4, 'Keep mining'!B4), or a defined name (workbook or sheet scope). Says why not otherwise.
   */
  goTo(text: string): boolean {
    const target = this.resolveTarget(text.trim());
    if (typeof target === 'string') {
      this.options.onStatus?.(target, 'error');
      this.updateFormulaBar();
      return false;
    }
    if (target.sheet !== this.sheet) this.showSheet(target.sheet);
    this.select(target.top, target.left);
    if (target.bottom !== target.top || target.right !== target.left) {
      this.anchor = { row: target.bottom, col: target.right };
      this.paintRange();
    }
    this.options.onStatus?.(`Went to ${text.trim()}.`, 'info');
    return true;
  }

  private resolveTarget(text: string): ({ sheet: string } & CellRange) | string {
    if (!text) return 'Type a cell (B4, Sheet2!C10) or a name in the name box, then Enter.';
    const names = this.model.sheetNames();
    const split = /^(?:'((?:[^']|'')+)'|([^!'\s][^!]*))!(.+)$/.exec(text);
    const sheetName = split ? (split[1] ?? split[2]).replace(/''/g, "'") : this.sheet;
    const rest = split ? split[3] : text;
    const sheet = names.find((n) => n.toLowerCase() === sheetName.toLowerCase());
    const block = parseBlock(rest.replace(/\$/g, ''));
    if (block) {
      if (!sheet) return `There is no sheet named "${sheetName}".`;
      return { sheet, ...block };
    }
    // A defined name: the active sheet's scope first (as Excel), then the workbook's, then any sheet's.
    const scopes: (string | undefined)[] = [sheet ?? this.sheet, undefined, ...names];
    for (const scope of scopes) {
      const id = scope === undefined ? undefined : this.model.hf.getSheetId(scope);
      if (scope !== undefined && id === undefined) continue;
      let formula: string | undefined;
      try {
        formula = this.model.hf.getNamedExpressionFormula(rest, id);
      } catch {
        formula = undefined;
      }
      if (!formula) continue;
      const m = /^=\s*(?:'((?:[^']|'')+)'|([A-Za-z0-9_. ]+))!(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)\s*$/.exec(formula);
      if (!m) return `The name ${rest} is ${formula}, not a cell or block to go to.`;
      const onSheet = (m[1] ?? m[2]).replace(/''/g, "'");
      const where = parseBlock(m[3].replace(/\$/g, ''));
      const found = names.find((n) => n.toLowerCase() === onSheet.toLowerCase());
      if (!where || !found) return `The name ${rest} refers to ${formula}, which is not on a sheet of this workbook.`;
      return { sheet: found, ...where };
    }
    return `"${text}" is neither a cell (like B4 or Sheet2!C10, up to XFD1048576) nor a name of this workbook.`;
  }

  /** Re-reads the sheet (after an insert or an edit elsewhere) and draws the cells in view. */
  render(): void {
    const names = this.model.sheetNames();
    if (!names.includes(this.sheet)) this.sheet = names[0] ?? '';
    this.renderTabs(names);
    this.drawn = '';
    if (!this.sheet) {
      this.table.replaceChildren();
      this.views.clear();
      return;
    }
    this.index = this.model.index(this.sheet);
    this.spills = this.model.spills(this.sheet);
    for (const s of this.spills) {
      this.index.maxRow = Math.max(this.index.maxRow, s.row + s.rows - 1);
      this.index.maxCol = Math.max(this.index.maxCol, s.col + s.cols - 1);
    }
    const layout = this.model.layout(this.sheet);
    // Frozen panes larger than any window would leave nothing to scroll (and draw thousands of cells).
    this.freezeRows = Math.min(layout.freeze?.rows ?? 0, MAX_FROZEN_ROWS);
    this.freezeCols = Math.min(layout.freeze?.columns ?? 0, MAX_FROZEN_COLS);
    this.columnWidths = (layout.columnWidths ?? []).map((w) => (w ? ptToPx(w) : DEFAULT_COL_PX));
    if (this.model.isTemplateSheet(this.sheet)) this.fitColumns();
    this.grow(
      Math.max(this.index.maxRow + 6, this.selected.row + 1, this.anchor.row + 1, this.freezeRows + 1),
      Math.max(this.index.maxCol + 2, this.selected.col + 1, this.anchor.col + 1, this.freezeCols + 1),
    );
    this.stickyTables = this.findLongTables();
    this.frozenTableLast = this.tableUnder(this.freezeRows - 1);
    this.selected = { row: Math.min(this.selected.row, this.extent.rows - 1), col: Math.min(this.selected.col, this.extent.cols - 1) };
    this.paint();
    this.paintSelection();
    this.updateFormulaBar();
  }

  /**
   * A template's columns narrowed to their content when the sheet's used columns are wider than the
   * window (1280 px, a wide pane): a column wider than its widest bounded content (a number, or text
   * its right neighbour would clip; wrapped headers and text flowing over empty cells do not count)
   * gives up its slack, the largest slack first, until the columns fit or no slack is left. Nothing
   * shown is clipped: the width kept is the content's measured width. Only a sheet of modest size.
   */
  private fitColumns(): void {
    const last = this.index.maxCol;
    if (last < 0 || last >= 60) return;
    const available = (this.scroller.clientWidth || 1000) - HEADER_WIDTH - 18;
    let total = 0;
    for (let c = 0; c <= last; c++) total += this.colWidth(c);
    if (total <= available) return;
    let count = 0;
    for (const rows of this.index.cols.values()) count += rows.length;
    if (count > 5000) return;
    const slack: { col: number; slack: number }[] = [];
    for (let c = 0; c <= last; c++) {
      let need = MIN_FITTED_PX;
      for (const r of this.index.cols.get(c) ?? []) {
        const v = this.model.cell(this.sheet, r, c, this.spills);
        if (v.kind === 'empty' || v.text === '') continue;
        const style = v.format?.style ? STYLES[v.format.style] : undefined;
        // Text with nothing after it on its row flows freely (titles, notes); text with a cell further
        // right keeps its own width (the empty columns it would flow over may narrow too).
        if (v.kind === 'text' && !this.index.rows.get(r)?.some((k) => k > c)) continue;
        // A header that wraps needs its longest word; anything else its whole text.
        const measure = measurer(style);
        const width = v.kind === 'text' && style?.wrap ? Math.max(...v.text.split(/\s+/).map((w) => measure(w))) : measure(v.text);
        need = Math.max(need, width + CELL_CHROME_PX + 4);
      }
      if (need < this.colWidth(c)) slack.push({ col: c, slack: this.colWidth(c) - need });
    }
    slack.sort((a, b) => b.slack - a.slack);
    const widths = Array.from({ length: last + 1 }, (_, c) => this.colWidth(c));
    for (const { col, slack: s } of slack) {
      if (total <= available) break;
      const cut = Math.min(s, total - available);
      widths[col] -= cut;
      total -= cut;
    }
    this.columnWidths = widths;
  }

  private colWidth(c: number): number {
    return this.columnWidths[c] ?? DEFAULT_COL_PX;
  }

  /** Makes the grid reach at least `rows` x `cols`, and the window in view (Excel's sheet at most). */
  private grow(rows: number, cols: number): void {
    const view = this.viewport();
    const want = {
      rows: Math.min(MAX_ROWS, Math.max(this.extent.rows, MIN_ROWS, rows, Math.ceil((view.top + 2 * view.height) / ROW_HEIGHT))),
      cols: Math.min(MAX_COLS, Math.max(this.extent.cols, MIN_COLS, cols)),
    };
    // Columns to fill the view twice over, from where it stands.
    while (want.cols < MAX_COLS && (this.colStart[want.cols] ?? this.widthTo(want.cols)) < view.left + 2 * view.width) want.cols = Math.min(MAX_COLS, want.cols + 8);
    this.extent = want;
    if (this.colStart.length !== want.cols + 1 || this.drawn === '') this.widthTo(want.cols);
  }

  /** Column offsets up to `cols` (recomputed: the widths may have changed). */
  private widthTo(cols: number): number {
    const starts = new Array<number>(cols + 1);
    starts[0] = 0;
    for (let c = 0; c < cols; c++) starts[c + 1] = starts[c] + this.colWidth(c);
    this.colStart = starts;
    return starts[cols];
  }

  private viewport(): { top: number; left: number; height: number; width: number } {
    return {
      top: this.scroller.scrollTop,
      left: this.scroller.scrollLeft,
      height: this.scroller.clientHeight || 600,
      width: this.scroller.clientWidth || 1000,
    };
  }

  /** The first column whose right edge is past x (x from the first column's left edge). */
  private columnAt(x: number): number {
    let lo = 0;
    let hi = this.extent.cols - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.colStart[mid + 1] <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private view(r: number, c: number): CellView {
    const key = `${r},${c}`;
    let v = this.views.get(key);
    if (!v) {
      v = this.model.cell(this.sheet, r, c, this.spills);
      this.views.set(key, v);
    }
    return v;
  }

  /**
   * Draws the cells in view (and a margin around them): the frozen rows and columns, a long table's
   * header while its rows pass under it, and spacers standing for the rows and columns not drawn, so
   * the scroll bars measure the whole grid. A scroll near the end grows the grid (as Excel's does).
   */
  private paint(): void {
    if (!this.sheet) return;
    const view = this.viewport();
    const nearBottom = view.top + 2 * view.height > this.extent.rows * ROW_HEIGHT;
    const nearRight = view.left + 2 * view.width > this.colStart[this.extent.cols];
    if ((nearBottom && this.extent.rows < MAX_ROWS) || (nearRight && this.extent.cols < MAX_COLS)) {
      this.grow(nearBottom ? this.extent.rows + Math.ceil((2 * view.height) / ROW_HEIGHT) : 0, nearRight ? this.extent.cols + 16 : 0);
    }
    // A frozen header row describes the table under it: once that table has scrolled past, the header
    // row scrolls away too (the rows above it stay frozen), so it never sits over another table.
    const frAll = Math.min(this.freezeRows, this.extent.rows);
    const pastTable = this.frozenTableLast !== undefined && view.top + (this.frozenFullBottom || this.frozenBottom) > (this.frozenTableLast + 2) * ROW_HEIGHT + this.frozenHeaderHeight;
    const fr = pastTable ? frAll - 1 : frAll;
    const fc = Math.min(this.freezeCols, this.extent.cols);
    const topRow = Math.max(fr, Math.floor(view.top / ROW_HEIGHT));
    const r0 = Math.max(fr, topRow - OVERSCAN_ROWS);
    const r1 = Math.min(this.extent.rows - 1, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN_ROWS);
    const c0 = Math.max(fc, this.columnAt(Math.max(0, view.left - HEADER_WIDTH)) - OVERSCAN_COLS);
    const c1 = Math.min(this.extent.cols - 1, this.columnAt(view.left + view.width) + OVERSCAN_COLS);
    // A long table whose header has scrolled above the window while its rows are in view: its header is drawn pinned.
    const headerLine = Math.floor((view.top + this.frozenBottom - ROW_HEIGHT) / ROW_HEIGHT);
    const stuck = this.stickyTables.find((t) => t.header < headerLine && t.last > headerLine);
    const pinned = stuck && stuck.header < r0 ? stuck.header : -1;
    const key = `${this.extent.rows},${this.extent.cols},${r0},${r1},${c0},${c1},${pinned},${stuck?.header ?? -1},${fr}`;
    if (key === this.drawn) return;
    this.drawn = key;
    this.views = new Map();

    const cols: number[] = [];
    for (let c = 0; c < fc; c++) cols.push(c);
    const leftGap = this.colStart[c0] - this.colStart[fc];
    for (let c = c0; c <= c1; c++) cols.push(c);
    const rightGap = this.colStart[this.extent.cols] - this.colStart[c1 + 1];
    const lefts = (c: number) => HEADER_WIDTH + this.colStart[c];

    const colgroup = h('colgroup', {}, h('col', { class: 'wb-col-header' }));
    (colgroup.firstChild as HTMLElement).style.width = `${HEADER_WIDTH}px`;
    const addCol = (w: number) => {
      const col = h('col', {});
      col.style.width = `${w}px`;
      colgroup.append(col);
    };
    const headRow = h('tr', {}, h('th', { class: 'wb-corner', scope: 'col' }));
    const gap = (w: number, tag: 'th' | 'td') => {
      const el = h(tag, { class: 'wb-gap', 'aria-hidden': 'true' });
      return w > 0 ? el : null;
    };
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i];
      if (c === c0 && leftGap > 0) {
        addCol(leftGap);
        headRow.append(gap(leftGap, 'th')!);
      }
      addCol(this.colWidth(c));
      const th = h('th', { class: 'wb-colhead', scope: 'col', 'data-col': String(c) }, columnLetters(c + 1));
      if (c < fc) this.stickLeft(th, lefts(c));
      headRow.append(th);
    }
    if (rightGap > 0) {
      addCol(rightGap);
      headRow.append(gap(rightGap, 'th')!);
    }
    const spanAll = 1 + cols.length + (leftGap > 0 ? 1 : 0) + (rightGap > 0 ? 1 : 0);
    const body = h('tbody');
    const spacer = (rows: number, height: number) => {
      if (rows <= 0 || height <= 0) return;
      const td = h('td', { class: 'wb-gap', colspan: String(spanAll), 'aria-hidden': 'true' });
      td.style.height = `${height}px`;
      body.append(h('tr', { class: 'wb-spacer-row' }, td));
    };
    const drawRow = (r: number) => {
      const tr = h('tr', {});
      tr.append(h('th', { class: 'wb-rowhead', scope: 'row', 'data-row': String(r) }, String(r + 1)));
      if (r < fr) tr.classList.add('wb-frozen-row');
      const filled = this.index.rows.get(r);
      for (const c of cols) {
        if (c === c0 && leftGap > 0) tr.append(gap(leftGap, 'td')!);
        const v = this.view(r, c);
        // Text flowing over empty cells stops at the next cell with content, as in Excel.
        const next = filled?.find((k) => k > c);
        const room = next !== undefined ? this.colStart[next] - this.colStart[c] : undefined;
        const right = next === c + 1 ? this.view(r, c + 1) : undefined;
        const td = this.renderCell(v, right ?? (c + 1 < this.extent.cols ? EMPTY_RIGHT : undefined), this.colWidth(c), room);
        if (r < fr) td.classList.add('wb-frozen');
        if (c < fc) this.stickLeft(td, lefts(c));
        if (r === fr - 1) td.classList.add('wb-freeze-bottom');
        if (c === fc - 1) td.classList.add('wb-freeze-right');
        tr.append(td);
      }
      if (rightGap > 0) tr.append(gap(rightGap, 'td')!);
      body.append(tr);
      return tr;
    };
    for (let r = 0; r < fr; r++) drawRow(r);
    let pinnedRow: HTMLTableRowElement | undefined;
    if (pinned >= 0) pinnedRow = drawRow(pinned);
    // The header row let go, above the window, keeps its measured height in the spacer.
    const released = pastTable && r0 > fr ? this.frozenHeaderHeight - ROW_HEIGHT : 0;
    spacer(r0 - fr, (r0 - fr) * ROW_HEIGHT - (pinnedRow ? ROW_HEIGHT : 0) + released);
    let headerRow = pinnedRow;
    for (let r = r0; r <= r1; r++) {
      const tr = drawRow(r);
      if (stuck && r === stuck.header) headerRow = tr;
    }
    spacer(this.extent.rows - 1 - r1, (this.extent.rows - 1 - r1) * ROW_HEIGHT);

    const table = h('table', { class: 'wb-grid', role: 'grid', 'aria-label': this.sheet, 'aria-rowcount': String(this.extent.rows), 'aria-colcount': String(this.extent.cols) }, colgroup, h('thead', {}, headRow), body);
    table.style.width = `${HEADER_WIDTH + this.colStart[this.extent.cols]}px`;
    const hadFocus = this.editor !== null && document.activeElement === this.editor;
    const editorCell = this.editor?.closest('td') as HTMLElement | null;
    this.table.replaceWith(table);
    this.table = table;
    // An open editor stays in its cell while the window moves (when the cell is still drawn).
    if (this.editor && editorCell) {
      const td = this.td(Number(editorCell.dataset.row), Number(editorCell.dataset.col));
      if (td) {
        td.append(this.editor);
        if (hadFocus) this.editor.focus({ preventScroll: true });
      }
    }
    this.pinFrozenRows(fr);
    if (!pastTable && fr > 0) {
      this.frozenFullBottom = this.frozenBottom;
      this.frozenHeaderHeight = this.table.tBodies[0]?.rows[fr - 1]?.getBoundingClientRect().height || ROW_HEIGHT;
    }
    if (headerRow) {
      headerRow.classList.add('wb-sticky-header');
      for (const cell of Array.from(headerRow.cells)) {
        if (cell.tagName === 'TD') cell.classList.add('wb-stuck');
        cell.style.top = `${this.frozenBottom}px`;
      }
    }
    this.paintSelection();
  }

  /** The selected block: from the anchor to the active cell. */
  get range(): CellRange {
    const { row, col } = this.selected;
    return { top: Math.min(row, this.anchor.row), left: Math.min(col, this.anchor.col), bottom: Math.max(row, this.anchor.row), right: Math.max(col, this.anchor.col) };
  }

  /** Selects a block (a paste's target), the active cell at its top left. */
  selectRange(range: CellRange): void {
    this.select(range.top, range.left);
    this.anchor = { row: range.bottom, col: range.right };
    this.paintRange();
  }

  /** The cells of a block as the grid shows them (for copy): rows of views. */
  viewsIn(range: CellRange): CellView[][] {
    const out: CellView[][] = [];
    for (let r = range.top; r <= range.bottom; r++) {
      const line: CellView[] = [];
      for (let c = range.left; c <= range.right; c++) line.push(this.views.get(`${r},${c}`) ?? this.model.cell(this.sheet, r, c, this.spills));
      out.push(line);
    }
    return out;
  }

  private paintRange(): void {
    this.table.querySelectorAll('.wb-in-range').forEach((el) => el.classList.remove('wb-in-range'));
    const r = this.range;
    if (r.top === r.bottom && r.left === r.right) return;
    for (const td of Array.from(this.table.querySelectorAll<HTMLElement>('td[data-ref]'))) {
      const row = Number(td.dataset.row);
      const col = Number(td.dataset.col);
      if (row >= r.top && row <= r.bottom && col >= r.left && col <= r.right) td.classList.add('wb-in-range');
    }
  }

  /** The selected cell, its row and column headers, and the block, on the cells drawn. */
  private paintSelection(): void {
    this.table.querySelectorAll('.wb-selected, .wb-head-active').forEach((el) => el.classList.remove('wb-selected', 'wb-head-active'));
    const { row, col } = this.selected;
    this.td(row, col)?.classList.add('wb-selected');
    this.table.querySelector(`th[data-col="${col}"]`)?.classList.add('wb-head-active');
    this.table.querySelector(`th[data-row="${row}"]`)?.classList.add('wb-head-active');
    this.paintRange();
  }

  private stickLeft(el: HTMLElement, left: number): void {
    el.classList.add('wb-frozen-col');
    el.style.left = `${left}px`;
  }

  /** Frozen rows stick below the column header at their measured offsets (a title row is taller). */
  private pinFrozenRows(count: number): void {
    const rows = Array.from(this.table.tBodies[0]?.rows ?? []).slice(0, count);
    let top = this.table.tHead?.rows[0]?.getBoundingClientRect().height || ROW_HEIGHT;
    for (const tr of rows) {
      for (const cell of Array.from(tr.cells)) cell.style.top = `${top}px`;
      top += tr.getBoundingClientRect().height;
    }
    this.frozenBottom = top;
  }

  /**
   * Long tables below the frozen rows: a row of header cells (style 'header') followed by more than
   * STICKY_HEADER_MIN_ROWS rows with content, up to the first empty row. Their header row sticks under
   * the frozen rows while the table scrolls (Excel would need the panes frozen at a header deep down
   * the sheet, e.g. the projection's spilled table, which would leave no room for the rows). Read from
   * the formats and the cells with content only, never the sheet's whole rectangle.
   */
  /** The last row of the table under a header row (2+ header cells with content), or undefined when the row is no header. */
  private tableUnder(row: number): number | undefined {
    if (row < 0) return undefined;
    let headers = 0;
    for (const [ref, f] of this.model.adapter.formats.get(this.sheet) ?? []) {
      if (f.style !== 'header') continue;
      const at = parseRef(ref);
      if (at && at.row === row && this.index.rows.get(row)?.includes(at.col)) headers++;
    }
    if (headers < 2) return undefined;
    let last = row;
    while (this.index.rows.has(last + 1)) last++;
    return last;
  }

  private findLongTables(): StickyTable[] {
    const headers = new Map<number, number>();
    for (const [ref, f] of this.model.adapter.formats.get(this.sheet) ?? []) {
      if (f.style !== 'header') continue;
      const at = parseRef(ref);
      if (!at || at.row < this.freezeRows || !this.index.rows.get(at.row)?.includes(at.col)) continue;
      headers.set(at.row, (headers.get(at.row) ?? 0) + 1);
    }
    const tables: StickyTable[] = [];
    let after = -1;
    for (const r of [...headers.keys()].sort((a, b) => a - b)) {
      if (r <= after || (headers.get(r) ?? 0) < 2) continue;
      let last = r;
      while (this.index.rows.has(last + 1)) last++;
      if (last - r > STICKY_HEADER_MIN_ROWS) tables.push({ header: r, last });
      after = last;
    }
    return tables;
  }

  private renderCell(view: CellView, right: CellView | undefined, width: number, room?: number): HTMLTableCellElement {
    const td = h('td', { class: `wb-cell wb-${view.kind}`, 'data-ref': view.ref, 'data-row': String(view.row), 'data-col': String(view.col), role: 'gridcell' });
    const style = view.format?.style ? STYLES[view.format.style] : undefined;
    if (view.format?.style) td.classList.add(`wb-style-${view.format.style}`);
    if (view.editable && this.model.isTemplateSheet(this.sheet)) td.classList.add('wb-editable');
    if (style?.fill) td.style.backgroundColor = style.fill;
    if (style?.fontColor) td.style.color = style.fontColor;
    if (style?.bold) td.style.fontWeight = '600';
    if (style?.italic) td.style.fontStyle = 'italic';
    if (style?.size) td.style.fontSize = `${ptToPx(style.size)}px`;
    if (style?.border) td.style.boxShadow = `inset 0 0 0 2px ${style.border}`;
    // A colour of the number format ([Red] for a loss) wins over the style's, as in Excel.
    const color = formatColor(view.value, view.format?.format);
    if (color) td.style.color = color;
    // Text flows over empty neighbours, as in Excel; numbers never do, nor show clipped: #### instead.
    // A header's text its right neighbour would clip wraps instead and the row grows (Excel's wrapText,
    // which the Excel adapter sets on the same cells).
    const wraps = view.kind === 'text' && !!style?.wrap && !!right && right.kind !== 'empty';
    if (wraps) td.classList.add('wb-wrap');
    const overflows = view.kind === 'text' && !wraps && (!right || right.kind === 'empty');
    const shown = view.kind === 'number' ? fitNumber(view.value as number, view.text, view.format?.format, width - CELL_CHROME_PX, measurer(style)) : view.text;
    if (shown !== view.text) td.dataset.value = view.text;
    const content = h('div', { class: overflows ? 'wb-content wb-overflow' : 'wb-content' }, shown);
    if (overflows && room !== undefined) {
      content.style.width = `${room - 1}px`;
      content.style.overflow = 'hidden';
      content.style.boxSizing = 'border-box';
    }
    td.append(content);
    // An overflowing cell paints above its (empty) right neighbours, which are positioned too.
    if (overflows && view.text) td.classList.add('wb-overflows');
    const tips: string[] = [];
    if (view.error) {
      tips.push(`${view.error.code} ${view.error.message}`.trim());
      td.setAttribute('data-error', view.error.code);
    }
    if (shown !== view.text) tips.push(`${view.text} (too wide for the column)`);
    if (view.format?.name) tips.push(`Name: ${view.format.name}`);
    // Sources are written visibly by the templates (column D), as in Excel; the note is a tooltip here.
    if (view.format?.note) tips.push(view.format.note);
    // A formula of the opened file the engine did not take: marked, its formula and why in the tip.
    if (view.kept) {
      td.classList.add('wb-kept');
      tips.push(`Formula kept from the file, not recalculated: ${view.kept.formula}\n${view.kept.why}`);
    }
    if (tips.length) td.title = tips.join('\n');
    if (view.spill) td.classList.add('wb-spilled');
    return td;
  }

  private renderTabs(names: string[]): void {
    this.tabs.replaceChildren(
      ...names.map((name) => {
        const tab = h('button', { class: 'wb-tab', role: 'tab', type: 'button', 'aria-selected': String(name === this.sheet), 'data-sheet': name }, name);
        // The active tab's click does nothing: its double-click (rename) finds the same tab.
        tab.addEventListener('click', () => name !== this.sheet && this.showSheet(name));
        return tab;
      }),
    );
    this.options.decorateTabs?.(this.tabs, names, this.sheet);
    this.tabs.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  private td(row: number, col: number): HTMLTableCellElement | null {
    return this.table.querySelector(`td[data-row="${row}"][data-col="${col}"]`);
  }

  select(row: number, col: number, focus = true, extend = false): void {
    if (!this.sheet) return;
    row = Math.max(0, Math.min(MAX_ROWS - 1, row));
    col = Math.max(0, Math.min(MAX_COLS - 1, col));
    this.selected = { row, col };
    if (!extend) this.anchor = { row, col };
    if (row >= this.extent.rows - 5 || col >= this.extent.cols - 2) {
      this.grow(row + 6, col + 2);
      this.paint(); // the grid's new size first: a scroll past its old end would be cut short
    }
    if (focus) this.reveal(row, col);
    this.paint();
    this.paintSelection();
    const td = this.td(row, col);
    if (td && focus) {
      td.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      this.paint();
      this.scroller.focus({ preventScroll: true });
    }
    this.updateFormulaBar();
  }

  /**
   * Scrolls a cell ("C62") of the active sheet into view and draws it, without selecting it (for a
   * script or a test that reads a cell the window does not show). Returns whether it is drawn.
   */
  show(ref: string): boolean {
    const at = parseRef(ref);
    if (!at || !this.sheet) return false;
    if (at.row >= this.extent.rows - 5 || at.col >= this.extent.cols - 2) {
      this.grow(at.row + 6, at.col + 2);
      this.paint();
    }
    this.reveal(at.row, at.col);
    this.paint();
    const td = this.td(at.row, at.col);
    td?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    this.paint();
    return !!this.td(at.row, at.col);
  }

  /** Scrolls so that a cell is in view, past the frozen rows and columns (arithmetic: it may not be drawn yet). */
  private reveal(row: number, col: number): void {
    const view = this.viewport();
    const frozenWidth = this.colStart[Math.min(this.freezeCols, this.extent.cols)] ?? 0;
    if (row >= this.freezeRows) {
      const y = row * ROW_HEIGHT;
      const top = view.top + this.frozenBottom - ROW_HEIGHT;
      if (y < top) this.scroller.scrollTop = Math.max(0, y - this.frozenBottom + ROW_HEIGHT);
      else if (y + 2 * ROW_HEIGHT > view.top + view.height) this.scroller.scrollTop = y + 3 * ROW_HEIGHT - view.height;
    }
    if (col >= this.freezeCols) {
      const x = this.colStart[col];
      const w = this.colWidth(col);
      if (x < view.left + frozenWidth) this.scroller.scrollLeft = Math.max(0, x - frozenWidth);
      else if (HEADER_WIDTH + x + w > view.left + view.width) this.scroller.scrollLeft = HEADER_WIDTH + x + w - view.width + 16;
    }
  }

  private updateFormulaBar(): void {
    if (!this.sheet) return;
    const view = this.view(this.selected.row, this.selected.col);
    if (document.activeElement !== this.nameBox) this.nameBox.value = view.format?.name ?? view.ref;
    if (view.formula) this.formulaInput.value = view.formula;
    else if (view.spill) this.formulaInput.value = view.spill.formula;
    else this.formulaInput.value = this.model.editText(this.sheet, view.row, view.col);
    this.formulaInput.classList.toggle('wb-formula-spill', !!view.spill && !view.formula);
    this.formulaInput.classList.toggle('wb-formula-kept', !!view.kept);
    this.formulaInput.title = view.kept ? `Kept from the file, not recalculated: the cell shows the file's cached value (${view.kept.why})` : '';
    this.formulaInput.readOnly = !view.editable;
    if (view.kept) this.options.onStatus?.(`${view.ref}: ${view.kept.formula} is kept from the file, not recalculated (${view.kept.why}); the cell shows the file's cached value, and Download writes the formula back. Typing in the cell replaces it.`, 'info');
    else if (view.error) this.options.onStatus?.(`${view.ref}: ${view.error.code} ${view.error.message}`.trim(), 'error');
  }

  openEditor(row: number, col: number, initial?: string): void {
    if (!this.sheet) return;
    this.select(row, col, !this.td(row, col));
    const view = this.view(row, col);
    if (!view.editable) {
      this.options.onStatus?.(this.model.protection(this.sheet, row, col) ?? `${view.ref} cannot be edited.`, 'info');
      return;
    }
    const td = this.td(row, col);
    if (!td) return;
    this.closeEditor(false);
    const editor = h('input', { class: 'wb-editor', 'aria-label': `Edit ${view.ref}`, spellcheck: 'false' });
    editor.value = initial ?? this.model.editText(this.sheet, row, col);
    editor.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Enter') {
        e.preventDefault();
        this.commit(row, col, editor.value, e.shiftKey ? -1 : 1, 0);
      } else if (e.key === 'Tab') {
        e.preventDefault();
        this.commit(row, col, editor.value, 0, e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        this.closeEditor(false);
        this.scroller.focus();
      }
    });
    editor.addEventListener('input', () => (this.formulaInput.value = editor.value));
    editor.addEventListener('blur', () => {
      if (this.editor === editor) this.commit(row, col, editor.value, 0, 0, false);
    });
    td.append(editor);
    this.editor = editor;
    editor.focus();
    if (initial === undefined) editor.select();
  }

  private closeEditor(commit: boolean): void {
    const editor = this.editor;
    if (!editor) return;
    this.editor = null;
    if (commit) {
      const td = editor.closest('td');
      if (td) this.commit(Number(td.dataset.row), Number(td.dataset.col), editor.value, 0, 0, false);
    }
    editor.remove();
  }

  /** Writes text into a cell through the model, re-renders, moves the selection by (dr, dc). */
  commit(row: number, col: number, text: string, dr: number, dc: number, focus = true): void {
    if (this.editor) {
      const e = this.editor;
      this.editor = null;
      e.remove();
    }
    const result = this.model.edit(this.sheet, row, col, text);
    if (!result.ok) {
      this.options.onStatus?.(result.message, 'error');
      this.updateFormulaBar();
      return;
    }
    this.selected = { row: row + dr, col: col + dc };
    this.render();
    if (focus) this.select(this.selected.row, this.selected.col);
    // Live data (WATT.NETWORK, BTCPRICE, ASOF) shows "#N/A fetching…" until its fetch settles: then
    // the engine recalculates and the grid shows the value (or the failure's message).
    void this.model.settle().then((resized) => resized && this.render());
    const view = this.model.cell(this.sheet, row, col);
    const resized = result.resized.length ? ` Resized ${result.resized.join(', ')}.` : '';
    this.options.onStatus?.(`${view?.ref ?? cellRef(row, col)} = ${view?.text ?? text}. Recalculated.${resized}`, 'info');
    this.element.dispatchEvent(new CustomEvent('wb-edited', { bubbles: true, detail: { sheet: this.sheet, row, col } }));
  }

  /** Clears the selected cells (Delete), all or nothing: a protected cell among them is named and nothing changes. */
  clearRange(): boolean {
    const r = this.range;
    // Only the cells with content need clearing: a selection out to XFD1048576 clears what is there.
    let box: CellRange | undefined;
    for (const [row, cols] of this.index.rows) {
      if (row < r.top || row > r.bottom) continue;
      for (const col of cols) {
        if (col < r.left || col > r.right) continue;
        box = box ? { top: Math.min(box.top, row), left: Math.min(box.left, col), bottom: Math.max(box.bottom, row), right: Math.max(box.right, col) } : { top: row, left: col, bottom: row, right: col };
      }
    }
    if (!box) {
      this.options.onStatus?.('Nothing to clear: the selected cells are empty.', 'info');
      return true;
    }
    if ((box.bottom - box.top + 1) * (box.right - box.left + 1) > MAX_BLOCK_CELLS) {
      this.options.onStatus?.(`Nothing was cleared: the cells with content span more than ${MAX_BLOCK_CELLS.toLocaleString('en-US')} cells; clear a smaller block at a time.`, 'error');
      return false;
    }
    const blanks = Array.from({ length: box.bottom - box.top + 1 }, () => Array<string>(box!.right - box!.left + 1).fill(''));
    const [selected, anchor] = [{ ...this.selected }, { ...this.anchor }];
    const done = this.writeBlock(box.top, box.left, blanks, 'Cleared');
    // The selection stays as it was (as in Excel), not the block of cells that had content.
    this.selected = selected;
    this.anchor = anchor;
    this.paintSelection();
    this.updateFormulaBar();
    return done;
  }

  /** Writes a block of texts (a paste, a clear) through the model, one undoable change; re-renders. */
  writeBlock(top: number, left: number, texts: string[][], verb = 'Pasted'): boolean {
    this.closeEditor(false);
    const result = this.model.editBlock(this.sheet, top, left, texts);
    if (!result.ok) {
      this.options.onStatus?.(result.message, 'error');
      return false;
    }
    const range = { top, left, bottom: top + texts.length - 1, right: left + (texts[0]?.length ?? 1) - 1 };
    this.render();
    this.selectRange(range);
    const size = texts.length * (texts[0]?.length ?? 0);
    const resized = result.resized.length ? ` Resized ${result.resized.join(', ')}.` : '';
    this.options.onStatus?.(`${verb} ${size === 1 ? cellRef(top, left) : `${cellRef(top, left)}:${cellRef(range.bottom, range.right)}`}. Recalculated.${resized}`, 'info');
    this.element.dispatchEvent(new CustomEvent('wb-edited', { bubbles: true, detail: { sheet: this.sheet, row: top, col: left } }));
    return true;
  }

  /** Ctrl+arrow: to the edge of the data in that direction, as Excel (the sheet's edge past the last cell). */
  private dataEdge(row: number, col: number, dr: number, dc: number): { row: number; col: number } {
    const line = dr !== 0 ? this.index.cols.get(col) ?? [] : this.index.rows.get(row) ?? [];
    const at = dr !== 0 ? row : col;
    const step = dr + dc;
    const limit = dr !== 0 ? MAX_ROWS - 1 : MAX_COLS - 1;
    const has = (k: number) => line.includes(k);
    let k = at;
    if (has(at) && has(at + step)) {
      while (has(k + step)) k += step;
    } else {
      const ahead = step > 0 ? line.find((x) => x > at) : [...line].reverse().find((x) => x < at);
      k = ahead ?? (step > 0 ? limit : 0);
    }
    return dr !== 0 ? { row: k, col } : { row, col: k };
  }

  private onKey(e: KeyboardEvent): void {
    if (this.editor) return;
    const { row, col } = this.selected;
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Enter: [1, 0], Tab: [0, 1] };
    const page = Math.max(1, Math.floor((this.scroller.clientHeight - this.frozenBottom) / ROW_HEIGHT) - 1);
    const ctrl = e.ctrlKey || e.metaKey;
    const shift = e.shiftKey;
    if (moves[e.key] && ctrl && e.key.startsWith('Arrow')) {
      e.preventDefault();
      const to = this.dataEdge(row, col, ...moves[e.key]);
      this.select(to.row, to.col, true, shift);
    } else if (moves[e.key]) {
      e.preventDefault();
      const [dr, dc] = moves[e.key];
      const sign = shift && (e.key === 'Enter' || e.key === 'Tab') ? -1 : 1;
      this.select(row + dr * sign, col + dc * sign, true, shift && e.key.startsWith('Arrow'));
    } else if (e.key === 'PageDown' || e.key === 'PageUp') {
      e.preventDefault();
      const dr = e.key === 'PageDown' ? page : -page;
      this.scroller.scrollTop = Math.max(0, this.scroller.scrollTop + dr * ROW_HEIGHT);
      this.select(row + dr, col, true, shift);
    } else if (e.key === 'Home' && ctrl) {
      e.preventDefault();
      this.select(0, 0, true, shift);
    } else if (e.key === 'End' && ctrl) {
      e.preventDefault();
      // The last cell used: the last row and column with content, as Excel's Ctrl+End.
      this.select(Math.max(0, this.index.maxRow), Math.max(0, this.index.maxCol), true, shift);
    } else if (e.key === 'Home') {
      e.preventDefault();
      this.select(row, 0, true, shift);
    } else if (e.key === 'F2') {
      e.preventDefault();
      this.openEditor(row, col);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      this.clearRange();
    } else if (e.key.length === 1 && !ctrl && !e.altKey) {
      e.preventDefault();
      this.openEditor(row, col, e.key);
    }
  }
}
