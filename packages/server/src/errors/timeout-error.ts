// Error for a Conversions API request that got no complete response within `timeoutMs`.

import { PinpairError } from '@pinpair/core';
import { hasPinpairErrorName } from './pinterest-api-error.js';

/** Options accepted by {@link TimeoutError}. */
export interface TimeoutErrorOptions {
  /** The request as `POST <url>`, without the conversion token. */
  endpoint: string;
  /** The limit that was exceeded, in milliseconds. */
  timeoutMs: number;
  /** The `event_id` of every event in the request. */
  eventIds?: readonly string[] | undefined;
}

/**
 * The request timed out. Pinterest may or may not have stored the events, so they are retried with
 * the same event ids and Pinterest's deduplication drops a second copy.
 */
export class TimeoutError extends PinpairError {
  /** The request as `POST <url>`, without the conversion token. */
  readonly endpoint: string;
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;
  /** The `event_id` of every event in the request. */
  readonly eventIds: readonly string[];

  constructor(options: TimeoutErrorOptions) {
    super(
      `Request timed out after ${options.timeoutMs} ms: ${options.endpoint}. Pinpair retries with the same event ids; raise \`timeoutMs\` if Pinterest is slow rather than down.`,
      { code: 'pinterest_timeout' },
    );
    this.name = 'TimeoutError';
    this.endpoint = options.endpoint;
    this.timeoutMs = options.timeoutMs;
    this.eventIds = options.eventIds ?? [];
  }
}

/** Tells whether `error` is a {@link TimeoutError}, also across realms (by `name`). */
export function isTimeoutError(error: unknown): error is TimeoutError {
  return error instanceof TimeoutError || hasPinpairErrorName(error, 'TimeoutError');
}
