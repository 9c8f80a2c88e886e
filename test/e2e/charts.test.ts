/**
 * Charts in the workbench, in a real browser (Debian's Chromium; `npm run build` first): a template's
 * charts are drawn with chart.js below the grid from the sheet's cells, and redrawn when an input
 * changes. Screenshots go to test-results/ (look at them).
 */
import * as path from 'path';
import type { Page } from 'playwright-core';
import { findTemplate } from '../../src/templates';
import { RESULTS, useWorkbench } from './browser';

jest.setTimeout(180_000);

const bench = useWorkbench();

async function insert(id: string): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await bench.open({ width: 1600, height: 1000 }, 320);
  await page.click(`.watt-insert[data-template-id="${id}"]`);
  await page.waitForSelector('.watt-message[data-intent="success"], .watt-message[data-intent="error"]', { timeout: 120_000 });
  return { page, errors };
}

/** Each chart canvas as a data URL (its pixels), to see a redraw. */
const pixels = (page: Page) => page.$$eval('.wb-charts canvas', (cs) => cs.map((c) => (c as HTMLCanvasElement).toDataURL()));

test.each([
  ['risk', 2],
  ['projection', 1],
  ['three-paths', 1],
  ['keep-mining', 1],
  ['valuation', 1],
])('%s: %p chart(s) drawn below the grid', async (id, count) => {
  const { page, errors } = await insert(id);
  try {
    await page.waitForFunction((n) => document.querySelectorAll('.wb-charts canvas').length === n, count);
    expect(await page.locator('.wb-charts').isVisible()).toBe(true);
    const titles = await page.$$eval('.wb-charts canvas', (cs) => cs.map((c) => c.getAttribute('aria-label')));
    expect(titles).toEqual(findTemplate(id)!.sheets[0].charts!.map((c) => c.title));
    // Held to the panel's height, a chart keeps its width (not shrunk with the height): the plot stays
    // readable, at most the panel's width.
    const sizes = await page.$$eval('.wb-charts canvas', (cs) => cs.map((c) => ({ w: c.getBoundingClientRect().width, h: c.getBoundingClientRect().height, room: c.closest('.wb-charts')!.parentElement!.clientWidth })));
    for (const { w, h, room } of sizes) {
      expect(h).toBeLessThanOrEqual(300);
      expect(w).toBeGreaterThanOrEqual(1.4 * h);
      expect(w).toBeLessThanOrEqual(room);
    }
    await page.locator('.wb-charts').screenshot({ path: path.join(RESULTS, `charts-${id}.png`) });
    await page.screenshot({ path: path.join(RESULTS, `workbench-charts-${id}.png`) });
    expect(errors).toEqual([]);
  } finally {
    await page.close();
  }
});

test('projection at 700 months (over the 600 accepted): the panel says why there is no chart, no empty "Series 1" chart', async () => {
  const { page, errors } = await insert('projection');
  try {
    await page.waitForFunction(() => document.querySelectorAll('.wb-charts canvas').length === 1);
    const ref = findTemplate('projection')!.sheets[0].cells.find((c) => c.name === 'months')!.ref;
    await page.locator(`td[data-ref="${ref}"]`).scrollIntoViewIfNeeded();
    await page.dblclick(`td[data-ref="${ref}"]`);
    const editor = page.locator('.wb-editor');
    await editor.waitFor();
    await editor.fill('700');
    await editor.press('Enter');
    await page.waitForSelector('.wb-chart-empty', { timeout: 120_000 });
    expect(await page.locator('.wb-charts canvas').count()).toBe(0);
    expect(await page.locator('.wb-chart-empty').innerText()).toMatch(/^Revenue and power cost by month: Nothing to chart: A33 shows #VALUE! \(months must be from 1 to 600/);
    await page.locator('.wb-charts').screenshot({ path: path.join(RESULTS, 'charts-projection-700.png') });
    expect(errors).toEqual([]);
  } finally {
    await page.close();
  }
});

test('risk: changing the BTC volatility redraws the fan chart and the histogram', async () => {
  const { page, errors } = await insert('risk');
  try {
    await page.waitForFunction(() => document.querySelectorAll('.wb-charts canvas').length === 2);
    const before = await pixels(page);
    const ref = findTemplate('risk')!.sheets[0].cells.find((c) => c.name === 'btc_volatility')!.ref;
    await page.evaluate((r) => window.wattWorkbench!.grid.show(r), ref);
    await page.dblclick(`td[data-ref="${ref}"]`);
    const editor = page.locator('.wb-editor');
    await editor.waitFor();
    await editor.fill('0.9');
    await editor.press('Enter');
    await page.waitForFunction(
      ([ref0]) => document.querySelector(`td[data-ref="${ref0}"] .wb-content`)?.textContent === '90.0%',
      [ref] as const,
      { timeout: 120_000 },
    );
    await page.waitForFunction((b) => {
      const now = [...document.querySelectorAll('.wb-charts canvas')].map((c) => (c as HTMLCanvasElement).toDataURL());
      return now.length === 2 && now.every((u, i) => u !== b[i]);
    }, before, { timeout: 120_000 });
    await page.locator('.wb-charts').screenshot({ path: path.join(RESULTS, 'charts-risk-vol90.png') });
    expect(errors).toEqual([]);
  } finally {
    await page.close();
  }
});
