// Fresh happy-dom windows for unit tests, so cookies, storage and `pintrk` never leak between tests.

import { Window } from 'happy-dom';
import { afterEach } from 'vitest';

const openWindows: Window[] = [];

afterEach(async () => {
  await Promise.all(openWindows.splice(0).map((window) => window.happyDOM.close()));
});

/** URL of the tag script in unit tests. happy-dom runs with script loading disabled, so nothing fetches it. */
export const TEST_TAG_SCRIPT_URL = 'http://127.0.0.1/ct/core.js';

/**
 * Opens a happy-dom window at `url` (no script loading, no network) and closes it after the test.
 * Returns it typed as the DOM's `Window`, which is what the tracker accepts.
 */
export function openWindow(url = 'http://127.0.0.1/'): globalThis.Window {
  const window = new Window({
    url,
    settings: { disableJavaScriptFileLoading: true, handleDisabledFileLoadingAsSuccess: true },
  });
  openWindows.push(window);
  return window as unknown as globalThis.Window;
}

/**
 * Reopens `window`'s page as a reload does: a new window on the same URL that keeps localStorage
 * and cookies. happy-dom keeps both per window, so they are copied over.
 */
export function reloadWindow(window: globalThis.Window): globalThis.Window {
  const next = openWindow(window.location.href);
  for (let index = 0; index < window.localStorage.length; index++) {
    const key = window.localStorage.key(index) as string;
    next.localStorage.setItem(key, window.localStorage.getItem(key) as string);
  }
  for (const pair of window.document.cookie.split('; ').filter(Boolean))
    next.document.cookie = `${pair}; Path=/`;
  return next;
}
