// Normalization of the advertiser's user id (external_id) and mobile advertising ids (hashed_maids).

import type { NormalizeResult } from './types.js';

/**
 * Normalizes an external id (the shop's customer or loyalty id): trimmed, case kept.
 *
 * NOTE: Pinterest does not say how to normalize external_id. Case is kept because shop ids can be
 * case-sensitive; lowercase the id yourself if your ids are not.
 */
export function normalizeExternalId(value: string): NormalizeResult {
  const id = value.trim();
  if (id === '') return { ok: false, message: 'empty external id' };
  return { ok: true, value: id };
}

/**
 * Normalizes a mobile advertising id (Android GAID or Apple IDFA): trimmed and lowercased.
 *
 * NOTE: Pinterest does not say which case to hash. Lowercase follows the Segment and PostHog
 * integrations; Android reports GAIDs in lowercase while Apple reports IDFAs in uppercase.
 */
export function normalizeMaid(value: string): NormalizeResult {
  const maid = value.trim().toLowerCase();
  if (maid === '') return { ok: false, message: 'empty mobile advertising id' };
  return { ok: true, value: maid };
}
