/**
 * Mining economics per unit of hashrate. Units: hashrate in EH/s (network) or PH/s (a fleet),
 * efficiency in J/TH (= W per TH/s), power price in USD per kWh, hashprice in USD per PH/s per day.
 *
 * Method (Luxor Hashrate Index definition of hashvalue/hashprice; Braiins cost-to-mine):
 *   hashvalue  = 144 x (subsidy + fees) / (network_hashrate x 1000)       BTC per PH/s per day
 *   hashprice  = btc_price x hashvalue                                    USD per PH/s per day
 *   hashcost   = 24 x efficiency x power_price                            USD per PH/s per day
 *     (1 PH/s at e J/TH draws e kW, so 24 e kWh a day)
 *   breakeven  = hashcost / (hashvalue x (1 - pool_fee))                  USD per BTC (shutdown price)
 */
import { BLOCKS_PER_DAY } from './bitcoin';
import { finite, Messages, numError, Result } from './errors';

const HOURS_PER_DAY = 24;
/** Average Julian year, for straight-line depreciation per day. */
export const DAYS_PER_YEAR = 365.25;

export function hashvalue(networkHashrateEhs: number, fees: number, subsidy: number): Result<number> {
  return finite((BLOCKS_PER_DAY * (subsidy + fees)) / (networkHashrateEhs * 1000), 'hashvalue');
}

export function hashprice(btcPrice: number, networkHashrateEhs: number, fees: number, subsidy: number): Result<number> {
  const value = hashvalue(networkHashrateEhs, fees, subsidy);
  return typeof value === 'number' ? finite(btcPrice * value, 'hashprice') : value;
}

export function hashcost(efficiencyJth: number, powerPriceKwh: number): Result<number> {
  return finite(HOURS_PER_DAY * efficiencyJth * powerPriceKwh, 'hashcost');
}

/** BTC earned per PH/s per day after the pool's fee. */
function netHashvalue(networkHashrateEhs: number, fees: number, subsidy: number, poolFee: number): Result<number> {
  const value = hashvalue(networkHashrateEhs, fees, subsidy);
  if (typeof value !== 'number') return value;
  const net = value * (1 - poolFee);
  if (net <= 0) {
    return numError(Messages.noBreakeven(poolFee >= 1 ? 'a pool fee of 100% leaves no revenue' : 'subsidy plus fees is zero, so mining earns nothing'));
  }
  return net;
}

/**
 * Shutdown price: the BTC price (USD) at which electricity cost equals revenue after the pool fee,
 * i.e. the cost to mine with no other cash cost and no depreciation.
 */
export function breakevenPrice(
  efficiencyJth: number,
  powerPriceKwh: number,
  networkHashrateEhs: number,
  fees: number,
  subsidy: number,
  poolFee: number,
): Result<number> {
  return costToMine(efficiencyJth, powerPriceKwh, networkHashrateEhs, fees, subsidy, poolFee, 0, 0, 1);
}

/** Power price (USD per kWh) at which a machine of this efficiency breaks even at this hashprice. */
export function breakevenPower(efficiencyJth: number, hashpriceUsd: number, poolFee: number): Result<number> {
  return finite((hashpriceUsd * (1 - poolFee)) / (HOURS_PER_DAY * efficiencyJth), 'breakeven power price');
}

/** Efficiency (J/TH) at which a machine breaks even at this hashprice and power price. */
export function breakevenEfficiency(hashpriceUsd: number, powerPriceKwh: number, poolFee: number): Result<number> {
  if (powerPriceKwh === 0) return numError(Messages.noBreakeven('at a power price of 0 any efficiency breaks even'));
  return finite((hashpriceUsd * (1 - poolFee)) / (HOURS_PER_DAY * powerPriceKwh), 'breakeven efficiency');
}

/**
 * All-in cash and depreciation cost per BTC mined (USD), per PH/s per day over BTC per PH/s per day:
 *   electricity   24 x e x power_price
 *   other cash    24 x e / 1000 MWh x other_cost (USD per MWh consumed: hosting, staff, site)
 *   depreciation  capex (USD per TH/s) x 1000 / (life x 365.25)
 * divided by hashvalue x (1 - pool_fee). With other_cost = capex = 0 it equals the shutdown price.
 */
export function costToMine(
  efficiencyJth: number,
  powerPriceKwh: number,
  networkHashrateEhs: number,
  fees: number,
  subsidy: number,
  poolFee: number,
  otherCostMwh: number,
  capexPerTh: number,
  lifeYears: number,
): Result<number> {
  const net = netHashvalue(networkHashrateEhs, fees, subsidy, poolFee);
  if (typeof net !== 'number') return net;
  const mwhPerDay = (HOURS_PER_DAY * efficiencyJth) / 1000;
  const dailyCost = mwhPerDay * 1000 * powerPriceKwh + mwhPerDay * otherCostMwh + (capexPerTh * 1000) / (lifeYears * DAYS_PER_YEAR);
  return finite(dailyCost / net, 'cost to mine');
}

/** Mining revenue (USD) per MWh consumed: hashprice x (1 - pool_fee) / (24 x e / 1000). */
export function miningRevenuePerMwh(hashpriceUsd: number, efficiencyJth: number, poolFee: number): Result<number> {
  return finite((hashpriceUsd * (1 - poolFee) * 1000) / (HOURS_PER_DAY * efficiencyJth), 'revenue per MWh');
}

/** Hashrate (PH/s) a site runs: power (MW) x 10^6 W / e (J/TH) = TH/s, /1000 for PH/s, times uptime. */
export function fleetHashrate(powerMw: number, efficiencyJth: number, uptime: number): Result<number> {
  return finite(((powerMw * 1000) / efficiencyJth) * uptime, 'fleet hashrate');
}
