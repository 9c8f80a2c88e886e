/**
 * Native forms: a WATT function written in Excel's own functions, for workbooks that must calculate
 * without the add-in (the `native` mode of src/xlsx). Each scalar function declares its native form
 * next to its declaration, as `export const <name>Native = nativeForm(specs, body)`; the specs are the
 * very ones its wrapper passes to `run`, so the argument checks of the native formula are derived from
 * the same data as the wrapper's:
 *
 *   argument                      native text
 *   omitted, spec has a default   the default, as a literal
 *   omitted, required             the whole formula is #VALUE!
 *   a number literal              checked now: in range → the literal, else the formula is #VALUE!
 *   anything else (ref, name, …)  (a) or, with a default, IF((a)="",default,(a)) (an empty cell or ""
 *                                 takes the default, as in the wrapper), guarded by
 *                                 IF(OR(NOT(ISNUMBER(v)), v<min, v>max, v<>INT(v)), #VALUE!, body)
 *
 * The body repeats the wrapper's arithmetic in the same order of operations, so Excel, LibreOffice and
 * the engine compute the same double (property tests: test/xlsx/native.test.ts). Excel has LET only
 * since 2021, so arguments are repeated inline rather than bound once. A body may answer `undefined`
 * when a call cannot be written natively (e.g. CONVERT with units read from cells): the exporter then
 * writes the value with a note.
 *
 * Pure: imports no host; the add-in bundle carries these few strings and they cost nothing at run time.
 */
import { checkNumber, checkText, isEmpty, NumberSpec, Spec } from '../../core/params';
import { isError } from '../../core/errors';

/** How a WATT call is written in Excel's own functions. */
export interface NativeForm {
  /** The argument specs (the wrapper's), from which the checks are written. */
  readonly specs: readonly Spec[];
  /**
   * The native expression (no leading "=") for a call whose arguments are these formula texts (already
   * native themselves; undefined or "" for an omitted argument), or undefined when it cannot be written.
   */
  build(args: readonly (string | undefined)[]): string | undefined;
}

/** Excel's error literal for invalid input: the same code the wrapper answers. */
export const NATIVE_VALUE_ERROR = '#VALUE!';
export const NATIVE_NUM_ERROR = '#NUM!';

/** A number as a formula literal that parses back to the same double (shortest round trip; Excel's "E"). */
export function literal(n: number): string {
  const text = String(n).toUpperCase();
  return n < 0 ? `(${text})` : text;
}

/** A number typed in a formula (1, -2.5, 1E-9): checked as written, never resolved. */
export const NUMBER_LITERAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)(E[+-]?\d+)?\s*$/i;
/** A percentage typed in a formula (10%, 7.75%): Excel's number / 100. */
const PERCENT_LITERAL = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:E[+-]?\d+)?)\s*%\s*$/i;

/** The value of a number or a percentage typed in a formula ("1.5" → 1.5, "10%" → 0.1), else undefined. */
export function typedNumber(text: string): number | undefined {
  if (NUMBER_LITERAL.test(text)) return Number(text);
  const m = PERCENT_LITERAL.exec(text);
  return m ? Number(m[1]) / 100 : undefined;
}
const STRING_LITERAL = /^\s*"((?:[^"]|"")*)"\s*$/;

/** The text of a string literal argument ("EH/s" → EH/s), or undefined when the argument is not one. */
export function stringLiteral(arg: string | undefined): string | undefined {
  const m = arg === undefined ? null : STRING_LITERAL.exec(arg);
  return m ? m[1].replace(/""/g, '"') : undefined;
}

/** A cell reference (A1, $B$2, 'My sheet'!C3) or a defined name: safe to repeat without parentheses. */
const ATOM = /^\s*(?:(?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?\$?[A-Za-z_][A-Za-z0-9_.]*\$?[0-9]*\s*$/;

type Prepared = { value: string; checks: string[] } | 'invalid';

function prepareNumber(spec: NumberSpec, arg: string | undefined): Prepared {
  if (arg === undefined || arg.trim() === '') {
    return spec.default !== undefined ? { value: literal(spec.default), checks: [] } : 'invalid';
  }
  if (NUMBER_LITERAL.test(arg)) {
    const checked = checkNumber(spec, Number(arg));
    return isError(checked) ? 'invalid' : { value: literal(checked), checks: [] };
  }
  // A reference or a name is an atom as it is; anything else is parenthesised (a native formula repeats it).
  const a = ATOM.test(arg) ? arg.trim() : `(${arg.trim()})`;
  const v = spec.default !== undefined ? `IF(${a}="",${literal(spec.default)},${a})` : a;
  const checks = [`NOT(ISNUMBER(${v}))`];
  if (spec.min !== undefined) checks.push(`${v}${spec.minExclusive ? '<=' : '<'}${literal(spec.min)}`);
  if (spec.max !== undefined) checks.push(`${v}${spec.maxExclusive ? '>=' : '>'}${literal(spec.max)}`);
  if (spec.integer) checks.push(`${v}<>INT(${v})`);
  return { value: v, checks };
}

function prepareText(arg: string | undefined, spec: Spec & { kind: 'text' }): Prepared {
  if (arg === undefined || arg.trim() === '') return spec.default !== undefined ? { value: `"${spec.default}"`, checks: [] } : 'invalid';
  const text = stringLiteral(arg);
  if (text !== undefined && isError(checkText(spec, isEmpty(text) ? null : text))) return 'invalid';
  return { value: arg.trim(), checks: [] };
}

/** A range argument: its text as written (the body reads the reference); omitted is invalid. */
function prepareRange(arg: string | undefined): Prepared {
  return arg === undefined || arg.trim() === '' ? 'invalid' : { value: arg.trim(), checks: [] };
}

/** Rows and columns of a literal A1 reference ("B2:F2", "$B$2:$B$9", "'Cash flow'!C5:Z5", "C5"), or undefined. */
export function referenceShape(ref: string): { rows: number; columns: number } | undefined {
  const m = /^(?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(ref.trim());
  if (!m) return undefined;
  const col = (letters: string) => [...letters.toUpperCase()].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
  const [c1, r1] = [col(m[1]), Number(m[2])];
  const [c2, r2] = m[3] ? [col(m[3]), Number(m[4])] : [c1, r1];
  return { rows: Math.abs(r2 - r1) + 1, columns: Math.abs(c2 - c1) + 1 };
}

/**
 * A native form from the wrapper's argument specs and a body over the checked argument texts. The
 * body returns the expression, or undefined when this call cannot be written natively.
 */
export function nativeForm(specs: readonly Spec[], body: (...args: string[]) => string | undefined): NativeForm {
  return {
    specs,
    build(args) {
      if (args.length > specs.length) return NATIVE_VALUE_ERROR; // as the wrapper: too many arguments is misuse
      const prepared = specs.map((spec, i) => (spec.kind === 'number' ? prepareNumber(spec, args[i]) : spec.kind === 'text' ? prepareText(args[i], spec) : prepareRange(args[i])));
      if (prepared.some((p) => p === 'invalid')) return NATIVE_VALUE_ERROR;
      const ok = prepared as { value: string; checks: string[] }[];
      const expression = body(...ok.map((p) => p.value));
      if (expression === undefined) return undefined;
      const checks = ok.flatMap((p) => p.checks);
      return checks.length === 0 ? expression : `IF(OR(${checks.join(',')}),${NATIVE_VALUE_ERROR},${expression})`;
    },
  };
}
