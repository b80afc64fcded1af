// The shop on a phone 390 px wide: no page of a purchase scrolls sideways or cuts content off at the
// right edge, and the confirmation's event id wraps. Saves phone screenshots in e2e/test-results/.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.js';
import { ADA } from './support/shopper.js';

const ARTIFACTS_DIR = fileURLToPath(new URL('./test-results/', import.meta.url));

/** An iPhone 14's viewport in CSS pixels. */
const PHONE = { width: 390, height: 844 };

let harness: Harness;

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

/** Measures how the page fits the viewport: the document's width and every visible element past the right edge. */
function measure(page: Page) {
  return page.evaluate(() => {
    const viewportWidth = document.documentElement.clientWidth;
    const overflowing = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        const visible = box.width > 0 && box.height > 0 && getComputedStyle(element).opacity !== '0';
        return visible && box.right > viewportWidth + 0.5;
      })
      .map(
        (element) =>
          `${element.tagName.toLowerCase()}.${element.className} ends at ${Math.round(element.getBoundingClientRect().right)} px`,
      );
    return { viewportWidth, documentWidth: document.documentElement.scrollWidth, overflowing };
  });
}

/** Saves a full-page screenshot as `phone-<name>.png` and asserts that the page fits the phone. */
async function expectFits(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS_DIR}phone-${name}.png`, fullPage: true });
  const fit = await measure(page);

  expect(fit.viewportWidth, `${name}: viewport`).toBe(PHONE.width);
  expect(fit.overflowing, `${name}: elements past the right edge`).toEqual([]);
  expect(fit.documentWidth, `${name}: document width`).toBeLessThanOrEqual(PHONE.width);
}

describe('shop on a phone', () => {
  it('fits every page of a purchase', async () => {
    const shopper = await harness.newShopper({ ip: '203.0.113.60', viewport: PHONE });
    const { page } = shopper;

    await shopper.visit('/?epik=dj0yJnU9UGhvbmVMYXlvdXQmcD0xJm49YktmR2kmdD1BQUFBQUdjMVRCQQ');
    await expectFits(page, 'home');
    await shopper.chooseConsent('accept');

    await shopper.addToCart('organic-cotton-tee', 'Navy / M', 2);
    await expectFits(page, 'product');
    await shopper.addToCart('terracotta-planter', 'Small (12 cm)', 1);

    await shopper.visit('/cart');
    await expectFits(page, 'cart');

    await shopper.visit('/checkout');
    await expectFits(page, 'checkout');

    await shopper.checkout(ADA);
    await expectFits(page, 'confirmation');
    const eventId = page.locator('[data-event-id]');
    const clipped = await eventId.evaluate((element) => element.scrollWidth > element.clientWidth);
    expect(clipped).toBe(false);
    expect(await eventId.textContent()).toMatch(/^[0-9a-f-]{36}$/);
  });
});
