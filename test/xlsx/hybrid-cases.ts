/**
 * The cases of the HYBRID and HYBRIDTABLE native block tests (hybrid-native.test.ts, hybrid-metrics-native.test.ts):
 * the hybrid-site template's site and phases, random valid assumptions and phases (fast-check), and each
 * way the functions refuse their inputs.
 */
import fc from 'fast-check';
import { excelYmd, serialFromUtc } from '../../src/core/dates';
import { toEngineFormula } from '../../src/engine/engine';
import type { HybridCall } from '../../src/xlsx/hybrid-native';
import type { ProjectionBlock } from '../../src/xlsx/projection-native';
import { blockEngine, plannedGrid } from '../helpers/native-block';

export type Cell = string | number | boolean | null;
export type Row = [string | number | null, Cell];
/** Rows of the phases range in the tests (Inputs!F1:L6). */
export const PHASE_ROWS = 6;
/** Rows of the assumptions range the native-block tests read (Inputs!A1:B44). */
export const RANGE_ROWS = 44;

/** The Inputs sheet of the native-block tests: assumptions in A:B, years in D1, the phases in F1:L6. */
function inputGrid(assumptions: Row[], phases: Cell[][], years: unknown): Cell[][] {
  const rows: Cell[][] = [];
  for (let i = 0; i < RANGE_ROWS; i++) {
    const [n, v] = assumptions[i] ?? [null, null];
    const p = phases[i] ?? [];
    rows.push([n, v, null, i === 0 ? (years as Cell) : null, null, ...Array.from({ length: 7 }, (_, c) => (i < PHASE_ROWS ? p[c] ?? null : null))]);
  }
  return rows;
}

/** Where the tests' function reads (Inputs!A1:B44, the phases Inputs!F1:L6, years Inputs!D1) and its block's table (Native!A1). */
export const HYBRID_AT: Omit<HybridCall, 'rows' | 'formula'> = {
  sheet: 'Native', row: 0, col: 0, names: `'Inputs'!$A$1:$A${RANGE_ROWS}`, values: `'Inputs'!$B$1:$B${RANGE_ROWS}`, years: "'Inputs'!$D$1",
  phases: { sheet: 'Inputs', top: 0, left: 5, bottom: PHASE_ROWS - 1, right: 11 },
};

/**
 * An engine with `block` on Native (its helper on Watt native) and `formula` on Watt: the function that
 * sets the assumptions (Inputs!A1:B44, years in D1, phases in F1:L6) and returns both tables' values.
 */
export function hybridBench(block: ProjectionBlock, formula: string): (assumptions: Row[], phases: Cell[][], years: unknown) => { watt: unknown[][]; native: unknown[][] } {
  const { hf, inputs, watt, native, helper } = blockEngine();
  hf.batch(() => {
    hf.setSheetContent(helper, plannedGrid(block.helper) as never);
    hf.setSheetContent(native, plannedGrid(block.table) as never);
  });
  return (assumptions, phases, years) => {
    hf.batch(() => {
      hf.setSheetContent(inputs, inputGrid(assumptions, phases, years) as never);
      hf.setSheetContent(watt, [[toEngineFormula(formula)]]);
    });
    return { watt: hf.getSheetValues(watt), native: hf.getSheetValues(native) };
  };
}

// The hybrid-site template's site (src/templates/hybrid-site.ts: 300 MW at 17.5 J/TH, BTC $87,000, 1,075 EH/s),
// the rest at WATT.HYBRID's defaults; its three phases (100 MW leased at 0 and 12, 100 MW cloud at 24), 10 years.
export const SITE: Row[] = [['start_date', 46023], ['btc_price', 87000], ['network_hashrate', 1075], ['fees', 0.02], ['site_mw', 300], ['efficiency', 17.5], ['power_price', 0.045], ['uptime', 0.95], ['pool_fee', 0.02]];
export const PHASES: Cell[][] = [['start', 'mw', 'kind', 'lease_rent', 'gpu_hour_price', 'capex_per_w', 'conversion_months'], [0, 100, 'lease'], [12, 100, 'lease'], [24, 100, 'cloud']];

export interface Case { assumptions: Row[]; phases: Cell[][]; years: number }

const number = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => (Math.abs(v) < 1e-300 ? 0 : v));
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** Valid assumptions (WATT.PATHS's over a model's ranges, and WATT.HYBRID's two names) and phases. */
export const validCase: fc.Arbitrary<Case> = fc
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
      // A phase of 0 MW, or of at least 0.5% of the site: a phase of 1e-13 MW leaves an IRR of flows that
      // differ from mining's by rounding (an ill-conditioned root, decimal in the core, doubles here).
      share: fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: number(0.005, 0.25), weight: 6 }),
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
        // The function refuses a date of the start month before start_date itself when start_date has a
        // time of day (src/core/hybrid.ts compares with start_date less whole days): a date on or after it.
        if (p.start === 0 && start < values.start_date) start = Math.ceil(values.start_date);
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

/** Each way the function refuses its phases or assumptions, applied to a valid case (a phase in its last row). */
// (Text typed into the engine's cells starts with an apostrophe: '12 is the text "12", 12 a number.)
const lower = (n: unknown) => String(n).trim().toLowerCase();
const value = (c: Case, name: string, fallback: number) => Number(c.assumptions.find(([n]) => lower(n) === name)?.[1] ?? fallback);
const withPhase = (c: Case, phase: (c: Case) => Cell[]): Case => {
  const phases = c.phases.slice(0, PHASE_ROWS - 1);
  while (phases.length < PHASE_ROWS - 1) phases.push([]);
  return { ...c, phases: [...phases, phase(c)] };
};
export const monthDate = (c: Case, months: number, day = 1) => {
  const first = excelYmd(value(c, 'start_date', 0));
  return serialFromUtc(first.year, first.month + months, day);
};
const site = (c: Case) => value(c, 'site_mw', 1);
export const BREAKS: [string, (c: Case) => Case][] = [
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

