#!/usr/bin/env node
// `node scripts/bench-workbench.js [template ...] [--runs N] [--json]`: how long inserting a template
// takes in the browser workbench (issue 15 §3: the risk template under 1 s on this machine). Serves the
// built dist/ (`npm run build` first) on 127.0.0.1, opens workbench.html in Debian's Chromium
// (playwright-core, WATT_CHROMIUM to override), and times, inside the page, the workbench's own insert
// (the task pane's host.insert: the template written into the engine, recalculated, tables sized, the
// grid and charts drawn, the workbook saved) up to the next frame. Each run on a fresh page; prints the
// median and the range. Measured here, never in a unit test.
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');

const DIST = path.join(__dirname, '..', 'dist');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png' };

function serve(root) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url || '/', 'http://127.0.0.1');
    const file = path.resolve(root, '.' + decodeURIComponent(url.pathname));
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
  const ids = args.filter((a, i) => !a.startsWith('--') && i !== runsAt + 1);
  if (!fs.existsSync(path.join(DIST, 'workbench.html'))) throw new Error('dist/workbench.html is missing: run `npm run build` first');
  const server = await serve(DIST);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: process.env.WATT_CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const results = [];
  try {
    const page0 = await browser.newPage();
    await page0.goto(`${base}/workbench.html`);
    await page0.waitForSelector('.watt-pane[data-ready="true"] .watt-card');
    const all = await page0.evaluate(() => window.wattWorkbench.host.templates.map((t) => t.id));
    await page0.close();
    for (const id of ids.length ? ids : ['risk']) {
      if (!all.includes(id)) throw new Error(`no template "${id}" (templates: ${all.join(', ')})`);
      const times = [];
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        const page = await context.newPage();
        await page.goto(`${base}/workbench.html`);
        await page.waitForSelector('.watt-pane[data-ready="true"] .watt-card');
        times.push(
          await page.evaluate(async (templateId) => {
            const wb = window.wattWorkbench;
            const template = wb.host.templates.find((t) => t.id === templateId);
            const t0 = performance.now();
            await wb.host.insert(template);
            await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
            return performance.now() - t0;
          }, id),
        );
        await context.close();
      }
      times.sort((a, b) => a - b);
      results.push({ name: `workbench: insert ${id} (median of ${runs}, min ${Math.round(times[0])}, max ${Math.round(times[times.length - 1])})`, value: Math.round(times[Math.floor(times.length / 2)]), unit: 'ms' });
    }
  } finally {
    await browser.close();
    server.close();
  }
  if (process.argv.includes('--json')) console.log(JSON.stringify(results, null, 2));
  else for (const r of results) console.log(`${r.name}  ${r.value} ${r.unit}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
