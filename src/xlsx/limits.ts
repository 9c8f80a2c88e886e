/**
 * What the .xlsx reader accepts, checked before anything is materialized: the zip's central directory
 * first (sizes as declared, no byte inflated), then every part inflated as a stream and counted as it
 * comes (a part that inflates beyond its declared size is refused at that byte), the cells of every
 * sheet counted and their positions held against Excel's sheet (1,048,576 rows x 16,384 columns: XFD).
 * A file over a limit is refused with one sentence naming the limit and the file (XlsxReadError);
 * nothing of it reaches ExcelJS or the engine.
 *
 * Pure: bytes in (Uint8Array or ArrayBuffer, as the workbench has them in the browser), a verdict out;
 * no file system, no Node module (JSZip inflates). `checkXlsxLimits` is what loadXlsx calls.
 */
import JSZip from 'jszip';

/** The reader's limits (docs: docs/_incoming/files.md). */
export const XLSX_LIMITS = {
  /** Excel's sheet: rows and columns (XFD is column 16,384). */
  maxRows: 1_048_576,
  maxColumns: 16_384,
  /** All parts of the file together, uncompressed (a 7.6 MB workbook of 1.2 million cells is about 90 MiB). */
  maxUncompressedBytes: 256 * 1024 * 1024,
  /** Cells stored in all sheets together (each costs the reader and the engine some hundred bytes). */
  maxCells: 2_000_000,
  /** Shared strings (text values) in the file. */
  maxSharedStrings: 2_000_000,
} as const;

/** A file the reader does not open, and why, in words a user can act on. */
export class XlsxReadError extends Error {
  constructor(
    message: string,
    /** Which limit or check refused it ("uncompressed-size", "cells", "rows", "columns", "not-zip", ...). */
    readonly reason: string,
  ) {
    super(message);
    this.name = 'XlsxReadError';
  }
}

export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

const int = (n: number) => n.toLocaleString('en-US');
const mib = (n: number) => `${int(Math.round(n / 1024 / 1024))} MiB`;

/** Column letters (A, XFD) → 1-based number. */
function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** 1-based column number → letters. */
export function columnLetters(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

const bytesOf = (data: Uint8Array | ArrayBuffer) => (data instanceof Uint8Array ? data : new Uint8Array(data));

/**
 * The zip's entries as its central directory declares them, read without inflating anything.
 * Throws XlsxReadError when the bytes are not a zip archive (or an old .xls).
 */
export function zipEntries(data: Uint8Array | ArrayBuffer, file = 'The file'): ZipEntry[] {
  const bytes = bytesOf(data);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 8 && view.getUint32(0) === 0xd0cf11e0) throw new XlsxReadError(`${file} is an Excel 97-2003 workbook (.xls), not an .xlsx: open it in Excel or LibreOffice and save it as .xlsx.`, 'xls');
  const notZip = () => new XlsxReadError(`${file} is not an .xlsx workbook: it is not a zip archive (an .xlsx is one), or it is cut short or damaged.`, 'not-zip');
  // End of central directory: 22 bytes plus a comment of up to 65,535 bytes, at the end.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notZip();
  let count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || offset === 0xffffffff) {
    // Zip64: the locator just before points at the zip64 end record.
    const locator = eocd - 20;
    if (locator < 0 || view.getUint32(locator, true) !== 0x07064b50) throw notZip();
    const end64 = Number(view.getBigUint64(locator + 8, true));
    if (end64 + 56 > bytes.length || view.getUint32(end64, true) !== 0x06064b50) throw notZip();
    count = Number(view.getBigUint64(end64 + 32, true));
    offset = Number(view.getBigUint64(end64 + 48, true));
  }
  const entries: ZipEntry[] = [];
  let at = offset;
  const decoder = new TextDecoder('utf-8');
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw notZip();
    let compressedSize = view.getUint32(at + 20, true);
    let uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength + extraLength > bytes.length) throw notZip();
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff) {
      // Zip64 extended information: the 8-byte sizes, uncompressed first, for those at 0xFFFFFFFF.
      for (let e = at + 46 + nameLength; e + 4 <= at + 46 + nameLength + extraLength; ) {
        const id = view.getUint16(e, true);
        const size = view.getUint16(e + 2, true);
        if (id === 0x0001) {
          let p = e + 4;
          if (uncompressedSize === 0xffffffff && p + 8 <= e + 4 + size) (uncompressedSize = Number(view.getBigUint64(p, true))), (p += 8);
          if (compressedSize === 0xffffffff && p + 8 <= e + 4 + size) compressedSize = Number(view.getBigUint64(p, true));
          break;
        }
        e += 4 + size;
      }
    }
    entries.push({ name, compressedSize, uncompressedSize });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** What the scan of the parts found (for a caller that wants the counts). */
export interface XlsxCensus {
  entries: ZipEntry[];
  uncompressedBytes: number;
  cells: number;
  sharedStrings: number;
  /** Per sheet (by name, or by part when the workbook does not name it): cells, last row and column used. */
  sheets: { name: string; part: string; cells: number; rows: number; columns: number }[];
}

/** The sheet names of the parts, from xl/workbook.xml and its relationships (small parts, size already checked). */
async function sheetNames(zip: JSZip): Promise<{ parts: Map<string, string>; declared: { name: string; part?: string }[] }> {
  const text = async (p: string) => (await zip.file(p)?.async('string')) ?? '';
  const decode = (s: string) => s.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const rels = new Map([...(await text('xl/_rels/workbook.xml.rels')).matchAll(/<Relationship\b[^>]*>/g)].map((m) => [/Id="([^"]+)"/.exec(m[0])?.[1], /Target="([^"]+)"/.exec(m[0])?.[1]]));
  const parts = new Map<string, string>();
  const declared: { name: string; part?: string }[] = [];
  for (const m of (await text('xl/workbook.xml')).matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const target = rels.get(/r:id="([^"]+)"/.exec(m[0])?.[1]);
    const name = decode(/name="([^"]*)"/.exec(m[0])?.[1] ?? '');
    const part = target ? (target.startsWith('/') ? target.slice(1) : `xl/${target}`) : undefined;
    if (part) parts.set(part, name);
    declared.push({ name, part });
  }
  return { parts, declared };
}

interface PartStream {
  on(event: 'data', fn: (chunk: Uint8Array) => void): PartStream;
  on(event: 'error', fn: (e: Error) => void): PartStream;
  on(event: 'end', fn: () => void): PartStream;
  resume(): PartStream;
  pause(): PartStream;
}

/**
 * Inflates one part as a stream, handing each piece of text to `scan`; stops with an XlsxReadError as
 * soon as the part outgrows its declared size or the running total outgrows the limit.
 */
function streamPart(zip: JSZip, entry: ZipEntry, file: string, total: { bytes: number }, scan?: (text: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const object = zip.file(entry.name);
    if (!object) return resolve();
    let seen = 0;
    const decoder = new TextDecoder('latin1'); // tags and references are ASCII; text content is not looked at
    let failed = false;
    // JSZip's streaming inflate (not in its typings): pieces of the part as they are inflated.
    const stream = (object as unknown as { internalStream(type: 'uint8array'): PartStream }).internalStream('uint8array');
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      stream.pause();
      reject(e);
    };
    stream
      .on('data', (chunk: Uint8Array) => {
        if (failed) return;
        seen += chunk.length;
        total.bytes += chunk.length;
        if (seen > entry.uncompressedSize) return fail(new XlsxReadError(`${file} is damaged: its part ${entry.name} holds more than the ${int(entry.uncompressedSize)} bytes its zip directory declares.`, 'declared-size'));
        if (total.bytes > XLSX_LIMITS.maxUncompressedBytes) return fail(overSize(file, total.bytes));
        try {
          scan?.(decoder.decode(chunk, { stream: true }));
        } catch (e) {
          fail(e);
        }
      })
      .on('error', (e: Error) => fail(new XlsxReadError(`${file} is damaged: its part ${entry.name} cannot be inflated (${e.message}).`, 'damaged')))
      .on('end', () => {
        if (!failed) resolve();
      })
      .resume();
  });
}

const overSize = (file: string, bytes: number) =>
  new XlsxReadError(`${file} is too large to open: it holds ${bytes >= 1024 * 1024 ? `more than ${mib(bytes)}` : `${int(bytes)} bytes`} uncompressed, over Watt's limit of ${mib(XLSX_LIMITS.maxUncompressedBytes)}.`, 'uncompressed-size');

/** Runs `scan` on every complete tag of a stream of XML text (a tag never spans two calls). */
function tagScanner(onTag: (tag: string) => void): (text: string) => void {
  let carry = '';
  const tags = /<(?:\w+:)?(?:c|row|dimension|si|f)\b[^>]*>/g;
  return (text) => {
    let s = carry + text;
    const cut = s.lastIndexOf('<');
    if (cut >= 0 && s.length - cut < 1 << 16) {
      carry = s.slice(cut);
      s = s.slice(0, cut);
    } else carry = '';
    for (const m of s.matchAll(tags)) onTag(m[0]);
  };
}

/**
 * Checks .xlsx bytes against XLSX_LIMITS before they are read: throws an XlsxReadError naming the limit
 * and `file` (e.g. "book.xlsx"), or returns what it counted. The workbench calls it (through
 * readXlsx/loadXlsx) on the ArrayBuffer of a file a user opens; the CLI on the bytes of IN.xlsx.
 */
export async function checkXlsxLimits(data: Uint8Array | ArrayBuffer, file = 'The file'): Promise<XlsxCensus> {
  const entries = zipEntries(data, file);
  const declared = entries.reduce((n, e) => n + e.uncompressedSize, 0);
  if (declared > XLSX_LIMITS.maxUncompressedBytes) throw overSize(file, declared);
  if (!entries.some((e) => /^xl\/workbook\d*\.xml$/i.test(e.name))) throw new XlsxReadError(`${file} is a zip archive but not an .xlsx workbook: it has no workbook part (xl/workbook.xml).`, 'no-workbook');
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data);
  } catch (e) {
    throw new XlsxReadError(`${file} is not an .xlsx workbook Watt can read: its zip archive is damaged (${e instanceof Error ? e.message : String(e)}).`, 'damaged');
  }
  const { parts: names, declared: sheets } = await sheetNames(zip);
  // A sheet the workbook lists but the file lacks would be dropped without a word, and lost on writing back.
  const present = new Set(entries.map((e) => e.name));
  for (const sheet of sheets)
    if (sheet.part && !present.has(sheet.part)) throw new XlsxReadError(`${file} is damaged: its sheet "${sheet.name}" has no contents in the file (the part ${sheet.part} is missing).`, 'damaged');
  const total = { bytes: 0 };
  const census: XlsxCensus = { entries, uncompressedBytes: 0, cells: 0, sharedStrings: 0, sheets: [] };
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    const isSheet = /^xl\/worksheets\/[^/]+\.xml$/i.test(entry.name);
    const isStrings = /^xl\/sharedStrings\d*\.xml$/i.test(entry.name);
    if (!isSheet && !isStrings) {
      await streamPart(zip, entry, file, total);
      continue;
    }
    if (isStrings) {
      await streamPart(
        zip,
        entry,
        file,
        total,
        tagScanner((tag) => {
          if (!tag.startsWith('<si') && !/^<\w+:si\b/.test(tag)) return;
          if (++census.sharedStrings > XLSX_LIMITS.maxSharedStrings) throw new XlsxReadError(`${file} is too large to open: it holds more than ${int(XLSX_LIMITS.maxSharedStrings)} distinct texts (shared strings), Watt's limit.`, 'shared-strings');
        }),
      );
      continue;
    }
    const name = names.get(entry.name) ?? entry.name;
    const where = names.has(entry.name) ? `sheet "${name}"` : `the sheet part ${entry.name}`;
    const sheet = { name, part: entry.name, cells: 0, rows: 0, columns: 0 };
    census.sheets.push(sheet);
    let row = 0;
    let column = 0;
    const place = (ref: string, what: string) => {
      const m = /^\$?([A-Za-z]{1,4})\$?(\d{1,8})$/.exec(ref);
      if (!m) return;
      const c = columnNumber(m[1]);
      const r = Number(m[2]);
      if (r > XLSX_LIMITS.maxRows) throw new XlsxReadError(`${file} cannot be opened: ${where} has ${what} in row ${int(r)}, beyond Excel's last row (${int(XLSX_LIMITS.maxRows)}).`, 'rows');
      if (c > XLSX_LIMITS.maxColumns) throw new XlsxReadError(`${file} cannot be opened: ${where} has ${what} in column ${m[1].toUpperCase()}, beyond Excel's last column (XFD, the ${int(XLSX_LIMITS.maxColumns)}th).`, 'columns');
      return { r, c };
    };
    await streamPart(
      zip,
      entry,
      file,
      total,
      tagScanner((tag) => {
        const kind = /^<(?:\w+:)?(\w+)/.exec(tag)![1];
        const r = /\sr="([^"]*)"/.exec(tag)?.[1];
        if (kind === 'row') {
          row = r ? Number(r) : row + 1;
          column = 0;
          if (row > XLSX_LIMITS.maxRows) throw new XlsxReadError(`${file} cannot be opened: ${where} has a row ${int(row)}, beyond Excel's last row (${int(XLSX_LIMITS.maxRows)}).`, 'rows');
          sheet.rows = Math.max(sheet.rows, row);
        } else if (kind === 'c') {
          const at = r ? place(r, `a cell (${r})`) : undefined;
          column = at ? at.c : column + 1;
          if (column > XLSX_LIMITS.maxColumns) throw new XlsxReadError(`${file} cannot be opened: ${where} has a cell beyond Excel's last column (XFD, the ${int(XLSX_LIMITS.maxColumns)}th).`, 'columns');
          sheet.columns = Math.max(sheet.columns, column);
          if (at) sheet.rows = Math.max(sheet.rows, at.r);
          sheet.cells++;
          if (++census.cells > XLSX_LIMITS.maxCells) throw new XlsxReadError(`${file} is too large to open: it holds more than ${int(XLSX_LIMITS.maxCells)} cells, Watt's limit (${where} alone ${int(sheet.cells)}).`, 'cells');
        } else if (kind === 'f') {
          // An array formula's block: its cells are written (and, by ExcelJS, created) one by one.
          const ref = /\sref="([^"]*)"/.exec(tag)?.[1];
          if (!ref || !/\st="array"/.test(tag)) return;
          const [a, b = a] = ref.split(':').map((corner) => place(corner, `an array formula (${ref})`));
          if (a && b && (Math.abs(b.r - a.r) + 1) * (Math.abs(b.c - a.c) + 1) > XLSX_LIMITS.maxCells)
            throw new XlsxReadError(`${file} is too large to open: ${where} has an array formula over ${ref}, more than ${int(XLSX_LIMITS.maxCells)} cells, Watt's limit.`, 'cells');
        } else if (kind === 'dimension') {
          const ref = /\sref="([^"]*)"/.exec(tag)?.[1] ?? '';
          for (const corner of ref.split(':')) place(corner, `its dimension (${ref})`);
        }
      }),
    );
  }
  census.uncompressedBytes = total.bytes;
  return census;
}

/**
 * An error thrown while reading a file the checks above passed, as one sentence about the file: the
 * library's own words ("Cannot read properties of undefined (reading 'date1904')", "Invalid string
 * length") never reach a user.
 */
export function plainReadError(e: unknown, file = 'The file'): XlsxReadError {
  if (e instanceof XlsxReadError) return e;
  const text = e instanceof Error ? e.message : String(e);
  if (/Invalid string length|Array buffer allocation|heap|out of memory|Invalid array length/i.test(text))
    return new XlsxReadError(`${file} is too large for Watt to read in memory.`, 'memory');
  // The engine's recursion on a formula deeper than the reader's checks foresaw (read.ts formulaChain).
  if (e instanceof RangeError && /call stack/i.test(text))
    return new XlsxReadError(`${file} holds a formula nested or chained too deeply for Watt's engine to evaluate; nothing was read.`, 'formula-depth');
  if (/zip|end of data|corrupted|crc32|invalid (code|distance|block)|unexpected end/i.test(text))
    return new XlsxReadError(`${file} is not an .xlsx workbook Watt can read: its zip archive is damaged.`, 'damaged');
  if (/\(reading '[^']*'\)|undefined|null/i.test(text))
    return new XlsxReadError(`${file} is not an .xlsx workbook Watt can read: a part every workbook has (the workbook, its sheets, styles or relationships) is missing or damaged.`, 'damaged');
  if (/xml|sax|tag|attribute|entity|unclosed|non-whitespace/i.test(text))
    return new XlsxReadError(`${file} is not an .xlsx workbook Watt can read: one of its XML parts is malformed.`, 'damaged');
  return new XlsxReadError(`${file} is not an .xlsx workbook Watt can read: its contents are damaged or not those of an Excel workbook.`, 'damaged');
}
