/**
 * The three ways a formula cell leaves Watt, shared by the writer (a workbook state → .xlsx) and
 * `watt recalc` (an .xlsx → the same .xlsx with fresh values):
 *
 *   watt     the formula as Excel stores a WATT function (`_xldudf_WATT_X(`), its value cached, so a
 *            colleague with the add-in gets a live model and anyone else sees the numbers.
 *   native   each WATT call written in Excel's own functions (its native form, declared next to the
 *            function in src/functions); WATT.PROJECTION, PATHS, SCULPT, HYBRID and HYBRIDTABLE tables
 *            become formula blocks and their totals read them (native-blocks.ts, planned by the
 *            caller); a call without a native form (the simulations, live data, CONVERT with units
 *            from cells, ...), or a result over Excel's 8,192 characters, makes the cell a guarded
 *            value (guard.ts), with a note naming the formula and why.
 *   values   numbers only; the formula in a note.
 */
import { DetailedCellError } from 'hyperformula';
import { hasWattCall, toFileFormula } from './formula';
import { CustomForm, toNativeFormula } from './native';

// The translator lives in native.ts (no HyperFormula, so the task pane can use it too).
export { nativeFormOf, noNativeReason, toNativeFormula } from './native';

export type XlsxMode = 'watt' | 'native' | 'values';
export const MODES: readonly XlsxMode[] = ['watt', 'native', 'values'];

/** A cell value as a file holds it: number, text, boolean, or an Excel error. */
export type FileValue = number | string | boolean | { error: string } | null;

/** The error codes a file can hold; the engine's own (#ERROR!, #CYCLE!, #LIC!) are written as #VALUE!. */
const FILE_ERRORS = new Set(['#VALUE!', '#NUM!', '#N/A', '#DIV/0!', '#REF!', '#NAME?', '#NULL!', '#SPILL!', '#CALC!']);

/** An engine value → a file value, with the error's message (for a note) when it is one. */
export function fileValue(value: unknown): { value: FileValue; message?: string } {
  if (value instanceof DetailedCellError) {
    const code = FILE_ERRORS.has(value.value) ? value.value : '#VALUE!';
    return { value: { error: code }, message: `${value.value} ${value.message ?? ''}`.trim() };
  }
  if (value === undefined || value === null || value === '') return { value: value === '' ? '' : null };
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return { value };
  return { value: String(value) };
}

/** How one formula cell is written. */
export type CellOut =
  | { kind: 'formula'; formula: string; result: FileValue; native?: boolean }
  | { kind: 'value'; value: FileValue; note: string };

/**
 * One formula cell (user form "=WATT.X(...)", its engine value) in a mode. Spilled tables are handled
 * by the caller, which asks `spillOut` for the anchor.
 */
export function formulaCellOut(formula: string, value: unknown, mode: XlsxMode, custom?: CustomForm): CellOut {
  const { value: result, message } = fileValue(value);
  const errorNote = message ? ` Value at export: ${message}.` : '';
  if (mode === 'values') return { kind: 'value', value: result, note: `Formula: ${formula}${errorNote}` };
  if (mode === 'native' && hasWattCall(formula)) {
    const native = toNativeFormula(formula, custom);
    if ('reason' in native) return { kind: 'value', value: result, note: `Value of ${formula} (${native.reason}).${errorNote}` };
    return { kind: 'formula', formula: toFileFormula(native.formula), result, native: true };
  }
  return { kind: 'formula', formula: toFileFormula(formula), result };
}

/** How a spilled table's anchor is written. */
export type SpillOut = { kind: 'array'; formula: string } | { kind: 'values'; note: string };

/** A spilled table's anchor: an array formula in `watt` mode (or native when it has no WATT call), else values with a note. */
export function spillOut(formula: string, mode: XlsxMode): SpillOut {
  if (mode === 'values') return { kind: 'values', note: `Formula: ${formula} (spills over this table; values at export)` };
  if (mode === 'native' && hasWattCall(formula)) {
    const native = toNativeFormula(formula);
    if ('reason' in native) return { kind: 'values', note: `Values of ${formula} (${native.reason}).` };
    return { kind: 'array', formula: toFileFormula(native.formula) };
  }
  return { kind: 'array', formula: toFileFormula(formula) };
}
