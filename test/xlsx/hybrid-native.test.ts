/**
 * WATT.HYBRIDTABLE's native formula block (src/xlsx/hybrid-native.ts), evaluated in the engine beside the
 * WATT function on the same assumptions and phases:
 *  - on the hybrid-site template's inputs and on random valid assumptions and phases (fast-check on the
 *    fixed seed: lease and cloud phases, overrides, starts as month indexes and as dates, blank rows, a
 *    header row, mine_during_build, miner_resale), every cell of the table equals the function's: numbers
 *    within 1e-9 relative of the larger of the value and the scale of the month's flows (a cash flow near
 *    0 is a difference of large flows, summed in decimal by the core and in doubles by the block), texts
 *    the same, "" below the total row where the function's spill ends;
 *  - every phase or assumption the function refuses makes every cell of the block an error, as the
 *    function is one.
 */
import fc from 'fast-check';
import { DetailedCellError } from 'hyperformula';
import { toEngineFormula } from '../../src/engine/engine';
import { HYBRID_TABLE_COLUMNS } from '../../src/core/hybrid';
import { hybridTableBlock, HYBRID_TABLE_MAX_ROWS, type HybridCall } from '../../src/xlsx/hybrid-native';
import { blockEngine, plannedGrid } from '../helpers/native-block';
import { excelYmd, serialFromUtc } from '../../src/core/dates';

type Cell = string | number | boolean | null;
type Row = [string | number | null, Cell];

const { hf, inputs, watt, native, helper } = blockEngine();
const RANGE_ROWS = 44;
const PHASE_ROWS = 6;
const call: HybridCall = {
  sheet: 'Native', row: 0, col: 0, names: `'Inputs'!$A$1:$A$${RANGE_ROWS}`, values: `'Inputs'!$B$1:$B$${RANGE_ROWS}`, years: "'Inputs'!$D$1",
  phases: { sheet: 'Inputs', top: 0, left: 5, bottom: PHASE_ROWS - 1, right: 11 }, rows: HYBRID_TABLE_MAX_ROWS,
  formula: `=WATT.HYBRIDTABLE(Inputs!A1:B${RANGE_ROWS}, Inputs!F1:L${PHASE_ROWS}, Inputs!D1)`,
};
const block = hybridTableBlock(call, 'Watt native', 0);
hf.batch(() => {
  hf.setSheetContent(helper, plannedGrid(block.helper) as never);
  hf.setSheetContent(native, plannedGrid(block.table) as never);
});

/** Sets the assumptions (Inputs!A1:B44, years in D1, phases in F1:L6) and returns both tables' data rows. */
function evaluate(assumptions: Row[], phases: Cell[][], years: unknown) {
  const rows: Cell[][] = [];
  for (let i = 0; i < RANGE_ROWS; i++) {
    const [n, v] = assumptions[i] ?? [null, null];
    const p = phases[i] ?? [];
    rows.push([n, v, null, i === 0 ? (years as Cell) : null, null, ...Array.from({ length: 7 }, (_, c) => (i < PHASE_ROWS ? p[c] ?? null : null))]);
  }
  hf.batch(() => {
    hf.setSheetContent(inputs, rows as never);
    hf.setSheetContent(watt, [[toEngineFormula(call.formula)]]);
  });
  return { watt: hf.getSheetValues(watt), native: hf.getSheetValues(native) };
}

const isErr = (v: unknown) => v instanceof DetailedCellError;

function check(w: unknown[][], n: unknown[][]): void {
  if (isErr(w[0]?.[0])) {
    for (const row of n.slice(1)) for (const v of row) if (!isErr(v)) throw new Error(`WATT ${String(w[0][0])}, native ${String(v)}`);
    return;
  }
  for (let i = 0; i < HYBRID_TABLE_MAX_ROWS + 1; i++) {
    // The month's scale: its largest money flow (cash_flow sums them).
    const scale = Math.max(0, ...((w[i] ?? []).slice(6) as unknown[]).map((v) => (typeof v === 'number' ? Math.abs(v) : 0)));
    for (let c = 0; c < HYBRID_TABLE_COLUMNS.length; c++) {
      const a = w[i]?.[c];
      const b = n[i]?.[c];
      const where = `row ${i} ${HYBRID_TABLE_COLUMNS[c]}`;
      if (a === undefined || a === null) {
        if (!(b === '' || b === null || b === undefined)) throw new Error(`${where}: WATT none, native ${String(b)}`);
      } else if (typeof a === 'number') {
        const tolerance = 1e-9 * Math.max(Math.abs(a), scale);
        if (typeof b !== 'number' || !(Math.abs(a - b) <= tolerance)) throw new Error(`${where}: WATT ${String(a)}, native ${String(b)} (tolerance ${tolerance})`);
      } else if (a === '' ? !(b === '' || b === null) : a !== b) throw new Error(`${where}: WATT ${String(a)}, native ${String(b)}`);
    }
  }
}

// The hybrid-site template's site (src/templates/hybrid-site.ts: 300 MW at 17.5 J/TH, BTC $87,000, 1,075 EH/s),
// the rest at WATT.HYBRID's defaults; its three phases (100 MW leased at 0 and 12, 100 MW cloud at 24), 10 years.
const SITE: Row[] = [['start_date', 46023], ['btc_price', 87000], ['network_hashrate', 1075], ['fees', 0.02], ['site_mw', 300], ['efficiency', 17.5], ['power_price', 0.045], ['uptime', 0.95], ['pool_fee', 0.02]];
const PHASES: Cell[][] = [['start', 'mw', 'kind', 'lease_rent', 'gpu_hour_price', 'capex_per_w', 'conversion_months'], [0, 100, 'lease'], [12, 100, 'lease'], [24, 100, 'cloud']];

test('the hybrid-site phases at the defaults: every cell of the block equals WATT.HYBRIDTABLE', () => {
  const r = evaluate(SITE, PHASES, 10);
  expect(r.watt.length).toBe(122);
  check(r.watt, r.native);
  // Not vacuous: the total row at month 121 (H = 120), a negative first month (the first hall's capex), "" below.
  expect(r.native[121][0]).toBe('total');
  expect(r.native[1][HYBRID_TABLE_COLUMNS.indexOf('capex')]).toBeLessThan(-1e8);
  expect(r.native[122][0]).toBe('');
  // The total prepayment is the core's 0 exactly (received less credited and owed: a rounding residue in doubles).
  const prepayment = HYBRID_TABLE_COLUMNS.indexOf('prepayment');
  expect(r.watt[121][prepayment]).toBe(0);
  expect(r.native[121][prepayment]).toBe(0);
  expect(r.native[25][prepayment]).toBeGreaterThan(1e6);
});

interface Case { assumptions: Row[]; phases: Cell[][]; years: number }

const number = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => (Math.abs(v) < 1e-300 ? 0 : v));
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** Valid assumptions (WATT.PATHS's over a model's ranges, and WATT.HYBRID's two names) and phases. */
const validCase: fc.Arbitrary<Case> = fc
  .record({
    start_date: fc.oneof(fc.integer({ min: 39816, max: 80000 }), number(39816, 80000)),
    btc_price: number(1000, 1e6),
    network_hashrate: number(1, 1e4),
    site_mw: number(1, 2000),
    efficiency: number(5, 60),
    power_price: number(0, 0.2),
    btc_price_growth: opt(number(-0.5, 1)),
    network_hashrate_growth: opt(number(-0.5, 1)),
    fees: opt(number(0, 1)),
    uptime: opt(number(0.5, 1)),
    other_cost: opt(number(0, 20)),
    it_ratio: opt(number(0.5, 1)),
    conversion_capex: opt(number(1, 20)),
    conversion_months: opt(fc.integer({ min: 0, max: 120 })),
    lease_rent: opt(number(20, 300)),
    lease_term: opt(fc.oneof(fc.integer({ min: 1, max: 30 }), number(0.5, 40))),
    lease_escalator: opt(number(0, 0.05)),
    lease_noi_margin: opt(number(0.5, 1)),
    exit_cap_rate: opt(fc.oneof(number(0.04, 0.15), fc.constant(0))),
    terminal_value: opt(fc.constantFrom<number | string>(0, 1, 'yes', 'No')),
    gpu_hour_price: opt(number(0.5, 6)),
    kw_per_gpu: opt(number(1, 4)),
    cloud_utilization: opt(number(0.3, 1)),
    cloud_capex_extra: opt(number(0, 40)),
    cloud_ebitda_margin: opt(number(0.3, 1)),
    cloud_prepayment: opt(number(0, 0.5)),
    gpu_life: opt(fc.oneof(fc.integer({ min: 1, max: 10 }), number(0.25, 50))),
    gpu_residual: opt(number(0, 0.5)),
    gpu_price_decline: opt(number(0, 0.5)),
    mining_capex: opt(fc.oneof(number(0, 30), fc.constant(0))),
    miner_life: opt(fc.oneof(fc.integer({ min: 1, max: 8 }), number(0.25, 50))),
    curtail: opt(fc.constantFrom<number | string>(0, 1, 'yes', 'no')),
    discount_rate: opt(number(-0.05, 0.4)),
    miner_resale: opt(fc.oneof(number(0, 20), fc.constant(0))),
    mine_during_build: opt(fc.constantFrom<number | string>(0, 1, 'yes', 'NO')),
  })
  .chain((values) => {
    const conversion = values.conversion_capex ?? 10;
    const { cloud_capex_extra: extra, ...rest } = values;
    const withCloud = { ...rest, ...(extra !== undefined ? { cloud_capex: conversion + extra } : {}) };
    const rows = Object.entries(withCloud).filter(([, v]) => v !== undefined) as [string, number | string][];
    const phase = (H: number): fc.Arbitrary<Cell[]> => fc.record({
      start: fc.integer({ min: 0, max: H - 1 }),
      asDate: fc.boolean(),
      day: fc.integer({ min: 1, max: 28 }),
      share: number(0, 0.25),
      kind: fc.constantFrom('lease', 'cloud', ' Cloud ', 'LEASE'),
      lease_rent: opt(number(20, 300)),
      gpu_hour_price: opt(number(0.5, 6)),
      capex_extra: opt(number(0, 40)),
      conversion_months: opt(fc.integer({ min: 0, max: 120 })),
      width: fc.integer({ min: 3, max: 7 }),
    }).map((p) => {
      const cloud = p.kind.trim().toLowerCase() === 'cloud';
      let start: number = p.start;
      if (p.asDate) {
        const first = excelYmd(values.start_date);
        start = serialFromUtc(first.year, first.month + p.start, p.day);
      }
      const cells: Cell[] = [start, p.share * values.site_mw, p.kind, p.lease_rent ?? null, cloud ? p.gpu_hour_price ?? null : null,
        p.capex_extra === undefined ? null : cloud ? conversion + p.capex_extra : p.capex_extra, p.conversion_months ?? null];
      return cells.map((v, i) => (i < p.width ? v : null));
    });
    return fc.record({ years: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 12 }), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 50 }), weight: 1 }) }).chain(({ years }) => fc.record({
      order: fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }),
      spelling: fc.array(fc.constantFrom((s: string) => s, (s: string) => s.toUpperCase(), (s: string) => ` ${s} `), { minLength: rows.length, maxLength: rows.length }),
      header: fc.boolean(),
      phases: fc.array(fc.option(phase(years * 12), { nil: null, freq: 4 }), { minLength: 0, maxLength: PHASE_ROWS - 1 }),
      years: fc.constant(years),
    }));
  })
  .map(({ order, spelling, header, phases, years }) => ({
    assumptions: order.map(([name, value], i) => [spelling[i](name), value] as Row),
    // A header row of text (or a blank first row), then phases and blank rows.
    phases: [header ? ['start', 'mw', 'kind', '', 'gpu', null, 'months'] : [], ...phases.map((p) => p ?? [])],
    years,
  }));

function expectSame(c: Case): void {
  const r = evaluate(c.assumptions, c.phases, c.years);
  if (isErr(r.watt[0]?.[0]) || r.watt.length === 0) throw new Error(`WATT.HYBRIDTABLE refused a valid case: ${String(r.watt[0]?.[0])}`);
  check(r.watt, r.native);
}

test('on random valid assumptions and phases (fixed seed), every cell of the native block equals WATT.HYBRIDTABLE', () => {
  const seen = { lease: 0, cloud: 0, dates: 0 };
  fc.assert(fc.property(validCase, (c) => {
    expectSame(c);
    for (const p of c.phases.slice(1)) {
      if (typeof p[2] === 'string') seen[p[2].trim().toLowerCase() as 'lease' | 'cloud']++;
      if (typeof p[0] === 'number' && p[0] >= 600) seen.dates++;
    }
  }), { seed: 20261206, numRuns: 14 });
  // Not vacuous: lease and cloud phases, starts typed as dates.
  expect(seen.lease).toBeGreaterThan(3);
  expect(seen.cloud).toBeGreaterThan(3);
  expect(seen.dates).toBeGreaterThan(2);
});

/** Each way the function refuses its phases or assumptions, applied to a valid case (a phase in its last row). */
// (Text typed into the engine's cells starts with an apostrophe: '12 is the text "12", 12 a number.)
const lower = (n: unknown) => String(n).trim().toLowerCase();
const value = (c: Case, name: string, fallback: number) => Number(c.assumptions.find(([n]) => lower(n) === name)?.[1] ?? fallback);
const withPhase = (c: Case, phase: (c: Case) => Cell[]): Case => {
  const phases = c.phases.slice(0, PHASE_ROWS - 1);
  while (phases.length < PHASE_ROWS - 1) phases.push([]);
  return { ...c, phases: [...phases, phase(c)] };
};
const monthDate = (c: Case, months: number, day = 1) => {
  const first = excelYmd(value(c, 'start_date', 0));
  return serialFromUtc(first.year, first.month + months, day);
};
const site = (c: Case) => value(c, 'site_mw', 1);
const BREAKS: [string, (c: Case) => Case][] = [
  ['a start below 0', (c) => withPhase(c, () => [-1, 0, 'lease'])],
  ['a start not a whole month', (c) => withPhase(c, () => [1.5, 0, 'lease'])],
  ['a start typed as text', (c) => withPhase(c, () => ["'12", 0, 'lease'])],
  ['a start at the horizon', (c) => withPhase(c, (x) => [x.years * 12, 0, 'cloud'])],
  ['a start date before start_date\'s month', (c) => withPhase(c, (x) => [monthDate(x, 0) - 1, 0, 'lease'])],
  ['a start date past the horizon', (c) => withPhase(c, (x) => [monthDate(x, x.years * 12, 15), 0, 'lease'])],
  ['a start missing', (c) => withPhase(c, () => [null, 0, 'lease'])],
  ['mw below 0', (c) => withPhase(c, () => [0, -1, 'lease'])],
  ['mw typed as text', (c) => withPhase(c, () => [0, "'10", 'lease'])],
  ['mw missing', (c) => withPhase(c, () => [0, null, 'lease'])],
  ['a kind neither lease nor cloud', (c) => withPhase(c, () => [0, 0, 'leased'])],
  ['a kind typed as a number', (c) => withPhase(c, () => [0, 0, 1])],
  ['a kind missing', (c) => withPhase(c, () => [0, 0, null])],
  ['conversion_months over 120', (c) => withPhase(c, () => [0, 0, 'lease', null, null, null, 121])],
  ['conversion_months not whole', (c) => withPhase(c, () => [0, 0, 'cloud', null, null, null, 6.5])],
  ['lease_rent below 0', (c) => withPhase(c, () => [0, 0, 'lease', -1])],
  ['an override typed as text', (c) => withPhase(c, () => [0, 0, 'cloud', null, "'2.5"])],
  ['a gpu_hour_price on a lease phase', (c) => withPhase(c, () => [0, 0, 'lease', null, 2])],
  ['a cloud capex_per_w below conversion_capex', (c) => withPhase(c, (x) => [0, 0, 'cloud', null, null, value(x, 'conversion_capex', 10) - 0.5])],
  ['phases above site_mw', (c) => withPhase(c, (x) => [0, site(x) * 1.5, 'lease'])],
  ['mine_during_build neither yes nor no', (c) => ({ ...c, assumptions: [...c.assumptions.filter(([n]) => lower(n) !== 'mine_during_build'), ['mine_during_build', 'maybe']] })],
  ['miner_resale below 0', (c) => ({ ...c, assumptions: [...c.assumptions.filter(([n]) => lower(n) !== 'miner_resale'), ['miner_resale', -1]] })],
  ['a name it does not know', (c) => ({ ...c, assumptions: [...c.assumptions, ['miner_resell', 1]] })],
  ['years over 50', (c) => ({ ...c, years: 51 })],
];

function expectAllErrors(c: Case): void {
  const r = evaluate(c.assumptions, c.phases, c.years);
  expect(isErr(r.watt[0]?.[0])).toBe(true);
  r.native.slice(1).forEach((row, i) => row.forEach((v, col) => {
    if (!isErr(v)) throw new Error(`row ${i + 1} ${HYBRID_TABLE_COLUMNS[col]} is ${String(v)}, not an error`);
  }));
}

describe.each(BREAKS)('an invalid input (%s) makes every cell of the block an error, as WATT.HYBRIDTABLE', (_, breakIt) => {
  test('on the hybrid-site phases and on a random valid case so broken (fixed seed)', () => {
    expectAllErrors(breakIt({ assumptions: SITE, phases: [...PHASES, [], []], years: 10 }));
    fc.assert(fc.property(validCase, (valid) => expectAllErrors(breakIt(valid))), { seed: 20261206, numRuns: 1 });
  });
});

test('a header row that is a phase typed as text is refused, a blank row and a header are ignored', () => {
  // A first row whose kind cell is a kind is a phase (its text start an error), not a header skipped.
  expectAllErrors({ assumptions: SITE, phases: [["'0", "'100", 'lease'], [12, 100, 'lease']], years: 10 });
  const r = evaluate(SITE, [['when', 'how much', 'what'], [], [12, 100, 'lease'], [], [0, 50, 'cloud', 200, 3, 45, 6]], 10);
  check(r.watt, r.native);
});

test('phases adding up to site_mw, mine_during_build and miner_resale: the block equals WATT.HYBRIDTABLE', () => {
  const r = evaluate([...SITE, ['mine_during_build', 'yes'], ['miner_resale', 4], ['mining_capex', 12], ['miner_life', 2]],
    [[3, 150, 'lease', 120, null, 9, 18], [monthDate({ assumptions: SITE, phases: [], years: 10 }, 30, 17), 150, 'cloud', null, 2.2, 40, 9]], 10);
  check(r.watt, r.native);
  expect(r.native[121][HYBRID_TABLE_COLUMNS.indexOf('asset_sales')]).toBeGreaterThan(0);
});
