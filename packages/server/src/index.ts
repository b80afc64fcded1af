// Public API of @pinpair/server.

export {
  createPinterestClient,
  PINTEREST_API_BASE_URL,
  PINTEREST_CLIENT_DEFAULTS,
  type PinterestClient,
  type PinterestClientOptions,
  type ResolvedPinterestClientOptions,
  type SendEventsOptions,
} from './client/pinterest-client.js';
export { parseRetryAfterMs } from './client/retry-after.js';
export type { EventResult, FailedEvent, SendResult } from './client/send-result.js';
export { CONFIG_VARIABLES, loadConfig, type PinpairConfig } from './config.js';
export { type FetchRequestContextOptions, getRequestContextFromFetch } from './context/fetch-context.js';
export { normalizeIpAddress } from './context/ip-address.js';
export {
  getRequestContext,
  type NodeRequestLike,
  type RequestContext,
  type RequestContextOptions,
} from './context/request-context.js';
export {
  findInvalidTrustedProxies,
  TRUSTED_PROXY_FORMS,
  type TrustedProxies,
} from './context/trusted-proxies.js';
export { type BackoffSettings, computeRetryDelayMs } from './delivery/backoff.js';
export {
  classifyDelivery,
  type DeliveryOutcome,
  type DeliveryOutcomeKind,
  type SendAttempt,
} from './delivery/classify.js';
export type { DeliveryCounts } from './dispatcher/deliver-batch.js';
export {
  createDispatcher,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  type Dispatcher,
  type DispatcherStats,
  type DrainSummary,
  type ShutdownSummary,
} from './dispatcher/dispatcher.js';
export {
  DISPATCHER_DEFAULTS,
  type DispatcherOptions,
  type ResolvedDispatcherOptions,
} from './dispatcher/dispatcher-options.js';
export * from './errors/index.js';
export {
  type ExpressLikeRequest,
  type NextFunction,
  type PinpairMiddlewareOptions,
  pinpairMiddleware,
} from './express.js';
export { createDefaultLogger, type LogMethod, type PinpairLogger } from './logger.js';
export * from './outbox/index.js';
export type { ConsentPolicy } from './reporter/consent-policy.js';
export { nodeSha256Hex } from './reporter/node-sha256.js';
export type { PostHogClientLike, PostHogOptions } from './reporter/posthog.js';
export {
  createReporter,
  type PostHogOutcome,
  type Reporter,
  type ReportResult,
  type SkipReason,
} from './reporter/reporter.js';
export {
  DEFAULT_OUTBOX_PATH,
  REPORTER_DEFAULTS,
  type ReporterOptions,
  type ResolvedReporterOptions,
} from './reporter/reporter-options.js';
export type { Sleep } from './sleep.js';
