// The one retry classifier: turns a send attempt into sent, retry-later, rejected or paused.

import type { SendResult } from '../client/send-result.js';
import { type AuthenticationError, isAuthenticationError } from '../errors/authentication-error.js';
import { isInvalidRequestError } from '../errors/invalid-request-error.js';
import { isPermissionError, type PermissionError } from '../errors/permission-error.js';
import { isRateLimitedError } from '../errors/rate-limited-error.js';
import { type BackoffSettings, computeRetryDelayMs } from './backoff.js';

/** Result of a send attempt: Pinterest's per-event results, or the error the client threw. */
export type SendAttempt = { result: SendResult } | { error: unknown };

/**
 * Action to take on a batch after a send attempt.
 * - `sent`: Pinterest returned per-event results. Processed events are delivered and `result.failedEvents`
 *   go to the dead-letter store with Pinterest's message.
 * - `retry-later`: temporary failure (429, 5xx, timeout, connection error or an unexpected error);
 *   send the same events with the same ids after `delayMs`.
 * - `rejected`: Pinterest rejected the request as a whole (400 or another 4xx without per-event
 *   results); the same request would fail again.
 * - `paused`: Pinterest rejected the token or the ad account (401, 403). Keep the events and stop
 *   sending to this ad account until someone fixes the credentials.
 */
export type DeliveryOutcome =
  | { kind: 'sent'; result: SendResult }
  | { kind: 'retry-later'; delayMs: number; error: unknown }
  | { kind: 'rejected'; error: unknown }
  | { kind: 'paused'; error: AuthenticationError | PermissionError };

/** The kinds of {@link DeliveryOutcome}. */
export type DeliveryOutcomeKind = DeliveryOutcome['kind'];

/**
 * Classifies a send attempt. `failures` counts consecutive failures including this one and sizes the
 * backoff; a `Retry-After` from a 429 is honoured as the minimum delay.
 */
export function classifyDelivery(
  attempt: SendAttempt,
  failures: number,
  backoff: BackoffSettings,
): DeliveryOutcome {
  if ('result' in attempt) return { kind: 'sent', result: attempt.result };

  const { error } = attempt;
  if (isAuthenticationError(error) || isPermissionError(error)) return { kind: 'paused', error };
  if (isInvalidRequestError(error)) return { kind: 'rejected', error };

  const retryAfterMs = isRateLimitedError(error) ? error.retryAfterMs : undefined;
  return { kind: 'retry-later', delayMs: computeRetryDelayMs(failures, backoff, retryAfterMs), error };
}
