// launchChromium: starts the system Chromium through playwright-core with the flags this project's tests use.

import { access, constants } from 'node:fs/promises';
import type { Browser, LaunchOptions } from 'playwright-core';
import { ChromiumNotFoundError } from './errors/chromium-not-found-error.js';
import { PlaywrightMissingError } from './errors/playwright-missing-error.js';

export { ChromiumNotFoundError, isChromiumNotFoundError } from './errors/chromium-not-found-error.js';
export { isPlaywrightMissingError, PlaywrightMissingError } from './errors/playwright-missing-error.js';

/** Environment variable that overrides the Chromium executable. */
export const CHROMIUM_PATH_ENV = 'PINPAIR_CHROMIUM_PATH';

/**
 * Flags every launch passes. Playwright cannot download its own browser here, so a system Chromium
 * runs headless without a sandbox (containers and CI run as root) and without background traffic.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Options of {@link launchChromium}. */
export interface LaunchChromiumOptions {
  /**
   * Chromium executable.
   * @default process.env.PINPAIR_CHROMIUM_PATH, else '/usr/bin/chromium'
   */
  executablePath?: string;
  /**
   * Flags added after {@link CHROMIUM_ARGS}.
   * @default []
   */
  extraArgs?: readonly string[];
  /**
   * Other playwright-core launch options (`headless`, `slowMo`, `timeout`, …).
   * @default {}
   */
  launchOptions?: Omit<LaunchOptions, 'executablePath' | 'args'>;
}

/** {@link LaunchChromiumOptions} with defaults applied. */
export type ResolvedLaunchChromiumOptions = Required<LaunchChromiumOptions>;

/** Defaults of {@link LaunchChromiumOptions}; the executable path is read from the environment at call time. */
export const launchChromiumDefaults = {
  executablePath: '/usr/bin/chromium',
  extraArgs: [],
  launchOptions: {},
} satisfies ResolvedLaunchChromiumOptions;

/**
 * Launches Chromium through playwright-core (an optional peer dependency, imported only here) with
 * the executable from `PINPAIR_CHROMIUM_PATH` or `/usr/bin/chromium`. Close the browser when done.
 *
 * @throws {@link ChromiumNotFoundError} when the executable does not exist
 * @throws {@link PlaywrightMissingError} when playwright-core is not installed
 *
 * @example
 * ```ts
 * import { launchChromium } from '@pinpair/testkit/chromium';
 *
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 * await page.goto(pinterest.reportUrl);
 * await browser.close();
 * ```
 */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Browser> {
  const resolved: ResolvedLaunchChromiumOptions = {
    ...launchChromiumDefaults,
    executablePath: process.env[CHROMIUM_PATH_ENV] || launchChromiumDefaults.executablePath,
    ...definedEntries(options),
  };

  try {
    await access(resolved.executablePath, constants.X_OK);
  } catch (error) {
    throw new ChromiumNotFoundError(resolved.executablePath, { cause: error });
  }

  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch (error) {
    throw new PlaywrightMissingError({ cause: error });
  }

  return playwright.chromium.launch({
    ...resolved.launchOptions,
    executablePath: resolved.executablePath,
    args: [...CHROMIUM_ARGS, ...resolved.extraArgs],
  });
}

function definedEntries<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}
