/**
 * Files that print: LibreOffice (headless, one run for every file) prints each template's export in
 * every mode to PDF; each template stays within its page budget, no page is blank (nothing but the
 * footer and the repeated header rows), each sheet fits one page wide in its orientation, and every
 * styled cell names its font. The PDFs are read with test/xlsx/pdf.ts (no pdftotext here).
 *
 * Before the page setup (measured 2026-12-05): projection native 80 pages (65 blank), valuation 52,
 * comps 22, risk 22, hpc-deals 13.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { insertTemplate, TEMPLATES } from '../../src/templates';
import { MODES, writeXlsx, XlsxMode } from '../../src/xlsx';
import { LANDSCAPE_WIDTH, printSetup, PORTRAIT_WIDTH, unitFormat } from '../../src/xlsx/print';
import { convertWithLibreOffice } from './soffice';
import { PdfPage, readPdf } from './pdf';

jest.setTimeout(600_000);

/**
 * Pages per template, every mode (the `Watt native` sheet of a native export included). Measured with
 * LibreOffice 7.4 (Debian's libreoffice-calc-nogui, as .ci/run installs it), which draws Calibri in
 * DejaVu Sans, wider than Calibri: Excel fits at least as much on a page. A page more than this is a
 * regression to look at.
 */
const BUDGET: Record<string, number> = {
  'keep-mining': 1,
  // Inputs with their sources, then the outputs table: a source longer than the page wraps within it
  // (print.ts wrapLongText) rather than shrinking the page to a third of its scale as it did.
  'three-paths': 2,
  'gpu-cloud': 2,
  'powered-shell': 2,
  'hpc-deals': 1,
  comps: 1,
  valuation: 1,
  // 30 months under the inputs and totals on one page; the native block's checked assumptions on a second.
  projection: 2,
  // Inputs and statistics; the histogram and the fan chart's 120 months.
  risk: 4,
  // The model on one tabloid sheet (inputs, flexible load by month, phases, outputs, 120 months and
  // totals: 2 pages), then the 8,784 ERCOT prices, a column a month (14 pages; measured 2026-12-06).
  'hybrid-site': 16,
};

/**
 * Pages a native export adds for its calculation sheet `Watt native` beyond the budget above: the WATT.PATHS
 * block's monthly flows (up to 721 rows x 39 columns, fit to one page wide) and WATT.MININGVALUE's month
 * index (600 rows). An appendix a reviewer can trace, not the model's pages (measured 2026-12-05, LibreOffice
 * 7.4: three-paths 6; valuation 1, the index's title, its 600 numbers do not print).
 */
const NATIVE_APPENDIX: Record<string, number> = { 'three-paths': 6, valuation: 1 };

/** The sheets a reader sees (a very hidden sheet, such as the guards' recorded inputs, never prints). */
const visible = (book: ExcelJS.Workbook) => book.worksheets.filter((ws) => ws.state === undefined || ws.state === 'visible');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watt-print-'));
const pdfs = new Map<string, PdfPage[]>();
const books = new Map<string, ExcelJS.Workbook>();
const key = (id: string, mode: XlsxMode) => `${id}-${mode}`;

beforeAll(async () => {
  const files: string[] = [];
  for (const t of TEMPLATES) {
    const adapter = new EngineTemplateAdapter();
    await insertTemplate(t, adapter);
    for (const mode of MODES) {
      const { data } = await writeXlsx(adapter, { mode });
      const file = path.join(dir, `${key(t.id, mode)}.xlsx`);
      fs.writeFileSync(file, data);
      files.push(file);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(data) as unknown as ExcelJS.Buffer);
      books.set(key(t.id, mode), book);
    }
  }
  // keep-mining with the BTC price a recipient types in the native file ($130k), recalculated by LibreOffice.
  const edited = new ExcelJS.Workbook();
  await edited.xlsx.load(fs.readFileSync(path.join(dir, 'keep-mining-native.xlsx')) as unknown as ExcelJS.Buffer);
  const km = edited.getWorksheet('Keep mining')!;
  const btcCell = TEMPLATES.find((t) => t.id === 'keep-mining')!.sheets[0].cells.find((c) => c.name === 'btc_price')!.ref;
  km.getCell(btcCell).value = 130_000;
  const editedFile = path.join(dir, 'keep-mining130k-native.xlsx');
  fs.writeFileSync(editedFile, Buffer.from(await edited.xlsx.writeBuffer()));
  files.push(editedFile);
  books.set('keep-mining130k-native', edited);
  convertWithLibreOffice(files, path.join(dir, 'pdf'), { recalculate: true, to: 'pdf' });
  for (const file of files) {
    const name = path.basename(file, '.xlsx');
    pdfs.set(name, readPdf(fs.readFileSync(path.join(dir, 'pdf', `${name}.pdf`))));
  }
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The text of a page that is neither its footer (sheet name, "Page n of m") nor a repeated header row. */
function ownText(page: PdfPage, book: ExcelJS.Workbook): string[] {
  const sheet = book.worksheets.find((ws) => ws.name === page.texts[0]);
  const titles = new Set<string>();
  const rows = /^\$?(\d+):\$?(\d+)$/.exec(sheet?.pageSetup.printTitlesRow ?? '');
  if (sheet && rows) {
    for (let r = Number(rows[1]); r <= Number(rows[2]); r++) sheet.getRow(r).eachCell((c) => titles.add(String(c.text)));
  }
  return page.texts.slice(1).filter((t) => !/^\s*(Page|of)?\s*\d*\s*$/.test(t) && !titles.has(t));
}

describe.each(TEMPLATES.map((t) => t.id))('%s prints', (id) => {
  test.each([...MODES])('%s: within its page budget, no blank page', (mode) => {
    const pages = pdfs.get(key(id, mode))!;
    const book = books.get(key(id, mode))!;
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.length).toBeLessThanOrEqual(BUDGET[id] + (mode === 'native' ? NATIVE_APPENDIX[id] ?? 0 : 0));
    const blank = pages.map((p, i) => ({ i: i + 1, text: ownText(p, book) })).filter((p) => p.text.length === 0).map((p) => p.i);
    expect(blank).toEqual([]);
    // Each page names its sheet in the footer, and every sheet of the file prints.
    expect(new Set(pages.map((p) => p.texts[0]))).toEqual(new Set(visible(book).map((ws) => ws.name)));
  });

  test('every sheet: fit to one page wide, landscape when wider than a portrait page, print area on used rows', () => {
    const book = books.get(key(id, 'native'))!;
    for (const ws of visible(book)) {
      const setup = ws.pageSetup;
      expect(setup.fitToPage).toBe(true);
      expect(setup.fitToWidth).toBe(1);
      expect(setup.fitToHeight).toBe(0);
      expect(setup.printArea).toMatch(/^\$?A\$?1:\$?[A-Z]+\$?\d+$/);
      // Landscape pages are 792 points wide (Letter) or 1224 (tabloid); portrait 612.
      const pages = pdfs.get(key(id, 'native'))!.filter((p) => p.texts[0] === ws.name);
      for (const p of pages) expect(p.width > p.height).toBe(setup.orientation === 'landscape');
    }
  });

  test('every styled cell names its font (LibreOffice would fall back to a serif)', () => {
    for (const mode of MODES) {
      const unnamed: string[] = [];
      for (const ws of books.get(key(id, mode))!.worksheets) {
        ws.eachRow((row) => row.eachCell((cell) => {
          if (cell.font && Object.keys(cell.font).length > 0 && !cell.font.name) unnamed.push(`${ws.name}!${cell.address}`);
        }));
      }
      expect(unnamed).toEqual([]);
    }
  });
});

describe('the projection prints its months, not the native block\'s 600 formula rows', () => {
  test('native: the print area ends at the last month (row 63 = header row 33 + 30 months), the table header repeats', () => {
    const ws = books.get('projection-native')!.getWorksheet('Projection')!;
    // Table header at row 33 (projection.ts: tableRow), 30 months below it: rows 34..63.
    expect(ws.pageSetup.printArea).toMatch(/^\$?A\$?1:\$?[A-Z]+\$?63$/);
    // The labels row above the spill (32) and the spill's header (33).
    expect(ws.pageSetup.printTitlesRow).toBe('32:33');
    // The formula block goes on to row 633 (600 months): none of it printed.
    expect(ws.getCell('B634').value).toBeNull();
    expect(ws.getCell('B200').formula).toBeDefined();
  });

  test('every page of the projection PDF shows months or inputs (80 pages, 65 blank before)', () => {
    const pages = pdfs.get('projection-native')!;
    const projection = pages.filter((p) => p.texts[0] === 'Projection');
    expect(projection).toHaveLength(1);
    // Its 30 months, shown yyyy-mm: 2026-01 .. 2028-06 printed, and no 31st.
    const months = projection[0].texts.filter((t) => /^\d{4}-\d{2}$/.test(t));
    expect(months).toHaveLength(30);
    expect([months[0], months[29]]).toEqual(['2026-01', '2028-06']);
  });
});

test('keep-mining native, BTC price set to $130k in the file and recalculated by LibreOffice: the axis is sorted, the base in its place', () => {
  const texts = pdfs.get('keep-mining130k-native')!.flatMap((p) => p.texts);
  // Sensitivity axis: $130,000 x (0.7, 0.8, 0.9, 1, 1.15, 1.35, 1.75), in the order printed.
  const axis = ['$91,000', '$104,000', '$117,000', '$130,000', '$149,500', '$175,500', '$227,500'];
  const at = axis.map((a) => texts.lastIndexOf(a));
  expect(at.every((i) => i >= 0)).toBe(true);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
});

describe('printSetup', () => {
  test('a narrow sheet is portrait, a wide one landscape, a very wide one tabloid', () => {
    const book = new ExcelJS.Workbook();
    const narrow = book.addWorksheet('n');
    narrow.getCell('A1').value = 'x';
    narrow.getCell('C40').value = 1;
    narrow.getCell('C41').value = { formula: '""', result: '' } as ExcelJS.CellFormulaValue;
    // Three columns of 100 points: 300 < 522 (portrait printable width).
    expect(printSetup(narrow, { columnWidths: [100, 100, 100] })).toEqual({ area: 'A1:C40', landscape: false, tabloid: false, titleRows: undefined, widthPoints: 300, lastColumn: 3 });
    const wide = book.addWorksheet('w');
    wide.getCell('H2').value = 1;
    // Eight columns of 100 points: 800 > 522, below 1.6 x 720 = 1152.
    const w = printSetup(wide, { columnWidths: Array(8).fill(100), freezeRows: 2 })!;
    expect([w.area, w.landscape, w.tabloid, w.titleRows]).toEqual(['A1:H2', true, false, '1:2']);
    expect(PORTRAIT_WIDTH).toBe(522);
    expect(LANDSCAPE_WIDTH).toBe(720);
    const huge = book.addWorksheet('h');
    huge.getCell('T3').value = 1;
    // Twenty columns of 100 points: 2000 > 1152.
    expect(printSetup(huge, { columnWidths: Array(20).fill(100) })!.tabloid).toBe(true);
  });

  test('text runs on over empty cells into the print area; cells marked blank do not print', () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('t');
    ws.getCell('A1').value = 'a'.repeat(40); // 40 x 5.6 + 4 = 228 points: over A (100) and B (100) into C
    ws.getCell('A3').value = 5;
    ws.getCell('A4').value = { formula: '1+1', result: 2 } as ExcelJS.CellFormulaValue;
    expect(printSetup(ws, { columnWidths: [100, 100, 100, 100], blank: new Set(['A4']) })!.area).toBe('A1:C3');
  });

  test('unitFormat: money with its cents, fractions as percents, dates, counts', () => {
    expect(unitFormat('USD')).toBe('$#,##0;($#,##0)');
    expect(unitFormat('USD per kWh')).toBe('$#,##0.000;($#,##0.000)');
    expect(unitFormat('USD per MWh')).toBe('$#,##0.00;($#,##0.00)');
    expect(unitFormat('(fraction, 0.02 = 2%)')).toBe('0.0%;(0.0%)');
    expect(unitFormat('(annual, 0.1 = 10%)')).toBe('0.0%;(0.0%)');
    expect(unitFormat('(Excel date serial; 39816 is 2009-01-03, the genesis block)')).toBe('yyyy-mm-dd');
    expect(unitFormat('EH/s')).toBe('#,##0;(#,##0)');
    expect(unitFormat('BTC per block')).toBe('#,##0.0000;(#,##0.0000)');
  });
});

test('a sheet whose name has an apostrophe gets its page setup without a print area (ExcelJS would write a name Excel refuses)', async () => {
  const adapter = new EngineTemplateAdapter();
  const hf = adapter.hf;
  const sheet = hf.getSheetId(hf.addSheet("Bob's model"))!;
  hf.setCellContents({ sheet, row: 0, col: 0 }, [['Revenue', 100]]);
  const { data } = await writeXlsx(adapter, { mode: 'watt' });
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(data) as unknown as ExcelJS.Buffer);
  const ws = book.getWorksheet("Bob's model")!;
  expect(ws.pageSetup.fitToWidth).toBe(1);
  expect(ws.pageSetup.printArea).toBeUndefined();
  expect(ws.getCell('B1').value).toBe(100);
});

test('a file read and written again (watt recalc) keeps its print area absolute, and prints as before', async () => {
  const { loadXlsx, recalcXlsx } = await import('../../src/xlsx');
  const bytes = fs.readFileSync(path.join(dir, 'projection-native.xlsx'));
  const loaded = await loadXlsx(bytes);
  expect(loaded.workbook.getWorksheet('Projection')!.pageSetup.printArea).toMatch(/^A\$1:[A-Z]+\$63$/);
  const again = new ExcelJS.Workbook();
  await again.xlsx.load((await recalcXlsx(bytes, { mode: 'native' })).data as unknown as ExcelJS.Buffer);
  // ExcelJS alone would write '$A1:$O63' (rows relative): LibreOffice then printed 8 pages, 6 of them blank.
  expect(again.getWorksheet('Projection')!.pageSetup.printArea).toMatch(/^A1:[A-Z]+63$/);
  const zip = await (await import('jszip')).default.loadAsync((await recalcXlsx(bytes, { mode: 'native' })).data);
  expect(await zip.file('xl/workbook.xml')!.async('string')).toMatch(/&apos;Projection&apos;!\$A\$1:\$[A-Z]+\$63</);
});
