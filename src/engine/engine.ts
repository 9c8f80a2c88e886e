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
import { excelYmd, LAST_SERIAL, parseTypedDateTime, serialFromTyped, serialFromYmd } from '../core/dates';
import { formatValue } from '../workbench/numfmt';
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

/**
 * HyperFormula's RichNumber (DateNumber, PercentNumber, ...): a number with a display type. Its class is
 * not exported (and the CommonJS and ES builds each have their own), so it is recognised by shape.
 */
function isRichNumber(value: unknown): value is { val: number } {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { val?: unknown }).val === 'number' &&
    typeof (value as { fromNumber?: unknown }).fromNumber === 'function'
  );
}

/**
 * HyperFormula value → the plain value Excel would pass: empty is null, ranges are 2D arrays, and a
 * typed number (a DATE() result, a typed date, a percentage, a currency: HyperFormula's RichNumber)
 * is the plain number Excel stores.
 */
export function toPlain(value: unknown): unknown {
  if (value === EmptyValue || value === undefined) return null;
  if (isRichNumber(value)) return value.val;
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

/**
 * An argument's value while a table is sized (before the workbook is evaluated). A defined name is
 * read through its own expression: its stored value is not computed yet at that point, so a table over
 * a named range (=WATT.PROJECTION(assumptions, 36), as Excel allows) would be sized as one cell.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function sizingValue(plugin: any, ast: any, state: any): unknown {
  if (ast?.type === 'NAMED_EXPRESSION') {
    const named = plugin.interpreter?.namedExpressions?.nearestNamedExpression(ast.expressionName, state.formulaAddress.sheet);
    const graph = plugin.dependencyGraph;
    const vertex = named ? graph?.getCell?.(named.address) : undefined;
    const expression = vertex && typeof vertex.getFormula === 'function' ? vertex.getFormula(graph.lazilyTransformingAstService) : undefined;
    if (expression) return plugin.evaluateAst(expression, state);
  }
  return plugin.evaluateAst(ast, state);
}

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
          const args = ast.args.map((a) => toPlain(sizingValue(this, a, state)));
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

/** Days in a month of Excel's calendar, where February 1900 has 29 days (Microsoft KB 214326). */
function excelDaysInMonth(year: number, month: number): number {
  if (year === 1900 && month === 2) return 29;
  const last = new Date(0);
  last.setUTCFullYear(year, month, 0); // day 0 of the next month
  return last.getUTCDate();
}

/**
 * Excel functions HyperFormula gets wrong, replaced for every engine (Watt's own implementations):
 *
 * TEXT with Excel's format language (src/workbench/numfmt.ts, the renderer the workbench grid uses):
 * HyperFormula's TEXT gives "1235,##0.00" for TEXT(1234.5,"#,##0.00") and "0%" for TEXT(0.25,"0%"),
 * and knows no month or day names.
 *
 * YEAR, MONTH and DAY of serial 0, Excel's "1900-01-00" (an empty cell read as a date), are 1900, 1
 * and 0 in Excel; HyperFormula said 1899-12-31. Past 9999-12-31 they are #NUM! (HyperFormula: year 10000).
 *
 * EDATE as Excel computes it. HyperFormula's own EDATE clamps the day with the Gregorian month
 * lengths even under leapYear1900, so EDATE(DATE(1900,1,31),1) gave 59 where Excel, whose 1900 is a
 * leap year, gives 60 (1900-02-29). Same arguments and #NUM! outside 1900-01-01..9999-12-31.
 */
class ExcelPlugin extends FunctionPlugin {
  static implementedFunctions = {
    EDATE: {
      method: 'edate',
      parameters: [{ argumentType: FunctionArgumentType.NUMBER, minValue: 0 }, { argumentType: FunctionArgumentType.NUMBER }],
      returnNumberType: 'NUMBER_DATE',
    },
    YEAR: { method: 'year', parameters: [{ argumentType: FunctionArgumentType.NUMBER }] },
    MONTH: { method: 'month', parameters: [{ argumentType: FunctionArgumentType.NUMBER }] },
    DAY: { method: 'day', parameters: [{ argumentType: FunctionArgumentType.NUMBER }] },
    TEXT: {
      method: 'text',
      parameters: [{ argumentType: FunctionArgumentType.SCALAR }, { argumentType: FunctionArgumentType.STRING }],
    },
    // HyperFormula's INT truncates toward zero (INT(-6.5) = -6); Excel's rounds down to the integer
    // below: INT(-6.5) = -7, INT(-0.5) = -1 (Microsoft's INT page: "=INT(-8.9) ... -9").
    INT: { method: 'int', parameters: [{ argumentType: FunctionArgumentType.NUMBER }] },
  } as never;

  int(ast: ProcedureAst, state: InterpreterState): unknown {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (this as any).runFunction(ast.args, state, (this as any).metadata('INT'), (x: number) => Math.floor(x));
  }

  private datePart(name: 'YEAR' | 'MONTH' | 'DAY', ast: ProcedureAst, state: InterpreterState): unknown {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (this as any).runFunction(ast.args, state, (this as any).metadata(name), (serial: number) => {
      if (!(serial >= 0 && serial < LAST_SERIAL + 1)) return new CellError(ErrorType.NUM, Messages.dateOutOfRange(`${name}'s date`, serial));
      const ymd = excelYmd(serial);
      return name === 'YEAR' ? ymd.year : name === 'MONTH' ? ymd.month : ymd.day;
    });
  }

  year(ast: ProcedureAst, state: InterpreterState): unknown {
    return this.datePart('YEAR', ast, state);
  }

  month(ast: ProcedureAst, state: InterpreterState): unknown {
    return this.datePart('MONTH', ast, state);
  }

  day(ast: ProcedureAst, state: InterpreterState): unknown {
    return this.datePart('DAY', ast, state);
  }

  text(ast: ProcedureAst, state: InterpreterState): unknown {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (this as any).runFunction(ast.args, state, (this as any).metadata('TEXT'), (value: unknown, format: string) => {
      const plain = toPlain(value);
      if (typeof plain === 'string') {
        // Text that Excel reads as a number or a date is formatted as one; other text passes through.
        const t = plain.trim();
        const n = t !== '' && Number.isFinite(Number(t)) ? Number(t) : serialFromTyped(t);
        return formatValue(n ?? plain, format);
      }
      return formatValue(plain === null ? 0 : (plain as number | boolean), format);
    });
  }

  edate(ast: ProcedureAst, state: InterpreterState): unknown {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (this as any).runFunction(ast.args, state, (this as any).metadata('EDATE'), (serial: number, months: number) => {
      const { year, month, day } = excelYmd(Math.floor(serial));
      const index = year * 12 + (month - 1) + Math.trunc(months);
      const y = Math.floor(index / 12);
      const m = (index % 12) + 1;
      const result = y >= 1900 && y <= 9999 ? serialFromYmd(y, m, Math.min(day, excelDaysInMonth(y, m))) : undefined;
      if (result !== undefined) return result;
      return new CellError(ErrorType.NUM, Messages.dateOutOfRange(`the month EDATE gives (${y}-${String(m).padStart(2, '0')})`));
    });
  }
}

const EXCEL_OVERRIDES = Object.fromEntries(['EDATE', 'TEXT', 'YEAR', 'MONTH', 'DAY'].map((f) => [f, f]));

let registered = false;

/** Registers the WATT plugin (and the Excel functions of ExcelPlugin) with HyperFormula once per process. */
export function registerWatt(): void {
  if (registered) return;
  const { plugin, translations } = buildPlugin();
  HyperFormula.registerFunctionPlugin(plugin as never, { enGB: translations, enUS: translations } as never);
  HyperFormula.registerFunctionPlugin(ExcelPlugin as never, { enGB: EXCEL_OVERRIDES, enUS: EXCEL_OVERRIDES } as never);
  registered = true;
}

/**
 * Typed text → date/time, as Excel en-US reads it (see parseTypedDateTime in src/core/dates.ts). It
 * is HyperFormula's `parseDateTime`: used for typed cell values, DATEVALUE, TIMEVALUE and text in
 * arithmetic, so the CLI, the workbench and the tests read dates the same way. The result (a date, a
 * time, or both) has the shape of HyperFormula's SimpleDate / SimpleTime / SimpleDateTime.
 */
export function parseExcelDateTime(text: string): never {
  return parseTypedDateTime(text) as never;
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
    // Excel's 1900 date system: serial 1 is 1900-01-01 and 60 the fictitious 1900-02-29. With
    // leapYear1900 HyperFormula counts that day itself, so its day 0 is 1899-12-31 (1899-12-30, the
    // usual answer for other libraries, puts every date one day late).
    leapYear1900: true,
    nullDate: { year: 1899, month: 12, day: 31 },
    // Typed dates and times as Excel en-US reads them (7/1/2026 is July 1): one parser for all forms,
    // so the formats listed are only labels HyperFormula attaches to the values it parses.
    dateFormats: ['MM/DD/YYYY'],
    timeFormats: ['hh:mm:ss'],
    parseDateTime: parseExcelDateTime,
    useArrayArithmetic: true,
    // Values leave the engine as the doubles computed (as Excel stores them). HyperFormula's display
    // rounding (smartRounding) keeps 10 digits and turns numbers below 1e-290 into NaN.
    smartRounding: false,
    // Excel's sheet (HyperFormula's default stops at 40,000 rows): a file's cell at A1048576 or XFD1 is taken.
    maxRows: 1_048_576,
    maxColumns: 16_384,
    ...extra,
  });
  // Excel's TRUE and FALSE are literals; in HyperFormula they are functions TRUE() and FALSE().
  hf.addNamedExpression('TRUE', '=TRUE()');
  hf.addNamedExpression('FALSE', '=FALSE()');
  return hf;
}
