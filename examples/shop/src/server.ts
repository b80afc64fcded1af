// startShop: runs the example store with everything it needs — the testkit's fake Pinterest and
// PostHog (unless real settings are given), the database, the reporter and the HTTP server.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemoryOutbox, createReporter, type Reporter } from '@pinpair/server';
import {
  type FakePinterest,
  type FakePinterestOptions,
  type FakePostHog,
  type FakePostHogOptions,
  startFakePinterest,
  startFakePostHog,
} from '@pinpair/testkit';
import type { Express } from 'express';
import { createShopApp } from './app.js';
import type { Catalog } from './catalog.js';
import type { PinterestSettings, PostHogSettings } from './config.js';
import { openShopDatabase, type ShopDatabase } from './database.js';
import { createShopLogger, type ShopLogger } from './logger.js';
import { withoutUndefined } from './options.js';
import type { PaymentProvider } from './payments.js';

/** Options of {@link startShop}. */
export interface StartShopOptions {
  /**
   * Interface the shop listens on.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * Port the shop listens on; 0 picks a free port.
   * @default 0
   */
  port?: number;
  /**
   * SQLite file for carts and orders, or `:memory:`.
   * @default ':memory:'
   */
  databasePath?: string;
  /**
   * SQLite file of the reporter's outbox; undefined keeps the outbox in memory, which loses
   * undelivered events when the process stops.
   * @default undefined
   */
  outboxPath?: string;
  /**
   * Proxies whose `X-Forwarded-For` is believed (IPs, CIDR ranges, `loopback`).
   * @default []
   */
  trustedProxies?: readonly string[];
  /**
   * Real Pinterest settings; undefined starts the testkit's fake Pinterest and uses it.
   * @default undefined
   */
  pinterest?: PinterestSettings;
  /**
   * Real PostHog settings; undefined starts the testkit's fake PostHog and uses it.
   * @default undefined
   */
  posthog?: PostHogSettings;
  /**
   * Options of the fakes, when they are started.
   * @default {}
   */
  fakes?: { pinterest?: FakePinterestOptions; posthog?: FakePostHogOptions };
  /**
   * The catalog.
   * @default loadCatalog()
   */
  catalog?: Catalog;
  /**
   * The payment provider.
   * @default createSimulatedPaymentProvider()
   */
  payments?: PaymentProvider;
  /**
   * Logger for the shop and the reporter.
   * @default createShopLogger()
   */
  logger?: ShopLogger;
}

/** A running shop. */
export interface RunningShop {
  /** The shop's address, such as `http://127.0.0.1:5310`. */
  url: string;
  /** The fakes this shop started; undefined for a service given real settings. */
  fakes: { pinterest?: FakePinterest; posthog?: FakePostHog };
  reporter: Reporter;
  database: ShopDatabase;
  /**
   * Stops taking requests, delivers the events in the outbox (up to `timeoutMs`), then stops the
   * fakes and closes the database. A second call returns the same promise.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/** Defaults of {@link StartShopOptions}; the `@default` tags above match these values. */
export const startShopDefaults = {
  host: '127.0.0.1',
  port: 0,
  databasePath: ':memory:',
  trustedProxies: [] as readonly string[],
  fakes: {} as NonNullable<StartShopOptions['fakes']>,
} satisfies StartShopOptions;

/** {@link StartShopOptions} with {@link startShopDefaults} applied. */
export type ResolvedStartShopOptions = StartShopOptions & typeof startShopDefaults;

const DEFAULT_CLOSE_TIMEOUT_MS = 5000;

/**
 * Starts the shop, and the fakes for each service without real settings.
 *
 * @example
 * const shop = await startShop({ port: 5310 });
 * console.log(`Shop: ${shop.url}, dedup report: ${shop.fakes.pinterest?.reportUrl}`);
 * process.on('SIGINT', () => shop.close());
 */
export async function startShop(options: StartShopOptions = {}): Promise<RunningShop> {
  const resolved: ResolvedStartShopOptions = { ...startShopDefaults, ...withoutUndefined(options) };
  const logger = resolved.logger ?? createShopLogger();
  const database = openShopDatabase(resolved.databasePath);
  let fakes: RunningShop['fakes'];
  try {
    fakes = await startFakes(resolved);
  } catch (error) {
    database.close();
    throw error;
  }

  const pinterest: PinterestSettings = resolved.pinterest ?? {
    adAccountId: fakes.pinterest?.adAccountId ?? '',
    conversionToken: fakes.pinterest?.conversionToken ?? '',
    tagId: fakes.pinterest?.tagId ?? '',
    apiBaseUrl: fakes.pinterest?.apiBaseUrl,
    tagScriptUrl: fakes.pinterest?.tagScriptUrl,
    testMode: false,
  };
  const posthog: PostHogSettings = resolved.posthog ?? {
    apiKey: fakes.posthog?.apiKey ?? '',
    host: fakes.posthog?.url ?? '',
  };

  const reporter = createReporter({
    pinterest: {
      adAccountId: pinterest.adAccountId,
      conversionToken: pinterest.conversionToken,
      test: pinterest.testMode,
      ...withoutUndefined({ baseUrl: pinterest.apiBaseUrl }),
    },
    ...(resolved.outboxPath ? { outboxPath: resolved.outboxPath } : { outbox: createMemoryOutbox() }),
    // An example store gets few orders, so each capture is sent at once rather than batched.
    posthog: { apiKey: posthog.apiKey, host: posthog.host, flushAt: 1 },
    logger,
  });

  const stopServices = async (timeoutMs: number) => {
    await reporter.shutdown({ timeoutMs });
    await Promise.all([fakes.pinterest?.close(), fakes.posthog?.close()]);
    database.close();
  };

  let server: Server;
  try {
    const app = createShopApp({
      database,
      reporter,
      tracking: {
        tagId: pinterest.tagId,
        tagScriptUrl: pinterest.tagScriptUrl,
        posthog: { apiKey: posthog.apiKey, host: posthog.host },
      },
      trustedProxies: resolved.trustedProxies,
      logger,
      ...withoutUndefined({ catalog: resolved.catalog, payments: resolved.payments }),
    });
    server = await listen(app, resolved.port, resolved.host);
  } catch (error) {
    // A port in use or an unreadable catalog must not leave the fakes and the outbox running.
    await stopServices(0);
    throw error;
  }

  const { port } = server.address() as AddressInfo;
  const url = `http://${resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host}:${port}`;
  logger.info(
    { url, fakePinterest: fakes.pinterest?.url, fakePostHog: fakes.posthog?.url },
    'shop listening',
  );

  let closing: Promise<void> | undefined;
  const stop = async (timeoutMs: number) => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await stopServices(timeoutMs);
    logger.info({ url }, 'shop stopped');
  };

  return {
    url,
    fakes,
    reporter,
    database,
    close(closeOptions = {}) {
      closing ??= stop(closeOptions.timeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS);
      return closing;
    },
  };
}

/** Starts the fake of each service that has no real settings; stops the first if the second fails. */
async function startFakes(resolved: ResolvedStartShopOptions): Promise<RunningShop['fakes']> {
  const fakes: RunningShop['fakes'] = {};
  if (!resolved.pinterest) fakes.pinterest = await startFakePinterest(resolved.fakes.pinterest);
  try {
    if (!resolved.posthog) fakes.posthog = await startFakePostHog(resolved.fakes.posthog);
  } catch (error) {
    await fakes.pinterest?.close();
    throw error;
  }
  return fakes;
}

/** Listens on `port` and `host`, and rejects when the port is taken or the address is invalid. */
function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}
