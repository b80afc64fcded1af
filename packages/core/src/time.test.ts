// Tests for event times: Date, ISO string, seconds and milliseconds to Unix seconds.

import { describe, expect, it } from 'vitest';
import { isValidationError } from './errors/validation-error.js';
import { toUnixSeconds } from './time.js';

describe('toUnixSeconds', () => {
  it.each([
    ['a Date', new Date('2024-03-01T12:00:00Z'), 1709294400],
    ['a Date with milliseconds', new Date('2024-03-01T12:00:00.999Z'), 1709294400],
    ['an ISO date-time', '2024-03-01T12:00:00Z', 1709294400],
    ['an ISO date-time with offset', '2024-03-01T13:00:00+01:00', 1709294400],
    ['an ISO date-time with fraction', '2024-03-01T12:00:00.500Z', 1709294400],
    ['an ISO date', '2024-03-01', 1709251200],
    ['seconds', 1709294400, 1709294400],
    ['fractional seconds', 1709294400.9, 1709294400],
    ['milliseconds', 1709294400123, 1709294400],
    ['a digit string of seconds', '1709294400', 1709294400],
    ['a digit string of milliseconds', '1709294400123', 1709294400],
  ])('converts %s', (_label, input, expected) => {
    expect(toUnixSeconds(input)).toBe(expected);
  });

  it('reads 1e11 as seconds and more as milliseconds', () => {
    expect(toUnixSeconds(1e11)).toBe(1e11);
    expect(toUnixSeconds(1e11 + 1)).toBe(1e8);
  });

  it.each([
    ['an invalid Date', new Date('nope')],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a negative number', -1],
    ['a non-ISO string', 'March 1, 2024'],
    ['an impossible ISO date', '2024-13-45'],
    ['February 30th', '2024-02-30'],
    ['April 31st at noon', '2024-04-31T12:00:00Z'],
    ['an empty string', ''],
    ['null', null],
  ])('rejects %s', (_label, input) => {
    let caught: unknown;
    try {
      toUnixSeconds(input as Date);
    } catch (error) {
      caught = error;
    }
    expect(isValidationError(caught)).toBe(true);
    expect((caught as { field: string }).field).toBe('eventTime');
  });

  it('names the bad value in the message', () => {
    expect(() => toUnixSeconds('March 1, 2024')).toThrow(
      'Invalid `eventTime`: expected a Date, an ISO 8601 string, or Unix seconds or milliseconds, got "March 1, 2024".',
    );
  });

  it.each(['2024-03-01T12:00:00', '2024-03-01 12:00', '2024-03-01T12:00:00.123'])(
    'rejects the zoneless date-time %s',
    (input) => {
      expect(() => toUnixSeconds(input)).toThrow(
        `Invalid \`eventTime\`: "${input}" has no time zone. Add Z for UTC or an offset such as +02:00.`,
      );
    },
  );

  it('rejects a digit string too long to be a time', () => {
    expect(() => toUnixSeconds('9'.repeat(400))).toThrow(/eventTime/);
  });
});
