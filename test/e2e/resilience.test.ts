/**
 * The workbench cannot be frozen and always starts (issue 16 §3), in a real browser (Debian's Chromium
 * on dist/, one browser for the file). Each hostile file is opened through the toolbar's Open, and
 * each corrupted store is put in localStorage before a reload: every time the page must answer with its
 * toolbar and a message saying what happened, and a workbook with one cell far away (XFD1, A40000,
 * 100 rows out to XFD) must open, reload, and be reached with Ctrl+End. The grid draws only what is in
 * view, so the page holds a few hundred cells whatever the sheet's size (asserted on the DOM, not on
 * time: speed is measured by `npm run bench`, never by a test). Run after `npm run build`.
 */
import * as fs from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { RESULTS, useWorkbench } from './browser';
import { hugeRangeXlsx } from '../helpers/hostile-xlsx';

jest.setTimeout(120_000);

const bench = useWorkbench();
const STORAGE_KEY = 'watt.workbench.v1';

/** An .xlsx with the given cells (A1 refs to values) on one sheet, written by ExcelJS to test-results/. */
async function xlsxWith(name: string, cells: [string, number | string][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Far');
  for (const [ref, v] of cells) ws.getCell(ref).value = v;
  const file = path.join(RESULTS, `hostile-${name}.xlsx`);
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return file;
}

/** How many cells the page holds (the grid draws what is in view, not the sheet). */
const drawnCells = (page: Page) => page.locator('td[data-ref]').count();

async function toolbarAndMessage(page: Page): Promise<string> {
  await page.waitForSelector('.wb-toolbar .wb-open');
  await page.waitForSelector('.watt-pane[data-ready="true"] .watt-card');
  return page.locator('.wb-status-text').innerText();
}

async function openFile(page: Page, file: string): Promise<string> {
  await page.setInputFiles('.wb-open-input', file);
  await page.waitForFunction(() => /^(Opened|Could not open)/.test(document.querySelector('.wb-status-text')?.textContent ?? ''));
  return page.locator('.wb-status-text').innerText();
}

describe('hostile files open, reload and scroll', () => {
  const cases: [string, () => [string, number | string][], string][] = [
    ['one cell at XFD1', () => [['XFD1', 42]], 'XFD1'],
    ['one cell at A40000', () => [['A40000', 42]], 'A40000'],
    ['100 rows out to XFD', () => Array.from({ length: 100 }, (_, i) => [`XFD${i + 1}`, i + 1] as [string, number]), 'XFD100'],
  ];
  test.each(cases)('%s', async (name, cells, last) => {
    const file = await xlsxWith(name.replace(/\W+/g, '-'), cells());
    const { page, errors } = await bench.open({ width: 1440, height: 900 }, 360);
    try {
      expect(await openFile(page, file)).toMatch(/^Opened hostile-.*1 sheet/);
      expect(await page.locator('.wb-tab[aria-selected="true"]').innerText()).toBe('Far');
      expect(await drawnCells(page)).toBeLessThan(5000);
      // Ctrl+End goes to the last cell used, drawn with its value.
      await page.locator('.wb-grid-scroll').focus();
      await page.keyboard.press('Control+End');
      expect(await page.locator('.wb-namebox').inputValue()).toBe(last);
      const lastValue = cells().find(([ref]) => ref === last)![1];
      expect(await page.locator(`td[data-ref="${last}"] .wb-content`).innerText()).toBe(String(lastValue));
      expect(await drawnCells(page)).toBeLessThan(5000);
      // Saved in this browser: a reload brings it back, with its toolbar and a message.
      await page.reload();
      expect(await toolbarAndMessage(page)).toMatch(/Your workbook is back from this browser's storage/);
      expect(await page.locator('.wb-tab[aria-selected="true"]').innerText()).toBe('Far');
      expect(await drawnCells(page)).toBeLessThan(5000);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test('a file that is not an .xlsx is refused with a message, nothing changed', async () => {
    const file = path.join(RESULTS, 'hostile-not-a-zip.xlsx');
    fs.writeFileSync(file, 'this is text, not a zip archive\n'.repeat(10));
    const { page } = await bench.open({ width: 1440, height: 900 }, 360);
    try {
      expect(await openFile(page, file)).toMatch(/^Could not open hostile-not-a-zip\.xlsx: .*not an \.xlsx file.*Nothing was changed/);
      expect(await page.locator('.wb-tab').allInnerTexts()).toEqual(['Sheet1']);
      await page.waitForSelector('.wb-toolbar .wb-open');
    } finally {
      await page.close();
    }
  });
});

describe('a formula the engine did not take is the user\'s; a huge range typed is refused', () => {
  test('the whole-sheet SUM opens marked at its cached value, its formula in the formula bar; =SUM(A1:XFD1048576) typed is refused', async () => {
    const file = path.join(RESULTS, 'hostile-huge-range.xlsx');
    fs.writeFileSync(file, await hugeRangeXlsx());
    const { page, errors } = await bench.open({ width: 1440, height: 900 }, 360);
    try {
      expect(await openFile(page, file)).toMatch(/^Opened hostile-huge-range\.xlsx: 1 sheet.*Sheet1!C1: formula not taken/);
      // hugeRangeXlsx: C1 = SUM(A1:XFD1048576), cached 5250.
      await page.locator('td[data-ref="C1"]').click();
      expect(await page.locator('td[data-ref="C1"].wb-kept .wb-content').innerText()).toBe('5250');
      expect(await page.locator('.wb-formula').inputValue()).toBe('=SUM(A1:XFD1048576)');
      expect(await page.locator('.wb-status-text').innerText()).toMatch(/^C1: =SUM\(A1:XFD1048576\) is kept from the file, not recalculated/);
      await page.locator('td[data-ref="E1"]').click();
      await page.keyboard.type('=SUM(A1:XFD1048576)');
      await page.keyboard.press('Enter');
      expect(await page.locator('.wb-status-text').innerText()).toMatch(/^E1: Watt's engine would not take =SUM\(A1:XFD1048576\): its range A1:XFD1048576 spans 16,384 whole columns/);
      expect((await page.locator('td[data-ref="E1"] .wb-content').innerText()).trim()).toBe('');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('a corrupted store: the page comes up with its toolbar, the workbook set aside with a download', () => {
  const sheet = (extra: object) => ({ name: 'S', cells: [['A1', 1]], ...extra });
  const stored = (workbook: object) => JSON.stringify({ savedAt: '2026-12-01T00:00:00.000Z', workbook });
  const cases: [string, string, RegExp][] = [
    ['two sheets with one name', stored({ version: 1, sheets: [sheet({}), sheet({ name: 's' })], names: [] }), /two sheets named "S" and "s"/],
    ['a format that is not text', stored({ version: 1, sheets: [sheet({ formats: [['A1', { format: 42 }]] })], names: [] }), /format of A1 on "S": its format is not text/],
    ['a malformed ownership list', stored({ version: 1, sheets: [sheet({ owned: 'A1' })], names: [] }), /cells a template owns on "S" are not a list/],
    ['a style the workbench does not know', stored({ version: 1, sheets: [sheet({ formats: [['A1', { style: 'x' }]] })], names: [] }), /style "x"/],
    ['a cell holding an object', stored({ version: 1, sheets: [sheet({ cells: [['A1', { a: 1 }]] })], names: [] }), /A1 of "S" holds a object/],
    ['a chart without blocks', stored({ version: 1, sheets: [sheet({ layout: { charts: [{ type: 'line', title: 't', categories: 'x', series: 'y', anchor: 'A1' }] } })], names: [] }), /chart "t"/],
    ['a name scoped to no sheet', stored({ version: 1, sheets: [sheet({})], names: [{ name: 'x', expression: '=S!$A$1', scope: 'Nowhere' }] }), /scoped to a sheet the workbook does not have/],
    ['not JSON', '{"savedAt": "2026', /not JSON/],
    ['a version from elsewhere', stored({ version: 9 }), /version 9/],
  ];
  test.each(cases)('%s', async (_name, text, why) => {
    const { page, errors } = await bench.open({ width: 1440, height: 900 }, 360);
    try {
      await page.evaluate(([key, value]) => localStorage.setItem(key, value), [STORAGE_KEY, text] as const);
      await page.reload();
      const status = await toolbarAndMessage(page);
      expect(status).toMatch(/^Started with an empty workbook: the workbook stored in this browser cannot be read/);
      expect(status).toMatch(why);
      const banner = page.locator('.wb-recovery');
      expect(await banner.isVisible()).toBe(true);
      expect(await banner.innerText()).toMatch(/kept under the key "watt\.workbench\.v1\.unreadable"/);
      // Kept, byte for byte, under the recovery key; the download offers it as it was stored.
      expect(await page.evaluate(() => localStorage.getItem('watt.workbench.v1.unreadable'))).toBe(text);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('.wb-recovery-download')]);
      expect(download.suggestedFilename()).toMatch(/^watt-workbook-recovered-\d{4}-\d\d-\d\d\.json$/);
      expect(fs.readFileSync(await download.path(), 'utf8')).toBe(text);
      // The empty workbook works and saves; the set-aside one is still there.
      expect(await page.locator('.wb-tab').allInnerTexts()).toEqual(['Sheet1']);
      await page.locator('.wb-grid-scroll').focus();
      await page.keyboard.type('5');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('td[data-ref="A1"] .wb-content')?.textContent === '5');
      expect(await page.evaluate(() => localStorage.getItem('watt.workbench.v1.unreadable'))).toBe(text);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test('a second corrupted store does not overwrite the first one set aside', async () => {
    const { page } = await bench.open({ width: 1440, height: 900 }, 360);
    try {
      await page.evaluate((key) => {
        localStorage.setItem(`${key}.unreadable`, 'first');
        localStorage.setItem(key, 'second');
      }, STORAGE_KEY);
      await page.reload();
      expect(await toolbarAndMessage(page)).toMatch(/kept under the key "watt\.workbench\.v1\.recovery\./);
      const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('watt.workbench.v1.')).map((k) => [k, localStorage.getItem(k)]));
      expect(kept).toEqual(expect.arrayContaining([['watt.workbench.v1.unreadable', 'first'], [expect.stringMatching(/^watt\.workbench\.v1\.recovery\./), 'second']]));
    } finally {
      await page.close();
    }
  });

  test('frozen panes beyond the window and a cell at XFD1048576 start and draw a window only', async () => {
    const text = stored({ version: 1, sheets: [sheet({ cells: [['A1', 1], ['XFD1048576', 7]], layout: { freeze: { rows: 1048575, columns: 16383 } } })], names: [] });
    const { page, errors } = await bench.open({ width: 1440, height: 900 }, 360);
    try {
      await page.evaluate(([key, value]) => localStorage.setItem(key, value), [STORAGE_KEY, text] as const);
      await page.reload();
      expect(await toolbarAndMessage(page)).toMatch(/Your workbook is back/);
      expect(await drawnCells(page)).toBeLessThan(10000);
      await page.locator('.wb-grid-scroll').focus();
      await page.keyboard.press('Control+End');
      expect(await page.locator('.wb-namebox').inputValue()).toBe('XFD1048576');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('the grid extends as a user moves, to Excel\'s sheet', () => {
  test('arrows, PageDown, Ctrl+arrows, Ctrl+End and the wheel go past J30 on a new sheet', async () => {
    const { page, errors } = await bench.open({ width: 1440, height: 900 }, 360);
    try {
      const grid = page.locator('.wb-grid-scroll');
      await grid.focus();
      const at = () => page.locator('.wb-namebox').inputValue();
      for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
      expect(await at()).toBe('M1');
      for (let i = 0; i < 3; i++) await page.keyboard.press('PageDown');
      const row = Number((await at()).slice(1));
      expect(row).toBeGreaterThan(90);
      expect(await page.locator(`td[data-ref="M${row}"]`).count()).toBe(1);
      await page.keyboard.press('Control+ArrowDown');
      expect(await at()).toBe('M1048576');
      await page.keyboard.press('Control+ArrowRight');
      expect(await at()).toBe('XFD1048576');
      expect(await page.locator('td[data-ref="XFD1048576"]').count()).toBe(1);
      // Typing there works, and Ctrl+End comes back to it from A1.
      await page.keyboard.type('9');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Control+Home');
      expect(await at()).toBe('A1');
      await page.keyboard.press('Control+End');
      expect(await at()).toBe('XFD1048576');
      expect(await page.locator('td[data-ref="XFD1048576"] .wb-content').innerText()).toBe('9');
      expect(await drawnCells(page)).toBeLessThan(5000);
      // The whole sheet selected: Delete clears the cells with content; copy says it is too large.
      await page.keyboard.press('Control+Shift+Home');
      await page.keyboard.press('Delete');
      expect(await page.locator('.wb-status-text').innerText()).toBe('Cleared XFD1048576. Recalculated.');
      await page.evaluate(() => document.querySelector('.wb-grid-scroll')!.dispatchEvent(new ClipboardEvent('copy', { clipboardData: new DataTransfer(), bubbles: true })));
      expect(await page.locator('.wb-status-text').innerText()).toMatch(/^Nothing was copied: the selection holds 17,179,869,184 cells/);
      // The wheel: a new sheet scrolls down past row 30 and the grid grows under it.
      await page.click('.wb-tab-add');
      await page.waitForSelector('.wb-tab[data-sheet="Sheet2"][aria-selected="true"]');
      const box = (await grid.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 2000);
      await page.waitForFunction(() => Number(document.querySelector('.wb-grid')?.getAttribute('aria-rowcount')) > 500);
      const rows = await page.$$eval('th.wb-rowhead', (ths) => ths.map((t) => Number(t.textContent)));
      expect(Math.max(...rows)).toBeGreaterThan(500);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('as in Excel', () => {
  test('typed dates, percents, currency and DATE() take Excel\'s automatic format; a bad formula is refused', async () => {
    const { page, errors } = await bench.open({ width: 1440, height: 900 }, 360);
    try {
      await page.locator('.wb-grid-scroll').focus();
      // Excel en-US: 7/1/2026 shows 7/1/2026, 12.5% 12.50%, $1,200 $1,200 , =DATE(2026,7,1) 7/1/2026.
      for (const t of ['7/1/2026', '12.5%', '$1,200', '=DATE(2026,7,1)', '2026-07-01']) {
        await page.keyboard.type(t);
        await page.keyboard.press('Enter');
      }
      const text = async (ref: string) => (await page.locator(`td[data-ref="${ref}"] .wb-content`).innerText()).trim();
      expect([await text('A1'), await text('A2'), await text('A3'), await text('A4'), await text('A5')]).toEqual(['7/1/2026', '12.50%', '$1,200', '7/1/2026', '7/1/2026']);
      await page.keyboard.type('=SUM(1,2');
      await page.keyboard.press('Enter');
      expect(await page.locator('.wb-status-text').innerText()).toMatch(/^A6: Excel would not accept =SUM\(1,2: a parenthesis is not closed/);
      // The name box goes to a cell and to a name.
      await page.fill('.wb-namebox', 'C40');
      await page.press('.wb-namebox', 'Enter');
      expect(await page.locator('td[data-ref="C40"].wb-selected').count()).toBe(1);
      await page.evaluate(() => window.wattWorkbench!.model.hf.addNamedExpression('far_cell', '=Sheet1!$D$300'));
      await page.fill('.wb-namebox', 'far_cell');
      await page.press('.wb-namebox', 'Enter');
      expect(await page.locator('td[data-ref="D300"].wb-selected').count()).toBe(1);
      await page.fill('.wb-namebox', 'no such thing');
      await page.press('.wb-namebox', 'Enter');
      expect(await page.locator('.wb-status-text').innerText()).toMatch(/neither a cell .* nor a name/);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test('double-click renames a tab that is not the active one', async () => {
    const { page } = await bench.open({ width: 1440, height: 900 }, 360);
    try {
      for (let i = 0; i < 3; i++) await page.click('.wb-tab-add');
      await page.click('.wb-tab[data-sheet="Sheet1"]');
      await page.dblclick('.wb-tab[data-sheet="Sheet3"]');
      await page.fill('.wb-tab-rename', 'Renamed');
      await page.press('.wb-tab-rename', 'Enter');
      await page.waitForSelector('.wb-tab[data-sheet="Renamed"]');
      expect(await page.locator('.wb-tab').allInnerTexts()).toEqual(['Sheet1', 'Sheet2', 'Renamed', 'Sheet4']);
    } finally {
      await page.close();
    }
  });
});
