/**
 * A number never shows clipped: it fits its column or the cell fills with "#", as Excel does. Widths in
 * a monospace estimate (1 unit a character) so each expectation can be counted by hand.
 */
import { fitNumber, hashes } from '../../src/workbench/fit';
import { F } from '../../src/templates/builder';
import { formatValue } from '../../src/workbench/numfmt';

const mono = (s: string) => s.length;
const fit = (value: number, format: string | undefined, width: number) => fitNumber(value, formatValue(value, format), format, width, mono);

test('a formatted number that fits shows as formatted', () => {
  expect(fit(87000, F.usd0, 7)).toBe('$87,000');
  expect(fit(-179_300_000, F.usdM, 9)).toBe('($179.3M)');
});

test('one character too wide: # across the cell, never a clipped number', () => {
  expect(fit(87000, F.usd0, 6)).toBe('######');
  expect(fit(-179_300_000, F.usdM, 8)).toBe('########');
  expect(fit(1e15, F.usd0, 11)).toBe('###########');
  expect(fit(45402, F.date, 9)).toBe('#########'); // a date is a number: "2024-04-20" needs 10
  expect(fit(45402, F.date, 10)).toBe('2024-04-20');
});

test('General shows fewer decimals, then scientific, before #', () => {
  expect(fit(1234.56789, undefined, 10)).toBe('1234.56789');
  expect(fit(1234.56789, undefined, 7)).toBe('1234.57');
  expect(fit(1234.56789, undefined, 4)).toBe('1235');
  expect(fit(123456789, undefined, 7)).toBe('1.2E+08');
  expect(fit(123456789, undefined, 6)).toBe('1E+08');
  expect(fit(123456789, undefined, 4)).toBe('####');
  expect(fit(0.000123456, 'General', 6)).toBe('0.0001');
  expect(fit(-2.5, undefined, 2)).toBe('-3');
});

test('hashes fill the width and are at least one', () => {
  expect(hashes(5.9, mono)).toBe('#####');
  expect(hashes(0.2, mono)).toBe('#');
  expect(hashes(70, (s) => s.length * 7)).toBe('##########');
});
