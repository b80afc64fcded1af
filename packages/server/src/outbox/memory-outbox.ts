// An outbox kept in process memory: for tests and for serverless functions that deliver before returning.

import type { CapiEvent } from '@pinpair/core';
import {
  type ClaimedEntry,
  type ClaimOptions,
  type DeadLetterRequest,
  type EnqueueResult,
  OUTBOX_STATES,
  type Outbox,
  type OutboxRecord,
  type OutboxRetentionOptions,
  type OutboxState,
  type PurgeResult,
} from './outbox.js';
import { assertEnqueueArguments, resolveRetentionOptions } from './stored-event.js';

/** Options of {@link createMemoryOutbox}. */
export type MemoryOutboxOptions = OutboxRetentionOptions;

/**
 * Creates an outbox that lives in process memory. Everything in it is lost when the process exits,
 * so use it in tests, or where `shutdown()` runs before the process ends and losing the queue on a
 * crash is acceptable; otherwise use {@link createSqliteOutbox}.
 *
 * @example
 * ```ts
 * const reporter = createReporter({ pinterest, outbox: createMemoryOutbox() });
 * ```
 */
export function createMemoryOutbox(options: MemoryOutboxOptions = {}): Outbox {
  const retention = resolveRetentionOptions(options);
  const records = new Map<string, OutboxRecord>();
  const idsByKey = new Map<string, string>();
  let nextId = 1;
  let closed = false;

  function open(): void {
    if (closed) throw new Error('The memory outbox is closed. Create a new one with createMemoryOutbox().');
  }

  function isDue(record: OutboxRecord, nowMs: number): boolean {
    if (record.state === OUTBOX_STATES.pending) return record.nextAttemptAt <= nowMs;
    if (record.state === OUTBOX_STATES.inFlight) return (record.leaseExpiresAt ?? 0) <= nowMs;
    return false;
  }

  function update(ids: readonly string[], change: (record: OutboxRecord) => void): void {
    for (const id of ids) {
      const record = records.get(id);
      if (record !== undefined) change(record);
    }
  }

  async function enqueue(adAccountId: string, event: CapiEvent, nowMs: number): Promise<EnqueueResult> {
    open();
    assertEnqueueArguments(adAccountId, event);

    const key = entryKey(adAccountId, event.event_name, event.event_id);
    const existing = idsByKey.get(key);
    if (existing !== undefined) return { id: existing, duplicate: true };

    const id = String(nextId++);
    idsByKey.set(key, id);
    records.set(id, {
      id,
      adAccountId,
      eventId: event.event_id,
      eventName: event.event_name,
      eventTime: event.event_time,
      state: OUTBOX_STATES.pending,
      attempts: 0,
      enqueuedAt: nowMs,
      nextAttemptAt: nowMs,
      event: structuredClone(event),
    });
    return { id, duplicate: false };
  }

  async function dueAccounts(nowMs: number): Promise<string[]> {
    open();
    const accounts = new Set<string>();
    for (const record of records.values()) {
      if (isDue(record, nowMs)) accounts.add(record.adAccountId);
    }
    return [...accounts];
  }

  async function claim(adAccountId: string, claimOptions: ClaimOptions): Promise<ClaimedEntry[]> {
    open();
    const due = [...records.values()]
      .filter((record) => record.adAccountId === adAccountId && isDue(record, claimOptions.nowMs))
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || Number(a.id) - Number(b.id))
      .slice(0, claimOptions.limit);

    for (const record of due) {
      record.state = OUTBOX_STATES.inFlight;
      record.attempts += 1;
      record.lastAttemptAt = claimOptions.nowMs;
      record.leaseExpiresAt = claimOptions.nowMs + claimOptions.leaseMs;
      record.batchId = claimOptions.batchId;
    }
    return due.map((record) => structuredClone(record) as ClaimedEntry);
  }

  async function markDelivered(ids: readonly string[], nowMs: number): Promise<void> {
    open();
    update(ids, (record) => {
      record.state = OUTBOX_STATES.delivered;
      record.settledAt = nowMs;
      delete record.event;
      delete record.leaseExpiresAt;
    });
  }

  async function markRetry(ids: readonly string[], retry: { nextAttemptAt: number; lastError: string }) {
    open();
    update(ids, (record) => {
      record.state = OUTBOX_STATES.pending;
      record.nextAttemptAt = retry.nextAttemptAt;
      record.lastError = retry.lastError;
      delete record.leaseExpiresAt;
    });
  }

  async function moveToDeadLetter(requests: readonly DeadLetterRequest[], nowMs: number): Promise<void> {
    open();
    for (const request of requests) {
      update([request.id], (record) => {
        record.state = OUTBOX_STATES.deadLetter;
        record.deadLetterReason = request.reason;
        record.pinterestMessage = request.message;
        record.settledAt = nowMs;
        delete record.leaseExpiresAt;
      });
    }
  }

  async function counts(): Promise<Record<OutboxState, number>> {
    open();
    const result: Record<OutboxState, number> = {
      pending: 0,
      'in-flight': 0,
      delivered: 0,
      'dead-letter': 0,
    };
    for (const record of records.values()) result[record.state] += 1;
    return result;
  }

  async function deadLetters(listOptions: { limit?: number } = {}): Promise<OutboxRecord[]> {
    open();
    return [...records.values()]
      .filter((record) => record.state === OUTBOX_STATES.deadLetter)
      .sort((a, b) => (b.settledAt ?? 0) - (a.settledAt ?? 0) || Number(b.id) - Number(a.id))
      .slice(0, listOptions.limit ?? Number.POSITIVE_INFINITY)
      .map((record) => structuredClone(record));
  }

  async function snapshot(
    listOptions: { state?: OutboxState; limit?: number } = {},
  ): Promise<OutboxRecord[]> {
    open();
    return [...records.values()]
      .filter((record) => listOptions.state === undefined || record.state === listOptions.state)
      .slice(0, listOptions.limit ?? Number.POSITIVE_INFINITY)
      .map((record) => structuredClone(record));
  }

  async function replay(eventIds: readonly string[] | 'all', nowMs: number): Promise<number> {
    open();
    const wanted = eventIds === 'all' ? undefined : new Set(eventIds);
    let moved = 0;
    for (const record of records.values()) {
      if (record.state !== OUTBOX_STATES.deadLetter) continue;
      if (wanted !== undefined && !wanted.has(record.eventId)) continue;
      record.state = OUTBOX_STATES.pending;
      record.nextAttemptAt = nowMs;
      delete record.deadLetterReason;
      delete record.pinterestMessage;
      delete record.settledAt;
      moved += 1;
    }
    return moved;
  }

  async function purgeExpired(nowMs: number): Promise<PurgeResult> {
    open();
    const result: PurgeResult = { deletedReceipts: 0, deletedDeadLetters: 0, strippedEntries: 0 };
    const expiredBeforeSeconds = nowMs / 1000 - retention.maxEventAgeSeconds;

    for (const [id, record] of records) {
      const settledAt = record.settledAt ?? nowMs;
      if (record.state === OUTBOX_STATES.delivered && settledAt <= nowMs - retention.deliveredRetentionMs) {
        records.delete(id);
        idsByKey.delete(entryKey(record.adAccountId, record.eventName, record.eventId));
        result.deletedReceipts += 1;
      } else if (
        record.state === OUTBOX_STATES.deadLetter &&
        settledAt <= nowMs - retention.deadLetterRetentionMs
      ) {
        records.delete(id);
        idsByKey.delete(entryKey(record.adAccountId, record.eventName, record.eventId));
        result.deletedDeadLetters += 1;
      } else if (
        record.event !== undefined &&
        record.eventTime < expiredBeforeSeconds &&
        stripVolatile(record)
      ) {
        result.strippedEntries += 1;
      }
    }
    return result;
  }

  async function close(): Promise<void> {
    closed = true;
    records.clear();
    idsByKey.clear();
  }

  return {
    durable: false,
    enqueue,
    dueAccounts,
    claim,
    markDelivered,
    markRetry,
    moveToDeadLetter,
    counts,
    deadLetters,
    snapshot,
    replay,
    purgeExpired,
    close,
  };
}

/** Builds the uniqueness key of an entry: Pinterest deduplicates on ad account, event name and event id. */
function entryKey(adAccountId: string, eventName: string, eventId: string): string {
  return `${adAccountId}\u0000${eventName}\u0000${eventId}`;
}

/** Removes IP address, user agent and click id from a stored event; returns whether any was present. */
function stripVolatile(record: OutboxRecord): boolean {
  const userData = record.event?.user_data;
  if (userData === undefined) return false;
  const had =
    userData.client_ip_address !== undefined ||
    userData.client_user_agent !== undefined ||
    userData.click_id !== undefined;
  delete userData.client_ip_address;
  delete userData.client_user_agent;
  delete userData.click_id;
  return had;
}
