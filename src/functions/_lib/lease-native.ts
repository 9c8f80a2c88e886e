/**
 * The closed forms of the lease functions in Excel's own functions (native mode, src/xlsx): the NPV of a
 * lease's monthly NOI (WATT.LEASENPV, and inside WATT.LEASEVALUE). Not a declaration module: nothing
 * here is a WATT function.
 */

/**
 * WATT.LEASENPV's closed form (its derivation: above leasenpvNative in src/functions/conversion.ts) over checked argument texts (atoms: a literal, a reference, or a
 * defaulted reference), shared by WATT.LEASEVALUE's native form (src/functions/valuation.ts).
 */
export function leaseNpvExpression(cap: string, rent: string, term: string, rate: string, esc: string, margin: string, prepay: string): string {
  const months = `12*${term}`;
  const whole = `INT(${months}+1E-9)`;
  const stub = `IF(${months}-${whole}<1E-9,0,${months}-${whole})`;
  const years = `INT(${whole}/12)`;
  const q = `MOD(${whole},12)`;
  const tail = `(${q}+${stub})`; // months after the last whole year, M - 12Y
  const hasTail = `(${months}-12*${years}>=1E-9)`; // tail > 0, as 1 or 0 (TRUE or FALSE)
  const le = `LN(1+${esc})`;
  const d = `(LN(1+${rate})/12)`;
  // LN(g) - 12d as one logarithm of the ratio: as accurate (the ratio is rounded once) and half as long.
  const lambda = `LN((1+${esc})/(1+${rate}))`;
  const logBase = `LN(${rent})+LN(1000*${cap})`;
  // sum_{j=1..n} e^(-j d) = e^(-d) x sum_{k<n} e^(-k d)
  const inArrears = (n: string) => `EXP(-${d}+(${n}-1)*MAX(-${d},0))*${expSum(`ABS(${d})`, n)}`;
  // The last contract year that pays anything, from 0: Y - 1, or Y when the term has a tail. G and S
  // are B e^(last x max(x, 0)) times sums of at most 12Y + 12 terms (x = LN g for G, lambda for S).
  const last = `(${years}-1+${hasTail})`;
  // sum_{y<Y} year(y) e^(y x) + e^(Y x) tailAmount, over e^(last x max(x, 0)); year = 12, or A for S
  const scaledSum = (x: string, year: string, tailAmount: string) =>
    `(${year}*EXP(-${hasTail}*MAX(${x},0))*${expSum(`ABS(${x})`, years)}+EXP(${years}*MIN(${x},0)+(1-${hasTail})*MAX(${x},0))*${tailAmount})`;
  const gScaled = scaledSum(le, '12', tail);
  const sScaled = scaledSum(lambda, inArrears('12'), `(${inArrears(q)}+${stub}*EXP(-${tail}*${d}))`);
  const prepaid = `IF(${prepay}=0,0,EXP(LN(${prepay})+${logBase}+${last}*MAX(${le},0))*${gScaled})`;
  const monthly = `IF(${margin}=${prepay},0,SIGN(${margin}-${prepay})*EXP(LN(ABS(${margin}-${prepay}))+${logBase}+${last}*MAX(${lambda},0))*${sScaled})`;
  return `IF(${rent}=0,0,${prepay === '0' ? '' : `${prepaid}+`}${monthly})`;
}

/**
 * sum_{k=0..n-1} e^(-k mu) = (1 - e^(-n mu)) / (1 - e^(-mu)) for mu >= 0 and a whole n >= 0, in Excel's
 * functions (mu and n are atoms, repeated: Excel 2010 has no LET). Both differences are written as
 * expm1(-x) = -x (u - 1) / LN(u) with u = EXP(-x), Kahan's trick: the rounding of u cancels between
 * u - 1 and LN(u), so the ratio keeps its digits as mu goes to 0 where 1 - EXP(-mu) would lose them.
 *   n mu < 1E-10    n (1 - (n - 1) mu / 2)   (a zero rate, a ratio of 1, n = 0; error below (n mu)^2)
 *   n mu > 40       1 / (1 - EXP(-mu))       (e^-40 < 2^-57; EXP(-n mu) would underflow)
 *   otherwise       n x [(u_n - 1) / LN(u_n)] / [(u_1 - 1) / LN(u_1)],  u_k = EXP(-k mu)
 * In the last branch mu >= 1E-12, so u_1 - 1 is no difference Excel or LibreOffice rounds to 0.
 */
function expSum(mu: string, n: string): string {
  const nmu = `${n}*${mu}`;
  return `IF(${nmu}<1E-10,${n}*(1-(${n}-1)*${mu}/2),IF(${nmu}>40,1/(1-EXP(-${mu})),${n}*(EXP(-${nmu})-1)/LN(EXP(-${nmu}))*LN(EXP(-${mu}))/(EXP(-${mu})-1)))`;
}
