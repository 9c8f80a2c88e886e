/**
 * Which WATT.HYBRID and WATT.HYBRIDTABLE calls the native mode writes as a block (src/xlsx/native-blocks.ts):
 * both tables on the same arguments share one helper block; a phases range longer than
 * HYBRID_MAX_PHASE_ROWS rows, or of fewer than 3 columns, stays guarded values (no block).
 */
import { createEngine } from '../../src/engine/engine';
import { toEngineFormula } from '../../src/engine/engine';
import { planNativeTables } from '../../src/xlsx/native-blocks';
import { HYBRID_MAX_PHASE_ROWS } from '../../src/xlsx/hybrid-native';
import { spillSize } from '../../src/xlsx/write';

const SITE: [string, number][] = [['start_date', 46023], ['btc_price', 87000], ['network_hashrate', 1075], ['site_mw', 300], ['efficiency', 17.5], ['power_price', 0.045]];

function plan(phaseRows: number, phaseColumns = 'F:H') {
  const hf = createEngine();
  const sheet = hf.getSheetId(hf.addSheet('Site'))!;
  const rows: unknown[][] = SITE.map(([n, v]) => [n, v]);
  const [from, to] = phaseColumns.split(':');
  hf.batch(() => {
    hf.setSheetContent(sheet, rows as never);
    hf.setCellContents({ sheet, row: 0, col: 5 }, [[0, 100, 'lease'], [12, 100, 'cloud']]);
    hf.setCellContents({ sheet, row: 10, col: 0 }, [[toEngineFormula(`=WATT.HYBRID(A1:B6, ${from}1:${to}${phaseRows}, 10)`)]]);
    hf.setCellContents({ sheet, row: 30, col: 0 }, [[toEngineFormula(`=WATT.HYBRIDTABLE(A1:B6, ${from}1:${to}${phaseRows}, 10)`)]]);
  });
  return planNativeTables(hf, ['Site'], (at) => spillSize(hf, at));
}

test('WATT.HYBRID and WATT.HYBRIDTABLE on the same arguments: two native tables, one helper block', () => {
  const p = plan(6);
  const tables = [...p.tables.values()];
  expect(tables.map((t) => t.call.formula)).toEqual(['=WATT.HYBRID(A1:B6, F1:H6, 10)', '=WATT.HYBRIDTABLE(A1:B6, F1:H6, 10)']);
  expect(tables[0].block.helper.length).toBeGreaterThan(10_000);
  expect(tables[1].block.helper).toEqual([]);
  // The metric table's 10 rows x 4 columns; the month table's 121 rows (120 months and the total) x 15 columns and its header.
  expect(tables[0].block.table.length).toBe(40);
  expect(tables[1].block.table.length).toBe(15 * 122);
});

test(`a phases range of more than ${HYBRID_MAX_PHASE_ROWS} rows stays guarded values (no block); ${HYBRID_MAX_PHASE_ROWS} rows is a block`, () => {
  expect(plan(HYBRID_MAX_PHASE_ROWS + 1).tables.size).toBe(0);
  expect(plan(HYBRID_MAX_PHASE_ROWS).tables.size).toBe(2);
});
