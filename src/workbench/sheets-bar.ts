/**
 * The sheets bar: the grid's tabs with a "+" to add a sheet, a double-click on a tab to rename it
 * (Enter keeps the name, Escape cancels) and a "×" on the active tab to delete it. Every change goes
 * through the session, so it can be undone; a name Excel would refuse is refused with its reason.
 */
import { h } from '../taskpane/dom';
import type { Grid } from './grid';
import type { WorkbookSession } from './session';

export interface SheetsBarHost {
  session: WorkbookSession;
  grid: () => Grid;
  status(text: string, intent?: 'info' | 'error'): void;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The grid's `decorateTabs` hook. */
export function sheetsBar(host: SheetsBarHost): (tabs: HTMLElement, names: string[], active: string) => void {
  const rename = (tab: HTMLElement, name: string) => {
    const input = h('input', { class: 'wb-tab-rename', 'aria-label': `New name for sheet ${name}`, value: name, maxlength: '31', spellcheck: 'false' });
    let done = false;
    const finish = async (keep: boolean) => {
      if (done) return;
      done = true;
      const to = input.value;
      if (!keep || to === name) {
        host.grid().render();
        return;
      }
      try {
        await host.session.renameSheet(name, to);
        host.grid().showSheet(to);
        host.status(`Renamed sheet "${name}" to "${to}"; formulas that refer to it follow. Undo with Ctrl+Z.`);
      } catch (e) {
        host.grid().render();
        host.status(message(e), 'error');
      }
    };
    input.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Enter') void finish(true);
      else if (e.key === 'Escape') void finish(false);
    });
    input.addEventListener('blur', () => void finish(true));
    tab.replaceWith(input);
    input.focus();
    input.select();
  };

  const listening = new WeakSet<HTMLElement>();
  return (tabs, names, active) => {
    // On the bar, not on each tab: a first click on another tab redraws the tabs, and the second
    // click of the double-click lands on the new one.
    if (!listening.has(tabs)) {
      listening.add(tabs);
      tabs.addEventListener('dblclick', (e) => {
        // The tab clicked may have been redrawn by the first click (it showed its sheet): rename the
        // tab of the same sheet as it is now on the bar.
        const clicked = (e.target as HTMLElement).closest<HTMLElement>('.wb-tab');
        const name = clicked?.dataset.sheet;
        if (name === undefined) return;
        const tab = Array.from(tabs.querySelectorAll<HTMLElement>('.wb-tab')).find((t) => t.dataset.sheet === name);
        if (tab) rename(tab, name);
      });
    }
    for (const tab of Array.from(tabs.querySelectorAll<HTMLElement>('.wb-tab'))) {
      const name = tab.dataset.sheet!;
      tab.title = 'Double-click to rename';
      // Every tab keeps the room of its "×" (shown on the active tab only): a first click on a tab
      // must not move the tabs, or the second click of a double-click lands on another one.
      if (name !== active && names.length > 1) {
        tab.after(h('span', { class: 'wb-tab-delete-room', 'aria-hidden': 'true' }, '×'));
      }
      if (name === active && names.length > 1) {
        const del = h('button', { class: 'wb-tab-delete', type: 'button', title: `Delete sheet ${name} (undo with Ctrl+Z)`, 'aria-label': `Delete sheet ${name}` }, '×');
        del.addEventListener('click', async () => {
          try {
            await host.session.deleteSheet(name);
            host.grid().render();
            host.status(`Deleted sheet "${name}". Undo (Ctrl+Z) brings it back with every formula that referred to it.`);
          } catch (e) {
            host.status(message(e), 'error');
          }
        });
        tab.after(del);
      }
    }
    const add = h('button', { class: 'wb-tab-add', type: 'button', title: 'Add a sheet', 'aria-label': 'Add a sheet' }, '+');
    add.addEventListener('click', async () => {
      try {
        const name = await host.session.addSheet();
        host.grid().showSheet(name);
        host.status(`Added sheet "${name}".`);
      } catch (e) {
        host.status(message(e), 'error');
      }
    });
    tabs.append(add);
  };
}
