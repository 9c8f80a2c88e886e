/**
 * Debt on any row of cash flow available for debt service (CFADS), as a project-finance modeler sizes
 * and sculpts it: WATT.DEBTSIZE, WATT.SCULPT, WATT.LLCR and WATT.DSCRSTAT.
 *
 * Conventions (stated in docs/_incoming/debt.md and in every function's help):
 *   - one cell a period; period 1 is the row's first cell; flows at each period's END;
 *   - the periodic rate is r = rate / periods_per_year: nominal, as loan coupons are quoted (a 8%
 *     semiannual coupon is 4% a half-year), NOT the effective (1 + rate)^(1/n) - 1 that the lease and
 *     path functions use for discount rates;
 *   - the tenor counts periods from the row's first cell (0 = the whole row); cells after it are not read.
 *
 * Method (constant-DSCR sculpting, e.g. E. Bodmer, "Project Finance Modelling", sculpting pages):
 *   debt service   DS_t = CFADS_t / dscr
 *   capacity       K    = sum_{t=1..T} DS_t / (1 + r)^t                     (WATT.DEBTSIZE)
 *   with a debt D <= K the repayments are sculpted on CFADS scaled by D / K: DS_t = (D / K) CFADS_t / dscr,
 *   so DSCR_t = dscr x K / D in every period and the balance B_t = B_{t-1}(1 + r) - DS_t ends at 0 on T
 *   (B_T = (1 + r)^T (D - (D / K) K) = 0).
 *   LLCR = sum_{t=1..T} CFADS_t / (1 + r)^t / D.
 *
 * Sums are taken in decimal.js (34 digits, as src/core/cashflow.ts) so a 600-period row loses no digit;
 * numbers convert at the edge. Pure: bad input is a typed error, never a throw.
 */
import { presentValueDec } from './cashflow';
import { D, Dec } from './decimal';
import { finite, isError, Messages, numError, Result, valueError } from './errors';
import type { TableCell } from './projection';
import { lineCells } from './range';

/** The schedule's columns, in order (WATT.SCULPT's header row). */
export const SCULPT_COLUMNS = ['period', 'opening_balance', 'interest', 'principal', 'debt_service', 'closing_balance', 'dscr'] as const;

/** A debt above the capacity by no more than this (relative) is the capacity typed back (rounding). */
const CAPACITY_TOLERANCE = 1e-12;

/**
 * The numbers of a one-row or one-column range, period 1 first. `tenor` 0 reads the whole range; else
 * exactly `tenor` cells (an error when the range is shorter). Every cell read must be a finite number:
 * an empty cell or text is #VALUE! naming the argument and the period (never read as 0). With
 * `nonNegative`, a negative cell is #VALUE! naming the period.
 */
export function readRow(arg: string, range: unknown[][], tenor = 0, nonNegative = false): Result<number[]> {
  const line = lineCells(range);
  if (!('cells' in line)) return valueError(Messages.rowShape(arg, line.rows, line.columns));
  const cells = line.cells;
  if (tenor > cells.length) return valueError(Messages.tenorTooLong(arg, cells.length, tenor));
  const n = tenor === 0 ? cells.length : tenor;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = cells[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) return valueError(Messages.rowCell(arg, i + 1, v));
    if (nonNegative && v < 0) return valueError(Messages.negativeCfads(arg, i + 1, v));
    out.push(v);
  }
  return out;
}

/** Periodic rate: the annual nominal rate divided by the periods a year. */
export function periodicRate(rate: number, periodsPerYear: number): number {
  return rate / periodsPerYear;
}

/** Capacity in decimal: PV at r of CFADS_t / dscr, t = 1..T (period 1 discounted once). */
function capacityDec(cfads: readonly number[], r: number, dscr: number): Dec {
  return presentValueDec(r, [0, ...cfads.map((c) => D(c).div(dscr))]);
}

/** WATT.DEBTSIZE: the debt the row supports at the target DSCR (same currency as cfads). */
export function debtSize(range: unknown[][], rate: number, dscr: number, periodsPerYear = 1, tenor = 0): Result<number> {
  const cfads = readRow('cfads', range, tenor, true);
  if (isError(cfads)) return cfads;
  return finite(capacityDec(cfads, periodicRate(rate, periodsPerYear), dscr).toNumber(), 'the debt size');
}

/** One period of a sculpted schedule, in numbers. */
export interface SculptRow {
  period: number;
  opening: number;
  interest: number;
  principal: number;
  debtService: number;
  closing: number;
  /** CFADS / debt service; undefined when the debt service is 0 (no DSCR that period). */
  dscr: number | undefined;
}

/**
 * The sculpted schedule (see the header). `debt` 0 sizes the debt at the capacity. A debt above the
 * capacity is #VALUE! stating the capacity.
 */
export function sculpt(range: unknown[][], rate: number, dscr: number, debt = 0, periodsPerYear = 1, tenor = 0): Result<SculptRow[]> {
  const cfads = readRow('cfads', range, tenor, true);
  if (isError(cfads)) return cfads;
  const r = periodicRate(rate, periodsPerYear);
  const capacity = capacityDec(cfads, r, dscr);
  const capacityNumber = capacity.toNumber();
  if (debt > capacityNumber * (1 + CAPACITY_TOLERANCE)) return valueError(Messages.debtAboveCapacity(debt, capacityNumber, dscr));
  const opening0 = debt === 0 ? capacity : D(debt);
  // D / K; a zero capacity (every CFADS 0) carries no debt and no debt service.
  const scale = capacity.isZero() ? D(0) : opening0.div(capacity);
  const rows: SculptRow[] = [];
  let balance = opening0;
  for (let t = 0; t < cfads.length; t++) {
    const interest = balance.times(r);
    const service = scale.times(cfads[t]).div(dscr);
    const principal = service.minus(interest);
    const closing = balance.minus(principal);
    rows.push({
      period: t + 1,
      opening: balance.toNumber(),
      interest: interest.toNumber(),
      principal: principal.toNumber(),
      debtService: service.toNumber(),
      closing: closing.toNumber(),
      dscr: service.isZero() ? undefined : D(cfads[t]).div(service).toNumber(),
    });
    balance = closing;
  }
  // The last closing balance is 0 in exact arithmetic; decimal leaves ~1e-30 of the debt: show 0.
  const last = rows[rows.length - 1];
  if (last && Math.abs(last.closing) <= 1e-20 * Math.max(1, Math.abs(rows[0].opening))) last.closing = 0;
  for (const row of rows) {
    for (const v of [row.opening, row.interest, row.principal, row.debtService, row.closing]) {
      if (!Number.isFinite(v)) return numError(Messages.notFinite('a balance of the schedule'));
    }
  }
  return rows;
}

/** WATT.SCULPT as a spilled table: the header row, then one row per period ("n/a" DSCR without debt service). */
export function sculptTable(range: unknown[][], rate: number, dscr: number, debt = 0, periodsPerYear = 1, tenor = 0): Result<TableCell[][]> {
  const rows = sculpt(range, rate, dscr, debt, periodsPerYear, tenor);
  if (isError(rows)) return rows;
  return [
    [...SCULPT_COLUMNS],
    ...rows.map((row) => [row.period, row.opening, row.interest, row.principal, row.debtService, row.closing, row.dscr === undefined ? 'n/a' : row.dscr]),
  ];
}

/** WATT.LLCR: PV at the debt rate of CFADS over the tenor / debt outstanding at the start. Negative periods count as they are. */
export function llcr(range: unknown[][], rate: number, debt: number, periodsPerYear = 1, tenor = 0): Result<number> {
  const cfads = readRow('cfads', range, tenor, false);
  if (isError(cfads)) return cfads;
  const pv = presentValueDec(periodicRate(rate, periodsPerYear), [0, ...cfads]);
  return finite(pv.div(debt).toNumber(), 'the LLCR');
}

/**
 * WATT.DSCRSTAT: the minimum, average (arithmetic mean of the periods' DSCRs) or maximum DSCR over the
 * periods whose debt service is > 0 (periods without debt service have no DSCR and are skipped).
 */
export function dscrStat(cfadsRange: unknown[][], serviceRange: unknown[][], statistic = 'min'): Result<number> {
  const stat = statistic.trim().toLowerCase();
  if (stat !== 'min' && stat !== 'average' && stat !== 'max') {
    return valueError(Messages.unknownChoice('statistic', statistic, '"min", "average" or "max"'));
  }
  const cfads = readRow('cfads', cfadsRange);
  if (isError(cfads)) return cfads;
  const service = readRow('debt_service', serviceRange);
  if (isError(service)) return service;
  if (cfads.length !== service.length) return valueError(Messages.rowLengths('cfads', cfads.length, 'debt_service', service.length));
  const ratios: Dec[] = [];
  for (let t = 0; t < service.length; t++) {
    if (service[t] < 0) return valueError(Messages.negativeDebtService('debt_service', t + 1, service[t]));
    if (service[t] > 0) ratios.push(D(cfads[t]).div(service[t]));
  }
  if (ratios.length === 0) return numError(Messages.noDebtService('debt_service'));
  let out: Dec;
  if (stat === 'min') out = D.min(...ratios);
  else if (stat === 'max') out = D.max(...ratios);
  else out = ratios.reduce((a, b) => a.plus(b), D(0)).div(ratios.length);
  return finite(out.toNumber(), `the ${stat} DSCR`);
}
