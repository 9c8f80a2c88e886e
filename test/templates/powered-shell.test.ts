/**
 * powered-shell: value per W and lease NPV equal WATT.SHELLVALUE / WATT.LEASENPV of the input cells;
 * the calibrated defaults reproduce Morgan Stanley's published values; the deals block equals the
 * CSV. Fails loudly until SHELLVALUE, LEASENPV, IMPLIEDRENT and LEASEREVPERMWH are merged.
 */
import { findTemplate } from '../../src/templates';
import { MS_CASE, SHELL_CALIBRATION } from '../../src/templates/powered-shell';
import { countedLeases } from '../helpers/deals';
import { Inserted, wrapper } from './helpers';
import { formatColor, formatValue } from '../../src/workbench/numfmt';

const template = findTemplate('powered-shell')!;
const close = (a: number, b: number, tol = 1e-9) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe('powered-shell in the engine', () => {
  test.each(['hs', 'nc'])('%s: outputs equal the WATT functions and closed forms of the input cells', async (p) => {
    const t = await Inserted.of(template);
    const n = (k: string) => t.num(`${p}_${k}`);
    const noiW = (n('rent') * 12) / 1000 * n('noi');
    close(n('noi_w'), noiW);
    close(t.num(`${p}_yoc`), noiW / n('capex'));
    close(n('value_w'), wrapper('SHELLVALUE')(n('rent'), n('capex'), n('cap'), n('noi')));
    // Method of SHELLVALUE (NOI per W-year / cap rate - build cost), computed here independently.
    close(n('value_w'), noiW / n('cap') - n('capex'));
    close(n('npv'), wrapper('LEASENPV')(n('mw'), n('rent'), n('term'), n('discount'), n('escalator'), n('noi'), n('prepay')));
  });

  test('defaults reproduce Morgan Stanley (2025-09-21): $5.19/W at 10% yield on cost, $7.81/W at 14% (within $0.01/W and 0.05 pp)', async () => {
    const t = await Inserted.of(template);
    expect(Math.abs(t.num('hs_value_w') - MS_CASE.hyperscaler.valuePerW)).toBeLessThan(0.01);
    expect(Math.abs(t.num('nc_value_w') - MS_CASE.neocloud.valuePerW)).toBeLessThan(0.01);
    // The one calibration (SHELL_CALIBRATION, stated on the sheet and in the docs): $10.7/W (JLL 2025), 85% NOI,
    // rents 0.10 x 10,700 / 12 / 0.85 = $104.90 and 0.14 x 10,700 / 12 / 0.85 = $146.86 per kW-month,
    // cap rates 1.06998 / (10.7 + 5.19) = 6.734% and 1.497972 / (10.7 + 7.81) = 8.093%:
    // SHELLVALUE(104.90, 10.7, 0.06734, 0.85) = $5.1892/W, SHELLVALUE(146.86, 10.7, 0.08093, 0.85) = $7.8095/W.
    expect([t.num('hs_rent'), t.num('nc_rent'), t.num('hs_cap'), t.num('nc_cap')]).toEqual([104.9, 146.86, 0.06734, 0.08093]);
    expect(t.num('hs_value_w')).toBeCloseTo(5.1892, 4);
    expect(t.num('nc_value_w')).toBeCloseTo(7.8095, 4);
    expect(SHELL_CALIBRATION.text).toBe('build cost $10.7/W (JLL 2025), 85% NOI margin, rents $104.90 and $146.86 per kW-month (MS\'s 10% and 14% yield on cost), cap rates 6.734% and 8.093%');
    // Stated on the sheet, and the exit cap rate of three-paths and valuation (7.5%) is their middle (7.41%) within 0.1 pp.
    expect(template.sheets[0].cells.some((c) => typeof c.value === 'string' && c.value.includes(SHELL_CALIBRATION.text))).toBe(true);
    expect(Math.abs(0.075 - (SHELL_CALIBRATION.hsCap + SHELL_CALIBRATION.ncCap) / 2)).toBeLessThan(0.001);
    expect(Math.abs(t.num('hs_yoc') - 0.1)).toBeLessThan(0.0005);
    expect(Math.abs(t.num('nc_yoc') - 0.14)).toBeLessThan(0.0005);
    // Build cost JLL 2025 $10.7M/MW, inside the $8-11M per critical-IT MW of Cipher and TeraWulf.
    expect(t.num('hs_capex')).toBe(10.7);
  });

  test('the deals block is the critical-IT leases of data/hpc-deals.csv counted once, each rent = value / term / kW / 12', async () => {
    const t = await Inserted.of(template);
    const critical = countedLeases();
    const rents = critical.map((d) => d.contractValueUsd / d.termYears / (d.capacityMw * 1000) / 12);
    const sorted = [...rents].sort((a, b) => a - b);
    close(t.num('deal_rent_min'), sorted[0]);
    close(t.num('deal_rent_max'), sorted[sorted.length - 1]);
    const mid = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    close(t.num('deal_rent_median'), mid);
    // Cipher-Fluidstack: $3.0B / 10 y / 168 MW = $148.81 per kW-month (8-K 0000950103-25-014194, data/hpc-deals.csv).
    expect(rents[0]).toBeCloseTo(148.81, 2);
    expect(critical).toHaveLength(14);
  });

  test('the sanity checks say within at the defaults and flag a rent below or above the deals, in red', async () => {
    const t = await Inserted.of(template);
    const checks = template.sheets[0].cells.filter((c) => c.formula?.includes('deal_rent_min') && c.formula.startsWith('=IF('));
    const capex = template.sheets[0].cells.filter((c) => c.formula?.includes('capex_low'));
    expect(checks).toHaveLength(2);
    expect(capex).toHaveLength(2);
    const shown = (ref: string) => formatValue(t.at(ref) as number, template.sheets[0].cells.find((c) => c.ref === ref)!.format!);
    const red = (ref: string) => formatColor(t.at(ref) as number, template.sheets[0].cells.find((c) => c.ref === ref)!.format!);
    expect([...checks, ...capex].map((c) => [shown(c.ref), red(c.ref)])).toEqual(Array(4).fill(['within', undefined]));
    t.set('hs_rent', 60);
    expect([shown(checks[0].ref), red(checks[0].ref)]).toEqual(['BELOW', expect.any(String)]);
    t.set('hs_rent', 400);
    expect([shown(checks[0].ref), red(checks[0].ref)]).toEqual(['ABOVE', expect.any(String)]);
    t.set('nc_capex', 12);
    expect([shown(capex[1].ref), red(capex[1].ref)]).toEqual(['ABOVE', expect.any(String)]);
  });
});

describe('powered-shell reconciles with the lease path of WATT.PATHS (same rent, build cost, NOI margin, cap rate)', () => {
  // Identity 1 (closed form in test/core/paths.test.ts): with conversion_months 0, a flat rent running
  // past the horizon, the shell sold at H at cap rate c and the discount rate (1 + c/12)^12 - 1,
  //   PATHS lease npv / W of critical IT = NOI per W-year / c - capex = "Value created per W".
  // Identity 2: with no terminal value and horizon = lease term, at the template's discount rate,
  //   PATHS lease npv / W of critical IT = LEASENPV / W - capex = "Lease NPV less build cost".
  // Both to 1e-9 relative (the template's cells come through the engine, which keeps ~15 digits).
  const SITE = { start_date: 46023, btc_price: 87000, network_hashrate: 1075, efficiency: 17.5, power_price: 0.045 };
  const valuePerW = (inputs: Record<string, number>, years: number) => {
    const t = wrapper('PATHS')(Object.entries(inputs), years) as unknown[][];
    return t.find((r) => r[0] === 'value_per_w')![2] as number;
  };
  test.each(['hs', 'nc'])('%s', async (p) => {
    const t = await Inserted.of(template);
    const n = (k: string) => t.num(`${p}_${k}`);
    // it_ratio 1: site MW = critical IT MW, so value_per_w is per W of critical IT.
    const lease = { ...SITE, site_mw: n('mw'), it_ratio: 1, conversion_months: 0, lease_rent: n('rent'), conversion_capex: n('capex'), lease_noi_margin: n('noi'), lease_escalator: 0 };
    const cap = n('cap');
    for (const years of [5, 10, 30]) {
      const v = valuePerW({ ...lease, lease_term: years + 1, exit_cap_rate: cap, discount_rate: Math.pow(1 + cap / 12, 12) - 1 }, years);
      close(v, n('value_w'));
    }
    const term = n('term');
    const cash = valuePerW({ ...lease, lease_term: term, terminal_value: 0, discount_rate: n('discount') }, term);
    close(cash, n('npv') / (n('mw') * 1e6) - n('capex'));
  });
});
