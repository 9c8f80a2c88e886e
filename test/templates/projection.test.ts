/**
 * projection: the table equals WATT.PROJECTION of the assumptions above it, has one row per month,
 * crosses the 2028 halving (subsidy 3.125 → 1.5625), and the totals are the sums of its columns at
 * every size months accepts (1..600), with the table's error when an input is refused.
 */
import { findTemplate } from '../../src/templates';
import { PROJECTION_COLUMNS } from '../../src/templates/projection';
import { cellRef, parseRef } from '../../src/templates/plan';
import { templateInputs, withInputs } from '../../src/cli/settings';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { WorkbookModel } from '../../src/workbench/model';
import { Inserted, wrapper } from './helpers';

const template = findTemplate('projection')!;

/** The template with inputs changed by name, before insertion (the table takes their size). */
function scenario(values: Record<string, number | string>) {
  const inputs = templateInputs(template);
  return withInputs(template, Object.entries(values).map(([name, value]) => ({ input: inputs.find((i) => i.name === name)!, value })));
}

/** The spilled table's column by name, read from the sheet until the first empty row. */
function column(t: Inserted, name: string): unknown[] {
  const anchor = template.sheets[0].cells.find((c) => c.formula?.includes('WATT.PROJECTION('))!;
  const { row, col } = parseRef(anchor.ref)!;
  const j = PROJECTION_COLUMNS.findIndex(([n]) => n === name);
  const out: unknown[] = [];
  for (let i = row + 1; t.at(cellRef(i, col)) !== null; i++) out.push(t.at(cellRef(i, col + j)));
  return out;
}

const sum = (xs: unknown[]) => xs.reduce((a: number, x) => a + (x as number), 0);

describe('projection in the engine', () => {
  test('the spilled table equals WATT.PROJECTION of the input block, through the 2028 halving', async () => {
    const t = await Inserted.of(template);
    const sheet = template.sheets[0];
    const keyed = sheet.cells.filter((c) => c.style === 'input' && c.name && c.name !== 'months');
    const expected = wrapper('PROJECTION')(keyed.map((c) => [c.name!, c.value]), t.num('months')) as unknown[][];
    expect(expected[0]).toEqual(PROJECTION_COLUMNS.map(([n]) => n));
    expect(expected).toHaveLength(t.num('months') + 1);
    const anchor = sheet.cells.find((c) => c.formula?.includes('WATT.PROJECTION('))!;
    const { row, col } = parseRef(anchor.ref)!;
    expected.forEach((r, i) =>
      r.forEach((want, j) => {
        const got = t.at(cellRef(row + i, col + j));
        if (typeof want === 'number') expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
        else expect(got).toEqual(want);
      }),
    );
    // The fifth halving falls inside the horizon: subsidy 3.125 then 1.5625 BTC.
    const subsidies = expected.slice(1).map((r) => r[3]);
    expect(subsidies[0]).toBe(3.125);
    expect(subsidies[subsidies.length - 1]).toBe(1.5625);
  });

  test('the halving date is WATT.HALVINGDATE(5), inside the horizon', async () => {
    const t = await Inserted.of(template);
    // The engine keeps 14 significant digits: within 1e-9 day.
    expect(Math.abs(t.num('halving_date') - wrapper('HALVINGDATE')(5))).toBeLessThan(1e-9);
    const months = t.num('months');
    expect(t.num('halving_date')).toBeLessThan(t.num('start_date') + (months * 365.25) / 12);
  });

  test.each([1, 30, 120, 150, 600])('at %i months the totals are the sums of all the rows of the table', async (months) => {
    const t = await Inserted.of(scenario({ months }));
    const btc = column(t, 'btc_mined');
    expect(btc).toHaveLength(months);
    for (const [name, k] of [['total_btc', 'btc_mined'], ['total_revenue', 'revenue'], ['total_power', 'power_cost'], ['total_margin', 'gross_margin']]) {
      const s = sum(column(t, k));
      expect(Math.abs(t.num(name) - s)).toBeLessThanOrEqual(1e-9 * Math.abs(s));
    }
    expect(t.num('negative_margin_months')).toBe(column(t, 'gross_margin').filter((v) => (v as number) < 0).length);
    expect(t.num('avg_power_cost_per_btc')).toBeCloseTo(t.num('total_power') / t.num('total_btc'), 6);
    const subsidy = column(t, 'subsidy');
    expect(t.num('months_before_halving')).toBe(subsidy.filter((v) => v === subsidy[0]).length);
  });

  test('at 150 months BTC mined covers the 30 months past row 120 (the old fixed range showed 4,320 for 4,621)', async () => {
    const t = await Inserted.of(scenario({ months: 150 }));
    const btc = column(t, 'btc_mined');
    const first120 = sum(btc.slice(0, 120));
    expect(t.num('total_btc') - first120).toBeCloseTo(sum(btc.slice(120)), 6);
    expect(sum(btc.slice(120))).toBeGreaterThan(200);
  });

  test('the sheet formats every row the largest projection fills (600 months)', async () => {
    const t = await Inserted.of(scenario({ months: 600 }));
    const anchor = template.sheets[0].cells.find((c) => c.formula?.includes('WATT.PROJECTION('))!;
    const { row } = parseRef(anchor.ref)!;
    const formats = t.adapter.formats.get(t.plan.sheets[0].name)!;
    expect(formats.get(`B${row + 600 + 1}`)?.format).toBe('yyyy-mm');
    expect(formats.get(`I${row + 600 + 1}`)?.format).toBe(PROJECTION_COLUMNS[8][1]);
  });

  test.each([
    ['a start date before the genesis block', { start_date: 1 }, /^start_date must be from 39816 to 2958465/],
    ['text in an assumption', { btc_price: 'high' }, /^btc_price must be a number/],
    ['a horizon past 9999-12-31', { start_date: 2958000, months: 600 }, /^the horizon ends after 9999-12-31/],
    ['months out of range', { months: 601 }, /^months must be from 1 to 600/],
  ])('%s: the table and every total are the same Excel error, never $0', async (_what, values, message) => {
    const t = await Inserted.of(scenario(values));
    const anchor = template.sheets[0].cells.find((c) => c.formula?.includes('WATT.PROJECTION('))!;
    const table = t.at(anchor.ref) as { error: string; message: string };
    expect(table.error).toBe('#VALUE!');
    expect(table.message).toMatch(message);
    for (const name of ['total_btc', 'total_revenue', 'total_power', 'total_margin', 'avg_power_cost_per_btc', 'negative_margin_months', 'months_before_halving']) {
      expect(t.at(t.refOf(name))).toEqual(table);
    }
  });

  test('in the workbench, typing 150 into months resizes the table and the totals follow it', async () => {
    const t = await Inserted.of(template);
    const model = new WorkbookModel(t.hf, t.adapter as EngineTemplateAdapter);
    const { row, col } = parseRef(t.refOf('months'))!;
    expect(model.edit(t.plan.sheets[0].name, row, col, '150').ok).toBe(true);
    const btc = column(t, 'btc_mined');
    expect(btc).toHaveLength(150);
    expect(Math.abs(t.num('total_btc') - sum(btc))).toBeLessThanOrEqual(1e-9 * sum(btc));
    // And back down to 12: no stale rows past the table, totals over 12 months.
    expect(model.edit(t.plan.sheets[0].name, row, col, '12').ok).toBe(true);
    expect(column(t, 'btc_mined')).toHaveLength(12);
    expect(Math.abs(t.num('total_btc') - sum(column(t, 'btc_mined')))).toBeLessThanOrEqual(1e-9 * t.num('total_btc'));
  });

  test('a DATE() start date: the totals agree with the table (the same error, or the sums of its rows), never $0 beside a broken table', async () => {
    // Whether the engine passes DATE()'s typed number as a date is the dates fix's business; either
    // way the totals must not disagree with the table.
    const startRef = template.sheets[0].cells.find((c) => c.name === 'start_date')!.ref;
    const withDate = { ...template, sheets: [{ ...template.sheets[0], cells: template.sheets[0].cells.map((c) => (c.ref === startRef ? { ...c, value: undefined, formula: '=DATE(2026,7,1)' } : c)) }] };
    const t = await Inserted.of(withDate);
    const anchor = template.sheets[0].cells.find((c) => c.formula?.includes('WATT.PROJECTION('))!;
    const head = t.at(anchor.ref);
    if (head !== null && typeof head === 'object') {
      for (const name of ['total_btc', 'total_revenue', 'total_margin', 'negative_margin_months']) expect(t.at(t.refOf(name))).toEqual(head);
    } else {
      const btc = column(t, 'btc_mined');
      expect(btc).toHaveLength(30);
      expect(Math.abs(t.num('total_btc') - sum(btc))).toBeLessThanOrEqual(1e-9 * sum(btc));
    }
  });
});
