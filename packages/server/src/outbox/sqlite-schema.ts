// The SQLite outbox table, its indexes and the connection settings, applied when the file opens.

import { existsSync } from 'node:fs';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { OutboxNotFoundError } from '../errors/outbox-not-found-error.js';

/** Schema version stored in `PRAGMA user_version`; raise it with a migration when the table changes. */
export const OUTBOX_SCHEMA_VERSION = 1;

/**
 * One row per event. `event_json` contains the CAPI event without IP address, user agent and click id,
 * which sit in their own columns so they can be cleared without rewriting the JSON. Times are Unix
 * milliseconds, except `event_time` (Unix seconds, as in the event).
 */
const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS pinpair_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ad_account_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  event_name TEXT NOT NULL,
  event_time INTEGER NOT NULL,
  event_json TEXT,
  client_ip_address TEXT,
  client_user_agent TEXT,
  click_id TEXT,
  state TEXT NOT NULL CHECK (state IN ('pending', 'in-flight', 'delivered', 'dead-letter')),
  attempts INTEGER NOT NULL DEFAULT 0,
  enqueued_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  last_attempt_at INTEGER,
  last_error TEXT,
  lease_expires_at INTEGER,
  batch_id TEXT,
  dead_letter_reason TEXT,
  pinterest_message TEXT,
  settled_at INTEGER,
  UNIQUE (ad_account_id, event_name, event_id)
);
CREATE INDEX IF NOT EXISTS pinpair_outbox_due ON pinpair_outbox (state, ad_account_id, next_attempt_at);
CREATE INDEX IF NOT EXISTS pinpair_outbox_settled ON pinpair_outbox (state, settled_at);
`;

/** Value of `PRAGMA synchronous` for the outbox file. */
export type SqliteSynchronous = 'NORMAL' | 'FULL';

/**
 * Sets the connection up and creates or checks the table. WAL lets the CLI read and replay while a
 * server writes. `busy_timeout` makes a second process wait for the write lock instead of failing.
 */
export function prepareOutboxDatabase(database: Database, synchronous: SqliteSynchronous): void {
  database.pragma('journal_mode = WAL');
  database.pragma(`synchronous = ${synchronous}`);
  database.pragma('busy_timeout = 5000');

  assertSupportedVersion(database);

  database.exec(CREATE_TABLE);
  database.pragma(`user_version = ${OUTBOX_SCHEMA_VERSION}`);
}

/**
 * Opens an existing outbox file read-only, for inspection while a server may be writing to it.
 * Creates nothing: throws an {@link OutboxNotFoundError} when the file or its `pinpair_outbox` table
 * is missing, and an Error when the file's schema is newer than this package supports.
 */
export function openOutboxReadOnly(path: string): Database {
  if (path === ':memory:' || !existsSync(path))
    throw new OutboxNotFoundError({ path, reason: 'missing-file' });
  const database = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    database.pragma('busy_timeout = 5000');
    const table = database
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pinpair_outbox'")
      .get();
    if (table === undefined) throw new OutboxNotFoundError({ path, reason: 'missing-table' });
    assertSupportedVersion(database);
    return database;
  } catch (error) {
    database.close();
    throw error;
  }
}

function assertSupportedVersion(database: Database): void {
  const version = database.pragma('user_version', { simple: true }) as number;
  if (version > OUTBOX_SCHEMA_VERSION) {
    throw new Error(
      `The outbox file uses schema version ${version}, newer than this @pinpair/server supports (${OUTBOX_SCHEMA_VERSION}). Upgrade @pinpair/server or point \`path\` at another file.`,
    );
  }
}
