import fc from 'fast-check';
import { impliedHashrate } from '../../src/core/bitcoin';
import { isError } from '../../src/core/errors';
import * as m from '../../src/core/mining';
import { expectWithin } from '../helpers/tolerance';

const num = (x: unknown) => x as number;

describe('published cost-to-mine and shutdown prices', () => {
  // Braiins Insights cost-to-mine calculator, 2025-12-17: 100 TH/s at 3,000 W (30 J/TH), $0.08/kWh,
  // difficulty 148,195,306,640,204.7, pool fee 2%: electricity cost per BTC $137,999.5. Their fee
  // figure implies about 0.0127 BTC of fees per block. Tolerance 0.1%.
  const braiinsHashrate = impliedHashrate(148_195_306_640_204.7);

  test('Braiins 2025-12-17: electricity cost per BTC $137,999.5 within 0.1%', () => {
    expectWithin(m.costToMine(30, 0.08, braiinsHashrate, 0.0127, 3.125, 0.02, 0, 0, 4), 137_999.5, 0.001);
  });

  test('Braiins 2025-12-17: the shutdown price is the same figure (no other cost, no capex)', () => {
    expectWithin(m.breakevenPrice(30, 0.08, braiinsHashrate, 0.0127, 3.125, 0.02), 137_999.5, 0.001);
  });

  test('Braiins 2025-12-17: breakeven power price about $0.05/kWh at that day\'s BTC price', () => {
    // BTC traded about $86,000-87,000 on 2025-12-17 (CoinGecko daily close ~ $86,300; an assumption,
    // Braiins does not print its price). Breakeven power = 0.08 x price / cost per BTC, so ~$0.050.
    const price = 86_300;
    const hashprice = num(m.hashprice(price, braiinsHashrate, 0.0127, 3.125));
    expectWithin(m.breakevenPower(30, hashprice, 0.02), 0.05, 0.02);
    // Identity: the breakeven power price scales the actual power price by price / shutdown price.
    expectWithin(m.breakevenPower(30, hashprice, 0.02), (0.08 * price) / num(m.breakevenPrice(30, 0.08, braiinsHashrate, 0.0127, 3.125, 0.02)), 1e-12);
  });

  test('BTC.com / ViaBTC shutdown price, 2020-08-26: Antminer S19 $8,744.27 within 0.1%', () => {
    // Antminer S19: 95 TH/s at 3,250 W; $0.077/kWh; difficulty 17.62 T; subsidy 6.25 BTC; fees 1.3% of
    // the block reward (fees = 0.013 x (subsidy + fees)). Source: BTC.com pool "shutdown price" table
    // as reported 2020-08-26.
    const fees = (6.25 * 0.013) / (1 - 0.013);
    expectWithin(m.breakevenPrice(3250 / 95, 0.077, impliedHashrate(17.62e12), fees, 6.25, 0), 8_744.27, 0.001);
  });
});

describe('hashvalue, hashprice, hashcost: definitions (Luxor Hashrate Index)', () => {
  test('late November 2025: ~1,070 EH/s, ~0.015 BTC fees, $87,000 gives hashprice near the record low of ~$35/PH/day', () => {
    // Source: data/README.md (hashprice about $35/PH/day late Nov 2025, network ~1.05-1.1 ZH/s).
    const hp = num(m.hashprice(87_000, 1_070, 0.015, 3.125));
    expect(hp).toBeGreaterThan(33);
    expect(hp).toBeLessThan(39);
  });
  test('hashvalue: 144 blocks of 3.145 BTC over 1,100,000 PH/s', () => {
    expect(m.hashvalue(1100, 0.02, 3.125)).toBeCloseTo((144 * 3.145) / 1_100_000, 15);
  });
  test('hashcost: an S21 (17.5 J/TH) at $0.06/kWh burns 25.2 USD per PH/s per day', () => {
    // 1 PH/s at 17.5 J/TH draws 17.5 kW: 420 kWh a day x $0.06 = $25.20.
    expect(m.hashcost(17.5, 0.06)).toBeCloseTo(25.2, 12);
  });
  test('fleet hashrate: 100 MW at 20 J/TH runs 5 EH/s', () => {
    expect(m.fleetHashrate(100, 20, 1)).toBeCloseTo(5000, 9);
  });
  test('mining revenue per MWh: $35/PH/day at 17.5 J/TH is $83.33 per MWh', () => {
    // 17.5 kW for 24 h = 0.42 MWh earns $35.
    expect(m.miningRevenuePerMwh(35, 17.5, 0)).toBeCloseTo(35 / 0.42, 9);
  });
});

describe('invariants (property tests)', () => {
  const pos = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

  test('hashprice is linear in price and inverse in hashrate', () => {
    fc.assert(
      fc.property(pos(1, 1e6), pos(1, 1e5), pos(0, 5), pos(0.5, 10), (price, hashrate, fees, k) => {
        const base = num(m.hashprice(price, hashrate, fees, 3.125));
        expectWithin(m.hashprice(price * k, hashrate, fees, 3.125), base * k, 1e-12);
        expectWithin(m.hashprice(price, hashrate * k, fees, 3.125), base / k, 1e-12);
      }),
    );
  });

  test('at the breakeven price, hashprice x (1 - pool fee) equals hashcost', () => {
    fc.assert(
      fc.property(pos(5, 200), pos(0.001, 0.5), pos(10, 1e5), pos(0, 2), fc.double({ min: 0, max: 0.5, noNaN: true }), (eff, power, hashrate, fees, pool) => {
        const be = num(m.breakevenPrice(eff, power, hashrate, fees, 3.125, pool));
        expectWithin(num(m.hashprice(be, hashrate, fees, 3.125)) * (1 - pool), num(m.hashcost(eff, power)), 1e-9);
      }),
    );
  });

  test('breakeven power and breakeven efficiency invert each other through hashcost', () => {
    fc.assert(
      fc.property(pos(5, 200), pos(1, 200), fc.double({ min: 0, max: 0.5, noNaN: true }), (eff, hp, pool) => {
        const power = num(m.breakevenPower(eff, hp, pool));
        expectWithin(m.hashcost(eff, power), hp * (1 - pool), 1e-9);
        expectWithin(m.breakevenEfficiency(hp, power, pool), eff, 1e-9);
      }),
    );
  });

  test('cost to mine rises with every cost and equals the shutdown price without other costs', () => {
    fc.assert(
      fc.property(pos(5, 200), pos(0.001, 0.2), pos(10, 1e4), pos(0, 100), pos(0, 50), (eff, power, hashrate, other, capex) => {
        const shutdown = num(m.breakevenPrice(eff, power, hashrate, 0.01, 3.125, 0.02));
        expectWithin(m.costToMine(eff, power, hashrate, 0.01, 3.125, 0.02, 0, 0, 4), shutdown, 1e-12);
        expect(num(m.costToMine(eff, power, hashrate, 0.01, 3.125, 0.02, other, capex, 4))).toBeGreaterThanOrEqual(shutdown * (1 - 1e-12));
      }),
    );
  });

  test('a 100% pool fee or zero reward has no breakeven: #NUM! with a reason', () => {
    const a = m.breakevenPrice(20, 0.05, 1000, 0, 3.125, 1);
    const b = m.breakevenPrice(20, 0.05, 1000, 0, 0, 0);
    expect(isError(a) && a.code).toBe('#NUM!');
    expect(isError(a) && a.message).toMatch(/pool fee of 100%/);
    expect(isError(b) && b.message).toMatch(/subsidy plus fees is zero/);
  });
});
