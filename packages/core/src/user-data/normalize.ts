// Normalization of one user_data value by field, with SHA-256 digests passed through.

import { normalizeDateOfBirth } from './date-of-birth.js';
import { normalizeEmail } from './email.js';
import { normalizeExternalId, normalizeMaid } from './identifiers.js';
import { normalizeCity, normalizeCountry, normalizeState, normalizeZip } from './location.js';
import { normalizeGender, normalizeName } from './person.js';
import { normalizePhone } from './phone.js';
import type { NormalizeOptions, NormalizeResult, UserDataField } from './types.js';

// Any case, so a digest written in uppercase is recognised and lowercased rather than hashed again.
const DIGEST = /^[0-9a-fA-F]{64}$/;

/**
 * Normalizes one user_data value exactly as Pinterest specifies for `field`, ready for SHA-256. A value
 * that already is a SHA-256 digest (64 hex characters) is returned lowercased, whatever the field.
 * An invalid value (an e-mail without `@`, a phone number with three digits) is reported with a
 * message that never repeats the value.
 *
 * @example
 * normalizeUserField('ph', '+1 (650) 555-0123'); // { ok: true, value: '16505550123' }
 * normalizeUserField('em', 'not an e-mail');     // { ok: false, message: 'not an e-mail address (…)' }
 */
export function normalizeUserField(
  field: UserDataField,
  value: string | Date,
  options?: NormalizeOptions,
): NormalizeResult {
  if (typeof value === 'string' && DIGEST.test(value.trim()))
    return { ok: true, value: value.trim().toLowerCase() };
  if (value instanceof Date) {
    return field === 'db'
      ? normalizeDateOfBirth(value)
      : { ok: false, message: 'a Date is only valid for db' };
  }
  if (typeof value !== 'string') return { ok: false, message: `expected a string, got ${typeof value}` };

  switch (field) {
    case 'em':
      return normalizeEmail(value);
    case 'ph':
      return normalizePhone(value, options);
    case 'fn':
    case 'ln':
      return normalizeName(value);
    case 'ge':
      return normalizeGender(value);
    case 'db':
      return normalizeDateOfBirth(value);
    case 'ct':
      return normalizeCity(value);
    case 'st':
      return normalizeState(value);
    case 'zp':
      return normalizeZip(value);
    case 'country':
      return normalizeCountry(value);
    case 'external_id':
      return normalizeExternalId(value);
    case 'hashed_maids':
      return normalizeMaid(value);
    default:
      return { ok: false, message: `unknown user_data field ${JSON.stringify(field)}` };
  }
}
