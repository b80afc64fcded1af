// Decides from the shopper's consent whether a conversion goes to Pinterest and to PostHog.

import {
  type Consent,
  type ConsentState,
  describeValue,
  findInvalidConsent,
  ValidationError,
} from '@pinpair/core';

/** Decision for the Pinterest copy of a conversion. */
export type PinterestDecision = 'send' | 'send-opted-out' | 'skip-denied' | 'skip-pending';

/** Decision for the PostHog copy of a conversion. */
export type PostHogDecision = 'send' | 'skip-denied' | 'skip-pending';

/** The consent settings of the reporter. */
export interface ConsentPolicy {
  /** With advertising consent denied: send nothing (`skip`) or send with `opt_out: true` (`opt-out`). */
  advertisingDenied: 'skip' | 'opt-out';
  /** With a consent part still `pending`: treat it as denied (`skip`) or as granted (`send`). */
  pendingConsent: 'skip' | 'send';
}

/**
 * Applies the policy to the shopper's consent. Advertising consent governs Pinterest and analytics
 * consent governs PostHog. A `pending` part is unknown consent. With `pendingConsent: 'skip'`
 * nothing is sent on it, as the browser side keeps events back while consent is pending.
 */
export function decideConsent(
  consent: Consent,
  policy: ConsentPolicy,
): { pinterest: PinterestDecision; postHog: PostHogDecision } {
  const advertising = effectiveState(consent.advertising, policy);
  const analytics = effectiveState(consent.analytics, policy);

  let pinterest: PinterestDecision = 'send';
  if (advertising === 'pending') pinterest = 'skip-pending';
  else if (advertising === 'denied')
    pinterest = policy.advertisingDenied === 'opt-out' ? 'send-opted-out' : 'skip-denied';

  let postHog: PostHogDecision = 'send';
  if (analytics === 'pending') postHog = 'skip-pending';
  else if (analytics === 'denied') postHog = 'skip-denied';

  return { pinterest, postHog };
}

/**
 * Checks consent that the caller passed in the report context and returns it, with a part left out
 * as `pending`. Throws a `ValidationError` naming the field for what core's `findInvalidConsent`
 * finds, because a typo such as `'Granted'` would otherwise count as denied without a word.
 * Consent read from a request is already valid, because core's `parseConsent` and `decodeHandoff`
 * turn unknown states into `pending`.
 */
export function validateConsent(consent: unknown): Consent {
  const invalid = findInvalidConsent(consent, 'context.consent');
  if (invalid !== undefined) {
    throw new ValidationError(
      `Invalid \`${invalid.name}\`: expected ${invalid.expected}, got ${describeValue(invalid.value)}.`,
      { field: invalid.name, code: 'invalid_consent' },
    );
  }

  const { advertising = 'pending', analytics = 'pending' } = consent as Partial<Consent>;
  return { advertising, analytics };
}

/**
 * Maps `pending` by the policy. Anything other than `granted` counts as `denied`, so a state that
 * skipped validation never sends.
 */
function effectiveState(state: ConsentState, policy: ConsentPolicy): ConsentState {
  if (state === 'pending') return policy.pendingConsent === 'send' ? 'granted' : 'pending';
  return state === 'granted' ? 'granted' : 'denied';
}
