// The testkit's dedup report shows the shop's order as one deduplicated conversion. Saves
// screenshots of the shop and the report in e2e/test-results/ for people to look at.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createOrderStore } from '@pinpair/example-shop';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.js';
import { ADA } from './support/shopper.js';
import { waitFor } from './support/wait.js';

const ARTIFACTS_DIR = fileURLToPath(new URL('./test-results/', import.meta.url));
const SHOPPER_IP = '203.0.113.50';

let harness: Harness;

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('dedup report', () => {
  it('shows the deduplicated order', async () => {
    const shopper = await harness.newShopper({ ip: SHOPPER_IP });
    const { page } = shopper;
    await shopper.visit('/?epik=dj0yJnU9UmVwb3J0VGVzdCZwPTEmbj1iS2ZHaSZ0PUFBQUFBR2MxVEJB');
    await page.screenshot({ path: `${ARTIFACTS_DIR}shop-home.png` });
    await shopper.chooseConsent('accept');

    await shopper.addToCart('terracotta-planter', 'Small (12 cm)', 2);
    await page.screenshot({ path: `${ARTIFACTS_DIR}shop-product.png` });
    await shopper.visit('/cart');
    await page.screenshot({ path: `${ARTIFACTS_DIR}shop-cart.png` });
    const orderId = await shopper.checkout(ADA);
    await page.screenshot({ path: `${ARTIFACTS_DIR}shop-confirmation.png`, fullPage: true });
    const order = createOrderStore(harness.shop.database).get(orderId);

    await waitFor(
      () =>
        harness.pinterest.ledger
          .report()
          .conversions.find((row) => row.orderId === orderId && row.deduplicated),
      { description: 'the deduplicated checkout in the ledger' },
    );

    await page.goto(harness.pinterest.reportUrl);
    const row = page.locator('tr.conversion', { hasText: orderId });
    await expect(row.getAttribute('data-deduplicated')).resolves.toBe('true');
    const text = await row.textContent();
    expect(text).toContain('checkout');
    expect(text).toContain(order?.eventId);
    expect(text).toContain('44.00 USD');
    expect(text).toContain('tag ×1, CAPI ×1');
    expect(await page.locator('[data-figure="deduplicated"]').textContent()).not.toBe('0');
    await page.screenshot({ path: `${ARTIFACTS_DIR}dedup-report.png`, fullPage: true });
  });
});
