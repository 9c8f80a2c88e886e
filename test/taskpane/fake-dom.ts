/**
 * The few DOM calls the data panel makes (createElement, appendChild, removeChild, textContent,
 * setAttribute, hidden, disabled, click listeners), for tests in jest's node environment (no jsdom here).
 */
export class FakeElement {
  children: FakeElement[] = [];
  parentNode: FakeElement | null = null;
  attributes: Record<string, string> = {};
  hidden = false;
  disabled = false;
  private text = '';
  private listeners: Record<string, (() => void)[]> = {};
  constructor(
    readonly tagName: string,
    readonly ownerDocument: FakeDocument,
  ) {}
  get textContent(): string {
    return this.text + this.children.map((c) => c.textContent).join('');
  }
  set textContent(v: string) {
    this.children = [];
    this.text = v;
  }
  get firstChild(): FakeElement | null {
    return this.children[0] ?? null;
  }
  appendChild(c: FakeElement) {
    c.parentNode = this;
    this.children.push(c);
    return c;
  }
  removeChild(c: FakeElement) {
    this.children = this.children.filter((x) => x !== c);
    c.parentNode = null;
    return c;
  }
  setAttribute(k: string, v: string) {
    this.attributes[k] = v;
  }
  getAttribute(k: string) {
    return this.attributes[k] ?? null;
  }
  addEventListener(type: string, fn: () => void) {
    (this.listeners[type] ??= []).push(fn);
  }
  click() {
    if (!this.disabled) for (const fn of this.listeners.click ?? []) fn();
  }
  /** Every descendant matching a predicate. */
  findAll(pred: (e: FakeElement) => boolean): FakeElement[] {
    return this.children.flatMap((c) => [...(pred(c) ? [c] : []), ...c.findAll(pred)]);
  }
  find(pred: (e: FakeElement) => boolean): FakeElement {
    const found = this.findAll(pred)[0];
    if (!found) throw new Error('no such element');
    return found;
  }
}

export class FakeDocument {
  createElement(tag: string) {
    return new FakeElement(tag, this);
  }
}

export const fakeContainer = () => new FakeDocument().createElement('div');
