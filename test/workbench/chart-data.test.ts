/**
 * What the workbench's charts show, read from the templates' cells as the workbench reads them: human
 * legends (not a function's column names), the y-axis in the series' own format ($, %, $M), a linear
 * x-axis where a sensitivity's steps are uneven, every category (ticker) labelled, distinct colours for
 * stacked parts, and a reason instead of an empty chart.
 */
import { createEngine } from '../../src/engine/engine';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { findTemplate, insertTemplate } from '../../src/templates';
import { BTC_AXIS } from '../../src/templates/keep-mining';
import { F } from '../../src/templates/builder';
import { parseRef } from '../../src/templates/plan';
import type { TemplateChart } from '../../src/templates/types';
import { COLUMN_PALETTE, humanLabel, readChart } from '../../src/workbench/chart-data';
import { WorkbookModel } from '../../src/workbench/model';
import { formatValue } from '../../src/workbench/numfmt';

async function inserted(id: string) {
  const hf = createEngine();
  const adapter = new EngineTemplateAdapter(hf);
  const model = new WorkbookModel(hf, adapter);
  const template = findTemplate(id)!;
  await insertTemplate(template, adapter);
  const sheet = template.sheets[0];
  const charts = sheet.charts as TemplateChart[];
  const set = (name: string, text: string) => {
    const at = parseRef(sheet.cells.find((c) => c.name === name)!.ref)!;
    expect(model.edit(sheet.title, at.row, at.col, text).ok).toBe(true);
  };
  return { model, sheet: sheet.title, charts, set };
}

test('humanLabel: a column name reads as words; a label is kept', () => {
  expect(humanLabel('power_cost')).toBe('Power cost');
  expect(humanLabel('revenue')).toBe('Revenue');
  expect(humanLabel('Revenue (USD)')).toBe('Revenue (USD)');
  expect(humanLabel('p50')).toBe('p50');
});

describe('projection: revenue and power cost by month', () => {
  test('legends are the banker\'s labels above the spill, the y-axis in dollars, the months as dates (even steps: categories)', async () => {
    const { model, sheet, charts } = await inserted('projection');
    const data = readChart(model, sheet, charts[0])!;
    expect(data.series.map((s) => s.name)).toEqual(['Revenue (USD)', 'Power cost (USD)']);
    expect(data.yFormat).toBe(F.usd0);
    // The y ticks as the cells show them: $6,044,596 is month 1's revenue (projection.test.ts).
    expect(formatValue(6_000_000, data.yFormat)).toBe('$6,000,000');
    expect(data.labels).toHaveLength(30);
    expect(data.labels[0]).toBe('2026-01');
    expect(data.x).toBeUndefined();
    expect(data.empty).toBeUndefined();
  });

  test('at 700 months (over the 600 accepted) the chart says why it is empty, no "Series 1"', async () => {
    const { model, sheet, charts, set } = await inserted('projection');
    set('months', '700');
    const data = readChart(model, sheet, charts[0])!;
    expect(data.empty).toMatch(/^Nothing to chart: A\d+ shows #VALUE! \(.*months.*600/);
  });
});

describe('keep-mining: hashprice against BTC price', () => {
  test('a linear x-axis at the sensitivity\'s BTC prices (uneven steps), in dollars; legends are the hashrates and the breakeven', async () => {
    const { model, sheet, charts } = await inserted('keep-mining');
    const data = readChart(model, sheet, charts[0])!;
    expect(data.x!.values.map(Math.round)).toEqual(BTC_AXIS.map(Math.round));
    expect(data.x!.format).toBe(F.usd0);
    expect(data.yFormat).toBe(F.usd2);
    // 860, 967.5, 1,075, 1,182.5, 1,343.75 EH/s as the grid shows them (#,##0), then the breakeven column.
    expect(data.series.map((s) => s.name)).toEqual(['860 EH/s', '968 EH/s', '1,075 EH/s', '1,183 EH/s', '1,344 EH/s', 'Breakeven']);
  });

  test('at a BTC price of $130k the x values are still increasing', async () => {
    const { model, sheet, charts, set } = await inserted('keep-mining');
    set('btc_price', '130000');
    const data = readChart(model, sheet, charts[0])!;
    expect(data.x!.values.map(Math.round)).toEqual([91_000, 104_000, 117_000, 130_000, 149_500, 175_500, 227_500]);
    // The base case marked where it falls: the fourth point, $130,000.
    expect(data.marker).toEqual({ index: 3, label: 'base case' });
  });
});

describe('valuation: sum of the parts per company', () => {
  test('every ticker is a category, each part a human label, and there are colours enough for every part', async () => {
    const { model, sheet, charts } = await inserted('valuation');
    const data = readChart(model, sheet, charts[0])!;
    expect(data.labels.length).toBeGreaterThanOrEqual(15);
    expect(data.labels.every((l) => /^[A-Z.]{2,6}$/.test(l))).toBe(true);
    for (const s of data.series) expect(s.name).not.toMatch(/_|^Series \d/);
    expect(data.series.length).toBeLessThanOrEqual(COLUMN_PALETTE.length);
    expect(new Set(COLUMN_PALETTE).size).toBe(COLUMN_PALETTE.length);
    expect(data.yFormat).toMatch(/\$/);
  });
});

test('three-paths: NPV by path in dollars and millions, the paths as categories', async () => {
  const { model, sheet, charts } = await inserted('three-paths');
  const data = readChart(model, sheet, charts[0])!;
  expect(data.labels).toEqual(['mine', 'lease', 'cloud']);
  expect(formatValue(450, data.yFormat)).toBe('$450.0M');
  expect(formatValue(-12.5, data.yFormat)).toBe('($12.5M)');
});

test('risk: the histogram\'s y-axis is a percent, the fan chart\'s dollars', async () => {
  const { model, sheet, charts } = await inserted('risk');
  const [histogram, fan] = charts.map((c) => readChart(model, sheet, c)!);
  expect(histogram.yFormat).toMatch(/%/);
  expect(fan.yFormat).toMatch(/^\$/);
  expect(fan.series.map((s) => s.name).slice(0, 5)).toEqual(['p5', 'p25', 'p50', 'p75', 'p95']);
});
