/**
 * WATT.HYBRID and WATT.HYBRIDTABLE as a native formula block (the `native` mode of the writer and of `watt
 * recalc`), like WATT.PATHS's (paths-native.ts), whose pieces it reuses: the assumption rows
 * (assumptionRows, with WATT.HYBRID's two extra names), the mine month (mineMonthFormulas) and the IRR scan
 * (irrGridRows, irrRefineRows, irrSummaryFormulas). A recipient who changes an assumption, a phase's start,
 * MW, kind or override, or the horizon, in Excel or LibreOffice, gets the new tables, never the export's.
 * One helper block serves both tables on the same arguments (hybridHelper; native-blocks.ts shares it).
 *
 * What is written on the helper sheet, for `WATT.HYBRID(assumptions, phases[, years])` or WATT.HYBRIDTABLE:
 *  - The assumptions, checked as WATT.HYBRID checks them (PATHS' 34 names, miner_resale, mine_during_build
 *    as "yes"/"no" or 1/0): any #VALUE! makes every cell of the tables #VALUE!.
 *  - The phases, one column per row of the phases range (its row count is fixed at export): blank rows
 *    and a first row of text (a header) are ignored, as the function ignores them; every other row is
 *    checked as src/core/hybrid.ts readPhases checks it (start a month index 0..599 or a date on or after
 *    start_date's month, within the horizon; mw a number >= 0; kind "lease" or "cloud"; the overrides in
 *    their ranges; a gpu_hour_price on a lease phase, a cloud capex_per_w below conversion_capex, phases
 *    adding up to more than site_mw: each #VALUE!). Then each phase's PATHS lease or cloud path of its MW
 *    and terms: its capex, GPU cost and resale, rent, and for each scenario (the hybrid, and convert_now:
 *    every phase from month 0) its horizon cut at H - start, its terminal value, the cloud prepayment
 *    received at its start and what is owed after H, the months it stops mining and opens.
 *  - One row per month index k = 0..600 (the longest horizon, 50 years): WATT.PROJECTION's month and the
 *    fleet's purchases (as in the PATHS block); per scenario the MW still mining and their share, the
 *    mine's flows times that share (miners freed sold at miner_resale, refreshes for the share mining,
 *    the last fleet's book value for the share mining at H), each phase's revenue, prepaid credit and GPU
 *    refresh at index k (its local month k - start) and the site's lines; month k's row of the month table
 *    (start-of-month lines at index k, the rest at k + 1, as the core's WATT.HYBRIDTABLE); the five series
 *    (hybrid, mine = PATHS' mine path, convert_now, and the two less mine) with their cumulative flows.
 *  - The IRR scan of the five series and their npv, payback, irr; each scenario's outlays and terminal value.
 *
 * The month table: its header, then from the spill's first row down to as many rows as are empty below
 * it (at most 601: 600 months and the total): month j's row while j < H, the total row at j = H, "" below.
 * The metric table: header, then one row per metric of HYBRID_METRICS.
 *
 * Pure: no engine, no ExcelJS. The caller resolves argument texts to absolute references and writes the
 * cells (write.ts, recalc.ts through native-blocks.ts).
 */
import { HYBRID_CATALOG, HYBRID_METRICS, HYBRID_SCENARIOS, HYBRID_TABLE_COLUMNS, HYBRID_YES_NO } from '../core/hybrid';
import { expectation, P } from '../core/params';
import { columnLetters, quoteSheetName } from '../templates/plan';
import { literal, NATIVE_VALUE_ERROR } from '../functions/_lib/native';
import { findWattCalls } from './formula';
import { assumptionRows, irrGridRows, irrRefineRows, irrSummaryFormulas, MINE_MONTH_COLUMNS, mineMonthFormulas, MineMonthColumn, PathsKnown } from './paths-native';
import { helperHeading, type PlannedCell, type ProjectionBlock, type ResolvedBlock } from './projection-native';

/** The longest horizon (50 years) in months: the month rows run k = 0 .. HYBRID_LAST_MONTH. */
export const HYBRID_LAST_MONTH = P.years.max! * 12;
/**
 * The most rows a phases range written natively can have (each adds six columns of month rows): a longer
 * one stays guarded values, so the block stays bounded (24 phase rows: about 200 columns by 601 rows).
 */
export const HYBRID_MAX_PHASE_ROWS = 24;
/** The most data rows of a HYBRIDTABLE block: 600 months and the total row. */
export const HYBRID_TABLE_MAX_ROWS = HYBRID_LAST_MONTH + 1;
const LAST_SERIAL = 2958465;
const E = NATIVE_VALUE_ERROR;
/** Month indexes stop here; a start at or above it is a date (src/core/hybrid.ts). */
const MAX_MONTH_INDEX = 600;

/** The argument texts of a formula that is exactly one WATT.HYBRID or WATT.HYBRIDTABLE call (years "10" when left out), else undefined. */
export function hybridArgs(formula: string): { id: 'HYBRID' | 'HYBRIDTABLE'; assumptions: string; phases: string; years: string } | undefined {
  const text = formula.replace(/^=/, '');
  const calls = findWattCalls(text);
  if (calls.length !== 1 || (calls[0].id !== 'HYBRID' && calls[0].id !== 'HYBRIDTABLE') || calls[0].args.length < 2 || calls[0].args.length > 3) return undefined;
  if (text.trim() !== text.slice(calls[0].start, calls[0].end).trim()) return undefined;
  const years = calls[0].args[2]?.trim();
  return { id: calls[0].id, assumptions: calls[0].args[0], phases: calls[0].args[1], years: years === undefined || years === '' ? String(P.years.default!) : years };
}

/** Where a HYBRIDTABLE is and what it reads, resolved by the caller. */
export interface HybridCall {
  sheet: string;
  row: number;
  col: number;
  /** The assumptions' name and value columns, absolute and sheet-qualified. */
  names: string;
  values: string;
  /** The phases range (3 to 7 columns). */
  phases: ResolvedBlock;
  /** The years argument: a number literal, or an absolute sheet-qualified cell. */
  years: string;
  /** Data rows to write below the header (months and the total row; at most 601). */
  rows: number;
  formula: string;
}

const OVERRIDES = [
  ['lease_rent', P.lease_rent, 'USD per kW of critical IT per month'],
  ['gpu_hour_price', P.path_gpu_hour_price, 'USD per GPU-hour'],
  ['capex_per_w', P.conversion_capex, 'USD per W of critical IT (cloud: GPUs included)'],
  ['conversion_months', P.conversion_months, 'months'],
] as const;

/** The helper block of a hybrid site (its checks, phases, scenarios' monthly flows and metrics), and the two tables that read it. */
export interface HybridHelper {
  helper: PlannedCell[];
  helperRows: number;
  /** The cells of a WATT.HYBRID (metric) or WATT.HYBRIDTABLE (month) table at `at` (rows: its data rows, for the month table). */
  tableFor(id: 'HYBRID' | 'HYBRIDTABLE', at: { row: number; col: number; rows: number }): PlannedCell[];
  note: string;
}

/** The native block of one WATT.HYBRIDTABLE (helper and table). */
export function hybridTableBlock(call: HybridCall, helperSheet: string, helperRow: number, known?: PathsKnown): ProjectionBlock {
  const b = hybridHelper(call, helperSheet, helperRow, known);
  return { helper: b.helper, helperRows: b.helperRows, table: b.tableFor('HYBRIDTABLE', call), total: () => undefined, note: b.note };
}

/** The native block of one WATT.HYBRID (helper and metric table). */
export function hybridMetricBlock(call: Omit<HybridCall, 'rows'>, helperSheet: string, helperRow: number, known?: PathsKnown): ProjectionBlock {
  const b = hybridHelper(call, helperSheet, helperRow, known);
  return { helper: b.helper, helperRows: b.helperRows, table: b.tableFor('HYBRID', { ...call, rows: HYBRID_METRICS.length }), total: () => undefined, note: b.note };
}

/**
 * The helper block of a hybrid site: helper cells from `helperRow` (0-based) on `helperSheet`.
 * (`monthHeader`: where the month rows start, found by a first pass.)
 */
export function hybridHelper(call: Omit<HybridCall, 'rows'>, helperSheet: string, helperRow: number, known?: PathsKnown, monthHeader?: number): HybridHelper {
  const helper: PlannedCell[] = [];
  const h = (row: number, col: number) => `${quoteSheetName(helperSheet)}!$${columnLetters(col + 1)}$${row + 1}`;
  const a = (row: number, col: number) => `$${columnLetters(col + 1)}$${row + 1}`;
  const N = call.names;
  const V = call.values;
  let r = helperHeading(helper, helperRow, call, 'The assumptions and phases the tables read, checked as WATT.HYBRID and WATT.HYBRIDTABLE check them: any #VALUE! below makes every cell of the tables #VALUE!. The phases, the three scenarios\' monthly flows, their metrics and the IRR scan follow below.');
  const checks = assumptionRows(helper, r, N, V, HYBRID_CATALOG, HYBRID_YES_NO, known);
  const { first, last, at } = checks;
  r = checks.next;
  const scalar = (label: string, formula: string, unit: string, note?: string, format = 'General'): string => {
    helper.push({ row: r, col: 0, value: label, style: 'label' });
    helper.push({ row: r, col: 1, formula, style: 'output', format });
    helper.push({ row: r, col: 2, value: unit, style: 'label' });
    if (note) helper.push({ row: r, col: 3, value: note, style: 'label' });
    return a(r++, 1);
  };
  const unknown = scalar('Names WATT.HYBRID does not know, and values without a name',
    `IF(SUMPRODUCT(--(TRIM(${N})<>""))-SUM(${a(first, 5)}:${a(last, 5)})+SUMPRODUCT((TRIM(${N})="")*(${V}<>""))=0,0,${E})`, '', 'must be 0 (a name or value the function would refuse is #VALUE!)', '0');
  const cloudCheck = scalar('cloud_capex at least conversion_capex', `IF(${at.cloud_capex}<${at.conversion_capex},${E},0)`, '', 'must be 0', '0');
  const y = call.years;
  const years = scalar('years', `IF(OR(NOT(ISNUMBER(${y})),${y}<${P.years.min},${y}>${P.years.max},${y}<>INT(${y})),${E},${y})`, 'years', `${expectation(P.years)}, a whole number (the third argument)`, '0');
  const hRow = r;
  const H = scalar('Horizon H', `${years}*12`, 'months', undefined, '0');
  const start = at.start_date;
  const everyMine = scalar('Fleet life', `MAX(1,INT(${at.miner_life}*12+0.5))`, 'months', 'miner_life x 12, rounded, at least 1', '0');
  const everyGpu = scalar('GPU life', `MAX(1,INT(${at.gpu_life}*12+0.5))`, 'months', 'gpu_life x 12, rounded, at least 1', '0');
  const X = scalar('Energy per day (site_mw x uptime x 24)', `${at.site_mw}*${at.uptime}*24`, 'MWh per day');
  const SH = scalar('Site hashrate (site_mw x 1000 / efficiency x uptime)', `${at.site_mw}*1000/${at.efficiency}*${at.uptime}`, 'PH/s');
  const fleetCost = scalar('Replacement fleet, whole site (mining_capex x site_mw x 10^6 / efficiency)', `${at.mining_capex}*(${at.site_mw}*1000000/${at.efficiency})`, 'USD', undefined, '#,##0');
  const fleetResale = scalar('Miners resold, whole site (miner_resale x site_mw x 10^6 / efficiency)', `${at.miner_resale}*(${at.site_mw}*1000000/${at.efficiency})`, 'USD', undefined, '#,##0');
  const termRaw = `${at.lease_term}*12`;
  const term = scalar('Lease term', `IF(ABS(${termRaw}-ROUND(${termRaw},0))<1E-9,ROUND(${termRaw},0),${termRaw})`, 'months', 'lease_term x 12 (within 1e-9 of a whole month: that month)');
  const stub = scalar('Stub month fraction', `${term}-INT(${term})`, 'month');
  const leaseMonths = scalar('Lease months (a stub counts)', `IF(${stub}=0,INT(${term}),INT(${term})+1)`, 'months', undefined, '0');

  // The phases: one column per row of the phases range (B = its first row).
  const ph = call.phases;
  const P_ = ph.bottom - ph.top + 1;
  const width = ph.right - ph.left + 1;
  const q = quoteSheetName(ph.sheet);
  const raw = (i: number, c: number) => (c < width ? `${q}!$${columnLetters(ph.left + c + 1)}$${ph.top + i + 1}` : undefined);
  const rowRange = (i: number) => `${q}!$${columnLetters(ph.left + 1)}$${ph.top + i + 1}:$${columnLetters(ph.right + 1)}$${ph.top + i + 1}`;
  r++;
  const phaseHeader = r++;
  helper.push({ row: phaseHeader, col: 0, value: 'Phases (one column per row of the phases range)', style: 'header' });
  for (let i = 0; i < P_; i++) helper.push({ row: phaseHeader, col: 1 + i, value: `row ${i + 1}`, style: 'header' });
  helper.push({ row: phaseHeader, col: 1 + P_, value: 'Unit', style: 'header' });
  /** A row of per-phase quantities; returns its row index. */
  const prow = (label: string, unit: string, formula: (i: number, c: (row: number) => string) => string, format = 'General'): number => {
    const row = r++;
    helper.push({ row, col: 0, value: label, style: 'label' });
    for (let i = 0; i < P_; i++) helper.push({ row, col: 1 + i, formula: formula(i, (x) => a(x, 1 + i)), style: 'output', format });
    helper.push({ row, col: 1 + P_, value: unit, style: 'label' });
    return row;
  };
  const across = (row: number) => `${a(row, 1)}:${a(row, P_)}`;
  const isBlank = prow('Blank row (ignored)', '1 = blank', (i) => `IF(SUMPRODUCT(--(TRIM(${rowRange(i)})<>""))=0,1,0)`, '0');
  const kindText = (i: number) => `LOWER(TRIM(${raw(i, 2)}))`;
  const isKind = prow('Kind cell is a kind', '1 = "lease" or "cloud"', (i) => `IF(ISTEXT(${raw(i, 2)}),IF(OR(${kindText(i)}="lease",${kindText(i)}="cloud"),1,0),0)`, '0');
  const isHeader = prow('Header (a first row of text, not a phase)', '1 = header', (i, c) => (i === 0
    ? `IF(AND(${c(isBlank)}=0,${c(isKind)}=0,SUMPRODUCT((1-ISTEXT(${rowRange(i)}))*(TRIM(${rowRange(i)})<>""))=0),1,0)` : '0'), '0');
  const active = prow('A phase', '1 = read as a phase', (i, c) => `IF(OR(${c(isBlank)}=1,${c(isHeader)}=1),0,1)`, '0');
  const kind = prow('kind', '1 = lease, 2 = cloud', (i, c) => `IF(${c(active)}=0,1,IF(${c(isKind)}=1,IF(${kindText(i)}="lease",1,2),${E}))`, '0');
  const startIndex = prow('start read', 'month index (a date: its month after start_date\'s)', (i, c) => {
    const x = raw(i, 0)!;
    return `IF(${c(active)}=0,0,IF(TRIM(${x})="",${E},IF(NOT(ISNUMBER(${x})),${E},IF(${x}<${MAX_MONTH_INDEX},IF(OR(${x}<0,${x}<>INT(${x})),${E},${x}),IF(${x}<${start}-(DAY(${start})-1),${E},(YEAR(${x})-YEAR(${start}))*12+MONTH(${x})-MONTH(${start}))))))`;
  }, '0');
  const phStart = prow('start', 'month index (0 = the start month), within the horizon', (i, c) => `IF(${c(startIndex)}>${H}-1,${E},${c(startIndex)})`, '0');
  const mw = prow('mw', 'MW of site power converted', (i, c) => {
    const x = raw(i, 1)!;
    return `IF(${c(active)}=0,0,IF(TRIM(${x})="",${E},IF(NOT(ISNUMBER(${x})),${E},IF(${x}<0,${E},${x}))))`;
  });
  const ov: Record<string, number> = {};
  OVERRIDES.forEach(([name, spec, unit], o) => {
    ov[name] = prow(`${name} given`, `${unit} ("" = blank: the assumption); ${expectation(spec)}`, (i, c) => {
      const x = raw(i, 3 + o);
      if (x === undefined) return '""';
      const outside = [`${x}<${literal(spec.min!)}`];
      if (spec.max !== undefined) outside.push(`${x}>${literal(spec.max)}`);
      if (spec.integer) outside.push(`${x}<>INT(${x})`);
      return `IF(${c(active)}=0,"",IF(TRIM(${x})="","",IF(NOT(ISNUMBER(${x})),${E},IF(OR(${outside.join(',')}),${E},${x}))))`;
    });
  });
  const given = (name: string, fallback: string) => (i: number, c: (row: number) => string) => `IF(ISNUMBER(${c(ov[name])}),${c(ov[name])},${fallback})`;
  const termsCheck = prow('Terms check', 'must be 0 (a gpu_hour_price on a lease phase, a cloud capex_per_w below conversion_capex: #VALUE!)', (i, c) =>
    `0*(${c(kind)}+${c(phStart)}+${c(mw)}+N(${c(ov.lease_rent)})+N(${c(ov.gpu_hour_price)})+N(${c(ov.capex_per_w)})+N(${c(ov.conversion_months)}))+IF(AND(${c(kind)}=1,ISNUMBER(${c(ov.gpu_hour_price)})),${E},IF(AND(${c(kind)}=2,ISNUMBER(${c(ov.capex_per_w)})),IF(${c(ov.capex_per_w)}<${at.conversion_capex},${E},0),0))`, '0');
  const isLease = prow('Lease', '1 = lease', (i, c) => `IF(${c(kind)}=1,1,0)`, '0');
  const isCloud = prow('Cloud', '1 = cloud', (i, c) => `IF(${c(kind)}=2,1,0)`, '0');
  const leaseRent = prow('lease_rent used', 'USD per kW of critical IT per month', given('lease_rent', at.lease_rent));
  const gpuPrice = prow('gpu_hour_price used', 'USD per GPU-hour', given('gpu_hour_price', at.gpu_hour_price));
  const capexPerW = prow('capex_per_w used', 'USD per W of critical IT (lease: conversion_capex, cloud: cloud_capex)', (i, c) =>
    `IF(ISNUMBER(${c(ov.capex_per_w)}),${c(ov.capex_per_w)},IF(${c(kind)}=1,${at.conversion_capex},${at.cloud_capex}))`);
  const conv = prow('conversion_months used', 'months', given('conversion_months', at.conversion_months), '0');
  const watts = prow('Critical IT (mw x it_ratio x 10^6)', 'W', (i, c) => `${c(mw)}*${at.it_ratio}*1000000`, '#,##0');
  const capex = prow('Capex at the start (capex_per_w x IT W)', 'USD', (i, c) => `${c(capexPerW)}*${c(watts)}`, '#,##0');
  const gpuCost = prow('GPU cost ((cloud capex_per_w - conversion_capex) x IT W)', 'USD', (i, c) => `IF(${c(kind)}=2,(${c(capexPerW)}-${at.conversion_capex})*${c(watts)},0)`, '#,##0');
  const resale = prow('GPU resale (GPU cost x gpu_residual)', 'USD', (i, c) => `${c(gpuCost)}*${at.gpu_residual}`, '#,##0');
  const gpus = prow('GPUs (IT kW / kw_per_gpu)', 'GPUs', (i, c) => `(${c(watts)}/1000)/${at.kw_per_gpu}`, '#,##0.0');
  const market = prow('Market NOI (lease_rent x IT kW x lease_noi_margin)', 'USD per month', (i, c) => `${c(leaseRent)}*(${c(watts)}/1000)*${at.lease_noi_margin}`, '#,##0');
  const baseRent = prow('Lease rent, first year (lease_rent x IT MW x 1000)', 'USD per month', (i, c) => `${c(leaseRent)}*(${c(mw)}*${at.it_ratio})*1000`, '#,##0');
  const marginRatio = prow('Margin on revenue (lease_noi_margin or cloud_ebitda_margin)', 'fraction', (i, c) => `IF(${c(kind)}=1,${at.lease_noi_margin},${at.cloud_ebitda_margin})`);
  const leaseEnd = prow('Lease\'s last month (from the phase\'s start)', 'month index', (i, c) => `${c(conv)}+${leaseMonths}`, '0');
  // Month rows (placed below, found by a first pass): their k column 0..599 indexes the first GPU contract's months.
  const M = monthHeader ?? r + 1000;
  const T0 = M + 1;
  const kIndex = `${a(T0, 0)}:${a(T0 + MAX_MONTH_INDEX - 1, 0)}`;

  /** A scenario's per-phase terms that depend on its start (`startOf`): the hybrid's starts, or 0 for convert_now. */
  const scenarioTerms = (name: string, startOf: (c: (row: number) => string) => string) => {
    const Hp = prow(`${name}: phase horizon (H - start)`, 'months', (i, c) => `${H}-${startOf(c)}`, '0');
    const valuedFrom = prow(`${name}: hall valued from (the later of its horizon and its opening)`, 'month index from its start', (i, c) => `MAX(${c(Hp)},${c(conv)})`, '0');
    const opening = prow(`${name}: discount from the opening to H`, '(factor)', (i, c) => `(1+${at.discount_rate})^(-(${c(valuedFrom)}-${c(Hp)})/12)`, '0.000000');
    const noiRows: number[] = [];
    for (let m = 1; m <= 12; m++) {
      noiRows.push(prow(`${name}: lease NOI, month ${m} after the hall is valued`, 'USD', (i, c) => {
        const kk = `(${c(valuedFrom)}+${m})`;
        const lm = `(${kk}-${c(conv)})`;
        const noi = `IF(AND(${lm}>=1,${lm}<=${leaseMonths}),${c(baseRent)}*(1+${at.lease_escalator})^(INT((${lm}+11)/12)-1)*IF(${lm}>INT(${term}),${stub},1),0)*${at.lease_noi_margin}`;
        return `IF(${c(kind)}<>1,0,IF(${kk}<=${c(conv)},0,IF(${kk}<${c(leaseEnd)},${noi},IF(${kk}=${c(leaseEnd)},${noi}+IF(${stub}=0,0,${c(market)}*(1-${stub})),${c(market)}))))`;
      }, '#,##0'));
    }
    const terminal = prow(`${name}: terminal value at H`, 'USD', (i, c) => `IF(${c(kind)}=1,IF(AND(${at.terminal_value}=1,${at.exit_cap_rate}>0),SUM(${c(noiRows[0])}:${c(noiRows[11])})/${at.exit_cap_rate}*${c(opening)},0),`
      + `IF(${at.terminal_value}=1,IF(${at.exit_cap_rate}>0,${c(market)}*12/${at.exit_cap_rate}*${c(opening)},0)+IF(${c(Hp)}>${c(conv)},${c(gpuCost)}*(1-(1-${at.gpu_residual})*(MOD(${c(Hp)}-${c(conv)}-1,${everyGpu})+1)/${everyGpu}),${c(gpuCost)}*${c(opening)}),0))`, '#,##0');
    const contract = (c: (row: number) => string, extra: string) => {
      const kk = `(${kIndex}*(${kIndex}<${everyGpu}))`;
      const m0 = `MONTH(${start})+${startOf(c)}+${c(conv)}+${kk}`;
      const days = `(DATE(YEAR(${start}),${m0}+1,1)-DATE(YEAR(${start}),${m0},1))`;
      return `IF(${c(kind)}<>2,0,SUMPRODUCT((${kIndex}<${everyGpu})${extra}*(${c(gpus)}*(${c(gpuPrice)}*(1-${at.gpu_price_decline})^(${kk}/12))*(${days}*24)*${at.cloud_utilization})*${at.cloud_prepayment}))`;
    };
    const prepaid = prow(`${name}: prepayment received at the start (first GPU contract)`, 'USD', (i, c) => contract(c, ''), '#,##0');
    const owed = prow(`${name}: prepaid service owed after H`, 'USD', (i, c) => contract(c, `*(${kIndex}>=${c(Hp)}-${c(conv)})`), '#,##0');
    const startRow = prow(`${name}: start`, 'month index', (i, c) => startOf(c), '0');
    const stop = prow(`${name}: stops mining`, 'month index (its start; with mine_during_build, its opening)', (i, c) => `${c(startRow)}+IF(${at.mine_during_build}=1,${c(conv)},0)`, '0');
    const inService = prow(`${name}: in service`, 'month index', (i, c) => `${c(startRow)}+${c(conv)}`, '0');
    return { terminal, prepaid, owed, startRow, stop, inService };
  };
  const hyb = scenarioTerms('hybrid', (c) => c(phStart));
  const now = scenarioTerms('convert_now', () => '0');
  const span = prow('Months of calendar the phase looks at', 'months from the start month', (i, c) => `IF(${c(active)}=1,${c(phStart)}+MAX(${H}-${c(phStart)},${c(conv)}+12,${c(conv)}+${everyGpu}),0)`, '0');
  r++;
  const totalMw = scalar('Phases\' MW at most site_mw', `IF(SUM(${across(mw)})>${at.site_mw}*(1+1E-12),${E},0)`, '', 'must be 0', '0');
  const spanEnd = scalar('Last day of the calendar the site looks at', `IF(DATE(YEAR(${start}),MONTH(${start})+MAX(${H},${at.conversion_months}+12,${at.conversion_months}+${everyGpu},MAX(${across(span)})),1)-1>${LAST_SERIAL},${E},DATE(YEAR(${start}),MONTH(${start})+MAX(${H},${at.conversion_months}+12,${at.conversion_months}+${everyGpu},MAX(${across(span)})),1)-1)`, 'date', 'on or before 9999-12-31, the last day Excel can show', 'yyyy-mm-dd');
  const statusCells = `${a(first, 1)}:${a(last, 1)},${unknown},${cloudCheck},${years},${spanEnd},${totalMw},${across(termsCheck)}`;
  const statusCount = last - first + 1 + 5 + P_;
  const statusRow = r++;
  helper.push({ row: statusRow, col: 0, value: 'Status (0 = every input valid; else the error every cell of the tables shows)', style: 'label' });
  helper.push({ row: statusRow, col: 1, formula: `IF(COUNT(${statusCells})=${statusCount},0,SUM(${statusCells}))`, result: known ? 0 : undefined, style: 'output', format: '0' });
  const S = h(statusRow, 1);
  r++;

  // Per series results (B..F): the three scenarios and two differences, as the PATHS block's per path results.
  const SERIES = ['hybrid', 'mine', 'convert_now', 'hybrid_vs_mine', 'convert_now_vs_mine'] as const;
  const FLOW = ['flow_hybrid', 'flow_mine', 'flow_convert_now', 'flow_hybrid_vs_mine', 'flow_convert_now_vs_mine'];
  const seriesHeader = r++;
  ['Per series', ...SERIES, 'Unit'].forEach((label, col) => helper.push({ row: seriesHeader, col, value: label, style: 'header' }));
  const SUMMARY = [
    ['npv', 'USD'], ['income_first', '1 = the flows start with income'], ['cumulative_at_horizon', 'USD'], ['last_negative', 'month index'], ['payback_years', 'years'],
    ['irr_bracket', 'grid row (the sign change nearest 10% a year)'], ['irr_low', 'per month'], ['irr_high', 'per month'], ['irr_refined', 'step of the refined scan (the first sign change)'],
    ['irr_refined_low', 'per month'], ['irr_refined_high', 'per month'], ['irr_excel', 'per month (Excel IRR from the bracket\'s midpoint)'], ['irr_monthly', 'per month (Excel IRR, checked in the bracket)'], ['irr', 'a year'],
    ['conversion_capex', 'USD (scenarios only)'], ['refresh_capex', 'USD (scenarios only)'], ['terminal_value', 'USD (scenarios only)'],
  ] as const;
  type SummaryName = (typeof SUMMARY)[number][0];
  const sumRow = Object.fromEntries(SUMMARY.map(([n], i) => [n, r + i])) as Record<SummaryName, number>;
  r += SUMMARY.length + 1;
  const mineTerminalRow = r++;
  const fullMineTerminalRow = r++;
  r++;
  const totalsRow = r++;
  r++;
  if (monthHeader === undefined) return hybridHelper(call, helperSheet, helperRow, known, r);
  if (r > M) throw new Error('hybrid block layout');

  // The month rows.
  const scenarioColumns = (x: string): [string, string, string][] => [
    [`mining_mw${x}`, 'MW mining in month k', '#,##0.0'],
    [`share${x}`, 'share of site_mw mining', '0.0000'],
    [`mine_revenue_at${x}`, 'USD at index k', '#,##0;(#,##0)'],
    [`mine_margin_at${x}`, 'USD at index k', '#,##0;(#,##0)'],
    [`mine_capex_at${x}`, 'USD at index k', '#,##0;(#,##0)'],
    [`mine_sale_at${x}`, 'USD at index k', '#,##0;(#,##0)'],
    ...Array.from({ length: P_ }, (_, i): [string, string, string] => [`revenue${x}_${i + 1}`, `USD at index k, phase row ${i + 1}`, '#,##0;(#,##0)']),
    ...Array.from({ length: P_ }, (_, i): [string, string, string] => [`credit${x}_${i + 1}`, `USD prepaid, at index k, phase row ${i + 1}`, '#,##0;(#,##0)']),
    ...Array.from({ length: P_ }, (_, i): [string, string, string] => [`refresh${x}_${i + 1}`, `1 = GPUs bought at index k, phase row ${i + 1}`, '0']),
    [`lease_revenue_at${x}`, 'USD at index k', '#,##0;(#,##0)'],
    [`cloud_revenue_at${x}`, 'USD at index k', '#,##0;(#,##0)'],
    [`phase_margin_at${x}`, 'USD at index k (NOI and EBITDA)', '#,##0;(#,##0)'],
    [`gpu_refresh_at${x}`, 'USD of GPUs bought at index k', '#,##0;(#,##0)'],
    [`capex_at${x}`, 'USD at index k', '#,##0;(#,##0)'],
    [`prepayment_in_at${x}`, 'USD at index k', '#,##0;(#,##0)'],
    [`prepayment_out_at${x}`, 'USD at index k', '#,##0;(#,##0)'],
    [`asset_sales_at${x}`, 'USD at index k', '#,##0;(#,##0)'],
    [`terminal_at${x}`, 'USD at index k', '#,##0;(#,##0)'],
  ];
  const MONTH_COLUMNS: [string, string, string][] = [
    ['k', 'month index (0 = start)', '0'],
    ...MINE_MONTH_COLUMNS.map((name): [string, string, string] => [name, ({
      date: 'first day', days: 'days', block_height: 'block', subsidy: 'BTC per block', network_hashrate: 'EH/s', btc_price: 'USD', hashvalue: 'BTC per PH/s per day',
      btc_mined: 'BTC, whole site', mine_revenue: 'USD, whole site', power_cost: 'USD, whole site', other_cost: 'USD, whole site', gross_margin: 'USD, whole site',
      mine_on: '1 = running', fleet_bought: '1 = bought at the start', last_purchase: 'month index (-1 = none)',
    } as Record<string, string>)[name], ({ date: 'yyyy-mm-dd', days: '0', block_height: '#,##0', subsidy: '0.000', network_hashrate: '#,##0.0', btc_price: '#,##0', hashvalue: '0.00000000', btc_mined: '#,##0.000', mine_on: '0', fleet_bought: '0', last_purchase: '0' } as Record<string, string>)[name] ?? '#,##0;(#,##0)']),
    ...scenarioColumns(''),
    ['mw_building', 'MW in month k', '#,##0.0'],
    ['mw_lease', 'MW in month k', '#,##0.0'],
    ['mw_cloud', 'MW in month k', '#,##0.0'],
    ...HYBRID_TABLE_COLUMNS.slice(6).map((name): [string, string, string] => [`month_${name}`, 'USD in month k (the table\'s row)', '#,##0;(#,##0)']),
    ...scenarioColumns('_now'),
    ...SERIES.map((s, p): [string, string, string] => [FLOW[p], `USD at index k (${s})`, '#,##0;(#,##0)']),
    ['discount_factor', '(1 + discount_rate)^(-k/12)', '0.000000'],
    ['irr_exponent', 'k up to the horizon, then 0', '0'],
    ...SERIES.map((s): [string, string, string] => [`cumulative_${s}`, 'USD', '#,##0;(#,##0)']),
    ...SERIES.map((s): [string, string, string] => [`first_sign_${s}`, 'sign of the first non-zero flow', '0']),
    ...SERIES.map((s): [string, string, string] => [`last_negative_${s}`, 'last index with a negative cumulative flow', '0']),
  ];
  const MC = Object.fromEntries(MONTH_COLUMNS.map(([n], i) => [n, i])) as Record<string, number>;
  MONTH_COLUMNS.forEach(([name, unit], col) => helper.push({ row: M, col, value: `${name} (${unit})`, style: 'header' }));
  const TL = T0 + HYBRID_LAST_MONTH;
  const colRange = (name: string) => `${a(T0, MC[name])}:${a(TL, MC[name])}`;
  const cell = (name: string, k: number) => `${columnLetters(MC[name] + 1)}${T0 + k + 1}`;
  const rowAcross = (prefix: string, k: number) => `${cell(`${prefix}_1`, k)}:${cell(`${prefix}_${P_}`, k)}`;
  const pc = (row: number, i: number) => a(row, 1 + i);
  for (let k = 0; k <= HYBRID_LAST_MONTH; k++) {
    const row = T0 + k;
    const ref = (name: string) => cell(name, k);
    const prev = (name: string) => cell(name, k - 1);
    const next = (name: string) => cell(name, k + 1);
    const K = ref('k');
    const f: Record<string, string> = {
      ...mineMonthFormulas({
        k, ref: ref as (n: MineMonthColumn) => string, prev: prev as (n: MineMonthColumn) => string,
        inSpan: (expr) => `IF(${K}>${H},"",${expr})`, inMine: (expr) => `IF(${K}>=${H},0,${expr})`, at, SH, X, everyMine, H,
      }),
      mw_building: `SUMPRODUCT(${across(mw)},(${across(phStart)}<=${K})*(${K}<${across(hyb.inService)}))`,
      mw_lease: `SUMPRODUCT(${across(mw)},${across(isLease)},--(${K}>=${across(hyb.inService)}))`,
      mw_cloud: `SUMPRODUCT(${across(mw)},${across(isCloud)},--(${K}>=${across(hyb.inService)}))`,
    };
    // A scenario's mining share and lines at index k (its phases from their start: local month k - start).
    for (const [x, t] of [['', hyb], ['_now', now]] as const) {
      Object.assign(f, {
        [`mining_mw${x}`]: `MAX(0,${at.site_mw}-SUMPRODUCT(${across(mw)},--(${across(t.stop)}<=${K})))`,
        [`share${x}`]: `${ref(`mining_mw${x}`)}/${at.site_mw}`,
        [`mine_revenue_at${x}`]: k === 0 ? '0' : `IF(${K}>${H},0,IF(${prev('mine_on')}=1,${prev('mine_revenue')}*${prev(`share${x}`)},0))`,
        [`mine_margin_at${x}`]: k === 0 ? '0' : `IF(${K}>${H},0,IF(${prev('mine_on')}=1,${prev('gross_margin')}*${prev(`share${x}`)},0))`,
        [`mine_capex_at${x}`]: `IF(${ref('fleet_bought')}=1,-(${fleetCost}*${ref(`share${x}`)}),0)`,
        [`mine_sale_at${x}`]: `IF(${K}>=${H},0,${fleetResale}*MAX(0,${k === 0 ? '1' : prev(`share${x}`)}-${ref(`share${x}`)}))`,
        [`lease_revenue_at${x}`]: `SUMPRODUCT(${rowAcross(`revenue${x}`, k)},${across(isLease)})`,
        [`cloud_revenue_at${x}`]: `SUMPRODUCT(${rowAcross(`revenue${x}`, k)},${across(isCloud)})`,
        [`phase_margin_at${x}`]: `SUMPRODUCT(${rowAcross(`revenue${x}`, k)},${across(marginRatio)})`,
        [`gpu_refresh_at${x}`]: `SUMPRODUCT(${rowAcross(`refresh${x}`, k)},${across(gpuCost)})`,
        [`capex_at${x}`]: `${ref(`mine_capex_at${x}`)}-SUMPRODUCT(--(${across(t.startRow)}=${K}),${across(capex)})-${ref(`gpu_refresh_at${x}`)}`,
        [`prepayment_in_at${x}`]: `SUMPRODUCT(--(${across(t.startRow)}=${K}),${across(t.prepaid)})`,
        [`prepayment_out_at${x}`]: `-SUM(${rowAcross(`credit${x}`, k)})-IF(${K}=${H},SUM(${across(t.owed)}),0)`,
        [`asset_sales_at${x}`]: `${ref(`mine_sale_at${x}`)}+SUMPRODUCT(${rowAcross(`refresh${x}`, k)},${across(resale)})`,
        [`terminal_at${x}`]: `IF(${K}=${H},${a(mineTerminalRow, x === '' ? 1 : 3)}+SUM(${across(t.terminal)}),0)`,
      });
      for (let i = 0; i < P_; i++) {
        const s = pc(t.startRow, i);
        const c = pc(conv, i);
        const lm = `(${K}-${s}-${c})`;
        const lease = `IF(AND(${K}<=${H},${lm}>=1,${lm}<=${leaseMonths}),${pc(baseRent, i)}*(1+${at.lease_escalator})^(INT((${lm}+11)/12)-1)*IF(${lm}>INT(${term}),${stub},1),0)`;
        const sv = `(${K}-1-${s}-${c})`;
        const cloud = k === 0 ? '0'
          : `IF(AND(${K}<=${H},${sv}>=0),${pc(gpus, i)}*(${pc(gpuPrice, i)}*(1-${at.gpu_price_decline})^(MOD(${sv},${everyGpu})/12))*(${prev('days')}*24)*${at.cloud_utilization},0)`;
        f[`revenue${x}_${i + 1}`] = `IF(${pc(kind, i)}=1,${lease},${cloud})`;
        f[`credit${x}_${i + 1}`] = `IF(AND(${pc(kind, i)}=2,${sv}>=0,${sv}<${everyGpu}),${ref(`revenue${x}_${i + 1}`)}*${at.cloud_prepayment},0)`;
        f[`refresh${x}_${i + 1}`] = `IF(AND(${pc(kind, i)}=2,${K}-${s}-${c}>0,MOD(${K}-${s}-${c},${everyGpu})=0,${K}<${H}),1,0)`;
      }
      f[`flow${x === '' ? '_hybrid' : '_convert_now'}`] = ['mine_margin_at', 'phase_margin_at', 'capex_at', 'prepayment_in_at', 'prepayment_out_at', 'asset_sales_at', 'terminal_at'].map((n) => ref(`${n}${x}`)).join('+');
    }
    // Month k of the table: start-of-month lines at index k, the rest at k + 1.
    const inTable = (expr: string) => (k === HYBRID_LAST_MONTH ? '0' : `IF(${K}<${H},${expr},0)`);
    f.month_mining_revenue = inTable(next('mine_revenue_at'));
    f.month_lease_revenue = inTable(next('lease_revenue_at'));
    f.month_cloud_revenue = inTable(next('cloud_revenue_at'));
    f.month_operating_cost = inTable(`${next('mine_margin_at')}-${next('mine_revenue_at')}+${next('phase_margin_at')}-${next('lease_revenue_at')}-${next('cloud_revenue_at')}`);
    f.month_prepayment = inTable(`${ref('prepayment_in_at')}+${next('prepayment_out_at')}`);
    f.month_capex = inTable(ref('capex_at'));
    f.month_asset_sales = inTable(ref('asset_sales_at'));
    f.month_terminal_value = inTable(next('terminal_at'));
    f.month_cash_flow = inTable(HYBRID_TABLE_COLUMNS.slice(6, -1).map((n) => ref(`month_${n}`)).join('+'));
    // The mine scenario: WATT.PATHS' mine path (the whole site mining), as the PATHS block's mine_flow.
    f.flow_mine = k === 0 ? '0'
      : `IF(${K}>${H},0,IF(${prev('mine_on')}=1,${prev('gross_margin')},0)-IF(${ref('fleet_bought')}=1,${fleetCost},0)+IF(${K}=${H},${a(fullMineTerminalRow, 1)},0))`;
    f.flow_hybrid_vs_mine = `${ref('flow_hybrid')}-${ref('flow_mine')}`;
    f.flow_convert_now_vs_mine = `${ref('flow_convert_now')}-${ref('flow_mine')}`;
    f.discount_factor = `(1+${at.discount_rate})^(-${ref('irr_exponent')}/12)`;
    f.irr_exponent = `IF(${K}<=${H},${K},0)`;
    SERIES.forEach((s, p) => {
      const flow = ref(FLOW[p]);
      f[`cumulative_${s}`] = k === 0 ? flow : `${prev(`cumulative_${s}`)}+${flow}`;
      f[`first_sign_${s}`] = k === 0 ? `SIGN(${flow})` : `IF(${prev(`first_sign_${s}`)}<>0,${prev(`first_sign_${s}`)},SIGN(${flow}))`;
      f[`last_negative_${s}`] = `IF(AND(${K}<=${H},${ref(`cumulative_${s}`)}<0),${K},${k === 0 ? '-1' : prev(`last_negative_${s}`)})`;
    });
    MONTH_COLUMNS.forEach(([name, , format], col) => helper.push({ row, col, formula: name === 'k' ? undefined : f[name], value: name === 'k' ? k : undefined, format }));
  }
  r = TL + 2;
  // The mine's terminal value: the last fleet at book value, for the share mining at H (hybrid, convert_now) or the whole site (mine).
  const book = (share: string) => `IF(AND(${at.terminal_value}=1,${at.mining_capex}>0,INDEX(${colRange('last_purchase')},${H})>0),${fleetCost}${share}*(1-MIN(${H}-INDEX(${colRange('last_purchase')},${H}),${everyMine})/${everyMine}),0)`;
  helper.push({ row: mineTerminalRow, col: 0, value: 'Mine terminal value at H (the last fleet at book value, for the share mining then): hybrid, convert_now', style: 'label' });
  helper.push({ row: mineTerminalRow, col: 1, style: 'output', format: '#,##0', formula: book(`*INDEX(${colRange('share')},${H})`) });
  helper.push({ row: mineTerminalRow, col: 2, value: 'USD', style: 'label' });
  helper.push({ row: mineTerminalRow, col: 3, style: 'output', format: '#,##0', formula: book(`*INDEX(${colRange('share_now')},${H})`) });
  helper.push({ row: mineTerminalRow, col: 4, value: 'USD', style: 'label' });
  helper.push({ row: fullMineTerminalRow, col: 0, value: 'Mine terminal value at H, the whole site mining (the mine scenario)', style: 'label' });
  helper.push({ row: fullMineTerminalRow, col: 1, style: 'output', format: '#,##0', formula: book('') });
  helper.push({ row: fullMineTerminalRow, col: 2, value: 'USD', style: 'label' });
  // The total row's money columns: the sums of the months (0 past the horizon).
  const money = HYBRID_TABLE_COLUMNS.slice(6);
  helper.push({ row: totalsRow - 1, col: 3, value: 'Totals of the month table\'s money columns:', style: 'label' });
  money.forEach((name, i) => {
    helper.push({ row: totalsRow - 1, col: 4 + i, value: `${name} (USD)`, style: 'header' });
    // The prepayments received less those credited and owed after H add up to 0 (every credit of a first
    // contract is one or the other): the core's decimal sum is 0, the doubles' a rounding residue of the
    // gross prepaid, shown as 0 when within 1e-9 of it.
    const sum = `SUM(${colRange(`month_${name}`)})`;
    helper.push({ row: totalsRow, col: 4 + i, formula: name === 'prepayment' ? `IF(ABS(${sum})<=1E-9*SUM(${across(hyb.prepaid)}),0,${sum})` : sum, style: 'output', format: '#,##0;(#,##0)' });
  });
  helper.push({ row: totalsRow, col: 0, value: 'Totals (the month table\'s last row)', style: 'label' });

  // The IRR scan of the five series (the PATHS block's), then the per series results.
  const flows = FLOW.map((n) => colRange(n));
  const grid = irrGridRows(helper, r, SERIES, flows, colRange('irr_exponent'));
  const refine = irrRefineRows(helper, grid.next, SERIES, flows, colRange('irr_exponent'), (p) => [a(sumRow.irr_low, 1 + p), a(sumRow.irr_high, 1 + p)]);
  r = refine.next;
  const s = (name: string, p: number) => a(sumRow[name as SummaryName], 1 + p);
  const ps = [0, 1, 2, 3, 4];
  const irr = irrSummaryFormulas(ps, s, (p) => flows[p], { G0: grid.G0, GL: grid.GL, rates: grid.rates, R0: refine.R0, RL: refine.RL });
  const perSeries: Record<SummaryName, string[]> = {
    npv: ps.map((p) => `SUMPRODUCT(${flows[p]},${colRange('discount_factor')})`),
    income_first: SERIES.map((x) => `IF(INDEX(${colRange(`first_sign_${x}`)},${H}+1)=1,1,0)`),
    cumulative_at_horizon: SERIES.map((x) => `INDEX(${colRange(`cumulative_${x}`)},${H}+1)`),
    last_negative: SERIES.map((x) => `INDEX(${colRange(`last_negative_${x}`)},${H}+1)`),
    payback_years: SERIES.map((x, p) => {
      const lastNeg = s('last_negative', p);
      return `IF(${s('income_first', p)}=1,"n/a",IF(${s('cumulative_at_horizon', p)}<0,"never",IF(${lastNeg}<0,0,(-INDEX(${colRange(`cumulative_${x}`)},${lastNeg}+1)/INDEX(${flows[p]},${lastNeg}+2)+${lastNeg})/12)))`;
    }),
    ...irr,
    conversion_capex: [`SUM(${across(capex)})`, '0', `SUM(${across(capex)})`, '""', '""'],
    refresh_capex: [
      `SUMPRODUCT(${colRange('fleet_bought')},${colRange('share')})*${fleetCost}+SUM(${colRange('gpu_refresh_at')})`,
      `SUM(${colRange('fleet_bought')})*${fleetCost}`,
      `SUMPRODUCT(${colRange('fleet_bought')},${colRange('share_now')})*${fleetCost}+SUM(${colRange('gpu_refresh_at_now')})`, '""', '""'],
    terminal_value: [`${a(mineTerminalRow, 1)}+SUM(${across(hyb.terminal)})`, a(fullMineTerminalRow, 1), `${a(mineTerminalRow, 3)}+SUM(${across(now.terminal)})`, '""', '""'],
  };
  // The IRR's intermediate rows say "n/a" for a series whose flows start with income, as its irr does.
  const naFirst = (name: string, p: number, formula: string) => (name.startsWith('irr_') ? `IF(${s('income_first', p)}=1,"n/a",${formula})` : formula);
  SUMMARY.forEach(([name, unit]) => {
    helper.push({ row: sumRow[name], col: 0, value: name, style: 'label' });
    helper.push({ row: sumRow[name], col: 1 + SERIES.length, value: unit, style: 'label' });
    perSeries[name].forEach((formula, p) => helper.push({
      row: sumRow[name], col: 1 + p, formula: naFirst(name, p, formula), style: 'output',
      format: name === 'irr' || (name.startsWith('irr_') && name !== 'irr_bracket') ? '0.00%' : ['income_first', 'last_negative', 'irr_bracket'].includes(name) ? '0' : name === 'payback_years' ? '0.00' : '#,##0;(#,##0)',
    }));
  });

  const Hh = h(hRow, 1);
  const tableFor = (id: 'HYBRID' | 'HYBRIDTABLE', where: { row: number; col: number; rows: number }): PlannedCell[] => {
    if (id === 'HYBRID') {
      // Header, then one row per metric; each cell reads the per series results through the status.
      const table: PlannedCell[] = ['metric', ...HYBRID_SCENARIOS].map((value, i) => ({ row: where.row, col: where.col + i, value }));
      const hs = (name: SummaryName, p: number) => h(sumRow[name], 1 + p);
      const siteMw = h(first + Object.keys(HYBRID_CATALOG).indexOf('site_mw'), 1);
      HYBRID_METRICS.forEach((metric, i) => {
        const row = where.row + 1 + i;
        table.push({ row, col: where.col, value: metric });
        HYBRID_SCENARIOS.forEach((_, p) => {
          const expr: Record<(typeof HYBRID_METRICS)[number], string> = {
            npv: hs('npv', p),
            npv_vs_mine: p === 1 ? '0' : `${hs('npv', p)}-${hs('npv', 1)}`,
            irr: hs('irr', p),
            irr_vs_mine: p === 1 ? '"n/a"' : hs('irr', p === 0 ? 3 : 4),
            payback_years: hs('payback_years', p),
            value_per_w: `${hs('npv', p)}/(${siteMw}*1000000)`,
            conversion_capex: hs('conversion_capex', p),
            refresh_capex: hs('refresh_capex', p),
            terminal_value: hs('terminal_value', p),
          };
          table.push({ row, col: where.col + 1 + p, formula: `IF(${S}=0,${expr[metric]},${S})` });
        });
      });
      return table;
    }
    // The month table: header texts, then rows j = 0 .. rows - 1: month j + 1 while j < H, the total at j = H, "" below.
    const table: PlannedCell[] = HYBRID_TABLE_COLUMNS.map((value, i) => ({ row: where.row, col: where.col + i, value }));
    for (let j = 0; j < where.rows; j++) {
      const row = where.row + 1 + j;
      const at_ = (name: string) => h(T0 + j, MC[name]);
      const cells: string[] = [`${j + 1}`, at_('date'), at_('mining_mw'), at_('mw_building'), at_('mw_lease'), at_('mw_cloud'), ...money.map((name) => at_(`month_${name}`))];
      const totals = ['"total"', '""', '""', '""', '""', '""', ...money.map((_, i) => h(totalsRow, 4 + i))];
      cells.forEach((expr, i) => table.push({ row, col: where.col + i, formula: `IF(${S}=0,IF(${j}<${Hh},${expr},IF(${j}=${Hh},${totals[i]},"")),${S})` }));
    }
    return table;
  };
  return {
    helper,
    helperRows: r - helperRow + 1,
    tableFor,
    note: `Native formula block of ${call.formula}: the assumptions and phases it reads are checked, and the site's three scenarios computed month by month, on the sheet "${helperSheet}".`,
  };
}
