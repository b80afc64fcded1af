// Credentials and ids the fakes accept out of the box, so the demo and first tests need no configuration.

/**
 * Ad account id that {@link startFakePinterest} accepts when no `accounts` are configured. It is made
 * up: 12 digits, inside the API's `^\d{1,18}$` rule, and it is not a real Pinterest account.
 */
export const DEFAULT_AD_ACCOUNT_ID = '549700000001';

/**
 * Conversion token that authorizes {@link DEFAULT_AD_ACCOUNT_ID} on the fake Conversions API. Real
 * tokens are opaque strings of unknown format, so any string works in `accounts`.
 */
export const DEFAULT_CONVERSION_TOKEN = 'pinpair-testkit-conversion-token';

/**
 * Pinterest Tag id that the fake maps to {@link DEFAULT_AD_ACCOUNT_ID} when no `tags` are configured.
 * Real tag ids are 13 digits in practice; this one is made up.
 */
export const DEFAULT_TAG_ID = '2620000000001';

/**
 * Project API key that the fake PostHog reports in its remote config when none is configured. The
 * fake accepts any key unless `apiKey` is set.
 */
export const DEFAULT_POSTHOG_API_KEY = 'phc_pinpair_testkit';
