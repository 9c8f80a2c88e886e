/**
 * GPU cloud conversion (IREN/Microsoft-like): a site turned into a GPU cloud that sells GPU-hours.
 * Revenue, EBITDA, capital including the GPUs, payback, NPV and IRR over the GPUs' life, revenue per
 * MWh (WATT.CLOUDREVPERMWH), and the GPU-hour price IREN's target implies (WATT.GPUHOURRATE).
 */
import { AS_OF, D } from './defaults';
import { F, SheetBuilder, STANDARD_WIDTHS } from './builder';
import type { Template } from './types';

export const IREN = {
  gpus: 23_000,
  annualRevenueTarget: 500_000_000,
  source: 'IREN (Q1 FY26 results, 2025-11-06): 23,000 GPUs toward >$500M annualized AI cloud revenue.',
  microsoft: {
    contractValue: 9_700_000_000,
    termYears: 5,
    capacityMw: 200,
    source: 'IREN-Microsoft GPU cloud contract, 2025-11-03: $9.7B over 5 years, 200 MW critical IT, GPUs included (hpc-deals.csv).',
  },
} as const;

const UTILIZATION = 0.9;

function build(): Template {
  // Price per sold GPU-hour that gives IREN's $500M on 23,000 GPUs at this utilization, rounded to a cent.
  const price = Math.round((IREN.annualRevenueTarget / (IREN.gpus * 8760 * UTILIZATION)) * 100) / 100;
  const s = new SheetBuilder('GPU cloud', { columnWidths: STANDARD_WIDTHS, freeze: { rows: 2, columns: 0 } });
  s.heading('GPU cloud conversion (IREN / Microsoft-like)', `As of ${AS_OF}. Inputs (blue on yellow) are assumptions to update; each source in column D.`);
  s.section('Inputs');
  s.input({ name: 'gpus', label: 'GPUs', value: IREN.gpus, format: F.int, unit: 'GPUs', source: IREN.source });
  s.input({ name: 'gpu_hour_price', label: 'Price per billed GPU-hour', value: price, format: F.usd2, unit: 'USD/GPU-hour', source: `Calibrated to IREN: the price that gives $500M a year on 23,000 GPUs at ${UTILIZATION * 100}% utilization (check row below).` });
  s.input({ name: 'utilization', label: 'Utilization (share of hours billed)', value: UTILIZATION, format: F.pct, unit: 'fraction', source: 'Assumption: 90% of GPU-hours sold (contracted capacity runs higher, on-demand lower).' });
  s.input({ name: 'kw_per_gpu', label: 'IT power per GPU', value: 1.5, format: F.num2, unit: 'kW/GPU', source: 'Assumption: ~1.4-1.9 kW per GPU including its share of server, network and storage (H100- to GB300-class systems).' });
  s.input({ name: 'pue', label: 'PUE (site power / IT power)', value: 1.3, format: F.num2, unit: 'ratio', source: 'Assumption: ~1.3 for a liquid-cooled AI hall.' });
  s.input({ name: 'gpu_capex', label: 'Cost per GPU, all-in', value: 50_000, format: F.usd0, unit: 'USD/GPU', source: 'Assumption: GPU with its share of server, networking and storage; replace with the purchase contract.' });
  s.input({ name: 'dc_capex', label: 'Data hall build cost', value: 10.7, format: F.usd2, unit: 'USD/W critical IT', source: D.aiCapexPerMw.source });
  s.input({ name: 'ebitda_margin', label: 'EBITDA margin', value: D.cloudEbitdaMargin.value, format: F.pct, unit: 'of revenue', source: D.cloudEbitdaMargin.source });
  s.input({ name: 'gpu_life', label: 'GPU life', value: 5, format: F.num1, unit: 'years', source: 'Assumption: 5 years, the term of the IREN-Microsoft contract; GPUs are commonly depreciated over 5-6 years.' });
  s.input({ name: 'discount_rate', label: 'Discount rate (unlevered)', value: 0.12, format: F.pct, unit: 'annual', source: 'Assumption: update to your cost of capital for GPU cloud risk.' });
  s.input({ name: 'iren_target', label: 'IREN revenue target (check)', value: IREN.annualRevenueTarget, format: F.usdM, unit: 'USD/year', source: IREN.source });
  s.input({ name: 'msft_value', label: 'Microsoft contract value (check)', value: IREN.microsoft.contractValue, format: F.usdB, unit: 'USD', source: IREN.microsoft.source });
  s.input({ name: 'msft_term', label: 'Microsoft contract term (check)', value: IREN.microsoft.termYears, format: F.num1, unit: 'years', source: IREN.microsoft.source });
  s.input({ name: 'msft_mw', label: 'Microsoft contract capacity (check)', value: IREN.microsoft.capacityMw, format: F.int, unit: 'MW critical IT', source: IREN.microsoft.source });
  s.blank();

  s.section('Outputs');
  s.output({ name: 'it_mw', label: 'Critical IT power', formula: '=gpus * kw_per_gpu / 1000', format: F.num1, unit: 'MW', note: 'GPUs x kW per GPU.' });
  s.output({ name: 'site_mw', label: 'Site power', formula: '=it_mw * pue', format: F.num1, unit: 'MW' });
  s.output({ name: 'annual_revenue', label: 'Annual revenue', formula: '=gpus * 8760 * utilization * gpu_hour_price', format: F.usdM, unit: 'USD/year', note: 'GPUs x 8,760 h x utilization x price.' });
  s.output({ name: 'implied_rate', label: 'GPU-hour price implied by IREN target', formula: '=WATT.GPUHOURRATE(iren_target, gpus, utilization)', format: F.usd2, unit: 'USD/GPU-hour', note: 'Price per billed hour that earns the target at this utilization.' });
  s.output({ name: 'revenue_per_mwh', label: 'Revenue per MWh of site power', formula: '=WATT.CLOUDREVPERMWH(gpu_hour_price, kw_per_gpu, utilization, pue)', format: F.usd2, unit: 'USD/MWh', note: 'Compare with mining (~$85/MWh at $35-37/PH/day) and a lease.' });
  s.output({ name: 'annual_ebitda', label: 'Annual EBITDA', formula: '=annual_revenue * ebitda_margin', format: F.usdM, unit: 'USD/year' });
  s.output({ name: 'capex_gpus', label: 'Capital: GPUs', formula: '=gpus * gpu_capex', format: F.usdM, unit: 'USD' });
  s.output({ name: 'capex_dc', label: 'Capital: data hall', formula: '=it_mw * 1000000 * dc_capex', format: F.usdM, unit: 'USD' });
  s.output({ name: 'capex_total', label: 'Capital, total (GPUs included)', formula: '=capex_gpus + capex_dc', format: F.usdM, unit: 'USD' });
  s.output({ name: 'capex_per_w', label: 'Capital per W of critical IT', formula: '=IF(it_mw>0, capex_total / (it_mw * 1000000), "")', format: F.usd2, unit: 'USD/W', note: 'The cloud_capex assumption of WATT.PATHS.' });
  s.output({ name: 'payback', label: 'Payback', formula: '=IF(annual_ebitda>0, capex_total / annual_ebitda, "never")', format: F.years, unit: 'years', note: 'Capital / EBITDA (undiscounted, before tax).' });
  s.output({ name: 'gpu_depreciation', label: 'GPU depreciation per year', formula: '=capex_gpus / gpu_life', format: F.usdM, unit: 'USD/year' });
  s.output({ name: 'npv', label: 'NPV over the GPU life', formula: '=PV(discount_rate, gpu_life, -annual_ebitda) - capex_total', format: F.usdM, unit: 'USD', note: 'Annual EBITDA for the GPU life, no residual value for the hall (conservative).' });
  s.output({ name: 'irr', label: 'IRR over the GPU life', formula: '=IFERROR(RATE(gpu_life, annual_ebitda, -capex_total), "")', format: F.pct, unit: 'annual', note: 'Blank when no rate solves (EBITDA never repays the capital).' });
  s.output({ label: 'Microsoft contract revenue per MW-year', formula: '=msft_value / msft_term / msft_mw', format: F.usdM, unit: 'USD/MW/year', note: 'Contract check: what Microsoft pays per MW of critical IT a year.' });
  s.output({ label: 'This case: revenue per MW-year of IT', formula: '=IF(it_mw>0, annual_revenue / it_mw, "")', format: F.usdM, unit: 'USD/MW/year' });
  return {
    id: 'gpu-cloud',
    title: 'GPU cloud conversion',
    description: 'IREN/Microsoft-like GPU cloud: GPUs, price per GPU-hour, kW per GPU, utilization, capital including the GPUs, EBITDA, payback, NPV and IRR, revenue per MWh.',
    asOf: AS_OF,
    keyAssumptions: ['23,000 GPUs', `$${price}/GPU-hour`, '90% utilization', '1.5 kW/GPU', '$50k/GPU + $10.7/W hall', '85% EBITDA margin'],
    answers: 'What does a GPU cloud earn on a converted site, what capital does it need with the GPUs, and how fast does it pay back?',
    sheets: [s.build()],
  };
}

export const gpuCloud: Template = build();
