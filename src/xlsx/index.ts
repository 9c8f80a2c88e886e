/**
 * Models that travel: Watt workbooks as .xlsx files, out and in. One writer for every host (CLI,
 * workbench, tests; ExcelJS runs in Node and in the browser), three modes (modes.ts), one reader, and
 * `recalc` (a file recalculated in the engine and written back).
 *
 *   buildWorkbook(state, { mode })  → ExcelJS workbook (+ report)   writeXlsx(...) → bytes
 *   readXlsx(bytes)                 → the same workbook state (engine, formats, layouts) + ExcelJS workbook
 *   recalcXlsx(bytes, { mode })     → bytes with fresh cached values (+ report)
 */
export { buildWorkbook, writeXlsx, pointsToWidth, styleOf, spillSize } from './write';
export type { WorkbookSource, CellLook, SheetLook, WriteOptions, WriteReport, Fallback } from './write';
export { loadXlsx, toEngine, readXlsx, dateToSerial, externalLinkMessage, problemMessage, problemPlace } from './read';
export type { LoadedXlsx, EngineWorkbook, FileFormula, ReadProblem, ExternalLinkCell } from './read';
export { recalcXlsx } from './recalc';
export type { RecalcReport } from './recalc';
export { MODES, toNativeFormula, nativeFormOf, noNativeReason, formulaCellOut } from './modes';
export type { XlsxMode, FileValue, CellOut } from './modes';
export { toFileFormula, fromFileFormula, findWattCalls, hasWattCall, rewriteWattCalls } from './formula';
