/**
 * A hybrid site (WATT.HYBRID, WATT.HYBRIDTABLE, WATT.CURTAIL): a 300 MW Texas site that converts 100 MW
 * a year to AI halls from 2026 while the rest keeps mining, the miners on flexible load against the
 * real ERCOT HB_WEST hourly prices of 2024; the phasing against mining only and converting now.
 *
 * Sheet "Hybrid site", columns as three-paths: A the label a banker reads, B the name the functions
 * read, C the value (blue on yellow, a named cell), D the unit, E the source.
 *  1. Assumptions: the two-column name/value range B:C that WATT.HYBRID reads (PATHS' names, the
 *     hybrid's two). Two of them are calculations, not inputs: the mining fleet's power_price and uptime
 *     come from the flexible-load block below (black on grey).
 *  2. Flexible load: WATT.CURTAIL over the 8,784 hourly prices of the sheet "ERCOT prices" at the
 *     start's hashprice (WATT.HASHPRICE of the inputs): the miners run only in the hours priced below
 *     the curtailment strike, buying at the real-time price (an index contract). Its uptime (times the
 *     fleet's availability) and its average cost of the power used become the mining assumptions.
 *     One year of prices at one hashprice stands for every year: the strike after the 2028 halving is
 *     lower, so the model's uptime after it is an upper bound (said on the sheet).
 *  3. Phases: start (months after start_date, so they follow a later start; a date also works), MW, kind,
 *     optional overrides; two spare rows.
 *  4. Outputs: WATT.HYBRID (hybrid, mine, convert_now) and the phasing's value; WATT.HYBRIDTABLE month
 *     by month below, with its total row; charts of MW by use and of monthly cash flow by line.
 * Unlevered (WATT.HYBRID is): no financing.
 */
import { AS_OF, D } from './defaults';
import { MINING_ASSUMPTIONS } from './assumptions';
import { checkedInput, F, InputRow, SheetBuilder } from './builder';
import { ERCOT_HB_WEST_2024, ERCOT_HB_WEST_2024_MONTH_HOURS, ERCOT_HB_WEST_2024_PRICES } from './data/ercot-hb-west-2024';
import { cellRef } from './plan';
import { PATHS_SECTIONS } from './three-paths';
import type { Template, TemplateCell } from './types';
import { P } from '../core/params';

const YES_NO = ['yes', 'no'];
const KINDS = ['lease', 'cloud'];

/** The site: 300 MW, 100 MW converted a year from 2026 (issue 18). */
export const SITE_MW = 300;
/** The phases: start (months after start_date, so the phases follow a later start), MW, kind, and why. */
export const PHASES: readonly { start: number; mw: number; kind: 'lease' | 'cloud'; source: string }[] = [
  { start: 0, mw: 100, kind: 'lease', source: 'First hall leased as a powered shell from the start month (2026-01 on the default start_date) (as Cipher, TeraWulf and Core Scientific signed: data/hpc-deals.csv).' },
  { start: 12, mw: 100, kind: 'lease', source: 'Second hall a year later (12 months: 2027-01 on the default start_date): 100 MW a year.' },
  { start: 24, mw: 100, kind: 'cloud', source: 'Third hall two years after the start (24 months: 2028-01 on the default start_date) run as a GPU cloud (as IREN runs its own: the GPU cloud assumptions above).' },
];
/** Blank phase rows the user can fill (blank rows are ignored by WATT.HYBRID). */
const SPARE_PHASES = 2;
/** Rows formatted below the monthly table: the longest horizon (50 years), plus its total row. */
const FORMATTED_ROWS = P.years.max! * 12 + 1;
/** Months the charts show: the default horizon. */
const CHART_MONTHS = 120;

/** Rows of the HYBRID table (after its header): metric, label with unit, format. */
export const HYBRID_ROWS: readonly [string, string, string][] = [
  ['npv', 'NPV at the discount rate, USD M', F.lossUsdM],
  ['npv_vs_mine', 'NPV added to mining only, USD M', F.lossUsdM],
  ['irr', 'IRR, % a year ("n/a": the flows start with income)', F.pct],
  ['irr_vs_mine', 'IRR of converting instead of mining, % a year', F.pct],
  ['payback_years', 'Payback, years from the start', F.num1],
  ['value_per_w', 'NPV per W of site power, USD/W', F.usd2],
  ['conversion_capex', 'Conversion capital, undiscounted, USD M', F.usdM],
  ['refresh_capex', 'Miner and GPU replacements within the horizon, USD M', F.usdM],
  ['terminal_value', 'Terminal value at the horizon (undiscounted), USD M', F.usdM],
];

/** Columns of the HYBRIDTABLE: name, format, banker's label with unit. */
export const MONTH_COLUMNS: readonly [string, string, string][] = [
  ['month', F.int, 'Month (#)'],
  ['date', 'yyyy-mm', 'Month (date)'],
  ['mw_mining', F.num1, 'Mining (MW)'],
  ['mw_building', F.num1, 'Under conversion (MW)'],
  ['mw_lease', F.num1, 'Leased (MW)'],
  ['mw_cloud', F.num1, 'GPU cloud (MW)'],
  ['mining_revenue', F.usdM, 'Mining revenue (USD M)'],
  ['lease_revenue', F.usdM, 'Lease rent (USD M)'],
  ['cloud_revenue', F.usdM, 'Cloud revenue (USD M)'],
  ['operating_cost', F.usdM, 'Operating costs (USD M)'],
  ['prepayment', F.usdM, 'Prepayment, net (USD M)'],
  ['capex', F.usdM, 'Capex (USD M)'],
  ['asset_sales', F.usdM, 'Asset sales (USD M)'],
  ['terminal_value', F.usdM, 'Terminal value (USD M)'],
  ['cash_flow', F.lossUsdM, 'Cash flow (USD M)'],
];

/**
 * The prices sheet: one column per delivery month (B = 2024-01 ... M = 2024-12), its hours down from row
 * 5, so WATT.CURTAIL reads one column a month (its range is one row or one column) and the year prints
 * on a few pages rather than 8,784 rows.
 */
export const PRICES_SHEET = 'ERCOT prices';
export const PRICES_FIRST_ROW = 5;
const MONTH_OFFSETS = ERCOT_HB_WEST_2024_MONTH_HOURS.map((_, m) => ERCOT_HB_WEST_2024_MONTH_HOURS.slice(0, m).reduce((a, b) => a + b, 0));
/** The range of month m's prices (0 = January), absolute, on the prices sheet. */
export const monthPrices = (m: number): string => {
  const col = cellRef(0, 1 + m).replace(/\d+$/, '');
  return `'{{${PRICES_SHEET}}}'!$${col}$${PRICES_FIRST_ROW}:$${col}$${PRICES_FIRST_ROW + ERCOT_HB_WEST_2024_MONTH_HOURS[m] - 1}`;
};
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The hybrid's own assumptions (beyond PATHS'). */
const HYBRID_SECTION: { title: string; rows: readonly InputRow[] } = {
  title: 'Conversion in phases',
  rows: [
    { name: 'miner_resale', label: 'Resale value of the miners a conversion frees', value: 0, format: F.usd2, unit: 'USD per TH/s', source: 'Assumption: 0, the freed fleets are scrapped or left idle (as WATT.PATHS assumes of the fleet it retires); enter a second-hand price per TH/s to sell or redeploy them.' },
    { name: 'mine_during_build', label: 'A hall mines until its conversion is finished', value: 'no', choices: YES_NO, format: F.text, unit: 'yes / no', source: 'Assumption: "no", a hall is emptied when its works start (it is rebuilt around the new load); "yes" keeps it mining until it is in service.' },
  ],
};

function pricesSheet() {
  const s = new SheetBuilder(PRICES_SHEET, { columnWidths: [110, ...MONTH_NAMES.map(() => 72)], freeze: { rows: PRICES_FIRST_ROW - 1, columns: 1 } });
  s.heading(`ERCOT ${ERCOT_HB_WEST_2024.hub} hourly real-time prices, ${ERCOT_HB_WEST_2024.year}`, `${ERCOT_HB_WEST_2024.source} Hours from ${ERCOT_HB_WEST_2024.firstHourUtc} to ${ERCOT_HB_WEST_2024.lastHourUtc} (UTC starts).`);
  s.header(['Hour of the month (#)', ...MONTH_NAMES.map((m) => `${m} ${ERCOT_HB_WEST_2024.year} (USD/MWh)`)]);
  if (s.row !== PRICES_FIRST_ROW) throw new Error(`hybrid-site: the prices start on row ${s.row}, not ${PRICES_FIRST_ROW}`);
  const cells: TemplateCell[] = [];
  const longest = Math.max(...ERCOT_HB_WEST_2024_MONTH_HOURS);
  for (let h = 0; h < longest; h++) cells.push({ ref: `A${PRICES_FIRST_ROW + h}`, value: h + 1, format: F.int, style: 'label' });
  ERCOT_HB_WEST_2024_PRICES.forEach((price, i) => {
    const m = MONTH_OFFSETS.findIndex((o, k) => i >= o && i < o + ERCOT_HB_WEST_2024_MONTH_HOURS[k]);
    const ref = cellRef(PRICES_FIRST_ROW - 1 + i - MONTH_OFFSETS[m], 1 + m);
    // Imported data, not an assumption: plain cells under a header that names the source (8,784 notes would
    // bloat a file); paste another year's hourly prices over them to re-run the flexible load.
    cells.push({ ref, value: price, format: F.usd2, style: 'label' });
  });
  cells.forEach((c) => s.cell(c));
  s.row = PRICES_FIRST_ROW + longest;
  return s.build();
}

function build(): Template {
  const widths = [330, 130, 110, 110, 110, 110, 110, 120, 120, 120, 120, 120, 120, 120, 120, 130];
  const s = new SheetBuilder('Hybrid site', { columnWidths: widths, freeze: { rows: 2, columns: 0 } });
  s.heading(`Hybrid site: ${SITE_MW} MW in Texas, 100 MW a year converted to AI, the rest mining on flexible load`, `As of ${AS_OF}. Inputs are blue on yellow; WATT.HYBRID reads the names in B and the values in C; units in D, sources in E. Unlevered: no financing.`);
  s.header(['Assumption', 'Name (read by WATT.HYBRID)', 'Value', 'Unit', 'Source']);
  const first = s.row;
  // power_price and uptime are calculated from the flexible-load block: their rows are written once its rows are known.
  const calculated: Record<string, number> = {};
  s.text('Site and bitcoin', 'header');
  for (const r of MINING_ASSUMPTIONS) {
    if (r.name === 'power_price' || r.name === 'uptime') {
      calculated[r.name] = s.row;
      s.row += 1;
      continue;
    }
    if (r.name === 'site_mw') s.namedInput({ ...r, value: SITE_MW, source: `Issue 18's case: a ${SITE_MW} MW Texas mining site (Riot's Rockdale is ~700 MW, Corsicana 1 GW; CleanSpark, Cipher and Bitdeer run 100-300 MW sites).` });
    else if (r.name === 'other_cost') s.namedInput({ ...r, value: 5, source: 'Assumption: ERCOT delivery and ancillary charges and site costs on top of the hub price, per MWh used; the flexible-load price below is the hub\'s real-time price only.' });
    else s.namedInput(r);
  }
  for (const section of PATHS_SECTIONS) {
    s.text(section.title, 'header');
    section.rows.forEach((r) => void s.namedInput(r));
  }
  s.text(HYBRID_SECTION.title, 'header');
  HYBRID_SECTION.rows.forEach((r) => void s.namedInput(r));
  const last = s.row - 1;
  s.blank();

  // Flexible load (outside the range WATT.HYBRID reads).
  s.header(['Flexible load: the miners on ERCOT HB_WEST 2024 real-time prices', '', 'Value', 'Unit', 'Source']);
  // The decision runs on the hashprice net of other_cost (per MWh used): the miners stop once the hub price
  // plus those charges exceeds what mining earns, so CURTAIL's strike is on the hub price alone.
  const flex = (m: number, metric: string) => `=WATT.CURTAIL(${monthPrices(m)}, curtail_hashprice_net, efficiency, pool_fee, 0, 1, 1, "${metric}")`;
  const outputRow = (name: string, label: string, formula: string, format: string, unit: string, note: string) => {
    s.cell({ ref: `A${s.row}`, value: label, style: 'label' });
    s.cell({ ref: `C${s.row}`, formula, format, style: 'output', name, note });
    s.cell({ ref: `D${s.row}`, value: unit, style: 'label' });
    s.cell({ ref: `E${s.row}`, value: note, style: 'note' });
    s.row += 1;
  };
  s.namedInput({ name: 'availability', label: 'Fleet availability (maintenance and outages, curtailment apart)', value: 0.97, format: F.pct, unit: '% of time', source: 'Assumption: 97% of hours available; curtailment is computed below from the prices, not assumed.' });
  outputRow('curtail_hashprice', 'Hashprice at the start', '=WATT.HASHPRICE(btc_price, network_hashrate, fees)', F.usd2, 'USD/PH/day', 'WATT.HASHPRICE of the BTC price, network hashrate and fees above (subsidy 3.125 BTC).');
  const fee = checkedInput('pool_fee', 'Pool fee', 'fraction', { min: 0, max: 1 });
  outputRow('curtail_hashprice_net', 'Hashprice net of other costs (sets the curtailment strike)', `=IF(${fee} = 1, 0, MAX(0, curtail_hashprice - ${checkedInput('other_cost', 'Other costs', 'USD per MWh', { min: 0 })} * 24 * ${checkedInput('efficiency', 'Fleet efficiency', 'J/TH', { min: 0, minExclusive: true })} / 1000 / (1 - ${fee})))`, F.usd2, 'USD/PH/day', 'The hashprice less other_cost per MWh used, in hashprice terms (x 24 h x efficiency / 1,000 / (1 - pool fee)), never below 0: the miners stop when the hub price plus other costs exceeds what they earn.');
  outputRow('curtail_strike', 'Curtailment strike on the hub price: the miners stop above it', flex(0, 'strike'), F.usd2, 'USD/MWh', 'What mining earns per MWh less other_cost: WATT.BREAKEVENPOWER x 1000 at the net hashprice, efficiency and pool fee.');
  // Month by month: WATT.CURTAIL over each month's column of prices, per MW (site_mw 1), index contract.
  s.header(['Month of prices (WATT.CURTAIL, per MW, buying at the real-time price)', 'Hours (h)', 'Hours run (h)', 'Power cost (USD/MW)', 'AI load power cost (USD/MW)', 'Value of switching off (USD/MW)']);
  const monthFirst = s.row;
  MONTH_NAMES.forEach((name, m) => {
    const row = s.row;
    s.cell({ ref: `A${row}`, value: `${name} ${ERCOT_HB_WEST_2024.year}`, style: 'label' });
    s.cell({ ref: `B${row}`, value: ERCOT_HB_WEST_2024_MONTH_HOURS[m], format: F.int, style: 'label', note: `Hours of prices in ${name} ${ERCOT_HB_WEST_2024.year} (Central time; daylight saving time makes March 743 hours).` });
    s.cell({ ref: `C${row}`, formula: flex(m, 'hours_run'), format: F.int, style: 'output' });
    s.cell({ ref: `D${row}`, formula: flex(m, 'power_cost'), format: F.usd0, style: 'output' });
    s.cell({ ref: `E${row}`, formula: flex(m, 'ai_power_cost'), format: F.usd0, style: 'output' });
    s.cell({ ref: `F${row}`, formula: flex(m, 'flexibility_value'), format: F.usd0, style: 'output' });
    s.row += 1;
  });
  const monthLast = s.row - 1;
  const total = s.row;
  s.cell({ ref: `A${total}`, value: `${ERCOT_HB_WEST_2024.year}`, style: 'header' });
  ['B', 'C', 'D', 'E', 'F'].forEach((col, i) => s.cell({ ref: `${col}${total}`, formula: `=SUM(${col}${monthFirst}:${col}${monthLast})`, format: i < 2 ? F.int : F.usd0, style: 'header' }));
  s.row += 1;
  outputRow('curtail_uptime', 'Hours the miners run (price below the strike)', `=C${total} / B${total}`, F.pct, '% of hours', `Hours run / hours, over the ${ERCOT_HB_WEST_2024_PRICES.length.toLocaleString('en-US')} hourly prices of the sheet "${PRICES_SHEET}".`);
  outputRow('curtail_power_cost', 'Average cost of the power the miners use', `=IF(C${total} = 0, 0, D${total} / C${total})`, F.usd2, 'USD/MWh', 'Power cost / hours run (per MW: MWh), the mining power price above (x 1/1000); 0 if the miners never run (then they use no power).');
  outputRow('ai_power_cost', 'Average cost of the same power to an AI load that cannot curtail', `=E${total} / B${total}`, F.usd2, 'USD/MWh', 'The mean of every hour: what the converted halls\' tenants and GPUs pay (inside their rent and margin).');
  outputRow('flexibility_value', 'Value of switching off, per MW of mining a year', `=F${total}`, F.usd0, 'USD/MW-year', 'WATT.CURTAIL: mining on flexible load less the same MW always on, over the year of prices.');
  s.text('One year of prices at the start\'s hashprice stands for every year: after the 2028 halving the strike halves and the miners would run fewer hours than the uptime used here.', 'note');
  s.blank();

  // The two calculated assumptions, in the range WATT.HYBRID reads.
  const byName = Object.fromEntries(MINING_ASSUMPTIONS.map((r) => [r.name, r]));
  const calc = (name: string, formula: string, format: string, unit: string, note: string) => {
    const row = calculated[name];
    s.cell({ ref: `A${row}`, value: `${byName[name].label} (flexible load, below)`, style: 'label' });
    s.cell({ ref: `B${row}`, value: name, style: 'note' });
    s.cell({ ref: `C${row}`, formula, format, style: 'output', name, note });
    s.cell({ ref: `D${row}`, value: unit, style: 'label' });
    s.cell({ ref: `E${row}`, value: note, style: 'note' });
  };
  calc('power_price', '=curtail_power_cost / 1000', F.usd3, 'USD/kWh', 'Calculated: the average real-time price of the hours the miners run (flexible load block), in USD per kWh.');
  calc('uptime', `=${checkedInput('availability', 'Fleet availability', '% of time', { min: 0, max: 1 })} * curtail_uptime`, F.pct, '% of time', 'Calculated: availability x the share of hours priced below the strike (flexible load block).');

  // Phases.
  s.header(['Phases (read by WATT.HYBRID: start, MW, kind, optional overrides)', 'start (months after start_date, or a date)', 'mw (MW)', 'kind (lease / cloud)', 'lease_rent (USD/kW-month)', 'gpu_hour_price (USD/GPU-hour)', 'capex_per_w (USD/W of IT)', 'conversion_months (months)']);
  const phaseHeader = s.row - 1;
  PHASES.forEach((p, i) => {
    const n = i + 1;
    const row = s.row;
    s.cell({ ref: `A${row}`, value: `Phase ${n}: ${p.mw} MW ${p.kind === 'lease' ? 'leased' : 'GPU cloud'}`, style: 'label' });
    s.cell({ ref: `B${row}`, value: p.start, format: F.int, style: 'input', name: `phase${n}_start`, note: `Start of the works, in months after start_date (0 = the start month); a date typed here is read as a date (the 1st of its month counts). ${p.source}` });
    s.cell({ ref: `C${row}`, value: p.mw, format: F.num1, style: 'input', name: `phase${n}_mw`, note: 'MW of site power converted (the phases add up to at most site_mw).' });
    s.cell({ ref: `D${row}`, value: p.kind, style: 'input', name: `phase${n}_kind`, choices: KINDS, note: 'lease (a powered shell) or cloud (GPUs run by the site).' });
    for (const col of ['E', 'F', 'G', 'H']) s.cell({ ref: `${col}${row}`, value: null, style: 'input', note: 'Optional: this phase\'s own term (blank = the assumption above).' });
    s.row += 1;
  });
  for (let k = 0; k < SPARE_PHASES; k++) {
    s.cell({ ref: `A${s.row}`, value: 'Another phase (optional)', style: 'label' });
    for (const col of ['B', 'C', 'D', 'E', 'F', 'G', 'H']) s.cell({ ref: `${col}${s.row}`, value: null, style: 'input', note: 'Optional: a phase (start in months after start_date or a date, MW, lease or cloud); a blank row is ignored.' });
    s.row += 1;
  }
  const phaseLast = s.row - 1;
  s.text('Overrides: lease_rent USD per kW of critical IT per month, gpu_hour_price USD per GPU-hour, capex_per_w USD per W of critical IT (a cloud phase: GPUs included), conversion_months months.', 'note');
  s.blank();
  s.header(['Horizon', '', 'Value', 'Unit', 'Source']);
  s.cell({ ref: `A${s.row}`, value: 'Years to compare', style: 'label' });
  s.cell({ ref: `C${s.row}`, value: 10, format: F.int, style: 'input', name: 'years', note: 'Assumption: 10 years (WATT.HYBRID default); every phase must start within it.' });
  s.cell({ ref: `D${s.row}`, value: 'years', style: 'label' });
  s.cell({ ref: `E${s.row}`, value: 'Assumption: 10 years (WATT.HYBRID default); every phase must start within it.', style: 'source' });
  s.row += 1;
  s.blank();

  const assumptions = `B${first}:C${last}`;
  const phases = `B${phaseHeader}:H${phaseLast}`;
  s.text(`Three ways to run the site: =WATT.HYBRID(${assumptions}, ${phases}, years) spills from B; do not type in the spill range.`, 'note');
  const tableRow = s.row;
  s.cell({ ref: `A${tableRow}`, value: 'Output (unit)', style: 'header' });
  s.cell({ ref: `B${tableRow}`, formula: `=WATT.HYBRID(${assumptions}, ${phases}, years)`, style: 'header' });
  s.formatRange(`C${tableRow}:E${tableRow}`, undefined, 'header');
  HYBRID_ROWS.forEach(([, label, format], i) => {
    s.cell({ ref: `A${tableRow + 1 + i}`, value: label, style: 'label' });
    s.formatRange(`C${tableRow + 1 + i}:E${tableRow + 1 + i}`, format, 'output');
  });
  s.row = tableRow + 1 + HYBRID_ROWS.length;
  const npvRow = tableRow + 1 + HYBRID_ROWS.findIndex(([name]) => name === 'npv');
  s.blank();
  s.cell({ ref: `A${s.row}`, value: 'Value of phasing against converting everything now, USD M', style: 'label' });
  s.cell({ ref: `C${s.row}`, formula: `=C${npvRow} - E${npvRow}`, format: F.lossUsdM, style: 'output', name: 'phasing_vs_now', note: 'Hybrid NPV less convert-now NPV: positive when mining the halls while they wait is worth more than converting them at once.' });
  s.cell({ ref: `D${s.row}`, value: 'USD', style: 'label' });
  s.row += 1;
  s.cell({ ref: `A${s.row}`, value: 'Value of phasing against mining only, USD M', style: 'label' });
  s.cell({ ref: `C${s.row}`, formula: `=C${npvRow} - D${npvRow}`, format: F.lossUsdM, style: 'output', name: 'phasing_vs_mine', note: 'Hybrid NPV less mine-only NPV.' });
  s.cell({ ref: `D${s.row}`, value: 'USD', style: 'label' });
  s.row += 1;
  s.text('convert_now: the same phases all started in the first month (here the whole site, the phases adding up to it). n/a: the flows start with income, so no IRR and no payback. An input out of range turns the tables into #VALUE! with a message naming it.', 'note');
  s.blank();

  // Monthly table.
  const monthRow = s.row + 2; // header row of the spilled table (labels with units above it)
  s.row = monthRow - 2;
  s.text(`Month by month: =WATT.HYBRIDTABLE(${assumptions}, ${phases}, years) spills below, its last row the totals; do not type in the spill range.`, 'note');
  MONTH_COLUMNS.forEach(([, , label], i) => s.cell({ ref: cellRef(monthRow - 2, 1 + i), value: label, style: 'header' }));
  s.cell({ ref: `A${monthRow - 1}`, value: 'Hybrid site by month', style: 'header' });
  s.cell({ ref: `B${monthRow}`, formula: `=WATT.HYBRIDTABLE(${assumptions}, ${phases}, years)`, style: 'header' });
  s.formatRange(`C${monthRow}:P${monthRow}`, undefined, 'header');
  MONTH_COLUMNS.forEach(([, format], i) => {
    const letter = cellRef(0, 1 + i).replace(/\d+$/, '');
    s.formatRange(`${letter}${monthRow + 1}:${letter}${monthRow + FORMATTED_ROWS}`, format);
  });
  s.row = monthRow + 1;
  const sheet = s.build();
  const chartTop = tableRow;
  sheet.charts = [
    {
      type: 'stackedColumn',
      title: 'MW by use, month by month',
      categories: `C${monthRow + 1}:C${monthRow + CHART_MONTHS}`,
      series: `D${monthRow}:G${monthRow + CHART_MONTHS}`,
      anchor: `G${chartTop}`,
      width: 520,
      height: 260,
      xTitle: 'Month',
      yTitle: 'MW of site power',
    },
    {
      type: 'stackedColumn',
      title: 'Monthly cash flow by line (terminal value apart)',
      categories: `C${monthRow + 1}:C${monthRow + CHART_MONTHS}`,
      series: `H${monthRow}:N${monthRow + CHART_MONTHS}`,
      anchor: `M${chartTop}`,
      width: 560,
      height: 260,
      xTitle: 'Month',
      yTitle: 'USD M per month',
    },
  ];
  return {
    id: 'hybrid-site',
    title: 'Hybrid site: convert in phases, mine the rest on flexible load',
    description: `WATT.HYBRID on a ${SITE_MW} MW Texas site converting 100 MW a year from 2026 (two leases, then a GPU cloud) while the rest mines on flexible load against ERCOT HB_WEST's hourly prices of 2024 (WATT.CURTAIL): NPV, IRR, payback and value per W against mining only and converting now, the phasing's value, and the site month by month (WATT.HYBRIDTABLE) with charts of MW by use and cash flow by line.`,
    asOf: AS_OF,
    keyAssumptions: [`${SITE_MW} MW`, '100 MW a year from 2026-01', 'lease, lease, GPU cloud', 'ERCOT HB_WEST 2024 real-time prices', `BTC $${D.btcPrice.value.toLocaleString('en-US')}`, '10% discount rate, unlevered', '10 years'],
    answers: 'Is converting a mining site hall by hall, mining the rest on flexible load meanwhile, worth more than mining on or converting everything now?',
    sheets: [sheet, pricesSheet()],
  };
}

export const hybridSite: Template = build();
