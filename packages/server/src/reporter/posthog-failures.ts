// Logs posthog-node's delivery failures and the captures a shutdown leaves unsent through the reporter's logger.

import type { PostHog } from 'posthog-node';
import type { PinpairLogger } from '../logger.js';

/**
 * Minimum time between two logged PostHog delivery failures while the reporter runs, in
 * milliseconds. Failures in between are counted and the count goes with the next line, so an outage
 * logs about one line a minute.
 */
export const POSTHOG_FAILURE_LOG_INTERVAL_MS = 60_000;

/** Maximum number of capture uuids or event ids one line lists. */
const MAX_LOGGED_IDS = 20;

/**
 * Logs the captures still in posthog-node's in-memory queue after its shutdown, which the process
 * loses when it stops. They are there when PostHog was unreachable or the shutdown timed out, and
 * posthog-node itself reports that only on stderr. The line lists capture uuids and pinpair event
 * ids, never other properties.
 */
export function logUnsentCaptures(client: PostHog, logger: PinpairLogger): void {
  // posthog-node 5.74 keeps captures under the persisted property `queue` as `{ message }` items.
  const queue: unknown = client.getPersistedProperty(
    'queue' as Parameters<PostHog['getPersistedProperty']>[0],
  );
  if (!Array.isArray(queue) || queue.length === 0) return;

  const uuids: string[] = [];
  const eventIds: string[] = [];
  for (const item of queue.slice(0, MAX_LOGGED_IDS)) {
    const message = (item as { message?: QueuedCapture } | null)?.message;
    if (typeof message?.uuid === 'string') uuids.push(message.uuid);
    if (typeof message?.properties?.event_id === 'string') eventIds.push(message.properties.event_id);
  }

  const count = queue.length;
  logger.error(
    { count, uuids, eventIds },
    `${count} PostHog capture${count === 1 ? ' was' : 's were'} not sent before shutdown and ${count === 1 ? 'is' : 'are'} lost`,
  );
}

/** The fields of a capture in posthog-node's queue that identify it. */
interface QueuedCapture {
  uuid?: unknown;
  properties?: { event_id?: unknown };
}

/** Log of posthog-node's delivery failures, with at most one line a minute while the reporter runs. */
export interface DeliveryFailureLog {
  /** Logs one failure, or counts it when the last line is less than a minute old. */
  record(error: unknown): void;
  /** Logs every later failure without the rate limit, because the process is about to stop. */
  startShutdown(): void;
  /** Logs how many failures the rate limit held back since the last line, if any. */
  logSuppressedCount(): void;
}

/**
 * Creates the log of posthog-node's delivery failures. An HTTP error is logged at error level,
 * because posthog-node drops the batch. A network error is a warning while the reporter runs,
 * because posthog-node keeps the batch and sends it at its next flush.
 */
// NOTE: posthog-node 5.74 also prints failed background and shutdown flushes to stderr with
// console.error, and no option turns that off. These lines add the failure to the reporter's log.
export function createDeliveryFailureLog(logger: PinpairLogger, now: () => number): DeliveryFailureLog {
  let lastLoggedAtMs: number | undefined;
  let suppressed = 0;
  let shuttingDown = false;

  function record(error: unknown): void {
    const nowMs = now();
    if (
      !shuttingDown &&
      lastLoggedAtMs !== undefined &&
      nowMs - lastLoggedAtMs < POSTHOG_FAILURE_LOG_INTERVAL_MS
    ) {
      suppressed += 1;
      return;
    }

    lastLoggedAtMs = nowMs;
    const fields = {
      ...describeDeliveryError(error),
      ...(suppressed > 0 ? { suppressedFailures: suppressed } : {}),
    };
    suppressed = 0;

    if (isNetworkError(error) && shuttingDown) {
      logger.error(
        fields,
        'PostHog is unreachable at shutdown, so the captures still queued are logged next as lost',
      );
    } else if (isNetworkError(error)) {
      logger.warn(
        fields,
        'PostHog is unreachable, so posthog-node keeps the batch queued for its next flush',
      );
    } else {
      logger.error(
        fields,
        'PostHog delivery failed and posthog-node dropped the batch, so its captures are lost',
      );
    }
  }

  function logSuppressedCount(): void {
    if (suppressed === 0) return;
    logger.error(
      { suppressedFailures: suppressed },
      `${suppressed} more PostHog delivery failure${suppressed === 1 ? ' was' : 's were'} not logged one by one`,
    );
    suppressed = 0;
  }

  return {
    record,
    startShutdown: () => {
      shuttingDown = true;
    },
    logSuppressedCount,
  };
}

/** True for posthog-node's network error, after which it keeps the batch in its queue. */
function isNetworkError(error: unknown): boolean {
  return error instanceof Error && error.name === 'PostHogFetchNetworkError';
}

/**
 * Picks the loggable facts of a posthog-node error: its name and message, the HTTP status, the
 * network error code, and the capture uuids that the capture-v1 sender's error lists. The default
 * sender's messages name only the status and request size. The capture-v1 sender's add up to 512
 * characters of PostHog's response body.
 */
function describeDeliveryError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };

  const fields: Record<string, unknown> = { errorName: error.name, error: error.message };
  const { status, cause } = error as { status?: unknown; cause?: unknown };
  if (typeof status === 'number') fields.status = status;

  const code = networkErrorCode(cause);
  if (code !== undefined) fields.code = code;

  const uuids = failedCaptureUuids(error);
  if (uuids.length > 0) {
    fields.uuids = uuids.slice(0, MAX_LOGGED_IDS);
    fields.uuidCount = uuids.length;
  }
  return fields;
}

/** Returns the system error code (`ECONNREFUSED`, …) of fetch's `TypeError` or its cause. */
function networkErrorCode(cause: unknown): string | undefined {
  const outer = cause as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = outer?.code ?? outer?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Returns the uuids of the captures a `CaptureV1Error` reports as dropped or undelivered. posthog-node
 * sends through that sender only with `POSTHOG_CAPTURE_MODE=v1`. Its default sender's errors carry
 * no batch, so they yield none.
 */
function failedCaptureUuids(error: Error): string[] {
  const { drops, retryExhausted } = error as { drops?: unknown; retryExhausted?: unknown };
  const uuids: string[] = [];
  if (Array.isArray(drops)) {
    for (const drop of drops) {
      const uuid = (drop as { uuid?: unknown } | null)?.uuid;
      if (typeof uuid === 'string') uuids.push(uuid);
    }
  }
  if (Array.isArray(retryExhausted)) {
    for (const uuid of retryExhausted) if (typeof uuid === 'string') uuids.push(uuid);
  }
  return uuids;
}
