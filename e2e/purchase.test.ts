// One shopper from a Pinterest ad to a paid order: each browser action reaches the tag and PostHog
// under one event id, and the order is counted once by Pinterest and once by PostHog. The tests in
// this file run in order and share the shopper, as one visit.
import { createHash } from 'node:crypto';
import { createOrderStore, type Order } from '@pinpair/example-shop';
import type { CapiLedgerEvent, ConversionRow, TagLedgerEvent } from '@pinpair/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, SHOPPER_USER_AGENT, startHarness } from './support/harness.js';
import { ADA, type Shopper } from './support/shopper.js';
import { waitFor } from './support/wait.js';

const EPIK = 'dj0yJnU9UHVyY2hhc2VUZXN0JnA9MSZuPWJLZkdpJnQ9QUFBQUFHYzFUQkE';
const SHOPPER_IP = '203.0.113.20';

/** PostHog's e-commerce name of each Pinterest event the shop's pages send. */
const POSTHOG_NAMES: Record<string, string> = {
  page_visit: '$pageview',
  search: 'Products Searched',
  view_content: 'Product Viewed',
  add_to_cart: 'Product Added',
  initiate_checkout: 'Checkout Started',
  checkout: 'Order Completed',
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let harness: Harness;
let shopper: Shopper;
let order: Order;

beforeAll(async () => {
  harness = await startHarness();
  shopper = await harness.newShopper({ ip: SHOPPER_IP });
});

afterAll(async () => {
  await harness?.close();
});

function tagConversions(): TagLedgerEvent[] {
  return harness.pinterest.ledger
    .events()
    .filter((event): event is TagLedgerEvent => event.channel === 'tag' && event.eventName !== undefined);
}

function capiEvents(): CapiLedgerEvent[] {
  return harness.pinterest.ledger
    .events()
    .filter((event): event is CapiLedgerEvent => event.channel === 'capi');
}

/** Waits until the tag and posthog-js both sent an event of this name. */
async function waitForBothCopies(eventName: string): Promise<void> {
  const beacon = await waitFor(
    () =>
      tagConversions()
        .filter((candidate) => candidate.eventName === eventName)
        .at(-1),
    {
      description: `the ${eventName} tag beacon`,
    },
  );
  await waitFor(
    () =>
      harness.posthog
        .received()
        .find((capture) => capture.uuid === beacon.eventId && capture.library === 'web'),
    { description: `the PostHog copy of ${eventName}` },
  );
}

function checkoutRows(): ConversionRow[] {
  return harness.pinterest.ledger.report().conversions.filter((row) => row.eventName === 'checkout');
}

describe('a shopper from a Pinterest ad', () => {
  it('shares one event id per action between tag and PostHog', async () => {
    // Each step waits for its page's events, as a shopper who reads the page gives them time to
    // leave before clicking on.
    await shopper.visit(`/?epik=${EPIK}`);
    await shopper.chooseConsent('accept');
    await waitForBothCopies('page_visit');
    await shopper.search('mug');
    await waitForBothCopies('search');
    await shopper.addToCart('organic-cotton-tee', 'Navy / M', 2);
    await waitForBothCopies('add_to_cart');

    const expectedNames = ['page_visit', 'page_visit', 'search', 'page_visit', 'view_content', 'add_to_cart'];
    const beacons = tagConversions();
    expect(beacons.map((beacon) => beacon.eventName)).toEqual(expectedNames);
    expect(new Set(beacons.map((beacon) => beacon.eventId)).size).toBe(expectedNames.length);

    const distinctId = await shopper.postHogDistinctId();
    expect(distinctId).toBeTruthy();
    for (const beacon of beacons) {
      expect(beacon.clientAddress).toBe(SHOPPER_IP);
      // The browser's copy specifically: the server sends its own copy of the add to cart, which may arrive first.
      const browserCopy = await waitFor(
        () =>
          harness.posthog
            .received()
            .find((capture) => capture.uuid === beacon.eventId && capture.library === 'web'),
        { description: `the PostHog copy of ${beacon.eventName} ${beacon.eventId}` },
      );
      expect(browserCopy.event).toBe(POSTHOG_NAMES[beacon.eventName ?? '']);
      expect(browserCopy.properties.event_id).toBe(beacon.eventId);
      expect(browserCopy.distinctId).toBe(distinctId);
      expect(browserCopy.sourceAddress).toBe(SHOPPER_IP);
      expect(harness.posthog.events().filter((event) => event.uuid === beacon.eventId)).toHaveLength(1);
    }

    const addToCart = beacons.at(-1);
    expect(addToCart?.payload.ed).toMatchObject({
      value: '58.00',
      currency: 'USD',
      line_items: [{ product_id: 'TEE-NAVY-M', product_price: '29.00', product_quantity: 2 }],
    });
    const productAdded = harness.posthog.events().find((event) => event.uuid === addToCart?.eventId);
    expect(productAdded?.properties).toMatchObject({
      value: 58,
      currency: 'USD',
      products: [{ product_id: 'TEE-NAVY-M', price: 29, quantity: 2 }],
    });
  });

  it('pairs add to cart with its server copy', async () => {
    const addToCart = tagConversions().find((beacon) => beacon.eventName === 'add_to_cart');
    const capi = await waitFor(() => capiEvents().find((event) => event.eventId === addToCart?.eventId), {
      description: 'the CAPI copy of the add to cart',
    });
    expect(capi.payload).toMatchObject({
      event_name: 'add_to_cart',
      user_data: { client_ip_address: SHOPPER_IP, client_user_agent: SHOPPER_USER_AGENT, click_id: EPIK },
      custom_data: { value: '58.00', currency: 'USD', content_ids: ['TEE-NAVY-M'] },
    });

    const row = harness.pinterest.ledger
      .report()
      .conversions.find((candidate) => candidate.eventId === addToCart?.eventId);
    expect(row).toMatchObject({
      deduplicated: true,
      channels: ['tag', 'capi'],
      copies: { tag: 1, capi: 1, capiFailed: 0 },
    });

    const copies = await waitFor(
      () => {
        const received = harness.posthog.received().filter((capture) => capture.uuid === addToCart?.eventId);
        return received.length === 2 ? received : undefined;
      },
      { description: 'both PostHog copies of the add to cart' },
    );
    expect(copies.map((copy) => copy.library).sort()).toEqual(['posthog-node', 'web']);
    expect(copies.filter((copy) => copy.duplicateOf === null)).toHaveLength(1);
  });

  it('counts the paid order once', async () => {
    await shopper.addToCart('stoneware-mug', 'Slate', 1);
    const orderId = await shopper.checkout(ADA);
    const stored = createOrderStore(harness.shop.database).get(orderId);
    if (!stored) throw new Error(`Order ${orderId} is not in the shop's database.`);
    order = stored;
    expect(order).toMatchObject({ status: 'paid', reportStatus: 'queued', totalCents: 8200 });

    const row = await waitFor(
      () => {
        const rows = checkoutRows();
        return rows.length === 1 && rows[0]?.deduplicated ? rows[0] : undefined;
      },
      { description: 'one deduplicated checkout in the ledger' },
    );
    expect(row).toMatchObject({
      eventId: order.eventId,
      orderId,
      value: '82.00',
      currency: 'USD',
      actionSource: 'web',
      channels: ['tag', 'capi'],
      copies: { tag: 1, capi: 1, capiFailed: 0 },
      clickIdPresent: true,
      clientIpAddress: SHOPPER_IP,
      clientUserAgent: SHOPPER_USER_AGENT,
      problems: [],
    });
    expect(row.userDataKeys).toContain('em');
    expect([...row.contentIds].sort()).toEqual([...new Set(order.lines.map((line) => line.itemId))].sort());
    expect(await shopper.page.locator('[data-event-id]').textContent()).toBe(order.eventId);

    const tag = tagConversions().find((beacon) => beacon.eventName === 'checkout');
    expect(tag?.eventId).toBe(order.eventId);
    expect(tag?.clientAddress).toBe(SHOPPER_IP);
    expect(tag?.payload.ed).toMatchObject({
      order_id: orderId,
      value: '82.00',
      currency: 'USD',
      order_quantity: 3,
    });
  });

  it('reports the shopper, not the server, to CAPI', () => {
    const capi = capiEvents().find((event) => event.eventName === 'checkout');
    expect(capi?.eventId).toBe(order.eventId);
    expect(capi?.sourceAddress).toBe('127.0.0.1');
    expect(capi?.userAgent).not.toBe(SHOPPER_USER_AGENT);

    expect(capi?.payload).toMatchObject({
      event_name: 'checkout',
      action_source: 'web',
      event_id: order.eventId,
      user_data: {
        em: [sha256('ada.lovelace@example.com')],
        ph: [sha256('14155550100')],
        fn: [sha256('ada')],
        ln: [sha256('lovelace')],
        ct: [sha256('sanfrancisco')],
        st: [sha256('ca')],
        zp: [sha256('94103')],
        country: [sha256('us')],
        click_id: EPIK,
        client_ip_address: SHOPPER_IP,
        client_user_agent: SHOPPER_USER_AGENT,
      },
      custom_data: {
        value: '82.00',
        currency: 'USD',
        order_id: order.id,
        num_items: 3,
        content_ids: ['TEE-NAVY-M', 'MUG-SLATE'],
        contents: [
          { id: 'TEE-NAVY-M', item_price: '29.00', quantity: 2 },
          { id: 'MUG-SLATE', item_price: '24.00', quantity: 1 },
        ],
      },
    });
  });

  it('records the order once in PostHog', async () => {
    const copies = await waitFor(
      () => {
        const received = harness.posthog.received().filter((capture) => capture.event === 'Order Completed');
        return received.length === 2 ? received : undefined;
      },
      { description: 'the browser and server copies of Order Completed' },
    );
    const distinctId = await shopper.postHogDistinctId();

    const recorded = harness.posthog.events().filter((event) => event.event === 'Order Completed');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ uuid: order.eventId, distinctId });
    expect(recorded[0]?.properties).toMatchObject({
      order_id: order.id,
      value: 82,
      currency: 'USD',
      event_id: order.eventId,
    });

    for (const copy of copies) expect(copy).toMatchObject({ uuid: order.eventId, distinctId });
    const serverCopy = copies.find((copy) => copy.library === 'posthog-node');
    expect(serverCopy?.ip).toBe(SHOPPER_IP);
    expect(serverCopy?.properties.$ip).toBe(SHOPPER_IP);
  });

  it('adds no conversion on reload', async () => {
    const before = {
      ledger: harness.pinterest.ledger.events().length,
      capiRequests: harness.pinterest.requests().length,
      posthog: harness.posthog.received().length,
    };

    await shopper.page.reload();
    // The reload's own page visit proves that the page script ran again. Waiting for network idle
    // then gives any checkout beacon the script might send the time to go out.
    await waitFor(
      () =>
        tagConversions().find((beacon) => beacon.seq > before.ledger && beacon.eventName === 'page_visit'),
      {
        description: 'the page visit of the reloaded confirmation page',
      },
    );
    await shopper.page.waitForLoadState('networkidle');
    await harness.shop.reporter.flush();

    const newLedgerEvents = harness.pinterest.ledger.events().slice(before.ledger);
    expect(newLedgerEvents.map((event) => event.eventName ?? 'init').sort()).toEqual(['init', 'page_visit']);
    expect(harness.pinterest.requests()).toHaveLength(before.capiRequests);
    const newCaptures = harness.posthog.received().slice(before.posthog);
    expect(newCaptures.map((capture) => capture.event)).toEqual(['$pageview']);
    expect(checkoutRows()).toHaveLength(1);
    expect(checkoutRows()[0]?.copies).toEqual({ tag: 1, capi: 1, capiFailed: 0 });
    expect(await shopper.page.locator('[data-event-id]').textContent()).toBe(order.eventId);
  });
});
