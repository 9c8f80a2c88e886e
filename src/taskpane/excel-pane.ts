/**
 * The task pane in Excel (the lazily loaded `taskpane-ui` chunk): the shared pane UI with the Excel
 * host adapter. The data panel mounts into the "Data" tab (#data-panel) when the lead wires
 * `mountDataPanel` in through `PaneHost.mountData`.
 */
import { mountPane, type PaneHandle } from './pane';
import { createExcelHost } from './excel-host';

export async function mountExcelPane(root: HTMLElement): Promise<PaneHandle> {
  return mountPane(root, createExcelHost());
}
