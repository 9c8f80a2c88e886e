/**
 * Guarded values for Share in Excel (native): the same guards as the .xlsx writer (src/xlsx/guard.ts),
 * traced without the engine from the formulas Excel gives. A value Watt still writes (a call without
 * a native form) reads, transitively through the formulas of the shared sheets, some leaf cells: their
 * values are recorded on a very hidden sheet "Watt inputs" with a flag each, and the value is written
 * =IF('Watt inputs'!$E$n, value, NA()). References are read from the formula text: cells and ranges
 * (A1, $B$2:$C$9, 'Other sheet'!B4) and the sheets' own names; a reference to a sheet that is not
 * shared is not followed (its cells are not in the copy's model).
 */
import { cellRef, freeSheetName, parseBlock, parseRef, quoteSheetName } from '../templates/plan';
import { absolute, allOf, flagFormula, GUARD_HEADER, GUARD_SHEET, guardedValueFormula, MASKS, maskedFormula, ValueKind } from '../xlsx/guard-formulas';

/** A shared sheet as the guards read it. */
export interface GuardSource {
  name: string;
  /** The copy's name: the guards compare the copy's cells. */
  copy: string;
  origin: { row: number; col: number };
  formulas: unknown[][];
  values: unknown[][];
  spills?: Record<string, string>;
  names?: Record<string, string>;
}

/** A cell (or spilled table) shared as values. */
export interface ShareTarget {
  sheet: string;
  ref: string;
  /** The block it fills ("B20:E31"), or the cell. */
  block: string;
  formula: string;
}

export interface ShareGuards {
  name: string;
  /** The record sheet's content, as a Range.formulas grid from A1. */
  grid: unknown[][];
  /** "sheet!A1" (lower-case sheet) of a target's anchor → its condition. */
  okRef: Map<string, string>;
  /** "sheet!A1" → the condition of a formula that reads a guarded value through IFERROR and the like. */
  masked: Map<string, string>;
  leaves: number;
}

const TYPED_ERRORS = /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|SPILL!|CALC!|GETTING_DATA|BUSY!)$/;

/** The kind of a value as Range.values gives it. */
export function excelKind(value: unknown): ValueKind {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string' && TYPED_ERRORS.test(value)) return 'error';
  return typeof value === 'string' && value !== '' ? 'text' : 'empty';
}

const REF = /(?<![A-Za-z0-9_.$'!])(?:('(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)(?![A-Za-z0-9_.(!])/g;
const NAME = /(?<![A-Za-z0-9_.$'!])([A-Za-z_\\][A-Za-z0-9_.]*)(?![A-Za-z0-9_.(!])/g;

/** Plans the guards of the targets over the shared sheets. */
export function planShareGuards(sources: readonly GuardSource[], targets: readonly ShareTarget[], taken: Iterable<string>): ShareGuards {
  const name = freeSheetName(GUARD_SHEET, taken);
  const byName = new Map(sources.map((s) => [s.name.toLowerCase(), s]));
  const key = (sheet: string, row: number, col: number) => `${sheet.toLowerCase()}!${cellRef(row, col)}`;
  const cellOf = (s: GuardSource, row: number, col: number, grid: unknown[][]) => grid[row - s.origin.row]?.[col - s.origin.col];
  // Every cell of a spilled table → its anchor; every target cell → its target.
  const anchorOf = new Map<string, { sheet: GuardSource; row: number; col: number }>();
  for (const s of sources) {
    for (const [ref, spill] of Object.entries(s.spills ?? {})) {
      const at = parseRef(ref);
      const b = parseBlock(spill);
      if (!at || !b) continue;
      for (let r = b.top; r <= b.bottom; r++) for (let c = b.left; c <= b.right; c++) anchorOf.set(key(s.name, r, c), { sheet: s, ...at });
    }
  }
  const targetOf = new Map<string, ShareTarget>();
  for (const t of targets) {
    const b = parseBlock(t.block)!;
    for (let r = b.top; r <= b.bottom; r++) for (let c = b.left; c <= b.right; c++) targetOf.set(key(t.sheet, r, c), t);
  }

  /** The cells a formula reads directly, on shared sheets. */
  function reads(s: GuardSource, formula: string): { sheet: GuardSource; row: number; col: number }[] {
    const out: { sheet: GuardSource; row: number; col: number }[] = [];
    const add = (sheet: GuardSource | undefined, block: string) => {
      const b = parseBlock(block.replace(/\$/g, '').toUpperCase());
      if (!sheet || !b) return;
      const bottom = Math.min(b.bottom, sheet.origin.row + sheet.formulas.length - 1);
      const right = Math.min(b.right, sheet.origin.col + Math.max(0, ...sheet.formulas.map((r) => r.length)) - 1);
      for (let r = b.top; r <= bottom; r++) for (let c = b.left; c <= right; c++) out.push({ sheet, row: r, col: c });
    };
    const sheetOf = (text: string | undefined) => (text === undefined ? s : byName.get(text.replace(/^'|'$/g, '').replace(/''/g, "'").toLowerCase()));
    const code = formula.replace(/^=/, '').split(/("(?:[^"]|"")*")/).filter((_, i) => i % 2 === 0).join(' ');
    for (const m of code.matchAll(REF)) add(sheetOf(m[1]), m[2]);
    for (const m of code.replace(REF, ' ').matchAll(NAME)) {
      const target = s.names?.[m[1].toLowerCase()];
      if (!target) continue;
      const r = /^=?(?:('(?:[^']|'')+'|[^!]+)!)?(.+)$/.exec(target);
      if (r) add(sheetOf(r[1]), r[2]);
    }
    return out;
  }

  const rows: unknown[][] = [GUARD_HEADER];
  const okRef = new Map<string, string>();
  let leaves = 0;
  for (const t of targets) {
    const source = byName.get(t.sheet.toLowerCase())!;
    const root = parseRef(t.ref)!;
    const seen = new Set<string>();
    const found: { sheet: GuardSource; row: number; col: number }[] = [];
    const queue = [{ sheet: source, ...root }];
    while (queue.length > 0) {
      const at = queue.pop()!;
      const k = key(at.sheet.name, at.row, at.col);
      if (seen.has(k)) continue;
      seen.add(k);
      const isRoot = at.sheet === source && at.row === root.row && at.col === root.col;
      if (!isRoot && targetOf.has(k)) {
        if (targetOf.get(k) !== t) found.push(at);
        continue;
      }
      const formula = cellOf(at.sheet, at.row, at.col, at.sheet.formulas);
      if (typeof formula === 'string' && formula.startsWith('=')) {
        queue.push(...reads(at.sheet, formula));
        continue;
      }
      const anchor = anchorOf.get(k);
      if (anchor && !(anchor.row === at.row && anchor.col === at.col)) {
        queue.push(anchor);
        continue;
      }
      found.push(at);
    }
    found.sort((a, b) => a.sheet.name.localeCompare(b.sheet.name) || a.row - b.row || a.col - b.col);
    const first = rows.length + 1;
    const last = first + Math.max(found.length, 1) - 1;
    const head = [found.length === 0 ? '=TRUE' : `=SUM(D${first}:D${last})=0`, `'${t.formula}`, `'${quoteSheetName(t.sheet)}!${t.block}`];
    if (found.length === 0) rows.push(['', '', '', '', ...head]);
    found.forEach((leaf, i) => {
      const value = cellOf(leaf.sheet, leaf.row, leaf.col, leaf.sheet.values) ?? '';
      const kind = excelKind(value);
      const x = `${quoteSheetName(leaf.sheet.copy)}!${absolute(cellRef(leaf.row, leaf.col))}`;
      const recorded = kind === 'text' ? `'${value as string}` : kind === 'empty' ? '' : value;
      rows.push([`'${leaf.sheet.copy}`, cellRef(leaf.row, leaf.col), recorded, `=${flagFormula(x, kind, `C${first + i}`, targetOf.has(key(leaf.sheet.name, leaf.row, leaf.col)))}`, ...(i === 0 ? head : ['', '', ''])]);
    });
    leaves += found.length;
    okRef.set(key(t.sheet, root.row, root.col), `${quoteSheetName(name)}!$E$${first}`);
  }

  // Formulas of the shared sheets that read a guarded value through a function that would hide its #N/A.
  const masked = new Map<string, string>();
  for (const s of sources) {
    s.formulas.forEach((row, r) => row.forEach((f, c) => {
      if (typeof f !== 'string' || !f.startsWith('=') || !MASKS.test(f.replace(/"(?:[^"]|"")*"/g, '""'))) return;
      const at = { row: s.origin.row + r, col: s.origin.col + c };
      if (targetOf.has(key(s.name, at.row, at.col))) return;
      const oks = new Set<string>();
      const seen = new Set<string>();
      const queue = reads(s, f);
      while (queue.length > 0) {
        const p = queue.pop()!;
        const k = key(p.sheet.name, p.row, p.col);
        if (seen.has(k)) continue;
        seen.add(k);
        const t = targetOf.get(k);
        if (t) {
          oks.add(okRef.get(key(t.sheet, parseRef(t.ref)!.row, parseRef(t.ref)!.col))!);
          continue;
        }
        const g = cellOf(p.sheet, p.row, p.col, p.sheet.formulas);
        if (typeof g === 'string' && g.startsWith('=')) queue.push(...reads(p.sheet, g));
        else {
          const anchor = anchorOf.get(k);
          if (anchor && !(anchor.row === p.row && anchor.col === p.col)) queue.push(anchor);
        }
      }
      if (oks.size > 0) masked.set(key(s.name, at.row, at.col), allOf(oks));
    }));
  }
  return { name, grid: rows, okRef, masked, leaves };
}

/** A guarded target cell as Range.formulas takes it, or undefined to write the value as it is. */
export function guardedCell(ok: string, value: unknown, label: boolean): string | undefined {
  const formula = guardedValueFormula(ok, excelKind(value), value, label);
  return formula === undefined ? undefined : `=${formula}`;
}

/** A formula guarded in turn (it reads a guarded value through IFERROR and the like), "=..." in and out. */
export function maskedCell(ok: string, formula: string): string {
  return `=${maskedFormula(ok, formula.replace(/^=/, ''))}`;
}
