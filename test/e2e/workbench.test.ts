/**
 * End to end in a real browser: Debian's Chromium (playwright-core) drives the workbench built into
 * dist/ (`npm run build`; `npm test` runs it first), served over plain http on 127.0.0.1.
 *
 * For every template: insert it through the task pane's Insert button, change an input in the grid
 * (double-click, type, Enter), and read the recalculated output. The expected texts come from the
 * same engine, adapter and formatter run in Node (scenario.ts), so the browser must agree with Node
 * to the character, and the output must differ from before. Screenshots go to test-results/.
 */
import * as path from 'path';
import type { Page } from 'playwright-core';
import { TEMPLATES } from '../../src/templates';
import { parseRef } from '../../src/templates/plan';
import { RESULTS, useWorkbench } from './browser';
import { findResizeScenario, findScenario } from './scenario';

jest.setTimeout(120_000);

const bench = useWorkbench();

const openWorkbench = (width = 1400, pane = 360) => bench.open({ width, height: 900 }, pane);

/** Scrolls a cell of the active sheet into view: the grid draws only the cells in view. */
const show = (page: Page, ref: string) => page.evaluate((r) => window.wattWorkbench!.grid.show(r), ref);

const cellText = async (page: Page, ref: string) => {
  await show(page, ref);
  return page.locator(`td[data-ref="${ref}"] .wb-content`).innerText();
};

/** The rows of the table spilled from an anchor (the anchor's included), from the model. */
const spillRows = (page: Page, sheet: string, anchor: string) =>
  page.evaluate(
    ([s, a]) => window.wattWorkbench!.model.spills(s).find((x) => x.row === a.row && x.col === a.col)?.rows ?? 0,
    [sheet, parseRef(anchor)!] as const,
  );

describe.each(TEMPLATES.map((t) => [t.id, t] as const))('template %s', (id, template) => {
  test('insert through the pane, change an input, see the outputs recalculate', async () => {
    const scenario = await findScenario(template);
    const { page, errors } = await openWorkbench();
    try {
      await page.click(`.watt-insert[data-template-id="${id}"]`);
      const message = page.locator('.watt-message');
      await message.waitFor();
      await page.waitForSelector('.watt-message[data-intent="success"], .watt-message[data-intent="error"]');
      expect(await message.getAttribute('data-intent')).toBe('success');
      expect(await message.innerText()).toContain(`Inserted "${template.title}"`);
      for (const name of scenario.sheetNames) expect(await message.innerText()).toContain(`"${name}"`);

      await page.click(`.wb-tab[data-sheet="${scenario.sheet}"]`);
      expect(await page.locator('.wb-tab[aria-selected="true"]').innerText()).toBe(scenario.sheet);
      expect(await cellText(page, scenario.input)).toBe(scenario.inputBefore);
      expect(await cellText(page, scenario.output)).toBe(scenario.outputBefore);

      await show(page, scenario.input);
      await page.dblclick(`td[data-ref="${scenario.input}"]`);
      const editor = page.locator('.wb-editor');
      await editor.waitFor();
      await editor.fill(scenario.typed);
      await editor.press('Enter');

      await page.waitForFunction(
        ([ref, before]) => (window.wattWorkbench!.grid.show(ref), document.querySelector(`td[data-ref="${ref}"] .wb-content`)?.textContent !== before),
        [scenario.output, scenario.outputBefore] as const,
      );
      expect(await cellText(page, scenario.input)).toBe(scenario.inputAfter);
      expect(await cellText(page, scenario.output)).toBe(scenario.outputAfter);
      expect(scenario.outputAfter).not.toBe(scenario.outputBefore);
      expect(await page.locator('.wb-status-text').innerText()).toContain('Recalculated');

      // The formula bar shows the selected output's formula.
      await show(page, scenario.output);
      await page.click(`td[data-ref="${scenario.output}"]`);
      expect(await page.locator('.wb-formula').inputValue()).toMatch(/^=/);
      await page.screenshot({ path: path.join(RESULTS, `workbench-${id}.png`) });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test('a spilled WATT table resizes in the grid when an input changes its size', async () => {
    // The risk template's tables change size only with its horizon, and every recalculation there runs
    // thousands of simulated paths: searching its inputs in Node and replaying them in the browser takes
    // minutes. Its tables are checked against the functions on the sheet's own horizon in Node (test/templates/risk.test.ts).
    if (id === 'risk') {
      resizable.set(id, false);
      return;
    }
    const resize = await findResizeScenario(template);
    resizable.set(id, !!resize);
    if (!resize) return; // no table of this template changes size with an input (checked across templates below)
    const { page, errors } = await openWorkbench();
    try {
      await page.click(`.watt-insert[data-template-id="${id}"]`);
      await page.waitForSelector('.watt-message[data-intent="success"]');
      await page.click(`.wb-tab[data-sheet="${resize.sheet}"]`);
      const rows = () => spillRows(page, resize.sheet, resize.anchor);
      expect(await rows()).toBe(resize.rowsBefore);
      await show(page, resize.input);
      await page.dblclick(`td[data-ref="${resize.input}"]`);
      await page.locator('.wb-editor').fill(resize.typed);
      await page.locator('.wb-editor').press('Enter');
      await page.waitForFunction(
        ([s, a, n]) => window.wattWorkbench!.model.spills(s).find((x) => x.row === a.row && x.col === a.col)?.rows === n,
        [resize.sheet, parseRef(resize.anchor)!, resize.rowsAfter] as const,
      );
      expect(await rows()).toBe(resize.rowsAfter);
      expect(await cellText(page, resize.lastRef)).toBe(resize.lastText);
      expect(await page.locator('.wb-status-text').innerText()).toContain(`Resized ${resize.sheet}!${resize.anchor}`);
      await show(page, resize.lastRef);
      await page.screenshot({ path: path.join(RESULTS, `workbench-${id}-resized.png`) });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

/** Which templates have a table an input resizes (filled by the tests above). */
const resizable = new Map<string, boolean>();

test('some template that calls a WATT table function has a table an input resizes (so the resize test ran)', () => {
  expect(resizable.size).toBe(TEMPLATES.length);
  expect([...resizable.values()].some(Boolean)).toBe(true);
});

test('the Excel page (taskpane.html) outside Excel: functions.js first, the UI chunk after, the pane says at once that Excel is needed', async () => {
  const page = await bench.browser.newPage({ viewport: { width: 360, height: 800 } });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  const violations: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text()); });
  // No Office.js here (no Excel, no network): the page must still show the pane and say why Insert cannot work.
  await page.route('**/appsforoffice.microsoft.com/**', (route) => route.abort());
  try {
    await page.goto(`${bench.url}/taskpane.html`);
    await page.waitForSelector('.watt-pane[data-ready="true"] .watt-card');
    const scripts = requests.filter((p) => p.endsWith('.js'));
    expect(scripts.indexOf('/functions.js')).toBeGreaterThanOrEqual(0);
    expect(scripts.indexOf('/taskpane-ui.js')).toBeGreaterThan(scripts.indexOf('/functions.js'));
    expect(scripts.indexOf('/taskpane-ui.js')).toBeGreaterThan(scripts.indexOf('/taskpane.js'));
    expect(await page.locator('.watt-card').count()).toBe(TEMPLATES.length);
    // Said at once, before any click (issue 15 §8: it used to appear only after an Insert).
    expect(await page.locator('.watt-message[data-intent="error"]').innerText()).toContain('Templates need Excel');
    await page.click(`.watt-insert[data-template-id="${TEMPLATES[0].id}"]`);
    await page.waitForSelector('.watt-message[data-intent="error"]');
    expect(await page.locator('.watt-message').innerText()).toContain('Office.js is not loaded');
    await page.screenshot({ path: path.join(RESULTS, 'taskpane-outside-excel.png'), fullPage: false });
    expect(violations).toEqual([]);
  } finally {
    await page.close();
  }
});

test('an insert that fails shows an error in the pane and leaves the workbook as it was', async () => {
  const { page } = await openWorkbench();
  try {
    const before = await page.locator('.wb-tab').allInnerTexts();
    await page.evaluate(() => {
      const wb = window.wattWorkbench!;
      wb.host.insert = async () => {
        const error = Object.assign(new Error('The workbook structure is protected, so no sheet can be added. Unprotect it (Review > Protect Workbook) and try again; nothing was changed.'), { name: 'TemplateInsertError', code: 'protected' });
        throw error;
      };
    });
    await page.click(`.watt-insert[data-template-id="${TEMPLATES[0].id}"]`);
    await page.waitForSelector('.watt-message[data-intent="error"]');
    const text = await page.locator('.watt-message').innerText();
    expect(text).toContain('The workbook is protected');
    expect(text).toContain('nothing was changed');
    expect(await page.locator('.watt-message').getAttribute('role')).toBe('alert');
    expect(await page.locator('.wb-tab').allInnerTexts()).toEqual(before);
    // The Insert buttons are enabled again.
    expect(await page.locator('.watt-insert[disabled]').count()).toBe(0);
    await page.click('.watt-message-dismiss');
    expect(await page.locator('.watt-message').count()).toBe(0);
  } finally {
    await page.close();
  }
});

test('search filters the gallery by title, description and assumptions', async () => {
  const { page } = await openWorkbench();
  try {
    const search = page.locator('fluent-search.watt-search input');
    await search.fill('zzzz-no-such-template');
    await page.waitForSelector('.watt-empty:not([hidden])');
    expect(await page.locator('.watt-card').count()).toBe(0);
    await search.fill(TEMPLATES[0].keyAssumptions[0]);
    await page.waitForFunction(() => document.querySelectorAll('.watt-card').length > 0);
    const ids = await page.locator('.watt-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-template-id')));
    expect(ids).toContain(TEMPLATES[0].id);
    await search.fill('');
    await page.waitForFunction((n) => document.querySelectorAll('.watt-card').length === n, TEMPLATES.length);
  } finally {
    await page.close();
  }
});

test.each([320, 500])('the pane fits a %i px task pane without horizontal overflow', async (width) => {
  const { page } = await openWorkbench(1400, width);
  try {
    const overflow = await page.evaluate(() => {
      const app = document.querySelector('.wb-pane .watt-app') as HTMLElement;
      const wide = Array.from(app.querySelectorAll<HTMLElement>('.watt-card, .watt-toolbar, .watt-header, .watt-insert')).filter(
        (el) => el.getBoundingClientRect().right > app.getBoundingClientRect().right + 0.5,
      );
      return { scroll: app.scrollWidth - app.clientWidth, wide: wide.map((el) => el.className) };
    });
    expect(overflow).toEqual({ scroll: 0, wide: [] });
    await page.screenshot({ path: path.join(RESULTS, `pane-${width}.png`), clip: { x: 1400 - width - 1, y: 0, width: width + 1, height: 900 } });
  } finally {
    await page.close();
  }
});
