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
  declare readonly field: string;

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

/**
 * Creates a {@link ValidationError} whose message reads "Invalid `field`: expected <expected>, got
 * <value>.", with the value shown by {@link describeValue}. `expected` doubles as the fix, so it says
 * what to pass. Use it only for fields that cannot contain personal data.
 */
export function invalidValue(
  field: string,
  value: unknown,
  expected: string,
  code?: string,
): ValidationError {
  return invalidInput(field, `expected ${expected}, got ${describeValue(value)}.`, code);
}

/**
 * Shows a bad input value in a message: a string quoted and cut to 40 characters, a number, boolean,
 * `null`, `undefined` or Date as it prints, and only the kind of anything else, because objects and
 * functions can be large.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${cutAt40(value)}…` : value);
  if (typeof value === 'function') return 'a function';
  if (typeof value !== 'object' || value === null || value instanceof Date) return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

// Cuts before a surrogate pair that the 40th code unit would split, so an emoji is never halved.
function cutAt40(value: string): string {
  const code = value.charCodeAt(39);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? 39 : 40);
}
