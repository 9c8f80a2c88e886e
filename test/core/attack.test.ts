import fc from 'fast-check';
import { attackCost } from '../../src/core/attack';
import { isError } from '../../src/core/errors';
import { hashcost } from '../../src/core/mining';

const num = (x: unknown): number => {
  if (typeof x !== 'number') throw new Error(`expected a number, got ${String(x)}`);
  return x;
};

describe('attackCost (51% attack budget)', () => {
  it('hand check: 1,000 EH/s at 20 J/TH is 20 GW; one hour at $0.05/kWh is 20,000,000 kWh x 0.05 = $1,000,000', () => {
    expect(attackCost(1000, 20, 0.05, 1, 0)).toBeCloseTo(1_000_000, 6);
  });

  it('machines: 1,000 EH/s is 10^9 TH/s; at $15 per TH/s they cost $15B on top of the electricity', () => {
    expect(attackCost(1000, 20, 0.05, 1, 15)).toBeCloseTo(15e9 + 1e6, 3);
    expect(attackCost(1000, 20, 0, 24, 15)).toBeCloseTo(15e9, 3);
  });

  it('electricity agrees with HASHCOST: network in PH/s x USD per PH/s per day x days', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 5000, noNaN: true }),
        fc.double({ min: 5, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0.1, max: 24 * 365, noNaN: true }),
        (ehs, e, price, hours) => {
          const viaHashcost = ehs * 1000 * num(hashcost(e, price)) * (hours / 24);
          const cost = num(attackCost(ehs, e, price, hours, 0));
          expect(Math.abs(cost - viaHashcost)).toBeLessThanOrEqual(1e-9 * Math.max(1, viaHashcost));
        },
      ),
    );
  });

  it('huge inputs give #NUM!, never Infinity', () => {
    const result = attackCost(1e300, 1e300, 1, 1, 0);
    expect(isError(result) && result.code).toBe('#NUM!');
  });
});
