/**
 * Budget of a 51% attack on bitcoin: what it costs to run, for some hours, as much hashrate as the whole
 * honest network (the attacker then has half of the total and more with any excess). Units: hashrate
 * EH/s, efficiency J/TH (= W per TH/s), power price USD per kWh, machine cost USD per TH/s.
 *
 *   hashrate (TH/s)  = network_hashrate x 10^6
 *   power (kW)       = hashrate x efficiency / 1000
 *   electricity      = power x hours x power_price                          USD
 *   machines         = hashrate x capex  (bought outright, no resale value)  USD
 * e.g. 1,000 EH/s at 20 J/TH draws 20 GW; one hour at 0.05 USD/kWh costs 20,000,000 kWh x 0.05 = 1,000,000 USD.
 */
import { finite, Result } from './errors';

const THS_PER_EHS = 1e6;
const W_PER_KW = 1000;

export function attackCost(networkHashrateEhs: number, efficiencyJth: number, powerPriceKwh: number, hours: number, capexPerTh: number): Result<number> {
  const hashrateThs = networkHashrateEhs * THS_PER_EHS;
  const powerKw = (hashrateThs * efficiencyJth) / W_PER_KW;
  return finite(powerKw * hours * powerPriceKwh + hashrateThs * capexPerTh, 'attack cost');
}
