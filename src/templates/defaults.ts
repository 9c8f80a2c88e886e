/**
 * Default figures shared by the templates, each with its date and source. Defaults are inputs the
 * user is expected to update; the source text is written beside each input cell.
 */
export const AS_OF = '2025-12-15';

export interface Sourced {
  value: number;
  source: string;
}

export const D = {
  btcPrice: {
    value: 87_000,
    source: 'Assumption to update: BTC traded around $87,000 in mid-December 2025.',
  },
  networkHashrate: {
    value: 1_075,
    source: 'Difficulty ~150 T in late Nov 2025: WATT.IMPLIEDHASHRATE(150e12) = 1,074 EH/s (network ~1.05-1.1 ZH/s then).',
  },
  fees: {
    value: 0.02,
    source: 'Assumption: transaction fees ~0.02 BTC per block (low-fee regime of late 2025); update from mempool data.',
  },
  subsidy: {
    value: 3.125,
    source: 'Block subsidy 3.125 BTC since the fourth halving, height 840,000 (2024-04-20); =WATT.SUBSIDY(840000).',
  },
  siteMw: {
    value: 100,
    source: 'Morgan Stanley (2025-09-21) conversion case: a 100 MW mining site.',
  },
  efficiency: {
    value: 17.5,
    source: 'Assumption: fleet average; CleanSpark 16.7 J/TH (FY2025 10-K), Cipher ~16.8 J/TH (Q3 2025); older machines raise it.',
  },
  powerPrice: {
    value: 0.045,
    source: 'Assumption: all-in power price for a US miner; replace with the site contract (USD per kWh).',
  },
  uptime: {
    value: 0.95,
    source: 'Assumption: 95% uptime (curtailment and maintenance).',
  },
  poolFee: {
    value: 0.02,
    source: 'Assumption: FPPS pool fee ~2%.',
  },
  hashpriceLow: {
    value: 35,
    source: 'Hashprice fell to ~$35 per PH/s per day in late November 2025 (record low).',
  },
  leaseNoiMargin: {
    value: 0.85,
    source: 'Lease NOI margin ~85% (Cipher, TeraWulf disclosures).',
  },
  cloudEbitdaMargin: {
    value: 0.85,
    source: 'GPU cloud EBITDA margin ~85% (IREN guidance for its AI cloud).',
  },
  aiCapexPerMw: {
    value: 10_000_000,
    source: 'AI-grade data centre ~$8-11M per critical-IT MW (Cipher, TeraWulf); JLL global average $10.7M/MW (2025).',
  },
  miningCapexPerMw: {
    value: 500_000,
    source: 'Bitcoin mining build ~$0.3-0.8M per MW (industry range).',
  },
} as const satisfies Record<string, Sourced>;
