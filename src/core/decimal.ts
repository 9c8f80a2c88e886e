/**
 * decimal.js, configured once for cash-flow sums (lease NPV, paths, projection totals). `Decimal.clone`
 * gives an independent constructor: nobody calls the global `Decimal.set`. 34 significant digits
 * (IEEE 754 decimal128) with banker's rounding; results convert to numbers at the edge (`toNumber`).
 */
import Decimal from 'decimal.js';

export const D = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -30, toExpPos: 30 });
export type Dec = InstanceType<typeof D>;
