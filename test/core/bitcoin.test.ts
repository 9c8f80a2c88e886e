import { blockHeight, halvingDate, impliedHashrate, subsidy } from '../../src/core/bitcoin';
import { isoDate, serialFromUtc } from '../../src/core/dates';
import { isError } from '../../src/core/errors';
import { P } from '../../src/core/params';
import fc from 'fast-check';

const REF_HEIGHT = P.ref_height.default!;
const REF_DATE = P.ref_date.default!;

describe('subsidy (Bitcoin Core GetBlockSubsidy: 50 BTC >> halvings, exact)', () => {
  // Source: Bitcoin Core src/validation.cpp GetBlockSubsidy; halving heights 210,000 x n.
  test.each([
    [0, 50],
    [209999, 50],
    [210000, 25],
    [839999, 6.25],
    [840000, 3.125],
    [1050000, 1.5625],
    [6929999, 0.00000001], // 32 halvings: 5,000,000,000 >> 32 = 1 satoshi
    [6930000, 0], // 33 halvings: the shift leaves 0 satoshis
    [13440000, 0], // 64th halving: 0 by rule
  ])('height %d gives %d BTC', (height, expected) => {
    expect(subsidy(height)).toBe(expected);
  });

  test('never increases with height and is a whole number of satoshis', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 14_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (h, step) => {
        expect(subsidy(h + step)).toBeLessThanOrEqual(subsidy(h));
        expect(Number.isInteger(Math.round(subsidy(h) * 1e8))).toBe(true);
        expect(Math.abs(subsidy(h) * 1e8 - Math.round(subsidy(h) * 1e8))).toBeLessThan(1e-6);
      }),
    );
  });
});

describe('blockHeight (10-minute blocks from block 840,000 at 2024-04-20 00:09 UTC)', () => {
  test('the reference date gives the reference height', () => {
    expect(blockHeight(REF_DATE, REF_HEIGHT, REF_DATE, 10)).toBe(840000);
  });
  test('one day later is 144 blocks later; one minute short of a block is not a block', () => {
    expect(blockHeight(REF_DATE + 1, REF_HEIGHT, REF_DATE, 10)).toBe(840144);
    expect(blockHeight(REF_DATE + 9 / 1440, REF_HEIGHT, REF_DATE, 10)).toBe(840000);
    expect(blockHeight(REF_DATE + 10 / 1440, REF_HEIGHT, REF_DATE, 10)).toBe(840001);
  });
  test('210,000 blocks of 10 minutes after the fourth halving is the fifth (1,458.33 days)', () => {
    const fifth = halvingDate(5, REF_HEIGHT, REF_DATE, 10) as number;
    expect(blockHeight(fifth, REF_HEIGHT, REF_DATE, 10)).toBe(1_050_000);
    expect(blockHeight(fifth - 1 / 1440, REF_HEIGHT, REF_DATE, 10)).toBe(1_049_999);
  });
  test('a date before genesis is #NUM!', () => {
    const r = blockHeight(serialFromUtc(2000, 1, 1), REF_HEIGHT, REF_DATE, 10);
    expect(isError(r) && r.code).toBe('#NUM!');
  });
  test('monotone in date', () => {
    fc.assert(
      fc.property(fc.double({ min: 40000, max: 60000, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true }), (d, dd) => {
        expect(blockHeight(d + dd, REF_HEIGHT, REF_DATE, 10) as number).toBeGreaterThanOrEqual(blockHeight(d, REF_HEIGHT, REF_DATE, 10) as number);
      }),
    );
  });
});

describe('halvingDate', () => {
  // Source: block timestamps of heights 210,000 / 420,000 / 630,000 / 840,000 (e.g. mempool.space block pages).
  test.each([
    [1, '2012-11-28'],
    [2, '2016-07-09'],
    [3, '2020-05-11'],
    [4, '2024-04-20'],
  ])('halving %d happened on %s', (n, iso) => {
    expect(isoDate(halvingDate(n, REF_HEIGHT, REF_DATE, 10) as number)).toBe(iso);
  });
  test('the fifth is estimated 1,458 days and 8 hours after the fourth (2028-04-17)', () => {
    const fifth = halvingDate(5, REF_HEIGHT, REF_DATE, 10) as number;
    expect(fifth - REF_DATE).toBeCloseTo(210000 * 10 / 1440, 9);
    // 2024-04-20 00:09 + 1,458.33 days = 2028-04-17 08:09 UTC (2028 is a leap year).
    expect(isoDate(fifth)).toBe('2028-04-17');
  });
  test('slower blocks push the estimate later', () => {
    expect(halvingDate(5, REF_HEIGHT, REF_DATE, 10.5) as number).toBeGreaterThan(halvingDate(5, REF_HEIGHT, REF_DATE, 10) as number);
  });
});

describe('impliedHashrate (difficulty x 2^32 / 600 / 1e18 EH/s)', () => {
  test('blockchain.com hashrate chart, 2019-05-12: difficulty 6,702,169,884,349 with 135 of 144 blocks mined gives 44,977,500,727.37 GH/s', () => {
    // Source: blockchain.com charts "hash-rate" (2019-05-12: 44,977,500,727.37 GH/s) and "difficulty"
    // (6,702,169,884,349); their estimate scales the difficulty rate by blocks mined over 144 expected.
    const ghs = impliedHashrate(6_702_169_884_349) * 1e9 * (135 / 144);
    expect(Math.abs(ghs - 44_977_500_727.37) / 44_977_500_727.37).toBeLessThan(1e-9);
  });
  test('difficulty 150 T is about 1.07 ZH/s (late November 2025 network, data/README.md)', () => {
    expect(impliedHashrate(150e12)).toBeCloseTo(1073.74, 1);
  });
});
