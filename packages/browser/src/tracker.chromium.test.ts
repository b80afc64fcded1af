// @vitest-environment node
// The tracker on real pages in Chromium, against the testkit's fake Pinterest tag and fake PostHog.

import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Consent, decodeHandoff, deriveEventId, toPostHogUuid } from '@pinpair/core';
import {
  DEFAULT_TAG_ID,
  type FakePinterest,
  type FakePostHog,
  startFakePinterest,
  startFakePostHog,
  type TagLedgerEvent,
} from '@pinpair/testkit';
import { launchChromium } from '@pinpair/testkit/chromium';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pageHtml, SCRIPTS, type Storefront, startStorefront } from './__tests__/storefront.js';

const VECTORS_DIR = fileURLToPath(new URL('../../core/test-vectors/', import.meta.url));
const GRANTED: Consent = { advertising: 'granted', analytics: 'granted' };
const DENIED: Consent = { advertising: 'denied', analytics: 'denied' };

let pinterest: FakePinterest;
let posthog: FakePostHog;
let storefront: Storefront;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Requests a page tried to make to anything but 127.0.0.1; every test expects none. */
let offHostRequests: string[];
/** URLs of every request the page made, in the order Chromium issued them. */
let requests: string[];

beforeAll(async () => {
  [pinterest, posthog, storefront, browser] = await Promise.all([
    startFakePinterest(),
    startFakePostHog(),
    startStorefront(),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), pinterest?.close(), posthog?.close(), storefront?.close()]);
});

beforeEach(async () => {
  offHostRequests = [];
  requests = [];
  context = await browser.newContext();
  await context.route('**/*', (route) => {
    if (new URL(route.request().url()).hostname === '127.0.0.1') return route.continue();
    offHostRequests.push(route.request().url());
    return route.abort();
  });
  page = await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
});

afterEach(async () => {
  await context.close();
  expect(offHostRequests).toEqual([]);
});

/** Options of a test page; `posthog: 'later'` loads posthog-js only when the test calls `initPostHog`. */
interface PageSetup {
  consent?: Partial<Consent>;
  posthog?: 'first' | 'later';
  trackerOptions?: Record<string, unknown>;
  /** Plain JavaScript run after the tracker exists, as `window.tracker`. */
  onLoad?: string;
}

/** Serves a page at `path` that creates `window.tracker` from the script-tag build, and opens it. */
async function openTrackerPage(path: string, setup: PageSetup = {}, query = ''): Promise<void> {
  const scripts = setup.posthog === 'later' ? [SCRIPTS.iife] : [SCRIPTS.posthog, SCRIPTS.iife];
  const init = setup.posthog === 'later' ? '' : initPostHogSource();
  const options = {
    tagId: DEFAULT_TAG_ID,
    tagScriptUrl: pinterest.tagScriptUrl,
    ...(setup.consent ? { consent: setup.consent } : {}),
    ...setup.trackerOptions,
  };
  const inline = `${init}
    window.tracker = pinpair.createTracker(Object.assign(${JSON.stringify(options)}, { posthog: () => window.posthog }));
    ${setup.onLoad ?? ''}`;
  storefront.setPage(path, pageHtml(scripts, inline));
  await page.goto(`${storefront.url}${path}${query}`);
}

/** posthog-js set up against the fake, with everything that would load remote scripts turned off. */
function initPostHogSource(): string {
  const config = {
    api_host: posthog.url,
    disable_external_dependency_loading: true,
    advanced_disable_flags: true,
    disable_session_recording: true,
    disable_surveys: true,
    disable_product_tours: true,
    disable_conversations: true,
    disable_web_experiments: true,
    autocapture: false,
    capture_pageview: false,
    capture_pageleave: false,
    capture_dead_clicks: false,
    capture_exceptions: false,
    capture_performance: false,
    request_batching: false,
    // posthog-js drops events from user agents that look like bots, headless Chromium included.
    opt_out_useragent_filter: true,
  };
  // before_send records the order in which posthog-js got the captures: separate requests may
  // reach the fake in another order.
  return `window.capturedEventIds = [];
    window.posthog.init(${JSON.stringify(posthog.apiKey)}, Object.assign(${JSON.stringify(config)}, {
      before_send: (event) => { window.capturedEventIds.push(event.properties.event_id); return event; },
    }));`;
}

/** `event_id`s in the order posthog-js received the captures, markers left out. */
function capturedInPage(): Promise<unknown[]> {
  return page.evaluate(() => window.capturedEventIds.filter((id) => id !== undefined));
}

/** `event_id`s of the captures from pages under `path` that reached the fake, sorted. */
function eventIdsAtPostHog(path: string): unknown[] {
  return capturesFrom(path)
    .map((capture) => capture.properties.event_id)
    .filter((id) => id !== undefined)
    .sort();
}

/** Loads posthog-js into the open page and initializes it. */
async function initPostHog(): Promise<void> {
  await page.addScriptTag({ url: SCRIPTS.posthog });
  await page.evaluate(initPostHogSource());
}

/** Calls `tracker.track` in the page and returns the event id it resolves to. */
function track(eventName: string, data: Record<string, unknown> = {}): Promise<string | undefined> {
  return page.evaluate(([name, payload]) => window.tracker.track(name, payload), [eventName, data] as const);
}

/** Tag beacons from pages under `path`, in order of arrival. */
function beaconsFrom(path: string): TagLedgerEvent[] {
  return pinterest.ledger
    .events()
    .filter((event): event is TagLedgerEvent => event.channel === 'tag')
    .filter((event) => String(event.payload.ad?.loc ?? '').startsWith(`${storefront.url}${path}`));
}

/** Tag beacons from pages under `path` for conversions, so without `init`. */
function conversionBeaconsFrom(path: string): TagLedgerEvent[] {
  return beaconsFrom(path).filter((event) => event.payload.event !== 'init');
}

/** PostHog captures (duplicates included) from pages under `path`. */
function capturesFrom(path: string) {
  return posthog
    .received()
    .filter((event) => String(event.properties.$current_url ?? '').startsWith(`${storefront.url}${path}`));
}

/**
 * Captures a marker event straight through posthog-js and waits until the fake has it. posthog-js
 * sends in call order, so anything the tracker captured before the marker has arrived by then.
 */
async function flushPostHog(path: string): Promise<void> {
  const marker = `marker-${Math.random()}`;
  await page.evaluate((name) => window.posthog.capture(name), marker);
  await expect.poll(() => capturesFrom(path).some((event) => event.event === marker)).toBe(true);
}

/** Names and values of the cookies pinpair writes (posthog-js writes its own `ph_…` cookie beside them). */
async function pinpairCookies(): Promise<string[][]> {
  const cookies = await context.cookies(storefront.url);
  return cookies
    .filter((cookie) => cookie.name === '_epik' || cookie.name === 'pinpair_consent')
    .map((cookie) => [cookie.name, cookie.value]);
}

declare global {
  interface Window {
    tracker: import('./tracker.js').Tracker;
    posthog: { capture(event: string, properties?: object): void; get_distinct_id(): string };
    capturedEventIds: unknown[];
    checkoutId: Promise<string | undefined>;
    pinpair: typeof import('./index.js');
    pinpairCore: typeof import('@pinpair/core');
    pintrk?: unknown;
  }
}

describe('core conformance vectors in Chromium', async () => {
  const files = (await readdir(VECTORS_DIR)).filter((file) => file.endsWith('.json')).sort();

  it('exist', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s match inside the page', async (file) => {
    const vectors: Record<string, unknown>[] = JSON.parse(await readFile(`${VECTORS_DIR}${file}`, 'utf8'));
    storefront.setPage('/vectors', pageHtml([SCRIPTS.core]));
    await page.goto(`${storefront.url}/vectors`);

    const results = await page.evaluate(runVectorsInPage, { file, vectors });

    expect(results, `no runner for ${file}; add one to runVectorsInPage`).not.toBe('unsupported');
    for (const [index, vector] of vectors.entries()) {
      expect((results as unknown[])[index], `${file} #${index}: ${vector.note}`).toEqual(
        expectedFor(file, vector),
      );
    }
  });
});

/** What a vector expects, in the shape runVectorsInPage returns. */
function expectedFor(file: string, vector: Record<string, unknown>): unknown {
  if (file === 'event-ids.json') return { eventId: vector.eventId };
  if (file === 'posthog-uuids.json') return { postHogUuid: vector.postHogUuid };
  if (file === 'user-data.json') {
    return {
      normalized: vector.normalized,
      sha256: vector.sha256,
      ...(vector.field === 'em' ? { hashEmail: vector.sha256 } : {}),
    };
  }
  return undefined;
}

/** One conformance vector; each file has its own fields, which its runner reads. */
// biome-ignore lint/suspicious/noExplicitAny: the fields differ per vector file and are passed to core as they are.
type Vector = Record<string, any>;

/** Runs one vector file with the core bundle in the page (serialized into the page by Playwright). */
async function runVectorsInPage({ file, vectors }: { file: string; vectors: Vector[] }) {
  const core = window.pinpairCore;
  const identifierKeys: Record<string, string> = {
    em: 'email',
    ph: 'phone',
    fn: 'firstName',
    ln: 'lastName',
    ge: 'gender',
    db: 'dateOfBirth',
    ct: 'city',
    st: 'state',
    zp: 'zip',
    country: 'country',
    external_id: 'externalId',
    hashed_maids: 'maid',
  };

  const runners: Record<string, (vector: Vector) => Promise<unknown>> = {
    'event-ids.json': async (vector) => ({
      eventId: await core.deriveEventId(vector.eventName, vector.businessId),
    }),
    'posthog-uuids.json': async (vector) => ({ postHogUuid: await core.toPostHogUuid(vector.eventId) }),
    'user-data.json': async (vector) => {
      const normalized = core.normalizeUserField(vector.field, vector.input, vector.options);
      const key = identifierKeys[vector.field] as string;
      const { userData } = await core.hashUserData({ [key]: vector.input }, vector.options);
      const result: Record<string, unknown> = {
        normalized: normalized.ok ? normalized.value : null,
        sha256: (userData as Record<string, string[] | undefined>)[vector.field]?.[0] ?? null,
      };
      if (vector.field === 'em') result.hashEmail = (await core.hashEmail(vector.input)) ?? null;
      return result;
    },
  };

  const runner = runners[file];
  if (!runner) return 'unsupported';
  const results = [];
  for (const vector of vectors) results.push(await runner(vector));
  return results;
}

describe('tracker in Chromium', () => {
  it('sends every conversion to the tag and PostHog under one event id', async () => {
    await openTrackerPage('/done/product', { consent: GRANTED });
    const pageId = await page.evaluate(() => window.tracker.page());
    const cartId = await track('Product Added', {
      value: 24,
      currency: 'EUR',
      items: [{ id: 'SKU-11', price: 24 }],
    });
    const checkoutId = await track('checkout', {
      orderId: 'done-1001',
      value: '48.00',
      currency: 'EUR',
      items: [{ id: 'SKU-11', name: 'Pillow', price: 24, quantity: 2 }],
    });
    const ids = [pageId, cartId, checkoutId];

    await expect.poll(() => conversionBeaconsFrom('/done/').length).toBe(3);
    await flushPostHog('/done/');

    const beacons = conversionBeaconsFrom('/done/');
    expect(beacons.map((beacon) => beacon.payload.event).sort()).toEqual([
      'addtocart',
      'checkout',
      'pagevisit',
    ]);
    expect(beacons.map((beacon) => beacon.eventId).sort()).toEqual([...ids].sort());
    expect(beacons.every((beacon) => beacon.tagId === DEFAULT_TAG_ID)).toBe(true);
    expect(checkoutId).toBe(await deriveEventId('checkout', 'done-1001'));
    const checkoutBeacon = beacons.find((beacon) => beacon.payload.event === 'checkout');
    expect(checkoutBeacon?.payload.ed).toMatchObject({
      event_id: checkoutId,
      value: '48.00',
      currency: 'EUR',
      order_id: 'done-1001',
      order_quantity: 2,
      line_items: [
        { product_id: 'SKU-11', product_name: 'Pillow', product_price: '24', product_quantity: 2 },
      ],
    });

    const captures = ids.map((id) =>
      capturesFrom('/done/').find((capture) => capture.properties.event_id === id),
    );
    expect(captures.map((capture) => capture?.event)).toEqual([
      '$pageview',
      'Product Added',
      'Order Completed',
    ]);
    expect(captures.map((capture) => capture?.uuid)).toEqual(
      await Promise.all(ids.map((id) => toPostHogUuid(id as string))),
    );
    expect(captures[2]?.properties).toMatchObject({ value: 48, currency: 'EUR', order_id: 'done-1001' });
    expect(eventIdsAtPostHog('/done/')).toEqual([...ids].sort());
    expect(await capturedInPage()).toEqual(ids);
  });

  it('works as an ES module from a bundler', async () => {
    const inline = `${initPostHogSource()}
      import('${SCRIPTS.esm}').then(({ createTracker }) => {
        window.tracker = createTracker(${JSON.stringify({ tagId: DEFAULT_TAG_ID, tagScriptUrl: pinterest.tagScriptUrl, consent: GRANTED })});
      });`;
    storefront.setPage('/esm/product', pageHtml([SCRIPTS.posthog], inline));
    await page.goto(`${storefront.url}/esm/product`);
    await page.waitForFunction(() => window.tracker !== undefined);

    const eventId = await track('add_to_cart');

    await expect
      .poll(() => conversionBeaconsFrom('/esm/').map((beacon) => beacon.eventId))
      .toEqual([eventId]);
  });

  it('writes URL click id over older cookie', async () => {
    await context.addCookies([{ name: '_epik', value: 'old-click', url: storefront.url }]);
    await openTrackerPage(
      '/click/landing',
      { consent: GRANTED, trackerOptions: { cookie: { maxAgeDays: 30 } } },
      '?epik=dj0yJnU9QUJD%2B%2F%3D%3D&utm_source=pinterest',
    );
    const clickId = await page.evaluate(() => window.tracker.clickId());
    const before = Date.now() / 1000;

    const cookies = await context.cookies(storefront.url);
    const epik = cookies.find((cookie) => cookie.name === '_epik');
    const consent = cookies.find((cookie) => cookie.name === 'pinpair_consent');

    expect(clickId).toBe('dj0yJnU9QUJD+/==');
    expect(epik).toMatchObject({
      value: 'dj0yJnU9QUJD+/==',
      path: '/',
      sameSite: 'Lax',
      secure: false,
      httpOnly: false,
    });
    expect(epik?.domain).toBe('127.0.0.1');
    expect(epik?.expires).toBeGreaterThan(before + 30 * 86_400 - 60);
    expect(epik?.expires).toBeLessThan(before + 30 * 86_400 + 60);
    expect(consent).toMatchObject({ value: 'ad=granted&an=granted', path: '/', sameSite: 'Lax' });
  });

  it('hands click id from cookie to server', async () => {
    await openTrackerPage('/handoff/landing', { consent: GRANTED }, '?epik=click-handoff');
    await openTrackerPage('/handoff/cart', { consent: GRANTED });
    const eventId = await track('add_to_cart');

    await page.evaluate(() =>
      fetch('/checkout', { method: 'POST', headers: window.tracker.handoffHeaders(), body: 'order' }),
    );

    const headers = storefront.checkoutRequests().at(-1);
    const handoff = decodeHandoff(headers?.['x-pinpair-handoff'] as string);
    expect(handoff).toEqual({
      eventId,
      clickId: 'click-handoff',
      distinctId: await page.evaluate(() => window.posthog.get_distinct_id()),
      consent: GRANTED,
    });
  });

  it('replays pending events in call order once consent is granted', async () => {
    await openTrackerPage(
      '/pending/product',
      { consent: { advertising: 'pending', analytics: 'pending' } },
      '?epik=click-pending',
    );
    const ids = [
      await track('view_category'),
      await track('add_to_cart'),
      await track('lead', { leadId: 'pending-1' }),
    ];

    expect(await page.evaluate(() => window.pintrk)).toBeUndefined();
    expect(await pinpairCookies()).toEqual([['pinpair_consent', 'ad=pending&an=pending']]);

    await page.evaluate(() => window.tracker.setConsent({ advertising: 'granted', analytics: 'granted' }));

    await expect.poll(() => conversionBeaconsFrom('/pending/').length).toBe(3);
    await flushPostHog('/pending/');
    const beacons = conversionBeaconsFrom('/pending/');
    const beaconTimes = ids.map((id) => Number(beacons.find((beacon) => beacon.eventId === id)?.payload.cb));
    expect(beaconTimes).toEqual([...beaconTimes].sort((a, b) => a - b));
    expect(eventIdsAtPostHog('/pending/')).toEqual([...ids].sort());
    expect(await capturedInPage()).toEqual(ids);
    expect((await pinpairCookies()).sort()).toEqual([
      ['_epik', 'click-pending'],
      ['pinpair_consent', 'ad=granted&an=granted'],
    ]);
  });

  it('sends nothing and writes no click id when consent is denied', async () => {
    await openTrackerPage('/denied/product', { consent: DENIED }, '?epik=click-denied');
    await track('add_to_cart');
    await track('checkout', { orderId: 'denied-1' });
    await page.evaluate(() => window.tracker.page());

    await flushPostHog('/denied/');
    expect(requests.filter((url) => url.startsWith(pinterest.url))).toEqual([]);
    expect(await page.evaluate(() => window.pintrk)).toBeUndefined();
    expect(beaconsFrom('/denied/')).toEqual([]);
    expect(capturesFrom('/denied/').map((capture) => capture.event)).toEqual([
      expect.stringMatching(/^marker-/),
    ]);
    expect(await pinpairCookies()).toEqual([['pinpair_consent', 'ad=denied&an=denied']]);
  });

  it('delivers calls made before posthog-js is initialized', async () => {
    await openTrackerPage('/early/product', { consent: GRANTED, posthog: 'later' });
    const ids = [await track('view_category'), await track('add_to_cart')];

    await initPostHog();

    await expect.poll(() => eventIdsAtPostHog('/early/')).toEqual([...ids].sort());
    expect(
      capturesFrom('/early/')
        .map((capture) => capture.uuid)
        .sort(),
    ).toEqual([...ids].sort());
    expect(await capturedInPage()).toEqual(ids);
  });

  it('sends no second checkout when the confirmation page reloads', async () => {
    const onLoad = `window.checkoutId = window.tracker.track('checkout', { orderId: 'reload-1001', value: 50, currency: 'EUR' });`;
    await openTrackerPage('/reload/thanks', { consent: GRANTED, onLoad });
    const firstId = await page.evaluate(() => window.checkoutId);
    await expect.poll(() => conversionBeaconsFrom('/reload/').length).toBe(1);
    // posthog-js sends in batches, so the first capture must arrive before the reload can drop it.
    await flushPostHog('/reload/');
    expect(capturesFrom('/reload/').filter((capture) => capture.event === 'Order Completed')).toHaveLength(1);

    requests = [];
    await page.reload();
    const secondId = await page.evaluate(() => window.checkoutId);
    const controlId = await page.evaluate(() => window.tracker.page());
    await expect
      .poll(() => conversionBeaconsFrom('/reload/').some((beacon) => beacon.eventId === controlId))
      .toBe(true);
    await flushPostHog('/reload/');

    expect(secondId).toBe(firstId);
    const beaconsAfterReload = requests.filter((url) => url.startsWith(`${pinterest.url}/v3/`));
    expect(beaconsAfterReload.map((url) => new URL(url).searchParams.get('event'))).toEqual([
      'init',
      'pagevisit',
    ]);
    expect(
      conversionBeaconsFrom('/reload/').filter((beacon) => beacon.payload.event === 'checkout'),
    ).toHaveLength(1);
    expect(capturesFrom('/reload/').filter((capture) => capture.event === 'Order Completed')).toHaveLength(1);
  });

  it('keeps working and reaches PostHog when an ad blocker stops the tag script', async () => {
    await page.route(pinterest.tagScriptUrl, (route) => route.abort('blockedbyclient'));
    const pageErrors: Error[] = [];
    page.on('pageerror', (error) => pageErrors.push(error));
    await openTrackerPage('/blocked/product', { consent: GRANTED });

    const eventId = await track('checkout', { orderId: 'blocked-1', value: 10, currency: 'EUR' });

    await expect
      .poll(() => capturesFrom('/blocked/').map((capture) => capture.properties.event_id))
      .toEqual([eventId]);
    expect(eventId).toBe(await deriveEventId('checkout', 'blocked-1'));
    expect(pageErrors).toEqual([]);
    expect(beaconsFrom('/blocked/')).toEqual([]);
  });

  it('adds the hand-off to a checkout form', async () => {
    await openTrackerPage('/form/checkout', { consent: GRANTED });
    const eventId = await track('add_payment_info');

    await page.evaluate(() =>
      window.tracker.attachHandoff(document.getElementById('checkout') as HTMLFormElement),
    );
    const value = await page.inputValue('input[name="pinpair_handoff"]');

    expect(decodeHandoff(value).eventId).toBe(eventId);
    expect(await page.getAttribute('input[name="pinpair_handoff"]', 'type')).toBe('hidden');
  });

  it('sends consent given after attaching with the form', async () => {
    await openTrackerPage('/late-consent/checkout', {}, '?epik=late-click');
    await page.evaluate(() =>
      window.tracker.attachHandoff(document.getElementById('checkout') as HTMLFormElement),
    );
    const before = decodeHandoff(await page.inputValue('input[name="pinpair_handoff"]'));

    await page.evaluate(() => window.tracker.setConsent({ advertising: 'granted', analytics: 'granted' }));
    const posted = await page.evaluate(() => {
      const form = document.getElementById('checkout') as HTMLFormElement;
      return new FormData(form).get('pinpair_handoff') as string;
    });

    expect(before.consent).toEqual({ advertising: 'pending', analytics: 'pending' });
    expect(decodeHandoff(posted).consent).toEqual(GRANTED);
    expect(decodeHandoff(posted).clickId).toBe('late-click');
    expect(await page.inputValue('input[name="pinpair_handoff"]')).toBe(posted);
  });
});
