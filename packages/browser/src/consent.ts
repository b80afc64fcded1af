// Consent per category (advertising for Pinterest, analytics for PostHog) and the checks on updates.

import type { Consent, ConsentState } from '@pinpair/core';

const CONSENT_STATES: readonly ConsentState[] = ['granted', 'denied', 'pending'];

/** The invalid part of a consent update: its name (`name` or `name.category`), what it should be, and its value. */
export interface InvalidConsent {
  name: string;
  expected: string;
  value: unknown;
}

/**
 * Finds the invalid part of a consent update named `name`, or returns `undefined` when it is valid:
 * an object whose categories, where given, hold `'granted'`, `'denied'` or `'pending'`.
 */
export function findInvalidConsent(update: unknown, name: string): InvalidConsent | undefined {
  if (typeof update !== 'object' || update === null || Array.isArray(update)) {
    return { name, expected: "an object such as { advertising: 'granted' }", value: update };
  }

  // A misspelled category such as `Advertising` would otherwise change nothing, without a word.
  const unknownKey = Object.keys(update).find((key) => key !== 'advertising' && key !== 'analytics');
  if (unknownKey !== undefined) {
    return {
      name: `${name}.${unknownKey}`,
      expected: 'left out: only `advertising` and `analytics` exist',
      value: (update as Record<string, unknown>)[unknownKey],
    };
  }

  for (const category of ['advertising', 'analytics'] as const) {
    const state = (update as Partial<Record<string, unknown>>)[category];
    if (state !== undefined && !CONSENT_STATES.includes(state as ConsentState)) {
      return { name: `${name}.${category}`, expected: "'granted', 'denied' or 'pending'", value: state };
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
