/**
 * WATT mining-economics functions: the declarations Excel reads (custom-functions-metadata turns this
 * JSDoc into functions.json). Each is one line over the pure core in src/core.
 * Units: hashrate EH/s, hashprice USD per PH/s per day, efficiency J/TH, power price USD per kWh,
 * power MW, dates Excel serials (1900 system).
 */
import * as bitcoin from '../core/bitcoin';
import * as mining from '../core/mining';
import { convert as convertUnits, findUnit } from '../core/convert';
import { P, TextSpec } from '../core/params';
import { FIRST_SERIAL, LAST_SERIAL } from '../core/dates';
import { run } from './_lib/run';
import { literal, NATIVE_NUM_ERROR, NATIVE_VALUE_ERROR, nativeForm, stringLiteral } from './_lib/native';

const CONVERT_FROM: TextSpec = { kind: 'text', name: 'from_unit', accepted: 'a unit such as "EH/s"' };
const CONVERT_TO: TextSpec = { kind: 'text', name: 'to_unit', accepted: 'a unit such as "PH/s"' };

/**
 * Block subsidy in BTC at a block height (halves every 210,000 blocks; exact, as Bitcoin Core computes it).
 * @customfunction SUBSIDY
 * @param height Block height, a whole number >= 0.
 * @returns Subsidy in BTC per block.
 * @example =WATT.SUBSIDY(840000)
 */
export function subsidy(height: number): number {
  return run(bitcoin.subsidy, [P.height], height);
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const subsidyNative = nativeForm([P.height], (h) => `IF(INT(${h}/210000)>=64,0,INT(5000000000/2^INT(${h}/210000))/100000000)`);

/**
 * Estimated block height mined by a date, counting one block per block_minutes from a reference block.
 * @customfunction BLOCKHEIGHT
 * @param date Date and time, an Excel date serial (UTC).
 * @param [ref_height] Reference block height. Default 840000 (the fourth halving).
 * @param [ref_date] Date of the reference block, an Excel serial. Default 2024-04-20 00:09 UTC.
 * @param [block_minutes] Average minutes per block, > 0. Default 10.
 * @returns Block height, a whole number.
 * @example =WATT.BLOCKHEIGHT(DATE(2028,1,1))
 */
export function blockheight(date: number, ref_height?: number, ref_date?: number, block_minutes?: number): number {
  return run(bitcoin.blockHeight, [P.date, P.ref_height, P.ref_date, P.block_minutes], date, ref_height, ref_date, block_minutes);
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const blockheightNative = nativeForm([P.date, P.ref_height, P.ref_date, P.block_minutes], (d, rh, rd, bm) => {
  // FLOOR(x,1), not INT: the engine's INT truncates negatives (INT(-6.5) is -6 there, -7 in Excel).
  const height = `${rh}+FLOOR((${d}-${rd})*1440/${bm}+1E-9,1)`;
  return `IF(${height}<0,${NATIVE_NUM_ERROR},${height})`;
});

/**
 * Date of a halving: the actual UTC date for the four past ones, an estimate from the reference block for later ones.
 * @customfunction HALVINGDATE
 * @param halving Halving number: 1 (2012) to 64.
 * @param [ref_height] Reference block height. Default 840000.
 * @param [ref_date] Date of the reference block, an Excel serial. Default 2024-04-20 00:09 UTC.
 * @param [block_minutes] Average minutes per block, > 0. Default 10.
 * @returns Excel date serial (UTC); format the cell as a date.
 * @example =WATT.HALVINGDATE(5)
 */
export function halvingdate(halving: number, ref_height?: number, ref_date?: number, block_minutes?: number): number {
  return run(bitcoin.halvingDate, [P.halving, P.ref_height, P.ref_date, P.block_minutes], halving, ref_height, ref_date, block_minutes);
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const halvingdateNative = nativeForm([P.halving, P.ref_height, P.ref_date, P.block_minutes], (n, rh, rd, bm) => {
  // An estimate outside Excel's dates (1900-01-01 .. 9999-12-31) is #NUM!, as the wrapper answers.
  const estimate = `${rd}+(${n}*210000-${rh})*${bm}/1440`;
  const checked = `IF(OR(${estimate}<${literal(FIRST_SERIAL)},${estimate}>=${literal(LAST_SERIAL + 1)}),${NATIVE_NUM_ERROR},${estimate})`;
  return `IF(${n}<=${bitcoin.PAST_HALVINGS.length},CHOOSE(${n},${bitcoin.PAST_HALVINGS.map(literal).join(',')}),${checked})`;
});

/**
 * Network hashrate implied by a difficulty: difficulty x 2^32 / 600 s / 10^18.
 * @customfunction IMPLIEDHASHRATE
 * @param difficulty Mining difficulty, > 0.
 * @returns Hashrate in EH/s.
 * @example =WATT.IMPLIEDHASHRATE(149300000000000)
 */
export function impliedhashrate(difficulty: number): number {
  return run(bitcoin.impliedHashrate, [P.difficulty], difficulty);
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const impliedhashrateNative = nativeForm([P.difficulty], (d) => `${d}*4294967296/600/1E+18`);

/**
 * Hashvalue: BTC mined per PH/s per day, 144 x (subsidy + fees) / (network hashrate in PH/s).
 * @customfunction HASHVALUE
 * @param network_hashrate Network hashrate in EH/s, > 0.
 * @param [fees] Transaction fees in BTC per block, >= 0. Default 0.
 * @param [subsidy] Block subsidy in BTC, 0 to 50. Default 3.125.
 * @returns BTC per PH/s per day.
 * @example =WATT.HASHVALUE(1100, 0.02)
 */
export function hashvalue(network_hashrate: number, fees?: number, subsidy?: number): number {
  return run(mining.hashvalue, [P.network_hashrate, P.fees, P.subsidy], network_hashrate, fees, subsidy);
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const hashvalueNative = nativeForm([P.network_hashrate, P.fees, P.subsidy], (h, f, s) => `144*(${s}+${f})/(${h}*1000)`);

/**
 * Hashprice: USD mined per PH/s per day, BTC price x hashvalue (Hashrate Index definition).
 * @customfunction HASHPRICE
 * @param btc_price BTC price in USD, >= 0.
 * @param network_hashrate Network hashrate in EH/s, > 0. Use WATT.IMPLIEDHASHRATE(difficulty) to price from difficulty as the Hashrate Index does.
 * @param [fees] Transaction fees in BTC per block, >= 0. Default 0.
 * @param [subsidy] Block subsidy in BTC, 0 to 50. Default 3.125.
 * @returns USD per PH/s per day.
 * @example =WATT.HASHPRICE(90000, 1100, 0.02)
 */
export function hashprice(btc_price: number, network_hashrate: number, fees?: number, subsidy?: number): number {
  return run(mining.hashprice, [P.btc_price, P.network_hashrate, P.fees, P.subsidy], btc_price, network_hashrate, fees, subsidy);
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const hashpriceNative = nativeForm([P.btc_price, P.network_hashrate, P.fees, P.subsidy], (p, h, f, s) => `${p}*(144*(${s}+${f})/(${h}*1000))`);

/**
 * Hashcost: electricity cost of one PH/s for a day, 24 x efficiency x power price.
 * @customfunction HASHCOST
 * @param efficiency Machine efficiency in J/TH, > 0.
 * @param power_price Power price in USD per kWh, >= 0.
 * @returns USD per PH/s per day.
 * @example =WATT.HASHCOST(17.5, 0.06)
 */
export function hashcost(efficiency: number, power_price: number): number {
  return run(mining.hashcost, [P.efficiency, P.power_price], efficiency, power_price);
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const hashcostNative = nativeForm([P.efficiency, P.power_price], (e, p) => `24*${e}*${p}`);

/**
 * Shutdown (breakeven) BTC price: the price at which a machine's electricity cost equals its revenue after the pool fee.
 * @customfunction BREAKEVEN
 * @param efficiency Machine efficiency in J/TH, > 0.
 * @param power_price Power price in USD per kWh, >= 0.
 * @param network_hashrate Network hashrate in EH/s, > 0.
 * @param [fees] Transaction fees in BTC per block, >= 0. Default 0.
 * @param [subsidy] Block subsidy in BTC, 0 to 50. Default 3.125.
 * @param [pool_fee] Pool fee as a fraction, 0 to 1. Default 0.
 * @returns USD per BTC.
 * @example =WATT.BREAKEVEN(17.5, 0.06, 1100)
 */
export function breakeven(efficiency: number, power_price: number, network_hashrate: number, fees?: number, subsidy?: number, pool_fee?: number): number {
  return run(
    mining.breakevenPrice,
    [P.efficiency, P.power_price, P.network_hashrate, P.fees, P.subsidy, P.pool_fee],
    efficiency, power_price, network_hashrate, fees, subsidy, pool_fee,
  );
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const breakevenNative = nativeForm([P.efficiency, P.power_price, P.network_hashrate, P.fees, P.subsidy, P.pool_fee], (e, p, h, f, s, pf) => {
  const net = `144*(${s}+${f})/(${h}*1000)*(1-${pf})`;
  return `IF(${net}<=0,${NATIVE_NUM_ERROR},24*${e}/1000*1000*${p}/(${net}))`;
});

/**
 * Breakeven power price: the USD per kWh at which a machine's revenue after the pool fee pays its electricity.
 * @customfunction BREAKEVENPOWER
 * @param efficiency Machine efficiency in J/TH, > 0.
 * @param hashprice Hashprice in USD per PH/s per day, >= 0.
 * @param [pool_fee] Pool fee as a fraction, 0 to 1. Default 0.
 * @returns USD per kWh.
 * @example =WATT.BREAKEVENPOWER(17.5, 35)
 */
export function breakevenpower(efficiency: number, hashprice: number, pool_fee?: number): number {
  return run(mining.breakevenPower, [P.efficiency, P.hashprice, P.pool_fee], efficiency, hashprice, pool_fee);
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const breakevenpowerNative = nativeForm([P.efficiency, P.hashprice, P.pool_fee], (e, hp, pf) => `${hp}*(1-${pf})/(24*${e})`);

/**
 * Breakeven efficiency: the J/TH at which a machine's revenue after the pool fee pays its electricity.
 * @customfunction BREAKEVENEFFICIENCY
 * @param hashprice Hashprice in USD per PH/s per day, >= 0.
 * @param power_price Power price in USD per kWh, > 0 (at 0 every machine breaks even: #NUM!).
 * @param [pool_fee] Pool fee as a fraction, 0 to 1. Default 0.
 * @returns J/TH; machines at or below it are profitable.
 * @example =WATT.BREAKEVENEFFICIENCY(35, 0.05)
 */
export function breakevenefficiency(hashprice: number, power_price: number, pool_fee?: number): number {
  return run(mining.breakevenEfficiency, [P.hashprice, P.power_price, P.pool_fee], hashprice, power_price, pool_fee);
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const breakevenefficiencyNative = nativeForm([P.hashprice, P.power_price, P.pool_fee], (hp, p, pf) => `IF(${p}=0,${NATIVE_NUM_ERROR},${hp}*(1-${pf})/(24*${p}))`);

/**
 * All-in cost to mine one BTC: electricity, other cash costs per MWh consumed, and straight-line depreciation of machines.
 * @customfunction COSTTOMINE
 * @param efficiency Machine efficiency in J/TH, > 0.
 * @param power_price Power price in USD per kWh, >= 0.
 * @param network_hashrate Network hashrate in EH/s, > 0.
 * @param [fees] Transaction fees in BTC per block, >= 0. Default 0.
 * @param [subsidy] Block subsidy in BTC, 0 to 50. Default 3.125.
 * @param [pool_fee] Pool fee as a fraction, 0 to 1. Default 0.
 * @param [other_cost] Other cash cost in USD per MWh consumed, >= 0. Default 0.
 * @param [capex] Machine cost in USD per TH/s, >= 0. Default 0.
 * @param [life] Machine life in years for depreciation, > 0. Default 4.
 * @returns USD per BTC.
 * @example =WATT.COSTTOMINE(17.5, 0.06, 1100, 0.02, 3.125, 0.02, 5, 15, 4)
 */
export function costtomine(
  efficiency: number, power_price: number, network_hashrate: number, fees?: number, subsidy?: number,
  pool_fee?: number, other_cost?: number, capex?: number, life?: number,
): number {
  return run(
    mining.costToMine,
    [P.efficiency, P.power_price, P.network_hashrate, P.fees, P.subsidy, P.pool_fee, P.other_cost, P.capex_th, P.life],
    efficiency, power_price, network_hashrate, fees, subsidy, pool_fee, other_cost, capex, life,
  );
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const costtomineNative = nativeForm(
  [P.efficiency, P.power_price, P.network_hashrate, P.fees, P.subsidy, P.pool_fee, P.other_cost, P.capex_th, P.life],
  (e, p, h, f, s, pf, oc, capex, life) => {
    const net = `144*(${s}+${f})/(${h}*1000)*(1-${pf})`;
    const mwh = `(24*${e}/1000)`;
    return `IF(${net}<=0,${NATIVE_NUM_ERROR},(${mwh}*1000*${p}+${mwh}*${oc}+${capex}*1000/(${life}*365.25))/(${net}))`;
  },
);

/**
 * Mining revenue per MWh consumed: hashprice after the pool fee over the energy one PH/s uses in a day.
 * @customfunction MININGREVPERMWH
 * @param hashprice Hashprice in USD per PH/s per day, >= 0.
 * @param efficiency Machine efficiency in J/TH, > 0.
 * @param [pool_fee] Pool fee as a fraction, 0 to 1. Default 0.
 * @returns USD per MWh.
 * @example =WATT.MININGREVPERMWH(35, 17.5)
 */
export function miningrevpermwh(hashprice: number, efficiency: number, pool_fee?: number): number {
  return run(mining.miningRevenuePerMwh, [P.hashprice, P.efficiency, P.pool_fee], hashprice, efficiency, pool_fee);
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const miningrevpermwhNative = nativeForm([P.hashprice, P.efficiency, P.pool_fee], (hp, e, pf) => `${hp}*(1-${pf})*1000/(24*${e})`);

/**
 * Hashrate a site runs: power / efficiency, times uptime.
 * @customfunction FLEETHASHRATE
 * @param power Site power for miners in MW, >= 0.
 * @param efficiency Fleet efficiency in J/TH, > 0.
 * @param [uptime] Fraction of time running, 0 to 1. Default 1.
 * @returns PH/s.
 * @example =WATT.FLEETHASHRATE(100, 17.5, 0.95)
 */
export function fleethashrate(power: number, efficiency: number, uptime?: number): number {
  return run(mining.fleetHashrate, [P.power_mw, P.efficiency, P.uptime], power, efficiency, uptime);
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const fleethashrateNative = nativeForm([P.power_mw, P.efficiency, P.uptime], (pw, e, u) => `${pw}*1000/${e}*${u}`);

/**
 * Converts between this field's units (like Excel's CONVERT): hashrate H/s to ZH/s; efficiency J/TH, W/TH, J/GH; energy price USD/kWh, USD/MWh; power W to GW; hashprice USD/TH/day, USD/PH/day, USD/EH/day; rent USD/kW/month, USD/kW/year, USD/MW/month, USD/MW/year.
 * @customfunction CONVERT
 * @param value Number to convert.
 * @param from_unit Unit of value, e.g. "EH/s", "USD/MWh", "USD/kW/month".
 * @param to_unit Unit to convert to, of the same kind.
 * @returns value in to_unit.
 * @example =WATT.CONVERT(150, "USD/kW/month", "USD/MW/year")
 */
export function convert(value: number, from_unit: string, to_unit: string): number {
  return run(convertUnits, [P.value, CONVERT_FROM, CONVERT_TO], value, from_unit, to_unit);
}

/** Native form for workbooks without the add-in (src/functions/_lib/native.ts). */
export const convertNative = nativeForm([P.value, CONVERT_FROM, CONVERT_TO], (value, from, to) => {
  // Written natively when both units are literals (the factors are then constants); a unit read from a cell is not.
  const [a, b] = [stringLiteral(from), stringLiteral(to)];
  if (a === undefined || b === undefined) return undefined;
  const [source, target] = [findUnit(a), findUnit(b)];
  if (!source || !target || source.dimension !== target.dimension) return NATIVE_VALUE_ERROR;
  return `${value}*${literal(source.factor)}/${literal(target.factor)}`;
});
