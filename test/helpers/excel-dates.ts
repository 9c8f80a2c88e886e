/** Documented Excel date serials, shared by the core, engine, CLI and workbench date tests. */

/**
 * Excel serials of dates, with their source:
 *  [MS-DATE]      Microsoft Support, "DATE function": "January 1, 1900 is serial number 1 and January 1,
 *                 2008 is serial number 39448 because it is 39,447 days after January 1, 1900."
 *  [MS-DATEVALUE] Microsoft Support, "DATEVALUE function": the range is 1 to 2958465 (1900-01-01 to
 *                 9999-12-31); examples DATEVALUE("8/22/2011") = 40777, DATEVALUE("22-MAY-2011") = 40685,
 *                 DATEVALUE("2011/02/23") = 40597.
 *  [KB214326]     Microsoft KB 214326, "Excel incorrectly assumes that the year 1900 is a leap year":
 *                 1900-02-28 is 59, the fictitious 1900-02-29 is 60, 1900-03-01 is 61.
 *  [EPOCH]        1970-01-01 is 25569 (the Unix epoch; = 39448 - 13879 days from 1970-01-01 to 2008-01-01).
 *  [ISSUE8]       issue 8: DATE(2024,5,4) is 45416 in Excel; 2026-01-01 is 46023.
 */
export const EXCEL_SERIALS: [string, number][] = [
  ['1900-01-01', 1], // [MS-DATE]
  ['1900-01-31', 31], // [MS-DATE]: day count from serial 1
  ['1900-02-28', 59], // [KB214326]
  ['1900-02-29', 60], // [KB214326] (Excel only)
  ['1900-03-01', 61], // [KB214326]
  ['1970-01-01', 25569], // [EPOCH]
  ['2008-01-01', 39448], // [MS-DATE]
  ['2011-02-23', 40597], // [MS-DATEVALUE]
  ['2011-05-22', 40685], // [MS-DATEVALUE]
  ['2011-08-22', 40777], // [MS-DATEVALUE]
  ['2024-04-20', 45402], // block 840,000's day; = 39448 + 5954 days
  ['2024-05-04', 45416], // [ISSUE8]
  ['2026-01-01', 46023], // [ISSUE8]
  ['9999-12-31', 2958465], // [MS-DATEVALUE]
];
