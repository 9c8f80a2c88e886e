/**
 * The workbench grid: one sheet of the model as an HTML table with Excel's chrome (column letters, row
 * numbers, a formula bar, sheet tabs). Cells show the template's number formats and styles; input cells
 * edit on double-click, F2 or typing, Enter commits (through the model, which recalculates), Escape
 * cancels; error cells show their code with the message as tooltip.
 */
import { STYLES, type StyleSpec } from '../templates/styles';
import { cellRef, columnLetters } from '../templates/plan';
import { h } from '../taskpane/dom';
import { fitNumber, type Measure } from './fit';
import type { CellView, WorkbookModel } from './model';
import { formatColor } from './numfmt';

const ROW_HEIGHT = 20;
const HEADER_WIDTH = 40;
const DEFAULT_COL_PX = 64;
const MIN_ROWS = 30;
const MIN_COLS = 10;

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
  private views: CellView[][] = [];
  private editor: HTMLInputElement | null = null;
  private stickyTables: StickyTable[] = [];
  /** Top offset (px) of the first scrolling row: the column header plus the frozen rows. */
  private frozenBottom = 0;

  constructor(
    readonly model: WorkbookModel,
    private readonly options: GridOptions = {},
  ) {
    this.nameBox = h('input', { class: 'wb-namebox', 'aria-label': 'Selected cell', readonly: '' });
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
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    this.scroller.addEventListener('scroll', () => this.updateStickyHeaders(), { passive: true });
    this.formulaInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.commit(this.selected.row, this.selected.col, this.formulaInput.value, 1, 0);
      } else if (e.key === 'Escape') {
        this.updateFormulaBar();
        this.scroller.focus();
      }
    });
    this.sheet = model.sheetNames()[0] ?? '';
    this.render();
  }

  get activeSheet(): string {
    return this.sheet;
  }

  showSheet(name: string): void {
    this.closeEditor(false);
    this.sheet = name;
    this.selected = { row: 0, col: 0 };
    this.render();
    this.scroller.scrollTo({ top: 0, left: 0 });
  }

  /** Re-reads every cell (after an insert or an edit elsewhere). */
  render(): void {
    const names = this.model.sheetNames();
    if (!names.includes(this.sheet)) this.sheet = names[0] ?? '';
    this.renderTabs(names);
    if (!this.sheet) {
      this.table.replaceChildren();
      return;
    }
    const dim = this.model.dimensions(this.sheet);
    const rows = Math.max(dim.rows + 5, MIN_ROWS);
    const cols = Math.max(dim.cols + 1, MIN_COLS);
    const layout = this.model.layout(this.sheet);
    const widths = Array.from({ length: cols }, (_, c) => (layout.columnWidths?.[c] ? ptToPx(layout.columnWidths[c]) : DEFAULT_COL_PX));
    const spills = this.model.spills(this.sheet);
    this.views = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => this.model.cell(this.sheet, r, c, spills)));

    const freezeRows = layout.freeze?.rows ?? 0;
    const freezeCols = layout.freeze?.columns ?? 0;
    const colgroup = h('colgroup', {}, h('col', { class: 'wb-col-header' }), ...widths.map(() => h('col', {})));
    Array.from(colgroup.children).forEach((col, i) => ((col as HTMLElement).style.width = `${i === 0 ? HEADER_WIDTH : widths[i - 1]}px`));
    const lefts: number[] = [];
    widths.reduce((x, w, i) => ((lefts[i] = x), x + w), HEADER_WIDTH);

    const headRow = h('tr', {}, h('th', { class: 'wb-corner', scope: 'col' }));
    widths.forEach((_, c) => {
      const th = h('th', { class: 'wb-colhead', scope: 'col', 'data-col': String(c) }, columnLetters(c + 1));
      if (c < freezeCols) this.stickLeft(th, lefts[c]);
      headRow.append(th);
    });
    const body = h('tbody');
    this.views.forEach((line, r) => {
      const tr = h('tr', {});
      const rh = h('th', { class: 'wb-rowhead', scope: 'row', 'data-row': String(r) }, String(r + 1));
      tr.append(rh);
      if (r < freezeRows) tr.classList.add('wb-frozen-row');
      line.forEach((view, c) => {
        const td = this.renderCell(view, line[c + 1], widths[c]);
        if (r < freezeRows) td.classList.add('wb-frozen');
        if (c < freezeCols) this.stickLeft(td, lefts[c]);
        if (r === freezeRows - 1) td.classList.add('wb-freeze-bottom');
        if (c === freezeCols - 1) td.classList.add('wb-freeze-right');
        tr.append(td);
      });
      body.append(tr);
    });
    const table = h('table', { class: 'wb-grid', role: 'grid', 'aria-label': this.sheet }, colgroup, h('thead', {}, headRow), body);
    table.style.width = `${HEADER_WIDTH + widths.reduce((a, b) => a + b, 0)}px`;
    table.addEventListener('mousedown', (e) => {
      const td = (e.target as HTMLElement).closest('td');
      if (td && !td.contains(this.editor)) {
        this.closeEditor(true);
        this.select(Number(td.dataset.row), Number(td.dataset.col));
      }
    });
    table.addEventListener('dblclick', (e) => {
      const td = (e.target as HTMLElement).closest('td');
      if (td) this.openEditor(Number(td.dataset.row), Number(td.dataset.col));
    });
    this.table.replaceWith(table);
    this.table = table;
    // Text overflowing the last columns must not widen the scroll area beyond the grid: frozen columns
    // cannot stick past the table's edge, so they would scroll away with it.
    if (!this.scroller.contains(table)) this.scroller.replaceChildren(h('div', { class: 'wb-grid-clip' }, table));
    this.pinFrozenRows(freezeRows);
    this.stickyTables = this.findLongTables(freezeRows);
    this.updateStickyHeaders();
    this.select(Math.min(this.selected.row, rows - 1), Math.min(this.selected.col, cols - 1), false);
  }

  private stickLeft(el: HTMLElement, left: number): void {
    el.classList.add('wb-frozen-col');
    el.style.left = `${left}px`;
  }

  /** Frozen rows stick below the column header at their measured offsets (a title row is taller). */
  private pinFrozenRows(count: number): void {
    const rows = Array.from(this.table.tBodies[0]?.rows ?? []).slice(0, count);
    let top = this.table.tHead?.rows[0]?.getBoundingClientRect().height ?? ROW_HEIGHT;
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
   * the sheet, e.g. the projection's spilled table, which would leave no room for the rows).
   */
  private findLongTables(freezeRows: number): StickyTable[] {
    const tables: StickyTable[] = [];
    const filled = (r: number) => this.views[r]?.some((v) => v.kind !== 'empty') ?? false;
    for (let r = freezeRows; r < this.views.length; r++) {
      const line = this.views[r];
      const headers = line.filter((v) => v.format?.style === 'header' && v.kind !== 'empty').length;
      if (headers < 2) continue;
      let last = r;
      while (last + 1 < this.views.length && filled(last + 1)) last++;
      if (last - r > STICKY_HEADER_MIN_ROWS) tables.push({ header: r, last });
      r = last;
    }
    return tables;
  }

  /** Sticks each long table's header under the frozen rows while its rows pass under it. */
  private updateStickyHeaders(): void {
    const body = this.table.tBodies[0];
    if (!body) return;
    for (const t of this.stickyTables) {
      const header = body.rows[t.header];
      const last = body.rows[t.last];
      if (!header || !last) continue;
      const top = this.scroller.scrollTop + this.frozenBottom; // content offset of the first visible row
      const stick = header.offsetTop < top && last.offsetTop + last.offsetHeight - header.offsetHeight > top;
      if (stick === header.classList.contains('wb-sticky-header')) continue;
      header.classList.toggle('wb-sticky-header', stick);
      for (const cell of Array.from(header.cells)) {
        // The row number (a th, already sticky to the left) only needs its top.
        if (cell.tagName === 'TD') cell.classList.toggle('wb-stuck', stick);
        cell.style.top = stick ? `${this.frozenBottom}px` : '';
      }
    }
  }

  private renderCell(view: CellView, right: CellView | undefined, width: number): HTMLTableCellElement {
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
    const overflows = view.kind === 'text' && (!right || right.kind === 'empty');
    const shown = view.kind === 'number' ? fitNumber(view.value as number, view.text, view.format?.format, width - CELL_CHROME_PX, measurer(style)) : view.text;
    if (shown !== view.text) td.dataset.value = view.text;
    const content = h('div', { class: overflows ? 'wb-content wb-overflow' : 'wb-content' }, shown);
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
    if (tips.length) td.title = tips.join('\n');
    if (view.spill) td.classList.add('wb-spilled');
    return td;
  }

  private renderTabs(names: string[]): void {
    this.tabs.replaceChildren(
      ...names.map((name) => {
        const tab = h('button', { class: 'wb-tab', role: 'tab', type: 'button', 'aria-selected': String(name === this.sheet), 'data-sheet': name }, name);
        tab.addEventListener('click', () => this.showSheet(name));
        return tab;
      }),
    );
    this.tabs.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  private td(row: number, col: number): HTMLTableCellElement | null {
    return this.table.querySelector(`td[data-row="${row}"][data-col="${col}"]`);
  }

  select(row: number, col: number, focus = true): void {
    const rows = this.views.length;
    const cols = this.views[0]?.length ?? 0;
    if (rows === 0) return;
    row = Math.max(0, Math.min(rows - 1, row));
    col = Math.max(0, Math.min(cols - 1, col));
    this.table.querySelectorAll('.wb-selected, .wb-head-active').forEach((el) => el.classList.remove('wb-selected', 'wb-head-active'));
    this.selected = { row, col };
    const td = this.td(row, col);
    td?.classList.add('wb-selected');
    this.table.querySelector(`th[data-col="${col}"]`)?.classList.add('wb-head-active');
    this.table.querySelector(`th[data-row="${row}"]`)?.classList.add('wb-head-active');
    if (td && focus) {
      td.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      this.scroller.focus({ preventScroll: true });
    }
    this.updateFormulaBar();
  }

  private updateFormulaBar(): void {
    const view = this.views[this.selected.row]?.[this.selected.col];
    if (!view) return;
    this.nameBox.value = view.format?.name ?? view.ref;
    if (view.formula) this.formulaInput.value = view.formula;
    else if (view.spill) this.formulaInput.value = view.spill.formula;
    else this.formulaInput.value = this.model.editText(this.sheet, view.row, view.col);
    this.formulaInput.classList.toggle('wb-formula-spill', !!view.spill && !view.formula);
    this.formulaInput.readOnly = !view.editable;
    if (view.error) this.options.onStatus?.(`${view.ref}: ${view.error.code} ${view.error.message}`.trim(), 'error');
  }

  openEditor(row: number, col: number, initial?: string): void {
    const view = this.views[row]?.[col];
    if (!view) return;
    this.select(row, col, false);
    if (!view.editable) {
      this.options.onStatus?.(`${view.ref} is calculated by the template; edit the inputs (blue on yellow) instead.`, 'info');
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
    const view = this.views[row]?.[col];
    const resized = result.resized.length ? ` Resized ${result.resized.join(', ')}.` : '';
    this.options.onStatus?.(`${view?.ref ?? cellRef(row, col)} = ${view?.text ?? text}. Recalculated.${resized}`, 'info');
    this.element.dispatchEvent(new CustomEvent('wb-edited', { bubbles: true, detail: { sheet: this.sheet, row, col } }));
  }

  private onKey(e: KeyboardEvent): void {
    if (this.editor) return;
    const { row, col } = this.selected;
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Enter: [1, 0], Tab: [0, 1] };
    if (moves[e.key]) {
      e.preventDefault();
      const [dr, dc] = moves[e.key];
      const sign = e.shiftKey && (e.key === 'Enter' || e.key === 'Tab') ? -1 : 1;
      this.select(row + dr * sign, col + dc * sign);
    } else if (e.key === 'F2') {
      e.preventDefault();
      this.openEditor(row, col);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      if (this.views[row]?.[col]?.editable) this.commit(row, col, '', 0, 0);
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      this.openEditor(row, col, e.key);
    }
  }
}
