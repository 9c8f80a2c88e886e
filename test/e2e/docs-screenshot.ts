/**
 * Writes docs/workbench.png, the README's picture of the workbench: the keep-mining template inserted
 * through the pane, the BTC price input changed, the hashprice output selected (formula bar showing
 * its WATT formula). Run after `npm run build`: `npx tsx test/e2e/docs-screenshot.ts`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { launchChromium } from './browser';
import { serveStatic } from './server';

const ROOT = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const server = await serveStatic(path.join(ROOT, 'dist'));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 820 }, deviceScaleFactor: 1 });
    await page.goto(`${server.url}/workbench.html?pane=360`);
    await page.waitForSelector('.watt-pane[data-ready="true"] .watt-card');
    await page.click('.watt-insert[data-template-id="keep-mining"]');
    await page.waitForSelector('.watt-message[data-intent="success"]');
    const btc = await page.evaluate(() => {
      const wb = window.wattWorkbench!;
      const sheet = wb.grid.activeSheet;
      for (const [ref, f] of wb.model.adapter.formats.get(sheet) ?? []) if (f.name === 'btc_price') return ref;
      return undefined;
    });
    if (!btc) throw new Error('keep-mining has no btc_price input');
    await page.dblclick(`td[data-ref="${btc}"]`);
    await page.locator('.wb-editor').fill('95000');
    await page.locator('.wb-editor').press('Enter');
    const hashprice = await page.evaluate(() => {
      const wb = window.wattWorkbench!;
      for (const [ref, f] of wb.model.adapter.formats.get(wb.grid.activeSheet) ?? []) if (f.name === 'hashprice') return ref;
      return undefined;
    });
    if (hashprice) await page.click(`td[data-ref="${hashprice}"]`);
    await page.waitForTimeout(200);
    fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, 'docs', 'workbench.png') });
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
