/**
 * Named assumptions: a two-column range of name, value (as a modeler keeps an inputs block), read
 * against a catalog of number specs (src/core/params.ts `P`). Used by WATT.PROJECTION and WATT.PATHS.
 *
 * Truth table for the range:
 *   not exactly two columns                 → #VALUE! "assumptions must be a two-column range ..."
 *   a row with empty name and empty value   → ignored (blank rows separate groups of inputs)
 *   a name that is not text                 → #VALUE! naming the row
 *   a name not in the catalog               → #VALUE! listing every known name
 *   a name given twice (case-insensitive)   → #VALUE! naming it and the row
 *   a value                                 → checkNumber(spec of that name): unit and range in the message
 *   a name absent, or present with an empty value → its spec's default, or "<name> is required"
 * Names match case-insensitively and ignore surrounding spaces.
 */
import { Messages, Result, valueError } from './errors';
import { checkNumber, isEmpty, NumberSpec } from './params';

export type Catalog = Readonly<Record<string, NumberSpec>>;

/** The checked values by (lower-case) name; an `optional` name left out has no entry. */
export type Assumptions = Record<string, number>;

export interface ReadOptions {
  /** The argument's name in messages. */
  arg?: string;
  /** Names that may be missing without a default (the caller derives them), e.g. cloud_capex. */
  optional?: readonly string[];
}

export function readAssumptions(range: readonly (readonly unknown[])[], catalog: Catalog, options: ReadOptions = {}): Result<Assumptions> {
  const arg = options.arg ?? 'assumptions';
  const columns = range.length === 0 ? 0 : Math.max(...range.map((row) => row.length));
  if (columns !== 2) return valueError(Messages.assumptionsShape(arg, columns));
  const known = Object.keys(catalog);
  const given = new Map<string, unknown>();
  for (let i = 0; i < range.length; i++) {
    const [name, value] = range[i];
    if (isEmpty(name) || (typeof name === 'string' && name.trim() === '')) {
      if (isEmpty(value)) continue;
      return valueError(Messages.assumptionName(arg, i + 1, name));
    }
    if (typeof name !== 'string') return valueError(Messages.assumptionName(arg, i + 1, name));
    const key = name.trim().toLowerCase();
    if (!Object.prototype.hasOwnProperty.call(catalog, key)) return valueError(Messages.unknownAssumption(arg, name.trim(), known.join(', ')));
    if (given.has(key)) return valueError(Messages.duplicateAssumption(arg, key, i + 1));
    given.set(key, value);
  }
  const out: Assumptions = {};
  for (const key of known) {
    const raw = given.get(key);
    if (isEmpty(raw) && options.optional?.includes(key)) continue;
    const value = checkNumber(catalog[key], raw);
    if (typeof value !== 'number') return value;
    out[key] = value;
  }
  return out;
}
