/**
 * Double-double arithmetic (a value held as an unevaluated sum hi + lo of two doubles, ~32 significant
 * digits) for one job: the SIGN of a present value near an IRR, which the IRR's bisection used to
 * take in decimal.js (a 600-term Horner sum in 34-digit decimals, ~1 ms) and now takes here (~10 us),
 * with an error bound: when the double-double sum does not clear its bound, the caller falls back to
 * decimal.js, so the sign returned is always decimal.js's own.
 *
 * Error-free transformations: Knuth's TwoSum, Dekker's TwoProduct with Veltkamp's split (no FMA in
 * JavaScript). Products and sums of double-doubles as in Joldes, Muller and Popescu, "Tight and
 * rigorous error bounds for basic building blocks of double-word arithmetic" (ACM TOMS 44, 2017):
 * relative error of a product below 7u^2, of an (accurate) sum below 3u^2, u = 2^-53.
 *
 * Decimals are read from decimal.js's documented representation (decimal.js API, "Properties":
 * d, the digits in base 1e7; e, the base-10 exponent; s, the sign): the value is
 * s x sum_i d[i] x 10^(7 (floor(e / 7) - i)).
 */
import type { Dec } from './decimal';

const SPLITTER = 134217729; // 2^27 + 1

/** hi + lo <- a x b exactly (Dekker). Not finite when |a| or |b| is above ~1e300. */
function twoProd(a: number, b: number, out: Float64Array): void {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  out[0] = p;
  out[1] = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

const T = new Float64Array(2);

/** (h, l) x b, b a double: 2u^2 relative. */
function mulD(h: number, l: number, b: number, out: Float64Array): void {
  twoProd(h, b, T);
  const lo = T[1] + l * b;
  const s = T[0] + lo;
  out[0] = s;
  out[1] = lo - (s - T[0]);
}

/** (h, l) / b, b a double: a few u^2 relative. */
function divD(h: number, l: number, b: number, out: Float64Array): void {
  const q = h / b;
  twoProd(q, b, T);
  const r = ((h - T[0]) - T[1] + l) / b;
  const s = q + r;
  out[0] = s;
  out[1] = r - (s - q);
}

const W = new Float64Array(2);

/** The powers of ten exact in a double. */
const EXACT_TEN = Array.from({ length: 23 }, (_, i) => Math.pow(10, i));

/**
 * A decimal to a double-double (hi, lo) within ~4u^2 relative, written to out[0], out[1]; false (out
 * untouched) when the decimal is not finite or its double-double would overflow or underflow.
 */
export function ddFromDec(v: Dec, out: Float64Array): boolean {
  const d = (v as unknown as { d: number[] | null }).d;
  const e = (v as unknown as { e: number }).e;
  const sign = (v as unknown as { s: number }).s;
  if (!d) return false;
  if (d.length === 1 && d[0] === 0) {
    out[0] = 0;
    out[1] = 0;
    return true;
  }
  // The digits as an integer M = ((d0 x 1e7 + d1) x 1e7 + d2) ..., then M x 10^q.
  let h = d[0];
  let l = 0;
  for (let i = 1; i < d.length; i++) {
    mulD(h, l, 1e7, W);
    const s = W[0] + d[i];
    const err = d[i] - (s - W[0]); // exact: |d[i]| < 1e7 <= |W[0]|
    const lo = W[1] + err;
    h = s + lo;
    l = lo - (h - s);
  }
  let q = 7 * (Math.floor(e / 7) - (d.length - 1));
  while (q < 0) {
    const m = Math.min(-q, 22);
    divD(h, l, EXACT_TEN[m], W);
    h = W[0];
    l = W[1];
    q += m;
  }
  while (q > 0) {
    const m = Math.min(q, 22);
    mulD(h, l, EXACT_TEN[m], W);
    h = W[0];
    l = W[1];
    q -= m;
  }
  // Below ~1e-290 the low word is subnormal and the relative accuracy is lost.
  if (!Number.isFinite(h) || !Number.isFinite(l) || !(Math.abs(h) >= 1e-290)) return false;
  out[0] = sign * h;
  out[1] = sign * l;
  return true;
}

const VIEW = new DataView(new ArrayBuffer(8));

/**
 * True when h is the double nearest every value within err of h + l (round to nearest, as decimal.js's
 * toNumber), with a margin of 1e-6 of half a spacing for the error of (h, l) itself; false when unsure
 * (the caller then asks decimal.js). h normal, |l| <= half an ulp of h (a normalised double-double).
 */
export function isNearestDouble(h: number, l: number, err = 0): boolean {
  if (l === 0 && err === 0) return true;
  VIEW.setFloat64(0, h);
  const high = VIEW.getUint32(0);
  const exponent = (high >>> 20) & 0x7ff;
  if (exponent <= 53 || exponent === 0x7ff) return false;
  const isPowerOfTwo = (high & 0xfffff) === 0 && VIEW.getUint32(4) === 0;
  VIEW.setUint32(0, (exponent - 52) << 20);
  VIEW.setUint32(4, 0);
  const ulp = VIEW.getFloat64(0); // 2^(exponent - 1075)
  // Toward zero from a power of two the doubles are twice as dense.
  const spacing = isPowerOfTwo && (l < 0) !== (h < 0) ? ulp / 2 : ulp;
  return Math.abs(l) + err < (spacing / 2) * (1 - 1e-6);
}

/**
 * Present value sum_k (vh[k] + vl[k]) x^k in double-double by Horner's rule, x = (xh + xl), and a bound
 * on its error, out[0] = hi, out[1] = lo, out[2] = bound. The bound covers this sum's rounding
 * (< 10 u^2 n A with A = sum_k |v_k| x^k), that of x (< 11 u^2 n A: 1 / (1 + rate) in double-double)
 * and of the flows as double-doubles (< 4 u^2 A), and that of decimal.js's own 34-digit Horner sum
 * (< 10^-33 n A), with a factor of 25 to spare: 1e-29 n A, A taken in doubles (relative error below n u).
 */
export function presentValueDD(vh: Float64Array, vl: Float64Array, n: number, xh: number, xl: number, out: Float64Array): void {
  let h = 0;
  let l = 0;
  let abs = 0;
  for (let k = n - 1; k >= 0; k--) {
    // (h, l) x (xh, xl)
    const p = h * xh;
    let t = SPLITTER * h;
    const ah = t - (t - h);
    const al = h - ah;
    t = SPLITTER * xh;
    const bh = t - (t - xh);
    const bl = xh - bh;
    let pl = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    pl += h * xl + l * xh;
    let mh = p + pl;
    let ml = pl - (mh - p);
    // + (vh[k], vl[k]), the accurate sum
    const bhi = vh[k];
    const blo = vl[k];
    const s = mh + bhi;
    const bb = s - mh;
    let se = (mh - (s - bb)) + (bhi - bb);
    const tt = ml + blo;
    const tb = tt - ml;
    const te = (ml - (tt - tb)) + (blo - tb);
    se += tt;
    mh = s + se;
    ml = se - (mh - s);
    ml += te;
    h = mh + ml;
    l = ml - (h - mh);
    abs = abs * xh + Math.abs(bhi);
  }
  out[0] = h;
  out[1] = l;
  out[2] = 1e-29 * n * abs;
}

/** (ah, al) + (bh, bl), the accurate sum (relative error below 3u^2), to out[0], out[1]. */
export function ddAdd(ah: number, al: number, bh: number, bl: number, out: Float64Array): void {
  const s = ah + bh;
  const bb = s - ah;
  let se = (ah - (s - bb)) + (bh - bb);
  const t = al + bl;
  const tb = t - al;
  const te = (al - (t - tb)) + (bl - tb);
  se += t;
  let h = s + se;
  let l = se - (h - s);
  l += te;
  const r = h + l;
  out[0] = r;
  out[1] = l - (r - h);
}

/** (ah, al) / (bh, bl) within a few u^2 relative, to out[0], out[1]. */
export function ddDiv(ah: number, al: number, bh: number, bl: number, out: Float64Array): void {
  const q1 = ah / bh;
  // remainder a - q1 b, exactly but for the low words' products
  twoProd(q1, bh, T);
  const r = (((ah - T[0]) - T[1]) + al - q1 * bl) / bh;
  const h = q1 + r;
  out[0] = h;
  out[1] = r - (h - q1);
}

/** (h, l) / b, b a double (exported for the payback's last step). */
export function ddDivDouble(h: number, l: number, b: number, out: Float64Array): void {
  divD(h, l, b, out);
}
