/**
 * One-row-or-one-column ranges (src/core/range.ts), as WATT.DEBTSIZE/SCULPT/LLCR read CFADS and
 * WATT.CURTAIL reads prices: the shapes taken and refused, and a whole column of Excel's sheet
 * (1,048,576 rows), which the former spread (`Math.max(...rows)`) could not size without a RangeError.
 */
import { lineCells } from '../../src/core/range';
import { readPrices } from '../../src/core/curtail';
import { readRow } from '../../src/core/debt';
import { isError } from '../../src/core/errors';

test('a row, a column of two or more cells, and the shapes refused with their size', () => {
  expect(lineCells([[1, 2, 3]])).toEqual({ cells: [1, 2, 3] });
  expect(lineCells([[1], [2]])).toEqual({ cells: [1, 2] });
  expect(lineCells([[1, 2], [3, 4]])).toEqual({ rows: 2, columns: 2 });
  expect(lineCells([])).toEqual({ rows: 0, columns: 0 });
});

test('a whole column of Excel\'s sheet (1,048,576 rows) is read, every cell, by both readers', () => {
  const column = Array.from({ length: 1048576 }, (_, i) => [i % 7]);
  const prices = readPrices('prices', column);
  const cfads = readRow('cfads', column);
  if (isError(prices) || isError(cfads)) throw new Error('refused');
  expect(prices.length).toBe(1048576);
  expect(cfads.length).toBe(1048576);
  expect(prices[1048575]).toBe(1048575 % 7);
});
