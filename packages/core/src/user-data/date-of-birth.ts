// Date-of-birth normalization to YYYYMMDD, as Pinterest specifies for `db`.

import type { NormalizeResult } from './types.js';

const DATE_PATTERNS = [
  /^(\d{4})-(\d{2})-(\d{2})$/, // 1997-12-26
  /^(\d{4})(\d{2})(\d{2})$/, // 19971226
  /^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}/, // 1997-12-26T00:00:00Z and other ISO date-times
];

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

/**
 * Normalizes a date of birth to `YYYYMMDD` from `YYYY-MM-DD`, `YYYYMMDD`, an ISO date-time or a Date.
 * An ISO date-time keeps the calendar date as written, without converting time zones. Impossible dates
 * (February 30th, month 13) and years outside 1900–2100 are reported.
 *
 * NOTE: a Date is read in UTC, which matches `new Date('1997-12-26')`. A Date built in local time east
 * of UTC, such as `new Date(1997, 11, 26)`, reads as the day before; pass a string to avoid that.
 */
export function normalizeDateOfBirth(value: string | Date): NormalizeResult {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { ok: false, message: 'not a date (an invalid Date)' };
    return checkDate(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  }

  const text = value.trim();
  for (const pattern of DATE_PATTERNS) {
    const match = pattern.exec(text);
    if (match) return checkDate(Number(match[1]), Number(match[2]), Number(match[3]));
  }
  return { ok: false, message: 'not a date (use YYYY-MM-DD, YYYYMMDD, an ISO date-time or a Date)' };
}

function checkDate(year: number, month: number, day: number): NormalizeResult {
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return { ok: false, message: `not a date of birth (the year is outside ${MIN_YEAR}–${MAX_YEAR})` };
  }
  // Date.UTC rolls an impossible day over into the next month, which the comparison below detects.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, message: 'not a date (no such day in the calendar)' };
  }
  const value = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  return { ok: true, value };
}
