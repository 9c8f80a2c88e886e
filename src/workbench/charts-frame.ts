/**
 * Where the charts go in the workbench's layout: a strip below the grid with a bar of its own that
 * says how many charts the sheet has, hides or shows them, and sizes them (small, medium, large, as a
 * share of the window's height), so the grid keeps most of the window at 1280 x 720 as at 1440 x 900.
 * The choice is kept in this browser. What a chart draws is charts.ts's.
 */
import { h } from '../taskpane/dom';
import type { ChartPanel } from './charts';

export type ChartSize = 'small' | 'medium' | 'large';

/** A chart's height as a share of the window's, and the bounds in CSS pixels. */
const SHARE: Record<ChartSize, number> = { small: 0.16, medium: 0.22, large: 0.32 };
const MIN_PX = 180;
const MAX_PX = 300;
const PREFERENCE_KEY = 'watt.workbench.charts';

/** The height a chart is drawn at for a window height and a size. */
export function chartHeight(windowHeight: number, size: ChartSize): number {
  return Math.round(Math.max(MIN_PX, Math.min(MAX_PX, windowHeight * SHARE[size])));
}

interface Preference {
  hidden: boolean;
  size: ChartSize;
}

function readPreference(): Preference {
  try {
    const p = JSON.parse(window.localStorage.getItem(PREFERENCE_KEY) ?? '{}') as Partial<Preference>;
    return { hidden: p.hidden === true, size: p.size && p.size in SHARE ? p.size : 'medium' };
  } catch {
    return { hidden: false, size: 'medium' };
  }
}

function writePreference(p: Preference): void {
  try {
    window.localStorage.setItem(PREFERENCE_KEY, JSON.stringify(p));
  } catch {
    // A preference not kept is not work lost: the charts show as they are for this visit.
  }
}

export interface ChartsFrame {
  element: HTMLElement;
  /** Hides or shows the charts (the bar stays). */
  setHidden(hidden: boolean): void;
  setSize(size: ChartSize): void;
}

/** Wraps the chart panel; its `update` is wrapped too, so the bar follows the sheet's charts. */
export function chartsFrame(panel: ChartPanel): ChartsFrame {
  const pref = readPreference();
  const count = h('span', { class: 'wb-charts-count' });
  const toggle = h('button', { class: 'wb-tool wb-charts-toggle', type: 'button' });
  const size = h('select', { class: 'wb-mode-select wb-charts-size', 'aria-label': 'Chart size' }, ...(Object.keys(SHARE) as ChartSize[]).map((s) => h('option', { value: s }, s)));
  const bar = h('div', { class: 'wb-charts-bar' }, count, h('span', { class: 'wb-spacer' }), size, toggle);
  const element = h('section', { class: 'wb-charts-frame', 'aria-label': 'Charts' }, bar, panel.element);
  let sheet = '';
  let specs = 0;
  const update = panel.update.bind(panel);
  const refresh = () => {
    element.hidden = specs === 0;
    count.textContent = `${specs} chart${specs === 1 ? '' : 's'} of this sheet${pref.hidden ? ' (hidden)' : ''}`;
    toggle.textContent = pref.hidden ? 'Show charts' : 'Hide charts';
    toggle.setAttribute('aria-expanded', String(!pref.hidden));
    size.value = pref.size;
    size.disabled = pref.hidden;
  };
  panel.update = (name: string) => {
    sheet = name;
    panel.maxHeight = chartHeight(window.innerHeight, pref.size);
    update(name);
    specs = panel.element.childElementCount;
    if (pref.hidden) panel.element.hidden = true;
    refresh();
  };
  const setHidden = (hidden: boolean) => {
    pref.hidden = hidden;
    writePreference(pref);
    panel.update(sheet);
  };
  const setSize = (s: ChartSize) => {
    pref.size = s;
    writePreference(pref);
    panel.update(sheet);
  };
  toggle.addEventListener('click', () => setHidden(!pref.hidden));
  size.addEventListener('change', () => setSize(size.value as ChartSize));
  refresh();
  return { element, setHidden, setSize };
}
