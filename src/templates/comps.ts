/**
 * Listed miners and neoclouds: comps. The December 2025 figures (data/listed-miners.csv) merged with
 * the sparse 2026 refresh (data/listed-miners-2026.csv): each figure is the latest sourced one, and each
 * group of figures (power, mining, HPC contracts, market data, balance sheet) has its own "as of"
 * column, so dates are never mixed silently. Missing figures stay empty input cells, marked in the
 * reading column; a ratio with an empty input is blank and out of every statistic.
 *
 * Market data: the market cap used is `=IF(ISBLANK(shares), input, IF(WATT.CHECK(shares, ...) > 0,
 * IFERROR(LOOKUP(10^300, STOCKHISTORY(ticker, TODAY()-14, TODAY(), 0, 0, 1)) * shares, input), ""))`
 * (shares checked outside IFERROR, so a negative count is an error, not a fallback). In Excel 365 STOCKHISTORY gives
 * the daily closes of the last two weeks and LOOKUP(10^300, ...) the latest; times the shares (a blue
 * input, empty until the user enters it) it is today's market cap, dated TODAY(). Without shares, or
 * where Excel lacks STOCKHISTORY or the ticker, IFERROR falls back to the market-cap input cell and its
 * date. HyperFormula (the engine: CLI, workbench, tests) has no STOCKHISTORY: the unknown function is a
 * #NAME? error that IFERROR catches, so the engine shows the input cell (tested). One formula for both
 * hosts; 10^300 rather than 9.99E+307 because the engine cannot parse that literal.
 *
 * Contracted HPC MW (critical IT) over operating MW (gross or energized power, bases differ by company)
 * is not a share: it is shown as contracted HPC power at a stated PUE over operating power, and flagged
 * when above 100% (contracts for capacity not yet built). It has no statistic.
 */
import { Accepts, checkedInput, excelText, F, SheetBuilder } from './builder';
import { P } from '../core/params';
import { CompanyField, CONTRACTS_AS_OF, LISTED_COMPANIES, MARKET_CAP_AS_OF, OPERATING_AS_OF } from './data/listed-miners';
import { LISTED_MINERS_2026 } from './data/listed-miners-2026';
import { unverified, UnverifiedFigure } from './data/unverified';
import { BALANCE_SHEET_FLAGS, BALANCE_SHEETS_2026 } from './data/balance-sheets-2026';
import type { CellStyle, Template } from './types';

/** Excel serial of an ISO date (1900 date system; every date here is after 1900-03-01). */
export function isoToSerial(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
}

/** Header row and first data row of the table (1-based). */
export const COMPS_HEADER_ROW = 7;
export const COMPS_FIRST_ROW = 8;

/** The sheet's columns. */
export const COMPS_COLS = {
  ticker: 'A', name: 'B',
  operatingMw: 'C', pipelineMw: 'D', powerAsOf: 'E',
  ehs: 'F', efficiencyJth: 'G', miningAsOf: 'H',
  hpcContractedMw: 'I', contractsAsOf: 'J',
  sharePrice: 'K', sharePriceDate: 'L', shares: 'M', marketCapInput: 'N', marketCapDate: 'O', marketCap: 'P', marketCapUsedAsOf: 'Q',
  cash: 'R', debt: 'S', btc: 'T', balanceAsOf: 'U',
  netDebt: 'V', ev: 'W',
  evPerOperatingMw: 'X', evPerPipelineMw: 'Y', evPerHpcMw: 'Z', evPerEhs: 'AA', hpcOverOperating: 'AB', warning: 'AC',
  reading: 'AD', sources: 'AE',
} as const;

type Vintage = '2025' | '2026';
/** A merged figure: the latest sourced value, its vintage and the reading of the source. */
export interface MergedFigure {
  value: number | null;
  vintage: Vintage | null;
  asOf: string;
  note: string;
}

export interface MergedCompany {
  ticker: string;
  name: string;
  figures: Record<CompanyField, MergedFigure>;
  sharePriceUsd: number | null;
  sharePriceDate: string | null;
  marketCapDate: string | null;
  cashUsd: number | null;
  totalDebtUsd: number | null;
  btcHoldings: number | null;
  balanceAsOf: string;
  reading: string;
  sources: string;
}

const AS_OF_2025: Record<CompanyField, string> = {
  operatingMw: `${OPERATING_AS_OF} (Q3 2025)`,
  pipelineMw: `${OPERATING_AS_OF} (Q3 2025)`,
  ehs: `${OPERATING_AS_OF} (Q3 2025)`,
  efficiencyJth: `${OPERATING_AS_OF} (Q3 2025)`,
  hpcContractedMw: `${CONTRACTS_AS_OF} (contracts to mid-Dec 2025)`,
  marketCapUsd: MARKET_CAP_AS_OF,
};

/** The 2025 and 2026 rows of each company, merged figure by figure (the latest sourced figure wins). */
export function mergeCompanies(): MergedCompany[] {
  return LISTED_COMPANIES.map((c) => {
    const n = LISTED_MINERS_2026.find((x) => x.ticker === c.ticker);
    if (!n) throw new Error(`listed-miners-2026 lacks ${c.ticker}`);
    const fig = (field: CompanyField): MergedFigure => {
      const v26 = n[field];
      if (v26 !== null) return { value: v26, vintage: '2026', asOf: field === 'marketCapUsd' ? n.marketCapDate ?? n.asOf : n.asOf, note: '2026 refresh (see notes)' };
      const v25 = c[field];
      const asOf = field === 'marketCapUsd' && /~2025-11-11/.test(c.notes.marketCapUsd) ? '2025-11-11' : AS_OF_2025[field];
      return { value: v25, vintage: v25 === null ? null : '2025', asOf: v25 === null ? '' : asOf, note: c.notes[field] };
    };
    const figures = Object.fromEntries((['operatingMw', 'pipelineMw', 'hpcContractedMw', 'ehs', 'efficiencyJth', 'marketCapUsd'] as CompanyField[]).map((f) => [f, fig(f)])) as Record<CompanyField, MergedFigure>;
    const reading2025 = (Object.keys(figures) as CompanyField[])
      .filter((f) => figures[f].vintage !== '2026')
      .map((f) => (c[f] === null ? `${f}: ${c.notes[f]} - "${c.raw[f]}"` : String(c[f]) !== c.raw[f] ? `${f} ${c[f]}: from "${c.raw[f]}" (${c.notes[f]})` : ''))
      .filter(Boolean);
    return {
      ticker: c.ticker,
      name: n.name,
      figures,
      sharePriceUsd: n.sharePriceUsd,
      sharePriceDate: n.sharePriceDate,
      marketCapDate: figures.marketCapUsd.vintage === '2026' ? n.marketCapDate : figures.marketCapUsd.vintage === '2025' ? figures.marketCapUsd.asOf : null,
      cashUsd: n.cashUsd,
      totalDebtUsd: n.totalDebtUsd,
      btcHoldings: n.btcHoldings,
      balanceAsOf: n.cashUsd !== null || n.totalDebtUsd !== null || n.btcHoldings !== null ? n.balanceSheetQuarter || n.asOf : '',
      reading: [`2026 (as of ${n.asOf}): ${n.notes}`, reading2025.length ? `Dec 2025 reading: ${reading2025.join('; ')}` : ''].filter(Boolean).join(' | '),
      sources: `2026: ${n.sources} | Dec 2025: ${c.asOfAndSources}`,
    };
  });
}

/** A group's as-of text: one date when every figure shares it, else figure by figure. */
function groupAsOf(parts: [string, MergedFigure][]): string {
  const known = parts.filter(([, f]) => f.value !== null);
  if (known.length === 0) return 'no figure sourced';
  const dates = new Set(known.map(([, f]) => `${f.vintage === '2026' ? '2026 refresh: ' : ''}${f.asOf}`));
  if (dates.size === 1) return [...dates][0];
  return known.map(([label, f]) => `${label}: ${f.vintage === '2026' ? '2026 refresh: ' : ''}${f.asOf}`).join('; ');
}

/**
 * An input of the table read through WATT.CHECK: a number out of its range (a negative MW, a market
 * cap below 0) is #VALUE! with a message in every ratio and statistic that uses it. An empty cell (not
 * in any source) stays out of the ratios: each formula tests ISBLANK before it reads the input; text
 * ("n/a") is an error too, not a silent blank that would drop the company from the statistics.
 */
const CHECKS: Record<string, [label: string, unit: string, accepts: Accepts]> = {
  C: ['Operating MW', 'MW', P.power_mw],
  D: ['Pipeline MW', 'MW', P.power_mw],
  F: ['EH/s (self-mining)', 'EH/s', { min: 0 }],
  I: ['HPC contracted MW', 'MW of critical IT', P.power_mw],
  M: ['Shares outstanding', 'shares', { min: 0, minExclusive: true }],
  N: ['Market cap input', 'USD', { min: 0 }],
  O: ['Market cap date', '(Excel date serial)', P.date],
  V: ['Net debt', 'USD', {}],
};
const ok = (ref: string) => {
  const [label, unit, accepts] = CHECKS[ref.replace(/\d+$/, '')];
  return checkedInput(ref, label, unit, accepts);
};

/** A ratio: the EV's error if it has one; blank when the divisor is empty or 0 or the EV blank (""); a divisor out of range is #VALUE!. */
const ratio = (num: string, den: string, scale = 1e6) => `=IF(ISERROR(${num}), ${num}, IF(ISBLANK(${den}), "", IF(OR(${ok(den)}=0, ${num}=""), "", ${num} / ${den}${scale === 1 ? '' : ` / ${scale}`})))`;

/**
 * The market-cap input of a company: the merged figure, unless its only source is a forum post
 * (data/unverified.csv). Then shares x share price of data/balance-sheets-2026.csv where both are dated
 * the same day and the share count is not flagged incomplete (a secondary aggregator at a stated date,
 * not a forum post), else empty: kept out of EV and every statistic, the note saying why.
 */
export function marketCapInput(m: MergedCompany): { value: number | null; date: string | null; unverified?: UnverifiedFigure; replacement?: string } {
  const f = m.figures.marketCapUsd;
  const u = f.vintage === '2025' ? unverified('listed-miners.csv', m.ticker, 'market_cap_usd') : undefined;
  if (!u) return { value: f.value, date: m.marketCapDate };
  const bs = BALANCE_SHEETS_2026.find((b) => b.ticker === m.ticker);
  const flagged = BALANCE_SHEET_FLAGS.some((x) => x.ticker === m.ticker && x.field === 'shares');
  if (bs && bs.shares !== null && bs.sharePriceUsd !== null && bs.sharesAsOf !== null && bs.sharesAsOf === bs.sharePriceDate && !flagged) {
    const value = bs.shares * bs.sharePriceUsd;
    return {
      value,
      date: bs.sharesAsOf,
      unverified: u,
      replacement: `as of ${bs.sharesAsOf}; ${bs.shares.toLocaleString('en-US')} shares x $${bs.sharePriceUsd.toFixed(2)} (balance-sheets-2026.csv: ${bs.sharesSource}; ${bs.priceSource}). Replaces the December 2025 ${u.figure}, UNVERIFIED: ${u.reason}.`,
    };
  }
  return { value: null, date: null, unverified: u };
}

function build(): Template {
  const C = COMPS_COLS;
  const merged = mergeCompanies();
  const s = new SheetBuilder('Comps', {
    columnWidths: [55, 200, 80, 80, 200, 70, 60, 130, 95, 200, 80, 85, 95, 95, 85, 95, 90, 90, 90, 75, 160, 95, 95, 85, 85, 95, 85, 95, 320, 620, 560],
    freeze: { rows: COMPS_HEADER_ROW, columns: 2 },
    // Printed in bands of whole figure groups, ticker and company at the left of every page: power,
    // mining, contracts, market data, balance sheet, EV, ratios and warnings, then the reading and sources.
    print: { titleColumns: 2, headerRow: COMPS_HEADER_ROW, groups: ['C:E', 'F:H', 'I:J', 'K:Q', 'R:U', 'V:W', 'X:AC', 'AD', 'AE'] },
  });
  const marketDates = merged.flatMap((m) => [m.marketCapDate, m.sharePriceDate]).filter((x): x is string => !!x).sort();
  s.heading(
    'Listed miners and neoclouds: comps',
    `December 2025 figures (Q3 2025 reports; market caps ~2025-12-19) merged with the 2026 refresh (sparse; data/listed-miners-2026.csv, data/SOURCES-2026.md). Each figure group has its own as-of column; market data from ${marketDates[0]} to ${marketDates[marketDates.length - 1]}.`,
  );
  s.cell({ ref: 'A3', value: 'PUE', style: 'label' });
  s.cell({ ref: 'B3', value: 1.3, format: F.num2, style: 'input', name: 'pue', note: 'Critical IT vs gross power differ by a PUE-like factor of about 1.25 to 1.5 (data/README.md).' });
  s.cell({ ref: 'C3', value: 'Gross MW per critical-IT MW, to compare contracted HPC (critical IT) with operating power (column AB). Critical IT vs gross: ~1.25-1.5 (data/README.md).', style: 'source' });
  s.cell({ ref: 'A4', value: `Figures of different dates are never combined silently: EV ratios divide a market cap (as of column ${C.marketCapUsedAsOf}) by MW or EH/s as of columns ${C.powerAsOf}, ${C.contractsAsOf}, ${C.miningAsOf}. Market cap stands in for EV until net debt (column ${C.netDebt}) is entered. Empty yellow = not in any source, kept out of every statistic.`, style: 'warning' });
  s.cell({ ref: 'A5', value: `Market cap used (${C.marketCap}): in Excel 365, the latest close from STOCKHISTORY x shares outstanding (enter shares in ${C.shares}), dated today; otherwise the market-cap input (${C.marketCapInput}) and its date (${C.marketCapDate}).`, style: 'note' });
  s.row = COMPS_HEADER_ROW;
  s.header([
    'Ticker', 'Company',
    'Operating MW', 'Pipeline MW', 'Power as of',
    'EH/s (self-mining)', 'Fleet J/TH', 'Mining as of',
    'HPC contracted MW (critical IT)', 'Contracts as of',
    'Share price (USD)', 'Price date', 'Shares outstanding (#)', 'Market cap input (USD)', 'Market cap date', 'Market cap used (USD)', 'Market cap used as of',
    'Cash (USD)', 'Total debt (USD)', 'BTC held', 'Balance sheet as of',
    'Net debt (USD, enter)', 'EV (USD)',
    'EV / operating MW ($M)', 'EV / pipeline MW ($M)', 'EV / contracted HPC MW ($M)', 'EV / EH/s ($M)', 'Contracted HPC power / operating MW (%, at PUE)', 'Warnings',
    'Reading of the sources', 'Sources',
  ]);
  for (const m of merged) {
    const r = s.row;
    const f = m.figures;
    const input = (col: string, value: number | string | null, format: string, note: string, style: CellStyle = 'input') => s.cell({ ref: `${col}${r}`, value, format, style, note });
    const figNote = (x: MergedFigure) => (x.value === null ? `unknown in source: ${x.note}` : `as of ${x.asOf}; ${x.note}`);
    s.cell({ ref: `${C.ticker}${r}`, value: m.ticker, style: 'label' });
    // The name as a banker reads it in the frozen column ("Keel Infrastructure (ex-Bitfarms)"); the full name in the note.
    const shortName = m.name.replace(/ \(formerly ([^;)]+)[;)].*$/, ' (ex-$1)');
    s.cell({ ref: `${C.name}${r}`, value: shortName, style: 'label', ...(shortName !== m.name ? { note: m.name } : {}) });
    input(C.operatingMw, f.operatingMw.value, F.int, figNote(f.operatingMw));
    input(C.pipelineMw, f.pipelineMw.value, F.int, figNote(f.pipelineMw));
    s.cell({ ref: `${C.powerAsOf}${r}`, value: groupAsOf([['operating', f.operatingMw], ['pipeline', f.pipelineMw]]), style: 'source' });
    input(C.ehs, f.ehs.value, F.num1, figNote(f.ehs));
    input(C.efficiencyJth, f.efficiencyJth.value, F.num1, figNote(f.efficiencyJth));
    s.cell({ ref: `${C.miningAsOf}${r}`, value: groupAsOf([['EH/s', f.ehs], ['J/TH', f.efficiencyJth]]), style: 'source' });
    input(C.hpcContractedMw, f.hpcContractedMw.value, F.int, figNote(f.hpcContractedMw));
    s.cell({ ref: `${C.contractsAsOf}${r}`, value: groupAsOf([['contracts', f.hpcContractedMw]]), style: 'source' });
    input(C.sharePrice, m.sharePriceUsd, F.usd2, m.sharePriceUsd === null ? 'unknown in source' : `close on ${m.sharePriceDate}; 2026 refresh`);
    input(C.sharePriceDate, m.sharePriceDate === null ? null : isoToSerial(m.sharePriceDate), F.date, 'date of the share price');
    input(C.shares, null, F.int, 'Shares outstanding: not found in the sources (data/SOURCES-2026.md); enter them for a live market cap in Excel.');
    // A figure whose only source is a forum post or an AI-written page (data/unverified.csv) is not used:
    // the input stays empty (out of EV and every statistic), its note and the warnings column say why.
    const cap = marketCapInput(m);
    const capUnverified = cap.unverified;
    const btcUnverified = m.btcHoldings !== null ? unverified('listed-miners-2026.csv', m.ticker, 'btc_holdings') : undefined;
    const unverifiedNote = (u: UnverifiedFigure) => `UNVERIFIED, not used: ${u.figure} (${u.file}, ${u.column}): ${u.reason}. Enter the figure from a primary source (a filing or the company's release).`;
    input(C.marketCapInput, cap.value, F.usdB, cap.replacement ?? (capUnverified ? unverifiedNote(capUnverified) : figNote(f.marketCapUsd)));
    input(C.marketCapDate, cap.date === null ? null : isoToSerial(cap.date), F.date, 'date of the market-cap input');
    const live = `LOOKUP(10^300, STOCKHISTORY(${C.ticker}${r}, TODAY()-14, TODAY(), 0, 0, 1))`;
    const fallback = `IF(ISBLANK(${C.marketCapInput}${r}), "", ${ok(`${C.marketCapInput}${r}`)})`;
    const fallbackDate = `IF(ISBLANK(${C.marketCapInput}${r}), "", IF(${ok(`${C.marketCapInput}${r}`)} >= 0, ${ok(`${C.marketCapDate}${r}`)}))`;
    // Shares are checked outside IFERROR (which is only for STOCKHISTORY): a negative count is an error.
    const withShares = (value: string, otherwise: string) => `IF(ISBLANK(${C.shares}${r}), ${otherwise}, IF(${ok(`${C.shares}${r}`)} > 0, IFERROR(${value}, ${otherwise}), ""))`;
    s.cell({ ref: `${C.marketCap}${r}`, formula: `=${withShares(`${live} * ${C.shares}${r}`, fallback)}`, format: F.usdB, style: 'output' });
    s.cell({ ref: `${C.marketCapUsedAsOf}${r}`, formula: `=${withShares(`${live} * 0 + TODAY()`, fallbackDate)}`, format: F.date, style: 'output' });
    input(C.cash, m.cashUsd, F.usdB, m.cashUsd === null ? 'unknown in source' : `as of ${m.balanceAsOf}`);
    input(C.debt, m.totalDebtUsd, F.usdB, m.totalDebtUsd === null ? 'unknown in source' : `as of ${m.balanceAsOf}`);
    input(C.btc, btcUnverified ? null : m.btcHoldings, F.int, btcUnverified ? unverifiedNote(btcUnverified) : m.btcHoldings === null ? 'unknown in source' : `as of ${m.balanceAsOf}`);
    s.cell({ ref: `${C.balanceAsOf}${r}`, value: m.balanceAsOf || 'no figure sourced', style: 'source' });
    input(C.netDebt, null, F.usdB, 'Net debt: enter it (debt + converts - cash, same date as the market cap) to turn market cap into EV.');
    s.cell({ ref: `${C.ev}${r}`, formula: `=IF(${C.marketCap}${r}="", "", ${C.marketCap}${r} + IF(ISBLANK(${C.netDebt}${r}), 0, ${ok(`${C.netDebt}${r}`)}))`, format: F.usdB, style: 'output' });
    s.cell({ ref: `${C.evPerOperatingMw}${r}`, formula: ratio(`${C.ev}${r}`, `${C.operatingMw}${r}`), format: F.num2, style: 'output' });
    s.cell({ ref: `${C.evPerPipelineMw}${r}`, formula: ratio(`${C.ev}${r}`, `${C.pipelineMw}${r}`), format: F.num2, style: 'output' });
    s.cell({ ref: `${C.evPerHpcMw}${r}`, formula: ratio(`${C.ev}${r}`, `${C.hpcContractedMw}${r}`), format: F.num2, style: 'output' });
    s.cell({ ref: `${C.evPerEhs}${r}`, formula: ratio(`${C.ev}${r}`, `${C.ehs}${r}`), format: F.num1, style: 'output' });
    s.cell({ ref: `${C.hpcOverOperating}${r}`, formula: `=IF(OR(ISBLANK(${C.hpcContractedMw}${r}), ISBLANK(${C.operatingMw}${r})), "", IF(${ok(`${C.operatingMw}${r}`)}=0, "", ${ok(`${C.hpcContractedMw}${r}`)} * ${checkedInput('pue', 'PUE', '(site power / IT power)', P.pue)} / ${C.operatingMw}${r}))`, format: F.pct, style: 'output' });
    const datesDiffer = f.hpcContractedMw.value !== null && f.operatingMw.value !== null && f.hpcContractedMw.asOf !== f.operatingMw.asOf;
    const unverifiedText = [capUnverified ? `market cap ${capUnverified.figure}${cap.replacement ? ' (replaced by shares x price)' : ''}` : '', btcUnverified ? 'BTC held' : ''].filter(Boolean).join(', ');
    const warningText = `${unverifiedText ? `Unverified, not used: ${unverifiedText} (only source a forum post; see the note). ` : ''}${datesDiffer ? `Contracts as of ${f.hpcContractedMw.asOf}, operating MW as of ${f.operatingMw.asOf}. ` : ''}`;
    const staticWarning = warningText ? excelText(warningText.replace(/"/g, "'").slice(0, 250)) : '""';
    s.cell({
      ref: `${C.warning}${r}`,
      formula: `=IF(AND(ISNUMBER(${C.hpcOverOperating}${r}), ${C.hpcOverOperating}${r}>1), "Contracted HPC power exceeds operating power: capacity not yet built, not a share of today's power. ", "") & ${staticWarning}`,
      format: F.text,
      style: 'warning',
    });
    s.cell({ ref: `${C.reading}${r}`, value: m.reading, style: 'source' });
    s.cell({ ref: `${C.sources}${r}`, value: m.sources, style: 'source' });
    s.row += 1;
  }
  const last = s.row - 1;
  s.blank();
  const statCols = [C.evPerOperatingMw, C.evPerPipelineMw, C.evPerHpcMw, C.evPerEhs];
  const stat = (label: string, fn: 'MEDIAN' | 'AVERAGE' | 'MIN' | 'MAX' | 'COUNT') => {
    const r = s.row;
    s.cell({ ref: `${C.name}${r}`, value: label, style: 'label' });
    for (const col of statCols) {
      const range = `${col}${COMPS_FIRST_ROW}:${col}${last}`;
      // An input out of range makes its ratio an error: SUM passes it on (COUNT and, in the engine,
      // MEDIAN/MIN/MAX would skip it), so a statistic is that error, never a number over fewer rows.
      const guard = (f: string) => `=IF(ISERROR(SUM(${range})), SUM(${range}), ${f})`;
      s.cell({ ref: `${col}${r}`, formula: fn === 'COUNT' ? guard(`COUNT(${range})`) : guard(`IF(COUNT(${range})=0, "", ${fn}(${range}))`), format: fn === 'COUNT' ? F.int : col === C.evPerEhs ? F.num1 : F.num2, style: fn === 'COUNT' ? 'label' : 'output' });
    }
    if (fn === 'MEDIAN') s.cell({ ref: `${C.hpcOverOperating}${r}`, value: 'No statistic: bases differ by company.', style: 'note' });
    s.row += 1;
  };
  stat('Median', 'MEDIAN');
  stat('Mean', 'AVERAGE');
  stat('Min', 'MIN');
  stat('Max', 'MAX');
  stat('Companies with a figure', 'COUNT');
  const dates = `${C.marketCapUsedAsOf}${COMPS_FIRST_ROW}:${C.marketCapUsedAsOf}${last}`;
  s.cell({ ref: `${C.name}${s.row}`, value: 'Market caps dated from / to', style: 'label' });
  s.cell({ ref: `${C.evPerOperatingMw}${s.row}`, formula: `=IF(ISERROR(SUM(${dates})), SUM(${dates}), IF(COUNT(${dates})=0, "", MIN(${dates})))`, format: F.date, style: 'output', name: 'market_cap_from' });
  s.cell({ ref: `${C.evPerPipelineMw}${s.row}`, formula: `=IF(ISERROR(SUM(${dates})), SUM(${dates}), IF(COUNT(${dates})=0, "", MAX(${dates})))`, format: F.date, style: 'output', name: 'market_cap_to' });
  s.cell({ ref: `${C.evPerHpcMw}${s.row}`, value: 'The statistics mix companies valued on these dates.', style: 'warning' });
  s.row += 1;
  s.blank();
  s.text('Benchmarks in $M per MW: build cost ~0.3-0.8 for mining and ~8-11 per critical-IT MW for an AI-grade data centre (Cipher, TeraWulf; JLL 10.7); a leased powered shell creates ~5-8 per MW of value (Morgan Stanley, 2025-09-21).', 'note');
  return {
    id: 'comps',
    title: 'Listed miners: comps',
    description: 'IREN, CIFR, RIOT, CORZ, MARA, HUT, CLSK, BTDR, HIVE, WULF, BITF (Keel), APLD, GLXY and neoclouds CRWV, NBIS: December 2025 figures merged with the 2026 refresh, each figure group with its as-of date; EV/MW, EV per contracted HPC MW, EV/EH/s; market cap from STOCKHISTORY in Excel 365, else the dated input.',
    asOf: marketDates[marketDates.length - 1],
    keyAssumptions: [`market data ${marketDates[0]} to ${marketDates[marketDates.length - 1]}`, 'Q3 2025 operating figures, 2026 where sourced', 'EV = market cap + net debt (enter)', `${merged.length} companies`],
    answers: 'How does the market value listed miners per MW of power, per contracted HPC MW and per EH/s, with every figure dated?',
    sheets: [s.build()],
  };
}

export const comps: Template = build();
