/**
 * WATT.PATHS as a native formula block (the `native` mode of the writer and of `watt recalc`), like
 * WATT.PROJECTION's (projection-native.ts): the three paths' monthly cash flows are written in Excel's own
 * functions on the helper sheet ("Watt native"), and each cell of the spilled table becomes a formula that
 * reads them, so a recipient who changes an assumption in Excel or LibreOffice gets the new NPV, never the
 * one of the export.
 *
 * What is written, for a table spilled from `=WATT.PATHS(assumptions, years)` (years optional, 10):
 *  - The checks of WATT.PATHS on its assumptions: each of the 34 names read by name (case-insensitive,
 *    spaces trimmed), "yes"/"no" read as 1/0 for curtail and terminal_value, cloud_capex defaulting to
 *    conversion_capex + 29 USD/W and refused below conversion_capex, a name given twice, a name it does not
 *    know, a value without a name, text, a value out of range, a required value missing, years not a whole
 *    number from 1 to 50, a horizon past 9999-12-31: each is #VALUE!, and the status cell then makes every
 *    cell of the table that error, as the function is one.
 *  - One row per month k = 0..720 (the longest span the function looks at: 50 years, or a build of 120
 *    months followed by a 50-year GPU contract), in the core's order of operations (src/core/paths.ts):
 *      mine   WATT.PROJECTION's month (date, halving, price and hashrate growth, BTC mined, power and other
 *             cost), switched off in a month of negative margin with curtail = 1, the fleet bought again
 *             every miner_life years (waiting while it is off), its book value at the horizon;
 *      lease  the lease of WATT.LEASENPV after conversion_months (stepped at each anniversary, a stub month
 *             pro rata), the shell at exit_cap_rate on the 12 months of NOI after the horizon (after its
 *             opening, discounted back to H, when it is still being built at H);
 *      cloud  GPU revenue by the month's days, the price decline with the GPUs' age, refreshes with the
 *             resale, the prepayment at t = 0 credited over the first contract (what is owed after the
 *             horizon deducted at it), the hall at market NOI and the GPUs at book value at the horizon
 *             (a hall still being built: valued at its opening with new GPUs, discounted back to H).
 *    Each path's flow at index k (k months after the start), its discount factor (1 + discount_rate)^(-k/12),
 *    its cumulative flow, the first non-zero flow's sign and the last month the cumulative flow is negative.
 *  - npv = SUMPRODUCT(flows, discount factors); payback from the last negative cumulative month; irr by
 *    Excel's IRR, started inside the bracket the core picks: the present value is scanned on the core's grid
 *    of 1,201 monthly rates (e^t - 1, t = -12..12 by 0.02), the sign change nearest the 10% guess is taken,
 *    IRR starts from its midpoint, and a result outside that bracket (give or take one grid step) is #NUM!,
 *    never another root. "n/a" when the flows start with income, "never" as the core.
 *
 * Pure: no engine, no ExcelJS. The caller resolves argument texts to absolute references and writes the
 * cells (write.ts, recalc.ts through native-blocks.ts).
 */
import type { Catalog } from '../core/assumptions';
import { GPU_CAPEX_PER_W, PATH_METRICS, PATH_NAMES, PATHS_CATALOG, PATHS_YES_NO } from '../core/paths';
import { periodRate } from '../core/cashflow';
import { expectation, P } from '../core/params';
import { cellRef, columnLetters, quoteSheetName } from '../templates/plan';
import { literal, NATIVE_NUM_ERROR, NATIVE_VALUE_ERROR, nativeForm, NativeForm } from '../functions/_lib/native';
import { findWattCalls } from './formula';
import { assumptionCheck, helperHeading, type PlannedCell, type ProjectionBlock, type ProjectionCall } from './projection-native';

/** The last month index the block computes: max(50 y x 12, 120 + 12, 120 + 50 y x 12) = 720. */
/** The scan's reach: a root farther than this from the guess (per month) is #NUM! in the block. */
export const IRR_REACH = Math.min(periodRate(0.1, 12) - Math.expm1(-12 + 550 * 0.02), Math.expm1(-12 + 650 * 0.02) - periodRate(0.1, 12));
export const PATHS_LAST_MONTH = P.conversion_months.max! + Math.round(P.gpu_life.max! * 12);
/**
 * The IRR scan: the core's grid (src/core/cashflow.ts), r = e^t - 1 for t = -12 .. 12 by 0.02 (points
 * 0 .. 1200), of which the block scans points GRID_FIRST .. GRID_LAST (t = -1 .. 1: monthly rates from -63%
 * to +172%, an annual -99.99% to +16,000%). The nearest sign change to the guess found there is the core's
 * when it is nearer the guess than the window's edges (every bracket outside the window is at least that
 * far); else the IRR is #NUM! (a root that far from 10% a year), never another root.
 */
const GRID_FIRST = 550;
const GRID_LAST = 650;
const GRID_POINTS = GRID_LAST - GRID_FIRST + 1;
const gridRate = (i: number) => Math.expm1(-12 + i * 0.02);
/** Steps of the refined scan of the bracket. */
const REFINE = 32;
/** The core's IRR guess, monthly: 10% a year. */
const IRR_GUESS = periodRate(0.1, 12);
const REF_HEIGHT = P.ref_height.default!;
const REF_DATE = P.ref_date.default!;
const BLOCK_MINUTES = P.block_minutes.default!;
const LAST_SERIAL = 2958465;
const NAMES = Object.keys(PATHS_CATALOG);

/** The two argument texts of a formula that is exactly one WATT.PATHS call (years "10" when left out), else undefined. */
export function pathsArgs(formula: string): [string, string] | undefined {
  const text = formula.replace(/^=/, '');
  const calls = findWattCalls(text);
  if (calls.length !== 1 || calls[0].id !== 'PATHS' || calls[0].args.length < 1 || calls[0].args.length > 2) return undefined;
  if (text.trim() !== text.slice(calls[0].start, calls[0].end).trim()) return undefined;
  const years = calls[0].args[1]?.trim();
  return [calls[0].args[0], years === undefined || years === '' ? String(P.years.default!) : years];
}

/** The known values of a valid table at export, for the helper's cached results. */
export interface PathsKnown {
  inputs: Record<string, number>;
  counts: Record<string, [number, number, number]>;
}

const MONTH_COLUMNS = [
  ['k', 'month index (0 = start)', '0'],
  ['date', 'first day', 'yyyy-mm-dd'],
  ['days', 'days', '0'],
  ['block_height', 'block', '#,##0'],
  ['subsidy', 'BTC per block', '0.000'],
  ['network_hashrate', 'EH/s', '#,##0.0'],
  ['btc_price', 'USD', '#,##0'],
  ['hashvalue', 'BTC per PH/s per day', '0.00000000'],
  ['btc_mined', 'BTC', '#,##0.000'],
  ['mine_revenue', 'USD', '#,##0;(#,##0)'],
  ['power_cost', 'USD', '#,##0;(#,##0)'],
  ['other_cost', 'USD', '#,##0;(#,##0)'],
  ['gross_margin', 'USD', '#,##0;(#,##0)'],
  ['mine_on', '1 = running', '0'],
  ['fleet_bought', '1 = bought at the start', '0'],
  ['last_purchase', 'month index (-1 = none)', '0'],
  ['mine_flow', 'USD at index k', '#,##0;(#,##0)'],
  ['lease_month', 'lease month (1 = first)', '0'],
  ['lease_rent', 'USD gross rent', '#,##0;(#,##0)'],
  ['lease_noi', 'USD', '#,##0;(#,##0)'],
  ['noi_after_horizon', 'USD (the 12 months after H, or after the opening if later)', '#,##0;(#,##0)'],
  ['lease_flow', 'USD at index k', '#,##0;(#,##0)'],
  ['cloud_service_month', 'months of service (0 = first)', '0'],
  ['cloud_revenue', 'USD', '#,##0;(#,##0)'],
  ['cloud_ebitda', 'USD', '#,##0;(#,##0)'],
  ['prepayment_credit', 'USD', '#,##0;(#,##0)'],
  ['gpu_refresh', '1 = bought at the start', '0'],
  ['cloud_flow', 'USD at index k', '#,##0;(#,##0)'],
  ['discount_factor', '(1 + discount_rate)^(-k/12)', '0.000000'],
  ['irr_exponent', 'k up to the horizon, then 0', '0'],
  ['mine_cumulative', 'USD', '#,##0;(#,##0)'],
  ['lease_cumulative', 'USD', '#,##0;(#,##0)'],
  ['cloud_cumulative', 'USD', '#,##0;(#,##0)'],
  ['mine_first_sign', 'sign of the first non-zero flow', '0'],
  ['lease_first_sign', 'sign of the first non-zero flow', '0'],
  ['cloud_first_sign', 'sign of the first non-zero flow', '0'],
  ['mine_last_negative', 'last index with a negative cumulative flow', '0'],
  ['lease_last_negative', 'last index with a negative cumulative flow', '0'],
  ['cloud_last_negative', 'last index with a negative cumulative flow', '0'],
] as const;
type MonthColumn = (typeof MONTH_COLUMNS)[number][0];
const MC = Object.fromEntries(MONTH_COLUMNS.map(([n], i) => [n, i])) as Record<MonthColumn, number>;

/**
 * The assumption rows of a block (WATT.PATHS's names, or WATT.HYBRID's: `catalog`): one row per name from
 * `row` on, its value read by name and checked as the core's readPathInputs does (yes/no levers, cloud_capex's
 * default), with its unit, accepted range, default and the counts the checks read. Returns the rows taken
 * (first..last), the next free row and each name's checked-value cell (a fixed cell of the helper sheet).
 */
export function assumptionRows(
  helper: PlannedCell[], row: number, N: string, V: string, catalog: Catalog, yesNo: readonly string[], known?: PathsKnown,
): { first: number; last: number; next: number; at: Record<string, string> } {
  const a = (r: number, col: number) => `$${columnLetters(col + 1)}$${r + 1}`;
  const names = Object.keys(catalog);
  let r = row;
  const first = r;
  const at: Record<string, string> = {};
  names.forEach((name, i) => { at[name] = a(first + i, 1); });
  for (const name of names) {
    const spec = catalog[name];
    const { match, named, filled, numbers, checked } = assumptionCheck(name, spec, N, V);
    const missing = name === 'cloud_capex' ? `${at.conversion_capex}+${literal(GPU_CAPEX_PER_W)}` : spec.default !== undefined ? literal(spec.default) : NATIVE_VALUE_ERROR;
    const [F, G, H] = [a(r, 5), a(r, 6), a(r, 7)];
    // A yes/no lever: the text "yes" or "no" (any case, spaces trimmed) is 1 or 0.
    const text = yesNo.includes(name)
      ? `IF(SUMPRODUCT(${match}*(LOWER(TRIM(${V}))="yes"))=1,1,IF(SUMPRODUCT(${match}*(LOWER(TRIM(${V}))="no"))=1,0,${NATIVE_VALUE_ERROR}))`
      : NATIVE_VALUE_ERROR;
    const c = known?.counts[name];
    helper.push({ row: r, col: 0, value: name, style: 'label' });
    helper.push({ row: r, col: 1, formula: `IF(${F}>1,${NATIVE_VALUE_ERROR},IF(${G}=0,${missing},IF(${H}<>1,${text},${checked})))`, result: known?.inputs[name], style: 'output', format: name === 'start_date' ? 'yyyy-mm-dd' : 'General' });
    helper.push({ row: r, col: 2, value: spec.unit ?? '', style: 'label' });
    helper.push({ row: r, col: 3, value: (expectation(spec) || 'any number') + (yesNo.includes(name) ? ', or "yes"/"no"' : ''), style: 'label' });
    helper.push({ row: r, col: 4, value: name === 'cloud_capex' ? `conversion_capex + ${GPU_CAPEX_PER_W}` : spec.default !== undefined ? spec.default : 'required', style: 'label' });
    helper.push({ row: r, col: 5, formula: named, result: c?.[0], format: '0' });
    helper.push({ row: r, col: 6, formula: filled, result: c?.[1], format: '0' });
    helper.push({ row: r, col: 7, formula: numbers, result: c?.[2], format: '0' });
    r++;
  }
  return { first: row, last: r - 1, next: r, at };
}

/** The columns of a projection month and of the fleet's purchases, shared by the PATHS and HYBRID blocks. */
export const MINE_MONTH_COLUMNS = ['date', 'days', 'block_height', 'subsidy', 'network_hashrate', 'btc_price', 'hashvalue', 'btc_mined', 'mine_revenue', 'power_cost', 'other_cost', 'gross_margin', 'mine_on', 'fleet_bought', 'last_purchase'] as const;
export type MineMonthColumn = (typeof MINE_MONTH_COLUMNS)[number] | 'k';

/**
 * Month k's WATT.PROJECTION row (date, halving, price and hashrate growth, BTC mined, power and other
 * cost), whether the fleet runs (curtail) and the fleet's purchases (every miner_life years, waiting
 * while it is off), as formulas of the month row: `ref`/`prev` name this row's and the previous row's
 * cell of a column, `inSpan`/`inMine` blank a month past the calendar or past the mine's months, `at`
 * the checked assumptions, SH the site hashrate (PH/s), X the energy per day (MWh), everyMine the fleet
 * life (months), H the horizon (months).
 */
export function mineMonthFormulas(m: {
  k: number; ref: (name: MineMonthColumn) => string; prev: (name: MineMonthColumn) => string; inSpan: (expr: string) => string; inMine: (expr: string) => string;
  at: Record<string, string>; SH: string; X: string; everyMine: string; H: string;
}): Record<(typeof MINE_MONTH_COLUMNS)[number], string> {
  const { k, ref, prev, inSpan, inMine, at, SH, X, everyMine, H } = m;
  const start = at.start_date;
  const days = ref('days');
  const K = ref('k');
  const value = ref('hashvalue');
  return {
    date: inSpan(`DATE(YEAR(${start}),MONTH(${start})+${K},1)`),
    days: inSpan(`DATE(YEAR(${ref('date')}),MONTH(${ref('date')})+1,1)-${ref('date')}`),
    block_height: inMine(`${REF_HEIGHT}+FLOOR((${ref('date')}-${literal(REF_DATE)})*1440/${BLOCK_MINUTES}+1E-9,1)`),
    subsidy: inMine(`IF(INT(${ref('block_height')}/210000)>=64,0,INT(5000000000/2^INT(${ref('block_height')}/210000))/100000000)`),
    network_hashrate: inMine(`${at.network_hashrate}*(1+${at.network_hashrate_growth})^(${K}/12)`),
    btc_price: inMine(`${at.btc_price}*(1+${at.btc_price_growth})^(${K}/12)`),
    hashvalue: inMine(`144*(${ref('subsidy')}+${at.fees})/(${ref('network_hashrate')}*1000)`),
    btc_mined: inMine(`${value}*${SH}*${days}*(1-${at.pool_fee})`),
    mine_revenue: inMine(`${ref('btc_mined')}*${ref('btc_price')}`),
    power_cost: inMine(`${X}*${days}*1000*${at.power_price}`),
    other_cost: inMine(`${X}*${days}*${at.other_cost}`),
    gross_margin: inMine(`${ref('mine_revenue')}-${ref('power_cost')}-${ref('other_cost')}`),
    mine_on: inMine(`IF(AND(${at.curtail}=1,${ref('gross_margin')}<0),0,1)`),
    fleet_bought: k === 0 ? '0' : `IF(AND(${at.mining_capex}>0,${K}<${H},${K}>=${everyMine},${K}-MAX(0,${prev('last_purchase')})>=${everyMine},OR(${at.curtail}<>1,${prev('gross_margin')}>=0)),1,0)`,
    last_purchase: k === 0 ? '-1' : `IF(${ref('fleet_bought')}=1,${K},${prev('last_purchase')})`,
  };
}

/** The rows of the IRR scan on the helper sheet, shared by the PATHS and HYBRID blocks. */
export interface IrrScan { G0: number; GL: number; rates: string; R0: number; RL: number }
type IrrSummaryName = 'irr_bracket' | 'irr_low' | 'irr_high' | 'irr_refined' | 'irr_refined_low' | 'irr_refined_high' | 'irr_excel' | 'irr_monthly' | 'irr';

/**
 * The IRR scan's grid from `row`: the present value of each series of flows (`flows[p]`, a column range,
 * discounted by `exponent`, the month index up to the horizon) on the core's grid of monthly rates, the
 * sign changes and their distance to the guess. Series p's PVs are in column 2 + p, its distances in
 * 2 + n + p.
 */
export function irrGridRows(helper: PlannedCell[], row: number, names: readonly string[], flows: readonly string[], exponent: string): { G0: number; GL: number; rates: string; next: number } {
  const a = (r: number, col: number) => `$${columnLetters(col + 1)}$${r + 1}`;
  const n = names.length;
  let r = row;
  const gridHeader = r++;
  ['Grid t', 'Monthly rate e^t - 1', ...names.map((x) => `PV ${x}`), ...names.map((x) => `Distance ${x}`)].forEach((label, col) => helper.push({ row: gridHeader, col, value: label, style: 'header' }));
  const G0 = r;
  const GL = G0 + GRID_POINTS - 1;
  r = GL + 2;
  for (let i = 0; i < GRID_POINTS; i++) {
    const row = G0 + i;
    const rate = `B${row + 1}`;
    const point = GRID_FIRST + i;
    helper.push({ row, col: 0, value: Number((-12 + point * 0.02).toFixed(2)), format: '0.00' });
    // The core's grid point, Math.expm1(-12 + i x 0.02), written as its double.
    helper.push({ row, col: 1, value: gridRate(point), format: '0.000000%' });
    flows.forEach((flow, p) => {
      helper.push({ row, col: 2 + p, formula: `IFERROR(SUMPRODUCT(${flow},(1+${rate})^(-${exponent})),"")`, format: '#,##0;(#,##0)' });
      const pv = `${columnLetters(3 + p)}${row + 1}`;
      const pvPrev = `${columnLetters(3 + p)}${row}`;
      helper.push({
        row, col: 2 + n + p, format: 'General',
        formula: i === 0 ? '1E+300'
          : `IF(AND(ISNUMBER(${pv}),ISNUMBER(${pvPrev})),IF(SIGN(${pv})*SIGN(${pvPrev})<0,IF(${rate}<${literal(IRR_GUESS)},${literal(IRR_GUESS)}-${rate},IF(B${row}>${literal(IRR_GUESS)},B${row}-${literal(IRR_GUESS)},0)),1E+300),1E+300)`,
      });
    });
  }
  return { G0, GL, rates: `${a(G0, 1)}:${a(GL, 1)}`, next: r };
}

/**
 * The bracket refined, from `row`: REFINE + 1 rates evenly across each series' bracket (`bracket(p)`: its
 * low and high cells), the first sign change from its low end (the spreadsheet IRR then starts close to
 * the root, where Newton's method converges). Series p's rates are in column 1 + p, PVs in 1 + n + p,
 * changes in 1 + 2n + p.
 */
export function irrRefineRows(helper: PlannedCell[], row: number, names: readonly string[], flows: readonly string[], exponent: string, bracket: (p: number) => [string, string]): { R0: number; RL: number; next: number } {
  const a = (r: number, col: number) => `$${columnLetters(col + 1)}$${r + 1}`;
  const n = names.length;
  let r = row;
  const refineHeader = r++;
  ['Refined step', ...names.map((x) => `Rate ${x}`), ...names.map((x) => `PV ${x}`), ...names.map((x) => `Changed ${x}`)]
    .forEach((label, col) => helper.push({ row: refineHeader, col, value: label, style: 'header' }));
  const R0 = r;
  const RL = R0 + REFINE;
  r = RL + 2;
  for (let j = 0; j <= REFINE; j++) {
    const row = R0 + j;
    helper.push({ row, col: 0, value: j, format: '0' });
    flows.forEach((flow, p) => {
      const [lo, hi] = bracket(p);
      const rate = `${columnLetters(2 + p)}${row + 1}`;
      // Blank for a series whose flows start with income (its IRR is "n/a": nothing to refine).
      helper.push({ row, col: 1 + p, formula: `IF(ISNUMBER(${lo}),${lo}+(${hi}-${lo})*${j}/${REFINE},"")`, format: '0.000000%' });
      helper.push({ row, col: 1 + n + p, formula: `IF(ISNUMBER(${rate}),SUMPRODUCT(${flow},(1+${rate})^(-${exponent})),"")`, format: '#,##0;(#,##0)' });
      helper.push({ row, col: 1 + 2 * n + p, formula: `IF(ISNUMBER(${columnLetters(2 + n + p)}${row + 1}),IF(SIGN(${columnLetters(2 + n + p)}${row + 1})<>SIGN(${a(R0, 1 + n + p)}),1,0),0)`, format: '0' });
    });
  }
  return { R0, RL, next: r };
}

/**
 * The IRR's summary rows for series `ps` (`s(name, p)`: the cell of a summary row for series p; `flow(p)`
 * its flows' column range): the bracket nearest the guess on the grid, the refined bracket, Excel's IRR
 * started from its midpoint and checked in it, and the annual IRR ("n/a" when the flows start with
 * income, #NUM! when the scan or IRR finds no root), as the PATHS block computes them.
 */
export function irrSummaryFormulas<T extends number>(ps: readonly T[], s: (name: string, p: number) => string, flow: (p: number) => string, scan: IrrScan): Record<IrrSummaryName, string[]> {
  const a = (r: number, col: number) => `$${columnLetters(col + 1)}$${r + 1}`;
  const n = ps.length;
  const { G0, GL, rates, R0, RL } = scan;
  return {
    irr_bracket: ps.map((p) => {
      const d = `${a(G0, 2 + n + p)}:${a(GL, 2 + n + p)}`;
      return `IF(MIN(${d})>=${literal(IRR_REACH)},${NATIVE_NUM_ERROR},MATCH(MIN(${d}),${d},0))`;
    }),
    irr_low: ps.map((p) => `INDEX(${rates},${s('irr_bracket', p)}-1)`),
    irr_high: ps.map((p) => `INDEX(${rates},${s('irr_bracket', p)})`),
    irr_refined: ps.map((p) => `MATCH(1,${a(R0, 1 + 2 * n + p)}:${a(RL, 1 + 2 * n + p)},0)`),
    irr_refined_low: ps.map((p) => `INDEX(${a(R0, 1 + p)}:${a(RL, 1 + p)},${s('irr_refined', p)}-1)`),
    irr_refined_high: ps.map((p) => `INDEX(${a(R0, 1 + p)}:${a(RL, 1 + p)},${s('irr_refined', p)})`),
    irr_excel: ps.map((p) => `IRR(${flow(p)},(${s('irr_refined_low', p)}+${s('irr_refined_high', p)})/2)`),
    irr_monthly: ps.map((p) => {
      const [raw, lo, hi] = [s('irr_excel', p), s('irr_refined_low', p), s('irr_refined_high', p)];
      // One refined step of slack on each side: the spreadsheet's present value may round to the other sign at a step.
      return `IF(AND(${raw}>=${lo}-(${hi}-${lo}),${raw}<=${hi}+(${hi}-${lo})),${raw},${NATIVE_NUM_ERROR})`;
    }),
    // Every failure of the scan or of IRR (no root in the window, no convergence) is #NUM!: the table's
    // status is read first, so an invalid input still shows its #VALUE!.
    irr: ps.map((p) => `IF(${s('income_first', p)}=1,"n/a",IFERROR((1+${s('irr_monthly', p)})^12-1,${NATIVE_NUM_ERROR}))`),
  };
}

/**
 * The native block of one WATT.PATHS table: helper cells from `helperRow` (0-based) on `helperSheet`, and
 * the table's cells (call.rows is ignored: the table has one row per metric).
 */
export function pathsBlock(call: ProjectionCall, helperSheet: string, helperRow: number, known?: PathsKnown): ProjectionBlock {
  const helper: PlannedCell[] = [];
  const h = (row: number, col: number) => `${quoteSheetName(helperSheet)}!$${columnLetters(col + 1)}$${row + 1}`;
  /** A fixed cell of the helper sheet, from a formula on it. */
  const a = (row: number, col: number) => `$${columnLetters(col + 1)}$${row + 1}`;
  const N = call.names;
  const V = call.values;
  let r = helperRow;
  r = helperHeading(helper, r, call, 'The assumptions the table reads, checked as WATT.PATHS checks them: any #VALUE! below makes every cell of the table #VALUE!. The monthly flows and the IRR scan follow below.');
  const checks = assumptionRows(helper, r, N, V, PATHS_CATALOG, PATHS_YES_NO, known);
  const { first, last, at } = checks;
  r = checks.next;
  const scalar = (label: string, formula: string, unit: string, note?: string, format = 'General'): string => {
    helper.push({ row: r, col: 0, value: label, style: 'label' });
    helper.push({ row: r, col: 1, formula, style: 'output', format });
    helper.push({ row: r, col: 2, value: unit, style: 'label' });
    if (note) helper.push({ row: r, col: 3, value: note, style: 'label' });
    return a(r++, 1);
  };
  const unknown = scalar('Names WATT.PATHS does not know, and values without a name',
    `IF(SUMPRODUCT(--(TRIM(${N})<>""))-SUM(${a(first, 5)}:${a(last, 5)})+SUMPRODUCT((TRIM(${N})="")*(${V}<>""))=0,0,${NATIVE_VALUE_ERROR})`, '', 'must be 0 (a name or value the function would refuse is #VALUE!)', '0');
  const cloudCheck = scalar('cloud_capex at least conversion_capex', `IF(${at.cloud_capex}<${at.conversion_capex},${NATIVE_VALUE_ERROR},0)`, '', 'must be 0', '0');
  const y = call.months;
  const years = scalar('years', `IF(OR(NOT(ISNUMBER(${y})),${y}<${P.years.min},${y}>${P.years.max},${y}<>INT(${y})),${NATIVE_VALUE_ERROR},${y})`, 'years', `${expectation(P.years)}, a whole number (the second argument of WATT.PATHS)`, '0');
  const H = scalar('Horizon H', `${years}*12`, 'months', undefined, '0');
  const c = at.conversion_months;
  const everyMine = scalar('Fleet life', `MAX(1,INT(${at.miner_life}*12+0.5))`, 'months', 'miner_life x 12, rounded, at least 1', '0');
  const everyGpu = scalar('GPU life', `MAX(1,INT(${at.gpu_life}*12+0.5))`, 'months', 'gpu_life x 12, rounded, at least 1', '0');
  const span = scalar('Months the paths look at', `MAX(${H},${c}+12,${c}+${everyGpu})`, 'months', 'the horizon, the first operating year and the first GPU contract', '0');
  const start = at.start_date;
  const spanEnd = scalar('Last day of those months', `IF(DATE(YEAR(${start}),MONTH(${start})+${span},1)-1>${LAST_SERIAL},${NATIVE_VALUE_ERROR},DATE(YEAR(${start}),MONTH(${start})+${span},1)-1)`, 'date', 'on or before 9999-12-31, the last day Excel can show', 'yyyy-mm-dd');
  const X = scalar('Energy per day (site_mw x uptime x 24)', `${at.site_mw}*${at.uptime}*24`, 'MWh per day');
  const SH = scalar('Site hashrate (site_mw x 1000 / efficiency x uptime)', `${at.site_mw}*1000/${at.efficiency}*${at.uptime}`, 'PH/s');
  const fleetCost = scalar('Replacement fleet (mining_capex x site_mw x 10^6 / efficiency)', `${at.mining_capex}*(${at.site_mw}*1000000/${at.efficiency})`, 'USD', undefined, '#,##0');
  const watts = scalar('Critical IT (site_mw x it_ratio x 10^6)', `${at.site_mw}*${at.it_ratio}*1000000`, 'W', undefined, '#,##0');
  const leaseCapex = scalar('Conversion capex (conversion_capex x IT W)', `${at.conversion_capex}*${watts}`, 'USD', undefined, '#,##0');
  const cloudCapex = scalar('Cloud capex (cloud_capex x IT W)', `${at.cloud_capex}*${watts}`, 'USD', undefined, '#,##0');
  const gpuCost = scalar('GPU cost ((cloud_capex - conversion_capex) x IT W)', `(${at.cloud_capex}-${at.conversion_capex})*${watts}`, 'USD', undefined, '#,##0');
  const resale = scalar('GPU resale (GPU cost x gpu_residual)', `${gpuCost}*${at.gpu_residual}`, 'USD', undefined, '#,##0');
  const gpus = scalar('GPUs (IT kW / kw_per_gpu)', `(${watts}/1000)/${at.kw_per_gpu}`, 'GPUs', undefined, '#,##0.0');
  const market = scalar('Market NOI (lease_rent x IT kW x lease_noi_margin)', `${at.lease_rent}*(${watts}/1000)*${at.lease_noi_margin}`, 'USD per month', undefined, '#,##0');
  const baseRent = scalar('Lease rent, first year (lease_rent x IT MW x 1000)', `${at.lease_rent}*(${at.site_mw}*${at.it_ratio})*1000`, 'USD per month', undefined, '#,##0');
  const termRaw = `${at.lease_term}*12`;
  const term = scalar('Lease term', `IF(ABS(${termRaw}-ROUND(${termRaw},0))<1E-9,ROUND(${termRaw},0),${termRaw})`, 'months', 'lease_term x 12 (within 1e-9 of a whole month: that month)');
  const stub = scalar('Stub month fraction', `${term}-INT(${term})`, 'month');
  const leaseMonths = scalar('Lease months (a stub counts)', `IF(${stub}=0,INT(${term}),INT(${term})+1)`, 'months', undefined, '0');
  const leaseEnd = scalar('Index of the lease\'s last month', `${c}+${leaseMonths}`, 'month index', undefined, '0');
  const valuedFrom = scalar('Hall valued from (the later of H and its opening)', `MAX(${H},${c})`, 'month index', 'a hall still being built at H is valued on its first 12 months in service', '0');
  const opening = scalar('Discount from the opening to H', `(1+${at.discount_rate})^(-(${valuedFrom}-${H})/12)`, '(factor)', '1 when the hall is open by H', '0.000000');

  const statusCells = `${a(first, 1)}:${a(last, 1)},${unknown},${cloudCheck},${years},${spanEnd}`;
  const statusRow = r++;
  helper.push({ row: statusRow, col: 0, value: 'Status (0 = every input valid; else the error every cell of the table shows)', style: 'label' });
  helper.push({ row: statusRow, col: 1, formula: `IF(COUNT(${statusCells})=${NAMES.length + 4},0,SUM(${statusCells}))`, result: known ? 0 : undefined, style: 'output', format: '0' });
  const S = h(statusRow, 1);
  r++;

  // Per path results: columns B (mine), C (lease), D (cloud); filled after the month rows are placed.
  const summaryHeader = r++;
  ['Per path', ...PATH_NAMES, 'Unit'].forEach((label, col) => helper.push({ row: summaryHeader, col, value: label, style: 'header' }));
  const SUMMARY = [
    ['first_year_revenue', 'USD'], ['first_year_ebitda', 'USD'], ['first_year_hours', 'hours'], ['capex', 'USD'], ['refresh_capex', 'USD'],
    ['terminal_value', 'USD'], ['owed_after_horizon', 'USD (prepaid service after the horizon)'], ['npv', 'USD'], ['income_first', '1 = the flows start with income'], ['cumulative_at_horizon', 'USD'],
    ['last_negative', 'month index'], ['payback_years', 'years'], ['irr_bracket', 'grid row (the sign change nearest 10% a year)'],
    ['irr_low', 'per month'], ['irr_high', 'per month'], ['irr_refined', 'step of the refined scan (the first sign change)'], ['irr_refined_low', 'per month'], ['irr_refined_high', 'per month'], ['irr_excel', 'per month (Excel IRR from the bracket\'s midpoint)'], ['irr_monthly', 'per month (Excel IRR, checked in the bracket)'], ['irr', 'a year'],
  ] as const;
  const sumRow = Object.fromEntries(SUMMARY.map(([n], i) => [n, r + i])) as Record<(typeof SUMMARY)[number][0], number>;
  r += SUMMARY.length + 1;

  // The month rows.
  const monthHeader = r++;
  MONTH_COLUMNS.forEach(([name, unit], col) => helper.push({ row: monthHeader, col, value: `${name} (${unit})`, style: 'header' }));
  const T0 = r;
  const TL = T0 + PATHS_LAST_MONTH;
  r = TL + 2;
  const colRange = (name: MonthColumn) => `${a(T0, MC[name])}:${a(TL, MC[name])}`;
  const cell = (name: MonthColumn, k: number) => `${columnLetters(MC[name] + 1)}${T0 + k + 1}`;
  for (let k = 0; k <= PATHS_LAST_MONTH; k++) {
    const row = T0 + k;
    const ref = (name: MonthColumn) => cell(name, k);
    const prev = (name: MonthColumn) => cell(name, k - 1);
    const inSpan = (expr: string, blank = '""') => `IF(${cell('k', k)}>${span},${blank},${expr})`;
    const inMine = (expr: string) => `IF(${cell('k', k)}>=MAX(${H},12),0,${expr})`;
    const days = ref('days');
    const K = ref('k');
    const f: Record<MonthColumn, string> = {
      k: `${k}`,
      ...mineMonthFormulas({ k, ref, prev, inSpan, inMine, at, SH, X, everyMine, H }),
      mine_flow: k === 0 ? '0'
        : `IF(${K}>${H},0,IF(${prev('mine_on')}=1,${prev('gross_margin')},0)-IF(${ref('fleet_bought')}=1,${fleetCost},0)+IF(${K}=${H},${a(sumRow.terminal_value, 1)},0))`,
      lease_month: `${K}-${c}`,
      lease_rent: `IF(AND(${ref('lease_month')}>=1,${ref('lease_month')}<=${leaseMonths}),${baseRent}*(1+${at.lease_escalator})^(INT((${ref('lease_month')}+11)/12)-1)*IF(${ref('lease_month')}>INT(${term}),${stub},1),0)`,
      lease_noi: `${ref('lease_rent')}*${at.lease_noi_margin}`,
      noi_after_horizon: `IF(AND(${K}>${valuedFrom},${K}<=${valuedFrom}+12),IF(${K}<${leaseEnd},${ref('lease_noi')},IF(${K}=${leaseEnd},${ref('lease_noi')}+IF(${stub}=0,0,${market}*(1-${stub})),${market})),0)`,
      lease_flow: `IF(${K}>${H},0,${k === 0 ? `-${leaseCapex}+` : ''}${ref('lease_noi')}+IF(${K}=${H},${a(sumRow.terminal_value, 2)},0))`,
      cloud_service_month: `${K}-${c}`,
      cloud_revenue: `IF(AND(${ref('cloud_service_month')}>=0,${K}<${span}),${gpus}*(${at.gpu_hour_price}*(1-${at.gpu_price_decline})^(MOD(${ref('cloud_service_month')},${everyGpu})/12))*(${days}*24)*${at.cloud_utilization},0)`,
      cloud_ebitda: `${ref('cloud_revenue')}*${at.cloud_ebitda_margin}`,
      prepayment_credit: `IF(AND(${ref('cloud_service_month')}>=0,${ref('cloud_service_month')}<${everyGpu}),${ref('cloud_revenue')}*${at.cloud_prepayment},0)`,
      gpu_refresh: `IF(AND(${ref('cloud_service_month')}>0,MOD(${ref('cloud_service_month')},${everyGpu})=0,${K}<${H}),1,0)`,
      cloud_flow: k === 0
        ? `-${cloudCapex}+SUM(${colRange('prepayment_credit')})-IF(${ref('gpu_refresh')}=1,${gpuCost}-${resale},0)+IF(${K}=${H},${a(sumRow.terminal_value, 3)},0)`
        : `IF(${K}>${H},0,IF(${K}-1<${H},${prev('cloud_ebitda')}-${prev('prepayment_credit')},0)-IF(${ref('gpu_refresh')}=1,${gpuCost}-${resale},0)+IF(${K}=${H},${a(sumRow.terminal_value, 3)}-${a(sumRow.owed_after_horizon, 3)},0))`,
      discount_factor: `(1+${at.discount_rate})^(-${ref('irr_exponent')}/12)`,
      irr_exponent: `IF(${K}<=${H},${K},0)`,
      mine_cumulative: k === 0 ? ref('mine_flow') : `${prev('mine_cumulative')}+${ref('mine_flow')}`,
      lease_cumulative: k === 0 ? ref('lease_flow') : `${prev('lease_cumulative')}+${ref('lease_flow')}`,
      cloud_cumulative: k === 0 ? ref('cloud_flow') : `${prev('cloud_cumulative')}+${ref('cloud_flow')}`,
      mine_first_sign: k === 0 ? `SIGN(${ref('mine_flow')})` : `IF(${prev('mine_first_sign')}<>0,${prev('mine_first_sign')},SIGN(${ref('mine_flow')}))`,
      lease_first_sign: k === 0 ? `SIGN(${ref('lease_flow')})` : `IF(${prev('lease_first_sign')}<>0,${prev('lease_first_sign')},SIGN(${ref('lease_flow')}))`,
      cloud_first_sign: k === 0 ? `SIGN(${ref('cloud_flow')})` : `IF(${prev('cloud_first_sign')}<>0,${prev('cloud_first_sign')},SIGN(${ref('cloud_flow')}))`,
      mine_last_negative: `IF(AND(${K}<=${H},${ref('mine_cumulative')}<0),${K},${k === 0 ? '-1' : prev('mine_last_negative')})`,
      lease_last_negative: `IF(AND(${K}<=${H},${ref('lease_cumulative')}<0),${K},${k === 0 ? '-1' : prev('lease_last_negative')})`,
      cloud_last_negative: `IF(AND(${K}<=${H},${ref('cloud_cumulative')}<0),${K},${k === 0 ? '-1' : prev('cloud_last_negative')})`,
    };
    MONTH_COLUMNS.forEach(([name, , format], col) => helper.push({ row, col, formula: name === 'k' ? undefined : f[name], value: name === 'k' ? k : undefined, format }));
  }

  const flowName = ['mine_flow', 'lease_flow', 'cloud_flow'] as const;
  const grid = irrGridRows(helper, r, ['mine', 'lease', 'cloud'], flowName.map((f) => colRange(f)), colRange('irr_exponent'));
  const { G0, GL, rates } = grid;
  const refine = irrRefineRows(helper, grid.next, ['mine', 'lease', 'cloud'], flowName.map((f) => colRange(f)), colRange('irr_exponent'), (p) => [a(sumRow.irr_low, 1 + p), a(sumRow.irr_high, 1 + p)]);
  const { R0, RL } = refine;
  r = refine.next;

  // The per-path results.
  const s = (name: (typeof SUMMARY)[number][0], p: number) => a(sumRow[name], 1 + p);
  SUMMARY.forEach(([name, unit]) => {
    helper.push({ row: sumRow[name], col: 0, value: name, style: 'label' });
    helper.push({ row: sumRow[name], col: 4, value: unit, style: 'label' });
  });
  const firstYearMine = `SUMPRODUCT(${a(T0, MC.mine_revenue)}:${a(T0 + 11, MC.mine_revenue)},${a(T0, MC.mine_on)}:${a(T0 + 11, MC.mine_on)})`;
  const firstYearMineEbitda = `SUMPRODUCT(${a(T0, MC.gross_margin)}:${a(T0 + 11, MC.gross_margin)},${a(T0, MC.mine_on)}:${a(T0 + 11, MC.mine_on)})`;
  const inFirstYear = (col: MonthColumn) => `SUMPRODUCT(${colRange(col)},(${colRange('lease_month')}>=1)*(${colRange('lease_month')}<=12))`;
  const inFirstCloudYear = (col: MonthColumn) => `SUMPRODUCT(${colRange(col)},(${colRange('cloud_service_month')}>=0)*(${colRange('cloud_service_month')}<12))`;
  const dates = colRange('date');
  const perPath: Record<(typeof SUMMARY)[number][0], string[]> = {
    first_year_revenue: [firstYearMine, inFirstYear('lease_rent'), inFirstCloudYear('cloud_revenue')],
    first_year_ebitda: [firstYearMineEbitda, inFirstYear('lease_noi'), inFirstCloudYear('cloud_ebitda')],
    first_year_hours: [`(INDEX(${dates},13)-INDEX(${dates},1))*24`, `(INDEX(${dates},${c}+13)-INDEX(${dates},${c}+1))*24`, `(INDEX(${dates},${c}+13)-INDEX(${dates},${c}+1))*24`],
    capex: ['0', leaseCapex, cloudCapex],
    refresh_capex: [`SUM(${colRange('fleet_bought')})*${fleetCost}`, '0', `SUMPRODUCT(${colRange('gpu_refresh')},--(${colRange('k')}<${H}))*${gpuCost}`],
    terminal_value: [
      `IF(AND(${at.terminal_value}=1,${at.mining_capex}>0,INDEX(${colRange('last_purchase')},${H})>0),${fleetCost}*(1-MIN(${H}-INDEX(${colRange('last_purchase')},${H}),${everyMine})/${everyMine}),0)`,
      `IF(AND(${at.terminal_value}=1,${at.exit_cap_rate}>0),SUM(${colRange('noi_after_horizon')})/${at.exit_cap_rate}*${opening},0)`,
      `IF(${at.terminal_value}=1,IF(${at.exit_cap_rate}>0,${market}*12/${at.exit_cap_rate}*${opening},0)+IF(${H}>${c},${gpuCost}*(1-(1-${at.gpu_residual})*(MOD(${H}-${c}-1,${everyGpu})+1)/${everyGpu}),${gpuCost}*${opening}),0)`,
    ],
    owed_after_horizon: ['0', '0', `SUMPRODUCT(${colRange('prepayment_credit')},--(${colRange('k')}>=${H}))`],
    npv: [0, 1, 2].map((p) => `SUMPRODUCT(${colRange(flowName[p])},${colRange('discount_factor')})`) as [string, string, string],
    income_first: (['mine_first_sign', 'lease_first_sign', 'cloud_first_sign'] as const).map((col) => `IF(INDEX(${colRange(col)},${H}+1)=1,1,0)`) as [string, string, string],
    cumulative_at_horizon: (['mine_cumulative', 'lease_cumulative', 'cloud_cumulative'] as const).map((col) => `INDEX(${colRange(col)},${H}+1)`) as [string, string, string],
    last_negative: (['mine_last_negative', 'lease_last_negative', 'cloud_last_negative'] as const).map((col) => `INDEX(${colRange(col)},${H}+1)`) as [string, string, string],
    payback_years: [0, 1, 2].map((p) => {
      const cum = (['mine_cumulative', 'lease_cumulative', 'cloud_cumulative'] as const)[p];
      const lastNeg = s('last_negative', p);
      return `IF(${s('income_first', p)}=1,"n/a",IF(${s('cumulative_at_horizon', p)}<0,"never",IF(${lastNeg}<0,0,(-INDEX(${colRange(cum)},${lastNeg}+1)/INDEX(${colRange(flowName[p])},${lastNeg}+2)+${lastNeg})/12)))`;
    }) as [string, string, string],
    ...irrSummaryFormulas([0, 1, 2], (name, p) => s(name as never, p), (p) => colRange(flowName[p]), { G0, GL, R0, RL, rates }),
  };
  // The IRR's intermediate rows say "n/a" for a path whose flows start with income, as its irr does.
  const naFirst = (name: string, p: number, formula: string) => (name.startsWith('irr_') ? `IF(${s('income_first', p)}=1,"n/a",${formula})` : formula);
  SUMMARY.forEach(([name]) => perPath[name].forEach((formula, p) => helper.push({
    row: sumRow[name], col: 1 + p, formula: naFirst(name, p, formula), style: 'output',
    format: name === 'irr' || name.startsWith('irr_') && name !== 'irr_bracket' ? '0.00%' : ['income_first', 'last_negative', 'irr_bracket'].includes(name) ? '0' : name === 'payback_years' ? '0.00' : '#,##0;(#,##0)',
  })));

  // The table: header texts, then one row per metric, each cell reading the per-path results through the status.
  const table: PlannedCell[] = ['metric', ...PATH_NAMES].map((value, i) => ({ row: call.row, col: call.col + i, value }));
  const hs = (name: (typeof SUMMARY)[number][0], p: number) => h(sumRow[name], 1 + p);
  PATH_METRICS.forEach((metric, i) => {
    const row = call.row + 1 + i;
    table.push({ row, col: call.col, value: metric });
    PATH_NAMES.forEach((_, p) => {
      const expr: Record<(typeof PATH_METRICS)[number], string> = {
        revenue_per_mwh: `${hs('first_year_revenue', p)}/(${h(first + NAMES.indexOf('site_mw'), 1)}*${hs('first_year_hours', p)})`,
        annual_revenue: hs('first_year_revenue', p),
        annual_ebitda: hs('first_year_ebitda', p),
        capex: hs('capex', p),
        refresh_capex: hs('refresh_capex', p),
        terminal_value: hs('terminal_value', p),
        npv: hs('npv', p),
        irr: hs('irr', p),
        payback_years: hs('payback_years', p),
        value_per_w: `${hs('npv', p)}/(${h(first + NAMES.indexOf('site_mw'), 1)}*1000000)`,
      };
      table.push({ row, col: call.col + 1 + p, formula: `IF(${S}=0,${expr[metric]},${S})` });
    });
  });
  return {
    helper,
    helperRows: r - helperRow + 1,
    table,
    total: () => undefined,
    note: `Native formula block of ${call.formula}: the assumptions it reads are checked, and the three paths' monthly cash flows computed, on the sheet "${helperSheet}".`,
  };
}

/**
 * WATT.MININGVALUE's argument specs, as its wrapper passes them to `run` (src/functions/valuation.ts):
 * hashrate, efficiency, power_price, btc_price, network_hashrate, start_date, [years], [discount_rate],
 * [fees], [uptime], [pool_fee], [other_cost], [btc_price_growth], [network_hashrate_growth].
 */
export const MININGVALUE_SPECS = [
  P.hashrate_ehs, P.efficiency, P.power_price, P.btc_price, P.network_hashrate, P.start_date, P.mining_years, P.path_discount_rate,
  P.fees, P.uptime, P.pool_fee, P.other_cost, P.btc_price_growth, P.network_hashrate_growth,
] as const;
/** The most months a fleet life can have: 50 years. */
export const MININGVALUE_MONTHS = Math.round(P.mining_years.max! * 12);

/**
 * The month index WATT.MININGVALUE's native form reads (0 .. 599), on the helper sheet from `helperRow`:
 * its cells and the absolute range of the indices.
 */
export function monthIndexBlock(helperSheet: string, helperRow: number): { helper: PlannedCell[]; helperRows: number; range: string } {
  const helper: PlannedCell[] = [
    { row: helperRow, col: 0, value: 'Month index read by the native form of every WATT.MININGVALUE in this workbook (month k of the fleet\'s life, k = 0 .. 599)', style: 'title' },
    { row: helperRow + 1, col: 0, value: 'k (months after the valuation month)', style: 'header' },
  ];
  const first = helperRow + 2;
  for (let k = 0; k < MININGVALUE_MONTHS; k++) helper.push({ row: first + k, col: 0, value: k, format: '0' });
  const q = quoteSheetName(helperSheet);
  return { helper, helperRows: MININGVALUE_MONTHS + 3, range: `${q}!$A$${first + 1}:$A$${first + MININGVALUE_MONTHS}` };
}

/**
 * The native form of WATT.MININGVALUE (src/core/sotp.ts miningValue): the mine path of WATT.PATHS on
 * hashrate x efficiency MW, no refresh, no terminal value, curtailed in months of negative margin, over
 * round(years x 12) months, discounted monthly: one SUMPRODUCT over the month index `indexRange`, each
 * month in the core's order of operations (WATT.PROJECTION's month; the halving count capped at 64 by
 * arithmetic, since IF does not work element by element inside SUMPRODUCT in Excel before 365).
 */
export function miningValueNative(indexRange: string): NativeForm {
  return nativeForm([...MININGVALUE_SPECS], (hr, eff, pp, price, nh, sd, yrs, dr, fees, up, pool, oc, pg, ng) => {
    const H = `MAX(1,INT(${yrs}*12+0.5))`;
    const R = indexRange;
    const kk = `(${R}*(${R}<${H}))`;
    const date = `DATE(YEAR(${sd}),MONTH(${sd})+${kk},1)`;
    const days = `(DATE(YEAR(${sd}),MONTH(${sd})+${kk}+1,1)-${date})`;
    const halvings = `INT((${REF_HEIGHT}+FLOOR((${date}-${literal(REF_DATE)})*1440/${BLOCK_MINUTES}+1E-9,1))/210000)`;
    const subsidy = `(${halvings}<64)*(INT(5000000000/2^(${halvings}*(${halvings}<64)))/100000000)`;
    const site = `(${hr}*${eff})`;
    const value = `144*(${subsidy}+${fees})/(${nh}*(1+${ng})^(${kk}/12)*1000)`;
    const btc = `${value}*(${site}*1000/${eff}*${up})*${days}*(1-${pool})`;
    const revenue = `${btc}*(${price}*(1+${pg})^(${kk}/12))`;
    const X = `${site}*${up}*24`;
    const gm = `(${revenue}-${X}*${days}*1000*${pp}-${X}*${days}*${oc})`;
    const npv = `SUMPRODUCT((${R}<${H})*(${gm}>0)*${gm}*(1+${dr})^(-(${kk}+1)/12))`;
    const lastDay = `DATE(YEAR(${sd}),MONTH(${sd})+MAX(${H},12),1)-1`;
    return `IF(${hr}=0,0,IF(OR(${site}<=0,${lastDay}>${LAST_SERIAL}),${NATIVE_VALUE_ERROR},${npv}))`;
  });
}
