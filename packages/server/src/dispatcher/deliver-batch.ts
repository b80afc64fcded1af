// Sends one claimed batch and settles every entry: delivered, retried, dead-lettered or held for a pause.

import type { PinterestClient } from '../client/pinterest-client.js';
import type { BackoffSettings } from '../delivery/backoff.js';
import { classifyDelivery, type SendAttempt } from '../delivery/classify.js';
import { isPinterestApiError } from '../errors/pinterest-api-error.js';
import { isRateLimitedError } from '../errors/rate-limited-error.js';
import type { PinpairLogger } from '../logger.js';
import { type ClaimedEntry, DEAD_LETTER_REASONS, type Outbox } from '../outbox/outbox.js';
import { screenEvents } from './screen-events.js';
import { describeError, settleResult } from './settle-result.js';

/** Delivery state the dispatcher keeps per ad account, in memory. */
export interface AccountState {
  /** Consecutive failed requests; sizes the backoff and resets on success. */
  consecutiveFailures: number;
  /** No request before this time (Unix milliseconds), after a retryable failure. */
  notBefore: number;
  /** Delivery paused until this time (Unix milliseconds) after a 401 or 403. */
  pausedUntil: number;
}

/** Counters the dispatcher reports in `stats()` and in its stop log line. */
export interface DeliveryCounts {
  /** Requests sent. */
  batches: number;
  /** Events Pinterest processed. */
  delivered: number;
  /** Events moved to the dead-letter store. */
  deadLettered: number;
  /** Events sent more than `lateAfterSeconds` after their `event_time`. */
  late: number;
  /** Requests that failed temporarily and were scheduled again. */
  retries: number;
  /** Times delivery paused after a 401 or 403. */
  pauses: number;
}

/** Dependencies and state that {@link deliverBatch} receives from the dispatcher. */
export interface DeliveryContext {
  outbox: Outbox;
  logger: PinpairLogger;
  clock: () => number;
  backoff: BackoffSettings;
  maxEventAgeSeconds: number;
  lateAfterSeconds: number;
  pauseMs: number;
  /** Aborts requests in flight when the shutdown deadline passes. */
  abortSignal: AbortSignal;
  /** True once shutdown has begun, when a failed batch waits for the next start instead of a retry. */
  stopping: () => boolean;
  account: AccountState;
  counts: DeliveryCounts;
}

/** Whether the dispatcher may go on claiming batches for this ad account in the current drain. */
export type BatchVerdict = 'continue' | 'stop';

/**
 * Screens a claimed batch (age, linter), dead-letters what cannot be sent, and sends the rest.
 * Returns `stop` when the ad account must wait: a retryable failure, a pause, or shutdown.
 */
export async function deliverBatch(
  client: PinterestClient,
  entries: readonly ClaimedEntry[],
  batchId: string,
  context: DeliveryContext,
): Promise<BatchVerdict> {
  const nowMs = context.clock();
  const screened = screenEvents(entries, {
    nowSeconds: Math.floor(nowMs / 1000),
    maxEventAgeSeconds: context.maxEventAgeSeconds,
    lateAfterSeconds: context.lateAfterSeconds,
  });

  if (screened.deadLetters.length > 0) {
    await context.outbox.moveToDeadLetter(screened.deadLetters, nowMs);
    context.counts.deadLettered += screened.deadLetters.length;
    const byId = new Map(entries.map((entry) => [entry.id, entry.eventId]));
    context.logger.warn(
      {
        batchId,
        adAccountId: client.adAccountId,
        count: screened.deadLetters.length,
        deadLetters: screened.deadLetters.map((request) => ({
          eventId: byId.get(request.id),
          reason: request.reason,
          message: request.message,
        })),
      },
      'Events moved to the dead-letter store before sending',
    );
  }

  if (screened.lateEventIds.length > 0) {
    context.logger.info(
      {
        batchId,
        adAccountId: client.adAccountId,
        count: screened.lateEventIds.length,
        eventIds: screened.lateEventIds,
      },
      'Sending late events: Pinterest reports events sent more than an hour after event_time as offline',
    );
  }

  if (screened.sendable.length === 0) return 'continue';
  return sendAndSettle(client, screened.sendable, batchId, new Set(screened.lateEventIds), context);
}

/**
 * Sends entries and settles them by the classified outcome. A whole-request rejection (400) is
 * never retried unchanged: the batch is split in halves until the rejected events stand alone,
 * and a single rejected event becomes an `invalid-request` dead letter.
 */
async function sendAndSettle(
  client: PinterestClient,
  entries: readonly ClaimedEntry[],
  batchId: string,
  lateEventIds: ReadonlySet<string>,
  context: DeliveryContext,
): Promise<BatchVerdict> {
  const { outbox, logger, account, counts } = context;
  const ids = entries.map((entry) => entry.id);
  const eventIds = entries.map((entry) => entry.eventId);

  const attempt = await attemptSend(client, entries, context.abortSignal);
  counts.batches += 1;
  const nowMs = context.clock();

  if ('error' in attempt && context.abortSignal.aborted) {
    await outbox.markRetry(ids, {
      nextAttemptAt: nowMs,
      lastError: 'Shutdown deadline passed before Pinterest responded.',
    });
    logger.warn(
      { batchId, adAccountId: client.adAccountId, eventIds },
      'Batch abandoned at the shutdown deadline; it stays queued',
    );
    return 'stop';
  }

  // With several requests in flight, the first failure starts the backoff. Another request that
  // fails during that backoff belongs to the same outage, so it neither counts as one more
  // consecutive failure nor shortens the wait.
  const backingOff = account.notBefore > nowMs;
  const failures = Math.max(1, backingOff ? account.consecutiveFailures : account.consecutiveFailures + 1);
  const outcome = classifyDelivery(attempt, failures, context.backoff);

  if (outcome.kind === 'sent') {
    account.consecutiveFailures = 0;
    await settleResult(outcome.result, entries, batchId, lateEventIds, context);
    return 'continue';
  }

  const lastError = describeError(outcome.error);

  if (outcome.kind === 'retry-later') {
    account.consecutiveFailures = failures;
    account.notBefore = Math.max(account.notBefore, nowMs + outcome.delayMs);
    counts.retries += 1;
    await outbox.markRetry(ids, { nextAttemptAt: account.notBefore, lastError });
    // `delayMs` is the wait until the next attempt. An earlier failure may have made it longer than
    // this outcome's. `retryAfterMs` is the lower bound from Pinterest's Retry-After header.
    logger.warn(
      {
        batchId,
        adAccountId: client.adAccountId,
        count: ids.length,
        eventIds,
        consecutiveFailures: account.consecutiveFailures,
        delayMs: account.notBefore - nowMs,
        retryAfterMs: isRateLimitedError(outcome.error) ? outcome.error.retryAfterMs : undefined,
        error: lastError,
      },
      context.stopping()
        ? 'Batch failed temporarily during shutdown; it stays queued for the next start'
        : 'Batch failed temporarily; retrying with the same event ids',
    );
    return 'stop';
  }

  if (outcome.kind === 'paused') {
    await outbox.markRetry(ids, { nextAttemptAt: nowMs, lastError });
    if (account.pausedUntil > nowMs) {
      // Another request in flight already paused this ad account and logged it at error level.
      logger.warn(
        {
          batchId,
          adAccountId: client.adAccountId,
          status: outcome.error.status,
          count: ids.length,
          eventIds,
        },
        'Batch kept queued: delivery to this ad account is paused',
      );
      return 'stop';
    }
    account.pausedUntil = nowMs + context.pauseMs;
    counts.pauses += 1;
    logger.error(
      {
        batchId,
        adAccountId: client.adAccountId,
        status: outcome.error.status,
        count: ids.length,
        eventIds,
        pauseMs: context.pauseMs,
        error: lastError,
      },
      'DELIVERY PAUSED: Pinterest rejected the conversion token or ad account. Every event is kept; fix the credentials, then call resume() or restart',
    );
    return 'stop';
  }

  if (entries.length > 1) {
    const middle = Math.ceil(entries.length / 2);
    logger.warn(
      { batchId, adAccountId: client.adAccountId, count: entries.length, error: lastError },
      'Pinterest rejected the whole batch; splitting it to isolate the invalid events',
    );
    const halves = [entries.slice(0, middle), entries.slice(middle)];
    for (const [index, half] of halves.entries()) {
      const verdict = await sendAndSettle(client, half, batchId, lateEventIds, context);
      if (verdict === 'stop') {
        const unsent = halves.slice(index + 1).flat();
        if (unsent.length > 0) {
          await outbox.markRetry(
            unsent.map((entry) => entry.id),
            {
              nextAttemptAt: Math.max(account.notBefore, context.clock()),
              lastError: 'Not sent: an earlier part of the batch failed.',
            },
          );
        }
        return 'stop';
      }
    }
    return 'continue';
  }

  const message = isPinterestApiError(outcome.error)
    ? (outcome.error.pinterestMessage ?? lastError)
    : lastError;
  await outbox.moveToDeadLetter(
    [{ id: ids[0] as string, reason: DEAD_LETTER_REASONS.invalidRequest, message }],
    nowMs,
  );
  counts.deadLettered += 1;
  logger.warn(
    {
      batchId,
      adAccountId: client.adAccountId,
      eventIds,
      reason: DEAD_LETTER_REASONS.invalidRequest,
      message,
    },
    'Event moved to the dead-letter store: Pinterest rejected the request',
  );
  return 'continue';
}

async function attemptSend(
  client: PinterestClient,
  entries: readonly ClaimedEntry[],
  signal: AbortSignal,
): Promise<SendAttempt> {
  try {
    return {
      result: await client.sendEvents(
        entries.map((entry) => entry.event),
        { signal },
      ),
    };
  } catch (error) {
    return { error };
  }
}
