/**
 * Company inputs of the valuation template (not generated: a reading of the generated modules in
 * src/templates/data), one record per company of the comps, each figure with its
 * file, row and as-of date. Read from the repository's generated data modules through the comps
 * template's merge (`mergeCompanies`: the 2026 refresh where it has a figure, else December 2025), so
 * the valuation and the comps show the same figure for the same quantity:
 *   data/listed-miners-2026.csv  (src/templates/data/listed-miners-2026.ts)  MW, contracts, balance sheet, prices
 *   data/listed-miners.csv       (src/templates/data/listed-miners.ts)       Q3 2025 operating figures
 * A null is a figure no source gives: the sheet leaves it empty and marked, never guessed. Two readings
 * of this module, each stated in the figure's note: a source's "n/a" for self-mining (a host or a
 * neocloud) is 0 EH/s, and "n/a (tenant)" for a neocloud's contracted MW is 0 MW let to tenants.
 */
import { mergeCompanies } from './comps';
import { LISTED_COMPANIES } from './data/listed-miners';

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
    return {
      ticker: m.ticker,
      name: m.name,
      figures: {
        ehs: merged('ehs'),
        efficiencyJth: merged('efficiencyJth'),
        operatingMw: merged('operatingMw'),
        contractedMw: merged('hpcContractedMw'),
        pipelineMw: merged('pipelineMw'),
        btcHeld: balance(m.btcHoldings, 'btc_holdings', 'BTC held'),
        cash: balance(m.cashUsd, 'cash_usd', 'cash'),
        debt: balance(m.totalDebtUsd, 'total_debt_usd', 'total debt'),
        shares: { value: null, asOf: 'unknown', source: 'unknown in source: shares outstanding were found for none of the 15 companies (data/SOURCES-2026.md); enter diluted shares' },
        sharePrice: m.sharePriceUsd === null
          ? { value: null, asOf: 'unknown', source: `unknown in source: ${F26} gives no share price for ${m.ticker}` }
          : { value: m.sharePriceUsd, asOf: m.sharePriceDate ?? '', source: `${F26}, row ${m.ticker}, share_price_usd` },
      },
      sharePriceDate: m.sharePriceDate,
      caveat: CAVEATS[m.ticker] ?? '',
    };
  });
}

export const VALUATION_COMPANIES: readonly ValuationCompany[] = build();
