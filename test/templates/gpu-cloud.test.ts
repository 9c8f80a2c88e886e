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
    const life = n('gpu_life');
    const r = n('discount_rate');
    const annuity = (rate: number) => (1 - (1 + rate) ** -life) / rate;
    // The contract's cash: the prepayment (share x the term's revenue) at signing, EBITDA less the
    // yearly credit at each year's end, the GPUs resold and the hall at the end of the GPU life.
    const prepaid = n('prepayment') * revenue * life;
    const cash = ebitda - n('prepayment') * revenue;
    const hall = (it * 1000 * n('hall_rent') * 12 * n('hall_noi_margin')) / n('exit_cap_rate');
    const end = n('gpu_residual') * it * 1e6 * n('gpu_capex_w') + hall;
    close(n('prepayment_cash'), prepaid);
    close(n('annual_cash'), cash);
    close(n('hall_value'), hall);
    close(n('end_value'), end);
    close(n('payback'), (capex - prepaid) / cash);
    const npv = prepaid - capex + cash * annuity(r) + end * (1 + r) ** -life;
    close(n('cloud_npv'), npv);
    // The bridge: term-only annuity + prepayment timing + end values = the NPV.
    close(n('npv_term_only'), ebitda * annuity(r) - capex);
    close(n('npv_term_only') + n('npv_prepayment') + n('npv_end_value'), npv);
    // IRR: the rate at which the contract's cash is worth nothing.
    const irr = n('cloud_irr');
    // (relative to the capital: RATE solves to ~1e-12 of it)
    close((prepaid - capex + cash * annuity(irr) + end * (1 + irr) ** -life) / capex, 0, 1e-9);
  });

  test('the contract IREN signed is worth $1,673M at 10%, not ($1,690M): prepayment, GPU resale and the hall', async () => {
    const t = await Inserted.of(template);
    // Term-only annuity (the figure issue 15 found): $1,649.0M EBITDA x 3.7908 (5 years at 10%) - $7,941.3M capital.
    expect(t.num('npv_term_only') / 1e6).toBeCloseTo(-1690.18, 1);
    // 20% prepaid (IREN-Microsoft, 2025-11-03): $1,940.0M at signing less 3.7908 x $388.0M credited = +$469.2M.
    expect(t.num('prepayment_cash') / 1e6).toBeCloseTo(1940.02, 1);
    expect(t.num('npv_prepayment') / 1e6).toBeCloseTo(469.18, 1);
    // End of the GPU life: GPUs resold at 10% of $5,800.9M (Silicon Data, 2025) = $580.1M; the hall re-let at
    // $150/kW-month (median announced lease), 85% NOI, 7.5% exit cap (Morgan Stanley calibration):
    // 200,032 kW x 150 x 12 x 0.85 / 0.075 = $4,080.7M; both / 1.1^5 = +$2,894.0M.
    expect(t.num('gpu_resale') / 1e6).toBeCloseTo(580.09, 1);
    expect(t.num('hall_value') / 1e6).toBeCloseTo(4080.65, 1);
    expect(t.num('npv_end_value') / 1e6).toBeCloseTo(2893.96, 1);
    expect(t.num('cloud_npv') / 1e6).toBeCloseTo(1672.95, 1);
    // IRR 17.9% on the $6,001.2M net of the prepayment; payback 6,001.2 / 1,261.0 = 4.76 years, within the term.
    expect(t.num('cloud_irr')).toBeCloseTo(0.1788, 4);
    expect(t.num('payback')).toBeCloseTo(4.759, 3);
  });

  test('with no prepayment, no resale and a hall worth nothing, the NPV is the bare annuity; the hall value is WATT.PATHS\'s', async () => {
    const t = await Inserted.of(template);
    const hall = t.num('hall_value');
    const resale = t.num('gpu_resale');
    // WATT.PATHS on the same cloud (IT MW = site MW, no build delay, a 5-year horizon = the GPU life) credits
    // at H the hall at market NOI / exit cap plus the GPUs at their residual value (src/core/paths.ts).
    const table = wrapper('PATHS')(Object.entries({
      start_date: 46023, btc_price: 87000, network_hashrate: 1075, efficiency: 17.5, power_price: 0.045,
      site_mw: t.num('it_mw'), it_ratio: 1, conversion_months: 0, lease_rent: t.num('hall_rent'), lease_noi_margin: t.num('hall_noi_margin'),
      exit_cap_rate: t.num('exit_cap_rate'), conversion_capex: t.num('dc_capex'), cloud_capex: t.num('dc_capex') + t.num('gpu_capex_w'),
      gpu_life: t.num('gpu_life'), gpu_residual: t.num('gpu_residual'),
    }), 5) as unknown[][];
    close(table.find((row) => row[0] === 'terminal_value')![3] as number, hall + resale);
    t.set('prepayment', 0);
    t.set('gpu_residual', 0);
    t.set('exit_cap_rate', 0);
    close(t.num('cloud_npv'), t.num('npv_term_only'));
    expect(t.num('hall_value')).toBe(0);
    expect(t.num('payback')).toBeCloseTo(7941.27 / 1649.02, 3); // capital / EBITDA
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
