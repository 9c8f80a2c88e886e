/**
 * Sum of the parts (src/core/sotp.ts): each part against an independent computation written here and
 * against the functions it must agree with (WATT.SHELLVALUE, WATT.LEASENPV, WATT.PATHS' mine path); the
 * two contracted-HPC frames reconciled; properties (fast-check): value rises with rent, falls with the
 * cap rate and net debt, per-share value scales as 1 / shares; no number is ever built on a blank.
 */
import fc from 'fast-check';
import { serialFromUtc } from '../../src/core/dates';
import { isError, WattError } from '../../src/core/errors';
import { leaseNpv, shellValue } from '../../src/core/lease';
import { pathsTable } from '../../src/core/paths';
import { contractedValue, leaseValue, miningValue, MiningInputs, SOTP_HEADER, SOTP_ROWS, sotpTable } from '../../src/core/sotp';

const START = serialFromUtc(2026, 1, 1);
const rel = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a / b - 1));
const num = (v: unknown): number => {
  if (typeof v !== 'number') throw new Error(`expected a number, got ${v instanceof WattError ? v.toString() : String(v)}`);
  return v;
};

/** A complete company: every part computable. */
const COMPANY: Record<string, number | string> = {
  start_date: START, btc_price: 90000, network_hashrate: 1100, power_price: 0.045, fees: 0.02, uptime: 0.95,
  hashrate: 20, efficiency: 18, contracted_mw: 200, pipeline_mw: 500, pipeline_probability: 0.3, btc_held: 1000,
  cash: 5e8, debt: 1e8, convertible_notes: 1e9, other_assets: 0, shares: 3e8, share_price: 15, operating_mw: 500,
};

function table(inputs: Record<string, number | string | null>): unknown[][] {
  const t = sotpTable(Object.entries(inputs));
  if (isError(t)) throw new Error(t.toString());
  return t as unknown[][];
}
const rowOf = (t: unknown[][], item: string) => t[t.findIndex((r) => r[0] === item)];
const value = (t: unknown[][], item: string) => rowOf(t, item)[1];
const perShare = (t: unknown[][], item: string) => rowOf(t, item)[3];

describe('contracted HPC, powered-shell frame', () => {
  test('independent formula: rent x 12 / 1000 x margin / cap x (1 + r)^(-months/12) - capex (1e-12)', () => {
    const got = num(contractedValue(150, 10, 0.075, 0.85, 12, 0.1));
    expect(rel(got, (150 * 12 / 1000 * 0.85 / 0.075) / 1.1 - 10)).toBeLessThan(1e-12);
  });

  test('with no delay it is WATT.SHELLVALUE exactly, on random inputs', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 0, max: 30, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (rent, capex, cap, margin) => {
      expect(contractedValue(rent, capex, cap, margin, 0, 0.1)).toBe(shellValue(rent, capex, cap, margin));
    }));
  });

  test('Morgan Stanley (2025-09-21): $5.19/W (hyperscaler) and $7.81/W (neocloud) at the one calibration (rents $104.90 / $146.86, $10.7/W, 85%, cap 6.734% / 8.093%; SHELL_CALIBRATION), within $0.01', () => {
    expect(Math.abs(num(contractedValue(104.9, 10.7, 0.06734, 0.85, 0, 0.1)) - 5.19)).toBeLessThan(0.01);
    expect(Math.abs(num(contractedValue(146.86, 10.7, 0.08093, 0.85, 0, 0.1)) - 7.81)).toBeLessThan(0.01);
  });
});

describe('contracted HPC, lease frame (LEASENPV + terminal value)', () => {
  test('without terminal value, delay or capex it is WATT.LEASENPV per W (1e-12)', () => {
    const got = num(leaseValue(140, 0, 7.5, 0.09, 0, 0.8, 0.03, 0));
    expect(rel(got, num(leaseNpv(1, 140, 7.5, 0.09, 0.03, 0.8, 0)) / 1e6)).toBeLessThan(1e-12);
  });

  test('independent month-by-month sum: 10-year lease, 3% escalator, terminal value at 8%, 6 months to energize, $9/W (1e-9)', () => {
    const r = 0.1;
    const df = (k: number) => Math.pow(1 + r, -k / 12);
    const noi = (j: number) => (150 / 1000) * 0.85 * Math.pow(1.03, Math.floor((j - 1) / 12)); // per W per month
    let pv = 0;
    for (let j = 1; j <= 120; j++) pv += noi(j) * df(6 + j);
    pv += ((12 * noi(120)) / 0.08) * df(6 + 120);
    expect(rel(num(leaseValue(150, 9, 10, r, 0.08, 0.85, 0.03, 6)), pv - 9)).toBeLessThan(1e-9);
  });

  test('reconciles with the shell frame: flat rent, discount rate = (1 + cap/12)^12 - 1, any whole-month term and delay (1e-9)', () => {
    fc.assert(fc.property(
      fc.double({ min: 20, max: 400, noNaN: true }), fc.double({ min: 0.03, max: 0.2, noNaN: true }), fc.double({ min: 0.5, max: 1, noNaN: true }),
      fc.integer({ min: 1, max: 360 }), fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 15, noNaN: true }),
      (rent, cap, margin, termMonths, delay, capex) => {
        const r = Math.pow(1 + cap / 12, 12) - 1;
        const lease = num(leaseValue(rent, capex, termMonths / 12, r, cap, margin, 0, delay));
        const shell = num(contractedValue(rent, capex, cap, margin, delay, r));
        expect(Math.abs(lease - shell)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(shell) + capex));
      },
    ), { numRuns: 200 });
  });
});

describe('mining', () => {
  const fleet: MiningInputs = {
    hashrate: 20, efficiency: 18, start_date: serialFromUtc(2025, 1, 1), btc_price: 95000, btc_price_growth: 0, network_hashrate: 800,
    network_hashrate_growth: 0.6, fees: 0.03, power_price: 0.05, uptime: 0.95, pool_fee: 0.02, other_cost: 4, mining_years: 3, discount_rate: 0.12,
  };

  test('is WATT.PATHS\' mine path npv on a site of hashrate x efficiency MW (same inputs, 1e-12)', () => {
    const paths = pathsTable(Object.entries({
      start_date: fleet.start_date, btc_price: fleet.btc_price, network_hashrate: fleet.network_hashrate, network_hashrate_growth: 0.6, fees: 0.03,
      site_mw: 20 * 18, efficiency: 18, power_price: 0.05, uptime: 0.95, pool_fee: 0.02, other_cost: 4, discount_rate: 0.12,
    }), 3) as unknown[][];
    const npv = num(paths.find((r) => r[0] === 'npv')![1]);
    expect(rel(num(miningValue(fleet)), npv)).toBeLessThan(1e-12);
  });

  test('independent month-by-month computation, 2025-01 to 2027-12 (no halving), curtailed when margin < 0 (1e-9)', () => {
    // 20 EH/s at 18 J/TH = 360 MW; site hashrate 20,000 PH/s x 0.95; hashvalue 144 x (3.125 + fees) / (network x 1000) BTC per PH/s per day
    let pv = 0;
    let switchedOff = 0;
    for (let m = 0; m < 36; m++) {
      const days = new Date(Date.UTC(2025, m + 1, 0)).getUTCDate();
      const network = 800 * Math.pow(1.6, m / 12);
      const btc = (144 * (3.125 + 0.03)) / (network * 1000) * 20000 * 0.95 * days * 0.98;
      const energy = 360 * 0.95 * 24 * days; // MWh
      const margin = btc * 95000 - energy * 1000 * 0.05 - energy * 4;
      if (margin < 0) switchedOff++;
      else pv += margin * Math.pow(1.12, -(m + 1) / 12);
    }
    expect(switchedOff).toBeGreaterThan(0); // the test exercises curtailment
    expect(switchedOff).toBeLessThan(36);
    expect(rel(num(miningValue(fleet)), pv)).toBeLessThan(1e-9);
  });

  test('0 EH/s is worth 0; the multiple method is hashrate x ev_per_ehs', () => {
    expect(miningValue({ ...fleet, hashrate: 0 })).toBe(0);
    const t = table({ ...COMPANY, mining_method: 'Multiple', ev_per_ehs: 35e6 });
    expect(value(t, 'mining')).toBe(20 * 35e6);
    expect(String(rowOf(t, 'mining')[4])).toMatch(/multiple/);
  });
});

describe('WATT.SOTP table', () => {
  const t = table(COMPANY);

  test('header, rows, and each part against its own function', () => {
    expect(t[0]).toEqual([...SOTP_HEADER]);
    expect(t.slice(1).map((r) => r[0])).toEqual([...SOTP_ROWS]);
    const mining = num(miningValue({ ...(COMPANY as Record<string, number>), btc_price_growth: 0, network_hashrate_growth: 0, pool_fee: 0, other_cost: 0, mining_years: 4, discount_rate: 0.1 } as MiningInputs));
    expect(value(t, 'mining')).toBe(mining);
    // contracted: 200 MW x (150 x 12 / 1000 x 0.85 / 0.075 / 1.1 - 10) USD/W, by hand: 20.4 / 1.1 - 10 = 8.5454... USD/W
    expect(rel(num(value(t, 'contracted_hpc')), 200e6 * (20.4 / 1.1 - 10))).toBeLessThan(1e-12);
    // pipeline: 500 MW x 30% x (20.4 / 1.21 - 10) USD/W
    expect(rel(num(value(t, 'pipeline')), 500e6 * 0.3 * (20.4 / 1.21 - 10))).toBeLessThan(1e-12);
    expect(value(t, 'bitcoin')).toBe(1000 * 90000);
    expect(value(t, 'other_assets')).toBe(0);
    expect(value(t, 'net_debt')).toBe(-(1e8 + 1e9 - 5e8));
  });

  test('totals equal the parts; per share, market value, upside and implied EV follow', () => {
    const parts = ['mining', 'contracted_hpc', 'pipeline', 'bitcoin', 'other_assets', 'net_debt'].map((i) => num(value(t, i)));
    const equity = num(value(t, 'equity_value'));
    expect(rel(equity, parts.reduce((s, x) => s + x, 0))).toBeLessThan(1e-12);
    for (const item of ['mining', 'contracted_hpc', 'pipeline', 'bitcoin', 'net_debt', 'equity_value']) expect(rel(num(perShare(t, item)), num(value(t, item)) / 3e8)).toBeLessThan(1e-15);
    expect(value(t, 'market_value')).toBe(15 * 3e8);
    expect(perShare(t, 'market_value')).toBe(15);
    expect(rel(num(value(t, 'upside')), equity / 3e8 / 15 - 1)).toBeLessThan(1e-12);
    expect(rel(num(perShare(t, 'upside')), equity / 3e8 - 15)).toBeLessThan(1e-12);
    expect(rel(num(value(t, 'implied_ev')), equity + 6e8)).toBeLessThan(1e-12);
    expect(rel(num(value(t, 'implied_ev_per_mw')), (equity + 6e8) / 500)).toBeLessThan(1e-12);
    expect(value(t, 'missing_inputs')).toBe('none');
  });

  test('the lease frame values contracted HPC through LEASEVALUE with the cap rate as exit cap rate', () => {
    const lease = table({ ...COMPANY, hpc_method: 'lease', lease_term: 12 });
    expect(rel(num(value(lease, 'contracted_hpc')), 200e6 * num(leaseValue(150, 10, 12, 0.1, 0.075, 0.85, 0, 12)))).toBeLessThan(1e-12);
  });

  test('an uneconomic pipeline is worth 0, not negative (a company signs only a lease that creates value)', () => {
    const t2 = table({ ...COMPANY, pipeline_capex: 30 });
    expect(value(t2, 'pipeline')).toBe(0);
  });

  test('missing inputs: the part says which, every total built on it is #N/A, the last row lists them', () => {
    const { cash: _cash, shares: _shares, ...rest } = COMPANY;
    const t2 = table(rest);
    const netDebt = value(t2, 'net_debt') as WattError;
    expect(netDebt).toEqual(new WattError('#N/A', 'net_debt: missing cash (enter it in the assumptions; no value is built on a blank)'));
    expect((value(t2, 'equity_value') as WattError).message).toContain('missing cash');
    for (const item of ['equity_value', 'upside', 'implied_ev', 'implied_ev_per_mw']) expect(value(t2, item)).toBeInstanceOf(WattError);
    expect(typeof value(t2, 'mining')).toBe('number');
    expect((perShare(t2, 'mining') as WattError).message).toContain('missing shares');
    expect(value(t2, 'missing_inputs')).toBe('cash, shares');
  });

  test('bad input is #VALUE! for the whole table, naming it: a choice, a name, a value', () => {
    expect(sotpTable(Object.entries({ ...COMPANY, hpc_method: 'dcf' }))).toEqual(new WattError('#VALUE!', 'assumptions: hpc_method: unknown value "dcf"; accepted: shell, lease'));
    expect(sotpTable(Object.entries({ ...COMPANY, mining_method: 3 }))).toEqual(new WattError('#VALUE!', 'assumptions: "mining_method" must be text, one of pv, multiple (got 3)'));
    expect((sotpTable([...Object.entries(COMPANY), ['Hashrates', 1]]) as WattError).message).toMatch(/^assumptions: unknown name "Hashrates"; known names: hashrate, .*mining_method, hpc_method$/);
    expect(sotpTable(Object.entries({ ...COMPANY, pipeline_probability: 1.5 }))).toEqual(new WattError('#VALUE!', 'pipeline_probability must be from 0 to 1 (fraction of the pipeline signed, 0 to 1) (got 1.5)'));
    expect(sotpTable([['hpc_method', 'lease'], ['HPC_method', 'shell']])).toEqual(new WattError('#VALUE!', 'assumptions: "hpc_method" is given twice (again in row 2)'));
    expect((sotpTable([[1, 2, 3]]) as WattError).message).toBe('assumptions must be a two-column range of name, value (got 3 columns)');
  });
});

describe('properties', () => {
  const company = fc.record({
    hashrate: fc.double({ min: 0, max: 80, noNaN: true }),
    efficiency: fc.double({ min: 12, max: 35, noNaN: true }),
    contracted_mw: fc.double({ min: 0, max: 1500, noNaN: true }),
    pipeline_mw: fc.double({ min: 0, max: 5000, noNaN: true }),
    pipeline_probability: fc.double({ min: 0, max: 1, noNaN: true }),
    btc_held: fc.double({ min: 0, max: 50000, noNaN: true }),
    cash: fc.double({ min: 0, max: 5e9, noNaN: true }),
    debt: fc.double({ min: 0, max: 5e9, noNaN: true }),
    convertible_notes: fc.double({ min: 0, max: 5e9, noNaN: true }),
    shares: fc.double({ min: 1e6, max: 2e9, noNaN: true }),
    share_price: fc.double({ min: 0.5, max: 200, noNaN: true }),
    rent: fc.double({ min: 50, max: 250, noNaN: true }),
    cap_rate: fc.double({ min: 0.04, max: 0.15, noNaN: true }),
    hpc_method: fc.constantFrom('shell', 'lease'),
    mining_years: fc.constantFrom(1, 2, 4),
  });
  const base = { start_date: START, btc_price: 90000, network_hashrate: 1100, power_price: 0.045, other_assets: 0 };
  const equity = (c: Record<string, unknown>) => num(value(table({ ...base, ...c } as Record<string, number | string>), 'equity_value'));
  const tol = (x: number) => 1e-9 * Math.max(1, Math.abs(x));

  test('equity value rises with rent (weakly: only contracted and pipeline depend on it)', () => {
    fc.assert(fc.property(company, fc.double({ min: 0, max: 100, noNaN: true }), (c, more) => {
      expect(equity({ ...c, rent: c.rent + more })).toBeGreaterThanOrEqual(equity(c) - tol(equity(c)));
    }), { numRuns: 40 });
  });

  test('equity value falls with the cap rate and with net debt', () => {
    fc.assert(fc.property(company, fc.double({ min: 0, max: 0.1, noNaN: true }), fc.double({ min: 1, max: 1e9, noNaN: true }), (c, up, extra) => {
      const e = equity(c);
      expect(equity({ ...c, cap_rate: Math.min(1, c.cap_rate + up) })).toBeLessThanOrEqual(e + tol(e));
      // USD for USD, to the rounding of the largest term summed (cash and debt of up to 5e9 can cancel to
      // an equity near 0: the error is then relative to them, not to the equity).
      const scale = Math.max(Math.abs(e), extra, c.cash, c.debt + extra, c.convertible_notes);
      expect(Math.abs(e - equity({ ...c, debt: c.debt + extra }) - extra)).toBeLessThanOrEqual(1e-9 * scale);
    }), { numRuns: 40 });
  });

  test('value per share scales as 1 / shares; the parts do not depend on shares', () => {
    fc.assert(fc.property(company, fc.double({ min: 0.1, max: 10, noNaN: true }), (c, k) => {
      const a = table({ ...base, ...c } as Record<string, number | string>);
      const b = table({ ...base, ...c, shares: c.shares * k } as Record<string, number | string>);
      expect(value(b, 'equity_value')).toBe(value(a, 'equity_value'));
      const pa = num(perShare(a, 'equity_value'));
      expect(Math.abs(num(perShare(b, 'equity_value')) * k - pa)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(pa)));
    }), { numRuns: 30 });
  });

  test('no number is built on a blank: leave out any company figures, and each row is a number exactly when all it needs is given', () => {
    const needs: Record<string, string[]> = {
      mining: ['hashrate', 'efficiency'], contracted_hpc: ['contracted_mw'], pipeline: ['pipeline_mw', 'pipeline_probability'], bitcoin: ['btc_held'],
      other_assets: ['other_assets'], net_debt: ['cash', 'debt', 'convertible_notes'],
    };
    const fields = ['hashrate', 'efficiency', 'contracted_mw', 'pipeline_mw', 'pipeline_probability', 'btc_held', 'other_assets', 'cash', 'debt', 'convertible_notes', 'shares', 'share_price'];
    fc.assert(fc.property(company, fc.subarray(fields), fc.boolean(), (c, dropped, asEmpty) => {
      // Left out either as a missing row or as a row with an empty value: the same.
      const inputs: Record<string, unknown> = { ...base, ...c, other_assets: 0 };
      for (const f of dropped) {
        if (asEmpty) inputs[f] = null;
        else delete inputs[f];
      }
      const t = table(inputs as Record<string, number | string | null>);
      const isZero = (f: string) => !dropped.includes(f) && (c as Record<string, unknown>)[f] === 0;
      let complete = true;
      for (const [item, need] of Object.entries(needs)) {
        const lacking = need.filter((f) => dropped.includes(f));
        // A zero hashrate, pipeline or holding needs nothing else.
        const short = (item === 'mining' && isZero('hashrate')) || (item === 'pipeline' && isZero('pipeline_mw')) ? false : lacking.length > 0;
        if (short) {
          complete = false;
          expect(value(t, item)).toEqual(expect.objectContaining({ code: '#N/A' }));
        } else expect(typeof value(t, item)).toBe('number');
      }
      expect(typeof value(t, 'equity_value') === 'number').toBe(complete);
      expect(typeof perShare(t, 'equity_value') === 'number').toBe(complete && !dropped.includes('shares'));
      expect(typeof value(t, 'upside') === 'number').toBe(complete && !dropped.includes('shares') && !dropped.includes('share_price'));
      // Every cell is a finite number, text, empty or an error: never NaN.
      for (const row of t) for (const cell of row) if (typeof cell === 'number') expect(Number.isFinite(cell)).toBe(true);
      const listed = String(value(t, 'missing_inputs'));
      if (complete && dropped.length === 0) expect(listed).toBe('operating_mw');
    }), { numRuns: 150 });
  });
});

describe('the README worked example, checked by hand', () => {
  // README "Valuation: sum of the parts": each figure computed by hand there; tolerance 1e-12 relative.
  const t = table({
    mining_method: 'multiple', hashrate: 20, ev_per_ehs: 60e6, btc_price: 90000, contracted_mw: 200, pipeline_mw: 500, pipeline_probability: 0.3,
    btc_held: 1000, other_assets: 0, cash: 5e8, debt: 1e8, convertible_notes: 1e9, shares: 3e8, share_price: 15, operating_mw: 500,
  });
  const capitalised = (150 * 12 / 1000 * 0.85) / 0.075; // $20.40 per W
  const hand = { mining: 20 * 60e6, contracted_hpc: (capitalised / 1.1 - 10) * 200e6, pipeline: (capitalised / 1.21 - 10) * 500e6 * 0.3, bitcoin: 1000 * 90000, net_debt: -(1e8 + 1e9 - 5e8) };
  const equity = Object.values(hand).reduce((a, b) => a + b, 0);
  test.each([...Object.entries(hand), ['equity_value', equity], ['implied_ev', equity + 6e8], ['implied_ev_per_mw', (equity + 6e8) / 500]])('%s', (item, want) => expect(rel(num(value(t, item)), want)).toBeLessThan(1e-12));
  test('per share $11.43, upside -23.8%', () => {
    expect(num(perShare(t, 'equity_value')).toFixed(2)).toBe('11.43');
    expect((num(value(t, 'upside')) * 100).toFixed(1)).toBe('-23.8');
  });
});
