// launchChromium: the executable lookup, the missing-browser error and a real launch.

import { afterEach, describe, expect, it } from 'vitest';
import {
  CHROMIUM_PATH_ENV,
  ChromiumNotFoundError,
  isChromiumNotFoundError,
  launchChromium,
} from './chromium.js';

const savedPath = process.env[CHROMIUM_PATH_ENV];

afterEach(() => {
  if (savedPath === undefined) delete process.env[CHROMIUM_PATH_ENV];
  else process.env[CHROMIUM_PATH_ENV] = savedPath;
});

describe('launchChromium', () => {
  it('names the environment variable when the binary is missing', async () => {
    process.env[CHROMIUM_PATH_ENV] = '/nonexistent/chromium';

    const error = await launchChromium().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ChromiumNotFoundError);
    expect(isChromiumNotFoundError(error)).toBe(true);
    expect((error as Error).message).toContain('/nonexistent/chromium');
    expect((error as Error).message).toContain('PINPAIR_CHROMIUM_PATH');
    expect((error as ChromiumNotFoundError).code).toBe('chromium_not_found');
  });

  it('prefers the executablePath option over the environment', async () => {
    process.env[CHROMIUM_PATH_ENV] = '/nonexistent/from-env';

    await expect(launchChromium({ executablePath: '/nonexistent/from-option' })).rejects.toThrow(
      '/nonexistent/from-option',
    );
  });

  it('matches an error from another copy of the package by name', () => {
    // Another copy of pinpair brands its errors with the same registered symbol, but its class differs.
    const foreign = Object.assign(new Error('Chromium was not found'), { name: 'ChromiumNotFoundError' });
    Object.defineProperty(foreign, Symbol.for('pinpair.error'), { value: true });

    expect(foreign).not.toBeInstanceOf(ChromiumNotFoundError);
    expect(isChromiumNotFoundError(foreign)).toBe(true);
    expect(isChromiumNotFoundError(new Error('Chromium was not found'))).toBe(false);
  });

  it('launches a browser that loads a page', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent('<p id="greeting">hello</p>');

      expect(await page.textContent('#greeting')).toBe('hello');
      expect(browser.version()).toMatch(/^\d+\./);
    } finally {
      await browser.close();
    }
  });
});
