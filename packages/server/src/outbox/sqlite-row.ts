// A row of the SQLite outbox as its queries return it, and its conversion to an outbox record.

import type { CapiEvent } from '@pinpair/core';
import type { DeadLetterReason, OutboxRecord, OutboxState } from './outbox.js';

/**
 * The columns every row-returning outbox statement selects, in this order. The statements return
 * each row as an array (better-sqlite3's `raw` mode): building an object with twenty named
 * properties per row cost about three times as much as the array, which mattered when a claim
 * returns a thousand rows.
 */
export const OUTBOX_COLUMNS = [
  'id',
  'ad_account_id',
  'event_id',
  'event_name',
  'event_time',
  'event_json',
  'client_ip_address',
  'client_user_agent',
  'click_id',
  'state',
  'attempts',
  'enqueued_at',
  'next_attempt_at',
  'last_attempt_at',
  'last_error',
  'lease_expires_at',
  'batch_id',
  'dead_letter_reason',
  'pinterest_message',
  'settled_at',
].join(', ');

/** A row of `pinpair_outbox` with the values of {@link OUTBOX_COLUMNS}, in that order. */
export type OutboxRow = [
  id: number,
  adAccountId: string,
  eventId: string,
  eventName: string,
  eventTime: number,
  eventJson: string | null,
  clientIpAddress: string | null,
  clientUserAgent: string | null,
  clickId: string | null,
  state: OutboxState,
  attempts: number,
  enqueuedAt: number,
  nextAttemptAt: number,
  lastAttemptAt: number | null,
  lastError: string | null,
  leaseExpiresAt: number | null,
  batchId: string | null,
  deadLetterReason: DeadLetterReason | null,
  pinterestMessage: string | null,
  settledAt: number | null,
];

/** Orders rows as a claim hands them out: by `next_attempt_at`, then by id. */
export function compareClaimOrder(a: OutboxRow, b: OutboxRow): number {
  return a[12] - b[12] || a[0] - b[0];
}

/** Converts a row to an {@link OutboxRecord}, putting IP address, user agent and click id back into the event. */
export function toRecord(row: OutboxRow): OutboxRecord {
  const [
    id,
    adAccountId,
    eventId,
    eventName,
    eventTime,
    eventJson,
    clientIpAddress,
    clientUserAgent,
    clickId,
    state,
    attempts,
    enqueuedAt,
    nextAttemptAt,
    lastAttemptAt,
    lastError,
    leaseExpiresAt,
    batchId,
    deadLetterReason,
    pinterestMessage,
    settledAt,
  ] = row;
  const record: OutboxRecord = {
    id: String(id),
    adAccountId,
    eventId,
    eventName,
    eventTime,
    state,
    attempts,
    enqueuedAt,
    nextAttemptAt,
  };
  if (lastAttemptAt !== null) record.lastAttemptAt = lastAttemptAt;
  if (lastError !== null) record.lastError = lastError;
  if (leaseExpiresAt !== null) record.leaseExpiresAt = leaseExpiresAt;
  if (batchId !== null) record.batchId = batchId;
  if (deadLetterReason !== null) record.deadLetterReason = deadLetterReason;
  if (pinterestMessage !== null) record.pinterestMessage = pinterestMessage;
  if (settledAt !== null) record.settledAt = settledAt;
  if (eventJson !== null) {
    // The parsed event is a new object, so the request fields go straight into its user_data.
    const event = JSON.parse(eventJson) as CapiEvent;
    if (clientIpAddress !== null) event.user_data.client_ip_address = clientIpAddress;
    if (clientUserAgent !== null) event.user_data.client_user_agent = clientUserAgent;
    if (clickId !== null) event.user_data.click_id = clickId;
    record.event = event;
  }
  return record;
}
