/**
 * The workbench's number formats against what Excel shows (Excel for Microsoft 365, standard-width
 * columns; each expected text is what Excel displays for the value under the format).
 */
import { formatColor, formatGeneral, formatValue as f, isDateFormat, roundTo, serialFromDate } from '../../src/workbench/numfmt';
import { F, verdictFormat } from '../../src/templates/builder';

test.each([
  [1234567.891, '#,##0', '1,234,568'],
  [1234567.891, '#,##0.00', '1,234,567.89'],
  [0.1234, '0.0%', '12.3%'],
  [0.95, '0%', '95%'],
  [-1234.5, '$#,##0', '-$1,235'],
  [87000, '$#,##0', '$87,000'],
  [0.045, '$#,##0.000', '$0.045'],
  [12345678, '$#,##0.0,,"M"', '$12.3M'],
  [2345678901, '$#,##0.00,,,"B"', '$2.35B'],
  [12.345, '0.0 "yrs"', '12.3 yrs'],
  [0.000421, '0.000000', '0.000421'],
  [-5, '#,##0;(#,##0)', '(5)'],
  [0, '#,##0;(#,##0);"-"', '-'],
  [1.005, '0.00', '1.01'],
  [1234.5, '0.00E+00', '1.23E+03'],
  [0.5, '#.##', '.5'],
  [3, '0.0#', '3.0'],
])('%p under %s shows %s', (value, format, shown) => {
  expect(f(value, format)).toBe(shown);
});

test('dates on the 1900 system, with Excel\'s phantom 1900-02-29', () => {
  expect(f(serialFromDate(2026, 11, 22), 'yyyy-mm-dd')).toBe('2026-11-22');
  expect(serialFromDate(2024, 4, 20)).toBe(45402); // Excel: =DATE(2024,4,20) is 45402
  expect(f(1, 'yyyy-mm-dd')).toBe('1900-01-01');
  expect(f(60, 'yyyy-mm-dd')).toBe('1900-02-29');
  expect(f(61, 'yyyy-mm-dd')).toBe('1900-03-01');
  expect(f(46000.75, 'yyyy-mm-dd hh:mm')).toBe('2025-12-09 18:00');
  expect(f(46000, 'mmm yyyy')).toBe('Dec 2025');
  expect(f(46000, 'yyyy-mm')).toBe('2025-12');
  expect(f(46000.5, 'h:mm AM/PM')).toBe('12:00 PM');
  expect(isDateFormat('yyyy-mm-dd')).toBe(true);
  expect(isDateFormat('#,##0')).toBe(false);
});

test('General, text and booleans', () => {
  expect(f(1234.5, 'General')).toBe('1234.5');
  expect(f(1 / 3)).toBe('0.333333333');
  expect(formatGeneral(123456789012)).toBe('1.23457E+11');
  expect(formatGeneral(-2.5e-10)).toBe('-2.5E-10');
  expect(f('abc', '@')).toBe('abc');
  expect(f('abc', '#,##0')).toBe('abc');
  expect(f(true, '#,##0')).toBe('TRUE');
  expect(f(null, '#,##0')).toBe('');
  expect(f(Infinity, '#,##0')).toBe('#NUM!');
});

test('every format the templates use renders a number without leftovers of the format', () => {
  for (const format of Object.values(F)) {
    // (a negative date is ##### in Excel, as here)
    for (const value of format === F.date ? [1234.5678] : [1234.5678, -1234.5678]) {
      const text = f(value, format);
      expect(text).not.toMatch(/[#?"\\[\]]|0\.0[#,]/);
      expect(text.length).toBeGreaterThan(0);
    }
  }
});

// The banker's formats of the templates, with their negative sections, against what Excel shows.
test.each([
  [-1234.5, F.usd0, '($1,235)'],
  [1234.5, F.usd0, '$1,235'],
  [0, F.usd0, '$0'],
  [-0.4, F.usd0, '($0)'], // Excel picks the section by the sign before rounding
  [-12.345, F.usd2, '($12.35)'],
  [-0.0455, F.usd3, '($0.046)'],
  [-179_300_000, F.usdM, '($179.3M)'],
  [823_900_000, F.usdM, '$823.9M'],
  [-1_940_000_000, F.usdM, '($1,940.0M)'],
  [-9_700_000_000, F.usdB, '($9.70B)'],
  [-5429.4, F.int, '(5,429)'],
  [-2.25, F.num1, '(2.3)'],
  [-0.0213, F.btc, '(0.0213)'],
  [0.000421, F.btc6, '0.000421'],
  [-0.047, F.pct, '(4.7%)'],
  [-0.0475, F.pct2, '(4.75%)'],
  [-8.04, F.years, '(8.0 yrs)'],
  [-92_387, F.lossUsd0, '($92,387)'],
  [-33_700_000, F.lossUsdM, '($33.7M)'],
  [-0.474, F.lossPct, '(47.4%)'],
])('%p under %s shows %s', (value, format, shown) => {
  expect(f(value, format)).toBe(shown);
});

test('colour: red only in the section of a loss, never for a plain negative', () => {
  expect(formatColor(-5, F.lossUsd0)).toBe('#FF0000');
  expect(formatColor(5, F.lossUsd0)).toBeUndefined();
  expect(formatColor(0, F.lossUsd0)).toBeUndefined();
  expect(formatColor(-5, F.usd0)).toBeUndefined();
  expect(formatColor(-5, '[Blue]0;[Red]-0')).toBe('#FF0000');
  expect(formatColor(5, '[Blue]0;[Red]-0')).toBe('#0000FF');
  expect(formatColor(0, '0;0;[Green]0')).toBe('#00FF00');
  expect(formatColor('x', '0;0;0;[Magenta]@')).toBe('#FF00FF');
  expect(formatColor(-5, '"[Red]"0;"[Red]"0')).toBeUndefined(); // quoted text is not a colour
  for (const format of Object.values(F).filter((x) => !/\[Red\]/.test(x))) expect(formatColor(-1, format)).toBeUndefined();
  const verdict = verdictFormat('Keep mining', 'Curtail "now"');
  expect([f(1, verdict), formatColor(1, verdict)]).toEqual(['Keep mining', undefined]);
  expect([f(-1, verdict), formatColor(-1, verdict)]).toEqual(["Curtail 'now'", '#FF0000']);
});

test('rounding is half away from zero after 15 significant digits', () => {
  expect(roundTo(2.5, 0)).toBe(3);
  expect(roundTo(-2.5, 0)).toBe(-3);
  expect(roundTo(0.1 + 0.2, 15)).toBe(0.3);
  expect(roundTo(1.005, 2)).toBe(1.01);
});
