import fc from 'fast-check';
import { convert, UNIT_NAMES } from '../../src/core/convert';
import { isError } from '../../src/core/errors';

describe('convert', () => {
  test.each([
    [1, 'EH/s', 'PH/s', 1000],
    [1, 'ZH/s', 'EH/s', 1000],
    [1, 'TH/s', 'H/s', 1e12],
    [17.5, 'J/TH', 'W/TH', 17.5],
    [17.5, 'J/TH', 'J/GH', 0.0175],
    [45, 'USD/MWh', 'USD/kWh', 0.045],
    [100, 'MW', 'kW', 100_000],
    [1.2, 'GW', 'MW', 1200],
    // Hashprice: $35 per PH/s per day is $0.035 per TH/s per day (Hashrate Index quotes both).
    [35, 'USD/PH/day', 'USD/TH/day', 0.035],
    [35, 'USD/PH/day', 'USD/EH/day', 35_000],
    // $150/kW-month = $1,800/kW-year = $1.8M per MW-year.
    [150, 'USD/kW/month', 'USD/MW/year', 1_800_000],
    [150, 'USD/kW/month', 'USD/kW/year', 1_800],
    [150, '$/kW/month', 'usd / MW / month', 150_000],
  ])('%s %s is %s %s', (value, from, to, expected) => {
    expect(convert(value, from, to)).toBeCloseTo(expected as number, 6);
  });

  test('units of different kinds do not convert', () => {
    const r = convert(1, 'EH/s', 'MW');
    expect(isError(r) && r.code).toBe('#VALUE!');
    expect(isError(r) && r.message).toBe('cannot convert EH/s (hashrate) to MW (power): the units measure different things');
  });

  test('unknown units name the argument and list the known units', () => {
    const r = convert(1, 'furlongs', 'MW');
    expect(isError(r) && r.message).toMatch(/^from_unit: unknown unit "furlongs"; known units: H\/s, kH\/s/);
    const s = convert(1, 'MW', 'horsepower');
    expect(isError(s) && s.message).toMatch(/^to_unit: unknown unit "horsepower"/);
  });

  test('round trips within every dimension', () => {
    const pairs = UNIT_NAMES.flatMap((a) => UNIT_NAMES.map((b) => [a, b] as const)).filter(([a, b]) => !isError(convert(1, a, b)));
    fc.assert(
      fc.property(fc.constantFrom(...pairs), fc.double({ min: -1e12, max: 1e12, noNaN: true }), ([a, b], x) => {
        const back = convert(convert(x, a, b) as number, b, a) as number;
        expect(Math.abs(back - x)).toBeLessThanOrEqual(Math.abs(x) * 1e-12 + 1e-300);
      }),
    );
  });
});
