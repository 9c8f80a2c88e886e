/**
 * Defined names with their scope. ExcelJS keeps names in a map by name alone, so two sheets' `fees`
 * would merge into one workbook name and the `localSheetId` of a file is dropped on load. Its XML
 * writer and reader do handle `localSheetId`; only the in-memory map loses it. These two helpers
 * replace that map's model on one workbook instance (nothing global is patched): on write, the list
 * given is written as is; on read, the list parsed is kept, scope included.
 */
import type ExcelJS from 'exceljs';

/** A defined name as the file holds it: `ranges` like "'Keep mining'!$B$4"; `localSheetId` the 0-based sheet index. */
export interface DefinedName {
  name: string;
  ranges: string[];
  localSheetId?: number;
}

interface NamesHolder {
  model: DefinedName[];
}

/**
 * Makes `workbook` write exactly these names. Print areas and titles are added by ExcelJS itself from
 * each sheet's page setup, but one range per print area: `printAreas` are print areas of several ranges
 * (a sheet printed in bands, whose page setup then has no print area), written as given.
 */
export function setDefinedNames(workbook: ExcelJS.Workbook, names: readonly DefinedName[], printAreas: readonly DefinedName[] = []): void {
  const list = [
    ...names.filter((n) => !n.name.startsWith('_xlnm.')),
    ...printAreas.filter((n) => n.name === '_xlnm.Print_Area' && n.localSheetId !== undefined),
  ].map((n) => ({ ...n, ranges: [...n.ranges] }));
  Object.defineProperty(workbook.definedNames as unknown as NamesHolder, 'model', {
    configurable: true,
    get: () => list,
    set: () => undefined,
  });
}

/**
 * The most cells a name's range may span for ExcelJS's own map of names, which makes an object per cell
 * of each range (a name over Sheet1!$A$1:$XFD$1048576 exhausted 4 GB on load). A larger name is kept
 * in the list, read and written back as the file has it; only ExcelJS's per-cell lookup (cell.names,
 * which Watt does not use) lacks it.
 */
const EXCELJS_NAME_CELLS = 100_000;

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Cells a range of a name spans ("'Sheet 1'!$A$1:$B$9" → 18); a single cell or what is not a block: 1. */
export function nameRangeCells(range: string): number {
  const m = /\$?([A-Za-z]{1,3})\$?(\d+):\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(range);
  if (!m) return 1;
  return (Math.abs(columnNumber(m[3]) - columnNumber(m[1])) + 1) * (Math.abs(Number(m[4]) - Number(m[2])) + 1);
}

/** Prepares `workbook` (before `xlsx.load`) to keep the names it reads; returns the list, filled on load. */
export function captureDefinedNames(workbook: ExcelJS.Workbook): DefinedName[] {
  const captured: DefinedName[] = [];
  const holder = workbook.definedNames as unknown as NamesHolder;
  const proto = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(holder), 'model');
  Object.defineProperty(holder, 'model', {
    configurable: true,
    get: () => captured,
    set: (value: DefinedName[]) => {
      captured.length = 0;
      for (const n of value ?? []) if (!n.name.startsWith('_xlnm.')) captured.push({ name: n.name, ranges: [...n.ranges], ...(n.localSheetId !== undefined ? { localSheetId: n.localSheetId } : {}) });
      proto?.set?.call(holder, (value ?? []).filter((n) => n.ranges.every((r) => nameRangeCells(r) <= EXCELJS_NAME_CELLS)));
    },
  });
  return captured;
}
