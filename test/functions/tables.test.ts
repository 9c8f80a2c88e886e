/**
 * WATT.PROJECTION and WATT.PATHS through the engine, as a cell calls them: inline arrays (HyperFormula
 * uses ";" between rows and "," between columns) and cell ranges, spilled shapes, header names, error
 * cells in place (#NUM! for a missing IRR), and #VALUE! messages for a bad assumptions range.
 */
import { DetailedCellError } from 'hyperformula';
import { createEngine } from '../../src/engine/engine';
import { error, SITE, SITE_ROWS, spilled } from '../helpers/evaluate';
import { pathsTable } from '../../src/core/paths';
import { projectionTable } from '../../src/core/projection';

describe('WATT.PATHS', () => {
  test('an inline array spills the 11 x 4 table with its header and metric names', () => {
    const t = spilled(`=WATT.PATHS({${SITE};"lease_rent",150;"discount_rate",0.1}, 10)`);
    expect(t.length).toBe(11);
    expect(t.every((r) => r.length === 4)).toBe(true);
    expect(t[0]).toEqual(['metric', 'mine', 'lease', 'cloud']);
    expect(t.map((r) => r[0])).toEqual(['metric', 'revenue_per_mwh', 'annual_revenue', 'annual_ebitda', 'capex', 'refresh_capex', 'terminal_value', 'npv', 'irr', 'payback_years', 'value_per_w']);
  });
  test('the engine shows the core numbers (to the 14 digits it keeps), an IRR that does not exist as #NUM! in its cell', () => {
    const t = spilled(`=WATT.PATHS({${SITE}})`);
    const core = pathsTable(SITE_ROWS, 10) as unknown[][];
    for (let r = 1; r < t.length; r++) {
      for (let c = 1; c < 4; c++) {
        const want = core[r][c];
        if (typeof want === 'number') expect(t[r][c] as number).toBeCloseTo(want, Math.max(0, 10 - Math.ceil(Math.log10(Math.abs(want) + 1))));
        else if (typeof want === 'string') expect(t[r][c]).toBe(want);
      }
    }
    const irrRow = t.find((r) => r[0] === 'irr')!;
    expect(irrRow[1]).toBe('n/a'); // the mine path has no up-front outlay: no IRR exists (text, not an error)
    expect(typeof irrRow[2]).toBe('number');
  });
  test('a lease that never pays back says "never" in its cell', () => {
    const t = spilled(`=WATT.PATHS({${SITE};"lease_rent",1})`);
    expect(t.find((r) => r[0] === 'payback_years')![2]).toBe('never');
  });
  test('years out of range and a bad assumptions range are #VALUE! with the message', () => {
    expect(error(`=WATT.PATHS({${SITE}}, 51)`)).toBe('#VALUE! years must be from 1 to 50 years (got 51)');
    expect(error(`=WATT.PATHS({${SITE};"cloud_capex",5})`)).toBe('#VALUE! cloud_capex must be >= conversion_capex (10 USD per W) (got 5)');
    expect(error('=WATT.PATHS({"btc_price";"site_mw"})')).toBe('#VALUE! assumptions must be a two-column range of name, value (got 1 column)');
  });
});

describe('WATT.PROJECTION', () => {
  test('an inline array spills a header and one row per month, 13 columns', () => {
    const t = spilled(`=WATT.PROJECTION({${SITE}}, 36)`);
    expect(t.length).toBe(37);
    expect(t.every((r) => r.length === 13)).toBe(true);
    expect(t[0]).toEqual(['month', 'date', 'block_height', 'subsidy', 'network_hashrate', 'btc_price', 'hashprice', 'site_hashrate', 'btc_mined', 'revenue', 'power_cost', 'gross_margin', 'cost_per_btc']);
    // 2026-01 + 36 months crosses the April 2028 halving: May 2028 is row 29
    expect(t[28][3]).toBe(3.125);
    expect(t[29][3]).toBe(1.5625);
    expect(t[29][1]).toBe(46874); // 2028-05-01
  });
  test('the numbers are the core table\'s', () => {
    const t = spilled(`=WATT.PROJECTION({${SITE}}, 3)`);
    const core = projectionTable(SITE_ROWS, 3) as unknown[][];
    for (let r = 1; r < 4; r++) for (let c = 0; c < 13; c++) expect(t[r][c] as number).toBeCloseTo(core[r][c] as number, 4);
  });
  test.each([
    [`=WATT.PROJECTION({${SITE};"hashrate",5}, 3)`, /^#VALUE! assumptions: unknown name "hashrate"; known names: start_date, btc_price, .*, other_cost$/],
    [`=WATT.PROJECTION({"btc_price",90000}, 3)`, /^#VALUE! start_date is required \(from 39816 to 2958465 /],
    [`=WATT.PROJECTION({"btc_price",90000,1;"site_mw",100,2}, 3)`, /^#VALUE! assumptions must be a two-column range of name, value \(got 3 columns\)$/],
    [`=WATT.PROJECTION({${SITE};"uptime","high"}, 3)`, /^#VALUE! uptime must be a number from 0 to 1 \(fraction of time running\) \(got text "high"\)$/],
    [`=WATT.PROJECTION({${SITE}}, 601)`, /^#VALUE! months must be from 1 to 600 months \(got 601\)$/],
    [`=WATT.PROJECTION({${SITE}}, 2.5)`, /^#VALUE! months must be a whole number from 1 to 600 months \(got 2.5\)$/],
    [`=WATT.PROJECTION({${SITE}})`, /^#VALUE! months is required \(from 1 to 600 months\)$/],
  ])('%s', (formula, message) => {
    expect(error(formula)).toMatch(message);
  });
});

describe('cell ranges in a sheet', () => {
  const hf = createEngine();
  const sheet = hf.getSheetId(hf.addSheet('Site'))!;
  // A1:B8: the inputs with a blank row in the middle, as an analyst lays out an inputs block; F1 months.
  hf.setCellContents({ sheet, row: 0, col: 0 }, [
    ...SITE_ROWS.slice(0, 3),
    [null, null],
    ...SITE_ROWS.slice(3),
    ['lease_rent', 140],
  ] as never);
  hf.setCellContents({ sheet, row: 0, col: 5 }, [[12]]);
  hf.setCellContents({ sheet, row: 10, col: 0 }, [['=WATT.PATHS(A1:B8, 10)']]);
  // PROJECTION reads A1:B7 (lease_rent in row 8 is a WATT.PATHS name: PROJECTION refuses names it does not use).
  hf.setCellContents({ sheet, row: 30, col: 0 }, [['=WATT.PROJECTION(A1:B7, F1)']]);
  const values = () => hf.getSheetValues(sheet);

  test('PATHS over A1:B8 spills 11 x 4 from A11, blank row ignored', () => {
    const v = values();
    expect(v[10].slice(0, 4)).toEqual(['metric', 'mine', 'lease', 'cloud']);
    expect(v[20][0]).toBe('value_per_w');
    expect(v[21]?.[0] ?? null).toBeNull();
    const annual = v.find((r) => r[0] === 'annual_revenue')!;
    expect(annual[2] as number).toBeCloseTo(140 * 12 * (100_000 / 1.3), 2);
    expect(v[18][1]).toBe('n/a'); // irr of mine: no up-front outlay
    expect(v[19][1]).toBe('n/a'); // payback of mine: no up-front outlay
  });
  test('PROJECTION over A1:B7 with months in F1 spills 13 rows x 13 columns from A31', () => {
    const v = values();
    expect(v[30][0]).toBe('month');
    expect(v[30].length).toBeGreaterThanOrEqual(13);
    expect(v[42][0]).toBe(12);
    expect(v[43]?.[0] ?? null).toBeNull();
  });
  test('changing an input cell recomputes the spilled values', () => {
    const before = values().find((r) => r[0] === 'annual_revenue')![2] as number;
    hf.setCellContents({ sheet, row: 7, col: 1 }, [[160]]);
    const after = values().find((r) => r[0] === 'annual_revenue')![2] as number;
    expect(after / before).toBeCloseTo(160 / 140, 12);
  });
});
