// Error thrown when no Chromium executable exists where launchChromium looks.

import { isPinpairError, PinpairError } from '@pinpair/core';

/** Thrown by `launchChromium()` when the Chromium executable does not exist. */
export class ChromiumNotFoundError extends PinpairError {
  /** The path that was tried. */
  readonly executablePath: string;

  constructor(executablePath: string, options: { cause?: unknown } = {}) {
    super(
      `Chromium was not found at ${executablePath}. Install Chromium (on Debian: apt-get install chromium) or set PINPAIR_CHROMIUM_PATH to the browser executable.`,
      { code: 'chromium_not_found', cause: options.cause },
    );
    this.name = 'ChromiumNotFoundError';
    this.executablePath = executablePath;
  }
}

/** Tells whether `error` is a {@link ChromiumNotFoundError}, also across realms (by `name`). */
export function isChromiumNotFoundError(error: unknown): error is ChromiumNotFoundError {
  if (error instanceof ChromiumNotFoundError) return true;
  return isPinpairError(error) && (error as { name?: unknown }).name === 'ChromiumNotFoundError';
}
