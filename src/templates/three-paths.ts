/**
 * Three paths for one site (WATT.PATHS): keep mining, lease a powered shell, or run a GPU cloud, over
 * the same horizon with the same discount rate and the same treatment of what each path owns at the
 * end. Every assumption WATT.PATHS reads is on the sheet, defaults included, with its unit and source.
 *
 * Layout. Each assumption row: A the label a banker reads, B the name WATT.PATHS reads, C the value
 * (blue on yellow, a named cell), D the unit, E the source (overflowing to the right). WATT.PATHS reads
 * B:C, a two-column name/value range as WATT.PROJECTION's (section rows leave B:C blank, and blank
 * rows are ignored). The output table follows the same columns: A the label with its unit, then the
 * spilled table from B (metric name, mine, lease, cloud).
 */
import { AS_OF, D } from './defaults';
import { MINING_ASSUMPTIONS } from './assumptions';
import { F, InputRow, SheetBuilder } from './builder';
import { IREN_MSFT } from './gpu-cloud';
import { MS_CASE, SHELL_CALIBRATION } from './powered-shell';
import { ANNOUNCED_LEASES, RENT_LEASES } from './lease-count';
import type { Template } from './types';

/** The accepted values of the yes/no levers (WATT.PATHS reads "yes"/"no" as 1/0; anything else is #VALUE!). */
const YES_NO = ['yes', 'no'];

/** Build cost of the shell, USD per W of critical IT: JLL 2025 global average ($10.7M per MW). */
const SHELL_CAPEX = 10.7;

/** Rows of the PATHS table (after its header): metric name, presentation label with unit, format. */
export const PATHS_ROWS: readonly [string, string, string][] = [
  ['revenue_per_mwh', 'Revenue per MWh of site capacity, USD/MWh (first operating year)', F.usd2],
  ['annual_revenue', 'Revenue, first operating year, USD M', F.usdM],
  ['annual_ebitda', 'EBITDA (lease: NOI), first operating year, USD M', F.usdM],
  ['capex', 'Capital spent at the start, USD M', F.usdM],
  ['refresh_capex', 'Miner and GPU replacements within the horizon, USD M', F.usdM],
  ['terminal_value', 'Terminal value at the horizon (undiscounted), USD M', F.usdM],
  ['npv', 'NPV at the discount rate, USD M', F.lossUsdM],
  ['irr', 'IRR, % a year', F.pct],
  ['payback_years', 'Payback, years from the start', F.num1],
  ['value_per_w', 'NPV per W of site power, USD/W', F.usd2],
];

/** The assumptions WATT.PATHS reads beyond PROJECTION's, by section, with defaults and sources. */
export const PATHS_SECTIONS: readonly { title: string; rows: readonly InputRow[] }[] = [
  {
    title: 'Keep mining',
    rows: [
      { name: 'mining_capex', label: 'Replacement fleet price', value: 8, format: F.usd2, unit: 'USD per TH/s', source: 'New-generation ASICs, Dec 2025: Bitmain list ~$7-8/TH for S21 hydro/immersion before coupons, ~$4/TH promotional S19 XP+ Hydro bundles (~19 J/TH) (TheMinerMag, 2025-12-23). The top of the range for a sub-19 J/TH fleet.' },
      { name: 'miner_life', label: 'Miner life (fleet replaced at its end)', value: 4, format: F.num1, unit: 'years', source: 'Assumption: one halving cycle; listed miners depreciate ASICs over 3-5 years. The fleet in place is taken as new at the start (sunk on every path).' },
      { name: 'curtail', label: 'Switch off in months of negative margin', value: 'yes', choices: YES_NO, format: F.text, unit: 'yes / no', source: 'The shutdown-price rule, month by month: a month that loses cash at the margin is not mined. "no" = always on, as WATT.PROJECTION.' },
    ],
  },
  {
    title: 'Lease the powered shell',
    rows: [
      { name: 'it_ratio', label: 'Critical IT per MW of site power', value: 1 / 1.3, format: F.num2, unit: 'MW IT / MW', source: 'Assumption: 1 / PUE 1.3; critical IT and gross power differ by ~1.25-1.5 (data README).' },
      { name: 'conversion_capex', label: 'Shell build cost', value: SHELL_CAPEX, format: F.usd2, unit: 'USD/W critical IT', source: D.aiCapexPerMw.source },
      { name: 'conversion_months', label: 'Months to convert (lease and cloud)', value: 12, format: F.int, unit: 'months', source: 'Assumption: an energised site converted in a year (no revenue meanwhile); set the builder\'s schedule.' },
      { name: 'lease_rent', label: 'Starting rent', value: 150, format: F.usd2, unit: 'USD/kW-month', source: 'Announced critical-IT leases imply ~$104-189/kW-month, median ~$150 (hpc-deals template, WATT.IMPLIEDRENT). Also the market rent that values the shell at the horizon.' },
      { name: 'lease_term', label: 'Lease term', value: 15, format: F.num1, unit: 'years', source: `Median term of the ${ANNOUNCED_LEASES.length} announced leases in data/hpc-deals.csv (kind = lease, each counted once; ${RENT_LEASES.length} of them with a critical-IT rent, as in the hpc-deals and powered-shell sheets): 15 years (10 for Fluidstack and Riot-AMD, 15 for hyperscalers).` },
      { name: 'lease_escalator', label: 'Annual rent escalator', value: 0, format: F.pct, unit: '% a year', source: 'Assumption: flat, comparable with WATT.IMPLIEDRENT term averages; enter the lease step-up.' },
      { name: 'lease_noi_margin', label: 'NOI margin', value: D.leaseNoiMargin.value, format: F.pct, unit: '% of rent (NOI)', source: D.leaseNoiMargin.source },
    ],
  },
  {
    title: 'GPU cloud',
    rows: [
      { name: 'gpu_hour_price', label: 'Price per billed GPU-hour', value: IREN_MSFT.gpuHourPrice, format: F.usd3, unit: 'USD/GPU-hour', source: `${IREN_MSFT.revenueSource} = WATT.GPUHOURRATE(1.94e9, 76000).` },
      { name: 'kw_per_gpu', label: 'IT power per GPU', value: IREN_MSFT.kwPerGpu, format: F.num3, unit: 'kW/GPU', source: IREN_MSFT.kwSource },
      { name: 'cloud_utilization', label: 'Utilization (share of hours billed)', value: 1, format: F.pct, unit: '% of hours', source: 'A take-or-pay contract (IREN-Microsoft) bills every hour; lower it for on-demand capacity.' },
      { name: 'cloud_capex', label: 'Capital incl. GPUs', value: Math.round((SHELL_CAPEX + IREN_MSFT.gpuCapexPerW) * 100) / 100, format: F.usd2, unit: 'USD/W critical IT', source: `$${SHELL_CAPEX}/W hall (JLL 2025) + $${IREN_MSFT.gpuCapexPerW}/W GPUs: ${IREN_MSFT.capexSource}` },
      { name: 'cloud_ebitda_margin', label: 'EBITDA margin', value: D.cloudEbitdaMargin.value, format: F.pct, unit: '% of revenue', source: D.cloudEbitdaMargin.source },
      { name: 'cloud_prepayment', label: 'Customer prepayment at signing', value: 0.2, format: F.pct, unit: '% of first contract', source: 'IREN-Microsoft: ~20% of the $9.7B contract prepaid (2025-11-03); received at the start, credited against each month of the first contract.' },
      { name: 'gpu_life', label: 'GPU life (contract term; GPUs replaced at its end)', value: 5, format: F.num1, unit: 'years', source: 'The 5-year term of the IREN-Microsoft contract.' },
      { name: 'gpu_residual', label: 'GPU resale value at end of life', value: 0.1, format: F.pct, unit: '% of GPU cost', source: 'An H100 system in its third year resold for ~45% of new (Silicon Data, 2025): ~22% of cost a year, ~0-10% left after 5 years. Assumption at the top of that range.' },
      { name: 'gpu_price_decline', label: 'GPU-hour price decline with GPU age', value: 0, format: F.pct, unit: '% a year', source: 'A take-or-pay contract fixes the price for its term; enter a decline for on-demand pricing.' },
    ],
  },
  {
    title: 'Valuation (all paths)',
    rows: [
      { name: 'discount_rate', label: 'Discount rate (unlevered)', value: 0.1, format: F.pct, unit: '% a year', source: 'Assumption: one unlevered rate for all three paths; update to your cost of capital.' },
      { name: 'terminal_value', label: 'Count a terminal value ("no" = none for any path)', value: 'yes', choices: YES_NO, format: F.text, unit: 'yes / no', source: 'At the horizon each path is credited with what it owns: mine the book value of fleets bought in the horizon; lease the shell at the exit cap rate; cloud the hall at the exit cap rate on market rent plus the GPUs at book value.' },
      { name: 'exit_cap_rate', label: 'Exit cap rate (shell at the horizon)', value: 0.075, format: F.pct2, unit: '% (NOI / value)', source: `The middle (7.41%, rounded) of the cap rates at which WATT.SHELLVALUE reproduces Morgan Stanley's $${MS_CASE.hyperscaler.valuePerW}/W and $${MS_CASE.neocloud.valuePerW}/W: ${SHELL_CALIBRATION.text} (powered-shell template). ${MS_CASE.source}` },
    ],
  },
];

function build(): Template {
  // Column E is both the source column (its text overflows into the empty cells to its right) and the
  // spill's "cloud" column, so it keeps a number's width.
  const s = new SheetBuilder('Three paths', { columnWidths: [340, 130, 100, 110, 110], freeze: { rows: 2, columns: 0 } });
  s.heading('Three paths for one site: mine, lease, or GPU cloud', `As of ${AS_OF}. Inputs are blue on yellow; WATT.PATHS reads the names in B and the values in C; units in D, sources in E.`);
  s.header(['Assumption', 'Name (read by WATT.PATHS)', 'Value', 'Unit', 'Source']);
  const first = s.row;
  const row = (r: InputRow) => void s.namedInput(r);
  s.text('Site and bitcoin (all paths)', 'header');
  MINING_ASSUMPTIONS.forEach(row);
  for (const section of PATHS_SECTIONS) {
    s.text(section.title, 'header');
    section.rows.forEach(row);
  }
  const last = s.row - 1;
  s.blank();
  s.header(['Horizon', '', 'Value', 'Unit', 'Source']);
  s.cell({ ref: `A${s.row}`, value: 'Years to compare', style: 'label' });
  s.cell({ ref: `C${s.row}`, value: 10, format: F.int, style: 'input', name: 'years', note: 'Assumption: 10 years (WATT.PATHS default).' });
  s.cell({ ref: `D${s.row}`, value: 'years', style: 'label' });
  s.cell({ ref: `E${s.row}`, value: 'Assumption: 10 years (WATT.PATHS default); the second argument of WATT.PATHS.', style: 'source' });
  s.row += 1;
  s.blank();
  s.text(`Three paths: =WATT.PATHS(B${first}:C${last}, years) spills from B; do not type in the spill range.`, 'note');
  const tableRow = s.row;
  s.cell({ ref: `A${tableRow}`, value: 'Output (unit)', style: 'header' });
  s.cell({ ref: `B${tableRow}`, formula: `=WATT.PATHS(B${first}:C${last}, years)`, style: 'header' });
  s.formatRange(`C${tableRow}:E${tableRow}`, undefined, 'header');
  PATHS_ROWS.forEach(([, label, format], i) => {
    s.cell({ ref: `A${tableRow + 1 + i}`, value: label, style: 'label' });
    s.formatRange(`C${tableRow + 1 + i}:E${tableRow + 1 + i}`, format, 'output');
  });
  s.row = tableRow + 1 + PATHS_ROWS.length;
  // Chart data: NPV by path in USD M (a column of categories and one series), read from the table;
  // shown as $70.2M, so the chart's axis reads in dollars and millions too.
  const npvRow = tableRow + 1 + PATHS_ROWS.findIndex(([name]) => name === 'npv');
  s.cell({ ref: `G${tableRow}`, value: 'Path', style: 'header' });
  s.cell({ ref: `H${tableRow}`, value: 'NPV, USD M', style: 'header' });
  ['mine', 'lease', 'cloud'].forEach((path, i) => {
    s.cell({ ref: `G${tableRow + 1 + i}`, value: path, style: 'label' });
    s.cell({ ref: `H${tableRow + 1 + i}`, formula: `=IF(ISNUMBER(${'CDE'[i]}${npvRow}), ${'CDE'[i]}${npvRow} / 1000000, ${'CDE'[i]}${npvRow})`, format: USD_MILLIONS, style: 'output' });
  });
  const chartRows = { tableRow };
  s.blank();
  s.text('n/a: no value exists. Keeping the sunk fleet has no up-front outlay, so no IRR and no payback; "never": the cash spent is not recovered within the horizon. An input out of range turns the table into #VALUE! with a message naming the input, its unit and accepted range.', 'note');
  s.text('Like with like: mining pays for its next fleets (a replacement due while the site is switched off waits for a profitable month, so at 4.5 c/kWh after the 2028 halving none is bought), the cloud for its next GPUs (the old ones resold); at the horizon each path counts what it owns (terminal value row, in the NPV). Set "Count a terminal value" to no to compare cash within the horizon only.', 'note');
  s.text('The lease path and the powered-shell template reconcile: with no build delay, a flat rent running past the horizon and a discount rate of (1 + cap/12)^12 - 1, NPV per W of critical IT = WATT.SHELLVALUE(rent, build cost, cap rate, NOI margin) (tested).', 'note');
  s.text('Revenue per MWh is per MWh of site capacity (site MW x hours of the first operating year, drawn or not), the one basis the three paths share; the keep-mining sheet shows mining revenue per MWh consumed.', 'note');
  return {
    id: 'three-paths',
    title: 'Three paths: mine, lease or GPU cloud',
    description: 'WATT.PATHS on one 100 MW site: revenue per MWh, revenue, EBITDA, capital, replacements, terminal value, NPV, IRR, payback and value per W of keeping mining, leasing a powered shell, or running a GPU cloud, every lever on the sheet.',
    asOf: AS_OF,
    keyAssumptions: ['100 MW site', 'BTC $87,000', 'miners replaced at $8/TH every 4 years', '$150/kW-month lease, 15 years', `$${IREN_MSFT.gpuHourPrice}/GPU-hour, 20% prepaid`, '7.5% exit cap rate', '10% discount rate', '10 years'],
    answers: 'For this site, which path creates the most value: keep mining, lease to a tenant, or sell GPU-hours?',
    sheets: [{
      ...s.build(),
      charts: [{ type: 'column', title: 'NPV by path', categories: `G${chartRows.tableRow + 1}:G${chartRows.tableRow + 3}`, series: `H${chartRows.tableRow}:H${chartRows.tableRow + 3}`, anchor: `G${chartRows.tableRow + 5}`, width: 360, height: 240, xTitle: 'Path', yTitle: 'NPV, USD M' }],
    }],
  };
}

/** A number already in millions of USD, shown as one: $70.2M, ($12.5M). */
const USD_MILLIONS = '$#,##0.0"M";($#,##0.0"M")';

export const threePaths: Template = build();
