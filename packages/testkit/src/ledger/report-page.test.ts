// The HTML report page in real Chromium: coverage on top, one row per conversion, values escaped.

import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NOW_MS, postEvents, SHOPPER_IP, sendBeacon, validEvent } from '../__tests__/capi-fixtures.js';
import { launchChromium } from '../chromium.js';
import { type FakePinterest, startFakePinterest } from '../pinterest/fake-pinterest.js';

let browser: Browser;
let pinterest: FakePinterest;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
});

afterEach(async () => {
  await pinterest?.close();
});

describe('report page', () => {
  it('shows each conversion with channels, ids, value and problems', async () => {
    pinterest = await startFakePinterest({ now: () => NOW_MS, trustForwardedFor: true });
    await sendBeacon(
      pinterest,
      { event: 'checkout', ed: { event_id: 'evt-1001', value: 116, currency: 'USD', order_id: '1001' } },
      { forwardedFor: SHOPPER_IP },
    );
    await postEvents(pinterest, { data: [validEvent()] }, { headers: { 'user-agent': 'node' } });
    await sendBeacon(
      pinterest,
      { event: 'addtocart', ed: { event_id: 'cart-7', value: 58, currency: 'USD' } },
      { forwardedFor: SHOPPER_IP },
    );
    const page = await browser.newPage();

    await page.goto(pinterest.reportUrl);

    expect(await page.title()).toBe('pinpair testkit: dedup report');
    const rows = page.locator('tr.conversion');
    expect(await rows.count()).toBe(2);
    const paired = page.locator('tr.conversion[data-deduplicated="true"]');
    expect(await paired.locator('code').first().textContent()).toBe('evt-1001');
    expect(await paired.locator('td[data-channels]').getAttribute('data-channels')).toBe('tag capi');
    expect(await paired.textContent()).toContain('116.00 USD');
    expect(await paired.textContent()).toContain('1001');
    const lonely = page.locator('tr.conversion[data-deduplicated="false"]');
    expect(await lonely.locator('li[data-code]').getAttribute('data-code')).toBe('missing_capi');
    expect(await page.locator('[data-figure="conversions"]').textContent()).toBe('2');
    expect(await page.locator('[data-figure="deduplicated"]').textContent()).toBe('1');
    expect(await page.locator('[data-figure="capi-with-em"]').textContent()).toBe('100%');
    expect(await page.locator('[data-figure="tag-with-event-id"]').textContent()).toBe('100%');
    expect(await page.locator('#dedup-rate').textContent()).toContain('add_to_cart');
    await page.close();
  });

  it('escapes values sent by a page', async () => {
    pinterest = await startFakePinterest({ now: () => NOW_MS });
    const hostile = '<img src=x onerror="document.title=\'owned\'">';
    await sendBeacon(pinterest, { event: 'checkout', ed: { event_id: hostile, order_id: '<b>1</b>' } });
    const page = await browser.newPage();

    await page.goto(pinterest.reportUrl);

    expect(await page.locator('#conversions img').count()).toBe(0);
    expect(await page.locator('#conversions b').count()).toBe(0);
    expect(await page.locator('tr.conversion code').first().textContent()).toBe(hostile);
    expect(await page.title()).toBe('pinpair testkit: dedup report');
    await page.close();
  });

  it('says so when nothing arrived, and reloads with ?refresh', async () => {
    pinterest = await startFakePinterest({ now: () => NOW_MS });
    const page = await browser.newPage();

    await page.goto(`${pinterest.reportUrl}?refresh=30`);

    expect(await page.locator('#conversions').textContent()).toContain('No conversions yet');
    expect(await page.locator('meta[http-equiv="refresh"]').getAttribute('content')).toBe('30');
    await page.close();
  });

  it('redirects the root URL to the report', async () => {
    pinterest = await startFakePinterest({ now: () => NOW_MS });
    const page = await browser.newPage();

    await page.goto(pinterest.url);

    expect(page.url()).toBe(pinterest.reportUrl);
    await page.close();
  });
});
