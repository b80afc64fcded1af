// Settles a batch Pinterest returned per-event results for: delivered entries and per-event dead letters.

import type { SendResult } from '../client/send-result.js';
import { type ClaimedEntry, DEAD_LETTER_REASONS } from '../outbox/outbox.js';
import type { DeliveryContext } from './deliver-batch.js';

/** Marks processed events delivered and failed ones dead letters with Pinterest's message. */
export async function settleResult(
  result: SendResult,
  entries: readonly ClaimedEntry[],
  batchId: string,
  lateEventIds: ReadonlySet<string>,
  context: DeliveryContext,
): Promise<void> {
  const { outbox, logger, counts } = context;
  const nowMs = context.clock();
  // Pinterest returns one result per event in request order, so results are matched by position.
  const delivered: ClaimedEntry[] = [];
  const rejected: { entry: ClaimedEntry; message: string }[] = [];
  entries.forEach((entry, index) => {
    const verdict = result.events[index];
    if (verdict?.status === 'failed') {
      rejected.push({
        entry,
        message: verdict.errorMessage ?? 'Pinterest rejected the event without an error_message.',
      });
    } else {
      delivered.push(entry);
    }
  });

  await outbox.markDelivered(
    delivered.map((entry) => entry.id),
    nowMs,
  );
  counts.delivered += delivered.length;
  counts.late += delivered.filter((entry) => lateEventIds.has(entry.eventId)).length;

  if (rejected.length > 0) {
    await outbox.moveToDeadLetter(
      rejected.map(({ entry, message }) => ({ id: entry.id, reason: DEAD_LETTER_REASONS.rejected, message })),
      nowMs,
    );
    counts.deadLettered += rejected.length;
    logger.warn(
      {
        batchId,
        adAccountId: entries[0]?.adAccountId,
        status: result.status,
        count: rejected.length,
        deadLetters: result.failedEvents,
      },
      'Pinterest rejected events; moved them to the dead-letter store',
    );
  }

  const warnings = result.events.filter((event) => event.warningMessage !== undefined);
  if (warnings.length > 0) {
    logger.warn(
      {
        batchId,
        warnings: warnings.map((event) => ({ eventId: event.eventId, warningMessage: event.warningMessage })),
      },
      'Pinterest accepted events with warnings',
    );
  }

  logger.info(
    {
      batchId,
      adAccountId: entries[0]?.adAccountId,
      delivered: delivered.length,
      rejected: rejected.length,
      eventIds: delivered.map((entry) => entry.eventId),
    },
    describeSettledBatch(delivered.length, rejected.length),
  );
}

function describeSettledBatch(delivered: number, rejected: number): string {
  if (rejected === 0) return 'Batch delivered';
  if (delivered === 0) return 'Batch sent; Pinterest rejected every event';
  return 'Batch sent; Pinterest processed some events and rejected the others';
}

/** Describes a send error in one line for logs and `lastError`. Pinpair's error messages contain no token. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
