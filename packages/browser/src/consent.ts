// Consent updates per category: advertising for Pinterest, analytics for PostHog.

import type { Consent } from '@pinpair/core';

/** Returns `current` with the categories that `update` names replaced; `update` must be valid. */
export function mergeConsent(current: Consent, update: Partial<Consent>): Consent {
  return {
    advertising: update.advertising ?? current.advertising,
    analytics: update.analytics ?? current.analytics,
  };
}
