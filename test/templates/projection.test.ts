/**
 * projection: the table equals WATT.PROJECTION of the assumptions above it, has one row per month,
 * crosses the 2028 halving (subsidy 3.125 → 1.5625), and the totals are the sums of its columns.
 * Fails loudly until PROJECTION is merged.
 */
import { findTemplate } from '../../src/templates';
import { PROJECTION_COLUMNS } from '../../src/templates/projection';
import { cellRef, parseRef } from '../../src/templates/plan';
import { Inserted, wrapper } from './helpers';

const template = findTemplate('projection')!;

describe('projection in the engine', () => {
  test('the spilled table equals WATT.PROJECTION of the input block, through the 2028 halving', async () => {
    const t = await Inserted.of(template);
    const sheet = template.sheets[0];
    const keyed = sheet.cells.filter((c) => c.style === 'input' && c.name && c.name !== 'months');
    const expected = wrapper('PROJECTION')(keyed.map((c) => [c.name!, c.value]), t.num('months')) as unknown[][];
    expect(expected[0]).toEqual(PROJECTION_COLUMNS.map(([n]) => n));
    expect(expected).toHaveLength(t.num('months') + 1);
    const anchor = sheet.cells.find((c) => c.formula?.includes('WATT.PROJECTION'))!;
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
    // Totals above the table are the sums of its columns.
    const col9 = (k: string) => PROJECTION_COLUMNS.findIndex(([n]) => n === k);
    const sum = (k: string) => expected.slice(1).reduce((a, r) => a + (r[col9(k)] as number), 0);
    for (const [name, k] of [['total_btc', 'btc_mined'], ['total_revenue', 'revenue'], ['total_power', 'power_cost'], ['total_margin', 'gross_margin']]) {
      expect(Math.abs(t.num(name) - sum(k))).toBeLessThanOrEqual(1e-9 * Math.abs(sum(k)));
    }
  });

  test('the halving date is WATT.HALVINGDATE(5), inside the horizon', async () => {
    const t = await Inserted.of(template);
    // The engine keeps 14 significant digits: within 1e-9 day.
    expect(Math.abs(t.num('halving_date') - wrapper('HALVINGDATE')(5))).toBeLessThan(1e-9);
    const months = t.num('months');
    expect(t.num('halving_date')).toBeLessThan(t.num('start_date') + (months * 365.25) / 12);
  });
});
