// Tests for decimal-string values and ISO 4217 currencies.

import { describe, expect, it } from 'vitest';
import { isValidationError, type ValidationError } from './errors/validation-error.js';
import { normalizeCurrency, toDecimalString } from './money.js';

function captureError(action: () => unknown): ValidationError {
  try {
    action();
  } catch (error) {
    if (isValidationError(error)) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('toDecimalString', () => {
  it.each([
    [72.39, '72.39'],
    [116, '116'],
    [0, '0'],
    [0.5, '0.5'],
    [0.1 + 0.2, '0.3'],
    [19.99 * 3, '59.97'],
    [1000000000000.1, '1000000000000.1'],
    [1e-7, '0.0000001'],
    [123456789.12, '123456789.12'],
  ])('writes the number %d as %s', (value, expected) => {
    expect(toDecimalString(value)).toBe(expected);
  });

  it.each([
    ['72.39', '72.39'],
    ['72', '72'],
    ['0.5', '0.5'],
    ['72.390', '72.390'],
    [' 72.39 ', '72.39'],
  ])('keeps the string %j as %j', (value, expected) => {
    expect(toDecimalString(value)).toBe(expected);
  });

  it.each([['1,234.50'], ['12,50'], ['1e3'], ['$5'], [''], ['-5'], ['.5'], ['5.'], ['1 234'], ['NaN']])(
    'rejects the string %j naming field and value',
    (value) => {
      const error = captureError(() => toDecimalString(value, 'items[0].price'));
      expect(error.field).toBe('items[0].price');
      expect(error.message).toContain('`items[0].price`');
      expect(error.message).toContain(JSON.stringify(value));
      expect(error.message).toContain('plain decimal string with a dot');
    },
  );

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY], [1e21]])('rejects the number %d', (value) => {
    const error = captureError(() => toDecimalString(value));
    expect(error.field).toBe('value');
    expect(error.message).toContain(String(value));
  });

  it('rejects other types', () => {
    expect(captureError(() => toDecimalString(null as unknown as string)).field).toBe('value');
    expect(captureError(() => toDecimalString({} as unknown as string)).field).toBe('value');
  });
});

describe('normalizeCurrency', () => {
  it('upper-cases a valid code', () => {
    expect(normalizeCurrency('usd')).toBe('USD');
    expect(normalizeCurrency(' Eur ')).toBe('EUR');
    expect(normalizeCurrency('JPY')).toBe('JPY');
  });

  it('knows codes added recently', () => {
    expect(normalizeCurrency('XCG')).toBe('XCG');
    expect(normalizeCurrency('ZWG')).toBe('ZWG');
  });

  it.each([['US'], ['DOLLAR'], ['XYZ'], ['HRK'], [''], ['$']])('rejects %j', (code) => {
    const error = captureError(() => normalizeCurrency(code));
    expect(error.field).toBe('currency');
    expect(error.message).toContain(JSON.stringify(code));
  });
});
