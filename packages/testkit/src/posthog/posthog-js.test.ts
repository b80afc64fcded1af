// posthog-js 1.449 running in real Chromium on a shop origin, pointed at the fake PostHog on another port.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type PageServer, startPageServer } from '../__tests__/page-server.js';
import { launchChromium } from '../chromium.js';
import { type FakePostHog, startFakePostHog } from './fake-posthog.js';
import type { FakePostHogOptions } from './options.js';

const require = createRequire(import.meta.url);
/** The part of the posthog-js global the tests call. */
interface PostHogGlobal {
  capture(event: string, properties?: Record<string, unknown>, options?: { uuid?: string }): void;
  get_distinct_id(): string;
  reloadFeatureFlags(): void;
  onFeatureFlags(callback: (flags: string[]) => void): () => void;
}

const ORDER_UUID = '0190f1c2-7a3b-7c4d-8e5f-a1b2c3d4e5f6';

let browser: Browser;
let posthog: FakePostHog | undefined;
let pages: PageServer | undefined;
const failures: string[] = [];
/** Responses of the fake to `/static/` requests, as `<status> <path and query>`. */
const staticResponses: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
});

afterEach(async () => {
  await pages?.close();
  await posthog?.close();
  failures.length = 0;
  staticResponses.length = 0;
});

/** Opens a shop page that loads `bundle` from posthog-js/dist and initializes it against the fake. */
async function openShopPage(
  bundle: string,
  fakeOptions: FakePostHogOptions = {},
): Promise<{ page: Page; configUrl: string }> {
  posthog = await startFakePostHog(fakeOptions);
  const script = await readFile(require.resolve(`posthog-js/dist/${bundle}`), 'utf8');
  pages = await startPageServer({
    '/posthog.js': { contentType: 'application/javascript', body: script },
    '/shop': {
      contentType: 'text/html',
      body: `<!doctype html><html><head><script src="/posthog.js"></script></head><body>
<script>
  posthog.init(${JSON.stringify(posthog.apiKey)}, {
    api_host: ${JSON.stringify(posthog.url)},
    capture_pageview: true,
    capture_pageleave: true,
    autocapture: false,
    disable_session_recording: true,
    // Headless Chromium's user agent says HeadlessChrome, which posthog-js drops as a bot.
    opt_out_useragent_filter: true,
    request_queue_config: { flush_interval_ms: 250 },
  });
</script></body></html>`,
    },
  });

  const page = await browser.newPage();
  const fakeUrl = posthog.url;
  page.on('requestfailed', (request) => {
    if (request.url().startsWith(fakeUrl)) failures.push(`${request.url()} ${request.failure()?.errorText}`);
  });
  page.on('response', (response) => {
    if (response.url().startsWith(fakeUrl) && response.status() >= 400) {
      failures.push(`${response.url()} answered ${response.status()}`);
    }
    if (response.url().startsWith(`${fakeUrl}/static/`)) {
      staticResponses.push(`${response.status()} ${response.url().slice(fakeUrl.length)}`);
    }
  });
  const configLoaded = page.waitForResponse((response) => /\/array\/[^/]+\/config/.test(response.url()));
  await page.goto(`${pages.url}/shop`);
  return { page, configUrl: (await configLoaded).url() };
}

async function captureOrder(page: Page): Promise<string> {
  return page.evaluate((uuid) => {
    const client = (window as unknown as { posthog: PostHogGlobal }).posthog;
    client.capture('Order Completed', { event_id: 'evt-1001', value: 116, currency: 'USD' }, { uuid });
    return client.get_distinct_id();
  }, ORDER_UUID);
}

describe('posthog-js in Chromium', () => {
  it.each([
    ['array.full.no-external.js', '/config'],
    ['array.full.js', '/config.js'],
  ])('records a capture with its uuid (%s)', async (bundle, configPath) => {
    const { page, configUrl } = await openShopPage(bundle);

    const distinctId = await captureOrder(page);
    const order = await (posthog as FakePostHog).waitForEvent((event) => event.event === 'Order Completed');

    expect(order.uuid).toBe(ORDER_UUID);
    expect(order.distinctId).toBe(distinctId);
    expect(order.properties.event_id).toBe('evt-1001');
    expect(order.library).toBe('web');
    expect(order.apiKey).toBe(posthog?.apiKey);
    expect(order.endpoint).toBe('/i/v0/e/');
    expect(order.encoding).toBe('gzip');
    expect(order.sourceAddress).toBe('127.0.0.1');
    expect(order.userAgent).toBe(await page.evaluate(() => navigator.userAgent));
    expect(configUrl.endsWith(configPath)).toBe(true);
    expect(failures).toEqual([]);
    await page.close();
  });

  it('serves the surveys script that array.js requests', async () => {
    const { page } = await openShopPage('array.js');

    await captureOrder(page);
    await (posthog as FakePostHog).waitForEvent((event) => event.event === 'Order Completed');
    await expect.poll(() => staticResponses.length).toBeGreaterThan(0);

    expect(staticResponses).toEqual(['200 /static/1.449.2/surveys.js']);
    expect(failures).toEqual([]);
    await page.close();
  });

  it('records the page view sent at start-up', async () => {
    const { page } = await openShopPage('array.full.no-external.js');

    const pageview = await (posthog as FakePostHog).waitForEvent((event) => event.event === '$pageview');

    expect(pageview.properties.$current_url).toBe(`${pages?.url}/shop`);
    expect(failures).toEqual([]);
    await page.close();
  });

  it('sends base64 form bodies when the config offers only base64', async () => {
    const { page } = await openShopPage('array.full.no-external.js', { supportedCompression: ['base64'] });

    await captureOrder(page);
    const order = await (posthog as FakePostHog).waitForEvent((event) => event.event === 'Order Completed');

    expect(order.encoding).toBe('base64');
    expect(order.uuid).toBe(ORDER_UUID);
    expect(failures).toEqual([]);
    await page.close();
  });

  it('records $pageleave sent with sendBeacon on unload', async () => {
    const { page } = await openShopPage('array.full.no-external.js');
    await (posthog as FakePostHog).waitForEvent((event) => event.event === '$pageview');

    await page.goto('about:blank');
    const pageleave = await (posthog as FakePostHog).waitForEvent((event) => event.event === '$pageleave');

    expect(pageleave.properties.$current_url).toBe(`${pages?.url}/shop`);
    expect(['gzip', 'base64']).toContain(pageleave.encoding);
    await page.close();
  });

  it('loads feature flags from /flags', async () => {
    const { page } = await openShopPage('array.full.no-external.js');
    const flagsResponse = page.waitForResponse((response) => response.url().includes('/flags/?v=2'));

    const flags = await page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const client = (window as unknown as { posthog: PostHogGlobal }).posthog;
          client.onFeatureFlags((loaded) => resolve(loaded));
          client.reloadFeatureFlags();
        }),
    );

    expect((await flagsResponse).status()).toBe(200);
    expect(flags).toEqual([]);
    expect(failures).toEqual([]);
    await page.close();
  });

  it('counts a capture sent twice with one uuid once', async () => {
    const { page } = await openShopPage('array.full.no-external.js');

    await captureOrder(page);
    await captureOrder(page);
    await (posthog as FakePostHog).waitForEvent((event) => event.event === 'Order Completed');
    await page.evaluate(() => (window as unknown as { posthog: PostHogGlobal }).posthog.capture('marker'));
    await (posthog as FakePostHog).waitForEvent((event) => event.event === 'marker');

    const orders = (posthog as FakePostHog).events().filter((event) => event.event === 'Order Completed');
    const received = (posthog as FakePostHog).received().filter((event) => event.event === 'Order Completed');
    expect(orders).toHaveLength(1);
    expect(received).toHaveLength(2);
    expect(received[1]?.duplicateOf).toBe(received[0]?.seq);
    await page.close();
  });
});
