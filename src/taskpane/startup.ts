/**
 * When the task pane's UI loads. Watt uses a shared runtime: Excel loads taskpane.html (and with it
 * functions.js) as soon as a WATT function is needed, often with the pane hidden. The custom functions
 * must start fast, so the UI (Fluent components, templates, the Excel adapter) is a separate chunk,
 * fetched by a dynamic import() only once the pane is actually shown:
 *
 *  1. at startup, if the page is visible and has a size (the user opened the pane, or we are in a
 *     plain browser tab); a hidden shared runtime is either `document.hidden` (desktop WebView) or a
 *     zero-size frame (Excel on the web);
 *  2. when Office reports the pane shown: `Office.addin.onVisibilityModeChanged` with "Taskpane"
 *     (SharedRuntime 1.1);
 *  3. when the document becomes visible or gets a size (`visibilitychange`, `resize`), for hosts
 *     that do not raise the Office event.
 *
 * Whichever comes first loads the UI once; the listeners are then removed.
 */

export interface VisibilityArgs {
  visibilityMode: string;
}

/** The parts of the browser and Office the decision reads (injected in tests). */
export interface StartupEnv {
  isVisible(): boolean;
  hasSize(): boolean;
  on(event: 'visibilitychange' | 'resize', listener: () => void): () => void;
  /** Office.addin.onVisibilityModeChanged when the host has it; resolves to a function that removes the handler. */
  onVisibilityModeChanged?: (handler: (args: VisibilityArgs) => void) => Promise<() => Promise<void> | void>;
}

/** The browser/Office environment of the real page. */
export function browserEnv(): StartupEnv {
  const addin = typeof Office !== 'undefined' ? (Office as unknown as { addin?: { onVisibilityModeChanged?: StartupEnv['onVisibilityModeChanged'] } }).addin : undefined;
  return {
    isVisible: () => document.visibilityState === 'visible',
    hasSize: () => window.innerWidth > 0 && window.innerHeight > 0,
    on(event, listener) {
      const target: EventTarget = event === 'resize' ? window : document;
      target.addEventListener(event, listener);
      return () => target.removeEventListener(event, listener);
    },
    onVisibilityModeChanged: addin && typeof addin.onVisibilityModeChanged === 'function' ? addin.onVisibilityModeChanged.bind(addin) : undefined,
  };
}

/**
 * Calls `load` once, as soon as the pane is shown (see above). Returns a promise of the load, which
 * settles when the UI is mounted.
 */
export function loadWhenShown(env: StartupEnv, load: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let started = false;
    const cleanups: (() => unknown)[] = [];
    const start = () => {
      if (started) return;
      started = true;
      for (const c of cleanups.splice(0)) {
        try {
          void c();
        } catch {
          /* a listener that cannot be removed is harmless */
        }
      }
      load().then(resolve, reject);
    };
    const check = () => {
      if (env.isVisible() && env.hasSize()) start();
    };
    check();
    if (started) return;
    cleanups.push(env.on('visibilitychange', check), env.on('resize', check));
    if (env.onVisibilityModeChanged) {
      env
        .onVisibilityModeChanged((args) => {
          if (args.visibilityMode === 'Taskpane') start();
        })
        .then((remove) => {
          if (started) void remove();
          else cleanups.push(remove);
        })
        .catch(() => {
          /* the host lacks the event: the DOM listeners remain */
        });
    }
  });
}
