// Base class of the errors the Conversions API returns as an HTTP status, with the fields they share.

import { isPinpairError, PinpairError } from '@pinpair/core';

/** Options accepted by every {@link PinterestApiError} subclass. */
export interface PinterestApiErrorOptions {
  /** HTTP status of the response. */
  status: number;
  /** The request as `POST <url>`, without the conversion token (which travels only in a header). */
  endpoint: string;
  /** Pinterest's numeric error `code` from the response body, when the body had one. */
  pinterestCode?: number | undefined;
  /** Pinterest's `message` from the response body, when the body had one. */
  pinterestMessage?: string | undefined;
  /** The `event_id` of every event in the rejected request. */
  eventIds?: readonly string[] | undefined;
}

/** Code and message parts that each subclass adds to the shared options. */
export interface PinterestApiErrorDescription {
  /** Stable machine-readable code, for example `'pinterest_authentication_failed'`. */
  code: string;
  /** Summary of the failure, without a final period, for example `'Authentication failed'`. */
  summary: string;
  /** Next step for the caller, as a full sentence. */
  fix?: string;
}

/**
 * An error response from the Conversions API. Subclasses name the status family; this class carries
 * the status, Pinterest's error code and message, the endpoint and the event ids of the request.
 * No field or message contains the conversion token.
 */
export class PinterestApiError extends PinpairError {
  /** HTTP status of the response. */
  readonly status: number;
  /** The request as `POST <url>`, without the conversion token. */
  readonly endpoint: string;
  /** Pinterest's numeric error `code`, for example `2` for a rejected token. */
  readonly pinterestCode: number | undefined;
  /** Pinterest's error `message`, as returned. */
  readonly pinterestMessage: string | undefined;
  /** The `event_id` of every event in the rejected request. */
  readonly eventIds: readonly string[];

  constructor(options: PinterestApiErrorOptions, description: PinterestApiErrorDescription) {
    super(formatApiErrorMessage(options, description), { code: description.code });
    this.name = 'PinterestApiError';
    this.status = options.status;
    this.endpoint = options.endpoint;
    this.pinterestCode = options.pinterestCode;
    this.pinterestMessage = options.pinterestMessage;
    this.eventIds = options.eventIds ?? [];
  }
}

/** Tells whether `error` is a {@link PinterestApiError} or a subclass, also across realms (by shape). */
export function isPinterestApiError(error: unknown): error is PinterestApiError {
  if (error instanceof PinterestApiError) return true;
  return (
    isPinpairError(error) &&
    typeof (error as { status?: unknown }).status === 'number' &&
    typeof (error as { endpoint?: unknown }).endpoint === 'string'
  );
}

/** Tells whether `error` is a pinpair error whose `name` is `name`, so guards work across realms. */
export function hasPinpairErrorName(error: unknown, name: string): boolean {
  return isPinpairError(error) && (error as { name?: unknown }).name === name;
}

/**
 * Builds the shared message shape: what failed, the status and Pinterest's own words, the request,
 * then the fix. For example `Authentication failed (status 401, Pinterest code 2: Authentication
 * failed.): POST https://api.pinterest.com/v5/ad_accounts/123/events. Generate a new conversion token…`.
 */
function formatApiErrorMessage(
  options: PinterestApiErrorOptions,
  description: PinterestApiErrorDescription,
): string {
  const details = [`status ${options.status}`];
  if (options.pinterestCode !== undefined || options.pinterestMessage !== undefined) {
    const code = options.pinterestCode === undefined ? '' : ` code ${options.pinterestCode}`;
    const message = options.pinterestMessage === undefined ? '' : `: ${options.pinterestMessage}`;
    details.push(`Pinterest${code}${message}`);
  }

  const fix = description.fix === undefined ? '' : ` ${description.fix}`;
  return `${description.summary} (${details.join(', ')}): ${options.endpoint}.${fix}`;
}
