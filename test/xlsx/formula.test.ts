/** Formula text in a file: WATT calls as Excel saves them, Excel's future-function prefixes, strings left alone. */
import { findWattCalls, fromFileFormula, toFileFormula } from '../../src/xlsx';

test.each([
  ['=WATT.HASHPRICE(90000, 1100, 0.02)', '_xldudf_WATT_HASHPRICE(90000,1100,0.02)'],
  ['=ROUND(WATT.HASHPRICE(A1, WATT.IMPLIEDHASHRATE(B1)), 2)', 'ROUND(_xldudf_WATT_HASHPRICE(A1,_xldudf_WATT_IMPLIEDHASHRATE(B1)), 2)'],
  ['="WATT.HASHPRICE(1,2) is text" & WATT.SUBSIDY(1)', '"WATT.HASHPRICE(1,2) is text" & _xldudf_WATT_SUBSIDY(1)'],
  ["=WATT.PROJECTION('Keep mining (2)'!A5:B16, 36)", "_xldudf_WATT_PROJECTION('Keep mining (2)'!A5:B16,36)"],
  ['=IFNA(XLOOKUP(1, A:A, B:B), 0)', '_xlfn.IFNA(_xlfn.XLOOKUP(1, A:A, B:B), 0)'],
  ['=LOOKUP(10^300, STOCKHISTORY(A8, TODAY()-14, TODAY()))', 'LOOKUP(10^300, _xlfn.STOCKHISTORY(A8, TODAY()-14, TODAY()))'],
  ['=SORT(FILTER(A1:A3, A1:A3>0))', '_xlfn._xlws.SORT(_xlfn._xlws.FILTER(A1:A3, A1:A3>0))'],
])('%s is stored as %s, and read back', (formula, stored) => {
  expect(toFileFormula(formula)).toBe(stored);
  expect(fromFileFormula(stored).replace(/\s/g, '')).toBe(formula.replace(/\s/g, ''));
});

test('every spelling a file may hold is read: Excel, LibreOffice (lower case), XLL, plain', () => {
  for (const stored of ['_xldudf_WATT_HASHPRICE(A1,B1)', '_xldudf_watt_hashprice(A1,B1)', '_xll.WATT.HASHPRICE(A1,B1)', 'WATT.HASHPRICE(A1,B1)', 'watt.hashprice(A1, B1)']) {
    expect(fromFileFormula(stored)).toBe('=WATT.HASHPRICE(A1, B1)');
  }
  // A name that is not a WATT function is left as it is (the engine reports it by cell).
  expect(fromFileFormula('_xldudf_WATT_NOSUCH(1)')).toBe('=_xldudf_WATT_NOSUCH(1)');
  expect(findWattCalls('=A1+"WATT.SUBSIDY(1)"')).toEqual([]);
  expect(findWattCalls('=WATT.CONVERT(1, "EH/s", "PH/s") + 1')).toEqual([{ id: 'CONVERT', args: ['1', '"EH/s"', '"PH/s"'], start: 1, end: 32 }]);
});
