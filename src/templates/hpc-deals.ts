/**
 * Announced AI/HPC leases signed by bitcoin miners: the rent each implies (WATT.IMPLIEDRENT), on its
 * stated MW basis, and summary statistics of rent per kW of critical IT per month. The GPU-cloud
 * contract (IREN-Microsoft, GPUs included) and the row stated in gross power (Cipher-AWS) are left
 * out of the critical-IT statistics, visibly, by an input column the user may change.
 */
import { F, SheetBuilder } from './builder';
import { HPC_DEALS, HPC_DEALS_AS_OF } from './data/hpc-deals';
import type { Template } from './types';

export const DEALS_FIRST_ROW = 6;

function build(): Template {
  const s = new SheetBuilder('HPC deals', {
    columnWidths: [230, 200, 75, 130, 100, 65, 110, 95, 100, 85, 75, 95, 420, 480],
    freeze: { rows: DEALS_FIRST_ROW - 1, columns: 1 },
  });
  s.heading('Announced AI/HPC leases by bitcoin miners', `Announcements through ${HPC_DEALS_AS_OF} (shared/data/hpc-deals.csv, each row with its source). Implied rent = contract value / term / (MW x 1000) / 12: the average over the term.`);
  s.cell({ ref: 'A3', value: 'Column K ("yes" / "no") chooses the rows in the critical-IT statistics: the GPU-cloud contract (GPUs included) and the gross-power row are out by default, as column M says.', style: 'warning' });
  s.row = DEALS_FIRST_ROW - 1;
  s.header(['Deal', 'Counterparty', 'MW', 'MW basis', 'Contract value (USD)', 'Term (yrs)', 'Announced', 'Implied rent (USD/kW-month)', 'Annual value (USD)', 'Value per MW ($M)', 'In critical-IT stats', 'Rent in stats', 'Note', 'Source']);
  for (const d of HPC_DEALS) {
    const r = s.row;
    const src = `hpc-deals.csv: ${d.source}`;
    s.cell({ ref: `A${r}`, value: d.deal, style: 'label' });
    s.cell({ ref: `B${r}`, value: d.counterparty, style: 'label' });
    s.cell({ ref: `C${r}`, value: d.capacityMw, format: F.int, style: 'input', note: src });
    s.cell({ ref: `D${r}`, value: d.mwBasis, style: 'input', note: src });
    s.cell({ ref: `E${r}`, value: d.contractValueUsd, format: F.usdB, style: 'input', note: src });
    s.cell({ ref: `F${r}`, value: d.termYears, format: F.num1, style: 'input', note: src });
    s.cell({ ref: `G${r}`, value: d.announced, format: F.text, style: 'input', note: src });
    s.cell({ ref: `H${r}`, formula: `=WATT.IMPLIEDRENT(E${r}, F${r}, C${r})`, format: F.usd2, style: 'output' });
    s.cell({ ref: `I${r}`, formula: `=E${r} / F${r}`, format: F.usdM, style: 'output' });
    s.cell({ ref: `J${r}`, formula: `=E${r} / C${r} / 1000000`, format: F.num1, style: 'output' });
    s.cell({ ref: `K${r}`, value: d.excludeFromCriticalItStats === null ? 'yes' : 'no', style: 'input', note: d.excludeFromCriticalItStats ?? 'critical-IT lease' });
    s.cell({ ref: `L${r}`, formula: `=IF(K${r}="yes", H${r}, "")`, format: F.usd2, style: 'output' });
    const note = [d.excludeFromCriticalItStats ? `Excluded from critical-IT stats: ${d.excludeFromCriticalItStats}.` : '', d.note].filter(Boolean).join(' ');
    s.cell({ ref: `M${r}`, value: note || '', style: note.startsWith('Excluded') ? 'warning' : 'note' });
    s.cell({ ref: `N${r}`, value: d.source, style: 'source' });
    s.row += 1;
  }
  const last = s.row - 1;
  const stats = `L${DEALS_FIRST_ROW}:L${last}`;
  s.blank();
  s.header(['Critical-IT rent statistics', 'Value', 'Unit', 'Note']);
  const out = (name: string, label: string, formula: string, format: string, unit: string, note?: string) => {
    const r = s.row;
    s.cell({ ref: `A${r}`, value: label, style: 'label' });
    s.cell({ ref: `B${r}`, formula, format, style: 'output', name });
    s.cell({ ref: `C${r}`, value: unit, style: 'label' });
    if (note) s.cell({ ref: `D${r}`, value: note, style: 'note' });
    s.row += 1;
  };
  out('deal_count', 'Leases in the statistics', `=COUNT(${stats})`, F.int, 'leases', `Of ${HPC_DEALS.length} rows; excluded rows are marked in column M.`);
  out('rent_median', 'Median rent', `=IF(deal_count=0, "", MEDIAN(${stats}))`, F.usd2, 'USD/kW-month');
  out('rent_mean', 'Mean rent', `=IF(deal_count=0, "", AVERAGE(${stats}))`, F.usd2, 'USD/kW-month');
  out('rent_min', 'Lowest rent', `=IF(deal_count=0, "", MIN(${stats}))`, F.usd2, 'USD/kW-month');
  out('rent_max', 'Highest rent', `=IF(deal_count=0, "", MAX(${stats}))`, F.usd2, 'USD/kW-month');
  out('rent_mw_weighted', 'MW-weighted mean rent', `=IF(deal_count=0, "", SUMPRODUCT((K${DEALS_FIRST_ROW}:K${last}="yes") * E${DEALS_FIRST_ROW}:E${last} / F${DEALS_FIRST_ROW}:F${last}) / SUMPRODUCT((K${DEALS_FIRST_ROW}:K${last}="yes") * C${DEALS_FIRST_ROW}:C${last}) / 12000)`, F.usd2, 'USD/kW-month', 'Annual value of included leases / their MW / 12,000.');
  out('rent_median_mwh', 'Median rent per MWh of IT energy', '=IF(deal_count=0, "", WATT.LEASEREVPERMWH(rent_median))', F.usd2, 'USD/MWh', 'At full load, PUE 1 (per MWh of IT energy).');
  s.blank();
  s.text('Some rows are cumulative: WULF "total incl CB-5" (360 MW) includes CB-3/4 (200 MW); APLD "Polaris Forge 1 total" (400 MW) includes the initial 250 MW; CORZ "~500MW total" includes the initial 200 MW. Set column K to "no" on either to count each lease once.', 'note');
  s.text('The Cipher-AWS row is stated in gross power: per kW of critical IT its rent is about PUE (1.25-1.5) times higher than shown.', 'note');
  return {
    id: 'hpc-deals',
    title: 'Announced HPC leases',
    description: 'The AI/HPC leases bitcoin miners announced (Cipher, TeraWulf, Core Scientific, Hut 8, Applied Digital, Galaxy, Riot, IREN): implied rent with WATT.IMPLIEDRENT on each MW basis, and median/mean/min/max rent per kW of critical IT.',
    asOf: HPC_DEALS_AS_OF,
    keyAssumptions: [`${HPC_DEALS.length} announced contracts`, 'rent = value / term / kW / 12', 'GPU-cloud and gross-basis rows excluded from stats'],
    answers: 'What rent per kW of critical IT per month do announced miner-to-AI leases imply, and how wide is the range?',
    sheets: [s.build()],
  };
}

export const hpcDeals: Template = build();
