// The fault matrix: each failure Pinterest can produce, against the fake Conversions API and a real SQLite outbox.

import { type FakePinterest, type FakePinterestOptions, startFakePinterest } from '@pinpair/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildCapiEvent,
  createDeliveryHarness,
  type DeliveryHarness,
  deliverUntilSettled,
  processedCounts,
  requestEventIds,
} from '../__tests__/delivery-harness.js';
import { checkoutInput, createTempDir, grantedContext } from '../__tests__/helpers.js';

const ORDER_COUNT = 5;

let pinterest: FakePinterest | undefined;
let extraFakes: FakePinterest[] = [];
let harnesses: DeliveryHarness[] = [];
let tempDir: ReturnType<typeof createTempDir> | undefined;

afterEach(async () => {
  await Promise.all(harnesses.map((harness) => harness.reporter.shutdown({ timeoutMs: 1000 })));
  await Promise.all([pinterest, ...extraFakes].map((fake) => fake?.close()));
  tempDir?.remove();
  harnesses = [];
  extraFakes = [];
  pinterest = undefined;
  tempDir = undefined;
});

async function setUp(
  fakeOptions: FakePinterestOptions = {},
  harnessOptions: Parameters<typeof createDeliveryHarness>[2] = {},
): Promise<{ fake: FakePinterest; harness: DeliveryHarness; outboxPath: string }> {
  pinterest = await startFakePinterest(fakeOptions);
  tempDir = createTempDir();
  const outboxPath = `${tempDir.path}/outbox.sqlite`;
  const harness = createDeliveryHarness(pinterest, outboxPath, harnessOptions);
  harnesses.push(harness);
  return { fake: pinterest, harness, outboxPath };
}

async function reportOrders(
  harness: DeliveryHarness,
  count = ORDER_COUNT,
  firstOrder = 1,
): Promise<string[]> {
  const eventIds: string[] = [];
  for (let order = firstOrder; order < firstOrder + count; order += 1) {
    eventIds.push((await harness.reporter.report(checkoutInput(order), grantedContext())).eventId);
  }
  return eventIds;
}

function expectEachProcessedOnce(fake: FakePinterest, eventIds: string[]): void {
  const counts = processedCounts(fake);
  expect([...counts.keys()].sort()).toEqual([...eventIds].sort());
  for (const eventId of eventIds) expect(counts.get(eventId)).toBe(1);
}

function expectEverySendHasTheSameIds(fake: FakePinterest, eventIds: string[]): void {
  const requests = requestEventIds(fake);
  expect(requests.length).toBeGreaterThan(1);
  for (const ids of requests) expect(ids).toEqual(eventIds);
}

describe('temporary failures', () => {
  it('429 waits for Retry-After, then delivers once', async () => {
    const { fake, harness } = await setUp();
    const eventIds = await reportOrders(harness);
    fake.faults.failNext(1, { status: 429, retryAfterSeconds: 30 });
    const start = harness.clock.now();

    await harness.reporter.dispatcher.drain();
    const pending = await harness.reporter.outbox.snapshot({ state: 'pending' });
    expect(pending).toHaveLength(ORDER_COUNT);
    for (const record of pending) {
      expect(record.nextAttemptAt).toBeGreaterThanOrEqual(start + 30_000);
      expect(record.lastError).toContain('RateLimitedError');
    }

    harness.clock.advance(29_000);
    await harness.reporter.dispatcher.drain();
    expect(fake.requests()).toHaveLength(1);

    await deliverUntilSettled(harness);
    expectEachProcessedOnce(fake, eventIds);
    expectEverySendHasTheSameIds(fake, eventIds);
    expect(harness.reporter.dispatcher.stats().retries).toBe(1);
    expect(harness.captured.find('retrying with the same event ids')).toHaveLength(1);
  });

  it('429 without Retry-After backs off with jitter', async () => {
    const { fake, harness } = await setUp();
    const eventIds = await reportOrders(harness);
    fake.faults.failNext(2, { status: 429 });
    const start = harness.clock.now();

    await harness.reporter.dispatcher.drain();
    const [record] = await harness.reporter.outbox.snapshot({ state: 'pending' });
    // First failure: full jitter over [0, 1000 ms) with random() = 0.5.
    expect(record?.nextAttemptAt).toBe(start + 500);

    await deliverUntilSettled(harness);
    expectEachProcessedOnce(fake, eventIds);
    expect(fake.requests()).toHaveLength(3);
  });

  it.each([
    ['500', { status: 500 } as const, 'ServerError'],
    ['503', { status: 503 } as const, 'ServerError'],
    ['connection reset', { kind: 'reset' } as const, 'NetworkError'],
  ])('%s is retried with the same event ids', async (_name, fault, errorName) => {
    const { fake, harness } = await setUp();
    const eventIds = await reportOrders(harness);
    fake.faults.failNext(2, fault);

    await harness.reporter.dispatcher.drain();
    const pending = await harness.reporter.outbox.snapshot({ state: 'pending' });
    expect(pending.map((record) => record.lastError?.split(':')[0])).toEqual(
      Array(ORDER_COUNT).fill(errorName),
    );

    await deliverUntilSettled(harness);
    expectEachProcessedOnce(fake, eventIds);
    expectEverySendHasTheSameIds(fake, eventIds);
    expect(fake.requests()).toHaveLength(3);
    expect(await harness.reporter.outbox.counts()).toMatchObject({
      delivered: ORDER_COUNT,
      'dead-letter': 0,
    });
  });

  it('timeout is retried and the hung copy is not counted', async () => {
    const { fake, harness } = await setUp({}, { timeoutMs: 250 });
    const eventIds = await reportOrders(harness);
    fake.faults.failNext(1, { kind: 'hang' });

    await harness.reporter.dispatcher.drain();
    const pending = await harness.reporter.outbox.snapshot({ state: 'pending' });
    expect(pending[0]?.lastError).toContain('TimeoutError');
    expect(pending[0]?.lastError).toContain('250 ms');

    await deliverUntilSettled(harness);
    expectEachProcessedOnce(fake, eventIds);
    expectEverySendHasTheSameIds(fake, eventIds);
  });

  it('backoff doubles up to maxBackoffMs', async () => {
    const { fake, harness } = await setUp(
      {},
      { random: () => 0.999, dispatcher: { baseBackoffMs: 1000, maxBackoffMs: 4000 } },
    );
    await reportOrders(harness, 1);
    fake.faults.failNext(5, { status: 500 });

    const delays: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const before = harness.clock.now();
      await harness.reporter.dispatcher.drain();
      const [record] = await harness.reporter.outbox.snapshot({ state: 'pending' });
      delays.push((record?.nextAttemptAt ?? 0) - before);
      harness.clock.advance((record?.nextAttemptAt ?? 0) - before);
    }

    expect(delays).toEqual([999, 1998, 3996, 3996, 3996]);
  });
});

describe('rejections', () => {
  it('422 dead-letters the failed events with Pinterest message and delivers the rest', async () => {
    const { fake, harness } = await setUp({ maxAgeDays: 1 });
    const fresh = await reportOrders(harness, 3);
    const twoDaysAgo = harness.clock.now() - 2 * 86_400_000;
    const stale = [
      (await harness.reporter.report(checkoutInput(90, { eventTime: twoDaysAgo }), grantedContext())).eventId,
      (await harness.reporter.report(checkoutInput(91, { eventTime: twoDaysAgo }), grantedContext())).eventId,
    ];

    await deliverUntilSettled(harness);

    expectEachProcessedOnce(fake, fresh);
    expect(fake.requests().map((request) => request.status)).toEqual([422]);
    const deadLetters = await harness.reporter.outbox.deadLetters();
    expect(deadLetters.map((record) => record.eventId).sort()).toEqual([...stale].sort());
    for (const record of deadLetters) {
      expect(record.deadLetterReason).toBe('rejected');
      expect(record.pinterestMessage).toContain(
        'Invalid event_timestamp parameter. Given timestamp is in the past.',
      );
    }
    expect(await harness.reporter.outbox.counts()).toEqual({
      pending: 0,
      'in-flight': 0,
      delivered: 3,
      'dead-letter': 2,
    });
    expect(harness.captured.find('Pinterest rejected events')[0]?.count).toBe(2);
  });

  it('200 with failed entries is handled like 422', async () => {
    const { fake, harness } = await setUp({ maxAgeDays: 1, partialFailureStatus: 200 });
    const fresh = await reportOrders(harness, 2);
    const stale = (
      await harness.reporter.report(
        checkoutInput(92, { eventTime: harness.clock.now() - 2 * 86_400_000 }),
        grantedContext(),
      )
    ).eventId;

    await deliverUntilSettled(harness);

    expectEachProcessedOnce(fake, fresh);
    expect(fake.requests().map((request) => request.status)).toEqual([200]);
    const [deadLetter] = await harness.reporter.outbox.deadLetters();
    expect(deadLetter?.eventId).toBe(stale);
    expect(deadLetter?.deadLetterReason).toBe('rejected');
  });

  it('400 splits the batch and dead-letters only the rejected event', async () => {
    const { fake, harness } = await setUp({ schemaErrors: 'request' });
    const good = await reportOrders(harness, 4);
    // The linter accepts any string as `language`; the fake requires ISO 639-1, so Pinterest-side
    // validation rejects the whole request with 400.
    const bad = await buildCapiEvent(checkoutInput(99), harness.clock.now());
    bad.user_data.client_ip_address = '203.0.113.7';
    bad.user_data.client_user_agent = 'UA';
    const badEvent = { ...bad, language: 'english' };
    await harness.reporter.outbox.enqueue(fake.adAccountId, badEvent, harness.clock.now());

    await deliverUntilSettled(harness);

    expectEachProcessedOnce(fake, good);
    const [deadLetter] = await harness.reporter.outbox.deadLetters();
    expect(deadLetter?.eventId).toBe(bad.event_id);
    expect(deadLetter?.deadLetterReason).toBe('invalid-request');
    expect(deadLetter?.pinterestMessage).toContain('language');
    expect(await harness.reporter.outbox.counts()).toEqual({
      pending: 0,
      'in-flight': 0,
      delivered: 4,
      'dead-letter': 1,
    });

    const requests = requestEventIds(fake).map((ids) => ids.join(','));
    expect(new Set(requests).size).toBe(requests.length);
    expect(fake.requests()[0]?.status).toBe(400);
  });

  it('invalid and too-old events are dead-lettered before sending', async () => {
    const { fake, harness } = await setUp();
    const good = await reportOrders(harness, 2);
    const now = harness.clock.now();
    const invalid = { ...(await buildCapiEvent(checkoutInput(80), now)), event_name: 'purchase' };
    const tooOld = await buildCapiEvent(checkoutInput(81), now - 8 * 86_400_000);
    await harness.reporter.outbox.enqueue(fake.adAccountId, invalid as never, now);
    await harness.reporter.outbox.enqueue(fake.adAccountId, tooOld, now);

    await deliverUntilSettled(harness);

    expectEachProcessedOnce(fake, good);
    expect(requestEventIds(fake)).toEqual([good]);
    const reasons = Object.fromEntries(
      (await harness.reporter.outbox.deadLetters()).map((record) => [record.eventId, record]),
    );
    expect(reasons[invalid.event_id]?.deadLetterReason).toBe('invalid');
    expect(reasons[invalid.event_id]?.pinterestMessage).toContain('event_name');
    expect(reasons[tooOld.event_id]?.deadLetterReason).toBe('too-old');
    expect(reasons[tooOld.event_id]?.pinterestMessage).toContain('8 days old');
  });

  it('late events are delivered, logged and counted', async () => {
    const { fake, harness } = await setUp();
    const twoHoursAgo = harness.clock.now() - 2 * 3_600_000;
    const late = (
      await harness.reporter.report(checkoutInput(70, { eventTime: twoHoursAgo }), grantedContext())
    ).eventId;
    const onTime = await reportOrders(harness, 1);

    await deliverUntilSettled(harness);

    expectEachProcessedOnce(fake, [late, ...onTime]);
    expect(harness.reporter.dispatcher.stats().late).toBe(1);
    const [entry] = harness.captured.find('late events');
    expect(entry?.eventIds).toEqual([late]);
  });
});

describe('credentials refused', () => {
  it('401 pauses delivery, keeps every event, and a fixed token delivers them', async () => {
    const { fake, harness, outboxPath } = await setUp({}, { conversionToken: 'revoked-token-value-123' });
    const eventIds = await reportOrders(harness);

    await harness.reporter.dispatcher.drain();
    expect(fake.requests().map((request) => request.status)).toEqual([401]);
    expect(await harness.reporter.outbox.counts()).toMatchObject({ pending: ORDER_COUNT, 'dead-letter': 0 });
    const [paused] = harness.captured.find('DELIVERY PAUSED');
    expect(paused?.level).toBe(50);
    expect(paused?.status).toBe(401);
    expect(harness.reporter.dispatcher.stats().paused).toHaveLength(1);

    harness.clock.advance(60_000);
    await harness.reporter.dispatcher.drain();
    expect(fake.requests()).toHaveLength(1);

    harness.clock.advance(900_000);
    await harness.reporter.dispatcher.drain();
    expect(fake.requests()).toHaveLength(2);

    await harness.reporter.shutdown({ timeoutMs: 1000 });
    const fixed = createDeliveryHarness(fake, outboxPath);
    harnesses.push(fixed);
    await deliverUntilSettled(fixed);
    expectEachProcessedOnce(fake, eventIds);
  });

  it('403 pauses delivery until resume()', async () => {
    pinterest = await startFakePinterest();
    const refusing = await startFakePinterest({
      accounts: [{ adAccountId: '549700000099', conversionToken: pinterest.conversionToken }],
    });
    extraFakes.push(refusing);
    tempDir = createTempDir();
    let refused = true;
    const fake = pinterest;
    const harness = createDeliveryHarness(fake, `${tempDir.path}/outbox.sqlite`, {
      pinterest: {
        adAccountId: fake.adAccountId,
        conversionToken: fake.conversionToken,
        baseUrl: 'http://pinterest.invalid/v5',
        // Routes to a fake that refuses the account until the test grants access.
        fetch: (url, init) =>
          fetch(String(url).replace('http://pinterest.invalid', refused ? refusing.url : fake.url), init),
      },
    });
    harnesses.push(harness);
    const eventIds = await reportOrders(harness);

    await harness.reporter.dispatcher.drain();
    expect(refusing.requests().map((request) => request.status)).toEqual([403]);
    expect(harness.captured.find('DELIVERY PAUSED')[0]?.status).toBe(403);
    expect((await harness.reporter.outbox.counts()).pending).toBe(ORDER_COUNT);

    refused = false;
    await harness.reporter.dispatcher.drain();
    expect(fake.requests()).toHaveLength(0);

    harness.reporter.resume();
    await deliverUntilSettled(harness);
    expectEachProcessedOnce(fake, eventIds);
    expect(harness.captured.find('Delivery resumed')).toHaveLength(1);
  });
});

describe('batching', () => {
  it('sends at most 1000 events per request', async () => {
    const { fake, harness } = await setUp();
    const eventIds = await reportOrders(harness, 2100);

    await deliverUntilSettled(harness);

    expect(requestEventIds(fake).map((ids) => ids.length)).toEqual([1000, 1000, 100]);
    expectEachProcessedOnce(fake, eventIds);
  });
});
