/**
 * The IRR's speed-ups change no result: src/core/cashflow.ts `irr` walks the grid outward from the guess
 * and takes its near-root signs in double-double (src/core/ddouble.ts) with an error bound, falling back
 * to decimal.js. `referenceIrr` below is the previous implementation, verbatim in method (a scan of the
 * whole grid, every near-root sign in decimal.js): on random flows, fixed seed (test/_setup/fast-check.ts),
 * the two return the same number bit for bit (tolerance 0), or the same error.
 * payback (taken in double-double with error bounds, decimal.js when unsure) equals `referencePayback`, the
 * previous decimal.js code, bit for bit.
 * presentValueNumber (WATT.PATHS' npv) equals presentValueDec(...).toNumber() bit for bit.
 * Also: ddFromDec reads decimal.js's representation within 1e-30 relative, and the double-double sign
 * equals decimal.js's sign wherever it clears its bound.
 */
import fc from 'fast-check';
import {
  boundedDec, boundedQuotient, boundedSum, decimalToNumber, irr, periodSumsBounded, nearestNumber, payback, Payback, presentValueBound, presentValueDec, presentValueNumber,
} from '../../src/core/cashflow';
import { ddFromDec, isNearestDouble, presentValueDD } from '../../src/core/ddouble';
import { D, Dec } from '../../src/core/decimal';
import { finite, isError, Messages, numError, Result } from '../../src/core/errors';

type Flow = number | Dec;
/** Decimals wide enough to hold any double of these tests exactly. */
const Wide = D.clone({ precision: 400 });
/** The exact value of a double, as a wide decimal (D(x) would take its shortest decimal instead). */
function exact(x: number): InstanceType<typeof Wide> {
  let m = x;
  let e = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    e++;
  }
  while (Math.abs(m) >= 2 ** 53) {
    m /= 2;
    e--;
  }
  // m is now an integer below 2^53: its shortest decimal is exact
  return new Wide(m).times(new Wide(2).pow(-e));
}
const GRID: readonly number[] = Array.from({ length: 1201 }, (_, i) => Math.expm1(-12 + i * 0.02));

function scanSign(rate: number, values: readonly number[]): number {
  const x = 1 / (1 + rate);
  let acc = 0;
  for (let i = values.length - 1; i >= 0; i--) acc = acc * x + values[i];
  return Number.isFinite(acc) ? Math.sign(acc) : NaN;
}

/** The IRR as src/core/cashflow.ts computed it before the speed-ups (git 509ce09). */
function referenceIrr(values: readonly Flow[], guess = 0.1): Result<number> {
  const nums = values.map((v) => (typeof v === 'number' ? v : v.toNumber()));
  if (nums.some((v) => !Number.isFinite(v))) return numError(Messages.notFinite('a cash flow'));
  const hasPositive = nums.some((v) => v > 0);
  const hasNegative = nums.some((v) => v < 0);
  if (!hasPositive || !hasNegative) return numError(Messages.noIrrOneSign(hasPositive ? '>= 0' : hasNegative ? '<= 0' : '0'));
  const signAt = (rate: number) => {
    const x = 1 / (1 + rate);
    let acc = 0;
    let abs = 0;
    for (let i = nums.length - 1; i >= 0; i--) {
      acc = acc * x + nums[i];
      abs = abs * x + Math.abs(nums[i]);
    }
    if (Number.isFinite(acc) && Number.isFinite(abs) && Math.abs(acc) > 1e-12 * abs) return Math.sign(acc);
    decimalSigns++;
    return presentValueDec(rate, values).cmp(0);
  };
  let decimalSigns = 0;
  let best: [number, number] | undefined;
  let bestDistance = Infinity;
  let prev = GRID[0];
  let prevSign = scanSign(prev, nums);
  for (let i = 1; i < GRID.length; i++) {
    const rate = GRID[i];
    const sign = scanSign(rate, nums);
    if (sign === 0 && signAt(rate) === 0) {
      if (Math.abs(rate - guess) < bestDistance) {
        best = [rate, rate];
        bestDistance = Math.abs(rate - guess);
      }
    } else if (!Number.isNaN(sign) && !Number.isNaN(prevSign) && sign * prevSign < 0) {
      const distance = rate < guess ? guess - rate : prev > guess ? prev - guess : 0;
      if (distance < bestDistance) {
        best = [prev, rate];
        bestDistance = distance;
      }
    }
    prev = rate;
    prevSign = sign;
  }
  if (!best) return numError(Messages.noIrrRoot());
  let [lo, hi] = best;
  if (lo === hi) return lo;
  const loSign = signAt(lo);
  for (let k = 0; k < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo)) && decimalSigns < 8; k++) {
    const mid = lo + (hi - lo) / 2;
    const s = signAt(mid);
    if (s === 0) return mid;
    if (s === loSign) lo = mid;
    else hi = mid;
  }
  return finite(lo + (hi - lo) / 2, 'IRR');
}

/** payback as src/core/cashflow.ts computed it before the speed-ups (git 509ce09): decimal.js throughout. */
function referencePayback(values: readonly Flow[], periodsPerYear = 1): Result<Payback> {
  if (values.some((v) => !(typeof v === 'number' ? Number.isFinite(v) : v.isFinite()))) return numError(Messages.notFinite('a cash flow'));
  const cumulative: Dec[] = [];
  let acc = D(0);
  for (const v of values) {
    acc = acc.plus(v);
    cumulative.push(acc);
  }
  if (cumulative.length === 0) return 0;
  if (cumulative[cumulative.length - 1].isNeg() && !cumulative[cumulative.length - 1].isZero()) return 'never';
  for (let k = cumulative.length - 1; k >= 1; k--) {
    if (cumulative[k - 1].lt(0) && cumulative[k].gte(0)) {
      const fraction = cumulative[k - 1].neg().div(D(values[k]));
      return fraction.plus(k - 1).div(periodsPerYear).toNumber();
    }
  }
  return cumulative[0].lt(0) ? 'never' : 0;
}

const same = (a: Result<number>, b: Result<number>) => {
  if (isError(b)) expect(a).toEqual(b);
  else expect(a).toBe(b); // bit for bit (toBe is Object.is)
};

/** A project's flows: an outlay, then monthly income of varied size, sign and digits, as decimals. */
const projectFlows = fc
  .record({
    outlay: fc.double({ min: 1e3, max: 5e9, noNaN: true }),
    months: fc.integer({ min: 2, max: 600 }),
    level: fc.double({ min: 1e-4, max: 0.2, noNaN: true }),
    wobble: fc.double({ min: 0, max: 3, noNaN: true }),
    seed: fc.integer({ min: 1, max: 1e6 }),
    divisor: fc.constantFrom(1, 3, 7, 12),
  })
  .map(({ outlay, months, level, wobble, seed, divisor }) => {
    const flows: Dec[] = [D(-outlay)];
    for (let k = 1; k <= months; k++) flows.push(D(outlay * level * (1 + wobble * Math.sin(seed + k * 1.7))).div(divisor));
    return flows;
  });

describe('irr after its speed-ups equals the previous irr bit for bit (fixed seed)', () => {
  test('project-like decimal flows up to 600 months, the guess of WATT.PATHS (10% a year, monthly)', () => {
    const guess = Math.expm1(Math.log1p(0.1) / 12);
    fc.assert(fc.property(projectFlows, (flows) => same(irr(flows, guess), referenceIrr(flows, guess))), { numRuns: 60 });
  });
  test('short number flows with any signs and guesses (several roots, none, roots near the guess)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 12 }),
        fc.double({ min: -0.9, max: 3, noNaN: true }),
        (flows, guess) => same(irr(flows, guess), referenceIrr(flows, guess)),
      ),
      { numRuns: 300 },
    );
  });
  test('integer flows with several sign changes, decimals, and guesses on the grid (ties)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 30 }),
        fc.integer({ min: 0, max: 1200 }),
        fc.boolean(),
        (ints, g, asDecimal) => {
          const flows: Flow[] = asDecimal ? ints.map((v) => D(v).div(7)) : ints;
          same(irr(flows, GRID[g]), referenceIrr(flows, GRID[g]));
        },
      ),
      { numRuns: 300 },
    );
  });
  test('a flow vector changed in place after a first call is read again (the words cache checks every element)', () => {
    const flows: Flow[] = [D(-1000), D(300), D(400), D(500)];
    same(irr(flows), referenceIrr(flows));
    expect(payback(flows)).toBe(referencePayback(flows));
    flows[2] = D(-100).div(3);
    same(irr(flows), referenceIrr(flows));
    expect(payback(flows)).toBe(referencePayback(flows));
    expect(presentValueNumber(0.05, flows)).toBe(presentValueDec(0.05, flows).toNumber());
  });
  test('integer flows beyond 2^53 (D(v) is their shortest decimal, not their binary value)', () => {
    for (const flows of [[-1e23, 3e22, 4e22, 5e22], [-(2 ** 60), 2 ** 59, 2 ** 59 + 2 ** 20, 2 ** 58]]) {
      same(irr(flows), referenceIrr(flows));
      expect(payback(flows)).toBe(referencePayback(flows));
      expect(presentValueNumber(0.07, flows)).toBe(presentValueDec(0.07, flows).toNumber());
    }
  });
  test('known roots on the grid and exactly at the guess: -100, 110 at 10%; -100, 230, -132 (roots 10% and 20%)', () => {
    for (const guess of [0.1, 0.05, 0.15, 0.2, 0.25]) {
      same(irr([-100, 110], guess), referenceIrr([-100, 110], guess));
      same(irr([-100, 230, -132], guess), referenceIrr([-100, 230, -132], guess));
    }
  });
});

describe('presentValueNumber equals the decimal.js present value as a number, bit for bit (fixed seed)', () => {
  test('project-like decimal flows up to 600 months at rates from -5% to 30% a period', () => {
    fc.assert(
      fc.property(projectFlows, fc.double({ min: -0.05, max: 0.3, noNaN: true }), (flows, rate) => {
        expect(presentValueNumber(rate, flows)).toBe(presentValueDec(rate, flows).toNumber());
      }),
      { numRuns: 200 },
    );
  });
  test('number flows (integers and not), a present value of 0 or near it (decimal.js asked)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 40 }), fc.double({ min: -0.5, max: 2, noNaN: true }), (flows, rate) => {
        expect(presentValueNumber(rate, flows)).toBe(presentValueDec(rate, flows).toNumber());
      }),
      { numRuns: 300 },
    );
    for (const [rate, flows] of [[0.1, [-100, 110]], [0, [D('0.1'), D('0.2'), D('-0.3')]], [0, [1, -1]], [0.5, [0]]] as [number, Flow[]][]) {
      expect(presentValueNumber(rate, flows)).toBe(presentValueDec(rate, flows).toNumber());
    }
  });
});

describe('bounded sums and quotients (WATT.FINANCE llcr and equity_npv) give decimal.js numbers when they give one (fixed seed)', () => {
  test('PV / debt and npv + PV as decimal.js computes them, bit for bit; almost always decided without decimal.js', () => {
    let decided = 0;
    fc.assert(
      fc.property(projectFlows, fc.double({ min: 0.001, max: 0.05, noNaN: true }), fc.double({ min: 1e3, max: 1e10, noNaN: true }), (flows, rate, other) => {
        const r = D(rate).div(12);
        const debt = D(other).div(7);
        const ratio = nearestNumber(boundedQuotient(presentValueBound(r, flows), boundedDec(debt)));
        if (ratio !== undefined) expect(ratio).toBe(presentValueDec(r, flows).div(debt).toNumber());
        const sum = nearestNumber(boundedSum(boundedDec(D(other)), presentValueBound(rate, flows)));
        if (sum !== undefined) expect(sum).toBe(D(other).plus(presentValueDec(rate, flows)).toNumber());
        if (ratio !== undefined && sum !== undefined) decided++;
      }),
      { numRuns: 150 },
    );
    expect(decided).toBeGreaterThan(140);
  });
  test('period sums (WATT.FINANCE equity_multiple): decimal.js sums within their bounds, signs certain, all-zero periods exactly 0', () => {
    fc.assert(
      fc.property(projectFlows, fc.integer({ min: 1, max: 12 }), fc.nat(24), (flows, step, zeros) => {
        const f = flows.map((v, k) => (k > 0 && k <= zeros ? D(0) : v));
        const ends = [0];
        for (let e = step; e < f.length - 1; e += step) ends.push(e);
        ends.push(f.length - 1);
        const b = periodSumsBounded(f, ends);
        expect(b).toBeDefined();
        b!.forEach(([h, l, err], p) => {
          let sum = D(0);
          for (let k = p === 0 ? 0 : ends[p - 1] + 1; k <= ends[p]; k++) if (!f[k].isZero()) sum = sum.plus(f[k]);
          expect(exact(h).plus(exact(l)).minus(sum.toString()).abs().toNumber()).toBeLessThanOrEqual(err);
          expect(Math.sign(h)).toBe(sum.cmp(0));
        });
      }),
      { numRuns: 100 },
    );
  });
  test('a quotient by (nearly) zero is left to decimal.js', () => {
    expect(boundedQuotient(boundedDec(D(1)), boundedDec(D(0)))).toBeUndefined();
    expect(boundedQuotient(presentValueBound(0, [D(-1), D(1)]), boundedDec(D(3)))).toBeUndefined();
  });
});

describe('payback after its speed-up equals the previous payback bit for bit (fixed seed)', () => {
  test('project-like decimal flows, monthly, with refresh outlays that send the cumulative cash negative again', () => {
    fc.assert(
      fc.property(projectFlows, fc.array(fc.tuple(fc.nat(), fc.double({ min: 0, max: 5, noNaN: true })), { maxLength: 4 }), fc.constantFrom(1, 2, 12), (flows, outlays, perYear) => {
        const f = flows.slice();
        for (const [at, size] of outlays) f[at % f.length] = f[at % f.length].minus(D(size).times(f[0].abs()).div(10));
        const r = payback(f, perYear);
        const ref = referencePayback(f, perYear);
        expect(r).toBe(ref);
      }),
      { numRuns: 200 },
    );
  });
  test('short flows with exact zeros of the cumulative cash (decimal.js asked), numbers and decimals', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -10, max: 10, noNaN: true })), { maxLength: 12 }), fc.boolean(), (raw, asDecimal) => {
        const flows: Flow[] = asDecimal ? raw.map((v) => D(v).div(3)) : raw;
        expect(payback(flows, 12)).toBe(referencePayback(flows, 12));
      }),
      { numRuns: 400 },
    );
    for (const flows of [[-100, 60, 40], [-100, 50, 50, -1, 1], [D('-0.3'), D('0.1'), D('0.2')], [0, 0], []] as Flow[][]) {
      expect(payback(flows, 1)).toBe(referencePayback(flows, 1));
    }
  });
});

describe('double-double', () => {
  test('ddFromDec: hi + lo within 1e-30 relative of the decimal (checked in decimal.js), hi its nearest double when isNearestDouble says so', () => {
    const out = new Float64Array(2);
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.double({ min: -1e-250, max: 1e-250, noNaN: true }), fc.double({ min: 1e200, max: 1e300, noNaN: true })), fc.integer({ min: 1, max: 97 }), (v, divisor) => {
        const x = D(v).div(divisor);
        // Below ~1e-290 the low word would be subnormal: ddFromDec declines (the IRR then asks decimal.js).
        const ok = ddFromDec(x, out);
        if (x.isZero() || x.abs().gt(1e-280)) expect(ok).toBe(true);
        if (!ok || x.isZero()) return;
        const back = exact(out[0]).plus(exact(out[1]));
        expect(back.minus(x.toString()).abs().div(x.abs().toString()).toNumber()).toBeLessThan(1e-30);
        if (isNearestDouble(out[0], out[1])) expect(out[0]).toBe(x.toNumber());
        expect(decimalToNumber(x)).toBe(x.toNumber());
      }),
      { numRuns: 500 },
    );
  });
  test('the double-double present value has decimal.js sign wherever it clears its bound', () => {
    const dd = new Float64Array(2);
    const pv = new Float64Array(3);
    fc.assert(
      fc.property(projectFlows, fc.double({ min: -0.05, max: 0.3, noNaN: true }), (flows, rate) => {
        const hi = new Float64Array(flows.length);
        const lo = new Float64Array(flows.length);
        flows.forEach((v, i) => {
          expect(ddFromDec(v, dd)).toBe(true);
          hi[i] = dd[0];
          lo[i] = dd[1];
        });
        expect(ddFromDec(D(1).div(D(rate).plus(1)), dd)).toBe(true);
        presentValueDD(hi, lo, flows.length, dd[0], dd[1], pv);
        const decimal = presentValueDec(rate, flows);
        // The sums agree to the bound (a relative 1e-29 n of the sum of |terms|, far below a dollar here)...
        expect(exact(pv[0]).plus(exact(pv[1])).minus(decimal.toString()).abs().toNumber()).toBeLessThanOrEqual(pv[2]);
        // ... so where the double-double clears it, the signs agree.
        if (Math.abs(pv[0]) > pv[2]) expect(Math.sign(pv[0])).toBe(decimal.cmp(0));
      }),
      { numRuns: 100 },
    );
  });
});
