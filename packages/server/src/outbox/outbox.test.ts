// Contract tests that both outbox stores pass: memory and SQLite (on a real file).

import type { CapiEvent } from '@pinpair/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCapiEvent } from '../__tests__/delivery-harness.js';
import { checkoutInput, createTempDir } from '../__tests__/helpers.js';
import { createMemoryOutbox } from './memory-outbox.js';
import type { Outbox } from './outbox.js';
import { createSqliteOutbox } from './sqlite-outbox.js';

const ACCOUNT = '549700000001';
const OTHER_ACCOUNT = '549700000002';
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const DAY_MS = 86_400_000;

async function sampleEvent(order: number, eventTimeMs = NOW): Promise<CapiEvent> {
  const event = await buildCapiEvent(checkoutInput(order, { eventTime: eventTimeMs }), NOW);
  event.user_data.client_ip_address = '203.0.113.7';
  event.user_data.client_user_agent = 'Mozilla/5.0 test';
  event.user_data.click_id = 'click-123';
  return event;
}

const stores: [string, (dir: string) => Outbox][] = [
  ['memory', () => createMemoryOutbox()],
  ['sqlite', (dir) => createSqliteOutbox({ path: `${dir}/outbox.sqlite` })],
];

describe.each(stores)('%s outbox', (_name, createOutbox) => {
  let dir: ReturnType<typeof createTempDir>;
  let outbox: Outbox;

  beforeEach(() => {
    dir = createTempDir();
    outbox = createOutbox(dir.path);
  });

  afterEach(async () => {
    await outbox.close();
    dir.remove();
  });

  it('enqueues as pending and due now', async () => {
    const event = await sampleEvent(1);
    const result = await outbox.enqueue(ACCOUNT, event, NOW);

    expect(result.duplicate).toBe(false);
    const [record] = await outbox.snapshot();
    expect(record).toMatchObject({
      id: result.id,
      adAccountId: ACCOUNT,
      eventId: event.event_id,
      eventName: 'checkout',
      eventTime: event.event_time,
      state: 'pending',
      attempts: 0,
      enqueuedAt: NOW,
      nextAttemptAt: NOW,
    });
    expect(record?.event).toEqual(event);
    expect(await outbox.dueAccounts(NOW)).toEqual([ACCOUNT]);
  });

  it('stores one copy of the same event', async () => {
    const event = await sampleEvent(1);
    const first = await outbox.enqueue(ACCOUNT, event, NOW);
    const second = await outbox.enqueue(ACCOUNT, event, NOW + 1);
    const otherAccount = await outbox.enqueue(OTHER_ACCOUNT, event, NOW);

    expect(second).toEqual({ id: first.id, duplicate: true });
    expect(otherAccount.duplicate).toBe(false);
    expect((await outbox.counts()).pending).toBe(2);
  });

  it('rejects unhashed user data', async () => {
    const event = await sampleEvent(1);
    event.user_data.em = ['shopper@example.com'];

    await expect(outbox.enqueue(ACCOUNT, event, NOW)).rejects.toThrow(/user_data\.em\[0\].*not a SHA-256/);
    expect((await outbox.counts()).pending).toBe(0);
  });

  it('claims per ad account, oldest first, up to the limit', async () => {
    for (let order = 1; order <= 3; order += 1)
      await outbox.enqueue(ACCOUNT, await sampleEvent(order), NOW + order);
    await outbox.enqueue(OTHER_ACCOUNT, await sampleEvent(9), NOW);

    const claimed = await outbox.claim(ACCOUNT, {
      limit: 2,
      leaseMs: 1000,
      batchId: 'batch-1',
      nowMs: NOW + 10,
    });

    expect(claimed.map((entry) => entry.adAccountId)).toEqual([ACCOUNT, ACCOUNT]);
    expect(claimed[0]?.enqueuedAt).toBe(NOW + 1);
    expect(claimed[1]?.enqueuedAt).toBe(NOW + 2);
    for (const entry of claimed) {
      expect(entry).toMatchObject({
        state: 'in-flight',
        attempts: 1,
        batchId: 'batch-1',
        leaseExpiresAt: NOW + 1010,
      });
      expect(entry.event.user_data.client_ip_address).toBe('203.0.113.7');
    }
    expect((await outbox.counts())['in-flight']).toBe(2);
  });

  it('does not claim an entry twice while its lease holds', async () => {
    await outbox.enqueue(ACCOUNT, await sampleEvent(1), NOW);
    await outbox.claim(ACCOUNT, { limit: 10, leaseMs: 1000, batchId: 'a', nowMs: NOW });

    expect(
      await outbox.claim(ACCOUNT, { limit: 10, leaseMs: 1000, batchId: 'b', nowMs: NOW + 999 }),
    ).toHaveLength(0);
    expect(await outbox.dueAccounts(NOW + 999)).toEqual([]);

    const reclaimed = await outbox.claim(ACCOUNT, {
      limit: 10,
      leaseMs: 1000,
      batchId: 'c',
      nowMs: NOW + 1000,
    });
    expect(reclaimed).toHaveLength(1);
    expect(reclaimed[0]?.attempts).toBe(2);
    expect(reclaimed[0]?.batchId).toBe('c');
  });

  it('marks delivered and deletes the event, IP, user agent and click id', async () => {
    const { id } = await outbox.enqueue(ACCOUNT, await sampleEvent(1), NOW);
    await outbox.claim(ACCOUNT, { limit: 10, leaseMs: 1000, batchId: 'a', nowMs: NOW });

    await outbox.markDelivered([id], NOW + 5);

    const [record] = await outbox.snapshot();
    expect(record?.state).toBe('delivered');
    expect(record?.settledAt).toBe(NOW + 5);
    expect(record?.event).toBeUndefined();
    expect(record?.leaseExpiresAt).toBeUndefined();
    expect(await outbox.dueAccounts(NOW + DAY_MS)).toEqual([]);
  });

  it('schedules a retry with the last error', async () => {
    const { id } = await outbox.enqueue(ACCOUNT, await sampleEvent(1), NOW);
    await outbox.claim(ACCOUNT, { limit: 10, leaseMs: 1000, batchId: 'a', nowMs: NOW });

    await outbox.markRetry([id], { nextAttemptAt: NOW + 30_000, lastError: 'ServerError: status 503' });

    const [record] = await outbox.snapshot();
    expect(record).toMatchObject({
      state: 'pending',
      nextAttemptAt: NOW + 30_000,
      lastError: 'ServerError: status 503',
    });
    expect(await outbox.dueAccounts(NOW + 29_999)).toEqual([]);
    expect(await outbox.dueAccounts(NOW + 30_000)).toEqual([ACCOUNT]);
  });

  it('lists dead letters newest first and replays them', async () => {
    const first = await outbox.enqueue(ACCOUNT, await sampleEvent(1), NOW);
    const second = await outbox.enqueue(ACCOUNT, await sampleEvent(2), NOW);
    const third = await outbox.enqueue(ACCOUNT, await sampleEvent(3), NOW);
    await outbox.moveToDeadLetter(
      [{ id: first.id, reason: 'rejected', message: 'Pinterest said no' }],
      NOW + 1,
    );
    await outbox.moveToDeadLetter(
      [
        { id: second.id, reason: 'too-old', message: 'too old' },
        { id: third.id, reason: 'invalid', message: 'event_name: unknown' },
      ],
      NOW + 2,
    );

    const deadLetters = await outbox.deadLetters();
    expect(deadLetters.map((record) => record.id)).toEqual([third.id, second.id, first.id]);
    expect(deadLetters[2]).toMatchObject({
      deadLetterReason: 'rejected',
      pinterestMessage: 'Pinterest said no',
    });
    expect(await outbox.deadLetters({ limit: 1 })).toHaveLength(1);

    const firstEventId = deadLetters[2]?.eventId as string;
    expect(await outbox.replay([firstEventId, 'not-an-event'], NOW + 3)).toBe(1);
    const [replayed] = (await outbox.snapshot({ state: 'pending' })) ?? [];
    expect(replayed).toMatchObject({ id: first.id, nextAttemptAt: NOW + 3 });
    expect(replayed?.deadLetterReason).toBeUndefined();
    expect(replayed?.event?.user_data.client_ip_address).toBe('203.0.113.7');

    expect(await outbox.replay('all', NOW + 4)).toBe(2);
    expect(await outbox.counts()).toEqual({ pending: 3, 'in-flight': 0, delivered: 0, 'dead-letter': 0 });
  });

  it('purges receipts, old dead letters and expired request fields', async () => {
    const delivered = await outbox.enqueue(ACCOUNT, await sampleEvent(1), NOW);
    const deadLetter = await outbox.enqueue(ACCOUNT, await sampleEvent(2), NOW);
    const expired = await outbox.enqueue(ACCOUNT, await sampleEvent(3, NOW - 8 * DAY_MS), NOW);
    const fresh = await outbox.enqueue(ACCOUNT, await sampleEvent(4), NOW);
    await outbox.markDelivered([delivered.id], NOW);
    await outbox.moveToDeadLetter([{ id: deadLetter.id, reason: 'rejected', message: 'no' }], NOW);

    const early = await outbox.purgeExpired(NOW + 1000);
    expect(early).toEqual({ deletedReceipts: 0, deletedDeadLetters: 0, strippedEntries: 1 });
    const expiredRecord = (await outbox.snapshot()).find((record) => record.id === expired.id);
    expect(expiredRecord?.event?.user_data.client_ip_address).toBeUndefined();
    expect(expiredRecord?.event?.user_data.client_user_agent).toBeUndefined();
    expect(expiredRecord?.event?.user_data.click_id).toBeUndefined();
    expect(expiredRecord?.event?.user_data.em).toHaveLength(1);
    const freshRecord = (await outbox.snapshot()).find((record) => record.id === fresh.id);
    expect(freshRecord?.event?.user_data.client_ip_address).toBe('203.0.113.7');

    const later = await outbox.purgeExpired(NOW + 31 * DAY_MS);
    expect(later.deletedReceipts).toBe(1);
    expect(later.deletedDeadLetters).toBe(1);
    expect((await outbox.snapshot()).map((record) => record.id).sort()).toEqual(
      [expired.id, fresh.id].sort(),
    );
    // The receipt is gone, so the same event can be stored again.
    expect((await outbox.enqueue(ACCOUNT, await sampleEvent(1), NOW + 31 * DAY_MS)).duplicate).toBe(false);
  });

  it('reports whether it is durable', () => {
    expect(outbox.durable).toBe(_name === 'sqlite');
  });
});
