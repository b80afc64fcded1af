// Normalization of first name, last name and gender.

import type { NormalizeResult } from './types.js';

/**
 * Normalizes a first or last name: trimmed, lowercased and in Unicode NFC. Pinterest specifies
 * lowercase only, so inner spaces, hyphens and apostrophes are kept ("mary-ann", "o'brien").
 */
export function normalizeName(value: string): NormalizeResult {
  const name = value.trim().toLowerCase().normalize('NFC');
  if (name === '') return { ok: false, message: 'empty name' };
  return { ok: true, value: name };
}

// Words people and forms use for gender, mapped to Pinterest's three codes.
const GENDER_CODES: Record<string, 'm' | 'f' | 'n'> = {
  m: 'm',
  male: 'm',
  man: 'm',
  boy: 'm',
  f: 'f',
  female: 'f',
  woman: 'f',
  girl: 'f',
  n: 'n',
  nonbinary: 'n',
  nb: 'n',
  enby: 'n',
  x: 'n',
  other: 'n',
  genderqueer: 'n',
  genderfluid: 'n',
  agender: 'n',
  diverse: 'n',
  divers: 'n',
};

/**
 * Normalizes gender to Pinterest's codes `m`, `f` or `n` (non-binary) from common words such as
 * "Male", "woman", "non-binary" or "other". Any other word is reported, because guessing would hash
 * a wrong value.
 */
export function normalizeGender(value: string): NormalizeResult {
  const key = value
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
  const code = GENDER_CODES[key];
  if (!code)
    return { ok: false, message: 'not a known gender (use m, f or n, or male, female or non-binary)' };
  return { ok: true, value: code };
}
