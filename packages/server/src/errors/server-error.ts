// Error for a 5xx from the Conversions API, or a response pinpair cannot read.

import {
  hasPinpairErrorName,
  PinterestApiError,
  type PinterestApiErrorOptions,
} from './pinterest-api-error.js';

/** Options accepted by {@link ServerError}. */
export interface ServerErrorOptions extends PinterestApiErrorOptions {
  /** Reason the body is unusable when the status is not an error, for example `'the body is not JSON'`. */
  unreadableBody?: string;
}

/**
 * Pinterest responded with a 5xx status (503 with code 4197 means the endpoint is ramped down), or
 * with a success status whose body pinpair cannot read. Both are temporary from pinpair's side, so
 * the request is retried with the same event ids.
 */
export class ServerError extends PinterestApiError {
  constructor(options: ServerErrorOptions) {
    super(options, {
      code: 'pinterest_server_error',
      summary:
        options.unreadableBody === undefined
          ? 'Pinterest server error'
          : `Unreadable Conversions API response because ${options.unreadableBody}`,
      fix: 'Pinpair retries with backoff and the same event ids.',
    });
    this.name = 'ServerError';
  }
}

/** Tells whether `error` is a {@link ServerError}, also across realms (by `name`). */
export function isServerError(error: unknown): error is ServerError {
  return error instanceof ServerError || hasPinpairErrorName(error, 'ServerError');
}
