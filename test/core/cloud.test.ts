import fc from 'fast-check';
import { cloudRevenuePerMwh, gpuHourRate } from '../../src/core/cloud';
import { isError } from '../../src/core/errors';
import { impliedRent, leaseRevenuePerMwh } from '../../src/core/lease';
import { isFull, loadDeals } from '../helpers/deals';

const num = (x: unknown): number => {
  if (typeof x !== 'number') throw new Error(`expected a number, got ${String(x)}`);
  return x;
};
const relClose = (actual: number, expected: number, rel: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));

describe('gpuHourRate', () => {
  it('IREN: 23,000 GPUs towards more than $500M annualized revenue is about $2.48 per GPU-hour', () => {
    // Source: IREN's AI-cloud target as cited in the issue (IREN 2025 updates: ~23,000 GPUs towards
    // more than $500M annualized run-rate revenue). 500e6 / (23,000 x 8,760 h) = 2.4816; tolerance $0.01.
    expect(Math.abs(num(gpuHourRate(500e6, 23_000, 1)) - 2.48)).toBeLessThan(0.01);
  });
  it('a billed hour costs more when utilization is lower: rate x utilization is the all-hours average', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e10, noNaN: true }), fc.double({ min: 1, max: 1e6, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true }), (rev, gpus, u) => {
        relClose(num(gpuHourRate(rev, gpus, u)) * u, num(gpuHourRate(rev, gpus, 1)), 1e-12);
      }),
    );
  });
});

describe('cloudRevenuePerMwh', () => {
  it('hand check: $2/GPU-hour at 1 kW per GPU is $2 per kWh of IT = $2,000/MWh; 85% billed at PUE 1.25 is $1,360/MWh', () => {
    expect(cloudRevenuePerMwh(2, 1, 1, 1)).toBeCloseTo(2000, 9);
    expect(cloudRevenuePerMwh(2, 1, 0.85, 1.25)).toBeCloseTo(1360, 9);
  });

  it('round trip: revenue per MWh x the fleet’s annual site energy = the annual revenue', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e6, max: 1e10, noNaN: true }),
        fc.double({ min: 100, max: 1e6, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: 0.5, max: 3, noNaN: true }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        (revenue, gpus, u, kw, pue) => {
          const price = num(gpuHourRate(revenue, gpus, u));
          const siteMwhPerYear = (gpus * kw * pue * 8760) / 1000;
          relClose(num(cloudRevenuePerMwh(price, kw, u, pue)) * siteMwhPerYear, revenue, 1e-12);
        },
      ),
    );
  });

  it('IREN/Microsoft ($9.7B, 5 years, 200 MW) earns ~5x per MWh what the leases earn', () => {
    // Source rows: data/hpc-deals.csv. Per MWh of IT energy: $9.7B / 5 / (200 MW x 8,760 h) = $1,107.
    const deals = loadDeals();
    const iren = deals.find((d) => d.deal === 'IREN Childress Horizon 1-4 (GPU cloud, not lease)')!;
    if (!isFull(iren)) throw new Error('IREN-Microsoft figures missing');
    const irenPerMwh = num(leaseRevenuePerMwh(num(impliedRent(iren.contractValueUsd, iren.termYears, iren.capacityMw)), 1));
    expect(irenPerMwh).toBeCloseTo(9.7e9 / 5 / (200 * 8760), 6);
    const cipher = deals.find((d) => d.deal === 'CIFR Barber Lake (initial)')!;
    if (!isFull(cipher)) throw new Error('Cipher figures missing');
    const leasePerMwh = num(leaseRevenuePerMwh(num(impliedRent(cipher.contractValueUsd, cipher.termYears, cipher.capacityMw)), 1));
    expect(irenPerMwh / leasePerMwh).toBeGreaterThan(4);
    expect(irenPerMwh / leasePerMwh).toBeLessThan(7);
    // The GPU-hour price at ~1.9 kW of IT per GB300 GPU (NVL72 rack ~135 kW / 72) that yields this: ~$2.1.
    const price = (irenPerMwh / 1000) * (135 / 72);
    relClose(num(cloudRevenuePerMwh(price, 135 / 72, 1, 1)), irenPerMwh, 1e-12);
    expect(price).toBeGreaterThan(1.5);
    expect(price).toBeLessThan(3);
  });

  it('huge prices over tiny power give #NUM!, never Infinity', () => {
    const result = cloudRevenuePerMwh(1e308, 1e-308, 1, 1);
    expect(isError(result) && result.code).toBe('#NUM!');
  });
});
