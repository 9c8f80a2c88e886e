/**
 * Excel's own functions where HyperFormula differs from Excel and the engine overrides it (src/engine/engine.ts,
 * ExcelPlugin). Expected values from Microsoft's function pages, cited per case.
 */
import * as fc from 'fast-check';
import { createEngine } from '../../src/engine/engine';

const hf = createEngine();
const sheet = hf.getSheetId(hf.addSheet('parity'))!;
function calc(formula: string): unknown {
  hf.setCellContents({ sheet, row: 0, col: 0 }, formula);
  return hf.getCellValue({ sheet, row: 0, col: 0 });
}

describe('INT rounds down to the integer below, as Excel does (not toward zero)', () => {
  // Microsoft, "INT function": =INT(8.9) is 8, =INT(-8.9) is -9 ("rounds -8.9 down").
  test.each([
    ['=INT(8.9)', 8],
    ['=INT(-8.9)', -9],
    ['=INT(-6.5)', -7],
    ['=INT(-0.5)', -1],
    ['=INT(-7)', -7],
    ['=INT(0)', 0],
    ['=INT(DATE(2026,1,1)+0.75)', 46023],
  ])('%s = %d', (formula, want) => expect(calc(formula)).toBe(want));

  test('text is #VALUE!, as in Excel', () => {
    expect(calc('=INT("x")')).toMatchObject({ type: 'VALUE' });
  });

  test('property: INT(x) is the largest integer <= x', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (x) => {
        const got = calc(`=INT(${x})`) as number;
        expect(got).toBe(Math.floor(x) + 0); // + 0: the formula text of -0 is "0"
        expect(got <= x && x < got + 1).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
