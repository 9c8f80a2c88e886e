/**
 * The workbench: the Watt task pane (the same UI modules as in Excel) beside a grid backed by the
 * embedded engine, so a template can be inserted, an input changed and the WATT functions seen
 * recalculating in a browser, without Excel. The pane's host is the engine adapter.
 */
import { createEngine, settleFetches } from '../engine/engine';
import { EngineTemplateAdapter } from '../engine/template-adapter';
import { mountPane, type PaneHandle, type PaneHost } from '../taskpane/pane';
import { h } from '../taskpane/dom';
import { insertTemplate, TEMPLATES } from '../templates';
import { ChartPanel } from './charts';
import { Grid } from './grid';
import { excelSheetConfig, WorkbookModel } from './model';
import { WorkbookSession } from './session';
import { sheetsBar } from './sheets-bar';
import { loadWorkbook, setAside, STORAGE_KEY, type KeyValueStore, type Loaded } from './storage';
import type { WorkbookSnapshot } from './snapshot';
import { chartsFrame } from './charts-frame';
import { Toolbar } from './toolbar';

export interface Workbench {
  model: WorkbookModel;
  grid: Grid;
  charts: ChartPanel;
  pane: PaneHandle;
  host: PaneHost;
  session: WorkbookSession;
  toolbar: Toolbar;
}

declare global {
  interface Window {
    /** The running workbench, for the browser console and the end-to-end tests. */
    wattWorkbench?: Workbench;
  }
}

const PANE_WIDTHS = [320, 360, 400, 500];

/** An empty workbook: what the workbench starts with when the stored one is set aside. */
const EMPTY_WORKBOOK: WorkbookSnapshot = { version: 1, sheets: [{ name: 'Sheet1', cells: [] }], names: [] };

/** Starts a browser download of text (a stored workbook set aside). */
function downloadText(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface StartOptions {
  /** A stored workbook an earlier start set aside (shown as if this start had). */
  recovered?: Loaded & { kind: 'unreadable' };
}

export function startWorkbench(root: HTMLElement, options: StartOptions = {}): Workbench {
  const hf = createEngine(excelSheetConfig());
  hf.addSheet('Sheet1');
  const adapter = new EngineTemplateAdapter(hf);
  const model = new WorkbookModel(hf, adapter);

  const status = h('p', { class: 'wb-status-text', role: 'status', 'aria-live': 'polite' }, 'Ready');
  const setStatus = (text: string, intent: 'info' | 'error' = 'info') => {
    status.textContent = text;
    status.dataset.intent = intent;
  };
  const session = new WorkbookSession(model);
  let store: KeyValueStore | undefined;
  try {
    store = window.localStorage;
  } catch {
    store = undefined; // storage refused (privacy settings): the toolbar says the work is not saved
  }
  // The workbook saved in this browser comes back before the grid first draws. Whatever in it the
  // engine or the grid cannot take (it passed the checks of snapshot.ts but fails to restore or draw)
  // is set aside whole under a recovery key, and the workbench starts empty: it always comes up.
  const loaded = loadWorkbook(store);
  let recovery: (Loaded & { kind: 'unreadable' }) | undefined = loaded.kind === 'unreadable' ? loaded : options.recovered;
  let restoredNote = '';
  let grid!: Grid;
  const charts = new ChartPanel(model);
  const makeGrid = () => {
    grid = new Grid(model, { onStatus: setStatus, decorateTabs: sheetsBar({ session, grid: () => grid, status: setStatus }) });
    charts.update(grid.activeSheet);
  };
  if (loaded.kind === 'ok') {
    try {
      const problems = session.restore(loaded.snapshot);
      makeGrid();
      restoredNote = `Your workbook is back from this browser's storage${loaded.savedAt ? ` (saved ${new Date(loaded.savedAt).toLocaleString()})` : ''}.`;
      if (problems.length) restoredNote += ` ${problems.length} cell(s) could not be restored: ${problems.slice(0, 3).map((p) => `${p.sheet}!${p.ref} ${p.what}`).join('; ')}`;
    } catch (e) {
      const text = store?.getItem(STORAGE_KEY);
      const why = `it could not be restored: ${e instanceof Error ? e.message : String(e)}`;
      recovery = store && text !== null && text !== undefined ? setAside(store, text, why) : { kind: 'unreadable', message: `the workbook stored in this browser cannot be read (${why})`, kept: false };
      session.restore(EMPTY_WORKBOOK);
      makeGrid();
    }
  } else makeGrid();
  session.activeSheet = () => grid.activeSheet;
  const toolbar = new Toolbar({ session, grid: () => grid, status: setStatus, store });
  session.onChange = () => toolbar.changed();
  // Charts of the active sheet, redrawn after every render of the grid (an insert, an edit, a fetch).
  const renderGrid = grid.render.bind(grid);
  grid.render = () => {
    renderGrid();
    charts.update(grid.activeSheet);
  };

  const host: PaneHost = {
    hostName: 'the workbench',
    templates: TEMPLATES,
    async insert(template) {
      const plan = await session.change(`Insert ${template.title}`, () => insertTemplate(template, adapter), (p) => p.sheets[0].name);
      grid.showSheet(plan.sheets[0].name);
      setStatus(`Inserted ${plan.sheets.map((s) => s.name).join(', ')}. Double-click an input (blue on yellow) to change it.`);
      return { sheetNames: plan.sheets.map((s) => s.name) };
    },
  };

  // A stored workbook set aside: said at the top of the grid, with a download of it as it was stored.
  const banner = h('div', { class: 'wb-recovery', role: 'alert' });
  banner.hidden = !recovery;
  if (recovery) {
    const r = recovery;
    const download = h('button', { class: 'wb-tool wb-recovery-download', type: 'button' }, 'Download it');
    download.addEventListener('click', () => downloadText(r.text ?? '', `watt-workbook-recovered-${new Date().toISOString().slice(0, 10)}.json`));
    const dismiss = h('button', { class: 'wb-tool wb-recovery-dismiss', type: 'button', 'aria-label': 'Dismiss this message' }, 'Dismiss');
    dismiss.addEventListener('click', () => (banner.hidden = true));
    banner.append(
      h('span', { class: 'wb-recovery-text' }, `Started with an empty workbook: ${r.message}. ${r.kept ? 'Nothing was deleted.' : ''}`.trim()),
      ...(r.text !== undefined ? [download] : []),
      dismiss,
    );
  }
  const chartsBox = chartsFrame(charts);

  const paneRoot = h('div', { id: 'app', class: 'watt-app' });
  const paneFrame = h(
    'aside',
    { class: 'wb-pane', 'aria-label': 'Watt task pane' },
    h('div', { class: 'wb-pane-titlebar' }, h('span', {}, 'Watt')),
    paneRoot,
  );

  const width = h('select', { class: 'wb-width-select', 'aria-label': 'Task pane width' }, ...PANE_WIDTHS.map((w) => h('option', { value: String(w) }, `Pane ${w} px`)));
  const setWidth = (w: number) => {
    paneFrame.style.width = `${w}px`;
    width.value = String(w);
  };
  width.addEventListener('change', () => setWidth(Number(width.value)));
  const requested = Number(new URLSearchParams(location.search).get('pane'));
  setWidth(PANE_WIDTHS.includes(requested) ? requested : 360);

  root.replaceChildren(
    h(
      'header',
      { class: 'wb-appbar' },
      h('img', { src: 'assets/icon-32.png', alt: '', width: '20', height: '20' }),
      h('strong', {}, 'Watt workbench'),
      h('span', { class: 'wb-appbar-note' }, 'The task pane and the WATT functions without Excel · engine: HyperFormula (GPL-3.0)'),
      h('span', { class: 'wb-spacer' }),
      width,
    ),
    h('div', { class: 'wb-main' }, h('div', { class: 'wb-book' }, toolbar.element, banner, grid.element, chartsBox.element, h('footer', { class: 'wb-status' }, status)), paneFrame),
  );

  const pane = mountPane(paneRoot, host);
  if (recovery) {
    if (!recovery.kept) toolbar.disableSaving('a workbook stored earlier cannot be read and is not overwritten');
    setStatus(`Started with an empty workbook: ${recovery.message}.`, 'error');
  } else if (restoredNote) {
    setStatus(restoredNote, /could not be restored/.test(restoredNote) ? 'error' : 'info');
    toolbar.showSaved('Saved in this browser', false);
    void settleFetches(model.hf).then((fetched) => {
      if (!fetched) return;
      model.reenterTables();
      grid.render();
    });
  } else toolbar.showSaved(store ? 'Changes are saved in this browser' : 'Not saved: this browser offers no local storage', !store);

  const workbench = { model, grid, charts, pane, host, session, toolbar };
  window.wattWorkbench = workbench;
  return workbench;
}

if (typeof document !== 'undefined') {
  const start = () => {
    const root = document.getElementById('workbench')!;
    try {
      startWorkbench(root);
    } catch (e) {
      // Last resort: whatever failed at start, the stored workbook (if any) is set aside, not deleted,
      // and the workbench starts again without it.
      let store: KeyValueStore | undefined;
      try {
        store = window.localStorage;
      } catch {
        store = undefined;
      }
      const text = store?.getItem(STORAGE_KEY);
      if (!store || text === null || text === undefined) throw e;
      startWorkbench(root, { recovered: setAside(store, text, `the workbench could not start with it: ${e instanceof Error ? e.message : String(e)}`) });
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
