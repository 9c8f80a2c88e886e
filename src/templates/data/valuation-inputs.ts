/**
 * Company inputs of the valuation template, one record per company of the comps, each figure with the
 * row and column it comes from. Copied by hand from the project's two listed-miners files, because the
 * generated module of the 2026 refresh was not merged when this template was written:
 *   2026  listed-miners-2026.csv (refreshed 2026-11, sparse; each row with its own as-of dates)
 *   2025  listed-miners.csv (Q3 2025 reports, December 2025), read through its generated module
 *         src/templates/data/listed-miners.ts (LISTED_COMPANIES), whose notes say how each text was read.
 * Rule: the 2026 figure where the 2026 file has one, else the 2025 figure, its date stated in `asOf`.
 * A null is a figure neither file gives: the sheet leaves it empty and marked, never guessed. A 0 is
 * stated by the source (e.g. "n/a (hosting; no self-mining)" is 0 EH/s of self-mining).
 * When the data helper's generated 2026 module (LISTED_MINERS_2026) is merged, this module can read it.
 */
import { LISTED_COMPANIES } from './listed-miners';

export interface SourcedFigure {
  value: number | null;
  /** When the figure is as of (a date, a quarter), or why it is empty. */
  asOf: string;
  /** File, row and column it is copied from, with the source's own words where they matter. */
  source: string;
}

export type ValuationField =
  | 'ehs' | 'efficiencyJth' | 'operatingMw' | 'contractedMw' | 'pipelineMw' | 'btcHeld' | 'cash' | 'debt' | 'shares' | 'sharePrice';

export interface ValuationCompany {
  ticker: string;
  name: string;
  figures: Record<ValuationField, SourcedFigure>;
  /** What a reader must know before trusting the row (basis of the MW, a contract that is not a lease). */
  caveat: string;
}

const F26 = 'listed-miners-2026.csv';
const F25 = 'listed-miners.csv';

const unknown = (what: string): SourcedFigure => ({ value: null, asOf: 'unknown', source: `unknown in source: neither ${F26} nor ${F25} gives ${what}` });
/** A figure copied from the 2026 file. */
const y26 = (ticker: string, column: string, value: number, asOf: string, words = ''): SourcedFigure => ({ value, asOf, source: `${F26}, row ${ticker}, ${column}${words ? `: ${words}` : ''}` });

/** The 2025 figure of a field, as the generated module reads it, or unknown. */
function y25(ticker: string, field: 'ehs' | 'efficiencyJth' | 'operatingMw' | 'hpcContractedMw' | 'pipelineMw', what: string, asOf = 'Q3 2025 (2025-09-30)'): SourcedFigure {
  const c = LISTED_COMPANIES.find((x) => x.ticker === ticker)!;
  const value = c[field];
  const column = { ehs: 'EH_s', efficiencyJth: 'fleet_eff_J_TH', operatingMw: 'energized_or_operating_MW', hpcContractedMw: 'HPC_contracted_critical_IT_MW', pipelineMw: 'total_power_pipeline_MW' }[field];
  if (value === null) return unknown(what);
  return { value, asOf, source: `${F25}, row ${ticker}, ${column}: "${c.raw[field]}"` };
}

/** Stated as none by the source: 0, with its words. */
const none = (ticker: string, file: string, column: string, words: string, asOf: string): SourcedFigure => ({ value: 0, asOf, source: `${file}, row ${ticker}, ${column}: "${words}" (read as 0)` });

const SHARES = unknown('diluted shares (data/SOURCES-2026.md: shares outstanding not found for any of the 15)');
const CASH = unknown('cash');
const DEBT = unknown('total debt including convertible notes');
const BTC = unknown('BTC held');
const PRICE = unknown('a share price');

export const VALUATION_COMPANIES: readonly ValuationCompany[] = [
  {
    ticker: 'IREN', name: 'IREN Ltd',
    figures: {
      ehs: y25('IREN', 'ehs', 'self-mining EH/s'), efficiencyJth: y25('IREN', 'efficiencyJth', 'fleet J/TH'), operatingMw: unknown('operating MW'),
      contractedMw: y26('IREN', 'hpc_contracted_mw_critical_it', 200, 'deals to 2026-05-26', 'Microsoft 200 MW critical IT, a GPU-cloud contract'),
      pipelineMw: y26('IREN', 'pipeline_mw', 4500, '2026-02-05', '">4.5GW" secured power, lower bound'),
      btcHeld: BTC, cash: y26('IREN', 'cash_usd', 3.26e9, '2025-12-31', 'Zacks (secondary)'), debt: unknown('total debt (converts outstanding not summed in the source)'), shares: SHARES,
      sharePrice: y26('IREN', 'share_price_usd', 56.85, '2026-05-07'),
    },
    caveat: 'Contracted MW is the Microsoft GPU-cloud contract (IREN owns the GPUs), valued here as if a leased shell; EH/s is Q3 2025 and mining is being wound down (2026 notes).',
  },
  {
    ticker: 'CIFR', name: 'Cipher Digital (formerly Cipher Mining)',
    figures: {
      ehs: y25('CIFR', 'ehs', 'self-mining EH/s'), efficiencyJth: y25('CIFR', 'efficiencyJth', 'fleet J/TH'), operatingMw: unknown('operating MW'),
      contractedMw: y26('CIFR', 'hpc_contracted_mw_critical_it', 207, 'contracts to mid-2026', 'Fluidstack 168 + 39 MW critical IT; AWS 300 MW gross not included'),
      pipelineMw: y25('CIFR', 'pipelineMw', 'a pipeline', '2025-09-25'),
      btcHeld: BTC, cash: CASH, debt: DEBT, shares: SHARES, sharePrice: PRICE,
    },
    caveat: 'AWS 300 MW (gross power) and a third hyperscale lease are not in contracted MW; pipeline is the 2025-09-25 HPC pipeline.',
  },
  {
    ticker: 'RIOT', name: 'Riot Platforms',
    figures: {
      ehs: y25('RIOT', 'ehs', 'self-mining EH/s'), efficiencyJth: y25('RIOT', 'efficiencyJth', 'fleet J/TH'), operatingMw: unknown('operating MW'),
      contractedMw: y26('RIOT', 'hpc_contracted_mw_critical_it', 25, '2026-01-16', 'AMD 25 MW critical IT'),
      pipelineMw: y26('RIOT', 'pipeline_mw', 1700, '2026-01-16', '1.7 GW approved power'),
      btcHeld: BTC, cash: CASH, debt: DEBT, shares: SHARES, sharePrice: y26('RIOT', 'share_price_usd', 16.22, '2026-02-19', 'alphaquery (secondary)'),
    },
    caveat: 'BTC held at 2025-09-30 (19,287) is older than the rest and ~1,080 BTC were sold in Jan 2026: not entered.',
  },
  {
    ticker: 'CORZ', name: 'Core Scientific',
    figures: {
      ehs: y25('CORZ', 'ehs', 'self-mining EH/s'), efficiencyJth: y25('CORZ', 'efficiencyJth', 'fleet J/TH'),
      operatingMw: y26('CORZ', 'operating_mw', 350, '2026-03-31', '~350 MW energized for CoreWeave, basis not stated'),
      contractedMw: y26('CORZ', 'hpc_contracted_mw_critical_it', 590, '2026-03-31', 'CoreWeave ~590 MW, assumed critical IT'),
      pipelineMw: y26('CORZ', 'pipeline_mw', 1500, '2026-03-31', '"1.5 gigawatt pipeline of leasable capacity"'),
      btcHeld: BTC, cash: CASH, debt: DEBT, shares: SHARES, sharePrice: PRICE,
    },
    caveat: 'Pipeline is leasable (not gross) capacity; CoreWeave funds much of the fit-out, so capex still to spend per W is lower than the common default.',
  },
  {
    ticker: 'MARA', name: 'MARA Holdings',
    figures: {
      ehs: y25('MARA', 'ehs', 'self-mining EH/s'), efficiencyJth: y25('MARA', 'efficiencyJth', 'fleet J/TH'), operatingMw: unknown('operating MW'),
      contractedMw: y26('MARA', 'hpc_contracted_mw_critical_it', 0, '2026-04-30'),
      pipelineMw: y26('MARA', 'pipeline_mw', 2200, '2026-04-30'),
      btcHeld: y26('MARA', 'btc_holdings', 38689, '2026-03-31', 'secondary'), cash: CASH, debt: DEBT, shares: SHARES, sharePrice: PRICE,
    },
    caveat: 'Large convertible notes outstanding (not in the data): enter debt before reading a value per share.',
  },
  {
    ticker: 'HUT', name: 'Hut 8',
    figures: {
      ehs: unknown('self-mining EH/s (mining via ~80%-owned American Bitcoin)'), efficiencyJth: y25('HUT', 'efficiencyJth', 'fleet J/TH'),
      operatingMw: y26('HUT', 'operating_mw', 1020, '2025-12-31'),
      contractedMw: y26('HUT', 'hpc_contracted_mw_critical_it', 597, '2026-05-06', '245 + 352 MW'),
      pipelineMw: y26('HUT', 'pipeline_mw', 8500, '2025-12-31'),
      btcHeld: y26('HUT', 'btc_holdings', 16331, '2026-03-31'), cash: y26('HUT', 'cash_usd', 1.6e8, '2026-03-31'), debt: DEBT, shares: SHARES, sharePrice: PRICE,
    },
    caveat: 'Mining sits in American Bitcoin (listed separately, ~80% owned): its value is not a mining EH/s of Hut 8 here.',
  },
  {
    ticker: 'CLSK', name: 'CleanSpark',
    figures: {
      ehs: y25('CLSK', 'ehs', 'self-mining EH/s'), efficiencyJth: y25('CLSK', 'efficiencyJth', 'fleet J/TH', 'FY2025 (2025-09-30)'),
      operatingMw: y25('CLSK', 'operatingMw', 'operating MW'),
      contractedMw: y26('CLSK', 'hpc_contracted_mw_critical_it', 0, '2026-03-31'),
      pipelineMw: unknown('a pipeline total (only site additions)'),
      btcHeld: y26('CLSK', 'btc_holdings', 13561, '2026-03-31', 'secondary; an XBRL note says 11,920'),
      cash: CASH, debt: y26('CLSK', 'total_debt_usd', 1822210000, '2026-03-31', 'XBRL R56'), shares: SHARES, sharePrice: PRICE,
    },
    caveat: 'BTC held conflicts (13,561 secondary vs 11,920 XBRL); operating MW is contracted power at 2025-09-30.',
  },
  {
    ticker: 'BTDR', name: 'Bitdeer Technologies',
    figures: {
      ehs: unknown('confirmed self-mining EH/s (only a ~40 EH/s target)'), efficiencyJth: y25('BTDR', 'efficiencyJth', 'fleet J/TH'), operatingMw: unknown('operating MW'),
      contractedMw: y26('BTDR', 'hpc_contracted_mw_critical_it', 0, '2026-02-12'),
      pipelineMw: y26('BTDR', 'pipeline_mw', 3000, '2026-02-12', 'power portfolio, not re-verified'),
      btcHeld: BTC, cash: CASH, debt: DEBT, shares: SHARES, sharePrice: PRICE,
    },
    caveat: 'Pipeline is the whole power portfolio, mining included.',
  },
  {
    ticker: 'HIVE', name: 'HIVE Digital Technologies',
    figures: {
      ehs: y25('HIVE', 'ehs', 'self-mining EH/s', '2025-09-30'), efficiencyJth: y25('HIVE', 'efficiencyJth', 'fleet J/TH'), operatingMw: unknown('operating MW'),
      contractedMw: y26('HIVE', 'hpc_contracted_mw_critical_it', 0, 'unknown', 'own GPU cloud, no colocation lease'),
      pipelineMw: unknown('a pipeline'),
      btcHeld: BTC, cash: CASH, debt: DEBT, shares: SHARES, sharePrice: PRICE,
    },
    caveat: 'HIVE runs its own GPU cloud: no lease to value as a shell.',
  },
  {
    ticker: 'WULF', name: 'TeraWulf',
    figures: {
      ehs: y25('WULF', 'ehs', 'self-mining EH/s', 'Q2 2025'), efficiencyJth: y25('WULF', 'efficiencyJth', 'fleet J/TH'), operatingMw: unknown('operating MW'),
      contractedMw: y26('WULF', 'hpc_contracted_mw_critical_it', 522, '2025-12-31'),
      pipelineMw: y26('WULF', 'pipeline_mw', 2800, '2025-12-31'),
      btcHeld: BTC, cash: CASH, debt: DEBT, shares: SHARES, sharePrice: PRICE,
    },
    caveat: 'EH/s is Q2 2025 (~7.2 guided for Q4 2025); contracted MW includes the Abernathy JV at 51%.',
  },
  {
    ticker: 'BITF', name: 'Keel Infrastructure (formerly Bitfarms)',
    figures: {
      ehs: y25('BITF', 'ehs', 'self-mining EH/s'), efficiencyJth: y25('BITF', 'efficiencyJth', 'fleet J/TH'), operatingMw: unknown('operating MW'),
      contractedMw: y26('BITF', 'hpc_contracted_mw_critical_it', 0, 'mid-2026'),
      pipelineMw: y26('BITF', 'pipeline_mw', 2200, 'mid-2026'),
      btcHeld: BTC, cash: CASH, debt: DEBT, shares: SHARES, sharePrice: PRICE,
    },
    caveat: 'Ticker KEEL since 2026-04-06.',
  },
  {
    ticker: 'APLD', name: 'Applied Digital',
    figures: {
      ehs: none('APLD', F25, 'EH_s', 'n/a (hosting; no self-mining)', 'Q4 2025'), efficiencyJth: unknown('fleet J/TH (no self-mining)'),
      operatingMw: y25('APLD', 'operatingMw', 'operating MW', 'Q4 2025'),
      contractedMw: y26('APLD', 'hpc_contracted_mw_critical_it', 1400, '2026-06-09', 'five leases, 1,410 MW'),
      pipelineMw: unknown('a pipeline total'),
      btcHeld: BTC, cash: CASH, debt: DEBT, shares: SHARES, sharePrice: y26('APLD', 'share_price_usd', 48.02, '2026-05-21'),
    },
    caveat: 'A host and developer, not a miner: no self-mining.',
  },
  {
    ticker: 'GLXY', name: 'Galaxy Digital',
    figures: {
      ehs: unknown('self-mining EH/s'), efficiencyJth: unknown('fleet J/TH'), operatingMw: unknown('operating MW (800 MW at Helios is approved power, not operating)'),
      contractedMw: y26('GLXY', 'hpc_contracted_mw_critical_it', 526, '2026-04', 'CoreWeave'),
      pipelineMw: y26('GLXY', 'pipeline_mw', 1600, '2026-01-15', 'approved power'),
      btcHeld: BTC, cash: CASH, debt: DEBT, shares: SHARES, sharePrice: PRICE,
    },
    caveat: 'Most of Galaxy is a trading and asset-management business this sum of the parts does not value: enter it in other assets.',
  },
  {
    ticker: 'CRWV', name: 'CoreWeave (neocloud, reference)',
    figures: {
      ehs: none('CRWV', F25, 'EH_s', 'n/a', '2025-12-31'), efficiencyJth: unknown('fleet J/TH (no self-mining)'),
      operatingMw: y26('CRWV', 'operating_mw', 850, '2025-12-31'),
      contractedMw: none('CRWV', F25, 'HPC_contracted_critical_IT_MW', 'n/a (tenant)', '2025-12-31'),
      pipelineMw: y26('CRWV', 'pipeline_mw', 3100, '2025-12-31', 'contracted power as a tenant'),
      btcHeld: BTC, cash: CASH, debt: DEBT, shares: SHARES, sharePrice: PRICE,
    },
    caveat: 'A reference: a neocloud rents capacity as a tenant; a sum of the parts of a landlord does not fit it.',
  },
  {
    ticker: 'NBIS', name: 'Nebius Group (neocloud, reference)',
    figures: {
      ehs: none('NBIS', F25, 'EH_s', 'n/a', '2025-11-11'), efficiencyJth: unknown('fleet J/TH (no self-mining)'), operatingMw: unknown('operating MW (only a target)'),
      contractedMw: none('NBIS', F25, 'HPC_contracted_critical_IT_MW', 'n/a (tenant)', '2025-11-11'),
      pipelineMw: unknown('a pipeline (only targets)'),
      btcHeld: BTC, cash: CASH, debt: DEBT, shares: SHARES, sharePrice: PRICE,
    },
    caveat: 'A reference: a neocloud rents capacity as a tenant; a sum of the parts of a landlord does not fit it.',
  },
];
