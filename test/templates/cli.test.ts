/**
 * `watt template list|show`: the listing, the recalculated values (text formatted as the sheet,
 * --json raw), scenarios with --set NAME=VALUE, and the usage errors (exit 2).
 */
import * as mining from '../../src/core/mining';
import { runCli as run } from '../helpers/cli';
import { TEMPLATES } from '../../src/templates';
import { parseNumberText, parseSetting } from '../../src/cli/settings';
import { createEngine } from '../../src/engine/engine';
import { findTemplate } from '../../src/templates';
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
      [['--set', 'start_date=13/45/2026'], /--set start_date must be a date: 2026-07-01, .* \(got text "13\/45\/2026"\); inputs of projection: /],
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

  test('numbers read as Excel (en-US) reads them', () => {
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

describe('--set on a date input and a date typed in the engine: one parser (src/core/dates.ts), the same serials', () => {
  // Excel serials: 2026-01-01 = 46023 (issue 8), so 2026-07-01 = 46023 + 181 days = 46204 and 2026-09-01 = 46204 + 62 = 46266;
  // 1900-02-29 (Excel's fictitious day) = 60 and 1900-03-01 = 61 (KB 214326); 9999-12-31 = 2958465 (Microsoft, "DATEVALUE function").
  const FORMS: [string, number][] = [
    ['2026-07-01', 46204],
    ['2026/7/1', 46204],
    ['7/1/2026', 46204],
    ['07/01/2026', 46204],
    ['7-1-2026', 46204],
    ['Jul 1, 2026', 46204],
    ['Jul. 1, 2026', 46204],
    ['July 1 2026', 46204],
    ['jul 1 2026', 46204],
    ['Sept 1, 2026', 46266],
    ['1-Jul-2026', 46204],
    ['1 July 2026', 46204],
    ['1/Jul/2026', 46204],
    ['  7/1/2026  ', 46204],
    ['7/1/2026 18:00', 46204.75], // 18:00 is 0.75 of a day
    ['1900-02-29', 60],
    ['1900-03-01', 61],
    ['9999-12-31', 2958465],
  ];
  const projection = findTemplate('projection')!;

  test('each form gives the same serial through --set and typed into an engine cell', () => {
    const hf = createEngine();
    const sheet = hf.getSheetId(hf.addSheet('S'))!;
    hf.setCellContents({ sheet, row: 0, col: 0 }, FORMS.map(([typed], i) => [typed, `=A${i + 1}+0`]));
    FORMS.forEach(([typed, serial], i) => {
      expect([typed, hf.getCellValue({ sheet, row: i, col: 1 })]).toEqual([typed, serial]);
      expect([typed, parseSetting(projection, `start_date=${typed}`).value]).toEqual([typed, serial]);
    });
    hf.destroy();
  });

  test('an Excel serial written as a plain number is the date it numbers (--set only: a typed number is a number)', () => {
    for (const [text, serial] of [['46204', 46204], ['46,204', 46204], ['46204.75', 46204.75], ['1', 1], ['2958465', 2958465]] as [string, number][]) {
      expect(parseSetting(projection, `start_date=${text}`).value).toBe(serial);
    }
  });

  test('through the command: template show --set start_date=Jul 1, 2026 recalculates from serial 46204', async () => {
    const { code, out } = await run(['template', 'show', 'projection', '--json', '--set', 'start_date=Jul 1, 2026']);
    expect(code).toBe(0);
    expect(JSON.parse(out).sheets[0].values.find((r: unknown[]) => r[0] === 'start_date')[1]).toBe(46204);
  });

  test('the ambiguous and the non-dates are refused (exit 2) naming the input and the accepted forms', async () => {
    const forms = '2026-07-01, 2026/7/1, 7/1/2026 (month first), 7-1-2026, Jul 1, 2026, July 1 2026, 1-Jul-2026, 1 July 2026, any of these then a time (7/1/2026 14:30), or an Excel serial (46204)';
    for (const [text, message] of [
      ['7/1/26', `--set start_date: the two-digit year of "7/1/26" is ambiguous (Excel reads 00-29 as 2000-2029 and 30-99 as 1930-1999); write the year in full: ${forms}`],
      ['1-Jul-30', `--set start_date: the two-digit year of "1-Jul-30" is ambiguous (Excel reads 00-29 as 2000-2029 and 30-99 as 1930-1999); write the year in full: ${forms}`],
      ['14:30', `--set start_date must be a date, not a time of day alone (got "14:30"): ${forms}`],
      ['13/1/2026', `--set start_date must be a date: ${forms} (got text "13/1/2026")`],
      ['2026-02-30', `--set start_date must be a date: ${forms} (got text "2026-02-30")`],
      ['1899-12-31', `--set start_date must be a date: ${forms} (got text "1899-12-31")`],
      ['1-Jul 2026', `--set start_date must be a date: ${forms} (got text "1-Jul 2026")`],
      ['Jux 1, 2026', `--set start_date must be a date: ${forms} (got text "Jux 1, 2026")`],
      ['$46,204', `--set start_date must be a date: ${forms} (got text "$46,204")`],
      ['5%', `--set start_date must be a date: ${forms} (got text "5%")`],
      ['0', '--set start_date must be a date from 1900-01-01 (serial 1) to 9999-12-31 (serial 2958465) (got 0)'],
      ['2958466', '--set start_date must be a date from 1900-01-01 (serial 1) to 9999-12-31 (serial 2958465) (got 2958466)'],
    ]) {
      expect(() => parseSetting(projection, `start_date=${text}`)).toThrow(`${message}; inputs of projection: start_date, `);
    }
    const { code, err, out } = await run(['template', 'show', 'projection', '--set', 'start_date=7/1/26']);
    expect([code, out]).toEqual([2, '']);
    expect(err).toContain('--set start_date: the two-digit year of "7/1/26" is ambiguous');
    // The engine keeps Excel's reading of what is typed in a cell: 7/1/26 is 2026-07-01 there (Excel's century rule).
    const hf = createEngine();
    const sheet = hf.getSheetId(hf.addSheet('S'))!;
    hf.setCellContents({ sheet, row: 0, col: 0 }, [['7/1/26', '=A1+0']]);
    expect(hf.getCellValue({ sheet, row: 0, col: 1 })).toBe(46204);
    hf.destroy();
  });
});
