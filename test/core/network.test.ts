/**
 * The pure part of live network data: reading each API answer (shapes from the mempool.space REST API
 * documentation and CoinGecko's /simple/price), deriving metrics, and Retry-After. Malformed input is a
 * #N/A value, never an exception.
 */
import fc from 'fast-check';
import { isError, WattError } from '../../src/core/errors';
import {
  BOUNDS,
  checkHeightProgress,
  deriveMetric,
  feesPerBlock,
  parseCoinGecko,
  parseCurrency,
  parseDataMetric,
  parseDifficultyAdjustment,
  parseHashrate,
  parseJson,
  parseMetric,
  parsePrices,
  parseRetryAfter,
  parseRewardStats,
  parseTipHeight,
} from '../../src/core/network';
import { FIXTURES } from '../network/fixture-server';

const msg = (r: unknown) => (r as WattError).message;

test('difficulty-adjustment: mempool test vector 1 (block 830,027)', () => {
  // Source: mempool/mempool backend/src/__tests__/api/difficulty-adjustment.test.ts, vector 1.
  expect(parseDifficultyAdjustment(FIXTURES['/api/v1/difficulty-adjustment'])).toEqual({
    progressPercent: 71.97420634920636,
    difficultyChange: 8.512745140778843,
    estimatedRetargetDate: 1708004001715,
    remainingBlocks: 565,
    nextRetargetHeight: 830592,
  });
  // 830,592 - 830,027 = 565 remaining blocks; 2016 - 565 = 1451 of 2016 = 71.974% done
  expect(830592 - 830027).toBe(565);
  expect(Math.abs((1451 / 2016) * 100 - 71.97420634920636)).toBeLessThan(1e-12);
});

test('reward-stats: satoshi totals arrive as strings; fees per block = totalFee / blocks / 1e8', () => {
  const stats = parseRewardStats(FIXTURES['/api/v1/mining/reward-stats/144']);
  expect(stats).toEqual({ startBlock: 829884, endBlock: 830027, totalReward: 91347284960, totalFee: 1347284960 });
  expect(feesPerBlock(stats as never)).toBeCloseTo(1347284960 / 144 / 1e8, 15);
});

test('prices and CoinGecko', () => {
  expect(parsePrices(FIXTURES['/api/v1/prices'], 'JPY')).toBe(7203573);
  expect(parseCoinGecko({ bitcoin: { usd: 12345 } }, 'USD')).toBe(12345);
  expect(msg(parsePrices({ time: 1, USD: 0 }, 'USD'))).toBe('malformed response: prices.USD is not a positive price');
  expect(msg(parseCoinGecko({ ethereum: { usd: 1 } }, 'USD'))).toBe('malformed response: bitcoin is not an object');
});

test('tip height is plain text', () => {
  expect(parseTipHeight('830027\n')).toBe(830027);
  expect(msg(parseTipHeight('<html>'))).toBe('malformed response: tip height is not a decimal whole number (<html>)');
});

test.each([
  ['not JSON', () => parseJson('{"a": 1'), 'malformed response: not JSON ({"a": 1)'],
  ['missing field', () => parseDifficultyAdjustment({ progressPercent: 1 }), 'malformed response: difficulty-adjustment.difficultyChange is not a number'],
  ['null body', () => parseHashrate(null), 'malformed response: hashrate is not an object'],
  ['zero difficulty', () => parseHashrate({ currentHashrate: 1, currentDifficulty: 0 }), 'refused currentDifficulty = 0: outside the plausible range 1 to 1e+18'],
  ['text number that is not a number', () => parseRewardStats({ startBlock: 1, endBlock: 2, totalReward: 'x', totalFee: '1' }), 'malformed response: reward-stats.totalReward is not a number'],
  ['window backwards', () => parseRewardStats({ startBlock: 5, endBlock: 2, totalReward: 1, totalFee: 1 }), 'malformed response: reward-stats: endBlock before startBlock'],
])('malformed: %s is #N/A with a message', (_, fn, message) => {
  const r = fn();
  expect(isError(r)).toBe(true);
  expect((r as WattError).code).toBe('#N/A');
  expect(msg(r)).toBe(message);
});

describe('plausibility bounds (BOUNDS): an implausible value is #N/A naming the field and the check', () => {
  const da = FIXTURES['/api/v1/difficulty-adjustment'];
  const hr = FIXTURES['/api/v1/mining/hashrate/3d'];
  const rs = FIXTURES['/api/v1/mining/reward-stats/144'];
  test.each([
    ['a price of 1e30 USD', () => parsePrices({ USD: 1e30 }, 'USD'), 'refused prices.USD = 1e+30: outside the plausible range 1 to 1e+8 USD per BTC'],
    ['a price of 0.5 USD (a wrong unit)', () => parseCoinGecko({ bitcoin: { usd: 0.5 } }, 'USD'), 'refused bitcoin.usd = 0.5: outside the plausible range 1 to 1e+8 USD per BTC'],
    ['a JPY price above 1e11', () => parsePrices({ JPY: 2e11 }, 'JPY'), 'refused prices.JPY = 200000000000: outside the plausible range 1 to 1e+11 JPY per BTC'],
    // 1e22 BTC x 144 blocks x 1e8 sats = 1.44e32 sats in the window
    ['fees of 1e22 BTC a block', () => parseRewardStats({ ...rs, totalFee: '1.44e32' }), 'refused fees (totalFee / blocks / 1e8, BTC per block) = 1e+22: outside the plausible range 0 to 50 BTC per block'],
    ['a negative fee total', () => parseRewardStats({ ...rs, totalFee: '-1' }), 'refused fees (totalFee / blocks / 1e8, BTC per block) = -6.94444444444e-11: outside the plausible range 0 to 50 BTC per block'],
    ['a difficulty of 1e300', () => parseHashrate({ ...hr, currentDifficulty: 1e300 }), 'refused currentDifficulty = 1e+300: outside the plausible range 1 to 1e+18'],
    ['a hashrate of 0', () => parseHashrate({ ...hr, currentHashrate: 0 }), 'refused currentHashrate = 0: outside the plausible range above 0 to 1e+7 EH/s'],
    ['a negative hashrate', () => parseHashrate({ ...hr, currentHashrate: -5e20 }), 'refused currentHashrate = -500: outside the plausible range above 0 to 1e+7 EH/s'],
    ['a height of 0x10', () => parseTipHeight('0x10'), 'malformed response: tip height is not a decimal whole number (0x10)'],
    ['a height of 1e5', () => parseTipHeight('1e5'), 'malformed response: tip height is not a decimal whole number (1e5)'],
    ['a height past block 10 million', () => parseTipHeight('99999999999'), 'refused tip height = 99999999999: outside the plausible range 0 to 1e+7 (block height)'],
    ['a JSON height of "0x10"', () => parseDifficultyAdjustment({ ...da, nextRetargetHeight: '0x10' }), 'malformed response: difficulty-adjustment.nextRetargetHeight is not a number'],
    ['a retarget height not a multiple of 2016', () => parseDifficultyAdjustment({ ...da, nextRetargetHeight: 830593 }), 'malformed response: nextRetargetHeight 830593 is not a multiple of 2016'],
    ['a retarget change of +500%', () => parseDifficultyAdjustment({ ...da, difficultyChange: 500 }), 'refused difficultyChange = 500: outside the plausible range -75 to 300 %'],
    // 1708004001 (seconds sent where milliseconds are expected) is 1970-01-20, before previousTime
    ['a retarget date in seconds', () => parseDifficultyAdjustment({ ...da, estimatedRetargetDate: 1708004001 }), expect.stringMatching(/^refused estimatedRetargetDate \(days after previousTime\) = -19\d{3}\.\d+: outside the plausible range above 0 to 366 days$/)],
    ['a start before the genesis block', () => parseDifficultyAdjustment({ ...da, previousTime: 0 }), expect.stringMatching(/^refused previousTime \(ms after the genesis block\) = -1231006505000/)],
  ])('%s', (_, fn, message) => {
    const r = fn();
    expect(isError(r)).toBe(true);
    expect((r as WattError).code).toBe('#N/A');
    expect(msg(r)).toEqual(message);
  });

  test('the recorded answers pass', () => {
    expect(isError(parseDifficultyAdjustment(da))).toBe(false);
    expect(isError(parseHashrate(hr))).toBe(false);
    expect(isError(parseRewardStats(rs))).toBe(false);
  });

  test('a tip height never goes backwards; equal or higher passes', () => {
    expect(checkHeightProgress(830027, undefined)).toBe(830027);
    expect(checkHeightProgress(830027, 830027)).toBe(830027);
    expect(checkHeightProgress(830028, 830027)).toBe(830028);
    expect(msg(checkHeightProgress(830000, 830027))).toBe('refused tip height = 830000: below the last good height 830027 (a chain tip never goes backwards)');
  });

  test('every bound states its reason; today\'s values lie well inside', () => {
    for (const b of Object.values(BOUNDS)) expect(b.why.length).toBeGreaterThan(30);
    // late 2025: difficulty ~1.5e14, ~1,075 EH/s, height ~925,000, fees ~0.02-0.05 BTC, ~$90,000
    expect(1.5e14 * 100).toBeLessThan(BOUNDS.difficulty.max);
    expect(1075 * 100).toBeLessThan(BOUNDS.hashrate.max);
    expect(90_000 * 100).toBeLessThan(BOUNDS.btc_price.max);
  });
});

test('no input makes a parser throw; every number they return is finite (property)', () => {
  const parsers = [parseDifficultyAdjustment, parseHashrate, parseRewardStats, (j: unknown) => parsePrices(j, 'USD'), (j: unknown) => parseCoinGecko(j, 'EUR')];
  fc.assert(
    fc.property(fc.anything(), (x) => {
      for (const f of parsers) {
        const r = f(x);
        if (isError(r)) continue;
        const numbers = typeof r === 'number' ? [r] : Object.values(r as object);
        expect(numbers.every((n) => typeof n === 'number' && Number.isFinite(n))).toBe(true);
      }
    }),
  );
  fc.assert(
    fc.property(fc.string(), (s) => {
      const h = parseTipHeight(s);
      expect(isError(h) || (Number.isInteger(h) && h >= 0)).toBe(true);
      parseJson(s);
    }),
  );
});

test('metric, currency and source names: case- and space-insensitive, else #VALUE! listing the accepted', () => {
  expect(parseMetric(' Implied Hashrate ')).toBe('implied_hashrate');
  expect(parseMetric('next-retarget-height')).toBe('next_retarget_height');
  expect(parseDataMetric('BTC_PRICE')).toBe('btc_price');
  expect(parseCurrency('eur')).toBe('EUR');
  const e = parseMetric('btc_price') as WattError;
  expect(e.code).toBe('#VALUE!');
  expect(e.message).toContain('accepted: difficulty, hashrate');
});

test('derived metrics', () => {
  const hashrate = { currentHashrate: 5.6034e20, currentDifficulty: 75502165623893.94 };
  expect(deriveMetric('hashrate', { hashrate })).toBeCloseTo(560.34, 10);
  // Difficulty 1 = 2^32 hashes a block at 600 s a block: D x 2^32 / 600 / 1e18 EH/s
  expect(deriveMetric('implied_hashrate', { hashrate })).toBeCloseTo(540.4656, 4);
  // subsidy of the next block: tip 839,999 → block 840,000 is the fourth halving, 3.125 BTC
  expect(deriveMetric('subsidy', { 'tip-height': 839999 })).toBe(3.125);
  expect(deriveMetric('subsidy', { 'tip-height': 839998 })).toBe(6.25);
  // 1708004001715 ms = 2024-02-15 13:33:21.715 UTC
  const da = parseDifficultyAdjustment(FIXTURES['/api/v1/difficulty-adjustment']) as never;
  expect(deriveMetric('retarget_date', { 'difficulty-adjustment': da })).toBeCloseTo(45337 + (13 * 3600 + 33 * 60 + 21.715) / 86400, 9);
  expect(isError(deriveMetric('hashprice', { hashrate }))).toBe(true);
});

test('Retry-After: seconds or an HTTP date (RFC 9110 §10.2.3)', () => {
  const now = Date.UTC(2024, 1, 11, 12, 0, 0);
  expect(parseRetryAfter('120', now)).toBe(120_000);
  expect(parseRetryAfter('Sun, 11 Feb 2024 12:05:00 GMT', now)).toBe(300_000);
  expect(parseRetryAfter('Sun, 11 Feb 2024 11:00:00 GMT', now)).toBe(0);
  expect(parseRetryAfter('soon', now)).toBeUndefined();
  expect(parseRetryAfter(null, now)).toBeUndefined();
});

test('Retry-After is capped at an hour, in seconds or as a date', () => {
  const now = Date.UTC(2024, 1, 11, 12, 0, 0);
  expect(parseRetryAfter('3600', now)).toBe(3_600_000);
  expect(parseRetryAfter('86400', now)).toBe(3_600_000);
  expect(parseRetryAfter('99999999999999999999999', now)).toBe(3_600_000);
  expect(parseRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT', now)).toBe(3_600_000);
});
