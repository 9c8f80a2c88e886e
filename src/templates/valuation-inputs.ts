/**
 * Company inputs of the valuation template (not generated: a reading of the generated modules in
 * src/templates/data), one record per company of the comps, each figure with its
 * file, row and as-of date. Read from the repository's generated data modules through the comps
 * template's merge (`mergeCompanies`: the 2026 refresh where it has a figure, else December 2025), so
 * the valuation and the comps show the same figure for the same quantity:
 *   data/listed-miners-2026.csv  (src/templates/data/listed-miners-2026.ts)  MW, contracts, balance sheet, prices
 *   data/listed-miners.csv       (src/templates/data/listed-miners.ts)       Q3 2025 operating figures
 *   data/balance-sheets-2026.csv (src/templates/data/balance-sheets-2026.ts) shares, cash, debt, BTC held and
 *                                prices with their dates (collected 2026-12); where it has a figure it
 *                                replaces the 2026 refresh's (cash and debt as a pair, one balance sheet;
 *                                the later of two share prices), and data/balance-sheets-2026-flags.csv
 *                                names the figures read as incomplete (a value per share waits for them)
 * A null is a figure no source gives: the sheet leaves it empty and marked, never guessed. Two readings
 * of this module, each stated in the figure's note: a source's "n/a" for self-mining (a host or a
 * neocloud) is 0 EH/s, and "n/a (tenant)" for a neocloud's contracted MW is 0 MW let to tenants.
 */
import { mergeCompanies } from './comps';
import { LISTED_COMPANIES } from './data/listed-miners';
import { unverified } from './data/unverified';
import { BALANCE_SHEET_FLAGS, BALANCE_SHEETS_2026, BalanceSheetField } from './data/balance-sheets-2026';

export interface SourcedFigure {
  value: number | null;
  /** When the figure is as of, or 'unknown'. */
  asOf: string;
  /** File, row and column it comes from, and the source's reading. */
  source: string;
}

export type ValuationField =
  | 'ehs' | 'efficiencyJth' | 'operatingMw' | 'contractedMw' | 'pipelineMw' | 'btcHeld' | 'cash' | 'debt' | 'shares' | 'sharePrice';

export interface ValuationCompany {
  ticker: string;
  name: string;
  figures: Record<ValuationField, SourcedFigure>;
  /** ISO date of the share price, when there is one. */
  sharePriceDate: string | null;
  /** What a reader must know before trusting the row (basis of the MW, a contract that is not a lease). */
  caveat: string;
  /** ISO date of the share count, when there is one. */
  sharesAsOf: string | null;
  /** ISO date of cash and debt (one balance sheet), when there is one. */
  balanceSheetDate: string | null;
  /** Figures read as incomplete (balance-sheets-2026-flags.csv), with the collector's caveat. */
  flags: readonly { field: BalanceSheetField; reason: string }[];
}

const FB = 'balance-sheets-2026.csv';

/** The ISO date inside a fiscal-quarter text such as "Q2 FY26 (2025-12-31)", else null. */
export function quarterEnd(text: string): string | null {
  const m = /\((\d{4}-\d{2}-\d{2})\)/.exec(text);
  return m ? m[1] : null;
}

const F26 = 'listed-miners-2026.csv';
const F25 = 'listed-miners.csv';
const COLUMN_26: Record<string, string> = {
  operatingMw: 'operating_mw', pipelineMw: 'pipeline_mw', hpcContractedMw: 'hpc_contracted_mw_critical_it', ehs: 'eh_s', efficiencyJth: 'fleet_j_th',
};
const COLUMN_25: Record<string, string> = {
  operatingMw: 'energized_or_operating_MW', pipelineMw: 'total_power_pipeline_MW', hpcContractedMw: 'HPC_contracted_critical_IT_MW', ehs: 'EH_s', efficiencyJth: 'fleet_eff_J_TH',
};

/** What a reader must know per company (from the 2026 notes and the 2025 readings). */
const CAVEATS: Record<string, string> = {
  IREN: 'Contracted MW is the Microsoft GPU-cloud contract (IREN owns the GPUs), valued here as if a leased shell; EH/s is Q3 2025 and mining is being wound down (2026 notes).',
  CIFR: 'AWS 300 MW (gross power) and a third hyperscale lease are not in contracted MW; the pipeline is the 2025-09-25 HPC pipeline.',
  RIOT: 'BTC held at 2025-09-30 (19,287) is older than the rest and ~1,080 BTC were sold in Jan 2026: not entered.',
  CORZ: 'Pipeline is leasable (not gross) capacity; CoreWeave funds much of the fit-out, so capex still to spend per W is lower than the common default.',
  MARA: 'Large convertible notes outstanding (not in the data): enter debt before reading a value per share.',
  HUT: 'Mining sits in American Bitcoin (listed separately, ~80% owned): value the stake in other assets.',
  CLSK: 'BTC held conflicts (13,561 secondary vs 11,920 XBRL); operating MW is contracted power at 2025-09-30; debt is total debt (XBRL).',
  BTDR: 'Pipeline is the whole power portfolio, mining included.',
  HIVE: 'HIVE runs its own GPU cloud: no lease to value as a shell.',
  WULF: 'EH/s is Q2 2025 (~7.2 guided for Q4 2025); contracted MW includes the Abernathy JV at 51%.',
  BITF: 'Keel Infrastructure since 2026 (ticker KEEL since 2026-04-06).',
  APLD: 'A host and developer, not a miner: no self-mining.',
  GLXY: 'Operating MW is Helios approved power; most of Galaxy is a trading and asset-management business this sum of the parts does not value: enter it in other assets.',
  CRWV: 'A reference: a neocloud rents capacity as a tenant; a sum of the parts of a landlord does not fit it.',
  NBIS: 'A reference: a neocloud rents capacity as a tenant; a sum of the parts of a landlord does not fit it.',
};

function build(): ValuationCompany[] {
  return mergeCompanies().map((m) => {
    const raw = LISTED_COMPANIES.find((c) => c.ticker === m.ticker)!.raw;
    const merged = (field: 'operatingMw' | 'pipelineMw' | 'hpcContractedMw' | 'ehs' | 'efficiencyJth'): SourcedFigure => {
      const f = m.figures[field];
      // "n/a" for self-mining or, for a neocloud, contracted MW: none, not unknown.
      if (f.value === null && (field === 'ehs' || field === 'hpcContractedMw') && /^n\/a\b/.test(raw[field].trim()) && !/unknown/.test(raw[field])) {
        return { value: 0, asOf: 'Dec 2025', source: `${F25}, row ${m.ticker}, ${COLUMN_25[field]}: "${raw[field]}", read as 0` };
      }
      if (f.value === null) return { value: null, asOf: 'unknown', source: `unknown in source: ${f.note}` };
      return f.vintage === '2026'
        ? { value: f.value, asOf: f.asOf, source: `${F26}, row ${m.ticker}, ${COLUMN_26[field]} (see its notes)` }
        : { value: f.value, asOf: f.asOf, source: `${F25}, row ${m.ticker}, ${COLUMN_25[field]}: "${raw[field]}" (${f.note})` };
    };
    const balance = (value: number | null, column: string, what: string): SourcedFigure =>
      value === null
        ? { value: null, asOf: 'unknown', source: `unknown in source: ${F26} gives no ${what} for ${m.ticker} (data/SOURCES-2026.md)` }
        : { value, asOf: m.balanceAsOf, source: `${F26}, row ${m.ticker}, ${column}` };
    const bs = BALANCE_SHEETS_2026.find((x) => x.ticker === m.ticker);
    if (!bs) throw new Error(`${FB} lacks ${m.ticker}`);
    const flags = BALANCE_SHEET_FLAGS.filter((f) => f.ticker === m.ticker).map((f) => ({ field: f.field, reason: f.reason }));
    const flagNote = (field: BalanceSheetField) => flags.filter((f) => f.field === field).map((f) => ` INCOMPLETE: ${f.reason}.`).join('');
    // Cash and debt come from one balance sheet: the 2026-12 collection where it has either, else the 2026 refresh.
    const fromBs = bs.cashUsd !== null || bs.debtUsd !== null;
    const bsFigure = (value: number | null, column: string, what: string, field: BalanceSheetField, asOf: string | null, source: string): SourcedFigure =>
      value === null
        ? { value: null, asOf: 'unknown', source: `unknown in source: ${FB} gives no ${what} for ${m.ticker} (data/SOURCES-balance-sheets-2026.md)` }
        : { value, asOf: asOf ?? 'unknown', source: `${FB}, row ${m.ticker}, ${column}: ${source}.${flagNote(field)}` };
    const cash = fromBs ? bsFigure(bs.cashUsd, 'cash_usd', 'cash', 'cash', bs.balanceSheetDate, bs.balanceSource) : balance(m.cashUsd, 'cash_usd', 'cash');
    const debt = fromBs ? bsFigure(bs.debtUsd, 'debt_usd', 'debt', 'debt', bs.balanceSheetDate, `${bs.debtBasis}; ${bs.balanceSource}`) : balance(m.totalDebtUsd, 'total_debt_usd', 'total debt');
    // BTC held: the later dated of the two files' figures, never one whose only source is a forum post.
    const btcUnverified = (bs.btcHoldings !== null ? unverified(FB, m.ticker, 'btc_holdings') : undefined)
      ?? (m.btcHoldings !== null ? unverified(F26, m.ticker, 'btc_holdings') : undefined);
    const bsBtcOk = bs.btcHoldings !== null && !unverified(FB, m.ticker, 'btc_holdings');
    const mBtcOk = m.btcHoldings !== null && !unverified(F26, m.ticker, 'btc_holdings');
    const useBsBtc = bsBtcOk && (!mBtcOk || (bs.btcAsOf ?? '') > (quarterEnd(m.balanceAsOf) ?? ''));
    const btcHeld: SourcedFigure = useBsBtc
      ? bsFigure(bs.btcHoldings, 'btc_holdings', 'BTC held', 'btc', bs.btcAsOf, bs.btcSource)
      : mBtcOk
        ? { ...balance(m.btcHoldings, 'btc_holdings', 'BTC held'), asOf: quarterEnd(m.balanceAsOf) ?? m.balanceAsOf }
        : btcUnverified
          ? { value: null, asOf: 'unknown', source: `unknown in source: the only source is not one to value on. UNVERIFIED, not used: ${btcUnverified.figure} BTC (${btcUnverified.file}, btc_holdings): ${btcUnverified.reason}; enter BTC held from the 10-Q` }
          : balance(null, 'btc_holdings', 'BTC held');
    // The later of two dated share prices (the 2026 refresh's and the 2026-12 collection's).
    const useBsPrice = bs.sharePriceUsd !== null && (m.sharePriceUsd === null || (bs.sharePriceDate ?? '') > (m.sharePriceDate ?? ''));
    const sharePrice: SourcedFigure = useBsPrice
      ? bsFigure(bs.sharePriceUsd, 'share_price_usd', 'share price', 'price', bs.sharePriceDate, bs.priceSource)
      : m.sharePriceUsd === null
        ? { value: null, asOf: 'unknown', source: `unknown in source: neither ${F26} nor ${FB} gives a share price for ${m.ticker}` }
        : { value: m.sharePriceUsd, asOf: m.sharePriceDate ?? '', source: `${F26}, row ${m.ticker}, share_price_usd` };
    const balanceSheetDate = fromBs ? bs.balanceSheetDate : (m.cashUsd !== null || m.totalDebtUsd !== null ? quarterEnd(m.balanceAsOf) : null);
    return {
      ticker: m.ticker,
      name: m.name,
      sharesAsOf: bs.shares === null ? null : bs.sharesAsOf,
      balanceSheetDate,
      flags,
      figures: {
        ehs: merged('ehs'),
        efficiencyJth: merged('efficiencyJth'),
        operatingMw: merged('operatingMw'),
        contractedMw: merged('hpcContractedMw'),
        pipelineMw: merged('pipelineMw'),
        btcHeld,
        cash,
        debt,
        shares: bsFigure(bs.shares, 'shares_outstanding', 'share count', 'shares', bs.sharesAsOf, `${bs.sharesSource}; outstanding, not diluted`),
        sharePrice,
      },
      sharePriceDate: useBsPrice ? bs.sharePriceDate : m.sharePriceDate,
      caveat: CAVEATS[m.ticker] ?? '',
    };
  });
}

export const VALUATION_COMPANIES: readonly ValuationCompany[] = build();
