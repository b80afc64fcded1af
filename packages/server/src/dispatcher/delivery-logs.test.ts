// Tests that the dispatcher's delivery logs state what happened: rejections, retry delays and shutdown.

import { type FakePinterest, type FakePinterestOptions, startFakePinterest } from '@pinpair/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryHarness, type DeliveryHarness } from '../__tests__/delivery-harness.js';
import { checkoutInput, createTempDir, grantedContext } from '../__tests__/helpers.js';

let pinterest: FakePinterest | undefined;
let harness: DeliveryHarness | undefined;
let tempDir: ReturnType<typeof createTempDir> | undefined;

afterEach(async () => {
  await harness?.reporter.shutdown({ timeoutMs: 1000 });
  await pinterest?.close();
  tempDir?.remove();
  harness = undefined;
  pinterest = undefined;
  tempDir = undefined;
});

async function setUp(
  fakeOptions: FakePinterestOptions = {},
  harnessOptions: Parameters<typeof createDeliveryHarness>[2] = {},
): Promise<{ fake: FakePinterest; harness: DeliveryHarness }> {
  pinterest = await startFakePinterest(fakeOptions);
  tempDir = createTempDir();
  harness = createDeliveryHarness(pinterest, `${tempDir.path}/outbox.sqlite`, harnessOptions);
  return { fake: pinterest, harness };
}

describe('delivery logs', () => {
  it('fully rejected batch is not delivered', async () => {
    const { harness } = await setUp({ maxAgeDays: 1 });
    const twoDaysAgo = harness.clock.now() - 2 * 86_400_000;
    const { eventId } = await harness.reporter.report(
      checkoutInput(1, { eventTime: twoDaysAgo }),
      grantedContext(),
    );

    await harness.reporter.dispatcher.drain();

    expect(harness.captured.find('Batch delivered')).toHaveLength(0);
    const [sent] = harness.captured.find('Batch sent; Pinterest rejected every event');
    expect(sent).toMatchObject({ delivered: 0, rejected: 1, eventIds: [] });
    expect((await harness.reporter.outbox.deadLetters())[0]?.eventId).toBe(eventId);
  });

  it('partly rejected batch', async () => {
    const { harness } = await setUp({ maxAgeDays: 1 });
    const twoDaysAgo = harness.clock.now() - 2 * 86_400_000;
    const fresh = await harness.reporter.report(checkoutInput(2), grantedContext());
    await harness.reporter.report(checkoutInput(3, { eventTime: twoDaysAgo }), grantedContext());

    await harness.reporter.dispatcher.drain();

    const [sent] = harness.captured.find('Pinterest processed some events and rejected the others');
    expect(sent).toMatchObject({ delivered: 1, rejected: 1, eventIds: [fresh.eventId] });
    expect(harness.captured.find('Batch delivered')).toHaveLength(0);
  });

  it('retry delay apart from Retry-After', async () => {
    // With random 0.5, the first backoff is 0.5 × 20 s = 10 s, longer than the 3 s that
    // Retry-After requests.
    const { fake, harness } = await setUp({}, { dispatcher: { baseBackoffMs: 20_000 } });
    await harness.reporter.report(checkoutInput(4), grantedContext());
    fake.faults.failNext(1, { status: 429, retryAfterSeconds: 3 });
    const start = harness.clock.now();

    await harness.reporter.dispatcher.drain();

    const [retry] = harness.captured.find('Batch failed temporarily; retrying with the same event ids');
    expect(retry).toMatchObject({ delayMs: 10_000, retryAfterMs: 3000 });
    expect(retry?.error).toContain('Retry-After asks to wait 3 s before sending again.');
    expect(retry?.error).not.toMatch(/retries after/);
    const [pending] = await harness.reporter.outbox.snapshot({ state: 'pending' });
    expect(pending?.nextAttemptAt).toBe(start + 10_000);
  });

  it('timeout during shutdown stays queued', async () => {
    const { fake, harness } = await setUp({}, { timeoutMs: 100 });
    await harness.reporter.report(checkoutInput(5), grantedContext());
    fake.faults.failNext(1, { kind: 'hang' });

    const summary = await harness.reporter.shutdown({ timeoutMs: 5000 });

    expect(summary.outbox?.pending).toBe(1);
    const [failure] = harness.captured.find('during shutdown; it stays queued for the next start');
    expect(failure?.error).toContain('TimeoutError');
    expect(harness.captured.find('retrying with the same event ids')).toHaveLength(0);
  });

  it('shutdown deadline abandons the request', async () => {
    const { fake, harness } = await setUp({}, { timeoutMs: 30_000, sleep: undefined });
    await harness.reporter.report(checkoutInput(6), grantedContext());
    fake.faults.failNext(1, { kind: 'hang' });

    const summary = await harness.reporter.shutdown({ timeoutMs: 200 });

    expect(summary.timedOut).toBe(true);
    expect(harness.captured.find('Batch abandoned at the shutdown deadline')).toHaveLength(1);
    expect(harness.captured.lines.join('\n')).not.toContain('timed out');
  });
});
