// Normalizes and hashes a shopper's identifiers into Pinterest's user_data arrays.

import type { Problem } from '../problem.js';
import { isSha256Hex, sha256Hex } from '../sha256.js';
import { normalizeUserField } from './normalize.js';
import type { NormalizeOptions, Sha256Function, UserDataField } from './types.js';

/**
 * A shopper's identifiers as the shop has them. Each may be raw or already a SHA-256 digest, and
 * each may be an array when the shopper has several (two e-mail addresses, say).
 */
export interface UserIdentifiers {
  /** E-mail address → `em`. */
  email?: string | string[];
  /** Phone number, ideally with its country code → `ph`. */
  phone?: string | string[];
  /** First name → `fn`. */
  firstName?: string | string[];
  /** Last name → `ln`. */
  lastName?: string | string[];
  /** Gender, as m/f/n or a common word → `ge`. */
  gender?: string | string[];
  /** Date of birth → `db`. */
  dateOfBirth?: string | Date | (string | Date)[];
  /** City → `ct`. */
  city?: string | string[];
  /** State or province → `st`. */
  state?: string | string[];
  /** ZIP or postal code → `zp`. */
  zip?: string | string[];
  /** Country code or name → `country`. */
  country?: string | string[];
  /** The shop's own customer id → `external_id`. */
  externalId?: string | string[];
  /** Mobile advertising id (GAID, IDFA) → `hashed_maids`. */
  maid?: string | string[];
}

/** Pinterest's hashed user_data fields: arrays of lowercase-hex SHA-256 digests. */
export interface HashedUserData {
  em?: string[];
  ph?: string[];
  fn?: string[];
  ln?: string[];
  ge?: string[];
  db?: string[];
  ct?: string[];
  st?: string[];
  zp?: string[];
  country?: string[];
  external_id?: string[];
  hashed_maids?: string[];
}

const FIELDS: readonly (readonly [keyof UserIdentifiers, UserDataField])[] = [
  ['email', 'em'],
  ['phone', 'ph'],
  ['firstName', 'fn'],
  ['lastName', 'ln'],
  ['gender', 'ge'],
  ['dateOfBirth', 'db'],
  ['city', 'ct'],
  ['state', 'st'],
  ['zip', 'zp'],
  ['country', 'country'],
  ['externalId', 'external_id'],
  ['maid', 'hashed_maids'],
];

/**
 * Normalizes each identifier as Pinterest specifies and hashes it with SHA-256 (Web Crypto, or
 * `options.sha256`). Digests pass through lowercased and are never hashed again; duplicates within a
 * field are dropped. An invalid value is left out and reported as a `user_data_invalid` warning
 * whose path names the field and index (`user_data.em[0]`) and whose message never contains the value.
 * Throws a TypeError when `options.sha256` is not a function or returns something other than
 * 64 lowercase hex characters.
 *
 * @example
 * const { userData, problems } = await hashUserData({ email: 'Jane@Example.com', country: 'United States' });
 * // userData.em: ['<sha256 of jane@example.com>'], userData.country: ['79adb2a2…']
 */
export async function hashUserData(
  user: UserIdentifiers,
  options?: NormalizeOptions,
): Promise<{ userData: HashedUserData; problems: Problem[] }> {
  const sha256 = options?.sha256 ?? sha256Hex;
  if (typeof sha256 !== 'function') {
    throw new TypeError(
      `\`sha256\` must be a function from a string to its SHA-256 hex digest, got ${typeof sha256}. Leave it out to hash with Web Crypto.`,
    );
  }
  const userData: HashedUserData = {};
  const problems: Problem[] = [];

  for (const [inputKey, field] of FIELDS) {
    const raw = user?.[inputKey];
    if (raw === undefined || raw === null) continue;
    const values: unknown[] = Array.isArray(raw) ? raw : [raw];

    const digests = await Promise.all(
      values.map(async (value, index) => {
        const normalized = normalizeUserField(field, toInput(value), options);
        if (!normalized.ok) {
          problems.push({
            path: `user_data.${field}[${index}]`,
            severity: 'warning',
            code: 'user_data_invalid',
            message: `user_data.${field}[${index}] (from \`${inputKey}\`) was left out: ${normalized.message}.`,
          });
          return undefined;
        }
        return isSha256Hex(normalized.value) ? normalized.value : digestWith(sha256, normalized.value);
      }),
    );

    const unique = [...new Set(digests.filter((digest): digest is string => digest !== undefined))];
    if (unique.length > 0) userData[field] = unique;
  }
  return { userData, problems };
}

// Checks what an injected implementation returns, because the outbox and Pinterest accept
// lowercase hex only.
async function digestWith(sha256: Sha256Function, input: string): Promise<string> {
  const digest = await sha256(input);
  if (typeof digest !== 'string' || !isSha256Hex(digest)) {
    const got = typeof digest === 'string' ? `a string of ${digest.length} characters` : typeof digest;
    throw new TypeError(
      `\`sha256\` returned ${got}, not 64 lowercase hex characters. Return the digest as lowercase hex, for example createHash('sha256').update(input, 'utf8').digest('hex') on Node.`,
    );
  }
  return digest;
}

// Accepts numbers for the fields shops often store as numbers (ZIP, phone, customer id).
function toInput(value: unknown): string | Date {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return value as string | Date;
}
