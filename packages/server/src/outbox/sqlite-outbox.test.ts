// Tests specific to the SQLite outbox: persistence across handles, file contents, settings and schema.

import { existsSync, readFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCapiEvent } from '../__tests__/delivery-harness.js';
import { checkoutInput, createTempDir, RAW_EMAIL, RAW_PHONE } from '../__tests__/helpers.js';
import { createSqliteOutbox } from './sqlite-outbox.js';
import { OUTBOX_SCHEMA_VERSION, prepareOutboxDatabase } from './sqlite-schema.js';

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
