/**
 * Listed miners: sum of the parts. A sheet of the 15 companies of the comps, a row each: operating and
 * balance-sheet inputs from the repository's data (each with its as-of and source), market inputs the
 * user refreshes (shares, share price), the common assumptions at the top, and per company the parts
 * (mining, contracted HPC, pipeline, bitcoin, other assets, net debt), the equity value, the value per
 * share, the upside and the EV per MW it implies. The method is WATT.SOTP's (src/core/sotp.ts), written
 * with its per-part functions (WATT.MININGVALUE, WATT.CONTRACTEDVALUE, WATT.LEASEVALUE) so that one row
 * reads one company; a test checks every row against WATT.SOTP on the same inputs.
 *
 * A missing input stays empty and marked (its note says so, the "Missing inputs" column names it); every
 * output built on it is blank, never a number, and blank rows are out of every statistic. Below the
 * table, a stacked chart of the parts per company (drawn by Excel and the workbench). On a second
 * sheet, "Valuation summary": the statistics across companies and the value per share of a chosen
 * company against cap rate and rent, so that they print on pages of their own, not under the company
 * table's repeated header (the table prints in bands: src/xlsx/print.ts).
 */
import { D as DEFAULTS } from './defaults';
import { Accepts, checkedInput, F, onChoice, SheetBuilder } from './builder';
import { NumberSpec, P } from '../core/params';
import { isoToSerial } from './comps';
import { cellRef } from './plan';
import { VALUATION_COMPANIES, ValuationField } from './valuation-inputs';
import type { Template, TemplateSheet } from './types';
import { BALANCE_SHEETS_2026 } from './data/balance-sheets-2026';
import { SHELL_CALIBRATION } from './powered-shell';

/** The network as of the valuation date: data/network-2026.csv, row 2026-09 (first day of the month). */
const NETWORK_2026_09 = {
  date: 46266, // 2026-09-01
  btcPrice: 77225.02,
  difficulty: 125807076547197.5,
  hashpriceIndex: 39.20700173611111,
  subsidyOnly: 38.588,
  source: 'network-2026.csv, row 2026-09: bitview close on 2026-09-01; difficulty in force (set at height 963,648 on 2026-08-23, mempool.space)',
};
/** Fees implied by the same row: Hashrate Index hashprice vs the subsidy-only hashprice, 3.125 x (39.207 / 38.588 - 1). */
const FEES = Math.round(3.125 * (NETWORK_2026_09.hashpriceIndex / NETWORK_2026_09.subsidyOnly - 1) * 1000) / 1000;

/**
 * CleanSpark (no HPC): market cap / EH/s, market cap as the EV proxy. Market cap = 255.58 M shares x $10.08,
 * both stockanalysis.com on 2026-02-06 (balance-sheets-2026.csv), = $2,576.2M; 45.6 EH/s at 2025-09-30
 * (listed-miners.csv, FY2025 10-K). The December 2025 market cap ($2.86B) is unverified (a forum post).
 */
const CLSK_BS = BALANCE_SHEETS_2026.find((b) => b.ticker === 'CLSK')!;
const CLSK_EV_PER_EHS = Math.round((CLSK_BS.shares! * CLSK_BS.sharePriceUsd!) / 45.6 / 1e5) * 1e5;

/** Input columns of the company table: field, column, header, format. */
export const VALUATION_INPUTS: readonly { field: ValuationField; col: string; header: string; format: string }[] = [
  { field: 'ehs', col: 'C', header: 'EH/s (self-mining)', format: F.num1 },
  { field: 'efficiencyJth', col: 'D', header: 'Fleet J/TH', format: F.num1 },
  { field: 'operatingMw', col: 'E', header: 'Operating MW', format: F.int },
  { field: 'contractedMw', col: 'F', header: 'Contracted MW (IT)', format: F.int },
  { field: 'pipelineMw', col: 'G', header: 'Pipeline MW (reported)', format: F.int },
  { field: 'btcHeld', col: 'H', header: 'BTC held', format: F.int },
  { field: 'cash', col: 'I', header: 'Cash (USD)', format: F.usdM },
  { field: 'debt', col: 'J', header: 'Debt incl. converts (USD)', format: F.usdM },
  { field: 'shares', col: 'L', header: 'Shares outstanding (#)', format: F.int },
  { field: 'sharePrice', col: 'M', header: 'Share price (USD)', format: F.usd2 },
];

/** Output columns: key, column, header, format. */
export const VALUATION_OUTPUTS = {
  uncontracted: { col: 'O', header: 'Uncontracted MW (IT)', format: F.int },
  mining: { col: 'P', header: 'Mining (USD)', format: F.usdM },
  contracted: { col: 'Q', header: 'Contracted HPC (USD)', format: F.usdM },
  pipeline: { col: 'R', header: 'Pipeline (USD)', format: F.usdM },
  bitcoin: { col: 'S', header: 'Bitcoin (USD)', format: F.usdM },
  other: { col: 'T', header: 'Other assets (USD)', format: F.usdM },
  netDebt: { col: 'U', header: 'Less net debt (USD)', format: F.usdM },
  equity: { col: 'V', header: 'Equity value (USD)', format: F.usdM },
  perShare: { col: 'W', header: 'Value / share (USD)', format: F.usd2 },
  upside: { col: 'X', header: 'Upside (%)', format: F.pct },
  evPerMw: { col: 'Y', header: 'EV / operating MW (USD)', format: F.usdM },
  missing: { col: 'Z', header: 'Missing inputs', format: F.text },
  perShareCheck: { col: 'AF', header: 'Value per share: what to refresh', format: F.text },
  beforeNetDebt: { col: 'AG', header: 'Equity before net debt (USD)', format: F.usdM },
  partsPerMw: { col: 'AH', header: 'Parts / operating MW, before net debt (USD)', format: F.usdM },
} as const;

/** Columns of the dates and flags the value-per-share rule reads (inputs, from the data). */
export const VALUATION_RULE_INPUTS = { sharesAsOf: 'AC', balanceAsOf: 'AD', flagged: 'AE' } as const;

/** The value-per-share rule: shares, cash and debt dated within two quarters of each other (days). */
export const PER_SHARE_MAX_GAP_DAYS = 183;

/** Sensitivity axes (inputs): cap rate down the rows, rent across. */
export const CAP_AXIS = [0.06, 0.065, 0.07, 0.075, 0.08, 0.09, 0.1];
export const RENT_AXIS = [100, 125, 150, 175, 200];

/** Rows of the layout (1-based), fixed so tests and users can find them. */
export const VALUATION_HEADER_ROW = 37;
export const VALUATION_FIRST_ROW = VALUATION_HEADER_ROW + 1;
export const VALUATION_LAST_ROW = VALUATION_FIRST_ROW + VALUATION_COMPANIES.length - 1;

/** Value per W of a lease signed today in the chosen frame, at a rent, cap rate, capex and delay (formula text). */
function valuePerW(rent: string, cap: string, capex: string, months: string, n: (name: string) => string = (name) => name): string {
  // The unused frame's inputs still count: an invalid one is an error here (assumptions_ok).
  return `IF(ISERROR(${n('assumptions_ok')}), NA(), ${onChoice(n('hpc_method'), HPC_METHODS, [
    `WATT.CONTRACTEDVALUE(${rent}, ${capex}, ${cap}, ${n('noi_margin')}, ${months}, ${n('discount_rate')})`,
    `WATT.LEASEVALUE(${rent}, ${capex}, ${n('lease_term')}, ${n('discount_rate')}, ${cap}, ${n('noi_margin')}, ${n('escalator')}, ${months})`,
  ])})`;
}
const HPC_METHODS = ['shell', 'lease'];
const MINING_METHODS = ['pv', 'multiple'];

/** A statistic of a column: an error when a row is an error (an invalid input), blank when no row has a number. */
const guarded = (range: string, formula: string) => `=IF(ISERROR(SUM(${range})), NA(), ${formula})`;

function build(): Template {
  const O = VALUATION_OUTPUTS;
  const s = new SheetBuilder('Valuation', {
    columnWidths: [215, 190, 130, 80, 100, 130, 150, 80, 90, 170, 130, 110, 120, 90, 145, 100, 150, 105, 100, 130, 135, 130, 135, 85, 165, 330, 460, 520, 100, 110, 150, 330, 150, 170],
    freeze: { rows: 0, columns: 1 },
    // The company table prints in bands of whole groups, ticker and company at the left of every page:
    // fleet and power, contracted and pipeline MW, balance sheet, market, parts to equity, per share,
    // missing inputs, caveat, sources, the per-share rule, equity before net debt.
    print: { titleColumns: 2, headerRow: VALUATION_HEADER_ROW, groups: ['C:E', 'F:G', 'H:K', 'L:N', 'O:V', 'W:Y', 'Z', 'AA', 'AB', 'AC:AF', 'AG:AH'] },
  });
  s.heading('Listed miners: sum of the parts, per share', `Value of each company part by part (WATT.SOTP's method), against its share price. Inputs blue on yellow; empty yellow = not in the data (marked in "Missing inputs"): every value built on it stays blank. Statistics across companies and the sensitivity to cap rate and rent: sheet "${VALUATION_SUMMARY_TITLE}".`);
  s.cell({ ref: 'A3', value: 'Value per share only where shares, cash and debt are dated within two quarters of each other and none is flagged incomplete (rule below, columns AC-AF); elsewhere equity before net debt and parts per MW, and column AF names the figure to refresh from the latest 10-Q.', style: 'warning' });

  s.section('Common assumptions');
  s.input({ name: 'valuation_date', label: 'Valuation date', value: NETWORK_2026_09.date, format: F.date, unit: 'date', source: 'The first month of the mining cash flows; the network inputs below are as of this date.' });
  s.input({ name: 'btc_price', label: 'BTC price', value: NETWORK_2026_09.btcPrice, format: F.usd0, unit: 'USD', source: NETWORK_2026_09.source });
  s.input({ name: 'difficulty', label: 'Difficulty', value: NETWORK_2026_09.difficulty, format: F.trillions, unit: 'multiple of difficulty 1', source: NETWORK_2026_09.source });
  s.output({ name: 'network_hashrate', label: 'Network hashrate', formula: '=WATT.IMPLIEDHASHRATE(difficulty)', format: F.int, unit: 'EH/s', note: 'Difficulty x 2^32 / 600 / 10^18, as the Hashrate Index prices hashprice.' });
  s.input({ name: 'fees', label: 'Transaction fees', value: FEES, format: F.btc, unit: 'BTC/block', source: `network-2026.csv, row 2026-09: the Hashrate Index hashprice is ${((NETWORK_2026_09.hashpriceIndex / NETWORK_2026_09.subsidyOnly - 1) * 100).toFixed(1)}% above the subsidy-only one: 3.125 x that = ${FEES} BTC.` });
  s.output({ name: 'hashprice', label: 'Hashprice (check)', formula: '=WATT.HASHPRICE(btc_price, network_hashrate, fees)', format: F.usd2, unit: 'USD/PH/day', note: `Hashrate Index on 2026-09-01: $${NETWORK_2026_09.hashpriceIndex.toFixed(2)} (network-2026.csv).` });
  s.input({ name: 'power_price', label: 'Power price (all companies)', value: DEFAULTS.powerPrice.value, format: F.usd3, unit: 'USD/kWh', source: DEFAULTS.powerPrice.source });
  s.input({ name: 'uptime', label: 'Uptime', value: DEFAULTS.uptime.value, format: F.pct, unit: '% of time', source: DEFAULTS.uptime.source });
  s.input({ name: 'pool_fee', label: 'Pool fee', value: DEFAULTS.poolFee.value, format: F.pct, unit: '% of revenue', source: DEFAULTS.poolFee.source });
  s.input({ name: 'mining_method', label: 'Mining valued by ("pv" or "multiple")', value: 'pv', format: F.text, unit: 'choice', choices: MINING_METHODS, source: '"pv": present value of the fleet\'s cash flows over its life (WATT.MININGVALUE, the WATT.PATHS mine path); "multiple": EH/s x the EV per EH/s below. Any other value is #N/A in every output it reaches.' });
  s.input({ name: 'mining_years', label: 'Fleet life left', value: 4, format: F.num1, unit: 'years', source: 'WATT.PATHS miner_life: a fleet\'s economic life; shorten it for an older fleet. No refresh, no terminal value.' });
  s.input({ name: 'ev_per_ehs', label: 'EV per EH/s (multiple method)', value: CLSK_EV_PER_EHS, format: F.usdM, unit: 'USD per EH/s', source: `CleanSpark, a miner with no HPC contract: market cap ${(CLSK_BS.shares! / 1e6).toFixed(2)} M shares x $${CLSK_BS.sharePriceUsd!.toFixed(2)} on ${CLSK_BS.sharePriceDate} (stockanalysis.com, data/balance-sheets-2026.csv) = $${((CLSK_BS.shares! * CLSK_BS.sharePriceUsd!) / 1e6).toFixed(1)}M / 45.6 EH/s at 2025-09-30 (FY2025 10-K, data/listed-miners.csv); market cap stands in for EV. Not the December 2025 $2.86B: its only source is a forum post (data/unverified.csv).` });
  s.input({ name: 'discount_rate', label: 'Discount rate', value: 0.1, format: F.pct, unit: '% a year', source: 'WATT.PATHS default: one unlevered rate for mining cash flows and the wait to energization; update to your cost of capital.' });
  s.input({ name: 'hpc_method', label: 'HPC valued as ("shell" or "lease")', value: 'shell', format: F.text, unit: 'choice', choices: HPC_METHODS, source: '"shell": NOI / cap rate (Morgan Stanley\'s leased powered shell, as WATT.SHELLVALUE); "lease": PV of the lease term plus a terminal value (WATT.LEASENPV). Any other value is #N/A in every output it reaches.' });
  s.input({ name: 'rent', label: 'Rent', value: 150, format: F.usd2, unit: 'USD/kW-month', source: 'Cipher-Fluidstack $148.8, TeraWulf-Fluidstack $154.2 per kW of critical IT per month (hpc-deals template, WATT.IMPLIEDRENT); WATT.PATHS lease_rent.' });
  s.input({ name: 'noi_margin', label: 'NOI margin', value: DEFAULTS.leaseNoiMargin.value, format: F.pct, unit: '% of rent (NOI)', source: DEFAULTS.leaseNoiMargin.source });
  s.input({ name: 'cap_rate', label: 'Cap rate (also the lease frame\'s exit)', value: 0.075, format: F.pct2, unit: '% (NOI / value)', source: `Morgan Stanley (2025-09-21) $5.19/W and $7.81/W of value created are reproduced by WATT.SHELLVALUE at ${SHELL_CALIBRATION.text} (powered-shell template); 7.5% is the middle of the two cap rates (7.41%), rounded.` });
  s.input({ name: 'contracted_capex', label: 'Capex still to spend on contracted MW', value: 10, format: F.usd2, unit: 'USD/W critical IT', source: `Assumption: all of it still to spend (${DEFAULTS.aiCapexPerMw.source}). Lower it for halls already built or funded by the tenant: their cost is in cash spent or debt.` });
  s.input({ name: 'energize_months', label: 'Months to energization (contracted)', value: 12, format: F.int, unit: 'months', source: 'WATT.PATHS conversion_months: our assumption of a year.' });
  s.input({ name: 'lease_term', label: 'Lease term left (lease frame)', value: 10, format: F.num1, unit: 'years', source: 'The Cipher and TeraWulf Fluidstack leases (hpc-deals.csv); hyperscaler leases run 15 years.' });
  s.input({ name: 'escalator', label: 'Rent escalator (lease frame)', value: 0, format: F.pct, unit: '% a year', source: 'Flat: the $150 rent is a term average (contract value / term).' });
  s.input({ name: 'it_ratio', label: 'Critical IT per MW of reported pipeline power', value: 0.77, format: F.num2, unit: 'MW IT / MW', source: 'Assumption: 1 / PUE 1.3; critical IT and gross power differ by ~1.25-1.5 (data README). Pipelines are reported in gross power (bases differ, see each caveat).' });
  s.input({ name: 'pipeline_probability', label: 'Probability of signing the pipeline', value: 0.2, format: F.pct, unit: '% of pipeline MW', source: 'Our assumption, between H.C. Wainwright\'s 10% of Cipher\'s pipeline (2025-09-29) and JPMorgan\'s ~35% of approved power by end-2026 (2025-11-24). No public base rate exists.' });
  s.input({ name: 'pipeline_capex', label: 'Capex of a pipeline lease', value: 10, format: F.usd2, unit: 'USD/W critical IT', source: DEFAULTS.aiCapexPerMw.source });
  s.input({ name: 'pipeline_months', label: 'Months to energization (pipeline)', value: 24, format: F.int, unit: 'months', source: 'Our assumption: a year to sign, a year to build.' });
  s.input({ name: 'per_share_max_gap', label: 'Per share: max date gap', value: PER_SHARE_MAX_GAP_DAYS, format: F.int, unit: 'days', accepts: { min: 0 }, source: 'Two quarters (2 x 91.3 days): a share count and a balance sheet further apart (an equity raise or a debt issue in between) do not make a value per share. Rows flagged incomplete (column AE, data/balance-sheets-2026-flags.csv) get none either.' });
  const numeric = ['valuation_date', 'btc_price', 'difficulty', 'fees', 'power_price', 'uptime', 'pool_fee', 'mining_years', 'ev_per_ehs', 'discount_rate', 'rent', 'noi_margin', 'cap_rate', 'contracted_capex', 'energize_months', 'lease_term', 'escalator', 'it_ratio', 'pipeline_probability', 'pipeline_capex', 'pipeline_months'];
  // Each numeric assumption read through WATT.CHECK at its catalog range (src/core/params.ts, P): one out
  // of range makes this cell, and so every output of the table, #VALUE! naming it, its unit and range.
  const ACCEPTS: Record<string, Accepts> = { contracted_capex: P.capex_w, pipeline_capex: P.capex_w, pipeline_months: P.energize_months, energize_months: P.energize_months, valuation_date: { min: 39816, max: 2958465 } };
  const checkedList = numeric
    .map((n) => [n, ACCEPTS[n] ?? ((P as Record<string, unknown>)[n] as NumberSpec | undefined)] as const)
    .filter((e): e is readonly [string, Accepts] => e[1] !== undefined)
    .map(([n, a]) => checkedInput(n, n, '', a));
  const checkedSum = `SUM(${checkedList.join(', ')})`;
  s.output({
    name: 'assumptions_ok',
    label: 'Assumptions check',
    formula: `=IF(AND(${numeric.map((n) => `ISNUMBER(${n})`).join(', ')}, valuation_date>=39816, valuation_date<=2958465, ev_per_ehs>=0, it_ratio>0, it_ratio<=1, pipeline_probability>=0, pipeline_probability<=1), IF(ISERROR(${checkedSum}), ${checkedSum}, "OK"), NA())`,
    format: F.text,
    note: 'Every assumption above a number within its range (WATT.CHECK at the catalog ranges), the date from 2009-01-03 to 9999-12-31, the ratio and the probability from 0 to 1: else an error here and in every output of the table.',
  });
  s.output({ name: 'shell_value_w', label: 'Contracted value per W, shell frame', formula: '=WATT.CONTRACTEDVALUE(rent, contracted_capex, cap_rate, noi_margin, energize_months, discount_rate)', format: F.usd2, unit: 'USD/W', note: 'NOI / cap rate, discounted to energization, less capex.' });
  // The sheet's cap rate is the lease frame's exit cap rate too, so it is checked at the cap rate's range,
  // > 0 and <= 1: WATT.LEASEVALUE alone accepts an exit cap rate of 0 ("no terminal value"), which would
  // show a number here while every other output says the cap rate is invalid.
  const leaseCap = checkedInput('cap_rate', 'cap_rate', P.cap_rate.unit, P.cap_rate);
  s.output({ name: 'lease_value_w', label: 'Contracted value per W, lease frame', formula: `=WATT.LEASEVALUE(rent, contracted_capex, lease_term, discount_rate, ${leaseCap}, noi_margin, escalator, energize_months)`, format: F.usd2, unit: 'USD/W', note: 'Equal to the shell frame when the discount rate is (1 + cap rate / 12)^12 - 1 and the rent is flat; the gap is the spread between them.' });
  s.output({ name: 'contracted_value_w', label: 'Contracted value per W (chosen frame)', formula: `=${valuePerW('rent', 'cap_rate', 'contracted_capex', 'energize_months')}`, format: F.usd2, unit: 'USD/W' });
  s.output({ name: 'pipeline_value_w', label: 'Pipeline value per W signed (>= 0)', formula: `=MAX(0, ${valuePerW('rent', 'cap_rate', 'pipeline_capex', 'pipeline_months')})`, format: F.usd2, unit: 'USD/W', note: 'A company signs only a lease that creates value.' });

  // The company table.
  if (s.row > VALUATION_HEADER_ROW - 1) throw new Error('valuation template: the assumptions overrun the company table');
  s.row = VALUATION_HEADER_ROW - 1;
  s.text('Per company: inputs C-K from the data (as-of and source in each cell\'s note and in column AB), market inputs L-N to refresh; outputs O-Z, blank where an input is missing. Shares, cash, debt, BTC and prices: data/balance-sheets-2026.csv where it has a figure (cash and debt as one balance sheet, the later of two share prices), else the 2026 refresh; a figure whose only source is a forum post or an AI-written page is not used (data/unverified.csv, named in the note). Columns AC-AF: the value-per-share rule.', 'note');
  s.row = VALUATION_HEADER_ROW;
  const headers: string[] = ['Ticker', 'Company'];
  for (const i of VALUATION_INPUTS) headers[colIndex(i.col)] = i.header;
  headers[colIndex('K')] = 'Other assets (USD)';
  headers[colIndex('N')] = 'Price date';
  for (const o of Object.values(O)) headers[colIndex(o.col)] = o.header;
  headers[colIndex('AA')] = 'Caveat';
  headers[colIndex('AB')] = 'As of and sources';
  headers[colIndex(VALUATION_RULE_INPUTS.sharesAsOf)] = 'Shares as of';
  headers[colIndex(VALUATION_RULE_INPUTS.balanceAsOf)] = 'Cash and debt as of';
  headers[colIndex(VALUATION_RULE_INPUTS.flagged)] = 'Flagged incomplete';
  s.header(Array.from(headers, (h) => h ?? ''));
  for (const c of VALUATION_COMPANIES) {
    const r = s.row;
    s.cell({ ref: `A${r}`, value: c.ticker, style: 'label' });
    // The name as the comps sheet shows it ("Cipher Digital Inc. (ex-Cipher Mining)"); the full name in the note.
    const shortName = c.name.replace(/ \(formerly ([^;)]+)[;)].*$/, ' (ex-$1)');
    s.cell({ ref: `B${r}`, value: shortName, style: 'label', ...(shortName !== c.name ? { note: c.name } : {}) });
    for (const i of VALUATION_INPUTS) {
      const f = c.figures[i.field];
      s.cell({ ref: `${i.col}${r}`, value: f.value, format: i.format, style: 'input', note: f.value === null ? f.source : `${f.asOf}; ${f.source}` });
    }
    s.cell({ ref: `K${r}`, value: 0, format: F.usdM, style: 'input', note: 'Assumption: none entered (investments, land held for sale, a stake in a listed company...): enter them, less other liabilities.' });
    s.cell({ ref: `N${r}`, value: c.sharePriceDate === null ? null : isoToSerial(c.sharePriceDate), format: F.date, style: 'input', note: 'Date of the share price; change it when you refresh the price.' });
    const v = (col: string) => `${col}${r}`;
    s.cell({ ref: v(O.uncontracted.col), formula: `=IF(ISERROR(assumptions_ok), NA(), IF(OR(G${r}="", F${r}=""), "", MAX(0, G${r} * it_ratio - F${r})))`, format: O.uncontracted.format, style: 'output' });
    const pv = `IF(C${r}="", "", IF(C${r}=0, 0, IF(D${r}="", "", WATT.MININGVALUE(C${r}, D${r}, power_price, btc_price, network_hashrate, valuation_date, mining_years, discount_rate, fees, uptime, pool_fee))))`;
    const multiple = `IF(C${r}="", "", C${r} * ev_per_ehs)`;
    s.cell({ ref: v(O.mining.col), formula: `=IF(ISERROR(assumptions_ok), NA(), ${onChoice('mining_method', MINING_METHODS, [pv, multiple])})`, format: O.mining.format, style: 'output' });
    s.cell({ ref: v(O.contracted.col), formula: `=IF(ISERROR(assumptions_ok), NA(), IF(ISERROR(contracted_value_w), NA(), IF(F${r}="", "", F${r} * 1000000 * contracted_value_w)))`, format: O.contracted.format, style: 'output' });
    s.cell({ ref: v(O.pipeline.col), formula: `=IF(ISERROR(assumptions_ok), NA(), IF(ISERROR(pipeline_value_w), NA(), IF(O${r}="", "", IF(O${r}=0, 0, O${r} * 1000000 * pipeline_probability * pipeline_value_w))))`, format: O.pipeline.format, style: 'output' });
    s.cell({ ref: v(O.bitcoin.col), formula: `=IF(ISERROR(assumptions_ok), NA(), IF(H${r}="", "", H${r} * btc_price))`, format: O.bitcoin.format, style: 'output' });
    s.cell({ ref: v(O.other.col), formula: `=IF(K${r}="", "", K${r})`, format: O.other.format, style: 'output' });
    s.cell({ ref: v(O.netDebt.col), formula: `=IF(OR(I${r}="", J${r}=""), "", -(J${r} - I${r}))`, format: O.netDebt.format, style: 'output' });
    s.cell({ ref: v(O.equity.col), formula: `=IF(OR(P${r}="", Q${r}="", R${r}="", S${r}="", T${r}="", U${r}=""), "", P${r} + Q${r} + R${r} + S${r} + T${r} + U${r})`, format: O.equity.format, style: 'output' });
    const R = VALUATION_RULE_INPUTS;
    const iso = (d: string | null) => (d === null ? null : isoToSerial(d));
    s.cell({ ref: `${R.sharesAsOf}${r}`, value: iso(c.sharesAsOf), format: F.date, style: 'input', note: c.sharesAsOf === null ? 'No share count in the data: enter the date with the count.' : `Date of the share count (${c.figures.shares.source})` });
    s.cell({ ref: `${R.balanceAsOf}${r}`, value: iso(c.balanceSheetDate), format: F.date, style: 'input', note: c.balanceSheetDate === null ? 'No balance-sheet date in the data: enter it with cash and debt.' : 'Date of the balance sheet cash and debt are read from.' });
    const flagged = c.flags.filter((f) => f.field === 'shares' || f.field === 'cash' || f.field === 'debt');
    s.cell({ ref: `${R.flagged}${r}`, value: flagged.length ? flagged.map((f) => f.field).join(', ') : null, format: F.text, style: 'input', note: flagged.length ? `Read as incomplete (data/balance-sheets-2026-flags.csv): ${flagged.map((f) => `${f.field}: ${f.reason}`).join('; ')}. Clear the cell once the figure is refreshed from a filing.` : 'Nothing flagged: type shares, cash or debt here to hold back the value per share.' });
    const [ac, ad, ae] = [`${R.sharesAsOf}${r}`, `${R.balanceAsOf}${r}`, `${R.flagged}${r}`];
    s.cell({
      ref: v(O.perShareCheck.col),
      formula: `=IF(ISERROR(${s.checked('per_share_max_gap')}), ${s.checked('per_share_max_gap')}, IF(OR(L${r}="", I${r}="", J${r}=""), "refresh " & IF(L${r}="", "shares ", "") & IF(I${r}="", "cash ", "") & IF(J${r}="", "debt ", "") & "(missing)", IF(OR(${ac}="", ${ad}=""), "date the " & IF(${ac}="", "shares ", "") & IF(${ad}="", "balance sheet", ""), IF(ABS(${ac} - ${ad}) > per_share_max_gap, "refresh " & IF(${ac} < ${ad}, "shares", "cash and debt") & " (" & ROUND(ABS(${ac} - ${ad}), 0) & " days apart)", IF(${ae}<>"", "refresh " & ${ae} & " (flagged incomplete)", "OK")))))`,
      format: O.perShareCheck.format,
      style: 'warning',
    });
    s.cell({ ref: v(O.perShare.col), formula: `=IF(ISERROR(${v(O.perShareCheck.col)}), ${v(O.perShareCheck.col)}, IF(OR(V${r}="", L${r}=""), "", IF(${v(O.perShareCheck.col)}<>"OK", "", V${r} / L${r})))`, format: O.perShare.format, style: 'output' });
    s.cell({ ref: v(O.upside.col), formula: `=IF(OR(W${r}="", M${r}=""), "", W${r} / M${r} - 1)`, format: O.upside.format, style: 'output' });
    s.cell({ ref: v(O.evPerMw.col), formula: `=IF(OR(V${r}="", E${r}=""), "", (V${r} - U${r}) / E${r})`, format: O.evPerMw.format, style: 'output' });
    s.cell({ ref: v(O.beforeNetDebt.col), formula: `=IF(OR(P${r}="", Q${r}="", R${r}="", S${r}="", T${r}=""), "", P${r} + Q${r} + R${r} + S${r} + T${r})`, format: O.beforeNetDebt.format, style: 'output' });
    s.cell({ ref: v(O.partsPerMw.col), formula: `=IF(OR(${v(O.beforeNetDebt.col)}="", E${r}=""), "", IF(E${r}=0, "", ${v(O.beforeNetDebt.col)} / E${r}))`, format: O.partsPerMw.format, style: 'output' });
    const missing = [
      `IF(C${r}="", "EH/s; ", "")`, onChoice('mining_method', MINING_METHODS, [`IF(AND(C${r}<>"", C${r}<>0, D${r}=""), "J/TH; ", "")`, '""']), `IF(F${r}="", "contracted MW; ", "")`,
      `IF(G${r}="", "pipeline MW; ", "")`, `IF(H${r}="", "BTC held; ", "")`, `IF(I${r}="", "cash; ", "")`, `IF(J${r}="", "debt; ", "")`,
      `IF(L${r}="", "shares; ", "")`, `IF(M${r}="", "share price; ", "")`, `IF(E${r}="", "operating MW; ", "")`,
    ].join(' & ');
    // The list without its last "; ".
    s.cell({ ref: v(O.missing.col), formula: `=IF(${missing}="", "none", LEFT(${missing}, LEN(${missing}) - 2))`, format: F.text, style: 'warning' });
    s.cell({ ref: `AA${r}`, value: c.caveat, style: 'source' });
    s.cell({ ref: `AB${r}`, value: VALUATION_INPUTS.map((i) => `${i.header}: ${c.figures[i.field].value === null ? 'empty' : c.figures[i.field].asOf} (${c.figures[i.field].source})`).join('; '), style: 'source' });
    s.row += 1;
  }

  const sheet = s.build();
  sheet.charts = [{
    type: 'stackedColumn',
    title: 'Sum of the parts per company (USD)',
    categories: `A${VALUATION_FIRST_ROW}:A${VALUATION_LAST_ROW}`,
    series: `${O.mining.col}${VALUATION_HEADER_ROW}:${O.netDebt.col}${VALUATION_LAST_ROW}`,
    anchor: `H${VALUATION_LAST_ROW + 3}`,
    width: 760,
    height: 380,
  }];
  const summary = buildSummary(sheet);
  return {
    id: 'valuation',
    title: 'Listed miners: sum of the parts',
    description: 'Value per share of the 15 comps companies part by part: mining (PV of the fleet or EV/EH), contracted HPC as a leased powered shell or lease, risked pipeline, bitcoin, other assets, less net debt; upside to the share price, implied EV per MW; sensitivity to cap rate and rent; a stacked chart of the parts.',
    asOf: '2026-09-01',
    keyAssumptions: ['BTC $77,225 (2026-09-01)', '$150/kW-month', '7.5% cap rate', '$10/W capex', '20% of pipeline signed', '10% discount rate'],
    answers: 'What is each listed miner worth per share, part by part, and how far is that from its price?',
    sheets: [sheet, summary],
  };
}

/** Title of the sheet of the outputs across companies: the statistics and the sensitivity grid. */
export const VALUATION_SUMMARY_TITLE = 'Valuation summary';
/** The statistics on the summary sheet: the table's column each summarises → its column there. */
export const SUMMARY_STAT_COLUMNS: Record<string, string> = { W: 'B', X: 'C', Y: 'D', AH: 'E' };
/** Rows of the statistics on the summary sheet (1-based): median, then mean, then the count. */
export const SUMMARY_STATS_ROW = 5;

/**
 * The outputs across the companies on a sheet of their own, so they print on pages of their own: the
 * company table prints in bands under its repeated header row and title columns, which apply to a whole
 * sheet (Excel and LibreOffice), and would sit above these blocks on every page they print on. Every
 * formula reads the Valuation sheet by reference: its names are scoped to it.
 */
function buildSummary(valuationSheet: TemplateSheet): TemplateSheet {
  const O = VALUATION_OUTPUTS;
  const sheetRef = `'{{${valuationSheet.title}}}'!`;
  /** A named cell of the Valuation sheet, as an absolute reference from this sheet. */
  const n = (name: string) => {
    const cell = valuationSheet.cells.find((c) => c.name === name);
    if (!cell) throw new Error(`valuation template: no cell named ${name}`);
    return `${sheetRef}${cell.ref.replace(/^([A-Z]+)(\d+)$/, '$$$1$$$2')}`;
  };
  const first = VALUATION_FIRST_ROW;
  const last = VALUATION_LAST_ROW;
  /** A column of the company table, as an absolute range from this sheet. */
  const column = (col: string) => `${sheetRef}$${col}$${first}:$${col}$${last}`;
  const s = new SheetBuilder(VALUATION_SUMMARY_TITLE, { columnWidths: [270, 150, 115, 130, 150, 115, 48] });
  s.heading('Listed miners: statistics and sensitivity', `Outputs of the ${valuationSheet.title} sheet across its companies (rows ${first}-${last}): statistics of its columns, and the value per share of one company against cap rate and rent. Inputs blue on yellow; every other figure is read from that sheet.`);

  // Statistics over the rows that have a number; a blank row is out of them.
  if (s.row !== SUMMARY_STATS_ROW - 1) throw new Error('valuation template: the summary\'s statistics moved');
  s.header(['Across the companies', ...Object.keys(SUMMARY_STAT_COLUMNS).map((col) => Object.values(O).find((o) => o.col === col)!.header)]);
  const stat = (label: string, fn: string) => {
    const r = s.row;
    s.cell({ ref: `A${r}`, value: label, style: 'label' });
    for (const [col, at] of Object.entries(SUMMARY_STAT_COLUMNS)) {
      const range = column(col);
      const format = fn === 'COUNT' ? F.int : col === O.upside.col ? F.pct : col === O.perShare.col ? F.usd2 : F.usdM;
      s.cell({ ref: `${at}${r}`, formula: guarded(range, fn === 'COUNT' ? `COUNT(${range})` : `IF(COUNT(${range})=0, "", ${fn}(${range}))`), format, style: fn === 'COUNT' ? 'label' : 'output' });
    }
    s.row += 1;
  };
  stat('Median', 'MEDIAN');
  stat('Mean', 'AVERAGE');
  stat('Companies with a value', 'COUNT');
  s.text(`Statistics of columns ${Object.keys(SUMMARY_STAT_COLUMNS).join(', ')} of the ${valuationSheet.title} sheet; they count only the companies with every input (blank rows are left out). Value per share is shown for completeness; compare upside and EV per MW across companies.`, 'note');

  // Sensitivity: value per share of a chosen company against cap rate and rent.
  s.blank();
  s.header(['Sensitivity: value per share (USD)', 'Cap rate down; rent (USD/kW-month) across; company and axes are inputs']);
  s.input({ name: 'sens_ticker', label: `Company (a ticker of column A, ${valuationSheet.title} sheet)`, value: 'CLSK', format: F.text, unit: 'ticker', choices: VALUATION_COMPANIES.map((c) => c.ticker), source: `Choose any ticker of the ${valuationSheet.title} sheet's table; one not in it is #N/A. CleanSpark by default: the one company whose shares, cash and debt pass the value-per-share rule (column AF).` });
  const at = (col: string) => `INDEX(${column(col)}, sens_row)`;
  s.output({ name: 'sens_row', label: 'Row of the company in the table', formula: `=MATCH(sens_ticker, ${column('A')}, 0)`, format: F.int, unit: 'row' });
  s.output({ name: 'sens_fixed', label: 'Mining + bitcoin + other assets - net debt', formula: `=IF(OR(${at('P')}="", ${at('S')}="", ${at('T')}="", ${at('U')}=""), "", ${at('P')} + ${at('S')} + ${at('T')} + ${at('U')})`, format: F.usdM, unit: 'USD', note: 'The parts that do not depend on rent or cap rate.' });
  s.output({ name: 'sens_contracted_mw', label: 'Contracted MW', formula: `=${at('F')}`, format: F.int, unit: 'MW IT' });
  s.output({ name: 'sens_pipeline_mw', label: 'Uncontracted pipeline MW', formula: `=${at('O')}`, format: F.int, unit: 'MW IT' });
  s.output({ name: 'sens_shares', label: 'Shares outstanding', formula: `=IF(${at(O.perShareCheck.col)}<>"OK", "", ${at('L')})`, format: F.int, unit: 'shares', note: `Blank unless the company passes the value-per-share rule (column AF of the ${valuationSheet.title} sheet).` });
  const axisRow = s.row;
  s.cell({ ref: `A${axisRow}`, value: 'Cap rate \\ rent', style: 'label' });
  RENT_AXIS.forEach((rent, j) => s.cell({ ref: cellRef(axisRow - 1, 1 + j), value: rent, format: F.usd0, style: 'input', note: 'Sensitivity axis: edit freely.' }));
  const colOf = (j: number) => cellRef(0, 1 + j).replace(/\d+$/, '');
  // Two calculation blocks below the grid hold the value per W of contracted and of pipeline MW at each
  // rent and cap rate (one WATT call each), so every cell stays short enough to be written in Excel's
  // own functions (a native export keeps the grid live: one cell with both calls would pass 8,192 characters).
  const perWTop = axisRow + 1 + CAP_AXIS.length + 2;
  const contractedRow = (i: number) => perWTop + 1 + i;
  const pipelineTop = perWTop + 1 + CAP_AXIS.length + 1;
  const pipelineRow = (i: number) => pipelineTop + 1 + i;
  CAP_AXIS.forEach((cap, i) => {
    const r = axisRow + 1 + i;
    s.cell({ ref: `A${r}`, value: cap, format: F.pct2, style: 'input', note: 'Sensitivity axis: edit freely.' });
    RENT_AXIS.forEach((_rent, j) => {
      const col = colOf(j);
      s.cell({
        ref: `${col}${r}`,
        formula: `=IF(ISERROR(${n('contracted_value_w')}), NA(), IF(OR(sens_fixed="", sens_contracted_mw="", sens_pipeline_mw="", sens_shares=""), "", (sens_fixed + sens_contracted_mw * 1000000 * ${col}${contractedRow(i)} + sens_pipeline_mw * 1000000 * ${n('pipeline_probability')} * MAX(0, ${col}${pipelineRow(i)})) / sens_shares))`,
        format: F.usd2,
        style: 'output',
      });
    });
  });
  s.row = axisRow + 1 + CAP_AXIS.length;
  s.text(`Blank until the chosen company has every input (shares, cash, debt ...). The cell at the assumptions' cap rate and rent equals its value per share in the ${valuationSheet.title} sheet's table.`, 'note');
  // The calculation blocks: value per W at the grid's rents (across) and cap rates (down), read from its axes.
  const perWBlock = (top: number, title: string, capex: string, months: string) => {
    s.cell({ ref: `A${top}`, value: title, style: 'label' });
    RENT_AXIS.forEach((_rent, j) => s.cell({ ref: `${colOf(j)}${top}`, formula: `=${colOf(j)}$${axisRow}`, format: F.usd0, style: 'label' }));
    CAP_AXIS.forEach((_cap, i) => {
      const r = top + 1 + i;
      s.cell({ ref: `A${r}`, formula: `=$A${axisRow + 1 + i}`, format: F.pct2, style: 'label' });
      RENT_AXIS.forEach((_rent, j) => s.cell({ ref: `${colOf(j)}${r}`, formula: `=${valuePerW(`${colOf(j)}$${top}`, `$A${r}`, n(capex), n(months), n)}`, format: F.usd2, style: 'output' }));
    });
  };
  perWBlock(perWTop, 'Contracted: value per W (USD/W)', 'contracted_capex', 'energize_months');
  perWBlock(pipelineTop, 'Pipeline: value per W (USD/W)', 'pipeline_capex', 'pipeline_months');
  s.row = pipelineTop + 1 + CAP_AXIS.length;
  s.text(`Calculation blocks of the grid above: the value per W of contracted and of pipeline MW at each rent and cap rate, by the HPC method chosen (hpc_method, ${valuationSheet.title} sheet).`, 'note');
  return s.build();
}

/** 0-based column index of letters ("A" → 0). */
function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export const valuation: Template = build();
