/**
 * three-paths: the table equals WATT.PATHS of the assumptions written above it (n/a where PATHS gives
 * an error, e.g. the mine path's IRR without an up-front outlay). Fails loudly until PATHS is merged.
 */
import { WattError } from '../../src/core/errors';
import { findTemplate } from '../../src/templates';
import { PATHS_ROWS } from '../../src/templates/three-paths';
import { cellRef, parseRef } from '../../src/templates/plan';
import { Inserted, wrapper } from './helpers';

const template = findTemplate('three-paths')!;

describe('three-paths in the engine', () => {
  test('the spilled table equals WATT.PATHS of the input block', async () => {
    const t = await Inserted.of(template);
    const sheet = template.sheets[0];
    const keyed = sheet.cells.filter((c) => c.style === 'input' && c.name && c.name !== 'years');
    const range = keyed.map((c) => [c.name!, c.value]);
    const expected = wrapper('PATHS')(range, t.num('years')) as unknown[][];
    expect(Array.isArray(expected)).toBe(true);
    const anchor = sheet.cells.find((c) => c.formula?.includes('WATT.PATHS'))!;
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
  });

  test('the assumption block is what PATHS reads: names in A, values in B, contiguous', () => {
    const sheet = template.sheets[0];
    const anchor = sheet.cells.find((c) => c.formula?.includes('WATT.PATHS'))!;
    const m = /WATT\.PATHS\(A(\d+):B(\d+)/.exec(anchor.formula!)!;
    for (let r = Number(m[1]); r <= Number(m[2]); r++) {
      const name = sheet.cells.find((c) => c.ref === `A${r}`)!.value;
      expect(sheet.cells.find((c) => c.ref === `B${r}`)!.name).toBe(name);
    }
  });
});
