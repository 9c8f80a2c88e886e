/**
 * Discounted cash-flow metrics over periodic cash flows: NPV, IRR and payback. Sums are taken in
 * decimal.js (`D`, 34 significant digits) by Horner's rule in the discount factor x = 1 / (1 + rate),
 * so a long monthly series (600 flows) loses no digits and needs no powers.
 *
 * Speed without a changed digit: where a caller needs a sum only as a number or a sign (irr's signs
 * near its root, WATT.PATHS' npv, payback, WATT.FINANCE's llcr, equity npv and multiple), it is taken in
 * double-double arithmetic (src/core/ddouble.ts, ~32 digits, ~100 times faster than decimal.js here)
 * with an error bound that also covers decimal.js's own rounding: when one double (or one sign) is
 * possible within the bound, it is decimal.js's; otherwise decimal.js computes it. The results are
 * those of the decimal.js code bit for bit (test/core/cashflow-fast.test.ts compares them on random
 * flows, fixed seed); the decimals a caller keeps (a schedule's rows, a debt) are still decimal.js's.
 *
 * Conventions (as Excel's):
 *   npv(rate, v1..vn)      = sum v_i / (1 + rate)^i, i = 1..n: the FIRST value is one period out
 *                            (Microsoft Support, "NPV function").
 *   presentValue(rate, v0..vn) = sum v_i / (1 + rate)^i, i = 0..n: v0 is at time 0 (undiscounted).
 *   irr(v0..vn)            = the rate r > -1 with presentValue(r, v) = 0 (Microsoft Support, "IRR
 *                            function"), per period of the flows.
 *   payback(v0..vn, k)     = years until the cumulative cash turns non-negative for good (k periods a year).
 */
import { ddAdd, ddDiv, ddDivDouble, ddFromDec, isNearestDouble, presentValueDD } from './ddouble';
import { D, Dec } from './decimal';
import { finite, Messages, numError, Result } from './errors';

export type Flow = number | Dec;

/** Present value at time 0 of flows v_0..v_n at periods 0..n: Horner's rule, (...(v_n x + v_{n-1}) x + ...) x + v_0. */
export function presentValueDec(rate: number | Dec, values: readonly Flow[]): Dec {
  const x = D(1).div(D(rate).plus(1));
  let acc = D(0);
  for (let i = values.length - 1; i >= 0; i--) acc = acc.times(x).plus(values[i]);
  return acc;
}

const DD = new Float64Array(2);
const PV = new Float64Array(3);

/**
 * A value known within a bound: hi + lo (a double-double) and err, |exact - (hi + lo)| <= err, where
 * "exact" may be any result decimal.js gives for the same expression (err covers its 34-digit rounding,
 * a relative 1e-33 an operation, by far). The speed-ups below compute in double-double and return
 * decimal.js's number only when one double is possible within err (`nearestNumber`).
 */
export type Bounded = [hi: number, lo: number, err: number];

/** Present value as presentValueDec(rate, values) computes it, within a bound; undefined when it cannot say. */
export function presentValueBound(rate: number | Dec, values: readonly Flow[]): Bounded | undefined {
  const { hi, lo, ok } = flowWords(values);
  if (!ok || !discountFactor(rate, DD)) return undefined;
  presentValueDD(hi, lo, values.length, DD[0], DD[1], PV);
  return Number.isFinite(PV[0]) && Number.isFinite(PV[2]) ? [PV[0], PV[1], PV[2]] : undefined;
}

/** Flows as words: hi the double decimal.js's toNumber gives, lo the rest (hi + lo within 4u^2 of the decimal). */
export interface FlowWords {
  hi: Float64Array;
  lo: Float64Array;
  /** false when some flow has no double-double (not finite, or beyond the doubles' range): lo is then not usable. */
  ok: boolean;
}

/** The words of the last flow vectors read, checked element by element (a vector changed since is read again). */
const wordsCache = new WeakMap<readonly Flow[], { refs: Flow[]; words: FlowWords }>();

/**
 * A flow vector's words, each flow read once however many of irr, payback and the present values read
 * the same vector. A number stands for D(number), its shortest decimal, as decimal.js's sums take it.
 */
export function flowWords(values: readonly Flow[]): FlowWords {
  const n = values.length;
  const cached = wordsCache.get(values);
  if (cached && cached.refs.length === n && cached.refs.every((v, i) => v === values[i])) return cached.words;
  const hi = new Float64Array(n);
  const lo = new Float64Array(n);
  let ok = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 2 ** 53) {
      hi[i] = v;
      continue;
    }
    const dec = typeof v === 'number' ? D(v) : v;
    if (ddFromDec(dec, DD)) {
      if (typeof v === 'number') hi[i] = v;
      else if (isNearestDouble(DD[0], DD[1])) hi[i] = DD[0];
      else hi[i] = dec.toNumber();
      lo[i] = (DD[0] - hi[i]) + DD[1];
    } else {
      hi[i] = typeof v === 'number' ? v : v.toNumber();
      ok = false;
    }
  }
  const words = { hi, lo, ok };
  wordsCache.set(values, { refs: values.slice(), words });
  return words;
}

/**
 * x = 1 / (1 + rate) as a double-double (within ~11u^2 of the x of presentValueDec, which takes D(rate):
 * a number's shortest decimal), to out; false when it cannot.
 */
function discountFactor(rate: number | Dec, out: Float64Array): boolean {
  if (!ddFromDec(typeof rate === 'number' ? D(rate) : rate, out)) {
    if (rate !== 0) return false;
    out[0] = 0;
    out[1] = 0;
  }
  ddAdd(1, 0, out[0], out[1], out);
  if (!(out[0] > 0)) return false;
  ddDiv(1, 0, out[0], out[1], out);
  return Number.isFinite(out[0]) && Number.isFinite(out[1]);
}

/** A decimal within a bound (its double-double, 4u^2 relative, taken as 1e-30). */
export function boundedDec(v: Dec): Bounded | undefined {
  return ddFromDec(v, DD) ? [DD[0], DD[1], 1e-30 * Math.abs(DD[0])] : undefined;
}

/** a + b within a bound (the sum's rounding, in double-double or in decimal.js, below 1e-30 of |a| + |b|). */
export function boundedSum(a: Bounded | undefined, b: Bounded | undefined): Bounded | undefined {
  if (!a || !b) return undefined;
  ddAdd(a[0], a[1], b[0], b[1], DD);
  return [DD[0], DD[1], a[2] + b[2] + 1e-30 * (Math.abs(a[0]) + Math.abs(b[0]))];
}

/** a / b within a bound; undefined when a or b is not clear of 0 by far (their relative errors would not be small). */
export function boundedQuotient(a: Bounded | undefined, b: Bounded | undefined): Bounded | undefined {
  if (!a || !b || !(Math.abs(a[0]) > 1e10 * a[2]) || !(Math.abs(b[0]) > 1e10 * b[2])) return undefined;
  ddDiv(a[0], a[1], b[0], b[1], DD);
  const relative = (a[2] / Math.abs(a[0])) * 1.001 + (b[2] / Math.abs(b[0])) * 1.001 + 1e-30;
  return Number.isFinite(DD[0]) ? [DD[0], DD[1], Math.abs(DD[0]) * relative] : undefined;
}

/** v.toNumber(), the same double, without decimal.js's string conversion when its double-double says which. */
export function decimalToNumber(v: Dec): number {
  return ddFromDec(v, DD) && isNearestDouble(DD[0], DD[1]) ? DD[0] : v.toNumber();
}

/**
 * Sums of flows by period, (0 at index 0), then (ends[p-1], ends[p]], as decimal.js sums them, each
 * within a bound that leaves its sign certain: a period whose flows are all 0 sums to exactly 0 (bound
 * 0); undefined when some other sum is not clear of 0 by its bound (the caller then sums in decimal.js).
 */
export function periodSumsBounded(values: readonly Flow[], ends: readonly number[]): Bounded[] | undefined {
  const { hi, lo, ok } = flowWords(values);
  if (!ok) return undefined;
  const out: Bounded[] = [[hi[0], lo[0], 1e-30 * Math.abs(hi[0])]];
  for (let p = 1; p < ends.length; p++) {
    let h = 0;
    let l = 0;
    let size = 0;
    let count = 0;
    for (let k = ends[p - 1] + 1; k <= ends[p]; k++) {
      if (hi[k] === 0 && lo[k] === 0) continue;
      ddAdd(h, l, hi[k], lo[k], DD);
      h = DD[0];
      l = DD[1];
      size = Math.max(size, Math.abs(h), Math.abs(hi[k]));
      count++;
    }
    const err = 1e-30 * count * size;
    if (count > 0 && !(Math.abs(h) > err)) return undefined;
    if (!Number.isFinite(h)) return undefined;
    out.push([h, l, err]);
  }
  return out;
}

/** The double nearest every value within the bound (so decimal.js's toNumber of its result), or undefined. */
export function nearestNumber(x: Bounded | undefined): number | undefined {
  return x && Number.isFinite(x[0]) && Number.isFinite(x[2]) && isNearestDouble(x[0], x[1], x[2]) ? x[0] : undefined;
}

/**
 * presentValueDec(rate, values).toNumber(), the same number bit for bit, faster: the sum is taken in
 * double-double (src/core/ddouble.ts) with an error bound that also covers decimal.js's own rounding,
 * and when every value within that bound rounds to one double, that double is decimal.js's; otherwise
 * (about once in 10^10 sums) decimal.js is asked.
 */
export function presentValueNumber(rate: number | Dec, values: readonly Flow[]): number {
  return nearestNumber(presentValueBound(rate, values)) ?? presentValueDec(rate, values).toNumber();
}

/**
 * Present value at time 0 of flows v_0..v_n (v_0 undiscounted), rate per period > -1.
 *   rate <= -1 → #NUM! (the discount factor is infinite or negative)
 */
export function presentValue(rate: number, values: readonly Flow[]): Result<number> {
  if (!(rate > -1)) return numError(Messages.notFinite('the present value at a rate of -100% or less'));
  return finite(presentValueDec(rate, values).toNumber(), 'the present value');
}

/** Excel's NPV: every value is discounted, the first by one period. */
export function npv(rate: number, values: readonly Flow[]): Result<number> {
  return presentValue(rate, [0, ...values]);
}

/** Sign of the present value at a rate, computed in numbers for a quick scan (NaN when it overflows). */
function scanSign(rate: number, values: ArrayLike<number>): number {
  const x = 1 / (1 + rate);
  let acc = 0;
  for (let i = values.length - 1; i >= 0; i--) acc = acc * x + values[i];
  return Number.isFinite(acc) ? Math.sign(acc) : NaN;
}

/**
 * The grid the IRR scan brackets roots on: r = e^t - 1 for t from -12 to 12 in steps of 0.02 (rates
 * from -99.9994% to 1.6 x 10^5 per period), denser than any two roots of a real cash-flow series
 * are apart in practice; 0 is on the grid.
 */
const GRID: readonly number[] = Array.from({ length: 1201 }, (_, i) => Math.expm1(-12 + i * 0.02));

/**
 * Internal rate of return per period of flows v_0..v_n (v_0 at time 0), by bracketing and bisection:
 *   1. No sign change among the flows → #NUM! (Descartes: no rate > -1 makes the present value 0).
 *   2. Scan the present value on GRID for sign changes; each change brackets a root. None → #NUM!.
 *   3. Of the brackets, take the one whose root is nearest the guess (Excel's IRR also converges to
 *      the root near its guess, default 10%), and bisect it: signs in numbers while the sum clears its
 *      rounding error by far, in decimal.js near the root, to 1e-15 relative or 8 decimal steps.
 * A root exactly on the grid is returned as is. Flows with several sign changes can have several
 * IRRs: the one nearest the guess is returned, as in Excel.
 *
 * Speed, without changing the result: the scan walks the grid outward from the guess and stops as
 * soon as no unvisited bracket can be nearer than one found (the same bracket as a scan of the whole
 * grid, ties to the lower rate); and a "decimal" sign is first taken in double-double arithmetic
 * (src/core/ddouble.ts) with an error bound, decimal.js only when that sum does not clear its bound,
 * so every sign is decimal.js's own (test/core/cashflow.test.ts checks both against the plain scan
 * and decimal signs on random flows).
 */
export function irr(values: readonly Flow[], guess = 0.1): Result<number> {
  const n = values.length;
  const { hi: nums, lo: low, ok: ddUsable } = flowWords(values);
  if (nums.some((v) => !Number.isFinite(v))) return numError(Messages.notFinite('a cash flow'));
  const hasPositive = nums.some((v) => v > 0);
  const hasNegative = nums.some((v) => v < 0);
  if (!hasPositive || !hasNegative) {
    return numError(Messages.noIrrOneSign(hasPositive ? '>= 0' : hasNegative ? '<= 0' : '0'));
  }
  // The sign decimal.js gives: the double-double sum when it clears its error bound, else decimal.js.
  const decimalSign = (rate: number): number => {
    if (ddUsable && discountFactor(rate, DD)) {
      presentValueDD(nums, low, n, DD[0], DD[1], PV);
      if (Number.isFinite(PV[0]) && Number.isFinite(PV[2]) && Math.abs(PV[0]) > PV[2]) return Math.sign(PV[0]);
    }
    return presentValueDec(rate, values).cmp(0);
  };
  // Sign of the present value: in numbers when the sum clears its rounding bound by far (a relative
  // 1e-12 of the sum of |terms|), else as decimal.js gives it, so bisection near the root stays exact.
  const signAt = (rate: number) => {
    const x = 1 / (1 + rate);
    let acc = 0;
    let abs = 0;
    for (let i = n - 1; i >= 0; i--) {
      acc = acc * x + nums[i];
      abs = abs * x + Math.abs(nums[i]);
    }
    if (Number.isFinite(acc) && Number.isFinite(abs) && Math.abs(acc) > 1e-12 * abs) return Math.sign(acc);
    decimalSigns++;
    return decimalSign(rate);
  };
  // Bisection stops at 1e-15 relative, or after 8 signs taken in decimal (each halves a bracket already
  // within ~1e-12 of the root in present value: the rate is then known to about 1e-14).
  let decimalSigns = 0;
  // Grid item i (1..G-1): the point GRID[i] when the present value is 0 there, else the bracket
  // (GRID[i-1], GRID[i]) when the sign changes across it. Its distance from the guess is at least
  // bound(i) (the bracket's distance: 0 when it holds the guess), which falls then rises with i.
  const G = GRID.length;
  const signs = new Float64Array(G).fill(2); // 2: not computed yet
  const signOf = (i: number) => {
    if (signs[i] === 2) signs[i] = scanSign(GRID[i], nums);
    return signs[i];
  };
  const bound = (i: number) => (GRID[i] < guess ? guess - GRID[i] : GRID[i - 1] > guess ? GRID[i - 1] - guess : 0);
  let bestIndex = -1;
  let best: [number, number] | undefined;
  let bestDistance = Infinity;
  const visit = (i: number) => {
    const rate = GRID[i];
    const sign = signOf(i);
    let distance = Infinity;
    let bracket: [number, number] | undefined;
    if (sign === 0 && signAt(rate) === 0) {
      distance = Math.abs(rate - guess);
      bracket = [rate, rate];
    } else {
      const prevSign = signOf(i - 1);
      if (!Number.isNaN(sign) && !Number.isNaN(prevSign) && sign * prevSign < 0) {
        distance = bound(i);
        bracket = [GRID[i - 1], rate];
      }
    }
    if (bracket && (distance < bestDistance || (distance === bestDistance && i < bestIndex))) {
      best = bracket;
      bestDistance = distance;
      bestIndex = i;
    }
  };
  let up = 1;
  while (up < G && GRID[up] < guess) up++;
  let down = up - 1;
  // Visit in order of bound (ties: the lower index first) while an item could still be nearer.
  for (;;) {
    const bDown = down >= 1 ? bound(down) : Infinity;
    const bUp = up < G ? bound(up) : Infinity;
    const next = Math.min(bDown, bUp);
    if (next === Infinity || next > bestDistance) break;
    if (bDown <= bUp) visit(down--);
    else visit(up++);
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

/** A payback period in years, or 'never' when the cumulative cash is still negative at the end. */
export type Payback = number | 'never';

/**
 * Payback in years of flows v_0..v_n at periods 0..n, with `periodsPerYear` periods a year.
 * Truth table (C_k = v_0 + ... + v_k, the cumulative cash):
 *   a flow not finite              → #NUM!
 *   C_n < 0                        → 'never' (the horizon ends before the investment is recovered)
 *   C_k >= 0 for every k           → 0 (nothing to recover)
 *   else, k = the last period with C_(k-1) < 0 <= C_k → (k - 1 + (-C_(k-1)) / v_k) / periodsPerYear:
 *     the cash of period k is taken to arrive evenly through the period (linear interpolation), and the
 *     LAST crossing is taken, so a later outlay (a refresh of machines) that sends the cumulative cash
 *     negative again postpones the payback.
 * Sums in decimal.js.
 */
export function payback(values: readonly Flow[], periodsPerYear = 1): Result<Payback> {
  if (values.some((v) => !(typeof v === 'number' ? Number.isFinite(v) : v.isFinite()))) return numError(Messages.notFinite('a cash flow'));
  const fast = paybackDD(values, periodsPerYear);
  if (fast !== undefined) return fast;
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

/**
 * payback's result as its decimal.js sums give it, taken in double-double: every cumulative sum whose
 * sign is read clears its error bound (a relative 1e-30 x (k + 1) of the largest |C_j| or |v_j| so far,
 * which covers this sum's rounding and that of decimal.js's 34 digits, ~100 times over), and the
 * interpolated result leaves one double possible within its own bound; else undefined, and payback
 * takes the decimal.js path.
 */
function paybackDD(values: readonly Flow[], periodsPerYear: number): Payback | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  const { hi: vh, lo: vl, ok } = flowWords(values);
  if (!ok) return undefined;
  const ch = new Float64Array(n);
  const err = new Float64Array(n);
  let h = 0;
  let l = 0;
  let size = 0;
  for (let k = 0; k < n; k++) {
    ddAdd(h, l, vh[k], vl[k], DD);
    h = DD[0];
    l = DD[1];
    size = Math.max(size, Math.abs(h), Math.abs(vh[k]));
    ch[k] = h;
    err[k] = 1e-30 * (k + 1) * size;
    if (!Number.isFinite(h) || !Number.isFinite(err[k])) return undefined;
  }
  // The last j with C_j < 0 (every C after it >= 0), each sign certain.
  let j = n - 1;
  for (; j >= 0; j--) {
    if (!(Math.abs(ch[j]) > err[j])) return undefined;
    if (ch[j] < 0) break;
  }
  if (j === n - 1) return 'never';
  if (j < 0) return 0;
  // C_j again with its low word: the cumulative sum to j
  h = 0;
  l = 0;
  for (let k = 0; k <= j; k++) {
    ddAdd(h, l, vh[k], vl[k], DD);
    h = DD[0];
    l = DD[1];
  }
  const k = j + 1;
  ddDiv(-h, -l, vh[k], vl[k], DD); // the fraction of period k: -C_j / v_k
  const q = DD[0];
  ddAdd(DD[0], DD[1], k - 1, 0, DD);
  ddDivDouble(DD[0], DD[1], periodsPerYear, DD);
  const relative = err[j] / Math.abs(h) + 2e-30;
  const bound = (Math.abs(q) * relative + (Math.abs(q) + k) * 2e-30) / periodsPerYear + Math.abs(DD[0]) * 2e-30;
  return Number.isFinite(DD[0]) && isNearestDouble(DD[0], DD[1], bound) ? DD[0] : undefined;
}

/** Effective rate per period equivalent to an annual rate, k periods a year: (1 + annual)^(1/k) - 1. */
export function periodRate(annualRate: number, periodsPerYear: number): number {
  return Math.expm1(Math.log1p(annualRate) / periodsPerYear);
}

/** Annual rate equivalent to a rate per period, k periods a year: (1 + r)^k - 1. */
export function annualRate(rate: number, periodsPerYear: number): number {
  return Math.expm1(Math.log1p(rate) * periodsPerYear);
}
