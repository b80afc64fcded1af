// Money: values as decimal strings and ISO 4217 currency codes, with no guessing on ambiguous input.

import { CURRENCY_CODES } from './currencies.js';
import { ValidationError } from './errors/validation-error.js';

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
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0 || value >= MAX_VALUE) {
      throw invalidAmount(field, String(value), 'is not a finite amount from 0 to 1e21');
    }
    return formatNumber(value);
  }

  if (typeof value === 'string') {
    const text = value.trim();
    if (!PLAIN_DECIMAL.test(text))
      throw invalidAmount(field, JSON.stringify(truncate(value)), 'is not a plain decimal');
    return text;
  }

  throw invalidAmount(field, value === null ? 'null' : typeof value, 'is not a number or a string');
}

/**
 * Checks a currency code against ISO 4217 and returns it upper-cased (`'usd'` → `'USD'`).
 *
 * @throws {ValidationError} with the field `currency` for an unknown code.
 */
export function normalizeCurrency(code: string): string {
  const currency = typeof code === 'string' ? code.trim().toUpperCase() : '';
  if (!CURRENCY_CODES.has(currency)) {
    const shown = typeof code === 'string' ? JSON.stringify(truncate(code)) : String(code);
    throw new ValidationError(
      `Invalid \`currency\` ${shown}: not an ISO 4217 currency code. Pass a three-letter code such as 'USD' or 'EUR'.`,
      { field: 'currency', code: 'currency_invalid' },
    );
  }
  return currency;
}

function formatNumber(value: number): string {
  // toPrecision(15) rounds away the noise; Number() then String() gives the shortest form.
  const rounded = Number(value.toPrecision(15));
  const text = String(rounded);
  if (!text.includes('e')) return text;
  // Amounts below 1e-6 print in exponent form; toFixed writes them out in full.
  return rounded.toFixed(20).replace(/\.?0+$/, '');
}

function invalidAmount(field: string, shown: string, reason: string): ValidationError {
  return new ValidationError(
    `Invalid \`${field}\`: ${shown} ${reason}. Pass a number, or a plain decimal string with a dot and no thousands separators, such as '1234.50'.`,
    { field, code: 'value_not_decimal' },
  );
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
