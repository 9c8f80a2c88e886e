/**
 * The task pane's Share tab: a portable copy of the workbook's Watt sheets (or of the active sheet),
 * as Excel's own formulas (`native`) or as values with the formulas in notes (`values`), in new sheets;
 * the originals are never changed. The result goes to the pane's message bar.
 *
 * A self-contained DOM component (element.ownerDocument, textContent, setAttribute, click listeners)
 * so it is tested under Node with the fake DOM, like the data panel. Outside Excel (no host.share) it
 * says what to use instead.
 */
import type { ShareController, ShareRequest } from './controller';
import { SHARE_ELSEWHERE, WORKBENCH_PAGE, type PaneMessage } from './messages';

export interface SharePanelDeps {
  /** The share controller, or undefined outside Excel. */
  controller?: ShareController;
  /** Shows a message in the pane's message bar. */
  show(message: PaneMessage): void;
}

export interface SharePanel {
  /** The current choice. */
  readonly request: ShareRequest;
  /** Chooses as clicking the options would. */
  choose(request: Partial<ShareRequest>): void;
  /** Shares with the current choice, as the button does; resolves with the message shown. */
  share(): Promise<PaneMessage>;
}

const MODES: { value: ShareRequest['mode']; label: string; hint: string }[] = [
  { value: 'native', label: 'Excel formulas', hint: 'Each WATT formula rewritten in Excel\'s own functions: a live model that recalculates without the add-in. Tables and live data stay as values, with a note.' },
  { value: 'values', label: 'Values + notes', hint: 'Numbers only, each formula kept in a note on its cell: for a reader who must not change the model.' },
];
const SCOPES: { value: ShareRequest['scope']; label: string }[] = [
  { value: 'watt', label: 'All Watt sheets' },
  { value: 'active', label: 'This sheet' },
];

export function mountSharePanel(element: HTMLElement, deps: SharePanelDeps): SharePanel {
  const doc = element.ownerDocument;
  const el = (tag: string, text?: string, attrs: Record<string, string> = {}): HTMLElement => {
    const node = doc.createElement(tag);
    if (text !== undefined) node.textContent = text;
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  };
  const request: ShareRequest = { mode: 'native', scope: 'watt' };
  const root = el('section', undefined, { class: 'watt-share', 'aria-label': 'Share' });
  root.appendChild(el('h2', 'Share a portable copy', { class: 'watt-share-title' }));

  if (!deps.controller) {
    root.appendChild(el('p', SHARE_ELSEWHERE, { class: 'watt-empty' }));
    root.appendChild(el('a', 'Open the workbench', { href: WORKBENCH_PAGE, target: '_top', class: 'watt-share-link' }));
    element.appendChild(root);
    return {
      request,
      choose: (r) => Object.assign(request, r),
      share: async () => {
        const message: PaneMessage = { intent: 'info', title: 'Share needs Excel', detail: SHARE_ELSEWHERE };
        deps.show(message);
        return message;
      },
    };
  }
  const controller = deps.controller;

  root.appendChild(el('p', 'Makes new sheets that open anywhere, for a client or a colleague without Watt. Your sheets are not changed.', { class: 'watt-share-intro' }));

  const group = <T extends string>(label: string, options: { value: T; label: string; hint?: string }[], key: 'mode' | 'scope') => {
    const box = el('div', undefined, { role: 'radiogroup', 'aria-label': label, class: 'watt-share-choice' });
    box.appendChild(el('span', label, { class: 'watt-share-choice-label' }));
    const hint = el('p', '', { class: 'watt-share-hint' });
    const buttons = options.map((o) => {
      const b = el('fluent-button', o.label, { role: 'radio', [`data-${key}`]: o.value, ...(o.hint ? { title: o.hint } : {}) });
      b.addEventListener('click', () => panel.choose({ [key]: o.value } as Partial<ShareRequest>));
      box.appendChild(b);
      return { b, o };
    });
    if (options.some((o) => o.hint)) box.appendChild(hint);
    const render = () => {
      for (const { b, o } of buttons) {
        const on = request[key] === o.value;
        b.setAttribute('aria-checked', String(on));
        b.setAttribute('appearance', on ? 'accent' : 'outline');
        if (on && o.hint) hint.textContent = o.hint;
      }
    };
    root.appendChild(box);
    return render;
  };
  const renderMode = group('Copy as', MODES, 'mode');
  const renderScope = group('Sheets', SCOPES, 'scope');
  const button = el('fluent-button', 'Share', { appearance: 'accent', 'data-action': 'share', class: 'watt-share-button' }) as HTMLElement & { disabled: boolean };
  root.appendChild(button);
  root.appendChild(
    el(
      'p',
      'The copies are new sheets in this workbook (move them to a workbook of their own to send). Needs Excel 2019 or later, Microsoft 365 or Excel on the web; the formulas behind values go in cell notes (Microsoft 365), else in comments, else nowhere.',
      { class: 'watt-share-versions' },
    ),
  );

  const panel: SharePanel = {
    request,
    choose(r) {
      Object.assign(request, r);
      renderMode();
      renderScope();
    },
    async share() {
      if (controller.busy) {
        // The running share keeps the button; this call only gets the controller's warning.
        const refused = await controller.share({ ...request });
        deps.show(refused);
        return refused;
      }
      button.disabled = true;
      button.textContent = 'Sharing…';
      deps.show({ intent: 'info', title: `Making a ${request.mode} copy…` });
      try {
        const message = await controller.share({ ...request });
        deps.show(message);
        return message;
      } finally {
        button.disabled = false;
        button.textContent = 'Share';
      }
    },
  };
  button.addEventListener('click', () => void panel.share());
  panel.choose({});
  element.appendChild(root);
  return panel;
}
