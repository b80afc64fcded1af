// Tests for the error classes and their guards, including errors from another realm.

import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { isPinpairError, PinpairError } from './pinpair-error.js';
import { describeValue, invalidValue, isValidationError, ValidationError } from './validation-error.js';

describe('PinpairError', () => {
  it('carries name, code and cause', () => {
    const cause = new Error('socket closed');
    const error = new PinpairError('Sending failed.', { code: 'send_failed', cause });
    expect(error.name).toBe('PinpairError');
    expect(error.code).toBe('send_failed');
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(Error);
  });
});

describe('ValidationError', () => {
  it('carries field and a default code', () => {
    const error = new ValidationError('Invalid `value`.', { field: 'value' });
    expect(error.name).toBe('ValidationError');
    expect(error.field).toBe('value');
    expect(error.code).toBe('validation_failed');
    expect(error).toBeInstanceOf(PinpairError);
  });
});

describe('guards', () => {
  it('match instances', () => {
    const error = new ValidationError('Invalid `value`.', { field: 'value' });
    expect(isPinpairError(error)).toBe(true);
    expect(isValidationError(error)).toBe(true);
    expect(isValidationError(new PinpairError('x', { code: 'x' }))).toBe(false);
  });

  it('reject plain errors and other values', () => {
    expect(isPinpairError(new Error('x'))).toBe(false);
    expect(isPinpairError(null)).toBe(false);
    expect(isPinpairError('ValidationError')).toBe(false);
    expect(isValidationError(Object.assign(new Error('x'), { name: 'ValidationError' }))).toBe(false);
  });

  it('match errors from another realm by brand and name', () => {
    // A subclass defined in another realm carries the registered symbol brand and the same name.
    const foreign = runInNewContext(`
      const error = new Error('Invalid value.');
      error.name = 'ValidationError';
      error.field = 'value';
      Object.defineProperty(error, Symbol.for('pinpair.error'), { value: true });
      error;
    `);
    expect(foreign instanceof ValidationError).toBe(false);
    expect(isPinpairError(foreign)).toBe(true);
    expect(isValidationError(foreign)).toBe(true);
  });

  it('match a base error from another realm by name', () => {
    const foreign = runInNewContext(`const error = new Error('x'); error.name = 'PinpairError'; error;`);
    expect(isPinpairError(foreign)).toBe(true);
  });
});

describe('invalidValue', () => {
  it('names the field, the fix and the value', () => {
    const error = invalidValue('items[2].quantity', 1.5, 'a whole number of units', 'invalid_quantity');
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe('Invalid `items[2].quantity`: expected a whole number of units, got 1.5.');
    expect(error.field).toBe('items[2].quantity');
    expect(error.code).toBe('invalid_quantity');
  });
});

describe('describeValue', () => {
  it.each([
    ['a string, quoted', 'EURO', '"EURO"'],
    ['an empty string', '', '""'],
    ['a number', 1.5, '1.5'],
    ['NaN', Number.NaN, 'NaN'],
    ['a boolean', false, 'false'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['an invalid Date', new Date(Number.NaN), 'Invalid Date'],
    ['an array', ['SKU-1'], 'an array'],
    ['an object', { id: 'SKU-1' }, 'an object'],
    ['a function', () => 'secret', 'a function'],
  ])('shows %s', (_label, value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });

  it('never cuts an emoji in half', () => {
    expect(describeValue(`${'a'.repeat(39)}😀tail`)).toBe(`"${'a'.repeat(39)}…"`);
  });

  it('cuts a long string to 40 characters', () => {
    expect(describeValue('x'.repeat(41))).toBe(`"${'x'.repeat(40)}…"`);
    expect(describeValue('x'.repeat(40))).toBe(`"${'x'.repeat(40)}"`);
  });
});
