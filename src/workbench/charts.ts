/**
 * The workbench's charts: each chart a template describes (TemplateSheet.charts) drawn with chart.js
 * in a panel below the grid, from the same cells Excel's native chart reads: the categories block
 * (shown as the grid shows them, with their number format) and the series block (first row: series
 * names; below: numbers; a cell that is not a number is a gap, never a zero). Redrawn after every
 * render of the grid, so a chart follows an input as the cells do.
 */
import { Chart, registerables, type ChartConfiguration, type Plugin } from 'chart.js';
import { h } from '../taskpane/dom';
import type { TemplateChart } from '../templates/types';
import { COLUMN_PALETTE, readChart, type ChartData } from './chart-data';
import { formatValue } from './numfmt';
import type { WorkbookModel } from './model';

Chart.register(...registerables);

/** Line colours: a fan chart's percentiles from pale (tails) to dark (median), then mean and base case. */
const PALETTE = ['#9ecae1', '#4292c6', '#08519c', '#4292c6', '#9ecae1', '#e6550d', '#636363', '#31a354', '#756bb1'];
export { COLUMN_PALETTE };

// What a chart shows, read from the cells (chart-data.ts, testable without a canvas).
export { readChart, type ChartData } from './chart-data';

/** Draws a dashed vertical line and its label at the marked category. */
const markerPlugin: Plugin<'line' | 'bar'> = {
  id: 'wattMarker',
  afterDatasetsDraw(chart) {
    const marker = (chart.options.plugins as { wattMarker?: ChartData['marker'] }).wattMarker;
    if (!marker) return;
    const numericX = (chart.options.plugins as { wattNumericX?: number[] }).wattNumericX;
    const x = chart.scales.x.getPixelForValue(numericX ? numericX[marker.index] : marker.index);
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

/** A tick in a cell format ("$171.9M", "47.4%", "1,075"); chart.js's own when there is none. */
const tick = (format: string | undefined) => (format ? (value: number | string) => formatValue(Number(value), format) : undefined);

/**
 * The chart.js configuration of a template chart. `compact`: a chart drawn short (the panel leaves the
 * grid most of the window): its legend goes to the right and its title is smaller, so the plot keeps
 * the height.
 */
export function config(chart: TemplateChart, data: ChartData, compact = false): ChartConfiguration<'line' | 'bar'> {
  const line = chart.type === 'line';
  // A fan chart (series p5, p25, ...) gets the symmetric blues; any other chart distinct colours.
  const fan = data.series[0]?.name === 'p5';
  const colour = (i: number) => (fan ? PALETTE[i % PALETTE.length] : COLUMN_PALETTE[i % COLUMN_PALETTE.length]);
  const numericX = data.x;
  const yTick = tick(data.yFormat);
  const xTick = numericX ? tick(numericX.format) : undefined;
  // Columns: every category labelled (a ticker each), turned when they do not fit.
  const columns = !line && data.labels.length <= 40;
  return {
    type: line ? 'line' : 'bar',
    data: {
      labels: data.labels,
      datasets: data.series.map((s, i) => ({
        label: s.name,
        data: (numericX ? s.values.map((y, k) => ({ x: numericX.values[k], y })) : s.values) as (number | null)[],
        borderColor: colour(i),
        backgroundColor: colour(i),
        borderWidth: line ? 2 : 0,
        pointRadius: numericX ? 3 : 0,
        spanGaps: false,
        ...(chart.type === 'stackedColumn' ? { stack: 'all' } : {}),
      })),
    },
    options: {
      animation: false,
      responsive: false,
      plugins: {
        title: { display: true, text: chart.title, font: { size: compact ? 12 : 14 } },
        legend: compact ? { position: 'right', labels: { boxWidth: 12, font: { size: 11 } } } : { position: 'bottom' },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${yTick ? yTick(item.parsed.y ?? 0) : item.formattedValue}` } },
        ...({ wattMarker: data.marker, ...(numericX ? { wattNumericX: numericX.values } : {}) } as object),
      },
      scales: {
        x: {
          ...(numericX ? { type: 'linear' as const } : {}),
          stacked: chart.type === 'stackedColumn',
          title: { display: !!chart.xTitle, text: chart.xTitle ?? '' },
          ticks: columns ? { autoSkip: false, maxRotation: 90, minRotation: 0 } : { maxTicksLimit: 12, autoSkip: true, ...(xTick ? { callback: xTick } : {}) },
        },
        y: { stacked: chart.type === 'stackedColumn', title: { display: !!chart.yTitle, text: chart.yTitle ?? '' }, ...(yTick ? { ticks: { callback: yTick } } : {}) },
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
      // No number to draw: say why, never an empty chart with "Series 1".
      if (data.empty) {
        this.element.append(h('figure', { class: 'wb-chart wb-chart-empty' }, h('figcaption', {}, `${spec.title}: ${data.empty}`)));
        continue;
      }
      // Points to CSS pixels as Excel sizes charts (1 pt = 4/3 px). The height is held to the panel's
      // (the grid keeps the window); the width is not scaled with it, so a short chart stays readable
      // (within the panel's width when it is known), its legend beside the plot.
      const px = (spec.height ?? 288) * 4 / 3;
      const height = Math.round(Math.min(px, this.maxHeight));
      const room = this.element.parentElement?.clientWidth ?? 0;
      const width = Math.round(Math.min((spec.width ?? 480) * 4 / 3, room > 400 ? room - 32 : 900));
      const canvas = h('canvas', { width: String(width), height: String(height), role: 'img', 'aria-label': spec.title }) as HTMLCanvasElement;
      this.element.append(h('figure', { class: 'wb-chart' }, canvas));
      this.charts.push(new Chart(canvas, config(spec, data, height < px * 0.8)));
    }
  }
}
