// An outbox in a SQLite file (better-sqlite3, WAL): the embedded default that survives restarts and crashes.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CapiEvent } from '@pinpair/core';
import BetterSqlite3 from 'better-sqlite3';
import { withoutUndefined } from '../options.js';
import type {
  ClaimedEntry,
  ClaimOptions,
  DeadLetterReason,
  DeadLetterRequest,
  EnqueueResult,
  Outbox,
  OutboxRecord,
  OutboxRetentionOptions,
  OutboxState,
  PurgeResult,
} from './outbox.js';
import { prepareOutboxDatabase, type SqliteSynchronous } from './sqlite-schema.js';
import {
  assertEnqueueArguments,
  joinVolatileFields,
  resolveRetentionOptions,
  splitVolatileFields,
} from './stored-event.js';

/** Options of {@link createSqliteOutbox}. */
export interface SqliteOutboxOptions extends OutboxRetentionOptions {
  /** Path of the database file; missing parent directories are created. */
  path: string;
  /**
   * SQLite's `PRAGMA synchronous`. With WAL, `NORMAL` loses nothing when the process crashes or is
   * killed, because a commit is in the operating system's cache before `enqueue` returns. Only a
   * power loss or kernel crash can undo the last commits. It also keeps `report()` free of an fsync.
   * Those events were usually also sent by the browser's tag with the same event id. Choose `FULL`
   * to fsync every commit when even that window matters more than checkout latency.
   * @default 'NORMAL'
   */
  synchronous?: SqliteSynchronous;
}

/** Default values of {@link SqliteOutboxOptions}. */
export const SQLITE_OUTBOX_DEFAULTS = { synchronous: 'NORMAL' } satisfies Partial<SqliteOutboxOptions>;

/** {@link SqliteOutboxOptions} with every default applied. */
export type ResolvedSqliteOutboxOptions = Required<SqliteOutboxOptions>;

/** A row of `pinpair_outbox`, as better-sqlite3 returns it. */
interface OutboxRow {
  id: number;
  ad_account_id: string;
  event_id: string;
  event_name: string;
  event_time: number;
  event_json: string | null;
  client_ip_address: string | null;
  client_user_agent: string | null;
  click_id: string | null;
  state: OutboxState;
  attempts: number;
  enqueued_at: number;
  next_attempt_at: number;
  last_attempt_at: number | null;
  last_error: string | null;
  lease_expires_at: number | null;
  batch_id: string | null;
  dead_letter_reason: DeadLetterReason | null;
  pinterest_message: string | null;
  settled_at: number | null;
}

const DUE = `((state = 'pending' AND next_attempt_at <= @now) OR (state = 'in-flight' AND lease_expires_at <= @now))`;
const CLEAR_VOLATILE = 'client_ip_address = NULL, client_user_agent = NULL, click_id = NULL';

/**
 * Creates an outbox stored in a SQLite file, so queued events survive restarts and crashes. The file
 * contains hashed user data only. IP address, user agent and click id are cleared on delivery or
 * expiry, with `secure_delete` on so SQLite overwrites the cleared bytes.
 *
 * @example
 * ```ts
 * const outbox = createSqliteOutbox({ path: './var/pinpair-outbox.sqlite' });
 * const reporter = createReporter({ pinterest, outbox });
 * ```
 */
export function createSqliteOutbox(options: SqliteOutboxOptions): Outbox {
  const resolved = resolveSqliteOptions(options);
  const retention = resolveRetentionOptions(options);

  if (resolved.path !== ':memory:') mkdirSync(dirname(resolved.path), { recursive: true });
  const database = new BetterSqlite3(resolved.path);
  prepareOutboxDatabase(database, resolved.synchronous);
  database.pragma('secure_delete = ON');

  const statements = {
    insert: database.prepare(`
      INSERT INTO pinpair_outbox (ad_account_id, event_id, event_name, event_time, event_json, client_ip_address,
        client_user_agent, click_id, state, attempts, enqueued_at, next_attempt_at)
      VALUES (@adAccountId, @eventId, @eventName, @eventTime, @eventJson, @clientIpAddress, @clientUserAgent,
        @clickId, 'pending', 0, @now, @now)
      ON CONFLICT (ad_account_id, event_name, event_id) DO NOTHING`),
    selectIdByKey: database.prepare(
      'SELECT id FROM pinpair_outbox WHERE ad_account_id = ? AND event_name = ? AND event_id = ?',
    ),
    dueAccounts: database.prepare(`SELECT DISTINCT ad_account_id FROM pinpair_outbox WHERE ${DUE}`),
    selectDue: database.prepare(
      `SELECT * FROM pinpair_outbox WHERE ad_account_id = @adAccountId AND ${DUE} ORDER BY next_attempt_at, id LIMIT @limit`,
    ),
    claim: database.prepare(`
      UPDATE pinpair_outbox SET state = 'in-flight', attempts = attempts + 1, last_attempt_at = @now,
        lease_expires_at = @leaseExpiresAt, batch_id = @batchId
      WHERE id = @id`),
    markDelivered: database.prepare(`
      UPDATE pinpair_outbox SET state = 'delivered', settled_at = @now, event_json = NULL, ${CLEAR_VOLATILE},
        lease_expires_at = NULL
      WHERE id = @id`),
    markRetry: database.prepare(`
      UPDATE pinpair_outbox SET state = 'pending', next_attempt_at = @nextAttemptAt, last_error = @lastError,
        lease_expires_at = NULL
      WHERE id = @id`),
    moveToDeadLetter: database.prepare(`
      UPDATE pinpair_outbox SET state = 'dead-letter', dead_letter_reason = @reason, pinterest_message = @message,
        settled_at = @now, lease_expires_at = NULL
      WHERE id = @id`),
    counts: database.prepare('SELECT state, COUNT(*) AS count FROM pinpair_outbox GROUP BY state'),
    deadLetters: database.prepare(
      `SELECT * FROM pinpair_outbox WHERE state = 'dead-letter' ORDER BY settled_at DESC, id DESC LIMIT @limit`,
    ),
    snapshotAll: database.prepare('SELECT * FROM pinpair_outbox ORDER BY id LIMIT @limit'),
    snapshotState: database.prepare(
      'SELECT * FROM pinpair_outbox WHERE state = @state ORDER BY id LIMIT @limit',
    ),
    replayOne: database.prepare(`
      UPDATE pinpair_outbox SET state = 'pending', next_attempt_at = @now, dead_letter_reason = NULL,
        pinterest_message = NULL, settled_at = NULL
      WHERE state = 'dead-letter' AND event_id = @eventId`),
    replayAll: database.prepare(`
      UPDATE pinpair_outbox SET state = 'pending', next_attempt_at = @now, dead_letter_reason = NULL,
        pinterest_message = NULL, settled_at = NULL
      WHERE state = 'dead-letter'`),
    deleteSettled: database.prepare(
      'DELETE FROM pinpair_outbox WHERE state = @state AND settled_at <= @before',
    ),
    stripExpired: database.prepare(`
      UPDATE pinpair_outbox SET ${CLEAR_VOLATILE}
      WHERE state != 'delivered' AND event_time < @beforeSeconds
        AND (client_ip_address IS NOT NULL OR client_user_agent IS NOT NULL OR click_id IS NOT NULL)`),
  };

  const claimTransaction = database.transaction((adAccountId: string, claimOptions: ClaimOptions) => {
    const rows = statements.selectDue.all({
      adAccountId,
      now: claimOptions.nowMs,
      limit: claimOptions.limit,
    }) as OutboxRow[];
    const leaseExpiresAt = claimOptions.nowMs + claimOptions.leaseMs;
    for (const row of rows) {
      statements.claim.run({
        id: row.id,
        now: claimOptions.nowMs,
        leaseExpiresAt,
        batchId: claimOptions.batchId,
      });
      row.state = 'in-flight';
      row.attempts += 1;
      row.last_attempt_at = claimOptions.nowMs;
      row.lease_expires_at = leaseExpiresAt;
      row.batch_id = claimOptions.batchId;
    }
    return rows;
  });

  const runForEach = database.transaction(
    (statement: BetterSqlite3.Statement, rows: Record<string, unknown>[]) => {
      for (const row of rows) statement.run(row);
    },
  );

  async function enqueue(adAccountId: string, event: CapiEvent, nowMs: number): Promise<EnqueueResult> {
    assertEnqueueArguments(adAccountId, event);
    const { durable, volatile } = splitVolatileFields(event);

    const info = statements.insert.run({
      adAccountId,
      eventId: event.event_id,
      eventName: event.event_name,
      eventTime: event.event_time,
      eventJson: JSON.stringify(durable),
      clientIpAddress: volatile.clientIpAddress ?? null,
      clientUserAgent: volatile.clientUserAgent ?? null,
      clickId: volatile.clickId ?? null,
      now: nowMs,
    });
    if (info.changes === 1) return { id: String(info.lastInsertRowid), duplicate: false };

    const existing = statements.selectIdByKey.get(adAccountId, event.event_name, event.event_id) as {
      id: number;
    };
    return { id: String(existing.id), duplicate: true };
  }

  async function dueAccounts(nowMs: number): Promise<string[]> {
    const rows = statements.dueAccounts.all({ now: nowMs }) as { ad_account_id: string }[];
    return rows.map((row) => row.ad_account_id);
  }

  async function claim(adAccountId: string, claimOptions: ClaimOptions): Promise<ClaimedEntry[]> {
    // IMMEDIATE takes the write lock before the SELECT, so two processes cannot claim the same rows.
    const rows = claimTransaction.immediate(adAccountId, claimOptions);
    return rows.map((row) => toRecord(row) as ClaimedEntry);
  }

  async function markDelivered(ids: readonly string[], nowMs: number): Promise<void> {
    runForEach(
      statements.markDelivered,
      ids.map((id) => ({ id: Number(id), now: nowMs })),
    );
  }

  async function markRetry(ids: readonly string[], retry: { nextAttemptAt: number; lastError: string }) {
    runForEach(
      statements.markRetry,
      ids.map((id) => ({ id: Number(id), nextAttemptAt: retry.nextAttemptAt, lastError: retry.lastError })),
    );
  }

  async function moveToDeadLetter(requests: readonly DeadLetterRequest[], nowMs: number): Promise<void> {
    runForEach(
      statements.moveToDeadLetter,
      requests.map((request) => ({
        id: Number(request.id),
        reason: request.reason,
        message: request.message,
        now: nowMs,
      })),
    );
  }

  async function counts(): Promise<Record<OutboxState, number>> {
    const result: Record<OutboxState, number> = {
      pending: 0,
      'in-flight': 0,
      delivered: 0,
      'dead-letter': 0,
    };
    for (const row of statements.counts.all() as { state: OutboxState; count: number }[]) {
      result[row.state] = row.count;
    }
    return result;
  }

  async function deadLetters(listOptions: { limit?: number } = {}): Promise<OutboxRecord[]> {
    const rows = statements.deadLetters.all({ limit: listOptions.limit ?? -1 }) as OutboxRow[];
    return rows.map(toRecord);
  }

  async function snapshot(
    listOptions: { state?: OutboxState; limit?: number } = {},
  ): Promise<OutboxRecord[]> {
    const limit = listOptions.limit ?? -1;
    const rows =
      listOptions.state === undefined
        ? statements.snapshotAll.all({ limit })
        : statements.snapshotState.all({ state: listOptions.state, limit });
    return (rows as OutboxRow[]).map(toRecord);
  }

  async function replay(eventIds: readonly string[] | 'all', nowMs: number): Promise<number> {
    if (eventIds === 'all') return statements.replayAll.run({ now: nowMs }).changes;
    const replayMany = database.transaction((ids: readonly string[]) =>
      ids.reduce((moved, eventId) => moved + statements.replayOne.run({ now: nowMs, eventId }).changes, 0),
    );
    return replayMany(eventIds);
  }

  async function purgeExpired(nowMs: number): Promise<PurgeResult> {
    const purge = database.transaction(() => ({
      deletedReceipts: statements.deleteSettled.run({
        state: 'delivered',
        before: nowMs - retention.deliveredRetentionMs,
      }).changes,
      deletedDeadLetters: statements.deleteSettled.run({
        state: 'dead-letter',
        before: nowMs - retention.deadLetterRetentionMs,
      }).changes,
      strippedEntries: statements.stripExpired.run({
        beforeSeconds: nowMs / 1000 - retention.maxEventAgeSeconds,
      }).changes,
    }));
    return purge();
  }

  async function close(): Promise<void> {
    if (database.open) database.close();
  }

  return {
    durable: true,
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

function resolveSqliteOptions(options: SqliteOutboxOptions): ResolvedSqliteOutboxOptions {
  const resolved = { ...SQLITE_OUTBOX_DEFAULTS, ...withoutUndefined(options) } as ResolvedSqliteOutboxOptions;
  if (typeof resolved.path !== 'string' || resolved.path === '') {
    throw new TypeError(
      '`path` is missing. Pass the file the outbox should live in, for example ./pinpair-outbox.sqlite.',
    );
  }
  if (resolved.synchronous !== 'NORMAL' && resolved.synchronous !== 'FULL') {
    throw new TypeError(
      `\`synchronous\` must be 'NORMAL' or 'FULL', got ${JSON.stringify(resolved.synchronous)}.`,
    );
  }
  return resolved;
}

/** Converts a row to an {@link OutboxRecord}, putting IP address, user agent and click id back into the event. */
function toRecord(row: OutboxRow): OutboxRecord {
  const record: OutboxRecord = {
    id: String(row.id),
    adAccountId: row.ad_account_id,
    eventId: row.event_id,
    eventName: row.event_name,
    eventTime: row.event_time,
    state: row.state,
    attempts: row.attempts,
    enqueuedAt: row.enqueued_at,
    nextAttemptAt: row.next_attempt_at,
  };
  if (row.last_attempt_at !== null) record.lastAttemptAt = row.last_attempt_at;
  if (row.last_error !== null) record.lastError = row.last_error;
  if (row.lease_expires_at !== null) record.leaseExpiresAt = row.lease_expires_at;
  if (row.batch_id !== null) record.batchId = row.batch_id;
  if (row.dead_letter_reason !== null) record.deadLetterReason = row.dead_letter_reason;
  if (row.pinterest_message !== null) record.pinterestMessage = row.pinterest_message;
  if (row.settled_at !== null) record.settledAt = row.settled_at;
  if (row.event_json !== null) {
    record.event = joinVolatileFields(JSON.parse(row.event_json) as CapiEvent, {
      clientIpAddress: row.client_ip_address ?? undefined,
      clientUserAgent: row.client_user_agent ?? undefined,
      clickId: row.click_id ?? undefined,
    });
  }
  return record;
}
