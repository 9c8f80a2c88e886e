/**
 * Templates are data: typed descriptions of sheets, cells, formats, input styling, names and sources.
 * One loader (`plan.ts`) turns a template into a plan of writes; a host adapter (Excel through
 * Office.js, or the embedded engine) applies the plan. Templates never talk to a host directly.
 *
 * CONTRACT between the templates helper and the task-pane helper: the exported names below are stable.
 */

/** How a cell looks: inputs are blue on pale yellow (the banker's convention), outputs black on grey. */
export type CellStyle = 'title' | 'subtitle' | 'header' | 'label' | 'input' | 'output' | 'note' | 'source' | 'warning' | 'highlight';

export interface TemplateCell {
  /** A1 reference within the sheet, e.g. "B4". */
  ref: string;
  /** A constant (number, text, boolean). An input that the source lacks stays empty: `value: null` with a note. */
  value?: number | string | boolean | null;
  /**
   * A formula, starting with "=". To refer to another sheet of the same template write its title in
   * double braces, e.g. "='{{Inputs}}'!B4"; the loader replaces it with the sheet's final (free) name.
   */
  formula?: string;
  /** Excel number format, e.g. "#,##0.00", "0.0%", "yyyy-mm-dd". */
  format?: string;
  style?: CellStyle;
  /** A name for this cell (inputs), scoped to its sheet so a second insert never clashes. */
  name?: string;
  /** Where the default comes from, or what the cell means; written as a note/source. */
  note?: string;
  /**
   * The accepted values of a choice input ("yes"/"no", ...). Excel gets a list data validation (an
   * in-cell drop-down); every formula that reads the input must also check it (builder's `onChoice`),
   * so any other value, typed in the engine or pasted in Excel, turns its dependents into #N/A.
   */
  choices?: string[];
}

export interface TemplateSheet {
  /** Preferred sheet name (<= 31 characters); the loader picks a free one: "Keep mining", "Keep mining (2)", ... */
  title: string;
  cells: TemplateCell[];
  /** Column widths in points, from column A. */
  columnWidths?: number[];
  /** Rows and columns to freeze. */
  freeze?: { rows: number; columns: number };
  /**
   * Formats for blocks without content of their own, e.g. the cells a spilled WATT table fills:
   * `range` is an A1 block ("B20:M80"); written after the cells, never over a cell's own format.
   */
  rangeFormats?: RangeFormat[];
  /** Charts a host draws where it can (Excel); a host without charts ignores them. */
  charts?: TemplateChart[];
  /** How the sheet prints when it is too wide for one page at a readable scale (src/xlsx/print.ts). */
  print?: SheetPrint;
}

/**
 * A wide table's print layout: the identifying columns and the header row repeated on every page, and
 * the logical groups of columns a page never splits. A sheet wider than one tabloid page at a readable
 * scale prints in bands of whole groups, one band after another (print.ts `bandColumns`).
 */
export interface SheetPrint {
  /** Columns repeated at the left of every page, from column A (ticker, company). */
  titleColumns: number;
  /** The table's header row, 1-based: printed at the top of every page of the table. */
  headerRow: number;
  /** Groups of columns that print together, left to right: "C:E", "AD". Columns in none print alone. */
  groups: string[];
}

/**
 * A chart over the sheet's own cells. stackedColumn: one column per category, one stacked segment per
 * series; column: clustered columns; line: one line per series (a fan chart is lines of percentiles).
 * `series` is an A1 block whose first row holds the series names and each column below one
 * series; `categories` an A1 block of one column, as long as a series, with the category labels.
 * Hosts: Excel draws it natively (Office.js charts.add); the workbench draws it with chart.js from the
 * same cells and redraws it after every edit.
 */
export interface TemplateChart {
  type: 'stackedColumn' | 'column' | 'line';
  title: string;
  categories: string;
  series: string;
  /** Top-left cell of the chart. */
  anchor: string;
  /** Size in points. */
  width?: number;
  height?: number;
  /** Axis titles, with units (e.g. "USD per PH/s per day"). */
  xTitle?: string;
  yTitle?: string;
  /**
   * A category to mark with a vertical line and a label (e.g. the month of a halving): `cell` is a
   * cell of the sheet holding the category's value. Drawn by the workbench; Excel shows the label in
   * the chart title instead (Office.js has no vertical marker line).
   */
  marker?: { cell: string; label: string };
  /** The unit of series named by a number (a sensitivity's axis: "EH/s"), shown after it in the legend. */
  seriesUnit?: string;
  /**
   * The categories are numbers at uneven steps (a sensitivity's axis): Excel draws a line chart as an XY
   * scatter with lines, each series' x values read from `categories`, so the points sit where their
   * values fall (the workbench finds such an axis by itself: chart-data.ts).
   */
  numericX?: boolean;
}

/** A number format and/or style for a rectangular block of cells. */
export interface RangeFormat {
  range: string;
  format?: string;
  style?: CellStyle;
}

export interface Template {
  id: string;
  title: string;
  description: string;
  /** ISO date the template's default figures are as of. */
  asOf: string;
  /** Key assumptions shown in the gallery, e.g. ["100 MW", "17.5 J/TH", "$0.045/kWh"]. */
  keyAssumptions: string[];
  /** What question the template answers, for the README and the gallery. */
  answers: string;
  sheets: TemplateSheet[];
}

/** A sheet as it will be written: final name, formulas resolved. */
export interface PlannedSheet {
  title: string;
  name: string;
  cells: TemplateCell[];
  columnWidths?: number[];
  freeze?: { rows: number; columns: number };
  rangeFormats?: RangeFormat[];
  charts?: TemplateChart[];
  print?: SheetPrint;
}

export interface WritePlan {
  templateId: string;
  sheets: PlannedSheet[];
}

/** What a host knows about the open workbook, enough to choose free names. */
export interface WorkbookState {
  sheetNames: string[];
}

/** A host: reads the workbook's state and applies a plan all or nothing. */
export interface HostAdapter {
  readState(): Promise<WorkbookState>;
  /** Writes every sheet of the plan; on any failure removes what it added and rejects with a clear message. */
  apply(plan: WritePlan): Promise<void>;
}
