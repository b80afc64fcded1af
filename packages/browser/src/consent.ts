// Consent per category (advertising for Pinterest, analytics for PostHog) and the checks on updates.

import type { Consent, ConsentState } from '@pinpair/core';

const CONSENT_STATES: readonly ConsentState[] = ['granted', 'denied', 'pending'];

/**
 * Returns what a consent update should have been, or `undefined` when it is valid: an object whose
 * categories, where given, hold `'granted'`, `'denied'` or `'pending'`.
 */
export function describeInvalidConsent(update: unknown): string | undefined {
  if (typeof update !== 'object' || update === null) {
    return "an object such as { advertising: 'granted' }";
  }

  for (const category of ['advertising', 'analytics'] as const) {
    const state = (update as Partial<Record<string, unknown>>)[category];
    if (state !== undefined && !CONSENT_STATES.includes(state as ConsentState)) {
      return `'granted', 'denied' or 'pending' in \`${category}\``;
    }
  }
  return undefined;
}

/** Returns `current` with the categories that `update` names replaced; `update` must be valid. */
export function mergeConsent(current: Consent, update: Partial<Consent>): Consent {
  return {
    advertising: update.advertising ?? current.advertising,
    analytics: update.analytics ?? current.analytics,
  };
}
