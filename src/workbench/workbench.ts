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
import { WorkbookModel } from './model';
import { WorkbookSession } from './session';
import { sheetsBar } from './sheets-bar';
import { loadWorkbook, type KeyValueStore } from './storage';
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

export function startWorkbench(root: HTMLElement): Workbench {
  const hf = createEngine();
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
  // The workbook saved in this browser comes back before the grid first draws.
  const loaded = loadWorkbook(store);
  let restoredNote = '';
  if (loaded.kind === 'ok') {
    const problems = session.restore(loaded.snapshot);
    restoredNote = `Your workbook is back from this browser's storage${loaded.savedAt ? ` (saved ${new Date(loaded.savedAt).toLocaleString()})` : ''}.`;
    if (problems.length) restoredNote += ` ${problems.length} cell(s) could not be restored: ${problems.slice(0, 3).map((p) => `${p.sheet}!${p.ref} ${p.what}`).join('; ')}`;
  }

  const grid: Grid = new Grid(model, { onStatus: setStatus, decorateTabs: sheetsBar({ session, grid: () => grid, status: setStatus }) });
  session.activeSheet = () => grid.activeSheet;
  const toolbar = new Toolbar({ session, grid: () => grid, status: setStatus, store });
  session.onChange = () => toolbar.changed();
  // Charts of the active sheet, redrawn after every render of the grid (an insert, an edit, a fetch).
  const charts = new ChartPanel(model);
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
    h('div', { class: 'wb-main' }, h('div', { class: 'wb-book' }, toolbar.element, grid.element, charts.element, h('footer', { class: 'wb-status' }, status)), paneFrame),
  );

  const pane = mountPane(paneRoot, host);
  if (loaded.kind === 'unreadable') {
    if (!loaded.kept) toolbar.disableSaving('a workbook stored earlier cannot be read and is not overwritten');
    setStatus(`Started with an empty workbook: ${loaded.message}.`, 'error');
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
  const start = () => startWorkbench(document.getElementById('workbench')!);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
