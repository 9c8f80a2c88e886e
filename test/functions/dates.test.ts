/**
 * Dates exactly as Excel, through every host: the engine (Excel's own date functions and the WATT
 * functions), the CLI's eval command, and the workbench model where a user types a value. Expected
 * serials are Excel's documented values (sources in test/helpers/excel-dates.ts and below).
 */
import * as fs from 'fs';
import * as path from 'path';
import { HyperFormula } from 'hyperformula';
import { createEngine } from '../../src/engine/engine';
import { Evaluator } from '../../src/engine/evaluate';
import { error, value } from '../helpers/evaluate';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { main } from '../../src/cli/main';
import { WorkbookModel } from '../../src/workbench/model';
import { serialFromUtc } from '../../src/core/dates';
import { EXCEL_SERIALS } from '../helpers/excel-dates';
import { findTemplate, insertTemplate } from '../../src/templates';
import { configureNetwork } from '../../src/network';
import { FixtureServer, manualClock, startFixtureServer } from '../network/fixture-server';

/** Block 840,000: 2024-04-20 00:09 UTC, WATT.BLOCKHEIGHT's default reference. */
const REF_DATE = 45402 + 9 / 1440;

describe('engine: Excel date functions give Excel serials', () => {
  test.each(EXCEL_SERIALS)('%s is %p in DATE, DATEVALUE, YEAR/MONTH/DAY and TEXT', (iso, serial) => {
    const [y, m, d] = iso.split('-').map(Number);
    expect(value(`=DATE(${y},${m},${d})`)).toBe(serial);
    expect(value(`=DATEVALUE("${iso}")`)).toBe(serial);
    expect(value(`=DATEVALUE("${m}/${d}/${y}")`)).toBe(serial);
    expect([value(`=YEAR(${serial})`), value(`=MONTH(${serial})`), value(`=DAY(${serial})`)]).toEqual([y, m, d]);
    expect(value(`=TEXT(${serial},"yyyy-mm-dd")`)).toBe(iso);
    expect(value(`=TEXT(DATE(${y},${m},${d}),"yyyy-mm-dd")`)).toBe(iso);
  });

  test('DATE(2024,5,4) is 45416, as in Excel (the engine gave 45417)', () => {
    expect(value('=DATE(2024,5,4)')).toBe(45416);
    expect(value('=DATE(2026,1,1)')).toBe(46023);
  });

  test('WEEKDAY counts from serial 1, a Sunday in Excel, through the fictitious 1900-02-29', () => {
    // Microsoft Support, "WEEKDAY function": WEEKDAY of 2/14/2008 is 5 (Thursday).
    expect(value('=WEEKDAY(DATE(2008,2,14))')).toBe(5);
    // Excel: WEEKDAY(1) = 1 (Sunday, 1900-01-01 in Excel's calendar); 59 Tuesday, 60 Wednesday, 61 Thursday
    // (1900-03-01 was a Thursday, and every day from there on has its real weekday).
    expect([1, 59, 60, 61].map((s) => value(`=WEEKDAY(${s})`))).toEqual([1, 3, 4, 5]);
    expect([1, 59, 60, 61].map((s) => value(`=TEXT(${s},"dddd")`))).toEqual(['Sunday', 'Tuesday', 'Wednesday', 'Thursday']);
    expect(value('=TEXT(DATE(2024,5,4),"dddd d mmmm yyyy")')).toBe('Saturday 4 May 2024'); // a Saturday
  });

  test('around serial 60: YEAR/MONTH/DAY, EOMONTH and EDATE keep Excel\'s 1900-02-29', () => {
    expect([59, 60, 61].map((s) => `${value(`=MONTH(${s})`)}/${value(`=DAY(${s})`)}`)).toEqual(['2/28', '2/29', '3/1']);
    expect(value('=EOMONTH(DATE(1900,2,1),0)')).toBe(60);
    expect(value('=EOMONTH(DATE(1900,1,15),1)')).toBe(60);
    // Excel's 1900 has a February 29 (Microsoft KB 214326), so EDATE clamps January 31 to it.
    expect(value('=EDATE(DATE(1900,1,31),1)')).toBe(60);
    expect(value('=EDATE(DATE(1900,2,29),12)')).toBe(425); // 1901-02-28: 367 (1901-01-01) + 58
    expect(value('=EDATE(DATE(1900,3,31),-1)')).toBe(60);
    expect(value('=TEXT(60,"mmm d, yyyy")')).toBe('Feb 29, 1900');
  });

  test("serial 0 is Excel's '1900-01-00' (an empty cell read as a date); past 9999-12-31 YEAR/MONTH/DAY are #NUM!", () => {
    // Excel: YEAR(0) = 1900, MONTH(0) = 1, DAY(0) = 0, WEEKDAY(0) = 7, TEXT(0,"yyyy-mm-dd") = "1900-01-00".
    expect(['YEAR', 'MONTH', 'DAY', 'WEEKDAY'].map((f) => value(`=${f}(0)`))).toEqual([1900, 1, 0, 7]);
    expect(value('=YEAR(Z99)')).toBe(1900); // an empty cell
    expect(value('=TEXT(0,"yyyy-mm-dd")')).toBe('1900-01-00');
    expect(value('=TEXT(60.5,"yyyy-mm-dd hh:mm")')).toBe('1900-02-29 12:00');
    expect(value('=TEXT(0.75,"h:mm AM/PM")')).toBe('6:00 PM');
    expect(value('=YEAR(2958465.99)')).toBe(9999);
    expect(error('=YEAR(2958466)')).toMatch(/^#NUM! YEAR's date falls outside the dates Excel can show/);
    expect(error('=DAY(-1)')).toMatch(/^#NUM! DAY's date falls outside/);
  });

  test("EDATE and EOMONTH as Microsoft's documentation shows them", () => {
    // Microsoft Support, "EDATE function": EDATE(15-Jan-11, 1) is 15-Feb-11; "EOMONTH function":
    // EOMONTH(1-Jan-11, 1) is 2/28/2011. Serials: 2011-01-01 is 40544 (40597 - 53 days, MS-DATEVALUE).
    expect(value('=EDATE("15-Jan-11",1)')).toBe(40589);
    expect(value('=EDATE("15-Jan-11",-1)')).toBe(40527); // 2010-12-15
    expect(value('=EOMONTH("1-Jan-11",1)')).toBe(40602);
    expect(value('=EDATE(DATE(2024,1,31),1)')).toBe(45351); // 2024-02-29, a real leap day
    expect(value('=EDATE(DATE(9999,12,31),0)')).toBe(2958465);
    expect(error('=EDATE(DATE(9999,12,1),1)')).toBe('#NUM! the month EDATE gives (10000-01) falls outside the dates Excel can show, 1900-01-01 (serial 1) to 9999-12-31 (serial 2958465)');
  });

  test("TEXT renders Excel's format codes (Microsoft Support, \"TEXT function\" examples)", () => {
    expect(value('=TEXT(1234.567,"$#,##0.00")')).toBe('$1,234.57');
    expect(value('=TEXT(0.285,"0.0%")')).toBe('28.5%');
    expect(value('=TEXT(DATE(2026,7,1)+0.75,"m/d/yyyy h:mm AM/PM")')).toBe('7/1/2026 6:00 PM');
    expect(value('=TEXT("7/1/2026","yyyy-mm-dd")')).toBe('2026-07-01');
    expect(value('=TEXT("abc","0")')).toBe('abc');
  });

  test.each([
    ['7/1/2026', 46204],
    ['2026-07-01', 46204],
    ['Jul 1, 2026', 46204],
    ['1-Jul-2026', 46204],
    ['7/1/2026 18:00', 46204.75],
  ])('a typed %p in a cell is the date %p (July 1, month first)', (typed, serial) => {
    const hf = createEngine();
    const sheet = hf.getSheetId(hf.addSheet('S'))!;
    hf.setCellContents({ sheet, row: 0, col: 0 }, [[typed], ['=A1+0'], ['=TEXT(A1,"yyyy-mm-dd")']]);
    expect(hf.getCellValue({ sheet, row: 1, col: 0 })).toBe(serial);
    expect(hf.getCellValue({ sheet, row: 2, col: 0 })).toBe('2026-07-01');
    hf.destroy();
  });

  test('text that is no en-US date stays text: 13/1/2026, 2/29/2023, 7/1 (no year)', () => {
    for (const t of ['13/1/2026', '2/29/2023', '7/1']) expect(error(`=DATEVALUE("${t}")`)).toMatch(/^#VALUE!/);
  });
});

describe('engine: WATT functions read dates from DATE() and typed dates, and return Excel dates', () => {
  test('BLOCKHEIGHT at the reference block\'s own date is the reference height (it was 144 blocks late)', () => {
    expect(value('=WATT.BLOCKHEIGHT(DATE(2024,4,20)+9/1440)')).toBe(840000);
    expect(value('=WATT.BLOCKHEIGHT(DATE(2024,4,21)+9/1440)')).toBe(840144);
    // 2028-01-01 is 46753: 840,000 + floor((46753 - REF_DATE) x 144) = 1,034,543.
    expect(value('=WATT.BLOCKHEIGHT(DATE(2028,1,1))')).toBe(840000 + Math.floor((46753 - REF_DATE) * 144 + 1e-9));
    expect(value('=WATT.BLOCKHEIGHT(DATE(2028,1,1))')).toBe(1034543);
    expect(value('=WATT.BLOCKHEIGHT(DATEVALUE("1/1/2028"))')).toBe(1034543);
  });

  test('HALVINGDATE(5) is 2028-04-17 08:09 UTC in TEXT and YEAR/MONTH/DAY', () => {
    expect(value('=TEXT(WATT.HALVINGDATE(5),"yyyy-mm-dd hh:mm")')).toBe('2028-04-17 08:09');
    expect(value('=TEXT(WATT.HALVINGDATE(4),"yyyy-mm-dd")')).toBe('2024-04-20'); // block 840,000
    expect(value('=TEXT(WATT.HALVINGDATE(1),"yyyy-mm-dd")')).toBe('2012-11-28'); // block 210,000
  });

  test('a WATT date outside 1900-01-01..9999-12-31 is #NUM! with a message; a date argument outside is #VALUE!', () => {
    expect(error('=WATT.HALVINGDATE(5,2000000,1)')).toBe(
      '#NUM! the date of halving 5 falls outside the dates Excel can show, 1900-01-01 (serial 1) to 9999-12-31 (serial 2958465) (got -6596.22222222)',
    );
    expect(error('=WATT.HALVINGDATE(5,840000,45402,1E+300)')).toMatch(/^#NUM! the date of halving 5 falls outside .* \(got 1\.45833333333e\+302\)$/);
    expect(error('=WATT.HALVINGDATE(5,840000,0)')).toBe(
      '#VALUE! ref_date must be >= 1 and < 2958466 (Excel date serial: 1 is 1900-01-01, 2958465 is 9999-12-31) (got 0)',
    );
    expect(error('=WATT.BLOCKHEIGHT(2958466)')).toMatch(/^#VALUE! date must be >= 1 and < 2958466 \(Excel date serial/);
    expect(value('=WATT.BLOCKHEIGHT(2958465.5)')).toBeGreaterThan(840000); // 9999-12-31 noon is a date
  });

  const SITE = [['btc_price', 90000], ['network_hashrate', 1100], ['site_mw', 100], ['efficiency', 17.5], ['power_price', 0.05]];

  function tableWithStart(start: string | number, formula: string): unknown[][] {
    const hf = createEngine();
    const sheet = hf.getSheetId(hf.addSheet('S'))!;
    hf.setCellContents({ sheet, row: 0, col: 0 }, [['start_date', start], ...SITE]);
    hf.setCellContents({ sheet, row: 0, col: 3 }, [[formula]]);
    const values = hf.getSheetValues(sheet).map((row) => row.slice(3));
    hf.destroy();
    return values;
  }

  test.each(['=DATE(2026,1,1)', '1/1/2026', '2026-01-01', 'Jan 1, 2026', '=DATEVALUE("1-Jan-2026")'])(
    'PROJECTION with start_date %p in the assumptions range equals start_date 46023',
    (start) => {
      const plain = tableWithStart(46023, '=WATT.PROJECTION(A1:B6, 24)');
      expect(plain.length).toBe(25);
      expect(plain[1][1]).toBe(46023);
      expect(tableWithStart(start, '=WATT.PROJECTION(A1:B6, 24)')).toEqual(plain);
    },
  );

  test('PATHS with start_date =DATE(2026,1,1) equals start_date 46023', () => {
    const plain = tableWithStart(46023, '=WATT.PATHS(A1:B6, 10)');
    expect(plain.length).toBeGreaterThan(2);
    expect(tableWithStart('=DATE(2026,1,1)', '=WATT.PATHS(A1:B6, 10)')).toEqual(plain);
  });

  test("PROJECTION's date column is each month's first day, as TEXT shows it", () => {
    const hf = createEngine();
    const sheet = hf.getSheetId(hf.addSheet('S'))!;
    hf.setCellContents({ sheet, row: 0, col: 0 }, [['start_date', '=DATE(2028,3,17)'], ...SITE]);
    hf.setCellContents({ sheet, row: 0, col: 3 }, [['=WATT.PROJECTION(A1:B6, 3)']]);
    hf.setCellContents({ sheet, row: 10, col: 0 }, [['=TEXT(E2,"yyyy-mm-dd")'], ['=TEXT(E4,"yyyy-mm-dd")']]);
    expect(hf.getCellValue({ sheet, row: 10, col: 0 })).toBe('2028-03-01');
    expect(hf.getCellValue({ sheet, row: 11, col: 0 })).toBe('2028-05-01');
    expect(hf.getCellValue({ sheet, row: 1, col: 4 })).toBe(serialFromUtc(2028, 3, 1));
    hf.destroy();
  });
});

/** Runs `watt ARGS` through its command function, capturing what it prints. */
async function watt(args: string[], stdin?: string): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await main(args, { out: (l) => out.push(...l.split('\n')), err: (l) => out.push(l), readStdin: async () => stdin, env: {} });
  return { code, out };
}

describe('CLI: npx watt eval gives the engine\'s dates', () => {
  test('Excel serials, typed dates and TEXT of WATT dates', async () => {
    const r = await watt([
      'eval',
      '=DATE(2024,5,4)',
      '=DATEVALUE("7/1/2026")',
      '=DATEVALUE("Jul 1, 2026")',
      '=DATE(1900,2,29)',
      '=TEXT(60,"yyyy-mm-dd")',
      '=WEEKDAY(1)',
      '=TEXT(WATT.HALVINGDATE(5),"yyyy-mm-dd hh:mm")',
      '=WATT.BLOCKHEIGHT(DATE(2028,1,1))',
      '=WATT.HALVINGDATE(5,2000000,1)',
    ]);
    expect(r.code).toBe(0);
    expect(r.out.slice(0, 8)).toEqual(['45416', '46204', '46204', '60', '1900-02-29', '1', '2028-04-17 08:09', '1034543']);
    expect(r.out[8]).toMatch(/^#NUM! the date of halving 5 falls outside the dates Excel can show/);
  });

  test.each(EXCEL_SERIALS)('round trip %s: DATEVALUE → serial %p → TEXT', async (iso, serial) => {
    const r = await watt(['eval', '--json', `=DATEVALUE("${iso}")`, `=TEXT(${serial},"yyyy-mm-dd")`]);
    expect(r.out.map((l) => JSON.parse(l).value)).toEqual([serial, iso]);
  });

  test("the command line page's examples print what the page says (docs/cli.md)", async () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'cli.md'), 'utf8');
    const block = /## Command line[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? /```sh\n(\$ npx watt eval[\s\S]*?)```/.exec(readme)![1];
    const lines = block.split('\n').filter((l) => l !== '');
    let checked = 0;
    for (let i = 0; i < lines.length; i++) {
      const m = /^\$ (?:echo '(.*)' \| )?npx watt (eval.*)$/.exec(lines[i]);
      if (!m) continue;
      const args = [...m[2].matchAll(/'([^']*)'|(\S+)/g)].map((a) => a[1] ?? a[2]);
      const expected: string[] = [];
      while (i + 1 < lines.length && !lines[i + 1].startsWith('$ ')) expected.push(lines[++i]);
      const r = await watt(args, m[1] === undefined ? undefined : `${m[1]}\n`);
      expect(r.out).toEqual(expected);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });
});

describe('workbench: what a user types becomes the same date', () => {
  function model(): WorkbookModel {
    const hf: HyperFormula = createEngine();
    hf.addSheet('Sheet1');
    return new WorkbookModel(hf, new EngineTemplateAdapter(hf), []);
  }

  test.each([
    ['7/1/2026', 46204],
    ['2026-07-01', 46204],
    ['Jul 1, 2026', 46204],
    ['1-Jul-2026', 46204],
    ['2/29/1900', 60],
    ['12/31/9999', 2958465],
    ['14:30', 14.5 / 24],
  ])('typing %p gives %p, as the engine and the CLI read it', async (typed, serial) => {
    expect(WorkbookModel.parseInput(typed)).toBeCloseTo(serial, 12);
    const m = model();
    expect(m.edit('Sheet1', 0, 0, typed).ok).toBe(true);
    expect(m.edit('Sheet1', 0, 1, '=A1+0').ok).toBe(true);
    expect(m.cell('Sheet1', 0, 1).value).toBeCloseTo(serial, 12);
    const cli = await watt(['eval', '--json', serial >= 1 ? `=DATEVALUE("${typed}")` : `=TIMEVALUE("${typed}")`]);
    expect(JSON.parse(cli.out[0]).value).toBeCloseTo(serial, 12);
  });

  test('a typed date feeds WATT.BLOCKHEIGHT and TEXT as a DATE() would', () => {
    const m = model();
    m.edit('Sheet1', 0, 0, '1/1/2028');
    m.edit('Sheet1', 1, 0, '=DATE(2028,1,1)');
    m.edit('Sheet1', 0, 1, '=WATT.BLOCKHEIGHT(A1)');
    m.edit('Sheet1', 1, 1, '=WATT.BLOCKHEIGHT(A2)');
    m.edit('Sheet1', 2, 1, '=TEXT(A1,"dddd, mmmm d, yyyy")');
    expect(m.cell('Sheet1', 0, 1).value).toBe(1034543);
    expect(m.cell('Sheet1', 1, 1).value).toBe(1034543);
    expect(m.cell('Sheet1', 2, 1).value).toBe('Saturday, January 1, 2028');
  });
});

describe('text-formatted cells keep text that reads as a date, as Excel does', () => {
  test('the deals template\'s "Announced" column (format @) stays text in the engine and the workbench', async () => {
    const hf = createEngine();
    const adapter = new EngineTemplateAdapter(hf);
    const model = new WorkbookModel(hf, adapter);
    const template = findTemplate('hpc-deals')!;
    await insertTemplate(template, adapter);
    const sheetName = hf.getSheetNames()[0];
    const announced = template.sheets[0].cells.filter((c) => /^G\d+$/.test(c.ref) && typeof c.value === 'string' && c.format === '@');
    expect(announced.length).toBeGreaterThan(5);
    expect(announced.some((c) => /^\d{4}-\d{2}-\d{2}$/.test(String(c.value)))).toBe(true);
    for (const c of announced) {
      const row = Number(c.ref.slice(1)) - 1;
      const view = model.cell(sheetName, row, 6);
      expect(view.kind).toBe('text');
      expect(view.value).toBe(c.value);
      expect(model.editText(sheetName, row, 6)).toBe(c.value);
    }
    // A user typing a date into that text cell keeps it as text, too.
    const row = Number(announced[0].ref.slice(1)) - 1;
    expect(model.edit(sheetName, row, 6, '2026-07-01').ok).toBe(true);
    expect(model.cell(sheetName, row, 6).value).toBe('2026-07-01');
    expect(model.editText(sheetName, row, 6)).toBe('2026-07-01');
  });

  test('parseInput: "@" keeps text; elsewhere the same text is a date', () => {
    expect(WorkbookModel.parseInput('2026-07-01', '@')).toBe("'2026-07-01");
    expect(WorkbookModel.parseInput('2026-07-01')).toBe(46204);
  });
});

describe('network dates (served by the local fixture server, no internet)', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer();
    await fetch(`${server.mempoolUrl}/blocks/tip/height`).then((r) => r.text());
  });
  afterAll(() => server.close());
  const configure = (start: number) => {
    const clock = manualClock(start);
    configureNetwork({ mempoolUrl: server.mempoolUrl, coingeckoUrl: server.coingeckoUrl, now: clock.now, timeoutMs: 1000 });
  };

  test('ASOF is the Excel serial of the fetch time; a fetch time past 9999-12-31 is #NUM!', async () => {
    configure(Date.UTC(2024, 1, 11, 22, 43, 1));
    const asof = await new Evaluator().evaluateAsync('=WATT.ASOF("difficulty")');
    // 2024-02-11 is 45333 (45292, 2024-01-01, + 41 days); 22:43:01 UTC is its fraction.
    expect('value' in asof && asof.value).toBeCloseTo(45333 + (22 * 3600 + 43 * 60 + 1) / 86400, 9);
    const text = await new Evaluator().evaluateAsync('=TEXT(WATT.ASOF("difficulty"),"yyyy-mm-dd hh:mm:ss")');
    expect('value' in text && text.value).toBe('2024-02-11 22:43:01');

    configure(Date.UTC(10000, 0, 1));
    const late = await new Evaluator().evaluateAsync('=WATT.ASOF("difficulty")');
    expect(late).toMatchObject({ error: '#NUM!' });
    expect('message' in late && late.message).toMatch(/^the time of the fetch falls outside the dates Excel can show/);
  });
});
