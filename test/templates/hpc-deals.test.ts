/**
 * hpc-deals: every row equals data/hpc-deals.csv; implied rent = WATT.IMPLIEDRENT = value / term / kW /
 * 12; the statistics count each lease once and only leases by default (computed here independently
 * from the CSV), list every row left out with its reason, follow the include column over exactly the
 * table's rows, and turn into #N/A (never a number) when an include cell is not yes/no.
 */
import { findTemplate } from '../../src/templates';
import { DEAL_COLS as C, DEALS_FIRST_ROW } from '../../src/templates/hpc-deals';
import { parseRef } from '../../src/templates/plan';
import { countedLeases, loadDeals, readDealRecords } from '../helpers/deals';
import { Inserted, wrapper } from './helpers';

const template = findTemplate('hpc-deals')!;
const csv = readDealRecords();
const deals = loadDeals();
const LAST = DEALS_FIRST_ROW + csv.length - 1;
const close = (a: number, b: number, tol = 1e-9) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
const rentOf = (v: number, t: number, mw: number) => v / t / (mw * 1000) / 12;
const col = (letter: string) => parseRef(`${letter}1`)!.col;

describe('hpc-deals in the engine', () => {
  test('every CSV row, its figures and the rent it implies; undisclosed figures stay empty', async () => {
    const t = await Inserted.of(template);
    expect(csv).toHaveLength(28);
    expect(t.errors()).toEqual([]);
    csv.forEach((r, i) => {
      const row = DEALS_FIRST_ROW + i;
      expect(t.at(`${C.deal}${row}`)).toBe(r.deal);
      expect(t.at(`${C.basisText}${row}`)).toBe(r.mw_basis);
      expect(t.at(`${C.source}${row}`)).toBe(r.source);
      const n = (x: string) => (x === '' ? null : Number(x));
      expect([t.at(`${C.mw}${row}`), t.at(`${C.value}${row}`), t.at(`${C.term}${row}`)]).toEqual([n(r.capacity_mw), n(r.contract_value_usd), n(r.term_years)]);
      if (r.capacity_mw && r.contract_value_usd && r.term_years) {
        const rent = rentOf(Number(r.contract_value_usd), Number(r.term_years), Number(r.capacity_mw));
        close(t.at(`${C.rent}${row}`) as number, rent);
        close(t.at(`${C.rent}${row}`) as number, wrapper('IMPLIEDRENT')(Number(r.contract_value_usd), Number(r.term_years), Number(r.capacity_mw)));
      } else {
        expect(t.at(`${C.rent}${row}`)).toBe('');
      }
    });
  });

  test('by default: each lease once, only leases on critical IT; every row out says why, on the sheet', async () => {
    const t = await Inserted.of(template);
    const counted = new Set(countedLeases(deals).map((d) => d.deal));
    expect(counted.size).toBe(14);
    const rents = countedLeases(deals).map((d) => rentOf(d.contractValueUsd, d.termYears, d.capacityMw)).sort((a, b) => a - b);
    csv.forEach((r, i) => {
      const row = DEALS_FIRST_ROW + i;
      const inStats = counted.has(r.deal);
      expect({ deal: r.deal, include: t.at(`${C.include}${row}`) }).toEqual({ deal: r.deal, include: inStats ? 'yes' : 'no' });
      if (inStats) expect(t.at(`${C.why}${row}`)).toBe('');
      else {
        expect(t.at(`${C.rentInStats}${row}`)).toBe('');
        expect(t.at(`${C.why}${row}`)).toMatch(/^Left out: (GPU-cloud|not a customer contract|capacity stated as gross|MW basis unclear|MW, contract value or term not disclosed|part of a later total)/);
      }
    });
    // The reasons the data calls for, row by row.
    const why = (deal: string) => String(t.at(`${C.why}${DEALS_FIRST_ROW + csv.findIndex((r) => r.deal === deal)}`));
    expect(why('WULF Lake Mariner CB-3/4')).toMatch(/part of a later total counted once as 'WULF Lake Mariner total incl CB-5'/);
    expect(why('CORZ ~500MW total')).toMatch(/CORZ CoreWeave full contract/);
    expect(why('IREN-NVIDIA managed AI cloud')).toMatch(/GPU-cloud/);
    expect(why('CIFR third HPC campus lease')).toMatch(/MW basis unclear/);
    expect(why('CIFR AWS campus lease')).toMatch(/gross power/);
    expect(why('MARA Long Ridge acquisition (Hannibal, OH)')).toMatch(/not a customer contract/);
    // And listed again under the statistics, on the summary sheet (the template's second).
    const texts = template.sheets[1].cells.map((c) => c.value);
    for (const r of csv.filter((x) => !counted.has(x.deal))) expect(texts).toContain(r.deal);

    expect(t.num('deal_count', 1)).toBe(14);
    expect(t.num('rows_left_out', 1)).toBe(14);
    // One count of announced leases on every sheet: 21 lease rows of data/hpc-deals.csv less 4 parts of later
    // totals (WULF CB-3/4, CORZ 200 MW and ~500 MW, APLD Polaris Forge 1 initial) = 17, of which 14 have a
    // critical-IT rent (CIFR AWS is gross power, the CIFR third lease and Hyperscale Data's basis unclear).
    expect(t.num('announced_leases', 1)).toBe(17);
    const powered = findTemplate('powered-shell')!.sheets[0].cells.map((c) => String(c.value ?? ''));
    expect(powered).toContain('Announced leases with a critical-IT rent (14 of 17)');
    const term = findTemplate('three-paths')!.sheets[0].cells.find((c) => c.name === 'lease_term')!;
    expect(term.note).toMatch(/^Median term of the 17 announced leases .*14 of them with a critical-IT rent/);
    close(t.num('rent_median', 1), (rents[6] + rents[7]) / 2);
    close(t.num('rent_mean', 1), rents.reduce((a, b) => a + b, 0) / rents.length);
    close(t.num('rent_min', 1), rents[0]);
    close(t.num('rent_max', 1), rents[13]);
    const leases = countedLeases(deals);
    close(t.num('rent_mw_weighted', 1), leases.reduce((a, d) => a + d.contractValueUsd / d.termYears, 0) / leases.reduce((a, d) => a + d.capacityMw, 0) / 12000);
    // Published range of leases ~$100-190 per kW-month: RIOT-AMD $103.67 (311M / 10 y / 25 MW), TeraWulf Abernathy $188.49 (9.5B / 25 y / 168 MW).
    expect(t.num('rent_min', 1)).toBeCloseTo(103.67, 2);
    expect(t.num('rent_max', 1)).toBeCloseTo(188.49, 2);
  });

  test('the statistics read exactly the table rows, no more, no fewer', () => {
    const cells = template.sheets[0].cells;
    // The statistics are on the summary sheet (the template's second), reading the deals sheet's rows.
    const ranges = template.sheets[1].cells.filter((c) => c.name && c.formula).flatMap((c) => [...c.formula!.matchAll(/\b([A-Z]+)(\d+):([A-Z]+)(\d+)\b/g)].map((m) => [Number(m[2]), Number(m[4])]));
    expect(ranges.length).toBeGreaterThan(5);
    for (const [a, b] of ranges) expect([a, b]).toEqual([DEALS_FIRST_ROW, LAST]);
    expect(cells.find((c) => c.ref === `${C.deal}${LAST}`)?.value).toBe(csv[csv.length - 1].deal);
    expect(cells.find((c) => c.ref === `${C.deal}${LAST + 1}`)).toBeUndefined();
  });

  test('the statistics follow the include column: a part in, a total out', async () => {
    const t = await Inserted.of(template);
    const rowOf = (deal: string) => DEALS_FIRST_ROW + csv.findIndex((r) => r.deal === deal);
    const set = (deal: string, v: string) => t.hf.setCellContents({ sheet: t.sheetId(), row: rowOf(deal) - 1, col: col(C.include) }, [[v]]);
    set('WULF Lake Mariner total incl CB-5', 'no');
    set('WULF Lake Mariner CB-3/4', 'yes');
    expect(t.num('deal_count', 1)).toBe(14);
    expect(t.at(`${C.why}${rowOf('WULF Lake Mariner CB-3/4')}`)).toMatch(/^Included by the user; by default out: part of a later total/);
    expect(t.at(`${C.why}${rowOf('WULF Lake Mariner total incl CB-5')}`)).toBe('Left out by the user');
    set('HUT River Bend', 'no');
    expect(t.num('deal_count', 1)).toBe(13);
    const leases = countedLeases(deals).filter((d) => d.deal !== 'HUT River Bend' && d.deal !== 'WULF Lake Mariner total incl CB-5');
    const cb34 = deals.find((d) => d.deal === 'WULF Lake Mariner CB-3/4')!;
    const rents = [...leases.map((d) => rentOf(d.contractValueUsd, d.termYears, d.capacityMw)), rentOf(cb34.contractValueUsd!, cb34.termYears!, cb34.capacityMw!)];
    close(t.num('rent_mean', 1), rents.reduce((a, b) => a + b, 0) / rents.length);
  });

  test('an include cell that is not yes/no, or an included row without a rent, is #N/A in every statistic, never a number', async () => {
    for (const [deal, value] of [['HUT River Bend', 'maybe'], ['HUT River Bend', ''], ['CIFR third HPC campus lease', 'yes']] as const) {
      const t = await Inserted.of(template);
      const row = DEALS_FIRST_ROW + csv.findIndex((r) => r.deal === deal);
      t.hf.setCellContents({ sheet: t.sheetId(), row: row - 1, col: col(C.include) }, [[value === '' ? null : value]]);
      for (const name of ['stats_check', 'deal_count', 'rows_left_out', 'rent_median', 'rent_mean', 'rent_min', 'rent_max', 'rent_mw_weighted', 'rent_median_mwh']) {
        expect({ deal, value, name, v: t.at(t.refOf(name, 1), 1) }).toEqual({ deal, value, name, v: expect.objectContaining({ error: '#N/A' }) });
      }
    }
  });

  test('the include column is a validated yes/no input', () => {
    const includes = template.sheets[0].cells.filter((c) => c.ref.startsWith(C.include) && parseRef(c.ref)!.row >= DEALS_FIRST_ROW - 1 && parseRef(c.ref)!.row < LAST);
    expect(includes).toHaveLength(28);
    for (const c of includes) expect(c).toMatchObject({ style: 'input', choices: ['yes', 'no'] });
  });
});
