/**
 * The three ways a formula cell leaves Watt, shared by the writer (a workbook state → .xlsx) and
 * `watt recalc` (an .xlsx → the same .xlsx with fresh values):
 *
 *   watt     the formula as Excel stores a WATT function (`_xldudf_WATT_X(`), its value cached, so a
 *            colleague with the add-in gets a live model and anyone else sees the numbers.
 *   native   each WATT call written in Excel's own functions (its native form, declared next to the
 *            function in src/functions); a call without one (tables, live data, LEASENPV, CONVERT
 *            with units from cells) makes the cell a value, with a note naming the formula and why.
 *   values   numbers only; the formula in a note.
 */
import { DetailedCellError } from 'hyperformula';
import * as declarations from '../functions';
import * as network from '../functions/network';
import type { NativeForm } from '../functions/_lib/native';
import { FUNCTIONS, NAMESPACE } from '../engine/engine';
import { hasWattCall, rewriteWattCalls, toFileFormula } from './formula';

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

const META = new Map(FUNCTIONS.map((f) => [f.id, f]));
/** The live-data functions: every wrapper of src/functions/network.ts. */
const LIVE = new Set(Object.keys(network).map((k) => k.toUpperCase()));

/** The native form declared next to a function (`<name>Native` in src/functions), if any. */
export function nativeFormOf(id: string): NativeForm | undefined {
  const key = `${id}NATIVE`.toUpperCase();
  const entry = Object.entries(declarations).find(([name]) => name.toUpperCase() === key);
  const form = entry?.[1] as NativeForm | undefined;
  return form && typeof form === 'object' && typeof form.build === 'function' ? form : undefined;
}

/** Why a WATT function cannot be written natively in general (undefined: it has a native form). */
export function noNativeReason(id: string): string | undefined {
  const meta = META.get(id);
  const name = `${NAMESPACE}.${id}`;
  if (!meta) return `${name} is not a WATT function`;
  if (meta.result?.dimensionality === 'matrix') return `${name} returns a table, written as values`;
  if (LIVE.has(id)) return `${name} reads live network data: frozen at the time of export`;
  if (!nativeFormOf(id)) return `${name} has no native form`;
  return undefined;
}


/**
 * A formula ("=...", WATT calls in any spelling) in Excel's own functions ("=..."), or the reason it
 * cannot be: the first WATT call met without a native form.
 */
export function toNativeFormula(formula: string): { formula: string } | { reason: string } {
  let reason = '';
  const rewritten = rewriteWattCalls(formula.replace(/^=/, ''), (id, args) => {
    const general = noNativeReason(id);
    if (general) {
      reason = general;
      return undefined;
    }
    const built = nativeFormOf(id)!.build(args);
    if (built === undefined) reason = `${NAMESPACE}.${id}(${args.join(', ')}) cannot be written natively (e.g. a unit read from a cell)`;
    return built === undefined ? undefined : `(${built})`;
  });
  return rewritten === undefined ? { reason } : { formula: `=${rewritten}` };
}

/** How one formula cell is written. */
export type CellOut =
  | { kind: 'formula'; formula: string; result: FileValue; native?: boolean }
  | { kind: 'value'; value: FileValue; note: string };

/**
 * One formula cell (user form "=WATT.X(...)", its engine value) in a mode. Spilled tables are handled
 * by the caller, which asks `spillOut` for the anchor.
 */
export function formulaCellOut(formula: string, value: unknown, mode: XlsxMode): CellOut {
  const { value: result, message } = fileValue(value);
  const errorNote = message ? ` Value at export: ${message}.` : '';
  if (mode === 'values') return { kind: 'value', value: result, note: `Formula: ${formula}${errorNote}` };
  if (mode === 'native' && hasWattCall(formula)) {
    const native = toNativeFormula(formula);
    if ('reason' in native) return { kind: 'value', value: result, note: `Value of ${formula} (${native.reason}).${errorNote}` };
    return { kind: 'formula', formula: toFileFormula(native.formula), result, native: true };
  }
  return { kind: 'formula', formula: toFileFormula(formula), result };
}

/** A spilled table's anchor: an array formula in `watt` mode (or native when it has no WATT call), else values with a note. */
export function spillOut(formula: string, mode: XlsxMode): { kind: 'array'; formula: string } | { kind: 'values'; note: string } {
  if (mode === 'values') return { kind: 'values', note: `Formula: ${formula} (spills over this table; values at export)` };
  if (mode === 'native' && hasWattCall(formula)) {
    const native = toNativeFormula(formula);
    if ('reason' in native) return { kind: 'values', note: `Values of ${formula} (${native.reason}).` };
    return { kind: 'array', formula: toFileFormula(native.formula) };
  }
  return { kind: 'array', formula: toFileFormula(formula) };
}
