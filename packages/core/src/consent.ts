// The shopper's consent for advertising and analytics, and its cookie form ('ad=granted&an=denied').

/** Consent for one purpose: `pending` until the shopper decides. */
export type ConsentState = 'granted' | 'denied' | 'pending';

/** Consent per purpose: `advertising` gates Pinterest, `analytics` gates PostHog. */
export interface Consent {
  advertising: ConsentState;
  analytics: ConsentState;
}

const STATES: readonly string[] = ['granted', 'denied', 'pending'];

/**
 * Writes consent in its cookie form.
 *
 * @example
 * serializeConsent({ advertising: 'granted', analytics: 'denied' }); // 'ad=granted&an=denied'
 */
export function serializeConsent(consent: Consent): string {
  return `ad=${toState(consent.advertising)}&an=${toState(consent.analytics)}`;
}

/**
 * Reads consent from its cookie form. A missing value, a missing part or an unknown state becomes
 * `pending`, so a damaged cookie never grants consent. A percent-encoded value is decoded first.
 *
 * @example
 * parseConsent('ad=granted'); // { advertising: 'granted', analytics: 'pending' }
 */
export function parseConsent(value: string | undefined | null): Consent {
  const consent: Consent = { advertising: 'pending', analytics: 'pending' };
  if (typeof value !== 'string') return consent;

  let text = value;
  if (text.includes('%')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return consent;
    }
  }

  for (const part of text.split('&')) {
    const [key, state] = part.trim().split('=');
    if (key === 'ad') consent.advertising = toState(state);
    if (key === 'an') consent.analytics = toState(state);
  }
  return consent;
}

/** Returns `state` when it is a known consent state, otherwise `pending`. */
export function toState(state: unknown): ConsentState {
  return typeof state === 'string' && STATES.includes(state) ? (state as ConsentState) : 'pending';
}
