// Harness for delivery tests: a reporter on a real SQLite outbox, a manual clock, and ledger checks.

import { buildConversion, type CapiEvent, type ConversionInput, toCapiEvent } from '@pinpair/core';
import type { FakePinterest } from '@pinpair/testkit';
import { createSqliteOutbox } from '../outbox/sqlite-outbox.js';
import { createReporter, type Reporter } from '../reporter/reporter.js';
import type { ReporterOptions } from '../reporter/reporter-options.js';
import {
  type CapturedLogger,
  captureLogger,
  createManualClock,
  type ManualClock,
  wakeOnlySleep,
} from './helpers.js';

/** A reporter wired for a delivery test. */
export interface DeliveryHarness {
  reporter: Reporter;
  clock: ManualClock;
  captured: CapturedLogger;
}

/** Creates a reporter on a SQLite outbox at `path`, delivering to `pinterest`, with a manual clock. */
export function createDeliveryHarness(
  pinterest: FakePinterest,
  path: string,
  overrides: Partial<ReporterOptions> & {
    conversionToken?: string;
    adAccountId?: string;
    timeoutMs?: number;
  } = {},
): DeliveryHarness {
  const clock = createManualClock();
  const captured = captureLogger();
  const { conversionToken, adAccountId, timeoutMs, ...rest } = overrides;
  const reporter = createReporter({
    pinterest: {
      adAccountId: adAccountId ?? pinterest.adAccountId,
      conversionToken: conversionToken ?? pinterest.conversionToken,
      baseUrl: pinterest.apiBaseUrl,
      timeoutMs: timeoutMs ?? 2000,
    },
    outbox: createSqliteOutbox({ path }),
    autoStart: false,
    logger: captured.logger,
    clock: clock.now,
    sleep: wakeOnlySleep,
    random: () => 0.5,
    ...rest,
  });
  return { reporter, clock, captured };
}

/**
 * Drains until nothing is pending or in flight, moving the clock to the next due attempt between
 * drains. Throws when `maxRounds` drains do not settle the outbox.
 */
export async function deliverUntilSettled(harness: DeliveryHarness, maxRounds = 20): Promise<number> {
  const { reporter, clock } = harness;
  for (let round = 1; round <= maxRounds; round += 1) {
    await reporter.dispatcher.drain();
    const pending = await reporter.outbox.snapshot({ state: 'pending' });
    const inFlight = await reporter.outbox.snapshot({ state: 'in-flight' });
    if (pending.length === 0 && inFlight.length === 0) return round;

    const nextDue = Math.min(
      ...pending.map((record) => record.nextAttemptAt),
      ...inFlight.map((record) => record.leaseExpiresAt ?? clock.now()),
    );
    clock.advance(Math.max(1, nextDue - clock.now() + 1));
  }
  throw new Error(`The outbox did not settle in ${maxRounds} drains.`);
}

/** Event ids Pinterest processed, with how often each was processed. */
export function processedCounts(pinterest: FakePinterest): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of pinterest.ledger.events()) {
    if (event.channel !== 'capi' || event.status !== 'processed' || event.eventId === undefined) continue;
    counts.set(event.eventId, (counts.get(event.eventId) ?? 0) + 1);
  }
  return counts;
}

/** Lists the event ids of each request the fake received, in order. */
export function requestEventIds(pinterest: FakePinterest): string[][] {
  return pinterest.requests().map((request) => {
    const data = (request.body as { data?: { event_id?: string }[] } | undefined)?.data ?? [];
    return data.map((event) => String(event.event_id));
  });
}

/** Builds a CAPI event the way report() does, so a test can change it before enqueueing it directly. */
export async function buildCapiEvent(input: ConversionInput, nowMs: number): Promise<CapiEvent> {
  const conversion = await buildConversion(input, { now: () => nowMs });
  return (await toCapiEvent(conversion)).event;
}
