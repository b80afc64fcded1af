// Money: values as decimal strings and ISO 4217 currency codes, with no guessing on ambiguous input.

import { isCurrencyCode } from './currencies.js';
import { invalidValue } from './errors/validation-error.js';

// Digits, then optionally a dot and more digits: no sign, grouping, exponent or currency symbol.
const PLAIN_DECIMAL = /^\d+(?:\.\d+)?$/;

// Numbers from 1e21 up print in exponent form, which is not a plain decimal.
const MAX_VALUE = 1e21;

/**
 * Converts a money amount to the decimal string the Conversions API expects (`"72.39"`).
 *
 * - A number must be finite and at least 0. It is written with at most 15 significant digits, which
 *   drops binary floating-point noise (`0.1 + 0.2` → `"0.3"`, `72.39` → `"72.39"`), and never in
 *   exponent form.
 * - A string must be a plain decimal with a dot (`"72.39"`, `"72"`, `"0.5"`); it is returned trimmed
 *   and otherwise unchanged. `"1,234.50"`, `"12,50"`, `"1e3"`, `"$5"`, `""` and negative amounts are
 *   rejected, because reading them would mean guessing the locale.
 *
 * @param field - the input field named in the error message.
 * @throws {ValidationError} naming `field` and the bad value.
 * @example
 * toDecimalString(0.1 + 0.2); // '0.3'
 * toDecimalString('1,234.50'); // throws ValidationError
 */
export function toDecimalString(value: number | string, field = 'value'): string {
  // The range check also rejects NaN and the infinities.
  if (typeof value === 'number' && value >= 0 && value < MAX_VALUE) return formatNumber(value);

  const text = typeof value === 'string' ? value.trim() : '';
  if (PLAIN_DECIMAL.test(text)) return text;
  throw invalidValue(
    field,
    value,
    "a number of at least 0 and below 1e21, or a plain decimal string with a dot and no thousands separators, such as '1234.50'",
    'value_not_decimal',
  );
}

/**
 * Checks a currency code against ISO 4217 and returns it upper-cased (`'usd'` → `'USD'`).
 *
 * @throws {ValidationError} with the field `currency` for an unknown code.
 */
export function normalizeCurrency(code: string): string {
  const currency = typeof code === 'string' ? code.trim().toUpperCase() : '';
  if (isCurrencyCode(currency)) return currency;
  throw invalidValue('currency', code, "an ISO 4217 code such as 'USD' or 'EUR'", 'currency_invalid');
}

function formatNumber(value: number): string {
  // toPrecision(15) rounds away the noise; Number() then String() gives the shortest form.
  const rounded = Number(value.toPrecision(15));
  const text = String(rounded);
  if (!text.includes('e')) return text;
  // Amounts below 1e-6 print in exponent form; toFixed writes them out in full.
  return rounded.toFixed(20).replace(/\.?0+$/, '');
}
