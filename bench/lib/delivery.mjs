// The two delivery paths compared: the dispatcher draining an outbox, and one event per request.

import { coreShare, cpuMicrosecondsPerEvent } from './cpu.mjs';
import { elapsedMs } from './measure.mjs';
import { recordWindow } from './profile-windows.mjs';

/**
 * @typedef {object} DeliveryRun
 * @property {number} eventsPerSecond events the fake processed per second of wall time
 * @property {number} elapsedMs
 * @property {number} requests HTTP requests sent to the fake
 * @property {number} benchCoreShare share of a core the benchmark process used (1 = one core busy)
 * @property {number} fakeCoreShare share of a core the fake's process used
 * @property {number} benchCpuMicrosecondsPerEvent CPU time of the benchmark process per event
 * @property {number} fakeCpuMicrosecondsPerEvent CPU time of the fake's process per event
 */

/**
 * Enqueues `events` into a new SQLite outbox at `outboxPath` (not timed), then times one
 * `drain()` of a new dispatcher: claims of up to 1000 events, requests to the fake, and marking
 * each entry delivered. Throws unless every event was delivered.
 *
 * @param {any} server the `@pinpair/server` module
 * @param {{ client: any, events: any[], outboxPath: string, fake: import('./fake-pinterest-process.mjs').FakePinterestProcess }} setup
 * @returns {Promise<DeliveryRun>}
 */
export async function deliverThroughDispatcher(server, { client, events, outboxPath, fake }) {
  const outbox = server.createSqliteOutbox({ path: outboxPath });
  try {
    const enqueuedAt = Date.now();
    for (const event of events) {
      await outbox.enqueue(client.adAccountId, event, enqueuedAt);
    }
    const dispatcher = server.createDispatcher({ outbox, clients: [client] });

    const fakeStart = await fake.cpuUsage();
    const benchStart = process.cpuUsage();
    const startNs = process.hrtime.bigint();
    const summary = await dispatcher.drain();
    const elapsed = elapsedMs(startNs);
    recordWindow('batched', startNs);
    const benchEnd = process.cpuUsage();
    const fakeEnd = await fake.cpuUsage();

    const stats = dispatcher.stats();
    if (stats.delivered !== events.length || stats.deadLettered !== 0) {
      throw new Error(
        `the dispatcher delivered ${stats.delivered} and dead-lettered ${stats.deadLettered} of ${events.length} events`,
      );
    }
    await dispatcher.shutdown({ timeoutMs: 1000 });

    return {
      eventsPerSecond: (events.length / elapsed) * 1000,
      elapsedMs: elapsed,
      requests: summary.batches,
      benchCoreShare: coreShare(benchStart, benchEnd, elapsed),
      fakeCoreShare: coreShare(fakeStart, fakeEnd, elapsed),
      benchCpuMicrosecondsPerEvent: cpuMicrosecondsPerEvent(benchStart, benchEnd, events.length),
      fakeCpuMicrosecondsPerEvent: cpuMicrosecondsPerEvent(fakeStart, fakeEnd, events.length),
    };
  } finally {
    await outbox.close();
  }
}

/**
 * Times sending `events` one per request, one request at a time, through the same Pinterest
 * client the dispatcher uses (same fetch, same keep-alive connection pool, same response parsing),
 * so the only difference from the dispatcher is the batch size. Throws on a failed event.
 *
 * @param {{ client: any, events: any[], fake: import('./fake-pinterest-process.mjs').FakePinterestProcess }} setup
 * @returns {Promise<DeliveryRun>}
 */
export async function deliverOneEventPerRequest({ client, events, fake }) {
  const fakeStart = await fake.cpuUsage();
  const benchStart = process.cpuUsage();
  const startNs = process.hrtime.bigint();
  for (const event of events) {
    const result = await client.sendEvents([event]);
    if (result.failedEvents.length > 0) {
      throw new Error(`the fake rejected event ${event.event_id}: ${result.failedEvents[0].errorMessage}`);
    }
  }
  const elapsed = elapsedMs(startNs);
  recordWindow('one-per-request', startNs);
  const benchEnd = process.cpuUsage();
  const fakeEnd = await fake.cpuUsage();

  return {
    eventsPerSecond: (events.length / elapsed) * 1000,
    elapsedMs: elapsed,
    requests: events.length,
    benchCoreShare: coreShare(benchStart, benchEnd, elapsed),
    fakeCoreShare: coreShare(fakeStart, fakeEnd, elapsed),
    benchCpuMicrosecondsPerEvent: cpuMicrosecondsPerEvent(benchStart, benchEnd, events.length),
    fakeCpuMicrosecondsPerEvent: cpuMicrosecondsPerEvent(fakeStart, fakeEnd, events.length),
  };
}
