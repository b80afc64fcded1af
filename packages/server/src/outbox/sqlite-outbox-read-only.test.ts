// Tests of the SQLite outbox opened read-only: it reads, creates nothing and rejects every write.

import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCapiEvent } from '../__tests__/delivery-harness.js';
import { checkoutInput, createTempDir } from '../__tests__/helpers.js';
import { isOutboxNotFoundError, OutboxNotFoundError } from '../errors/outbox-not-found-error.js';
import { createSqliteOutbox } from './sqlite-outbox.js';

const AD_ACCOUNT_ID = '549700000001';

let dir: ReturnType<typeof createTempDir>;

beforeEach(() => {
  dir = createTempDir();
});

afterEach(() => {
  dir.remove();
});

function openError(path: string): unknown {
  try {
    createSqliteOutbox({ path, readOnly: true });
  } catch (error) {
    return error;
  }
  throw new Error(`Opening ${path} read-only did not throw.`);
}

describe('read-only SQLite outbox', () => {
  it('reads counts and dead letters', async () => {
    const path = `${dir.path}/outbox.sqlite`;
    const writable = createSqliteOutbox({ path });
    const { id } = await writable.enqueue(
      AD_ACCOUNT_ID,
      await buildCapiEvent(checkoutInput(1), Date.now()),
      1,
    );
    await writable.enqueue(AD_ACCOUNT_ID, await buildCapiEvent(checkoutInput(2), Date.now()), 1);
    await writable.moveToDeadLetter([{ id, reason: 'rejected', message: 'Invalid event.' }], 2);
    await writable.close();

    const readOnly = createSqliteOutbox({ path, readOnly: true });
    try {
      expect(await readOnly.counts()).toEqual({ pending: 1, 'in-flight': 0, delivered: 0, 'dead-letter': 1 });
      expect((await readOnly.deadLetters()).map((record) => record.pinterestMessage)).toEqual([
        'Invalid event.',
      ]);
    } finally {
      await readOnly.close();
    }
  });

  it('rejects writes', async () => {
    const path = `${dir.path}/outbox.sqlite`;
    await createSqliteOutbox({ path }).close();

    const readOnly = createSqliteOutbox({ path, readOnly: true });
    try {
      const event = await buildCapiEvent(checkoutInput(3), Date.now());
      await expect(readOnly.enqueue(AD_ACCOUNT_ID, event, 1)).rejects.toMatchObject({
        code: 'SQLITE_READONLY',
      });
      await expect(readOnly.replay('all', 1)).rejects.toMatchObject({ code: 'SQLITE_READONLY' });
    } finally {
      await readOnly.close();
    }
  });

  it('throws for a missing file without creating it', () => {
    const path = `${dir.path}/nested/missing.sqlite`;

    const error = openError(path);

    expect(error).toBeInstanceOf(OutboxNotFoundError);
    expect(error).toMatchObject({ path, reason: 'missing-file', code: 'outbox_not_found' });
    expect((error as Error).message).toContain(`No outbox file at ${path}.`);
    expect(existsSync(`${dir.path}/nested`)).toBe(false);
  });

  it('throws for a file without the table', () => {
    const path = `${dir.path}/other.sqlite`;
    const other = new BetterSqlite3(path);
    other.exec('CREATE TABLE notes (text TEXT)');
    other.close();

    const error = openError(path);

    expect(isOutboxNotFoundError(error)).toBe(true);
    expect(error).toMatchObject({ path, reason: 'missing-table' });
    const reopened = new BetterSqlite3(path, { readonly: true });
    const tables = reopened.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    reopened.close();
    expect(tables).toEqual([{ name: 'notes' }]);
  });
});
