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
import { STYLES } from '../templates/styles';
import type { CellStyle } from '../templates/types';
import { cellRef, parseBlock } from '../templates/plan';
import { captureDefinedNames, DefinedName } from './names';
import { findWattCalls, fromFileFormula } from './formula';

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

/** Reads .xlsx bytes with ExcelJS, keeping the scope of defined names. */
export async function loadXlsx(data: Uint8Array | ArrayBuffer): Promise<LoadedXlsx> {
  const workbook = new ExcelJS.Workbook();
  const names = captureDefinedNames(workbook);
  await workbook.xlsx.load(data as ArrayBuffer);
  absolutePrintAreas(workbook);
  const rawNumber = rawNumbers(data);
  // Every number ExcelJS turned into a Date goes back to the number the file holds (its format stays),
  // so what is read, recalculated and written back is the file's own serial, to the last digit.
  const dated: ExcelJS.Cell[] = [];
  workbook.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => {
    const v = cell.type === ExcelJS.ValueType.Formula ? cell.result : cell.value;
    if (v instanceof Date) dated.push(cell);
  })));
  for (const cell of dated) {
    const raw = await rawNumber(cell.worksheet.name, cell.address);
    const date1904 = !!workbook.properties?.date1904;
    if (cell.type === ExcelJS.ValueType.Formula) {
      (cell.model as { result?: unknown }).result = raw ?? dateToSerial(cell.result as Date, date1904);
    } else cell.value = raw ?? dateToSerial(cell.value as Date, date1904);
  }
  return { workbook, names, rawNumber };
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

/** Something of the file the engine could not take, by cell. */
export interface ReadProblem {
  sheet: string;
  ref: string;
  what: string;
}

export interface EngineWorkbook extends WorkbookSource {
  hf: HyperFormula;
  formats: Map<string, Map<string, CellLook>>;
  layouts: Map<string, SheetLook>;
  formulas: FileFormula[];
  problems: ReadProblem[];
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
  const sheets = workbook.worksheets;
  const ids = new Map<string, number>();

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
      ws.eachRow({ includeEmpty: false }, (row) =>
        row.eachCell({ includeEmpty: false }, (cell) => {
          const model = cell.model as { shareType?: string; ref?: string };
          if (cell.type === ExcelJS.ValueType.Formula && model.shareType === 'array' && model.ref) {
            const block = parseBlock(model.ref);
            if (block) for (let r = block.top; r <= block.bottom; r++) for (let c = block.left; c <= block.right; c++) if (r !== block.top || c !== block.left) covered.add(cellRef(r, c));
          }
        }),
      );
      ws.eachRow({ includeEmpty: true }, (row) =>
        row.eachCell({ includeEmpty: true }, (cell) => {
          const ref = cell.address;
          const r = Number(cell.row) - 1;
          const c = Number(cell.col) - 1;
          const look: CellLook = {};
          if (cell.numFmt && cell.numFmt !== 'General') look.format = cell.numFmt;
          const style = styleOfCell(cell);
          if (style) look.style = style;
          const note = noteText(cell.note);
          if (note) look.note = note;
          const dv = cell.dataValidation;
          if (dv?.type === 'list' && dv.formulae?.[0] && /^".*"$/.test(String(dv.formulae[0]))) look.choices = String(dv.formulae[0]).slice(1, -1).split(',');
          if (Object.keys(look).length > 0) looks.set(ref, look);
          if (covered.has(ref) || cell.type === ExcelJS.ValueType.Merge) return;
          const at = { sheet, row: r, col: c };
          if (cell.type === ExcelJS.ValueType.Formula) {
            const stored = cell.formula;
            if (!stored) return;
            const model = cell.model as { shareType?: string; ref?: string };
            const f: FileFormula = { sheet: ws.name, ref, row: r, col: c, stored, formula: fromFileFormula(stored), ...(model.shareType === 'array' && model.ref ? { array: model.ref } : {}) };
            formulas.push(f);
            pendingFormulas.push({ at, f });
            return;
          }
          const value = constantOf(cell, date1904);
          if (value === undefined) return;
          try {
            // Text in a file is text: never parsed again as a date, a number or a formula (HyperFormula's ' prefix).
            // An error constant is entered as its literal (=#N/A is NA()).
            const content = typeof value === 'object' ? `=${value.error === '#N/A' ? 'NA()' : value.error}` : typeof value === 'string' ? `'${value}` : value;
            hf.setCellContents(at, [[content]]);
          } catch (e) {
            problems.push({ sheet: ws.name, ref, what: `value not taken: ${e instanceof Error ? e.message : String(e)}` });
          }
        }),
      );
      formats.set(ws.name, looks);
      const layout: SheetLook = {};
      const widths: number[] = [];
      (ws.columns ?? []).forEach((col, i) => {
        if (col.width) widths[i] = widthToPoints(col.width);
      });
      if (widths.length > 0) layout.columnWidths = Array.from(widths, (w) => w ?? widthToPoints(8.43));
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
      try {
        hf.addNamedExpression(n.name, `=${n.ranges.join(',')}`, scope);
      } catch (e) {
        problems.push({ sheet: n.localSheetId !== undefined ? (sheets[n.localSheetId]?.name ?? '') : '', ref: n.name, what: `name not taken: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    // Formulas at once, evaluated together on resume; a table (an array block, or a call to a WATT table
    // function) after that, since the engine sizes a spill from its inputs as they stand when entered.
    const tables = pendingFormulas.filter(({ f }) => f.array || findWattCalls(f.formula).some((c) => TABLES.has(c.id)));
    const enter = ({ at, f }: (typeof pendingFormulas)[number]) => {
      try {
        hf.setCellContents(at, [[toEngineFormula(f.formula)]]);
      } catch (e) {
        problems.push({ sheet: f.sheet, ref: f.ref, what: `formula not taken: ${e instanceof Error ? e.message : String(e)}` });
      }
    };
    pendingFormulas.filter((p) => !tables.includes(p)).forEach(enter);
    hf.resumeEvaluation();
    tables.forEach(enter);
  } finally {
    if (hf.isEvaluationSuspended()) hf.resumeEvaluation();
  }
  return { hf, formats, layouts, formulas, problems };
}

/** Reads .xlsx bytes straight into a workbook state (the workbench's "Open .xlsx"). */
export async function readXlsx(data: Uint8Array | ArrayBuffer, hf?: HyperFormula): Promise<EngineWorkbook & LoadedXlsx> {
  const loaded = await loadXlsx(data);
  return { ...loaded, ...(await toEngine(loaded, hf)) };
}
