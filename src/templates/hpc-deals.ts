/**
 * Announced AI/HPC deals of bitcoin miners: the rent each implies (WATT.IMPLIEDRENT) on its stated MW
 * basis, and statistics of rent per kW of critical IT per month that count each lease once and only
 * leases, by default: kind = lease, MW on a critical-IT basis, every figure disclosed, and not a part of
 * a later total (the total counts). Every row left out says why, on the sheet; an include column (yes/no
 * input, validated) lets the user override, and the statistics follow it over exactly the table's rows.
 * The statistics and the rows left out are on a second sheet, "HPC deals summary", so that they print
 * on a page of their own, not under the deals table's repeated header (the table prints in bands).
 */
import { excelText, F, onChoice, SheetBuilder } from './builder';
import { HPC_DEALS, HPC_DEALS_AS_OF } from './data/hpc-deals';
import { ANNOUNCED_LEASES, LEASE_COUNT_TEXT } from './lease-count';
import type { Template, TemplateSheet } from './types';

export const DEALS_HEADER_ROW = 5;
export const DEALS_FIRST_ROW = 6;
/** Columns of the deals table. */
export const DEAL_COLS = {
  deal: 'A', counterparty: 'B', mw: 'C', basisText: 'D', value: 'E', term: 'F', announced: 'G', kind: 'H', basis: 'I',
  rent: 'J', annual: 'K', perMw: 'L', include: 'M', rentInStats: 'N', mwInStats: 'O', why: 'P', note: 'Q', source: 'R',
} as const;
const YES_NO = ['yes', 'no'];

const KIND_LABEL = { lease: 'lease', gpu_cloud: 'GPU cloud', other: 'other (not a contract)' } as const;

function build(): Template {
  const C = DEAL_COLS;
  const s = new SheetBuilder('HPC deals', {
    columnWidths: [290, 250, 140, 230, 100, 65, 110, 130, 75, 95, 100, 85, 70, 85, 70, 380, 420, 420],
    freeze: { rows: DEALS_HEADER_ROW, columns: 1 },
    // Printed in bands of whole groups, the deal at the left of every page: counterparty and MW, the
    // contract's terms, implied rent and value, the statistics' inclusion, then the note and the source.
    print: { titleColumns: 1, headerRow: DEALS_HEADER_ROW, groups: ['B:D', 'E:I', 'J:L', 'M:P', 'Q', 'R'] },
  });
  s.heading(
    'Announced AI/HPC deals by bitcoin miners',
    `${HPC_DEALS.length} deals announced through ${HPC_DEALS_AS_OF} (data/hpc-deals.csv, each row with its source). Implied rent = contract value / term / (MW x 1000) / 12: the average over the term, on the row's MW basis.`,
  );
  s.cell({
    ref: 'A3',
    value: `Rent statistics count each lease once and only leases: kind lease, MW on a critical-IT basis, every figure disclosed, and not a part of a later total (the total counts). Column ${C.include} ("yes"/"no") overrides a row; column ${C.why} says why a row is out; the statistics are on the ${DEALS_SUMMARY_TITLE} sheet. Any other value in column ${C.include} turns the statistics into #N/A.`,
    style: 'note',
  });
  s.row = DEALS_HEADER_ROW;
  s.header([
    'Deal', 'Counterparty', 'MW', 'MW basis (as stated)', 'Contract value (USD)', 'Term (yrs)', 'Announced', 'Kind', 'Basis read',
    'Implied rent (USD/kW-month)', 'Annual value (USD)', 'Value per MW ($M)', 'In rent stats', 'Rent in stats (USD/kW-month)', 'MW in stats',
    'Why out of the statistics', 'Note', 'Source',
  ]);
  const left: { deal: string; why: string }[] = [];
  for (const d of HPC_DEALS) {
    const r = s.row;
    const src = `hpc-deals.csv: ${d.source}`;
    const missing = 'not disclosed: left empty';
    s.cell({ ref: `${C.deal}${r}`, value: d.deal, style: 'label' });
    s.cell({ ref: `${C.counterparty}${r}`, value: d.counterparty, style: 'label' });
    s.cell({ ref: `${C.kind}${r}`, value: KIND_LABEL[d.kind], style: 'label' });
    s.cell({ ref: `${C.mw}${r}`, value: d.capacityMw, format: F.int, style: 'input', note: d.capacityMw === null ? missing : src });
    s.cell({ ref: `${C.basisText}${r}`, value: d.mwBasis, format: F.text, style: 'input', note: src });
    s.cell({ ref: `${C.basis}${r}`, value: d.basis, style: d.basis === 'critical IT' ? 'label' : 'warning' });
    s.cell({ ref: `${C.value}${r}`, value: d.contractValueUsd, format: F.usdB, style: 'input', note: d.contractValueUsd === null ? missing : src });
    s.cell({ ref: `${C.term}${r}`, value: d.termYears, format: F.num1, style: 'input', note: d.termYears === null ? missing : src });
    s.cell({ ref: `${C.announced}${r}`, value: d.announced, format: F.text, style: 'input', note: src });
    const disclosed = `AND(ISNUMBER(${C.value}${r}), ISNUMBER(${C.term}${r}), ISNUMBER(${C.mw}${r}))`;
    s.cell({ ref: `${C.rent}${r}`, formula: `=IF(${disclosed}, WATT.IMPLIEDRENT(${C.value}${r}, ${C.term}${r}, ${C.mw}${r}), "")`, format: F.usd2, style: 'output' });
    s.cell({ ref: `${C.annual}${r}`, formula: `=IF(AND(ISNUMBER(${C.value}${r}), ISNUMBER(${C.term}${r})), ${C.value}${r} / ${C.term}${r}, "")`, format: F.usdM, style: 'output' });
    s.cell({ ref: `${C.perMw}${r}`, formula: `=IF(AND(ISNUMBER(${C.value}${r}), ISNUMBER(${C.mw}${r})), ${C.value}${r} / ${C.mw}${r} / 1000000, "")`, format: F.num1, style: 'output' });
    const why = d.statsExclusion;
    // The reason inside a formula: double quotes become single (see excelText).
    const whyText = why?.replace(/"/g, "'");
    s.cell({ ref: `${C.include}${r}`, value: why === null ? 'yes' : 'no', style: 'input', choices: YES_NO, note: why ?? 'critical-IT lease, counted once' });
    // Included: the rent, or #N/A when the row has no rent to count (never silently skipped).
    s.cell({ ref: `${C.rentInStats}${r}`, formula: `=${onChoice(`${C.include}${r}`, YES_NO, [`IF(ISNUMBER(${C.rent}${r}), ${C.rent}${r}, NA())`, '""'])}`, format: F.usd2, style: 'output' });
    s.cell({ ref: `${C.mwInStats}${r}`, formula: `=${onChoice(`${C.include}${r}`, YES_NO, [`IF(ISNUMBER(${C.mw}${r}), ${C.mw}${r}, NA())`, '0'])}`, format: F.int, style: 'output' });
    const out = why === null ? '"Left out by the user"' : excelText(`Left out: ${whyText}`);
    const overridden = why === null ? '""' : excelText(`Included by the user; by default out: ${whyText}`);
    s.cell({ ref: `${C.why}${r}`, formula: `=${onChoice(`${C.include}${r}`, YES_NO, [overridden, out])}`, format: F.text, style: 'warning' });
    s.cell({ ref: `${C.note}${r}`, value: d.note, style: 'note' });
    s.cell({ ref: `${C.source}${r}`, value: d.source, style: 'source' });
    if (why !== null) left.push({ deal: d.deal, why });
    s.row += 1;
  }
  const last = s.row - 1;
  const table = s.build();
  const summary = buildSummary(table, last, left);
  return {
    id: 'hpc-deals',
    title: 'Announced HPC deals',
    description: 'The AI/HPC leases and GPU-cloud contracts bitcoin miners announced, 2024 to mid-2026 (Cipher, TeraWulf, Core Scientific, Hut 8, Applied Digital, Galaxy, Riot, IREN, ...): implied rent with WATT.IMPLIEDRENT on each MW basis, and median/mean/min/max rent per kW of critical IT counting each lease once.',
    asOf: HPC_DEALS_AS_OF,
    keyAssumptions: [`${HPC_DEALS.length} announced deals`, 'rent = value / term / kW / 12', 'leases on critical IT, each once', `${left.length} rows out by default, with reasons`],
    answers: 'What rent per kW of critical IT per month do announced miner-to-AI leases imply, and how wide is the range?',
    sheets: [table, summary],
  };
}

/** Title of the sheet of the rent statistics and the rows they leave out. */
export const DEALS_SUMMARY_TITLE = 'HPC deals summary';

/**
 * The rent statistics and the rows they leave out, on a sheet of their own, so they print on pages of
 * their own: the deals table prints in bands under its repeated header row and deal column, which apply
 * to a whole sheet (Excel and LibreOffice), and would sit above these blocks on every page they print on.
 * Every formula reads the deals sheet by reference (its names are scoped to it; these are scoped here).
 */
function buildSummary(table: TemplateSheet, last: number, left: readonly { deal: string; why: string }[]): TemplateSheet {
  const C = DEAL_COLS;
  const sheetRef = `'{{${table.title}}}'!`;
  const col = (c: string) => `${sheetRef}${c}${DEALS_FIRST_ROW}:${c}${last}`;
  const rents = col(C.rentInStats);
  const s = new SheetBuilder(DEALS_SUMMARY_TITLE, { columnWidths: [290, 95, 150, 560] });
  s.heading('Announced AI/HPC deals: rent statistics', `Statistics of the ${table.title} sheet's table (rows ${DEALS_FIRST_ROW}-${last}), over the rows its column ${C.include} includes: each lease once and only leases by default. Every figure is read from that sheet.`);
  s.header(['Critical-IT rent statistics', 'Value', 'Unit', 'Note']);
  const out = (name: string, label: string, formula: string, format: string, unit: string, note?: string) => {
    const r = s.row;
    s.cell({ ref: `A${r}`, value: label, style: 'label' });
    s.cell({ ref: `B${r}`, formula, format, style: 'output', name });
    s.cell({ ref: `C${r}`, value: unit, style: 'label' });
    if (note) s.cell({ ref: `D${r}`, value: note, style: 'note' });
    s.row += 1;
  };
  out('stats_check', 'Include column check', `=IF(ISERROR(SUM(${rents}, ${col(C.mwInStats)})), NA(), "OK")`, F.text, '', `#N/A when a cell of ${C.include}${DEALS_FIRST_ROW}:${C.include}${last} (${table.title} sheet) is not "yes" or "no", or an included row has no rent or MW.`);
  out('deal_count', 'Leases in the statistics', `=IF(stats_check="OK", COUNT(${rents}), "")`, F.int, 'leases', `Of ${HPC_DEALS.length} rows (${DEALS_FIRST_ROW}-${last} of the ${table.title} sheet); rows out are listed in its column ${C.why} and below.`);
  out('rows_left_out', 'Rows left out', `=IF(stats_check="OK", ROWS(${rents}) - deal_count, "")`, F.int, 'rows');
  s.cell({ ref: `A${s.row}`, value: 'Announced leases, each counted once', style: 'label' });
  s.cell({ ref: `B${s.row}`, value: ANNOUNCED_LEASES.length, format: F.int, style: 'output', name: 'announced_leases' });
  s.cell({ ref: `C${s.row}`, value: 'leases', style: 'label' });
  s.cell({ ref: `D${s.row}`, value: `The one count every Watt sheet states: ${LEASE_COUNT_TEXT}.`, style: 'note' });
  s.row += 1;
  out('rent_median', 'Median rent', `=IF(deal_count=0, "", MEDIAN(${rents}))`, F.usd2, 'USD/kW-month');
  out('rent_mean', 'Mean rent', `=IF(deal_count=0, "", AVERAGE(${rents}))`, F.usd2, 'USD/kW-month');
  out('rent_min', 'Lowest rent', `=IF(deal_count=0, "", MIN(${rents}))`, F.usd2, 'USD/kW-month');
  out('rent_max', 'Highest rent', `=IF(deal_count=0, "", MAX(${rents}))`, F.usd2, 'USD/kW-month');
  out('rent_mw_weighted', 'MW-weighted mean rent', `=IF(deal_count=0, "", SUMPRODUCT(${rents}, ${col(C.mwInStats)}) / SUM(${col(C.mwInStats)}))`, F.usd2, 'USD/kW-month', 'Sum of rent x MW over the included rows / their MW.');
  out('rent_median_mwh', 'Median rent per MWh of IT capacity', '=IF(deal_count=0, "", WATT.LEASEREVPERMWH(rent_median))', F.usd2, 'USD/MWh of IT capacity', 'PUE 1: per MWh of critical-IT capacity (every hour, at full load); per MWh of site capacity divide by the PUE (powered-shell, three-paths).');
  s.blank();
  s.header(['Left out of the statistics by default', 'Why']);
  for (const { deal, why } of left) {
    s.cell({ ref: `A${s.row}`, value: deal, style: 'label' });
    s.cell({ ref: `B${s.row}`, value: why, style: 'note' });
    s.row += 1;
  }
  s.blank();
  s.text('A row stated in gross power, if included, counts per gross kW: per kW of critical IT its rent is about PUE (1.25-1.5) times higher.', 'note');
  s.text('GPU-cloud contracts include the GPUs: their revenue per kW is several times any lease and is not a rent.', 'note');
  return s.build();
}

export const hpcDeals: Template = build();
