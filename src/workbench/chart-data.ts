/**
 * What a template's chart shows, read from the sheet's cells (no chart.js here, so it is testable in
 * Node): the categories as the grid shows them, each series with a human label, the number formats of
 * the axes (the y-axis in the series' own unit and scale: $M, %, EH/s), a numeric x-axis when the
 * categories are numbers at uneven steps, and, when there is nothing to draw, why.
 */
import { parseBlock, parseRef } from '../templates/plan';
import type { TemplateChart } from '../templates/types';
import type { WorkbookModel } from './model';
import { isDateFormat } from './numfmt';

/** Ten distinct colours for columns and lines: the parts of a stacked column never share one. */
export const COLUMN_PALETTE = ['#08519c', '#31a354', '#e6550d', '#756bb1', '#636363', '#d4a017', '#17becf', '#e377c2', '#8c564b', '#9ecae1'];

export interface ChartData {
  labels: string[];
  series: { name: string; values: (number | null)[] }[];
  /** Index of the marked category, if any. */
  marker?: { index: number; label: string };
  /** The number format of the values (the first number of the series): the y-axis's ticks. */
  yFormat?: string;
  /** Categories that are numbers at uneven steps (a sensitivity axis): drawn on a linear x-axis. */
  x?: { values: number[]; format?: string };
  /** Nothing to draw (no number in any series), and why: said in place of an empty chart. */
  empty?: string;
}

/** A function's column name ("power_cost") as a reader's label ("Power cost"); other texts as they are. */
export function humanLabel(name: string): string {
  if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)+$|^[a-z]+$/.test(name)) return name;
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const isIdentifier = (text: string) => /^[a-z][a-z0-9_]*$/.test(text);

/** Reads a chart's categories and series from the sheet's cells. */
export function readChart(model: WorkbookModel, sheet: string, chart: TemplateChart): ChartData | undefined {
  const cat = parseBlock(chart.categories);
  const ser = parseBlock(chart.series);
  if (!cat || !ser) return undefined;
  const spills = model.spills(sheet);
  const labels: string[] = [];
  const raw: unknown[] = [];
  let xFormat: string | undefined;
  for (let r = cat.top; r <= cat.bottom; r++) {
    const v = model.cell(sheet, r, cat.left, spills);
    labels.push(v.text);
    raw.push(v.kind === 'number' ? v.value : v.text === '' ? null : v.text);
    if (xFormat === undefined && v.kind === 'number') xFormat = v.format?.format;
  }
  const series = [];
  let yFormat: string | undefined;
  for (let c = ser.left; c <= ser.right; c++) {
    const head = model.cell(sheet, ser.top, c, spills);
    const header = head.kind === 'number' && chart.seriesUnit ? `${head.text} ${chart.seriesUnit}` : head.text;
    // A function's own column name: the banker's label above it when the template wrote one.
    const above = ser.top > 0 ? model.cell(sheet, ser.top - 1, c, spills) : undefined;
    const name = header === ''
      ? `Series ${c - ser.left + 1}`
      : isIdentifier(header) && above?.kind === 'text' && above.text !== '' && !isIdentifier(above.text) ? above.text : humanLabel(header);
    const values: (number | null)[] = [];
    for (let r = ser.top + 1; r <= ser.bottom; r++) {
      const v = model.cell(sheet, r, c, spills);
      const number = v.kind === 'number' && typeof v.value === 'number' && Number.isFinite(v.value);
      values.push(number ? (v.value as number) : null);
      if (number && yFormat === undefined) yFormat = v.format?.format;
    }
    series.push({ name, values });
  }
  // A table shorter than the block (e.g. 30 months formatted for 120): drop the empty rows at its end.
  let n = labels.length;
  while (n > 0 && labels[n - 1] === '' && series.every((x) => x.values[n - 1] === null)) n--;
  labels.length = n;
  raw.length = n;
  for (const x of series) x.values.length = n;
  let marker: ChartData['marker'];
  const at = chart.marker ? parseRef(chart.marker.cell) : undefined;
  if (chart.marker && at) {
    const value = model.cell(sheet, at.row, at.col, spills).value;
    // Dates may come back as typed numbers: compare as numbers when both are.
    const index = raw.findIndex((x) => x === value || (x !== null && value !== null && x !== '' && Number(x) === Number(value)));
    if (index >= 0) marker = { index, label: chart.marker.label };
  }
  const data: ChartData = { labels, series, marker, ...(yFormat ? { yFormat } : {}) };
  if (series.every((s) => s.values.every((v) => v === null))) {
    data.empty = emptyReason(model, sheet, chart, cat, ser, spills);
    return data;
  }
  // Numbers at uneven steps (not dates, which the grid shows as dates): a linear x-axis, so the
  // distance between points is the distance between values.
  if (chart.type === 'line' && n > 2 && raw.every((x) => typeof x === 'number') && !(xFormat && isDateFormat(xFormat))) {
    const xs = raw as number[];
    const steps = xs.slice(1).map((x, i) => x - xs[i]);
    const uneven = Math.max(...steps.map(Math.abs)) > 1.001 * Math.min(...steps.map(Math.abs));
    if (uneven) data.x = { values: xs, ...(xFormat ? { format: xFormat } : {}) };
  }
  return data;
}

/**
 * Why a chart has nothing to draw: the first error in the series, the categories or the row of the
 * series' header left of it (a spilled table's anchor), with its message; else that the cells are empty.
 */
function emptyReason(model: WorkbookModel, sheet: string, chart: TemplateChart, cat: { top: number; left: number; bottom: number }, ser: { top: number; left: number; bottom: number; right: number }, spills: ReturnType<WorkbookModel['spills']>): string {
  const look: { row: number; col: number }[] = [];
  for (let r = Math.max(0, ser.top - 1); r <= Math.min(ser.top + 1, ser.bottom); r++) for (let c = 0; c <= ser.right; c++) look.push({ row: r, col: c });
  for (let r = cat.top; r <= Math.min(cat.top + 1, cat.bottom); r++) look.push({ row: r, col: cat.left });
  for (const { row, col } of look) {
    const v = model.cell(sheet, row, col, spills);
    if (v.kind === 'error') return `Nothing to chart: ${v.ref} shows ${v.error?.code ?? v.text}${v.error?.message ? ` (${v.error.message})` : ''}.`;
  }
  return `Nothing to chart yet: ${chart.series} holds no numbers.`;
}
