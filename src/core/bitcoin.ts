/**
 * Bitcoin's issuance schedule and the difficulty-to-hashrate identity.
 * Method: Bitcoin Core `GetBlockSubsidy` (src/validation.cpp): 50 BTC in satoshis shifted right once
 * per 210,000 blocks, 0 once the shift reaches 64. Difficulty 1 is 2^32 hashes per block on average
 * (the difficulty-1 target 0x00000000FFFF... ≈ 2^224 of a 2^256 space), and a block is due every 600 s.
 */
import { dateResult, serialFromUtc } from './dates';
import { Messages, numError, Result } from './errors';

export const HALVING_INTERVAL = 210_000;
export const INITIAL_SUBSIDY_SATS = 5_000_000_000n;
export const SATS_PER_BTC = 100_000_000;
export const TARGET_BLOCK_SECONDS = 600;
export const BLOCKS_PER_DAY = 144;

/** Block subsidy in BTC at a height (integer >= 0). Exact: integer shift as Bitcoin Core does. */
export function subsidy(height: number): number {
  const halvings = Math.floor(height / HALVING_INTERVAL);
  if (halvings >= 64) return 0;
  return Number(INITIAL_SUBSIDY_SATS >> BigInt(halvings)) / SATS_PER_BTC;
}

/**
 * Estimated height mined by a date: ref_height + floor(minutes elapsed / block_minutes).
 * Dates before the reference count back the same way; a date before the genesis block is `#NUM!`.
 */
export function blockHeight(dateSerial: number, refHeight: number, refDateSerial: number, blockMinutes: number): Result<number> {
  const minutes = (dateSerial - refDateSerial) * 1440;
  // A tolerance of 1e-9 blocks keeps a date that is exactly k blocks after the reference on k
  // despite the binary representation of minutes in a day.
  const height = refHeight + Math.floor(minutes / blockMinutes + 1e-9);
  if (height < 0) return numError(Messages.beforeGenesis('date', dateSerial));
  return height;
}

/** The four halvings that happened, UTC dates of blocks 210,000, 420,000, 630,000 and 840,000. */
export const PAST_HALVINGS: readonly number[] = [
  serialFromUtc(2012, 11, 28), // block 210,000 (mempool.space / blockchain explorers)
  serialFromUtc(2016, 7, 9), // block 420,000
  serialFromUtc(2020, 5, 11), // block 630,000
  serialFromUtc(2024, 4, 20), // block 840,000
];

/**
 * Date (Excel serial) of halving n: the actual date for the past four, else estimated from the reference.
 * An estimate outside 1900-01-01..9999-12-31 (a far halving, a slow block time) is `#NUM!`.
 */
export function halvingDate(halving: number, refHeight: number, refDateSerial: number, blockMinutes: number): Result<number> {
  if (halving <= PAST_HALVINGS.length) return PAST_HALVINGS[halving - 1];
  const blocks = halving * HALVING_INTERVAL - refHeight;
  return dateResult(refDateSerial + (blocks * blockMinutes) / 1440, `the date of halving ${halving}`);
}

/** Network hashrate in EH/s implied by a difficulty: difficulty x 2^32 / 600 / 10^18. */
export function impliedHashrate(difficulty: number): number {
  return (difficulty * 2 ** 32) / TARGET_BLOCK_SECONDS / 1e18;
}
