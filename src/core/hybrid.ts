/**
 * A hybrid site (WATT.HYBRID, WATT.HYBRIDTABLE): one site of site_mw converted to AI halls in phases
 * while the MW not yet converted keep mining. Every flow comes from WATT.PATHS's kernels
 * (src/core/paths.ts), with its timeline, conventions and terminal values; nothing of mining, lease or
 * cloud is computed here, only who runs which MW when.
 *
 * Phases. A range of rows, each: start, mw, kind, then optional overrides of the assumptions for that
 * phase: lease_rent (USD per kW of critical IT per month; for a cloud phase, the market rent its hall is
 * valued at at the horizon), gpu_hour_price (USD per GPU-hour, cloud), capex_per_w (USD per W of
 * critical IT: conversion_capex of a lease phase, cloud_capex of a cloud phase, GPUs included) and
 * conversion_months (months of works). A blank override takes the assumption; blank rows are ignored; a
 * first row of text is a header unless its kind cell is a kind (then it is a phase typed as text: #VALUE!). start is either a month index, a whole number from 0 to 599 (0 = the
 * start month, 12 = a year later), or an Excel date on or after start_date, snapped to the 1st of its
 * month (no date is below 39816, 2009-01-03, so the two never meet). A phase must start within the
 * horizon (month < 12 x years).
 *
 * Blocks. Each phase is a block of mw MW of site power, itself a PATHS lease or cloud path of that size
 * (site_mw = mw, the phase's overrides on the assumptions), started at its month s: its capex at the
 * start of month s, its construction for conversion_months, its flows shifted by s months and its
 * horizon cut to H - s, so its terminal value falls at the site's horizon H on PATHS' basis. Phases of
 * the same start, kind and terms are one block (flows are proportional to MW, so splitting a phase in
 * two changes nothing).
 *
 * Mining. The MW no block has taken keep mining: PATHS' mine kernel on the site's WATT.PROJECTION
 * months, times the share of site_mw still mining each month (revenue, power and other costs alike;
 * curtail as PATHS: a month of negative gross margin is switched off, for the whole fleet). A block
 * stops mining when its works start (mine_during_build = "no", default: a hall is emptied to be
 * rebuilt) or when it is in service (mine_during_build = "yes"). The miners a block frees are sold at
 * the start of the month they stop for miner_resale USD per TH/s (default 0: worth nothing, as PATHS'
 * lease and cloud paths assume for the fleet they retire). A fleet refresh (every miner_life years)
 * buys the fleet of the MW mining that month; at the horizon the last fleet is valued at book for the
 * MW still mining.
 *
 * Scenarios, on the same inputs: hybrid (the phases as given), mine (no phase: PATHS' mine path) and
 * convert_now (every phase started at month 0: the same conversions without waiting; with phases that
 * sum to site_mw, the whole site converted now). With one phase of all site_mw at month 0, the hybrid
 * equals PATHS' lease or cloud path exactly; with none, its mine path.
 *
 * Metrics (rows of WATT.HYBRID): npv (USD at the start date, PATHS' monthly discounting), npv_vs_mine
 * (npv less the mine scenario's), irr (annual; "n/a" when the flows start with income, as PATHS),
 * irr_vs_mine (IRR of the flows less the mine scenario's: the return on converting instead of mining;
 * "n/a" for the mine column), payback_years (PATHS' rule), value_per_w (npv per W of site power),
 * conversion_capex (undiscounted conversion outlays of all blocks, shells and first GPUs), refresh_capex
 * (later miner and GPU purchases), terminal_value (credited at H).
 *
 * Financing. Unlevered: every flow is the site's, before debt; the financing of a phase is not
 * modelled yet.
 *
 * Table (WATT.HYBRIDTABLE): one row per month of the horizon, then a total row. MW columns are the
 * month's state: mw_mining, mw_building (blocks whose works have started and are not in service; with
 * mine_during_build they also count in mw_mining), mw_lease, mw_cloud (blocks in service, a lease
 * counted after its term ends too: converted MW). Money columns (USD) are the month's flows by line:
 * capex, asset_sales and the prepayment received are paid at the month's start, the rest at its end
 * (PATHS' timing: NPV discounts each at its own time); cash_flow is their sum, and the column sums are
 * the sums of the site's flows.
 */
import { Catalog } from './assumptions';
import { excelYmd, isoDate } from './dates';
import { D, Dec } from './decimal';
import { isError, Messages, Result, valueError } from './errors';
import { as, checkNumber, isEmpty, NumberSpec, P } from './params';
import {
  cloudFlows, emptyLines, evaluatePath, FlowLine, FlowLines, leaseFlows, lifeMonths, mineFlowsFromMonths, monthStartsFor,
  PathFlows, PathInputs, PathResult, PATHS_CATALOG, PATHS_YES_NO, readPathInputs, START_LINES,
} from './paths';
import { MonthRow, projectMonths, TableCell } from './projection';

export const HYBRID_CATALOG: Catalog = { ...PATHS_CATALOG, miner_resale: P.miner_resale, mine_during_build: P.mine_during_build };
export const HYBRID_YES_NO: readonly string[] = [...PATHS_YES_NO, 'mine_during_build'];

export interface HybridInputs extends PathInputs {
  miner_resale: number;
  mine_during_build: number;
}

export const PHASE_KINDS = ['lease', 'cloud'] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];
/** The phases range's columns, in order (the last four optional). */
export const PHASE_COLUMNS = ['start', 'mw', 'kind', 'lease_rent', 'gpu_hour_price', 'capex_per_w', 'conversion_months'] as const;
const OVERRIDES = ['lease_rent', 'gpu_hour_price', 'capex_per_w', 'conversion_months'] as const;
type Override = (typeof OVERRIDES)[number];

export interface Phase {
  /** Row in the range, 1-based (a header counts). */
  row: number;
  /** Month index from the start month. */
  start: number;
  mw: number;
  kind: PhaseKind;
  lease_rent?: number;
  gpu_hour_price?: number;
  capex_per_w?: number;
  conversion_months?: number;
}

export const HYBRID_SCENARIOS = ['hybrid', 'mine', 'convert_now'] as const;
export type HybridScenario = (typeof HYBRID_SCENARIOS)[number];
export const HYBRID_METRICS = [
  'npv', 'npv_vs_mine', 'irr', 'irr_vs_mine', 'payback_years', 'value_per_w', 'conversion_capex', 'refresh_capex', 'terminal_value',
] as const;
export type HybridMetric = (typeof HYBRID_METRICS)[number];
export const HYBRID_TABLE_COLUMNS = [
  'month', 'date', 'mw_mining', 'mw_building', 'mw_lease', 'mw_cloud', 'mining_revenue', 'lease_revenue', 'cloud_revenue',
  'operating_cost', 'prepayment', 'capex', 'asset_sales', 'terminal_value', 'cash_flow',
] as const;

const MONTHS_PER_YEAR = 12;
/** Month indexes stop here; a start at or above it is a date (start_date is at least 39816). */
const MAX_MONTH_INDEX = 600;
const ARG = 'phases';

export function readHybridInputs(range: unknown[][]): Result<HybridInputs> {
  return readPathInputs(range, HYBRID_CATALOG, HYBRID_YES_NO) as Result<HybridInputs>;
}

const OVERRIDE_SPECS: Record<Override, NumberSpec> = {
  lease_rent: P.lease_rent,
  gpu_hour_price: P.path_gpu_hour_price,
  capex_per_w: as(P.conversion_capex, 'capex_per_w', { unit: 'USD per W of critical IT (cloud: GPUs included)' }),
  conversion_months: P.conversion_months,
};

const blank = (v: unknown) => isEmpty(v) || (typeof v === 'string' && v.trim() === '');

/** Month index of a phase's start (a month index or a date), or #VALUE! naming the row, the unit and the range. */
function startMonth(raw: unknown, row: number, a: PathInputs, horizon: number): Result<number> {
  const first = excelYmd(a.start_date);
  const lastIndex = horizon - 1;
  const y = first.year + Math.floor((first.month - 1 + lastIndex) / 12);
  const mth = ((first.month - 1 + lastIndex) % 12) + 1;
  const accepted = `a month index from 0 to ${lastIndex} (months after the start month) or an Excel date from start_date (${isoDate(a.start_date).slice(0, 7)}) to the horizon's last month (${String(y).padStart(4, '0')}-${String(mth).padStart(2, '0')})`;
  const name = `${ARG} row ${row} start`;
  if (blank(raw)) return valueError(Messages.required(name, accepted));
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return valueError(Messages.notANumber(name, accepted, raw));
  let index: number;
  if (raw < MAX_MONTH_INDEX) {
    if (!Number.isInteger(raw) || raw < 0) return valueError(Messages.outOfRange(name, accepted, raw));
    index = raw;
  } else {
    // A date out of range is named as a date too: the cell shows 2025-12-31, not its serial.
    const outOfRange = () => valueError(Messages.outOfRange(name, accepted, raw).replace(/\)$/, `, the date ${isoDate(raw)})`));
    if (raw < a.start_date - (first.day - 1)) return outOfRange();
    const d = excelYmd(raw);
    index = (d.year - first.year) * 12 + (d.month - first.month);
    if (index > lastIndex) return outOfRange();
  }
  if (index > lastIndex) return valueError(Messages.outOfRange(name, accepted, raw));
  return index;
}

/**
 * The phases range, checked: 3 to 7 columns (PHASE_COLUMNS), an optional header row of text, blank
 * rows ignored; every message names the row and the column, with the unit and the accepted range.
 * All blank (or an omitted argument): no phase.
 */
export function readPhases(range: unknown, a: PathInputs, horizon: number): Result<Phase[]> {
  if (blank(range)) return [];
  if (!Array.isArray(range) || !range.every((r) => Array.isArray(r))) return valueError(Messages.phasesShape(0));
  const rows = range as unknown[][];
  if (rows.every((r) => r.every(blank))) return [];
  const columns = Math.max(...rows.map((r) => r.length));
  if (columns < 3 || columns > PHASE_COLUMNS.length) return valueError(Messages.phasesShape(columns));
  const phases: Phase[] = [];
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const row = i + 1;
    if (r.every(blank)) continue;
    // A header: a first row of text whose kind cell is not a kind (a phase typed as text, "12", "100",
    // "lease", is a phase, and its text start an error, not a header silently skipped).
    const isKind = typeof r[2] === 'string' && PHASE_KINDS.includes(r[2].trim().toLowerCase() as PhaseKind);
    if (i === 0 && !isKind && r.every((v) => blank(v) || typeof v === 'string')) continue;
    const start = startMonth(r[0], row, a, horizon);
    if (isError(start)) return start;
    const mw = checkNumber(as(P.site_mw, `${ARG} row ${row} mw`, { unit: 'MW of site power converted', minExclusive: false }), r[1]);
    if (isError(mw)) return mw;
    const kindRaw = r[2];
    if (typeof kindRaw !== 'string' || !PHASE_KINDS.includes(kindRaw.trim().toLowerCase() as PhaseKind)) {
      if (typeof kindRaw === 'string' || blank(kindRaw)) return valueError(Messages.unknownChoice(`${ARG} row ${row} kind`, blank(kindRaw) ? '' : String(kindRaw), PHASE_KINDS.join(', ')));
      return valueError(Messages.choiceNotText(ARG, `row ${row} kind`, PHASE_KINDS.join(', '), kindRaw));
    }
    const phase: Phase = { row, start, mw, kind: kindRaw.trim().toLowerCase() as PhaseKind };
    for (let c = 0; c < OVERRIDES.length; c++) {
      const raw = r[3 + c];
      if (blank(raw)) continue;
      const key = OVERRIDES[c];
      const value = checkNumber({ ...OVERRIDE_SPECS[key], name: `${ARG} row ${row} ${key}`, default: undefined }, raw);
      if (isError(value)) return value;
      phase[key] = value;
    }
    // A price the phase would not use is refused, never silently ignored.
    if (phase.kind === 'lease' && phase.gpu_hour_price !== undefined) return valueError(Messages.gpuPriceOnLease(row, phase.gpu_hour_price));
    if (phase.kind === 'cloud' && phase.capex_per_w !== undefined && phase.capex_per_w < a.conversion_capex) {
      return valueError(Messages.atLeast(`${ARG} row ${row} capex_per_w of a cloud phase`, 'USD per W', 'conversion_capex', a.conversion_capex, phase.capex_per_w));
    }
    total += mw;
    phases.push(phase);
  }
  if (total > a.site_mw * (1 + 1e-12)) return valueError(Messages.phasesAboveSite(total, a.site_mw));
  return phases;
}

/** One block: the PATHS inputs of its MW and terms, its start, the month it stops mining and the month it is in service. */
interface Block {
  kind: PhaseKind;
  start: number;
  mw: number;
  a: PathInputs;
  stopMining: number;
  inService: number;
}

/** Phases of the same start, kind and terms merged into blocks (flows are proportional to MW). */
function toBlocks(a: HybridInputs, phases: readonly Phase[]): Block[] {
  const byKey = new Map<string, Block>();
  for (const p of phases) {
    if (!(p.mw > 0)) continue;
    const key = [p.start, p.kind, ...OVERRIDES.map((o) => p[o] ?? '')].join('|');
    const found = byKey.get(key);
    if (found) {
      found.mw += p.mw;
      found.a.site_mw = found.mw;
      continue;
    }
    const terms: PathInputs = { ...a, site_mw: p.mw };
    if (p.lease_rent !== undefined) terms.lease_rent = p.lease_rent;
    if (p.gpu_hour_price !== undefined) terms.gpu_hour_price = p.gpu_hour_price;
    if (p.conversion_months !== undefined) terms.conversion_months = p.conversion_months;
    if (p.capex_per_w !== undefined) {
      if (p.kind === 'lease') terms.conversion_capex = p.capex_per_w;
      else terms.cloud_capex = p.capex_per_w;
    }
    const inService = p.start + terms.conversion_months;
    byKey.set(key, { kind: p.kind, start: p.start, mw: p.mw, a: terms, inService, stopMining: a.mine_during_build === 1 ? inService : p.start });
  }
  return [...byKey.values()];
}

/** One scenario's flows (and lines by kind when asked). */
interface SiteFlows extends PathFlows {
  miningMw: Float64Array;
  lines?: Record<'mine' | PhaseKind, FlowLines>;
}

function siteFlows(a: HybridInputs, blocks: readonly Block[], horizon: number, rows: readonly MonthRow[], starts: readonly number[], withLines: boolean): SiteFlows {
  const miningMw = new Float64Array(horizon);
  const share = new Float64Array(horizon);
  for (let m = 0; m < horizon; m++) {
    let mw = a.site_mw;
    for (const b of blocks) if (b.stopMining <= m) mw -= b.mw;
    miningMw[m] = Math.max(0, mw);
    share[m] = miningMw[m] / a.site_mw;
  }
  const lines = withLines ? { mine: emptyLines(horizon), lease: emptyLines(horizon), cloud: emptyLines(horizon) } : undefined;
  const mine = mineFlowsFromMonths(a, rows, horizon, { share, resale: a.miner_resale }, lines?.mine);
  const flows = mine.flows.slice();
  let capex = D(0);
  let refresh = mine.refreshCapex;
  let terminal = mine.terminalValue;
  for (const b of blocks) {
    const h = horizon - b.start;
    const blockLines = lines ? emptyLines(h) : undefined;
    const f = (b.kind === 'lease' ? leaseFlows : cloudFlows)(b.a, h, starts.slice(b.start), blockLines);
    for (let k = 0; k <= h; k++) flows[b.start + k] = flows[b.start + k].plus(f.flows[k]);
    if (lines && blockLines) {
      const into = lines[b.kind];
      for (const line of Object.keys(blockLines) as FlowLine[]) {
        for (let k = 0; k <= h; k++) if (!blockLines[line][k].isZero()) into[line][b.start + k] = into[line][b.start + k].plus(blockLines[line][k]);
      }
    }
    capex = capex.plus(f.capex);
    refresh = refresh.plus(f.refreshCapex);
    terminal = terminal.plus(f.terminalValue);
  }
  return { flows, capex, refreshCapex: refresh, terminalValue: terminal, firstYearRevenue: D(0), firstYearEbitda: D(0), firstYearHours: 0, miningMw, lines };
}

interface Prepared {
  a: HybridInputs;
  phases: Phase[];
  horizon: number;
  rows: MonthRow[];
  starts: number[];
}

/** Reads and checks everything, and computes the projection months and the calendar all scenarios share. */
function prepare(assumptions: unknown[][], phasesRange: unknown, years: number): Result<Prepared> {
  const a = readHybridInputs(assumptions);
  if (isError(a)) return a;
  const horizon = years * MONTHS_PER_YEAR;
  const phases = readPhases(phasesRange, a, horizon);
  if (isError(phases)) return phases;
  const rows = projectMonths(a, Math.max(horizon, MONTHS_PER_YEAR));
  if (isError(rows)) return rows;
  // Calendar for every block: PATHS' span (horizon, first operating year, first GPU contract) from its start.
  let span = horizon;
  for (const p of phases) {
    const c = p.conversion_months ?? a.conversion_months;
    span = Math.max(span, p.start + Math.max(horizon - p.start, c + MONTHS_PER_YEAR, c + lifeMonths(a.gpu_life)));
  }
  span = Math.max(span, a.conversion_months + MONTHS_PER_YEAR, a.conversion_months + lifeMonths(a.gpu_life));
  const starts = monthStartsFor(a.start_date, span);
  if (isError(starts)) return starts;
  return { a, phases, horizon, rows, starts };
}

export interface HybridResult {
  scenarios: Record<HybridScenario, SiteFlows & PathResult>;
  /** Each scenario's flows less the mine scenario's, evaluated (the mine column's is absent). */
  versusMine: Record<'hybrid' | 'convert_now', PathResult>;
  siteMw: number;
}

/** The three scenarios of a hybrid site, evaluated. */
export function hybridSite(assumptions: unknown[][], phasesRange: unknown, years: number): Result<HybridResult> {
  const p = prepare(assumptions, phasesRange, years);
  if (isError(p)) return p;
  const { a, phases, horizon, rows, starts } = p;
  const run = (ph: readonly Phase[]) => {
    const f = siteFlows(a, toBlocks(a, ph), horizon, rows, starts, false);
    return { ...f, ...evaluatePath(f, a.discount_rate) };
  };
  const hybrid = run(phases);
  const now = phases.map((x) => ({ ...x, start: 0 }));
  const scenarios = {
    hybrid,
    mine: phases.length === 0 ? hybrid : run([]),
    // the same phases all at month 0 are the same scenario
    convert_now: phases.every((x) => x.start === 0) ? hybrid : run(now),
  };
  const versus = (s: SiteFlows): PathResult => {
    const diff = s.flows.map((f, k) => f.minus(scenarios.mine.flows[k]));
    return evaluatePath({ ...s, flows: diff }, a.discount_rate);
  };
  return { scenarios, versusMine: { hybrid: versus(scenarios.hybrid), convert_now: versus(scenarios.convert_now) }, siteMw: a.site_mw };
}

function metric(name: HybridMetric, scenario: HybridScenario, r: HybridResult): TableCell {
  const s = r.scenarios[scenario];
  switch (name) {
    case 'npv':
      return s.npv;
    case 'npv_vs_mine':
      return scenario === 'mine' ? 0 : s.npv - r.scenarios.mine.npv;
    case 'irr':
      return s.irr;
    case 'irr_vs_mine':
      return scenario === 'mine' ? 'n/a' : r.versusMine[scenario].irr;
    case 'payback_years':
      return s.payback;
    case 'value_per_w':
      return s.npv / (r.siteMw * 1e6);
    case 'conversion_capex':
      return s.capex.toNumber();
    case 'refresh_capex':
      return s.refreshCapex.toNumber();
    case 'terminal_value':
      return s.terminalValue.toNumber();
  }
}

/** WATT.HYBRID's table: header (metric, hybrid, mine, convert_now), then one row per metric of HYBRID_METRICS. */
export function hybridTable(assumptions: unknown[][], phasesRange: unknown, years: number): Result<TableCell[][]> {
  const r = hybridSite(assumptions, phasesRange, years);
  if (isError(r)) return r;
  return [['metric', ...HYBRID_SCENARIOS], ...HYBRID_METRICS.map((name) => [name, ...HYBRID_SCENARIOS.map((s) => metric(name, s, r))])];
}

/** WATT.HYBRIDTABLE: the hybrid scenario month by month (HYBRID_TABLE_COLUMNS), then a total row. */
export function hybridMonthTable(assumptions: unknown[][], phasesRange: unknown, years: number): Result<TableCell[][]> {
  const p = prepare(assumptions, phasesRange, years);
  if (isError(p)) return p;
  const { a, phases, horizon, rows, starts } = p;
  const blocks = toBlocks(a, phases);
  const site = siteFlows(a, blocks, horizon, rows, starts, true);
  const lines = site.lines!;
  const kinds = ['mine', 'lease', 'cloud'] as const;
  // A line's amount in month j: start-of-month lines at index j, the others at j + 1.
  const at = (line: FlowLine, j: number, only?: (typeof kinds)[number]): Dec => {
    const k = START_LINES.includes(line) ? j : j + 1;
    let sum = D(0);
    for (const kind of only ? [only] : kinds) sum = sum.plus(lines[kind][line][k]);
    return sum;
  };
  const moneyColumns = HYBRID_TABLE_COLUMNS.slice(6);
  const totals = moneyColumns.map(() => D(0));
  const out: TableCell[][] = [[...HYBRID_TABLE_COLUMNS]];
  for (let j = 0; j < horizon; j++) {
    let building = 0;
    let lease = 0;
    let cloud = 0;
    for (const b of blocks) {
      if (b.start <= j && j < b.inService) building += b.mw;
      else if (j >= b.inService) {
        if (b.kind === 'lease') lease += b.mw;
        else cloud += b.mw;
      }
    }
    const money: Dec[] = [
      at('revenue', j, 'mine'),
      at('revenue', j, 'lease'),
      at('revenue', j, 'cloud'),
      at('operating_cost', j),
      at('prepayment_in', j).plus(at('prepayment_out', j)),
      at('capex', j),
      at('asset_sales', j),
      at('terminal_value', j),
    ];
    money.push(money.reduce((s, x) => s.plus(x), D(0)));
    money.forEach((x, i) => (totals[i] = totals[i].plus(x)));
    out.push([j + 1, starts[j], site.miningMw[j], building, lease, cloud, ...money.map((x) => x.toNumber())]);
  }
  out.push(['total', '', '', '', '', '', ...totals.map((x) => x.toNumber())]);
  return out;
}
