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

/** The invalid part of a consent object: its name (`name` or `name.category`), what it should be, and its value. */
export interface InvalidConsent {
  name: string;
  expected: string;
  value: unknown;
}

/**
 * Finds the invalid part of a consent object named `name`, or returns `undefined` when it is valid:
 * a plain object with no keys besides `advertising` and `analytics`, each left out or holding
 * `'granted'`, `'denied'` or `'pending'`. A misspelled key or state is reported, because it would
 * otherwise change nothing or count as denied without a word.
 *
 * @example
 * findInvalidConsent({ advertising: 'Granted' }, 'consent');
 * // { name: 'consent.advertising', expected: "'granted', 'denied' or 'pending'", value: 'Granted' }
 */
export function findInvalidConsent(consent: unknown, name: string): InvalidConsent | undefined {
  if (typeof consent !== 'object' || consent === null || Array.isArray(consent)) {
    return { name, expected: "an object such as { advertising: 'granted' }", value: consent };
  }

  for (const [key, state] of Object.entries(consent)) {
    if (key !== 'advertising' && key !== 'analytics') {
      return {
        name: `${name}.${key}`,
        expected: 'absent, because only `advertising` and `analytics` exist',
        value: state,
      };
    }
    if (state !== undefined && !STATES.includes(state as string)) {
      return { name: `${name}.${key}`, expected: "'granted', 'denied' or 'pending'", value: state };
    }
  }
  return undefined;
}
