// Starts what an end-to-end test needs: the example shop with the testkit's fakes on 127.0.0.1 and
// a real Chromium, plus fresh browser contexts that act as shoppers with their own public address.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningShop, silentShopLogger, startShop } from '@pinpair/example-shop';
import type { FakePinterest, FakePostHog } from '@pinpair/testkit';
import { launchChromium } from '@pinpair/testkit/chromium';
import type { Browser } from 'playwright-core';
import { Shopper } from './shopper.js';

/**
 * A desktop Chrome user agent that no server component sends, so a test can tell the shopper's
 * browser apart from the shop's own requests. It is not headless Chrome's, because posthog-js
 * drops events from user agents that look like bots.
 */
export const SHOPPER_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 PinpairE2E/1.0';

/** Options of {@link startHarness}. */
export interface HarnessOptions {
  /**
   * Whether the shop and the fakes believe `X-Forwarded-For` from loopback, so each shopper can
   * have its own public address. `false` runs everything as the demo does: no proxy, and the
   * shopper is 127.0.0.1 like the server.
   * @default true
   */
  forwardedFor?: boolean;
}

/** Options of {@link Harness.newShopper}. */
export interface ShopperOptions {
  /**
   * The shopper's public address, sent as `X-Forwarded-For` as a reverse proxy would. Use the
   * documentation range 203.0.113.0/24. Leave it out with `forwardedFor: false`: the shopper is
   * then 127.0.0.1.
   */
  ip?: string;
  /** Abort requests for the tag script, as an ad blocker does. */
  blockTagScript?: boolean;
  /** Size of the browser window in CSS pixels; a desktop 1280 × 900 unless given. */
  viewport?: { width: number; height: number };
}

/** A running shop, its fakes and a browser. */
export interface Harness {
  shop: RunningShop;
  pinterest: FakePinterest;
  posthog: FakePostHog;
  browser: Browser;
  /** Opens a new browser context (fresh cookies and storage) with one page. */
  newShopper(options: ShopperOptions): Promise<Shopper>;
  /** Forgets every event the fakes received, so a test checks only its own. */
  clearFakes(): void;
  /** Closes the browser, then the shop and the fakes, then removes the database directory. */
  close(): Promise<void>;
}

/**
 * Starts the harness. The shop trusts `X-Forwarded-For` from loopback, because in the tests the
 * browser reaches it directly and the header takes the place of a reverse proxy. The shop's default
 * configuration trusts no proxy. The fakes read the same header for tag beacons and posthog-js
 * requests, so every channel records the shopper at one address. `forwardedFor: false` turns all of
 * that off, as in the demo.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const forwardedFor = options.forwardedFor ?? true;
  const directory = mkdtempSync(join(tmpdir(), 'pinpair-e2e-'));
  const shop = await startShop({
    port: 0,
    databasePath: join(directory, 'shop.db'),
    outboxPath: join(directory, 'outbox.db'),
    trustedProxies: forwardedFor ? ['loopback'] : [],
    fakes: {
      pinterest: { trustForwardedFor: forwardedFor },
      posthog: { trustForwardedFor: forwardedFor },
    },
    logger: silentShopLogger,
  });
  const { pinterest, posthog } = shop.fakes;
  if (!pinterest || !posthog)
    throw new Error('startShop did not start the fakes; unset the real Pinterest and PostHog settings.');

  const browser = await launchChromium();
  const shoppers: Shopper[] = [];

  return {
    shop,
    pinterest,
    posthog,
    browser,
    async newShopper(options) {
      const context = await browser.newContext({
        userAgent: SHOPPER_USER_AGENT,
        extraHTTPHeaders: options.ip === undefined ? {} : { 'x-forwarded-for': options.ip },
        viewport: options.viewport ?? { width: 1280, height: 900 },
      });
      // Automation sets navigator.webdriver, which posthog-js also treats as a bot; a shopper's browser does not.
      await context.addInitScript(() => {
        Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false });
      });
      if (options.blockTagScript) {
        await context.route(pinterest.tagScriptUrl, (route) => route.abort('blockedbyclient'));
      }

      const shopper = new Shopper({
        context,
        page: await context.newPage(),
        shop,
        pinterest,
        posthog,
        ip: options.ip ?? '127.0.0.1',
      });
      shoppers.push(shopper);
      return shopper;
    },
    clearFakes() {
      pinterest.ledger.clear();
      posthog.clear();
    },
    async close() {
      await Promise.all(shoppers.map((shopper) => shopper.context.close()));
      await browser.close();
      await shop.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
