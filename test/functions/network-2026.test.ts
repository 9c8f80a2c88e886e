/**
 * WATT.HASHPRICE on the recorded 2026 network (data/network-2026.csv, via the generated module): from
 * each month's difficulty (mempool.space) and BTC close (bitview.space), subsidy only, against the
 * Hashrate Index daily hashprice of the same day. Source of the expected numbers and of the gap:
 * data/SOURCES-2026.md §1, cross-check 1 ("within -0.7% to +2.4%; the positive gap is expected, since
 * the derived value excludes fees"). The Hashrate Index column is a third-party scrape of unknown
 * licence, used here as test data only (data/README.md).
 */
import { createEngine } from '../../src/engine/engine';
import { NETWORK_2026 } from '../../src/templates/data/network-2026';

test('nine months, 2026-01 to 2026-09, first of each month', () => {
  expect(NETWORK_2026.map((m) => m.date)).toEqual(Array.from({ length: 9 }, (_, i) => `2026-0${i + 1}-01`));
});

test('WATT.HASHPRICE(price, WATT.IMPLIEDHASHRATE(difficulty)) is the Hashrate Index hashprice within -0.75%..+2.4% (fees excluded)', () => {
  const hf = createEngine();
  const id = hf.getSheetId(hf.addSheet('Net'))!;
  hf.setSheetContent(id, NETWORK_2026.map((m) => [m.difficulty, m.btcPriceUsd, '=WATT.HASHPRICE(B{r}, WATT.IMPLIEDHASHRATE(A{r}), 0, 3.125)']).map((row, i) => row.map((c) => (typeof c === 'string' ? c.replace(/\{r\}/g, String(i + 1)) : c))));
  NETWORK_2026.forEach((m, i) => {
    const ours = hf.getCellValue({ sheet: id, row: i, col: 2 }) as number;
    expect(typeof ours).toBe('number');
    // The CSV's own subsidy-only derivation, rounded to 3 decimals: 1e15 x 86400 / (D x 2^32) x 3.125 x price.
    expect(Math.abs(ours - m.derivedSubsidyOnlyUsdPerPhDay)).toBeLessThanOrEqual(0.0005 + 1e-9);
    const gap = (m.hashpriceUsdPerPhDay / ours - 1) * 100;
    expect({ month: m.month, within: gap >= -0.75 && gap <= 2.4 }).toEqual({ month: m.month, within: true });
    expect(Math.abs(gap - m.hashrateIndexVsDerivedPct)).toBeLessThan(0.01);
  });
});
