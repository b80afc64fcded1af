// The fake tag running in real Chromium: queue replay, beacon format, enhanced match hashing and consent.

import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../__tests__/capi-fixtures.js';
import { type PageServer, pintrkStub, startPageServer } from '../__tests__/page-server.js';
import { launchChromium } from '../chromium.js';
import type { TagLedgerEvent } from '../ledger/types.js';
import { type FakePinterest, startFakePinterest } from './fake-pinterest.js';
import { renderTagScript } from './tag-script.js';

let browser: Browser;
let pinterest: FakePinterest;
let pages: PageServer | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
});

afterEach(async () => {
  await pages?.close();
  await pinterest?.close();
});

/** Opens a page that installs the stub, makes `calls` (script text), and waits for `beaconCount` beacons. */
async function runPage(calls: string, beaconCount: number) {
  pinterest = await startFakePinterest();
  pages = await startPageServer({
    '/checkout': {
      contentType: 'text/html',
      body: `<!doctype html><html><head><script></script><script>${pintrkStub(pinterest.tagScriptUrl)}\n${calls}</script></head><body>Thanks</body></html>`,
    },
  });
  const page = await browser.newPage();
  const beacons: Promise<unknown>[] = [];
  let seen = 0;
  const allBeacons = new Promise<void>((resolve) => {
    page.on('response', (response) => {
      if (!response.url().startsWith(`${pinterest.url}/v3/`)) return;
      seen += 1;
      beacons.push(response.finished());
      if (seen === beaconCount) resolve();
    });
  });

  await page.goto(`${pages.url}/checkout?epik=abc`);
  await allBeacons;
  await Promise.all(beacons);
  const userAgent = await page.evaluate(() => navigator.userAgent);
  return { page, userAgent, events: pinterest.ledger.events() as TagLedgerEvent[] };
}

describe('fake tag in Chromium', () => {
  it('replays the queue and sends init, pagevisit and checkout beacons', async () => {
    const { page, userAgent, events } = await runPage(
      `pintrk('load', '2620000000001', { em: '  Shopper@Example.com ' });
       pintrk('page', { event_id: 'page-1' });
       pintrk('track', 'Checkout', { event_id: 'evt-1001', value: 116, currency: 'USD', order_id: '1001',
         line_items: [{ product_id: 'sku-11', product_price: 58, product_quantity: 2 }] });`,
      3,
    );

    // Each beacon is its own image request, so they may reach the fake in any order.
    const names = events.map((event) => event.payload.event);
    expect([...names].sort()).toEqual(['checkout', 'init', 'pagevisit']);
    const checkout = events.find((event) => event.payload.event === 'checkout') as TagLedgerEvent;
    expect(checkout.tagId).toBe('2620000000001');
    expect(checkout.eventName).toBe('checkout');
    expect(checkout.eventId).toBe('evt-1001');
    expect(checkout.adAccountId).toBe(pinterest.adAccountId);
    expect(checkout.payload.ed).toEqual({
      event_id: 'evt-1001',
      value: 116,
      currency: 'USD',
      order_id: '1001',
      line_items: [{ product_id: 'sku-11', product_price: 58, product_quantity: 2 }],
    });
    expect(checkout.payload.pd).toEqual({ em: sha256('shopper@example.com') });
    expect(checkout.payload.ad?.loc).toBe(`${pages?.url}/checkout?epik=abc`);
    expect(checkout.payload.ad?.ref).toBe('');
    expect(checkout.payload.ad?.if).toBe(false);
    expect(Number(checkout.payload.cb)).toBeGreaterThan(1_600_000_000_000);
    expect(checkout.userAgent).toBe(userAgent);
    expect(checkout.clientAddress).toBe('127.0.0.1');
    const pageVisit = events.find((event) => event.payload.event === 'pagevisit');
    expect(pageVisit?.eventName).toBe('page_visit');
    expect(pageVisit?.eventId).toBe('page-1');
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await page.close();
  });

  it('handles calls made after the script loaded', async () => {
    const { page } = await runPage(`pintrk('load', '2620000000001'); pintrk('page');`, 2);

    const responded = page.waitForResponse((response) => response.url().includes('event=addtocart'));
    await page.evaluate(() => {
      const pintrk = (window as unknown as { pintrk: (...args: unknown[]) => void }).pintrk;
      pintrk('set', { em: 'a3f9d6c1e7b2a4f8c0d9e1b3a5c7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0' });
      pintrk('track', 'AddToCart', { event_id: 'cart-1', value: 58, currency: 'USD' });
    });
    await (await responded).finished();

    const addToCart = pinterest.ledger.events().at(-1) as TagLedgerEvent;
    expect(addToCart.payload.event).toBe('addtocart');
    expect(addToCart.eventName).toBe('add_to_cart');
    expect(addToCart.payload.pd?.em).toBe('a3f9d6c1e7b2a4f8c0d9e1b3a5c7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0');
    await page.close();
  });

  it('sends nothing while consent is withheld', async () => {
    const { page, events } = await runPage(
      `pintrk('load', '2620000000001');
       pintrk('setconsent', false);
       pintrk('track', 'checkout', { event_id: 'hidden' });
       pintrk('setconsent', true);
       pintrk('track', 'lead', { event_id: 'lead-1' });`,
      2,
    );

    expect(events.map((event) => event.payload.event)).toEqual(['init', 'lead']);
    await page.close();
  });

  it('sends one beacon per loaded tag id', async () => {
    const { page, events } = await runPage(
      `pintrk('load', '2620000000001'); pintrk('load', '2620000000002'); pintrk('track', 'signup', { event_id: 's-1' });`,
      4,
    );

    expect(events.map((event) => `${event.payload.event}:${event.tagId}`)).toEqual([
      'init:2620000000001',
      'init:2620000000002',
      'signup:2620000000001',
      'signup:2620000000002',
    ]);
    await page.close();
  });
});

describe('tag script source', () => {
  it('parses as a classic script', () => {
    expect(() => new Function(renderTagScript('http://127.0.0.1:1'))).not.toThrow();
  });
});
