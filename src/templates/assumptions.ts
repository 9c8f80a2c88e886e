/**
 * The named-assumption block WATT.PROJECTION and WATT.PATHS read: a two-column range of name (text)
 * and value. Written by the projection and three-paths templates with the same defaults and sources.
 */
import { D } from './defaults';
import { F, InputRow, SheetBuilder } from './builder';

/** 2026-01-01 as an Excel serial (1900 date system). */
export const START_DATE_SERIAL = 46023;

/** The PROJECTION assumptions (also read by PATHS): name, banker's label, default, unit, source. */
export const MINING_ASSUMPTIONS: readonly InputRow[] = [
  { name: 'start_date', label: 'First month of the projection', value: START_DATE_SERIAL, format: F.date, unit: 'date', source: 'Assumption: start 2026-01-01.' },
  { name: 'btc_price', label: 'BTC price', value: D.btcPrice.value, format: F.usd0, unit: 'USD', source: D.btcPrice.source },
  { name: 'btc_price_growth', label: 'BTC price growth', value: 0, format: F.pct, unit: 'annual', source: 'Assumption: flat base case; enter a view to stress it.' },
  { name: 'network_hashrate', label: 'Network hashrate', value: D.networkHashrate.value, format: F.int, unit: 'EH/s', source: D.networkHashrate.source },
  { name: 'network_hashrate_growth', label: 'Network hashrate growth', value: 0, format: F.pct, unit: 'annual', source: 'Assumption: flat base case; network hashrate has risen most years, so a positive rate is the harsher test.' },
  { name: 'fees', label: 'Transaction fees', value: D.fees.value, format: F.btc, unit: 'BTC/block', source: D.fees.source },
  { name: 'site_mw', label: 'Site power', value: D.siteMw.value, format: F.num1, unit: 'MW', source: D.siteMw.source },
  { name: 'efficiency', label: 'Fleet efficiency', value: D.efficiency.value, format: F.num1, unit: 'J/TH', source: D.efficiency.source },
  { name: 'power_price', label: 'Power price', value: D.powerPrice.value, format: F.usd3, unit: 'USD/kWh', source: D.powerPrice.source },
  { name: 'uptime', label: 'Uptime', value: D.uptime.value, format: F.pct, unit: 'fraction', source: D.uptime.source },
  { name: 'pool_fee', label: 'Pool fee', value: D.poolFee.value, format: F.pct, unit: 'fraction', source: D.poolFee.source },
  { name: 'other_cost', label: 'Other cash cost', value: 0, format: F.usd2, unit: 'USD/MWh', source: 'Assumption: 0 = power only; enter site opex (staff, insurance, hosting) per MWh consumed.' },
];

/** Writes the PROJECTION assumptions as keyed inputs; returns the first and last row written (1-based). */
export function writeMiningAssumptions(s: SheetBuilder): { first: number; last: number } {
  const first = s.row;
  for (const row of MINING_ASSUMPTIONS) s.keyedInput(row);
  return { first, last: s.row - 1 };
}
