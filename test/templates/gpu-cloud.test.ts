/**
 * gpu-cloud: outputs equal WATT.CLOUDREVPERMWH / WATT.GPUHOURRATE and closed forms of the input
 * cells; the defaults reproduce the IREN-Microsoft contract (~$1.94B a year, Bloomberg 2025-11-03).
 */
import { findTemplate } from '../../src/templates';
import { Inserted, wrapper } from './helpers';

const template = findTemplate('gpu-cloud')!;
const close = (a: number, b: number, tol = 1e-9) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe('gpu-cloud in the engine', () => {
  test('outputs equal the WATT functions and closed forms of the input cells', async () => {
    const t = await Inserted.of(template);
    const n = (k: string) => t.num(k);
    const it = (n('gpus') * n('kw_per_gpu')) / 1000;
    close(n('it_mw'), it);
    const revenue = n('gpus') * 8760 * n('utilization') * n('gpu_hour_price');
    close(n('annual_revenue'), revenue);
    close(n('revenue_per_mwh'), wrapper('CLOUDREVPERMWH')(n('gpu_hour_price'), n('kw_per_gpu'), n('utilization'), n('pue')));
    // Revenue per MWh of site power, independently: revenue / (site MW x 8,760 h).
    close(n('revenue_per_mwh'), revenue / (it * n('pue') * 8760));
    const capex = it * 1e6 * (n('gpu_capex_w') + n('dc_capex'));
    close(n('capex_total'), capex);
    const ebitda = revenue * n('ebitda_margin');
    close(n('payback'), capex / ebitda);
    // IRR: the rate at which the GPU life's EBITDA annuity is worth the capital.
    const irr = n('cloud_irr');
    const pv = (ebitda * (1 - (1 + irr) ** -n('gpu_life'))) / irr;
    close(pv, capex, 1e-7);
    close(n('cloud_npv'), (ebitda * (1 - (1 + n('discount_rate')) ** -n('gpu_life'))) / n('discount_rate') - capex, 1e-9);
  });

  test('defaults reproduce the IREN-Microsoft contract and IREN fleet target', async () => {
    const t = await Inserted.of(template);
    // ~$1.94B annualized revenue (CEO D. Roberts via Bloomberg, 2025-11-03): within 0.01%.
    expect(Math.abs(t.num('annual_revenue') / 1.94e9 - 1)).toBeLessThan(1e-4);
    // 200 MW of critical IT (hpc-deals.csv): within 0.05 MW.
    expect(Math.abs(t.num('it_mw') - 200)).toBeLessThan(0.05);
    // $5.8B Dell GPU package (2025-11-03): within $5M.
    expect(Math.abs(t.num('capex_gpus') - 5.8e9)).toBeLessThan(5e6);
    // IREN fleet: $500M / (23,000 x 8,760 h) = $2.4816 per GPU-hour.
    const fleet = template.sheets[0].cells.find((c) => c.formula?.includes('GPUHOURRATE'))!;
    const v = t.at(fleet.ref) as number;
    close(v, wrapper('GPUHOURRATE')(500e6, 23000));
    expect(v).toBeCloseTo(2.4816, 4);
  });
});
