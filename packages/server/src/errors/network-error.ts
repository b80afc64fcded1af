// Error for a Conversions API request that failed below HTTP: refused, reset or unresolvable.

import { PinpairError } from '@pinpair/core';
import { hasPinpairErrorName } from './pinterest-api-error.js';

/** Options accepted by {@link NetworkError}. */
export interface NetworkErrorOptions {
  /** The request as `POST <url>`, without the conversion token. */
  endpoint: string;
  /** The error `fetch` threw; its own `cause` usually contains the system code, such as `ECONNRESET`. */
  cause: unknown;
  /** The `event_id` of every event in the request. */
  eventIds?: readonly string[] | undefined;
}

/**
 * The connection failed: refused, reset, or the host did not resolve. The events are retried with
 * the same event ids.
 */
export class NetworkError extends PinpairError {
  /** The request as `POST <url>`, without the conversion token. */
  readonly endpoint: string;
  /** The `event_id` of every event in the request. */
  readonly eventIds: readonly string[];
  /** The system error code, such as `ECONNRESET`, when the cause carries one. */
  readonly systemCode: string | undefined;

  constructor(options: NetworkErrorOptions) {
    const systemCode = findSystemCode(options.cause);
    const reason = systemCode === undefined ? '' : ` (${systemCode})`;
    super(
      `Network error${reason}: ${options.endpoint}. Pinpair retries with the same event ids; check \`baseUrl\` if this persists.`,
      { code: 'pinterest_network_error', cause: options.cause },
    );
    this.name = 'NetworkError';
    this.endpoint = options.endpoint;
    this.eventIds = options.eventIds ?? [];
    this.systemCode = systemCode;
  }
}

/** Tells whether `error` is a {@link NetworkError}, also across realms (by `name`). */
export function isNetworkError(error: unknown): error is NetworkError {
  return error instanceof NetworkError || hasPinpairErrorName(error, 'NetworkError');
}

/** Walks the `cause` chain (undici nests the socket error) for a Node system code such as `ECONNRESET`. */
function findSystemCode(error: unknown): string | undefined {
  let current = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
