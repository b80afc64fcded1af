// Tests for the error classes and their guards, including errors from another realm.

import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { isPinpairError, PinpairError } from './pinpair-error.js';
import { isValidationError, ValidationError } from './validation-error.js';

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
