/**
 * The engine the native-block tests compare in (projection and paths): the assumptions on `Inputs`, the
 * WATT table on `Watt`, the block's table on `Native`, its checked inputs on `Watt native`; and the
 * planned cells of a block as the rows the engine takes.
 */
import { createEngine, toEngineFormula } from '../../src/engine/engine';
import type { PlannedCell } from '../../src/xlsx/projection-native';

export function blockEngine() {
  const hf = createEngine();
  const id = (name: string) => hf.getSheetId(hf.addSheet(name))!;
  return { hf, inputs: id('Inputs'), watt: id('Watt'), native: id('Native'), helper: id('Watt native') };
}

/** Planned cells (formulas without "="), as a block of rows for setSheetContent. */
export function plannedGrid(cells: readonly Pick<PlannedCell, 'row' | 'col' | 'formula' | 'value'>[]): unknown[][] {
  const out: unknown[][] = [];
  for (const c of cells) (out[c.row] ??= [])[c.col] = c.formula !== undefined ? toEngineFormula(`=${c.formula}`) : c.value;
  return Array.from(out, (r) => Array.from(r ?? [], (v) => v ?? null));
}
