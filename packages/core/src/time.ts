// Event time as integer Unix seconds from the forms shops have: Date, ISO string, seconds, milliseconds.

import { ValidationError } from './errors/validation-error.js';

// Numbers above this are milliseconds: 1e11 seconds is the year 5138, 1e11 ms is March 1973.
const MILLISECONDS_THRESHOLD = 1e11;

// ISO 8601 date or date-time; Date.parse accepts many other forms that differ between engines.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Converts an event time to integer Unix seconds, rounding down. Accepts a Date, an ISO 8601 string,
 * a string of digits, or a number of seconds or milliseconds: numbers above 1e11 are read as
 * milliseconds. A date-time without an offset is read in the runtime's local time, as `Date.parse`
 * does, so pass `Z` or an offset when browser and server may differ.
 *
 * @throws {ValidationError} with the field `eventTime` for an invalid Date, an unparsable string, or
 *   a negative or non-finite number.
 * @example
 * toUnixSeconds('2024-03-01T12:00:00Z'); // 1709294400
 * toUnixSeconds(1709294400123);          // 1709294400
 */
export function toUnixSeconds(time: Date | string | number): number {
  if (time instanceof Date) return fromMilliseconds(time.getTime(), 'an invalid Date');

  if (typeof time === 'number') {
    if (!Number.isFinite(time) || time < 0) throw invalidTime(String(time));
    return time > MILLISECONDS_THRESHOLD ? Math.floor(time / 1000) : Math.floor(time);
  }

  if (typeof time === 'string') {
    const text = time.trim();
    if (/^\d+$/.test(text)) return toUnixSeconds(Number(text));
    if (ISO_DATE.test(text) && isCalendarDate(text))
      return fromMilliseconds(Date.parse(text), JSON.stringify(time));
    throw invalidTime(JSON.stringify(time));
  }

  throw invalidTime(time === null ? 'null' : typeof time);
}

// Date.parse rolls an impossible day such as February 30th over into March, so check the day exists.
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function fromMilliseconds(milliseconds: number, shown: string): number {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) throw invalidTime(shown);
  return Math.floor(milliseconds / 1000);
}

function invalidTime(shown: string): ValidationError {
  return new ValidationError(
    `Invalid \`eventTime\`: ${shown} is not a time. Pass a Date, an ISO 8601 string, or Unix seconds or milliseconds.`,
    { field: 'eventTime', code: 'invalid_event_time' },
  );
}
