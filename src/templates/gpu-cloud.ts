/**
 * GPU cloud conversion (IREN/Microsoft-like): a site turned into a GPU cloud that sells GPU-hours.
 * Defaults are the IREN-Microsoft contract (2025-11-03): $9.7B over 5 years for GB300 capacity on
 * 200 MW of critical IT, ~$1.94B a year, GPUs and ancillaries bought from Dell for ~$5.8B. Revenue,
 * EBITDA, capital including the GPUs, payback, NPV and IRR over the GPUs' life, revenue per MWh
 * (WATT.CLOUDREVPERMWH), and what IREN's own fleet target implies per GPU-hour (WATT.GPUHOURRATE).
 */
import { AS_OF, D } from './defaults';
import { F, SheetBuilder, STANDARD_WIDTHS } from './builder';
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
} as const;

function build(): Template {
  const s = new SheetBuilder('GPU cloud', { columnWidths: STANDARD_WIDTHS, freeze: { rows: 2, columns: 0 } });
  s.heading('GPU cloud conversion (IREN / Microsoft-like)', `As of ${AS_OF}. Defaults: the IREN-Microsoft contract. Inputs (blue on yellow) are assumptions to update; each source in column D.`);
  s.section('Inputs');
  s.input({ name: 'gpus', label: 'GPUs', value: IREN_MSFT.gpus, format: F.int, unit: 'GPUs', source: `${IREN_MSFT.revenueSource}.` });
  s.input({ name: 'gpu_hour_price', label: 'Price per billed GPU-hour', value: IREN_MSFT.gpuHourPrice, format: F.usd3, unit: 'USD/GPU-hour', source: `$1.94B / (76,000 GPUs x 8,760 h) = WATT.GPUHOURRATE(1.94e9, 76000). ${IREN_MSFT.revenueSource}.` });
  s.input({ name: 'utilization', label: 'Utilization (share of hours billed)', value: 1, format: F.pct, unit: '% of hours', source: 'A take-or-pay contract bills every hour; lower it for on-demand capacity.' });
  s.input({ name: 'kw_per_gpu', label: 'IT power per GPU', value: IREN_MSFT.kwPerGpu, format: F.num3, unit: 'kW/GPU', source: IREN_MSFT.kwSource });
  s.input({ name: 'pue', label: 'PUE (site power / IT power)', value: 1.3, format: F.num2, unit: 'ratio', source: 'Assumption: ~1.3 for a liquid-cooled AI hall; critical IT and gross power differ by ~1.25-1.5 (data README).' });
  s.input({ name: 'gpu_capex_w', label: 'GPUs and ancillaries', value: IREN_MSFT.gpuCapexPerW, format: F.usd2, unit: 'USD/W critical IT', source: IREN_MSFT.capexSource });
  s.input({ name: 'dc_capex', label: 'Data hall build cost', value: 10.7, format: F.usd2, unit: 'USD/W critical IT', source: D.aiCapexPerMw.source });
  s.input({ name: 'ebitda_margin', label: 'EBITDA margin', value: D.cloudEbitdaMargin.value, format: F.pct, unit: '% of revenue', source: D.cloudEbitdaMargin.source });
  s.input({ name: 'gpu_life', label: 'GPU life', value: IREN_MSFT.termYears, format: F.num1, unit: 'years', source: 'The 5-year term of the IREN-Microsoft contract; GPUs are commonly depreciated over 5-6 years.' });
  s.input({ name: 'discount_rate', label: 'Discount rate (unlevered)', value: 0.1, format: F.pct, unit: '% a year', source: 'Assumption: 10% (the WATT.PATHS default); update to your cost of capital for GPU cloud risk.' });
  s.blank();
  s.section('Checks against published figures');
  s.input({ name: 'msft_value', label: 'Microsoft contract value', value: IREN_MSFT.contractValue, format: F.usdM, unit: 'USD', source: IREN_MSFT.contractSource });
  s.input({ name: 'msft_term', label: 'Microsoft contract term', value: IREN_MSFT.termYears, format: F.num1, unit: 'years', source: IREN_MSFT.contractSource });
  s.input({ name: 'msft_mw', label: 'Microsoft contract capacity', value: IREN_MSFT.capacityMw, format: F.int, unit: 'MW critical IT', source: IREN_MSFT.contractSource });
  s.input({ name: 'fleet_gpus', label: 'IREN fleet GPUs', value: IREN_MSFT.fleetGpus, format: F.int, unit: 'GPUs', source: IREN_MSFT.fleetSource });
  s.input({ name: 'fleet_target', label: 'IREN fleet revenue target', value: IREN_MSFT.fleetRevenueTarget, format: F.usdM, unit: 'USD/year', source: IREN_MSFT.fleetSource });
  s.output({ label: 'Microsoft contract, per year', formula: '=msft_value / msft_term', format: F.usdM, unit: 'USD/year', note: 'Compare with this case\'s annual revenue below (~$1.94B).' });
  s.output({ label: 'IREN fleet: average price per GPU-hour', formula: '=WATT.GPUHOURRATE(fleet_target, fleet_gpus)', format: F.usd3, unit: 'USD/GPU-hour', note: 'Over all hours of the 23,000-GPU fleet (older H100/H200 and B200 mixed in): below the GB300 contract price.' });
  s.blank();

  s.section('Outputs');
  s.output({ name: 'it_mw', label: 'Critical IT power', formula: '=gpus * kw_per_gpu / 1000', format: F.num1, unit: 'MW', note: 'GPUs x kW per GPU.' });
  s.output({ name: 'site_mw', label: 'Site power', formula: '=it_mw * pue', format: F.num1, unit: 'MW' });
  s.output({ name: 'annual_revenue', label: 'Annual revenue', formula: '=gpus * 8760 * utilization * gpu_hour_price', format: F.usdM, unit: 'USD/year', note: 'GPUs x 8,760 h x utilization x price.' });
  s.output({ name: 'revenue_per_mw', label: 'Revenue per MW of IT a year', formula: '=IF(it_mw>0, annual_revenue / it_mw, "")', format: F.usdM, unit: 'USD/MW/year', note: 'A lease at $150/kW-month earns $1.8M per MW a year.' });
  s.output({ name: 'revenue_per_mwh', label: 'Revenue per MWh of site capacity', formula: '=WATT.CLOUDREVPERMWH(gpu_hour_price, kw_per_gpu, utilization, pue)', format: F.usd2, unit: 'USD/MWh of capacity', note: 'Site MW at full IT load (GPUs draw power whether billed or not); compare with a lease (WATT.LEASEREVPERMWH) and mining per MWh consumed (keep-mining).' });
  s.output({ name: 'annual_ebitda', label: 'Annual EBITDA', formula: '=annual_revenue * ebitda_margin', format: F.lossUsdM, unit: 'USD/year' });
  s.output({ name: 'capex_gpus', label: 'Capital: GPUs and ancillaries', formula: '=it_mw * 1000000 * gpu_capex_w', format: F.usdM, unit: 'USD' });
  s.output({ name: 'capex_dc', label: 'Capital: data hall', formula: '=it_mw * 1000000 * dc_capex', format: F.usdM, unit: 'USD' });
  s.output({ name: 'capex_total', label: 'Capital, total (GPUs included)', formula: '=capex_gpus + capex_dc', format: F.usdM, unit: 'USD' });
  s.output({ name: 'capex_per_gpu', label: 'Capital per GPU, all-in', formula: '=IF(gpus>0, capex_total / gpus, "")', format: F.usd0, unit: 'USD/GPU' });
  s.output({ name: 'capex_per_w', label: 'Capital per W of critical IT', formula: '=gpu_capex_w + dc_capex', format: F.usd2, unit: 'USD/W', note: 'The cloud_capex assumption of WATT.PATHS.' });
  s.output({ name: 'payback', label: 'Payback', formula: '=IF(annual_ebitda>0, capex_total / annual_ebitda, "never")', format: F.num1, unit: 'years', note: 'Capital / EBITDA (undiscounted, before tax).' });
  s.output({ name: 'gpu_depreciation', label: 'GPU depreciation per year', formula: '=capex_gpus / gpu_life', format: F.usdM, unit: 'USD/year' });
  s.output({ name: 'cloud_npv', label: 'NPV over the GPU life', formula: '=PV(discount_rate, gpu_life, -annual_ebitda) - capex_total', format: F.lossUsdM, unit: 'USD', note: 'Annual EBITDA for the GPU life, no residual value for the hall (conservative).' });
  s.output({ name: 'cloud_irr', label: 'IRR over the GPU life', formula: '=IFERROR(IF(capex_total>0, RATE(gpu_life, annual_ebitda / capex_total, -1), ""), "")', format: F.pct, unit: '% a year', note: 'RATE on EBITDA per dollar of capital (same rate, better conditioned); blank when no rate solves.' });
  s.output({ label: 'Contract check: revenue vs Microsoft per year', formula: '=IF(msft_value>0, annual_revenue / (msft_value / msft_term) - 1, "")', format: F.pct, unit: '% difference', note: 'Near 0% at the defaults: the case reproduces the contract.' });
  return {
    id: 'gpu-cloud',
    title: 'GPU cloud conversion',
    description: 'IREN/Microsoft-like GPU cloud: GPUs, price per GPU-hour, kW per GPU, utilization, capital including the GPUs, EBITDA, payback, NPV and IRR, revenue per MWh, checked against the $9.7B contract.',
    asOf: AS_OF,
    keyAssumptions: ['76,000 GPUs', `$${IREN_MSFT.gpuHourPrice}/GPU-hour`, `${IREN_MSFT.kwPerGpu} kW/GPU`, '$29/W GPUs + $10.7/W hall', '85% EBITDA margin', '5 years'],
    answers: 'What does a GPU cloud earn on a converted site, what capital does it need with the GPUs, and how fast does it pay back?',
    sheets: [s.build()],
  };
}

export const gpuCloud: Template = build();
