// createShopApp: the example store as an Express 5 app, with pinpair in the browser (the page script)
// and on the server (the paid order reported through the reporter).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Reporter } from '@pinpair/server';
import express, {
  type ErrorRequestHandler,
  type Express,
  type NextFunction,
  type Request,
  type Response,
} from 'express';
import { createCartStore } from './carts.js';
import { type Catalog, loadCatalog } from './catalog.js';
import type { ShopDatabase } from './database.js';
import { createShopLogger, type ShopLogger } from './logger.js';
import { withoutUndefined } from './options.js';
import { createOrderStore } from './orders.js';
import { createSimulatedPaymentProvider, type PaymentProvider } from './payments.js';
import { createPageRenderer, type RenderPage } from './render.js';
import { createAddToCartReporter } from './report-add-to-cart.js';
import { createOrderReporter } from './report-order.js';
import { createCartRoutes } from './routes/cart-routes.js';
import { createCatalogRoutes } from './routes/catalog-routes.js';
import { createCheckoutRoutes } from './routes/checkout-routes.js';
import { createConsentRoutes } from './routes/consent-routes.js';
import { createShopperReader } from './shopper-context.js';
import { renderMessagePage } from './views/message.js';

/** The shop's static files: styles, icon and the bundled page script. */
export const DEFAULT_PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

/** Browser-side tracking settings of the shop. */
export interface ShopTrackingOptions {
  /** Pinterest tag id. */
  tagId: string;
  /** Tag script URL; the testkit's fake tag in the demo and tests, Pinterest's when undefined. */
  tagScriptUrl?: string;
  /** posthog-js settings: project api key and ingestion host. */
  posthog: { apiKey: string; host: string };
}

/** Options of {@link createShopApp}. */
export interface ShopAppOptions {
  /** An open shop database (see `openShopDatabase`); the caller closes it. */
  database: ShopDatabase;
  /** The @pinpair/server reporter that sends paid orders to Pinterest and PostHog. */
  reporter: Reporter;
  tracking: ShopTrackingOptions;
  /**
   * The catalog.
   * @default loadCatalog() (the catalog.csv beside the shop)
   */
  catalog?: Catalog;
  /**
   * Proxies whose `X-Forwarded-For` the shop believes, as IP addresses or CIDR ranges. Only list
   * proxies you run: anyone else could write any shopper address into the header.
   * @default []
   */
  trustedProxies?: readonly string[];
  /**
   * The payment provider.
   * @default createSimulatedPaymentProvider()
   */
  payments?: PaymentProvider;
  /**
   * Directory of styles, icon and the bundled page script.
   * @default DEFAULT_PUBLIC_DIR
   */
  publicDir?: string;
  /**
   * Logger for orders, reports and errors.
   * @default createShopLogger()
   */
  logger?: ShopLogger;
}

/** {@link ShopAppOptions} with defaults applied. */
export type ResolvedShopAppOptions = Required<ShopAppOptions>;

/** Defaults of {@link ShopAppOptions} that need no work to create. */
export const shopAppDefaults = {
  trustedProxies: [],
  publicDir: DEFAULT_PUBLIC_DIR,
} satisfies Partial<ResolvedShopAppOptions>;

/**
 * Creates the shop. Start it with `app.listen(port, host)`; `startShop` does that and also starts
 * the fakes, the database and the reporter.
 *
 * @example
 * const app = createShopApp({ database: openShopDatabase(':memory:'), reporter, tracking });
 * const server = app.listen(0, '127.0.0.1');
 */
export function createShopApp(options: ShopAppOptions): Express {
  const resolved: ResolvedShopAppOptions = {
    ...shopAppDefaults,
    ...withoutUndefined(options),
    database: options.database,
    reporter: options.reporter,
    tracking: options.tracking,
    catalog: options.catalog ?? loadCatalog(),
    payments: options.payments ?? createSimulatedPaymentProvider(),
    logger: options.logger ?? createShopLogger(),
  };
  const { catalog, database, logger } = resolved;
  if (!existsSync(join(resolved.publicDir, 'shop.js'))) {
    logger.warn(
      { publicDir: resolved.publicDir },
      'public/shop.js is missing, so pages load without tracking; run `pnpm run build` first',
    );
  }

  const carts = createCartStore(database);
  const orders = createOrderStore(database);
  const render = createPageRenderer(catalog, carts, { ...resolved.tracking, currency: catalog.currency });
  const contextOptions = {
    trustedProxies: resolved.trustedProxies,
    posthogApiKey: resolved.tracking.posthog.apiKey,
  };
  const readShopper = createShopperReader(contextOptions);
  const reportOrder = createOrderReporter(resolved.reporter, logger);
  const reportAddToCart = createAddToCartReporter(resolved.reporter, logger);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', resolved.trustedProxies.length > 0 ? [...resolved.trustedProxies] : false);
  app.use((_req, res, next) => {
    res.set('x-content-type-options', 'nosniff');
    next();
  });
  app.use(express.static(resolved.publicDir, { index: false }));
  app.use(express.urlencoded({ extended: false, limit: '32kb' }));

  app.use(createCatalogRoutes(catalog, render));
  app.use(createCartRoutes({ catalog, carts, orders, render, reportAddToCart, context: contextOptions }));
  app.use(createConsentRoutes(render));
  app.use(
    createCheckoutRoutes({
      catalog,
      carts,
      orders,
      render,
      readShopper,
      logger,
      payments: resolved.payments,
      reportOrder,
    }),
  );

  app.use((req, res) => {
    render(req, res, {
      status: 404,
      title: 'Not found',
      body: renderMessagePage('Page not found', 'There is nothing at this address.'),
    });
  });
  app.use(createErrorHandler(render, logger));

  return app;
}

/** Creates the handler of errors the routes and body-parser raise. */
function createErrorHandler(render: RenderPage, logger: ShopLogger): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const clientErrorStatus = readClientErrorStatus(error);
    if (clientErrorStatus !== undefined) {
      rejectRequest(render, logger, { error, status: clientErrorStatus, req, res });
      return;
    }

    logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) return;
    render(req, res, {
      status: 500,
      title: 'Error',
      body: renderMessagePage('Something went wrong', 'Please try again.'),
    });
  };
}

/**
 * Responds to a request the shop could not read, such as a form over the body size or field limit.
 * The request caused it, not a fault of the shop, so it is logged as a warning. The log line names
 * the error type and the path, never the body, which may contain personal data.
 */
function rejectRequest(
  render: RenderPage,
  logger: ShopLogger,
  rejected: { error: unknown; status: number; req: Request; res: Response },
): void {
  const { error, status, req, res } = rejected;
  logger.warn({ status, type: readErrorType(error), method: req.method, path: req.path }, 'request rejected');
  if (res.headersSent) return;

  // body-parser rejects both a body over `limit` and more fields than `parameterLimit` with 413.
  const page =
    status === 413
      ? {
          title: 'Form too large',
          message: 'The form was too large. Go back, shorten what you typed and send it again.',
        }
      : {
          title: 'Request not readable',
          message: 'The request could not be read. Go back, reload the page and try again.',
        };
  render(req, res, { status, title: page.title, body: renderMessagePage(page.title, page.message) });
}

/**
 * Returns the 4xx status of an error that a request caused, such as body-parser's 413 for a form over
 * the limit, or undefined for any other error. body-parser and Express set `status` through http-errors.
 */
function readClientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  return typeof code === 'number' && Number.isInteger(code) && code >= 400 && code < 500 ? code : undefined;
}

/** Returns body-parser's error type, such as `entity.too.large`, or undefined. */
function readErrorType(error: unknown): string | undefined {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : undefined;
}
