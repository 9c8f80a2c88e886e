/**
 * How many cells the engine takes on for each range a formula refers to, and the bound the reader holds
 * them to (docs/reliability.md, "Ranges a formula spans").
 *
 * Measured on HyperFormula 3.5 (Node 20, one formula on a sheet of 100 to 300,000 used rows):
 * - an explicit range costs every cell it spans, stored or empty (about 0.45 KB each): A1:A100000 0.2 s
 *   and 45 MB, A1:A1048576 2.7 s and 440 MB, A1:XFD100 (1.6 million cells) 1.3 s and 740 MB,
 *   A1:XFD1048576 (the whole sheet) 4 GB and 70 s, then a crash;
 * - a whole-column range (A:A, C:D) costs its columns times the sheet's used rows (about 0.45 KB an
 *   empty cell, 0.13 KB a stored one): SUM(A:A) or SUMIFS(C:C, A:A, ...) over 100 rows takes milliseconds,
 *   D:E over 300,000 used rows 300 MB, A:XFD over 100 rows more than 1 GB;
 * - a whole-row range (1:1, 5:9) costs its rows times the sheet's used columns.
 *
 * So an explicit range over whole columns (A1:A1048576, as Excel writes A:A in some files) or whole rows
 * (A1:XFD1) is given to the engine as the column or row range it equals in every cell (the file keeps
 * its text), and each range is measured as the engine will hold it: a range over MAX_RANGE_CELLS, or
 * one that takes the file's ranges together over MAX_RANGE_CELLS_TOTAL, is not taken.
 *
 * Pure: text in, text and counts out.
 */

/** Excel's (and the engine's) sheet. */
const LAST_ROW = 1_048_576;
const LAST_COLUMN = 16_384;

/**
 * The most cells one range of a formula may span as the engine holds it (about 0.5 s and 250 MB in
 * HyperFormula when every cell is empty). A whole column over up to 500,000 used rows is within it.
 */
export const MAX_RANGE_CELLS = 500_000;

/**
 * The most cells the distinct ranges of a file's formulas may span together (a range used by many
 * formulas counts once: the engine shares it); the same as the cells a file may hold (limits.ts).
 */
export const MAX_RANGE_CELLS_TOTAL = 2_000_000;

/** How far a sheet's stored cells reach (1-based; 0 when it stores none). */
export interface SheetExtent {
  rows: number;
  columns: number;
}

/** One range reference of a formula, as written and as the engine takes it. */
export interface RangeReference {
  /** As the formula writes it, sheet included ("Data!$A$1:$A$1048576", "C:D"). */
  text: string;
  /** The sheet it is on (the formula's own when it names none). */
  sheet: string;
  /** Where it starts in the formula, and its text after the sheet ("$A$1:$A$1048576"). */
  at: number;
  body: string;
  /** How the engine is given it (without the sheet): "$A:$A" for $A$1:$A$1048576; else as written. */
  engine: string;
  /** What the engine holds: an explicit block, whole columns or whole rows. */
  kind: 'cells' | 'columns' | 'rows';
  /** 1-based bounds as written (a column range: rows 1..LAST_ROW). */
  top: number;
  left: number;
  bottom: number;
  right: number;
  /** Cells the engine takes on for it: the block, or its columns (rows) times the sheet's used rows (columns). */
  cells: number;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/**
 * A range: an optional sheet ('My sheet'! or Sheet1!), then A1:B2, A:B or 1:2, each part with or
 * without $; not part of a longer name, a function's name, or a 3-D reference.
 */
const RANGE =
  /(?<![A-Za-z0-9_.!$'\]:])((?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?(?:(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7}):(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})|(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})|(\$?)(\d{1,7}):(\$?)(\d{1,7}))(?![A-Za-z0-9_.(!:$])/g;

/**
 * The range references of a formula (text in double quotes skipped), measured against the extents of
 * the sheets (by name, any case) and with the engine's form of each. `sheet` is the formula's own sheet.
 * A reference to a sheet not in `extents`, or beyond Excel's sheet, is left out (the engine judges it).
 */
export function rangeReferences(formula: string, sheet: string, extents: Map<string, SheetExtent>): RangeReference[] {
  // Blank out text in quotes, keeping every position.
  const code = formula.replace(/"(?:[^"]|"")*"/g, (s) => '"' + ' '.repeat(s.length - 2) + '"');
  const extentOf = (name: string) => extents.get(name.toLowerCase());
  const out: RangeReference[] = [];
  for (const m of code.matchAll(RANGE)) {
    const prefix = m[1];
    const on = prefix ? (prefix.startsWith("'") ? prefix.slice(1, -2).replace(/''/g, "'") : prefix.slice(0, -1)) : sheet;
    const extent = extentOf(on);
    if (!extent) continue;
    const text = m[0];
    const body = prefix ? text.slice(prefix.length) : text;
    let ref: Omit<RangeReference, 'cells' | 'text' | 'sheet' | 'at' | 'body'>;
    if (m[3] !== undefined) {
      const [c1, r1, c2, r2] = [columnNumber(m[3]), Number(m[5]), columnNumber(m[7]), Number(m[9])];
      if (Math.max(c1, c2) > LAST_COLUMN || Math.max(r1, r2) > LAST_ROW || Math.min(r1, r2) < 1) continue;
      const [top, bottom, left, right] = [Math.min(r1, r2), Math.max(r1, r2), Math.min(c1, c2), Math.max(c1, c2)];
      // Column (row) letters with their own $, in the order written, for the whole-column (row) form.
      const [a, b] = c1 <= c2 ? [`${m[2]}${m[3]}`, `${m[6]}${m[7]}`] : [`${m[6]}${m[7]}`, `${m[2]}${m[3]}`];
      const [p, q] = r1 <= r2 ? [`${m[4]}${m[5]}`, `${m[8]}${m[9]}`] : [`${m[8]}${m[9]}`, `${m[4]}${m[5]}`];
      const allRows = top === 1 && bottom === LAST_ROW;
      const allColumns = left === 1 && right === LAST_COLUMN;
      const asColumns = { engine: `${a}:${b}`.toUpperCase(), kind: 'columns' as const, top, left, bottom, right };
      const asRows = { engine: `${p}:${q}`, kind: 'rows' as const, top, left, bottom, right };
      if (allRows && allColumns) ref = (right - left + 1) * extent.rows <= (bottom - top + 1) * extent.columns ? asColumns : asRows;
      else if (allRows) ref = asColumns;
      else if (allColumns) ref = asRows;
      else ref = { engine: body, kind: 'cells', top, left, bottom, right };
    } else if (m[11] !== undefined) {
      const [c1, c2] = [columnNumber(m[11]), columnNumber(m[13])];
      if (Math.max(c1, c2) > LAST_COLUMN) continue;
      ref = { engine: body, kind: 'columns', top: 1, bottom: LAST_ROW, left: Math.min(c1, c2), right: Math.max(c1, c2) };
    } else {
      const [r1, r2] = [Number(m[15]), Number(m[17])];
      if (Math.max(r1, r2) > LAST_ROW || Math.min(r1, r2) < 1) continue;
      ref = { engine: body, kind: 'rows', top: Math.min(r1, r2), bottom: Math.max(r1, r2), left: 1, right: LAST_COLUMN };
    }
    const rows = ref.bottom - ref.top + 1;
    const columns = ref.right - ref.left + 1;
    const cells = ref.kind === 'cells' ? rows * columns : ref.kind === 'columns' ? columns * Math.max(1, extent.rows) : rows * Math.max(1, extent.columns);
    out.push({ ...ref, text, sheet: on, cells, at: m.index! + (prefix?.length ?? 0), body });
  }
  return out;
}

const int = (n: number) => n.toLocaleString('en-US');

function columnLetter(n: number): string {
  let out = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) out = String.fromCharCode(65 + ((c - 1) % 26)) + out;
  return out;
}

/** A range's size in words: "17,179,869,184 cells", "2 whole columns over the sheet's 300,000 used rows: 600,000 cells". */
export function rangeSize(ref: RangeReference, extent: SheetExtent): string {
  if (ref.kind === 'cells') return `${int(ref.cells)} cells`;
  const n = ref.kind === 'columns' ? ref.right - ref.left + 1 : ref.bottom - ref.top + 1;
  const used = ref.kind === 'columns' ? `${int(Math.max(1, extent.rows))} used row${extent.rows === 1 ? '' : 's'}` : `${int(Math.max(1, extent.columns))} used column${extent.columns === 1 ? '' : 's'}`;
  if (ref.top === 1 && ref.bottom === LAST_ROW && ref.left === 1 && ref.right === LAST_COLUMN)
    return `the whole sheet, which Watt's engine holds as ${ref.kind === 'columns' ? `${int(n)} whole columns` : `${int(n)} whole rows`} over the sheet's ${used}: ${int(ref.cells)} cells`;
  const what = ref.kind === 'columns' ? (n === 1 ? 'a whole column' : `${int(n)} whole columns`) : n === 1 ? 'a whole row' : `${int(n)} whole rows`;
  return `${what} over the sheet's ${used}: ${int(ref.cells)} cells`;
}

/** The arguments of each call of `fn` (by name, any case) in a formula, as text. */
function callArguments(formula: string, fn: RegExp): string[][] {
  const out: string[][] = [];
  for (const m of formula.matchAll(fn)) {
    const args: string[] = [];
    let depth = 0;
    let start = m.index! + m[0].length;
    for (let i = start; i < formula.length; i++) {
      const ch = formula[i];
      if (ch === '"') {
        const end = formula.indexOf('"', i + 1);
        if (end < 0) break;
        i = end; // a doubled quote is two quoted runs, the same here
      } else if (ch === '(' || ch === '{') depth++;
      else if ((ch === ')' || ch === '}') && depth > 0) depth--;
      else if (ch === ')') {
        args.push(formula.slice(start, i).trim());
        break;
      } else if (ch === ',' && depth === 0) {
        args.push(formula.slice(start, i).trim());
        start = i + 1;
      }
    }
    out.push(args);
  }
  return out;
}

/**
 * A criterion of COUNTIF(S) that cannot match an empty cell: a number, or text in quotes that is not
 * empty, not "=" and not "<>..." (Excel counts the empty cells of a range for "", "=" and "<>x").
 */
function criterionSkipsBlanks(arg: string): boolean {
  if (/^[+-]?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(arg)) return true;
  const m = /^"((?:[^"]|"")*)"$/.exec(arg);
  return !!m && m[1] !== '' && m[1] !== '=' && !m[1].startsWith('<>');
}

/**
 * A whole column (row) a formula may count the empty cells of, or undefined. The engine reads a whole
 * column only down to the sheet's last used row (HyperFormula 3.5: COUNTBLANK(A:A) is 0 where Excel
 * counts 1,048,476 on a sheet of 100 rows; COUNTIF(D:D,"<>1") 100 where Excel counts 1,048,576), so a
 * formula that reads blanks there is not taken rather than computed short: COUNTBLANK, ISBLANK, COUNTIF(S)
 * with a criterion that can match a blank (or one read from a cell), or a whole range next to an
 * operator other than * (A:A="", 1-A:A, which an empty cell turns into a number). SUM, SUMIFS, COUNT,
 * COUNTA, AVERAGE, MAX, MIN, lookups and SUMPRODUCT(A:A,B:B) skip or zero an empty cell: taken.
 */
export function blankReader(formula: string, ranges: RangeReference[]): RangeReference | undefined {
  const whole = ranges.filter((r) => r.kind !== 'cells');
  if (whole.length === 0) return undefined;
  const code = formula.replace(/"(?:[^"]|"")*"/g, (t) => '"' + ' '.repeat(t.length - 2) + '"');
  if (/(?<![A-Za-z0-9_.])(?:COUNTBLANK|ISBLANK)\s*\(/i.test(code)) return whole[0];
  const counts = callArguments(formula, /(?<![A-Za-z0-9_.])(?:_xlfn\.)?COUNTIFS?\s*\(/gi);
  // COUNTIF(S): a criterion that can match an empty cell, over a whole range (its range argument, just before it).
  for (const args of counts)
    for (let i = 1; i < args.length; i += 2) {
      if (criterionSkipsBlanks(args[i])) continue;
      const over = whole.find((r) => args[i - 1].includes(r.text));
      if (over) return over;
    }
  const operator = /[=<>+\-/^&]/;
  return whole.find((r) => {
    const start = r.at - (r.text.length - r.body.length);
    const before = code.slice(0, start).trimEnd();
    const after = code.slice(r.at + r.body.length).trimStart();
    return (before.length > 1 && operator.test(before[before.length - 1])) || operator.test(after[0] ?? '');
  });
}

/** The verdict on one formula: its text for the engine, or why it is not taken. */
export type RangeVerdict = { engine: string; refused?: undefined; ranges: RangeReference[] } | { refused: string; engine?: undefined; ranges: RangeReference[] };

/**
 * Holds a formula's ranges to the bound. `budget` carries the distinct ranges taken so far (by sheet and
 * engine form) and their cells, across the file; a formula taken adds its new ranges to it.
 */
export function boundRanges(formula: string, sheet: string, extents: Map<string, SheetExtent>, budget: { seen: Set<string>; cells: number }): RangeVerdict {
  const ranges = rangeReferences(formula, sheet, extents);
  if (ranges.length === 0) return { engine: formula, ranges };
  const extent = (r: RangeReference) => extents.get(r.sheet.toLowerCase())!;
  const over = ranges.find((r) => r.cells > MAX_RANGE_CELLS);
  if (over)
    return { ranges, refused: `its range ${over.text} spans ${rangeSize(over, extent(over))}, more than Watt's engine takes in one range (${int(MAX_RANGE_CELLS)} cells)` };
  const blanks = blankReader(formula, ranges);
  if (blanks) {
    const e = extent(blanks);
    const last = blanks.kind === 'columns' ? `the sheet's last used row (${int(Math.max(1, e.rows))})` : `the sheet's last used column (${columnLetter(Math.max(1, e.columns))})`;
    return { ranges, refused: `it may count the empty cells of ${blanks.kind === 'columns' ? 'a whole column' : 'a whole row'} (${blanks.text}: COUNTBLANK, ISBLANK, COUNTIF with a criterion that can match an empty cell, or a comparison), and Watt's engine reads ${blanks.kind === 'columns' ? 'a whole column only down to' : 'a whole row only across to'} ${last}, so it would miss those beyond` };
  }
  const fresh = new Map<string, number>();
  for (const r of ranges) {
    const key = `${r.sheet.toLowerCase()}!${r.engine.replace(/\$/g, '').toUpperCase()}`;
    if (!budget.seen.has(key)) fresh.set(key, r.cells);
  }
  const added = [...fresh.values()].reduce((a, b) => a + b, 0);
  if (budget.cells + added > MAX_RANGE_CELLS_TOTAL) {
    const largest = ranges.reduce((a, b) => (b.cells > a.cells ? b : a));
    return { ranges, refused: `its ranges (${largest.text}: ${rangeSize(largest, extent(largest))}) would take the ranges of the file's formulas together over ${int(MAX_RANGE_CELLS_TOTAL)} cells, Watt's engine's limit` };
  }
  for (const key of fresh.keys()) budget.seen.add(key);
  budget.cells += added;
  // The engine's text: each range rewritten to its engine form, from the end so positions hold.
  let engine = formula;
  for (const r of [...ranges].reverse()) {
    if (r.engine !== r.body) engine = engine.slice(0, r.at) + r.engine + engine.slice(r.at + r.body.length);
  }
  return { engine, ranges };
}
