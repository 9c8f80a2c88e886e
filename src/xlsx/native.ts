/**
 * WATT formula text → the same formula in Excel's own functions, without the engine: this module and
 * formula.ts import neither HyperFormula nor Office.js, so the add-in's task pane (the "Share" action,
 * src/share) translates formulas with the very code the .xlsx writer uses. The registry is read from
 * generated/functions.json directly (src/engine/engine.ts re-exports the same list, with HyperFormula).
 */
import registry from '../../generated/functions.json';
import type { FunctionMetadata } from '../engine/engine';
import * as declarations from '../functions';
import * as network from '../functions/network';
import type { NativeForm } from '../functions/_lib/native';
import { rewriteWattCalls } from './formula';

/** The custom functions' namespace (the same constant as src/engine/engine.ts). */
export const NAMESPACE = 'WATT';
/** The registry (functions.json), as src/engine/engine.ts exposes it. */
export const REGISTRY: readonly FunctionMetadata[] = (registry as { functions: FunctionMetadata[] }).functions;

const META = new Map(REGISTRY.map((f) => [f.id, f]));
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

/** Excel's limit on a formula's length, in characters (Excel specifications and limits). */
export const EXCEL_FORMULA_LIMIT = 8192;

/**
 * A native form that depends on the workbook, not only on the call (WATT.PROJECTIONTOTAL over a table
 * written as a native block: src/xlsx/native-blocks.ts): the expression, or undefined for the general rule.
 */
export type CustomForm = (id: string, args: string[]) => string | undefined;

/**
 * A formula ("=...", WATT calls in any spelling) in Excel's own functions ("=..."), or the reason it
 * cannot be: the first WATT call met without a native form, or a result longer than Excel accepts (a
 * native form repeats its arguments: Excel 2010 has no LET).
 */
export function toNativeFormula(formula: string, custom?: CustomForm): { formula: string } | { reason: string } {
  let reason = '';
  const rewritten = rewriteWattCalls(formula.replace(/^=/, ''), (id, args) => {
    const special = custom?.(id, args);
    if (special !== undefined) return `(${special})`;
    const general = noNativeReason(id);
    if (general) {
      reason = general;
      return undefined;
    }
    const built = nativeFormOf(id)!.build(args);
    if (built === undefined) reason = `${NAMESPACE}.${id}(${args.join(', ')}) cannot be written natively (e.g. a unit read from a cell)`;
    return built === undefined ? undefined : `(${built})`;
  });
  if (rewritten === undefined) return { reason };
  const native = `=${rewritten}`;
  if (native.length > EXCEL_FORMULA_LIMIT) return { reason: `in Excel's own functions it would be ${native.length.toLocaleString('en-US')} characters, over Excel's limit of 8,192` };
  return { formula: native };
}
