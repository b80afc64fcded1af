// Options of createTracker: the type shops fill in, the defaults and the checks that resolve them.

import { type Consent, describeValue, findInvalidConsent, normalizeCurrency } from '@pinpair/core';
import type { PostHogSource } from './posthog.js';

/** Cookie settings shared by the `_epik` and `pinpair_consent` cookies. */
export interface TrackerCookieOptions {
  /**
   * `Domain` attribute, such as `'.shop.example'` to share the cookies between `www.` and
   * `checkout.` subdomains. Host-only cookies when absent.
   */
  domain?: string;
  /**
   * Cookie lifetime in days.
   * @default 365
   */
  maxAgeDays?: number;
}

/** Options of {@link createTracker}. Only `tagId` is required. */
export interface TrackerOptions {
  /** Pinterest tag id, the number in the shop's base code, such as `'2612345678901'`. */
  tagId: string;
  /**
   * The posthog-js instance, or a function returning it (`() => window.posthog`). Events wait until
   * `posthog.init()` has run. Without it, nothing goes to PostHog.
   */
  posthog?: PostHogSource;
  /**
   * Initial consent. Categories left out come from the `pinpair_consent` cookie, else are `'pending'`.
   * @default the `pinpair_consent` cookie, else `{ advertising: 'pending', analytics: 'pending' }`
   */
  consent?: Partial<Consent>;
  /**
   * URL of the Pinterest tag script. Tests point it at the testkit's fake tag.
   * @default 'https://s.pinimg.com/ct/core.js'
   */
  tagScriptUrl?: string;
  /** Domain and lifetime of the cookies the tracker writes. */
  cookie?: TrackerCookieOptions;
  /** ISO 4217 currency for events that carry a `value` but no `currency`, such as `'EUR'`. */
  currency?: string;
  /**
   * Enhanced match for the tag: the shopper's raw e-mail address, hashed with SHA-256 in the browser
   * before `pintrk('load')`.
   */
  enhancedMatch?: { email?: string };
  /**
   * Events each destination keeps while consent is pending or the destination is not ready; past
   * it, the oldest is dropped with a console warning.
   * @default 100
   */
  maxQueuedEvents?: number;
  /** Receives every error the tracker catches (invalid event data, a failing destination). */
  onError?: (error: Error) => void;
  /**
   * The window to work in; tests pass their own.
   * @default globalThis.window
   */
  window?: Window;
  /**
   * The document to work in.
   * @default the window's document
   */
  document?: Document;
}

/** {@link TrackerOptions} after defaults and checks. */
export interface ResolvedTrackerOptions {
  tagId: string;
  posthog: PostHogSource | undefined;
  consent: Partial<Consent>;
  tagScriptUrl: string;
  cookie: { domain: string | undefined; maxAgeDays: number };
  currency: string | undefined;
  enhancedMatch: { email: string | undefined };
  maxQueuedEvents: number;
  onError: ((error: Error) => void) | undefined;
  window: Window;
  document: Document;
}

/** Defaults of {@link TrackerOptions}. */
export const TRACKER_DEFAULTS = {
  tagScriptUrl: 'https://s.pinimg.com/ct/core.js',
  cookie: { maxAgeDays: 365 },
  maxQueuedEvents: 100,
} satisfies Pick<ResolvedTrackerOptions, 'tagScriptUrl' | 'maxQueuedEvents'> & {
  cookie: Pick<ResolvedTrackerOptions['cookie'], 'maxAgeDays'>;
};

/**
 * Applies {@link TRACKER_DEFAULTS} and checks the options a plain-JavaScript page most often gets
 * wrong; TypeScript checks the rest.
 *
 * @throws TypeError or RangeError naming the option and the value it expects.
 */
export function resolveTrackerOptions(options: TrackerOptions): ResolvedTrackerOptions {
  if (typeof options !== 'object' || options === null) {
    fail(TypeError, 'options', 'an object with `tagId`', options);
  }
  const { consent = {}, cookie = {}, currency } = options;
  const tagId = typeof options.tagId === 'string' ? options.tagId.trim() : options.tagId;
  // `posthog: enabled && window.posthog` is a common way to leave PostHog out.
  const posthog = options.posthog || undefined;
  const window = options.window ?? globalThis.window;
  const maxAgeDays = cookie.maxAgeDays ?? TRACKER_DEFAULTS.cookie.maxAgeDays;
  const maxQueuedEvents = options.maxQueuedEvents ?? TRACKER_DEFAULTS.maxQueuedEvents;

  // Pinterest's API spec types conversion tag ids as digits only.
  if (typeof tagId !== 'string' || !/^\d+$/.test(tagId))
    fail(TypeError, 'tagId', "your Pinterest tag id as a string of digits, such as '2612345678901'", tagId);
  if (posthog && typeof posthog !== 'function' && typeof posthog.capture !== 'function') {
    fail(TypeError, 'posthog', 'a posthog-js instance or a function returning it', posthog);
  }
  const invalidConsent = findInvalidConsent(consent, 'consent');
  if (invalidConsent) fail(TypeError, invalidConsent.name, invalidConsent.expected, invalidConsent.value);
  // Cookies carry whole seconds in Max-Age, so less than half a second would delete the cookie.
  if (!(Number.isFinite(maxAgeDays) && Math.round(maxAgeDays * 86_400) >= 1)) {
    fail(RangeError, 'cookie.maxAgeDays', 'a finite number of days, at least 1 second', maxAgeDays);
  }
  if (!(Number.isInteger(maxQueuedEvents) && maxQueuedEvents > 0)) {
    fail(RangeError, 'maxQueuedEvents', 'an integer above 0', maxQueuedEvents);
  }
  if (!window?.document)
    fail(TypeError, 'window', 'a browser window: create the tracker in the browser', window);

  const tagScriptUrl = options.tagScriptUrl ?? TRACKER_DEFAULTS.tagScriptUrl;
  if (!isHttpUrl(tagScriptUrl, window.document.baseURI)) {
    fail(TypeError, 'tagScriptUrl', 'an http or https URL of the Pinterest tag script', tagScriptUrl);
  }

  let resolvedCurrency: string | undefined;
  try {
    resolvedCurrency = currency === undefined ? undefined : normalizeCurrency(currency);
  } catch {
    fail(RangeError, 'currency', "an ISO 4217 code such as 'EUR'", currency);
  }

  return {
    tagId,
    posthog,
    consent,
    tagScriptUrl,
    cookie: { domain: cookie.domain, maxAgeDays },
    currency: resolvedCurrency,
    enhancedMatch: { email: options.enhancedMatch?.email },
    maxQueuedEvents,
    onError: options.onError,
    window,
    document: options.document ?? window.document,
  };
}

// A relative URL counts, resolved against the page, because a shop may serve the script itself.
function isHttpUrl(value: unknown, base: string): boolean {
  try {
    return typeof value === 'string' && /^https?:$/.test(new URL(value, base).protocol);
  } catch {
    return false;
  }
}

/** Throws `ErrorClass` naming `option`, the value it expects and the value it got. */
function fail(ErrorClass: typeof TypeError, option: string, expected: string, actual: unknown): never {
  throw new ErrorClass(`\`${option}\` must be ${expected}; got ${describeValue(actual)}.`);
}
