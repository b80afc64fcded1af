// Event time as integer Unix seconds from the forms shops have: Date, ISO string, seconds, milliseconds.

import { invalidInput, invalidValue } from './errors/validation-error.js';

// Numbers above this are milliseconds: 1e11 seconds is the year 5138, 1e11 ms is March 1973.
const MILLISECONDS_THRESHOLD = 1e11;

// ISO 8601 date or date-time; Date.parse accepts many other forms that differ between engines.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

// A date-time with its time but no Z or offset.
const ZONELESS_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

/**
 * Converts an event time to integer Unix seconds, rounding down. Accepts a Date, an ISO 8601 string,
 * a string of digits, or a number of seconds or milliseconds: numbers above 1e11 are read as
 * milliseconds. A date without a time is midnight UTC, as `Date.parse` reads it.
 *
 * @throws {ValidationError} with the field `eventTime` for an invalid Date, an unparsable string, a
 *   date-time without `Z` or an offset (browser and server would read it in different time zones),
 *   or a negative or non-finite number.
 * @example
 * toUnixSeconds('2024-03-01T12:00:00Z'); // 1709294400
 * toUnixSeconds(1709294400123);          // 1709294400
 */
export function toUnixSeconds(time: Date | string | number): number {
  if (typeof time === 'string' && ZONELESS_DATE_TIME.test(time.trim())) {
    throw invalidInput(
      'eventTime',
      `${JSON.stringify(time.trim())} has no time zone. Add Z for UTC or an offset such as +02:00.`,
      'invalid_event_time',
    );
  }

  const seconds = readSeconds(time);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.floor(seconds);
  throw invalidValue(
    'eventTime',
    time,
    'a Date, an ISO 8601 string, or Unix seconds or milliseconds',
    'invalid_event_time',
  );
}

// Returns Unix seconds, possibly fractional, or NaN when `time` is not a time.
function readSeconds(time: unknown): number {
  if (time instanceof Date) return time.getTime() / 1000;
  if (typeof time === 'number') return time > MILLISECONDS_THRESHOLD ? time / 1000 : time;
  if (typeof time !== 'string') return Number.NaN;

  const text = time.trim();
  if (/^\d+$/.test(text)) return readSeconds(Number(text));
  return ISO_DATE.test(text) && isCalendarDate(text) ? Date.parse(text) / 1000 : Number.NaN;
}

// Date.parse rolls an impossible day such as February 30th over into March, so check the day exists.
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
