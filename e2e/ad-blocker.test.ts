// A shopper whose ad blocker stops the Pinterest tag script: the Conversions API still delivers the
// order, with the click id pinpair stored itself, and Pinterest counts it once.
import { createOrderStore } from '@pinpair/example-shop';
import type { CapiLedgerEvent } from '@pinpair/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.js';
import { ADA } from './support/shopper.js';
import { waitFor } from './support/wait.js';

const EPIK = 'dj0yJnU9QmxvY2tlZFRhZyZwPTEmbj1iS2ZHaSZ0PUFBQUFBR2MxVEJB';
const SHOPPER_IP = '203.0.113.40';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('tag script blocked', () => {
  it('delivers the order through CAPI alone', async () => {
    const shopper = await harness.newShopper({ ip: SHOPPER_IP, blockTagScript: true });
    await shopper.visit(`/?epik=${EPIK}`);
    await shopper.chooseConsent('accept');
    await shopper.addToCart('merino-throw', 'Charcoal', 1);
    const orderId = await shopper.checkout(ADA);
    const order = createOrderStore(harness.shop.database).get(orderId);

    const row = await waitFor(
      () =>
        harness.pinterest.ledger.report().conversions.find((candidate) => candidate.eventName === 'checkout'),
      { description: 'the checkout in the ledger' },
    );
    await shopper.page.waitForLoadState('networkidle');
    await harness.shop.reporter.flush();

    expect(shopper.requests).toContain(harness.pinterest.tagScriptUrl);
    expect(shopper.requests.filter((url) => url.startsWith(`${harness.pinterest.url}/v3/`))).toEqual([]);
    expect(harness.pinterest.ledger.events().filter((event) => event.channel === 'tag')).toEqual([]);

    const checkouts = harness.pinterest.ledger
      .report()
      .conversions.filter((candidate) => candidate.eventName === 'checkout');
    expect(checkouts).toHaveLength(1);
    expect(row).toMatchObject({
      eventId: order?.eventId,
      orderId,
      channels: ['capi'],
      copies: { tag: 0, capi: 1, capiFailed: 0 },
      deduplicated: false,
      clickIdPresent: true,
    });

    const capi = harness.pinterest.ledger
      .events()
      .find((event): event is CapiLedgerEvent => event.channel === 'capi' && event.eventName === 'checkout');
    expect(capi?.payload).toMatchObject({ user_data: { click_id: EPIK, client_ip_address: SHOPPER_IP } });
    expect(harness.posthog.events().filter((event) => event.event === 'Order Completed')).toHaveLength(1);
  });
});
