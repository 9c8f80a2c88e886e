/**
 * The task pane UI, shared by Excel (host = the Excel adapter) and the workbench (host = the engine
 * adapter): a searchable gallery of templates, each with an Insert button, a Fluent message bar for
 * results and errors, a "Data" tab whose element (#data-panel) the data panel mounts into, and a
 * "Share" tab (share-panel.ts: a portable copy of the Watt sheets, in Excel only).
 */
import type { Template } from '../templates/types';
import { h, icon, ICONS } from './dom';
import { setUpFluent } from './fluent';
import { countLabel, filterTemplates, formatAsOf } from './gallery';
import { createInsertController, createShareController, type PaneHost } from './controller';
import { mountSharePanel, type SharePanel } from './share-panel';
import type { PaneMessage } from './messages';

export type { PaneHost, InsertResult } from './controller';

export interface PaneHandle {
  root: HTMLElement;
  /** Sets the search box and filters the gallery (as typing would). */
  setQuery(query: string): void;
  /** Shows a message (null clears it). */
  show(message: PaneMessage | null): void;
  /** Inserts a template by id, as its Insert button does; resolves when the message is shown. */
  insert(templateId: string): Promise<PaneMessage>;
  /** The Share tab (mode, sheets, Share button). */
  share: SharePanel;
}

function messageBar(message: PaneMessage, onDismiss: () => void): HTMLElement {
  const dismiss = h('fluent-button', { appearance: 'stealth', 'aria-label': 'Dismiss', title: 'Dismiss', class: 'watt-message-dismiss' }, icon(ICONS.dismiss, 16));
  dismiss.addEventListener('click', onDismiss);
  return h(
    'div',
    {
      class: 'watt-message',
      'data-intent': message.intent,
      role: message.intent === 'error' ? 'alert' : 'status',
    },
    h('span', { class: 'watt-message-icon' }, icon(ICONS[message.intent], 20)),
    h(
      'div',
      { class: 'watt-message-body' },
      h('strong', { class: 'watt-message-title' }, message.title),
      message.detail ? h('span', { class: 'watt-message-detail' }, ' ', message.detail) : null,
      message.link ? h('a', { class: 'watt-message-link', href: message.link.href, target: '_top' }, ' ', message.link.text) : null,
    ),
    dismiss,
  );
}

function card(template: Template, onInsert: (button: HTMLElement) => void): HTMLElement {
  const headingId = `watt-card-title-${template.id}`;
  const insert = h(
    'fluent-button',
    { appearance: 'accent', class: 'watt-insert', 'aria-describedby': headingId, 'data-template-id': template.id },
    icon(ICONS.add, 16),
    h('span', { class: 'watt-insert-label' }, 'Insert'),
  );
  insert.addEventListener('click', () => onInsert(insert));
  return h(
    'fluent-card',
    { class: 'watt-card', 'data-template-id': template.id, role: 'listitem' },
    h('h2', { class: 'watt-card-title', id: headingId }, template.title),
    h(
      'p',
      { class: 'watt-card-asof' },
      icon(ICONS.calendar, 14),
      h('span', {}, `Figures as of `, h('time', { datetime: template.asOf }, formatAsOf(template.asOf))),
    ),
    h('p', { class: 'watt-card-description' }, template.description),
    template.answers ? h('p', { class: 'watt-card-answers' }, template.answers) : null,
    template.keyAssumptions.length
      ? h('ul', { class: 'watt-card-assumptions', 'aria-label': 'Key assumptions' }, ...template.keyAssumptions.map((a) => h('li', {}, a)))
      : null,
    h('div', { class: 'watt-card-actions' }, insert),
  );
}

/** Builds the pane inside `root` (its previous content is replaced). */
export function mountPane(root: HTMLElement, host: PaneHost): PaneHandle {
  setUpFluent(root, host.dark);
  root.classList.add('watt-pane');
  root.replaceChildren();

  const messages = h('div', { class: 'watt-messages', 'aria-live': 'polite' });
  const show = (message: PaneMessage | null) => {
    if (message) messages.replaceChildren(messageBar(message, () => show(null)));
    else messages.replaceChildren();
  };

  const search = h('fluent-search', {
    class: 'watt-search',
    placeholder: 'Search templates',
    'aria-label': 'Search templates by title, description or assumption',
  });
  const count = h('p', { class: 'watt-count', 'aria-live': 'polite' });
  const list = h('div', { class: 'watt-gallery', role: 'list', 'aria-label': 'Templates' });
  const empty = h('p', { class: 'watt-empty', hidden: '' });

  const controller = createInsertController(host);
  const buttons = () => Array.from(list.querySelectorAll<HTMLElement>('.watt-insert'));

  async function insert(template: Template, button?: HTMLElement): Promise<PaneMessage> {
    if (controller.busy) return controller.insert(template);
    for (const b of buttons()) b.setAttribute('disabled', '');
    const label = button?.querySelector('.watt-insert-label');
    const ring = h('fluent-progress-ring', { class: 'watt-insert-progress', 'aria-label': 'Inserting' });
    if (button && label) {
      button.querySelector('svg')?.replaceWith(ring);
      label.textContent = 'Inserting…';
    }
    show({ intent: 'info', title: `Inserting "${template.title}"…` });
    const message = await controller.insert(template);
    for (const b of buttons()) b.removeAttribute('disabled');
    if (button && label) {
      ring.replaceWith(icon(ICONS.add, 16));
      label.textContent = 'Insert';
    }
    show(message);
    return message;
  }

  function render(query: string) {
    const shown = filterTemplates(host.templates, query);
    list.replaceChildren(...shown.map((t) => card(t, (button) => void insert(t, button))));
    count.textContent = countLabel(shown.length, host.templates.length);
    if (shown.length === 0) {
      empty.textContent = host.templates.length === 0 ? 'No templates are available.' : `No template matches "${query.trim()}". Try fewer words.`;
      empty.removeAttribute('hidden');
    } else {
      empty.setAttribute('hidden', '');
    }
  }

  const readQuery = () => String((search as unknown as { value?: string }).value ?? '');
  search.addEventListener('input', () => render(readQuery()));
  search.addEventListener('change', () => render(readQuery()));

  const dataPanel = h('section', { id: 'data-panel', class: 'watt-data', 'aria-label': 'Data' });
  const templatesTab = h('fluent-tab', { id: 'watt-tab-templates' }, 'Templates');
  const dataTab = h('fluent-tab', { id: 'watt-tab-data' }, 'Data');
  const shareTab = h('fluent-tab', { id: 'watt-tab-share' }, 'Share');
  const sharePanelEl = h('section', { id: 'share-panel', class: 'watt-share-panel', 'aria-label': 'Share' });
  const sharePanel = mountSharePanel(sharePanelEl, { controller: host.share ? createShareController(host) : undefined, show });
  const tabs = h(
    'fluent-tabs',
    { class: 'watt-tabs', activeid: 'watt-tab-templates' },
    templatesTab,
    dataTab,
    shareTab,
    h('fluent-tab-panel', { id: 'watt-panel-templates', class: 'watt-tab-panel' }, h('div', { class: 'watt-toolbar' }, search, count), empty, list),
    h('fluent-tab-panel', { id: 'watt-panel-data', class: 'watt-tab-panel' }, dataPanel),
    h('fluent-tab-panel', { id: 'watt-panel-share', class: 'watt-tab-panel' }, sharePanelEl),
  );

  let dataMounted = false;
  const mountData = async () => {
    if (dataMounted) return;
    dataMounted = true;
    if (!host.mountData) {
      dataPanel.replaceChildren(h('p', { class: 'watt-empty' }, `The live-data panel (refresh, freeze as inputs) works in Excel. In ${host.hostName}, WATT.NETWORK, WATT.BTCPRICE and WATT.ASOF work in cells, and \`npx watt network\` prints the snapshot.`));
      return;
    }
    try {
      await host.mountData(dataPanel);
    } catch (error) {
      dataPanel.replaceChildren(h('p', { class: 'watt-empty' }, `The data panel could not start: ${error instanceof Error ? error.message : String(error)}`));
    }
  };
  // The data panel loads on first view of its tab, so the gallery appears without waiting for it.
  dataTab.addEventListener('click', () => void mountData());
  tabs.addEventListener('change', () => {
    if ((tabs as unknown as { activeid?: string }).activeid === 'watt-tab-data') void mountData();
  });

  root.append(
    h(
      'header',
      { class: 'watt-header' },
      h('img', { src: 'assets/icon-32.png', alt: '', width: '24', height: '24', class: 'watt-logo' }),
      h('div', {}, h('h1', { class: 'watt-title' }, 'Watt'), h('p', { class: 'watt-subtitle' }, 'Power-site economics for miners moving to AI/HPC')),
    ),
    messages,
    tabs,
    h('footer', { class: 'watt-footer' }, 'Type ', h('code', {}, '=WATT.'), ' in a cell for the functions. ', h('a', { href: 'help.html', target: '_blank', rel: 'noopener' }, 'Help')),
  );
  render('');
  if (host.notice) show(host.notice);
  root.dataset.ready = 'true';

  return {
    root,
    setQuery(query: string) {
      (search as unknown as { value: string }).value = query;
      render(query);
    },
    show,
    share: sharePanel,
    insert(templateId: string) {
      const template = host.templates.find((t) => t.id === templateId);
      if (!template) return Promise.reject(new Error(`no template "${templateId}"`));
      const button = list.querySelector<HTMLElement>(`.watt-insert[data-template-id="${CSS.escape(templateId)}"]`) ?? undefined;
      return insert(template, button);
    },
  };
}
