/**
 * risk template: every input WATT.SIMULATE reads is on the sheet with a unit and a source; the spilled
 * tables equal WATT.SIMULATE, WATT.SIMHIST and WATT.SIMBANDS of the sheet's own assumptions; the charts
 * cover the tables and follow an input; Excel gets native charts (fake Excel); the workbench reads the
 * same cells for its chart.js charts. The existing templates' charts point at their tables.
 */
import { PATHS_CATALOG } from '../../src/core/paths';
import { bandsTable, histTable, RISK_CATALOG, simulateTable } from '../../src/core/simulate';
import { ExcelTemplateAdapter } from '../../src/hosts/excel/template-adapter';
import { findTemplate, insertTemplate, validateTemplate } from '../../src/templates';
import { parseBlock } from '../../src/templates/plan';
import { readChart } from '../../src/workbench/charts';
import { WorkbookModel } from '../../src/workbench/model';
import { FakeExcel } from '../hosts/fake-excel';
import { Inserted } from './helpers';

jest.mock('chart.js', () => ({ Chart: class { static register() {} }, registerables: [] }));

const template = findTemplate('risk')!;
const sheet = template.sheets[0];
const formula = (fn: string) => sheet.cells.find((c) => c.formula?.includes(`WATT.${fn}(`))!;
const [, firstRow, lastRow] = /WATT\.SIMULATE\(B(\d+):C(\d+)/.exec(formula('SIMULATE').formula!)!.map(Number);

/** The sheet's assumption block as the functions read it (B:C), from the inserted engine sheet. */
function block(w: Inserted): [unknown, unknown][] {
  const rows: [unknown, unknown][] = [];
  for (let r = firstRow; r <= lastRow; r++) {
    const name = w.at(`B${r}`);
    const value = w.at(`C${r}`);
    rows.push([name === null ? null : name, value === null ? null : value]);
  }
  return rows;
}
/** The spilled table at an anchor, as values. */
function spill(w: Inserted, anchor: string, rows: number, cols: number): unknown[][] {
  const a = parseBlock(anchor)!;
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => w.hf.getCellValue({ sheet: w.sheetId(), row: a.top + i, col: a.left + j })));
}

test('the template validates and every name WATT.SIMULATE reads is in the block with a unit and a source', () => {
  expect(validateTemplate(template)).toEqual([]);
  const names = sheet.cells.filter((c) => c.ref.startsWith('B') && c.style === 'note' && typeof c.value === 'string').map((c) => c.value as string);
  expect(names.sort()).toEqual([...Object.keys(PATHS_CATALOG), ...Object.keys(RISK_CATALOG)].sort());
  for (const name of names) {
    const value = sheet.cells.find((c) => c.name === name)!;
    const row = value.ref.slice(1);
    expect(value.style).toBe('input');
    expect(String(sheet.cells.find((c) => c.ref === `D${row}`)?.value ?? '')).not.toBe('');
    expect(String(sheet.cells.find((c) => c.ref === `E${row}`)?.value ?? '').length).toBeGreaterThan(20);
  }
});

describe('in the engine', () => {
  let w: Inserted;
  beforeAll(async () => {
    w = await Inserted.of(template);
  });

  test('no error cell; the tables equal the functions on the sheet\'s own assumptions, trials, years and seed', () => {
    expect(w.errors()).toEqual([]);
    const trials = w.num('trials');
    const years = w.num('sim_years');
    const seed = w.num('seed');
    expect([trials, years, seed]).toEqual([4000, 10, 1]);
    const a = block(w);
    expect(spill(w, formula('SIMULATE').ref, 13, 4)).toEqual(simulateTable(a, trials, years, seed));
    expect(spill(w, formula('SIMHIST').ref, 21, 5)).toEqual(histTable(a, 20, trials, years, seed));
    expect(spill(w, formula('SIMBANDS').ref, 121, 9)).toEqual(bandsTable(a, 'hashprice', trials, years, seed));
  });

  test('the charts read the tables, and follow an input (workbench reader)', () => {
    const model = new WorkbookModel(w.hf, w.adapter);
    const name = w.plan.sheets[0].name;
    const [hist, fan] = model.layout(name).charts!;
    const h = readChart(model, name, hist)!;
    expect(h.series.map((s) => s.name)).toEqual(['Mine', 'Lease', 'Cloud']);
    expect(h.labels.length).toBe(20);
    for (const s of h.series) expect(s.values.reduce((x, y) => x! + y!, 0)).toBeCloseTo(1, 9);
    const f = readChart(model, name, fan)!;
    expect(f.series.map((s) => s.name)).toEqual(['p5', 'p25', 'p50', 'p75', 'p95', 'Mean', 'Deterministic']);
    expect(f.labels.length).toBe(120);
    expect(f.labels[0]).toBe('2026-01-01');
    // The fan's width (P95 / P5 at month 61) grows with the BTC volatility.
    const width = (x: typeof f) => x.series[4].values[60]! / x.series[0].values[60]!;
    const before = width(f);
    const edit = model.edit(name, ...(Object.values(parseBlock(w.refOf('btc_volatility'))!).slice(0, 2) as [number, number]), '0.8');
    expect(edit.ok).toBe(true);
    expect(w.num('btc_volatility')).toBe(0.8);
    expect(width(readChart(model, name, fan)!)).toBeGreaterThan(3 * before);
  });
});

test('Excel: native charts inserted with the sheet (clustered columns, lines), titled, with axis titles', async () => {
  const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
  await insertTemplate(template, new ExcelTemplateAdapter(fake.hosts()));
  const charts = fake.find('Risk')!.charts!;
  expect(charts.map((c) => c.type)).toEqual(['ColumnClustered', 'Line']);
  expect(charts[0]).toMatchObject({ seriesBy: 'Columns', title: 'NPV by path: share of simulated worlds', xTitle: 'NPV, USD M (bin middle)', yTitle: 'Share of trials' });
  expect(charts[1].source).toBe(sheet.charts![1].series);
  expect(charts[1].categories).toBe(sheet.charts![1].categories);
});

describe('charts of the existing templates', () => {
  test('projection: revenue and power cost by month, the halving month marked', async () => {
    const t = findTemplate('projection')!;
    const w = await Inserted.of(t);
    const model = new WorkbookModel(w.hf, w.adapter);
    const c = readChart(model, w.plan.sheets[0].name, t.sheets[0].charts![0])!;
    expect(c.series.map((s) => s.name)).toEqual(['Revenue (USD)', 'Power cost (USD)']);
    expect(c.labels.length).toBe(w.num('months'));
    // WATT.HALVINGDATE(5) falls in April 2028: the first month at the halved subsidy is May 2028 (index 28 from Jan 2026).
    expect(c.marker).toEqual({ index: 28, label: 'halving' });
    expect(c.series[0].values[28]!).toBeLessThan(0.55 * c.series[0].values[27]!);
  });
  test('three paths: NPV by path in USD M equals the table', async () => {
    const t = findTemplate('three-paths')!;
    const w = await Inserted.of(t);
    const model = new WorkbookModel(w.hf, w.adapter);
    const c = readChart(model, w.plan.sheets[0].name, t.sheets[0].charts![0])!;
    expect(c.labels).toEqual(['mine', 'lease', 'cloud']);
    const npvRow = t.sheets[0].cells.find((x) => x.ref.startsWith('A') && x.value === 'NPV at the discount rate, USD M')!.ref.slice(1);
    ['C', 'D', 'E'].forEach((col, i) => expect(c.series[0].values[i]).toBeCloseTo((w.at(`${col}${npvRow}`) as number) / 1e6, 9));
  });
  test('keep mining: hashprice against BTC price at each hashrate of the grid, and the breakeven', async () => {
    const t = findTemplate('keep-mining')!;
    const w = await Inserted.of(t);
    const model = new WorkbookModel(w.hf, w.adapter);
    const c = readChart(model, w.plan.sheets[0].name, t.sheets[0].charts![0])!;
    expect(c.series.length).toBe(6);
    expect(c.series[5].name).toBe('Breakeven');
    const breakeven = w.num('hashcost') / (1 - w.num('pool_fee'));
    for (const v of c.series[5].values) expect(v).toBeCloseTo(breakeven, 9);
    // hashprice rises with the BTC price and falls with the network hashrate
    expect(c.series[0].values[6]!).toBeGreaterThan(c.series[0].values[0]!);
    expect(c.series[4].values[3]!).toBeLessThan(c.series[0].values[3]!);
  });
});
