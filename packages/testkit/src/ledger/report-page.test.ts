// The HTML report page in real Chromium: coverage on top, one row per conversion, values escaped.

import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_USER_AGENT,
  NOW_MS,
  postEvents,
  SHOPPER_IP,
  sendBeacon,
  validEvent,
} from '../__tests__/capi-fixtures.js';
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

  it('shows products, em, IP and user agent', async () => {
    pinterest = await startFakePinterest({ now: () => NOW_MS, trustForwardedFor: true });
    await postEvents(pinterest, { data: [validEvent()] }, { headers: { 'user-agent': 'node' } });
    await sendBeacon(
      pinterest,
      {
        event: 'addtocart',
        ed: { event_id: 'cart-7', line_items: [{ product_id: 'sku-15' }, { product_id: 'sku-16' }] },
      },
      { forwardedFor: SHOPPER_IP },
    );
    const page = await browser.newPage();

    await page.goto(pinterest.reportUrl);

    const headers = await page.locator('#conversions th').allTextContents();
    expect(headers).toEqual([
      'Event',
      'event_id',
      'order_id',
      'Value',
      'Products',
      'Channels',
      'Deduplicated',
      'em',
      'Click id',
      'client_ip_address',
      'client_user_agent',
      'Problems',
    ]);
    const checkout = page.locator('tr.conversion').nth(0);
    expect(await checkout.locator('td.products').textContent()).toBe('sku-11');
    expect(await checkout.locator('td.em').getAttribute('data-em')).toBe('true');
    expect(await checkout.locator('td.em').textContent()).toBe('yes');
    expect(await checkout.locator('td.em').getAttribute('title')).toBe(
      'user_data fields: click_id, client_ip_address, client_user_agent, em',
    );
    expect(await checkout.locator('td.client-ip-address').textContent()).toBe(SHOPPER_IP);
    const userAgent = checkout.locator('td.client-user-agent span');
    expect(await userAgent.getAttribute('title')).toBe(BROWSER_USER_AGENT);
    expect(await userAgent.textContent()).toBe(BROWSER_USER_AGENT);
    const truncated = await userAgent.evaluate((element) => element.scrollWidth > element.clientWidth);
    expect(truncated).toBe(true);

    const cart = page.locator('tr.conversion').nth(1);
    expect(await cart.locator('td.products').textContent()).toBe('sku-15, sku-16');
    expect(await cart.locator('td.em').getAttribute('data-em')).toBe('false');
    expect(await cart.locator('td.em').getAttribute('title')).toBe('No accepted CAPI copy');
    expect(await cart.locator('td.client-ip-address').textContent()).toBe('none');
    expect(await cart.locator('td.client-user-agent').textContent()).toBe('none');
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

  it('escapes products and the user agent', async () => {
    pinterest = await startFakePinterest({ now: () => NOW_MS });
    const hostile = '"><img src=x onerror="document.title=\'owned\'">';
    const event = validEvent({
      custom_data: { ...(validEvent().custom_data as object), content_ids: [hostile], contents: [] },
    });
    (event.user_data as Record<string, unknown>).client_user_agent = hostile;
    await postEvents(pinterest, { data: [event] });
    const page = await browser.newPage();

    await page.goto(pinterest.reportUrl);

    expect(await page.locator('#conversions img').count()).toBe(0);
    expect(await page.locator('td.products').textContent()).toBe(hostile);
    expect(await page.locator('td.client-user-agent span').getAttribute('title')).toBe(hostile);
    expect(await page.locator('td.client-user-agent span').textContent()).toBe(hostile);
    expect(await page.title()).toBe('pinpair testkit: dedup report');
    await page.close();
  });

  it('says so when nothing arrived, and reloads with ?refresh', async () => {
    pinterest = await startFakePinterest({ now: () => NOW_MS });
    const page = await browser.newPage();

    await page.goto(`${pinterest.reportUrl}?refresh=30`);

    expect(await page.locator('#conversions').textContent()).toContain('No conversions yet');
    const columns = await page.locator('#conversions th').count();
    expect(await page.locator('#conversions td').getAttribute('colspan')).toBe(String(columns));
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
