/**
 * NPV, IRR and payback against Microsoft's published examples and against independent computations.
 * Sources: Microsoft Support, "NPV function" (examples 1 and 2) and "IRR function" (example), Excel.
 */
import fc from 'fast-check';
import { annualRate, irr, npv, payback, periodRate, presentValue } from '../../src/core/cashflow';
import { D } from '../../src/core/decimal';
import { isError, WattError } from '../../src/core/errors';

const num = (r: unknown) => {
  if (isError(r)) throw new Error(`expected a number, got ${r}`);
  return r as number;
};

describe('npv: Microsoft Support, NPV function', () => {
  test('example 1: NPV(10%, -10000, 3000, 4200, 6800) = $1,188.44 (to the cent: tolerance 0.005)', () => {
    expect(Math.abs(num(npv(0.1, [-10000, 3000, 4200, 6800])) - 1188.44)).toBeLessThan(0.005);
  });
  test('example 2: NPV(8%, 8000, 9200, 10000, 12000, 14500) - 40000 = $1,922.06; with a -9000 sixth year = -$3,749.47 (tolerance 0.005)', () => {
    const flows = [8000, 9200, 10000, 12000, 14500];
    expect(Math.abs(num(npv(0.08, flows)) - 40000 - 1922.06)).toBeLessThan(0.005);
    expect(Math.abs(num(npv(0.08, [...flows, -9000])) - 40000 + 3749.47)).toBeLessThan(0.005);
  });
  test('presentValue keeps v0 undiscounted and agrees with a direct sum of powers (1e-12 relative)', () => {
    fc.assert(
      fc.property(fc.double({ min: -0.5, max: 2, noNaN: true }), fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }), (rate, flows) => {
        const direct = flows.reduce((s, v, i) => s + v / Math.pow(1 + rate, i), 0);
        const scale = flows.reduce((s, v, i) => s + Math.abs(v / Math.pow(1 + rate, i)), 0);
        expect(Math.abs(num(presentValue(rate, flows)) - direct)).toBeLessThanOrEqual(1e-12 * scale + 1e-9);
      }),
    );
  });
  test('a rate of -100% or less is #NUM!', () => {
    expect((npv(-1, [1, 2]) as WattError).code).toBe('#NUM!');
    expect((presentValue(-2, [1, 2]) as WattError).code).toBe('#NUM!');
  });
  test('decimal flows are accepted and summed exactly: 0.1 + 0.2 at a zero rate is 0.3', () => {
    expect(presentValue(0, [D('0.1'), D('0.2')])).toBe(0.3);
  });
});

describe('irr: Microsoft Support, IRR function', () => {
  // The example's five years of income after a $70,000 investment.
  const flows = [-70000, 12000, 15000, 18000, 21000, 26000];
  test('after five years: 8.66% (0.086630948; tolerance 1e-9)', () => {
    expect(Math.abs(num(irr(flows)) - 0.086630948)).toBeLessThan(1e-9);
  });
  test('after four years: -2.1% (-0.021244848; tolerance 1e-9)', () => {
    expect(Math.abs(num(irr(flows.slice(0, 5))) - -0.021244848)).toBeLessThan(1e-9);
  });
  test('after two years, guess -10%: -44.4% (closed form (-12000 + sqrt(12000^2 + 4 x 15000 x 70000)) / 30000 = 1/(1+r); 1e-12)', () => {
    const x = (-12000 + Math.sqrt(12000 ** 2 + 4 * 15000 * 70000)) / 30000;
    const r = num(irr(flows.slice(0, 3), -0.1));
    expect(Math.abs(r - (1 / x - 1))).toBeLessThan(1e-12);
    expect(r).toBeCloseTo(-0.444, 3);
  });
  test('flows that never change sign have no IRR: #NUM! with the reason', () => {
    expect(irr([-100, -5, -1])).toEqual(new WattError('#NUM!', 'no IRR: every cash flow is <= 0'));
    expect(irr([0, 5, 1])).toEqual(new WattError('#NUM!', 'no IRR: every cash flow is >= 0'));
    expect(irr([0, 0])).toEqual(new WattError('#NUM!', 'no IRR: every cash flow is 0'));
  });
  test('a sign change without a root above -100% is #NUM!: -100, +50, -100 (x^2 discriminant < 0)', () => {
    // -100 + 50x - 100x^2 < 0 for every x: the present value never reaches 0.
    expect((irr([-100, 50, -100]) as WattError).code).toBe('#NUM!');
  });
  test('two IRRs (-100, +230, -132 has 10% and 20%): the one nearest the guess, as Excel', () => {
    expect(num(irr([-100, 230, -132], 0.05))).toBeCloseTo(0.1, 12);
    expect(num(irr([-100, 230, -132], 0.25))).toBeCloseTo(0.2, 12);
  });
  test('property: for an investment then returns, the present value at the IRR is 0 (1e-9 of the flows)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e7, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 120 }).filter((r) => r.some((v) => v > 1e-3)),
        (invest, returns) => {
          const flows = [-invest, ...returns];
          const r = irr(flows);
          if (isError(r)) return; // possible only if the root is outside the scanned range (-99.9994%, 1.6e5)
          const scale = flows.reduce((s, v) => s + Math.abs(v), 0);
          expect(Math.abs(num(presentValue(r, flows)))).toBeLessThanOrEqual(1e-9 * scale);
        },
      ),
    );
  });
});

describe('payback', () => {
  test('interpolates within the period: -100 then 30 a year pays back in 3 1/3 years', () => {
    expect(payback([-100, 30, 30, 30, 30])).toBeCloseTo(10 / 3, 14);
  });
  test('monthly periods: -120 then 10 a month pays back in exactly 1 year', () => {
    expect(payback([-120, ...Array(24).fill(10)], 12)).toBe(1);
  });
  test('never, when the cumulative cash is still negative at the end', () => {
    expect(payback([-100, 10, 10])).toBe('never');
    expect(payback([-100, 0, 0])).toBe('never');
  });
  test('nothing to recover: 0', () => {
    expect(payback([0, 10, 10])).toBe(0);
  });
  test('a later outlay that sends the cumulative cash negative again postpones the payback (last crossing)', () => {
    // cumulative: -100, -40, 20, -80, -20, 40: recovered for good during year 5, 20/60 into it
    expect(payback([-100, 60, 60, -100, 60, 60])).toBeCloseTo(4 + 20 / 60, 14);
  });
});

test('periodRate and annualRate are inverse and compound: (1.1)^(1/12) - 1 = 0.7974%', () => {
  expect(periodRate(0.1, 12)).toBeCloseTo(Math.pow(1.1, 1 / 12) - 1, 15);
  fc.assert(fc.property(fc.double({ min: -0.99, max: 10, noNaN: true }), (r) => {
    expect(annualRate(periodRate(r, 12), 12)).toBeCloseTo(r, 10);
  }));
});
