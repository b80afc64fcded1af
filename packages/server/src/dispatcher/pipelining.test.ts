// Tests of coalesced wakes and concurrent requests against the fake Conversions API and a SQLite outbox.

import { type FakePinterest, startFakePinterest } from '@pinpair/testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildCapiEvent, processedCounts, requestEventIds } from '../__tests__/delivery-harness.js';
import {
  captureLogger,
  checkoutInput,
  createManualClock,
  createTempDir,
  wakeOnlySleep,
} from '../__tests__/helpers.js';
import { createPinterestClient } from '../client/pinterest-client.js';
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

/** Creates a fetch to the fake that records the maximum number of requests open at once. */
function createCountingFetch() {
  let open = 0;
  const tracker = {
    maxOpen: 0,
    fetch: async (url: string | URL | Request, init?: RequestInit) => {
      open += 1;
      tracker.maxOpen = Math.max(tracker.maxOpen, open);
      try {
        const response = await fetch(url, init);
        const body = await response.text();
        return new Response(body, { status: response.status, headers: response.headers });
      } finally {
        open -= 1;
      }
    },
  };
  return tracker;
}

function setUp(
  overrides: Partial<DispatcherOptions> & { conversionToken?: string; fetch?: typeof fetch } = {},
) {
  const captured = captureLogger();
  const clock = createManualClock();
  const { conversionToken, fetch: clientFetch, ...rest } = overrides;
  const outbox = createSqliteOutbox({ path: `${dir.path}/outbox.sqlite` });
  const client = createPinterestClient({
    adAccountId: pinterest.adAccountId,
    conversionToken: conversionToken ?? pinterest.conversionToken,
    baseUrl: pinterest.apiBaseUrl,
    timeoutMs: 5000,
    ...(clientFetch === undefined ? {} : { fetch: clientFetch }),
  });
  const dispatcher = createDispatcher({
    outbox,
    clients: [client],
    logger: captured.logger,
    clock: clock.now,
    sleep: wakeOnlySleep,
    random: () => 0.5,
    intervalMs: 3_600_000,
    ...rest,
  });
  dispatchers.push(dispatcher);
  return { dispatcher, outbox, captured, clock };
}

async function enqueueOrders(
  outbox: Outbox,
  nowMs: number,
  count: number,
  firstOrder = 1,
): Promise<string[]> {
  const template = await buildCapiEvent(checkoutInput(1), nowMs);
  template.user_data.client_ip_address = '203.0.113.7';
  template.user_data.client_user_agent = 'Mozilla/5.0 pipelining-test';
  const eventIds: string[] = [];
  for (let order = firstOrder; order < firstOrder + count; order += 1) {
    const event = { ...template, event_id: `pipelining-${order}` };
    await outbox.enqueue(pinterest.adAccountId, event, nowMs);
    eventIds.push(event.event_id);
  }
  return eventIds;
}

describe('coalesced wakes', () => {
  it('sends the events of several wakes in one request', async () => {
    // Neither the hour-long delay nor the interval ends, so only the third wake (a full batch) drains.
    const { dispatcher, outbox, clock } = setUp({ batchDelayMs: 3_600_000, maxBatchSize: 3 });
    dispatcher.start();

    const eventIds: string[] = [];
    for (let order = 1; order <= 3; order += 1) {
      eventIds.push(...(await enqueueOrders(outbox, clock.now(), 1, order)));
      await new Promise((resolve) => setImmediate(resolve));
      expect(pinterest.requests()).toHaveLength(0);
      dispatcher.wake();
    }

    await vi.waitFor(() => expect(processedCounts(pinterest).size).toBe(3), { timeout: 5000, interval: 10 });
    expect(requestEventIds(pinterest)).toEqual([eventIds]);
  });

  it('drains batchDelayMs after the first wake', async () => {
    const { dispatcher, outbox, clock } = setUp({ batchDelayMs: 20 });
    dispatcher.start();

    const eventIds = await enqueueOrders(outbox, clock.now(), 2);
    dispatcher.wake();
    dispatcher.wake();

    await vi.waitFor(() => expect(processedCounts(pinterest).size).toBe(2), { timeout: 5000, interval: 10 });
    expect(requestEventIds(pinterest)).toEqual([eventIds]);
  });

  it('drains on every wake with a batchDelayMs of 0', async () => {
    const { dispatcher, outbox, clock } = setUp({ batchDelayMs: 0 });
    dispatcher.start();

    const first = await enqueueOrders(outbox, clock.now(), 1, 1);
    dispatcher.wake();
    await vi.waitFor(() => expect(processedCounts(pinterest).size).toBe(1), { timeout: 5000, interval: 10 });
    const second = await enqueueOrders(outbox, clock.now(), 1, 2);
    dispatcher.wake();
    await vi.waitFor(() => expect(processedCounts(pinterest).size).toBe(2), { timeout: 5000, interval: 10 });

    expect(requestEventIds(pinterest)).toEqual([first, second]);
  });

  it('rejects a batchDelayMs out of range naming the option', () => {
    expect(() => setUp({ batchDelayMs: -1 })).toThrow(/`batchDelayMs` must be a number of milliseconds/);
    expect(() => setUp({ batchDelayMs: 2 ** 31 })).toThrow(/`batchDelayMs` must be at most 2147483647/);
  });
});

describe('concurrent requests', () => {
  it('keeps two requests in flight by default and delivers each event once', async () => {
    const counting = createCountingFetch();
    const { dispatcher, outbox, clock } = setUp({ maxBatchSize: 10, fetch: counting.fetch as typeof fetch });
    const eventIds = await enqueueOrders(outbox, clock.now(), 45);

    const summary = await dispatcher.drain();

    expect(summary).toEqual({ batches: 5, claimed: 45 });
    expect(counting.maxOpen).toBe(2);
    expect(
      requestEventIds(pinterest)
        .map((ids) => ids.length)
        .sort(),
    ).toEqual([10, 10, 10, 10, 5]);
    const counts = processedCounts(pinterest);
    expect([...counts.keys()].sort()).toEqual([...eventIds].sort());
    for (const eventId of eventIds) expect(counts.get(eventId)).toBe(1);
    expect(await outbox.counts()).toEqual({ pending: 0, 'in-flight': 0, delivered: 45, 'dead-letter': 0 });
  });

  it('sends one batch at a time with maxConcurrentRequests 1', async () => {
    const counting = createCountingFetch();
    const { dispatcher, outbox, clock } = setUp({
      maxBatchSize: 10,
      maxConcurrentRequests: 1,
      fetch: counting.fetch as typeof fetch,
    });
    await enqueueOrders(outbox, clock.now(), 30);

    await dispatcher.drain();

    expect(counting.maxOpen).toBe(1);
    expect(processedCounts(pinterest).size).toBe(30);
  });

  it('counts failures of requests in flight together as one backoff step', async () => {
    const { dispatcher, outbox, clock } = setUp({ maxBatchSize: 2 });
    await enqueueOrders(outbox, clock.now(), 4);
    pinterest.faults.failNext(2, { status: 503 });
    const start = clock.now();

    await dispatcher.drain();

    const pending = await outbox.snapshot({ state: 'pending' });
    expect(pending).toHaveLength(4);
    // One failure: full jitter over [0, 1000 ms) with random() = 0.5. Two would double it to 1000 ms.
    for (const record of pending) expect(record.nextAttemptAt).toBe(start + 500);
    expect(dispatcher.stats().retries).toBe(2);
    expect(pinterest.requests()).toHaveLength(2);

    clock.advance(500);
    await dispatcher.drain();
    expect(processedCounts(pinterest).size).toBe(4);
  });

  it('pauses once when requests in flight are all refused', async () => {
    const { dispatcher, outbox, clock, captured } = setUp({
      maxBatchSize: 2,
      conversionToken: 'revoked-token-value-456',
    });
    await enqueueOrders(outbox, clock.now(), 4);

    await dispatcher.drain();

    expect(pinterest.requests().map((request) => request.status)).toEqual([401, 401]);
    expect(dispatcher.stats().pauses).toBe(1);
    expect(captured.find('DELIVERY PAUSED')).toHaveLength(1);
    expect(captured.find('delivery to this ad account is paused')).toHaveLength(1);
    expect((await outbox.counts()).pending).toBe(4);
  });

  it('rejects a maxConcurrentRequests below 1 naming the option', () => {
    expect(() => setUp({ maxConcurrentRequests: 0 })).toThrow(/`maxConcurrentRequests` must be an integer/);
    expect(() => setUp({ maxConcurrentRequests: 1.5 })).toThrow(RangeError);
  });
});
