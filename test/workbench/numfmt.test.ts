/**
 * The workbench's number formats against what Excel shows (Excel for Microsoft 365, standard-width
 * columns; each expected text is what Excel displays for the value under the format).
 */
import { formatGeneral, formatValue as f, isDateFormat, roundTo, serialFromDate } from '../../src/workbench/numfmt';
import { F } from '../../src/templates/builder';

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
    const text = f(1234.5678, format);
    expect(text).not.toMatch(/[#?"\\]|0\.0[#,]/);
    expect(text.length).toBeGreaterThan(0);
  }
});

test('rounding is half away from zero after 15 significant digits', () => {
  expect(roundTo(2.5, 0)).toBe(3);
  expect(roundTo(-2.5, 0)).toBe(-3);
  expect(roundTo(0.1 + 0.2, 15)).toBe(0.3);
  expect(roundTo(1.005, 2)).toBe(1.01);
});
