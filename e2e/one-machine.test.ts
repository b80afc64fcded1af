// Runs the demo's setup: shop, browser and fakes on one machine with no proxy, so the shopper's
// address is 127.0.0.1, the shop's own address too. The dedup report must still show no problems.

import { createOrderStore } from '@pinpair/example-shop';
import type { CapiLedgerEvent, ConversionRow } from '@pinpair/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.js';
import { ADA } from './support/shopper.js';
import { waitFor } from './support/wait.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ forwardedFor: false });
});

afterAll(async () => {
  await harness?.close();
});

/** Rows of the report that have a CAPI copy: the ones the shop's server reported. */
function serverReportedRows(): ConversionRow[] {
  return harness.pinterest.ledger.report().conversions.filter((row) => row.channels.includes('capi'));
}

describe('demo on one machine', () => {
  it('reports the order without problems', async () => {
    const shopper = await harness.newShopper({});
    await shopper.visit('/?epik=demo-click-id');
    await shopper.chooseConsent('accept');
    await shopper.addToCart('linen-apron', 'Rust', 1);
    const orderId = await shopper.checkout(ADA);
    const order = createOrderStore(harness.shop.database).get(orderId);

    const rows = await waitFor(
      () => {
        const found = serverReportedRows();
        return found.length === 2 && found.every((row) => row.deduplicated) ? found : undefined;
      },
      { description: 'the add to cart and the checkout deduplicated in the ledger' },
    );
    expect(rows.map((row) => row.eventName)).toEqual(['add_to_cart', 'checkout']);
    expect(rows.map((row) => row.problems)).toEqual([[], []]);
    expect(rows[1]?.eventId).toBe(order?.eventId);

    const capi = harness.pinterest.ledger
      .events()
      .find((event): event is CapiLedgerEvent => event.channel === 'capi' && event.eventName === 'checkout');
    if (!capi) throw new Error('The ledger has no CAPI checkout.');
    const userData = (capi.payload as { user_data?: Record<string, unknown> }).user_data;
    expect(userData?.client_ip_address).toBe('127.0.0.1');
    expect(capi.sourceAddress).toBe('127.0.0.1');
    expect(userData?.click_id).toBe('demo-click-id');
  });
});
