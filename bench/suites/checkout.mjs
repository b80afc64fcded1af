// Checkout overhead: the shop's POST /checkout with report(), without it, and without delivery.

import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startFakePinterestProcess } from '../lib/fake-pinterest-process.mjs';
import { formatMs, formatRatio } from '../lib/format.mjs';
import { createHttpClient } from '../lib/http-client.mjs';
import { measureRuns, medianOf } from '../lib/measure.mjs';
import { recordWindow } from '../lib/profile-windows.mjs';
import { median, percentile } from '../lib/stats.mjs';
import { importBuilt } from '../lib/workspace.mjs';

/** With report() the checkout may take at most this multiple of the time without it. */
const TARGET_RATIO = 1.05;

/** Checkouts per variant in each run. */
const FULL = { checkouts: 1000, warmupRuns: 1, measuredRuns: 5 };
const QUICK = { checkouts: 200, warmupRuns: 1, measuredRuns: 3 };

/** The form a shopper submits: every field the shop hashes into user_data. */
const CHECKOUT_FORM = {
  email: 'Shopper@Example.com',
  phone: '(415) 555-0100',
  first_name: 'Ada',
  last_name: 'Lovelace',
  city: 'San Francisco',
  state: 'CA',
  zip: '94107',
  country: 'US',
  payment_outcome: 'approve',
};

/** Cookies the shopper's browser stores after accepting tracking and arriving from a Pinterest ad. */
const SHOPPER_COOKIES = { pinpair_consent: 'ad=granted&an=granted', _epik: 'dj0yJnU9YmVuY2htYXJr' };
const SHOPPER_HEADERS = {
  'user-agent':
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  referer: 'http://127.0.0.1/checkout',
};

/** The shop instances compared, in the order of the first checkout round. */
const VARIANTS = ['withReport', 'dispatcherStopped', 'withoutReport'];

/**
 * Checkouts in a row on one instance. Small blocks keep slow drifts of a shared machine out of the
 * comparison, and large ones let the dispatcher's work interleave with checkouts as it does in
 * production.
 */
const BLOCK_SIZE = 50;

/**
 * Starts three instances of the shop app in this process. The first has a reporter on a SQLite
 * outbox whose dispatcher delivers to the fake Pinterest (a child process), as in production. The
 * second has a reporter that never starts its dispatcher, which separates report()'s own cost (hash
 * and enqueue) from the delivery work that shares the event loop. The third has a reporter whose
 * report() returns at once. Each checkout first fills a new cart (not timed), then posts the
 * checkout form (timed until the 303 response is read).
 *
 * @param {{ quick: boolean, log: (message: string) => void }} context
 * @returns {Promise<import('../lib/isolate.mjs').BenchResult>}
 */
export async function run({ quick, log }) {
  const settings = quick ? QUICK : FULL;
  const server = await importBuilt('server');
  const shop = await importBuilt('shop');

  const fake = await startFakePinterestProcess();
  const directory = await mkdtemp(join(tmpdir(), 'pinpair-bench-checkout-'));
  const reporter = server.createReporter({
    pinterest: {
      adAccountId: fake.adAccountId,
      conversionToken: fake.conversionToken,
      baseUrl: fake.apiBaseUrl,
    },
    outboxPath: join(directory, 'outbox.sqlite'),
    logger: shop.silentShopLogger,
  });
  const stoppedReporter = server.createReporter({
    pinterest: {
      adAccountId: fake.adAccountId,
      conversionToken: fake.conversionToken,
      baseUrl: fake.apiBaseUrl,
    },
    outboxPath: join(directory, 'outbox-stopped.sqlite'),
    logger: shop.silentShopLogger,
    autoStart: false,
  });
  const instances = {
    withReport: await startShopInstance(shop, reporter),
    dispatcherStopped: await startShopInstance(shop, stoppedReporter),
    withoutReport: await startShopInstance(shop, createNoopReporter()),
  };

  try {
    const runs = await measureRuns(settings, async ({ index, warmup }) => {
      const samples = await timeCheckouts(instances, settings.checkouts, () => reporter.flush());
      const result = {
        withReport: summarize(samples.withReport),
        dispatcherStopped: summarize(samples.dispatcherStopped),
        withoutReport: summarize(samples.withoutReport),
      };
      log(
        `${warmup ? 'warm-up' : `run ${index + 1}`}: median, p99 with report() ` +
          `${formatMs(result.withReport.medianMs)}, ${formatMs(result.withReport.p99Ms)}; ` +
          `dispatcher stopped ${formatMs(result.dispatcherStopped.medianMs)}, ${formatMs(result.dispatcherStopped.p99Ms)}; ` +
          `without ${formatMs(result.withoutReport.medianMs)}, ${formatMs(result.withoutReport.p99Ms)}`,
      );
      return result;
    });

    await reporter.flush();
    const stats = reporter.dispatcher.stats();
    const expected = (settings.warmupRuns + settings.measuredRuns) * settings.checkouts;
    if (stats.delivered !== expected) {
      throw new Error(
        `the shop reported ${expected} checkouts but the dispatcher delivered ${stats.delivered}`,
      );
    }
    const stoppedCounts = await stoppedReporter.outbox.counts();
    if (stoppedCounts.pending !== expected) {
      throw new Error(`the shop without delivery queued ${stoppedCounts.pending} of ${expected} checkouts`);
    }

    const withMedian = medianOf(runs, (result) => result.withReport.medianMs);
    const withP99 = medianOf(runs, (result) => result.withReport.p99Ms);
    const stoppedMedian = medianOf(runs, (result) => result.dispatcherStopped.medianMs);
    const stoppedP99 = medianOf(runs, (result) => result.dispatcherStopped.p99Ms);
    const withoutMedian = medianOf(runs, (result) => result.withoutReport.medianMs);
    const withoutP99 = medianOf(runs, (result) => result.withoutReport.p99Ms);
    const medianRatio = withMedian / withoutMedian;
    const p99Ratio = withP99 / withoutP99;

    return {
      figures: {
        checkoutsPerVariantPerRun: settings.checkouts,
        warmupRuns: settings.warmupRuns,
        measuredRuns: settings.measuredRuns,
        withReportMedianMs: withMedian,
        withReportP99Ms: withP99,
        dispatcherStoppedMedianMs: stoppedMedian,
        dispatcherStoppedP99Ms: stoppedP99,
        withoutReportMedianMs: withoutMedian,
        withoutReportP99Ms: withoutP99,
        medianRatio,
        p99Ratio,
        addedMedianMs: withMedian - withoutMedian,
        targetRatio: TARGET_RATIO,
        delivered: stats.delivered,
        deliveryRequests: stats.batches,
        runs,
      },
      rows: [
        {
          measure: 'Without report(): median, p99',
          result: `${formatMs(withoutMedian)}, ${formatMs(withoutP99)}`,
        },
        { measure: 'With report(): median, p99', result: `${formatMs(withMedian)}, ${formatMs(withP99)}` },
        {
          measure: 'With ÷ without, median',
          result: `${formatRatio(medianRatio)} (+${formatMs(withMedian - withoutMedian)})`,
          target: `≤ ${TARGET_RATIO.toFixed(2)}×`,
          met: medianRatio <= TARGET_RATIO,
        },
        {
          measure: 'With ÷ without, p99',
          result: `${formatRatio(p99Ratio)} (+${formatMs(withP99 - withoutP99)})`,
          target: `≤ ${TARGET_RATIO.toFixed(2)}×`,
          met: p99Ratio <= TARGET_RATIO,
        },
        {
          measure: 'Dispatcher stopped (hash + enqueue only): median, p99',
          result: `${formatMs(stoppedMedian)}, ${formatMs(stoppedP99)} (${formatRatio(stoppedMedian / withoutMedian)}, ${formatRatio(stoppedP99 / withoutP99)})`,
        },
      ],
    };
  } finally {
    for (const instance of Object.values(instances)) {
      await instance.close();
    }
    await reporter.shutdown({ timeoutMs: 5000 });
    await stoppedReporter.shutdown({ timeoutMs: 0 });
    await fake.close();
    await rm(directory, { recursive: true, force: true });
  }
}

/**
 * Runs `count` checkouts on each instance in blocks of {@link BLOCK_SIZE}, rotating which instance
 * goes first, and returns every checkout's time per variant. Inside a block, the dispatcher's
 * deliveries after each report() share the event loop with the next checkouts of the same instance,
 * as in production. Between blocks `settle()` waits for those deliveries to end, so that they do not
 * slow down the next block of another instance.
 *
 * @param {Record<string, { client: ReturnType<typeof createHttpClient> }>} instances
 * @param {number} count
 * @param {() => Promise<void>} settle
 * @returns {Promise<Record<string, number[]>>}
 */
async function timeCheckouts(instances, count, settle) {
  /** @type {Record<string, number[]>} */
  const samples = Object.fromEntries(VARIANTS.map((variant) => [variant, []]));
  for (let block = 0; block * BLOCK_SIZE < count; block++) {
    const shift = block % VARIANTS.length;
    const order = [...VARIANTS.slice(shift), ...VARIANTS.slice(0, shift)];
    const size = Math.min(BLOCK_SIZE, count - block * BLOCK_SIZE);

    for (const variant of order) {
      const client = /** @type {{ client: ReturnType<typeof createHttpClient> }} */ (instances[variant])
        .client;
      for (let index = 0; index < size; index++) {
        const startNs = process.hrtime.bigint();
        samples[variant]?.push(await checkOutOnce(client));
        recordWindow(variant, startNs);
      }
      await settle();
    }
  }
  return samples;
}

/**
 * Fills a new cart and opens the checkout page (not timed), then posts the checkout form and returns
 * its time in milliseconds.
 * Throws unless the shop responds to the checkout with its 303 redirect to the order page.
 *
 * @param {ReturnType<typeof createHttpClient>} client
 * @returns {Promise<number>}
 */
async function checkOutOnce(client) {
  const cookies = { ...SHOPPER_COOKIES, shop_cart: randomUUID() };
  const cart = await client.postForm(
    '/cart',
    { item_id: 'MUG-SAND', quantity: '2' },
    cookies,
    SHOPPER_HEADERS,
  );
  if (cart.status !== 303) {
    throw new Error(`POST /cart responded with status ${cart.status}, expected 303`);
  }

  // The form carries the version of the cart it showed; the shop charges only that cart.
  const page = await client.getText('/checkout', cookies, SHOPPER_HEADERS);
  const cartVersion = /name="cart_version" value="([^"]+)"/.exec(page.text)?.[1];
  if (page.status !== 200 || cartVersion === undefined) {
    throw new Error(`GET /checkout responded with status ${page.status} and no cart_version field`);
  }

  const form = { ...CHECKOUT_FORM, cart_version: cartVersion };
  const checkout = await client.postForm('/checkout', form, cookies, SHOPPER_HEADERS);
  if (checkout.status !== 303 || !String(checkout.headers.location).startsWith('/orders/')) {
    throw new Error(
      `POST /checkout responded with status ${checkout.status} (location ${checkout.headers.location}), expected 303 to /orders/…`,
    );
  }
  return checkout.ms;
}

/**
 * @param {number[]} samples
 * @returns {{ medianMs: number, p99Ms: number }}
 */
function summarize(samples) {
  return { medianMs: median(samples), p99Ms: percentile(samples, 99) };
}

/**
 * Starts the shop app with `reporter` on 127.0.0.1, a port chosen by the system, an in-memory shop
 * database and no logging.
 *
 * @param {any} shop the example shop module
 * @param {any} reporter
 */
async function startShopInstance(shop, reporter) {
  const database = shop.openShopDatabase(':memory:');
  const app = shop.createShopApp({
    database,
    reporter,
    tracking: { tagId: '2612345678901', posthog: { apiKey: 'phc_bench', host: 'http://127.0.0.1:9' } },
    logger: shop.silentShopLogger,
  });
  const listener = app.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const client = createHttpClient(`http://127.0.0.1:${listener.address().port}`);

  return {
    client,
    async close() {
      client.close();
      listener.closeAllConnections();
      await new Promise((resolve) => listener.close(resolve));
      database.close();
    },
  };
}

/**
 * Creates a reporter whose report() resolves at once without building, hashing or storing
 * anything, so the shop's checkout runs without pinpair's server-side work.
 */
function createNoopReporter() {
  return {
    report: async (/** @type {{ eventId?: string }} */ input) => ({
      eventId: input.eventId ?? '',
      queued: true,
      postHog: 'disabled',
      problems: [],
    }),
  };
}
