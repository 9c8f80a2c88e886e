/** When the UI chunk loads: at once when the pane is visible, else on the first sign it is shown, once. */
import { loadWhenShown, type StartupEnv, type VisibilityArgs } from '../../src/taskpane/startup';

function env(visible: boolean, sized = true, withOffice = true) {
  const listeners: Record<string, (() => void)[]> = { visibilitychange: [], resize: [] };
  let office: ((args: VisibilityArgs) => void) | undefined;
  let officeRemoved = false;
  const state = { visible, sized };
  const e: StartupEnv = {
    isVisible: () => state.visible,
    hasSize: () => state.sized,
    on(event, l) {
      listeners[event].push(l);
      return () => (listeners[event] = listeners[event].filter((x) => x !== l));
    },
    onVisibilityModeChanged: withOffice
      ? async (handler) => {
          office = handler;
          return () => {
            officeRemoved = true;
          };
        }
      : undefined,
  };
  return {
    e,
    state,
    fire: (event: string) => listeners[event].forEach((l) => l()),
    office: (mode: string) => office?.({ visibilityMode: mode }),
    listenerCount: () => listeners.visibilitychange.length + listeners.resize.length,
    officeRemoved: () => officeRemoved,
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

test('a visible pane loads the UI at once', async () => {
  const { e, listenerCount } = env(true);
  const load = jest.fn(async () => undefined);
  await loadWhenShown(e, load);
  expect(load).toHaveBeenCalledTimes(1);
  expect(listenerCount()).toBe(0);
});

test('a hidden shared runtime waits for Office to show the pane, then loads once', async () => {
  const t = env(false);
  const load = jest.fn(async () => undefined);
  const done = loadWhenShown(t.e, load);
  await flush();
  expect(load).not.toHaveBeenCalled();
  t.office('Hidden');
  expect(load).not.toHaveBeenCalled();
  t.office('Taskpane');
  t.office('Taskpane');
  t.state.visible = true;
  t.fire('visibilitychange');
  await done;
  expect(load).toHaveBeenCalledTimes(1);
  expect(t.listenerCount()).toBe(0);
  expect(t.officeRemoved()).toBe(true);
});

test('a zero-size frame (Excel on the web) loads when it gets a size', async () => {
  const t = env(true, false, false);
  const load = jest.fn(async () => undefined);
  const done = loadWhenShown(t.e, load);
  t.fire('resize');
  expect(load).not.toHaveBeenCalled();
  t.state.sized = true;
  t.fire('resize');
  await done;
  expect(load).toHaveBeenCalledTimes(1);
});

test('a failed load rejects (the pane then shows the error)', async () => {
  const { e } = env(true);
  await expect(loadWhenShown(e, async () => Promise.reject(new Error('chunk failed')))).rejects.toThrow('chunk failed');
});
