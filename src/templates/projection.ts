/**
 * Monthly projection of a mining site through the 2028 halving (WATT.PROJECTION): block height,
 * subsidy, hashprice, BTC mined, revenue, power cost, margin and cost per BTC month by month.
 */
import { AS_OF } from './defaults';
import { writeMiningAssumptions } from './assumptions';
import { F, SheetBuilder } from './builder';
import { cellRef } from './plan';
import type { Template } from './types';
import { P } from '../core/params';

/**
 * Columns of the PROJECTION table (the function's names), their formats, and the banker's label with its
 * unit written in the row above the spill (the function's header row keeps its names).
 */
export const PROJECTION_COLUMNS: readonly [string, string, string][] = [
  ['month', F.int, 'Month (#)'],
  ['date', 'yyyy-mm', 'Month (date)'],
  ['block_height', F.int, 'Block height (first of month)'],
  ['subsidy', F.btc, 'Subsidy (BTC/block)'],
  ['network_hashrate', F.int, 'Network hashrate (EH/s)'],
  ['btc_price', F.usd0, 'BTC price (USD/BTC)'],
  ['hashprice', F.usd2, 'Hashprice (USD/PH/day)'],
  ['site_hashrate', F.int, 'Site hashrate (PH/s)'],
  ['btc_mined', F.btc, 'BTC mined (BTC)'],
  ['revenue', F.usd0, 'Revenue (USD)'],
  ['power_cost', F.usd0, 'Power cost (USD)'],
  ['gross_margin', F.lossUsd0, 'Gross margin (USD)'],
  ['cost_per_btc', F.usd0, 'Cash cost per BTC (USD/BTC)'],
];
/** Rows formatted below the table's header: the longest projection WATT.PROJECTION accepts. */
export const FORMATTED_MONTHS = P.months.max!;

function build(): Template {
  // Column D holds the notes of the inputs (overflowing into empty cells) and the spill's subsidy column.
  const s = new SheetBuilder('Projection', { columnWidths: [200, 100, 90, 100, 100, 100, 100, 100, 100, 110, 110, 110, 150], freeze: { rows: 2, columns: 0 } });
  s.heading('Monthly projection through the 2028 halving', `As of ${AS_OF}. Inputs (blue on yellow) in A:B are the assumptions WATT.PROJECTION reads; sources in column D.`);
  s.header(['Assumption', 'Value', 'Unit', 'Meaning and source']);
  const { first, last } = writeMiningAssumptions(s);
  s.blank();
  s.section('Horizon');
  s.input({ name: 'months', label: 'Months to project', value: 30, format: F.int, unit: 'months', source: 'Through mid-2028: the fifth halving is due around April 2028 (block 1,050,000; see below).' });
  s.output({ name: 'halving_date', label: 'Fifth halving (estimated)', formula: '=WATT.HALVINGDATE(5)', format: F.date, unit: 'date', note: 'Block 1,050,000 at 10 minutes a block from block 840,000 (2024-04-20).' });
  s.blank();

  // Totals: WATT.PROJECTIONTOTAL computes them from the same rows as the table (same assumptions and
  // months), so they cover exactly the months projected whatever their number, and an input the table
  // refuses makes them the same error. No fixed-size range over the spill.
  const tableRow = s.row + 11; // header row of the spilled table, 1-based (its labels and units above)
  const assumptions = `A${first}:B${last}`;
  const total = (metric: string) => `=WATT.PROJECTIONTOTAL(${assumptions}, months, "${metric}")`;
  s.section('Totals over the horizon');
  s.output({ name: 'total_btc', label: 'BTC mined', formula: total('btc_mined'), format: F.btc, unit: 'BTC', note: 'WATT.PROJECTIONTOTAL: the sum of btc_mined over every month of the table below.' });
  s.output({ name: 'total_revenue', label: 'Revenue', formula: total('revenue'), format: F.usdM, unit: 'USD' });
  s.output({ name: 'total_power', label: 'Power cost', formula: total('power_cost'), format: F.usdM, unit: 'USD' });
  s.output({ name: 'total_margin', label: 'Gross margin', formula: total('gross_margin'), format: F.usdM, unit: 'USD' });
  s.output({ name: 'avg_power_cost_per_btc', label: 'Average power cost per BTC mined', formula: total('power_cost_per_btc'), format: F.usd0, unit: 'USD/BTC', note: 'Power cost / BTC mined over the horizon (see cost_per_btc by month for other costs).' });
  s.output({ name: 'months_before_halving', label: 'Months before the halving', formula: total('months_before_halving'), format: F.int, unit: 'months', note: 'Months of the table at the first month\'s subsidy: the halving takes effect the month after it (all months if none falls inside).' });
  s.output({ name: 'negative_margin_months', label: 'Months with negative margin', formula: total('negative_margin_months'), format: F.int, unit: 'months' });
  s.blank();
  s.row = tableRow - 2;
  s.text('Monthly projection: =WATT.PROJECTION(assumptions, months) spills below; do not type in the spill range.', 'note');
  PROJECTION_COLUMNS.forEach(([, , label], i) => s.cell({ ref: cellRef(tableRow - 2, i), value: label, style: 'header' }));
  s.cell({ ref: `A${tableRow}`, formula: `=WATT.PROJECTION(${assumptions}, months)`, style: 'header' });
  PROJECTION_COLUMNS.forEach(([, format], i) => {
    const letter = cellRef(0, i).replace(/\d+$/, '');
    s.formatRange(`${letter}${tableRow + 1}:${letter}${tableRow + FORMATTED_MONTHS}`, format);
  });
  s.formatRange(`B${tableRow}:M${tableRow}`, undefined, 'header');
  // Chart: revenue and power cost by month, the first month at the halved subsidy marked.
  s.cell({ ref: `O${tableRow - 1}`, value: 'First month at the halved subsidy (chart marker)', style: 'label' });
  // The first month whose subsidy is below the first month's (0 when no halving falls in the table).
  s.cell({ ref: `O${tableRow}`, formula: `=MINIFS(B${tableRow + 1}:B${tableRow + FORMATTED_MONTHS}, D${tableRow + 1}:D${tableRow + FORMATTED_MONTHS}, "<"&D${tableRow + 1})`, format: F.date, style: 'output' });
  const sheet = s.build();
  sheet.charts = [{
    type: 'line',
    title: 'Revenue and power cost by month',
    categories: `B${tableRow + 1}:B${tableRow + FORMATTED_MONTHS}`,
    series: `J${tableRow}:K${tableRow + FORMATTED_MONTHS}`,
    anchor: `O${tableRow + 2}`,
    width: 520,
    height: 300,
    xTitle: 'Month',
    yTitle: 'USD per month',
    marker: { cell: `O${tableRow}`, label: 'halving' },
  }];
  return {
    id: 'projection',
    title: 'Monthly projection through the 2028 halving',
    description: 'WATT.PROJECTION month by month from 2026-01: block height, subsidy (halving in 2028), hashprice, BTC mined, revenue, power cost, margin and cost per BTC, with totals over every month (WATT.PROJECTIONTOTAL).',
    asOf: AS_OF,
    keyAssumptions: ['from 2026-01, 30 months', '100 MW', '17.5 J/TH', '$0.045/kWh', 'BTC $87,000 flat', '1,075 EH/s flat'],
    answers: 'How do the site\'s BTC mined, revenue and margin evolve month by month, and what does the 2028 halving do to them?',
    sheets: [sheet],
  };
}

export const projection: Template = build();
