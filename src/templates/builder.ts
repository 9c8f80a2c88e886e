/**
 * A small builder for the layout every template shares, so each template module reads as a model:
 *
 *   A: label   B: value (input or formula)   C: unit   D: source / note
 *
 * Row 1 title, row 2 the as-of line, then blocks: a header row ("Inputs", "Outputs", ...) and one row
 * per item. Inputs are constants styled 'input' with a sheet-scoped name; outputs are formulas styled
 * 'output' (named too, so later formulas read as prose: =revenue_per_day - power_cost_per_day).
 * Each input's source is written visibly in column D and kept in the cell's `note`.
 */
import { cellRef, parseRef } from './plan';
import type { CellStyle, RangeFormat, SheetPrint, TemplateCell, TemplateSheet } from './types';
import type { NumberSpec } from '../core/params';

/** An input's accepted range (min/max and strictness, e.g. a catalog spec of `P`); its unit is the row's. */
export type Accepts = Pick<NumberSpec, 'min' | 'max' | 'minExclusive' | 'maxExclusive'>;

/**
 * Number formats used across templates (Excel syntax), as a banker shows numbers: negatives in
 * parentheses, never a minus sign; one scale a column ($M or $B, stated in the value); whole numbers
 * without decimals; fractions as %. Red only for bad news: the plain formats never colour a negative
 * (a cash outflow or a negative growth rate is not bad news); the `loss*` formats, for a margin or a
 * value whose negative means the business loses money, show it in red.
 */
export const F = {
  usd0: '$#,##0;($#,##0)',
  usd2: '$#,##0.00;($#,##0.00)',
  usd3: '$#,##0.000;($#,##0.000)',
  usdM: '$#,##0.0,,"M";($#,##0.0,,"M")',
  usdB: '$#,##0.00,,,"B";($#,##0.00,,,"B")',
  int: '#,##0;(#,##0)',
  num1: '#,##0.0;(#,##0.0)',
  num2: '#,##0.00;(#,##0.00)',
  num3: '#,##0.000;(#,##0.000)',
  btc: '#,##0.0000;(#,##0.0000)',
  btc6: '#,##0.000000;(#,##0.000000)',
  pct: '0.0%;(0.0%)',
  pct2: '0.00%;(0.00%)',
  pct3: '0.000%;(0.000%)',
  /** A date; a serial of 0 (an empty date a formula read) shows empty, not 1899-12-30. */
  date: 'yyyy-mm-dd;;""',
  /** Difficulty and other counts of 10^12, e.g. 125.81 T. */
  trillions: '#,##0.00,,,," T";(#,##0.00,,,," T")',
  text: '@',
  years: '0.0 "yrs";(0.0 "yrs")',
  /** A loss in USD (a margin, a profit): negative in red parentheses. */
  lossUsd0: '$#,##0;[Red]($#,##0)',
  lossUsd2: '$#,##0.00;[Red]($#,##0.00)',
  lossUsdM: '$#,##0.0,,"M";[Red]($#,##0.0,,"M")',
  /** A margin in % whose negative is a loss: red parentheses. */
  lossPct: '0.0%;[Red](0.0%)',
} as const;

/**
 * A verdict shown by the sign of a number, for a cell whose formula returns 1 (good) or -1 (bad): the
 * good text in the cell's colour, the bad one in red. Red only when the news is bad, in Excel and the
 * workbench alike (a text style would be red either way). Quotes in the texts are doubled away.
 * A second bad verdict, for a formula returning 0, is red too: a range check returns 1 within the
 * range, -1 below it and 0 above it (the format's zero section).
 */
export function verdictFormat(good: string, bad: string, badAtZero?: string): string {
  const q = (t: string) => `"${t.replace(/"/g, "'")}"`;
  return `${q(good)};[Red]${q(bad)}${badAtZero === undefined ? '' : `;[Red]${q(badAtZero)}`}`;
}

/**
 * A range check formula for `verdictFormat(within, below, above)`: 1 within [low, high], -1 below, 0
 * above; #N/A when the value or a bound is not a number (never a verdict on text).
 */
export function rangeCheck(value: string, low: string, high: string): string {
  return `=IF(AND(ISNUMBER(${value}), ISNUMBER(${low}), ISNUMBER(${high})), IF(${value} < ${low}, -1, IF(${value} > ${high}, 0, 1)), NA())`;
}

export interface InputRow {
  name: string;
  label: string;
  value: number | string | null;
  format: string;
  unit?: string;
  /** Where the default comes from: written in column D and kept as the cell's note. */
  source: string;
  /** Accepted values of a choice input (see TemplateCell.choices). */
  choices?: string[];
  /** Accepted range of a number input: formulas read it through `checked(name)` (WATT.CHECK). */
  accepts?: Accepts;
}

export interface OutputRow {
  name?: string;
  label: string;
  formula: string;
  format: string;
  unit?: string;
  note?: string;
  style?: CellStyle;
}

export class SheetBuilder {
  private readonly cells: TemplateCell[] = [];
  private readonly rangeFormats: RangeFormat[] = [];
  /** Inputs declared with an accepted range: name → the WATT.CHECK fragment reading it. */
  private readonly checks = new Map<string, string>();
  /** Next free row, 1-based. */
  row = 1;

  constructor(
    private readonly sheetTitle: string,
    private readonly layout: { columnWidths?: number[]; freeze?: { rows: number; columns: number }; print?: SheetPrint } = {},
  ) {}

  /** Any cell, by A1 ref. */
  cell(cell: TemplateCell): this {
    this.cells.push(cell);
    return this;
  }

  /** Title in A1, the as-of line in A2; the next block starts at row 4. */
  heading(title: string, asOfLine: string): this {
    this.cell({ ref: 'A1', value: title, style: 'title' });
    this.cell({ ref: 'A2', value: asOfLine, style: 'subtitle' });
    this.row = 4;
    return this;
  }

  /** A header row from column `col` (default A). */
  header(labels: string[], col = 'A'): this {
    const start = parseRef(`${col}1`)!.col;
    labels.forEach((label, i) => this.cell({ ref: cellRef(this.row - 1, start + i), value: label, style: 'header' }));
    this.row += 1;
    return this;
  }

  /** A block header: name | Value | Unit | Source / note. */
  section(name: string, valueHeader = 'Value'): this {
    return this.header([name, valueHeader, 'Unit', 'Source / note']);
  }

  /**
   * The input named `name` read through WATT.CHECK (a formula fragment, no "="): its value, or #VALUE!
   * naming its label, unit and accepted range. Only for inputs declared with `accepts`.
   */
  checked(name: string): string {
    const fragment = this.checks.get(name);
    if (!fragment) throw new Error(`checked(${name}): no input of that name declares an accepted range`);
    return fragment;
  }

  private declare(name: string, label: string, unit: string | undefined, accepts: Accepts | undefined): void {
    if (accepts) this.checks.set(name, checkedInput(name, label, unit ?? '', accepts));
  }

  /** An input row; returns the value cell's ref. */
  input(r: InputRow): string {
    this.declare(r.name, r.label, r.unit, r.accepts);
    const ref = `B${this.row}`;
    this.cell({ ref: `A${this.row}`, value: r.label, style: 'label' });
    this.cell({ ref, value: r.value, format: r.format, style: 'input', name: r.name, note: r.source, ...(r.choices ? { choices: r.choices } : {}) });
    if (r.unit) this.cell({ ref: `C${this.row}`, value: r.unit, style: 'label' });
    this.cell({ ref: `D${this.row}`, value: r.source, style: 'source' });
    this.row += 1;
    return ref;
  }

  /** An output row; returns the formula cell's ref. */
  output(r: OutputRow): string {
    const ref = `B${this.row}`;
    this.cell({ ref: `A${this.row}`, value: r.label, style: 'label' });
    this.cell({ ref, formula: r.formula, format: r.format, style: r.style ?? 'output', ...(r.name ? { name: r.name } : {}), ...(r.note ? { note: r.note } : {}) });
    if (r.unit) this.cell({ ref: `C${this.row}`, value: r.unit, style: 'label' });
    if (r.note) this.cell({ ref: `D${this.row}`, value: r.note, style: 'note' });
    this.row += 1;
    return ref;
  }

  /** A line of text in column A (style 'note' unless given). */
  text(text: string, style: CellStyle = 'note', col = 'A'): this {
    this.cell({ ref: `${col}${this.row}`, value: text, style });
    this.row += 1;
    return this;
  }

  /**
   * An input keyed by its assumption name, for the two-column name/value ranges WATT.PROJECTION and
   * WATT.PATHS read: A holds the name (text), B the value (named the same), C the unit, D label and source.
   */
  keyedInput(r: InputRow): string {
    const ref = `B${this.row}`;
    this.cell({ ref: `A${this.row}`, value: r.name, style: 'label' });
    this.cell({ ref, value: r.value, format: r.format, style: 'input', name: r.name, note: r.source, ...(r.choices ? { choices: r.choices } : {}) });
    if (r.unit) this.cell({ ref: `C${this.row}`, value: r.unit, style: 'label' });
    this.cell({ ref: `D${this.row}`, value: `${r.label}. ${r.source}`, style: 'source' });
    this.row += 1;
    return ref;
  }

  /**
   * An assumption row of the sheets whose functions read a two-column name/value range (three-paths,
   * risk): A the label a banker reads, B the name the functions read, C the value (blue on yellow,
   * named the same, with its choices as a drop-down), D the unit, E the source. Returns the value's ref.
   */
  namedInput(r: InputRow): string {
    const ref = `C${this.row}`;
    this.cell({ ref: `A${this.row}`, value: r.label, style: 'label' });
    this.cell({ ref: `B${this.row}`, value: r.name, style: 'note' });
    this.cell({ ref, value: r.value, format: r.format, style: 'input', name: r.name, note: r.source, ...(r.choices ? { choices: r.choices } : {}) });
    if (r.unit) this.cell({ ref: `D${this.row}`, value: r.unit, style: 'label' });
    this.cell({ ref: `E${this.row}`, value: r.source, style: 'source' });
    this.row += 1;
    return ref;
  }

  /**
   * A row of inputs side by side (B, C, ...), one name each; unit and source after the last value.
   * Returns the refs.
   */
  inputs(r: { names: string[]; label: string; values: (number | string | null)[]; format: string; unit?: string; source: string; accepts?: Accepts }): string[] {
    r.names.forEach((name) => this.declare(name, `${r.label} (${name})`, r.unit, r.accepts));
    const row = this.row;
    this.cell({ ref: `A${row}`, value: r.label, style: 'label' });
    const refs = r.values.map((value, i) => {
      const ref = cellRef(row - 1, 1 + i);
      this.cell({ ref, value, format: r.format, style: 'input', name: r.names[i], note: r.source });
      return ref;
    });
    const n = r.values.length;
    if (r.unit) this.cell({ ref: cellRef(row - 1, 1 + n), value: r.unit, style: 'label' });
    this.cell({ ref: cellRef(row - 1, 2 + n), value: r.source, style: 'source' });
    this.row += 1;
    return refs;
  }

  /** A row of formulas side by side (B, C, ...); unit and note after the last. Returns the refs. */
  outputs(r: { names?: string[]; label: string; formulas: string[]; format: string; unit?: string; note?: string; style?: CellStyle }): string[] {
    const row = this.row;
    this.cell({ ref: `A${row}`, value: r.label, style: 'label' });
    const refs = r.formulas.map((formula, i) => {
      const ref = cellRef(row - 1, 1 + i);
      this.cell({ ref, formula, format: r.format, style: r.style ?? 'output', ...(r.names ? { name: r.names[i] } : {}), ...(r.note ? { note: r.note } : {}) });
      return ref;
    });
    const n = r.formulas.length;
    if (r.unit) this.cell({ ref: cellRef(row - 1, 1 + n), value: r.unit, style: 'label' });
    if (r.note) this.cell({ ref: cellRef(row - 1, 2 + n), value: r.note, style: 'note' });
    this.row += 1;
    return refs;
  }

  /** A number format and/or style over a block (e.g. the cells a spilled table fills). */
  formatRange(range: string, format?: string, style?: CellStyle): this {
    this.rangeFormats.push({ range, ...(format ? { format } : {}), ...(style ? { style } : {}) });
    return this;
  }

  blank(rows = 1): this {
    this.row += rows;
    return this;
  }

  build(): TemplateSheet {
    const columnWidths = this.layout.columnWidths ? withNumberWidths(this.layout.columnWidths, this.cells) : undefined;
    return {
      title: this.sheetTitle,
      cells: this.cells,
      ...(columnWidths ? { columnWidths } : {}),
      ...(this.layout.freeze ? { freeze: this.layout.freeze } : {}),
      ...(this.layout.print ? { print: this.layout.print } : {}),
      ...(this.rangeFormats.length > 0 ? { rangeFormats: this.rangeFormats } : {}),
    };
  }
}

/**
 * A formula fragment (no "=") reading a choice input: `results[i]` when `ref` holds `choices[i]`, and
 * #N/A for anything else (blank included), in Excel and in the engine alike:
 * onChoice("K6", ["yes", "no"], ["H6", '""']) = IF(K6="yes", H6, IF(K6="no", "", NA())).
 */
export function onChoice(ref: string, choices: readonly string[], results: readonly string[]): string {
  if (choices.length === 0 || choices.length !== results.length) throw new Error('onChoice: one result per choice');
  return choices.reduceRight((rest, choice, i) => `IF(${ref}=${excelText(choice)}, ${results[i]}, ${rest})`, 'NA()');
}

/**
 * A text literal for a formula, in double quotes. Excel limits it to 255 characters; a double quote
 * inside is refused (Excel doubles it, HyperFormula cannot parse that): write ' or a typographic quote.
 */
export function excelText(text: string): string {
  if (text.length > 255) throw new Error(`a text in a formula is limited to 255 characters in Excel: "${text.slice(0, 40)}..."`);
  if (text.includes('"')) throw new Error(`a text in a formula cannot hold a double quote (the engine cannot parse ""): ${text}`);
  return `"${text}"`;
}

/** Excel's default column width (8.43 characters of Calibri 11), in points. */
export const DEFAULT_WIDTH = 48;
/** A column of numbers the template left without a width: room for "($1,940.0M)" or "$12,345,678". */
export const NUMBER_WIDTH = 95;

/**
 * The widths a sheet states, extended to every column right of them that holds a number format:
 * Excel's default width shows "$1,400.0M" as ####, so such a column gets NUMBER_WIDTH (columns between
 * keep Excel's default). Text formats and text values do not count.
 */
export function withNumberWidths(widths: readonly number[], cells: readonly TemplateCell[]): number[] {
  const numeric = new Set<number>();
  for (const c of cells) {
    const pos = parseRef(c.ref);
    if (pos && pos.col >= widths.length && c.format && c.format !== F.text && typeof c.value !== 'string') numeric.add(pos.col);
  }
  const last = Math.max(widths.length - 1, ...numeric);
  return Array.from({ length: last + 1 }, (_, i) => widths[i] ?? (numeric.has(i) ? NUMBER_WIDTH : DEFAULT_WIDTH));
}

/**
 * A formula fragment (no "=") reading `ref` (a cell or a name) through WATT.CHECK with a stated range:
 * checkedInput("gpus", "GPUs", "GPUs", { min: 0 }) = WATT.CHECK(gpus, "GPUs", "GPUs", 0). The value
 * when it is a number in range; else #VALUE! naming the label, unit and range, in Excel and the engine.
 */
export function checkedInput(ref: string, label: string, unit: string, accepts: Accepts): string {
  const { min, max, minExclusive, maxExclusive } = accepts;
  const exclusive = minExclusive && min !== undefined ? (maxExclusive && max !== undefined ? 'both' : 'min') : maxExclusive && max !== undefined ? 'max' : '';
  const args = [ref, excelText(label), excelText(unit), min === undefined ? '' : String(min), max === undefined ? '' : String(max), exclusive ? excelText(exclusive) : ''];
  while (args.length > 2 && args[args.length - 1] === '') args.pop();
  return `WATT.CHECK(${args.join(', ')})`;
}

/** Column widths (points) of the standard layout: label, value, unit, source. */
export const STANDARD_WIDTHS = [270, 100, 125, 520];
