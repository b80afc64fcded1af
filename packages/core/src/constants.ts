// Names and limits shared by the browser, the server and the testkit, defined once here.

/** URL query parameter in which Pinterest passes the click id on an ad click (`?epik=…`). */
export const CLICK_ID_PARAM = 'epik';

/** First-party cookie that stores the Pinterest click id between page views. */
export const CLICK_ID_COOKIE = '_epik';

/** Cookie that stores the shopper's consent, for example `ad=granted&an=denied`. */
export const CONSENT_COOKIE = 'pinpair_consent';

/** HTTP request header that carries the browser-to-server hand-off (lowercase, as Node reports it). */
export const HANDOFF_HEADER = 'x-pinpair-handoff';

/** Form field that carries the browser-to-server hand-off when the checkout posts a form. */
export const HANDOFF_FIELD = 'pinpair_handoff';

/** Maximum number of events in one Conversions API request (the schema's `data` maxItems). */
export const MAX_EVENTS_PER_REQUEST = 1000;

/**
 * Oldest `event_time` the Conversions API accepts, in seconds before now.
 *
 * NOTE: seven days comes from integrator documentation and Pinterest's observed "timestamp is in
 * the past" rejections; Pinterest does not publish the exact window.
 */
export const MAX_EVENT_AGE_SECONDS = 7 * 24 * 3600;
