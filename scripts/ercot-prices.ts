/**
 * Builds data/ercot-hb-west-hourly.csv: ERCOT real-time settlement point prices (RT SPP) at the West hub
 * (HB_WEST), hourly, 2023-01-01 to 2024-12-31 (Central time), from the 15-minute prices compiled in the
 * public repository github.com/melonmelonz/fluxcore at commit 62c0cf4a0d2efa2564825e63a8854683c5a99800,
 * files public/data/archive/HB_WEST/2023-01.json .. 2024-12.json (last changed in commit 19a9fbbb,
 * 2026-06-11). That repository's script scripts/ingest/build_archive.py wrote them from ERCOT's yearly
 * "Historical RTM Load Zone and Hub Prices" reports (NP6-785-ER, RTMLZHBSPP_<year>) as read by the
 * open-source gridstatus library (`Ercot().get_rtm_spp(year)`), keeping per interval {t: interval start,
 * epoch ms UTC, price: SPP in USD per MWh rounded to cents}; months are Central-time months.
 *
 * Transformation, and nothing else:
 *   1. read the 24 monthly files (hub must be HB_WEST), every 15-minute interval in time order;
 *   2. group the intervals by the hour that contains their start (UTC hours; every Central hour is a
 *      UTC hour, Central time being UTC-6 or UTC-5), which must hold exactly 4 intervals at :00, :15,
 *      :30 and :45;
 *   3. the hour's price is the arithmetic mean of its four 15-minute prices, computed exactly in
 *      hundredths of a cent (a mean of four cent amounts has at most four decimals), and written
 *      with as many decimals as it needs;
 *   4. label each hour as ERCOT does: delivery_date (Central), hour_ending 1..24 (Central), and
 *      repeated_hour Y for the second 01:00-02:00 of the day daylight saving time ends (ERCOT's
 *      "Repeated Hour Flag"), else N.
 * It then checks the series (counts of intervals and hours per year, the short and long DST days, the
 * range of prices) and stops with a message when a check fails. test/data/ercot-prices.test.ts repeats
 * the checks on the CSV.
 *
 * Usage: npx tsx scripts/ercot-prices.ts <dir>   where <dir> holds the 24 files, e.g. exported by
 *   git -C <clone of melonmelonz/fluxcore> archive 62c0cf4a0d2efa2564825e63a8854683c5a99800 public/data/archive/HB_WEST | tar -x
 * The build, the tests and the add-in never run it: they read data/ only.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..');
export const CSV_PATH = join(ROOT, 'data', 'ercot-hb-west-hourly.csv');
export const CSV_HEADER = 'hour_start_utc,delivery_date,hour_ending,repeated_hour,rt_spp_usd_per_mwh';

const MONTHS = [2023, 2024].flatMap((y) => Array.from({ length: 12 }, (_, m) => `${y}-${String(m + 1).padStart(2, '0')}`));
const HOUR_MS = 3_600_000;

interface Interval {
  t: number;
  price: number;
}

const central = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });

/** Central date (YYYY-MM-DD) and hour (0..23) of an instant. */
export function centralParts(ms: number): { date: string; hour: number } {
  const parts = Object.fromEntries(central.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/** A mean of four prices in cents, as a decimal text with no rounding (at most four decimals). */
function meanText(prices: number[]): string {
  const cents = prices.map((p) => Math.round(p * 100));
  prices.forEach((p, i) => {
    if (Math.abs(cents[i] / 100 - p) > 1e-9) throw new Error(`price ${p} is not a whole number of cents`);
  });
  // The mean of four amounts summing to S cents is S / 4 cents = S x 25 ten-thousandths of a dollar: exact in integers.
  const sumCents = cents.reduce((a, b) => a + b, 0);
  const sign = sumCents < 0 ? '-' : '';
  const tenThousandths = Math.abs(sumCents) * 25;
  const whole = Math.floor(tenThousandths / 10_000);
  const frac = String(tenThousandths % 10_000).padStart(4, '0').replace(/0+$/, '');
  return `${sign}${whole}${frac ? '.' + frac : ''}`;
}

export interface HourRow {
  hourStartUtc: number;
  deliveryDate: string;
  hourEnding: number;
  repeated: boolean;
  price: number;
  text: string;
}

/** The hourly rows from the 15-minute intervals (steps 2 to 4 above). */
export function hourly(intervals: readonly Interval[]): HourRow[] {
  const rows: HourRow[] = [];
  for (let i = 0; i < intervals.length; i += 4) {
    const four = intervals.slice(i, i + 4);
    const start = four[0].t;
    if (start % HOUR_MS !== 0) throw new Error(`interval ${new Date(start).toISOString()} does not start an hour`);
    four.forEach((x, k) => {
      if (x.t !== start + k * 900_000) throw new Error(`hour ${new Date(start).toISOString()}: interval ${k + 1} missing or out of order`);
    });
    const { date, hour } = centralParts(start);
    const previous = rows[rows.length - 1];
    const repeated = previous !== undefined && previous.deliveryDate === date && previous.hourEnding === hour + 1;
    const text = meanText(four.map((x) => x.price));
    rows.push({ hourStartUtc: start, deliveryDate: date, hourEnding: hour + 1, repeated, price: Number(text), text });
  }
  return rows;
}

export function csvText(rows: readonly HourRow[]): string {
  const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z');
  return [CSV_HEADER, ...rows.map((r) => `${iso(r.hourStartUtc)},${r.deliveryDate},${r.hourEnding},${r.repeated ? 'Y' : 'N'},${r.text}`)].join('\n') + '\n';
}

/** Reads the CSV back: the rows in time order. */
export function readCsv(text: string): HourRow[] {
  const lines = text.trim().split(/\r?\n/);
  if (lines[0] !== CSV_HEADER) throw new Error(`data/ercot-hb-west-hourly.csv: header must be ${CSV_HEADER}`);
  return lines.slice(1).map((line) => {
    const [utc, date, he, rep, price] = line.split(',');
    return { hourStartUtc: Date.parse(utc), deliveryDate: date, hourEnding: Number(he), repeated: rep === 'Y', price: Number(price), text: price };
  });
}

/** Plausibility of the hourly series; returns the problems found (empty: plausible). */
export function checkSeries(rows: readonly HourRow[]): string[] {
  const problems: string[] = [];
  const byYear = new Map<string, number>();
  const byDate = new Map<string, number>();
  for (const r of rows) {
    byYear.set(r.deliveryDate.slice(0, 4), (byYear.get(r.deliveryDate.slice(0, 4)) ?? 0) + 1);
    byDate.set(r.deliveryDate, (byDate.get(r.deliveryDate) ?? 0) + 1);
    if (!Number.isFinite(r.price)) problems.push(`${r.deliveryDate} HE${r.hourEnding}: not a number`);
    // ERCOT's offer floor is -250 USD/MWh and the system-wide cap (HCAP, with the ORDC adder) 5,000
    // USD/MWh since 2022; a hub's price adds its congestion to the system price, so an hourly hub price
    // somewhat above 5,000 is real (see data/README.md); beyond 6,000 or below -251 something is wrong.
    if (r.price < -251 || r.price > 6000) problems.push(`${r.deliveryDate} HE${r.hourEnding}: ${r.price} USD/MWh outside -251 to 6,000`);
  }
  for (const r of rows.slice(1).map((r, i) => [rows[i], r] as const)) {
    if (r[1].hourStartUtc - r[0].hourStartUtc !== HOUR_MS) problems.push(`gap or overlap after ${new Date(r[0].hourStartUtc).toISOString()}`);
  }
  if (byYear.get('2023') !== 8760) problems.push(`2023 has ${byYear.get('2023')} hours, not 8,760`);
  if (byYear.get('2024') !== 8784) problems.push(`2024 has ${byYear.get('2024')} hours, not 8,784 (a leap year)`);
  // Daylight saving time: 23-hour days on 2023-03-12 and 2024-03-10, 25-hour days on 2023-11-05 and 2024-11-03.
  for (const [date, hours] of byDate) {
    const expected = ['2023-03-12', '2024-03-10'].includes(date) ? 23 : ['2023-11-05', '2024-11-03'].includes(date) ? 25 : 24;
    if (hours !== expected) problems.push(`${date} has ${hours} hours, not ${expected}`);
  }
  const repeated = rows.filter((r) => r.repeated).map((r) => `${r.deliveryDate} HE${r.hourEnding}`);
  if (repeated.join(';') !== '2023-11-05 HE2;2024-11-03 HE2') problems.push(`repeated hours ${repeated.join(', ')}, expected 2023-11-05 HE2 and 2024-11-03 HE2`);
  return problems;
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: npx tsx scripts/ercot-prices.ts <dir with 2023-01.json .. 2024-12.json of HB_WEST>');
    process.exit(2);
  }
  const intervals: Interval[] = [];
  for (const month of MONTHS) {
    const chunk = JSON.parse(readFileSync(join(dir, `${month}.json`), 'utf8')) as { hub: string; month: string; rtm: Interval[] };
    if (chunk.hub !== 'HB_WEST' || chunk.month !== month) throw new Error(`${month}.json: hub ${chunk.hub}, month ${chunk.month}`);
    intervals.push(...chunk.rtm);
  }
  intervals.sort((a, b) => a.t - b.t);
  const rows = hourly(intervals);
  const problems = checkSeries(rows);
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  writeFileSync(CSV_PATH, csvText(rows));
  console.log(`wrote ${CSV_PATH}: ${intervals.length} intervals, ${rows.length} hours`);
}
