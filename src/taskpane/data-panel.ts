/**
 * The task pane's network-data panel: what the shared provider holds (source, time, staleness, last
 * error of each endpoint), a "Refresh data" button (clear the cache, recalculate the workbook in full)
 * and "Freeze as inputs" (write the current values into a NEW sheet as plain numbers with their source
 * and time, so a model can be shared and reproduced without the network).
 *
 * The controller functions take their Excel access injected (`run` = Excel.run; office-addin-mock in the
 * tests); `mountDataPanel` is the self-contained DOM component the pane calls.
 */
import { serialFromDate } from '../core/dates';
import { isError } from '../core/errors';
import { DATA_METRICS, DataMetric } from '../core/network';
import { EndpointStatus, networkProvider, NetworkProvider } from '../network';

/** Excel.run, or a stand-in with the same shape. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface DataPanelDeps {
  /** The shared provider (default: the one the custom functions use). */
  provider?: NetworkProvider;
  /** Excel.run (default: the global Excel.run). */
  run?: ExcelRun;
  /** Clock in ms, for "age" and the freeze stamp (default Date.now). */
  now?: () => number;
}

export interface ActionResult {
  ok: boolean;
  message: string;
  /** Name of the sheet written by "Freeze as inputs". */
  sheet?: string;
}

export const SHEET_BASE_NAME = 'Network data';

function resolve(deps: DataPanelDeps): { provider: NetworkProvider; run: ExcelRun; now: () => number } {
  return {
    provider: deps.provider ?? networkProvider(),
    run: deps.run ?? ((batch) => Excel.run(batch)),
    now: deps.now ?? (() => Date.now()),
  };
}

/** "Network data", then "Network data (2)", ...: the first name not taken (Excel compares without case). */
export function freeSheetName(taken: readonly string[], base = SHEET_BASE_NAME): string {
  const lower = new Set(taken.map((n) => n.toLowerCase()));
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base} (${i})`;
    if (!lower.has(name.toLowerCase())) return name;
  }
}

/** One row of the panel's table. */
export interface StatusRow {
  endpoint: string;
  url: string;
  fetchedAt: string;
  age: string;
  state: 'fresh' | 'stale' | 'failed' | 'fetching';
  lastError: string;
}

function ageText(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

export function statusRows(status: readonly EndpointStatus[]): StatusRow[] {
  return status.map((s) => ({
    endpoint: s.endpoint,
    url: s.url,
    fetchedAt: s.fetchedAt !== undefined ? new Date(s.fetchedAt).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '',
    age: ageText(s.ageMs),
    state: s.inFlight ? 'fetching' : s.stale ? (s.fetchedAt !== undefined ? 'stale' : 'failed') : 'fresh',
    lastError: s.lastError ?? '',
  }));
}

/** "Refresh data": forget every cached answer, then have Excel recalculate everything. */
export async function refreshData(deps: DataPanelDeps = {}): Promise<ActionResult> {
  const { provider, run } = resolve(deps);
  provider.clear();
  try {
    await run(async (context) => {
      // Full: every formula, so each WATT.NETWORK cell asks the (now empty) cache again.
      context.workbook.application.calculate('Full');
      await context.sync();
    });
    return { ok: true, message: 'Cache cleared; the workbook is recalculating with fresh data.' };
  } catch (e) {
    return { ok: false, message: `Cache cleared, but Excel could not recalculate: ${excelMessage(e)}` };
  }
}

/** The rows "Freeze as inputs" writes: a header, one row per metric, and a note. */
export function freezeRows(snapshot: Record<DataMetric, unknown>, frozenAt: number): { values: (string | number)[][]; formats: string[][] } {
  const header = ['Metric', 'Value', 'Unit', 'Source', 'Fetched at (UTC)', 'Note'];
  const values: (string | number)[][] = [header];
  const formats: string[][] = [header.map(() => 'General')];
  for (const metric of Object.keys(DATA_METRICS) as DataMetric[]) {
    const r = snapshot[metric] as { value: number; fetchedAt: number; sources: string[]; stale?: string } | { code: string; message: string };
    if (isError(r) || !('value' in r)) {
      const e = r as { code: string; message: string };
      values.push([metric, '', DATA_METRICS[metric], '', '', `not available: ${e.code} ${e.message}`]);
    } else {
      values.push([metric, r.value, DATA_METRICS[metric], r.sources.join(', '), serialFromDate(new Date(r.fetchedAt)), r.stale ? `stale: ${r.stale}` : '']);
    }
    formats.push(['General', metric === 'retarget_date' ? 'yyyy-mm-dd hh:mm' : 'General', 'General', 'General', 'yyyy-mm-dd hh:mm:ss', 'General']);
  }
  const stamp = new Date(frozenAt).toISOString().replace('T', ' ').slice(0, 19);
  values.push(['', '', '', '', '', '']);
  formats.push(header.map(() => 'General'));
  values.push([`Frozen by Watt at ${stamp} UTC: plain numbers, to refer to instead of WATT.NETWORK for a reproducible model.`, '', '', '', '', '']);
  formats.push(header.map(() => 'General'));
  return { values, formats };
}

/** The text of an Office.js error (OfficeExtension.Error has code and message). */
function excelMessage(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return [err?.code, err?.message].filter(Boolean).join(': ') || String(e);
}

function isProtection(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === 'AccessDenied' || /protect/i.test(err?.message ?? '');
}

/** Column letter of a 1-based index (up to Z is all this needs). */
const column = (n: number) => String.fromCharCode(64 + n);

/**
 * "Freeze as inputs": the current values into a new sheet. Never overwrites: the name is one no sheet
 * has. The sheet is added and its worksheet id read before anything is written; on failure (a protected
 * workbook) only the sheet with that id is deleted, never one found by name (a sheet of the same name
 * someone else added meanwhile survives), and the message says why.
 */
export async function freezeAsInputs(deps: DataPanelDeps = {}): Promise<ActionResult> {
  const { provider, run, now } = resolve(deps);
  const snapshot = await provider.snapshot();
  const { values, formats } = freezeRows(snapshot, now());
  let created: { id: string; name: string } | undefined;
  try {
    await run(async (context) => {
      const sheets = context.workbook.worksheets;
      let name: string | undefined;
      // Probe candidate names in batches of ten: one round trip in the usual case.
      for (let start = 1; !name; start += 10) {
        const candidates = Array.from({ length: 10 }, (_, i) => (start + i === 1 ? SHEET_BASE_NAME : `${SHEET_BASE_NAME} (${start + i})`));
        const probes = candidates.map((c) => sheets.getItemOrNullObject(c));
        await context.sync();
        name = candidates.find((_, i) => probes[i].isNullObject);
      }
      const sheet = sheets.add(name);
      sheet.load('id');
      await context.sync();
      created = { id: sheet.id, name };
      const range = sheet.getRange(`A1:${column(values[0].length)}${values.length}`);
      range.values = values;
      range.numberFormat = formats;
      sheet.getRange('A1:F1').format.font.bold = true;
      range.format.autofitColumns();
      await context.sync();
    });
    return { ok: true, message: `Wrote ${values.length - 3} values with their sources and times to the sheet "${created!.name}".`, sheet: created!.name };
  } catch (e) {
    const cleanup = created ? await deleteSheet(run, created.id) : true;
    const why = isProtection(e)
      ? 'the workbook is protected (Review > Unprotect Workbook) or read-only'
      : excelMessage(e);
    return {
      ok: false,
      message: `Could not freeze the network data: ${why}. ${cleanup ? 'The workbook is as it was.' : `A partly written sheet "${created!.name}" may remain; delete it.`}`,
    };
  }
}

/** Deletes the sheet this panel created (by worksheet id), if it exists. true when the workbook is back as it was. */
async function deleteSheet(run: ExcelRun, id: string): Promise<boolean> {
  try {
    await run(async (context) => {
      const sheet = context.workbook.worksheets.getItemOrNullObject(id);
      await context.sync();
      if (!sheet.isNullObject) {
        sheet.delete();
        await context.sync();
      }
    });
    return true;
  } catch {
    return false;
  }
}

export interface DataPanel {
  /** Redraws from the provider (also done on every provider change). */
  render(): void;
  /** Stops listening to the provider and empties the element. */
  dispose(): void;
  /** Resolves when the action under way (a button's) has finished. */
  idle(): Promise<void>;
}

/**
 * Mounts the panel into `element`: a status table, "Refresh data" and "Freeze as inputs" buttons, and a
 * status line. Uses only createElement, appendChild, textContent, setAttribute and click listeners.
 */
export function mountDataPanel(element: HTMLElement, deps: DataPanelDeps = {}): DataPanel {
  const { provider } = resolve(deps);
  const doc = element.ownerDocument;
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] => {
    const node = doc.createElement(tag);
    if (text !== undefined) node.textContent = text;
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  };

  const root = el('section', undefined, { class: 'watt-data-panel', 'aria-label': 'Network data' });
  root.appendChild(el('h2', 'Network data'));
  const table = el('table', undefined, { class: 'watt-data-status' });
  const empty = el('p', 'No network data fetched yet. Cells with WATT.NETWORK, WATT.BTCPRICE or WATT.ASOF fetch it.', { class: 'watt-data-empty' });
  const refresh = el('button', 'Refresh data', { type: 'button', 'data-action': 'refresh' });
  const freeze = el('button', 'Freeze as inputs', { type: 'button', 'data-action': 'freeze', title: 'Write the current values into a new sheet as plain numbers with their source and time' });
  const message = el('p', '', { role: 'status', class: 'watt-data-message' });
  root.appendChild(table);
  root.appendChild(empty);
  root.appendChild(refresh);
  root.appendChild(freeze);
  root.appendChild(message);

  function render(): void {
    const rows = statusRows(provider.status());
    while (table.firstChild) table.removeChild(table.firstChild);
    empty.hidden = rows.length > 0;
    table.hidden = rows.length === 0;
    if (rows.length === 0) return;
    const head = el('tr');
    for (const h of ['Data', 'Source', 'Fetched', 'Age', 'State', 'Last error']) head.appendChild(el('th', h));
    table.appendChild(head);
    for (const r of rows) {
      const tr = el('tr', undefined, { 'data-state': r.state });
      for (const cell of [r.endpoint, r.url, r.fetchedAt, r.age, r.state, r.lastError]) tr.appendChild(el('td', cell));
      table.appendChild(tr);
    }
  }

  async function act(button: HTMLButtonElement, action: () => Promise<ActionResult>): Promise<void> {
    refresh.disabled = freeze.disabled = true;
    message.textContent = button === refresh ? 'Refreshing…' : 'Freezing…';
    try {
      const result = await action();
      message.textContent = result.message;
      message.setAttribute('data-ok', String(result.ok));
    } catch (e) {
      message.textContent = `Unexpected error: ${excelMessage(e)}`;
      message.setAttribute('data-ok', 'false');
    } finally {
      refresh.disabled = freeze.disabled = false;
      render();
    }
  }

  let running: Promise<void> = Promise.resolve();
  refresh.addEventListener('click', () => (running = act(refresh, () => refreshData(deps))));
  freeze.addEventListener('click', () => (running = act(freeze, () => freezeAsInputs(deps))));
  const unsubscribe = provider.subscribe(render);
  element.appendChild(root);
  render();

  return {
    render,
    idle: () => running,
    dispose() {
      unsubscribe();
      if (root.parentNode === element) element.removeChild(root);
    },
  };
}
