// Error for a 403 from the Conversions API: the token may not send events for this ad account.

import {
  hasPinpairErrorName,
  PinterestApiError,
  type PinterestApiErrorOptions,
} from './pinterest-api-error.js';

/**
 * Pinterest responded 403: the token is valid but its user may not act for this ad account, which
 * usually means a wrong `adAccountId`. The dispatcher pauses delivery and keeps every event.
 */
export class PermissionError extends PinterestApiError {
  constructor(options: PinterestApiErrorOptions) {
    super(options, {
      code: 'pinterest_permission_denied',
      summary: 'Permission denied for this ad account',
      fix: "Check `adAccountId` and that the token's user has an Admin, Analyst, Audience or Campaign role on that account.",
    });
    this.name = 'PermissionError';
  }
}

/** Tells whether `error` is a {@link PermissionError}, also across realms (by `name`). */
export function isPermissionError(error: unknown): error is PermissionError {
  return error instanceof PermissionError || hasPinpairErrorName(error, 'PermissionError');
}
