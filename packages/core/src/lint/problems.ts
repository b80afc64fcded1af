// Helpers that the CAPI lint rules share: a problem collector and value checks.

import type { Problem } from '../problem.js';

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
  optionalString(object: Record<string, unknown>, key: string, path: string): void {
    const value = object[key];
    if (value === undefined || value === null || typeof value === 'string') return;
    this.error(join(path, key), 'invalid_type', `\`${key}\` must be a string, not ${describe(value)}.`);
  }

  /** Reports a present value that is not an integer as `invalid_type`. */
  optionalInteger(object: Record<string, unknown>, key: string, path: string): void {
    const value = object[key];
    if (value === undefined || value === null || Number.isSafeInteger(value)) return;
    this.error(join(path, key), 'invalid_type', `\`${key}\` must be an integer, not ${describe(value)}.`);
  }

  /** Reports a present value that is not a boolean as `invalid_type`. */
  optionalBoolean(object: Record<string, unknown>, key: string, path: string): void {
    const value = object[key];
    if (value === undefined || typeof value === 'boolean') return;
    this.error(join(path, key), 'invalid_type', `\`${key}\` must be true or false, not ${describe(value)}.`);
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

/** Describes a value's type for a message without repeating the value, which may be personal data. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}
