/**
 * Risk of the three paths (WATT.SIMULATE, WATT.SIMHIST, WATT.SIMBANDS): the three-paths inputs plus the
 * risk inputs, the distribution of each path's NPV, a histogram of NPV by path and a fan chart of
 * hashprice by month. Layout as the three-paths sheet: A the banker's label, B the name the functions
 * read, C the value (blue on yellow, a named cell), D the unit, E the source; the functions read B:C.
 */
import { AS_OF } from './defaults';
import { MINING_ASSUMPTIONS } from './assumptions';
import { F, InputRow, SheetBuilder } from './builder';
import { PATHS_SECTIONS } from './three-paths';
import type { Template } from './types';

/** The risk inputs WATT.SIMULATE reads beyond WATT.PATHS', with defaults and sources (src/core/simulate.ts). */
export const RISK_ROWS: readonly InputRow[] = [
  { name: 'price_model', label: 'BTC price model (0 = lognormal, 1 = bootstrap of history)', value: 0, format: F.int, unit: '0 or 1', source: '0: geometric Brownian motion at the volatility below; 1: monthly log returns drawn from BTC-USD month-end closes 2015-09 to 2025-08 (data/btc-monthly.csv, Coinbase), shifted so the mean follows the price growth input.' },
  { name: 'btc_volatility', label: 'BTC volatility', value: 0.47, format: F.pct, unit: '% a year', source: 'Realised volatility of monthly log returns, 2023-01 to 2025-08 (data/btc-monthly.csv): 47.3%. The whole 2015-2025 series gives 68.5%; Glassnode reported 40-55% rolling in the 2023-24 uptrend.' },
  { name: 'hashrate_volatility', label: 'Network hashrate volatility', value: 0.15, format: F.pct, unit: '% a year', source: 'Assumption: the difficulty on the first day of each month of 2026 moved with a monthly sd of ~3.7%, ~13% a year (data/network-2026.csv).' },
  { name: 'price_hashrate_correlation', label: 'Correlation of price and hashrate moves', value: 0.3, format: F.num2, unit: '-1 to 1', source: 'Assumption: miners add hashrate when hashprice rises, with a lag, so the same-month correlation is modest.' },
  { name: 'tenant', label: 'Lease tenant (1 = hyperscaler, 2 = neocloud)', value: 2, format: F.int, unit: '1 or 2', source: 'Default probability a year: hyperscaler (AA-AAA) 0.1%, about S&P\'s investment-grade rate; neocloud 4%, about S&P\'s speculative-grade rate (3.7% in 2023; 2023 Annual Global Corporate Default Study). CoreWeave: B+ (S&P), Ba3 (Moody\'s), May 2025.' },
  { name: 'tenant_default', label: 'Tenant default probability (empty = the tenant type\'s)', value: null, format: F.pct2, unit: '% a year', source: 'Leave empty to use 0.1% (hyperscaler) or 4% (neocloud); enter a probability to override.' },
  { name: 'relet_months', label: 'Months to re-lease after a default', value: 12, format: F.int, unit: 'months', source: 'Assumption: no rent while a new tenant is found and the halls refitted.' },
  { name: 'relet_haircut', label: 'Rent lost on re-leasing', value: 0.2, format: F.pct, unit: '% of rent', source: 'Assumption: a shell re-let after a default gets a lower rent; it also values the shell at the horizon.' },
  { name: 'gpu_price_volatility', label: 'GPU-hour price volatility (later contracts)', value: 0.3, format: F.pct, unit: '% a year', source: 'Assumption: the first contract is take-or-pay at its price (IREN-Microsoft); each later one is priced at the market, lognormal around the base price.' },
];

/** WATT.SIMULATE's rows: statistic name, label with unit, format. */
const SIM_ROWS: readonly [string, string, string][] = [
  ['mean_npv', 'Mean NPV, USD M', F.usdM],
  ['std_error', 'Standard error of the mean (Monte Carlo), USD M', F.usdM],
  ['std_dev', 'Standard deviation of NPV, USD M', F.usdM],
  ['p5', 'NPV, 5th percentile, USD M', F.usdM],
  ['p25', 'NPV, 25th percentile, USD M', F.usdM],
  ['p50', 'NPV, median, USD M', F.usdM],
  ['p75', 'NPV, 75th percentile, USD M', F.usdM],
  ['p95', 'NPV, 95th percentile, USD M', F.usdM],
  ['prob_negative', 'Probability of a negative NPV, %', F.pct],
  ['expected_shortfall_5', 'Expected shortfall: mean of the worst 5% of NPVs, USD M', F.usdM],
  ['prob_mine_better', 'Probability mining\'s NPV is higher (mine column: than both), %', F.pct],
  ['paths_npv', 'WATT.PATHS NPV (no uncertainty), USD M', F.usdM],
];

const BINS = 20;
const YEARS = 10;
const MONTHS = YEARS * 12;

function build(): Template {
  const s = new SheetBuilder('Risk', { columnWidths: [340, 150, 100, 110, 110, 110, 110, 110, 110, 110], freeze: { rows: 2, columns: 0 } });
  s.heading('Risk of the three paths: Monte Carlo of mine, lease and GPU cloud', `As of ${AS_OF}. Inputs are blue on yellow; WATT.SIMULATE, WATT.SIMHIST and WATT.SIMBANDS read the names in B and the values in C; units in D, sources in E.`);
  s.header(['Assumption', 'Name (read by the functions)', 'Value', 'Unit', 'Source']);
  const first = s.row;
  const row = (r: InputRow) => void s.namedInput(r);
  s.text('Site and bitcoin (all paths)', 'header');
  MINING_ASSUMPTIONS.forEach(row);
  for (const section of PATHS_SECTIONS) {
    s.text(section.title, 'header');
    section.rows.forEach(row);
  }
  s.text('Risk (what the simulation draws)', 'header');
  RISK_ROWS.forEach(row);
  const last = s.row - 1;
  const A = `B${first}:C${last}`;
  s.blank();
  s.header(['Simulation', '', 'Value', 'Unit', 'Source']);
  const setting = (name: string, label: string, value: number, unit: string, source: string) => {
    s.cell({ ref: `A${s.row}`, value: label, style: 'label' });
    s.cell({ ref: `C${s.row}`, value, format: F.int, style: 'input', name, note: source });
    s.cell({ ref: `D${s.row}`, value: unit, style: 'label' });
    s.cell({ ref: `E${s.row}`, value: source, style: 'source' });
    s.row += 1;
  };
  setting('trials', 'Simulated worlds (trials)', 4000, 'trials', 'Even, up to 50,000 (trials x years at most 200,000). 4,000 keeps this sheet recalculating in about a second; the standard error row says how precise each mean is (it falls as 1 / sqrt(trials)).');
  setting('sim_years', 'Years to simulate', YEARS, 'years', `Up to 30. The fan chart below shows the first ${MONTHS} months.`);
  setting('seed', 'Random seed', 1, 'seed', 'The same seed gives the same numbers in Excel, the workbench and the CLI; change it to see the Monte Carlo noise.');
  s.blank();

  s.text(`Distribution of NPV: =WATT.SIMULATE(${A}, trials, sim_years, seed) spills from B.`, 'note');
  const simRow = s.row;
  s.cell({ ref: `A${simRow}`, value: 'Statistic (unit)', style: 'header' });
  s.cell({ ref: `B${simRow}`, formula: `=WATT.SIMULATE(${A}, trials, sim_years, seed)`, style: 'header' });
  s.formatRange(`C${simRow}:E${simRow}`, undefined, 'header');
  SIM_ROWS.forEach(([, label, format], i) => {
    s.cell({ ref: `A${simRow + 1 + i}`, value: label, style: 'label' });
    s.formatRange(`C${simRow + 1 + i}:E${simRow + 1 + i}`, format, 'output');
  });
  s.row = simRow + 1 + SIM_ROWS.length;
  s.blank();

  s.text(`Histogram of NPV by path: =WATT.SIMHIST(${A}, ${BINS}, trials, sim_years, seed) spills from B (share of trials in each bin).`, 'note');
  const histRow = s.row;
  s.cell({ ref: `A${histRow}`, value: 'Bin middle, USD M', style: 'header' });
  s.cell({ ref: `B${histRow}`, formula: `=WATT.SIMHIST(${A}, ${BINS}, trials, sim_years, seed)`, style: 'header' });
  s.formatRange(`C${histRow}:F${histRow}`, undefined, 'header');
  for (let i = 1; i <= BINS; i++) {
    const r = histRow + i;
    s.cell({ ref: `A${r}`, formula: `=IFERROR((B${r}+C${r})/2, "n/a")`, format: F.usdM, style: 'output' });
  }
  s.formatRange(`B${histRow + 1}:C${histRow + BINS}`, F.usdM, 'output');
  s.formatRange(`D${histRow + 1}:F${histRow + BINS}`, F.pct, 'output');
  s.row = histRow + BINS + 1;
  s.blank();

  s.text(`Fan chart of hashprice: =WATT.SIMBANDS(${A}, "hashprice", trials, sim_years, seed) spills from B: percentiles across trials, month by month (USD per PH/s per day).`, 'note');
  const bandRow = s.row;
  s.cell({ ref: `A${bandRow}`, value: 'Hashprice, USD per PH/s per day', style: 'header' });
  s.cell({ ref: `B${bandRow}`, formula: `=WATT.SIMBANDS(${A}, "hashprice", trials, sim_years, seed)`, style: 'header' });
  s.formatRange(`C${bandRow}:J${bandRow}`, undefined, 'header');
  s.formatRange(`B${bandRow + 1}:B${bandRow + MONTHS}`, F.int, 'output');
  s.formatRange(`C${bandRow + 1}:C${bandRow + MONTHS}`, F.date, 'output');
  s.formatRange(`D${bandRow + 1}:J${bandRow + MONTHS}`, F.usd2, 'output');
  const afterBands = bandRow + MONTHS + 1;
  s.row = afterBands;
  s.blank();
  s.text('How to read the fan chart: in each month, 90% of the simulated worlds have a hashprice between the p5 and p95 lines and half between p25 and p75; p50 is the median world. The spread widens with time (uncertainty compounds) and steps down at each halving. "deterministic" is WATT.PROJECTION\'s single scenario; the mean sits above the median because prices are lognormal.', 'note');
  s.text('The simulation leaves out: defaults of the GPU-cloud customer, construction overruns and delays, power price and uptime risk, fee volatility, any link between tenant defaults and the bitcoin market, taxes and debt. Model and sources: docs/risk.md in the Watt repository.', 'note');

  const sheet = s.build();
  sheet.charts = [
    { type: 'column', title: 'NPV by path: share of simulated worlds', categories: `A${histRow + 1}:A${histRow + BINS}`, series: `D${histRow}:F${histRow + BINS}`, anchor: `L${simRow}`, width: 560, height: 300, xTitle: 'NPV, USD M (bin middle)', yTitle: 'Share of trials' },
    { type: 'line', title: `Hashprice fan: percentiles by month (first ${MONTHS} months)`, categories: `C${bandRow + 1}:C${bandRow + MONTHS}`, series: `D${bandRow}:J${bandRow + MONTHS}`, anchor: `L${bandRow}`, width: 560, height: 320, xTitle: 'Month', yTitle: 'USD per PH/s per day' },
  ];
  return {
    id: 'risk',
    title: 'Risk: Monte Carlo of the three paths',
    description: 'WATT.SIMULATE on the three-paths site: mean, standard error, percentiles, probability of a loss and expected shortfall of each path\'s NPV, how often mining beats leasing and the cloud; a histogram of NPV by path and a fan chart of hashprice.',
    asOf: AS_OF,
    keyAssumptions: ['100 MW site', 'BTC volatility 47% a year', 'hashrate volatility 15%, correlation 0.3', 'neocloud tenant, 4% default a year', '4,000 trials, seed 1', '10 years'],
    answers: 'How likely is mining to beat leasing or the GPU cloud, and how bad is a bad case for each?',
    sheets: [sheet],
  };
}

export const risk: Template = build();
