/**
 * The task pane in Excel (the lazily loaded `taskpane-ui` chunk): the shared pane UI with the Excel
 * host adapter.
 *
 * Data panel: the "Data" tab holds `<section id="data-panel">`; the pane calls `host.mountData(el)`
 * the first time the tab is opened. To wire the data panel in, pass it here, e.g.
 *   mountPane(root, { ...createExcelHost(), mountData: (el) => mountDataPanel(el, deps) })
 * (and the same in src/workbench/workbench.ts), importing it from './data-panel'.
 */
import { mountPane, type PaneHandle } from './pane';
import { createExcelHost } from './excel-host';

export async function mountExcelPane(root: HTMLElement): Promise<PaneHandle> {
  return mountPane(root, createExcelHost());
}
