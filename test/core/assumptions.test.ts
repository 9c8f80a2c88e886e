/**
 * The named-assumptions reader, and the two tables on random input: whatever the range holds (text,
 * booleans, empties, numbers of any size), PROJECTION's core answers a WattError or a table of finite
 * numbers, text and WattErrors; both wrappers (what Excel and the engine call) throw a WattError with a
 * message or return such cells (a PATHS metric that overflows is #NUM! in its cell, via runTable).
 */
import fc from 'fast-check';
import { readAssumptions } from '../../src/core/assumptions';
import { isError, WattError } from '../../src/core/errors';
import { P } from '../../src/core/params';
import { PATHS_CATALOG, pathsTable } from '../../src/core/paths';
import { PROJECTION_CATALOG, projectionTable } from '../../src/core/projection';
import { paths, projection as projectionWrapper } from '../../src/functions/tables';

const catalog = { btc_price: P.btc_price, fees: P.fees, cloud_capex: P.cloud_capex };

describe('readAssumptions', () => {
  test('reads names case-insensitively, applies defaults, skips blank rows', () => {
    expect(readAssumptions([['BTC_PRICE', 5], ['', null], [null, '']], catalog, { optional: ['cloud_capex'] })).toEqual({ btc_price: 5, fees: 0 });
  });
  test('an optional name given is checked like any other', () => {
    expect(readAssumptions([['btc_price', 5], ['cloud_capex', -1]], catalog, { optional: ['cloud_capex'] })).toEqual(
      new WattError('#VALUE!', 'cloud_capex must be >= 0 USD per W of critical IT, GPUs included (got -1)'),
    );
  });
  test('a name with an empty value takes the default, or is required', () => {
    expect(readAssumptions([['btc_price', 5], ['fees', null]], catalog, { optional: ['cloud_capex'] })).toEqual({ btc_price: 5, fees: 0 });
    expect(readAssumptions([['btc_price', '']], catalog)).toEqual(new WattError('#VALUE!', 'btc_price is required (>= 0 USD)'));
  });
  test('an empty range is a shape error (0 columns)', () => {
    expect(readAssumptions([], catalog)).toEqual(new WattError('#VALUE!', 'assumptions must be a two-column range of name, value (got 0 columns)'));
  });
  test('does not mutate its input', () => {
    const range = [['btc_price', 5]];
    const copy = JSON.parse(JSON.stringify(range));
    readAssumptions(range, catalog, { optional: ['cloud_capex'] });
    expect(range).toEqual(copy);
  });
  test('PATHS accepts every PROJECTION name', () => {
    for (const name of Object.keys(PROJECTION_CATALOG)) expect(PATHS_CATALOG[name]).toBe(PROJECTION_CATALOG[name]);
  });
});

/** A cell as a spreadsheet can hold it. */
const anyCell = fc.oneof(
  fc.double(),
  fc.constantFrom(0, 1, -1, 1e300, -1e300, 1e-300, 46023, 2958465, 0.5),
  fc.string({ maxLength: 6 }),
  fc.boolean(),
  fc.constant(null),
);

/** The wrapper's contract: a thrown WattError with a message, or cells that are finite numbers, text or WattErrors. */
function assertSafeWrapper(call: () => unknown[][]): void {
  let table: unknown[][];
  try {
    table = call();
  } catch (e) {
    expect(e).toBeInstanceOf(WattError);
    expect((e as WattError).message.length).toBeGreaterThan(5);
    return;
  }
  for (const row of table) {
    for (const cell of row) {
      if (typeof cell === 'number') expect(Number.isFinite(cell)).toBe(true);
      else expect(typeof cell === 'string' || isError(cell)).toBe(true);
    }
  }
}

function assertSafeTable(result: unknown): void {
  if (isError(result)) {
    expect(result.message.length).toBeGreaterThan(5);
    return;
  }
  for (const row of result as unknown[][]) {
    for (const cell of row) {
      if (typeof cell === 'number') expect(Number.isFinite(cell)).toBe(true);
      else expect(typeof cell === 'string' || isError(cell)).toBe(true);
    }
  }
}

describe('the tables on random input never throw and never yield NaN', () => {
  test('junk ranges', () => {
    fc.assert(
      fc.property(fc.array(fc.array(anyCell, { minLength: 0, maxLength: 3 }), { maxLength: 5 }), fc.integer({ min: 1, max: 50 }), (range, n) => {
        assertSafeTable(projectionTable(range, n));
        assertSafeTable(pathsTable(range, Math.min(n, 5)));
        assertSafeWrapper(() => paths(range, Math.min(n, 5)));
      }),
      { numRuns: 200 },
    );
  });
  test('valid names with extreme values', () => {
    const names = Object.keys(PATHS_CATALOG);
    const value = fc.oneof(fc.constantFrom(0, 1e-300, 1e300, 0.999, 1, 46023, 2958000, 12), fc.double({ min: 0, max: 1e6, noNaN: true }));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...names), value, { minKeys: 6 }), fc.integer({ min: 1, max: 3 }), (dict, years) => {
        const range = Object.entries(dict);
        const base: [string, number][] = [['start_date', 46023], ['btc_price', 90000], ['network_hashrate', 1100], ['site_mw', 100], ['efficiency', 17.5], ['power_price', 0.05]];
        const merged = [...base.filter(([k]) => !(k in dict)), ...range];
        // PATHS cells may overflow (a rent of 1e300): the wrapper shows #NUM! in such a cell.
        assertSafeWrapper(() => paths(merged, years));
        // PROJECTION refuses a table whose months overflow: never a NaN or Infinity in its rows.
        const projection = merged.filter(([k]) => k in PROJECTION_CATALOG);
        assertSafeTable(projectionTable(projection, years * 12));
        assertSafeWrapper(() => projectionWrapper(projection, years * 12));
      }),
      { numRuns: 150 },
    );
  });
});
