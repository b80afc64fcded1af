import type { Consent } from '@pinpair/core';
import { describe, expect, it } from 'vitest';
import { decideConsent, validateConsent } from './consent-policy.js';

const POLICY = { advertisingDenied: 'skip', pendingConsent: 'skip' } as const;

describe('decideConsent', () => {
  it('sends with both parts granted', () => {
    expect(decideConsent({ advertising: 'granted', analytics: 'granted' }, POLICY)).toEqual({
      pinterest: 'send',
      postHog: 'send',
    });
  });

  it('never sends on a state that skipped validation', () => {
    const misspelled = { advertising: 'Granted', analytics: 'yes' } as unknown as Consent;

    expect(decideConsent(misspelled, POLICY)).toEqual({ pinterest: 'skip-denied', postHog: 'skip-denied' });
  });

  it('skips pending parts unless the policy sends them', () => {
    const pending = { advertising: 'pending', analytics: 'pending' } as const;

    expect(decideConsent(pending, POLICY)).toEqual({ pinterest: 'skip-pending', postHog: 'skip-pending' });
    expect(decideConsent(pending, { ...POLICY, pendingConsent: 'send' })).toEqual({
      pinterest: 'send',
      postHog: 'send',
    });
  });
});

describe('validateConsent', () => {
  it('reads a part left out as pending', () => {
    expect(validateConsent({ advertising: 'granted' })).toEqual({
      advertising: 'granted',
      analytics: 'pending',
    });
  });

  it('rejects a category that does not exist', () => {
    expect(() => validateConsent({ Advertising: 'granted' })).toThrow(
      'Invalid `context.consent.Advertising`: expected absent, because only `advertising` and `analytics` exist, got "granted".',
    );
  });
});
