import { describe, expect, it } from 'vitest';
import { findInvalidConsent, mergeConsent } from './consent.js';

const STATES = "'granted', 'denied' or 'pending'";

describe('findInvalidConsent', () => {
  it('accepts full and partial updates', () => {
    expect(findInvalidConsent({ advertising: 'granted', analytics: 'denied' }, 'consent')).toBeUndefined();
    expect(findInvalidConsent({ analytics: 'pending' }, 'consent')).toBeUndefined();
    expect(findInvalidConsent({}, 'consent')).toBeUndefined();
  });

  it('names the category and its value', () => {
    expect(findInvalidConsent({ advertising: 'Granted' }, 'consent')).toEqual({
      name: 'consent.advertising',
      expected: STATES,
      value: 'Granted',
    });
    expect(findInvalidConsent({ analytics: true }, 'update')).toEqual({
      name: 'update.analytics',
      expected: STATES,
      value: true,
    });
  });

  it('names a category that does not exist', () => {
    expect(findInvalidConsent({ Advertising: 'granted' }, 'update')).toEqual({
      name: 'update.Advertising',
      expected: 'left out: only `advertising` and `analytics` exist',
      value: 'granted',
    });
  });

  it('rejects a value that is not an object', () => {
    const expected = "an object such as { advertising: 'granted' }";
    expect(findInvalidConsent('granted', 'consent')).toEqual({ name: 'consent', expected, value: 'granted' });
    expect(findInvalidConsent(null, 'consent')).toEqual({ name: 'consent', expected, value: null });
    expect(findInvalidConsent(['granted'], 'consent')).toEqual({
      name: 'consent',
      expected,
      value: ['granted'],
    });
  });
});

describe('mergeConsent', () => {
  it('replaces only the categories given', () => {
    const current = { advertising: 'pending', analytics: 'denied' } as const;

    expect(mergeConsent(current, { advertising: 'granted' })).toEqual({
      advertising: 'granted',
      analytics: 'denied',
    });
    expect(mergeConsent(current, {})).toEqual(current);
  });
});
