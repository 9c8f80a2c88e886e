/**
 * Inserts a template into the open Excel workbook through Office.js, all or nothing.
 *
 *  - Checks the requirement set first (ExcelApi 1.7: sheet-scoped names 1.4, freeze panes and
 *    workbook protection 1.7) and refuses clearly when Excel is older.
 *  - Refuses a protected workbook (structure protection forbids adding sheets) before writing.
 *  - Adds one new worksheet per template sheet under the plan's free names; re-checks inside the
 *    same Excel.run that no name was taken in the meantime. Existing sheets are never written.
 *  - Writes values, formulas (spilled WATT tables spill on their own), number formats, input/output
 *    fills and fonts, sheet-scoped names, column widths, freeze panes and charts (ExcelApi 1.7:
 *    charts.add, the category axis' setCategoryNames); sources are a visible column
 *    written by the template itself (cell notes need ExcelApi 1.18, which many hosts lack).
 *  - Sets up each sheet's pages as the .xlsx writer does (page-setup.ts: print area, titles, scale or
 *    fit, paper, margins, footer) where Excel has page layout (ExcelApi 1.9); without it, or when Excel
 *    refuses a setting, the insert stands and `notes` says what to set by hand (the pane shows it).
 *  - On any failure deletes the sheets it added, by worksheet id (each add is synced and its id read
 *    before anything is written on it), never by name: a sheet of the same name that someone else
 *    created meanwhile survives. Rejects with a message saying what failed and what was undone.
 */
import { cellRef, columnLetters, parseBlock, parseRef } from '../../templates/plan';
import { STYLES } from '../../templates/styles';
import type { CellStyle, HostAdapter, PlannedSheet, TemplateChart, WorkbookState, WritePlan } from '../../templates/types';
import { NO_PAGE_SETUP_NOTE, PAGE_LAYOUT_API, setUpPages, SPILL_API } from './page-setup';

/** The requirement set this adapter needs. */
export const REQUIRED_API = { name: 'ExcelApi', version: '1.7' } as const;
/** Data validation (the drop-down of a choice input) needs ExcelApi 1.8. */
export const LIST_VALIDATION_API = '1.8';

/** The parts of the Office.js globals the adapter uses (injected in tests). */
export interface ExcelHost {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}
export interface OfficeHost {
  context: { requirements: { isSetSupported(name: string, minVersion?: string): boolean } };
}

export interface ExcelTemplateAdapterOptions {
  /** The `Excel` namespace; default the global one. */
  excel?: ExcelHost;
  /** The `Office` namespace, for the requirement-set check; default the global one. */
  office?: OfficeHost;
  /** How the page setup waits for custom functions still #BUSY! (tests: no real wait). */
  wait?: (ms: number) => Promise<void>;
}

/** Why an insert was refused or failed; `code` lets the task pane choose its wording. */
export class TemplateInsertError extends Error {
  constructor(
    readonly code: 'unsupported' | 'protected' | 'name-taken' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'TemplateInsertError';
  }
}

/** An Office.js error as both Excel adapters report it: its message, with its code when the message lacks it. */
export function describe(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: string }).code;
    return code && !e.message.includes(code) ? `${e.message} (${code})` : e.message;
  }
  return String(e);
}

/** The `Excel` and `Office` namespaces: those given (tests), else the page's; undefined without Office.js. */
export function officeHosts(excel?: ExcelHost, office?: OfficeHost): { excel: ExcelHost; office: OfficeHost } | undefined {
  const g = globalThis as unknown as { Excel?: ExcelHost; Office?: OfficeHost };
  const e = excel ?? g.Excel;
  const o = office ?? g.Office;
  return e && o ? { excel: e, office: o } : undefined;
}

export class ExcelTemplateAdapter implements HostAdapter {
  private readonly excel?: ExcelHost;
  private readonly office?: OfficeHost;
  private readonly wait?: (ms: number) => Promise<void>;
  /** What the last insert could not do, for the pane to show (an Excel without page layout, a page setup refused). */
  notes: string[] = [];

  constructor(options: ExcelTemplateAdapterOptions = {}) {
    this.excel = options.excel;
    this.office = options.office;
    this.wait = options.wait;
  }

  /** Whether Office.js is there (false in a plain browser tab, where every insert is refused). */
  available(): boolean {
    return officeHosts(this.excel, this.office) !== undefined;
  }

  private host(): { excel: ExcelHost; office: OfficeHost } {
    const hosts = officeHosts(this.excel, this.office);
    if (!hosts) throw new TemplateInsertError('unsupported', 'Templates need Excel: Office.js is not loaded on this page.');
    return hosts;
  }

  /** Throws a clear error unless Excel supports ExcelApi 1.7. */
  checkSupport(): void {
    const { office } = this.host();
    if (!office.context.requirements.isSetSupported(REQUIRED_API.name, REQUIRED_API.version)) {
      throw new TemplateInsertError(
        'unsupported',
        `This version of Excel does not support ${REQUIRED_API.name} ${REQUIRED_API.version} (sheet-scoped names, freeze panes, workbook protection), which templates need. Use Excel 2019 or later, Microsoft 365 or Excel on the web.`,
      );
    }
  }

  async readState(): Promise<WorkbookState> {
    this.checkSupport();
    const { excel } = this.host();
    return excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load('items/name');
      await context.sync();
      return { sheetNames: sheets.items.map((s) => s.name) };
    });
  }

  async apply(plan: WritePlan): Promise<void> {
    this.checkSupport();
    const { excel } = this.host();
    // Choice inputs get a list data validation where Excel has it (ExcelApi 1.8); the formulas reading
    // them check the value anyway (an error otherwise), so an older Excel loses only the drop-down.
    const lists = this.host().office.context.requirements.isSetSupported(REQUIRED_API.name, LIST_VALIDATION_API);
    // The page setup (print area, titles, scale: src/xlsx/print.ts) where Excel has page layout (ExcelApi 1.9).
    const pages = this.host().office.context.requirements.isSetSupported(REQUIRED_API.name, PAGE_LAYOUT_API);
    const spillsKnown = this.host().office.context.requirements.isSetSupported(REQUIRED_API.name, SPILL_API);
    const notes: string[] = pages ? [] : [NO_PAGE_SETUP_NOTE];
    this.notes = [];
    // Ids of the worksheets this insert added: the only sheets a rollback may delete.
    const added: { id: string; name: string }[] = [];
    let before: Set<string> | undefined;
    let step = 'reading the workbook';
    try {
      await excel.run(async (context) => {
        const workbook = context.workbook;
        const sheets = workbook.worksheets;
        sheets.load('items/name');
        workbook.protection.load('protected');
        await context.sync();
        if (workbook.protection.protected) {
          throw new TemplateInsertError('protected', 'The workbook structure is protected, so no sheet can be added. Unprotect it (Review > Protect Workbook) and try again; nothing was changed.');
        }
        before = new Set(sheets.items.map((s) => s.name.toLowerCase()));
        const taken = plan.sheets.find((s) => before!.has(s.name.toLowerCase()));
        if (taken) {
          throw new TemplateInsertError('name-taken', `A sheet named "${taken.name}" appeared while inserting; nothing was changed. Try again.`);
        }
        for (const sheet of plan.sheets) {
          step = `adding sheet "${sheet.name}"`;
          const ws = sheets.add(sheet.name);
          ws.load('id');
          await context.sync();
          added.push({ id: ws.id, name: sheet.name });
          step = `writing sheet "${sheet.name}"`;
          writeSheet(ws, sheet, lists);
          await context.sync();
        }
        // Once every sheet is written and calculated: a page setup Excel refuses is reported, not undone.
        for (const sheet of pages ? plan.sheets : []) {
          try {
            await setUpPages(context, sheets.getItem(sheet.name), sheet, spillsKnown, this.wait);
            await context.sync();
          } catch (e) {
            notes.push(`The pages of "${sheet.name}" could not be set up for printing (${describe(e)}): set them in Page Layout.`);
          }
        }
        step = 'activating the new sheet';
        sheets.getItem(plan.sheets[0].name).activate();
        await context.sync();
      });
      this.notes = notes;
    } catch (e) {
      if (e instanceof TemplateInsertError && e.code !== 'failed') throw e;
      let rollback = '';
      if (added.length > 0) {
        try {
          await removeSheetsById(excel, added.map((a) => a.id));
          rollback = 'the sheets it had added were deleted and the workbook is as it was';
        } catch (r) {
          rollback = `removing the sheets it had added also failed (${describe(r)}): delete the sheets ${added.map((a) => `"${a.name}"`).join(', ')} by hand`;
        }
      } else {
        rollback = before ? 'no sheet had been added and the workbook is as it was' : 'nothing was changed';
      }
      throw new TemplateInsertError('failed', `Could not insert template ${plan.templateId}: ${describe(e)} while ${step}; ${rollback}.`);
    }
  }
}

/**
 * Deletes the worksheets with these ids that still exist (getItemOrNullObject takes a name or an id):
 * the rollback of an insert or a share, which never deletes by name.
 */
export async function removeSheetsById(excel: ExcelHost, ids: string[]): Promise<void> {
  await excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    const ours = ids.map((id) => sheets.getItemOrNullObject(id));
    await context.sync();
    // A workbook must keep one visible sheet; ours were added to an existing workbook, so one remains.
    for (const ws of ours) if (!ws.isNullObject) ws.delete();
    await context.sync();
  });
}

/** Queues the writes of one planned sheet on a new worksheet. */
function writeSheet(ws: Excel.Worksheet, sheet: PlannedSheet, lists: boolean): void {
  // Block formats first, so a cell's own format and style (written next) win.
  for (const block of sheet.rangeFormats ?? []) {
    const b = parseBlock(block.range)!;
    const range = ws.getRange(block.range);
    if (block.format) {
      const row = new Array(b.right - b.left + 1).fill(block.format);
      range.numberFormat = Array.from({ length: b.bottom - b.top + 1 }, () => [...row]);
    }
    if (block.style) applyStyle(range, block.style);
  }
  for (const cell of sheet.cells) {
    const range = ws.getRange(cell.ref);
    // The format first: Excel parses a value as it is written, so "2025-09-25" written into a General
    // cell would become a date serial before a later "@" (text) format could keep it as text.
    if (cell.format) range.numberFormat = [[cell.format]];
    if (cell.formula !== undefined) range.formulas = [[cell.formula]];
    else if (cell.value !== undefined && cell.value !== null) range.values = [[cell.value]];
    if (cell.style) applyStyle(range, cell.style);
    if (cell.choices && lists) listValidation(range, cell.choices);
    // Name Manager comments are limited to 255 characters.
    if (cell.name) ws.names.add(cell.name, range, cell.note ? cell.note.slice(0, 255) : undefined);
  }
  sheet.columnWidths?.forEach((width, i) => {
    const col = columnLetters(i + 1);
    ws.getRange(`${col}:${col}`).format.columnWidth = width;
  });
  // A header's text that its right neighbour would clip wraps, and its row grows to show it, once the
  // columns have their widths (as the workbench grid shows it).
  for (const ref of wrappedCells(sheet)) {
    const range = ws.getRange(ref);
    range.format.wrapText = true;
    range.format.autofitRows();
  }
  const freeze = sheet.freeze;
  if (freeze && (freeze.rows > 0 || freeze.columns > 0)) {
    if (freeze.columns === 0) ws.freezePanes.freezeRows(freeze.rows);
    else if (freeze.rows === 0) ws.freezePanes.freezeColumns(freeze.columns);
    else ws.freezePanes.freezeAt(ws.getRangeByIndexes(0, 0, freeze.rows, freeze.columns));
  }
  for (const c of sheet.charts ?? []) {
    // Series by columns: the block's first row names the series; the categories label the x axis.
    // A line over numbers at uneven steps: an XY scatter with lines, each series' x values the categories.
    const scatter = c.type === 'line' && c.numericX === true;
    const chart = ws.charts.add(scatter ? 'XYScatterLines' : EXCEL_CHART_TYPES[c.type], ws.getRange(c.series), 'Columns');
    chart.title.text = c.marker ? `${c.title} (${c.marker.label})` : c.title;
    if (c.xTitle) chart.axes.categoryAxis.title.text = c.xTitle;
    if (c.yTitle) chart.axes.valueAxis.title.text = c.yTitle;
    if (scatter) {
      const block = parseBlock(c.series)!;
      for (let k = 0; k <= block.right - block.left; k++) chart.series.getItemAt(k).setXAxisValues(ws.getRange(c.categories));
    } else {
      chart.axes.categoryAxis.setCategoryNames(ws.getRange(c.categories));
    }
    chart.setPosition(c.anchor);
    if (c.width) chart.width = c.width;
    if (c.height) chart.height = c.height;
  }
}

/**
 * The text cells whose style wraps (StyleSpec.wrap) and whose right neighbour holds content, so that the
 * text would be clipped; a text with an empty neighbour flows over it instead, as any text.
 */
export function wrappedCells(sheet: Pick<PlannedSheet, 'cells'>): string[] {
  const filled = new Set(sheet.cells.filter((c) => c.formula !== undefined || (c.value !== undefined && c.value !== null && c.value !== '')).map((c) => c.ref));
  return sheet.cells
    .filter((c) => c.style && STYLES[c.style].wrap && typeof c.value === 'string' && c.value !== '')
    .filter((c) => {
      const pos = parseRef(c.ref)!;
      return filled.has(cellRef(pos.row, pos.col + 1));
    })
    .map((c) => c.ref);
}

/** An in-cell drop-down of the accepted values; anything else typed is refused with a message. */
function listValidation(range: Excel.Range, choices: string[]): void {
  range.dataValidation.rule = { list: { inCellDropDown: true, source: choices.join(',') } };
  range.dataValidation.errorAlert = { showAlert: true, style: 'Stop', title: 'Watt', message: `Choose one of: ${choices.join(', ')}.` };
}

/** Excel's chart type for each template chart type (ExcelApi 1.1 Excel.ChartType names). */
const EXCEL_CHART_TYPES: Record<TemplateChart['type'], 'ColumnStacked' | 'ColumnClustered' | 'Line'> = { stackedColumn: 'ColumnStacked', column: 'ColumnClustered', line: 'Line' };

function applyStyle(range: Excel.Range, name: CellStyle): void {
  const style = STYLES[name];
  if (style.fill) range.format.fill.color = style.fill;
  if (style.fontColor) range.format.font.color = style.fontColor;
  if (style.bold) range.format.font.bold = true;
  if (style.italic) range.format.font.italic = true;
  if (style.size) range.format.font.size = style.size;
  if (style.border) {
    for (const edge of ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'] as const) {
      const line = range.format.borders.getItem(edge);
      line.style = 'Continuous';
      line.weight = 'Medium';
      line.color = style.border;
    }
  }
}
