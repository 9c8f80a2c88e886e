/**
 * The embedded spreadsheet engine: HyperFormula with every function of generated/functions.json
 * registered under its WATT. name, each calling the very wrapper Excel calls. A WattError thrown by
 * a wrapper becomes a CellError with the same code and message, so results and errors match Excel.
 *
 * HyperFormula is GPL-3.0: this module serves the CLI, the tests and the workbench, never the add-in
 * bundle that Excel loads.
 */
import { ArraySize, CellError, DetailedCellError, EmptyValue, ErrorType, FunctionArgumentType, FunctionPlugin, HyperFormula, SimpleRangeValue } from 'hyperformula';
import type { ProcedureAst } from 'hyperformula/typings/parser';
import type { InterpreterState } from 'hyperformula/typings/interpreter/InterpreterState';
import registry from '../../generated/functions.json';
import * as declarations from '../functions';
import { Messages, WattError } from '../core/errors';
import { CellPromise, PENDING, SETTLED } from '../functions/_lib/async';

export const NAMESPACE = 'WATT';
export const LICENSE_KEY = 'gpl-v3';

export interface ParameterMetadata {
  name: string;
  description?: string;
  type?: string;
  optional?: boolean;
  dimensionality?: 'scalar' | 'matrix';
  repeating?: boolean;
}

export interface FunctionMetadata {
  id: string;
  name: string;
  description?: string;
  parameters: ParameterMetadata[];
  result?: { type?: string; dimensionality?: 'scalar' | 'matrix' };
  options?: { stream?: boolean; volatile?: boolean; cancelable?: boolean; requiresAddress?: boolean };
}

/** The registry: functions.json as generated from the JSDoc. */
export const FUNCTIONS: readonly FunctionMetadata[] = (registry as { functions: FunctionMetadata[] }).functions;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Wrapper = (...args: any[]) => unknown;

/** Finds the exported wrapper of a function id (ids are the upper-cased export names). */
export function wrapperFor(id: string): Wrapper | undefined {
  const entry = Object.entries(declarations).find(([name]) => name.toUpperCase() === id.toUpperCase());
  return entry && typeof entry[1] === 'function' ? (entry[1] as Wrapper) : undefined;
}

const ERROR_TYPES: Record<string, ErrorType> = {
  '#VALUE!': ErrorType.VALUE,
  '#NUM!': ErrorType.NUM,
  '#N/A': ErrorType.NA,
};

function toCellError(error: unknown): CellError {
  if (error instanceof WattError) return new CellError(ERROR_TYPES[error.code], error.message);
  // Anything else is a bug in Watt, never the user's input: say so rather than crash the engine.
  return new CellError(ErrorType.VALUE, `internal error: ${error instanceof Error ? error.message : String(error)}`);
}

/** HyperFormula value → the plain value Excel would pass: empty is null, ranges are 2D arrays. */
function toPlain(value: unknown): unknown {
  if (value === EmptyValue || value === undefined) return null;
  if (value instanceof SimpleRangeValue) return value.rawData().map((row) => row.map(toPlain));
  if (value instanceof CellError) return value;
  return value;
}

/** A wrapper's result → a HyperFormula value (scalar, CellError or SimpleRangeValue). */
function fromResult(result: unknown): unknown {
  if (Array.isArray(result)) {
    const rows = (result as unknown[][]).map((row) =>
      row.map((cell) => (cell instanceof WattError ? toCellError(cell) : cell === null || cell === undefined ? '' : cell)),
    );
    return SimpleRangeValue.onlyValues(rows as never);
  }
  if (result instanceof WattError) return toCellError(result);
  return result;
}

/**
 * Fetches under way, started by asynchronous wrappers (live network data) during a calculation. The
 * engine cannot wait inside a calculation: such a cell shows #N/A "fetching <what>…" until its host
 * awaits these and recalculates (`settleFetches`), when the wrapper answers from the cache.
 */
const pendingFetches = new Set<Promise<unknown>>();

/** Takes (and forgets) the fetches started since the last call. */
export function takePendingFetches(): Promise<unknown>[] {
  const list = [...pendingFetches];
  pendingFetches.clear();
  return list;
}

/**
 * Awaits the fetches the last calculation started and recalculates, until no cell is waiting (at most
 * `maxRounds` times: a metric built from several answers may need a second round). Resolves to whether
 * anything was awaited (and so recalculated).
 */
export async function settleFetches(hf: HyperFormula, maxRounds = 4): Promise<boolean> {
  let recalculated = false;
  for (let round = 0; round < maxRounds; round++) {
    const pending = takePendingFetches();
    if (pending.length === 0) break;
    await Promise.allSettled(pending);
    reenterWaiting(hf);
    recalculated = true;
  }
  return recalculated;
}

/** The WATT functions (formula names) that have answered with a promise: the ones that fetch. */
const fetchingFunctions = new Set<string>();

/** Whether an error message is the placeholder of a cell waiting for a fetch (Messages.fetching). */
const [WAITING_START, WAITING_END] = Messages.fetching('\u0000').split('\u0000');
const isWaiting = (message: string) => message.startsWith(WAITING_START) && message.endsWith(WAITING_END);

/**
 * Re-enters every formula that calls a fetching function or still shows #N/A "fetching …": each
 * recalculates from the answers now cached, and what depends on it follows. Not `rebuildAndRecalculate`:
 * a rebuild parses the sheets again in order and sizes every spilled table from the cells parsed before
 * it, so a table reading a later sheet (or a cell not yet calculated) became one cell: entering
 * WATT.NETWORK anywhere broke a WATT.PROJECTION elsewhere. A table whose size depends on a fetched
 * value is re-sized by its host (the workbench re-enters its tables after a fetch settles).
 */
function reenterWaiting(hf: HyperFormula): void {
  const names = [...fetchingFunctions].map((n) => n.replace(/\./g, '\\.'));
  const calls = names.length ? new RegExp(`(^|[^A-Za-z0-9_.])(${names.join('|')})\\s*\\(`, 'i') : undefined;
  const waiting: { sheet: number; row: number; col: number; formula: string }[] = [];
  for (const name of hf.getSheetNames()) {
    const sheet = hf.getSheetId(name)!;
    hf.getSheetFormulas(sheet).forEach((line, row) =>
      line.forEach((formula, col) => {
        if (!formula) return;
        const value = hf.getCellValue({ sheet, row, col });
        const showsWaiting = value instanceof DetailedCellError && value.type === ErrorType.NA && isWaiting(value.message);
        if (showsWaiting || calls?.test(formula)) waiting.push({ sheet, row, col, formula });
      }),
    );
  }
  for (const { formula, ...address } of waiting) {
    try {
      hf.setCellContents(address, [[formula]]);
    } catch (e) {
      // A table that no longer fits the size it was given: the content is in place (see WorkbookModel.edit).
      if (!(e instanceof Error && /resizing to smaller array/i.test(e.message))) throw e;
    }
  }
}

function isThenable(value: unknown): value is CellPromise {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

/** An asynchronous wrapper's promise: its value when already known, else a placeholder while it settles. */
function fromPromise(promise: CellPromise, formulaName: string): unknown {
  fetchingFunctions.add(formulaName);
  const settled = promise[SETTLED];
  if (settled) return 'error' in settled ? toCellError(settled.error) : fromResult(settled.value);
  const quiet = promise.then(
    () => undefined,
    () => undefined,
  );
  pendingFetches.add(quiet);
  return new CellError(ErrorType.NA, Messages.fetching(promise[PENDING] ?? 'network data'));
}

function call(wrapper: Wrapper, args: unknown[], formulaName: string): unknown {
  const error = args.find((a) => a instanceof CellError);
  if (error) return error; // errors in inputs propagate, as in Excel
  try {
    const result = wrapper(...args.map(toPlain));
    return isThenable(result) ? fromPromise(result, formulaName) : fromResult(result);
  } catch (e) {
    return toCellError(e);
  }
}

/** Largest spill the engine accepts for a table function (rows), so a typo cannot allocate millions of cells. */
const MAX_SPILL_ROWS = 10_000;

function buildPlugin() {
  const implementedFunctions: Record<string, unknown> = {};
  const methods: Record<string, (this: FunctionPlugin, ast: ProcedureAst, state: InterpreterState) => unknown> = {};
  const translations: Record<string, string> = {};

  for (const fn of FUNCTIONS) {
    const wrapper = wrapperFor(fn.id);
    if (!wrapper) throw new Error(`functions.json lists ${fn.id} but src/functions exports no such wrapper`);
    const formulaName = `${NAMESPACE}.${fn.name}`;
    const method = `watt_${fn.id}`;
    const isTable = fn.result?.dimensionality === 'matrix';
    implementedFunctions[formulaName] = {
      method,
      // Every argument is optional to the engine, so a missing one reaches the wrapper and gets
      // Watt's own "is required" message rather than the engine's generic arity error.
      parameters: fn.parameters.map((p) => ({
        argumentType: p.dimensionality === 'matrix' ? FunctionArgumentType.RANGE : FunctionArgumentType.SCALAR,
        optionalArg: true,
      })),
      ...(isTable ? { sizeOfResultArrayMethod: `${method}_size`, vectorizationForbidden: true } : {}),
      ...(fn.options?.volatile ? { isVolatile: true } : {}),
    };
    methods[method] = function (ast, state) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (this as any).runFunction(ast.args, state, (this as any).metadata(formulaName), (...args: unknown[]) => call(wrapper, args, formulaName));
    };
    if (isTable) {
      // The engine must know a spill's size before evaluating. Evaluate the arguments as they stand
      // (constants and input cells) and measure the table the wrapper returns; a formula whose size
      // depends on a cell that changes later is re-entered by the host (see Engine.setInputs).
      methods[`${method}_size`] = function (ast, state) {
        try {
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          const args = ast.args.map((a) => toPlain((this as any).evaluateAst(a, state)));
          if (args.some((a) => a instanceof CellError)) return ArraySize.scalar();
          const result = wrapper(...args);
          if (Array.isArray(result) && result.length > 0 && result.length <= MAX_SPILL_ROWS) {
            return new ArraySize(Math.max(...(result as unknown[][]).map((r) => r.length)), result.length);
          }
        } catch {
          /* an error result is a single cell */
        }
        return ArraySize.scalar();
      };
    }
    translations[formulaName] = formulaName;
  }

  class WattPlugin extends FunctionPlugin {
    static implementedFunctions = implementedFunctions as never;
  }
  Object.assign(WattPlugin.prototype, methods);
  return { plugin: WattPlugin, translations };
}

let registered = false;

/** Registers the WATT plugin with HyperFormula once per process. */
export function registerWatt(): void {
  if (registered) return;
  const { plugin, translations } = buildPlugin();
  HyperFormula.registerFunctionPlugin(plugin as never, { enGB: translations, enUS: translations } as never);
  registered = true;
}

/**
 * Excel formula text → HyperFormula formula text. HyperFormula reads `1e+300` but not Excel's
 * `1E+300`, so exponents outside string literals are lower-cased; everything else passes unchanged.
 */
export function toEngineFormula(formula: string): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/(\d|\d\.)E([+-]?\d)/g, '$1e$2')))
    .join('');
}

/** A new HyperFormula instance with the WATT functions and Excel-like settings. */
export function createEngine(extra: Record<string, unknown> = {}): HyperFormula {
  registerWatt();
  const hf = HyperFormula.buildEmpty({
    licenseKey: LICENSE_KEY,
    // Excel's 1900 date system and its function semantics where HyperFormula offers a choice.
    leapYear1900: true,
    nullDate: { year: 1899, month: 12, day: 30 },
    useArrayArithmetic: true,
    // Values leave the engine as the doubles computed (as Excel stores them). HyperFormula's display
    // rounding (smartRounding) keeps 10 digits and turns numbers below 1e-290 into NaN.
    smartRounding: false,
    ...extra,
  });
  // Excel's TRUE and FALSE are literals; in HyperFormula they are functions TRUE() and FALSE().
  hf.addNamedExpression('TRUE', '=TRUE()');
  hf.addNamedExpression('FALSE', '=FALSE()');
  return hf;
}
