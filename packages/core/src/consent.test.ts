// Tests for consent and its cookie form.

import { describe, expect, it } from 'vitest';
import { type Consent, findInvalidConsent, parseConsent, serializeConsent } from './consent.js';

describe('serializeConsent', () => {
  it('writes the cookie form', () => {
    expect(serializeConsent({ advertising: 'granted', analytics: 'denied' })).toBe('ad=granted&an=denied');
  });

  it('writes an unknown state as pending', () => {
    expect(serializeConsent({ advertising: 'yes', analytics: 'granted' } as unknown as Consent)).toBe(
      'ad=pending&an=granted',
    );
  });
});

describe('parseConsent', () => {
  it('reads the cookie form', () => {
    expect(parseConsent('ad=granted&an=denied')).toEqual({ advertising: 'granted', analytics: 'denied' });
  });

  it('round-trips every combination', () => {
    const states = ['granted', 'denied', 'pending'] as const;
    for (const advertising of states) {
      for (const analytics of states) {
        expect(parseConsent(serializeConsent({ advertising, analytics }))).toEqual({
          advertising,
          analytics,
        });
      }
    }
  });

  it('reads a percent-encoded value', () => {
    expect(parseConsent('ad%3Dgranted%26an%3Dgranted')).toEqual({
      advertising: 'granted',
      analytics: 'granted',
    });
  });

  it.each([
    [undefined, 'pending', 'pending'],
    [null, 'pending', 'pending'],
    ['', 'pending', 'pending'],
    ['ad=granted', 'granted', 'pending'],
    ['an=denied', 'pending', 'denied'],
    ['ad=yes&an=granted', 'pending', 'granted'],
    ['garbage', 'pending', 'pending'],
    ['ad=granted&an=%E0%A4%A', 'pending', 'pending'],
  ])('reads %j as advertising %s and analytics %s', (value, advertising, analytics) => {
    expect(parseConsent(value)).toEqual({ advertising, analytics });
  });
});

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
      expected: 'absent, because only `advertising` and `analytics` exist',
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
