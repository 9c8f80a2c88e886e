/**
 * The valuation functions through the engine, as a cell calls them: WATT.SOTP spills the core's table
 * (missing inputs as #N/A cells with their message), CONTRACTEDVALUE agrees with SHELLVALUE, LEASEVALUE
 * with LEASENPV, MININGVALUE with PATHS' mine path; bad arguments are #VALUE! naming them.
 */
import { error, value } from '../helpers/evaluate';
import { sotpTable } from '../../src/core/sotp';
import { WattError } from '../../src/core/errors';

const rel = (a: unknown, b: unknown) => (b === 0 ? Math.abs(a as number) : Math.abs((a as number) / (b as number) - 1));

const ROWS: [string, number | string][] = [
  ['hashrate', 20], ['efficiency', 18], ['start_date', 46023], ['btc_price', 90000], ['network_hashrate', 1100], ['power_price', 0.045],
  ['contracted_mw', 200], ['pipeline_mw', 500], ['pipeline_probability', 0.3], ['btc_held', 1000], ['cash', 5e8], ['debt', 1e8],
  ['convertible_notes', 1e9], ['other_assets', 0], ['shares', 3e8], ['share_price', 15], ['hpc_method', 'lease'],
];
const inline = (rows: [string, number | string][]) => `{${rows.map(([n, v]) => `"${n}",${typeof v === 'string' ? `"${v}"` : v}`).join(';')}}`;

describe('WATT.SOTP', () => {
  test('spills the core table: 13 rows x 5 columns, numbers as the core computes them', () => {
    const t = value(`=WATT.SOTP(${inline(ROWS)})`) as unknown[][];
    const core = sotpTable(ROWS) as unknown[][];
    expect(t.length).toBe(13);
    expect(t[0]).toEqual(['item', 'value', 'unit', 'per_share', 'note']);
    t.forEach((row, i) => row.forEach((cell, j) => {
      const want = core[i][j];
      if (typeof want === 'number') expect(rel(cell, want)).toBeLessThan(1e-13);
      else if (want instanceof WattError) expect(cell).toEqual({ error: want.code, message: want.message });
      else expect(cell).toBe(want === null ? '' : want); // runTable writes an empty cell as ""
    }));
    // operating_mw was not given: only the EV per MW row says so.
    expect(t[11][1]).toEqual({ error: '#N/A', message: 'implied_ev_per_mw: missing operating_mw (enter it in the assumptions; no value is built on a blank)' });
    expect(t[12][1]).toBe('operating_mw');
  });

  test('a bad range is #VALUE! with its message', () => {
    expect(error('=WATT.SOTP({"hashrate",-1})')).toBe('#VALUE! hashrate must be >= 0 EH/s of self-mining (got -1)');
    expect(error('=WATT.SOTP(5)')).toMatch(/^#VALUE! assumptions must be a two-column range/);
  });
});

describe('per-W and mining functions', () => {
  test('CONTRACTEDVALUE with no delay is SHELLVALUE; a 12-month delay divides the capitalised NOI by 1.1', () => {
    expect(value('=WATT.CONTRACTEDVALUE(107.84, 11, 0.06794)')).toBe(value('=WATT.SHELLVALUE(107.84, 11, 0.06794)'));
    expect(rel(value('=WATT.CONTRACTEDVALUE(150, 10, 0.075, 0.85, 12)'), 20.4 / 1.1 - 10)).toBeLessThan(1e-12);
  });
  test('LEASEVALUE without terminal value, delay or capex is LEASENPV per W; it reconciles with CONTRACTEDVALUE at r = (1 + cap/12)^12 - 1', () => {
    expect(rel(value('=WATT.LEASEVALUE(150, 0, 10, 0.08, 0, 0.85, 0.03)'), (value('=WATT.LEASENPV(1, 150, 10, 0.08, 0.03, 0.85)') as number) / 1e6)).toBeLessThan(1e-12);
    const r = '(1+0.075/12)^12-1';
    expect(rel(value(`=WATT.LEASEVALUE(150, 10, 15, ${r}, 0.075, 0.85, 0, 18)`), value(`=WATT.CONTRACTEDVALUE(150, 10, 0.075, 0.85, 18, ${r})`))).toBeLessThan(1e-12);
  });
  test('MININGVALUE is the npv of PATHS\' mine path on hashrate x efficiency MW', () => {
    // The fleet valued over its life: no refresh within it (mining_capex 0), as MININGVALUE does.
    const paths = value('=WATT.PATHS({"start_date",46023;"btc_price",90000;"network_hashrate",1100;"site_mw",360;"efficiency",18;"power_price",0.045;"fees",0.02;"uptime",0.95;"mining_capex",0}, 4)') as unknown[][];
    const mine = paths.find((r) => r[0] === 'npv')![1];
    expect(rel(value('=WATT.MININGVALUE(20, 18, 0.045, 90000, 1100, 46023, 4, 0.1, 0.02, 0.95)'), mine)).toBeLessThan(1e-13);
  });
  test('bad arguments name themselves, their unit and range', () => {
    expect(error('=WATT.CONTRACTEDVALUE(150, 10, 0)')).toBe('#VALUE! cap_rate must be > 0 and <= 1 (annual, 0.07 = 7%) (got 0)');
    expect(error('=WATT.LEASEVALUE(150, 10, 10, 0.1, 2)')).toBe('#VALUE! exit_cap_rate must be from 0 to 1 (next 12 months NOI / value; 0 = no terminal value) (got 2)');
    expect(error('=WATT.MININGVALUE(20, 18, 0.045, 90000, 1100, 46023, 0.1)')).toBe('#VALUE! years must be from 0.25 to 50 years of fleet life (got 0.1)');
  });
});
