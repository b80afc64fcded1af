// Error for a 400 (or another 4xx without per-event results) from the Conversions API.

import {
  hasPinpairErrorName,
  PinterestApiError,
  type PinterestApiErrorOptions,
} from './pinterest-api-error.js';

/**
 * Pinterest rejected the request as a whole: 400 (code 4196, malformed JSON or a schema violation),
 * or another 4xx status that carries no per-event results, such as 404 for a wrong base URL. The
 * same request would fail again, so it is never retried unchanged.
 */
export class InvalidRequestError extends PinterestApiError {
  constructor(options: PinterestApiErrorOptions) {
    super(options, {
      code: 'pinterest_invalid_request',
      summary: 'Invalid request',
      fix: fixFor(options.status),
    });
    this.name = 'InvalidRequestError';
  }
}

/** Tells whether `error` is an {@link InvalidRequestError}, also across realms (by `name`). */
export function isInvalidRequestError(error: unknown): error is InvalidRequestError {
  return error instanceof InvalidRequestError || hasPinpairErrorName(error, 'InvalidRequestError');
}

function fixFor(status: number): string {
  if (status === 400 || status === 422)
    return 'Run `pinpair lint` on the events to find the field Pinterest rejects.';
  if (status === 404 || status === 405) return 'Check `baseUrl`: it should be the API root, ending in /v5.';
  return 'Pinpair does not retry this request unchanged.';
}
