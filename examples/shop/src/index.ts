// Public entry of the example shop: the app, the launcher, configuration and the stores.

export {
  createShopApp,
  DEFAULT_PUBLIC_DIR,
  type ResolvedShopAppOptions,
  type ShopAppOptions,
  type ShopTrackingOptions,
  shopAppDefaults,
} from './app.js';
export {
  type Catalog,
  DEFAULT_CATALOG_PATH,
  loadCatalog,
  type Product,
  parseCatalog,
  type Variant,
} from './catalog.js';
export {
  loadShopConfig,
  type PinterestSettings,
  type PostHogSettings,
  type ShopConfig,
  shopConfigDefaults,
} from './config.js';
export { openShopDatabase, type ShopDatabase } from './database.js';
export { createShopLogger, type ShopLogger, silentShopLogger } from './logger.js';
export { createOrderStore, type Order, type OrderStore } from './orders.js';
export {
  type ChargeRequest,
  type ChargeResult,
  createSimulatedPaymentProvider,
  type PaymentProvider,
} from './payments.js';
export {
  type ResolvedStartShopOptions,
  type RunningShop,
  type StartShopOptions,
  startShop,
  startShopDefaults,
} from './server.js';
