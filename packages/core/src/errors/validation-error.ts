// Error thrown when an input value cannot become part of a valid conversion.

import { isPinpairError, PinpairError } from './pinpair-error.js';

/** Options accepted by {@link ValidationError}. */
export interface ValidationErrorOptions {
  /** The input field with the bad value, for example `'value'` or `'items[2].price'`. */
  field: string;
  /** Stable code; `'validation_failed'` when omitted. */
  code?: string;
  /** The underlying error, when this one wraps another. */
  cause?: unknown;
}

/**
 * Thrown when an input value is invalid. The message names the field, the bad value (never raw
 * personal data such as an e-mail address) and how to fix it.
 */
export class ValidationError extends PinpairError {
  /** The input field with the bad value. */
  readonly field: string;

  constructor(message: string, options: ValidationErrorOptions) {
    super(message, { code: options.code ?? 'validation_failed', cause: options.cause });
    this.name = 'ValidationError';
    this.field = options.field;
  }
}

/** Tells whether `error` is a {@link ValidationError}, also when it comes from another realm (by `name`). */
export function isValidationError(error: unknown): error is ValidationError {
  if (error instanceof ValidationError) return true;
  return isPinpairError(error) && (error as { name?: unknown }).name === 'ValidationError';
}

/**
 * Creates a {@link ValidationError} whose message reads "Invalid `field`: detail". The detail names the
 * bad value (never raw personal data) and the fix.
 */
export function invalidInput(field: string, detail: string, code?: string): ValidationError {
  return new ValidationError(`Invalid \`${field}\`: ${detail}`, { field, code });
}
