// The SQL of the SQLite outbox, one statement per operation, prepared once per connection.

import type { Database, Statement } from 'better-sqlite3';
import { OUTBOX_COLUMNS } from './sqlite-row.js';

const CLEAR_VOLATILE = 'client_ip_address = NULL, client_user_agent = NULL, click_id = NULL';

/** Puts the entries a subquery selects under a lease; with RETURNING, one statement claims a batch. */
const CLAIM_SET = `UPDATE pinpair_outbox SET state = 'in-flight', attempts = attempts + 1, last_attempt_at = @now,
  lease_expires_at = @leaseExpiresAt, batch_id = @batchId`;

/**
 * The due entries of one ad account, as two queries that the `pinpair_outbox_due` index (state,
 * ad_account_id, next_attempt_at) serves in order, without a sort. One query with `OR` across both
 * states made SQLite read every row of the ad account, delivered receipts included, and sort them
 * on each claim: milliseconds per claim once thousands of receipts (kept for a day) had piled up.
 * Expired leases are few, at most the batches in flight when a process died, so filtering the
 * in-flight entries on `lease_expires_at` is cheap.
 */
const DUE_PENDING = `state = 'pending' AND ad_account_id = @adAccountId AND next_attempt_at <= @now
  ORDER BY next_attempt_at, id LIMIT @limit`;
const DUE_EXPIRED_LEASE = `state = 'in-flight' AND ad_account_id = @adAccountId AND lease_expires_at <= @now
  ORDER BY next_attempt_at, id LIMIT @limit`;

/** Entry ids bound as one JSON array of integers, so one statement updates a whole batch. */
const IDS = 'id IN (SELECT value FROM json_each(@ids))';

/** The SQL of every outbox statement, by operation; exported so tests can check the query plans. */
export const OUTBOX_SQL = {
  insert: `
    INSERT INTO pinpair_outbox (ad_account_id, event_id, event_name, event_time, event_json, client_ip_address,
      client_user_agent, click_id, state, attempts, enqueued_at, next_attempt_at)
    VALUES (@adAccountId, @eventId, @eventName, @eventTime, @eventJson, @clientIpAddress, @clientUserAgent,
      @clickId, 'pending', 0, @now, @now)
    ON CONFLICT (ad_account_id, event_name, event_id) DO NOTHING`,
  selectIdByKey: 'SELECT id FROM pinpair_outbox WHERE ad_account_id = ? AND event_name = ? AND event_id = ?',
  dueAccounts: `
    SELECT DISTINCT ad_account_id FROM pinpair_outbox WHERE state = 'pending' AND next_attempt_at <= @now
    UNION
    SELECT DISTINCT ad_account_id FROM pinpair_outbox WHERE state = 'in-flight' AND lease_expires_at <= @now`,
  claimPending: `${CLAIM_SET} WHERE id IN (SELECT id FROM pinpair_outbox WHERE ${DUE_PENDING}) RETURNING ${OUTBOX_COLUMNS}`,
  claimExpiredLeases: `${CLAIM_SET} WHERE id IN (SELECT id FROM pinpair_outbox WHERE ${DUE_EXPIRED_LEASE}) RETURNING ${OUTBOX_COLUMNS}`,
  markDelivered: `
    UPDATE pinpair_outbox SET state = 'delivered', settled_at = @now, event_json = NULL, ${CLEAR_VOLATILE},
      lease_expires_at = NULL
    WHERE ${IDS}`,
  markRetry: `
    UPDATE pinpair_outbox SET state = 'pending', next_attempt_at = @nextAttemptAt, last_error = @lastError,
      lease_expires_at = NULL
    WHERE ${IDS}`,
  moveToDeadLetter: `
    UPDATE pinpair_outbox SET state = 'dead-letter', dead_letter_reason = @reason, pinterest_message = @message,
      settled_at = @now, lease_expires_at = NULL
    WHERE id = @id`,
  counts: 'SELECT state, COUNT(*) AS count FROM pinpair_outbox GROUP BY state',
  deadLetters: `SELECT ${OUTBOX_COLUMNS} FROM pinpair_outbox WHERE state = 'dead-letter'
    ORDER BY settled_at DESC, id DESC LIMIT @limit`,
  snapshotAll: `SELECT ${OUTBOX_COLUMNS} FROM pinpair_outbox ORDER BY id LIMIT @limit`,
  snapshotState: `SELECT ${OUTBOX_COLUMNS} FROM pinpair_outbox WHERE state = @state ORDER BY id LIMIT @limit`,
  replayOne: `
    UPDATE pinpair_outbox SET state = 'pending', next_attempt_at = @now, dead_letter_reason = NULL,
      pinterest_message = NULL, settled_at = NULL
    WHERE state = 'dead-letter' AND event_id = @eventId`,
  replayAll: `
    UPDATE pinpair_outbox SET state = 'pending', next_attempt_at = @now, dead_letter_reason = NULL,
      pinterest_message = NULL, settled_at = NULL
    WHERE state = 'dead-letter'`,
  deleteSettled: 'DELETE FROM pinpair_outbox WHERE state = @state AND settled_at <= @before',
  stripExpired: `
    UPDATE pinpair_outbox SET ${CLEAR_VOLATILE}
    WHERE state != 'delivered' AND event_time < @beforeSeconds
      AND (client_ip_address IS NOT NULL OR client_user_agent IS NOT NULL OR click_id IS NOT NULL)`,
} as const;

/** Every outbox statement, prepared on one connection. */
export type OutboxStatements = Record<keyof typeof OUTBOX_SQL, Statement>;

/** The statements that return outbox rows, as arrays in the order of `OUTBOX_COLUMNS`. */
const ROW_STATEMENTS: readonly (keyof typeof OUTBOX_SQL)[] = [
  'claimPending',
  'claimExpiredLeases',
  'deadLetters',
  'snapshotAll',
  'snapshotState',
];

/** Prepares every statement of {@link OUTBOX_SQL} once, when the outbox opens. */
export function prepareOutboxStatements(database: Database): OutboxStatements {
  const entries = Object.entries(OUTBOX_SQL).map(([name, sql]) => [name, database.prepare(sql)]);
  const statements = Object.fromEntries(entries) as OutboxStatements;
  for (const name of ROW_STATEMENTS) statements[name].raw(true);
  return statements;
}

/** Writes entry ids as the JSON array of integers that `json_each` reads in {@link OUTBOX_SQL}. */
export function toIdArray(ids: readonly string[]): string {
  return JSON.stringify(ids.map(Number));
}
