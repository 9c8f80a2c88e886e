import * as path from 'path';
import { launchChromium } from './test/e2e/browser';
import { serveStatic } from './test/e2e/server';

async function main(): Promise<void> {
  const server = await serveStatic(path.join(__dirname, 'dist'));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(`${server.url}/workbench.html?pane=300`);
    await page.waitForSelector('.watt-pane[data-ready="true"] .watt-card');
    await page.click('.watt-insert[data-template-id="valuation"]');
    await page.waitForSelector('.watt-message[data-intent="success"], .watt-message[data-intent="error"]');
    console.log(await page.locator('.watt-message').innerText());
    await page.waitForTimeout(500);
    await page.screenshot({ path: '/tmp/sotp-shots/top.png' });
    // Enter a complete CORZ row (test figures, not data) to see numbers formatted.
    for (const [ref, v] of [['D40', '20'], ['H40', '1000'], ['I40', '800000000'], ['J40', '1200000000'], ['L40', '310000000'], ['M40', '14']]) {
      await page.dblclick(`td[data-ref="${ref}"]`);
      await page.locator('.wb-editor').fill(v);
      await page.locator('.wb-editor').press('Enter');
      await page.waitForTimeout(300);
    }
    await page.locator(`td[data-ref="A40"]`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/sotp-shots/table-left.png' });
    await page.locator(`td[data-ref="W40"]`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/sotp-shots/table-right.png' });
    await page.locator(`td[data-ref="F72"]`).scrollIntoViewIfNeeded();
    await page.locator(`td[data-ref="A66"]`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/sotp-shots/sensitivity.png' });
  } finally {
    await browser.close();
    await server.close();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
