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
import { HYBRID_TABLE_COLUMNS } from '../../src/core/hybrid';
import { hybridTableBlock, HYBRID_TABLE_MAX_ROWS, type HybridCall } from '../../src/xlsx/hybrid-native';
import { BREAKS, Case, HYBRID_AT, hybridBench, monthDate, PHASE_ROWS, PHASES, RANGE_ROWS, SITE, validCase } from './hybrid-cases';
import { EXTENDED, tiered } from '../helpers/tier';


const call: HybridCall = { ...HYBRID_AT, rows: HYBRID_TABLE_MAX_ROWS, formula: `=WATT.HYBRIDTABLE(Inputs!A1:B${RANGE_ROWS}, Inputs!F1:L${PHASE_ROWS}, Inputs!D1)` };
const evaluate = hybridBench(hybridTableBlock(call, 'Watt native', 0), call.formula);

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
  }), { numRuns: tiered(3, 14) });
  // Not vacuous: lease and cloud phases, starts typed as dates.
  expect(seen.lease).toBeGreaterThan(1);
  expect(seen.cloud).toBeGreaterThan(1);
  expect(seen.dates).toBeGreaterThan(0);
});

function expectAllErrors(c: Case): void {
  const r = evaluate(c.assumptions, c.phases, c.years);
  expect(isErr(r.watt[0]?.[0])).toBe(true);
  r.native.slice(1).forEach((row, i) => row.forEach((v, col) => {
    if (!isErr(v)) throw new Error(`row ${i + 1} ${HYBRID_TABLE_COLUMNS[col]} is ${String(v)}, not an error`);
  }));
}

// Every way the function refuses its inputs, on the template and on a random case, in the extended run
// (test/helpers/tier.ts); in npm test one of each kind (a phase's start, its kind, an override, the
// phases' sum, an assumption, the horizon) on the template: the month table reads the helper's status
// cells, whose every refusal hybrid-metrics-native.test.ts checks through the metric table.
const TABLE_BREAKS = tiered(BREAKS.filter(([name]) => ['a start at the horizon', 'a kind neither lease nor cloud', 'a gpu_hour_price on a lease phase', 'phases above site_mw', 'miner_resale below 0', 'years over 50'].includes(name)), BREAKS);
test('the breaks checked on the month table are those named', () => expect(TABLE_BREAKS.length).toBe(tiered(6, BREAKS.length)));
describe.each(TABLE_BREAKS)('an invalid input (%s) makes every cell of the block an error, as WATT.HYBRIDTABLE', (_, breakIt) => {
  test('on the hybrid-site phases (and, extended, on a random valid case so broken)', () => {
    expectAllErrors(breakIt({ assumptions: SITE, phases: [...PHASES, [], []], years: 10 }));
    if (EXTENDED) fc.assert(fc.property(validCase, (valid) => expectAllErrors(breakIt(valid))), { numRuns: 1 });
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
