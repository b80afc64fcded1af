import { describe, expect, it } from 'vitest';
import { mergeConsent } from './consent.js';

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
