// E-mail normalization, kept apart from the other fields because the browser bundle needs only this one.

import type { NormalizeResult } from './types.js';

/**
 * Normalizes an e-mail address as Pinterest specifies: trimmed and lowercased. The result must hold
 * exactly one `@`, no whitespace, and a dot inside the domain.
 */
export function normalizeEmail(value: string): NormalizeResult {
  const email = value.trim().toLowerCase().normalize('NFC');
  const at = email.indexOf('@');
  const domain = email.slice(at + 1);
  const valid =
    at > 0 &&
    email.indexOf('@', at + 1) === -1 &&
    !/\s/.test(email) &&
    domain.indexOf('.') > 0 &&
    !domain.endsWith('.');
  if (!valid) return { ok: false, message: 'not an e-mail address (it needs one @ and a dot in the domain)' };
  return { ok: true, value: email };
}
