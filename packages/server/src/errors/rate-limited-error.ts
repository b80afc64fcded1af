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
    const wait =
      options.retryAfterMs === undefined
        ? 'Pinpair retries with backoff.'
        : `Pinpair retries after ${Math.ceil(options.retryAfterMs / 1000)} s, as Retry-After asks.`;
    super(options, { code: 'pinterest_rate_limited', summary: 'Rate limited', fix: wait });
    this.name = 'RateLimitedError';
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Tells whether `error` is a {@link RateLimitedError}, also across realms (by `name`). */
export function isRateLimitedError(error: unknown): error is RateLimitedError {
  return error instanceof RateLimitedError || hasPinpairErrorName(error, 'RateLimitedError');
}
