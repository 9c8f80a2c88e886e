/**
 * WATT conversion-economics functions: what a mining site earns once converted to an AI/HPC data
 * center, as a leased powered shell or as a GPU cloud, and the cost of attacking the network it left.
 * Units: capacity MW of critical IT; rent USD per kW of critical IT per month; rates annual decimals
 * (0.08 = 8%); money USD; PUE = site power / IT power.
 */
import * as attack from '../core/attack';
import * as cloud from '../core/cloud';
import * as lease from '../core/lease';
import { P } from '../core/params';
import { run } from './_lib/run';
import { nativeForm } from './_lib/native';
import { leaseNpvExpression } from './_lib/lease-native';

/**
 * Average rent implied by a contract: value / term / (capacity x 1000) / 12. Use the capacity on its stated basis: rent per kW of gross power is lower than per kW of critical IT by the PUE.
 * @customfunction IMPLIEDRENT
 * @param contract_value Total contract value in USD (sum of rents over the term), >= 0.
 * @param term Term in years, > 0 and <= 100.
 * @param capacity Contracted capacity in MW of critical IT, > 0.
 * @returns USD per kW per month, averaged over the term.
 * @example =WATT.IMPLIEDRENT(3000000000, 10, 168)
 */
export function impliedrent(contract_value: number, term: number, capacity: number): number {
  return run(lease.impliedRent, [P.contract_value, P.term, P.capacity], contract_value, term, capacity);
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const impliedrentNative = nativeForm([P.contract_value, P.term, P.capacity], (v, t, c) => `${v}/${t}/(${c}*1000)/12`);

/**
 * Lease revenue per MWh of site power at full contracted load: rent x 12 x 1000 / (8760 x pue).
 * @customfunction LEASEREVPERMWH
 * @param rent Rent in USD per kW of critical IT per month, >= 0.
 * @param [pue] Power usage effectiveness (site power / IT power), 1 to 3. Default 1 (per MWh of IT energy).
 * @returns USD per MWh of site power.
 * @example =WATT.LEASEREVPERMWH(150, 1.3)
 */
export function leaserevpermwh(rent: number, pue?: number): number {
  return run(lease.leaseRevenuePerMwh, [P.rent, P.pue], rent, pue);
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const leaserevpermwhNative = nativeForm([P.rent, P.pue], (r, pue) => `${r}*12*1000/(8760*${pue})`);

/**
 * GPU-cloud revenue per MWh of site power: gpu_hour_price x utilization / kw_per_gpu x 1000 / pue.
 * @customfunction CLOUDREVPERMWH
 * @param gpu_hour_price Price of a GPU-hour in USD, >= 0.
 * @param kw_per_gpu IT power per GPU in kW, including its share of the server and network, > 0 (e.g. 1.4 for H100-class).
 * @param [utilization] Fraction of hours billed, 0 to 1. Default 1.
 * @param [pue] Power usage effectiveness (site power / IT power), 1 to 3. Default 1.
 * @returns USD per MWh of site power.
 * @example =WATT.CLOUDREVPERMWH(2.2, 1.4, 0.85, 1.3)
 */
export function cloudrevpermwh(gpu_hour_price: number, kw_per_gpu: number, utilization?: number, pue?: number): number {
  return run(cloud.cloudRevenuePerMwh, [P.gpu_hour_price, P.kw_per_gpu, P.utilization, P.pue], gpu_hour_price, kw_per_gpu, utilization, pue);
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const cloudrevpermwhNative = nativeForm([P.gpu_hour_price, P.kw_per_gpu, P.utilization, P.pue], (g, k, u, pue) => `${g}*${u}/${k}*(1000/${pue})`);

/**
 * GPU-hour price implied by a revenue run-rate: annual_revenue / (gpus x 8760 x utilization).
 * @customfunction GPUHOURRATE
 * @param annual_revenue Annualized revenue in USD per year, >= 0.
 * @param gpus Number of GPUs, > 0.
 * @param [utilization] Fraction of hours billed, > 0 and <= 1. Default 1 (average over all hours).
 * @returns USD per GPU-hour.
 * @example =WATT.GPUHOURRATE(500000000, 23000)
 */
export function gpuhourrate(annual_revenue: number, gpus: number, utilization?: number): number {
  return run(cloud.gpuHourRate, [P.annual_revenue, P.gpus, P.utilization_divisor], annual_revenue, gpus, utilization);
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const gpuhourrateNative = nativeForm([P.annual_revenue, P.gpus, P.utilization_divisor], (a, g, u) => `${a}/(${g}*8760*${u})`);

/**
 * Present value at signing of a lease's monthly net operating income: rent paid monthly in arrears, stepped up at each anniversary, discounted at (1 + rate)^(1/12) - 1 a month; a fractional term ends with a pro rata stub month; a prepayment (fraction of the total rent) is received at signing and credited pro rata against each month's rent.
 * @customfunction LEASENPV
 * @param capacity Leased capacity in MW of critical IT, > 0.
 * @param rent Starting rent in USD per kW per month, >= 0.
 * @param term Term in years, > 0 and <= 100 (10.5 = 126 months).
 * @param discount_rate Annual discount rate, > -1 (0.08 = 8%).
 * @param [escalator] Annual rent step-up at each anniversary, > -1. Default 0.
 * @param [noi_margin] NOI as a fraction of rent (operating costs are the rest), 0 to 1. Default 1.
 * @param [prepayment] Fraction of the total contract rent paid at signing, 0 to 1. Default 0.
 * @returns USD.
 * @example =WATT.LEASENPV(168, 148.8, 10, 0.08, 0.03, 0.85)
 */
export function leasenpv(
  capacity: number, rent: number, term: number, discount_rate: number, escalator?: number, noi_margin?: number, prepayment?: number,
): number {
  return run(
    lease.leaseNpv,
    [P.capacity, P.rent, P.term, P.discount_rate, P.escalator, P.noi_margin, P.prepayment],
    capacity, rent, term, discount_rate, escalator, noi_margin, prepayment,
  );
}

/**
 * Native form for workbooks without the add-in (src/functions/_lib/native.ts): the core's monthly sums
 * in closed form, whole contract years by a geometric series, the months of the last, partial year and
 * the stub as their own terms. With M = 12 x term months (within 1e-9 of a whole number it is that
 * number, as termMonths), W = INT(M) whole months, s = M - W the stub, Y = INT(W / 12) whole years,
 * q = W - 12Y months of the partial year, B = rent x capacity x 1000 (USD a month in year 1),
 * g = 1 + escalator, d = LN(1 + rate) / 12 (a month's discount in logs), lambda = LN(g) - 12d:
 *
 *   G   = B x [12 x sum_{y<Y} g^y + g^Y x (q + s)]                             nominal total rent
 *   S   = B x [A x sum_{y<Y} e^(y lambda) + e^(Y lambda) x (a_q + s x e^(-(q + s) d))]   its PV
 *         with a_n = sum_{j=1..n} e^(-j d) (months in arrears) and A = a_12
 *   NPV = p x G + (margin - p) x S                                (leaseMonthlyNoi's NOI_0 and NOI_m)
 *
 * Every geometric sum goes through expSum (no cancellation at a zero rate or a ratio of 1). Each term
 * is sized in logs, e.g. EXP(LN(p) + LN(rent) + LN(1000 x capacity) + last x MAX(LN g, 0)) with last the
 * last contract year that pays, times a sum of at most 12Y + 12 terms each at most max(1, 1/(1 + rate)),
 * so no part overflows or underflows where the NPV does not (a 1000% escalator over decades on a tiny
 * rent), and none is lost in a subnormal. Accuracy against the core,
 * which sums in decimal (test/xlsx/native.test.ts): within 2e-14 of the NPV on the ranges leases are
 * signed at, within 1e-12 of the gross flows p x G + (margin + p) x S anywhere (the NPV itself cancels
 * where the margin is near the prepayment, or below it at a rate near 0).
 */
export const leasenpvNative = nativeForm(
  [P.capacity, P.rent, P.term, P.discount_rate, P.escalator, P.noi_margin, P.prepayment],
  (cap, rent, term, rate, esc, margin, prepay) => leaseNpvExpression(cap, rent, term, rate, esc, margin, prepay),
);

/**
 * Value created per watt of critical IT by building and leasing a powered shell: NOI per W-year / cap_rate - capex, with NOI per W-year = rent x 12 / 1000 x noi_margin.
 * @customfunction SHELLVALUE
 * @param rent Rent in USD per kW of critical IT per month, >= 0.
 * @param capex Build cost in USD per W of critical IT, >= 0 ($10/W = $10M per MW).
 * @param cap_rate Capitalisation rate, > 0 and <= 1 (0.07 = 7%).
 * @param [noi_margin] NOI as a fraction of rent, 0 to 1. Default 0.85.
 * @returns USD per W of critical IT.
 * @example =WATT.SHELLVALUE(104.9, 10.7, 0.06734)
 */
export function shellvalue(rent: number, capex: number, cap_rate: number, noi_margin?: number): number {
  return run(lease.shellValue, [P.rent, P.capex_w, P.cap_rate, P.shell_noi_margin], rent, capex, cap_rate, noi_margin);
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const shellvalueNative = nativeForm([P.rent, P.capex_w, P.cap_rate, P.shell_noi_margin], (r, capex, cr, m) => `${r}*12/1000*${m}/${cr}-${capex}`);

/**
 * Budget of a 51% attack: USD to run as much hashrate as the whole honest network for some hours, electricity plus any machine cost.
 * @customfunction ATTACKCOST
 * @param network_hashrate Honest network hashrate in EH/s, > 0.
 * @param efficiency Attacker's machine efficiency in J/TH, > 0.
 * @param power_price Power price in USD per kWh, >= 0.
 * @param hours Duration of the attack in hours, > 0.
 * @param [capex] Machine cost in USD per TH/s, bought outright, >= 0. Default 0 (electricity only).
 * @returns USD.
 * @example =WATT.ATTACKCOST(1000, 20, 0.05, 1)
 */
export function attackcost(network_hashrate: number, efficiency: number, power_price: number, hours: number, capex?: number): number {
  return run(attack.attackCost, [P.network_hashrate, P.efficiency, P.power_price, P.hours, P.capex_th], network_hashrate, efficiency, power_price, hours, capex);
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const attackcostNative = nativeForm([P.network_hashrate, P.efficiency, P.power_price, P.hours, P.capex_th], (h, e, p, hrs, capex) =>
  `${h}*1000000*${e}/1000*${hrs}*${p}+${h}*1000000*${capex}`,
);

