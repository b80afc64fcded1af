// Tests specific to the SQLite outbox: persistence across handles, file contents, settings and schema.

import { existsSync, readFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCapiEvent } from '../__tests__/delivery-harness.js';
import { checkoutInput, createTempDir, RAW_EMAIL, RAW_PHONE } from '../__tests__/helpers.js';
import { createSqliteOutbox } from './sqlite-outbox.js';
import { OUTBOX_SCHEMA_VERSION, prepareOutboxDatabase } from './sqlite-schema.js';
import { OUTBOX_SQL } from './sqlite-statements.js';

const ACCOUNT = '549700000001';
const NOW = Date.now();
const CLIENT_IP = '198.51.100.77';
const CLICK_ID = 'dj0yJnU9Y2xpY2staWQtdG8tZm9yZ2V0';

let dir: ReturnType<typeof createTempDir>;

beforeEach(() => {
  dir = createTempDir();
});

afterEach(() => {
  dir.remove();
});

/** Reads the database file and its WAL as text, so tests can search the bytes. */
function fileBytes(path: string): string {
  return [path, `${path}-wal`, `${path}-shm`]
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('latin1'))
    .join('\n');
}

describe('sqlite outbox', () => {
  it('keeps entries across handles', async () => {
    const path = `${dir.path}/outbox.sqlite`;
    const first = createSqliteOutbox({ path });
    const event = await buildCapiEvent(checkoutInput(1), NOW);
    await first.enqueue(ACCOUNT, event, NOW);
    await first.claim(ACCOUNT, { limit: 10, leaseMs: 60_000, batchId: 'crashed', nowMs: NOW });
    await first.close();

    const second = createSqliteOutbox({ path });
    try {
      expect(await second.counts()).toMatchObject({ 'in-flight': 1 });
      const reclaimed = await second.claim(ACCOUNT, {
        limit: 10,
        leaseMs: 60_000,
        batchId: 'b',
        nowMs: NOW + 60_000,
      });
      expect(reclaimed.map((entry) => entry.eventId)).toEqual([event.event_id]);
    } finally {
      await second.close();
    }
  });

  it('uses WAL and the chosen synchronous level', () => {
    for (const [synchronous, level] of [
      ['NORMAL', 1],
      ['FULL', 2],
    ] as const) {
      const database = new BetterSqlite3(`${dir.path}/${synchronous}.sqlite`);
      prepareOutboxDatabase(database, synchronous);
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(database.pragma('synchronous', { simple: true })).toBe(level);
      expect(database.pragma('user_version', { simple: true })).toBe(OUTBOX_SCHEMA_VERSION);
      database.close();
    }
  });

  it('never writes raw e-mail or phone to the file', async () => {
    const path = `${dir.path}/outbox.sqlite`;
    const outbox = createSqliteOutbox({ path });
    const event = await buildCapiEvent(checkoutInput(7), NOW);
    await outbox.enqueue(ACCOUNT, event, NOW);
    await outbox.close();

    const bytes = fileBytes(path);
    expect(bytes).toContain(event.event_id);
    for (const raw of [RAW_EMAIL, RAW_EMAIL.toLowerCase(), RAW_PHONE, '4155550142', 'Zoë', 'zoë']) {
      expect(bytes).not.toContain(raw);
    }
  });

  it('clears IP address and click id from the file after delivery', async () => {
    const path = `${dir.path}/outbox.sqlite`;
    const outbox = createSqliteOutbox({ path });
    const event = await buildCapiEvent(checkoutInput(8), NOW);
    event.user_data.client_ip_address = CLIENT_IP;
    event.user_data.click_id = CLICK_ID;
    const { id } = await outbox.enqueue(ACCOUNT, event, NOW);
    await outbox.close();
    const database = new BetterSqlite3(path);
    database.pragma('wal_checkpoint(TRUNCATE)');
    database.close();
    expect(fileBytes(path)).toContain(CLIENT_IP);

    const reopened = createSqliteOutbox({ path });
    await reopened.markDelivered([id], NOW + 1);
    await reopened.close();
    const checkpoint = new BetterSqlite3(path);
    checkpoint.pragma('wal_checkpoint(TRUNCATE)');
    checkpoint.close();

    const bytes = fileBytes(path);
    expect(bytes).not.toContain(CLIENT_IP);
    expect(bytes).not.toContain(CLICK_ID);
  });

  it('checkpoints the write-ahead log into the database file', async () => {
    const path = `${dir.path}/outbox.sqlite`;
    const outbox = createSqliteOutbox({ path });
    try {
      const event = await buildCapiEvent(checkoutInput(9), NOW);
      await outbox.enqueue(ACCOUNT, event, NOW);
      expect(readFileSync(path).toString('latin1')).not.toContain(event.event_id);

      await outbox.checkpoint?.();

      expect(readFileSync(path).toString('latin1')).toContain(event.event_id);
    } finally {
      await outbox.close();
    }
  });

  it('rejects a file with a newer schema', () => {
    const path = `${dir.path}/outbox.sqlite`;
    const database = new BetterSqlite3(path);
    database.pragma('user_version = 99');
    database.close();

    expect(() => createSqliteOutbox({ path })).toThrow(/schema version 99.*Upgrade @pinpair\/server/);
  });

  it('creates missing parent directories', async () => {
    const path = `${dir.path}/a/b/outbox.sqlite`;
    const outbox = createSqliteOutbox({ path });
    await outbox.close();

    expect(existsSync(path)).toBe(true);
  });

  it('rejects invalid options naming the option', () => {
    expect(() => createSqliteOutbox({ path: '' })).toThrow(/`path` is missing/);
    expect(() => createSqliteOutbox({ path: `${dir.path}/x.sqlite`, synchronous: 'OFF' as never })).toThrow(
      /`synchronous` must be 'NORMAL' or 'FULL'/,
    );
    expect(() => createSqliteOutbox({ path: `${dir.path}/y.sqlite`, deliveredRetentionMs: -1 })).toThrow(
      RangeError,
    );
  });
});

describe('sqlite outbox query plans', () => {
  /** Returns the query plan lines of `sql` on `database`, with every parameter bound. */
  function planOf(database: BetterSqlite3.Database, sql: string): string[] {
    const parameters = { adAccountId: ACCOUNT, now: NOW, limit: 1000, leaseExpiresAt: NOW, batchId: 'b' };
    const bindings = sql.includes('@ids')
      ? { ...parameters, ids: '[1]', nextAttemptAt: NOW, lastError: 'e' }
      : parameters;
    const rows = database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(bindings) as { detail: string }[];
    return rows.map((row) => row.detail);
  }

  it('claims and settles through indexes, without reading receipts or sorting', async () => {
    const path = `${dir.path}/outbox.sqlite`;
    const outbox = createSqliteOutbox({ path });
    const event = await buildCapiEvent(checkoutInput(1), NOW);
    for (let order = 0; order < 300; order += 1) {
      await outbox.enqueue(ACCOUNT, { ...event, event_id: `receipt-${order}` }, NOW);
    }
    const receipts = await outbox.claim(ACCOUNT, { limit: 300, leaseMs: 1000, batchId: 'r', nowMs: NOW });
    await outbox.markDelivered(
      receipts.map((entry) => entry.id),
      NOW,
    );
    await outbox.enqueue(ACCOUNT, { ...event, event_id: 'pending-1' }, NOW);
    await outbox.close();

    const database = new BetterSqlite3(path, { readonly: true });
    try {
      const due = 'SEARCH pinpair_outbox USING COVERING INDEX pinpair_outbox_due';
      expect(planOf(database, OUTBOX_SQL.claimPending)).toContain(
        `${due} (state=? AND ad_account_id=? AND next_attempt_at<?)`,
      );
      expect(planOf(database, OUTBOX_SQL.claimExpiredLeases)).toContain(
        'SEARCH pinpair_outbox USING INDEX pinpair_outbox_due (state=? AND ad_account_id=?)',
      );
      for (const name of [
        'claimPending',
        'claimExpiredLeases',
        'dueAccounts',
        'markDelivered',
        'markRetry',
      ] as const) {
        const plan = planOf(database, OUTBOX_SQL[name]).join('\n');
        expect(plan, name).not.toContain('TEMP B-TREE');
        expect(plan, name).not.toMatch(/SCAN pinpair_outbox\b/);
        expect(plan, name).not.toContain('sqlite_autoindex_pinpair_outbox_1');
      }
      for (const name of ['markDelivered', 'markRetry'] as const) {
        expect(planOf(database, OUTBOX_SQL[name])).toContain(
          'SEARCH pinpair_outbox USING INTEGER PRIMARY KEY (rowid=?)',
        );
      }
    } finally {
      database.close();
    }
  });

  it('claims expired leases and pending entries together, oldest first', async () => {
    const outbox = createSqliteOutbox({ path: `${dir.path}/outbox.sqlite` });
    try {
      const event = await buildCapiEvent(checkoutInput(1), NOW);
      const crashed = await outbox.enqueue(ACCOUNT, { ...event, event_id: 'crashed' }, NOW);
      await outbox.claim(ACCOUNT, { limit: 1, leaseMs: 1000, batchId: 'lost', nowMs: NOW });
      const later = await outbox.enqueue(ACCOUNT, { ...event, event_id: 'later' }, NOW + 10);
      const earlier = await outbox.enqueue(ACCOUNT, { ...event, event_id: 'earlier' }, NOW + 5);
      await outbox.markRetry([earlier.id], { nextAttemptAt: NOW + 5, lastError: 'retry' });

      const claimed = await outbox.claim(ACCOUNT, {
        limit: 2,
        leaseMs: 1000,
        batchId: 'next',
        nowMs: NOW + 2000,
      });

      expect(claimed.map((entry) => entry.id)).toEqual([crashed.id, earlier.id]);
      expect(claimed.map((entry) => entry.attempts)).toEqual([2, 1]);
      expect(claimed.every((entry) => entry.batchId === 'next' && entry.state === 'in-flight')).toBe(true);
      expect((await outbox.snapshot({ state: 'pending' })).map((record) => record.id)).toEqual([later.id]);
    } finally {
      await outbox.close();
    }
  });

  it('settles a batch of ids in one call', async () => {
    const outbox = createSqliteOutbox({ path: `${dir.path}/outbox.sqlite` });
    try {
      const event = await buildCapiEvent(checkoutInput(1), NOW);
      for (let order = 0; order < 5; order += 1) {
        await outbox.enqueue(ACCOUNT, { ...event, event_id: `event-${order}` }, NOW);
      }
      const ids = (await outbox.claim(ACCOUNT, { limit: 5, leaseMs: 1000, batchId: 'b', nowMs: NOW })).map(
        (entry) => entry.id,
      );

      await outbox.markDelivered(ids.slice(0, 3), NOW + 1);
      await outbox.markRetry(ids.slice(3), { nextAttemptAt: NOW + 50, lastError: 'ServerError: 503' });
      await outbox.markDelivered([], NOW + 2);

      expect(await outbox.counts()).toEqual({ pending: 2, 'in-flight': 0, delivered: 3, 'dead-letter': 0 });
      const retried = await outbox.snapshot({ state: 'pending' });
      expect(retried.map((record) => record.id)).toEqual(ids.slice(3));
      expect(retried.every((record) => record.nextAttemptAt === NOW + 50)).toBe(true);
    } finally {
      await outbox.close();
    }
  });
});
