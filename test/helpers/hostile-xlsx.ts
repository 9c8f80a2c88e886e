/**
 * Hostile .xlsx files, built in the test (no fixture on disk): a zip bomb, a zip whose directory lies
 * about a part's size, cells out to XFD, one cell at XFD1, a row beyond Excel's last, more cells than
 * the reader takes, a link to another workbook with a cached value, formulas and a name the engine
 * refuses, and damaged workbooks. Each is a
 * few KB to a few MB and builds in well under a second (the bomb's 300 MiB are deflated as a stream).
 * The CLI tests (test/xlsx/hostile.test.ts) and a browser test of the workbench can share them.
 */
import * as zlib from 'zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

export const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">';

/** A valid workbook: one sheet "Sheet1" with A1 = 1. */
export async function baseXlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Sheet1').getCell('A1').value = 1;
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** The base workbook with its sheet's XML replaced (a zip written by JSZip: honest sizes). */
export async function withSheetXml(xml: string): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(await baseXlsx());
  zip.file('xl/worksheets/sheet1.xml', xml);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** Rows 1..n, each with a number at A and one at XFD (the sheet's dimension A1:XFDn). */
export function xfdRows(n: number): Promise<Uint8Array> {
  let rows = '';
  for (let i = 1; i <= n; i++) rows += `<row r="${i}" spans="1:16384"><c r="A${i}"><v>${i}</v></c><c r="XFD${i}"><v>${2 * i}</v></c></row>`;
  return withSheetXml(`${SHEET_HEAD}<dimension ref="A1:XFD${n}"/><sheetData>${rows}</sheetData></worksheet>`);
}

/** One number at `ref` (e.g. XFD1, A1048577), the sheet's dimension stating it or not. */
export function oneCellAt(ref: string, value = 7, options: { dimension?: boolean } = {}): Promise<Uint8Array> {
  const row = /\d+$/.exec(ref)![0];
  const dimension = options.dimension === false ? '' : `<dimension ref="${ref}"/>`;
  return withSheetXml(`${SHEET_HEAD}${dimension}<sheetData><row r="${row}"><c r="${ref}"><v>${value}</v></c></row></sheetData></worksheet>`);
}

/** `rows` rows of `perRow` cells each (no r attribute: positions implied, as the format allows). */
export function manyCells(rows: number, perRow: number): Promise<Uint8Array> {
  const row = '<c><v>1</v></c>'.repeat(perRow);
  const parts: string[] = [];
  for (let i = 1; i <= rows; i++) parts.push(`<row r="${i}">${row}</row>`);
  return withSheetXml(`${SHEET_HEAD}<sheetData>${parts.join('')}</sheetData></worksheet>`);
}

interface RawEntry {
  name: string;
  /** Deflated bytes. */
  data: Buffer;
  crc: number;
  size: number;
}

/** A zip written by hand (deflated entries), with the sizes its directory declares given per entry. */
function writeZip(entries: RawEntry[], declared: (e: RawEntry) => number = (e) => e.size): Uint8Array {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(declared(e), 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, e.data);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(e.crc, 16);
    dir.writeUInt32LE(e.data.length, 20);
    dir.writeUInt32LE(declared(e), 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

/** The base workbook's parts as raw entries, the sheet's replaced by `sheet` (deflated here). */
async function rawEntries(sheet: RawEntry): Promise<RawEntry[]> {
  const zip = await JSZip.loadAsync(await baseXlsx());
  const out: RawEntry[] = [];
  for (const name of Object.keys(zip.files)) {
    if (zip.files[name].dir) continue;
    if (name === 'xl/worksheets/sheet1.xml') {
      out.push(sheet);
      continue;
    }
    const raw = Buffer.from(await zip.file(name)!.async('uint8array'));
    out.push({ name, data: zlib.deflateRawSync(raw), crc: zlib.crc32(raw), size: raw.length });
  }
  return out;
}

/**
 * A zip bomb: its one sheet is a cell holding `mib` MiB of text (the was 1.1 GiB from a 1.1 MB
 * file), deflated as a stream, its sizes declared honestly.
 */
export async function zipBomb(mib = 300): Promise<Uint8Array> {
  const head = Buffer.from(`${SHEET_HEAD}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`);
  const tail = Buffer.from('</t></is></c></row></sheetData></worksheet>');
  const block = Buffer.alloc(1 << 20, 0x41);
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  let crc = zlib.crc32(head);
  deflate.write(head);
  for (let i = 0; i < mib; i++) {
    crc = zlib.crc32(block, crc);
    if (!deflate.write(block)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  crc = zlib.crc32(tail, crc);
  deflate.end(tail);
  await done;
  const sheet = { name: 'xl/worksheets/sheet1.xml', data: Buffer.concat(chunks), crc, size: head.length + mib * block.length + tail.length };
  return writeZip(await rawEntries(sheet));
}

/** A zip whose directory declares the sheet at 1,000 bytes while it inflates to `mib` MiB. */
export async function lyingZip(mib = 20): Promise<Uint8Array> {
  const raw = Buffer.concat([Buffer.from(`${SHEET_HEAD}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`), Buffer.alloc(mib << 20, 0x41), Buffer.from('</t></is></c></row></sheetData></worksheet>')]);
  const sheet = { name: 'xl/worksheets/sheet1.xml', data: zlib.deflateRawSync(raw), crc: zlib.crc32(raw), size: raw.length };
  return writeZip(await rawEntries(sheet), (e) => (e === sheet ? 1000 : e.size));
}

/**
 * A workbook as Excel saves a link to another workbook: Sheet1!A1 = [1]Sheet1!$A$1 (the file
 * C:\models\book.xlsx) with cached value 123, B1 = A1*2 (cached stale 0), and the externalLink part
 * with its relationship, as Excel writes them. `cached: false`: A1 holds no cached value.
 */
export async function externalLinkXlsx(options: { cached?: boolean } = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.getCell('A1').value = (options.cached === false ? { formula: '[1]Sheet1!$A$1' } : { formula: '[1]Sheet1!$A$1', result: 123 }) as ExcelJS.CellFormulaValue;
  ws.getCell('B1').value = { formula: 'A1*2', result: 0 } as ExcelJS.CellFormulaValue;
  const zip = await JSZip.loadAsync(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  zip.file(
    'xl/externalLinks/externalLink1.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>123</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>',
  );
  zip.file(
    'xl/externalLinks/_rels/externalLink1.xml.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///C:\\models\\book.xlsx" TargetMode="External"/></Relationships>',
  );
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  zip.file('xl/_rels/workbook.xml.rels', rels.replace('</Relationships>', '<Relationship Id="rIdLink1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>'));
  const workbook = await zip.file('xl/workbook.xml')!.async('string');
  zip.file('xl/workbook.xml', workbook.replace('</sheets>', '</sheets><externalReferences><externalReference r:id="rIdLink1"/></externalReferences>'));
  const types = await zip.file('[Content_Types].xml')!.async('string');
  zip.file('[Content_Types].xml', types.replace('</Types>', '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>'));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** The base workbook with one change to its parts (a damaged file). */
export async function damaged(change: (zip: JSZip) => void): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(await baseXlsx());
  change(zip);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** The formula refusedXlsx puts in Sheet1!A2: A1*2 inside `depth` pairs of parentheses (600: deeper than the engine's parser reads, about 150, within the depth the reader lets through, 1,000). */
export const deepFormula = (depth = 600) => `${'('.repeat(depth)}A1*2${')'.repeat(depth)}`;

/**
 * A workbook holding what HyperFormula refuses, as Excel would cache it, one sheet "Sheet1":
 * A1 = 5; A2 = A1*2 nested in 600 parentheses (the engine's parser runs out of stack: a formula it
 * cannot take), cached 10; A3 = A2+1 (cached 11); A4 = FOOBAR(A1) (a function it lacks, cached 7);
 * A5 = IFERROR(A4,0) (cached 7); A6 = SUM(Table1[Amount]) (a structured reference, cached 30);
 * A7 = Price2026*2 (cached 10) with the workbook name Price2026 = Sheet1!$A$1, which Excel takes
 * (no column PRICE) and the engine reads as a cell reference; A8 = A1*3 cached stale at 0; B1 =
 * SUM(A1:A3) (cached 26).
 */
export async function refusedXlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.getCell('A1').value = 5;
  const formulas: [string, string, number][] = [
    ['A2', deepFormula(), 10],
    ['A3', 'A2+1', 11],
    ['A4', 'FOOBAR(A1)', 7],
    ['A5', '_xlfn.IFERROR(A4,0)', 7],
    ['A6', 'SUM(Table1[Amount])', 30],
    ['A7', 'Price2026*2', 10],
    ['A8', 'A1*3', 0],
    ['B1', 'SUM(A1:A3)', 26],
  ];
  for (const [ref, formula, result] of formulas) ws.getCell(ref).value = { formula, result } as ExcelJS.CellFormulaValue;
  const zip = await JSZip.loadAsync(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  const workbook = await zip.file('xl/workbook.xml')!.async('string');
  zip.file('xl/workbook.xml', workbook.replace('</sheets>', '</sheets><definedNames><definedName name="Price2026">Sheet1!$A$1</definedName></definedNames>'));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/**
 * Formulas over ranges as large as Excel's sheet, as Excel would cache them, one sheet "Sheet1" of 100
 * used rows: A1..A100 = 1..100, B1..B100 = 2. C1 = SUM(A1:XFD1048576) (the whole sheet written out: 4 GB
 * and 70 s in the engine, then a crash), cached 5250; C2 = SUMPRODUCT($A$1:$A$1048576,$B$1:$B$1048576)
 * (two whole columns written out), cached 10100; C3 = SUM(A:A) (a whole column), cached stale 0; C4 = SUMIFS(B:B,A:A,">50")
 * cached stale 0; C5 = SUMPRODUCT(D1:D1048575,E1:E1048575) (two columns all but their last row, 2 x
 * 1,048,575 cells, not a whole column), cached 0; C6 = C1+1, cached 5251.
 */
export async function hugeRangeXlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (let r = 1; r <= 100; r++) {
    ws.getCell(`A${r}`).value = r;
    ws.getCell(`B${r}`).value = 2;
  }
  const formulas: [string, string, number][] = [
    ['C1', 'SUM(A1:XFD1048576)', 5250],
    ['C2', 'SUMPRODUCT($A$1:$A$1048576,$B$1:$B$1048576)', 10100],
    ['C3', 'SUM(A:A)', 0],
    ['C4', 'SUMIFS(B:B,A:A,">50")', 0],
    ['C5', 'SUMPRODUCT(D1:D1048575,E1:E1048575)', 0],
    ['C6', 'C1+1', 5251],
  ];
  for (const [ref, formula, result] of formulas) ws.getCell(ref).value = { formula, result } as ExcelJS.CellFormulaValue;
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
