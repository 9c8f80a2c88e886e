/**
 * Excel's 1900 date system in the core: serials of documented dates, the fictitious 1900-02-29, the
 * conversions to and from instants, typed dates as Excel en-US reads them, and the one range check of
 * date results.
 */
import fc from 'fast-check';
import {
  dateArgument,
  dateFromSerial,
  dateResult,
  excelYmd,
  isoDate,
  parseTypedDateTime,
  serialFromDate,
  serialFromTyped,
  serialFromUtc,
  serialFromYmd,
} from '../../src/core/dates';
import { halvingDate } from '../../src/core/bitcoin';
import { deriveMetric } from '../../src/core/network';
import { WattError } from '../../src/core/errors';
import { EXCEL_SERIALS } from '../helpers/excel-dates';


describe('Excel serials of documented dates', () => {
  test.each(EXCEL_SERIALS)('%s is %p', (iso, serial) => {
    const [y, m, d] = iso.split('-').map(Number);
    expect(serialFromYmd(y, m, d)).toBe(serial);
    expect(isoDate(serial)).toBe(iso);
    expect(excelYmd(serial)).toEqual({ year: y, month: m, day: d });
    if (iso !== '1900-02-29') {
      // Real days: the instant conversions agree with Excel's calendar, before 1900-03-01 included.
      expect(serialFromUtc(y, m, d)).toBe(serial);
      expect(dateFromSerial(serial).toISOString().slice(0, 10)).toBe(iso);
    }
  });

  test('there is no 1900-02-30, nor a 29 February in 1900 outside Excel, nor a 2023-02-29', () => {
    expect(serialFromYmd(1900, 2, 30)).toBeUndefined();
    expect(serialFromYmd(2023, 2, 29)).toBeUndefined();
    expect(serialFromYmd(2024, 2, 29)).toBe(45351); // 2024 is a leap year: 45292 (2024-01-01) + 59
  });

  test('the phantom day: no instant maps into [60, 61); serials in it read as 1900-03-01 00:00 UTC', () => {
    expect(serialFromDate(new Date(Date.UTC(1900, 1, 28, 23, 59)))).toBeCloseTo(59 + 1439 / 1440, 10);
    expect(serialFromDate(new Date(Date.UTC(1900, 2, 1)))).toBe(61);
    expect(dateFromSerial(60).toISOString()).toBe('1900-03-01T00:00:00.000Z');
    expect(dateFromSerial(60.5).toISOString()).toBe('1900-03-01T00:00:00.000Z');
    expect(dateFromSerial(59.5).toISOString()).toBe('1900-02-28T12:00:00.000Z');
  });

  test('property: serial → instant → serial is the identity for every real day and time (minute precision)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2958465 }), fc.integer({ min: 0, max: 1439 }), (day, minute) => {
        fc.pre(day !== 60);
        const serial = day + minute / 1440;
        expect(serialFromDate(dateFromSerial(serial))).toBeCloseTo(serial, 8);
      }),
    );
  });

  test('property: consecutive real days are consecutive serials, with 60 skipped between 1900-02-28 and 03-01', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_958_000 }), (k) => {
        const day = new Date(Date.UTC(1900, 0, 1) + k * 86_400_000);
        const next = new Date(day.getTime() + 86_400_000);
        const gap = serialFromDate(next) - serialFromDate(day);
        expect(gap).toBe(day.toISOString().startsWith('1900-02-28') ? 2 : 1);
      }),
    );
  });
});

describe('typed dates as Excel en-US reads them', () => {
  test.each([
    ['7/1/2026', 46204], // July 1, month first (46023 + 181 days)
    ['07/01/2026', 46204],
    ['7/1/26', 46204], // two-digit years 00-29 are 20xx
    ['7/1/30', 11140], // 30-99 are 19xx: 1930-07-01 = 10959 (1930-01-01, = 25569 - 14610 days) + 181
    ['2026-07-01', 46204],
    ['2026/7/1', 46204],
    ['1-Jul-2026', 46204],
    ['1-jul-26', 46204],
    ['1 July 2026', 46204],
    ['Jul 1, 2026', 46204],
    ['July 1 2026', 46204],
    ['Sept 1, 2026', 46266],
    ['8/22/2011', 40777], // [MS-DATEVALUE]
    ['22-MAY-2011', 40685], // [MS-DATEVALUE]
    ['2011/02/23', 40597], // [MS-DATEVALUE]
    ['2/29/1900', 60], // Excel accepts its own leap day
    ['12/31/9999', 2958465],
    ['14:30', 14.5 / 24],
    ['2:30 PM', 14.5 / 24],
    ['12:00 AM', 0],
    ['9:05:10', (9 * 3600 + 5 * 60 + 10) / 86400],
    ['7/1/2026 14:30', 46204 + 14.5 / 24],
    ['Jul 1, 2026 2:30 pm', 46204 + 14.5 / 24],
  ])('%p is %p', (text, serial) => {
    expect(serialFromTyped(text)).toBeCloseTo(serial, 12);
  });

  test.each(['13/1/2026', '2/29/2023', '7/1', '1/2', '12', '1.5', '12 MW', '25:00', '13:00 PM', '7/1/1899', '1-Foo-2026', '', '2026-07-01x'])(
    '%p is not a date (stays text)',
    (text) => {
      expect(parseTypedDateTime(text)).toBeUndefined();
    },
  );
});

describe('dateResult: the one check of every date a Watt function returns', () => {
  test.each([1, 60, 46023.5, 2958465, 2958465.99999])('%p is a date Excel shows', (serial) => {
    expect(dateResult(serial, 'the date')).toBe(serial);
  });
  test.each([0, 0.5, -6596, 2958466, 1e302, NaN, Infinity])('%p is #NUM! with the range in the message', (serial) => {
    const r = dateResult(serial, 'the date') as WattError;
    expect(r).toBeInstanceOf(WattError);
    expect(r.code).toBe('#NUM!');
    expect(r.message).toContain('1900-01-01 (serial 1) to 9999-12-31 (serial 2958465)');
  });

  test('HALVINGDATE estimates outside Excel dates are #NUM! (they were -6596 and 1e302)', () => {
    // A reference far in the past with fast blocks puts halving 5 before 1900; slow blocks past 9999.
    expect((halvingDate(5, 840000, 1, 1e300) as WattError).code).toBe('#NUM!');
    // A reference height past the halving counts back before 1900: 1 + (1,050,000 - 2,000,000) x 10 / 1440.
    const early = halvingDate(5, 2_000_000, 1, 10) as WattError;
    expect(early.code).toBe('#NUM!');
    expect(early.message).toBe(
      'the date of halving 5 falls outside the dates Excel can show, 1900-01-01 (serial 1) to 9999-12-31 (serial 2958465) (got -6596.22222222)',
    );
    expect(halvingDate(64, 0, 1, 1e-3)).toBeCloseTo(1 + (13_440_000 * 1e-3) / 1440, 9); // in range: a number
    expect(halvingDate(5, 840000, 45402 + 9 / 1440, 10)).toBeCloseTo(46860.33958333, 6); // 2028-04-17
  });
});

describe('network dates go through the same check', () => {
  const da = (ms: number) => ({ progressPercent: 50, difficultyChange: 1, estimatedRetargetDate: ms, remainingBlocks: 1000, nextRetargetHeight: 840000 });
  test('retarget_date: 2024-02-15 13:33:21.715 UTC is serial 45337.5648; a date past 9999 or an absurd timestamp is #NUM!', () => {
    expect(deriveMetric('retarget_date', { 'difficulty-adjustment': da(1708004001715) })).toBeCloseTo(45337 + 48801.715 / 86400, 9);
    for (const ms of [Date.UTC(10000, 0, 1), 1e22, -3e12]) {
      const r = deriveMetric('retarget_date', { 'difficulty-adjustment': da(ms) }) as WattError;
      expect(r.code).toBe('#NUM!');
      expect(r.message).toMatch(/^the retarget date falls outside the dates Excel can show/);
    }
  });
});

describe('dateArgument: a date given as text for an argument (the CLI\'s --set), the typed-date parser or a serial', () => {
  test.each([
    ['2026-07-01', 46204], // 46023 (2026-01-01, issue 8) + 181 days
    ['Jul 1, 2026', 46204],
    ['1-Jul-2026', 46204],
    ['7/1/2026 18:00', 46204.75],
    ['46,204', 46204],
    ['60', 60], // Excel's 1900-02-29 (KB 214326)
  ])('%p is %p, as serialFromTyped reads the text', (text, serial) => {
    expect(dateArgument(text, 'start')).toBe(serial);
    if (!/^[\d,]+$/.test(text)) expect(serialFromTyped(text)).toBe(serial);
  });

  test.each(['7/1/26', '14:30', '13/1/2026', 'soon', '0', '2958466', '-5', '1e6'])('%p is #VALUE! naming the argument', (text) => {
    const r = dateArgument(text, 'start') as WattError;
    expect(r).toBeInstanceOf(WattError);
    expect(r.code).toBe('#VALUE!');
    expect(r.message).toMatch(/^start[ :]/);
  });
});
