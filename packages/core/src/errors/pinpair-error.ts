// Base class of every error that pinpair throws on purpose, with a guard that works across realms.

const PINPAIR_ERROR_BRAND = Symbol.for('pinpair.error');

/** Options accepted by {@link PinpairError}. */
export interface PinpairErrorOptions {
  /** Stable machine-readable code, for example `'validation_failed'`. */
  code: string;
  /** The underlying error, when this one wraps another. */
  cause?: unknown;
}

/**
 * Base class of the errors pinpair throws. `code` is a stable string that callers may switch on;
 * the message is for people and may change.
 */
export class PinpairError extends Error {
  // `declare` fields: the constructors assign them, and class fields would make bundlers that target
  // ES2020 emit a property-definition helper.
  /** Stable machine-readable code, for example `'validation_failed'`. */
  declare readonly code: string;

  constructor(message: string, options: PinpairErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PinpairError';
    this.code = options.code;
    Object.defineProperty(this, PINPAIR_ERROR_BRAND, { value: true });
  }
}

/**
 * Tells whether `error` is a {@link PinpairError} or one of its subclasses. Besides `instanceof` it
 * recognises errors from another copy of this package or another realm (an iframe, a worker) by a
 * registered symbol brand or by `name`.
 */
export function isPinpairError(error: unknown): error is PinpairError {
  if (error instanceof PinpairError) return true;
  if (typeof error !== 'object' || error === null) return false;
  if ((error as Record<symbol, unknown>)[PINPAIR_ERROR_BRAND] === true) return true;
  return (error as { name?: unknown }).name === 'PinpairError';
}
