/**
 * Powered-shell lease: the Morgan Stanley 100 MW conversion case, a hyperscaler and a neocloud tenant
 * side by side. Value created per W (WATT.SHELLVALUE), lease NPV (WATT.LEASENPV), and the rent and
 * build cost checked against announced deals and published build costs.
 *
 * Morgan Stanley (2025-09-21) published the outcome ($5.19/W hyperscaler at a 10% unlevered yield on
 * cost, $7.81/W neocloud at 14%), not its rent and cap-rate inputs. The defaults here are calibrated to
 * it and say so: build cost $10.7/W (JLL 2025 average), rent set so NOI / cost gives MS's yield on cost
 * at an 85% NOI margin, cap rate set so the value matches MS's $/W. The sheet shows the cap rate MS's
 * figure implies, so a user changing rent or cost sees how far the case moves from MS.
 */
import { AS_OF, D } from './defaults';
import { P } from '../core/params';
import { F, rangeCheck, SheetBuilder, verdictFormat } from './builder';
import { ANNOUNCED_LEASES, RENT_LEASES } from './lease-count';
import type { Template } from './types';

/** Morgan Stanley, 2025-09-21: value created by converting a 100 MW mining site to a leased powered shell. */
export const MS_CASE = {
  hyperscaler: { valuePerW: 5.19, yieldOnCost: 0.1 },
  neocloud: { valuePerW: 7.81, yieldOnCost: 0.14 },
  source: 'Morgan Stanley research, 2025-09-21: 100 MW mining site converted to a leased powered shell.',
} as const;

const CAPEX = 10.7; // USD per W of critical IT, JLL 2025 global average
const NOI = D.leaseNoiMargin.value;
/** Rent (USD/kW-month) giving a yield on cost y: y x capex x 1000 / 12 / NOI margin, to the cent. */
const rentFor = (y: number) => Math.round(((y * CAPEX * 1000) / 12 / NOI) * 100) / 100;
/** Cap rate giving value v at that rent: NOI per W-year / (capex + v), to 0.001% (a 0.01% step moves the value by ~$0.02/W). */
const capFor = (rent: number, v: number) => Math.round(((rent * 12) / 1000 * NOI) / (CAPEX + v) * 1e5) / 1e5;

/**
 * The one calibration of Morgan Stanley's case used by every template, the docs and WATT.PATHS's
 * exit cap rate: build cost $10.7/W (JLL 2025), 85% NOI margin, the rents giving MS's yields on cost,
 * the cap rates at which WATT.SHELLVALUE gives MS's values. Reproduces $5.19 and $7.81 within $0.01
 * (test/templates/powered-shell.test.ts).
 */
export const SHELL_CALIBRATION = (() => {
  const hsRent = rentFor(MS_CASE.hyperscaler.yieldOnCost);
  const ncRent = rentFor(MS_CASE.neocloud.yieldOnCost);
  const hsCap = capFor(hsRent, MS_CASE.hyperscaler.valuePerW);
  const ncCap = capFor(ncRent, MS_CASE.neocloud.valuePerW);
  const pct = (x: number) => `${(x * 100).toFixed(3)}%`;
  return {
    capex: CAPEX,
    noiMargin: NOI,
    hsRent,
    ncRent,
    hsCap,
    ncCap,
    text: `build cost $${CAPEX}/W (JLL 2025), ${NOI * 100}% NOI margin, rents $${hsRent.toFixed(2)} and $${ncRent.toFixed(2)} per kW-month (MS's 10% and 14% yield on cost), cap rates ${pct(hsCap)} and ${pct(ncCap)}`,
  };
})();

function build(): Template {
  const { hsRent, ncRent, hsCap, ncCap } = SHELL_CALIBRATION;
  const s = new SheetBuilder('Powered shell', { columnWidths: [250, 105, 105, 125, 520, 110], freeze: { rows: 4, columns: 1 } });
  s.heading('Powered-shell lease: hyperscaler vs neocloud (Morgan Stanley 100 MW case)', `As of ${AS_OF}. Inputs (blue on yellow) are assumptions to update; sources in column E. MS published the results, not its inputs: defaults are calibrated to them.`);
  s.header(['Inputs', 'Hyperscaler', 'Neocloud', 'Unit', 'Source / note']);
  s.inputs({ names: ['hs_mw', 'nc_mw'], label: 'Leased capacity', values: [100, 100], format: F.num1, unit: 'MW critical IT', source: `${MS_CASE.source} Here taken as MW of critical IT (the unit rents are quoted in).`, accepts: P.capacity });
  s.inputs({ names: ['hs_rent', 'nc_rent'], label: 'Starting rent', values: [hsRent, ncRent], format: F.usd2, unit: 'USD/kW-month', source: `Calibrated: the rent giving MS's 10% / 14% yield on cost at $${CAPEX}/W and ${NOI * 100}% NOI margin, to the cent. Announced leases imply ~$100-190/kW-month (table below).`, accepts: P.rent });
  s.inputs({ names: ['hs_capex', 'nc_capex'], label: 'Build cost (powered shell + fit-out)', values: [CAPEX, CAPEX], format: F.usd2, unit: 'USD/W critical IT', source: D.aiCapexPerMw.source, accepts: P.capex_w });
  s.inputs({ names: ['hs_noi', 'nc_noi'], label: 'NOI margin', values: [NOI, NOI], format: F.pct, unit: '% of rent (NOI)', source: D.leaseNoiMargin.source, accepts: P.noi_margin });
  s.inputs({ names: ['hs_cap', 'nc_cap'], label: 'Cap rate (exit valuation)', values: [hsCap, ncCap], format: F.pct3, unit: '% a year', source: `Calibrated: the cap rate at which WATT.SHELLVALUE gives MS's $5.19/W and $7.81/W at these rents and build cost, to 0.001% (within $0.01/W); see "cap rate implied by MS" below. One calibration for every template and the docs: ${SHELL_CALIBRATION.text}.`, accepts: P.cap_rate });
  s.inputs({ names: ['hs_term', 'nc_term'], label: 'Lease term', values: [15, 10], format: F.num1, unit: 'years', source: 'Announced leases: hyperscalers 15 years (AWS-Cipher, IG hyperscaler-Applied Digital); Fluidstack neocloud leases 10 years (Cipher, TeraWulf); hpc-deals.csv.', accepts: P.term });
  s.inputs({ names: ['hs_escalator', 'nc_escalator'], label: 'Annual rent escalator', values: [0, 0], format: F.pct, unit: '% a year', source: 'Assumption: 0 = flat rent, comparable with WATT.IMPLIEDRENT (term average of announced contract values); enter the lease\'s step-up.', accepts: P.escalator });
  s.inputs({ names: ['hs_discount', 'nc_discount'], label: 'Discount rate (unlevered)', values: [0.09, 0.11], format: F.pct, unit: '% a year', source: 'Assumption: a neocloud\'s weaker credit earns a premium over a hyperscaler\'s; update to your cost of capital.', accepts: P.discount_rate });
  s.inputs({ names: ['hs_prepay', 'nc_prepay'], label: 'Prepayment at signing', values: [0, 0], format: F.pct, unit: '% of total rent', source: 'Assumption: none (IREN-Microsoft, a GPU-cloud contract, had 20%).', accepts: P.prepayment });
  s.inputs({ names: ['hs_pue', 'nc_pue'], label: 'PUE (site power / IT power)', values: [1.3, 1.3], format: F.num2, unit: 'ratio', source: 'Assumption: ~1.3 for a liquid-cooled AI hall; critical IT and gross power differ by ~1.25-1.5 (data README).', accepts: P.pue });
  s.blank();

  s.header(['Outputs', 'Hyperscaler', 'Neocloud', 'Unit', 'Method / note']);
  // Every input a formula computes on directly is read through WATT.CHECK (s.checked): out of its
  // range, every output that uses it is #VALUE! with a message (the WATT functions check their own).
  const c = (name: string) => s.checked(name);
  const both = (f: (p: 'hs' | 'nc') => string) => [f('hs'), f('nc')];
  s.outputs({ names: ['hs_noi_w', 'nc_noi_w'], label: 'NOI per W-year', formulas: both((p) => `=${c(`${p}_rent`)} * 12 / 1000 * ${c(`${p}_noi`)}`), format: F.usd3, unit: 'USD/W/year', note: 'rent x 12 / 1000 x NOI margin.' });
  s.outputs({ names: ['hs_yoc', 'nc_yoc'], label: 'Yield on cost', formulas: both((p) => `=IF(${c(`${p}_capex`)}>0, ${p}_noi_w / ${p}_capex, "")`), format: F.pct2, unit: '% a year', note: 'NOI / build cost; MS: 10% hyperscaler, 14% neocloud.' });
  s.outputs({ names: ['hs_value_w', 'nc_value_w'], label: 'Value created per W', formulas: ['=WATT.SHELLVALUE(hs_rent, hs_capex, hs_cap, hs_noi)', '=WATT.SHELLVALUE(nc_rent, nc_capex, nc_cap, nc_noi)'], format: F.lossUsd2, unit: 'USD/W critical IT', note: 'NOI per W-year / cap rate - build cost.' });
  s.outputs({ names: ['hs_value', 'nc_value'], label: 'Value created', formulas: both((p) => `=${p}_value_w * ${c(`${p}_mw`)} * 1000000`), format: F.lossUsdM, unit: 'USD' });
  s.cell({ ref: `A${s.row}`, value: 'Morgan Stanley published value', style: 'label' });
  s.cell({ ref: `B${s.row}`, value: MS_CASE.hyperscaler.valuePerW, format: F.usd2, style: 'note', name: 'ms_hs_value_w', note: MS_CASE.source });
  s.cell({ ref: `C${s.row}`, value: MS_CASE.neocloud.valuePerW, format: F.usd2, style: 'note', name: 'ms_nc_value_w', note: MS_CASE.source });
  s.cell({ ref: `D${s.row}`, value: 'USD/W', style: 'label' });
  s.cell({ ref: `E${s.row}`, value: MS_CASE.source, style: 'source' });
  s.row += 1;
  s.outputs({ label: 'Difference from Morgan Stanley', formulas: ['=hs_value_w - ms_hs_value_w', '=nc_value_w - ms_nc_value_w'], format: F.usd2, unit: 'USD/W', note: `Calibration (the one used by every Watt template and the docs): ${SHELL_CALIBRATION.text}. Reproduces MS within $0.01/W.` });
  s.outputs({ label: 'Cap rate implied by MS value', formulas: both((p) => `=IF(${c(`${p}_capex`)} + ms_${p}_value_w > 0, ${p}_noi_w / (${p}_capex + ms_${p}_value_w), "")`), format: F.pct3, unit: '% a year', note: 'NOI / (build cost + MS value): the cap rate that reproduces MS at these rents and costs.' });
  s.outputs({ names: ['hs_npv', 'nc_npv'], label: 'Lease NPV (NOI over the term)', formulas: ['=WATT.LEASENPV(hs_mw, hs_rent, hs_term, hs_discount, hs_escalator, hs_noi, hs_prepay)', '=WATT.LEASENPV(nc_mw, nc_rent, nc_term, nc_discount, nc_escalator, nc_noi, nc_prepay)'], format: F.usdM, unit: 'USD', note: 'Monthly NOI in arrears, discounted monthly; no terminal value.' });
  s.outputs({ label: 'Lease NPV per W', formulas: ['=hs_npv / (hs_mw * 1000000)', '=nc_npv / (nc_mw * 1000000)'], format: F.usd2, unit: 'USD/W' });
  s.outputs({ label: 'Lease NPV less build cost', formulas: both((p) => `=${p}_npv / (${p}_mw * 1000000) - ${c(`${p}_capex`)}`), format: F.lossUsd2, unit: 'USD/W', note: 'Term cash only: the residual value after the lease is the upside on top.' });
  s.outputs({ label: 'Annual rent (year 1)', formulas: both((p) => `=${c(`${p}_rent`)} * ${c(`${p}_mw`)} * 1000 * 12`), format: F.usdM, unit: 'USD/year' });
  s.outputs({ label: 'Lease revenue per MWh of site capacity', formulas: ['=WATT.LEASEREVPERMWH(hs_rent, hs_pue)', '=WATT.LEASEREVPERMWH(nc_rent, nc_pue)'], format: F.usd2, unit: 'USD/MWh of capacity', note: 'At full contracted load (site MW = IT MW x PUE, every hour); compare with mining revenue per MWh consumed (keep-mining template).' });
  s.blank();

  // Sanity checks against announced critical-IT leases and published build costs.
  const deals = RENT_LEASES;
  s.text(`Below: the ${RENT_LEASES.length} of the ${ANNOUNCED_LEASES.length} announced leases (each counted once) with a rent per kW of critical IT; the other ${ANNOUNCED_LEASES.length - RENT_LEASES.length} are in the hpc-deals template with the reason.`, 'note');
  s.header([`Announced leases with a critical-IT rent (${RENT_LEASES.length} of ${ANNOUNCED_LEASES.length})`, 'Implied rent (USD/kW-month)', 'MW (critical IT)', 'Term (years)', 'Tenant; MW basis; announced; source', 'Contract value (USD)']);
  const first = s.row;
  for (const d of deals) {
    const r = s.row;
    s.cell({ ref: `A${r}`, value: d.deal, style: 'label' });
    s.cell({ ref: `C${r}`, value: d.capacityMw, format: F.int, style: 'input', note: d.source });
    s.cell({ ref: `D${r}`, value: d.termYears, format: F.num1, style: 'input', note: d.source });
    s.cell({ ref: `F${r}`, value: d.contractValueUsd, format: F.usdM, style: 'input', note: d.source });
    s.cell({ ref: `B${r}`, formula: `=WATT.IMPLIEDRENT(F${r}, D${r}, C${r})`, format: F.usd2, style: 'output' });
    s.cell({ ref: `E${r}`, value: `${d.counterparty}; ${d.mwBasis}; ${d.announced}; ${d.source}`, style: 'source' });
    s.row += 1;
  }
  const last = s.row - 1;
  const rents = `$B$${first}:$B$${last}`;
  s.outputs({ names: ['deal_rent_min'], label: 'Lowest implied rent', formulas: [`=MIN(${rents})`], format: F.usd2, unit: 'USD/kW-month' });
  s.outputs({ names: ['deal_rent_median'], label: 'Median implied rent', formulas: [`=MEDIAN(${rents})`], format: F.usd2, unit: 'USD/kW-month' });
  s.outputs({ names: ['deal_rent_max'], label: 'Highest implied rent', formulas: [`=MAX(${rents})`], format: F.usd2, unit: 'USD/kW-month' });
  // Verdicts from the sign of a range check (builder.rangeCheck): red only when outside; each input read
  // through WATT.CHECK, so an input out of its own range is an error here, never a verdict.
  const rentCheck = (p: string) => rangeCheck(c(`${p}_rent`), 'deal_rent_min', 'deal_rent_max');
  s.outputs({ label: 'Rent vs announced leases', formulas: [rentCheck('hs'), rentCheck('nc')], format: verdictFormat('within', 'BELOW', 'ABOVE'), note: 'Within the lowest and highest implied rent above (red when outside). Term averages of announced contracts (WATT.IMPLIEDRENT); an escalating lease starts below its average.' });
  s.inputs({ names: ['capex_low', 'capex_high'], label: 'Published AI-grade build cost range', values: [8, 11], format: F.usd2, unit: 'USD/W', source: D.aiCapexPerMw.source, accepts: P.capex_w });
  const capexCheck = (p: string) => rangeCheck(c(`${p}_capex`), c('capex_low'), c('capex_high'));
  s.outputs({ label: 'Build cost vs published range', formulas: [capexCheck('hs'), capexCheck('nc')], format: verdictFormat('within', 'BELOW', 'ABOVE'), note: 'Within the published range above (red when outside).' });
  s.blank();
  s.text('Reconciles with WATT.PATHS (three-paths template), tested: its lease path on these rent, build cost, NOI margin and cap rate, with no build delay, a flat rent running past the horizon, the shell sold at the cap rate at the horizon and a discount rate of (1 + cap/12)^12 - 1, is worth exactly "Value created per W" per W of critical IT; with no terminal value and the horizon = the lease term at the discount rate above, exactly "Lease NPV less build cost".', 'note');

  return {
    id: 'powered-shell',
    title: 'Powered-shell lease: hyperscaler vs neocloud',
    description: 'The Morgan Stanley 100 MW conversion case: value created per W (WATT.SHELLVALUE) and lease NPV (WATT.LEASENPV) for a hyperscaler and a neocloud tenant, rent and build cost checked against announced deals.',
    asOf: AS_OF,
    keyAssumptions: ['100 MW critical IT', `$${hsRent.toFixed(2)} / $${ncRent.toFixed(2)} per kW-month`, `$${CAPEX}/W build`, '85% NOI margin', '15 / 10-year terms'],
    answers: 'What is a converted site worth leased to a hyperscaler versus a neocloud, and are the rent and build cost in line with announced deals?',
    sheets: [s.build()],
  };
}

export const poweredShell: Template = build();
