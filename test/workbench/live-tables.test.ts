/**
 * Live data never breaks a table: entering WATT.NETWORK anywhere (an input of the projection, or a
 * cell on another sheet) leaves every spilled WATT table at its size once the fetch settles. Served by
 * the local fixture server (no internet).
 */
import { configureNetwork } from '../../src/network';
import { createEngine, settleFetches, takePendingFetches } from '../../src/engine/engine';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { findTemplate, insertTemplate } from '../../src/templates';
import { parseRef } from '../../src/templates/plan';
import { WorkbookModel } from '../../src/workbench/model';
import { FixtureServer, manualClock, startFixtureServer } from '../network/fixture-server';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
  await fetch(`${server.mempoolUrl}/blocks/tip/height`).then((r) => r.text());
});
afterAll(() => server.close());
beforeEach(() => configureNetwork({ mempoolUrl: server.mempoolUrl, coingeckoUrl: server.coingeckoUrl, now: manualClock().now, timeoutMs: 1000 }));
afterEach(() => takePendingFetches());

async function projectionModel() {
  const hf = createEngine();
  hf.addSheet('Sheet1');
  const adapter = new EngineTemplateAdapter(hf);
  const model = new WorkbookModel(hf, adapter);
  const template = findTemplate('projection')!;
  await insertTemplate(template, adapter);
  const at = (name: string) => parseRef(template.sheets[0].cells.find((c) => c.name === name)!.ref)!;
  return { hf, model, at };
}

/** The projection's table: its extent and the text of a few cells (month 1's BTC mined, the last month). */
function table(model: WorkbookModel) {
  const [s] = model.spills('Projection');
  if (!s) return { extent: 'none', anchor: model.cell('Projection', 31, 0).text };
  return { extent: `${s.rows}x${s.cols}`, anchor: model.cell('Projection', s.row, s.col).text, lastMonth: model.cell('Projection', s.row + s.rows - 1, s.col).value };
}

test('WATT.NETWORK on another sheet leaves the projection whole (the rebuild used to re-size it to one cell: #VALUE!)', async () => {
  const { model } = await projectionModel();
  expect(model.edit('Sheet1', 0, 0, '12').ok).toBe(true);
  expect(model.edit('Sheet1', 2, 0, '=WATT.PROJECTION(Projection!A5:B16, A1)').ok).toBe(true);
  const before = model.spills('Sheet1');
  expect(before).toEqual([{ row: 2, col: 0, rows: 13, cols: 13, formula: '=WATT.PROJECTION(Projection!A5:B16, A1)' }]);
  const projectionBefore = table(model);
  expect(projectionBefore.lastMonth).toBe(30);

  expect(model.edit('Sheet1', 0, 3, '=WATT.NETWORK("difficulty")').ok).toBe(true);
  expect(model.cell('Sheet1', 0, 3).error?.message).toBe('fetching difficulty…');
  expect(await model.settle()).toEqual([]);
  expect(model.cell('Sheet1', 0, 3).value).toBe(75502165623893.94);
  expect(model.spills('Sheet1')).toEqual(before);
  expect(model.cell('Sheet1', 2, 0).text).toBe('month');
  expect(model.cell('Sheet1', 14, 0).value).toBe(12);
  expect(table(model)).toEqual(projectionBefore);
});

test('the engine alone: settling a fetch keeps a table that reads a later sheet', async () => {
  const hf = createEngine();
  const first = hf.getSheetId(hf.addSheet('First'))!;
  await insertTemplate(findTemplate('projection')!, new EngineTemplateAdapter(hf));
  hf.setCellContents({ sheet: first, row: 0, col: 0 }, [['=WATT.PROJECTION(Projection!A5:B16, 6)']]);
  hf.setCellContents({ sheet: first, row: 0, col: 20 }, [['=WATT.NETWORK("next_retarget_height")']]);
  expect(hf.getSheetDimensions(first)).toEqual({ width: 21, height: 7 });
  expect(await settleFetches(hf)).toBe(true);
  expect(hf.getCellValue({ sheet: first, row: 0, col: 20 })).toBe(830592);
  expect(hf.getCellValue({ sheet: first, row: 0, col: 0 })).toBe('month');
  expect(hf.getCellValue({ sheet: first, row: 6, col: 0 })).toBe(6);
});

test('WATT.NETWORK typed into an input the projection reads: the table waits, then spills at its full size', async () => {
  const { model, at } = await projectionModel();
  const before = table(model);
  const hr = at('network_hashrate');
  expect(model.edit('Projection', hr.row, hr.col, '=WATT.NETWORK("hashrate")').ok).toBe(true);
  expect(await model.settle()).toEqual(expect.any(Array));
  expect(model.cell('Projection', hr.row, hr.col).value).toBe(560.34);
  const after = table(model);
  expect(after.extent).toBe(before.extent);
  expect(after.anchor).toBe('month');
  expect(after.lastMonth).toBe(30);
  // Hashprice is inversely proportional to the network hashrate: month 1 moves from 1,075 EH/s to 560.34.
  const [s] = model.spills('Projection');
  const hashpriceCol = s.col + 6;
  expect(model.cell('Projection', s.row + 1, s.col + 4).value).toBeCloseTo(560.34, 6);
  expect(model.cell('Projection', s.row + 1, hashpriceCol).kind).toBe('number');
});

test('a fetching function behind IFERROR recalculates too (its cell never shows the placeholder)', async () => {
  const hf = createEngine();
  const sheet = hf.getSheetId(hf.addSheet('S'))!;
  hf.setCellContents({ sheet, row: 0, col: 0 }, [['=IFERROR(WATT.NETWORK("next_retarget_height"), -1)']]);
  expect(hf.getCellValue({ sheet, row: 0, col: 0 })).toBe(-1);
  await settleFetches(hf);
  expect(hf.getCellValue({ sheet, row: 0, col: 0 })).toBe(830592);
});
