// Error for a 429 from the Conversions API, with the delay Pinterest asked for.

import {
  hasPinpairErrorName,
  PinterestApiError,
  type PinterestApiErrorOptions,
} from './pinterest-api-error.js';

/** Options accepted by {@link RateLimitedError}. */
export interface RateLimitedErrorOptions extends PinterestApiErrorOptions {
  /** Delay from the `Retry-After` header, in milliseconds; undefined when the header was absent or invalid. */
  retryAfterMs?: number | undefined;
}

/** Pinterest responded 429: too many requests. The request may be retried after `retryAfterMs`. */
export class RateLimitedError extends PinterestApiError {
  /** Delay from the `Retry-After` header, in milliseconds; undefined when the header was absent or invalid. */
  readonly retryAfterMs: number | undefined;

  constructor(options: RateLimitedErrorOptions) {
    // The message states only what Pinterest requested, because the caller chooses the delay. The
    // dispatcher logs its own as `delayMs`, which can be longer after several failures.
    const wait =
      options.retryAfterMs === undefined
        ? 'Pinterest sent no Retry-After; wait before sending again.'
        : `Retry-After asks to wait ${Math.ceil(options.retryAfterMs / 1000)} s before sending again.`;
    super(options, { code: 'pinterest_rate_limited', summary: 'Rate limited', fix: wait });
    this.name = 'RateLimitedError';
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Tells whether `error` is a {@link RateLimitedError}, also across realms (by `name`). */
export function isRateLimitedError(error: unknown): error is RateLimitedError {
  return error instanceof RateLimitedError || hasPinpairErrorName(error, 'RateLimitedError');
}
