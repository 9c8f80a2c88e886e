/**
 * The workbook toolbar and shortcuts: Undo and Redo (buttons, Ctrl+Z, Ctrl+Y or Ctrl+Shift+Z), New
 * workbook, Open .xlsx, Download .xlsx in a chosen mode; copy, cut and paste of the selected block as
 * tab-separated text (the copy and paste events, so the browser's own clipboard carries it to and from
 * Excel, LibreOffice or Google Sheets); and whether the work is saved in this browser, in words.
 */
import { h } from '../taskpane/dom';
import { settleFetches } from '../engine/engine';
import type { XlsxMode } from '../xlsx/modes';
import { copyText, parseTsv, toTsv } from './clipboard';
import { MAX_BLOCK_CELLS } from './grid';
import type { Grid } from './grid';
import type { WorkbookSession } from './session';
import { saveWorkbook, type KeyValueStore } from './storage';
import { describeReport, downloadName, fileProblem, MAX_FILE_BYTES, openBytes, openedStatus, saveBytes, workbookBytes } from './xlsx-io';

export interface ToolbarHost {
  session: WorkbookSession;
  grid: () => Grid;
  status(text: string, intent?: 'info' | 'error'): void;
  store: KeyValueStore | undefined;
}

const MODE_TITLES: Record<XlsxMode, string> = {
  watt: 'watt: WATT formulas (for colleagues with the add-in), values cached',
  native: 'native: a live model in Excel\'s own functions, no add-in needed',
  values: 'values: numbers only, each formula in a note',
};

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Whether a key event or clipboard event belongs to a text field (its own undo, copy and paste). */
function inTextField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export class Toolbar {
  readonly element: HTMLElement;
  private readonly undoButton: HTMLButtonElement;
  private readonly redoButton: HTMLButtonElement;
  private readonly saved: HTMLElement;
  private saveDisabled: string | undefined;

  constructor(private readonly host: ToolbarHost) {
    const button = (label: string, title: string, action: () => unknown, cls = '') => {
      const b = h('button', { class: `wb-tool ${cls}`.trim(), type: 'button', title }, label);
      b.addEventListener('click', () => void action());
      return b;
    };
    this.undoButton = button('↶ Undo', 'Undo (Ctrl+Z)', () => this.undo(), 'wb-undo');
    this.redoButton = button('↷ Redo', 'Redo (Ctrl+Y)', () => this.redo(), 'wb-redo');
    const mode = h('select', { class: 'wb-mode-select', 'aria-label': 'Download mode', title: 'How formulas are written in the file' }, ...(['watt', 'native', 'values'] as XlsxMode[]).map((m) => h('option', { value: m, title: MODE_TITLES[m] }, m)));
    const file = h('input', { type: 'file', accept: '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', class: 'wb-open-input', hidden: '' });
    file.addEventListener('change', () => {
      const f = file.files?.[0];
      file.value = '';
      if (f) void this.open(f);
    });
    this.saved = h('span', { class: 'wb-saved', role: 'status', 'aria-live': 'polite' });
    this.element = h(
      'div',
      { class: 'wb-toolbar', role: 'toolbar', 'aria-label': 'Workbook' },
      h('span', { class: 'wb-tool-group' }, this.undoButton, this.redoButton),
      h('span', { class: 'wb-tool-group' }, button('New workbook', 'Start an empty workbook (undo brings this one back)', () => this.newWorkbook(), 'wb-new'), button('Open .xlsx…', 'Open a workbook from Excel, LibreOffice or Watt', () => file.click(), 'wb-open'), file),
      h('span', { class: 'wb-tool-group' }, button('Download .xlsx', 'Download this workbook as an .xlsx file in the mode chosen', () => this.download(mode.value as XlsxMode), 'wb-download'), mode),
      this.saved,
    );
    document.addEventListener('keydown', (e) => this.onKey(e));
    document.addEventListener('copy', (e) => this.onCopy(e, false));
    document.addEventListener('cut', (e) => this.onCopy(e, true));
    document.addEventListener('paste', (e) => this.onPaste(e));
    this.refresh();
  }

  /** Stops saving (a stored workbook that could not be read nor kept aside must not be overwritten). */
  disableSaving(reason: string): void {
    this.saveDisabled = reason;
    this.showSaved(`Not saved in this browser: ${reason}. Download .xlsx to keep your work.`, true);
  }

  /** After every change: the buttons' state, and the workbook stored in the browser (or why not). */
  changed(): void {
    this.refresh();
    if (this.saveDisabled) return;
    const failure = saveWorkbook(this.host.store, this.host.session.snapshot())?.replace(/\.$/, '');
    if (failure) {
      this.showSaved(`Not saved in this browser (${failure}). Download .xlsx to keep your work.`, true);
      // After the grid's own status line for the edit (it writes it once the edit returns).
      setTimeout(() => this.host.status(`Your last change is NOT saved in this browser: ${failure}. Download .xlsx to keep your work.`, 'error'), 0);
    } else this.showSaved(`Saved in this browser ${new Date().toLocaleTimeString()}`, false);
  }

  showSaved(text: string, failed: boolean): void {
    // A failure in a few words on the bar, in full on hover (and in the status line).
    this.saved.textContent = failed ? 'NOT saved in this browser' : text;
    this.saved.title = text;
    this.saved.dataset.state = failed ? 'failed' : 'saved';
  }

  refresh(): void {
    const { nextUndo, nextRedo } = this.host.session.history;
    this.undoButton.disabled = !nextUndo;
    this.redoButton.disabled = !nextRedo;
    this.undoButton.title = nextUndo ? `Undo: ${nextUndo} (Ctrl+Z)` : 'Nothing to undo';
    this.redoButton.title = nextRedo ? `Redo: ${nextRedo} (Ctrl+Y)` : 'Nothing to redo';
  }

  undo(): void {
    this.step('undo');
  }

  redo(): void {
    this.step('redo');
  }

  private step(which: 'undo' | 'redo'): void {
    const grid = this.host.grid();
    try {
      const applied = which === 'undo' ? this.host.session.undo() : this.host.session.redo();
      if (!applied) {
        this.host.status(which === 'undo' ? 'Nothing to undo.' : 'Nothing to redo.');
        return;
      }
      if (applied.sheet && applied.sheet !== grid.activeSheet) grid.showSheet(applied.sheet);
      else grid.render();
      const problems = applied.problems?.length ? ` ${applied.problems.length} cell(s) could not be restored: ${applied.problems.slice(0, 3).map((p) => `${p.sheet}!${p.ref} ${p.what}`).join('; ')}` : '';
      this.host.status(`${which === 'undo' ? 'Undid' : 'Redid'}: ${applied.label}.${problems}`, problems ? 'error' : 'info');
    } catch (e) {
      grid.render();
      this.host.status(`Could not ${which}: ${message(e)}`, 'error');
    }
  }

  private async newWorkbook(): Promise<void> {
    await this.host.session.newWorkbook();
    this.host.grid().showSheet('Sheet1');
    this.host.status('New workbook. Undo (Ctrl+Z) brings the previous one back.');
  }

  async download(mode: XlsxMode): Promise<{ name: string; report: string } | undefined> {
    this.host.status(`Writing the .xlsx (${mode})…`);
    try {
      const { data, report } = await workbookBytes(this.host.session, mode);
      const name = downloadName(this.host.session.model.sheetNames(), mode);
      saveBytes(data, name);
      const text = describeReport(report);
      this.host.status(`Downloaded "${name}" (${mode}): ${text}.`);
      return { name, report: text };
    } catch (e) {
      this.host.status(`Could not write the .xlsx: ${message(e)}`, 'error');
      return undefined;
    }
  }

  async open(file: File): Promise<void> {
    this.host.status(`Opening ${file.name}…`);
    try {
      // Too big to read at all: refused before its bytes are loaded (xlsx-io.ts checks the rest).
      if (file.size > MAX_FILE_BYTES) throw new Error(fileProblem(new Uint8Array(0), file.name, file.size)!);
      const opened = await openBytes(this.host.session, await file.arrayBuffer(), file.name);
      const grid = this.host.grid();
      grid.showSheet(opened.sheets[0]);
      void settleFetches(this.host.session.model.hf).then((fetched) => {
        if (!fetched) return;
        this.host.session.model.reenterTables();
        grid.render();
      });
      const status = openedStatus(file.name, opened);
      this.host.status(status.text, status.kind);
    } catch (e) {
      this.host.status(`Could not open ${file.name}: ${message(e).replace(/\.\s*$/, '')}. Nothing was changed.`, 'error');
    }
  }

  private onKey(e: KeyboardEvent): void {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || inTextField(e.target)) return;
    const key = e.key.toLowerCase();
    if (key === 'z' && !e.shiftKey) {
      e.preventDefault();
      this.undo();
    } else if (key === 'y' || (key === 'z' && e.shiftKey)) {
      e.preventDefault();
      this.redo();
    }
  }

  /** The selected block as tab-separated text (values at full precision). */
  selectionText(): string {
    const grid = this.host.grid();
    return toTsv(grid.viewsIn(grid.range).map((line) => line.map(copyText)));
  }

  private onCopy(e: ClipboardEvent, cut: boolean): void {
    if (inTextField(e.target) || !e.clipboardData) return;
    e.preventDefault();
    const grid = this.host.grid();
    const r = grid.range;
    const cells = (r.bottom - r.top + 1) * (r.right - r.left + 1);
    if (cells > MAX_BLOCK_CELLS) {
      this.host.status(`Nothing was ${cut ? 'cut' : 'copied'}: the selection holds ${cells.toLocaleString('en-US')} cells; copy and cut take up to ${MAX_BLOCK_CELLS.toLocaleString('en-US')} at a time.`, 'error');
      return;
    }
    e.clipboardData.setData('text/plain', this.selectionText());
    if (cut) grid.clearRange();
    else this.host.status(`Copied ${cells} cell${cells === 1 ? '' : 's'} as tab-separated values.`);
  }

  private onPaste(e: ClipboardEvent): void {
    if (inTextField(e.target) || !e.clipboardData) return;
    e.preventDefault();
    this.paste(e.clipboardData.getData('text/plain'));
  }

  /** Pastes tab-separated text at the selection (a single value fills a selected block, as in Excel). */
  paste(text: string): boolean {
    const grid = this.host.grid();
    let rows = parseTsv(text);
    if (rows.length === 0) {
      this.host.status('Nothing to paste: the clipboard holds no text.', 'error');
      return false;
    }
    const r = grid.range;
    const fill = (r.bottom - r.top + 1) * (r.right - r.left + 1);
    if (rows.length * (rows[0]?.length ?? 0) > MAX_BLOCK_CELLS || (rows.length === 1 && rows[0].length === 1 && fill > MAX_BLOCK_CELLS)) {
      this.host.status(`Nothing was pasted: a paste writes up to ${MAX_BLOCK_CELLS.toLocaleString('en-US')} cells at a time.`, 'error');
      return false;
    }
    if (rows.length === 1 && rows[0].length === 1) rows = Array.from({ length: r.bottom - r.top + 1 }, () => Array<string>(r.right - r.left + 1).fill(rows[0][0]));
    return grid.writeBlock(r.top, r.left, rows);
  }
}
