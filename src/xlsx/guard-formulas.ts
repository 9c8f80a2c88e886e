/**
 * The formulas of a guarded value (guard.ts), without the engine: the task pane's Share (src/share)
 * writes the same guards as the .xlsx writer, and the add-in bundle must not carry HyperFormula.
 */
import { literal } from '../functions/_lib/native';

/** The hidden sheet of recorded inputs. */
export const GUARD_SHEET = 'Watt inputs';

/** The note of a guarded cell (after the formula and why it is a value). */
export const GUARD_NOTE =
  'Computed by Watt for the inputs at export; if an input it depends on has changed, this cell shows #N/A: recalculate with the add-in or `watt recalc`.';

/** What a recorded input held: the comparison is by type. */
export type ValueKind = 'number' | 'text' | 'boolean' | 'empty' | 'error';

/** The record sheet's header row (columns A to G). */
export const GUARD_HEADER = ['Sheet', 'Cell', 'Value at export', 'Changed (1)', 'All unchanged', 'Formula computed by Watt', 'Written as values over'];

/**
 * 0 while the cell x holds the value recorded in `recorded` (of the same kind), else 1 or an error.
 * `computed`: x is another guarded value (a formula whose number literal LibreOffice saves to 15
 * significant digits), compared within 1e-13 relative; an input is compared exactly.
 */
export function flagFormula(x: string, kind: ValueKind, recorded: string, computed = false): string {
  switch (kind) {
    case 'error': return `IF(ISERROR(${x}),0,1)`;
    case 'number': return computed
      ? `IF(ISNUMBER(${x}),IF(ABS(${x}-${recorded})<=1E-13*ABS(${recorded}),0,1),1)`
      : `IF(ISNUMBER(${x}),IF(${x}=${recorded},0,1),1)`;
    case 'boolean': return `IF(ISLOGICAL(${x}),IF(${x}=${recorded},0,1),1)`;
    case 'text': return `IF(ISTEXT(${x}),IF(EXACT(${x},${recorded}),0,1),1)`;
    // Empty (or ""): no number, no boolean, no text of any length.
    default: return `IF(OR(ISNUMBER(${x}),ISLOGICAL(${x})),1,IF(LEN(${x})=0,0,1))`;
  }
}

/** A text as a formula expression: a string literal, in pieces of at most 255 characters (Excel's limit for one). */
export function textExpression(text: string): string {
  const pieces: string[] = [];
  for (let i = 0; i < text.length || pieces.length === 0; i += 255) pieces.push(`"${text.slice(i, i + 255).replace(/"/g, '""')}"`);
  return pieces.join('&');
}

/**
 * A guarded cell's formula (no "="), or undefined when the value is written as it is: an error (no
 * number to go stale), or a label (`label`: a table's header row, or text in its first column). An
 * empty result is guarded too ("" while the inputs hold): a blank can go stale as well as a number.
 */
export function guardedValueFormula(ok: string, kind: ValueKind, value: unknown, label: boolean): string | undefined {
  if (kind === 'number') return `IF(${ok},${literal(value as number)},NA())`;
  if (kind === 'boolean') return `IF(${ok},${value ? 'TRUE' : 'FALSE'},NA())`;
  if (label || kind === 'error') return undefined;
  if (kind === 'text') return `IF(${ok},${textExpression(String(value))},NA())`;
  return `IF(${ok},"",NA())`;
}

/** A formula (no "=") that reads a guarded value through an error-trapping function, guarded in turn. */
export function maskedFormula(ok: string, formula: string): string {
  return `IF(${ok},${formula},NA())`;
}

/** The condition that all of `oks` hold: the one itself, or their AND. */
export function allOf(oks: ReadonlySet<string>): string {
  return oks.size === 1 ? [...oks][0] : `AND(${[...oks].join(',')})`;
}

/** Functions that read an error without passing it on. */
export const MASKS = /(?<![A-Za-z0-9_.])(IFERROR|IFNA|ISERROR|ISERR|ISNA|ERROR\.TYPE|ISNUMBER|ISTEXT|ISNONTEXT|ISBLANK|ISLOGICAL|ISREF|TYPE|N|T|COUNT|COUNTA|COUNTBLANK|COUNTIF|COUNTIFS|SUMIF|SUMIFS|AVERAGEIF|AVERAGEIFS|AGGREGATE|MATCH|XMATCH|LOOKUP)\s*\(/i;

/** "$B$5" of a cell ref "B5". */
export function absolute(ref: string): string {
  return `$${ref.replace(/(\d+)$/, '$$$1')}`;
}
