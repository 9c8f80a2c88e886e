/**
 * The levered model of the three paths (src/core/levered.ts: WATT.FINANCE, WATT.DEBTSCHEDULE).
 *
 * Hand-checkable cases on a simple lease (1 MW of site power, it_ratio 1: 1,000 kW of critical IT at
 * $150 per kW-month, NOI 85%: $127,500 a month, $1,530,000 a year; capex $10/W x 1 MW = $10,000,000;
 * no construction; a 15-year lease so the whole horizon is leased), the closed form of interest during
 * construction checked against a brute-force iteration written here, the mine path financed on its
 * fleet, the errors a user meets, and the properties of issue 17 (fast-check, fixed seed).
 */
import fc from 'fast-check';
import { debtSize } from '../../src/core/debt';
import { serialFromUtc } from '../../src/core/dates';
import { isError, WattError } from '../../src/core/errors';
import { debtScheduleTable, FINANCE_METRICS, financePaths, financeTable, financeTableOf, SCHEDULE_COLUMNS, SCHEDULE_FLOWS } from '../../src/core/levered';
import { pathsTable } from '../../src/core/paths';

const START = serialFromUtc(2026, 1, 1);
const site = { start_date: START, btc_price: 90000, network_hashrate: 1100, site_mw: 100, efficiency: 17.5, power_price: 0.05 };
/** The simple lease: 1,000 kW of IT, $127,500 of NOI a month from month 1, capex $10M at close. */
const simple = { ...site, site_mw: 1, it_ratio: 1, conversion_months: 0, lease_term: 15 };
/** Financing terms with every extra off: the debt is exactly gearing x capex. */
const plain = { debt_sizing: 'gearing', upfront_fee: 0, commitment_fee: 0, dsra_months: 0, cash_sweep: 0 };
type Inputs = Record<string, number | string>;
type Path = 'mine' | 'lease' | 'cloud';

function table(a: Inputs, years = 10): unknown[][] {
  const t = financeTable(Object.entries(a), years);
  if (isError(t)) throw new Error(String(t));
  return t as unknown[][];
}
function cell(a: Inputs, metric: string, path: Path, years = 10): unknown {
  const t = table(a, years);
  const row = t.findIndex((r) => r[0] === metric);
  if (row < 0) throw new Error(`no row ${metric}`);
  return t[row][['mine', 'lease', 'cloud'].indexOf(path) + 1];
}
function metrics(a: Inputs, path: Path, years = 10): Record<string, unknown> {
  const t = table(a, years);
  const col = ['mine', 'lease', 'cloud'].indexOf(path) + 1;
  return Object.fromEntries(t.slice(1).map((r) => [r[0] as string, r[col]]));
}
function schedule(a: Inputs, path: Path, years = 10): Record<string, unknown>[] {
  const t = debtScheduleTable(Object.entries(a), path, years);
  if (isError(t)) throw new Error(String(t));
  const [head, ...rows] = t as unknown[][];
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h as string, r[i]])));
}
/**
 * The metrics of a path, or undefined when the terms cannot be met at all (a reserve larger than the
 * facility, a gearing the fees outgrow: #VALUE! with its message, tested on its own below).
 */
function tryMetrics(a: Inputs, path: Path, years = 10): Record<string, unknown> | undefined {
  const t = financeTable(Object.entries(a), years);
  if (isError(t) && /exceed the facility|gearing cannot be met/.test(t.message)) return undefined;
  return metrics(a, path, years);
}
function errorOf(t: unknown): string {
  if (!isError(t)) throw new Error(`expected an error, got ${JSON.stringify(t)}`);
  return (t as WattError).toString();
}
const num = (v: unknown) => {
  if (typeof v !== 'number') throw new Error(`expected a number, got ${String(v)}`);
  return v;
};
const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

test('the table: header (metric, mine, lease, cloud) as WATT.PATHS, one row per metric', () => {
  const t = table(site);
  expect(t[0]).toEqual(['metric', 'mine', 'lease', 'cloud']);
  expect(t.slice(1).map((r) => r[0])).toEqual([...FINANCE_METRICS]);
  expect(t.every((r) => r.length === 4)).toBe(true);
});

test('project_irr and project_npv are WATT.PATHS\' irr and npv, exactly', () => {
  for (const a of [site, { ...site, lease_rent: 120, conversion_months: 18 }]) {
    const paths = pathsTable(Object.entries(a), 10) as unknown[][];
    const t = table(a);
    const row = (tab: unknown[][], name: string) => tab.find((r) => r[0] === name)!;
    expect(row(t, 'project_irr').slice(1)).toEqual(row(paths, 'irr').slice(1));
    expect(row(t, 'project_npv').slice(1)).toEqual(row(paths, 'npv').slice(1));
  }
});

describe('a straight-line loan on the simple lease, computed by hand', () => {
  // gearing 0.5 of $10M, no fees, no construction: debt $5,000,000, 8% a year, annual periods, 5 years,
  // principal $1,000,000 a year. Interest on the opening balance: 400,000, 320,000, 240,000, 160,000,
  // 80,000; debt service 1,400,000 ... 1,080,000; CFADS 1,530,000 a year (12 x 127,500).
  const a = { ...simple, ...plain, gearing: 0.5, debt_rate: 0.08, periods_per_year: 1, debt_tenor: 5, repayment: 'straight' };
  const interest = [400_000, 320_000, 240_000, 160_000, 80_000];
  const rows = schedule(a, 'lease');
  test('the corkscrew year by year (1e-9 relative)', () => {
    // period 0 (close) + 10 annual periods to the horizon + the total row
    expect(rows.length).toBe(12);
    expect(rows[0]).toMatchObject({ period: 0, date: START, opening: 0, draws: 5_000_000, closing: 5_000_000, project_flow: -10_000_000, equity_flow: -5_000_000 });
    for (let j = 1; j <= 5; j++) {
      const r = rows[j];
      expect(r.opening).toBeCloseTo(5_000_000 - (j - 1) * 1_000_000, 3);
      expect(rel(num(r.interest_paid), interest[j - 1])).toBeLessThan(1e-9);
      expect(rel(num(r.scheduled_principal), 1_000_000)).toBeLessThan(1e-9);
      expect(rel(num(r.debt_service), interest[j - 1] + 1_000_000)).toBeLessThan(1e-9);
      expect(rel(num(r.cfads), 1_530_000)).toBeLessThan(1e-9);
      expect(rel(num(r.dscr), 1_530_000 / (interest[j - 1] + 1_000_000))).toBeLessThan(1e-9);
      expect(rel(num(r.equity_flow), 1_530_000 - interest[j - 1] - 1_000_000)).toBeLessThan(1e-9);
    }
    expect(rows[5].closing).toBe(0);
    // the period's last day: 2026-12-31 (Excel serial 46387) for the first year
    expect(rows[1].date).toBe(serialFromUtc(2026, 12, 31));
    expect(rows[10].date).toBe(serialFromUtc(2035, 12, 31));
    // after the tenor the equity takes the CFADS; at the horizon also the shell at 7.5% on the next
    // 12 months' NOI: 1,530,000 / 0.075 = 20,400,000
    expect(rel(num(rows[6].equity_flow), 1_530_000)).toBeLessThan(1e-9);
    expect(rel(num(rows[10].equity_flow), 1_530_000 + 20_400_000)).toBeLessThan(1e-9);
    expect(rows[11]).toMatchObject({ period: 'total', date: null, opening: null, closing: null, dscr: null, sweep: 0 });
    expect(rel(num(rows[11].interest_paid), 1_200_000)).toBeLessThan(1e-9);
  });
  test('the metrics', () => {
    const m = metrics(a, 'lease');
    expect(m.debt).toBe(5_000_000);
    expect(m.binding).toBe('gearing');
    expect(m.equity).toBe(5_000_000);
    expect(m.total_cost).toBe(10_000_000);
    expect([m.idc, m.fees, m.dsra]).toEqual([0, 0, 0]);
    const dscr = interest.map((i) => 1_530_000 / (i + 1_000_000));
    expect(rel(num(m.min_dscr), 1_530_000 / 1_400_000)).toBeLessThan(1e-12);
    expect(rel(num(m.avg_dscr), dscr.reduce((s, x) => s + x, 0) / 5)).toBeLessThan(1e-12);
    // LLCR: 1,530,000 x the 5-year annuity factor at 8% (3.99271004) / 5,000,000
    expect(rel(num(m.llcr), (1_530_000 * (1 - 1.08 ** -5)) / 0.08 / 5_000_000)).toBeLessThan(1e-12);
    // DSCR capacity of a straight-line loan: min_j CFADS / (1.3 x s_j), s_1 = 1/5 + 0.08 = 0.28 per unit
    expect(rel(num(m.debt_by_dscr), 1_530_000 / (1.3 * 0.28))).toBeLessThan(1e-12);
    // Multiple by period: (130k + 210k + 290k + 370k + 450k + 4 x 1.53M + 21.93M) / 5M = 29.5M / 5M
    expect(rel(num(m.equity_multiple), 29_500_000 / 5_000_000)).toBeLessThan(1e-12);
    // debt / EBITDA of the first year: 5,000,000 / 1,530,000
    expect(rel(num(m.debt_to_ebitda), 5_000_000 / 1_530_000)).toBeLessThan(1e-12);
    // The debt's flows for the equity: +5M at close, -1.4M ... -1.08M a year: a straight-line loan
    // costs its rate, 8% nominal annual = 8% effective with annual periods.
    expect(Math.abs(num(m.all_in_cost_of_debt) - 0.08)).toBeLessThan(1e-9);
  });
  test('equity NPV: the monthly equity flows written here, discounted at (1 + 10%)^(-k/12)', () => {
    const flows = Array.from({ length: 121 }, (_, k) => (k === 0 ? -5_000_000 : 127_500));
    for (let j = 1; j <= 5; j++) flows[12 * j] -= interest[j - 1] + 1_000_000;
    flows[120] += 20_400_000;
    const npv = flows.reduce((s, f, k) => s + f * 1.1 ** (-k / 12), 0);
    expect(rel(num(cell(a, 'equity_npv', 'lease')), npv)).toBeLessThan(1e-10);
    // cost_of_equity given: the same flows at 15%
    const npv15 = flows.reduce((s, f, k) => s + f * 1.15 ** (-k / 12), 0);
    expect(rel(num(cell({ ...a, cost_of_equity: 0.15 }, 'equity_npv', 'lease')), npv15)).toBeLessThan(1e-10);
  });
});

test('sculpted on the simple lease: the debt WATT.DEBTSIZE gives on its CFADS row, an annuity loan of CFADS / DSCR', () => {
  // Flat CFADS of 1,530,000 a year for 5 years at 8% and 1.30x: debt service 1,530,000 / 1.3 a year and
  // the debt its present value, 1,176,923.08 x 3.99271004 (the 5-year annuity factor at 8%) = 4,699,035.2
  // (the docs' 130-a-year example scaled); a level annuity on flat CFADS has the same capacity.
  const a = { ...simple, ...plain, debt_sizing: 'dscr', debt_rate: 0.08, periods_per_year: 1, debt_tenor: 5 };
  const byHand = (1_530_000 / 1.3) * (1 - 1.08 ** -5) / 0.08;
  const sized = debtSize([[1_530_000, 1_530_000, 1_530_000, 1_530_000, 1_530_000]], 0.08, 1.3) as number;
  expect(rel(sized, byHand)).toBeLessThan(1e-12);
  for (const repayment of ['sculpted', 'annuity']) {
    const m = metrics({ ...a, repayment }, 'lease');
    expect(rel(num(m.debt), byHand)).toBeLessThan(1e-12);
    expect(m.binding).toBe('dscr');
    expect(rel(num(m.min_dscr), 1.3)).toBeLessThan(1e-12);
    expect(rel(num(m.llcr), 1.3)).toBeLessThan(1e-12);
  }
});

test('a bullet loan with semiannual coupons, by hand', () => {
  // $6,000,000 (60% of $10M) at 8% nominal: 4% a half-year = 240,000 a coupon; the principal with the
  // 6th coupon (3 years). CFADS a half-year 6 x 127,500 = 765,000: DSCR 765,000 / 240,000 = 3.1875,
  // then 765,000 / 6,240,000 = 0.12259615... in the last period (the notes are refinanced, not repaid
  // from cash: the model shows it as it is).
  const a = { ...simple, ...plain, gearing: 0.6, debt_rate: 0.08, periods_per_year: 2, debt_tenor: 3, repayment: 'bullet' };
  const rows = schedule(a, 'lease');
  for (let j = 1; j <= 5; j++) {
    expect(rel(num(rows[j].interest_paid), 240_000)).toBeLessThan(1e-12);
    expect(rows[j].scheduled_principal).toBe(0);
    expect(rel(num(rows[j].dscr), 3.1875)).toBeLessThan(1e-12);
  }
  expect(rel(num(rows[6].debt_service), 6_240_000)).toBeLessThan(1e-12);
  expect(rows[6].closing).toBe(0);
  expect(rows[1].date).toBe(serialFromUtc(2026, 6, 30));
  const m = metrics(a, 'lease');
  expect(rel(num(m.min_dscr), 765_000 / 6_240_000)).toBeLessThan(1e-12);
  // 8% nominal paid semiannually is 1.04^2 - 1 = 8.16% effective a year
  expect(Math.abs(num(m.all_in_cost_of_debt) - (1.04 ** 2 - 1))).toBeLessThan(1e-9);
});

describe('interest during construction and fees: the closed form against a brute-force iteration', () => {
  // The lease path at its defaults (100 MW, 1/1.3 of it IT, $10/W: capex $769,230,769), 12 months of
  // construction, gearing 80% of a total cost that includes the IDC, the fees and the reserve, all funded
  // by the debt itself. The brute force below is the spreadsheet's loop, written independently of
  // src/core/levered.ts: guess the debt, simulate construction month by month (interest at 7.75% / 12 on
  // the drawn balance, 0.5% / 12 on the undrawn facility, both capitalised), find the draw at close that
  // brings the balance to the facility less the reserve by completion, recompute the debt as 80% of the
  // total cost, repeat until it moves by less than 1e-7 USD.
  const g = 0.8;
  const rate = 0.0775;
  const a = { ...site, debt_sizing: 'gearing', gearing: g, debt_rate: rate, periods_per_year: 2, debt_tenor: 5, repayment: 'annuity', upfront_fee: 0.02, commitment_fee: 0.005, dsra_months: 6 };
  const capex = 10 * 100e6 / 1.3;
  const r = rate / 2;
  const annuity = r / (1 - (1 + r) ** -10); // debt service a half-year per unit of debt; the reserve holds one (6 months)
  const rm = rate / 12;
  const fm = 0.005 / 12;
  function construction(debt: number, draw0: number) {
    let b = draw0;
    let idc = 0;
    let fees = 0;
    for (let m = 0; m < 12; m++) {
      const i = b * rm;
      const f = (debt - b) * fm;
      idc += i;
      fees += f;
      b += i + f;
    }
    return { b, idc, fees };
  }
  let debt = g * capex;
  let idc = 0;
  let commitment = 0;
  for (let iteration = 0; iteration < 1000; iteration++) {
    let draw0 = debt;
    for (let k = 0; k < 200; k++) draw0 += debt * (1 - annuity) - construction(debt, draw0).b;
    ({ idc, fees: commitment } = construction(debt, draw0));
    const next = g * (capex + 0.02 * debt + idc + commitment + annuity * debt);
    if (Math.abs(next - debt) < 1e-7) {
      debt = next;
      break;
    }
    debt = next;
  }
  test('the debt, IDC and fees agree to 1e-9 relative', () => {
    const m = metrics(a, 'lease');
    expect(rel(num(m.debt), debt)).toBeLessThan(1e-9);
    expect(rel(num(m.debt_by_gearing), debt)).toBeLessThan(1e-9);
    expect(rel(num(m.idc), idc)).toBeLessThan(1e-9);
    expect(rel(num(m.fees), 0.02 * debt + commitment)).toBeLessThan(1e-9);
    expect(rel(num(m.dsra), annuity * debt)).toBeLessThan(1e-9);
    // gearing holds on the total cost, and sources equal uses
    expect(rel(num(m.debt), g * num(m.total_cost))).toBeLessThan(1e-12);
    expect(rel(num(m.debt) + num(m.equity), num(m.capex) + num(m.idc) + num(m.fees) + num(m.dsra))).toBeLessThan(1e-12);
  });
  test('the schedule: construction by half-year, the reserve drawn at completion and released at maturity', () => {
    const rows = schedule(a, 'lease');
    expect(rows[1]).toMatchObject({ interest_paid: 0, scheduled_principal: 0, equity_flow: 0 });
    expect(rel(num(rows[2].closing), debt)).toBeLessThan(1e-9);
    expect(rel(num(rows[2].dsra_flow), annuity * debt)).toBeLessThan(1e-9);
    expect(rel(num(rows[12].dsra_flow), -annuity * debt)).toBeLessThan(1e-9);
    expect(rows[12].closing).toBe(0);
    expect(rel(num(rows[1].capitalized_interest) + num(rows[2].capitalized_interest), idc)).toBeLessThan(1e-9);
  });
});

test('the mine path: a loan against the fleet, no construction', () => {
  // Fleet value: 100 MW / 17.5 J/TH = 5,714,285.7 TH/s at $8 per TH/s = $45,714,285.71; 80% of it.
  const fleet = (8 * 100e6) / 17.5;
  const a = { ...site, debt_sizing: 'gearing', dsra_months: 0 };
  const m = metrics(a, 'mine');
  expect(rel(num(m.debt), 0.8 * fleet)).toBeLessThan(1e-12);
  expect(m.idc).toBe(0);
  // the proceeds less the 2% fee go to the equity at close: a negative contribution
  expect(rel(num(m.equity), -0.98 * 0.8 * fleet)).toBeLessThan(1e-12);
  expect(m.equity_irr).toBe('n/a');
  const rows = schedule(a, 'mine');
  expect(rel(num(rows[0].draws), 0.8 * fleet)).toBeLessThan(1e-12);
  expect(rows[0].capitalized_interest).toBe(0);
  expect(rel(num(rows[1].interest_paid), 0.8 * fleet * 0.0775 / 2)).toBeLessThan(1e-12);
});

describe('an unfinanceable path says so', () => {
  // Power at $0.20/kWh: every month's gross margin is negative, the fleet is off (curtail), the mine
  // path's CFADS is 0 in every period: no debt at any DSCR.
  const a = { ...site, power_price: 0.2 };
  test('FINANCE: the text "unfinanceable" in every levered row of the column, never a number', () => {
    const m = metrics(a, 'mine');
    expect(m.debt_by_dscr).toBe(0);
    expect(num(m.debt_by_gearing)).toBeGreaterThan(0);
    for (const name of ['debt', 'binding', 'equity', 'min_dscr', 'equity_irr', 'equity_npv', 'llcr', 'total_cost']) expect(m[name]).toBe('unfinanceable');
    expect(typeof metrics(a, 'lease').debt).toBe('number');
  });
  test('DEBTSCHEDULE: #NUM! with the reason', () => {
    expect(errorOf(debtScheduleTable(Object.entries(a), 'mine', 10))).toBe(
      '#NUM! mine: unfinanceable: its cash flow available for debt service supports no debt at a DSCR of 1.3 over the tenor (DSCR capacity 0)',
    );
  });
});

describe('errors a user meets', () => {
  const err = (extra: Inputs, years = 10) => errorOf(financeTable(Object.entries({ ...site, ...extra }), years));
  test.each([
    [{ debt_sizing: 'cheapest' }, '#VALUE! debt_sizing: unknown value "cheapest"; accepted: "gearing" (or 1), "dscr" (or 2), "lesser" (or 3)'],
    [{ repayment: 'balloon' }, '#VALUE! repayment: unknown value "balloon"; accepted: "sculpted" (or 1), "annuity" (or 2), "straight" (or 3), "bullet" (or 4)'],
    [{ periods_per_year: 5 }, '#VALUE! periods_per_year must divide the 12 months of a year: 1, 2, 3, 4, 6 or 12 (got 5)'],
    [{ debt_tenor: 2.3 }, '#VALUE! debt_tenor must be a whole number of debt periods: at 2 a year, a multiple of 0.5 years (got 2.3)'],
    [{ debt_tenor: 10 }, '#VALUE! debt_tenor: the lease path\'s debt, 12 months of construction then 10 years, would mature after the horizon of 10 years; shorten debt_tenor or lengthen years'],
    [{ gearing: 1 }, '#VALUE! gearing must be >= 0 and < 1 (debt / total cost, loan to cost; for the mine path, debt / value of the fleet) (got 1)'],
    [{ target_dscr: 1 }, '#VALUE! target_dscr must be > 1 and <= 100 (target CFADS / debt service) (got 1)'],
    [{ dsra_months: 30 }, '#VALUE! dsra_months must be from 0 to 24 months of scheduled debt service held in reserve from completion (got 30)'],
  ])('%j', (extra, message) => {
    expect(err(extra as Inputs)).toBe(message);
  });
  test('an unknown name lists the financing names too', () => {
    expect(err({ leverage: 0.5 })).toMatch(/^#VALUE! assumptions: unknown name "leverage"; known names: start_date, .*, discount_rate, debt_sizing, gearing, debt_rate, target_dscr, debt_tenor, periods_per_year, repayment, cash_sweep, upfront_fee, commitment_fee, dsra_months, cost_of_equity$/);
  });
  test('a reserve larger than the facility; fees and a reserve the gearing cannot fund', () => {
    // a 6-month bullet with 6 months of reserve: the reserve is the whole debt plus its coupon
    expect(err({ repayment: 'bullet', debt_tenor: 0.5, dsra_months: 6 })).toBe(
      '#VALUE! mine: the debt service reserve and the construction interest and fees exceed the facility itself (lower dsra_months or commitment_fee)',
    );
    // 99% of a cost of which a 20% fee and 10 months of a one-year annuity's service (~85% of the debt)
    // are part: the debt would have to exceed the cost
    expect(err({ gearing: 0.99, upfront_fee: 0.2, repayment: 'annuity', debt_tenor: 1, dsra_months: 10 })).toBe(
      '#VALUE! lease: the gearing cannot be met: fees, interest during construction and the reserve, funded by the debt, grow faster than the debt (lower gearing, the fees or dsra_months)',
    );
  });
  test('a row number in a message is the row of the range as given', () => {
    const rows = [...Object.entries(site), ['gearing', 0.7], ['site_mw', 50]];
    expect(errorOf(financeTable(rows, 10))).toBe('#VALUE! assumptions: "site_mw" is given twice (again in row 8)');
    const financeTwice = [['gearing', 0.7], ...Object.entries(site), ['gearing', 0.6]];
    expect(errorOf(financeTable(financeTwice, 10))).toBe('#VALUE! assumptions: "gearing" is given twice (again in row 8)');
  });
  test('DEBTSCHEDULE: an unknown path', () => {
    expect(errorOf(debtScheduleTable(Object.entries(site), 'farm', 10))).toBe('#VALUE! path: unknown value "farm"; accepted: "mine", "lease" or "cloud"');
  });
  test('choices by code and in any case', () => {
    const byText = table({ ...site, debt_sizing: 'DSCR', repayment: ' Annuity ' });
    const byCode = table({ ...site, debt_sizing: 2, repayment: 2 });
    expect(byText).toEqual(byCode);
  });
});

// --- Properties (fast-check, fixed seed: test/_setup/fast-check.ts) ---

const leaseTerms = fc.record({
  lease_rent: fc.double({ min: 60, max: 300, noNaN: true }),
  conversion_capex: fc.double({ min: 4, max: 15, noNaN: true }),
  conversion_months: fc.integer({ min: 0, max: 24 }),
  lease_escalator: fc.double({ min: 0, max: 0.04, noNaN: true }),
  debt_rate: fc.double({ min: 0, max: 0.15, noNaN: true }),
  target_dscr: fc.double({ min: 1.05, max: 2, noNaN: true }),
  periods_per_year: fc.constantFrom(1, 2, 4, 12),
  debt_tenor: fc.integer({ min: 1, max: 8 }),
  upfront_fee: fc.double({ min: 0, max: 0.03, noNaN: true }),
  commitment_fee: fc.double({ min: 0, max: 0.01, noNaN: true }),
  dsra_months: fc.integer({ min: 0, max: 12 }),
  gearing: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
});

test('property: a sculpted schedule sized by DSCR meets the target in every period and ends at 0 on the tenor', () => {
  fc.assert(
    fc.property(leaseTerms, fc.constantFrom<Path>('lease', 'cloud'), (t, path) => {
      const a = { ...site, ...t, debt_sizing: 'dscr', repayment: 'sculpted' };
      const rows = schedule(a, path);
      const L = 12 / t.periods_per_year;
      const c = t.conversion_months;
      const maturity = c + t.debt_tenor * 12;
      let end = 0;
      for (const r of rows.slice(0, -1)) {
        end = r.period === 0 ? 0 : end + (end < c ? Math.min(L, c - end) : L);
        if (end > c && end <= maturity && num(r.debt_service) > 0) expect(rel(num(r.dscr), t.target_dscr)).toBeLessThan(1e-9);
        if (end === maturity) expect(r.closing).toBe(0);
        if (end > maturity) expect(r.opening).toBe(0);
      }
    }),
    { numRuns: 30 },
  );
});

test('property: sources equal uses, and the schedule draws exactly the debt', () => {
  fc.assert(
    fc.property(leaseTerms, fc.constantFrom('gearing', 'dscr', 'lesser'), fc.constantFrom('sculpted', 'annuity', 'straight', 'bullet'), fc.constantFrom<Path>('mine', 'lease', 'cloud'), (t, sizing, repayment, path) => {
      const a = { ...site, ...t, debt_sizing: sizing, repayment };
      const m = tryMetrics(a, path);
      if (m === undefined || m.debt === 'unfinanceable') return;
      const uses = num(m.capex) + num(m.fees) + num(m.idc) + num(m.dsra);
      expect(rel(num(m.total_cost), uses)).toBeLessThan(1e-12);
      const sources = num(m.debt) + num(m.equity) + num(m.prepayment);
      expect(Math.abs(sources - uses)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(uses)));
      const rows = schedule(a, path);
      const total = rows[rows.length - 1];
      expect(Math.abs(num(total.draws) + num(total.capitalized_interest) - num(total.scheduled_principal) - num(total.sweep))).toBeLessThanOrEqual(1e-9 * Math.max(1, num(m.debt)));
    }),
    { numRuns: 30 },
  );
});

test('property: with no debt (gearing 0) the equity earns exactly what the project does', () => {
  fc.assert(
    fc.property(leaseTerms, fc.constantFrom<Path>('lease', 'cloud'), fc.constantFrom('gearing', 'lesser'), (t, path, sizing) => {
      const m = tryMetrics({ ...site, ...t, gearing: 0, debt_sizing: sizing }, path);
      if (m === undefined) return;
      expect(m.debt).toBe(0);
      expect(m.equity_irr).toEqual(m.project_irr);
      expect(m.equity_npv).toBe(m.project_npv);
    }),
    { numRuns: 20 },
  );
});

/*
 * Leverage. With no sweep and no reserve (dsra_months 0), the equity's monthly flows are E(D) = U + D f:
 * U WATT.PATHS' flows, f the debt's flows per unit of debt (+ the draw at close net of the upfront fee,
 * - debt service), the same vector whatever D (the sculpted service scales with D / K), with one sign
 * change, so PV_r(f) rises with r and is 0 at the all-in cost of debt r_d (the all_in_cost_of_debt row).
 * Let q(D) be the equity IRR, q(0) = r_p the project IRR. Where PV_r(E) crosses 0 once, downwards, at
 * q (guaranteed for r > 0 when the cumulative equity cash changes sign once, from negative: Norstrom's
 * criterion), dq/dD = -PV_q(f) / (dPV_r(E)/dr at q) has the sign of PV_q(f), i.e. of q - r_d; so q
 * rises with D exactly when r_p > r_d and falls exactly when r_p < r_d (q cannot cross r_d). Tested on
 * the lease path sized by gearing (the debt rises with the gearing): for two gearings, the change in
 * equity IRR has the sign of project_irr - all_in_cost_of_debt, whenever the IRRs are > 0, differ by
 * more than 1e-6, and both equity series pass Norstrom's criterion.
 */
function norstrom(flows: readonly { toNumber(): number }[]): boolean {
  let cumulative = 0;
  let changes = 0;
  let sign = -1;
  for (const f of flows) {
    cumulative += f.toNumber();
    const s = cumulative < 0 ? -1 : cumulative > 0 ? 1 : sign;
    if (s !== sign) changes++;
    sign = s;
  }
  return changes === 1 && sign === 1 && flows[0].toNumber() < 0;
}
test('property: more leverage raises the equity IRR exactly when the project IRR exceeds the all-in cost of debt', () => {
  const seen = { up: 0, down: 0 };
  fc.assert(
    fc.property(leaseTerms, fc.double({ min: 0.05, max: 0.9, noNaN: true }), fc.double({ min: 0.05, max: 0.9, noNaN: true }), fc.constantFrom('sculpted', 'annuity', 'straight'), fc.double({ min: 0.03, max: 0.25, noNaN: true }), (t, g1, g2, repayment, rate) => {
      fc.pre(Math.abs(g1 - g2) > 1e-3);
      const base = { ...site, ...t, debt_rate: rate, debt_sizing: 'gearing', repayment, cash_sweep: 0, dsra_months: 0 };
      const run = (gearing: number) => {
        const levered = financePaths(Object.entries({ ...base, gearing }), 10);
        if (isError(levered)) throw new Error(String(levered));
        const table = financeTableOf(levered);
        const m = Object.fromEntries(table.slice(1).map((r) => [r[0] as string, r[2]]));
        return { m, ok: norstrom(levered.results.lease.equityFlows) };
      };
      const lo = run(Math.min(g1, g2));
      const hi = run(Math.max(g1, g2));
      fc.pre(lo.ok && hi.ok && [lo.m.equity_irr, hi.m.equity_irr, lo.m.project_irr].every((x) => typeof x === 'number' && x > 0));
      const rp = num(lo.m.project_irr);
      const rd = num(lo.m.all_in_cost_of_debt);
      expect(Math.abs(num(hi.m.all_in_cost_of_debt) - rd)).toBeLessThan(1e-9);
      fc.pre(Math.abs(rp - rd) > 1e-6);
      expect(Math.sign(num(hi.m.equity_irr) - num(lo.m.equity_irr))).toBe(Math.sign(rp - rd));
      if (rp > rd) seen.up++;
      else seen.down++;
    }),
    { numRuns: 25 },
  );
  // both directions were exercised
  expect(seen.up).toBeGreaterThan(0);
  expect(seen.down).toBeGreaterThan(0);
});

test('property: with a cash sweep the sculpted loan still covers the target every period and is repaid by the tenor', () => {
  fc.assert(
    fc.property(leaseTerms, fc.double({ min: 0.05, max: 1, noNaN: true }), fc.constantFrom<Path>('lease', 'cloud'), (t, sweep, path) => {
      const a = { ...site, ...t, debt_sizing: 'lesser', repayment: 'sculpted', cash_sweep: sweep };
      if (tryMetrics(a, path) === undefined) return;
      const rows = schedule(a, path).slice(0, -1);
      for (const r of rows) if (typeof r.dscr === 'number') expect(r.dscr).toBeGreaterThanOrEqual(t.target_dscr * (1 - 1e-9));
      const maturity = rows.findIndex((r) => num(r.closing) === 0 && num(r.opening) > 0);
      expect(maturity).toBeGreaterThan(0);
      expect(rows.slice(maturity).every((r) => r.closing === 0)).toBe(true);
      // the reserve comes back when the loan is repaid
      expect(Math.abs(rows.reduce((s, r) => s + num(r.dsra_flow), 0))).toBeLessThanOrEqual(1e-6);
    }),
    { numRuns: 25 },
  );
});

test('property: lesser-of sizing never exceeds either constraint, and is the smaller one, named', () => {
  fc.assert(
    fc.property(leaseTerms, fc.constantFrom('sculpted', 'annuity', 'straight', 'bullet'), fc.constantFrom<Path>('mine', 'lease', 'cloud'), (t, repayment, path) => {
      const m = tryMetrics({ ...site, ...t, debt_sizing: 'lesser', repayment }, path);
      if (m === undefined || m.debt === 'unfinanceable') return;
      const debt = num(m.debt);
      expect(debt).toBeLessThanOrEqual(num(m.debt_by_gearing));
      expect(debt).toBeLessThanOrEqual(num(m.debt_by_dscr));
      expect(debt).toBe(Math.min(num(m.debt_by_gearing), num(m.debt_by_dscr)));
      expect(m.binding).toBe(num(m.debt_by_gearing) <= num(m.debt_by_dscr) ? 'gearing' : 'dscr');
    }),
    { numRuns: 30 },
  );
});

test('property: the total row is the sum of the rows, whatever the table\'s size; every row balances', () => {
  fc.assert(
    fc.property(
      leaseTerms, fc.integer({ min: 0, max: 12 }), fc.constantFrom(1, 2, 3, 4, 6, 12), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom<Path>('mine', 'lease', 'cloud'),
      (t, extraYears, ppy, sweep, path) => {
        const years = Math.ceil((t.conversion_months + 12 * t.debt_tenor) / 12) + extraYears;
        const a = { ...site, ...t, periods_per_year: ppy, cash_sweep: sweep, debt_sizing: 'gearing' };
        const m = tryMetrics(a, path, years);
        if (m === undefined || m.debt === 'unfinanceable') return;
        const rows = schedule(a, path, years);
        const body = rows.slice(0, -1);
        const total = rows[rows.length - 1];
        expect(Object.keys(total)).toEqual([...SCHEDULE_COLUMNS]);
        const scale = Math.max(1, ...body.map((r) => Math.abs(num(r.project_flow))), num(m.debt));
        for (const col of SCHEDULE_FLOWS) {
          const sum = body.reduce((s, r) => s + num(r[col]), 0);
          expect(Math.abs(num(total[col]) - sum)).toBeLessThanOrEqual(1e-9 * scale);
        }
        for (const r of body) {
          const tol = 1e-9 * scale;
          expect(Math.abs(num(r.opening) + num(r.draws) + num(r.capitalized_interest) - num(r.scheduled_principal) - num(r.sweep) - num(r.closing))).toBeLessThanOrEqual(tol);
          expect(Math.abs(num(r.interest_paid) + num(r.scheduled_principal) - num(r.debt_service))).toBeLessThanOrEqual(tol);
          const equity = num(r.project_flow) + num(r.draws) - num(r.fees) - num(r.dsra_flow) - num(r.debt_service) - num(r.sweep);
          expect(Math.abs(equity - num(r.equity_flow))).toBeLessThanOrEqual(tol);
        }
        // the equity's flows by period add up to the monthly flows the IRR and NPV are taken on
        expect(num(body[body.length - 1].closing)).toBe(0);
      },
    ),
    { numRuns: 30 },
  );
});
