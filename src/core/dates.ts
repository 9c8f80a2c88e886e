/**
 * Excel date serials, 1900 date system (Excel for Windows' default), exactly as Excel numbers them:
 * serial 1 is 1900-01-01, 39448 is 2008-01-01, 2958465 is 9999-12-31 (Microsoft, "DATE function" and
 * "Date systems in Excel"), and 25569 is 1970-01-01 00:00 UTC. A serial's fraction is the time of day.
 *
 * Excel counts a 1900-02-29 that never was (serial 60; Microsoft KB 214326 "Excel incorrectly assumes
 * that the year 1900 is a leap year"). So:
 *  - calendar dates → serials: 1900-01-01..1900-02-28 are 1..59, 1900-02-29 is 60 (Excel's calendar
 *    only), 1900-03-01 is 61 and every later date follows without a gap (`serialFromYmd`);
 *  - instants (JS `Date`, UTC) → serials (`serialFromDate`, `serialFromUtc`): real instants never fall
 *    in [60, 61), the phantom day; an instant before 1900-03-01 is one less than a plain day count;
 *  - serials → instants (`dateFromSerial`): the phantom day collapses to one instant, 1900-03-01 00:00
 *    UTC (the real midnight at its end), so a date computed from serial 60.x is 1900-03-01;
 *  - serials → calendar dates (`excelYmd`, `isoDate`): 60 is 1900-02-29, as Excel shows it.
 * No Watt function returns a serial in [60, 61): its dates come from real instants.
 */
import { Messages, numError, Result, valueError } from './errors';

export const UNIX_EPOCH_SERIAL = 25569;
export const MS_PER_DAY = 86_400_000;
/** 1900-01-01, the first date of Excel's 1900 date system. */
export const FIRST_SERIAL = 1;
/** 9999-12-31, the last date Excel shows (its time of day runs to serial 2958465.99999...). */
export const LAST_SERIAL = 2958465;
/** Excel's fictitious 1900-02-29. */
export const PHANTOM_LEAP_DAY = 60;

/** Plain day count from 1899-12-30 (what the serial would be without the phantom day). */
function dayCount(ms: number): number {
  return ms / MS_PER_DAY + UNIX_EPOCH_SERIAL;
}

/** Serial of an instant (UTC). */
export function serialFromDate(date: Date): number {
  const days = dayCount(date.getTime());
  return days < 61 ? days - 1 : days; // before 1900-03-01 Excel counts one day fewer than the day count
}

/** The instant (UTC) of a serial; the phantom day [60, 61) is 1900-03-01 00:00 UTC. */
export function dateFromSerial(serial: number): Date {
  const days = serial >= 61 ? serial : serial >= 60 ? 61 : serial + 1;
  return new Date(Math.round((days - UNIX_EPOCH_SERIAL) * MS_PER_DAY));
}

/** Serial of a UTC calendar date and time (month 1..12; out-of-range months and days roll over as Date.UTC does). */
export function serialFromUtc(year: number, month: number, day: number, hours = 0, minutes = 0): number {
  return serialFromDate(new Date(Date.UTC(year, month - 1, day, hours, minutes)));
}

/** Serial of a date of Excel's calendar (1900-02-29 is 60); undefined when there is no such date. */
export function serialFromYmd(year: number, month: number, day: number): number | undefined {
  if (![year, month, day].every(Number.isInteger) || month < 1 || month > 12 || day < 1) return undefined;
  if (year === 1900 && month === 2 && day === 29) return PHANTOM_LEAP_DAY;
  const probe = new Date(0);
  probe.setUTCFullYear(year, month - 1, day); // Date.UTC would read years 0..99 as 1900..1999
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  return serialFromDate(probe);
}

/** Excel's calendar date of a serial (60 is 1900-02-29; 0 is Excel's "1900-01-00"), time of day ignored. */
export function excelYmd(serial: number): { year: number; month: number; day: number } {
  const whole = Math.floor(serial);
  if (whole === 0) return { year: 1900, month: 1, day: 0 };
  if (whole === PHANTOM_LEAP_DAY) return { year: 1900, month: 2, day: 29 };
  const d = dateFromSerial(whole);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO date (YYYY-MM-DD) of a serial as Excel shows it (60 is 1900-02-29). */
export function isoDate(serial: number): string {
  const { year, month, day } = excelYmd(serial);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The one check every Watt function that returns a date goes through: a serial Excel can show
 * (1900-01-01 through 9999-12-31, time of day included), else `#NUM!` saying which date and why.
 */
export function dateResult(serial: number, what: string): Result<number> {
  if (!Number.isFinite(serial) || serial < FIRST_SERIAL || serial >= LAST_SERIAL + 1) {
    return numError(Messages.dateOutOfRange(what, serial));
  }
  return serial;
}

// ----- Typed dates and times, as Excel (en-US) reads them --------------------------------------

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function monthOf(name: string): number | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  const i = n === 'sept' ? 8 : n.length === 3 ? MONTH_NAMES.indexOf(n) : FULL_MONTHS.indexOf(n);
  return i >= 0 ? i + 1 : undefined;
}

/** Two-digit years as Excel reads them: 00-29 are 2000-2029, 30-99 are 1930-1999. */
function fullYear(text: string): number {
  const y = Number(text);
  return text.length <= 2 ? (y < 30 ? 2000 + y : 1900 + y) : y;
}

export interface TypedDateTime {
  year?: number;
  month?: number;
  day?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
}

const MONTH = '([A-Za-z]{3,9}\\.?)';
/** Date forms Excel en-US turns into a date when typed (the year is always given; see docs/units.md). */
const DATE_FORMS: { re: RegExp; ymd: (m: RegExpExecArray) => [string, string | number | undefined, string] }[] = [
  { re: /^(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})$/, ymd: (m) => [m[4], m[1], m[3]] }, // 7/1/2026, 7-1-26
  { re: /^(\d{4})([/-])(\d{1,2})\2(\d{1,2})$/, ymd: (m) => [m[1], m[3], m[4]] }, // 2026-07-01, 2026/7/1
  { re: new RegExp(`^(\\d{1,2})([-/ ])${MONTH}\\2(\\d{4}|\\d{2})$`), ymd: (m) => [m[4], monthOf(m[3]), m[1]] }, // 1-Jul-2026, 1 July 2026
  { re: new RegExp(`^${MONTH} (\\d{1,2}),? (\\d{4})$`), ymd: (m) => [m[3], monthOf(m[1]), m[2]] }, // Jul 1, 2026; July 1 2026
];
const TIME = /^(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}(?:\.\d+)?))?(?:\s*([AaPp])[Mm]?)?$/;

function parseTime(text: string): TypedDateTime | undefined {
  const m = TIME.exec(text);
  if (!m || (m[2] === undefined && m[4] === undefined)) return undefined; // "7" alone is a number
  let hours = Number(m[1]);
  const minutes = m[2] === undefined ? 0 : Number(m[2]);
  const seconds = m[3] === undefined ? 0 : Number(m[3]);
  if (m[4] !== undefined) {
    if (hours < 1 || hours > 12) return undefined;
    hours = (hours % 12) + (/p/i.test(m[4]) ? 12 : 0);
  }
  if (hours > 23 || minutes > 59 || seconds >= 60) return undefined;
  return { hours, minutes, seconds };
}

/** A typed date and whether its year was written with two digits (7/1/26), which Excel reads by its century rule. */
interface TypedDay {
  date: TypedDateTime;
  shortYear: boolean;
}

function parseDay(text: string): TypedDay | undefined {
  for (const form of DATE_FORMS) {
    const m = form.re.exec(text);
    if (!m) continue;
    const [y, mo, d] = form.ymd(m);
    const year = fullYear(y);
    const month = Number(mo);
    const day = Number(d);
    if (year < 1900 || year > 9999 || serialFromYmd(year, month, day) === undefined) return undefined;
    return { date: { year, month, day }, shortYear: y.length <= 2 };
  }
  return undefined;
}

/** The one reading of typed text behind `parseTypedDateTime` and `dateArgument`. */
function readTyped(text: string): TypedDay | undefined {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t === '') return undefined;
  const day = parseDay(t);
  if (day) return day;
  const time = parseTime(t);
  if (time) return { date: time, shortYear: false };
  // A date and a time: split at the first space that leaves a time behind it.
  for (let i = t.indexOf(' '); i > 0; i = t.indexOf(' ', i + 1)) {
    const d = parseDay(t.slice(0, i));
    const h = d && parseTime(t.slice(i + 1));
    if (d && h) return { date: { ...d.date, ...h }, shortYear: d.shortYear };
  }
  return undefined;
}

/**
 * Reads typed text as Excel en-US does: a date (7/1/2026 is July 1; 2026-07-01; Jul 1, 2026;
 * 1-Jul-2026; two-digit years 00-29 → 20xx), a time (14:30, 2:30 PM, 9:05:10), or a date then a
 * time. Anything else is undefined (the text stays text). Dates from 1900-01-01 to 9999-12-31.
 */
export function parseTypedDateTime(text: string): TypedDateTime | undefined {
  return readTyped(text)?.date;
}

function serialOf(p: TypedDateTime): number {
  const day = p.year === undefined ? 0 : serialFromYmd(p.year, p.month!, p.day!)!;
  const time = p.hours === undefined ? 0 : (p.hours * 3600 + p.minutes! * 60 + p.seconds!) / 86400;
  return day + time;
}

/** The serial of typed text (see `parseTypedDateTime`): a date, a time of day (a fraction), or both. */
export function serialFromTyped(text: string): number | undefined {
  const p = parseTypedDateTime(text);
  return p ? serialOf(p) : undefined;
}

/** What a date argument accepts, as its messages list it. */
export const DATE_ARGUMENT_FORMS =
  '2026-07-01, 2026/7/1, 7/1/2026 (month first), 7-1-2026, Jul 1, 2026, July 1 2026, 1-Jul-2026, 1 July 2026, any of these then a time (7/1/2026 14:30), or an Excel serial (46204)';

/**
 * A date given as text for an argument (the command line's `--set NAME=VALUE` on a date input), read
 * by the same parser as typed cells (`parseTypedDateTime`, Excel en-US), or an Excel serial written as
 * a plain number (46204, 46,204, 46204.5). Refused with `#VALUE!` naming `arg` and the accepted forms:
 * text that is no date, a two-digit year (7/1/26: Excel reads 00-29 as 20xx and 30-99 as 19xx, a
 * century a scenario should not leave to a rule), a time of day without a date, and a serial outside
 * 1900-01-01..9999-12-31.
 */
export function dateArgument(text: string, arg: string): Result<number> {
  const t = text.trim();
  const typed = readTyped(t);
  if (typed) {
    if (typed.date.year === undefined) return valueError(Messages.dateIsTime(arg, t, DATE_ARGUMENT_FORMS));
    if (typed.shortYear) return valueError(Messages.dateTwoDigitYear(arg, t, DATE_ARGUMENT_FORMS));
    return serialOf(typed.date);
  }
  if (/^(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/.test(t)) {
    const serial = Number(t.replace(/,/g, ''));
    if (serial >= FIRST_SERIAL && serial < LAST_SERIAL + 1) return serial;
    return valueError(Messages.outOfRange(arg, `a date from 1900-01-01 (serial 1) to 9999-12-31 (serial ${LAST_SERIAL})`, serial));
  }
  return valueError(Messages.notADate(arg, DATE_ARGUMENT_FORMS, t));
}
