// Helpers that the CAPI lint rules share: a problem collector and value checks.

import { describeValue } from '../errors/validation-error.js';
import type { Problem } from '../problem.js';

/** Options of the `optional…` checks of {@link ProblemList}. */
export interface TypeCheckOptions {
  /** Name only the type of a wrong value, never the value, because the field contains personal data. */
  personalData?: boolean;
}

/** Collects problems; every lint rule writes through one of these. */
export class ProblemList {
  readonly problems: Problem[] = [];

  error(path: string, code: string, message: string): void {
    this.problems.push({ path, severity: 'error', code, message });
  }

  warning(path: string, code: string, message: string): void {
    this.problems.push({ path, severity: 'warning', code, message });
  }

  /** Reports each key of `object` that `allowed` lacks as an `unknown_key` error. */
  unknownKeys(
    object: Record<string, unknown>,
    allowed: ReadonlySet<string>,
    path: string,
    where: string,
  ): void {
    for (const key of Object.keys(object)) {
      if (allowed.has(key)) continue;
      this.error(
        join(path, key),
        'unknown_key',
        `\`${key}\` is not a key of ${where} in Pinterest's schema, which rejects unknown keys. Remove it; data for PostHog only belongs in the conversion's properties.`,
      );
    }
  }

  /** Reports a present value that is not a string (null allowed) as `invalid_type`. */
  optionalString(
    object: Record<string, unknown>,
    key: string,
    path: string,
    options: TypeCheckOptions = {},
  ): void {
    const value = object[key];
    if (value === undefined || value === null || typeof value === 'string') return;
    const description = options.personalData === true ? describeType(value) : describeTypeAndValue(value);
    this.error(join(path, key), 'invalid_type', `\`${key}\` must be a string, not ${description}.`);
  }

  /** Reports a present value that is not an integer as `invalid_type`. */
  optionalInteger(object: Record<string, unknown>, key: string, path: string): void {
    const value = object[key];
    if (value === undefined || value === null || Number.isSafeInteger(value)) return;
    this.error(
      join(path, key),
      'invalid_type',
      `\`${key}\` must be an integer, not ${describeTypeAndValue(value)}.`,
    );
  }

  /** Reports a present value that is not a boolean as `invalid_type`. */
  optionalBoolean(object: Record<string, unknown>, key: string, path: string): void {
    const value = object[key];
    if (value === undefined || typeof value === 'boolean') return;
    this.error(
      join(path, key),
      'invalid_type',
      `\`${key}\` must be true or false, not ${describeTypeAndValue(value)}.`,
    );
  }
}

/** Joins a parent path and a key: `join('data[0]', 'user_data')` is `'data[0].user_data'`. */
export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** Tells whether `value` is a plain object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Names a value's JSON type with its article, for a message: `an object`, `an array`, `a string`,
 * `a number`, `an integer`, `a boolean` or `null` (and `undefined`, `a function`, `a bigint` or
 * `a symbol` for values that JSON cannot hold). It never shows the value, so it suits personal data.
 */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    case 'undefined':
      return 'undefined';
    default:
      return `a ${typeof value}`;
  }
}

/**
 * Names a wrong value's type and shows a scalar value as core's `describeValue` does, quoted and cut
 * to 40 characters for a string: `the string "3"`, `the integer 1001`, `the number 2.5`,
 * `the boolean true`. Objects and arrays are named by type only. Never pass a `user_data` value,
 * which is personal data; use {@link describeType} for those.
 */
export function describeTypeAndValue(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    return describeType(value);
  }
  return `${describeType(value).replace(/^an? /, 'the ')} ${describeValue(value)}`;
}
