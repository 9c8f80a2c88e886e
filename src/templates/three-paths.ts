/**
 * Three paths for one site (WATT.PATHS): keep mining, lease a powered shell, or run a GPU cloud, over
 * the same horizon with the same discount rate; the inputs WATT.PATHS reads sit above its table.
 */
import { AS_OF, D } from './defaults';
import { writeMiningAssumptions } from './assumptions';
import { F, SheetBuilder } from './builder';
import { IREN_MSFT } from './gpu-cloud';
import type { Template } from './types';

/** Rows of the PATHS table (after its header) and their formats. */
export const PATHS_ROWS: readonly [string, string][] = [
  ['revenue_per_mwh', F.usd2],
  ['annual_revenue', F.usdM],
  ['annual_ebitda', F.usdM],
  ['capex', F.usdM],
  ['refresh_capex', F.usdM],
  ['npv', F.usdM],
  ['irr', F.pct],
  ['payback_years', F.num1],
  ['value_per_w', F.usd2],
];

function build(): Template {
  // Column D is both the notes column (its text overflows into the empty cells to its right) and the
  // spill's "cloud" column, so it keeps a number's width.
  const s = new SheetBuilder('Three paths', { columnWidths: [230, 100, 90, 110], freeze: { rows: 2, columns: 0 } });
  s.heading('Three paths for one site: mine, lease, or GPU cloud', `As of ${AS_OF}. Inputs (blue on yellow) in A:B are the assumptions WATT.PATHS reads; sources in column D.`);
  s.header(['Assumption', 'Value', 'Unit', 'Meaning and source']);
  const { first } = writeMiningAssumptions(s);
  s.keyedInput({ name: 'it_ratio', label: 'Critical IT per MW of site power', value: 0.77, format: F.num2, unit: 'MW IT / MW', source: 'Assumption: 1 / PUE 1.3; critical IT and gross power differ by ~1.25-1.5 (data README).' });
  s.keyedInput({ name: 'conversion_capex', label: 'Lease path: build cost', value: 10.7, format: F.usd2, unit: 'USD/W critical IT', source: D.aiCapexPerMw.source });
  s.keyedInput({ name: 'lease_rent', label: 'Lease path: starting rent', value: 150, format: F.usd2, unit: 'USD/kW-month', source: 'Announced critical-IT leases imply ~$104-189/kW-month, median ~$150 (hpc-deals template, WATT.IMPLIEDRENT).' });
  s.keyedInput({ name: 'lease_term', label: 'Lease path: term', value: 10, format: F.num1, unit: 'years', source: 'The term of the Cipher and TeraWulf Fluidstack leases behind the $150 rent (hyperscaler leases run 15 years; hpc-deals.csv).' });
  s.keyedInput({ name: 'conversion_months', label: 'Lease and cloud paths: months to convert', value: 12, format: F.int, unit: 'months', source: 'Assumption: an energised site converted in a year (no revenue meanwhile); set the builder\'s schedule.' });
  s.keyedInput({ name: 'lease_escalator', label: 'Lease path: annual escalator', value: 0, format: F.pct, unit: 'annual', source: 'Assumption: flat, comparable with WATT.IMPLIEDRENT term averages; enter the lease step-up.' });
  s.keyedInput({ name: 'lease_noi_margin', label: 'Lease path: NOI margin', value: D.leaseNoiMargin.value, format: F.pct, unit: 'NOI / rent', source: D.leaseNoiMargin.source });
  s.keyedInput({ name: 'gpu_hour_price', label: 'Cloud path: price per billed GPU-hour', value: IREN_MSFT.gpuHourPrice, format: F.usd3, unit: 'USD/GPU-hour', source: `${IREN_MSFT.revenueSource} = WATT.GPUHOURRATE(1.94e9, 76000).` });
  s.keyedInput({ name: 'kw_per_gpu', label: 'Cloud path: IT power per GPU', value: IREN_MSFT.kwPerGpu, format: F.num3, unit: 'kW/GPU', source: IREN_MSFT.kwSource });
  s.keyedInput({ name: 'cloud_utilization', label: 'Cloud path: utilization', value: 1, format: F.pct, unit: 'fraction', source: 'A take-or-pay contract (IREN-Microsoft) bills every hour; lower it for on-demand capacity.' });
  s.keyedInput({ name: 'cloud_capex', label: 'Cloud path: capital incl. GPUs', value: Math.round((10.7 + IREN_MSFT.gpuCapexPerW) * 100) / 100, format: F.usd2, unit: 'USD/W critical IT', source: `$10.7/W hall (JLL 2025) + $${IREN_MSFT.gpuCapexPerW}/W GPUs: ${IREN_MSFT.capexSource}` });
  s.keyedInput({ name: 'cloud_ebitda_margin', label: 'Cloud path: EBITDA margin', value: D.cloudEbitdaMargin.value, format: F.pct, unit: 'of revenue', source: D.cloudEbitdaMargin.source });
  s.keyedInput({ name: 'gpu_life', label: 'Cloud path: GPU life', value: 5, format: F.num1, unit: 'years', source: 'Assumption: 5 years, the term of the IREN-Microsoft contract.' });
  s.keyedInput({ name: 'discount_rate', label: 'Discount rate (all paths)', value: 0.1, format: F.pct, unit: 'annual', source: 'Assumption: one unlevered rate for all three paths; update to your cost of capital.' });
  const last = s.row - 1;
  s.blank();
  s.section('Horizon');
  s.input({ name: 'years', label: 'Years to compare', value: 10, format: F.int, unit: 'years', source: 'Assumption: 10 years (WATT.PATHS default).' });
  s.blank();
  s.text('Three paths: =WATT.PATHS(assumptions, years) spills below; do not type in the spill range.', 'note');
  const tableRow = s.row;
  s.cell({ ref: `A${tableRow}`, formula: `=IFERROR(WATT.PATHS(A${first}:B${last}, years), "n/a")`, style: 'header' });
  s.formatRange(`B${tableRow}:D${tableRow}`, undefined, 'header');
  PATHS_ROWS.forEach(([, format], i) => s.formatRange(`B${tableRow + 1 + i}:D${tableRow + 1 + i}`, format, 'output'));
  s.row = tableRow + 1 + PATHS_ROWS.length;
  s.blank();
  s.text('n/a: no value exists, e.g. the mine path has no IRR (no up-front outlay: every cash flow is >= 0). If every cell shows n/a, an input is out of range: evaluate =WATT.PATHS(...) without IFERROR to read the message.', 'note');
  s.text('WATT.PATHS counts no terminal value: cash after the horizon (the rest of a lease, the shell or the GPUs) is not in npv; lengthen years to see more of a lease.', 'note');
  s.text('Read across a row: the path with the highest npv and value_per_w creates the most value at these inputs; revenue_per_mwh compares what one MWh earns on each path.', 'note');
  return {
    id: 'three-paths',
    title: 'Three paths: mine, lease or GPU cloud',
    description: 'WATT.PATHS on one 100 MW site: revenue per MWh, revenue, EBITDA, capital, NPV, IRR, payback and value per W of keeping mining, leasing a powered shell, or running a GPU cloud.',
    asOf: AS_OF,
    keyAssumptions: ['100 MW site', 'BTC $87,000', '$150/kW-month lease', `$${IREN_MSFT.gpuHourPrice}/GPU-hour`, '10% discount rate', '10 years'],
    answers: 'For this site, which path creates the most value: keep mining, lease to a tenant, or sell GPU-hours?',
    sheets: [s.build()],
  };
}

export const threePaths: Template = build();
