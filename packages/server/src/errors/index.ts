// Re-exports the typed errors: the Conversions API client's, configuration and outbox errors.

export { AuthenticationError, isAuthenticationError } from './authentication-error.js';
export { ConfigurationError, type ConfigurationIssue, isConfigurationError } from './configuration-error.js';
export { InvalidRequestError, isInvalidRequestError } from './invalid-request-error.js';
export { isNetworkError, NetworkError, type NetworkErrorOptions } from './network-error.js';
export {
  isOutboxNotFoundError,
  OutboxNotFoundError,
  type OutboxNotFoundErrorOptions,
  type OutboxNotFoundReason,
} from './outbox-not-found-error.js';
export { isPermissionError, PermissionError } from './permission-error.js';
export {
  isPinterestApiError,
  PinterestApiError,
  type PinterestApiErrorDescription,
  type PinterestApiErrorOptions,
} from './pinterest-api-error.js';
export { isRateLimitedError, RateLimitedError, type RateLimitedErrorOptions } from './rate-limited-error.js';
export { isServerError, ServerError, type ServerErrorOptions } from './server-error.js';
export { isTimeoutError, TimeoutError, type TimeoutErrorOptions } from './timeout-error.js';
