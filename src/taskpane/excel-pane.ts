/**
 * The task pane in Excel (the lazily loaded `taskpane-ui` chunk): the shared pane UI with the Excel
 * host adapter.
 *
 * Data panel: the "Data" tab holds `<section id="data-panel">`; the pane calls `host.mountData(el)`
 * the first time the tab is opened, which mounts the network-data panel over the provider the custom
 * functions share (same runtime), with Excel.run for "Refresh data" and "Freeze as inputs".
 */
import { mountPane, type PaneHandle } from './pane';
import { createExcelHost } from './excel-host';
import { mountDataPanel } from './data-panel';

export async function mountExcelPane(root: HTMLElement): Promise<PaneHandle> {
  return mountPane(root, { ...createExcelHost(), mountData: (el) => void mountDataPanel(el) });
}
