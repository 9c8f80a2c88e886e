/**
 * comps: the December 2025 reading (every non-empty figure appears in its listed-miners.csv field;
 * unknown / n/a fields stay empty) merged with listed-miners-2026.csv (the 2026 figure wins where
 * sourced, both read here from data/ independently of the generator); every figure group has an as-of
 * column; missing figures stay empty and out of every statistic; the market cap falls back to the
 * input in the engine; contracted HPC over operating MW is flagged above 100%.
 */
import { findTemplate } from '../../src/templates';
import { COMPS_COLS as C, COMPS_FIRST_ROW, isoToSerial, marketCapInput, mergeCompanies } from '../../src/templates/comps';
import { CompanyField, LISTED_COMPANIES } from '../../src/templates/data/listed-miners';
import { parseRef } from '../../src/templates/plan';
import { Inserted, readCsv } from './helpers';

const template = findTemplate('comps')!;
const csv = readCsv('listed-miners.csv');
const csv26 = readCsv('listed-miners-2026.csv');
const FIELDS: [CompanyField, string, string][] = [
  // field, 2025 column, 2026 column
  ['operatingMw', 'energized_or_operating_MW', 'operating_mw'],
  ['pipelineMw', 'total_power_pipeline_MW', 'pipeline_mw'],
  ['hpcContractedMw', 'HPC_contracted_critical_IT_MW', 'hpc_contracted_mw_critical_it'],
  ['ehs', 'EH_s', 'eh_s'],
  ['efficiencyJth', 'fleet_eff_J_TH', 'fleet_j_th'],
  ['marketCapUsd', 'market_cap_usd', 'market_cap_usd'],
];
const COL: Record<CompanyField, string> = { operatingMw: C.operatingMw, pipelineMw: C.pipelineMw, hpcContractedMw: C.hpcContractedMw, ehs: C.ehs, efficiencyJth: C.efficiencyJth, marketCapUsd: C.marketCapInput };

/** Every figure written in a field: "~2910 MW" → 2910, "10.37B" → 1.037e10, ">1000" → 1000. */
function figures(text: string): number[] {
  return [...text.matchAll(/(\d+(?:\.\d+)?)(B\b)?/g)].map((m) => Number(m[1]) * (m[2] ? 1e9 : 1));
}
const rel = (a: unknown, b: number) => expect(Math.abs((a as number) - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));

describe('comps', () => {
  test('the companies of both files, in the same order', () => {
    expect(LISTED_COMPANIES.map((c) => c.ticker)).toEqual(['IREN', 'CIFR', 'RIOT', 'CORZ', 'MARA', 'HUT', 'CLSK', 'BTDR', 'HIVE', 'WULF', 'BITF', 'APLD', 'GLXY', 'CRWV', 'NBIS']);
    expect(csv.map((r) => r.ticker)).toEqual(LISTED_COMPANIES.map((c) => c.ticker));
    expect(csv26.map((r) => r.ticker)).toEqual(LISTED_COMPANIES.map((c) => c.ticker));
  });

  test('December 2025 reading: every non-empty figure is a figure of its CSV field; unknown / n/a fields are empty', () => {
    LISTED_COMPANIES.forEach((c, i) => {
      for (const [field, col] of FIELDS) {
        const text = csv[i][col];
        expect(c.raw[field]).toBe(text);
        const value = c[field];
        if (/^(unknown|n\/a)/i.test(text.trim())) expect({ who: `${c.ticker} ${field}`, value }).toEqual({ who: `${c.ticker} ${field}`, value: null });
        if (value !== null) expect({ who: `${c.ticker} ${field}`, ok: figures(text).some((f) => Math.abs(f - value) <= 1e-9 * Math.max(1, value)) }).toEqual({ who: `${c.ticker} ${field}`, ok: true });
        else expect(c.notes[field]).toMatch(/^unknown in source/);
      }
    });
  });

  test('in the sheet: the 2026 figure where sourced, else the 2025 one, else empty; each group dated', async () => {
    const t = await Inserted.of(template);
    expect(t.errors()).toEqual([]);
    csv26.forEach((r26, i) => {
      const row = COMPS_FIRST_ROW + i;
      expect(t.at(`${C.ticker}${row}`)).toBe(r26.ticker);
      for (const [field, , col26] of FIELDS) {
        if (field === 'marketCapUsd') continue; // below: a forum-post market cap is replaced or left out
        const want = r26[col26] !== '' ? Number(r26[col26]) : LISTED_COMPANIES[i][field];
        expect({ who: `${r26.ticker} ${field}`, v: t.at(`${COL[field]}${row}`) }).toEqual({ who: `${r26.ticker} ${field}`, v: want });
        const cell = template.sheets[0].cells.find((x) => x.ref === `${COL[field]}${row}`)!;
        expect(cell.style).toBe('input');
        if (want === null) expect(cell.note).toMatch(/^unknown in source/);
        else expect(cell.note).toMatch(/^as of /);
      }
      // Share price and balance sheet: 2026 only.
      expect(t.at(`${C.sharePrice}${row}`)).toBe(r26.share_price_usd === '' ? null : Number(r26.share_price_usd));
      expect(t.at(`${C.sharePriceDate}${row}`)).toBe(r26.share_price_date === '' ? null : isoToSerial(r26.share_price_date));
      expect(t.at(`${C.cash}${row}`)).toBe(r26.cash_usd === '' ? null : Number(r26.cash_usd));
      expect(t.at(`${C.debt}${row}`)).toBe(r26.total_debt_usd === '' ? null : Number(r26.total_debt_usd));
      for (const c of [C.powerAsOf, C.miningAsOf, C.contractsAsOf, C.balanceAsOf]) expect(String(t.at(`${c}${row}`))).not.toBe('');
    });
    const row = (ticker: string) => COMPS_FIRST_ROW + csv26.findIndex((r) => r.ticker === ticker);
    // IREN: market cap $14.76B at 2026-02-05 (StockTitan, 2026 refresh); CIFR: $5.7B at ~2025-12-19 (Dec 2025 table).
    expect(t.at(`${C.marketCapInput}${row('IREN')}`)).toBe(14.76e9);
    expect(t.at(`${C.marketCapDate}${row('IREN')}`)).toBe(46058); // 2026-02-05
    expect(t.at(`${C.marketCapDate}${row('CIFR')}`)).toBe(46045); // 2026-01-23 (shares x price, below)
    expect(t.at(`${C.marketCapDate}${row('NBIS')}`)).toBe(45972); // 2025-11-11
    expect(String(t.at(`${C.miningAsOf}${row('CIFR')}`))).toBe('2025-09-30 (Q3 2025)');
    expect(String(t.at(`${C.powerAsOf}${row('GLXY')}`))).toMatch(/^operating: 2025-09-30 \(Q3 2025\); pipeline: 2026 refresh: 2026-01-15/);
    // Market caps: the December 2025 ones of IREN, CIFR, RIOT, CORZ, MARA and CLSK had one source, a Binance
    // Square post (data/unverified.csv). IREN, RIOT use their 2026 figures; CIFR, MARA, CLSK shares x price of one
    // day (balance-sheets-2026.csv, stockanalysis.com): 395,090,000 x $17.57 (2026-01-23), 378,184,360 x $9.87
    // (2026-01-29), 255,580,000 x $10.08 (2026-02-06); CORZ none (its share count is flagged: year assumed).
    const cap = (ticker: string) => t.at(`${C.marketCapInput}${row(ticker)}`);
    expect(cap('IREN')).toBe(14.76e9);
    expect(cap('RIOT')).toBe(5759290000);
    rel(cap('CIFR'), 395090000 * 17.57);
    rel(cap('MARA'), 378184360 * 9.87);
    rel(cap('CLSK'), 255580000 * 10.08);
    expect(cap('CORZ')).toBe(null);
    expect(cap('NBIS')).toBe(27.6e9);
    const note = (ticker: string) => template.sheets[0].cells.find((x) => x.ref === `${C.marketCapInput}${row(ticker)}`)!.note!;
    expect(note('CORZ')).toMatch(/^UNVERIFIED, not used: 4\.5B .*Binance Square post/);
    expect(note('CLSK')).toMatch(/^as of 2026-02-06; 255,580,000 shares x \$10\.08 .*UNVERIFIED/);
    expect(String(t.at(`${C.warning}${row('CORZ')}`))).toMatch(/Unverified, not used: market cap 4\.5B/);
    // MARA's 38,689 BTC: only source a gate.com post: not shown as a figure, marked.
    expect(t.at(`${C.btc}${row('MARA')}`)).toBe(null);
    expect(String(t.at(`${C.warning}${row('MARA')}`))).toMatch(/BTC held/);
  });

  test('market cap used: the input and its date in the engine (STOCKHISTORY is unknown there and IFERROR falls back), also with shares entered', async () => {
    const t = await Inserted.of(template);
    const shares = parseRef(`${C.shares}1`)!.col;
    LISTED_COMPANIES.forEach((_c, i) => {
      const row = COMPS_FIRST_ROW + i;
      const input = t.at(`${C.marketCapInput}${row}`);
      expect(t.at(`${C.marketCap}${row}`)).toBe(input === null ? '' : input);
      expect(t.at(`${C.marketCapUsedAsOf}${row}`)).toBe(input === null ? '' : t.at(`${C.marketCapDate}${row}`));
    });
    const iren = COMPS_FIRST_ROW;
    t.hf.setCellContents({ sheet: t.sheetId(), row: iren - 1, col: shares }, [[300e6]]);
    expect(t.at(`${C.marketCap}${iren}`)).toBe(14.76e9);
    expect(t.at(`${C.marketCapUsedAsOf}${iren}`)).toBe(46058);
    const formula = template.sheets[0].cells.find((c) => c.ref === `${C.marketCap}${iren}`)!.formula!;
    const input = `IF(ISBLANK(N${iren}), "", WATT.CHECK(N${iren}, "Market cap input", "USD", 0))`;
    expect(formula).toBe(`=IF(ISBLANK(M${iren}), ${input}, IF(WATT.CHECK(M${iren}, "Shares outstanding", "shares", 0, , "min") > 0, IFERROR(LOOKUP(10^300, STOCKHISTORY(A${iren}, TODAY()-14, TODAY(), 0, 0, 1)) * M${iren}, ${input}), ""))`);
    // Negative shares: an error with a message, not a negative market cap (IFERROR is only for STOCKHISTORY).
    t.hf.setCellContents({ sheet: t.sheetId(), row: iren - 1, col: shares }, [[-5]]);
    expect(t.at(`${C.marketCap}${iren}`)).toEqual({ error: '#VALUE!', message: 'Shares outstanding must be > 0 shares (got -5)' });
  });

  test('ratios: EV / x or blank; contracted HPC over operating MW at PUE, flagged above 100%; blanks out of every statistic', async () => {
    const t = await Inserted.of(template);
    const merged = mergeCompanies();
    const evRatios: Record<string, number[]> = { X: [], Y: [], Z: [], AA: [] };
    merged.forEach((m, i) => {
      const row = COMPS_FIRST_ROW + i;
      const ev = marketCapInput(m).value;
      const check = (col: string, den: number | null, scale = 1e6) => {
        if (ev === null || den === null || den === 0) expect(t.at(`${col}${row}`)).toBe('');
        else {
          rel(t.at(`${col}${row}`), ev / den / scale);
          evRatios[col].push(ev / den / scale);
        }
      };
      check(C.evPerOperatingMw, m.figures.operatingMw.value);
      check(C.evPerPipelineMw, m.figures.pipelineMw.value);
      check(C.evPerHpcMw, m.figures.hpcContractedMw.value);
      check(C.evPerEhs, m.figures.ehs.value);
      const hpc = m.figures.hpcContractedMw.value;
      const op = m.figures.operatingMw.value;
      if (hpc === null || op === null || op === 0) expect(t.at(`${C.hpcOverOperating}${row}`)).toBe('');
      else {
        rel(t.at(`${C.hpcOverOperating}${row}`), (hpc * 1.3) / op);
        if ((hpc * 1.3) / op > 1) expect(t.at(`${C.warning}${row}`)).toMatch(/^Contracted HPC power exceeds operating power/);
      }
    });
    // CORZ: 590 MW contracted (critical IT) over 350 MW energized (2026 refresh) = 169% before PUE: flagged.
    expect(t.at(`${C.warning}${COMPS_FIRST_ROW + 3}`)).toMatch(/exceeds operating power/);
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    const last = COMPS_FIRST_ROW + merged.length - 1;
    const statRow = last + 2; // one blank row, then Median, Mean, Min, Max, Count
    for (const col of Object.keys(evRatios)) {
      const xs = evRatios[col];
      expect(xs.length).toBeGreaterThan(1);
      rel(t.at(`${col}${statRow}`), median(xs));
      rel(t.at(`${col}${statRow + 1}`), xs.reduce((a, b) => a + b, 0) / xs.length);
      rel(t.at(`${col}${statRow + 2}`), Math.min(...xs));
      rel(t.at(`${col}${statRow + 3}`), Math.max(...xs));
      expect(t.at(`${col}${statRow + 4}`)).toBe(xs.length);
    }
    // No statistic of the flagged ratio; the market-cap dates the statistics mix are shown.
    expect(t.at(`${C.hpcOverOperating}${statRow}`)).toBe('No statistic: bases differ by company.');
    expect(t.num('market_cap_from')).toBe(45972); // 2025-11-11 (NBIS)
    expect(t.num('market_cap_to')).toBe(46072); // 2026-02-19 (RIOT)
    // The statistics read exactly the table rows.
    for (const c of template.sheets[0].cells.filter((x) => x.formula && parseRef(x.ref)!.row + 1 > last)) {
      for (const m of c.formula!.matchAll(/[A-Z]+(\d+):[A-Z]+(\d+)/g)) expect([Number(m[1]), Number(m[2])]).toEqual([COMPS_FIRST_ROW, last]);
    }
  });

  test('entering net debt turns market cap into EV; the median row follows', async () => {
    const t = await Inserted.of(template);
    const row = COMPS_FIRST_ROW + 12; // GLXY: 800 MW operating, market cap $12.85B (2026-01-15, StockTitan)
    const before = t.at(`${C.evPerOperatingMw}${row}`) as number;
    t.hf.setCellContents({ sheet: t.sheetId(), row: row - 1, col: parseRef(`${C.netDebt}1`)!.col }, [[1.1e9]]);
    expect(t.at(`${C.ev}${row}`)).toBe(13.95e9);
    rel(t.at(`${C.evPerOperatingMw}${row}`), 13.95e9 / 800 / 1e6);
    expect(t.at(`${C.evPerOperatingMw}${row}`)).not.toBe(before);
    expect(t.errors()).toEqual([]);
  });
});
