// Consent choices: a shopper who denies advertising but allows analytics reaches PostHog and not
// Pinterest, and a shopper who withdraws analytics stops reaching PostHog until they grant it again.
import { createOrderStore } from '@pinpair/example-shop';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.js';
import { ADA } from './support/shopper.js';
import { waitFor } from './support/wait.js';

const EPIK = 'dj0yJnU9Q29uc2VudFRlc3QmcD0xJm49YktmR2kmdD1BQUFBQUdjMVRCQQ';
const SHOPPER_IP = '203.0.113.30';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('advertising consent denied', () => {
  it('sends nothing to Pinterest', async () => {
    const shopper = await harness.newShopper({ ip: SHOPPER_IP });
    await shopper.visit(`/?epik=${EPIK}`);
    await shopper.chooseConsent({ advertising: false, analytics: true });
    await shopper.addToCart('linen-apron', 'Rust', 1);
    const orderId = await shopper.checkout(ADA);

    const copies = await waitFor(
      () => {
        const received = harness.posthog.received().filter((capture) => capture.event === 'Order Completed');
        return received.length === 2 ? received : undefined;
      },
      { description: 'the browser and server copies of Order Completed' },
    );
    await shopper.page.waitForLoadState('networkidle');
    await harness.shop.reporter.flush();

    expect(shopper.requests.filter((url) => url.startsWith(harness.pinterest.url))).toEqual([]);
    expect(await shopper.cookie('_epik')).toBeUndefined();
    expect(harness.pinterest.ledger.events()).toEqual([]);
    expect(harness.pinterest.requests()).toEqual([]);

    const order = createOrderStore(harness.shop.database).get(orderId);
    expect(order).toMatchObject({ status: 'paid', reportStatus: 'skipped' });
    expect(order?.shopper.clickId).toBeUndefined();
    expect(order?.shopper.consent).toEqual({ advertising: 'denied', analytics: 'granted' });

    const distinctId = await shopper.postHogDistinctId();
    expect(distinctId).toBeTruthy();
    const recorded = harness.posthog.events().filter((event) => event.event === 'Order Completed');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ uuid: order?.eventId, distinctId });
    expect(copies.map((copy) => copy.library).sort()).toEqual(['posthog-node', 'web']);
  });

  it('stops PostHog while analytics is withdrawn', async () => {
    const shopper = await harness.newShopper({ ip: '203.0.113.31' });
    const postHogRequests = (from: number) =>
      shopper.requests.slice(from).filter((url) => url.startsWith(harness.posthog.url));
    await shopper.visit('/');
    await shopper.chooseConsent('accept');
    const firstDistinctId = await waitFor(() => shopper.postHogDistinctId(), {
      description: 'the posthog-js cookie',
    });

    await shopper.setPrivacyChoices({ advertising: true, analytics: false });
    expect(await shopper.postHogDistinctId()).toBeUndefined();

    const withdrawnFrom = shopper.requests.length;
    await shopper.visit('/products/canvas-tote');
    await waitFor(
      () => harness.pinterest.ledger.events().find((event) => event.eventName === 'view_content'),
      {
        description: 'the view_content beacon, which shows the page script ran',
      },
    );
    await shopper.page.waitForLoadState('networkidle');
    expect(postHogRequests(withdrawnFrom)).toEqual([]);
    expect(await shopper.postHogDistinctId()).toBeUndefined();

    await shopper.setPrivacyChoices({ advertising: true, analytics: true });
    await shopper.visit('/products/merino-throw');
    const viewed = await harness.posthog.waitForEvent(
      (event) =>
        event.event === 'Product Viewed' && JSON.stringify(event.properties.products).includes('THROW-OAT'),
    );
    expect(viewed.distinctId).toBe(await shopper.postHogDistinctId());
    expect(viewed.distinctId).not.toBe(firstDistinctId);
  });
});
