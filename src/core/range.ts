/**
 * A range a function reads as one line of periods or intervals (WATT.DEBTSIZE's CFADS, WATT.CURTAIL's
 * prices): one row, or one column of more than one cell. Pure; the callers word their own errors.
 */

/** The cells of a one-row or one-column range, first first; for any other shape, its size. */
export function lineCells(range: unknown[][]): { cells: unknown[] } | { rows: number; columns: number } {
  const rows = range.length;
  let columns = 0;
  for (const r of range) if (r.length > columns) columns = r.length; // a loop: a whole column is too long to spread
  if (rows === 1 && columns >= 1) return { cells: range[0] };
  if (rows > 1 && columns === 1) return { cells: range.map((r) => r[0]) };
  return { rows, columns };
}
