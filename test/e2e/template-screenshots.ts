/**
 * Screenshots of every template in the workbench at 1440 px wide, for a person to look at: the top of
 * each sheet, and for a sheet longer than the window the view scrolled to its last table (frozen panes
 * and sticky headers visible). Writes test-results/template-<id>[-<sheet>]-top.png and -scrolled.png.
 * Run after `npm run build`: `npx tsx test/e2e/template-screenshots.ts [--size 1280x720] [template-id ...]`
 * (another size than 1440x900 adds it to the file names).
 */
import * as fs from 'fs';
import * as path from 'path';
import { TEMPLATES } from '../../src/templates';
import { launchChromium } from './browser';
import { serveStatic } from './server';

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(ROOT, 'test-results');

async function main(args: string[]): Promise<void> {
  const at = args.indexOf('--size');
  const [width, height] = at >= 0 ? args[at + 1].split('x').map(Number) : [1440, 900];
  const ids = args.filter((_, i) => at < 0 || (i !== at && i !== at + 1));
  const size = at >= 0 ? `-${width}x${height}` : '';
  const server = await serveStatic(path.join(ROOT, 'dist'));
  const browser = await launchChromium();
  fs.mkdirSync(RESULTS, { recursive: true });
  try {
    for (const template of TEMPLATES.filter((t) => ids.length === 0 || ids.includes(t.id))) {
      const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
      await page.goto(`${server.url}/workbench.html?pane=320`);
      await page.waitForSelector('.watt-pane[data-ready="true"] .watt-card');
      await page.click(`.watt-insert[data-template-id="${template.id}"]`);
      await page.waitForSelector('.watt-message[data-intent="success"]');
      const sheets = await page.locator('.wb-tab').allInnerTexts();
      for (const sheet of sheets.filter((s) => s !== 'Sheet1')) {
        await page.click(`.wb-tab[data-sheet="${sheet}"]`);
        const suffix = sheets.length > 2 ? `-${sheet.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : '';
        await page.waitForTimeout(100);
        await page.screenshot({ path: path.join(RESULTS, `template-${template.id}${size}${suffix}-top.png`) });
        const scroller = page.locator('.wb-grid-scroll');
        const [scrollHeight, clientHeight] = await scroller.evaluate((el) => [el.scrollHeight, el.clientHeight]);
        if (scrollHeight > clientHeight + 40) {
          // Into the first spilled table (its header should stay in view), else half way down.
          const anchor = await page.evaluate((name) => window.wattWorkbench!.model.spills(name)[0]?.row, sheet);
          // The grid draws the rows in view only: the anchor's offset is its row times the row height.
          const tr = anchor === undefined ? undefined : anchor * 20;
          await scroller.evaluate((el, top) => el.scrollTo({ top: top ?? el.scrollHeight * 0.55, left: 0 }), tr === undefined ? undefined : tr + 200);
          await page.waitForTimeout(100);
          await page.screenshot({ path: path.join(RESULTS, `template-${template.id}${size}${suffix}-scrolled.png`) });
        }
        const [scrollWidth, clientWidth] = await scroller.evaluate((el) => [el.scrollWidth, el.clientWidth]);
        if (scrollWidth > clientWidth + 40) {
          await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight * 0.3, left: el.scrollWidth }));
          await page.waitForTimeout(100);
          await page.screenshot({ path: path.join(RESULTS, `template-${template.id}${size}${suffix}-right.png`) });
        }
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
