// Tests of the dispatcher's life cycle: start, wake, shutdown with a deadline, purge and misconfiguration.

import { type FakePinterest, startFakePinterest } from '@pinpair/testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildCapiEvent, processedCounts } from '../__tests__/delivery-harness.js';
import {
  captureLogger,
  checkoutInput,
  createManualClock,
  createTempDir,
  wakeOnlySleep,
} from '../__tests__/helpers.js';
import { createPinterestClient } from '../client/pinterest-client.js';
import { createMemoryOutbox } from '../outbox/memory-outbox.js';
import type { Outbox } from '../outbox/outbox.js';
import { createSqliteOutbox } from '../outbox/sqlite-outbox.js';
import { createDispatcher, type Dispatcher } from './dispatcher.js';
import type { DispatcherOptions } from './dispatcher-options.js';

let pinterest: FakePinterest;
let dir: ReturnType<typeof createTempDir>;
let dispatchers: Dispatcher[];

beforeEach(async () => {
  pinterest = await startFakePinterest();
  dir = createTempDir();
  dispatchers = [];
});

afterEach(async () => {
  await Promise.all(dispatchers.map((dispatcher) => dispatcher.shutdown({ timeoutMs: 500 })));
  await pinterest.close();
  dir.remove();
});

function setUp(overrides: Partial<DispatcherOptions> & { timeoutMs?: number } = {}) {
  const captured = captureLogger();
  const clock = createManualClock();
  const { timeoutMs, ...rest } = overrides;
  const outbox = overrides.outbox ?? createSqliteOutbox({ path: `${dir.path}/outbox.sqlite` });
  const client = createPinterestClient({
    adAccountId: pinterest.adAccountId,
    conversionToken: pinterest.conversionToken,
    baseUrl: pinterest.apiBaseUrl,
    timeoutMs: timeoutMs ?? 5000,
  });
  const dispatcher = createDispatcher({
    outbox,
    clients: [client],
    logger: captured.logger,
    clock: clock.now,
    sleep: wakeOnlySleep,
    random: () => 0.5,
    ...rest,
  });
  dispatchers.push(dispatcher);
  return { dispatcher, outbox, captured, clock };
}

async function enqueueOrders(outbox: Outbox, nowMs: number, count: number): Promise<string[]> {
  const eventIds: string[] = [];
  for (let order = 1; order <= count; order += 1) {
    const event = await buildCapiEvent(checkoutInput(order), nowMs);
    event.user_data.client_ip_address = '203.0.113.7';
    event.user_data.client_user_agent = 'Mozilla/5.0 dispatcher-test';
    await outbox.enqueue(pinterest.adAccountId, event, nowMs);
    eventIds.push(event.event_id);
  }
  return eventIds;
}

describe('shutdown', () => {
  it('drains what is due, logs the counts and returns the same promise twice', async () => {
    const { dispatcher, outbox, captured, clock } = setUp();
    const eventIds = await enqueueOrders(outbox, clock.now(), 3);

    const first = dispatcher.shutdown({ timeoutMs: 5000 });
    const second = dispatcher.shutdown({ timeoutMs: 1 });
    expect(second).toBe(first);
    const summary = await first;

    expect(summary.timedOut).toBe(false);
    expect(summary.stats).toMatchObject({ delivered: 3, batches: 1, deadLettered: 0 });
    expect(summary.outbox).toEqual({ pending: 0, 'in-flight': 0, delivered: 3, 'dead-letter': 0 });
    expect([...processedCounts(pinterest).keys()].sort()).toEqual(eventIds.sort());
    const stops = captured.find('Dispatcher stopped');
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatchObject({ delivered: 3, timedOut: false });
  });

  it('stops at the deadline and keeps the unsent events queued', async () => {
    const { dispatcher, outbox, clock } = setUp({ sleep: undefined, timeoutMs: 30_000 });
    const eventIds = await enqueueOrders(outbox, clock.now(), 2);
    pinterest.faults.failNext(1, { kind: 'hang' });

    const startedAt = Date.now();
    const summary = await dispatcher.shutdown({ timeoutMs: 200 });

    expect(Date.now() - startedAt).toBeLessThan(5000);
    expect(summary.timedOut).toBe(true);
    expect(summary.outbox?.pending).toBe(2);
    const pending = await outbox.snapshot({ state: 'pending' });
    expect(pending.every((record) => record.nextAttemptAt <= clock.now())).toBe(true);
    expect(pending[0]?.lastError).toContain('Shutdown deadline');

    const next = setUp({ outbox: createSqliteOutbox({ path: `${dir.path}/outbox.sqlite` }) });
    await next.dispatcher.drain();
    expect([...processedCounts(pinterest).keys()].sort()).toEqual(eventIds.sort());
  });
});

describe('start and wake', () => {
  it('logs the start and delivers when woken', async () => {
    const { dispatcher, outbox, captured, clock } = setUp({ intervalMs: 3_600_000 });
    dispatcher.start();
    dispatcher.start();
    expect(captured.find('Dispatcher started')).toHaveLength(1);
    expect(captured.find('Dispatcher started')[0]?.adAccountIds).toEqual([pinterest.adAccountId]);

    const eventIds = await enqueueOrders(outbox, clock.now(), 2);
    dispatcher.wake();

    await vi.waitFor(() => expect(processedCounts(pinterest).size).toBe(2), { timeout: 5000, interval: 10 });
    expect([...processedCounts(pinterest).keys()].sort()).toEqual(eventIds.sort());
  });

  it('drains again after each interval', async () => {
    const sleeps: (() => void)[] = [];
    const manualSleep = (_ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve) => {
        sleeps.push(resolve);
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    const { dispatcher, outbox, clock } = setUp({ sleep: manualSleep });
    dispatcher.start();
    await vi.waitFor(() => expect(sleeps).toHaveLength(1), { timeout: 5000, interval: 5 });

    await enqueueOrders(outbox, clock.now(), 1);
    expect(pinterest.requests()).toHaveLength(0);
    sleeps[0]?.();

    await vi.waitFor(() => expect(processedCounts(pinterest).size).toBe(1), { timeout: 5000, interval: 10 });
  });
});

describe('housekeeping', () => {
  it('purges delivered receipts after the retention', async () => {
    const { dispatcher, outbox, captured, clock } = setUp({ purgeIntervalMs: 60_000 });
    await enqueueOrders(outbox, clock.now(), 2);
    await dispatcher.drain();
    expect((await outbox.counts()).delivered).toBe(2);

    clock.advance(25 * 3_600_000);
    await dispatcher.drain();

    expect((await outbox.counts()).delivered).toBe(0);
    expect(captured.find('Outbox purged')[0]).toMatchObject({ deletedReceipts: 2 });
  });

  it('checkpoints the outbox after a drain that settled events', async () => {
    const sqlite = createSqliteOutbox({ path: `${dir.path}/outbox.sqlite` });
    const checkpoint = vi.fn(() => sqlite.checkpoint?.() ?? Promise.resolve());
    const { dispatcher, outbox, clock } = setUp({ outbox: { ...sqlite, checkpoint } });

    await dispatcher.drain();
    expect(checkpoint).not.toHaveBeenCalled();

    await enqueueOrders(outbox, clock.now(), 2);
    await dispatcher.drain();
    expect(checkpoint).toHaveBeenCalledTimes(1);
    expect(processedCounts(pinterest).size).toBe(2);
  });

  it('logs a failed checkpoint and goes on delivering', async () => {
    const sqlite = createSqliteOutbox({ path: `${dir.path}/outbox.sqlite` });
    const checkpoint = vi.fn(() => Promise.reject(new Error('disk I/O error')));
    const { dispatcher, outbox, clock, captured } = setUp({ outbox: { ...sqlite, checkpoint } });
    await enqueueOrders(outbox, clock.now(), 1);

    const summary = await dispatcher.drain();

    expect(summary.claimed).toBe(1);
    expect(processedCounts(pinterest).size).toBe(1);
    expect(captured.find('Outbox checkpoint failed')[0]?.error).toContain('disk I/O error');
  });

  it('keeps events of an ad account without a client and warns once', async () => {
    const { dispatcher, outbox, captured, clock } = setUp({ outbox: createMemoryOutbox() });
    const event = await buildCapiEvent(checkoutInput(1), clock.now());
    event.user_data.client_ip_address = '203.0.113.7';
    event.user_data.client_user_agent = 'UA';
    await outbox.enqueue('549700000555', event, clock.now());

    await dispatcher.drain();
    await dispatcher.drain();

    expect((await outbox.counts()).pending).toBe(1);
    expect(pinterest.requests()).toHaveLength(0);
    expect(captured.find('without a configured client')).toHaveLength(1);
  });
});

describe('options', () => {
  it('rejects invalid options naming the option', () => {
    const outbox = createMemoryOutbox();
    const client = createPinterestClient({ adAccountId: '549700000001', conversionToken: 'token' });

    expect(() => createDispatcher({ outbox, clients: [client], maxBatchSize: 1001 })).toThrow(
      /`maxBatchSize` must be an integer from 1 to 1000/,
    );
    expect(() => createDispatcher({ outbox, clients: [client], intervalMs: 0 })).toThrow(/`intervalMs`/);
    expect(() =>
      createDispatcher({ outbox, clients: [client], baseBackoffMs: 5000, maxBackoffMs: 1000 }),
    ).toThrow(/`maxBackoffMs`/);
    expect(() => createDispatcher({ outbox, clients: [client, client] })).toThrow(
      /two clients for ad account/,
    );
  });
});
