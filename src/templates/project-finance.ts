/**
 * project-finance: a credit committee's view of two leased AI halls, laid out as the FAST standard asks.
 *
 *  - Sheet "Inputs": every input, blue on yellow, with its unit and its public source (or "Assumption").
 *  - Sheet "River Bend": a Hut 8 River Bend-like leased shell (245 MW critical IT, 15-year lease, ~$7B base
 *    rent, Google backstop, up to 85% loan to cost). One annual timeline (2026 = year 1, two construction
 *    years, then the lease); debt sized by gearing (loan to cost on total cost, financing costs included)
 *    and by DSCR (sculpted on CFADS), the lesser drawn and the binding one named; sources and uses; the
 *    corkscrew (opening, draws, capitalized interest, interest, principal, sweep, closing); DSCR by year
 *    (a chart); equity IRR against the project IRR; an equity IRR grid to debt rate x loan to cost.
 *  - Sheet "Flash Compute": the TeraWulf-Fluidstack JV's senior secured notes as marketed (Dec 2025), on a
 *    semiannual timeline: coupon, mandatory amortization from lease start, 50% excess-cash-flow offer, the
 *    $75M cash collateral release; the path of the notes against the published $1,275M -> $700M.
 *
 * No circular reference. Interest during construction (IDC), the upfront fee and the debt service reserve
 * are funded by a debt sized on total cost; each is linear in the debt D (draws pro rata to capex, so IDC
 * = D x iota / (1 + iota) with iota the draws' accrual; the fee f x D; the reserve, months of the first
 * sculpted debt service, D x delta), so gearing g on total cost gives D = g X / (1 - g (iota / (1 + iota)
 * + f + delta)) in closed form. Sculpted repayments: debt service_t = CFADS_t x D / PV_r(CFADS), so the
 * balance ends at 0 on the tenor and DSCR_t = dscr x capacity / D (= the target when DSCR sizing binds).
 * Every number is a plain Excel formula (WATT.CHECK only reads the inputs, with a native form), so the
 * native export is live by construction.
 */
import { checkedInput, excelText, F, SheetBuilder, type Accepts } from './builder';
import { cellRef, columnLetters } from './plan';
import type { CellStyle, Template, TemplateCell, TemplateChart, TemplateSheet } from './types';

const INPUTS = 'Inputs';
const RB = 'River Bend';
const FC = 'Flash Compute';

/** A number in USD millions shown as $1,234.5M; the cell holds USD. */
const M = F.usdM;
const RATIO = '0.00"x";(0.00"x")';
const INT = F.int;
/** A factor to four decimals. */
const NUM4 = '#,##0.0000;(#,##0.0000)';
/** A year, e.g. 2026. */
const YEAR = '0;(0)';

const POS: Accepts = { min: 0, minExclusive: true };
const NONNEG: Accepts = { min: 0 };
const FRACTION: Accepts = { min: 0, max: 1 };

interface In {
  name: string;
  label: string;
  value: number;
  format: string;
  unit: string;
  source: string;
  accepts: Accepts & { integer?: boolean };
  /** The short name the calculation sheet reads (a checked link to the input). */
  link: string;
}

// ---------------------------------------------------------------------------------------------------
// Sources (each written beside its input)
/** The sources, listed in full once at the foot of the Inputs sheet; inputs cite them by number. */
export const PF_SOURCES = [
  'Hut 8 press release and investor call, 2025-12-17: 15-year lease of 245 MW of IT capacity at River Bend (West Feliciana Parish, Louisiana) to Fluidstack, ~$7.0B base term contract value (up to ~$17.7B with three 5-year renewals), Google financial backstop of lease payments and pass-through obligations over the base term; first data hall Q2 2027, the rest over the following year.',
  'New Project Media, 2025-12-17 (newprojectmedia.com): JPMorgan and Goldman Sachs committed to the construction loan of River Bend\'s first tranche, up to 85% of construction cost, target pricing SOFR + 225 bps; construction $9-11M per MW (CEO Asher Genoot on the call), ~$2.45B at the midpoint with ~$2.08B of debt; Hut 8 equity $300-400M; average NOI ~$454M a year.',
  'MarketDash, 2025-12-17: triple-net lease, 3% annual base rent escalator; Hut 8 expects ~$6.9B of cumulative NOI over the term (~$454M a year).',
  'blockspace.media, 2025-12-18, "TeraWulf and Fluidstack joint venture plans $1.275B secured note offering" (also on Yahoo Finance), from the offering documents: notes due 2030, 8.0% coupon paid semiannually in the model, mandatory amortization from lease commencement ($19M in 2026 rising to $85M in 2031), 50% excess cash flow offer, total debt from $1.275B to $700M over five years incl. a $75M cash collateral release, building valued at $1.36B, Google backstop of $1.8B, opex $42.7M in the first year escalating 3%, NOI $55M (2026) to $251M (2031) at an 84% margin.',
  'TeraWulf 8-K, 2025-10-28 (via StockTitan): Abernathy, Texas JV with Fluidstack (TeraWulf 50.1%), 25-year lease of 168 MW of critical IT, ~$9.5B contracted revenue, build cost $8-10M per MW, delivery in the second half of 2026, Google backstop of $1.3B amortizing over 10 years from rent commencement.',
  'TeraWulf 8-K, 2025-12-29: Flash Compute LLC issued $1.3B of 7.250% senior secured notes due 2030-12-31 at par (upsized from $1.275B), interest semiannual on June 30 and December 31 from 2026-06-30, semiannual amortization with none before the Abernathy campus is complete; proceeds fund construction, debt reserves, $75M of cash collateral for a letter of credit, fees and expenses.',
] as const;

const HUT8 = 'Hut 8, 2025-12-17 [1]';
const NPM = 'New Project Media, 2025-12-17 [2]';
const MKTDASH = 'MarketDash, 2025-12-17 [3]';
const BLOCKSPACE = 'blockspace.media / Yahoo Finance, 2025-12-18 [4]';
const WULF_8K_OCT = 'TeraWulf 8-K, 2025-10-28 [5]';
const WULF_8K_DEC = 'TeraWulf 8-K, 2025-12-29 [6]';

export const RB_INPUTS: readonly In[] = [
  { name: 'rb_mw', link: 'mw', label: 'Critical IT capacity', value: 245, format: F.num1, unit: 'MW', source: `245 MW of IT capacity leased to Fluidstack (${HUT8}).`, accepts: POS },
  { name: 'rb_capex_mw', link: 'capex_mw', label: 'Construction cost', value: 10, format: F.num2, unit: 'USD M per MW', source: `Midpoint of $9-11M per MW (${NPM}): $2.45B at 245 MW.`, accepts: POS },
  { name: 'rb_start_year', link: 'start_year', label: 'First year of the model (construction starts)', value: 2026, format: YEAR, unit: 'year', source: `Construction already under way at signing; first data hall Q2 2027, the rest over the next year (${HUT8}).`, accepts: { min: 1990, max: 2100, integer: true } },
  { name: 'rb_phase1', link: 'phase_first', label: 'Share of construction spent in year 1 (the rest in year 2)', value: 0.5, format: F.pct, unit: '% of cost', source: 'Assumption: even over 2026-2027 (first hall Q2 2027, the rest within a year). The lease is modelled from year 3 (2028), a simplification of the phased handover.', accepts: FRACTION },
  { name: 'rb_rent_total', link: 'rent_total', label: 'Base rent over the lease term', value: 7.0e9, format: M, unit: 'USD', source: `~$7.0B over the 15-year base term (${HUT8}); up to $17.7B with three 5-year renewals (not modelled).`, accepts: POS },
  { name: 'rb_escalator', link: 'escalator', label: 'Annual rent escalator', value: 0.03, format: F.pct, unit: '% a year', source: `3% a year (${MKTDASH}).`, accepts: { min: -0.5, max: 0.5 } },
  { name: 'rb_term', link: 'term', label: 'Lease term', value: 15, format: INT, unit: 'years', source: `15-year base term (${HUT8}). The timeline holds 2 construction years and up to 18 lease years.`, accepts: { min: 1, max: 18, integer: true } },
  { name: 'rb_noi_margin', link: 'noi_margin', label: 'NOI margin (CFADS / rent)', value: 0.9857, format: F.pct, unit: '% of rent', source: `~$6.9B of NOI on ~$7.0B of rent (${MKTDASH}): a triple-net lease passes opex through. Pre-tax: CFADS = NOI (no tax, no maintenance reserve modelled).`, accepts: { min: 0, minExclusive: true, max: 1 } },
  { name: 'rb_ltc', link: 'ltc', label: 'Maximum loan to cost (gearing)', value: 0.85, format: F.pct, unit: '% of total cost', source: `Up to 85% of cost (${NPM}). Applied here to total cost (construction, interest during construction, fee and reserve); on construction alone 85% is $2.08B, as [2].`, accepts: { min: 0, max: 0.95 } },
  { name: 'rb_base_rate', link: 'base_rate', label: 'Base rate (SOFR)', value: 0.0365, format: F.pct2, unit: '% a year', source: 'Assumption: SOFR ~3.65% after the Fed cut its target range to 3.50-3.75% on 2025-12-10; unhedged, flat. Enter the swap rate to model a hedged loan.', accepts: { min: 0, max: 0.3 } },
  { name: 'rb_margin', link: 'margin', label: 'Loan margin over SOFR', value: 0.0225, format: F.pct2, unit: '% a year', source: `SOFR + 225 bps target pricing (${NPM}).`, accepts: { min: 0, max: 0.3 } },
  { name: 'rb_fee', link: 'fee', label: 'Upfront fee', value: 0.015, format: F.pct2, unit: '% of debt', source: 'Assumption: 1.5% arrangement fee, typical of a bank construction loan; paid at the first draw and funded like the cost.', accepts: { min: 0, max: 0.1 } },
  { name: 'rb_dscr', link: 'dscr', label: 'Target DSCR (sculpting and sizing)', value: 1.3, format: RATIO, unit: 'x', source: 'Assumption: 1.30x, the middle of the 1.20-1.40x lenders size investment-grade-backed leases at.', accepts: { min: 1, minExclusive: true, max: 10 } },
  { name: 'rb_tenor', link: 'tenor', label: 'Debt tenor after completion', value: 15, format: INT, unit: 'years', source: 'Assumption: repaid over the Google-backstopped base term (the construction loan termed out); at most the lease term.', accepts: { min: 1, max: 18, integer: true } },
  { name: 'rb_dsra_months', link: 'dsra_months', label: 'Debt service reserve', value: 6, format: INT, unit: 'months of debt service', source: 'Assumption: six months of the first year\'s debt service, funded at completion, released to equity when the debt is repaid (the end of the tenor, earlier with a cash sweep).', accepts: { min: 0, max: 24 } },
  { name: 'rb_sweep', link: 'sweep', label: 'Cash sweep', value: 0, format: F.pct, unit: '% of cash after debt service', source: 'Assumption: none in the base case (a bank loan sculpted to the lease); the sensitivity grid assumes none.', accepts: FRACTION },
  { name: 'rb_exit_cap', link: 'exit_cap', label: 'Exit cap rate at the end of the term', value: 0.075, format: F.pct2, unit: '% (NOI / value)', source: 'The 7.5% exit cap rate of the three-paths template (Morgan Stanley 2025-09-21 calibration); the shell valued on the next year\'s NOI.', accepts: { min: 0, minExclusive: true, max: 1 } },
  { name: 'rb_coe', link: 'coe', label: 'Cost of equity', value: 0.1, format: F.pct, unit: '% a year', source: 'Assumption: 10%, the unlevered rate of the three-paths template; levered equity would ask more.', accepts: { min: -0.99, max: 1 } },
];

/** Mandatory amortization by year: published for 2026 and 2031, the years between interpolated linearly. */
const MAND = [19, 32.2, 45.4, 58.6, 71.8, 85];

export const FC_INPUTS: readonly In[] = [
  { name: 'fc_notes', link: 'notes', label: 'Senior secured notes issued at close (Dec 2025)', value: 1.275e9, format: M, unit: 'USD', source: `$1.275B as marketed (${BLOCKSPACE}); issued at $1.3B (${WULF_8K_DEC}).`, accepts: POS },
  { name: 'fc_coupon', link: 'coupon', label: 'Coupon (paid semiannually)', value: 0.08, format: F.pct2, unit: '% a year', source: `The offering model's 8.0% coupon paid semiannually (${BLOCKSPACE}). Priced at 7.25% (TeraWulf 8-K, 2025-12-29).`, accepts: { min: 0, max: 0.5 } },
  { name: 'fc_mw', link: 'mw', label: 'Critical IT capacity', value: 168, format: F.num1, unit: 'MW', source: `168 MW of critical IT at Abernathy, Texas (${WULF_8K_OCT}).`, accepts: POS },
  { name: 'fc_capex_mw', link: 'capex_mw', label: 'Construction cost', value: 9, format: F.num2, unit: 'USD M per MW', source: `Midpoint of $8-10M per MW (${WULF_8K_OCT}).`, accepts: POS },
  { name: 'fc_fee', link: 'fee', label: 'Issue fees and expenses', value: 0.02, format: F.pct2, unit: '% of notes', source: 'Assumption: 2% of principal for the initial purchasers and expenses (not published).', accepts: { min: 0, max: 0.1 } },
  { name: 'fc_collateral', link: 'collateral', label: 'Cash collateral for a letter of credit (released to the notes)', value: 75e6, format: M, unit: 'USD', source: `$75M funded from proceeds (${WULF_8K_DEC}); its release counts in the published paydown (${BLOCKSPACE}).`, accepts: NONNEG },
  { name: 'fc_release_period', link: 'release_period', label: 'Half-year of the collateral release', value: 10, format: INT, unit: 'period (1 = 2026 H1)', source: 'Assumption: at the notes\' maturity, 2030 H2 (period 10); the release date is not published.', accepts: { min: 1, max: 12, integer: true } },
  { name: 'fc_reserve_periods', link: 'reserve_periods', label: 'Coupons paid from the interest reserve', value: 2, format: INT, unit: 'half-years from close', source: `Assumption: the 2026 coupons (construction, lease start in H2) paid from a reserve funded from proceeds ("debt reserves", ${WULF_8K_DEC}).`, accepts: { min: 0, max: 12, integer: true } },
  { name: 'fc_lease_start', link: 'lease_start', label: 'First half-year of rent', value: 2, format: INT, unit: 'period (1 = 2026 H1)', source: `2026 H2: delivery in the second half of 2026 (${WULF_8K_OCT}); mandatory amortization begins at lease commencement (${BLOCKSPACE}).`, accepts: { min: 1, max: 2, integer: true } },
  { name: 'fc_noi_2026', link: 'noi_2026', label: 'NOI 2026 (from lease start)', value: 55e6, format: M, unit: 'USD', source: `$55M in 2026 (${BLOCKSPACE}).`, accepts: NONNEG },
  { name: 'fc_noi_2031', link: 'noi_2031', label: 'NOI 2031', value: 251e6, format: M, unit: 'USD', source: `$251M in 2031 at an 84% margin (${BLOCKSPACE}).`, accepts: NONNEG },
  { name: 'fc_noi_growth', link: 'noi_growth', label: 'NOI growth 2027-2031 (years between interpolated)', value: 0.03, format: F.pct, unit: '% a year', source: 'Interpolation (2027-2030 not published): opex of $42.7M in the first full year escalating 3% a year at a steady 84% margin, so NOI grows 3% a year: NOI_y = NOI_2031 / 1.03^(2031 - y) ($223.0M in 2027, $42.5M opex).', accepts: { min: -0.5, max: 0.5 } },
  { name: 'fc_margin', link: 'noi_margin', label: 'NOI margin', value: 0.84, format: F.pct, unit: '% of revenue', source: `84% (${BLOCKSPACE}); revenue = NOI / margin.`, accepts: { min: 0, minExclusive: true, max: 1 } },
  ...MAND.map((v, i): In => ({
    name: `fc_mand_${2026 + i}`,
    link: `mand_${2026 + i}`,
    label: `Mandatory amortization ${2026 + i}`,
    value: v * 1e6,
    format: M,
    unit: 'USD',
    source: i === 0 || i === MAND.length - 1 ? `$19M in 2026 rising to $85M in 2031 (${BLOCKSPACE}).` : 'Interpolated linearly between the published $19M (2026) and $85M (2031): the years between are not published.',
    accepts: NONNEG,
  })),
  { name: 'fc_sweep', link: 'sweep', label: 'Excess cash flow offered to the notes', value: 0.5, format: F.pct, unit: '% of excess cash flow', source: `50% excess-cash-flow offer (${BLOCKSPACE}); taken up in full.`, accepts: FRACTION },
  { name: 'fc_ltc', link: 'ltc', label: 'Loan to cost for comparison (gearing sizing)', value: 0.8, format: F.pct, unit: '% of total cost', source: 'Assumption: 80%, as Galaxy\'s Helios project facility (issue 17); shows how the notes compare with a bank\'s gearing.', accepts: { min: 0, max: 0.95 } },
  { name: 'fc_dscr', link: 'dscr', label: 'Target DSCR for comparison (DSCR sizing)', value: 1.3, format: RATIO, unit: 'x', source: 'Assumption: 1.30x over the lease, sculpted (as River Bend).', accepts: { min: 1, minExclusive: true, max: 10 } },
  { name: 'fc_lease_end', link: 'lease_end', label: 'Last year of the lease', value: 2051, format: YEAR, unit: 'year', source: `25-year lease from H2 2026 (${WULF_8K_OCT}); DSCR sizing reads NOI to this year, growing at the rate above after 2031.`, accepts: { min: 2031, max: 2100, integer: true } },
  { name: 'fc_exit_cap', link: 'exit_cap', label: 'Exit cap rate at the end of 2031', value: 0.075, format: F.pct2, unit: '% (NOI / value)', source: 'As River Bend: the three-paths exit cap rate; the JV sells (or refinances) on 2032 NOI at the horizon.', accepts: { min: 0, minExclusive: true, max: 1 } },
  { name: 'fc_building_value', link: 'building_value', label: 'Appraised value of the building', value: 1.36e9, format: M, unit: 'USD', source: `$1.36B securing the notes (${BLOCKSPACE}).`, accepts: POS },
  { name: 'fc_backstop', link: 'backstop', label: 'Google backstop of lease obligations', value: 1.8e9, format: M, unit: 'USD', source: `$1.8B as published (${BLOCKSPACE}). Check: the Abernathy 8-K states $1.3B, amortizing over 10 years (${WULF_8K_OCT}); $1.8B is the Lake Mariner backstop of August 2025.`, accepts: NONNEG },
];

/** The published debt path (not an input: what the schedule is checked against). */
export const FLASH_PUBLISHED = { start: 1.275e9, after5: 700e6, source: BLOCKSPACE } as const;

/** The template's as-of date: the last source it reads (the notes' closing, 2025-12-29). */
const PF_AS_OF = '2025-12-29';

// ---------------------------------------------------------------------------------------------------

/** Rows kept at the top of the Inputs sheet for the key results (filled once the calculation sheets exist). */
const KEY_ROWS = 13;

function inputsSheet(): { sheet: TemplateSheet; refs: Map<string, string>; builder: SheetBuilder } {
  const s = new SheetBuilder(INPUTS, { columnWidths: [330, 130, 150, 560], freeze: { rows: 2, columns: 0 } });
  s.heading('Project finance: inputs', `As of ${PF_AS_OF}. Every input of the two cases, blue on yellow, with its unit and its public source; "Assumption" where none is published. The calculation sheets read them through WATT.CHECK.`);
  s.row += KEY_ROWS;
  const refs = new Map<string, string>();
  const write = (title: string, rows: readonly In[]) => {
    s.section(title);
    for (const r of rows) refs.set(r.name, s.input({ name: r.name, label: r.label, value: r.value, format: r.format, unit: r.unit, source: r.source, accepts: r.accepts }));
    s.blank();
  };
  write('River Bend-like leased shell (Hut 8, Fluidstack tenant, Google backstop)', RB_INPUTS);
  write('Flash Compute notes (TeraWulf-Fluidstack JV, Abernathy, Texas)', FC_INPUTS);
  s.header(['Sources']);
  PF_SOURCES.forEach((text, i) => s.text(`[${i + 1}] ${text}`, 'source'));
  s.blank();
  s.text('Accepted ranges: every input is read through WATT.CHECK with its range; out of range, text or empty, every number that depends on it is #VALUE! with a message naming the input, its unit and range.', 'note');
  return { sheet: s.build(), refs, builder: s };
}

/**
 * The key results at the top of the Inputs sheet, live as the inputs change: read from the calculation
 * sheets, and cross-checked with Watt's own functions on River Bend's CFADS row (WATT.DEBTSIZE, WATT.LLCR:
 * a banker's functions on a banker's row; native forms in a file without the add-in).
 */
function keyResults(inputs: TemplateSheet, s: SheetBuilder, rb: TemplateSheet, fcSheet: TemplateSheet): void {
  const at = (sheet: TemplateSheet, name: string) => {
    const ref = sheet.cells.find((c) => c.name === name)!.ref.replace(/([A-Z]+)(\d+)/, '$$$1$$$2');
    return `'{{${sheet.title}}}'!${ref}`;
  };
  const cells: TemplateCell[] = [];
  let row = 4;
  const line = (label: string, formula: string, format: string, unit: string, note: string, style: CellStyle = 'output') => {
    cells.push({ ref: `A${row}`, value: label, style: 'label' }, { ref: `B${row}`, formula, format, style }, { ref: `C${row}`, value: unit, style: 'label' });
    if (note) cells.push({ ref: `D${row}`, value: note, style: 'note' });
    row += 1;
  };
  ['Key results (live: read from the calculation sheets)', 'Value', 'Unit', 'Note'].forEach((v, i) => cells.push({ ref: `${'ABCD'[i]}${row}`, value: v, style: 'header' }));
  row += 1;
  line('River Bend: debt drawn', `=${at(rb, 'debt')}`, M, 'USD', 'The lesser of the gearing and DSCR sizings.');
  line('River Bend: binding constraint', `=${at(rb, 'binding')}`, F.text, 'text', 'Which sizing binds.', 'highlight');
  line('River Bend: minimum DSCR', `=${at(rb, 'min_dscr')}`, RATIO, 'x', 'Sculpted: every year of the tenor.');
  line('River Bend: equity IRR', `=${at(rb, 'equity_irr')}`, F.pct2, '% a year', 'Against the project IRR below.', 'highlight');
  line('River Bend: project (unlevered) IRR', `=${at(rb, 'project_irr')}`, F.pct2, '% a year', '');
  // The CFADS row of the lease years (year 3 on) and the tenor, for Watt's own debt functions.
  const cfadsRow = PF_ROWS.rb.cfads;
  const row18 = `'{{${RB}}}'!$F$${cfadsRow}:$W$${cfadsRow}`;
  const c = (n: string) => s.checked(n);
  const rate = `${c('rb_base_rate')} + ${c('rb_margin')}`;
  const tenor = `MIN(${c('rb_tenor')}, ${c('rb_term')})`;
  line('Check: WATT.DEBTSIZE of River Bend\'s CFADS row', `=WATT.DEBTSIZE(${row18}, ${rate}, ${c('rb_dscr')}, 1, ${tenor})`, M, 'USD', 'Equals the sheet\'s debt sized by DSCR (its own SUMPRODUCT).');
  line('Check: WATT.LLCR of the row at the debt drawn', `=WATT.LLCR(${row18}, ${rate}, ${at(rb, 'debt')}, 1, ${tenor})`, RATIO, 'x', 'Equals the sheet\'s LLCR.');
  line('Flash Compute: notes after five years of amortization', `=${at(fcSheet, 'balance_5y')}`, M, 'USD', 'Published: $700M after five years (blockspace.media, 2025-12-18 [4]).', 'highlight');
  line('Flash Compute: notes at maturity (2030 H2), to refinance', `=${at(fcSheet, 'balance_maturity')}`, M, 'USD', '');
  line('Flash Compute: equity IRR', `=${at(fcSheet, 'equity_irr')}`, F.pct2, '% a year', '');
  if (row > 4 + KEY_ROWS - 1) throw new Error('project-finance: key results overflow');
  inputs.cells.push(...cells);
}

/**
 * The IRR of a row of flows (`annual` turns the period IRR into a year's). Flows that never change sign
 * have no IRR (Excel's IRR would be a bare #NUM!): "n/a" saying so; an error in the row passes on.
 */
const irrOf = (row: string, annual: (irr: string) => string = (irr) => irr) =>
  `=IF(ISERROR(SUM(${row})), SUM(${row}), IF(OR(COUNTIF(${row}, ">0")=0, COUNTIF(${row}, "<0")=0), "n/a (the flows never change sign)", ${annual(`IRR(${row})`)}))`;

/**
 * Cash returned / cash invested over a row of equity flows. SUMIF skips error cells, so an error in the
 * row would leave a multiple of the other cells: SUM passes the row's error (and its message) on instead;
 * a row with no contribution has no multiple.
 */
const equityMultiple = (row: string) =>
  `=IF(ISERROR(SUM(${row})), SUM(${row}), IF(SUMIF(${row}, "<0")=0, "n/a (no equity contributed)", SUMIF(${row}, ">0") / -SUMIF(${row}, "<0")))`;

/**
 * The message beside a gearing sizing that is #N/A: loan to cost x the financing costs per USD of debt
 * (interest during construction, fees, reserve), the Excel expression `product`, is 1 or more, so the
 * debt would have to fund more than itself.
 */
const cannotFund = (product: string) =>
  `"#N/A: loan to cost x financing costs per USD of debt (interest during construction, fees, reserve) = " & ROUND(${product}, 3) & ", not below 1: the debt cannot fund its own costs. Lower the loan to cost, the fees or the reserve."`;

/**
 * A calculation sheet with one timeline: A label, B unit, C value or row total, D.. the periods.
 * Scalars are named cells in C; a timeline row is one formula pattern written in every period column.
 */
class Calc {
  readonly cells: TemplateCell[] = [];
  readonly rows = new Map<string, number>();
  readonly charts: TemplateChart[] = [];
  row = 4;
  constructor(readonly first: number, readonly periods: number) {}

  /** Column letter of period k (1-based index into the timeline). */
  col(k: number): string {
    return columnLetters(this.first + k - 1);
  }
  get lastCol(): string {
    return this.col(this.periods);
  }
  /** The whole timeline range of a row key: $D$40:$W$40. */
  range(key: string): string {
    const r = this.rows.get(key)!;
    return `$${this.col(1)}$${r}:$${this.lastCol}$${r}`;
  }
  /** A reference to row `key` in the same column (`c`), e.g. D$41. */
  at(key: string, c: string): string {
    return `${c}$${this.rows.get(key)!}`;
  }
  put(ref: string, cell: Omit<TemplateCell, 'ref'>): void {
    this.cells.push({ ref, ...cell });
  }
  header(labels: string[], style: CellStyle = 'header'): void {
    labels.forEach((v, i) => this.put(cellRef(this.row - 1, i), { value: v, style }));
    this.row += 1;
  }
  text(text: string, style: CellStyle = 'note'): void {
    this.put(`A${this.row}`, { value: text, style });
    this.row += 1;
  }
  blank(n = 1): void {
    this.row += n;
  }
  /** A named scalar in column C; returns its ref. */
  scalar(name: string | undefined, label: string, unit: string, formula: string, format: string, note?: string, style: CellStyle = 'output'): string {
    const ref = `C${this.row}`;
    this.put(`A${this.row}`, { value: label, style: 'label' });
    this.put(`B${this.row}`, { value: unit, style: 'label' });
    // A note beginning with "=" is a formula (a note that follows the inputs): written in D only.
    const live = note?.startsWith('=') ?? false;
    this.put(ref, { formula, format, style, ...(name ? { name } : {}), ...(note && !live ? { note } : {}) });
    if (note) this.put(`D${this.row}`, live ? { formula: note, format: F.text, style: 'note' } : { value: note, style: 'note' });
    this.row += 1;
    return ref;
  }
  /** A timeline row: `f(c, k)` is the formula of period k in column c; `total` a formula for column C. */
  line(key: string, label: string, unit: string, f: (c: string, k: number, prev: string) => string, format: string, total?: 'sum' | string, style: CellStyle = 'output'): void {
    const r = this.row;
    this.rows.set(key, r);
    this.put(`A${r}`, { value: label, style: 'label' });
    this.put(`B${r}`, { value: unit, style: 'label' });
    for (let k = 1; k <= this.periods; k++) {
      const c = this.col(k);
      this.put(`${c}${r}`, { formula: f(c, k, k > 1 ? this.col(k - 1) : ''), format, style });
    }
    if (total) this.put(`C${r}`, { formula: total === 'sum' ? `=SUM(${this.col(1)}${r}:${this.lastCol}${r})` : total, format, style: 'output' });
    this.row += 1;
  }
}

/** Links every input of a case onto its calculation sheet, read through WATT.CHECK; returns nothing (names). */
function linkInputs(c: Calc, rows: readonly In[], refs: Map<string, string>): void {
  c.header(['Inputs (linked from the Inputs sheet, checked)', 'Unit', 'Value']);
  for (const r of rows) {
    const ref = refs.get(r.name)!.replace(/([A-Z]+)(\d+)/, '$$$1$$$2');
    const { integer, ...range } = r.accepts;
    const check = checkedInput(`'{{${INPUTS}}}'!${ref}`, r.label, r.unit, range);
    const formula = integer ? `=IF(${check}=INT(${check}), ${check}, #VALUE!)` : `=${check}`;
    c.scalar(r.link, r.label, r.unit, formula, r.format);
  }
  c.blank();
}

/** Annual-timeline case: River Bend. */
function riverBend(refs: Map<string, string>): TemplateSheet {
  const N = 20; // 2 construction years + up to 18 lease years
  const c = new Calc(4, N);
  c.put('A1', { value: 'River Bend-like leased shell: debt sized two ways, sculpted, and what the equity earns', style: 'title' });
  c.put('A2', { value: `As of ${PF_AS_OF}. Inputs on the Inputs sheet; USD, years ending 31 December, flows at year end. Debt sized on total cost (financing costs included) in closed form: no circular reference.`, style: 'subtitle' });
  // Outputs first (FAST: outputs apart, where a reader starts), then the sensitivity grid, then the
  // inputs as the sheet reads them, the derived values and the timeline's calculation blocks.
  const outStart = c.row;
  const outRows = 32;
  c.row = outStart + outRows + 1;
  const gridBlock = c.row;
  c.row = gridBlock + 9;
  linkInputs(c, RB_INPUTS, refs);

  c.header(['Derived values', 'Unit', 'Value', 'Method']);
  c.scalar('capex', 'Construction cost', 'USD', '=mw * capex_mw * 1000000', M, 'MW x USD M per MW.');
  c.scalar('debt_rate', 'Debt rate (all-in)', '% a year', '=base_rate + margin', F.pct2, 'SOFR + margin; interest on the opening balance, annual.');
  c.scalar('rent_first', 'Rent in the first lease year', 'USD', '=IF(ABS(escalator) < 0.000001, rent_total / (term * (1 + (term - 1) * escalator / 2 + (term - 1) * (term - 2) * escalator^2 / 6)), rent_total * escalator / ((1 + escalator)^term - 1))', M, 'The total base rent spread over the term with the escalator: total x g / ((1+g)^T - 1) (its series near g = 0).');
  c.scalar('iota', 'IDC accrual factor', 'ratio', '=phase_first * ((1 + debt_rate)^2 - 1) + (1 - phase_first) * debt_rate', NUM4, 'Draws at the start of each construction year, interest capitalized at its end: completion balance = draws x (1 + iota).');
  // Derived values that read the timeline's rows: written once the rows exist.
  const scalarRows = 14;
  const scalarStart = c.row;
  c.row = scalarStart + scalarRows + 1;

  c.put(`A${c.row}`, { value: 'Timeline', style: 'header' });
  c.put(`B${c.row}`, { value: 'Unit', style: 'header' });
  c.put(`C${c.row}`, { value: 'Total', style: 'header' });
  for (let k = 1; k <= N; k++) c.put(`${c.col(k)}${c.row}`, { formula: k === 1 ? '=start_year' : `=${c.col(k - 1)}${c.row} + 1`, format: YEAR, style: 'header' });
  c.rows.set('year', c.row);
  c.row += 1;
  c.line('per', 'Year of the model', '#', (col) => `=${col}$${c.rows.get('year')} - start_year + 1`, INT);
  c.line('build', 'Construction flag', 'flag', (col) => `=IF(${c.at('per', col)}<=2, 1, 0)`, INT);
  c.line('ops', 'Lease flag', 'flag', (col) => `=IF(AND(${c.at('per', col)}>2, ${c.at('per', col)}<=2+term), 1, 0)`, INT);
  c.line('opyear', 'Lease year', '#', (col) => `=IF(${c.at('ops', col)}=1, ${c.at('per', col)}-2, 0)`, INT);
  c.line('debt', 'Debt tenor flag', 'flag', (col) => `=IF(AND(${c.at('per', col)}>2, ${c.at('per', col)}<=2+MIN(tenor, term)), 1, 0)`, INT);
  c.line('share', 'Share of construction cost', '%', (col) => `=IF(${c.at('per', col)}=1, phase_first, IF(${c.at('per', col)}=2, 1 - phase_first, 0))`, F.pct, 'sum');
  c.blank();

  c.header(['Operations (CFADS)', 'Unit', 'Total']);
  c.line('rent', 'Base rent', 'USD', (col) => `=${c.at('ops', col)} * rent_first * (1 + escalator)^MAX(0, ${c.at('opyear', col)} - 1)`, M, 'sum');
  c.line('cfads', 'NOI = cash flow available for debt service (CFADS)', 'USD', (col) => `=${c.at('rent', col)} * noi_margin`, M, 'sum');
  c.line('df', 'Discount factor at the debt rate (to completion)', 'factor', (col) => `=${c.at('debt', col)} * (1 + debt_rate)^(-MAX(0, ${c.at('per', col)} - 2))`, NUM4);
  c.line('tv', 'Value of the shell at the end of the term (next year\'s NOI / exit cap rate)', 'USD', (col) => `=IF(${c.at('per', col)}=2+term, rent_first * (1 + escalator)^term * noi_margin / exit_cap, 0)`, M, 'sum');
  c.blank();

  c.header(['Construction and funding', 'Unit', 'Total']);
  c.line('capexrow', 'Construction cost', 'USD', (col) => `=${c.at('share', col)} * capex`, M, 'sum');
  c.line('feerow', 'Upfront fee', 'USD', (col) => `=IF(${c.at('per', col)}=1, fee_amount, 0)`, M, 'sum');
  c.line('dsrarow', 'Debt service reserve funded', 'USD', (col) => `=IF(${c.at('per', col)}=2, dsra, 0)`, M, 'sum');
  c.line('need', 'Funding need (excluding capitalized interest)', 'USD', (col) => `=${c.at('capexrow', col)} + ${c.at('feerow', col)} + ${c.at('dsrarow', col)}`, M, 'sum');
  c.line('draw', 'Debt drawn (pro rata to construction cost)', 'USD', (col) => `=${c.at('share', col)} * debt / (1 + iota)`, M, 'sum');
  c.line('equity_in', 'Equity contributed', 'USD', (col) => `=${c.at('need', col)} - ${c.at('draw', col)}`, M, 'sum');
  c.blank();

  c.header(['Debt corkscrew', 'Unit', 'Total']);
  const open = c.row;
  c.line('open', 'Opening balance', 'USD', (col, k, prev) => (k === 1 ? '=0' : `=${prev}$${open + 6}`), M);
  c.line('draws', 'Draws', 'USD', (col) => `=${c.at('draw', col)}`, M, 'sum');
  c.line('capint', 'Capitalized interest (construction)', 'USD', (col) => `=${c.at('build', col)} * debt_rate * (${c.at('open', col)} + ${c.at('draws', col)})`, M, 'sum');
  c.line('interest', 'Interest paid', 'USD', (col) => `=(1 - ${c.at('build', col)}) * debt_rate * ${c.at('open', col)}`, M, 'sum');
  c.line('principal', 'Principal (sculpted: CFADS x debt / PV of CFADS, less interest; the balance in the last year)', 'USD', (col) => `=IF(${c.at('debt', col)}=1, IF(${c.at('per', col)}=2+MIN(tenor, term), ${c.at('open', col)}, MIN(${c.at('open', col)}, ${c.at('cfads', col)} * debt / pv_cfads - ${c.at('interest', col)})), 0)`, M, 'sum');
  c.line('sweepr', 'Cash sweep', 'USD', (col) => `=IF(${c.at('debt', col)}=1, MAX(0, MIN(${c.at('open', col)} - ${c.at('principal', col)}, sweep * (${c.at('cfads', col)} - ${c.at('interest', col)} - ${c.at('principal', col)}))), 0)`, M, 'sum');
  c.line('close', 'Closing balance', 'USD', (col) => `=${c.at('open', col)} + ${c.at('draws', col)} + ${c.at('capint', col)} - ${c.at('principal', col)} - ${c.at('sweepr', col)}`, M);
  if (c.rows.get('close') !== open + 6) throw new Error('project-finance: corkscrew rows moved');
  c.line('ds', 'Debt service (interest + principal)', 'USD', (col) => `=${c.at('interest', col)} + ${c.at('principal', col)}`, M, 'sum');
  c.line('dscr', 'DSCR (CFADS / debt service)', 'x', (col) => `=IF(AND(${c.at('debt', col)}=1, ${c.at('ds', col)}>0), ${c.at('cfads', col)} / ${c.at('ds', col)}, "")`, RATIO);
  c.blank();

  c.header(['Cash flows', 'Unit', 'Total']);
  c.line('dsra_rel', 'Debt service reserve released', 'USD', (col) => `=IF(AND(${c.at('per', col)}>=3, ${c.at('open', col)}>0, ${c.at('close', col)}<=0), dsra, 0)`, M, 'sum');
  c.line('eq', 'Equity cash flow', 'USD', (col) => `=-${c.at('equity_in', col)} + ${c.at('cfads', col)} - ${c.at('ds', col)} - ${c.at('sweepr', col)} + ${c.at('dsra_rel', col)} + ${c.at('tv', col)}`, M, 'sum');
  c.line('proj', 'Project (unlevered) cash flow', 'USD', (col) => `=-${c.at('capexrow', col)} + ${c.at('cfads', col)} + ${c.at('tv', col)}`, M, 'sum');
  c.line('eq_term', 'Equity cash flow without the shell\'s value at the end', 'USD', (col) => `=${c.at('eq', col)} - ${c.at('tv', col)}`, M, 'sum');
  c.line('lender', 'Debt cash flow to the borrower (draws less fee, debt service and sweep)', 'USD', (col) => `=${c.at('draws', col)} - ${c.at('feerow', col)} - ${c.at('ds', col)} - ${c.at('sweepr', col)}`, M, 'sum');
  const timelineEnd = c.row;

  // Derived scalars that read the timeline.
  const saved = c.row;
  c.row = scalarStart;
  c.scalar('cfads_first', 'CFADS in the first lease year', 'USD', '=rent_first * noi_margin', M);
  c.scalar('pv_cfads', 'PV of CFADS over the tenor at the debt rate (at completion)', 'USD', `=SUMPRODUCT(${c.range('cfads')}, ${c.range('df')})`, M, 'Sculpting divides each year\'s CFADS by this: debt service_t = CFADS_t x debt / PV.');
  c.scalar('debt_dscr', 'Debt sized by DSCR (capacity)', 'USD', '=pv_cfads / dscr', M, 'PV of CFADS / target DSCR (=WATT.DEBTSIZE of the CFADS row).');
  c.scalar('delta', 'Reserve per USD of debt', 'ratio', '=dsra_months / 12 * cfads_first / pv_cfads', NUM4, 'Months of the first year\'s sculpted debt service (CFADS_1 x debt / PV) per USD of debt.');
  c.scalar('phi', 'Financing costs per USD of debt', 'ratio', '=iota / (1 + iota) + fee + delta', NUM4, 'IDC + fee + reserve, each linear in the debt.');
  c.scalar('debt_gearing', 'Debt sized by gearing (loan to cost on total cost)', 'USD', '=IF(1 - ltc * phi > 0, ltc * capex / (1 - ltc * phi), NA())', M, 'Closed form of debt = LTC x (cost + IDC + fee + reserve): LTC x cost / (1 - LTC x costs per USD of debt).');
  c.scalar('debt', 'Debt (the lesser)', 'USD', '=MIN(debt_gearing, debt_dscr)', M);
  c.scalar('binding', 'Binding constraint', 'text', '=IF(debt_gearing<=debt_dscr, "gearing (loan to cost)", "DSCR")', F.text);
  c.scalar('idc', 'Interest during construction (capitalized)', 'USD', '=debt * iota / (1 + iota)', M);
  c.scalar('fee_amount', 'Upfront fee', 'USD', '=fee * debt', M);
  c.scalar('dsra', 'Debt service reserve', 'USD', '=delta * debt', M);
  c.scalar('total_cost', 'Total cost (uses)', 'USD', '=capex + idc + fee_amount + dsra', M);
  c.scalar('equity', 'Equity', 'USD', '=total_cost - debt', M);
  if (c.row > scalarStart + scalarRows) throw new Error('project-finance: scalar block overflows');

  // Outputs.
  c.row = outStart;
  c.header(['Sources and uses', 'Unit', 'Value', 'Share']);
  const su = (label: string, formula: string, share: string, style: CellStyle = 'output') => {
    c.put(`A${c.row}`, { value: label, style: 'label' });
    c.put(`B${c.row}`, { value: 'USD', style: 'label' });
    c.put(`C${c.row}`, { formula, format: M, style });
    c.put(`D${c.row}`, { formula: share, format: F.pct, style });
    c.row += 1;
  };
  su('Uses: construction', '=capex', '=capex / total_cost');
  su('Uses: interest during construction', '=idc', '=idc / total_cost');
  su('Uses: upfront fee', '=fee_amount', '=fee_amount / total_cost');
  su('Uses: debt service reserve', '=dsra', '=dsra / total_cost');
  su('Total uses', '=total_cost', '=total_cost / total_cost');
  su('Sources: debt', '=debt', '=debt / total_cost');
  su('Sources: equity', '=equity', '=equity / total_cost');
  su('Total sources', '=debt + equity', '=(debt + equity) / total_cost');
  c.scalar('check_su', 'Check: sources - uses (row totals of the timeline, to the cent)', 'USD', `=ROUND((C${c.rows.get('draws')} + C${c.rows.get('capint')} + C${c.rows.get('equity_in')}) - (C${c.rows.get('capexrow')} + C${c.rows.get('feerow')} + C${c.rows.get('dsrarow')} + idc), 2)`, F.usd0, 'Debt drawn + capitalized interest + equity less cost, fee, reserve and IDC, from the timeline: 0.');
  c.blank();
  c.header(['Debt sizing and cover', 'Unit', 'Value', 'Note']);
  // debt_gearing is #N/A when the debt cannot fund its own costs: the note beside it says why.
  c.scalar(undefined, 'Debt sized by gearing', 'USD', '=debt_gearing', M, `=IF(1 - ltc * phi > 0, "Loan to cost on total cost.", ${cannotFund('ltc * phi')})`);
  c.scalar(undefined, 'Debt sized by DSCR', 'USD', '=debt_dscr', M, 'Sculpted at the target DSCR.');
  c.scalar(undefined, 'Debt drawn (the lesser): binding constraint', 'text', '=binding', F.text, 'The lesser of the two binds; the other has headroom.', 'highlight');
  // No debt (loan to cost 0): no DSCR in any year. MIN of blanks would show 0x, AVERAGE #DIV/0!: "n/a" instead.
  const noDebt = '"n/a (no debt)"';
  c.scalar('min_dscr', 'Minimum DSCR', 'x', `=IF(COUNT(${c.range('dscr')})=0, ${noDebt}, MIN(${c.range('dscr')}))`, RATIO, 'Equal to the target x DSCR capacity / debt in every year (sculpted).');
  c.scalar('avg_dscr', 'Average DSCR', 'x', `=IF(COUNT(${c.range('dscr')})=0, ${noDebt}, AVERAGE(${c.range('dscr')}))`, RATIO);
  c.scalar('llcr', 'LLCR at completion', 'x', `=IF(debt>0, pv_cfads / debt, ${noDebt})`, RATIO, 'PV of CFADS over the tenor / debt at completion.');
  c.scalar('debt_ebitda', 'Debt / EBITDA at completion', 'x', '=debt / cfads_first', RATIO, 'Debt / first lease year NOI.');
  c.scalar('final_balance', 'Balance at the end of the tenor', 'USD', `=INDEX(${c.range('close')}, 1, 2 + MIN(tenor, term))`, F.usd0, 'Sculpted: 0.');
  c.blank();
  c.header(['Returns', 'Unit', 'Value', 'Note']);
  c.scalar('project_irr', 'Project (unlevered) IRR', '% a year', irrOf(c.range('proj')), F.pct2, 'Construction cost, CFADS and the shell\'s value at the end of the term.');
  c.scalar('equity_irr', 'Equity IRR', '% a year', irrOf(c.range('eq')), F.pct2, 'Equity in, cash after debt service and sweep, reserve release, the shell\'s value.', 'highlight');
  c.scalar('equity_irr_term', 'Equity IRR on the lease alone (no value at the end)', '% a year', irrOf(c.range('eq_term')), F.pct2, 'The same flows without the shell\'s value at the end of the term: what the Google-backstopped rent alone returns.');
  c.scalar('all_in_debt', 'All-in cost of debt', '% a year', `=IF(debt>0, IRR(${c.range('lender')}), ${noDebt})`, F.pct2, 'IRR of the lenders\' flows net of the fee: leverage lifts the equity IRR when the project IRR is above it.');
  c.scalar('equity_npv', 'Equity NPV at the cost of equity', 'USD', `=NPV(coe, ${c.range('eq')})`, F.lossUsdM, 'Discounted to the start of the first year.');
  c.scalar('equity_multiple', 'Equity multiple', 'x', equityMultiple(c.range('eq')), RATIO, 'Cash returned / cash invested.');
  if (c.row > outStart + outRows) throw new Error('project-finance: outputs overflow');
  c.row = saved;

  // DSCR chart data (one column of years, the series beside) and the chart.
  c.blank();
  c.header(['DSCR by year (chart data)', 'DSCR', 'Target']);
  const chartTop = c.row - 1;
  for (let k = 3; k <= N; k++) {
    const col = c.col(k);
    c.put(`A${c.row}`, { formula: `=${col}$${c.rows.get('year')}`, format: YEAR, style: 'label' });
    c.put(`B${c.row}`, { formula: `=IF(ISNUMBER(${col}$${c.rows.get('dscr')}), ${col}$${c.rows.get('dscr')}, "")`, format: RATIO, style: 'output' });
    c.put(`C${c.row}`, { formula: `=IF(ISNUMBER(${col}$${c.rows.get('dscr')}), dscr, "")`, format: RATIO, style: 'output' });
    c.row += 1;
  }
  c.charts.push({ type: 'column', title: 'DSCR by year (sculpted) against the target', categories: `A${chartTop + 1}:A${c.row - 1}`, series: `B${chartTop}:C${c.row - 1}`, anchor: `I${gridBlock}`, width: 480, height: 260, xTitle: 'Year', yTitle: 'DSCR, x' });
  c.text('A year without debt service is left blank here (no column drawn).');
  c.blank();

  // Sensitivity: equity IRR to debt rate x loan to cost, each cell from its own row of flows below.
  const rates = [-0.01, -0.005, 0, 0.005, 0.01];
  const ltcs = [-0.2, -0.15, -0.1, -0.05, 0];
  const calcStart = c.row;
  c.row = gridBlock;
  c.header(['Equity IRR: debt rate (rows) x loan to cost (columns)', 'Debt rate']);
  const gridHead = c.row - 1;
  ltcs.forEach((d, j) => c.put(`${columnLetters(3 + j)}${gridHead}`, { formula: `=MAX(0, ltc ${d < 0 ? '-' : '+'} ${Math.abs(d)})`, format: F.pct, style: 'header' }));
  const gridTop = c.row;
  c.row += rates.length;
  c.text('Each cell is the equity IRR of its own row of flows below (closed form, no cash sweep): debt D = min(gearing, DSCR) at that rate and loan to cost; equity flow = CFADS x (1 - D / PV(CFADS)) over the tenor, the equity contributed, the reserve released and the shell\'s value. The base case (boxed) equals the equity IRR above when the sweep is 0.');
  if (c.row > gridBlock + 9) throw new Error('project-finance: grid block overflows');
  c.row = calcStart;
  c.header(['Sensitivity calculation (one row per cell of the grid)', 'Debt rate', 'Loan to cost']);
  // Two rows per cell: its scalars (D..J), then its equity flows along the timeline (D..W).
  const SC = ['iota', 'PV of CFADS at the rate', 'Reserve per USD of debt', 'Debt', 'Equity in year 1', 'Equity in year 2', 'Equity IRR'];
  const xh = c.row - 1;
  SC.forEach((h, q) => c.put(`${c.col(1 + q)}${xh}`, { value: h, style: 'header' }));
  c.put(`A${c.row}`, { value: 'Equity flow of the cell, by year', style: 'header' });
  for (let k = 1; k <= N; k++) c.put(`${c.col(k)}${c.row}`, { formula: `=${c.col(k)}$${c.rows.get('year')}`, format: YEAR, style: 'header' });
  c.row += 1;
  const irrRows: number[] = [];
  let firstOfRate = 0;
  rates.forEach((_dr, i) =>
    ltcs.forEach((_dl, j) => {
      const r = c.row;
      const R = `$B${r}`;
      const G = `$C${r}`;
      const [X, PV, DL, DB, E1, E2] = [0, 1, 2, 3, 4, 5].map((q) => `$${c.col(1 + q)}$${r}`);
      const ref = (q: number) => `${c.col(1 + q)}${r}`;
      c.put(`A${r}`, { value: `Cell: debt rate ${i + 1} of ${rates.length}, loan to cost ${j + 1} of ${ltcs.length}`, style: 'label' });
      c.put(`B${r}`, { formula: `=$B$${gridTop + i}`, format: F.pct2, style: 'output' });
      c.put(`C${r}`, { formula: `=${columnLetters(3 + j)}$${gridHead}`, format: F.pct, style: 'output' });
      // iota, the PV and the reserve depend on the rate only: computed in the row's first cell, read by the others.
      if (j === 0) {
        firstOfRate = r;
        c.put(ref(0), { formula: `=phase_first * ((1 + ${R})^2 - 1) + (1 - phase_first) * ${R}`, format: F.num3, style: 'output' });
        c.put(ref(1), { formula: `=SUMPRODUCT(${c.range('cfads')}, ${c.range('debt')}, (1 + ${R})^(-(${c.range('per')} - 2)))`, format: M, style: 'output' });
        c.put(ref(2), { formula: `=dsra_months / 12 * cfads_first / ${PV}`, format: F.num3, style: 'output' });
      } else {
        [0, 1, 2].forEach((q) => c.put(ref(q), { formula: `=${c.col(1 + q)}$${firstOfRate}`, format: q === 1 ? M : F.num3, style: 'output' }));
      }
      c.put(ref(3), { formula: `=MIN(IF(1 - ${G} * (${X} / (1 + ${X}) + fee + ${DL}) > 0, ${G} * capex / (1 - ${G} * (${X} / (1 + ${X}) + fee + ${DL})), NA()), ${PV} / dscr)`, format: M, style: 'output' });
      c.put(ref(4), { formula: `=phase_first * capex + fee * ${DB} - phase_first * ${DB} / (1 + ${X})`, format: M, style: 'output' });
      c.put(ref(5), { formula: `=(1 - phase_first) * capex + ${DL} * ${DB} - (1 - phase_first) * ${DB} / (1 + ${X})`, format: M, style: 'output' });
      c.put(ref(6), { formula: irrOf(`${c.col(1)}${r + 1}:${c.lastCol}${r + 1}`), format: F.pct2, style: 'output' });
      irrRows.push(r);
      c.put(`A${r + 1}`, { value: 'Equity flow', style: 'label' });
      c.put(`B${r + 1}`, { value: 'USD', style: 'label' });
      for (let k = 1; k <= N; k++) {
        const col = c.col(k);
        c.put(`${col}${r + 1}`, { formula: `=IF(${c.at('per', col)}=1, -${E1}, IF(${c.at('per', col)}=2, -${E2}, ${c.at('cfads', col)} * (1 - ${c.at('debt', col)} * ${DB} / ${PV}) + IF(${c.at('per', col)}=2+MIN(tenor, term), ${DL} * ${DB}, 0) + ${c.at('tv', col)}))`, format: M, style: 'output' });
      }
      c.row += 2;
    }),
  );
  // The grid itself.
  rates.forEach((d, i) => {
    const r = gridTop + i;
    if (i === 2) c.put(`A${r}`, { value: 'Base case (boxed): debt rate and loan to cost of the inputs', style: 'label' });
    c.put(`B${r}`, { formula: `=MAX(0, debt_rate ${d < 0 ? '-' : '+'} ${Math.abs(d)})`, format: F.pct2, style: 'header' });
    ltcs.forEach((_d, j) => {
      c.put(`${columnLetters(3 + j)}${r}`, { formula: `=$${c.col(7)}$${irrRows[i * ltcs.length + j]}`, format: F.pct2, style: i === 2 && j === ltcs.length - 1 ? 'highlight' : 'output' });
    });
  });
  void timelineEnd;

  const widths = [330, 72, 125, ...Array.from({ length: N }, () => 70)];
  PF_ROWS.rb = Object.fromEntries(c.rows);
  PF_ROWS.rbGrid = { top: gridTop, head: gridHead, rates: rates.length, ltcs: ltcs.length };
  return { title: RB, cells: c.cells, columnWidths: widths, freeze: { rows: 2, columns: 3 }, charts: c.charts };
}

/** Semiannual case: Flash Compute notes. Period 0 is the close (December 2025); 1..12 are 2026 H1..2031 H2. */
function flashCompute(refs: Map<string, string>): TemplateSheet {
  const N = 13; // period 0 (close) + 12 half-years
  const c = new Calc(4, N);
  c.put('A1', { value: 'Flash Compute: the JV\'s senior secured notes, half-year by half-year, against the published paydown', style: 'title' });
  c.put('A2', { value: `As of ${PF_AS_OF}. Inputs on the Inputs sheet; USD, half-years ending 30 June and 31 December, flows at period end; period 0 is the close (December 2025).`, style: 'subtitle' });
  const outStart = c.row;
  const outRows = 36;
  c.row = outStart + outRows + 1;
  const gridBlock = c.row;
  c.row = gridBlock + 8;
  linkInputs(c, FC_INPUTS, refs);
  const scalarStart = c.row;
  const scalarRows = 16;
  c.row = scalarStart + scalarRows + 1;

  c.put(`A${c.row}`, { value: 'Timeline', style: 'header' });
  c.put(`B${c.row}`, { value: 'Unit', style: 'header' });
  c.put(`C${c.row}`, { value: 'Total', style: 'header' });
  for (let k = 1; k <= N; k++) c.put(`${c.col(k)}${c.row}`, { value: k === 1 ? 'Close' : `${2026 + Math.floor((k - 2) / 2)} H${((k - 2) % 2) + 1}`, style: 'header' });
  c.rows.set('label', c.row);
  c.row += 1;
  c.line('per', 'Period', '#', (_col, k, prev) => (k === 1 ? '=0' : `=${prev}$${c.row} + 1`), INT);
  c.line('year', 'Year', 'year', (col) => `=2025 + INT((${c.at('per', col)} + 1) / 2)`, YEAR);
  c.line('lease', 'Lease flag', 'flag', (col) => `=IF(${c.at('per', col)}>=lease_start, 1, 0)`, INT);
  c.line('reserve', 'Coupon paid from the interest reserve', 'flag', (col) => `=IF(AND(${c.at('per', col)}>=1, ${c.at('per', col)}<=reserve_periods), 1, 0)`, INT);
  c.line('nperiods', 'Lease half-years in the year', '#', (col) => `=IF(${c.at('year', col)}=2026, 3 - lease_start, 2)`, INT);
  c.blank();

  c.header(['Operations (CFADS)', 'Unit', 'Total']);
  c.line('noi_y', 'NOI of the year (2026, 2031 published; between at the growth rate)', 'USD', (col) => `=IF(${c.at('per', col)}=0, 0, IF(${c.at('year', col)}=2026, noi_2026, noi_2031 / (1 + noi_growth)^(2031 - ${c.at('year', col)})))`, M);
  c.line('cfads', 'NOI = CFADS', 'USD', (col) => `=${c.at('lease', col)} * ${c.at('noi_y', col)} / ${c.at('nperiods', col)}`, M, 'sum');
  c.line('revenue', 'Revenue (NOI / margin)', 'USD', (col) => `=${c.at('cfads', col)} / noi_margin`, M, 'sum');
  c.line('opex', 'Operating expenses', 'USD', (col) => `=${c.at('revenue', col)} - ${c.at('cfads', col)}`, M, 'sum');
  c.line('mand_s', 'Scheduled mandatory amortization', 'USD', (col) => `=IF(${c.at('per', col)}=0, 0, ${c.at('lease', col)} * CHOOSE(${c.at('year', col)} - 2025, mand_2026, mand_2027, mand_2028, mand_2029, mand_2030, mand_2031) / ${c.at('nperiods', col)})`, M, 'sum');
  c.blank();

  c.header(['Notes corkscrew', 'Unit', 'Total']);
  const open = c.row;
  c.line('open', 'Opening balance', 'USD', (_col, k, prev) => (k === 1 ? '=0' : `=${prev}$${open + 7}`), M);
  c.line('draws', 'Notes issued', 'USD', (col) => `=IF(${c.at('per', col)}=0, notes, 0)`, M, 'sum');
  c.line('capint', 'Capitalized interest', 'USD', () => '=0', M, 'sum');
  c.line('interest', 'Coupon', 'USD', (col) => `=coupon / 2 * ${c.at('open', col)}`, M, 'sum');
  c.line('principal', 'Mandatory amortization', 'USD', (col) => `=MIN(${c.at('open', col)}, ${c.at('mand_s', col)})`, M, 'sum');
  c.line('sweepr', 'Excess cash flow offer (sweep)', 'USD', (col) => `=MAX(0, MIN(${c.at('open', col)} - ${c.at('principal', col)}, sweep * (${c.at('cfads', col)} - (1 - ${c.at('reserve', col)}) * ${c.at('interest', col)} - ${c.at('principal', col)})))`, M, 'sum');
  c.line('release', 'Cash collateral release (offered to the notes)', 'USD', (col) => `=IF(${c.at('per', col)}=release_period, MIN(collateral, ${c.at('open', col)} - ${c.at('principal', col)} - ${c.at('sweepr', col)}), 0)`, M, 'sum');
  c.line('close', 'Closing balance', 'USD', (col) => `=${c.at('open', col)} + ${c.at('draws', col)} + ${c.at('capint', col)} - ${c.at('principal', col)} - ${c.at('sweepr', col)} - ${c.at('release', col)}`, M);
  if (c.rows.get('close') !== open + 7) throw new Error('project-finance: notes corkscrew rows moved');
  c.line('ds', 'Debt service paid from CFADS (cash coupon + amortization)', 'USD', (col) => `=(1 - ${c.at('reserve', col)}) * ${c.at('interest', col)} + ${c.at('principal', col)}`, M, 'sum');
  c.line('dscr', 'DSCR (CFADS / debt service)', 'x', (col) => `=IF(${c.at('ds', col)}>0, ${c.at('cfads', col)} / ${c.at('ds', col)}, "")`, RATIO);
  c.blank();

  c.header(['Interest reserve', 'Unit', 'Total']);
  const ropen = c.row;
  c.line('r_open', 'Opening', 'USD', (_col, k, prev) => (k === 1 ? '=0' : `=${prev}$${ropen + 4}`), M);
  c.line('r_fund', 'Funded from proceeds', 'USD', (col) => `=IF(${c.at('per', col)}=0, interest_reserve, 0)`, M, 'sum');
  c.line('r_use', 'Coupons paid', 'USD', (col) => `=${c.at('reserve', col)} * ${c.at('interest', col)}`, M, 'sum');
  c.line('r_rel', 'Released to equity at the end of the reserve period', 'USD', (col) => `=IF(${c.at('per', col)}=MAX(1, reserve_periods), ${c.at('r_open', col)} + ${c.at('r_fund', col)} - ${c.at('r_use', col)}, 0)`, M, 'sum');
  c.line('r_close', 'Closing', 'USD', (col) => `=${c.at('r_open', col)} + ${c.at('r_fund', col)} - ${c.at('r_use', col)} - ${c.at('r_rel', col)}`, M);
  if (c.rows.get('r_close') !== ropen + 4) throw new Error('project-finance: reserve rows moved');
  c.blank();

  c.header(['Cash flows', 'Unit', 'Total']);
  c.line('tv', 'Value of the building at the horizon (2032 NOI / exit cap rate)', 'USD', (col) => `=IF(${c.at('per', col)}=12, noi_2031 * (1 + noi_growth) / exit_cap, 0)`, M, 'sum');
  c.line('eq', 'Equity cash flow', 'USD', (col) => `=IF(${c.at('per', col)}=0, -equity, ${c.at('cfads', col)} - ${c.at('ds', col)} - ${c.at('sweepr', col)} + ${c.at('r_rel', col)} + IF(${c.at('per', col)}=release_period, collateral - ${c.at('release', col)}, 0) + IF(${c.at('per', col)}=12, ${c.at('tv', col)} - ${c.at('close', col)}, 0))`, M, 'sum');
  c.line('proj', 'Project (unlevered) cash flow', 'USD', (col) => `=IF(${c.at('per', col)}=0, -capex, ${c.at('cfads', col)} + ${c.at('tv', col)})`, M, 'sum');
  c.line('vdf', 'Discount factor at the coupon (to close)', 'factor', (col) => `=(1 + coupon / 2)^(-${c.at('per', col)})`, NUM4);

  const saved = c.row;
  c.row = scalarStart;
  c.header(['Derived values', 'Unit', 'Value', 'Method']);
  c.scalar('capex', 'Construction cost', 'USD', '=mw * capex_mw * 1000000', M, 'MW x USD M per MW; spent from the proceeds and equity at close (escrowed).');
  c.scalar('interest_reserve', 'Interest reserve funded at close', 'USD', '=notes * coupon / 2 * reserve_periods', M, 'The coupons of the reserve period on the notes issued (no amortization before lease start).');
  c.scalar('fee_amount', 'Fees and expenses', 'USD', '=fee * notes', M);
  c.scalar('total_cost', 'Total uses', 'USD', '=capex + interest_reserve + collateral + fee_amount', M);
  c.scalar('equity', 'Equity (uses - notes)', 'USD', '=total_cost - notes', M);
  c.scalar('debt_gearing', 'Debt sized by gearing (loan to cost on total uses)', 'USD', '=IF(1 - ltc * (coupon / 2 * reserve_periods + fee) > 0, ltc * (capex + collateral) / (1 - ltc * (coupon / 2 * reserve_periods + fee)), NA())', M, 'Closed form: the reserve and fees are linear in the debt.');
  c.scalar('pv_tail', 'PV at the coupon of NOI after 2031 to the lease end (at close)', 'USD', `=LET_FREE`, M, 'Growing annuity, two half-years a year: NOI_2031/2 x v^12 x (1/v + 1) x q (1 - q^n) / (1 - q), v = 1/(1 + coupon/2), q = (1 + growth) v^2.');
  c.scalar('pv_cfads', 'PV at the coupon of CFADS over the lease (at close)', 'USD', `=SUMPRODUCT(${c.range('cfads')}, ${c.range('vdf')}) + pv_tail`, M);
  c.scalar('debt_dscr', 'Debt sized by DSCR (sculpted over the lease)', 'USD', '=pv_cfads / dscr', M, 'PV of CFADS / target DSCR.');
  c.scalar('binding', 'Binding constraint', 'text', '=IF(debt_gearing<=debt_dscr, "gearing (loan to cost)", "DSCR")', F.text);
  if (c.row > scalarStart + scalarRows) throw new Error('project-finance: FC scalar block overflows');
  // pv_tail: written without LET (Excel 2010 and LibreOffice).
  const tail = c.cells.find((x) => x.name === 'pv_tail')!;
  const v = '(1 / (1 + coupon / 2))';
  const q = `((1 + noi_growth) * ${v}^2)`;
  const n = '(lease_end - 2031)';
  tail.formula = `=noi_2031 / 2 * ${v}^12 * (1 / ${v} + 1) * IF(ABS(1 - ${q}) < 0.000000000001, ${n}, ${q} * (1 - ${q}^${n}) / (1 - ${q}))`;

  c.row = outStart;
  c.header(['Sources and uses (close)', 'Unit', 'Value', 'Share']);
  const su = (label: string, formula: string) => {
    c.put(`A${c.row}`, { value: label, style: 'label' });
    c.put(`B${c.row}`, { value: 'USD', style: 'label' });
    c.put(`C${c.row}`, { formula, format: M, style: 'output' });
    c.put(`D${c.row}`, { formula: `=(${formula.slice(1)}) / total_cost`, format: F.pct, style: 'output' });
    c.row += 1;
  };
  su('Uses: construction', '=capex');
  su('Uses: interest reserve', '=interest_reserve');
  su('Uses: cash collateral (letter of credit)', '=collateral');
  su('Uses: fees and expenses', '=fee_amount');
  su('Total uses', '=total_cost');
  su('Sources: senior secured notes', '=notes');
  su('Sources: equity', '=equity');
  su('Total sources', '=notes + equity');
  c.blank();
  c.header(['Sizing and cover', 'Unit', 'Value', 'Note']);
  c.scalar(undefined, 'Debt sized by gearing (comparison)', 'USD', '=debt_gearing', M, `=IF(1 - ltc * (coupon / 2 * reserve_periods + fee) > 0, "At the comparison loan to cost.", ${cannotFund('ltc * (coupon / 2 * reserve_periods + fee)')})`);
  c.scalar(undefined, 'Debt sized by DSCR (comparison)', 'USD', '=debt_dscr', M, 'Sculpted over the 25-year lease at the coupon.');
  c.scalar(undefined, 'Binding constraint (the lesser)', 'text', '=binding', F.text, 'The notes as issued against it: below.', 'highlight');
  c.scalar('notes_vs_binding', 'Notes issued / the lesser capacity', 'x', '=IF(MIN(debt_gearing, debt_dscr) > 0, notes / MIN(debt_gearing, debt_dscr), "n/a (the lesser capacity is 0)")', RATIO, 'Below 1: the notes fit within both tests; above 1 they exceed what a bank would lend at them.');
  c.scalar('ltc_actual', 'Loan to cost of the notes', '%', '=notes / total_cost', F.pct);
  c.scalar('ltv', 'Loan to value (building)', '%', '=notes / building_value', F.pct);
  c.scalar('backstop_cover', 'Google backstop / notes', 'x', '=backstop / notes', RATIO);
  c.scalar('min_dscr', 'Minimum DSCR (periods with debt service)', 'x', `=MIN(${c.range('dscr')})`, RATIO);
  c.scalar('avg_dscr', 'Average DSCR', 'x', `=AVERAGE(${c.range('dscr')})`, RATIO);
  c.blank();
  c.header(['Debt path against the published paydown', 'Unit', 'Value', 'Note']);
  c.scalar('balance_5y', 'Notes outstanding after five years of amortization', 'USD', `=INDEX(${c.range('close')}, 1, lease_start + 10)`, M, 'Ten semiannual payments from lease start (2026 H2 to 2031 H1 at the defaults).', 'highlight');
  c.put(`A${c.row}`, { value: 'Published: debt after five years (from $1,275M)', style: 'label' });
  c.put(`B${c.row}`, { value: 'USD', style: 'label' });
  c.put(`C${c.row}`, { value: FLASH_PUBLISHED.after5, format: M, style: 'note', name: 'published_5y', note: FLASH_PUBLISHED.source });
  c.put(`D${c.row}`, { value: `"Total debt will decrease from $1.275 billion to $700 million over the five year period", incl. the $75M collateral release (${FLASH_PUBLISHED.source}).`, style: 'source' });
  c.row += 1;
  c.scalar('path_gap', 'Model - published', 'USD', '=balance_5y - published_5y', M, 'At the published terms (the defaults) within $25M, the spread of the unpublished years\' interpolation (docs/templates.md); with other inputs the gap is theirs.');
  c.scalar('balance_maturity', 'Notes outstanding at maturity (2030 H2), to refinance', 'USD', `=INDEX(${c.range('close')}, 1, 11)`, M, 'The notes are due 2030-12-31 (8-K): this balance is refinanced or repaid then.');
  c.scalar('paid_total', 'Paid down by 2031 H2: amortization + sweep + release', 'USD', `=C${c.rows.get('principal')} + C${c.rows.get('sweepr')} + C${c.rows.get('release')}`, M);
  c.blank();
  c.header(['Returns', 'Unit', 'Value', 'Note']);
  c.scalar('project_irr', 'Project (unlevered) IRR', '% a year', irrOf(c.range('proj'), (irr) => `(1 + ${irr})^2 - 1`), F.pct2, 'Half-yearly IRR compounded to a year; the building sold at the horizon.');
  c.scalar('equity_irr', 'Equity IRR', '% a year', irrOf(c.range('eq'), (irr) => `(1 + ${irr})^2 - 1`), F.pct2, 'Equity at close, cash after debt service and sweep, the building less the notes at the horizon.', 'highlight');
  c.scalar('equity_multiple', 'Equity multiple', 'x', equityMultiple(c.range('eq')), RATIO);
  if (c.row > outStart + outRows) throw new Error('project-finance: FC outputs overflow');
  c.row = saved;

  c.blank();
  c.header(['Half-year (chart data)', 'DSCR', 'Notes outstanding, USD M']);
  const top = c.row - 1;
  for (let k = 2; k <= N; k++) {
    const col = c.col(k);
    c.put(`A${c.row}`, { formula: `=${col}$${c.rows.get('label')}`, format: F.text, style: 'label' });
    c.put(`B${c.row}`, { formula: `=IF(ISNUMBER(${col}$${c.rows.get('dscr')}), ${col}$${c.rows.get('dscr')}, "")`, format: RATIO, style: 'output' });
    c.put(`C${c.row}`, { formula: `=${col}$${c.rows.get('close')} / 1000000`, format: '$#,##0.0"M";($#,##0.0"M")', style: 'output' });
    c.row += 1;
  }
  c.charts.push({ type: 'column', title: 'DSCR by half-year (debt service paid from CFADS)', categories: `A${top + 1}:A${c.row - 1}`, series: `B${top}:B${c.row - 1}`, anchor: `E${top}`, width: 420, height: 240, xTitle: 'Half-year', yTitle: 'DSCR, x' });
  c.charts.push({ type: 'line', title: 'Notes outstanding (published: $1,275M to $700M in five years)', categories: `A${top + 1}:A${c.row - 1}`, series: `C${top}:C${c.row - 1}`, anchor: `L${top}`, width: 420, height: 240, xTitle: 'Half-year', yTitle: 'USD M' });
  c.text('A half-year without debt service paid from CFADS (2026 H1: coupon from the reserve, no rent) is left blank in the DSCR column (no column drawn).');
  c.text(`Sources: the Inputs sheet, [4] (the offering model) and [6] (the notes as issued).`, 'source');

  // Sensitivity: equity IRR to the coupon x the notes issued (their loan to cost). The sweep makes the path
  // depend on the balance, so each cell runs its own schedule: a row of balances, of sweeps and of equity
  // flows along the timeline, with the coupon, notes and equity at close in its first row.
  const coupons = [-0.0075, 0, 0.0075];
  const sizes = [0.8, 0.9, 1];
  const calcStart = c.row + 1;
  c.row = gridBlock;
  c.header(['Equity IRR: coupon (rows) x notes issued (columns)', 'Coupon']);
  const gHead = c.row - 1;
  sizes.forEach((m, j) => c.put(`${columnLetters(3 + j)}${gHead}`, { formula: `=notes * ${m}`, format: M, style: 'header' }));
  c.put(`A${c.row}`, { value: 'Loan to cost of the notes (at the coupon of the inputs)', style: 'label' });
  sizes.forEach((_m, j) => {
    const n = `${columnLetters(3 + j)}$${gHead}`;
    c.put(`${columnLetters(3 + j)}${c.row}`, { formula: `=${n} / (capex + collateral + ${n} * (coupon / 2 * reserve_periods + fee))`, format: F.pct, style: 'output' });
  });
  c.row += 1;
  const gTop = c.row;
  c.row += coupons.length;
  c.text('Each cell runs the notes\' schedule at its coupon and size (amortization, the sweep of the inputs, collateral release, interest reserve sized on the notes), below; the base case (boxed) equals the equity IRR above.');
  if (c.row > gridBlock + 8) throw new Error('project-finance: FC grid block overflows');
  c.row = calcStart;
  c.header(['Sensitivity calculation (four rows per cell of the grid)', 'Coupon', 'Notes', 'Equity at close', 'Equity IRR']);
  const cellIrr: number[] = [];
  coupons.forEach((_dc, i) =>
    sizes.forEach((_m, j) => {
      const r0 = c.row;
      const [rB, rS, rE] = [r0 + 1, r0 + 2, r0 + 3];
      const cp = `$B$${r0}`;
      const n = `$C$${r0}`;
      const eq0 = `$D$${r0}`;
      c.put(`A${r0}`, { value: `Cell: coupon ${i + 1} of ${coupons.length}, notes ${j + 1} of ${sizes.length}`, style: 'label' });
      c.put(`B${r0}`, { formula: `=$B$${gTop + i}`, format: F.pct2, style: 'output' });
      c.put(`C${r0}`, { formula: `=${columnLetters(3 + j)}$${gHead}`, format: M, style: 'output' });
      c.put(`D${r0}`, { formula: `=capex + ${n} * ${cp} / 2 * reserve_periods + collateral + fee * ${n} - ${n}`, format: M, style: 'output' });
      c.put(`E${r0}`, { formula: irrOf(`${c.col(1)}${rE}:${c.lastCol}${rE}`, (irr) => `(1 + ${irr})^2 - 1`), format: F.pct2, style: 'output' });
      cellIrr.push(r0);
      [['Notes outstanding', rB], ['Excess cash flow offer (sweep)', rS], ['Equity cash flow', rE]].forEach(([label, r]) => {
        c.put(`A${r}`, { value: label as string, style: 'label' });
        c.put(`B${r}`, { value: 'USD', style: 'label' });
      });
      for (let k = 1; k <= N; k++) {
        const col = c.col(k);
        const pc = k > 1 ? c.col(k - 1) : '';
        const o = `${pc}${rB}`;
        const mand = `MIN(${o}, ${c.at('mand_s', col)})`;
        const coupon = `(1 - ${c.at('reserve', col)}) * ${cp} / 2 * ${o}`;
        if (k === 1) {
          c.put(`${col}${rB}`, { formula: `=${n}`, format: M, style: 'output' });
          c.put(`${col}${rS}`, { formula: '=0', format: M, style: 'output' });
          c.put(`${col}${rE}`, { formula: `=-${eq0}`, format: M, style: 'output' });
          continue;
        }
        c.put(`${col}${rS}`, { formula: `=MAX(0, MIN(${o} - ${mand}, sweep * (${c.at('cfads', col)} - ${coupon} - ${mand})))`, format: M, style: 'output' });
        c.put(`${col}${rB}`, { formula: `=${o} - ${mand} - ${col}${rS} - IF(${c.at('per', col)}=release_period, MIN(collateral, ${o} - ${mand} - ${col}${rS}), 0)`, format: M, style: 'output' });
        const reserveLeft = `IF(${c.at('per', col)}=MAX(1, reserve_periods), ${n} * ${cp} / 2 * reserve_periods - ${cp} / 2 * SUMPRODUCT(--(${c.range('per').replace(`$${c.col(1)}$`, `$${c.col(2)}$`)}<=reserve_periods), $${c.col(1)}$${rB}:$${c.col(N - 1)}$${rB}), 0)`;
        c.put(`${col}${rE}`, { formula: `=${c.at('cfads', col)} - ${coupon} - ${mand} - ${col}${rS} + ${reserveLeft} + IF(${c.at('per', col)}=release_period, collateral - MIN(collateral, ${o} - ${mand} - ${col}${rS}), 0) + IF(${c.at('per', col)}=12, ${c.at('tv', col)} - ${col}${rB}, 0)`, format: M, style: 'output' });
      }
      c.row += 4;
    }),
  );
  coupons.forEach((d, i) => {
    const r = gTop + i;
    if (i === 1) c.put(`A${r}`, { value: 'Base case (boxed): the coupon and notes of the inputs', style: 'label' });
    c.put(`B${r}`, { formula: `=MAX(0, coupon ${d < 0 ? '-' : '+'} ${Math.abs(d)})`, format: F.pct2, style: 'header' });
    sizes.forEach((_m, j) => c.put(`${columnLetters(3 + j)}${r}`, { formula: `=$E$${cellIrr[i * sizes.length + j]}`, format: F.pct2, style: i === 1 && j === sizes.length - 1 ? 'highlight' : 'output' }));
  });
  PF_ROWS.fcGrid = { top: gTop, head: gHead, rates: coupons.length, ltcs: sizes.length };

  const widths = [360, 72, 125, ...Array.from({ length: N }, () => 74)];
  PF_ROWS.fc = Object.fromEntries(c.rows);
  return { title: FC, cells: c.cells, columnWidths: widths, freeze: { rows: 2, columns: 3 }, charts: c.charts };
}

/**
 * Where the timeline rows sit (1-based row numbers by key), for the tests and the docs: River Bend's
 * timeline runs from column D (year 1) for 20 years, Flash Compute's from column D (the close) for 13
 * periods; the grid's first row and header row.
 */
type GridRows = { top: number; head: number; rates: number; ltcs: number };
export const PF_ROWS: { rb: Record<string, number>; fc: Record<string, number>; rbGrid: GridRows; fcGrid: GridRows } = {
  rb: {},
  fc: {},
  rbGrid: { top: 0, head: 0, rates: 0, ltcs: 0 },
  fcGrid: { top: 0, head: 0, rates: 0, ltcs: 0 },
};

function build(): Template {
  const { sheet, refs, builder } = inputsSheet();
  void excelText;
  const rb = riverBend(refs);
  const fcSheet = flashCompute(refs);
  keyResults(sheet, builder, rb, fcSheet);
  return {
    id: 'project-finance',
    title: 'Project finance: River Bend and Flash Compute',
    description: 'A credit committee\'s model of two leased AI halls, FAST layout, plain Excel formulas: a River Bend-like shell (245 MW, 15-year lease, ~$7B rent, up to 85% loan to cost) with debt sized by gearing and by DSCR (binding one named), sculpted, sources and uses, DSCR by year, equity vs project IRR and an IRR grid to debt rate x loan to cost; and the Flash Compute notes ($1,275M, 8%, amortization and 50% sweep) against the published paydown to $700M.',
    asOf: PF_AS_OF,
    keyAssumptions: ['245 MW, $10M/MW', '$7.0B rent, 3% escalator, 15 years', '85% LTC, SOFR + 225 bps', '1.30x DSCR, sculpted', '$1,275M notes at 8%, 50% sweep'],
    answers: 'How much debt does a Google-backstopped lease carry, at what coverage, which constraint binds, and what does the equity earn; and does the Flash Compute notes\' schedule reproduce the published paydown?',
    sheets: [sheet, rb, fcSheet],
  };
}

export const projectFinance: Template = build();
