// posthog-node 5.74 pointed at the fake PostHog: batch endpoint, gzip, capture v1 mode and uuid dedup.

import { PostHog } from 'posthog-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type FakePostHog, startFakePostHog } from './fake-posthog.js';

const ORDER_UUID = '6f1c2a3b-4d5e-5f60-8a7b-9c0d1e2f3a4b';

let posthog: FakePostHog | undefined;

afterEach(async () => {
  await posthog?.close();
  delete process.env.POSTHOG_CAPTURE_MODE;
});

function client(fake: FakePostHog, options: ConstructorParameters<typeof PostHog>[1] = {}): PostHog {
  return new PostHog(fake.apiKey, {
    host: fake.url,
    flushAt: 1,
    flushInterval: 0,
    fetchRetryCount: 0,
    ...options,
  });
}

describe('posthog-node against the fake', () => {
  it('records a capture with uuid, distinct id and $ip through /batch/ with gzip', async () => {
    posthog = await startFakePostHog();
    const node = client(posthog);

    node.capture({
      distinctId: 'shopper-1',
      event: 'Order Completed',
      uuid: ORDER_UUID,
      properties: { event_id: 'evt-1001', $ip: '203.0.113.7', value: 116, currency: 'USD' },
    });
    await node.shutdown();

    const [order] = posthog.events();
    expect(order?.uuid).toBe(ORDER_UUID);
    expect(order?.event).toBe('Order Completed');
    expect(order?.distinctId).toBe('shopper-1');
    expect(order?.ip).toBe('203.0.113.7');
    expect(order?.properties.event_id).toBe('evt-1001');
    expect(order?.library).toBe('posthog-node');
    expect(order?.apiKey).toBe(posthog.apiKey);
    expect(order?.endpoint).toBe('/batch/');
    expect(order?.encoding).toBe('gzip');
    expect(order?.sourceAddress).toBe('127.0.0.1');
  });

  it('records an uncompressed capture', async () => {
    posthog = await startFakePostHog();
    const node = client(posthog, { disableCompression: true });

    node.capture({ distinctId: 'shopper-1', event: 'Product Added', uuid: ORDER_UUID });
    await node.shutdown();

    expect(posthog.events().map((event) => [event.event, event.encoding])).toEqual([
      ['Product Added', 'json'],
    ]);
  });

  it('records captures sent in capture v1 mode', async () => {
    process.env.POSTHOG_CAPTURE_MODE = 'v1';
    posthog = await startFakePostHog({ apiKey: 'phc_v1_key' });
    const node = client(posthog);

    node.capture({
      distinctId: 'shopper-2',
      event: 'Order Completed',
      uuid: ORDER_UUID,
      properties: { $ip: '198.51.100.4' },
    });
    await node.shutdown();

    const [order] = posthog.events();
    expect(order?.endpoint).toBe('/i/v1/analytics/events');
    expect(order?.uuid).toBe(ORDER_UUID);
    expect(order?.distinctId).toBe('shopper-2');
    expect(order?.ip).toBe('198.51.100.4');
    expect(order?.apiKey).toBe('phc_v1_key');
  });

  it('counts the browser and server copies of one conversion once', async () => {
    posthog = await startFakePostHog();
    const node = client(posthog);
    const conversion = { distinctId: 'shopper-1', event: 'Order Completed', uuid: ORDER_UUID };

    node.capture({ ...conversion, properties: { source: 'server' } });
    node.capture({ ...conversion, properties: { source: 'retry' } });
    await node.shutdown();

    expect(posthog.events()).toHaveLength(1);
    expect(posthog.events()[0]?.properties.source).toBe('server');
    expect(posthog.received().map((event) => event.duplicateOf)).toEqual([null, 1]);
  });

  it('rejects a capture with another API key when apiKey is set', async () => {
    posthog = await startFakePostHog({ apiKey: 'phc_expected' });
    // posthog-node also prints the rejection; keep the test output readable.
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const errors: unknown[] = [];
    const node = new PostHog('phc_other', {
      host: posthog.url,
      flushAt: 1,
      flushInterval: 0,
      fetchRetryCount: 0,
    });
    node.on('error', (error) => errors.push(error));

    node.capture({ distinctId: 'shopper-1', event: 'Order Completed' });
    await node.shutdown();

    printed.mockRestore();
    expect(posthog.events()).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);
    expect(String((errors[0] as { status?: number }).status ?? errors[0])).toContain('401');
  });
});
