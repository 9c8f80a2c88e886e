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
import { bandColumns, columnGroups, LANDSCAPE_WIDTH, MIN_SCALE, parsePrintCheck, printCheckFormula, printSetup, PORTRAIT_WIDTH, RENDER_SLACK, TABLOID_WIDTH, unitFormat } from '../../src/xlsx/print';
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
  // The wide data sheets print in bands of whole column groups at 60% or more (print.ts bandColumns),
  // not on one tabloid page at 25-35% as before (measured 2026-12-06, LibreOffice 7.4: comps at 62%,
  // 5 bands on 5 pages; hpc-deals at 61%, 4 bands on 5; valuation at 60%, 7 bands on 13: its rows are
  // tall with each company's sources, ~2,000 characters, so most bands run over two pages; then its
  // summary sheet, the statistics and the sensitivity grid, on one page of its own).
  'hpc-deals': 5,
  comps: 5,
  valuation: 14,
  // 30 months under the inputs and totals on one page; the native block's checked assumptions on a second.
  projection: 2,
  // Inputs and statistics; the histogram and the fan chart's 120 months.
  risk: 4,
  // Key results and the inputs with their sources, the six sources listed in full (2); River Bend:
  // outputs, grid, inputs and derived values, then the timeline's calculation blocks, then the grid's 25
  // two-row calculations (3, tabloid landscape); Flash Compute: outputs, its grid and inputs, the
  // half-year blocks, the grid's nine four-row schedules (3). Measured 2026-12-06.
  'project-finance': 8,
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
// hybrid-site: its WATT.HYBRID and WATT.HYBRIDTABLE blocks' one helper (phases, three scenarios' months, the
// IRR scan: 896 rows x 116 columns, fit to one page wide) adds 3 (measured 2026-12-06, LibreOffice 7.4).
const NATIVE_APPENDIX: Record<string, number> = { 'three-paths': 6, valuation: 1, 'hybrid-site': 3 };

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
  // The projection lengthened by its recipient: months 30 -> 60 in the native file, as it stands (LibreOffice
  // recalculates it) and after `watt recalc --mode native`.
  const { loadXlsx, recalcXlsx } = await import('../../src/xlsx');
  const projection = await loadXlsx(fs.readFileSync(path.join(dir, 'projection-native.xlsx')));
  const monthsCell = TEMPLATES.find((t) => t.id === 'projection')!.sheets[0].cells.find((c) => c.name === 'months')!.ref;
  projection.workbook.getWorksheet('Projection')!.getCell(monthsCell).value = 60;
  const lengthened = Buffer.from(await projection.workbook.xlsx.writeBuffer());
  fs.writeFileSync(path.join(dir, 'projection60-native.xlsx'), lengthened);
  fs.writeFileSync(path.join(dir, 'projection60recalc-native.xlsx'), (await recalcXlsx(lengthened, { mode: 'native' })).data);
  for (const name of ['projection60-native', 'projection60recalc-native']) {
    files.push(path.join(dir, `${name}.xlsx`));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(fs.readFileSync(path.join(dir, `${name}.xlsx`)) as unknown as ExcelJS.Buffer);
    books.set(name, book);
  }
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

  test('every sheet: fit to one page wide (or in bands at a fixed scale), landscape when wider than a portrait page, print area on used rows', () => {
    const book = books.get(key(id, 'native'))!;
    for (const ws of visible(book)) {
      const setup = ws.pageSetup;
      if (BANDED[ws.name]) {
        expect(setup.fitToPage).toBe(false);
        expect(setup.scale).toBeGreaterThanOrEqual(MIN_SCALE * 100);
      } else {
        expect(setup.fitToPage).toBe(true);
        expect(setup.fitToWidth).toBe(1);
        expect(setup.fitToHeight).toBe(0);
      }
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

/** The sheets printed in bands: their template, the title columns' first cell of a data row, the header row. */
const BANDED: Record<string, { id: string; label: string }> = {
  Comps: { id: 'comps', label: 'IREN' },
  Valuation: { id: 'valuation', label: 'IREN' },
  'HPC deals': { id: 'hpc-deals', label: 'CIFR Barber Lake (initial)' },
};

describe.each(Object.entries(BANDED))('%s prints in bands of whole column groups, readable', (sheet, { id, label }) => {
  const template = TEMPLATES.find((t) => t.id === id)!;
  const print = template.sheets[0].print!;

  test.each([...MODES])('%s: a print area of one range per band, title columns and header row on every page, the scale written >= 60%', async (mode) => {
    const book = books.get(key(id, mode))!;
    const ws = book.getWorksheet(sheet)!;
    expect(ws.pageSetup.scale).toBeGreaterThanOrEqual(60);
    expect(ws.pageSetup.scale).toBeLessThanOrEqual(100);
    expect(ws.pageSetup.paperSize).toBe(3); // tabloid
    expect(ws.pageSetup.printTitlesColumn).toBe(print.titleColumns === 1 ? 'A:A' : 'A:B');
    expect(ws.pageSetup.printTitlesRow).toBe(`${print.headerRow}:${print.headerRow}`);
    const zip = await (await import('jszip')).default.loadAsync(fs.readFileSync(path.join(dir, `${key(id, mode)}.xlsx`)));
    const xml = await zip.file('xl/workbook.xml')!.async('string');
    const area = new RegExp(`<definedName name="_xlnm.Print_Area" localSheetId="0">([^<]*)</definedName>`).exec(xml)![1].replace(/&apos;/g, "'");
    const ranges = area.split(',');
    expect(ranges.length).toBeGreaterThan(1);
    // The first band from row 1 (title, notes, inputs); the others from the row below the header.
    expect(ranges[0]).toMatch(new RegExp(`^'${sheet}'!\\$A\\$1:`));
    for (const r of ranges.slice(1)) expect(Number(/!\$[A-Z]+\$(\d+):/.exec(r)![1])).toBe(print.headerRow + 1);
    // Each band ends where a group ends: no group split between two bands.
    const groups = columnGroups(print.groups);
    const letter = (r: string, i: number) => /!\$([A-Z]+)\$\d+:\$([A-Z]+)\$\d+$/.exec(r)![i];
    const { columnIndex } = await import('../../src/templates/plan');
    for (const r of ranges) {
      const end = columnIndex(letter(r, 2));
      expect(groups.some((g) => g.from <= end && end < g.to)).toBe(false);
    }
  });

  test('LibreOffice prints each page at the scale written, >= 60% (the ticker drawn at >= 6.6 pt), the title column on every page', () => {
    const book = books.get(key(id, 'native'))!;
    const ws = book.getWorksheet(sheet)!;
    const pages = pdfs.get(key(id, 'native'))!.filter((p) => p.texts[0] === sheet);
    expect(pages.length).toBeGreaterThan(1);
    const scale = ws.pageSetup.scale! / 100;
    for (const p of pages) {
      // The first column's label of a data row (11 pt) on every page of the table, or the title's own first page.
      const at = p.texts.indexOf(label);
      if (at < 0) continue;
      // LibreOffice draws at its own rounding of the scale (65% -> 7.09 pt for 11 pt).
      expect(Math.abs(p.sizes[at] - 11 * scale)).toBeLessThan(0.1);
      expect(p.sizes[at]).toBeGreaterThanOrEqual(11 * MIN_SCALE - 0.05);
    }
    // The title column on every page: each page shows a data row's label of column A.
    const labels = new Set<string>();
    for (let r = print.headerRow + 1; r <= ws.rowCount; r++) {
      const v = ws.getCell(r, 1).value;
      if (typeof v === 'string' && v !== '') labels.add(v);
    }
    expect(pages.filter((p) => !p.texts.some((t) => labels.has(t))).map((p) => p.texts.slice(1, 4))).toEqual([]);
  });
});

/**
 * Print titles (the header row and the title columns a banded table repeats) apply to a whole sheet, in
 * Excel and LibreOffice: what lay below a banded table printed under the table's repeated header
 * (measured 2026-12-06: valuation's sensitivity grid and calculation blocks on a page headed "Ticker |
 * Company | EH/s (self-mining) | ...", hpc-deals' last statistics and its rows left out under "Deal |
 * Counterparty | MW | ..."). They are on a summary sheet of their own, which repeats nothing: its pages
 * show none of the table's header, and the table's pages none of the summary's blocks.
 */
const SUMMARIES: [string, { id: string; first: string; blocks: string[] }][] = [
  ['Valuation summary', { id: 'valuation', first: 'Ticker', blocks: ['Median', 'Mean', 'Companies with a value', 'Sensitivity: value per share (USD)', 'Cap rate \\ rent', 'Contracted: value per W (USD/W)', 'Pipeline: value per W (USD/W)'] }],
  ['HPC deals summary', { id: 'hpc-deals', first: 'Deal', blocks: ['Critical-IT rent statistics', 'Median rent', 'MW-weighted mean rent', 'Left out of the statistics by default'] }],
];

describe.each(SUMMARIES)('%s: the statistics below a banded table print on pages of their own, without its repeated header', (title, { id, first, blocks }) => {
  const template = TEMPLATES.find((t) => t.id === id)!;
  const [table, summary] = template.sheets;
  const header = table.print!.headerRow;
  const own = new Set(summary.cells.map((c) => c.value));
  // The table's header row, but a label the summary shows itself (valuation's statistics are headed by the columns they summarise).
  const headerTexts = table.cells.filter((c) => Number(/\d+$/.exec(c.ref)![0]) === header).map((c) => c.value).filter((v): v is string => typeof v === 'string' && v !== '' && !own.has(v));

  test.each([...MODES])('%s: one page, no repeated rows or columns, none of the table\'s header; the table\'s pages none of its blocks', (mode) => {
    expect(summary.title).toBe(title);
    expect(headerTexts).toContain(first);
    const book = books.get(key(id, mode))!;
    const ws = book.getWorksheet(title)!;
    expect(ws.pageSetup.printTitlesRow).toBeUndefined();
    expect(ws.pageSetup.printTitlesColumn).toBeUndefined();
    const pages = pdfs.get(key(id, mode))!;
    const mine = pages.filter((p) => p.texts[0] === title);
    expect(mine.length).toBe(1);
    const texts = mine.flatMap((p) => p.texts);
    for (const t of blocks) expect(texts).toContain(t);
    expect(texts.filter((t) => headerTexts.includes(t))).toEqual([]);
    const tablePages = pages.filter((p) => p.texts[0] === table.title).flatMap((p) => p.texts);
    for (const t of blocks) expect(tablePages).not.toContain(t);
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

describe('a projection lengthened in the file (months 30 -> 60) prints its months', () => {
  const blank = (name: string) => {
    const book = books.get(name)!;
    return pdfs.get(name)!.map((p, i) => ({ i: i + 1, text: ownText(p, book) })).filter((p) => p.text.length === 0).map((p) => p.i);
  };
  const months = (name: string) => pdfs.get(name)!.filter((p) => p.texts[0] === 'Projection').flatMap((p) => p.texts.filter((t) => /^\d{4}-\d{2}$/.test(t)));

  test('as it stands (LibreOffice recalculates): the print area set at export prints months 1-30, and the page says which are left out and how to print them', () => {
    const pages = pdfs.get('projection60-native')!;
    expect(blank('projection60-native')).toEqual([]);
    expect(pages.filter((p) => p.texts[0] === 'Projection')).toHaveLength(1);
    expect(months('projection60-native')).toHaveLength(30);
    // The check above the table (print.ts printCheckFormula), computed by LibreOffice: rows 31-60 = 2028-07 .. 2030-12.
    const text = pages.flatMap((p) => p.texts).join(' ');
    expect(text).toContain('Rows 31 to 60 of the table are not in the print area: extend it to row 93 (Page Layout > Print Area), or run watt recalc on the file, which does.');
  });

  test('after watt recalc: the print area ends at the 60th month (row 93), the pages grow, none blank, the check is empty', () => {
    const ws = books.get('projection60recalc-native')!.getWorksheet('Projection')!;
    expect(ws.pageSetup.printArea).toMatch(/^\$?A\$?1:\$?[A-Z]+\$?93$/);
    expect(blank('projection60recalc-native')).toEqual([]);
    const pages = pdfs.get('projection60recalc-native')!.filter((p) => p.texts[0] === 'Projection');
    expect(pages.length).toBeGreaterThan(pdfs.get('projection-native')!.filter((p) => p.texts[0] === 'Projection').length);
    const printed = months('projection60recalc-native');
    expect(printed).toHaveLength(60);
    expect([printed[0], printed[59]]).toEqual(['2026-01', '2030-12']);
    expect(pdfs.get('projection60recalc-native')!.flatMap((p) => p.texts).join(' ')).not.toContain('not in the print area');
  });

  test('the check is empty at export: nothing printed beyond the table\'s own months', () => {
    expect(pdfs.get('projection-native')!.flatMap((p) => p.texts).join(' ')).not.toContain('not in the print area');
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

describe('bandColumns', () => {
  test('the fewest bands that fit a tabloid page at 60% as LibreOffice draws them, then the narrowest widest band', () => {
    // Capacity: 1152 / (0.6 x 1.35) = 1422.2 points, less 200 of title columns = 1222.2.
    expect(TABLOID_WIDTH / (MIN_SCALE * RENDER_SLACK)).toBeCloseTo(1422.2, 1);
    // 400 + 400 + 400 + 400 = 1600 > 1222: two bands; [400, 400 | 400, 400] (widest 800) beats [400, 400, 400 | 400] (1200).
    const four = bandColumns([400, 400, 400, 400], 200);
    expect(four.bands).toEqual([[0, 1], [2, 3]]);
    // Scale: 1152 / (1.35 x (200 + 800)) = 85.3% -> 85.
    expect(four.scale).toBe(85);
    // A group wider than a page is a band of its own, at the scale it needs (1152 / (1.35 x 1700) = 50.2%).
    expect(bandColumns([300, 1500, 300], 200)).toEqual({ bands: [[0, 0], [1, 1], [2, 2]], scale: 50 });
    // Narrow enough for one band: 100% at most.
    expect(bandColumns([100, 100], 50)).toEqual({ bands: [[0, 1]], scale: 100 });
  });

  test('a sheet wider than one tabloid page at 60% gets bands; its groups are never split', () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('w');
    ws.getCell('A1').value = 'Title';
    for (let c = 1; c <= 12; c++) ws.getCell(3, c).value = `h${c}`;
    for (let c = 1; c <= 12; c++) ws.getCell(4, c).value = c;
    // Twelve columns of 200 points: 2400 > 1152 / 0.6 = 1920.
    const setup = printSetup(ws, { columnWidths: Array(12).fill(200), print: { titleColumns: 1, headerRow: 3, groups: ['B:E', 'F:H', 'I:L'] } })!;
    expect(setup.bands!.map((b) => b.range)).toEqual(['A1:E4', 'F4:H4', 'I4:L4']);
    expect(setup.titleColumns).toBe('A:A');
    expect(setup.titleRows).toBe('3:3');
    // Widest band: 200 + 800 = 1000 points: 1152 / (1.35 x 1000) = 85%.
    expect(setup.scale).toBe(85);
  });
});

test('the print check of a lengthened table: its formula read back, empty while the rows fit', () => {
  const check = { column: 'A', firstRow: 34, lastRow: 633, printed: 30 };
  const formula = printCheckFormula(check);
  expect(parsePrintCheck(formula)).toEqual(check);
  expect(parsePrintCheck(`=${formula}`)).toEqual(check);
  expect(formula.startsWith('IF(COUNT($A$34:$A$633)>30,')).toBe(true);
  expect(parsePrintCheck('IF(COUNT($A$34:$A$633)>30,"x","")')).toBeUndefined();
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

test('a sheet printed in bands keeps every band when the file is read and written again (watt recalc)', async () => {
  const { recalcXlsx } = await import('../../src/xlsx');
  const JSZip = (await import('jszip')).default;
  const printArea = async (bytes: Uint8Array | Buffer) => {
    const xml = await (await JSZip.loadAsync(bytes)).file('xl/workbook.xml')!.async('string');
    return [...xml.matchAll(/<definedName name="_xlnm.Print_(Area|Titles)" localSheetId="0">([^<]*)<\/definedName>/g)].map((m) => `${m[1]}=${m[2]}`);
  };
  const bytes = fs.readFileSync(path.join(dir, 'comps-native.xlsx'));
  const before = await printArea(bytes);
  // The bands as written: A1:J31 (title, notes, power, mining, contracts), then from row 8 down.
  expect(before[0]).toMatch(/^Area=&apos;Comps&apos;!\$A\$1:\$[A-Z]+\$\d+,&apos;Comps&apos;!\$[A-Z]+\$8:/);
  const again = await printArea((await recalcXlsx(bytes, { mode: 'native' })).data);
  expect(again).toEqual(before);
});

test('a banded sheet opened (the workbench, watt recalc) and written again prints in the same bands', async () => {
  const { loadXlsx, toEngine, writeXlsx: write } = await import('../../src/xlsx');
  const JSZip = (await import('jszip')).default;
  const area = async (bytes: Uint8Array | Buffer) => {
    const xml = await (await JSZip.loadAsync(bytes)).file('xl/workbook.xml')!.async('string');
    return /<definedName name="_xlnm.Print_Area" localSheetId="0">([^<]*)<\/definedName>/.exec(xml)![1];
  };
  const bytes = fs.readFileSync(path.join(dir, 'comps-watt.xlsx'));
  const state = await toEngine(await loadXlsx(bytes));
  // The bands read back as the sheet's print layout: each band a group, ticker and company the title columns.
  const print = state.layouts.get('Comps')!.print!;
  expect([print.titleColumns, print.headerRow]).toEqual([2, 7]);
  expect(print.groups.length).toBe((await area(bytes)).split(',').length);
  const { data } = await write(state, { mode: 'watt' });
  expect(await area(data)).toBe(await area(bytes));
});
