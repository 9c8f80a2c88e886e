/**
 * The valuation template checked against WATT.SOTP's core, row by row (used by valuation.test.ts and
 * by the model audit, audit.test.ts): every part, total, per-share value, upside and EV per MW equals
 * the core on the row's inputs (a core #N/A for a missing input is a blank on the sheet); totals equal
 * the parts; the missing list names what the row lacks; statistics cover exactly the rows with a number.
 */
import { isError, WattError } from '../../src/core/errors';
import { sotpTable } from '../../src/core/sotp';
import { VALUATION_COMPANIES } from '../../src/templates/valuation-inputs';
import { SUMMARY_STAT_COLUMNS, SUMMARY_STATS_ROW, VALUATION_FIRST_ROW, VALUATION_OUTPUTS as O } from '../../src/templates/valuation';
import type { Inserted } from './helpers';

export const ROWS = VALUATION_COMPANIES.map((_, i) => VALUATION_FIRST_ROW + i);

/** The common assumptions WATT.SOTP reads, by their names on the sheet. */
const COMMON = ['btc_price', 'fees', 'power_price', 'uptime', 'pool_fee', 'mining_years', 'ev_per_ehs', 'discount_rate', 'rent', 'noi_margin', 'cap_rate', 'contracted_capex', 'energize_months', 'lease_term', 'escalator', 'pipeline_probability', 'pipeline_capex', 'pipeline_months'];

type Cell = ReturnType<Inserted['at']>;

/** WATT.SOTP (the core) on the inputs of one row of the sheet; an empty input is left out of the range. */
export function coreRow(t: Inserted, r: number): unknown[][] {
  const range: unknown[][] = [
    ['start_date', t.num('valuation_date')], ['network_hashrate', t.num('network_hashrate')],
    ['mining_method', t.at(t.refOf('mining_method'))], ['hpc_method', t.at(t.refOf('hpc_method'))],
    ...COMMON.map((n) => [n, t.num(n)]),
    ['convertible_notes', 0],
  ];
  const put = (name: string, col: string) => {
    const v = t.at(`${col}${r}`);
    if (v !== null && v !== '') range.push([name, v]);
  };
  put('hashrate', 'C'); put('efficiency', 'D'); put('operating_mw', 'E'); put('contracted_mw', 'F'); put('btc_held', 'H');
  put('cash', 'I'); put('debt', 'J'); put('other_assets', 'K'); put('shares', 'L'); put('share_price', 'M');
  put('pipeline_mw', O.uncontracted.col);
  const table = sotpTable(range);
  if (isError(table)) throw new Error(`row ${r}: ${table.toString()}`);
  return table as unknown[][];
}

/** A sheet cell against a core cell: a core #N/A (a missing input) is a blank on the sheet, a number the same number. */
function expectSame(got: Cell, want: unknown, where: string): void {
  if (want instanceof WattError) {
    // A part the core cannot build is blank on the sheet (a missing input) or an error (e.g. an overflow at
    // extreme inputs, which the core may report after the missing input): never a number.
    const isError = got !== null && typeof got === 'object';
    expect({ where, got: want.code === '#N/A' ? got === '' || isError : isError }).toEqual({ where, got: true });
  } else if (typeof want === 'number') {
    if (typeof got !== 'number') throw new Error(`${where}: sheet ${JSON.stringify(got)}, core ${want}`);
    expect({ where, off: Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)) }).toEqual({ where, off: true });
  } else throw new Error(`${where}: core gave ${String(want)}`);
}

/** Every output of every row equals the core; totals equal parts; statistics follow the rows with a number. */
export function auditValuation(t: Inserted): void {
  for (const r of ROWS) {
    const core = coreRow(t, r);
    const val = (item: string) => core.find((x) => x[0] === item)![1];
    const per = (item: string) => core.find((x) => x[0] === item)![3];
    const g = t.at(`G${r}`);
    const f = t.at(`F${r}`);
    const uncontracted = g === null || f === null ? '' : Math.max(0, (g as number) * t.num('it_ratio') - (f as number));
    expect({ r, o: t.at(`O${r}`) }).toEqual({ r, o: uncontracted });
    expectSame(t.at(`P${r}`), val('mining'), `P${r}`);
    // The sheet is stricter than the core in one case: a per-W value in error (an overflow at extreme
    // inputs) is an error on every row, even one with 0 MW that the core values at 0.
    const perWError = (name: string) => { const v = t.at(t.refOf(name)); return v !== null && typeof v === 'object'; };
    const stricter = (ref: string, name: string) => perWError(name) && t.at(ref) !== null && typeof t.at(ref) === 'object';
    const strict = stricter(`Q${r}`, 'contracted_value_w') || stricter(`R${r}`, 'pipeline_value_w');
    const isErr = (ref: string) => { const v = t.at(ref); return v !== null && typeof v === 'object'; };
    if (!stricter(`Q${r}`, 'contracted_value_w')) expectSame(t.at(`Q${r}`), val('contracted_hpc'), `Q${r}`);
    if (!stricter(`R${r}`, 'pipeline_value_w')) expectSame(t.at(`R${r}`), val('pipeline'), `R${r}`);
    expectSame(t.at(`S${r}`), val('bitcoin'), `S${r}`);
    expectSame(t.at(`T${r}`), val('other_assets'), `T${r}`);
    expectSame(t.at(`U${r}`), val('net_debt'), `U${r}`);
    if (!(strict && isErr(`V${r}`))) expectSame(t.at(`V${r}`), val('equity_value'), `V${r}`);
    // Value per share and upside only where the row passes the value-per-share rule (column AF "OK":
    // shares, cash and debt present, dated within per_share_max_gap days, none flagged); blank elsewhere.
    const rule = t.at(`${O.perShareCheck.col}${r}`);
    expect({ r, rule: typeof rule === 'string' && (rule === 'OK' || /^(refresh|date the) /.test(rule)) }).toEqual({ r, rule: true });
    const dates = [t.at(`AC${r}`), t.at(`AD${r}`)];
    const wantRule = t.at(`L${r}`) === null || t.at(`I${r}`) === null || t.at(`J${r}`) === null ? 'missing'
      : dates.some((d) => d === null) ? 'date'
        : Math.abs((dates[0] as number) - (dates[1] as number)) > t.num('per_share_max_gap') ? 'gap'
          : t.at(`AE${r}`) !== null && t.at(`AE${r}`) !== '' ? 'flagged' : 'OK';
    expect({ r, rule: wantRule === 'OK' ? rule === 'OK' : rule !== 'OK' }).toEqual({ r, rule: true });
    if (rule === 'OK') {
      if (!(strict && isErr(`W${r}`))) expectSame(t.at(`W${r}`), per('equity_value'), `W${r}`);
      if (!(strict && isErr(`X${r}`))) expectSame(t.at(`X${r}`), val('upside'), `X${r}`);
    } else {
      expect({ r, w: t.at(`W${r}`), x: t.at(`X${r}`) }).toEqual({ r, w: isErr(`W${r}`) ? t.at(`W${r}`) : '', x: isErr(`X${r}`) ? t.at(`X${r}`) : '' });
    }
    // Equity before net debt: the asset parts, shown without cash and debt; per operating MW.
    const assets = ['P', 'Q', 'R', 'S', 'T'].map((c) => t.at(`${c}${r}`));
    const before = t.at(`${O.beforeNetDebt.col}${r}`);
    if (assets.every((v) => typeof v === 'number')) {
      expect(Math.abs((before as number) - (assets as number[]).reduce((a, b) => a + b, 0))).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(before as number)));
      const mw = t.at(`E${r}`);
      if (typeof mw === 'number' && mw !== 0) expect(Math.abs((t.at(`${O.partsPerMw.col}${r}`) as number) - (before as number) / mw)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs((before as number) / mw)));
      else expect(t.at(`${O.partsPerMw.col}${r}`)).toBe('');
    } else if (assets.some((v) => v === '') && !assets.some((v) => v !== null && typeof v === 'object')) {
      expect({ r, before }).toEqual({ r, before: '' });
    }
    if (!(strict && isErr(`Y${r}`))) expectSame(t.at(`Y${r}`), val('implied_ev_per_mw'), `Y${r}`);
    // Totals equal parts.
    const equity = t.at(`V${r}`);
    if (typeof equity === 'number') {
      const parts = ['P', 'Q', 'R', 'S', 'T', 'U'].map((c) => t.at(`${c}${r}`) as number);
      expect(Math.abs(equity - parts.reduce((a, b) => a + b, 0))).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(equity)));
    }
    // The missing list names what the row lacks, or "none".
    expect(String(t.at(`Z${r}`))).toBe(
      [['C', 'EH/s'], ['D', 'J/TH'], ['F', 'contracted MW'], ['G', 'pipeline MW'], ['H', 'BTC held'], ['I', 'cash'], ['J', 'debt'], ['L', 'shares'], ['M', 'share price'], ['E', 'operating MW']]
        .filter(([c]) => (c === 'D' ? t.at(`C${r}`) !== null && t.at(`C${r}`) !== 0 && t.at(t.refOf('mining_method')) === 'pv' && t.at(`D${r}`) === null : t.at(`${c}${r}`) === null))
        .map(([, name]) => name).join('; ') || 'none',
    );
  }
  // Statistics (the summary sheet, the template's second: a column each): exactly the rows with a number.
  for (const col of [O.perShare.col, O.upside.col, O.evPerMw.col, O.partsPerMw.col]) {
    const nums = ROWS.map((r) => t.at(`${col}${r}`)).filter((v): v is number => typeof v === 'number');
    const stats = SUMMARY_STATS_ROW;
    const at = (k: number) => t.at(`${SUMMARY_STAT_COLUMNS[col]}${stats + k}`, 1);
    // A row in error (an overflow at extreme inputs) makes every statistic of its column an error.
    if (ROWS.some((r) => { const v = t.at(`${col}${r}`); return v !== null && typeof v === 'object'; })) {
      for (const k of [0, 1, 2]) expect(at(k)).toEqual(expect.objectContaining({ error: '#N/A' }));
      continue;
    }
    expect(at(2)).toBe(nums.length);
    if (nums.length === 0) {
      expect(at(0)).toBe('');
    } else {
      const sorted = [...nums].sort((a, b) => a - b);
      const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
      expect(Math.abs((at(0) as number) - median)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(median)));
      const mean = nums.reduce((a, b) => a + b, 0) / nums.length;
      expect(Math.abs((at(1) as number) - mean)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(mean)));
    }
  }
}

