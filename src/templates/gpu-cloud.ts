/**
 * GPU cloud conversion (IREN/Microsoft-like): a site turned into a GPU cloud that sells GPU-hours.
 * Defaults are the IREN-Microsoft contract (2025-11-03): $9.7B over 5 years for GB300 capacity on
 * 200 MW of critical IT, ~$1.94B a year, GPUs and ancillaries bought from Dell for ~$5.8B. Revenue,
 * EBITDA, capital including the GPUs, payback, NPV and IRR over the GPUs' life, revenue per MWh
 * (WATT.CLOUDREVPERMWH), and what IREN's own fleet target implies per GPU-hour (WATT.GPUHOURRATE).
 *
 * The NPV is the contract IREN signed, not a bare EBITDA annuity: the customer's 20% prepayment is cash
 * at signing (credited against each year's revenue, so the term's yearly cash is EBITDA less the
 * credit), the GPUs are resold at their residual value at the end of their life, and the hall, which
 * outlives the GPUs, is valued then as three-paths values it (WATT.PATHS, src/core/paths.ts): market
 * NOI of the next 12 months (rent x IT kW x NOI margin) / exit cap rate. Annual periods, cash at each
 * year's end, no build delay (three-paths has the monthly timeline with a build delay).
 */
import { AS_OF, D } from './defaults';
import { P } from '../core/params';
import { F, SheetBuilder, STANDARD_WIDTHS } from './builder';
import { SHELL_CALIBRATION } from './powered-shell';
import type { Template } from './types';

/** The IREN-Microsoft contract and IREN's fleet target, with sources. */
export const IREN_MSFT = {
  contractValue: 9_700_000_000,
  termYears: 5,
  capacityMw: 200,
  contractSource: 'IREN-Microsoft GPU cloud contract, 2025-11-03: ~$9.7B over 5 years, 20% prepayment, 200 MW critical IT at Childress (hpc-deals.csv; Reuters).',
  annualRevenue: 1_940_000_000,
  gpus: 76_000,
  revenueSource: 'IREN-Microsoft: ~$1.94B annualized revenue (CEO D. Roberts, Bloomberg, 2025-11-03) from ~76,000 GB300 GPUs (IREN Q1 FY26 call, 2025-11-06)',
  /** USD per GPU-hour: 1.94e9 / (76,000 x 8,760), rounded to 0.1 cent. */
  gpuHourPrice: Math.round((1_940_000_000 / (76_000 * 8760)) * 1000) / 1000,
  /** kW of critical IT per GPU: 200 MW / 76,000, rounded to 0.001. */
  kwPerGpu: Math.round((200_000 / 76_000) * 1000) / 1000,
  kwSource: 'IREN-Microsoft: 200 MW critical IT / ~76,000 GB300 GPUs = 2.632 kW per GPU (server, network, storage share included).',
  /** GPUs and ancillary equipment per W of critical IT: $5.8B / 200 MW. */
  gpuCapexPerW: 5_800_000_000 / 200_000_000,
  capexSource: 'IREN bought the GB300 GPUs and ancillary equipment from Dell for ~$5.8B for the 200 MW (2025-11-03): $29/W of critical IT.',
  fleetGpus: 23_000,
  fleetRevenueTarget: 500_000_000,
  fleetSource: 'IREN (Q1 FY26 results, 2025-11-06): 23,000 GPUs toward >$500M annualized AI cloud revenue.',
  prepayment: 0.2,
  prepaymentSource: 'IREN-Microsoft: ~20% of the $9.7B contract prepaid at signing (IREN, 2025-11-03; Reuters): $1.94B received up front, credited against each year\'s revenue over the term.',
} as const;

/** What the cloud owns at the end of the GPUs' life, as WATT.PATHS values it (src/core/paths.ts), with sources. */
export const CLOUD_END = {
  gpuResidual: 0.1,
  gpuResidualSource: 'An H100 system in its third year resold for ~45% of new (Silicon Data, 2025): ~22% of cost a year, ~0-10% left after 5 years. Assumption at the top of that range (the WATT.PATHS default).',
  marketRent: 150,
  marketRentSource: 'Announced critical-IT leases imply ~$104-189/kW-month, median ~$150 (hpc-deals template, WATT.IMPLIEDRENT): the rent the hall earns re-let as a powered shell (the WATT.PATHS default).',
  exitCapRate: 0.075,
  exitCapRateSource: `Between the cap rates at which WATT.SHELLVALUE reproduces Morgan Stanley's $5.19/W and $7.81/W (${SHELL_CALIBRATION.text}): their middle, rounded (the WATT.PATHS default). 0 = the hall is worth nothing at the end.`,
} as const;

function build(): Template {
  const s = new SheetBuilder('GPU cloud', { columnWidths: STANDARD_WIDTHS, freeze: { rows: 2, columns: 0 } });
  s.heading('GPU cloud conversion (IREN / Microsoft-like)', `As of ${AS_OF}. Defaults: the IREN-Microsoft contract. Inputs (blue on yellow) are assumptions to update; each source in column D.`);
  s.section('Inputs');
  s.input({ name: 'gpus', label: 'GPUs', value: IREN_MSFT.gpus, format: F.int, unit: 'GPUs', source: `${IREN_MSFT.revenueSource}.`, accepts: P.gpus });
  s.input({ name: 'gpu_hour_price', label: 'Price per billed GPU-hour', value: IREN_MSFT.gpuHourPrice, format: F.usd3, unit: 'USD/GPU-hour', source: `$1.94B / (76,000 GPUs x 8,760 h) = WATT.GPUHOURRATE(1.94e9, 76000). ${IREN_MSFT.revenueSource}.`, accepts: P.gpu_hour_price });
  s.input({ name: 'utilization', label: 'Utilization (share of hours billed)', value: 1, format: F.pct, unit: '% of hours', source: 'A take-or-pay contract bills every hour; lower it for on-demand capacity.', accepts: P.utilization });
  s.input({ name: 'kw_per_gpu', label: 'IT power per GPU', value: IREN_MSFT.kwPerGpu, format: F.num3, unit: 'kW/GPU', source: IREN_MSFT.kwSource, accepts: P.kw_per_gpu });
  s.input({ name: 'pue', label: 'PUE (site power / IT power)', value: 1.3, format: F.num2, unit: 'ratio', source: 'Assumption: ~1.3 for a liquid-cooled AI hall; critical IT and gross power differ by ~1.25-1.5 (data README).', accepts: P.pue });
  s.input({ name: 'gpu_capex_w', label: 'GPUs and ancillaries', value: IREN_MSFT.gpuCapexPerW, format: F.usd2, unit: 'USD/W critical IT', source: IREN_MSFT.capexSource, accepts: P.capex_w });
  s.input({ name: 'dc_capex', label: 'Data hall build cost', value: 10.7, format: F.usd2, unit: 'USD/W critical IT', source: D.aiCapexPerMw.source, accepts: P.capex_w });
  s.input({ name: 'ebitda_margin', label: 'EBITDA margin', value: D.cloudEbitdaMargin.value, format: F.pct, unit: '% of revenue', source: D.cloudEbitdaMargin.source, accepts: P.cloud_ebitda_margin });
  s.input({ name: 'gpu_life', label: 'GPU life', value: IREN_MSFT.termYears, format: F.num1, unit: 'years', source: 'The 5-year term of the IREN-Microsoft contract; GPUs are commonly depreciated over 5-6 years.', accepts: P.gpu_life });
  s.input({ name: 'discount_rate', label: 'Discount rate (unlevered)', value: 0.1, format: F.pct, unit: '% a year', source: 'Assumption: 10% (the WATT.PATHS default); update to your cost of capital for GPU cloud risk.', accepts: P.discount_rate });
  s.blank();
  s.section('Prepayment and what the cloud owns at the end of the GPU life');
  s.input({ name: 'prepayment', label: 'Customer prepayment at signing', value: IREN_MSFT.prepayment, format: F.pct, unit: '% of contract revenue', source: IREN_MSFT.prepaymentSource, accepts: P.cloud_prepayment });
  s.input({ name: 'gpu_residual', label: 'GPU resale value at end of life', value: CLOUD_END.gpuResidual, format: F.pct, unit: '% of GPU cost', source: CLOUD_END.gpuResidualSource, accepts: P.gpu_residual });
  s.input({ name: 'hall_rent', label: 'Market rent of the hall after the GPUs', value: CLOUD_END.marketRent, format: F.usd2, unit: 'USD/kW-month', source: CLOUD_END.marketRentSource, accepts: P.lease_rent });
  s.input({ name: 'hall_noi_margin', label: 'NOI margin of the re-let hall', value: D.leaseNoiMargin.value, format: F.pct, unit: '% of rent (NOI)', source: D.leaseNoiMargin.source, accepts: P.lease_noi_margin });
  s.input({ name: 'exit_cap_rate', label: 'Exit cap rate (hall at the end)', value: CLOUD_END.exitCapRate, format: F.pct2, unit: '% (NOI / value)', source: CLOUD_END.exitCapRateSource, accepts: P.exit_cap_rate });
  s.blank();
  s.section('Checks against published figures');
  s.input({ name: 'msft_value', label: 'Microsoft contract value', value: IREN_MSFT.contractValue, format: F.usdM, unit: 'USD', source: IREN_MSFT.contractSource, accepts: P.contract_value });
  s.input({ name: 'msft_term', label: 'Microsoft contract term', value: IREN_MSFT.termYears, format: F.num1, unit: 'years', source: IREN_MSFT.contractSource, accepts: P.term });
  s.input({ name: 'msft_mw', label: 'Microsoft contract capacity', value: IREN_MSFT.capacityMw, format: F.int, unit: 'MW critical IT', source: IREN_MSFT.contractSource, accepts: P.capacity });
  s.input({ name: 'fleet_gpus', label: 'IREN fleet GPUs', value: IREN_MSFT.fleetGpus, format: F.int, unit: 'GPUs', source: IREN_MSFT.fleetSource, accepts: P.gpus });
  s.input({ name: 'fleet_target', label: 'IREN fleet revenue target', value: IREN_MSFT.fleetRevenueTarget, format: F.usdM, unit: 'USD/year', source: IREN_MSFT.fleetSource, accepts: P.annual_revenue });
  const c = (name: string) => s.checked(name);
  s.output({ label: 'Microsoft contract, per year', formula: `=${c('msft_value')} / ${c('msft_term')}`, format: F.usdM, unit: 'USD/year', note: 'Compare with this case\'s annual revenue below (~$1.94B).' });
  s.output({ label: 'IREN fleet: average price per GPU-hour', formula: '=WATT.GPUHOURRATE(fleet_target, fleet_gpus)', format: F.usd3, unit: 'USD/GPU-hour', note: 'Over all hours of the 23,000-GPU fleet (older H100/H200 and B200 mixed in): below the GB300 contract price.' });
  s.blank();

  s.section('Outputs');
  s.output({ name: 'it_mw', label: 'Critical IT power', formula: `=${c('gpus')} * ${c('kw_per_gpu')} / 1000`, format: F.num1, unit: 'MW', note: 'GPUs x kW per GPU. Each input is read through WATT.CHECK: out of its range, every output that uses it is #VALUE! with a message.' });
  s.output({ name: 'site_mw', label: 'Site power', formula: `=it_mw * ${c('pue')}`, format: F.num1, unit: 'MW' });
  s.output({ name: 'annual_revenue', label: 'Annual revenue', formula: `=${c('gpus')} * 8760 * ${c('utilization')} * ${c('gpu_hour_price')}`, format: F.usdM, unit: 'USD/year', note: 'GPUs x 8,760 h x utilization x price.' });
  s.output({ name: 'revenue_per_mw', label: 'Revenue per MW of IT a year', formula: '=annual_revenue / it_mw', format: F.usdM, unit: 'USD/MW/year', note: 'A lease at $150/kW-month earns $1.8M per MW a year.' });
  s.output({ name: 'revenue_per_mwh', label: 'Revenue per MWh of site capacity', formula: '=WATT.CLOUDREVPERMWH(gpu_hour_price, kw_per_gpu, utilization, pue)', format: F.usd2, unit: 'USD/MWh of capacity', note: 'Site MW at full IT load (GPUs draw power whether billed or not); compare with a lease (WATT.LEASEREVPERMWH) and mining per MWh consumed (keep-mining).' });
  s.output({ name: 'annual_ebitda', label: 'Annual EBITDA', formula: `=annual_revenue * ${c('ebitda_margin')}`, format: F.lossUsdM, unit: 'USD/year' });
  s.output({ name: 'capex_gpus', label: 'Capital: GPUs and ancillaries', formula: `=it_mw * 1000000 * ${c('gpu_capex_w')}`, format: F.usdM, unit: 'USD' });
  s.output({ name: 'capex_dc', label: 'Capital: data hall', formula: `=it_mw * 1000000 * ${c('dc_capex')}`, format: F.usdM, unit: 'USD' });
  s.output({ name: 'capex_total', label: 'Capital, total (GPUs included)', formula: '=capex_gpus + capex_dc', format: F.usdM, unit: 'USD' });
  s.output({ name: 'capex_per_gpu', label: 'Capital per GPU, all-in', formula: `=capex_total / ${c('gpus')}`, format: F.usd0, unit: 'USD/GPU' });
  s.output({ name: 'capex_per_w', label: 'Capital per W of critical IT', formula: `=${c('gpu_capex_w')} + ${c('dc_capex')}`, format: F.usd2, unit: 'USD/W', note: 'The cloud_capex assumption of WATT.PATHS.' });
  s.output({ name: 'gpu_depreciation', label: 'GPU depreciation per year', formula: `=capex_gpus * (1 - ${c('gpu_residual')}) / ${c('gpu_life')}`, format: F.usdM, unit: 'USD/year', note: 'Straight-line from cost to the resale value over the GPU life.' });
  s.output({ name: 'prepayment_cash', label: 'Prepayment received at signing', formula: `=${c('prepayment')} * annual_revenue * ${c('gpu_life')}`, format: F.usdM, unit: 'USD', note: 'Prepayment x the revenue of the term (IREN: 20% of $9.7B = $1.94B).' });
  s.output({ name: 'annual_credit', label: 'Prepayment credited each year', formula: `=${c('prepayment')} * annual_revenue`, format: F.usdM, unit: 'USD/year', note: 'Service already paid for: revenue without cash in each year of the term.' });
  s.output({ name: 'annual_cash', label: 'Cash each year of the term', formula: '=annual_ebitda - annual_credit', format: F.lossUsdM, unit: 'USD/year', note: 'EBITDA less the prepayment credited.' });
  s.output({ name: 'gpu_resale', label: 'GPUs resold at the end of their life', formula: `=capex_gpus * ${c('gpu_residual')}`, format: F.usdM, unit: 'USD', note: 'Resale value x GPU cost, received at the end of the GPU life.' });
  s.output({ name: 'hall_value', label: 'Hall value at the end of the GPU life', formula: `=IF(${c('exit_cap_rate')}>0, it_mw * 1000 * ${c('hall_rent')} * 12 * ${c('hall_noi_margin')} / ${c('exit_cap_rate')}, 0)`, format: F.usdM, unit: 'USD', note: 'The hall outlives the GPUs: market NOI of the next 12 months / exit cap rate, as WATT.PATHS values the cloud\'s hall at its horizon (0 when the cap rate is 0).' });
  s.output({ name: 'end_value', label: 'Value at the end of the GPU life', formula: '=gpu_resale + hall_value', format: F.usdM, unit: 'USD', note: 'Undiscounted; in the NPV and IRR below.' });
  s.output({ name: 'net_capital', label: 'Capital net of the prepayment', formula: '=capex_total - prepayment_cash', format: F.lossUsdM, unit: 'USD', note: 'The cash the owner puts in at signing.' });
  s.output({ name: 'payback', label: 'Payback, net of the prepayment', formula: `=IF(net_capital<=0, 0, IF(annual_cash>0, IF(net_capital / annual_cash <= ${c('gpu_life')}, net_capital / annual_cash, "beyond the term"), "never"))`, format: F.num1, unit: 'years', note: 'Capital net of the prepayment / cash each year (undiscounted, before tax, end values not counted); "beyond the term" when the term\'s cash does not repay it.' });
  s.output({ name: 'npv_term_only', label: 'NPV of the term\'s EBITDA less capital', formula: `=PV(${c('discount_rate')}, ${c('gpu_life')}, -annual_ebitda) - capex_total`, format: F.lossUsdM, unit: 'USD', note: 'No prepayment, no resale, no hall: the bare EBITDA annuity, for comparison.' });
  s.output({ name: 'npv_prepayment', label: '+ prepayment received up front', formula: `=prepayment_cash - PV(${c('discount_rate')}, ${c('gpu_life')}, -annual_credit)`, format: F.lossUsdM, unit: 'USD', note: 'Cash at signing less the present value of the yearly credits it replaces.' });
  s.output({ name: 'npv_end_value', label: '+ GPUs resold and hall, discounted', formula: `=end_value / (1 + ${c('discount_rate')}) ^ ${c('gpu_life')}`, format: F.lossUsdM, unit: 'USD', note: 'Value at the end of the GPU life at the discount rate.' });
  s.output({ name: 'cloud_npv', label: 'NPV of the contract', formula: `=prepayment_cash - capex_total + PV(${c('discount_rate')}, ${c('gpu_life')}, -annual_cash, -end_value)`, format: F.lossUsdM, unit: 'USD', note: 'Prepayment - capital at signing + the term\'s yearly cash + GPUs resold and hall at its end; equals the three lines above.' });
  s.output({ name: 'cloud_irr', label: 'IRR of the contract', formula: `=IF(ISERROR(net_capital + annual_cash + end_value), net_capital + annual_cash + end_value, IF(net_capital>0, IFERROR(RATE(${c('gpu_life')}, annual_cash / net_capital, -1, end_value / net_capital), ""), "n/a"))`, format: F.pct, unit: '% a year', note: 'RATE on cash per dollar of net capital (same rate, better conditioned); "n/a" when the prepayment covers the capital; blank when no rate solves; an input out of range shows its error.' });
  s.output({ label: 'Contract check: revenue vs Microsoft per year', formula: `=IF(${c('msft_value')}>0, annual_revenue / (msft_value / ${c('msft_term')}) - 1, "")`, format: F.pct, unit: '% difference', note: 'Near 0% at the defaults: the case reproduces the contract.' });
  return {
    id: 'gpu-cloud',
    title: 'GPU cloud conversion',
    description: 'IREN/Microsoft-like GPU cloud: GPUs, price per GPU-hour, kW per GPU, utilization, capital including the GPUs, EBITDA, the 20% prepayment, GPUs resold and the hall valued at the end, payback, NPV and IRR, revenue per MWh, checked against the $9.7B contract.',
    asOf: AS_OF,
    keyAssumptions: ['76,000 GPUs', `$${IREN_MSFT.gpuHourPrice}/GPU-hour`, `${IREN_MSFT.kwPerGpu} kW/GPU`, '$29/W GPUs + $10.7/W hall', '85% EBITDA margin', '5 years', '20% prepaid', '10% GPU resale', 'hall at $150/kW-month, 7.5% cap'],
    answers: 'What does a GPU cloud earn on a converted site, what capital does it need with the GPUs, and how fast does it pay back?',
    sheets: [s.build()],
  };
}

export const gpuCloud: Template = build();
