/**
 * Debian's Chromium driven by playwright-core (no browser download). A missing browser is a failure
 * with the command that installs it, never a skipped test. `useWorkbench()` gives a jest file the
 * workbench built into dist/, served on 127.0.0.1, and one Chromium for all its tests.
 */
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveStatic, type StaticServer } from './server';

export const CHROMIUM = process.env.WATT_CHROMIUM || '/usr/bin/chromium';

const ROOT = path.resolve(__dirname, '..', '..');
export const DIST = path.join(ROOT, 'dist');
/** Where the browser tests write their screenshots and downloads (look at them). */
export const RESULTS = path.join(ROOT, 'test-results');

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (CI installs it), or set WATT_CHROMIUM to its path.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
  });
}

/** The page's uncaught exceptions and console errors, as they come (a test expects none). */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

/** The browser and the served dist/ of a jest file, ready once its beforeAll has run. */
export interface Workbench {
  readonly browser: Browser;
  /** The server's base URL, e.g. http://127.0.0.1:PORT (workbench.html and taskpane.html below it). */
  readonly url: string;
  /** A new page on workbench.html with a task pane `pane` px wide, once the pane lists its templates; its errors. */
  open(viewport: { width: number; height: number }, pane: number): Promise<{ page: Page; errors: string[] }>;
}

/**
 * Registers the jest file's setup and teardown: before all its tests, dist/workbench.html must exist
 * (a failure naming `npm run build` otherwise), test-results/ is made, dist/ is served and Chromium
 * launched; after them, both are closed. Call at the top level of the file.
 */
export function useWorkbench(): Workbench {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!fs.existsSync(path.join(DIST, 'workbench.html'))) throw new Error('dist/workbench.html is missing: run `npm run build` first (npm test does)');
    fs.mkdirSync(RESULTS, { recursive: true });
    server = await serveStatic(DIST);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the workbench is not up: use it inside a test (after beforeAll)');
    return value;
  };
  return {
    get browser() {
      return ready(browser);
    },
    get url() {
      return ready(server).url;
    },
    async open(viewport, pane) {
      const page = await ready(browser).newPage({ viewport });
      const errors = pageErrors(page);
      await page.goto(`${ready(server).url}/workbench.html?pane=${pane}`);
      await page.waitForSelector('.watt-pane[data-ready="true"] .watt-card');
      return { page, errors };
    },
  };
}
