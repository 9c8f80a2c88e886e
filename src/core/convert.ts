/**
 * Unit conversion for this field's units, like Excel's CONVERT: value x factor(from) / factor(to),
 * where each factor expresses the unit in its dimension's base unit. Units of different dimensions
 * do not convert. Unit names are matched without regard to case or spaces, and "$" means "USD".
 */
import { Messages, Result, valueError } from './errors';

type Dimension = 'hashrate' | 'efficiency' | 'energy price' | 'power' | 'hashprice' | 'rent';

interface Unit {
  dimension: Dimension;
  /** Size of one unit in the dimension's base unit (H/s, J/TH, USD/kWh, W, USD/PH/day, USD/kW/month). */
  factor: number;
  /** Canonical spelling, listed in messages. */
  name: string;
  aliases?: string[];
}

const UNITS: Unit[] = [
  { dimension: 'hashrate', name: 'H/s', factor: 1, aliases: ['H'] },
  { dimension: 'hashrate', name: 'kH/s', factor: 1e3, aliases: ['kH'] },
  { dimension: 'hashrate', name: 'MH/s', factor: 1e6, aliases: ['MH'] },
  { dimension: 'hashrate', name: 'GH/s', factor: 1e9, aliases: ['GH'] },
  { dimension: 'hashrate', name: 'TH/s', factor: 1e12, aliases: ['TH'] },
  { dimension: 'hashrate', name: 'PH/s', factor: 1e15, aliases: ['PH'] },
  { dimension: 'hashrate', name: 'EH/s', factor: 1e18, aliases: ['EH'] },
  { dimension: 'hashrate', name: 'ZH/s', factor: 1e21, aliases: ['ZH'] },
  // Efficiency: joules per unit of work; J/TH equals W per TH/s.
  { dimension: 'efficiency', name: 'J/TH', factor: 1, aliases: ['W/(TH/s)'] },
  { dimension: 'efficiency', name: 'W/TH', factor: 1, aliases: ['W/TH/s'] },
  { dimension: 'efficiency', name: 'J/GH', factor: 1000, aliases: ['W/GH', 'W/GH/s'] },
  { dimension: 'efficiency', name: 'J/PH', factor: 1e-3, aliases: ['W/PH'] },
  { dimension: 'energy price', name: 'USD/kWh', factor: 1 },
  { dimension: 'energy price', name: 'USD/MWh', factor: 1e-3 },
  { dimension: 'power', name: 'W', factor: 1 },
  { dimension: 'power', name: 'kW', factor: 1e3 },
  { dimension: 'power', name: 'MW', factor: 1e6 },
  { dimension: 'power', name: 'GW', factor: 1e9 },
  // Hashprice: USD per unit of hashrate per day; base USD per PH/s per day (1 USD/TH/day = 1,000 USD/PH/day).
  { dimension: 'hashprice', name: 'USD/TH/day', factor: 1e3, aliases: ['USD/TH/s/day', 'USD/(TH/s)/day'] },
  { dimension: 'hashprice', name: 'USD/PH/day', factor: 1, aliases: ['USD/PH/s/day', 'USD/(PH/s)/day'] },
  { dimension: 'hashprice', name: 'USD/EH/day', factor: 1e-3, aliases: ['USD/EH/s/day', 'USD/(EH/s)/day'] },
  // Rent: USD per unit of power per period; base USD per kW per month (12 months a year).
  { dimension: 'rent', name: 'USD/kW/month', factor: 1, aliases: ['USD/kW/mo', 'USD/kW-month', 'USD/kWmonth'] },
  { dimension: 'rent', name: 'USD/kW/year', factor: 1 / 12, aliases: ['USD/kW/yr', 'USD/kW-year'] },
  { dimension: 'rent', name: 'USD/MW/month', factor: 1e-3, aliases: ['USD/MW/mo', 'USD/MW-month'] },
  { dimension: 'rent', name: 'USD/MW/year', factor: 1e-3 / 12, aliases: ['USD/MW/yr', 'USD/MW-year'] },
];

function normalise(unit: string): string {
  return unit.replace(/\s+/g, '').replace(/\$/g, 'USD').replace(/per/gi, '/').toLowerCase();
}

const BY_NAME = new Map<string, Unit>();
for (const unit of UNITS) {
  for (const name of [unit.name, ...(unit.aliases ?? [])]) BY_NAME.set(normalise(name), unit);
}

export const UNIT_NAMES: readonly string[] = UNITS.map((u) => u.name);

export function findUnit(name: string): Unit | undefined {
  return BY_NAME.get(normalise(name));
}

export function convert(value: number, from: string, to: string): Result<number> {
  const source = findUnit(from);
  if (!source) return valueError(Messages.unknownUnit('from_unit', from, UNIT_NAMES.join(', ')));
  const target = findUnit(to);
  if (!target) return valueError(Messages.unknownUnit('to_unit', to, UNIT_NAMES.join(', ')));
  if (source.dimension !== target.dimension) {
    return valueError(Messages.incompatibleUnits(from, source.dimension, to, target.dimension));
  }
  return (value * source.factor) / target.factor;
}
