// Child process hosting the testkit's fake Pinterest, controlled over IPC by fake-pinterest-process.mjs.

import { startFakePinterest } from '../../packages/testkit/dist/index.js';

if (process.send === undefined) {
  console.error('fake-pinterest-host.mjs runs only when forked by bench/lib/fake-pinterest-process.mjs.');
  process.exit(2);
}

const fake = await startFakePinterest();

/**
 * Commands the parent may send. Each returns a JSON-serializable value.
 *
 * @type {Record<string, (argument: unknown) => unknown | Promise<unknown>>}
 */
const commands = {
  // Event ids of CAPI events the fake processed (failed events excluded), in order of arrival.
  processedEventIds: () =>
    fake.ledger
      .events()
      .filter((event) => event.channel === 'capi' && event.status === 'processed')
      .map((event) => event.eventId),
  // Counts of CAPI events by status, and the number of requests to the events endpoint.
  counts: () => {
    const capi = fake.ledger.events().filter((event) => event.channel === 'capi');
    return {
      processed: capi.filter((event) => event.status === 'processed').length,
      failed: capi.filter((event) => event.status !== 'processed').length,
      requests: fake.requests().length,
    };
  },
  // The ledger and the request log grow with every event; clearing them between runs keeps each
  // run's cost in the fake the same.
  reset: async () => {
    fake.ledger.clear();
    fake.faults.clear();
    const response = await fetch(`${fake.url}/_testkit/requests`, { method: 'DELETE' });
    if (response.status !== 204) {
      throw new Error(`DELETE /_testkit/requests responded with status ${response.status}, expected 204`);
    }
  },
  // The fake responds to every events request with 503 (code 4197) until `endOutage`.
  startOutage: () => fake.faults.failNext(Number.MAX_SAFE_INTEGER, { status: 503 }),
  endOutage: () => fake.faults.clear(),
  cpuUsage: () => process.cpuUsage(),
};

process.on('message', async (/** @type {{ id: number, command: string, argument?: unknown }} */ message) => {
  const handler = commands[message.command];
  try {
    if (handler === undefined) {
      throw new Error(`unknown command ${JSON.stringify(message.command)}`);
    }
    process.send?.({ id: message.id, ok: true, value: await handler(message.argument) });
  } catch (error) {
    process.send?.({ id: message.id, ok: false, error: /** @type {Error} */ (error).message });
  }
});

// The parent closing the IPC channel (or exiting) ends the fake.
process.on('disconnect', () => {
  fake.close().finally(() => process.exit(0));
});

process.send({
  type: 'ready',
  url: fake.url,
  apiBaseUrl: fake.apiBaseUrl,
  adAccountId: fake.adAccountId,
  conversionToken: fake.conversionToken,
});
