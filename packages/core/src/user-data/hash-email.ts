// SHA-256 of one e-mail address, for the tag's enhanced match, without pulling in the other normalizers.

import { isSha256Hex, sha256Hex } from '../sha256.js';
import { normalizeEmail } from './email.js';

/**
 * Hashes an e-mail address for Pinterest: trimmed, lowercased, SHA-256 as lowercase hex. A value that
 * already is a SHA-256 digest is returned lowercased, not hashed again.
 *
 * @returns the digest, or `undefined` when the value is not an e-mail address.
 * @example
 * await hashEmail('  John.Doe@Example.COM '); // '836f82db99121b3481011f16b49dfa5fbc714a0d1b1b9f784a1ebbbf5b39577f'
 */
export async function hashEmail(email: string): Promise<string | undefined> {
  if (typeof email !== 'string') return undefined;
  const trimmed = email.trim().toLowerCase();
  if (isSha256Hex(trimmed)) return trimmed;
  const normalized = normalizeEmail(email);
  return normalized.ok ? sha256Hex(normalized.value) : undefined;
}
