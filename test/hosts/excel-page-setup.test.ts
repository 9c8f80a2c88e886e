/**
 * The page setup of a template inserted in Excel (Worksheet.pageLayout, ExcelApi 1.9), through the fake
 * Office host: the same print area, titles, scale, paper and margins as the .xlsx writer gives the same
 * template (src/xlsx/print.ts), computed from what Excel shows once the sheet is calculated. The fake's
 * formula cells show the engine's values for the same template (its `calculate` hook), as Excel would.
 */
import JSZip from 'jszip';
import { DetailedCellError } from 'hyperformula';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { chartCells, NO_PAGE_SETUP_NOTE } from '../../src/hosts/excel/page-setup';
import { ExcelTemplateAdapter } from '../../src/hosts/excel/template-adapter';
import { createInsertController } from '../../src/taskpane/controller';
import { createExcelHost } from '../../src/taskpane/excel-host';
import { findTemplate, insertTemplate } from '../../src/templates';
import { columnLetters, parseBlock, parseRef } from '../../src/templates/plan';
import type { PlannedSheet, Template } from '../../src/templates/types';
import { writeXlsx } from '../../src/xlsx';
import { FakeExcel } from './fake-excel';

/** The template in the engine (for Excel's computed values) and its .xlsx (values mode) print setup. */
async function reference(template: Template) {
  const engine = new EngineTemplateAdapter();
  await insertTemplate(template, engine);
  const { data } = await writeXlsx(engine, { mode: 'values' });
  const zip = await JSZip.loadAsync(data);
  const xml = await zip.file('xl/workbook.xml')!.async('string');
  const name = (n: string) => (new RegExp(`<definedName name="_xlnm.${n}" localSheetId="0">([^<]*)</definedName>`).exec(xml)?.[1] ?? '').replace(/&apos;/g, "'");
  const sheetXml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
  const scale = /<pageSetup[^>]*\sscale="(\d+)"/.exec(sheetXml)?.[1];
  return { engine, printArea: name('Print_Area'), printTitles: name('Print_Titles'), scale: scale === undefined ? undefined : Number(scale) };
}

/** A fake Excel whose formulas show the engine's values for the template (errors as Excel's codes). */
function excelLike(engine: EngineTemplateAdapter, fake: FakeExcel): void {
  fake.calculate = (sheet, ref) => {
    const id = engine.hf.getSheetId(sheet);
    const at = parseRef(ref)!;
    if (id === undefined) return '';
    const v = engine.hf.getCellValue({ sheet: id, row: at.row, col: at.col });
    return v instanceof DetailedCellError ? v.value : v ?? '';
  };
}

/** "'Comps'!$A$1:$J$31,'Comps'!$K$8:$U$22" → "A1:J31,K8:U22". */
const bare = (ranges: string) => ranges.split(',').map((r) => r.slice(r.indexOf('!') + 1).replace(/\$/g, '')).join(',');

/**
 * The .xlsx's print area (one range) reaching the charts Excel draws on the sheet (the .xlsx has none):
 * Excel prints only the objects inside the print area.
 */
function withCharts(area: string, sheet: PlannedSheet): string {
  const b = parseBlock(area)!;
  let [bottom, right] = [b.bottom + 1, b.right + 1];
  for (const c of chartCells(sheet)) [bottom, right] = [Math.max(bottom, c.row), Math.max(right, c.col)];
  return `A1:${columnLetters(right)}${bottom}`;
}

describe('a template inserted in Excel gets the page setup of its .xlsx', () => {
  test('keep-mining: one page wide, as many tall as needed; the print area on the cells that show; margins, footer, no gridlines', async () => {
    const keepMining = findTemplate('keep-mining')!;
    const ref = await reference(keepMining);
    const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
    excelLike(ref.engine, fake);
    const adapter = new ExcelTemplateAdapter(fake.hosts());
    const plan = await insertTemplate(keepMining, adapter);
    const page = fake.find('Keep mining')!.page!;
    // The .xlsx's A1:G42, down to the sensitivity chart's last row (300 points tall: 20 rows of 15 points, A63).
    expect(page.printArea).toBe(withCharts(bare(ref.printArea), plan.sheets[0]));
    expect(chartCells(plan.sheets[0])).toHaveLength(2);
    expect(page.zoom).toEqual({ horizontalFitToPages: 1, verticalFitToPages: 0 });
    // 0.5 in left and right, 0.6 in top and bottom, 0.3 in header and footer: in points.
    expect(page).toMatchObject({ leftMargin: 36, rightMargin: 36, topMargin: 43.2, bottomMargin: 43.2, headerMargin: 21.6, footerMargin: 21.6, centerHorizontally: false, printGridlines: false });
    expect(page.leftFooter).toMatch(/&A$/);
    expect(page.rightFooter).toMatch(/Page &P of &N$/);
    expect(['Landscape', 'Portrait']).toContain(page.orientation);
    expect(adapter.notes).toEqual([]);
  });

  test('comps: printed in bands as the .xlsx (the same print ranges, title columns and header row), tabloid, at a fixed scale >= 60%', async () => {
    const comps = findTemplate('comps')!;
    const ref = await reference(comps);
    const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
    excelLike(ref.engine, fake);
    await insertTemplate(comps, new ExcelTemplateAdapter(fake.hosts()));
    const page = fake.find('Comps')!.page!;
    // The .xlsx's bands, e.g. A1:J31,K8:U22,V8:AC29,AD8:AD22,AE8:AE22: one range per band.
    expect(page.printArea).toBe(bare(ref.printArea));
    expect(String(page.printArea).split(',').length).toBeGreaterThan(2);
    // Print titles: the .xlsx's "'Comps'!$A:$B,'Comps'!$7:$7".
    expect(page.printTitleColumns).toBe('$A:$B');
    expect(page.printTitleRows).toBe('$7:$7');
    expect(ref.printTitles).toBe("'Comps'!$A:$B,'Comps'!$7:$7");
    expect(page.paperSize).toBe('Tabloid');
    expect(page.orientation).toBe('Landscape');
    const scale = (page.zoom as { scale: number }).scale;
    expect(scale).toBeGreaterThanOrEqual(60);
    // The scale of the .xlsx within a few percent (Excel's rows of wrapped headers are fitted by Excel, not known here).
    expect(Math.abs(scale - ref.scale!)).toBeLessThanOrEqual(5);
    // A long note above the table wraps within the first band (merged over the free cells to its right).
    const merged = Object.values(fake.find('Comps')!.cells).map((c) => c.merged).filter(Boolean);
    expect(merged.length).toBeGreaterThan(0);
    for (const m of merged) expect(m).toMatch(/^A\d+:[A-J]\d+$/);
  });

  test('valuation: in bands as the .xlsx; the band under whose columns the sensitivity chart sits runs down to it', async () => {
    const valuation = findTemplate('valuation')!;
    const ref = await reference(valuation);
    const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
    excelLike(ref.engine, fake);
    const plan = await insertTemplate(valuation, new ExcelTemplateAdapter(fake.hosts()));
    const sheet = plan.sheets.find((p) => p.name === 'Valuation')!;
    const page = fake.find('Valuation')!.page!;
    const excel = String(page.printArea).split(',').map((r) => parseBlock(r)!);
    const xlsx = bare(ref.printArea).split(',').map((r) => parseBlock(r)!);
    // The same bands (columns, first rows); a band's last row may only reach further down (to the chart).
    expect(excel.map((b) => [b.left, b.right, b.top])).toEqual(xlsx.map((b) => [b.left, b.right, b.top]));
    excel.forEach((b, i) => expect(b.bottom).toBeGreaterThanOrEqual(xlsx[i].bottom));
    // Both corners of the chart inside one band.
    const [topLeft, bottomRight] = chartCells(sheet);
    const band = (c: { row: number; col: number }) => excel.findIndex((b) => c.row - 1 >= b.top && c.row - 1 <= b.bottom && c.col - 1 >= b.left && c.col - 1 <= b.right);
    expect(band(topLeft)).toBeGreaterThanOrEqual(0);
    expect(band(bottomRight)).toBe(band(topLeft));
    expect((page.zoom as { scale: number }).scale).toBeGreaterThanOrEqual(60);
  });

  test('projection: the table header repeats on every page (the spilled table\'s header, ExcelApi 1.12)', async () => {
    const projection = findTemplate('projection')!;
    const ref = await reference(projection);
    const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
    excelLike(ref.engine, fake);
    // Excel says where WATT.PROJECTION spilled: the engine's block under its anchor.
    const anchor = projection.sheets[0].cells.find((c) => /^=WATT\.PROJECTION\(/.test(c.formula ?? ''))!.ref;
    fake.beforeSync = (f) => {
      const sheet = f.find('Projection');
      if (sheet && !sheet.spills) {
        const at = parseRef(anchor)!;
        const id = ref.engine.hf.getSheetId('Projection')!;
        let rows = 0;
        while (ref.engine.hf.isCellPartOfArray({ sheet: id, row: at.row + rows + 1, col: at.col })) rows++;
        sheet.spills = { [anchor]: `${anchor}:${anchor.replace(/\d+$/, String(at.row + 1 + rows))}` };
      }
    };
    const plan = await insertTemplate(projection, new ExcelTemplateAdapter(fake.hosts()));
    const page = fake.find('Projection')!.page!;
    // The .xlsx's A1:O63 and the chart to the right of the table.
    expect(page.printArea).toBe(withCharts(bare(ref.printArea), plan.sheets[0]));
    expect(page.printArea).not.toBe(bare(ref.printArea));
    // The .xlsx's "'Projection'!$32:$33": the labels row above the table and its header.
    expect(ref.printTitles).toBe("'Projection'!$32:$33");
    expect(page.printTitleRows).toBe('$32:$33');
  });

  test('an Excel without ExcelApi 1.9: the sheets are inserted without a page setup, and the pane says so', async () => {
    const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
    fake.apiVersion = 8;
    const adapter = new ExcelTemplateAdapter(fake.hosts());
    const controller = createInsertController(createExcelHost({ adapter, theme: {} }));
    const message = await controller.insert(findTemplate('keep-mining')!);
    expect(fake.find('Keep mining')!.page).toBeUndefined();
    expect(fake.applied.some((op) => op.kind === 'page')).toBe(false);
    expect(adapter.notes).toEqual([NO_PAGE_SETUP_NOTE]);
    expect(message.intent).toBe('warning');
    expect(message.detail).toContain('ExcelApi 1.9');
    expect(message.detail).toContain('sheet "Keep mining"');
  });

  test('a page setup Excel refuses leaves the insert in place and is reported', async () => {
    const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
    fake.failOn = (op) => op.kind === 'page' && op.prop === 'zoom';
    const adapter = new ExcelTemplateAdapter(fake.hosts());
    await insertTemplate(findTemplate('keep-mining')!, adapter);
    expect(fake.find('Keep mining')!.cells.A1.value).toBeDefined();
    expect(adapter.notes).toHaveLength(1);
    expect(adapter.notes[0]).toMatch(/^The pages of "Keep mining" could not be set up for printing \(.*InvalidArgument.*\): set them in Page Layout\.$/);
  });

  test('custom functions still #BUSY! are waited for before the print area is taken', async () => {
    const keepMining = findTemplate('keep-mining')!;
    const ref = await reference(keepMining);
    const fake = new FakeExcel([FakeExcel.sheet('Sheet1')]);
    excelLike(ref.engine, fake);
    const computed = fake.calculate!;
    let busyReads = 2;
    // The first two reads of the used range find the WATT formulas busy.
    fake.calculate = (sheet, r, formula) => (busyReads > 0 && /WATT\./.test(formula) ? '#BUSY!' : computed(sheet, r, formula));
    const waits: number[] = [];
    fake.beforeSync = () => undefined;
    const adapter = new ExcelTemplateAdapter({ ...fake.hosts(), wait: async (ms) => { waits.push(ms); busyReads--; } });
    const plan = await insertTemplate(keepMining, adapter);
    expect(waits).toEqual([500, 500]);
    expect(fake.find('Keep mining')!.page!.printArea).toBe(withCharts(bare(ref.printArea), plan.sheets[0]));
  });
});
