/**
 * Listed miners: comps. Operating figures (MW, pipeline MW, contracted HPC MW, EH/s, J/TH) and market
 * caps of listed miners and two neoclouds as user inputs with their as-of date and source, and
 * valuation ratios as formulas that stay blank when an input is empty. Market cap stands in for EV
 * until the user enters net debt (an empty input column, marked).
 */
import { F, SheetBuilder } from './builder';
import { CompanyField, LISTED_COMPANIES, MARKET_CAP_AS_OF } from './data/listed-miners';
import type { Template } from './types';

export const COMPS_AS_OF = MARKET_CAP_AS_OF;
/** Excel serial of the market-cap as-of date (2025-12-19). */
const AS_OF_SERIAL = 46010;

/** Input columns: field, sheet column, header, format. */
export const COMPS_INPUTS: readonly { field: CompanyField; col: string; header: string; format: string }[] = [
  { field: 'operatingMw', col: 'C', header: 'Operating MW', format: F.int },
  { field: 'pipelineMw', col: 'D', header: 'Pipeline MW', format: F.int },
  { field: 'hpcContractedMw', col: 'E', header: 'HPC contracted MW (critical IT)', format: F.int },
  { field: 'ehs', col: 'F', header: 'EH/s (self-mining)', format: F.num1 },
  { field: 'efficiencyJth', col: 'G', header: 'Fleet J/TH', format: F.num1 },
  { field: 'marketCapUsd', col: 'H', header: 'Market cap (USD)', format: F.usdB },
];
/** Header row and first data row of the table (1-based). */
export const COMPS_HEADER_ROW = 6;
export const COMPS_FIRST_ROW = 7;

const LABEL: Record<CompanyField, string> = {
  operatingMw: 'Operating MW',
  pipelineMw: 'Pipeline MW',
  hpcContractedMw: 'HPC MW',
  ehs: 'EH/s',
  efficiencyJth: 'J/TH',
  marketCapUsd: 'Market cap',
};

/** The ratio columns: each blank unless every input it needs is a number (and divisors non-zero). */
const ratio = (num: string, den: string, scale = 1e6) =>
  `=IFERROR(IF(OR(${num}="", ${den}="", ${den}=0), "", ${num} / ${den}${scale === 1 ? '' : ` / ${scale}`}), "")`;

function build(): Template {
  const s = new SheetBuilder('Comps', {
    columnWidths: [55, 150, 80, 80, 95, 80, 70, 95, 95, 95, 95, 95, 105, 95, 85, 620, 560],
    freeze: { rows: COMPS_HEADER_ROW, columns: 2 },
  });
  s.heading('Listed miners and neoclouds: comps', `Market caps as of ~${COMPS_AS_OF} (one secondary page: refresh them); operating figures from Q3 2025 reports; HPC contracts through mid-December 2025. Inputs blue on yellow; empty yellow = unknown in source.`);
  s.cell({ ref: 'A3', value: 'As of', style: 'label' });
  s.cell({ ref: 'B3', value: AS_OF_SERIAL, format: F.date, style: 'input', name: 'as_of', note: 'Date of the market caps; change it when you refresh them.' });
  s.cell({ ref: 'C3', value: 'Market cap is the EV proxy until net debt (column I) is entered. Ratios in USD millions; blank when an input is empty.', style: 'note' });
  s.cell({ ref: 'A4', value: 'Figures are read from the source text as column P explains; a figure the source lacks stays empty, never guessed. Source: shared/data/listed-miners.csv.', style: 'source' });
  s.row = COMPS_HEADER_ROW;
  s.header([
    'Ticker', 'Company', ...COMPS_INPUTS.map((c) => c.header), 'Net debt (USD, enter)', 'EV (USD)',
    'EV / operating MW ($M)', 'EV / pipeline MW ($M)', 'EV / contracted HPC MW ($M)', 'EV / EH/s ($M)', 'HPC share of operating MW',
    'Reading of the source (raw text kept)', 'As of and sources',
  ]);
  for (const c of LISTED_COMPANIES) {
    const r = s.row;
    s.cell({ ref: `A${r}`, value: c.ticker, style: 'label' });
    s.cell({ ref: `B${r}`, value: c.name, style: 'label' });
    const reading: string[] = [];
    for (const input of COMPS_INPUTS) {
      const value = c[input.field];
      const raw = c.raw[input.field];
      const note = `${c.notes[input.field]}; source: "${raw}"`;
      s.cell({ ref: `${input.col}${r}`, value, format: input.format, style: 'input', note });
      if (value === null) reading.push(`${LABEL[input.field]}: ${c.notes[input.field]} - "${raw}"`);
      else if (raw !== String(value)) reading.push(`${LABEL[input.field]} ${value}: from "${raw}"${c.notes[input.field] !== raw ? ` (${c.notes[input.field]})` : ''}`);
    }
    s.cell({ ref: `I${r}`, value: null, format: F.usdB, style: 'input', note: 'Net debt: not in the source; enter it to turn market cap into EV.' });
    s.cell({ ref: `J${r}`, formula: `=IF(H${r}="", "", H${r} + IF(I${r}="", 0, I${r}))`, format: F.usdB, style: 'output' });
    s.cell({ ref: `K${r}`, formula: ratio(`J${r}`, `C${r}`), format: F.num2, style: 'output' });
    s.cell({ ref: `L${r}`, formula: ratio(`J${r}`, `D${r}`), format: F.num2, style: 'output' });
    s.cell({ ref: `M${r}`, formula: ratio(`J${r}`, `E${r}`), format: F.num2, style: 'output' });
    s.cell({ ref: `N${r}`, formula: ratio(`J${r}`, `F${r}`), format: F.num1, style: 'output' });
    s.cell({ ref: `O${r}`, formula: ratio(`E${r}`, `C${r}`, 1), format: F.pct, style: 'output' });
    s.cell({ ref: `P${r}`, value: reading.join('; ') || 'All figures as the source states them.', style: 'source' });
    s.cell({ ref: `Q${r}`, value: c.asOfAndSources, style: 'source' });
    s.row += 1;
  }
  const last = s.row - 1;
  s.blank();
  const stat = (label: string, fn: string, style: 'output' | 'label' = 'output') => {
    const r = s.row;
    s.cell({ ref: `B${r}`, value: label, style: 'label' });
    for (const col of ['K', 'L', 'M', 'N', 'O']) {
      const fmt = col === 'O' ? F.pct : col === 'N' ? F.num1 : F.num2;
      const range = `${col}${COMPS_FIRST_ROW}:${col}${last}`;
      s.cell({ ref: `${col}${r}`, formula: fn === 'COUNT' ? `=COUNT(${range})` : `=IF(COUNT(${range})=0, "", ${fn}(${range}))`, format: fn === 'COUNT' ? F.int : fmt, style });
    }
    s.row += 1;
  };
  stat('Median', 'MEDIAN');
  stat('Mean', 'AVERAGE');
  stat('Min', 'MIN');
  stat('Max', 'MAX');
  stat('Companies with a figure', 'COUNT', 'label');
  s.blank();
  s.text('Benchmarks in $M per MW: build cost ~0.3-0.8 for mining and ~8-11 per critical-IT MW for an AI-grade data centre (Cipher, TeraWulf; JLL 10.7); a leased powered shell creates ~5-8 per MW of value (Morgan Stanley, 2025-09-21).', 'note');
  return {
    id: 'comps',
    title: 'Listed miners: comps',
    description: 'IREN, CIFR, RIOT, CORZ, MARA, HUT, CLSK, BTDR, HIVE, WULF, BITF, APLD, GLXY and neoclouds CRWV, NBIS: MW, pipeline, contracted HPC MW, EH/s, J/TH and market cap with sources; EV/MW, EV per contracted MW, EV/EH/s.',
    asOf: COMPS_AS_OF,
    keyAssumptions: [`market caps ~${COMPS_AS_OF}`, 'Q3 2025 operating figures', 'EV = market cap + net debt (enter)', '15 companies'],
    answers: 'How does the market value listed miners per MW of power, per contracted HPC MW and per EH/s, as of a stated date?',
    sheets: [s.build()],
  };
}

export const comps: Template = build();
