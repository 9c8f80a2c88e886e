/**
 * The pages run under their Content-Security-Policy (issue 16 §4): the workbench inserts a template
 * (the engine, the grid and the charts at work), the help and index pages render, and the browser
 * reports no policy violation on any of them.
 */
import { TEMPLATES } from '../../src/templates';
import { useWorkbench } from './browser';

const workbench = useWorkbench();

test('workbench, help and index under their policy: no violation, the workbench computes and draws', async () => {
  const { page, errors } = await workbench.open({ width: 1440, height: 900 }, 360);
  await page.evaluate(() => {
    (window as unknown as { violations: string[] }).violations = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { violations: string[] }).violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').count()).toBe(1);
  await page.click(`.watt-insert[data-template-id="${TEMPLATES[0].id}"]`);
  await page.waitForSelector('td[data-ref]');
  await page.waitForTimeout(500); // charts draw after the grid
  expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
  expect(errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  await page.close();
  for (const name of ['help.html', 'index.html']) {
    const other = await workbench.browser.newPage();
    const refused: string[] = [];
    other.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
    });
    await other.goto(`${workbench.url}/${name}`);
    expect(await other.locator('meta[http-equiv="Content-Security-Policy"]').count()).toBe(1);
    expect(await other.locator('body').innerText()).toMatch(/Watt|WATT/);
    expect([name, refused]).toEqual([name, []]);
    await other.close();
  }
}, 60_000);
