// Error thrown when launchChromium runs without the optional peer dependency playwright-core.

import { isPinpairError, PinpairError } from '@pinpair/core';

/** Thrown by `launchChromium()` when `playwright-core` cannot be imported. */
export class PlaywrightMissingError extends PinpairError {
  constructor(options: { cause?: unknown } = {}) {
    super(
      'playwright-core is not installed, and launchChromium() needs it. Add it to your dev dependencies, for example: pnpm add -D playwright-core',
      { code: 'playwright_missing', cause: options.cause },
    );
    this.name = 'PlaywrightMissingError';
  }
}

/** Tells whether `error` is a {@link PlaywrightMissingError}, also across realms (by `name`). */
export function isPlaywrightMissingError(error: unknown): error is PlaywrightMissingError {
  if (error instanceof PlaywrightMissingError) return true;
  return isPinpairError(error) && (error as { name?: unknown }).name === 'PlaywrightMissingError';
}
