/**
 * hybrid-site: the template inserted in the engine; its WATT.HYBRID and WATT.HYBRIDTABLE spills equal
 * the core's on the sheet's own assumption and phase ranges, cell by cell; the flexible-load block is
 * WATT.CURTAIL of the shipped ERCOT prices (equal to data/ercot-hb-west-hourly.csv's 2024 rows) and
 * feeds the mining assumptions; every name WATT.HYBRID reads is on the sheet with a unit and a source;
 * the charts read the table's MW and cash-flow columns; the phasing's value follows an input.
 */
import { HYBRID_CATALOG, HYBRID_METRICS, HYBRID_TABLE_COLUMNS, hybridMonthTable, hybridTable } from '../../src/core/hybrid';
import { curtailPrices } from '../../src/core/curtail';
import { isError } from '../../src/core/errors';
import * as mining from '../../src/core/mining';
import { findTemplate } from '../../src/templates';
import { ERCOT_HB_WEST_2024_MONTH_HOURS, ERCOT_HB_WEST_2024_PRICES } from '../../src/templates/data/ercot-hb-west-2024';
import { HYBRID_ROWS, MONTH_COLUMNS, PHASES, SITE_MW } from '../../src/templates/hybrid-site';
import { cellRef, parseRef } from '../../src/templates/plan';
import { Inserted, readCsv } from './helpers';

jest.setTimeout(120_000);

const template = findTemplate('hybrid-site')!;
const sheet = template.sheets[0];
const at = (ref: string) => sheet.cells.find((c) => c.ref === ref);
const anchor = sheet.cells.find((c) => c.formula?.startsWith('=WATT.HYBRID('))!;
const monthAnchor = sheet.cells.find((c) => c.formula?.startsWith('=WATT.HYBRIDTABLE('))!;
const [, firstRow, lastRow, phaseFirst, phaseLast] = /WATT\.HYBRID\(B(\d+):C(\d+), B(\d+):H(\d+), years\)/.exec(anchor.formula!)!.map(Number);

let t: Inserted;
beforeAll(async () => {
  t = await Inserted.of(template);
});

/** The engine's values of a block (rows r0..r1, columns c0..c1, 0-based). */
function block(r0: number, r1: number, c0: number, c1: number, sheetIndex = 0): unknown[][] {
  const out: unknown[][] = [];
  for (let r = r0; r <= r1; r++) {
    const row: unknown[] = [];
    for (let c = c0; c <= c1; c++) row.push(t.at(cellRef(r, c), sheetIndex));
    out.push(row);
  }
  return out;
}
const assumptions = () => block(firstRow - 1, lastRow - 1, 1, 2);
const phases = () => block(phaseFirst - 1, phaseLast - 1, 1, 7).map((r) => r.map((v) => (v === null ? '' : v)));
const years = () => t.num('years');

/** A spill read from the engine against a core table: numbers to 1e-12 relative, text exactly. */
function expectSpill(ref: string, core: unknown[][]): void {
  const { row, col } = parseRef(ref)!;
  core.forEach((coreRow, i) =>
    coreRow.forEach((want, j) => {
      const got = t.at(cellRef(row + i, col + j));
      if (typeof want === 'number') {
        expect(typeof got).toBe('number');
        expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
      } else expect(got).toEqual(want);
    }),
  );
  // Nothing spilled beyond the table.
  expect(t.at(cellRef(row + core.length, col))).toBeNull();
}

describe('hybrid-site: the sheet', () => {
  test('no cell is an error; the site is 300 MW with three phases of 100 MW a year from 2026-01', () => {
    expect(t.errors()).toEqual([]);
    expect(t.num('site_mw')).toBe(SITE_MW);
    expect(PHASES.map((p) => p.mw)).toEqual([100, 100, 100]);
    // Months after start_date (2026-01-01): 2026-01, 2027-01, 2028-01, so the phases follow a later start.
    expect(PHASES.map((p) => t.num(`phase${PHASES.indexOf(p) + 1}_start`))).toEqual([0, 12, 24]);
  });

  test('every name WATT.HYBRID reads is in its block once, with a value, a unit, a source and a banker label', () => {
    const rows: { row: number; name: string }[] = [];
    for (let r = firstRow; r <= lastRow; r++) {
      const name = at(`B${r}`)?.value;
      if (typeof name === 'string') rows.push({ row: r, name });
    }
    expect(rows.map((r) => r.name).sort()).toEqual(Object.keys(HYBRID_CATALOG).sort());
    for (const { row, name } of rows) {
      const value = at(`C${row}`)!;
      expect(value.name).toBe(name);
      // power_price and uptime are calculated (flexible load), every other one an input
      expect(value.style).toBe(['power_price', 'uptime'].includes(name) ? 'output' : 'input');
      expect(String(at(`D${row}`)?.value ?? '')).not.toBe('');
      expect(String(at(`E${row}`)?.value ?? '').length).toBeGreaterThan(10);
      expect(String(at(`A${row}`)?.value ?? '')).not.toContain('_');
    }
  });

  test('the phase inputs are blue with a note; kinds are a lease/cloud choice', () => {
    const inputs = sheet.cells.filter((c) => /^phase\d_/.test(c.name ?? ''));
    expect(inputs).toHaveLength(9);
    for (const c of inputs) {
      expect(c.style).toBe('input');
      expect((c.note ?? '').length).toBeGreaterThan(10);
    }
    expect(inputs.filter((c) => c.name!.endsWith('_kind')).map((c) => [c.value, c.choices])).toEqual([
      ['lease', ['lease', 'cloud']],
      ['lease', ['lease', 'cloud']],
      ['cloud', ['lease', 'cloud']],
    ]);
  });
});

describe('hybrid-site: the outputs are the core\'s', () => {
  test('WATT.HYBRID equals hybridTable on the sheet\'s ranges, cell by cell, its labels in A', () => {
    const core = hybridTable(assumptions(), phases(), years());
    if (isError(core)) throw new Error(String(core));
    expect(core.slice(1).map((r) => r[0])).toEqual([...HYBRID_METRICS]);
    expect(HYBRID_ROWS.map(([name]) => name)).toEqual([...HYBRID_METRICS]);
    expectSpill(anchor.ref, core as unknown[][]);
    // the phasing's value: hybrid less convert_now, hybrid less mine
    const npv = core.find((r) => r[0] === 'npv')!;
    expect(t.num('phasing_vs_now')).toBeCloseTo((npv[1] as number) - (npv[3] as number), 3);
    expect(t.num('phasing_vs_mine')).toBeCloseTo((npv[1] as number) - (npv[2] as number), 3);
  });

  test('WATT.HYBRIDTABLE equals hybridMonthTable: 120 months and the total row; the labels above name each column with its unit', () => {
    const core = hybridMonthTable(assumptions(), phases(), years());
    if (isError(core)) throw new Error(String(core));
    expect(core).toHaveLength(1 + 120 + 1);
    expectSpill(monthAnchor.ref, core as unknown[][]);
    expect(MONTH_COLUMNS.map(([name]) => name)).toEqual([...HYBRID_TABLE_COLUMNS]);
    const { row } = parseRef(monthAnchor.ref)!;
    MONTH_COLUMNS.forEach(([, , label], j) => expect(at(cellRef(row - 1, 1 + j))?.value).toBe(label));
    // MW by use adds up to the site every month (mine_during_build = no)
    for (let i = 1; i <= 120; i++) {
      const [m, b, l, c] = [2, 3, 4, 5].map((j) => t.at(cellRef(row + i, 1 + j)) as number);
      expect(m + b + l + c).toBeCloseTo(SITE_MW, 9);
    }
  });

  test('the charts read the date column and the MW and cash-flow columns of the table, by their headers', () => {
    const [mw, cash] = sheet.charts!;
    const header = (ref: string) => t.at(ref);
    const headersOf = (series: string) => {
      const [a, b] = series.split(':').map((r) => parseRef(r)!);
      return Array.from({ length: b.col - a.col + 1 }, (_, k) => header(cellRef(a.row, a.col + k)));
    };
    expect(headersOf(mw.series)).toEqual(['mw_mining', 'mw_building', 'mw_lease', 'mw_cloud']);
    expect(headersOf(cash.series)).toEqual(['mining_revenue', 'lease_revenue', 'cloud_revenue', 'operating_cost', 'prepayment', 'capex', 'asset_sales']);
    const cat = parseRef(mw.categories.split(':')[0])!;
    expect(t.at(cellRef(cat.row - 1, cat.col))).toBe('date');
    expect(mw.type).toBe('stackedColumn');
  });
});

describe('hybrid-site: flexible load on the shipped ERCOT prices', () => {
  const csvRows = () => readCsv('ercot-hb-west-hourly.csv').filter((r) => r.delivery_date.startsWith('2024-'));
  test('the prices sheet holds the 8,784 hourly prices of 2024 of data/ercot-hb-west-hourly.csv, one column a delivery month, in order', () => {
    const rows = csvRows();
    const csv = rows.map((r) => Number(r.rt_spp_usd_per_mwh));
    expect(csv).toHaveLength(8784); // 2024 is a leap year: 366 x 24 hours
    expect([...ERCOT_HB_WEST_2024_PRICES]).toEqual(csv);
    // 31-day months 744 hours, March 743 (spring forward), November 721 (30 days + the repeated hour)
    expect(ERCOT_HB_WEST_2024_MONTH_HOURS).toEqual([744, 696, 743, 720, 744, 720, 744, 744, 720, 744, 721, 744]);
    for (let m = 0; m < 12; m++) {
      const month = rows.filter((r) => Number(r.delivery_date.slice(5, 7)) === m + 1).map((r) => Number(r.rt_spp_usd_per_mwh));
      const column = block(4, 4 + month.length - 1, 1 + m, 1 + m, 1).map((r) => r[0]);
      expect(column).toEqual(month);
      expect(t.at(cellRef(4 + month.length, 1 + m), 1)).toBeNull();
    }
  });

  test('the strike, uptime and power cost are WATT.CURTAIL\'s on those prices at the start\'s hashprice; they become the mining power_price and uptime', () => {
    const hp = mining.hashprice(t.num('btc_price'), t.num('network_hashrate'), t.num('fees'), 3.125);
    if (isError(hp)) throw new Error(String(hp));
    expect(t.num('curtail_hashprice')).toBe(hp);
    // The strike is on the hub price net of other_cost: the hashprice less other_cost per MWh used, in
    // hashprice terms (USD/MWh x 24 h x J/TH / 1,000 = USD per PH/s per day, before the pool fee).
    const hpNet = hp - (t.num('other_cost') * 24 * t.num('efficiency')) / 1000 / (1 - t.num('pool_fee'));
    expect(t.num('curtail_hashprice_net')).toBeCloseTo(hpNet, 12);
    const r = curtailPrices(ERCOT_HB_WEST_2024_PRICES, { hashprice: t.num('curtail_hashprice_net'), efficiency: t.num('efficiency'), poolFee: t.num('pool_fee'), ppaPrice: 0, sellBack: 1, siteMw: 1, intervalHours: 1, drPrice: 0 });
    if (isError(r)) throw new Error(String(r));
    expect(t.num('curtail_strike')).toBe(r.strike);
    // the strike is WATT.BREAKEVENPOWER x 1000 for the same inputs (the curtail branch's contract)
    expect(t.num('curtail_strike')).toBeCloseTo((mining.breakevenPower(t.num('efficiency'), t.num('curtail_hashprice_net'), t.num('pool_fee')) as number) * 1000, 9);
    // ... which is what mining earns per MWh at the gross hashprice less other_cost
    expect(t.num('curtail_strike')).toBeCloseTo((mining.breakevenPower(t.num('efficiency'), hp, t.num('pool_fee')) as number) * 1000 - t.num('other_cost'), 9);
    // The year from its twelve months: hours run add up exactly; costs to 1e-12 relative (sums in another order).
    expect(t.num('curtail_uptime')).toBe(r.uptime);
    expect(Math.abs(t.num('curtail_power_cost') / (r.avg_power_cost as number) - 1)).toBeLessThan(1e-12);
    expect(Math.abs(t.num('flexibility_value') / r.flexibility_value - 1)).toBeLessThan(1e-12);
    expect(t.num('power_price')).toBeCloseTo(t.num('curtail_power_cost') / 1000, 15);
    expect(t.num('uptime')).toBeCloseTo(0.97 * r.uptime, 15);
    // Each month's row is WATT.CURTAIL of that month's prices alone.
    const strikeRow = parseRef(t.refOf('curtail_strike'))!.row;
    let offset = 0;
    ERCOT_HB_WEST_2024_MONTH_HOURS.forEach((hours, m) => {
      const mr = curtailPrices(ERCOT_HB_WEST_2024_PRICES.slice(offset, offset + hours), { hashprice: t.num('curtail_hashprice_net'), efficiency: t.num('efficiency'), poolFee: t.num('pool_fee'), ppaPrice: 0, sellBack: 1, siteMw: 1, intervalHours: 1, drPrice: 0 });
      if (isError(mr)) throw new Error(String(mr));
      const row = strikeRow + 2 + m; // under the month block's header
      expect([t.at(cellRef(row, 1)), t.at(cellRef(row, 2)), t.at(cellRef(row, 3)), t.at(cellRef(row, 4)), t.at(cellRef(row, 5))]).toEqual([hours, mr.hours_run, mr.power_cost, mr.ai_power_cost, mr.flexibility_value]);
      offset += hours;
    });
    // The hub's 2024 mean price, all hours (what an AI load pays), is above the miners' (hours below the strike only).
    const mean = ERCOT_HB_WEST_2024_PRICES.reduce((s, p) => s + p, 0) / 8784;
    expect(t.num('ai_power_cost')).toBeCloseTo(mean, 9);
    expect(t.num('curtail_power_cost')).toBeLessThan(mean);
    expect(t.num('flexibility_value')).toBeGreaterThan(0);
  });

  test('a dearer BTC raises the strike and the uptime: the hybrid and mine NPVs follow', async () => {
    const dear = await Inserted.of(template);
    const before = dear.num('curtail_uptime');
    const npv = (x: Inserted) => x.at(cellRef(parseRef(anchor.ref)!.row + 1, 2)) as number;
    const mineNpv = npv(dear);
    dear.set('btc_price', 150000);
    expect(dear.num('curtail_uptime')).toBeGreaterThan(before);
    expect(npv(dear)).toBeGreaterThan(mineNpv);
  });

  test('the start moved six months on: the phases follow it (months after start_date), no cell is an error and the month table shows them', async () => {
    const later = await Inserted.of(template);
    later.set('start_date', 46204); // 2026-07-01
    expect(later.errors()).toEqual([]);
    const { row, col } = parseRef(monthAnchor.ref)!;
    const buildingCol = col + HYBRID_TABLE_COLUMNS.indexOf('mw_building');
    const dateCol = col + HYBRID_TABLE_COLUMNS.indexOf('date');
    // Month 1 is 2026-07 (serial 46204) and its first hall is emptied for works (mine_during_build "no").
    expect(later.at(cellRef(row + 1, dateCol))).toBe(46204);
    expect(later.at(cellRef(row + 1, buildingCol))).toBe(100);
  });
});
