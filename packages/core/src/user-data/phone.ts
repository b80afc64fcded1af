// Phone normalization: digits only, with the country code, as Pinterest specifies for `ph`.

import type { NormalizeOptions, NormalizeResult } from './types.js';

// E.164 allows at most 15 digits; fewer than 7 cannot be a full number with its country code.
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;

/**
 * Normalizes a phone number to digits with the country code and no leading zeros.
 *
 * - `+` or `00` in front is an international prefix: it is removed and the digits after it start with
 *   the country code. A `(0)` after the country code, as in `+44 (0)20 …`, is dropped.
 * - Otherwise the number is national: its trunk zeros are removed and `defaultCallingCode` goes in front.
 *   A number without a trunk zero that already starts with `defaultCallingCode` is kept as it is, which
 *   handles the North American `1 650 555 0123` form.
 * - Spaces, dashes, dots, slashes and brackets are removed. A number with letters is rejected, so an
 *   extension or a typo is reported instead of hashed into a different number.
 *
 * NOTE: without an international prefix the country code cannot be known for sure. Normalizing an
 * already normalized number again with `defaultCallingCode` puts the code in front when the number
 * does not start with it, so pass normalized numbers back without that option.
 */
export function normalizePhone(value: string, options?: NormalizeOptions): NormalizeResult {
  const text = value.trim().replace(/\(0\)/g, '');
  if (/\p{L}/u.test(text)) return { ok: false, message: 'not a phone number (it contains letters)' };
  if (text.lastIndexOf('+') > 0) return { ok: false, message: 'not a phone number (a + inside the number)' };

  let digits = text.replace(/\D/g, '');
  let international = text.startsWith('+');
  if (!international && digits.startsWith('00')) {
    international = true;
    digits = digits.slice(2);
  }

  if (international) {
    if (digits.startsWith('0'))
      return { ok: false, message: 'not a phone number (a country code cannot start with 0)' };
  } else {
    const hadTrunkZero = digits.startsWith('0');
    digits = digits.replace(/^0+/, '');
    const callingCode = options?.defaultCallingCode?.replace(/\D/g, '');
    if (callingCode && (hadTrunkZero || !digits.startsWith(callingCode))) digits = callingCode + digits;
  }

  if (digits.length < MIN_DIGITS || digits.length > MAX_DIGITS) {
    return {
      ok: false,
      message: `not a phone number (${digits.length} digits with the country code; expected ${MIN_DIGITS} to ${MAX_DIGITS})`,
    };
  }
  return { ok: true, value: digits };
}
