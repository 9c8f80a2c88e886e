/**
 * The loader: turns a template (data) into a plan of writes for a host, and inserts it through a host
 * adapter. Pure: no host, no I/O; the adapters (Excel, engine) apply the plan all or nothing.
 *
 *  - Sheet names: the template's title if free, else "Title (2)", "Title (3)", ...; compared without
 *    regard to case as Excel does; at most 31 characters; characters Excel refuses (: \ / ? * [ ])
 *    replaced; no leading or trailing apostrophe.
 *  - Formulas: "{{Sheet title}}" placeholders become the sheet's final name, quoted for Excel
 *    ('Keep mining (2)'!B4) with apostrophes doubled.
 *  - Validation: every ref is a single A1 cell inside Excel's grid, no cell twice, a cell is a value or
 *    a formula (not both), formulas start with "=", placeholders name a sheet of the template, names
 *    are legal Excel names, unique per sheet (case-insensitive) and not cell references.
 *  - Order: constants first, then formulas in template order, so an engine that sizes spilled tables
 *    when a formula is entered sees its inputs already set.
 */
import type { HostAdapter, PlannedSheet, Template, TemplateCell, WorkbookState, WritePlan } from './types';

/** Excel's limit on a sheet name's length. */
export const MAX_SHEET_NAME = 31;
/** Excel's grid: columns A..XFD, rows 1..1048576. */
export const MAX_COLUMNS = 16384;
export const MAX_ROWS = 1048576;

/** A template that cannot be planned: names the template, the sheet and the cell. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** A sheet title made legal for Excel: forbidden characters become "-", trimmed, at most 31 characters. */
export function legalSheetName(title: string): string {
  let name = title.replace(/[:\\/?*[\]]/g, '-').replace(/\s+/g, ' ').trim();
  name = name.replace(/^'+|'+$/g, '').trim();
  if (name === '') name = 'Sheet';
  if (name.toLowerCase() === 'history') name = 'History sheet'; // reserved by Excel
  return name.slice(0, MAX_SHEET_NAME).trim();
}

/**
 * The first free name for a title among taken names (case-insensitive): "Title", "Title (2)", ...
 * The base is shortened when needed so the suffix fits in 31 characters.
 */
export function freeSheetName(title: string, taken: Iterable<string>): string {
  const used = new Set(Array.from(taken, (n) => n.toLowerCase()));
  const base = legalSheetName(title);
  if (!used.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const candidate = `${base.slice(0, MAX_SHEET_NAME - suffix.length).trimEnd()}${suffix}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** Quotes a sheet name for a formula: 'Keep mining (2)', apostrophes doubled. */
export function quoteSheetName(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** Column letters → 1-based index ("A" → 1, "XFD" → 16384). */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** 1-based column index → letters. */
export function columnLetters(index: number): string {
  let s = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** "B4" → { row: 3, col: 1 } (0-based), or undefined when not a single cell inside Excel's grid. */
export function parseRef(ref: string): { row: number; col: number } | undefined {
  const m = /^([A-Za-z]{1,3})([1-9][0-9]{0,6})$/.exec(ref);
  if (!m) return undefined;
  const col = columnIndex(m[1]);
  const row = Number(m[2]);
  if (col > MAX_COLUMNS || row > MAX_ROWS) return undefined;
  return { row: row - 1, col: col - 1 };
}

/** "B20:M80" → 0-based corners (top-left, bottom-right), or undefined when not a block inside the grid. */
export function parseBlock(range: string): { top: number; left: number; bottom: number; right: number } | undefined {
  const [a, b = a] = range.split(':');
  const p = parseRef(a);
  const q = parseRef(b);
  if (!p || !q || range.split(':').length > 2) return undefined;
  return { top: Math.min(p.row, q.row), left: Math.min(p.col, q.col), bottom: Math.max(p.row, q.row), right: Math.max(p.col, q.col) };
}

/** 0-based row and column → "B4". */
export function cellRef(row: number, col: number): string {
  return `${columnLetters(col + 1)}${row + 1}`;
}

/**
 * Excel's rules for a defined name: starts with a letter, "_" or "\", then letters, digits, "_" or ".";
 * at most 255 characters; not a cell reference in A1 ("BTC1") or R1C1 ("R", "C", "R1C1") style.
 */
export function isLegalName(name: string): boolean {
  if (!/^[A-Za-z_\\][A-Za-z0-9_.]*$/.test(name) || name.length > 255) return false;
  if (/^[A-Za-z]{1,3}[0-9]+$/.test(name) && parseRef(name)) return false;
  if (/^[RrCc]$/.test(name) || /^[Rr][0-9]*[Cc][0-9]*$/.test(name)) return false;
  return true;
}

const PLACEHOLDER = /('?)\{\{([^{}]+)\}\}('?)/g;

/** The WATT functions a template's formulas call (upper-case ids, e.g. "HASHPRICE"), sorted. */
export function functionsUsed(template: Template): string[] {
  const ids = new Set<string>();
  for (const sheet of template.sheets) {
    for (const cell of sheet.cells) {
      for (const m of (cell.formula ?? '').matchAll(/WATT\.([A-Za-z0-9_]+)\s*\(/gi)) ids.add(m[1].toUpperCase());
    }
  }
  return [...ids].sort();
}

/** Every problem of a template, as messages naming the sheet and cell; empty when it can be planned. */
export function validateTemplate(template: Template): string[] {
  const problems: string[] = [];
  const where = (sheet: string, ref?: string) => `template "${template.id}", sheet "${sheet}"${ref ? `, cell ${ref}` : ''}`;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(template.id)) problems.push(`template id "${template.id}" must be lower-case letters, digits and "-"`);
  if (template.sheets.length === 0) problems.push(`template "${template.id}" has no sheet`);
  const titles = new Set<string>();
  for (const sheet of template.sheets) {
    const key = sheet.title.toLowerCase();
    if (titles.has(key)) problems.push(`${where(sheet.title)}: two sheets have this title`);
    titles.add(key);
  }
  for (const sheet of template.sheets) {
    const refs = new Set<string>();
    const names = new Set<string>();
    for (const cell of sheet.cells) {
      const pos = parseRef(cell.ref);
      if (!pos) {
        problems.push(`${where(sheet.title, cell.ref)}: not a single A1 cell inside Excel's grid`);
        continue;
      }
      const ref = cell.ref.toUpperCase();
      if (refs.has(ref)) problems.push(`${where(sheet.title, ref)}: written twice`);
      refs.add(ref);
      if (cell.formula !== undefined) {
        if (cell.value !== undefined) problems.push(`${where(sheet.title, ref)}: has both a value and a formula`);
        if (!cell.formula.startsWith('=')) problems.push(`${where(sheet.title, ref)}: formula must start with "="`);
        for (const m of cell.formula.matchAll(PLACEHOLDER)) {
          if (!titles.has(m[2].toLowerCase())) problems.push(`${where(sheet.title, ref)}: {{${m[2]}}} names no sheet of this template`);
        }
      } else if (typeof cell.value === 'string' && cell.value.startsWith('=')) {
        problems.push(`${where(sheet.title, ref)}: text starting with "=" must be a formula`);
      } else if (typeof cell.value === 'number' && !Number.isFinite(cell.value)) {
        problems.push(`${where(sheet.title, ref)}: value is not a finite number`);
      }
      if (cell.choices !== undefined) {
        if (cell.choices.length === 0 || cell.choices.some((c) => c === '' || c.includes(','))) problems.push(`${where(sheet.title, ref)}: choices must be non-empty texts without commas`);
        else if (cell.formula !== undefined || (cell.value !== null && cell.value !== undefined && !cell.choices.includes(String(cell.value)))) problems.push(`${where(sheet.title, ref)}: a choice input's value must be one of ${cell.choices.join(', ')}`);
      }
      if (cell.name !== undefined) {
        if (!isLegalName(cell.name)) problems.push(`${where(sheet.title, ref)}: "${cell.name}" is not a legal Excel name`);
        const key = cell.name.toLowerCase();
        if (names.has(key)) problems.push(`${where(sheet.title, ref)}: name "${cell.name}" is used twice on this sheet`);
        names.add(key);
      }
    }
    for (const block of sheet.rangeFormats ?? []) {
      const b = parseBlock(block.range);
      if (!b) problems.push(`${where(sheet.title)}: range format "${block.range}" is not an A1 block`);
      else if ((b.bottom - b.top + 1) * (b.right - b.left + 1) > 50_000) problems.push(`${where(sheet.title)}: range format "${block.range}" is larger than 50,000 cells`);
    }
    for (const chart of sheet.charts ?? []) {
      const cat = parseBlock(chart.categories);
      const ser = parseBlock(chart.series);
      if (!cat || cat.left !== cat.right) problems.push(`${where(sheet.title)}: chart "${chart.title}" categories "${chart.categories}" must be a block of one column`);
      if (!ser) problems.push(`${where(sheet.title)}: chart "${chart.title}" series "${chart.series}" is not an A1 block`);
      else if (cat && ser.bottom - ser.top !== cat.bottom - cat.top + 1) problems.push(`${where(sheet.title)}: chart "${chart.title}" series "${chart.series}" must be one header row plus as many rows as its categories`);
      if (!parseRef(chart.anchor)) problems.push(`${where(sheet.title)}: chart "${chart.title}" anchor "${chart.anchor}" is not a cell`);
    }
    if (sheet.freeze && (sheet.freeze.rows < 0 || sheet.freeze.columns < 0)) problems.push(`${where(sheet.title)}: freeze counts must be >= 0`);
    if (sheet.columnWidths?.some((w) => !(w > 0 && w < 1000))) problems.push(`${where(sheet.title)}: column widths must be in (0, 1000) points`);
    if (sheet.print) {
      const { titleColumns, headerRow, groups } = sheet.print;
      if (!(Number.isInteger(titleColumns) && titleColumns >= 0)) problems.push(`${where(sheet.title)}: print title columns must be a count >= 0`);
      if (!(Number.isInteger(headerRow) && headerRow >= 1)) problems.push(`${where(sheet.title)}: print header row must be a row number >= 1`);
      // Groups: column spans ("C:E", "AD"), left to right, after the title columns, not overlapping.
      let after = titleColumns;
      for (const g of groups) {
        const m = /^([A-Z]{1,3})(?::([A-Z]{1,3}))?$/.exec(g);
        const from = m ? columnIndex(m[1]) : NaN;
        const to = m ? columnIndex(m[2] ?? m[1]) : NaN;
        if (!m || !(from <= to) || from <= after) problems.push(`${where(sheet.title)}: print group "${g}" must be a column span after the title columns and the groups before it`);
        else after = to;
      }
    }
  }
  return problems;
}

/** Replaces {{Title}} placeholders by the quoted final sheet name. */
function resolveFormula(formula: string, finalNames: Map<string, string>): string {
  return formula.replace(PLACEHOLDER, (_all, _open: string, title: string) => quoteSheetName(finalNames.get(title.toLowerCase())!));
}

/**
 * The writes that insert a template into a workbook in this state: one new sheet per template sheet
 * under a free name, formulas resolved, constants before formulas. Throws TemplateError on an invalid
 * template. Never touches the state it is given.
 */
export function planInsert(template: Template, state: WorkbookState): WritePlan {
  const problems = validateTemplate(template);
  if (problems.length > 0) throw new TemplateError(`cannot insert ${template.id}: ${problems.join('; ')}`);
  const taken = [...state.sheetNames];
  const finalNames = new Map<string, string>();
  for (const sheet of template.sheets) {
    const name = freeSheetName(sheet.title, taken);
    taken.push(name);
    finalNames.set(sheet.title.toLowerCase(), name);
  }
  const sheets: PlannedSheet[] = template.sheets.map((sheet) => {
    const constants: TemplateCell[] = [];
    const formulas: TemplateCell[] = [];
    for (const cell of sheet.cells) {
      const ref = cell.ref.toUpperCase();
      if (cell.formula !== undefined) formulas.push({ ...cell, ref, formula: resolveFormula(cell.formula, finalNames) });
      else constants.push({ ...cell, ref });
    }
    return {
      title: sheet.title,
      name: finalNames.get(sheet.title.toLowerCase())!,
      cells: [...constants, ...formulas],
      ...(sheet.columnWidths ? { columnWidths: [...sheet.columnWidths] } : {}),
      ...(sheet.freeze ? { freeze: { ...sheet.freeze } } : {}),
      ...(sheet.rangeFormats ? { rangeFormats: sheet.rangeFormats.map((f) => ({ ...f, range: f.range.toUpperCase() })) } : {}),
      ...(sheet.charts ? { charts: sheet.charts.map((c) => ({ ...c })) } : {}),
      ...(sheet.print ? { print: { ...sheet.print, groups: [...sheet.print.groups] } } : {}),
    };
  });
  return { templateId: template.id, sheets };
}

/** Reads the host's state, plans and applies: returns the plan written (its sheets' final names). */
export async function insertTemplate(template: Template, adapter: HostAdapter): Promise<WritePlan> {
  const state = await adapter.readState();
  const plan = planInsert(template, state);
  await adapter.apply(plan);
  return plan;
}
