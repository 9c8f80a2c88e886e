/**
 * hpc-deals: every row equals hpc-deals.csv; implied rent = WATT.IMPLIEDRENT = value / term / kW / 12;
 * the critical-IT statistics exclude the GPU-cloud (IREN) and the gross-basis (Cipher-AWS) rows,
 * visibly, and equal the statistics computed here from the CSV.
 */
import { findTemplate } from '../../src/templates';
import { DEALS_FIRST_ROW } from '../../src/templates/hpc-deals';
import { Inserted, readCsv, wrapper } from './helpers';

const template = findTemplate('hpc-deals')!;
const csv = readCsv('hpc-deals.csv');
const close = (a: number, b: number, tol = 1e-9) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe('hpc-deals in the engine', () => {
  test('every CSV row, its figures and the rent it implies', async () => {
    const t = await Inserted.of(template);
    expect(csv).toHaveLength(15);
    csv.forEach((r, i) => {
      const row = DEALS_FIRST_ROW + i;
      expect(t.at(`A${row}`)).toBe(r.deal);
      expect(t.at(`C${row}`)).toBe(Number(r.capacity_mw));
      expect(t.at(`D${row}`)).toBe(r.mw_basis);
      expect(t.at(`E${row}`)).toBe(Number(r.contract_value_usd));
      expect(t.at(`F${row}`)).toBe(Number(r.term_years));
      expect(t.at(`N${row}`)).toBe(r.source);
      const rent = Number(r.contract_value_usd) / Number(r.term_years) / (Number(r.capacity_mw) * 1000) / 12;
      close(t.at(`H${row}`) as number, rent);
      close(t.at(`H${row}`) as number, wrapper('IMPLIEDRENT')(Number(r.contract_value_usd), Number(r.term_years), Number(r.capacity_mw)));
    });
  });

  test('critical-IT statistics exclude the IREN GPU-cloud and Cipher-AWS gross rows, with a visible note', async () => {
    const t = await Inserted.of(template);
    const excluded = csv.map((r, i) => ({ r, row: DEALS_FIRST_ROW + i })).filter(({ r }) => r.mw_basis.startsWith('gross') || /GPU cloud/.test(r.deal));
    expect(excluded.map(({ r }) => r.deal)).toEqual(['CIFR AWS campus lease', 'IREN Childress Horizon 1-4 (GPU cloud, not lease)']);
    for (const { row } of excluded) {
      expect(t.at(`K${row}`)).toBe('no');
      expect(t.at(`L${row}`)).toBe('');
      expect(t.at(`M${row}`)).toMatch(/^Excluded from critical-IT stats: /);
    }
    const rents = csv
      .filter((r) => !r.mw_basis.startsWith('gross') && !/GPU cloud/.test(r.deal))
      .map((r) => Number(r.contract_value_usd) / Number(r.term_years) / (Number(r.capacity_mw) * 1000) / 12)
      .sort((a, b) => a - b);
    expect(t.num('deal_count')).toBe(13);
    close(t.num('rent_median'), rents[6]);
    close(t.num('rent_mean'), rents.reduce((a, b) => a + b, 0) / rents.length);
    close(t.num('rent_min'), rents[0]);
    close(t.num('rent_max'), rents[12]);
    // Published range of leases ~$100-190 per kW-month: RIOT-AMD $103.67, TeraWulf Abernathy $188.49.
    expect(t.num('rent_min')).toBeCloseTo(103.67, 2);
    expect(t.num('rent_max')).toBeCloseTo(188.49, 2);
  });

  test('switching a row out of the statistics updates them', async () => {
    const t = await Inserted.of(template);
    const before = t.num('deal_count');
    t.hf.setCellContents({ sheet: t.sheetId(), row: DEALS_FIRST_ROW - 1, col: 10 }, [['no']]);
    expect(t.num('deal_count')).toBe(before - 1);
  });
});
