/** Copy and paste as tab-separated text, as Excel, LibreOffice and Google Sheets exchange it. */
import fc from 'fast-check';
import { copyText, parseTsv, toTsv } from '../../src/workbench/clipboard';
import type { CellView } from '../../src/workbench/model';
import { WorkbookModel } from '../../src/workbench/model';

describe('parseTsv', () => {
  test.each([
    ['', []],
    ['42', [['42']]],
    ['42\r\n', [['42']]],
    ['a\tb\r\nc\td\r\n', [['a', 'b'], ['c', 'd']]],
    ['a\tb\nc\n', [['a', 'b'], ['c', '']]],
    ['a\t\tc\r\n', [['a', '', 'c']]],
    // Excel quotes a cell holding a line break, a tab or a quote, doubling the quotes inside.
    ['"two\nlines"\tx\r\n', [['two\nlines', 'x']]],
    ['"say ""hi"""\t"a\tb"\r\n', [['say "hi"', 'a\tb']]],
    // A quote that does not close a field is text, as Excel reads it.
    ['5" pipe\t"open\r\n', [['5" pipe', '"open']]],
    ['\t\r\n', [['', '']]],
    ['a\r\n\r\nb\r\n', [['a'], [''], ['b']]],
  ])('%p', (text, rows) => {
    expect(parseTsv(text)).toEqual(rows);
  });

  test('toTsv then parseTsv gives the cells back, whatever they hold', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '1', ' ', '\t', '\n', '\r\n', '"', ',', '$', 'é') });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.array(cell, { minLength: 16, maxLength: 16 }), (rows, cols, pool) => {
        const block = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => pool[r * 4 + c]));
        // A single empty cell is an empty clipboard line, as in Excel: skip that one shape.
        fc.pre(!(cols === 1 && block.some((r) => r[0] === '')));
        expect(parseTsv(toTsv(block))).toEqual(block);
      }),
    );
  });
});

describe('copyText: values at full precision that parse back to the same value', () => {
  const view = (value: CellView['value'], kind: CellView['kind'], format?: string): CellView =>
    ({ row: 0, col: 0, ref: 'A1', kind, text: '', value, editable: true, ...(format ? { format: { format } } : {}) }) as CellView;
  test.each([
    [view(1234567.891234, 'number', '$#,##0.0,,"M"'), '1234567.891234', undefined],
    [view(0.123456, 'number', '0.0%'), '12.3456%', '0.0%'],
    [view(45402, 'number', 'yyyy-mm-dd'), '2024-04-20', 'yyyy-mm-dd'],
    [view(-5, 'number', '#,##0;(#,##0)'), '-5', undefined],
    [view(true, 'boolean'), 'TRUE', undefined],
    [view('12 MW', 'text'), '12 MW', undefined],
  ])('%#: %p → %p', (v, text, format) => {
    expect(copyText(v)).toBe(text);
    expect(WorkbookModel.parseInput(text, format)).toEqual(v.value);
  });
  test('an error copies as its code', () => {
    expect(copyText({ ...view(null, 'error'), error: { code: '#VALUE!', message: 'm' } })).toBe('#VALUE!');
  });
});
