// The outbox contract: durable storage of CAPI events between report() and Pinterest's response.

import { type CapiEvent, MAX_EVENT_AGE_SECONDS } from '@pinpair/core';

/**
 * States of an outbox entry.
 * - `pending`: waiting for its next attempt (`nextAttemptAt`), first or retry;
 * - `in-flight`: claimed by a dispatcher under a lease. When the lease expires (the process
 *   crashed mid-request) the entry can be claimed again, so delivery is at least once;
 * - `delivered`: Pinterest processed it. Only a receipt is kept (ids, times), without the event;
 * - `dead-letter`: not deliverable as it is. The entry keeps the reason and Pinterest's message.
 */
export const OUTBOX_STATES = Object.freeze({
  pending: 'pending',
  inFlight: 'in-flight',
  delivered: 'delivered',
  deadLetter: 'dead-letter',
} as const);

/** One of {@link OUTBOX_STATES}. */
export type OutboxState = (typeof OUTBOX_STATES)[keyof typeof OUTBOX_STATES];

/**
 * Reasons an event goes to the dead-letter store.
 * - `invalid`: core's linter found errors, so the event was never sent;
 * - `too-old`: `event_time` is older than the API's age window, so Pinterest would reject it;
 * - `rejected`: Pinterest rejected this event (`failed` in a 200 or 422 response);
 * - `invalid-request`: Pinterest rejected a request that held only this event (400 and similar).
 */
export const DEAD_LETTER_REASONS = Object.freeze({
  invalid: 'invalid',
  tooOld: 'too-old',
  rejected: 'rejected',
  invalidRequest: 'invalid-request',
} as const);

/** One of {@link DEAD_LETTER_REASONS}. */
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[keyof typeof DEAD_LETTER_REASONS];

/** An outbox entry as stored. Times are Unix milliseconds except `eventTime`, which is seconds. */
export interface OutboxRecord {
  /** Identifier assigned by the outbox. */
  id: string;
  /** Ad account the event is for. */
  adAccountId: string;
  /** The event's `event_id`, stable across retries. */
  eventId: string;
  /** The event's `event_name`. */
  eventName: string;
  /** The event's `event_time`, in Unix seconds. */
  eventTime: number;
  /** Current state. */
  state: OutboxState;
  /** Number of times a dispatcher claimed the entry for sending. */
  attempts: number;
  /** When the entry was enqueued. */
  enqueuedAt: number;
  /** Earliest time of the next attempt, for `pending` entries. */
  nextAttemptAt: number;
  /** When a dispatcher last claimed the entry. */
  lastAttemptAt?: number;
  /** Message of the last failed attempt, without tokens or raw personal data. */
  lastError?: string;
  /** When the lease of an `in-flight` entry ends. */
  leaseExpiresAt?: number;
  /** Batch id of the last claim, as logged by the dispatcher. */
  batchId?: string;
  /** Reason the entry is a dead letter. */
  deadLetterReason?: DeadLetterReason;
  /** Pinterest's message (or the linter's findings) for a dead letter. */
  pinterestMessage?: string;
  /** When the entry became delivered or a dead letter. */
  settledAt?: number;
  /**
   * The CAPI event, with hashed user data. Absent on delivered receipts. `client_ip_address`,
   * `client_user_agent` and `click_id` are removed once the event is older than the age window.
   */
  event?: CapiEvent;
}

/** An entry handed to a dispatcher by {@link Outbox.claim}, always with its event. */
export type ClaimedEntry = OutboxRecord & { event: CapiEvent };

/** The result of {@link Outbox.enqueue}. */
export interface EnqueueResult {
  /** Identifier of the new entry, or of the existing one for a duplicate. */
  id: string;
  /**
   * True when an entry with the same ad account, event name and event id already existed; the new
   * copy was not stored. Pinterest would deduplicate it anyway.
   */
  duplicate: boolean;
}

/** Options of {@link Outbox.claim}. */
export interface ClaimOptions {
  /** Maximum number of entries to claim. */
  limit: number;
  /** Duration of the claim before another dispatcher may take the entries, in milliseconds. */
  leaseMs: number;
  /** Identifier of this batch, stored on each entry and used in logs. */
  batchId: string;
  /** The current time, in Unix milliseconds. */
  nowMs: number;
}

/** One entry to move to the dead-letter store. */
export interface DeadLetterRequest {
  /** Identifier of the entry. */
  id: string;
  /** Reason it cannot be delivered. */
  reason: DeadLetterReason;
  /** Pinterest's message, or the linter's findings. */
  message: string;
}

/** Counts of what {@link Outbox.purgeExpired} removed. */
export interface PurgeResult {
  /** Delivered receipts older than the delivered retention that were deleted. */
  deletedReceipts: number;
  /** Dead letters older than the dead-letter retention that were deleted. */
  deletedDeadLetters: number;
  /** Undelivered entries past the age window whose IP address, user agent and click id were removed. */
  strippedEntries: number;
}

/** Retention settings shared by the outbox stores. */
export interface OutboxRetentionOptions {
  /**
   * How long a delivered receipt is kept, so a repeated report() of the same event is recognised
   * as a duplicate, in milliseconds. Pinterest deduplicates within 24 hours.
   * @default 86400000
   */
  deliveredRetentionMs?: number;
  /**
   * How long a dead letter is kept for inspection and replay, in milliseconds.
   * @default 2592000000
   */
  deadLetterRetentionMs?: number;
  /**
   * Age of `event_time` after which an undelivered entry's IP address, user agent and click id are
   * removed, in seconds. Pinterest no longer accepts the event after that.
   * @default 604800
   */
  maxEventAgeSeconds?: number;
}

/**
 * Durable storage for CAPI events between `report()` and Pinterest's response. The dispatcher claims
 * batches per ad account under a lease, then marks each entry delivered, due for retry, or dead
 * letter. Implementations: {@link createMemoryOutbox} and {@link createSqliteOutbox}.
 *
 * Contract for implementations:
 * - events are stored only with hashed user data, and enqueue rejects an unhashed field;
 * - IP address, user agent and click id are removed once an entry is delivered or older than the
 *   age window;
 * - a claim is atomic, so two dispatchers never hold the same entry.
 */
export interface Outbox {
  /** True when entries survive a process restart (SQLite), false when they live in memory. */
  readonly durable: boolean;
  /** Stores an event as `pending`, due now. A second copy of the same event is not stored. */
  enqueue(adAccountId: string, event: CapiEvent, nowMs: number): Promise<EnqueueResult>;
  /** Lists the ad accounts that have entries due at `nowMs` (pending and due, or with an expired lease). */
  dueAccounts(nowMs: number): Promise<string[]>;
  /** Claims up to `limit` due entries of one ad account, oldest first, and counts an attempt on each. */
  claim(adAccountId: string, options: ClaimOptions): Promise<ClaimedEntry[]>;
  /** Marks entries delivered: the event, IP address, user agent and click id are deleted, a receipt stays. */
  markDelivered(ids: readonly string[], nowMs: number): Promise<void>;
  /** Returns entries to `pending`, due at `nextAttemptAt`, recording `lastError`. */
  markRetry(ids: readonly string[], options: { nextAttemptAt: number; lastError: string }): Promise<void>;
  /** Moves entries to the dead-letter store with their reason and message. */
  moveToDeadLetter(requests: readonly DeadLetterRequest[], nowMs: number): Promise<void>;
  /** Counts entries per state. */
  counts(): Promise<Record<OutboxState, number>>;
  /** Lists dead letters, newest first. */
  deadLetters(options?: { limit?: number }): Promise<OutboxRecord[]>;
  /** Lists entries, optionally in one state, oldest first. */
  snapshot(options?: { state?: OutboxState; limit?: number }): Promise<OutboxRecord[]>;
  /**
   * Moves dead letters back to `pending`, due at `nowMs`: those whose `event_id` is in `eventIds`,
   * or all of them. Returns how many were moved.
   */
  replay(eventIds: readonly string[] | 'all', nowMs: number): Promise<number>;
  /** Deletes old receipts and dead letters, and strips IP address, user agent and click id from expired entries. */
  purgeExpired(nowMs: number): Promise<PurgeResult>;
  /**
   * Copies committed writes from a write-ahead log into the main store, when the store has one. The
   * dispatcher calls it after each drain that settled events, so this work runs between batches
   * rather than inside an `enqueue` on the checkout path. Stores without a log leave it out.
   */
  checkpoint?(): Promise<void>;
  /** Releases the storage. Later calls reject. */
  close(): Promise<void>;
}

/** Default values of {@link OutboxRetentionOptions}. */
export const OUTBOX_RETENTION_DEFAULTS = {
  deliveredRetentionMs: 24 * 3600 * 1000,
  deadLetterRetentionMs: 30 * 24 * 3600 * 1000,
  maxEventAgeSeconds: MAX_EVENT_AGE_SECONDS,
} satisfies OutboxRetentionOptions;

/** {@link OutboxRetentionOptions} with every default applied. */
export type ResolvedOutboxRetentionOptions = Required<OutboxRetentionOptions>;
