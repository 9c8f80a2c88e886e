/**
 * The workbench's charts: each chart a template describes (TemplateSheet.charts) drawn with chart.js
 * in a panel below the grid, from the same cells Excel's native chart reads: the categories block
 * (shown as the grid shows them, with their number format) and the series block (first row: series
 * names; below: numbers; a cell that is not a number is a gap, never a zero). Redrawn after every
 * render of the grid, so a chart follows an input as the cells do.
 */
import { Chart, registerables, type ChartConfiguration, type Plugin } from 'chart.js';
import { h } from '../taskpane/dom';
import { parseBlock, parseRef } from '../templates/plan';
import type { TemplateChart } from '../templates/types';
import type { WorkbookModel } from './model';

Chart.register(...registerables);

/** Line colours: a fan chart's percentiles from pale (tails) to dark (median), then mean and base case. */
const PALETTE = ['#9ecae1', '#4292c6', '#08519c', '#4292c6', '#9ecae1', '#e6550d', '#636363', '#31a354', '#756bb1'];
const COLUMN_PALETTE = ['#08519c', '#31a354', '#e6550d', '#756bb1', '#636363'];

export interface ChartData {
  labels: string[];
  series: { name: string; values: (number | null)[] }[];
  /** Index of the marked category, if any. */
  marker?: { index: number; label: string };
}

/** Reads a chart's categories and series from the sheet's cells. */
export function readChart(model: WorkbookModel, sheet: string, chart: TemplateChart): ChartData | undefined {
  const cat = parseBlock(chart.categories);
  const ser = parseBlock(chart.series);
  if (!cat || !ser) return undefined;
  const spills = model.spills(sheet);
  const labels: string[] = [];
  const raw: unknown[] = [];
  for (let r = cat.top; r <= cat.bottom; r++) {
    const v = model.cell(sheet, r, cat.left, spills);
    labels.push(v.text);
    raw.push(v.value);
  }
  const series = [];
  for (let c = ser.left; c <= ser.right; c++) {
    const name = model.cell(sheet, ser.top, c, spills).text || `Series ${c - ser.left + 1}`;
    const values: (number | null)[] = [];
    for (let r = ser.top + 1; r <= ser.bottom; r++) {
      const v = model.cell(sheet, r, c, spills);
      values.push(v.kind === 'number' && typeof v.value === 'number' && Number.isFinite(v.value) ? v.value : null);
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
  return { labels, series, marker };
}

/** Draws a dashed vertical line and its label at the marked category. */
const markerPlugin: Plugin<'line' | 'bar'> = {
  id: 'wattMarker',
  afterDatasetsDraw(chart) {
    const marker = (chart.options.plugins as { wattMarker?: ChartData['marker'] }).wattMarker;
    if (!marker) return;
    const x = chart.scales.x.getPixelForValue(marker.index);
    const { top, bottom } = chart.chartArea;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = '#444';
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#222';
    ctx.font = '12px sans-serif';
    // The label on the side with room for it.
    const width = ctx.measureText(marker.label).width;
    ctx.fillText(marker.label, x + 4 + width > chart.chartArea.right ? x - 4 - width : x + 4, top + 12);
    ctx.restore();
  },
};

function config(chart: TemplateChart, data: ChartData): ChartConfiguration<'line' | 'bar'> {
  const line = chart.type === 'line';
  // A fan chart (series p5, p25, ...) gets the symmetric blues; any other chart distinct colours.
  const fan = data.series[0]?.name === 'p5';
  const colour = (i: number) => (fan ? PALETTE[i % PALETTE.length] : COLUMN_PALETTE[i % COLUMN_PALETTE.length]);
  return {
    type: line ? 'line' : 'bar',
    data: {
      labels: data.labels,
      datasets: data.series.map((s, i) => ({
        label: s.name,
        data: s.values,
        borderColor: colour(i),
        backgroundColor: colour(i),
        borderWidth: line ? 2 : 0,
        pointRadius: 0,
        spanGaps: false,
        ...(chart.type === 'stackedColumn' ? { stack: 'all' } : {}),
      })),
    },
    options: {
      animation: false,
      responsive: false,
      plugins: {
        title: { display: true, text: chart.title, font: { size: 14 } },
        legend: { position: 'bottom' },
        ...({ wattMarker: data.marker } as object),
      },
      scales: {
        x: { stacked: chart.type === 'stackedColumn', title: { display: !!chart.xTitle, text: chart.xTitle ?? '' }, ticks: { maxTicksLimit: 12, autoSkip: true } },
        y: { stacked: chart.type === 'stackedColumn', title: { display: !!chart.yTitle, text: chart.yTitle ?? '' } },
      },
    },
    plugins: [markerPlugin],
  };
}

/** The tallest chart the panel draws, in CSS pixels: the grid keeps most of the window. */
const MAX_HEIGHT_PX = 300;

/** The chart panel: mount once, then `update(sheet)` after each render of the grid. */
export class ChartPanel {
  readonly element: HTMLElement;
  private charts: Chart[] = [];
  /** The tallest a chart is drawn, in CSS pixels (the layout sets it: charts-frame.ts). */
  maxHeight = MAX_HEIGHT_PX;

  constructor(private readonly model: WorkbookModel) {
    this.element = h('section', { class: 'wb-charts', 'aria-label': 'Charts of this sheet' });
    this.element.hidden = true;
  }

  update(sheet: string): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
    const specs = sheet ? this.model.layout(sheet).charts ?? [] : [];
    this.element.replaceChildren();
    this.element.hidden = specs.length === 0;
    for (const spec of specs) {
      const data = readChart(this.model, sheet, spec);
      if (!data) continue;
      // Points to CSS pixels as Excel sizes charts (1 pt = 4/3 px), scaled down to leave the grid room.
      const px = (spec.height ?? 288) * 4 / 3;
      const scale = Math.min(1, this.maxHeight / px);
      const canvas = h('canvas', { width: String(Math.round((spec.width ?? 480) * 4 / 3 * scale)), height: String(Math.round(px * scale)), role: 'img', 'aria-label': spec.title }) as HTMLCanvasElement;
      this.element.append(h('figure', { class: 'wb-chart' }, canvas));
      this.charts.push(new Chart(canvas, config(spec, data)));
    }
  }
}
