/**
 * The network-data panel: its controller against an Excel mock (office-addin-mock) and its DOM component
 * against a minimal fake DOM, with the provider served by the local fixture server (no internet).
 */
import { OfficeMockObject } from 'office-addin-mock';
import { NetworkProvider } from '../../src/network';
import { freeSheetName, freezeAsInputs, mountDataPanel, refreshData, statusRows } from '../../src/taskpane/data-panel';
import { FIXTURES, FixtureServer, manualClock, startFixtureServer } from '../network/fixture-server';
import { FakeElement, fakeContainer } from './fake-dom';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
  await fetch(`${server.mempoolUrl}/blocks/tip/height`).then((r) => r.text());
});
afterAll(() => server.close());
afterEach(() => server.fault('/api/v1/prices', undefined));

const T0 = Date.UTC(2024, 1, 11, 22, 43, 1);
function provider(clock = manualClock(T0)) {
  return new NetworkProvider({ mempoolUrl: server.mempoolUrl, coingeckoUrl: server.coingeckoUrl, now: clock.now, timeoutMs: 1000 });
}

interface SheetRecord {
  id: string;
  name: string;
  writes: { address: string; range: { values?: unknown[][]; numberFormat?: unknown[][]; format: { font: { bold?: boolean } } } }[];
}

/**
 * A workbook in office-addin-mock. `protect`: the first sync after a write fails as a protected workbook
 * does. Sheets have ids (getItemOrNullObject takes a name or an id, as in Office.js); an add is applied at
 * the next sync, failing there if the name is taken. `beforeSync` lets "someone else" edit the workbook.
 */
function workbook(opts: { names?: string[]; protect?: boolean; beforeSync?: (sheets: SheetRecord[], n: number) => void } = {}) {
  let nextId = 1;
  const newId = () => `{sheet-${nextId++}}`;
  const sheets: SheetRecord[] = (opts.names ?? ['Sheet1']).map((name) => ({ id: newId(), name, writes: [] }));
  const calculations: string[] = [];
  const pendingAdds: SheetRecord[] = [];
  let unsynced = false;
  let syncs = 0;
  const find = (key: string) => sheets.find((s) => s.id === key) ?? sheets.find((s) => s.name.toLowerCase() === key.toLowerCase());
  const mock = new OfficeMockObject({
    context: {
      workbook: {
        application: {
          calculate: function (type: string) {
            calculations.push(type);
          },
        },
        worksheets: {
          getItemOrNullObject: function (key: string) {
            const found = find(key);
            return { isNullObject: !found, delete: () => sheets.splice(sheets.indexOf(found!), 1) };
          },
          add: function (name: string) {
            const record: SheetRecord = { id: newId(), name, writes: [] };
            pendingAdds.push(record);
            let idLoaded = false;
            return {
              load: (props: string) => {
                if (props === 'id') idLoaded = true;
              },
              get id() {
                if (!idLoaded || !sheets.includes(record)) throw Object.assign(new Error('The property id is not available: call load and sync first.'), { code: 'PropertyNotLoaded' });
                return record.id;
              },
              getRange: (address: string) => {
                unsynced = true;
                const range = { format: { font: {}, autofitColumns: () => undefined } };
                record.writes.push({ address, range });
                return range;
              },
            };
          },
        },
      },
      sync: async function () {
        opts.beforeSync?.(sheets, ++syncs);
        for (const record of pendingAdds.splice(0)) {
          if (find(record.name)) throw Object.assign(new Error(`A resource with the same name or identifier already exists: ${record.name}`), { code: 'ItemAlreadyExists' });
          sheets.push(record);
        }
        if (opts.protect && unsynced) {
          unsynced = false;
          throw Object.assign(new Error('The workbook is protected and cannot be changed.'), { code: 'AccessDenied' });
        }
        unsynced = false;
      },
    },
    run: async function (this: { context: unknown }, batch: (context: unknown) => Promise<unknown>) {
      return batch(this.context);
    },
  }) as unknown as { run: (b: (c: Excel.RequestContext) => Promise<unknown>) => Promise<unknown> };
  const run = (<T>(batch: (c: Excel.RequestContext) => Promise<T>) => mock.run(batch) as Promise<T>);
  return { run, sheets, calculations };
}

test('free sheet names: "Network data", then "Network data (2)", ..., compared without case', () => {
  expect(freeSheetName(['Sheet1'])).toBe('Network data');
  expect(freeSheetName(['network DATA'])).toBe('Network data (2)');
  expect(freeSheetName(['Network data', 'Network data (2)', 'Network data (3)'])).toBe('Network data (4)');
});

test('Refresh data clears the cache and asks Excel for a full calculation', async () => {
  const p = provider();
  await p.value('height');
  expect(p.status()).toHaveLength(1);
  const wb = workbook();
  const result = await refreshData({ provider: p, run: wb.run });
  expect(result.ok).toBe(true);
  expect(p.status()).toHaveLength(0);
  expect(wb.calculations).toEqual(['Full']);
});

test('Freeze as inputs writes plain numbers with source and time into a new sheet', async () => {
  const p = provider();
  const wb = workbook({ names: ['Sheet1', 'Network data'] });
  const result = await freezeAsInputs({ provider: p, run: wb.run, now: () => T0 + 5000 });
  expect(result).toMatchObject({ ok: true, sheet: 'Network data (2)' });
  expect(wb.sheets.map((s) => s.name)).toEqual(['Sheet1', 'Network data', 'Network data (2)']);
  const write = wb.sheets[2].writes[0];
  expect(write.address).toBe('A1:F14') // header, 11 metrics, a blank row, the note;
  const values = write.range.values!;
  expect(values[0]).toEqual(['Metric', 'Value', 'Unit', 'Source', 'Fetched at (UTC)', 'Note']);
  const row = (m: string) => values.find((r) => r[0] === m)!;
  expect(row('difficulty')[1]).toBe(75502165623893.94);
  expect(row('difficulty')[3]).toBe(`${server.mempoolUrl}/v1/mining/hashrate/3d`);
  expect(row('difficulty')[4]).toBeCloseTo(T0 / 86_400_000 + 25569, 9); // Excel serial of the fetch time
  expect(row('btc_price')[1]).toBe(48279);
  expect(row('hashprice')[1]).toBeCloseTo(81.5992, 4);
  // every value is a number, not a formula
  expect(values.slice(1, 12).every((r) => typeof r[1] === 'number')).toBe(true);
  expect(String(values[13][0])).toContain('Frozen by Watt at 2024-02-11 22:43:06 UTC');
  expect(write.range.numberFormat![1][4]).toBe('yyyy-mm-dd hh:mm:ss');
  // the existing sheets were not touched
  expect(wb.sheets[0].writes).toEqual([]);
  expect(wb.sheets[1].writes).toEqual([]);
});

test('a stale or missing value is frozen with its note, never a made-up number', async () => {
  const clock = manualClock(T0);
  const p = provider(clock);
  await p.value('btc_price');
  clock.advance(2 * 60_000);
  server.fault('/api/v1/prices', { kind: 'status', status: 500 });
  server.fault('/cg/api/v3/simple/price', { kind: 'status', status: 500 });
  try {
    const wb = workbook();
    await freezeAsInputs({ provider: p, run: wb.run });
    const values = wb.sheets[1].writes[0].range.values!;
    const price = values.find((r) => r[0] === 'btc_price')!;
    expect(price[1]).toBe(48279);
    expect(String(price[5])).toMatch(/^stale: 127\.0\.0\.1:\d+: HTTP 500$/);
  } finally {
    server.fault('/cg/api/v3/simple/price', undefined);
  }
  const fresh = provider();
  server.fault('/api/v1/prices', { kind: 'status', status: 500 });
  server.fault('/cg/api/v3/simple/price', { kind: 'status', status: 500 });
  try {
    const wb = workbook();
    await freezeAsInputs({ provider: fresh, run: wb.run });
    const price = wb.sheets[1].writes[0].range.values!.find((r) => r[0] === 'btc_price')!;
    expect(price[1]).toBe('');
    expect(String(price[5])).toMatch(/^not available: #N\/A /);
  } finally {
    server.fault('/cg/api/v3/simple/price', undefined);
  }
});

test('a protected workbook: a clear message, and the half-written sheet is deleted', async () => {
  const wb = workbook({ names: ['Model'], protect: true });
  const result = await freezeAsInputs({ provider: provider(), run: wb.run });
  expect(result.ok).toBe(false);
  expect(result.message).toBe('Could not freeze the network data: the workbook is protected (Review > Unprotect Workbook) or read-only. The workbook is as it was.');
  expect(wb.sheets.map((s) => s.name)).toEqual(['Model']);
});

test('rollback by identity: a "Network data" sheet someone else adds between the name probe and the add survives', async () => {
  const theirs: SheetRecord = { id: '{theirs}', name: 'Network data', writes: [] };
  // sync 1 probes the names; before sync 2 (the one that adds our sheet) someone else takes the name.
  const wb = workbook({ names: ['Model'], beforeSync: (sheets, n) => void (n === 2 && sheets.push(theirs)) });
  const result = await freezeAsInputs({ provider: provider(), run: wb.run });
  expect(result.ok).toBe(false);
  expect(result.message).toMatch(/^Could not freeze the network data: .*already exists.*\. The workbook is as it was\.$/);
  expect(wb.sheets.map((s) => s.id)).toEqual([expect.any(String), '{theirs}']);
});

test('rollback by identity: our half-written sheet is deleted by its id, not a same-named one', async () => {
  // Protected after the add: the write fails. Meanwhile our sheet was renamed and another took its name.
  const wb = workbook({
    names: ['Model'],
    protect: true,
    beforeSync: (sheets, n) => {
      if (n !== 3) return;
      sheets.find((s) => s.name === 'Network data')!.name = 'Renamed';
      sheets.push({ id: '{theirs}', name: 'Network data', writes: [] });
    },
  });
  const result = await freezeAsInputs({ provider: provider(), run: wb.run });
  expect(result.ok).toBe(false);
  expect(wb.sheets.map((s) => [s.name, s.id])).toEqual([['Model', expect.any(String)], ['Network data', '{theirs}']]);
});

test('an implausible value is never frozen: its row says why, with no number', async () => {
  const path = '/api/v1/mining/hashrate/3d';
  server.serve(path, { ...FIXTURES[path], currentDifficulty: 1e300 });
  try {
    const wb = workbook();
    await freezeAsInputs({ provider: provider(), run: wb.run });
    const row = wb.sheets[1].writes[0].range.values!.find((r) => r[0] === 'difficulty')!;
    expect(row[1]).toBe('');
    expect(String(row[5])).toContain('refused currentDifficulty = 1e+300: outside the plausible range 1 to 1e+18');
  } finally {
    server.serve(path, FIXTURES[path]);
  }
});

test('status rows: source, time, age, staleness and the last error', async () => {
  const clock = manualClock(T0);
  const p = provider(clock);
  await p.value('height');
  clock.advance(2 * 60_000);
  server.fault('/api/v1/prices', { kind: 'status', status: 429, retryAfter: '60' });
  await p.value('btc_price');
  const rows = statusRows(p.status());
  expect(rows.find((r) => r.endpoint === 'tip-height')).toEqual({
    endpoint: 'tip-height',
    url: `${server.mempoolUrl}/blocks/tip/height`,
    fetchedAt: '2024-02-11 22:43:01 UTC',
    age: '2 min',
    state: 'fresh',
    lastError: '',
  });
  expect(rows.find((r) => r.endpoint === 'prices')).toMatchObject({ state: 'failed', lastError: 'HTTP 429 (rate limited), retry after 60 s' });
  expect(rows.find((r) => r.endpoint === 'coingecko USD')).toMatchObject({ state: 'fresh' });
});

describe('the DOM component', () => {
  const buttons = (root: FakeElement) => ({
    refresh: root.find((e) => e.getAttribute('data-action') === 'refresh'),
    freeze: root.find((e) => e.getAttribute('data-action') === 'freeze'),
  });
  const status = (root: FakeElement) => root.find((e) => e.getAttribute('role') === 'status');

  test('shows the cache, redraws when it changes, and runs both buttons', async () => {
    const container = fakeContainer();
    const p = provider();
    const wb = workbook();
    const panel = mountDataPanel(container as unknown as HTMLElement, { provider: p, run: wb.run });
    expect(container.textContent).toContain('No network data fetched yet');
    await p.value('difficulty');
    const rows = container.findAll((e) => e.tagName === 'tr' && e.getAttribute('data-state') !== null);
    expect(rows).toHaveLength(1);
    expect(rows[0].textContent).toContain('hashrate');
    expect(rows[0].textContent).toContain('/v1/mining/hashrate/3d');
    expect(rows[0].getAttribute('data-state')).toBe('fresh');

    buttons(container).freeze.click();
    expect(buttons(container).refresh.disabled).toBe(true);
    await panel.idle();
    expect(status(container).textContent).toBe('Wrote 11 values with their sources and times to the sheet "Network data".');
    expect(wb.sheets.map((s) => s.name)).toEqual(['Sheet1', 'Network data']);

    buttons(container).refresh.click();
    await panel.idle();
    expect(wb.calculations).toEqual(['Full']);
    expect(status(container).textContent).toContain('Cache cleared');
    expect(container.findAll((e) => e.tagName === 'tr' && e.getAttribute('data-state') !== null)).toHaveLength(0);

    panel.dispose();
    expect(container.children).toHaveLength(0);
  });

  test('a failed freeze shows its message', async () => {
    const container = fakeContainer();
    const wb = workbook({ protect: true });
    const panel = mountDataPanel(container as unknown as HTMLElement, { provider: provider(), run: wb.run });
    buttons(container).freeze.click();
    await panel.idle();
    expect(status(container).textContent).toContain('the workbook is protected');
    expect(status(container).getAttribute('data-ok')).toBe('false');
    panel.dispose();
  });
});
