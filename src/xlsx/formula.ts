/**
 * WATT calls inside formula text: finding them, rewriting them, and the spelling a file uses.
 *
 * Excel saves a JavaScript custom function with the prefix `_xldudf_` and the namespace joined to the
 * name by an underscore: `=WATT.HASHPRICE(A1, B1)` is `_xldudf_WATT_HASHPRICE(A1,B1)` in the sheet XML,
 * whether the add-in is loaded or not (Excel-Custom-Functions #108: "for JavaScript custom functions we
 * by default save out with a different prefix _xldudf"; public workbooks show `_xldudf_CX_GET(...)`
 * for a CX.GET function; office-js #3558 and #5611: the prefix shows in the formula bar until the
 * add-in's metadata is loaded, then Excel maps it back). A plain `WATT.X(` written in a file is not
 * calculated until re-entered (#108), so the `watt` mode writes the `_xldudf_` spelling, and the
 * reader accepts both, plus `_xll.WATT.X(` (the XLL spelling) and Excel's `_xlfn.` prefixes.
 */
import registry from '../../generated/functions.json';

// The registry straight from functions.json, not through src/engine (which loads HyperFormula): the
// task pane's Share action uses this module in the add-in bundle.
const NAMESPACE = 'WATT';
const IDS = new Set((registry as { functions: { id: string }[] }).functions.map((f) => f.id));

/** One WATT call found in a formula: its function id, argument texts, and where it sits. */
export interface WattCall {
  id: string;
  args: string[];
  start: number;
  end: number;
}

/** Splits a formula into string literals and the rest, so rewrites never touch text inside quotes. */
function isInString(formula: string, index: number): boolean {
  let inString = false;
  for (let i = 0; i < index; i++) if (formula[i] === '"') inString = !inString;
  return inString;
}

/** The argument texts of a call whose "(" is at `open`; `end` is the index after its ")". */
function readArgs(formula: string, open: number): { args: string[]; end: number } | undefined {
  const args: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = open + 1; i < formula.length; i++) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      // A string literal or a quoted sheet name: copy to its closing quote (doubled quotes escape).
      let j = i + 1;
      while (j < formula.length && !(formula[j] === ch && formula[j + 1] !== ch)) j += formula[j] === ch ? 2 : 1;
      current += formula.slice(i, j + 1);
      i = j;
      continue;
    }
    if (ch === '(' || ch === '{' || ch === '[') depth++;
    if (ch === ')' || ch === '}' || ch === ']') {
      if (depth === 0) {
        if (ch !== ')') return undefined;
        if (current.trim() !== '' || args.length > 0) args.push(current.trim());
        return { args, end: i + 1 };
      }
      depth--;
    }
    if (ch === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  return undefined;
}

/** Every spelling of a WATT function name a file or a user may hold, captured as the function name. */
const CALL = /(?<![A-Za-z0-9_.])(?:_xldudf_WATT_|_xll\.WATT\.|WATT\.)([A-Za-z0-9]+)\s*\(/gi;

/** The outermost WATT calls of a formula (calls nested in arguments are inside `args`). */
export function findWattCalls(formula: string): WattCall[] {
  const calls: WattCall[] = [];
  CALL.lastIndex = 0;
  for (let m = CALL.exec(formula); m; m = CALL.exec(formula)) {
    if (isInString(formula, m.index)) continue;
    const id = m[1].toUpperCase();
    const parsed = readArgs(formula, m.index + m[0].length - 1);
    if (!parsed || !IDS.has(id)) continue;
    calls.push({ id, args: parsed.args, start: m.index, end: parsed.end });
    CALL.lastIndex = parsed.end;
  }
  return calls;
}

/** True when the formula calls a WATT function (any spelling). */
export function hasWattCall(formula: string): boolean {
  return findWattCalls(formula).length > 0;
}

/**
 * Rewrites every WATT call, innermost first: `replace` gets the id and the already rewritten argument
 * texts and returns the replacement, or undefined to give up (the whole rewrite is then undefined).
 */
export function rewriteWattCalls(formula: string, replace: (id: string, args: string[]) => string | undefined): string | undefined {
  let out = '';
  let at = 0;
  for (const call of findWattCalls(formula)) {
    const args: string[] = [];
    for (const arg of call.args) {
      const inner = rewriteWattCalls(arg, replace);
      if (inner === undefined) return undefined;
      args.push(inner);
    }
    const replacement = replace(call.id, args);
    if (replacement === undefined) return undefined;
    out += formula.slice(at, call.start) + replacement;
    at = call.end;
  }
  return out + formula.slice(at);
}

/** Removes Excel's future-function prefixes (`_xlfn.`, `_xlws.`) outside strings. */
function stripFuturePrefixes(formula: string): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/_xlfn\.|_xlws\./gi, '')))
    .join('');
}

/** A formula as a file stores it (no "=", `_xldudf_` spellings) → as the engine and the user write it ("=WATT.X("). */
export function fromFileFormula(stored: string): string {
  const text = stripFuturePrefixes(stored.trim().replace(/^=/, ''));
  const rewritten = rewriteWattCalls(text, (id, args) => `${NAMESPACE}.${id}(${args.join(', ')})`);
  return `=${rewritten ?? text}`;
}

/** A formula as the user writes it ("=WATT.X(...)") → as Excel stores it in a file (no "=", `_xldudf_WATT_X(`). */
export function toFileFormula(formula: string): string {
  const text = formula.trim().replace(/^=/, '');
  return addFuturePrefixes(rewriteWattCalls(text, (id, args) => `_xldudf_${NAMESPACE}_${id}(${args.join(',')})`) ?? text);
}

/**
 * Functions Excel added after 2007 are stored with the `_xlfn.` prefix in a file (ECMA-376 and
 * [MS-XLSX] 2.2.2: "future functions"); without it Excel shows #NAME?. Those a Watt formula may use.
 */
const FUTURE_FUNCTIONS = [
  'AGGREGATE', 'CONCAT', 'DAYS', 'IFNA', 'IFS', 'ISOWEEKNUM', 'LET', 'LAMBDA', 'MAXIFS', 'MINIFS', 'RRI', 'PDURATION',
  'SEQUENCE', 'SORTBY', 'STDEV.P', 'STDEV.S', 'STOCKHISTORY', 'SWITCH', 'TEXTJOIN', 'UNIQUE', 'VAR.P', 'VAR.S', 'XLOOKUP', 'XMATCH',
  'NORM.DIST', 'NORM.INV', 'NORM.S.DIST', 'NORM.S.INV', 'PERCENTILE.INC', 'PERCENTILE.EXC', 'QUARTILE.INC', 'QUARTILE.EXC',
];
/** Worksheet-only future functions, stored as `_xlfn._xlws.` (FILTER, SORT). */
const WORKSHEET_FUNCTIONS = ['FILTER', 'SORT'];
const pattern = (names: string[]) => new RegExp(`(?<![A-Za-z0-9_.])(${names.map((f) => f.replace(/\./g, '\\.')).join('|')})\\s*\\(`, 'gi');
const FUTURE = pattern(FUTURE_FUNCTIONS);
const WORKSHEET = pattern(WORKSHEET_FUNCTIONS);

/** Adds `_xlfn.` (or `_xlfn._xlws.`) to the future functions of a formula (outside strings), as Excel writes them. */
export function addFuturePrefixes(formula: string): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(FUTURE, (m) => `_xlfn.${m}`).replace(WORKSHEET, (m) => `_xlfn._xlws.${m}`)))
    .join('');
}
