/**
 * three-paths: every assumption WATT.PATHS reads is on the sheet (name, value, unit, source, a label
 * that is not the name); the spilled table equals WATT.PATHS of the sheet's assumptions (n/a where
 * PATHS gives an error, e.g. the mine path's IRR without an up-front outlay), and changes when an input
 * changes; the presentation labels carry units.
 */
import { WattError } from '../../src/core/errors';
import { PATHS_CATALOG, PATH_METRICS } from '../../src/core/paths';
import { findTemplate } from '../../src/templates';
import { PATHS_ROWS } from '../../src/templates/three-paths';
import { cellRef, parseRef } from '../../src/templates/plan';
import { Inserted, wrapper } from './helpers';

const template = findTemplate('three-paths')!;
const sheet = template.sheets[0];
const at = (ref: string) => sheet.cells.find((c) => c.ref === ref);
const anchor = sheet.cells.find((c) => c.formula?.includes('WATT.PATHS'))!;
const [, firstRow, lastRow] = /WATT\.PATHS\(B(\d+):C(\d+)/.exec(anchor.formula!)!.map(Number);

/** The assumption rows of the block PATHS reads: a name in B and a value in C. */
function assumptionRows(): { row: number; name: string }[] {
  const rows: { row: number; name: string }[] = [];
  for (let r = firstRow; r <= lastRow; r++) {
    const name = at(`B${r}`)?.value;
    if (typeof name === 'string') rows.push({ row: r, name });
  }
  return rows;
}

describe('three-paths: every lever on the sheet', () => {
  test('every name WATT.PATHS reads (PATHS_CATALOG, cloud_capex included) is in the block once, with a value, unit, source and a banker label', () => {
    const rows = assumptionRows();
    expect(rows.map((r) => r.name).sort()).toEqual(Object.keys(PATHS_CATALOG).sort());
    for (const { row, name } of rows) {
      const value = at(`C${row}`)!;
      expect(value.style).toBe('input');
      expect(value.name).toBe(name);
      expect(typeof value.value).toBe('number');
      expect(String(at(`D${row}`)?.value ?? '')).not.toBe('');
      expect(String(at(`E${row}`)?.value ?? '').length).toBeGreaterThan(10);
      const label = String(at(`A${row}`)?.value ?? '');
      expect(label).not.toBe('');
      expect(label).not.toContain('_');
      expect(label).not.toBe(name); // a label, not the name ("Uptime" for uptime is fine)
    }
    // Rows of the block without a name are section headers with B and C empty (PATHS skips blank rows).
    for (let r = firstRow; r <= lastRow; r++) {
      if (rows.some((x) => x.row === r)) continue;
      expect(at(`B${r}`)).toBeUndefined();
      expect(at(`C${r}`)).toBeUndefined();
    }
  });

  test('like-for-like defaults: fleet refresh, 15-year lease, 7.5% exit cap, terminal value on, 20% prepayment, GPU residual', () => {
    const value = (name: string) => sheet.cells.find((c) => c.name === name)!.value;
    expect(value('mining_capex')).toBe(8);
    expect(value('lease_term')).toBe(15);
    expect(value('exit_cap_rate')).toBe(0.075);
    expect(value('terminal_value')).toBe(1);
    expect(value('cloud_prepayment')).toBe(0.2);
    expect(value('gpu_residual')).toBe(0.1);
  });

  test('output rows: one presentation label with a unit per PATHS metric, in PATHS order', () => {
    expect(PATHS_ROWS.map(([m]) => m)).toEqual([...PATH_METRICS]);
    const { row } = parseRef(anchor.ref)!;
    PATHS_ROWS.forEach(([, label], i) => {
      expect(at(cellRef(row + 1 + i, 0))!.value).toBe(label);
      expect(label).toMatch(/USD|%|years/);
    });
    expect(PATHS_ROWS[0][1]).toContain('per MWh of site capacity');
  });
});

describe('three-paths in the engine', () => {
  async function compare(t: Inserted) {
    const range = assumptionRows().map(({ name }) => [name, t.num(name)]);
    const expected = wrapper('PATHS')(range, t.num('years')) as unknown[][];
    expect(Array.isArray(expected)).toBe(true);
    const { row, col } = parseRef(anchor.ref)!;
    expect(expected.map((r) => r[0])).toEqual(['metric', ...PATHS_ROWS.map(([m]) => m)]);
    expected.forEach((r, i) =>
      r.forEach((want, j) => {
        const got = t.at(cellRef(row + i, col + j));
        if (want instanceof WattError) expect(got).toBe('n/a');
        else if (typeof want === 'number') expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
        else expect(got).toBe(want);
      }),
    );
    return expected;
  }

  test('the spilled table equals WATT.PATHS of the assumption block; mine payback and IRR are n/a', async () => {
    const t = await Inserted.of(template);
    expect(t.errors()).toEqual([]);
    const table = await compare(t);
    const { row, col } = parseRef(anchor.ref)!;
    const payback = PATHS_ROWS.findIndex(([m]) => m === 'payback_years');
    expect(table[payback + 1][1]).toBe('n/a');
    expect(t.at(cellRef(row + 1 + payback, col + 1))).toBe('n/a');
    // The shell (lease) and the hall and GPUs (cloud) carry a terminal value at the defaults; the mine
    // none: at 4.5 c/kWh it is switched off from the 2028 halving, so no replacement fleet is bought.
    const tv = PATHS_ROWS.findIndex(([m]) => m === 'terminal_value');
    const refresh = PATHS_ROWS.findIndex(([m]) => m === 'refresh_capex');
    expect(table[tv + 1][2] as number).toBeGreaterThan(0);
    expect(table[tv + 1][3] as number).toBeGreaterThan(0);
    expect(table[tv + 1][1]).toBe(0);
    expect(table[refresh + 1][1]).toBe(0);
    // Cheaper power keeps the fleet running: it is replaced in years 4 and 8 (2 x $8 x 5.714 M TH/s).
    t.set('power_price', 0.02);
    const cheap = await compare(t);
    expect(cheap[refresh + 1][1] as number).toBeCloseTo(2 * 8 * (100e6 / 17.5), 0);
  });

  test('changing a lever recalculates the table: no terminal value, then a 20-year horizon', async () => {
    const t = await Inserted.of(template);
    const npvRow = PATHS_ROWS.findIndex(([m]) => m === 'npv') + 1;
    const { row, col } = parseRef(anchor.ref)!;
    const before = t.at(cellRef(row + npvRow, col + 2));
    t.set('terminal_value', 0);
    await compare(t);
    expect(t.at(cellRef(row + npvRow, col + 2))).toBeLessThan(before as number);
    t.set('years', 20);
    await compare(t);
  });
});
