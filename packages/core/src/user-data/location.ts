// Normalization of city, state, ZIP or postal code, and country.

import { COUNTRY_CODES, COUNTRY_NAMES } from './countries.js';
import type { NormalizeResult } from './types.js';
import { STATE_CODES } from './us-states.js';

// Lowercase letters (any script), combining marks and digits: what survives "no spaces or punctuation".
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{M}\p{N}]/gu;

/**
 * Normalizes a city as Pinterest specifies: lowercase without spaces or punctuation ("Menlo Park" →
 * "menlopark"). Letters outside ASCII are kept and composed to NFC ("São Paulo" → "sãopaulo").
 */
export function normalizeCity(value: string): NormalizeResult {
  const city = value.toLowerCase().normalize('NFC').replace(NOT_LETTER_OR_DIGIT, '');
  if (city === '') return { ok: false, message: 'empty city' };
  return { ok: true, value: city };
}

/**
 * Normalizes a state or province to its two-letter code, lowercase. US state names and Canadian
 * province names are mapped ("California" → "ca"); any two-letter value is kept, since other
 * countries use two-letter region codes too.
 */
export function normalizeState(value: string): NormalizeResult {
  const state = compact(value);
  if (/^[a-z]{2}$/.test(state)) return { ok: true, value: state };
  const code = STATE_CODES[state];
  if (!code)
    return { ok: false, message: 'not a two-letter state code or a US state or Canadian province name' };
  return { ok: true, value: code };
}

/**
 * Normalizes a ZIP or postal code: lowercase without spaces or dashes. Letters are kept, so UK and
 * Canadian postcodes survive ("SW1A 1AA" → "sw1a1aa"). A US ZIP+4 ("94025-1234") is cut to its five
 * digits, because Pinterest matches five-digit US ZIP codes.
 */
export function normalizeZip(value: string): NormalizeResult {
  const text = value.trim().toLowerCase();
  const zipPlusFour = /^(\d{5})\s*-\s*\d{4}$/.exec(text);
  if (zipPlusFour?.[1]) return { ok: true, value: zipPlusFour[1] };

  const zip = text.replace(/[\s-]+/g, '');
  if (!/^[a-z0-9]+$/.test(zip))
    return { ok: false, message: 'not a postal code (only letters, digits, spaces and dashes)' };
  return { ok: true, value: zip };
}

/**
 * Normalizes a country to its ISO 3166-1 alpha-2 code, lowercase. Codes, alpha-3 codes, English names
 * and common native names and abbreviations are mapped ("United States", "USA", "U.S." → "us";
 * "Deutschland" → "de"; "UK", "United Kingdom" → "gb").
 */
export function normalizeCountry(value: string): NormalizeResult {
  const country = compact(value);
  const code = COUNTRY_NAMES[country] ?? (COUNTRY_CODES.has(country) ? country : undefined);
  if (!code) return { ok: false, message: 'not an ISO 3166-1 country code or a known country name' };
  return { ok: true, value: code };
}

// Lowercase letters only, so "U.S.", "New York" and "new-york" meet their table keys.
function compact(value: string): string {
  return value
    .toLowerCase()
    .normalize('NFC')
    .replace(/[^\p{L}]/gu, '');
}
