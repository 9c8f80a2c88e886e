/**
 * The .xlsx reader: a file from Excel, LibreOffice or Watt → ExcelJS's workbook (kept, so `recalc` can
 * write it back with everything else as it was) and the same workbook state the writer takes: the
 * engine with every sheet, constant, defined name (with its scope) and formula, plus the formats,
 * styles, notes, choices and layouts beside it. WATT calls are read in every spelling a file may
 * hold (`_xldudf_WATT_X(`, `_xll.WATT.X(`, `WATT.X(`, any case); Excel's `_xlfn.` prefixes are removed.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { HyperFormula } from 'hyperformula';
import { createEngine, FUNCTIONS, toEngineFormula } from '../engine/engine';
import { plainEngineMessage } from '../engine/messages';
import { STYLES } from '../templates/styles';
import type { CellStyle, SheetPrint } from '../templates/types';
import { cellRef, columnIndex, columnLetters, parseBlock } from '../templates/plan';
import { captureDefinedNames, DefinedName } from './names';
import { findWattCalls, fromFileFormula } from './formula';
import { checkXlsxLimits, plainReadError } from './limits';
import type { ReadProblem } from './problems';
import { boundRanges, type SheetExtent } from './ranges';

/** WATT functions that return a table (spilled). */
const TABLES = new Set(FUNCTIONS.filter((f) => f.result?.dimensionality === 'matrix').map((f) => f.id));
import type { CellLook, SheetLook, WorkbookSource } from './write';

export interface LoadedXlsx {
  workbook: ExcelJS.Workbook;
  /** Defined names as the file holds them, sheet scope included. */
  names: DefinedName[];
  /**
   * The number a cell holds as the file stores it. ExcelJS turns a number whose format it takes for a
   * date into a Date, to the millisecond, and into an invalid Date beyond year 275760: its test reads
   * `$#,##0.0,,\M` (LibreOffice's spelling of "M" for millions) as a date format. Read the XML instead.
   */
  rawNumber(sheet: string, ref: string): Promise<number | undefined>;
  /** Print areas of several ranges (sheets printed in bands, print.ts), as the file holds them (printBandNames). */
  printBands?: DefinedName[];
}

/** Raw `<v>` numbers of every sheet, by sheet name then ref (the XML, read on first need). */
function rawNumbers(data: Uint8Array | ArrayBuffer): (sheet: string, ref: string) => Promise<number | undefined> {
  let sheets: Promise<Map<string, Map<string, number>>> | undefined;
  const read = async () => {
    const zip = await JSZip.loadAsync(data);
    const text = async (p: string) => (await zip.file(p)?.async('string')) ?? '';
    const decode = (s: string) => s.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const rels = new Map([...(await text('xl/_rels/workbook.xml.rels')).matchAll(/<Relationship\b[^>]*>/g)].map((m) => [/Id="([^"]+)"/.exec(m[0])?.[1], /Target="([^"]+)"/.exec(m[0])?.[1]]));
    const out = new Map<string, Map<string, number>>();
    for (const m of (await text('xl/workbook.xml')).matchAll(/<sheet\b[^>]*>/g)) {
      const name = decode(/name="([^"]*)"/.exec(m[0])?.[1] ?? '');
      const target = rels.get(/r:id="([^"]+)"/.exec(m[0])?.[1]);
      if (!target) continue;
      const xml = await text(target.startsWith('/') ? target.slice(1) : `xl/${target}`);
      const cells = new Map<string, number>();
      for (const c of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const ref = /\br="([A-Z]+\d+)"/.exec(c[1])?.[1];
        const type = /\bt="([^"]*)"/.exec(c[1])?.[1] ?? 'n';
        const v = c[2] ? /<v>([^<]*)<\/v>/.exec(c[2])?.[1] : undefined;
        if (ref && v !== undefined && type === 'n') cells.set(ref, Number(v));
      }
      out.set(name, cells);
    }
    return out;
  };
  return async (sheet, ref) => (await (sheets ??= read())).get(sheet)?.get(ref);
}

/**
 * ExcelJS reads a print area "$A$1:$O$63" as "A1:O63" and writes it back as "$A1:$O63" (rows
 * relative), which LibreOffice prints as more pages, blank ones among them: the rows get their "$"
 * back, so a file read and written again (watt recalc) keeps its print area.
 */
export function absolutePrintAreas(workbook: ExcelJS.Workbook): void {
  workbook.eachSheet((ws) => {
    const area = ws.pageSetup?.printArea;
    if (area) ws.pageSetup.printArea = area.replace(/\$?([A-Z]+)\$?(\d+)/g, '$1$$$2');
  });
}

/**
 * The print areas of several ranges a file holds (a sheet printed in bands, print.ts), as written:
 * ExcelJS keeps only the first range of a print area, so a file read and written again would print its
 * first band alone. `keepPrintBands` gives them back to the workbook before it is written.
 */
export async function printBandNames(data: Uint8Array | ArrayBuffer): Promise<DefinedName[]> {
  const zip = await JSZip.loadAsync(data);
  const xml = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const out: DefinedName[] = [];
  const unescape = (t: string) => t.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  for (const m of xml.matchAll(/<definedName\b([^>]*)>([^<]*)<\/definedName>/g)) {
    if (!/name="_xlnm\.Print_Area"/.test(m[1])) continue;
    const id = /localSheetId="(\d+)"/.exec(m[1]);
    // Ranges of one sheet, each 'Sheet'!$A$1:$B$2 (a quoted name has no comma of its own here: the writer
    // gives no print area to a sheet whose name has an apostrophe).
    const ranges = unescape(m[2]).match(/(?:'(?:[^']|'')+'|[^,'!]+)!\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?/g) ?? [];
    if (id && ranges.length > 1) out.push({ name: '_xlnm.Print_Area', ranges, localSheetId: Number(id[1]) });
  }
  return out;
}

/**
 * The print layout (TemplateSheet.print) of a sheet printed in bands, from its print area's ranges and
 * print titles: the title columns, the header row, each band after the first a group of its own and the
 * first band's columns after the title columns one more. Undefined when the ranges are not bands.
 */
export function bandsAsPrint(area: DefinedName, ws: ExcelJS.Worksheet): SheetPrint | undefined {
  const spans = area.ranges.map((r) => /!\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?\d+$/.exec(r));
  if (spans.some((m) => !m)) return undefined;
  const titles = /^\$?([A-Z]+):\$?([A-Z]+)$/.exec(ws.pageSetup?.printTitlesColumn ?? '');
  const rows = /^\$?(\d+):\$?(\d+)$/.exec(ws.pageSetup?.printTitlesRow ?? '');
  const titleColumns = titles ? columnIndex(titles[2]) : 0;
  const headerRow = rows ? Number(rows[2]) : Number(spans[1]![2]) - 1;
  const groups = spans.map((m, i) => `${i === 0 ? columnLetters(titleColumns + 1) : m![1]}:${m![3]}`);
  if (columnIndex(spans[0]![3]) <= titleColumns) groups.shift();
  return { titleColumns, headerRow, groups };
}

/** Writes a file's print areas of several ranges (printBandNames) back into the workbook read from it. */
export function keepPrintBands(loaded: LoadedXlsx, bands: readonly DefinedName[]): void {
  for (const n of bands) {
    const ws = loaded.workbook.worksheets[n.localSheetId!];
    if (!ws) continue;
    delete (ws.pageSetup as { printArea?: string }).printArea;
    loaded.names.push({ ...n, ranges: [...n.ranges] });
  }
}

export interface ReadOptions {
  /** The file's name, for messages ("book.xlsx is too large to open: ..."); default "The file". */
  file?: string;
}

/**
 * Reads .xlsx bytes with ExcelJS, keeping the scope of defined names. The bytes are first held to the
 * reader's limits (limits.ts: size, cells, Excel's rows and columns) without materializing anything;
 * a file over a limit, or one ExcelJS cannot read, throws an XlsxReadError whose message is one
 * sentence about the file (never the library's own words).
 */
export async function loadXlsx(data: Uint8Array | ArrayBuffer, options: ReadOptions = {}): Promise<LoadedXlsx> {
  await checkXlsxLimits(data, options.file);
  const workbook = new ExcelJS.Workbook();
  const names = captureDefinedNames(workbook);
  try {
    await workbook.xlsx.load(data as ArrayBuffer);
  } catch (e) {
    throw plainReadError(e, options.file);
  }
  workbook.eachSheet((ws) => sparseArrays(ws));
  absolutePrintAreas(workbook);
  const rawNumber = rawNumbers(data);
  // Every number ExcelJS turned into a Date goes back to the number the file holds (its format stays),
  // so what is read, recalculated and written back is the file's own serial, to the last digit.
  const dated: ExcelJS.Cell[] = [];
  workbook.eachSheet((ws) =>
    eachStoredCell(ws, (cell) => {
      const v = cell.type === ExcelJS.ValueType.Formula ? cell.result : cell.value;
      if (v instanceof Date) dated.push(cell);
    }),
  );
  for (const cell of dated) {
    const raw = await rawNumber(cell.worksheet.name, cell.address);
    const date1904 = !!workbook.properties?.date1904;
    if (cell.type === ExcelJS.ValueType.Formula) {
      (cell.model as { result?: unknown }).result = raw ?? dateToSerial(cell.result as Date, date1904);
    } else cell.value = raw ?? dateToSerial(cell.value as Date, date1904);
  }
  return { workbook, names, rawNumber, printBands: await printBandNames(data) };
}

/** A formula cell of the file, as read into the engine. */
export interface FileFormula {
  sheet: string;
  ref: string;
  row: number;
  col: number;
  /** The formula text as the file stores it (no "="). */
  stored: string;
  /** As the engine and the user write it ("=WATT.X(...)"). */
  formula: string;
  /** The block of an array formula (CSE or spilled), as the file states it. */
  array?: string;
}

export type { ReadProblem } from './problems';
export { problemMessage, problemPlace } from './problems';

/**
 * How deep the engine's tree of a formula is, at most: a run of operators (`1+1+1`: HyperFormula parses
 * a chain as a nested tree, one level an operator) counts its operators plus the deepest of its operands;
 * a parenthesis or a function's call one level more than what it holds, its deepest argument (a comma
 * starts an argument afresh: =SUM(A1*B1, A2*B2, …) is 2 deep). Text in quotes and quoted sheet names are
 * skipped. The engine evaluates the tree recursively: `=1+1+…+1` of 3,000 terms is 2,999 deep.
 */
export function formulaDepth(formula: string): number {
  // Per open parenthesis: operators of the current argument, its deepest operand, its deepest argument so far.
  const levels = [{ ops: 0, child: 0, arg: 0 }];
  const close = () => {
    const l = levels[levels.length - 1];
    return Math.max(l.arg, l.ops + l.child);
  };
  for (let i = 0; i < formula.length; i++) {
    const ch = formula[i];
    const level = levels[levels.length - 1];
    if (ch === '"' || ch === "'") {
      const end = formula.indexOf(ch, i + 1);
      if (end < 0) break;
      i = end; // a doubled quote ("a""b") is two quoted runs, the same for this count
    } else if (ch === '(' || ch === '{') levels.push({ ops: 0, child: 0, arg: 0 });
    else if (ch === ')' || ch === '}') {
      if (levels.length === 1) continue;
      const depth = close() + 1;
      levels.pop();
      const parent = levels[levels.length - 1];
      parent.child = Math.max(parent.child, depth);
    } else if (ch === ',' || ch === ';') {
      level.arg = close();
      level.ops = 0;
      level.child = 0;
    } else if ('+-*/^&=<>%'.includes(ch) && i > 0) level.ops++;
  }
  while (levels.length > 1) {
    const depth = close() + 1;
    levels.pop();
    const parent = levels[levels.length - 1];
    parent.child = Math.max(parent.child, depth);
  }
  return close();
}

/**
 * The deepest formula the reader gives the engine (formulaDepth). HyperFormula evaluates a chain of
 * operators recursively and runs out of stack between about 1,200 and 1,400 of them (=1+1+…: Excel's
 * 8,192 characters hold 4,000); past this depth a formula is not taken (named, at its cached value)
 * rather than failing the whole file. Nesting runs out in its parser first (about 150 functions deep;
 * Excel allows 64), which the reader catches formula by formula.
 */
export const MAX_FORMULA_DEPTH = 1000;

/** Why the engine refused a formula, in words: its parse message made plain, or the depth it cannot read. */
function formulaRefusal(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError || /call stack/i.test(text)) return 'it is nested or chained too deeply for Watt\'s engine to read';
  return plainEngineMessage(text);
}

/** Why the engine cannot read a name's definition, in words. */
function definitionRefusal(definition: string): string {
  const hint = /^=[^(]*,/.test(definition)
    ? ': a list of ranges, which it does not take'
    : /\bOFFSET\(/i.test(definition)
      ? ': it takes OFFSET only with plain numbers for the offsets and size'
      : '';
  return `Watt's engine cannot read its definition, ${definition}${hint}`;
}

/** Why the engine refused a defined name, in words (HyperFormula: "Name of Named Expression 'X' is invalid"). */
function nameRefusal(name: string, e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  if (/is invalid/i.test(text)) {
    if (/^[A-Za-z]+\d+$/.test(name)) return `Watt's engine reads "${name}" as a cell reference (letters then digits; Excel's columns stop at XFD, the engine's do not), so it cannot be a name there`;
    if (/^[rR]\d*[cC]\d*$/.test(name)) return `Watt's engine reads "${name}" as an R1C1 cell reference, so it cannot be a name there`;
    return `Watt's engine does not take "${name}" as a name: it takes a letter or "_" first, then letters, digits, "_" and "."`;
  }
  if (/already present/i.test(text)) return `"${name}" is already a name in the same scope (or a word the engine reserves, TRUE or FALSE)`;
  return plainEngineMessage(text);
}

/** A formula cell that refers to another workbook (an external link), kept at the value the file cached. */
export interface ExternalLinkCell {
  sheet: string;
  ref: string;
  /** The formula as the file holds it ("=[1]Sheet1!$A$1", or with the path). */
  formula: string;
  /** The other workbook as the formula names it ("[1]", "[book.xlsx]"). */
  link: string;
  /** The value the file cached for it (entered in the engine as a constant); undefined: none. */
  cached?: number | string | boolean | { error: string };
}

export interface EngineWorkbook extends WorkbookSource {
  hf: HyperFormula;
  formats: Map<string, Map<string, CellLook>>;
  layouts: Map<string, SheetLook>;
  formulas: FileFormula[];
  /** What the engine could not take, by cell: the rest is read. A link to another workbook is not one (see externalLinks). */
  problems: ReadProblem[];
  /** Cells linking to another workbook: kept at their cached value, not recalculated (not in problems). */
  externalLinks: ExternalLinkCell[];
}

/** What a link to another workbook does when read, for the user: "links to another workbook ([1]): its cached value 123 is kept, not recalculated". */
export function externalLinkMessage(link: ExternalLinkCell): string {
  const { cached } = link;
  return `links to another workbook (${link.link}): ${cached === undefined ? 'no cached value in the file, left empty' : `its cached value ${cachedText(cached)} is kept`}, not recalculated`;
}

/**
 * The other workbook a formula refers to, if any: `[1]Sheet1!A1` (how a file stores a link, an index
 * into its externalLink parts) or `'C:\\dir\\[book.xlsx]Sheet1'!A1`, outside string literals. A table's
 * structured reference (`Table1[Column]`, `[@Col]`) is not one.
 */
export function externalReference(formula: string): string | undefined {
  const code = formula.replace(/"(?:[^"]|"")*"/g, '""');
  const indexed = /(?:^|[^A-Za-z0-9_.\]\[])'?(\[\d+\])/.exec(code);
  if (indexed) return indexed[1];
  const named = /\[([^\][]+\.(?:xlsx|xlsm|xlsb|xls|xltx|xltm|ods|csv))\]/i.exec(code);
  return named ? `[${named[1]}]` : undefined;
}

/** A constant as the engine takes it: text stays text (HyperFormula's ' prefix), an error its literal (=#N/A is NA()). */
function engineConstant(value: number | string | boolean | { error: string }): number | string | boolean {
  return typeof value === 'object' ? `=${value.error === '#N/A' ? 'NA()' : value.error}` : typeof value === 'string' ? `'${value}` : value;
}

/** The value a formula cell's file cached. */
function cachedValueOf(cell: ExcelJS.Cell, date1904: boolean): ExternalLinkCell['cached'] {
  const v = cell.result as unknown;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (v instanceof Date) return dateToSerial(v, date1904);
  if (typeof v === 'object' && 'error' in (v as object)) return { error: String((v as { error: unknown }).error) };
  return undefined;
}

/** Every ref of a block, row by row. */
function blockRefs(block: { top: number; left: number; bottom: number; right: number }): string[] {
  const refs: string[] = [];
  for (let r = block.top; r <= block.bottom; r++) for (let c = block.left; c <= block.right; c++) refs.push(cellRef(r, c));
  return refs;
}

const cachedText = (v: NonNullable<ExternalLinkCell['cached']>) => (typeof v === 'object' ? v.error : typeof v === 'string' ? `"${v}"` : String(v));

/**
 * ExcelJS keeps a sheet's rows, and a row's cells, in arrays indexed by position: a cell at XFD makes a
 * row array of 16,384 slots, a row at 1,048,576 a sheet array of a million, nearly all holes, and it
 * walks them with forEach (which visits every hole) each time it reads or writes a row: 2,000 rows out
 * to XFD took 5 s to write back. On such a sparse array, forEach is given its own that visits only the
 * slots that hold something (in order, as forEach does), so the cost follows the cells the file holds.
 */
function sparseArrays(ws: ExcelJS.Worksheet): void {
  const rows = (ws as unknown as { _rows: (ExcelJS.Row | undefined)[] })._rows ?? [];
  visitStoredOnly(rows);
  for (const r of Object.keys(rows)) {
    const row = rows[Number(r)];
    if (row) visitStoredOnly((row as unknown as { _cells: (ExcelJS.Cell | undefined)[] })._cells ?? []);
  }
}

function visitStoredOnly<T>(array: T[]): void {
  if (array.length < 256) return;
  const keys = Object.keys(array);
  if (keys.length * 8 > array.length) return; // dense enough: the usual forEach is as quick
  Object.defineProperty(array, 'forEach', {
    configurable: true,
    enumerable: false,
    writable: true,
    value(this: T[], fn: (value: T, index: number, array: T[]) => void, thisArg?: unknown) {
      for (const k of Object.keys(this)) {
        const i = Number(k);
        if (Number.isInteger(i) && i >= 0) fn.call(thisArg, this[i], i, this);
      }
    },
  });
}

/**
 * Every cell the file stores (a value, a formula, or only a format), row by row: never the empty
 * cells between them, so a sheet with one cell at XFD1 costs one cell, not 16,384.
 */
function eachStoredCell(ws: ExcelJS.Worksheet, fn: (cell: ExcelJS.Cell) => void): void {
  // Object.keys, not forEach: a row whose cell is at XFD is an array of 16,384 mostly holes, and
  // forEach visits every hole (2,000 such rows: 33 million steps).
  const rows = (ws as unknown as { _rows: (ExcelJS.Row | undefined)[] })._rows ?? [];
  for (const r of Object.keys(rows)) {
    const row = rows[Number(r)];
    if (!row) continue;
    const cells = (row as unknown as { _cells: (ExcelJS.Cell | undefined)[] })._cells ?? [];
    for (const c of Object.keys(cells)) {
      const cell = cells[Number(c)];
      if (cell) fn(cell);
    }
  }
}

const DAY_MS = 86_400_000;
/** ExcelJS turns date-formatted numbers into Dates (1900 system, UTC); this is the serial back. */
export function dateToSerial(date: Date, date1904 = false): number {
  return date.getTime() / DAY_MS + (date1904 ? 24107 : 25569);
}

const argbHex = (color?: Partial<ExcelJS.Color>) => (color?.argb ? `#${color.argb.slice(-6).toUpperCase()}` : undefined);

/** The Watt style a cell's font and fill match, if any. */
function styleOfCell(cell: ExcelJS.Cell): CellStyle | undefined {
  const fill = cell.fill && cell.fill.type === 'pattern' && cell.fill.pattern === 'solid' ? argbHex(cell.fill.fgColor) : undefined;
  const font = cell.font ?? {};
  const color = argbHex(font.color);
  for (const [name, spec] of Object.entries(STYLES) as [CellStyle, (typeof STYLES)[CellStyle]][]) {
    if ((spec.fill ?? undefined) !== fill) continue;
    if ((spec.fontColor ?? undefined) !== color) continue;
    if (!!spec.bold !== !!font.bold || !!spec.italic !== !!font.italic) continue;
    if (spec.size !== undefined && spec.size !== font.size) continue;
    if ((spec.border ?? undefined) !== argbHex(cell.border?.top?.color)) continue;
    return name;
  }
  return undefined;
}

function noteText(note: ExcelJS.Cell['note']): string | undefined {
  if (!note) return undefined;
  if (typeof note === 'string') return note;
  return (note.texts ?? []).map((t) => t.text).join('');
}

/** Excel column width (characters) → points, the inverse of the writer's conversion. */
function widthToPoints(width: number): number {
  return Math.round(((width * 7 + 5) * 3) / 4 * 100) / 100;
}

/** A constant of the file as the engine takes it (undefined: nothing to write). */
function constantOf(cell: ExcelJS.Cell, date1904: boolean): number | string | boolean | { error: string } | undefined {
  const v = cell.value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return dateToSerial(v, date1904); // not after loadXlsx (numbers restored); kept for a workbook loaded elsewhere
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'text' in v && typeof (v as { text: unknown }).text === 'string') return (v as { text: string }).text;
  if (typeof v === 'object' && 'error' in v) return { error: (v as ExcelJS.CellErrorValue).error };
  return undefined;
}

/** The engine's state of a loaded file: sheets, constants, names, then formulas (evaluated once, at the end). */
export async function toEngine(loaded: LoadedXlsx, hf: HyperFormula = createEngine()): Promise<EngineWorkbook> {
  const { workbook } = loaded;
  const date1904 = !!workbook.properties?.date1904;
  const formats = new Map<string, Map<string, CellLook>>();
  const layouts = new Map<string, SheetLook>();
  const formulas: FileFormula[] = [];
  const problems: ReadProblem[] = [];
  const externalLinks: ExternalLinkCell[] = [];
  const sheets = workbook.worksheets;
  const ids = new Map<string, number>();

  // How far each sheet's stored cells reach: what a whole-column (row) range costs the engine (ranges.ts).
  const extents = new Map<string, SheetExtent>();
  for (const ws of sheets) {
    const extent = { rows: 0, columns: 0 };
    eachStoredCell(ws, (cell) => {
      // Only what enters the engine (a value or a formula): a cell with a format alone makes no row there.
      if (cell.type === ExcelJS.ValueType.Null || cell.type === ExcelJS.ValueType.Merge) return;
      extent.rows = Math.max(extent.rows, Number(cell.row));
      extent.columns = Math.max(extent.columns, Number(cell.col));
    });
    extents.set(ws.name.toLowerCase(), extent);
  }
  const rangeBudget = { seen: new Set<string>(), cells: 0 };

  hf.suspendEvaluation();
  try {
    for (const ws of sheets) {
      const name = hf.addSheet(ws.name);
      ids.set(ws.name, hf.getSheetId(name)!);
    }
    const pendingFormulas: { at: { sheet: number; row: number; col: number }; f: FileFormula }[] = [];
    for (const ws of sheets) {
      const sheet = ids.get(ws.name)!;
      const looks = new Map<string, CellLook>();
      // The cells of an array formula other than its anchor hold the cached values: the engine spills there.
      const covered = new Set<string>();
      eachStoredCell(ws, (cell) => {
        if (cell.type !== ExcelJS.ValueType.Formula) return;
        const model = cell.model as { shareType?: string; ref?: string };
        if (model.shareType === 'array' && model.ref) {
          const block = parseBlock(model.ref);
          if (block) for (let r = block.top; r <= block.bottom; r++) for (let c = block.left; c <= block.right; c++) if (r !== block.top || c !== block.left) covered.add(cellRef(r, c));
        }
      });
      eachStoredCell(ws, (cell) => {
          const ref = cell.address;
          const r = Number(cell.row) - 1;
          const c = Number(cell.col) - 1;
          // A merged range's other cells show its first: they have no value or look of their own.
          if (cell.type === ExcelJS.ValueType.Merge) return;
          const look: CellLook = {};
          if (cell.numFmt && cell.numFmt !== 'General') look.format = cell.numFmt;
          const style = styleOfCell(cell);
          if (style) look.style = style;
          const note = noteText(cell.note);
          if (note) look.note = note;
          const dv = cell.dataValidation;
          if (dv?.type === 'list' && dv.formulae?.[0] && /^".*"$/.test(String(dv.formulae[0]))) look.choices = String(dv.formulae[0]).slice(1, -1).split(',');
          if (Object.keys(look).length > 0) looks.set(ref, look);
          if (covered.has(ref)) return;
          const at = { sheet, row: r, col: c };
          if (cell.type === ExcelJS.ValueType.Formula) {
            const stored = cell.formula;
            if (!stored) return;
            const model = cell.model as { shareType?: string; ref?: string };
            const f: FileFormula = { sheet: ws.name, ref, row: r, col: c, stored, formula: fromFileFormula(stored), ...(model.shareType === 'array' && model.ref ? { array: model.ref } : {}) };
            formulas.push(f);
            const link = externalReference(stored);
            if (link) {
              // A link to another workbook: the engine cannot follow it. The cell keeps the value the file
              // cached (so what reads it computes with it), and is named to the user as a link (listed once,
              // in externalLinks: it is no problem to fix; externalLinkMessage says it).
              const cached = cachedValueOf(cell, date1904);
              externalLinks.push({ sheet: ws.name, ref, formula: f.formula, link, cached });
              if (cached !== undefined) {
                try {
                  hf.setCellContents(at, [[engineConstant(cached)]]);
                } catch {
                  // the value stays out of the engine; the cell is listed in externalLinks
                }
              }
              return;
            }
            pendingFormulas.push({ at, f });
            return;
          }
          const value = constantOf(cell, date1904);
          if (value === undefined) return;
          try {
            hf.setCellContents(at, [[engineConstant(value)]]);
          } catch (e) {
            problems.push({ sheet: ws.name, ref, kind: 'value', what: `value not taken: ${e instanceof Error ? e.message : String(e)}` });
          }
        });
      formats.set(ws.name, looks);
      const layout: SheetLook = {};
      const widths: number[] = [];
      (ws.columns ?? []).forEach((col, i) => {
        if (col.width) widths[i] = widthToPoints(col.width);
      });
      if (widths.length > 0) layout.columnWidths = Array.from(widths, (w) => w ?? widthToPoints(8.43));
      // A sheet printed in bands keeps them: each band a group of columns (written again, they pack as before).
      const banded = loaded.printBands?.find((n) => n.localSheetId === sheets.indexOf(ws));
      if (banded) {
        const print = bandsAsPrint(banded, ws);
        if (print) layout.print = print;
      }
      const view = ws.views?.[0] as { state?: string; xSplit?: number; ySplit?: number } | undefined;
      if (view?.state === 'frozen') layout.freeze = { rows: view.ySplit ?? 0, columns: view.xSplit ?? 0 };
      layouts.set(ws.name, layout);
    }
    // A name on one cell of its own sheet is that cell's name (the look the writer takes).
    for (const n of loaded.names) {
      if (n.localSheetId === undefined || n.ranges.length !== 1) continue;
      const ws = sheets[n.localSheetId];
      const m = /^(?:'((?:[^']|'')+)'|([^!']+))!\$?([A-Z]{1,3})\$?(\d+)$/.exec(n.ranges[0]);
      if (!ws || !m || (m[1] ?? m[2]).replace(/''/g, "'") !== ws.name) continue;
      const looks = formats.get(ws.name)!;
      const ref = `${m[3]}${m[4]}`;
      looks.set(ref, { ...(looks.get(ref) ?? {}), name: n.name });
    }
    for (const n of loaded.names) {
      const scope = n.localSheetId !== undefined ? ids.get(sheets[n.localSheetId]?.name ?? '') : undefined;
      const definition = `=${n.ranges.join(',')}`;
      const refused = (why: string) =>
        problems.push({ sheet: n.localSheetId !== undefined ? (sheets[n.localSheetId]?.name ?? '') : '', ref: n.name, kind: 'name', formula: definition, what: `name not taken: ${why}; the formulas that use it are not recalculated` });
      // A definition the engine cannot parse would be taken, and every formula using the name would then
      // say it "cannot be read" of itself: refused here, so they name the name (#NAME?).
      if (!hf.validateFormula(definition)) {
        refused(definitionRefusal(definition));
        continue;
      }
      // A name over a range larger than the engine holds (A1:XFD1048576) is bounded as a formula's range is.
      const bounded = boundRanges(definition, n.localSheetId !== undefined ? (sheets[n.localSheetId]?.name ?? '') : '', extents, rangeBudget);
      if (bounded.refused !== undefined) {
        refused(bounded.refused);
        continue;
      }
      try {
        hf.addNamedExpression(n.name, bounded.engine, scope);
      } catch (e) {
        // A formula that uses the name then shows #NAME?: recalc leaves it as it was.
        refused(nameRefusal(n.name, e));
      }
    }
    // Formulas at once, evaluated together on resume; a table (an array block, or a call to a WATT table
    // function) after that, since the engine sizes a spill from its inputs as they stand when entered.
    // The formula's text for the engine: whole columns written out (A1:A1048576) as the engine's A:A.
    const engineText = new Map<(typeof pendingFormulas)[number], string>();
    const enter = (p: (typeof pendingFormulas)[number]) => {
      const { at, f } = p;
      try {
        hf.setCellContents(at, [[toEngineFormula(engineText.get(p) ?? f.formula)]]);
      } catch (e) {
        refuse({ at, f }, formulaRefusal(e));
      }
    };
    // The engine cannot hold this formula: the cell enters as the value the file cached (as a link's
    // does), an array formula's whole block too, so what reads it computes with the file's value and
    // not with an empty cell; it is named as a problem (recalc leaves it, and what reads it, as read).
    function refuse({ at, f }: (typeof pendingFormulas)[number], reason: string): void {
      const ws = workbook.getWorksheet(f.sheet)!;
      const cached = cachedValueOf(ws.getCell(f.ref), date1904);
      const block = f.array ? parseBlock(f.array) : undefined;
      const cells = block ? blockRefs(block) : [f.ref];
      for (const ref of cells) {
        const cell = ws.getCell(ref);
        const value = ref === f.ref ? cached : constantOf(cell, date1904);
        if (value === undefined) continue;
        try {
          hf.setCellContents({ sheet: at.sheet, row: Number(cell.row) - 1, col: Number(cell.col) - 1 }, [[engineConstant(value)]]);
        } catch {
          // left empty in the engine; the problem below names the cell
        }
      }
      problems.push({
        sheet: f.sheet,
        ref: f.ref,
        kind: 'formula',
        formula: f.formula,
        cached,
        ...(f.array ? { array: f.array } : {}),
        what: `formula not taken: ${reason}; ${cached === undefined ? 'no cached value in the file, left empty' : `its cached value ${cachedText(cached)} is kept`}, not recalculated`,
      });
    }
    // A formula deeper than the engine evaluates would throw on resume, for the whole file: refused here.
    const tooDeep = (p: (typeof pendingFormulas)[number]) => {
      const depth = formulaDepth(p.f.formula);
      if (depth <= MAX_FORMULA_DEPTH) return false;
      refuse(p, `it is ${depth.toLocaleString('en-US')} levels deep (each operator of a chain such as 1+1+1 is one), more than Watt's engine evaluates (${MAX_FORMULA_DEPTH.toLocaleString('en-US')})`);
      return true;
    };
    // A range the engine would hold millions of cells for (=SUM(A1:XFD1048576): 4 GB, then a crash) is
    // refused here, formula by formula, against the bound of ranges.ts.
    const tooLarge = (p: (typeof pendingFormulas)[number]) => {
      const bounded = boundRanges(p.f.formula, p.f.sheet, extents, rangeBudget);
      if (bounded.refused === undefined) {
        if (bounded.engine !== p.f.formula) engineText.set(p, bounded.engine);
        return false;
      }
      refuse(p, bounded.refused);
      return true;
    };
    const taken = pendingFormulas.filter((p) => !tooDeep(p) && !tooLarge(p));
    const tables = taken.filter(({ f }) => f.array || findWattCalls(f.formula).some((c) => TABLES.has(c.id)));
    taken.filter((p) => !tables.includes(p)).forEach(enter);
    hf.resumeEvaluation();
    tables.forEach(enter);
  } finally {
    if (hf.isEvaluationSuspended()) hf.resumeEvaluation();
  }
  return { hf, formats, layouts, formulas, problems, externalLinks };
}

/**
 * Reads .xlsx bytes straight into a workbook state (the workbench's "Open .xlsx"). Throws an
 * XlsxReadError (limits.ts) with a sentence for the user when the file is over a limit or unreadable.
 */
export async function readXlsx(data: Uint8Array | ArrayBuffer, hf?: HyperFormula, options: ReadOptions = {}): Promise<EngineWorkbook & LoadedXlsx> {
  const loaded = await loadXlsx(data, options);
  return { ...loaded, ...(await toEngineOrPlainError(loaded, hf, options.file)) };
}

/**
 * toEngine, with anything it throws on a file that passed the checks (a damaged part ExcelJS read
 * without complaint) told as a sentence about the file (plainReadError), never the library's words.
 */
export async function toEngineOrPlainError(loaded: LoadedXlsx, hf?: HyperFormula, file?: string): Promise<EngineWorkbook> {
  try {
    return await toEngine(loaded, hf);
  } catch (e) {
    throw plainReadError(e, file);
  }
}
