import { describe, expect, it } from 'vitest';
import { describeInvalidConsent, mergeConsent } from './consent.js';

describe('describeInvalidConsent', () => {
  it('accepts full and partial updates', () => {
    expect(describeInvalidConsent({ advertising: 'granted', analytics: 'denied' })).toBeUndefined();
    expect(describeInvalidConsent({ analytics: 'pending' })).toBeUndefined();
    expect(describeInvalidConsent({})).toBeUndefined();
  });

  it('names the category with an unknown state', () => {
    expect(describeInvalidConsent({ advertising: 'yes' })).toBe(
      "'granted', 'denied' or 'pending' in `advertising`",
    );
    expect(describeInvalidConsent({ analytics: true })).toBe(
      "'granted', 'denied' or 'pending' in `analytics`",
    );
  });

  it('rejects a value that is not an object', () => {
    expect(describeInvalidConsent('granted')).toBe("an object such as { advertising: 'granted' }");
    expect(describeInvalidConsent(null)).toBe("an object such as { advertising: 'granted' }");
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
