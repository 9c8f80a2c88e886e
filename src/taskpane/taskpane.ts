/**
 * Entry of taskpane.js, loaded with functions.js when Excel starts the shared runtime. It stays tiny:
 * the UI is the `taskpane-ui` chunk, imported only when the pane is shown (see startup.ts).
 */
import { browserEnv, loadWhenShown } from './startup';

function showBootError(error: unknown): void {
  const app = document.getElementById('app');
  if (!app) return;
  const p = document.createElement('p');
  p.className = 'watt-boot-error';
  p.setAttribute('role', 'alert');
  p.textContent = `Watt's pane could not load: ${error instanceof Error ? error.message : String(error)}. Close and reopen the pane.`;
  app.replaceChildren(p);
}

async function loadUi(): Promise<void> {
  const { mountExcelPane } = await import(/* webpackChunkName: "taskpane-ui" */ './excel-pane');
  await mountExcelPane(document.getElementById('app')!);
}

function boot(): void {
  loadWhenShown(browserEnv(), loadUi).catch(showBootError);
}

if (typeof Office !== 'undefined' && typeof Office.onReady === 'function') {
  Office.onReady(boot);
} else {
  // Opened outside Office (office.js unavailable): show the pane anyway; inserting will say Excel is needed.
  boot();
}
