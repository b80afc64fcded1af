// Checks claimed events before sending: too old or invalid ones become dead letters, late ones are flagged.

import { lintCapiEvent } from '@pinpair/core';
import { type ClaimedEntry, DEAD_LETTER_REASONS, type DeadLetterRequest } from '../outbox/outbox.js';

/** Limits {@link screenEvents} applies. */
export interface ScreeningLimits {
  /** The current time, in Unix seconds. */
  nowSeconds: number;
  /** Oldest accepted event age, in seconds. */
  maxEventAgeSeconds: number;
  /** Age from which a sent event counts as late, in seconds. */
  lateAfterSeconds: number;
}

/** The entries of a batch sorted by what happens to them. */
export interface ScreenedBatch {
  /** Entries to send. */
  sendable: ClaimedEntry[];
  /** Entries to move to the dead-letter store, with the reason. */
  deadLetters: DeadLetterRequest[];
  /** Event ids of sendable entries older than `lateAfterSeconds`. */
  lateEventIds: string[];
}

/**
 * Sorts claimed entries so one bad event never sinks a batch: an event older than the age window is
 * a `too-old` dead letter, an event with linter errors is an `invalid` dead letter, and the rest are
 * sent. Linter warnings do not stop an event.
 */
export function screenEvents(entries: readonly ClaimedEntry[], limits: ScreeningLimits): ScreenedBatch {
  const screened: ScreenedBatch = { sendable: [], deadLetters: [], lateEventIds: [] };

  for (const entry of entries) {
    const ageSeconds = limits.nowSeconds - entry.event.event_time;
    if (ageSeconds > limits.maxEventAgeSeconds) {
      screened.deadLetters.push({
        id: entry.id,
        reason: DEAD_LETTER_REASONS.tooOld,
        message: `event_time ${entry.event.event_time} is ${formatAge(ageSeconds)} old; the Conversions API accepts events up to ${formatAge(limits.maxEventAgeSeconds)} old.`,
      });
      continue;
    }

    const errors = lintCapiEvent(entry.event, {
      nowSeconds: limits.nowSeconds,
      maxAgeSeconds: limits.maxEventAgeSeconds,
    }).filter((problem) => problem.severity === 'error');
    if (errors.length > 0) {
      screened.deadLetters.push({
        id: entry.id,
        reason: DEAD_LETTER_REASONS.invalid,
        message: errors.map((problem) => `${problem.path}: ${problem.message}`).join('; '),
      });
      continue;
    }

    screened.sendable.push(entry);
    if (ageSeconds > limits.lateAfterSeconds) screened.lateEventIds.push(entry.eventId);
  }

  return screened;
}

/** Formats an age in seconds as days or hours, for messages. */
function formatAge(seconds: number): string {
  const days = seconds / 86_400;
  if (days >= 1) return `${Number(days.toFixed(1))} days`;
  return `${Number((seconds / 3600).toFixed(1))} hours`;
}
