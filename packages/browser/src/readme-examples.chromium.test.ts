// @vitest-environment node
// The storefront examples of this package's README and of the repository's README, run as written in
// Chromium against the testkit: they send and store nothing before the consent banner's answer, and
// then reach the tag and PostHog.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deriveEventId } from '@pinpair/core';
import {
  DEFAULT_AD_ACCOUNT_ID,
  type FakePinterest,
  type FakePostHog,
  renderTagScript,
  startFakePinterest,
  startFakePostHog,
  type TagLedgerEvent,
} from '@pinpair/testkit';
import { launchChromium } from '@pinpair/testkit/chromium';
import * as esbuild from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CORE_ENTRY, ENTRY } from '../scripts/bundle.mjs';
import { SCRIPTS, type Storefront, startStorefront } from './__tests__/storefront.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const ROOT_README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The tag id and PostHog key the examples use. */
const README_TAG_ID = '2612345678901';
const README_POSTHOG_KEY = 'phc_your_project_key';
const POSTHOG_COOKIE = `ph_${README_POSTHOG_KEY}_posthog`;

/**
 * The tag script URL the examples load by default. Chromium requests it, and the test responds with
 * the fake tag from inside the browser, so no request leaves the machine.
 */
const PINTEREST_TAG_SCRIPT_URL = 'https://s.pinimg.com/ct/core.js';

/** A desktop Chrome user agent: posthog-js drops events from headless Chromium's as bot traffic. */
const SHOPPER_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

/** Paths of the ES module examples, bundled as a shop's bundler would ship them. */
const ESM_EXAMPLE_SCRIPT = '/readme-example.js';
const ROOT_EXAMPLE_SCRIPT = '/root-readme-example.js';

let pinterest: FakePinterest;
let posthog: FakePostHog;
let storefront: Storefront;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Requests a page made to anything but 127.0.0.1 and the tag script URL; every test expects none. */
let offHostRequests: string[];
/** URLs of every request the page made. */
let requests: string[];

beforeAll(async () => {
  [pinterest, posthog, storefront, browser] = await Promise.all([
    startFakePinterest({ tags: [{ tagId: README_TAG_ID, adAccountId: DEFAULT_AD_ACCOUNT_ID }] }),
    startFakePostHog(),
    startStorefront(),
    launchChromium(),
  ]);
  storefront.setScript(ESM_EXAMPLE_SCRIPT, await bundleEsmExample(readmeCodeBlock(README, 'ts'), 'ts'));
  storefront.setScript(
    ROOT_EXAMPLE_SCRIPT,
    await bundleEsmExample(readmeCodeBlock(ROOT_README, 'js', '## Add it to your shop'), 'js'),
  );
});

afterAll(async () => {
  await Promise.all([browser?.close(), pinterest?.close(), posthog?.close(), storefront?.close()]);
});

beforeEach(async () => {
  offHostRequests = [];
  requests = [];
  context = await browser.newContext({ userAgent: SHOPPER_USER_AGENT });
  // Automation sets navigator.webdriver, which posthog-js also treats as a bot; a shopper's browser does not.
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false });
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === PINTEREST_TAG_SCRIPT_URL) {
      return route.fulfill({ contentType: 'text/javascript', body: renderTagScript(pinterest.url) });
    }
    if (new URL(url).hostname === '127.0.0.1') return route.continue();
    offHostRequests.push(url);
    return route.abort();
  });
  page = await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
});

afterEach(async () => {
  await context.close();
  expect(offHostRequests).toEqual([]);
});

/**
 * Polls `read` for up to 10 s: posthog-js batches captures and sends them every few seconds, longer
 * than `expect.poll`'s default of 1 s.
 */
function eventually<T>(read: () => T) {
  return expect.poll(read, { timeout: 10_000 });
}

/** Returns the first fenced code block in `language` after the line `heading` (or from the top). */
function readmeCodeBlock(markdown: string, language: string, heading?: string): string {
  const from = heading === undefined ? 0 : markdown.indexOf(`\n${heading}\n`);
  expect(from, `README has no heading ${heading}`).toBeGreaterThanOrEqual(0);
  const match = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(markdown.slice(from));
  expect(match, `README has no ${language} block after ${heading ?? 'the top'}`).not.toBeNull();
  return match?.[1] ?? '';
}

/** Bundles an ES module example with posthog-js, and this package and core from source. */
async function bundleEsmExample(source: string, loader: 'ts' | 'js'): Promise<string> {
  const result = await esbuild.build({
    stdin: { contents: source, loader, resolveDir: PACKAGE_DIR },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'readmeExample',
    write: false,
    logLevel: 'silent',
    // POSTHOG_HOST is the README's placeholder for the ingestion host; here it is the fake's.
    define: { POSTHOG_HOST: 'window.POSTHOG_HOST' },
    plugins: [
      {
        name: 'pinpair-from-source',
        setup(build) {
          build.onResolve({ filter: /^@pinpair\/browser$/ }, () => ({ path: ENTRY }));
          build.onResolve({ filter: /^@pinpair\/core$/ }, () => ({ path: CORE_ENTRY }));
        },
      },
    ],
  });
  return result.outputFiles[0]?.text ?? '';
}

/** Returns a product page around `body`, with the README's POSTHOG_HOST placeholder set to the fake's URL. */
function productPage(body: string): string {
  return `<!doctype html>
<html>
  <head>
    <meta charset="utf-8">
    <title>pinpair README example</title>
    <script>var POSTHOG_HOST = ${JSON.stringify(posthog.url)};</script>
  </head>
  <body>
    <button id="add-to-cart">Add to cart</button>
    <form id="checkout" method="post" action="/checkout"><input name="email"></form>
    ${body}
  </body>
</html>`;
}

/** Serves the script-tag example at `path`, with its script paths pointed at the storefront's. */
function serveScriptTagExample(path: string): void {
  const example = readmeCodeBlock(README, 'html', '## Script-tag build');
  expect(example).toContain('src="/static/posthog.js"');
  expect(example).toContain('src="/static/pinpair.iife.js"');
  const body = example
    .replace('/static/posthog.js', SCRIPTS.posthog)
    .replace('/static/pinpair.iife.js', SCRIPTS.iife);
  storefront.setPage(path, productPage(body));
}

/** Conversion beacons (without `init`) from pages under `path`. */
function beaconsFrom(path: string): TagLedgerEvent[] {
  return pinterest.ledger
    .events()
    .filter((event): event is TagLedgerEvent => event.channel === 'tag')
    .filter((event) => event.payload.event !== 'init')
    .filter((event) => String(event.payload.ad?.loc ?? '').startsWith(`${storefront.url}${path}`));
}

/** PostHog captures (duplicates included) from pages under `path`. */
function capturesFrom(path: string) {
  return posthog
    .received()
    .filter((event) => String(event.properties.$current_url ?? '').startsWith(`${storefront.url}${path}`));
}

/** Maps each beacon's event name to its event id. */
function beaconIds(path: string): Record<string, string | undefined> {
  return Object.fromEntries(beaconsFrom(path).map((beacon) => [beacon.payload.event, beacon.eventId]));
}

/** Maps each capture's event name to its `event_id` property. */
function captureIds(path: string): Record<string, unknown> {
  return Object.fromEntries(
    capturesFrom(path).map((capture) => [capture.event, capture.properties.event_id]),
  );
}

/** Asserts that the page has loaded neither the tag nor posthog-js and has stored nothing. */
async function expectNothingSentOrStored(): Promise<void> {
  expect(requests.filter((url) => url.startsWith(pinterest.url) || url.startsWith(posthog.url))).toEqual([]);
  expect(requests).not.toContain(PINTEREST_TAG_SCRIPT_URL);
  expect(await page.evaluate(() => typeof (window as unknown as ExampleWindow).pintrk)).toBe('undefined');
  expect((await postHogInPage()).loaded).toBe(false);
  expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
}

/** Names and values of the cookies of the storefront. */
async function cookies(): Promise<Record<string, string>> {
  const all = await context.cookies(storefront.url);
  return Object.fromEntries(all.map((cookie) => [cookie.name, cookie.value]));
}

/** Reads the distinct id from posthog-js's cookie, where `@pinpair/server` reads it too. */
function distinctIdInCookie(value: string | undefined): unknown {
  return value === undefined ? undefined : JSON.parse(decodeURIComponent(value)).distinct_id;
}

/** What the examples leave on `window`: the script-tag example's globals and the bundle's exports. */
interface ExampleWindow {
  onConsentChoice(advertising: boolean, analytics: boolean): void;
  readmeExample: { onConsentChoice(advertising: boolean, analytics: boolean): void };
  posthog?: { __loaded?: boolean; get_distinct_id(): string; has_opted_out_capturing(): boolean };
  pintrk?: unknown;
}

/** Runs `onConsentChoice` of the script-tag example (`global`) or of the bundled ES module example. */
function chooseConsent(advertising: boolean, analytics: boolean, from: 'global' | 'bundle' = 'global') {
  return page.evaluate(
    ([ad, an, source]) => {
      const example = window as unknown as ExampleWindow;
      const target = source === 'bundle' ? example.readmeExample : example;
      target.onConsentChoice(ad, an);
    },
    [advertising, analytics, from] as const,
  );
}

/** Reads posthog-js's state in the page: whether it was started, its distinct id and its opt-out. */
function postHogInPage() {
  return page.evaluate(() => {
    const instance = (window as unknown as ExampleWindow).posthog;
    const loaded = instance?.__loaded === true;
    return {
      loaded,
      distinctId: loaded ? instance?.get_distinct_id() : undefined,
      optedOut: loaded ? instance?.has_opted_out_capturing() : undefined,
    };
  });
}

describe('README script-tag example', () => {
  it('waits for consent, then reaches both channels', async () => {
    serveScriptTagExample('/script-tag/product');
    await page.goto(`${storefront.url}/script-tag/product?epik=click-readme`);
    await page.click('#add-to-cart');

    await expectNothingSentOrStored();
    expect(await cookies()).toEqual({});

    await chooseConsent(true, true);

    await eventually(() => Object.keys(beaconIds('/script-tag/')).sort()).toEqual(['addtocart', 'pagevisit']);
    await eventually(() => Object.keys(captureIds('/script-tag/')).sort()).toEqual([
      '$pageview',
      'Product Added',
    ]);
    const beacons = beaconIds('/script-tag/');
    const captures = captureIds('/script-tag/');
    expect(captures.$pageview).toBe(beacons.pagevisit);
    expect(captures['Product Added']).toBe(beacons.addtocart);
    expect(beacons.pagevisit).not.toBe(beacons.addtocart);

    const stored = await cookies();
    expect(stored._epik).toBe('click-readme');
    expect(stored.pinpair_consent).toBe('ad=granted&an=granted');
    const { distinctId } = await postHogInPage();
    expect(distinctIdInCookie(stored[POSTHOG_COOKIE])).toBe(distinctId);
    expect(capturesFrom('/script-tag/').every((capture) => capture.distinctId === distinctId)).toBe(true);
  });

  it('sends and stores nothing when the shopper declines', async () => {
    serveScriptTagExample('/declined/product');
    await page.goto(`${storefront.url}/declined/product?epik=click-declined`);
    await page.click('#add-to-cart');

    await chooseConsent(false, false);
    await page.click('#add-to-cart');
    await page.reload();
    await page.click('#add-to-cart');

    await expectNothingSentOrStored();
    expect(await cookies()).toEqual({ pinpair_consent: 'ad=denied&an=denied' });
  });

  it('keeps consent across pages and follows a withdrawal', async () => {
    serveScriptTagExample('/pages/first');
    serveScriptTagExample('/pages/second');
    serveScriptTagExample('/pages/third');
    await page.goto(`${storefront.url}/pages/first`);
    await chooseConsent(true, true);

    await page.goto(`${storefront.url}/pages/second`);
    await eventually(() => Object.keys(captureIds('/pages/second'))).toEqual(['$pageview']);
    expect(Object.keys(beaconIds('/pages/second'))).toEqual(['pagevisit']);
    expect(Object.keys(await cookies())).toContain(POSTHOG_COOKIE);

    await chooseConsent(true, false);
    expect(Object.keys(await cookies())).not.toContain(POSTHOG_COOKIE);
    await page.click('#add-to-cart');
    await eventually(() => Object.keys(beaconIds('/pages/second')).sort()).toEqual([
      'addtocart',
      'pagevisit',
    ]);

    // Analytics is denied when the third page loads, so its page visit never goes to PostHog. The add
    // to cart after the new grant does go there, although posthog-js stored the earlier opt-out.
    await page.goto(`${storefront.url}/pages/third`);
    expect((await postHogInPage()).loaded).toBe(false);
    await chooseConsent(true, true);
    await page.click('#add-to-cart');
    await eventually(() => Object.keys(captureIds('/pages/third'))).toEqual(['Product Added']);
    expect((await postHogInPage()).optedOut).toBe(false);
    expect(Object.keys(await cookies())).toContain(POSTHOG_COOKIE);
    expect(Object.keys(captureIds('/pages/second'))).toEqual(['$pageview']);
  });
});

describe('README ES module example', () => {
  it('waits for consent, then reaches both channels', async () => {
    storefront.setPage('/esm/product', productPage(`<script src="${ESM_EXAMPLE_SCRIPT}"></script>`));
    await page.goto(`${storefront.url}/esm/product?epik=click-esm`);

    await expectNothingSentOrStored();
    expect(await cookies()).toEqual({});

    await chooseConsent(true, true, 'bundle');

    const names = ['addtocart', 'checkout', 'pagevisit'];
    await eventually(() => Object.keys(beaconIds('/esm/')).sort()).toEqual(names);
    await eventually(() => Object.keys(captureIds('/esm/')).sort()).toEqual([
      '$pageview',
      'Order Completed',
      'Product Added',
    ]);
    const beacons = beaconIds('/esm/');
    const captures = captureIds('/esm/');
    expect(beacons.checkout).toBe(await deriveEventId('checkout', '1001'));
    expect(captures).toEqual({
      $pageview: beacons.pagevisit,
      'Product Added': beacons.addtocart,
      'Order Completed': beacons.checkout,
    });
    expect((await cookies())._epik).toBe('click-esm');
  });
});

describe('repository README storefront example', () => {
  it('waits for consent, then reaches both channels', async () => {
    storefront.setPage('/root/product', productPage(`<script src="${ROOT_EXAMPLE_SCRIPT}"></script>`));
    await page.goto(`${storefront.url}/root/product?epik=click-root`);

    await expectNothingSentOrStored();
    expect(await cookies()).toEqual({});

    await chooseConsent(true, true, 'bundle');

    await eventually(() => Object.keys(beaconIds('/root/')).sort()).toEqual([
      'addtocart',
      'checkout',
      'pagevisit',
    ]);
    await eventually(() => Object.keys(captureIds('/root/')).sort()).toEqual([
      '$pageview',
      'Order Completed',
      'Product Added',
    ]);
    const beacons = beaconIds('/root/');
    expect(beacons.checkout).toBe(await deriveEventId('checkout', '1001'));
    expect(captureIds('/root/')).toEqual({
      $pageview: beacons.pagevisit,
      'Product Added': beacons.addtocart,
      'Order Completed': beacons.checkout,
    });
    expect(await page.locator('form#checkout input[name="pinpair_handoff"]').count()).toBe(1);
  });
});
