/**
 * `watt template list|show`: the listing, the recalculated values (text formatted as the sheet,
 * --json raw), scenarios with --set NAME=VALUE, and the usage errors (exit 2).
 */
import * as mining from '../../src/core/mining';
import { runCli as run } from '../helpers/cli';
import { TEMPLATES } from '../../src/templates';
import { parseDateText, parseNumberText } from '../../src/cli/settings';
import { projectionTotal } from '../../src/core/projection';

describe('watt template', () => {
  test('list --json: id, title, description, as_of of every template', async () => {
    const { code, out } = await run(['template', 'list', '--json']);
    expect(code).toBe(0);
    const list = JSON.parse(out);
    expect(list.map((t: { id: string }) => t.id)).toEqual(TEMPLATES.map((t) => t.id));
    expect(Object.keys(list[0])).toEqual(['id', 'title', 'description', 'as_of']);
    expect(list[0].as_of).toBe('2025-12-15');
  });

  test('list: one line per template with its as-of date', async () => {
    const { code, out } = await run(['template', 'list']);
    expect(code).toBe(0);
    expect(out).toMatch(/^keep-mining +Mining site: keep mining \(as of 2025-12-15\)$/m);
    expect(out).toMatch(/^comps +Listed miners: comps \(as of 2026-05-21\)$/m);
  });

  test('show ID --json: every sheet\'s computed values; hashprice equals the core', async () => {
    const { code, out } = await run(['template', 'show', 'keep-mining', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.id).toBe('keep-mining');
    expect(result.sheets.map((s: { name: string }) => s.name)).toEqual(['Keep mining']);
    const rows: unknown[][] = result.sheets[0].values;
    const hashprice = rows.find((r) => r[0] === 'Hashprice')!;
    expect(hashprice[1]).toBeCloseTo(mining.hashprice(87000, 1075, 0.02, 3.125) as number, 9);
    expect(rows.find((r) => r[0] === 'BTC price')![1]).toBe(87000);
  });

  test('show ID: text, one line per row, tab-separated, each value in the number format of its cell', async () => {
    const { code, out } = await run(['template', 'show', 'comps']);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('== Comps ==');
    // Pipeline 4,500 MW (#,##0), 50.0 EH/s (#,##0.0), a share price in dollars: formatted as the sheet, not raw.
    expect(out).toMatch(/^8\tIREN\tIREN Ltd\t\t4,500\t[^\t]+\t50\.0\t\t[^\t]+\t200\t[^\t]+\t\$56\.85\t2026-05-07\t/m);
  });

  test('show ID (text): dates as dates, percentages as %, dollars with separators, no raw serials or 12-digit floats', async () => {
    const { code, out } = await run(['template', 'show', 'projection']);
    expect(code).toBe(0);
    const line = (label: string) => out.split('\n').find((l) => l.split('\t')[1] === label)!.split('\t');
    expect(line('start_date')[2]).toBe('2026-01-01');
    expect(line('uptime')[2]).toBe('95.0%');
    expect(line('btc_price')[2]).toBe('$87,000');
    expect(line('Revenue')[2]).toMatch(/^\$\d+\.\dM$/);
    // The first month of the table: its date as yyyy-mm, BTC to 4 decimals.
    const month1 = out.split('\n').find((l) => /^\d+\t1\t2026-01\t/.test(l))!;
    expect(month1).toBeDefined();
    expect(out).not.toMatch(/\d\.\d{8,}/);
    expect(out).not.toMatch(/\t4602[0-9]\t/);
    // --json keeps the raw values.
    const json = JSON.parse((await run(['template', 'show', 'projection', '--json'])).out);
    expect(json.sheets[0].values.find((r: unknown[]) => r[0] === 'start_date')[1]).toBe(46023);
    expect(Object.keys(json.sheets[0])).toEqual(['name', 'values']);
  });

  test('show ID --set NAME=VALUE: a scenario recalculated; the totals cover every month asked for', async () => {
    const { code, out } = await run(['template', 'show', 'projection', '--json', '--set', 'months=150', '--set', 'btc_price=100000', '--set=start_date=7/1/2026']);
    expect(code).toBe(0);
    const rows: unknown[][] = JSON.parse(out).sheets[0].values;
    const value = (label: string) => rows.find((r) => r[0] === label)![1];
    expect(value('Months to project')).toBe(150);
    expect(value('btc_price')).toBe(100000);
    const july = 46204; // 2026-07-01 in Excel's 1900 date system (46023 is 2026-01-01, + 181 days)
    expect(value('start_date')).toBe(july);
    const assumptions = rows.filter((r) => typeof r[0] === 'string' && /^[a-z_]+$/.test(r[0] as string) && r.length >= 2 && r[0] !== 'month').slice(0, 12).map((r) => [r[0], r[1]]);
    const want = projectionTotal(assumptions, 150, 'btc_mined') as number;
    expect(Math.abs((value('BTC mined') as number) - want)).toBeLessThanOrEqual(1e-9 * want);
    const monthRows = rows.filter((r) => typeof r[0] === 'number' && typeof r[1] === 'number' && r.length >= 13);
    expect(monthRows).toHaveLength(150);
  });

  test('--set: an unknown name or a value that does not read exits 2 listing the input names', async () => {
    for (const [args, message] of [
      [['--set', 'hashrate=5'], /unknown input "hashrate" in projection; inputs: start_date, btc_price, .*, months/],
      [['--set', 'btc_price=lots'], /--set btc_price: "lots" is not a number; inputs of projection: start_date, /],
      [['--set', 'start_date=13/45/2026'], /--set start_date: "13\/45\/2026" is not a date .*; inputs of projection: /],
      [['--set', 'months'], /--set expects NAME=VALUE \(got "months"\); inputs of projection: /],
      [['--set'], /--set expects NAME=VALUE/],
    ] as [string[], RegExp][]) {
      const { code, err, out } = await run(['template', 'show', 'projection', ...args]);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(message);
    }
  });

  test('--set a value the model refuses (months=700): recalculated, the sheet shows the error with its message', async () => {
    const { code, out } = await run(['template', 'show', 'projection', '--set', 'months=700']);
    expect(code).toBe(0);
    expect(out).toMatch(/\tBTC mined\t#VALUE! months must be from 1 to 600 months \(got 700\)\t/);
  });

  test('dates and numbers read as Excel (en-US) reads them', () => {
    // Excel serials: 2026-07-01 = 46204; 1900-03-01 = 61 (after the fictitious 1900-02-29 = 60); 9999-12-31 = 2958465.
    for (const text of ['2026-07-01', '7/1/2026', 'Jul 1, 2026', 'July 1 2026', '1-Jul-2026']) expect(parseDateText(text)).toBe(46204);
    expect(parseDateText('1900-02-29')).toBe(60);
    expect(parseDateText('1900-03-01')).toBe(61);
    expect(parseDateText('9999-12-31')).toBe(2958465);
    for (const text of ['2026-02-30', '13/1/2026', 'Jux 1, 2026', '1899-12-31', 'soon']) expect(parseDateText(text)).toBeUndefined();
    expect(parseNumberText('100000')).toBe(100000);
    expect(parseNumberText('$1,200.5')).toBe(1200.5);
    expect(parseNumberText('5%')).toBe(0.05);
    expect(parseNumberText('(3)')).toBe(-3);
    expect(parseNumberText('1e6')).toBe(1e6);
    for (const text of ['', 'lots', '1,2,3', 'NaN', '1e999']) expect(parseNumberText(text)).toBeUndefined();
  });

  test('an unknown id or subcommand is a usage error (exit 2) listing the ids', async () => {
    for (const args of [['template', 'show', 'nope'], ['template'], ['template', 'show'], ['template', 'list', 'x']]) {
      const { code, err } = await run(args);
      expect(code).toBe(2);
      expect(err).toContain('keep-mining, powered-shell, gpu-cloud, three-paths, hybrid-site, risk, projection, comps, valuation, hpc-deals');
      expect(err).toContain('usage: watt template list|show [ID] [--json] [--set NAME=VALUE ...]');
    }
  });
});
