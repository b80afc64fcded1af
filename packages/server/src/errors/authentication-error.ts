// Error for a 401 from the Conversions API: Pinterest rejected the conversion token.

import {
  hasPinpairErrorName,
  PinterestApiError,
  type PinterestApiErrorOptions,
} from './pinterest-api-error.js';

/**
 * Pinterest responded 401: the conversion token is missing, wrong or revoked. Retrying the same
 * request cannot succeed, so the dispatcher pauses delivery and keeps every event.
 */
export class AuthenticationError extends PinterestApiError {
  constructor(options: PinterestApiErrorOptions) {
    super(options, {
      code: 'pinterest_authentication_failed',
      summary: 'Authentication failed',
      fix: 'Check the conversion token: generate a new one in Ads Manager (Conversions, Set up API) and set it as `conversionToken`.',
    });
    this.name = 'AuthenticationError';
  }
}

/** Tells whether `error` is an {@link AuthenticationError}, also across realms (by `name`). */
export function isAuthenticationError(error: unknown): error is AuthenticationError {
  return error instanceof AuthenticationError || hasPinpairErrorName(error, 'AuthenticationError');
}
