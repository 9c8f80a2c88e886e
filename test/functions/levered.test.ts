/**
 * WATT.FINANCE and WATT.DEBTSCHEDULE through the engine, as a cell calls them (src/functions/finance.ts
 * over src/core/levered.ts, whose own tests check the numbers by hand): spilled shapes, the core's
 * numbers, text choices read from cells, "unfinanceable" and "n/a" as text, and the messages of the
 * errors a user meets.
 */
import { createEngine } from '../../src/engine/engine';
import { error, SITE, SITE_ROWS, spilled } from '../helpers/evaluate';
import { debtScheduleTable, FINANCE_METRICS, financeTable, SCHEDULE_COLUMNS } from '../../src/core/levered';

describe('WATT.FINANCE', () => {
  test('spills the header and one row per metric, the core\'s numbers', () => {
    const t = spilled(`=WATT.FINANCE({${SITE}}, 10)`);
    expect(t[0]).toEqual(['metric', 'mine', 'lease', 'cloud']);
    expect(t.map((r) => r[0]).slice(1)).toEqual([...FINANCE_METRICS]);
    const core = financeTable(SITE_ROWS, 10) as unknown[][];
    expect(t).toEqual(core);
    // at the defaults the lease's DSCR binds (a 5-year sculpted loan at 1.30x carries less than 80% of cost)
    expect(t[FINANCE_METRICS.indexOf('binding') + 1][2]).toBe('dscr');
    expect(t[FINANCE_METRICS.indexOf('min_dscr') + 1][2]).toBeCloseTo(1.3, 12);
    // the mine's equity IRR has no meaning (a loan against a fleet already owned releases cash at close)
    expect(t[FINANCE_METRICS.indexOf('equity_irr') + 1][1]).toBe('n/a');
  });
  test('years defaults to 10', () => {
    expect(spilled(`=WATT.FINANCE({${SITE}})`)).toEqual(spilled(`=WATT.FINANCE({${SITE}}, 10)`));
  });
  test('mining at a loss: "unfinanceable" as text in the mine column', () => {
    const t = spilled(`=WATT.FINANCE({${SITE.replace('"power_price",0.05', '"power_price",0.2')}})`);
    expect(t[FINANCE_METRICS.indexOf('debt') + 1][1]).toBe('unfinanceable');
    expect(t[FINANCE_METRICS.indexOf('debt_by_dscr') + 1][1]).toBe(0);
  });
  test.each([
    [`=WATT.FINANCE({${SITE};"debt_sizing","most"})`, '#VALUE! debt_sizing: unknown value "most"; accepted: "gearing" (or 1), "dscr" (or 2), "lesser" (or 3)'],
    [`=WATT.FINANCE({${SITE};"gearing",1.2})`, '#VALUE! gearing must be >= 0 and < 1 (debt / total cost, loan to cost; for the mine path, debt / value of the fleet) (got 1.2)'],
    [`=WATT.FINANCE({${SITE};"periods_per_year",5})`, '#VALUE! periods_per_year must divide the 12 months of a year: 1, 2, 3, 4, 6 or 12 (got 5)'],
    [`=WATT.FINANCE({${SITE};"debt_tenor",15})`, '#VALUE! debt_tenor: the mine path\'s debt, 15 years from close, would mature after the horizon of 10 years; shorten debt_tenor or lengthen years'],
    [`=WATT.FINANCE({${SITE}}, 51)`, '#VALUE! years must be from 1 to 50 years (got 51)'],
  ])('%s', (formula, message) => {
    expect(error(formula)).toBe(message);
  });
});

describe('WATT.DEBTSCHEDULE', () => {
  test('spills the header, one row per period from close to the horizon, and the total row', () => {
    const t = spilled(`=WATT.DEBTSCHEDULE({${SITE}}, "lease", 10)`);
    expect(t[0]).toEqual([...SCHEDULE_COLUMNS]);
    // semiannual: close, 2 construction half-years, 18 half-years to the horizon, the total
    expect(t.length).toBe(1 + 1 + 2 + 18 + 1);
    expect(t[t.length - 1][0]).toBe('total');
    expect(t.every((r) => r.length === 16)).toBe(true);
    // engine blanks for the total row's balances
    expect(t[t.length - 1][2]).toBe('');
    const core = debtScheduleTable(SITE_ROWS, 'lease', 10) as unknown[][];
    expect(t.slice(0, -1)).toEqual(core.slice(0, -1));
  });
  test('errors', () => {
    expect(error(`=WATT.DEBTSCHEDULE({${SITE}}, "farm")`)).toBe('#VALUE! path: unknown value "farm"; accepted: "mine", "lease" or "cloud"');
    expect(error(`=WATT.DEBTSCHEDULE({${SITE.replace('"power_price",0.05', '"power_price",0.2')}}, "mine")`)).toBe(
      '#NUM! mine: unfinanceable: its cash flow available for debt service supports no debt at a DSCR of 1.3 over the tenor (DSCR capacity 0)',
    );
    expect(error(`=WATT.DEBTSCHEDULE({${SITE}})`)).toMatch(/^#VALUE! path is required/);
  });
});

test('a sheet: the financing names in cells, choices as text', () => {
  const hf = createEngine();
  const sheet = hf.getSheetId(hf.addSheet('Deal'))!;
  hf.setCellContents({ sheet, row: 0, col: 0 }, [
    ...SITE_ROWS,
    [null, null],
    ['debt_sizing', 'gearing'],
    ['gearing', 0.85],
    ['repayment', 'straight'],
    ['debt_tenor', 7],
  ]);
  hf.setCellContents({ sheet, row: 0, col: 3 }, [['=WATT.FINANCE(A1:B11, 10)']]);
  const debt = hf.getCellValue({ sheet, row: FINANCE_METRICS.indexOf('debt') + 1, col: 5 });
  const byGearing = hf.getCellValue({ sheet, row: FINANCE_METRICS.indexOf('debt_by_gearing') + 1, col: 5 });
  expect(typeof debt).toBe('number');
  expect(debt).toBe(byGearing);
  expect(hf.getCellValue({ sheet, row: FINANCE_METRICS.indexOf('binding') + 1, col: 5 })).toBe('gearing');
  // 85% of the total cost
  const total = hf.getCellValue({ sheet, row: FINANCE_METRICS.indexOf('total_cost') + 1, col: 5 }) as number;
  expect(Math.abs((debt as number) / total - 0.85)).toBeLessThan(1e-12);
  hf.destroy();
});
