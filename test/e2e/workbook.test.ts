/**
 * The workbench as a place to work, in Chromium (playwright-core): insert a template, edit an input,
 * undo it, redo it, reload and find it; copy and paste a block as tab-separated text; add, rename and
 * delete a sheet (undone); download the workbook as .xlsx (native and values), have LibreOffice
 * recalculate each file (every number equal to the workbench's within 1e-9 relative), and open the
 * downloaded file again in the workbench. Screenshots go to test-results/.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { findTemplate } from '../../src/templates';
import { loadXlsx } from '../../src/xlsx';
import { convertWithLibreOffice } from '../xlsx/soffice';
import { pageErrors, RESULTS, useWorkbench } from './browser';
import { findScenario } from './scenario';

jest.setTimeout(300_000);

const bench = useWorkbench();

/** Scrolls a cell of the active sheet into view: the grid draws only the cells in view. */
const show = (page: Page, ref: string) => page.evaluate((r) => window.wattWorkbench!.grid.show(r), ref);

const cellText = async (page: Page, ref: string) => {
  await show(page, ref);
  return page.locator(`td[data-ref="${ref}"] .wb-content`).innerText();
};
const status = (page: Page) => page.locator('.wb-status-text').innerText();

/** Every numeric cell of a file, by "Sheet!A1" (cached or recalculated values). */
async function numbers(file: string): Promise<Map<string, number>> {
  const loaded = await loadXlsx(fs.readFileSync(file));
  const out = new Map<string, number>();
  loaded.workbook.eachSheet((ws: ExcelJS.Worksheet) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.type === ExcelJS.ValueType.Formula ? cell.result : cell.value;
        if (typeof v === 'number') out.set(`${ws.name}!${cell.address}`, v);
      }),
    ),
  );
  return out;
}

test('insert, edit, undo, redo, reload; copy and paste; sheets; download (native, values) checked by LibreOffice; open again', async () => {
  const template = findTemplate('keep-mining')!;
  const scenario = await findScenario(template);
  const context = await bench.browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = pageErrors(page);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watt-e2e-xlsx-'));
  try {
    await page.goto(`${bench.url}/workbench.html`);
    await page.waitForSelector('.watt-pane[data-ready="true"] .watt-card');
    expect(await page.locator('.wb-undo').isDisabled()).toBe(true);

    // Insert, then edit an input.
    await page.click(`.watt-insert[data-template-id="${template.id}"]`);
    await page.waitForSelector('.watt-message[data-intent="success"]');
    await page.click(`.wb-tab[data-sheet="${scenario.sheet}"]`);
    await show(page, scenario.input);
    await page.dblclick(`td[data-ref="${scenario.input}"]`);
    await page.locator('.wb-editor').fill(scenario.typed);
    await page.locator('.wb-editor').press('Enter');
    await page.waitForFunction(([ref, t]) => (window.wattWorkbench!.grid.show(ref), document.querySelector(`td[data-ref="${ref}"] .wb-content`)?.textContent === t), [scenario.output, scenario.outputAfter] as const);
    expect(await cellText(page, scenario.input)).toBe(scenario.inputAfter);
    expect(await page.locator('.wb-saved').getAttribute('data-state')).toBe('saved');

    // Undo (Ctrl+Z) and redo (Ctrl+Y) from the grid; the buttons follow.
    await page.click(`td[data-ref="A1"]`);
    await page.keyboard.press('Control+z');
    expect(await cellText(page, scenario.input)).toBe(scenario.inputBefore);
    expect(await cellText(page, scenario.output)).toBe(scenario.outputBefore);
    expect(await status(page)).toContain('Undid: Edit');
    await page.keyboard.press('Control+y');
    expect(await cellText(page, scenario.input)).toBe(scenario.inputAfter);
    expect(await cellText(page, scenario.output)).toBe(scenario.outputAfter);
    // The buttons too: undo once more by button, redo by button.
    await page.click('.wb-undo');
    expect(await cellText(page, scenario.input)).toBe(scenario.inputBefore);
    await page.click('.wb-redo');
    expect(await cellText(page, scenario.input)).toBe(scenario.inputAfter);

    // A calculated cell refuses typing, with the reason.
    await show(page, scenario.output);
    await page.dblclick(`td[data-ref="${scenario.output}"]`);
    expect(await status(page)).toMatch(/calculated by the template/);
    await page.screenshot({ path: path.join(RESULTS, 'workbook-edited.png') });

    // Reload: the workbook comes back from the browser's storage.
    await page.reload();
    await page.waitForSelector('.watt-pane[data-ready="true"] .watt-card');
    expect(await page.locator('.wb-tab').allInnerTexts()).toEqual(expect.arrayContaining(['Sheet1', ...scenario.sheetNames]));
    await page.click(`.wb-tab[data-sheet="${scenario.sheet}"]`);
    expect(await cellText(page, scenario.input)).toBe(scenario.inputAfter);
    expect(await cellText(page, scenario.output)).toBe(scenario.outputAfter);
    expect(await status(page)).toContain('Your workbook is back');

    // Sheet1: paste a block as Excel puts it on the clipboard, copy it back out.
    await page.click('.wb-tab[data-sheet="Sheet1"]');
    await page.click('td[data-ref="B2"]');
    const paste = (text: string) =>
      page.evaluate((t) => {
        const data = new DataTransfer();
        data.setData('text/plain', t);
        document.querySelector('.wb-grid-scroll')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
      }, text);
    await paste('Price\t87000\r\nShare\t12.5%\r\n"Two\nlines"\t=C2*C3\r\n');
    expect(await cellText(page, 'C2')).toBe('87000');
    expect(await cellText(page, 'C4')).toBe('10875');
    expect(await page.locator('td.wb-in-range').count()).toBe(6);
    const copied = await page.evaluate(() => {
      const data = new DataTransfer();
      document.querySelector('.wb-grid-scroll')!.dispatchEvent(new ClipboardEvent('copy', { clipboardData: data, bubbles: true }));
      return data.getData('text/plain');
    });
    // 12.5% typed into an unformatted cell takes Excel's automatic percent format, so it copies as a percent.
    expect(copied).toBe('Price\t87000\r\nShare\t12.5%\r\n"Two\nlines"\t10875\r\n');
    // The paste is one change: one undo clears the block, one redo brings it back.
    await page.keyboard.press('Control+z');
    expect(await page.locator('td[data-ref="C4"]').getAttribute('class')).toContain('wb-empty');
    await page.keyboard.press('Control+y');
    expect(await cellText(page, 'C4')).toBe('10875');

    // Sheets: add, rename (double-click the tab), delete, undo the delete.
    await page.click('.wb-tab-add');
    await page.waitForSelector('.wb-tab[data-sheet="Sheet2"][aria-selected="true"]');
    await page.dblclick('.wb-tab[data-sheet="Sheet2"]');
    await page.locator('.wb-tab-rename').fill('Notes');
    await page.locator('.wb-tab-rename').press('Enter');
    await page.waitForSelector('.wb-tab[data-sheet="Notes"][aria-selected="true"]');
    await page.dblclick('td[data-ref="A1"]');
    await page.locator('.wb-editor').fill('=Sheet1!C4/1000');
    await page.locator('.wb-editor').press('Enter');
    expect(await cellText(page, 'A1')).toBe('10.875');
    await page.click('.wb-tab-delete');
    await page.waitForSelector('.wb-tab[data-sheet="Notes"]', { state: 'detached' });
    expect(await status(page)).toContain('Undo (Ctrl+Z) brings it back');
    await page.click('.wb-undo');
    await page.waitForSelector('.wb-tab[data-sheet="Notes"][aria-selected="true"]');
    expect(await cellText(page, 'A1')).toBe('10.875');
    await page.screenshot({ path: path.join(RESULTS, 'workbook-sheets.png') });

    // Download in native and values modes; LibreOffice recalculates each; numbers agree.
    const downloaded: Record<string, string> = {};
    for (const mode of ['native', 'values'] as const) {
      await page.selectOption('.wb-mode-select', mode);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('.wb-download')]);
      const file = path.join(dir, `workbench-${mode}.xlsx`);
      await download.saveAs(file);
      downloaded[mode] = file;
      expect(download.suggestedFilename()).toBe(`Sheet1 (${mode}).xlsx`);
      expect(await status(page)).toContain(`Downloaded "Sheet1 (${mode}).xlsx" (${mode})`);
    }
    const ours = await numbers(downloaded.native);
    const out = convertWithLibreOffice(Object.values(downloaded), path.join(dir, 'lo'), { recalculate: true });
    for (const file of out) {
      const theirs = await numbers(file);
      let compared = 0;
      for (const [key, expected] of ours) {
        const got = theirs.get(key);
        expect({ key, got: got === undefined ? undefined : Math.abs(got - expected) <= 1e-9 * Math.max(1, Math.abs(expected)) }).toEqual({ key, got: true });
        compared++;
      }
      expect(compared).toBeGreaterThan(50);
      expect(theirs.get('Notes!A1')).toBeCloseTo(10.875, 12);
      expect(theirs.get(`${scenario.sheet}!${scenario.input}`)).toBe(ours.get(`${scenario.sheet}!${scenario.input}`));
    }

    // Open the native file LibreOffice saved: a new workbook from it, WATT-free formulas live; undo brings ours back.
    await page.setInputFiles('.wb-open-input', out[0]);
    await page.waitForFunction(() => /^Opened /.test(document.querySelector('.wb-status-text')?.textContent ?? ''));
    expect(await page.locator('.wb-tab').allInnerTexts()).toEqual(expect.arrayContaining(['Sheet1', 'Notes', ...scenario.sheetNames]));
    await page.click(`.wb-tab[data-sheet="${scenario.sheet}"]`);
    // LibreOffice may respell number formats: compare the value the engine gives the opened file.
    const opened = await page.evaluate(([sheet, ref]) => {
      const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
      const col = m[1].split('').reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      return window.wattWorkbench!.model.cell(sheet, Number(m[2]) - 1, col).value;
    }, [scenario.sheet, scenario.output] as const);
    const expected = ours.get(`${scenario.sheet}!${scenario.output}`)!;
    expect(Math.abs((opened as number) - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
    await page.screenshot({ path: path.join(RESULTS, 'workbook-opened.png') });
    // The opened file holds Excel's own functions; undo brings our workbook (WATT formulas) back.
    await page.click('.wb-undo');
    await page.waitForFunction(() => /^Undid: Open /.test(document.querySelector('.wb-status-text')?.textContent ?? ''));
    await page.click(`.wb-tab[data-sheet="${scenario.sheet}"]`);
    await show(page, scenario.output);
    await page.click(`td[data-ref="${scenario.output}"]`);
    expect(await page.locator('.wb-formula').inputValue()).toMatch(/^=WATT\./);
    // Open our watt-mode file: its _xldudf_WATT_ formulas evaluate in the engine.
    await page.selectOption('.wb-mode-select', 'watt');
    const [watt] = await Promise.all([page.waitForEvent('download'), page.click('.wb-download')]);
    const wattFile = path.join(dir, 'workbench-watt.xlsx');
    await watt.saveAs(wattFile);
    await page.click('.wb-new');
    await page.waitForFunction(() => document.querySelectorAll('.wb-tab').length === 1);
    expect(await page.locator('.wb-tab').allInnerTexts()).toEqual(['Sheet1']);
    await page.setInputFiles('.wb-open-input', wattFile);
    await page.waitForFunction(() => /^Opened /.test(document.querySelector('.wb-status-text')?.textContent ?? ''));
    await page.click(`.wb-tab[data-sheet="${scenario.sheet}"]`);
    expect(await cellText(page, scenario.output)).toBe(scenario.outputAfter);
    await show(page, scenario.output);
    await page.click(`td[data-ref="${scenario.output}"]`);
    expect(await page.locator('.wb-formula').inputValue()).toMatch(/^=WATT\./);
    // Change the input in the opened file: the WATT formula recalculates.
    await show(page, scenario.input);
    await page.dblclick(`td[data-ref="${scenario.input}"]`);
    await page.locator('.wb-editor').fill(scenario.inputBefore.replace(/[^0-9.%-]/g, ''));
    await page.locator('.wb-editor').press('Enter');
    expect(await cellText(page, scenario.output)).toBe(scenario.outputBefore);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a failure to save in the browser is shown, not swallowed', async () => {
  const context = await bench.browser.newContext({ viewport: { width: 1200, height: 700 } });
  const page = await context.newPage();
  try {
    await page.addInitScript(() => {
      Storage.prototype.setItem = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await page.goto(`${bench.url}/workbench.html`);
    await page.waitForSelector('.watt-pane[data-ready="true"] .watt-card');
    await page.dblclick('td[data-ref="A1"]');
    await page.locator('.wb-editor').fill('42');
    await page.locator('.wb-editor').press('Enter');
    expect(await page.locator('.wb-saved').getAttribute('data-state')).toBe('failed');
    expect(await page.locator('.wb-saved').innerText()).toBe('NOT saved in this browser');
    expect(await page.locator('.wb-saved').getAttribute('title')).toMatch(/^Not saved in this browser \(QuotaExceededError: The quota has been exceeded\)\. Download \.xlsx/);
    await page.waitForFunction(() => /NOT saved in this browser/.test(document.querySelector('.wb-status-text')?.textContent ?? ''));
    await page.screenshot({ path: path.join(RESULTS, 'workbook-not-saved.png') });
  } finally {
    await context.close();
  }
});
