/**
 * powered-shell: value per W and lease NPV equal WATT.SHELLVALUE / WATT.LEASENPV of the input cells;
 * the calibrated defaults reproduce Morgan Stanley's published values; the deals block equals the
 * CSV. Fails loudly until SHELLVALUE, LEASENPV, IMPLIEDRENT and LEASEREVPERMWH are merged.
 */
import { findTemplate } from '../../src/templates';
import { MS_CASE } from '../../src/templates/powered-shell';
import { countedLeases } from '../helpers/deals';
import { Inserted, wrapper } from './helpers';

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

  test('defaults reproduce Morgan Stanley (2025-09-21): $5.19/W at 10% yield on cost, $7.81/W at 14% (within $0.05/W and 0.05 pp)', async () => {
    const t = await Inserted.of(template);
    expect(Math.abs(t.num('hs_value_w') - MS_CASE.hyperscaler.valuePerW)).toBeLessThan(0.05);
    expect(Math.abs(t.num('nc_value_w') - MS_CASE.neocloud.valuePerW)).toBeLessThan(0.05);
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

  test('the sanity checks say within at the defaults and flag a rent below the deals', async () => {
    const t = await Inserted.of(template);
    const checks = template.sheets[0].cells.filter((c) => c.formula?.includes('announced leases'));
    expect(checks.map((c) => t.at(c.ref))).toEqual(['within announced leases', 'within announced leases']);
    t.set('hs_rent', 60);
    expect(t.at(checks[0].ref)).toBe('BELOW announced leases');
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
