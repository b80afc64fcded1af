// Pinterest's event names for the API and the tag, the aliases shops send, and the PostHog names.

import { invalidValue } from './errors/validation-error.js';

/** Event names the Conversions API accepts (snake_case), as Pinterest's developer docs list them. */
export type ApiEventName =
  | 'add_payment_info'
  | 'add_to_cart'
  | 'add_to_wishlist'
  | 'app_install'
  | 'app_open'
  | 'checkout'
  | 'contact'
  | 'custom'
  | 'customize_product'
  | 'find_location'
  | 'initiate_checkout'
  | 'lead'
  | 'page_visit'
  | 'schedule'
  | 'search'
  | 'signup'
  | 'start_trial'
  | 'submit_application'
  | 'subscribe'
  | 'view_category'
  | 'view_content'
  | 'watch_video';

/** Event names of the Pinterest Tag (`pintrk('track', name, …)`), from Pinterest's "Name in Tag" column. */
export type TagEventName =
  | 'AddPaymentInfo'
  | 'AddToCart'
  | 'AddToWishList'
  | 'Checkout'
  | 'Contact'
  | 'Custom'
  | 'CustomizeProduct'
  | 'FindLocation'
  | 'InitiateCheckout'
  | 'Lead'
  | 'PageVisit'
  | 'Schedule'
  | 'Search'
  | 'Signup'
  | 'StartTrial'
  | 'SubmitApplication'
  | 'Subscribe'
  | 'ViewCategory'
  | 'ViewContent'
  | 'WatchVideo';

/** Every API event name, in Pinterest's alphabetical order. */
export const API_EVENT_NAMES: readonly ApiEventName[] = (
  'add_payment_info add_to_cart add_to_wishlist app_install app_open checkout contact custom customize_product ' +
  'find_location initiate_checkout lead page_visit schedule search signup start_trial submit_application subscribe ' +
  'view_category view_content watch_video'
).split(' ') as ApiEventName[];

// PostHog e-commerce spec names; an API name without an entry keeps its API name in PostHog.
const POSTHOG_NAMES: Partial<Record<ApiEventName, string>> = {
  add_payment_info: 'Payment Info Entered',
  add_to_cart: 'Product Added',
  add_to_wishlist: 'Product Added to Wishlist',
  checkout: 'Order Completed',
  initiate_checkout: 'Checkout Started',
  lead: 'Lead Generated',
  page_visit: '$pageview',
  search: 'Products Searched',
  signup: 'Signed Up',
  view_category: 'Product List Viewed',
  view_content: 'Product Viewed',
};

// Other spellings, keyed by their compact form (see compactName). API, tag and PostHog names need no
// entry, because they compact to a key of their own. The entries come from GA4's recommended events,
// Meta's standard events and Segment's presets.
const ALIASES: Record<string, ApiEventName> = {
  purchase: 'checkout',
  begincheckout: 'initiate_checkout',
  generatelead: 'lead',
  completeregistration: 'signup',
  pageview: 'page_visit',
  page: 'page_visit',
  viewitem: 'view_content',
  viewitemlist: 'view_category',
  productcategoryviewed: 'view_category',
  productvideowatched: 'watch_video',
};

// Finds the API name whose own, tag or PostHog name compacts to `key`, or whose alias `key` is.
function findApiName(key: string): ApiEventName | undefined {
  // Searched as entries rather than indexed, so that a key such as 'constructor' never reaches
  // Object.prototype.
  const alias = Object.entries(ALIASES).find(([spelling]) => spelling === key);
  if (alias) return alias[1];

  return API_EVENT_NAMES.find((apiName) => {
    const postHogName = POSTHOG_NAMES[apiName];
    // An API name and its tag name compact to the same key ('add_to_cart', 'AddToCart' → 'addtocart').
    return compactName(apiName) === key || (postHogName !== undefined && compactName(postHogName) === key);
  });
}

// Lowercases and drops spaces, underscores and dashes, so 'Order Completed', 'order_completed' and
// 'OrderCompleted' meet. '$pageview' keeps its dollar sign, which no other name has.
function compactName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/** An event name resolved to its API, tag and PostHog forms. */
export interface ResolvedEventName {
  /** Conversions API name; `'custom'` for a name that was not recognised. */
  apiName: ApiEventName;
  /** Tag name; `undefined` for app-only events (`app_install`, `app_open`). */
  tagName: TagEventName | undefined;
  /** PostHog event name: the e-commerce spec name for a known event, the original name for a custom one. */
  postHogName: string;
  /** The name as the caller wrote it. */
  originalName: string;
  /** `true` when the name was not recognised and became `custom`. */
  custom: boolean;
}

/**
 * Resolves an event name in any common spelling (API `checkout`, tag `Checkout`, PostHog or Segment
 * `Order Completed`, GA4 `purchase`, `sign_up`, `AddToCart`, …) to its API, tag and PostHog forms.
 * An unknown name becomes `custom`, keeping the original for PostHog; it is never passed through
 * to Pinterest verbatim.
 *
 * @throws {ValidationError} when `name` is empty or not a string, or when `strict` is set and the
 *   name is unknown.
 * @example
 * resolveEventName('Order Completed');
 * // { apiName: 'checkout', tagName: 'Checkout', postHogName: 'Order Completed', originalName: 'Order Completed', custom: false }
 */
export function resolveEventName(name: string, options?: { strict?: boolean }): ResolvedEventName {
  if (typeof name !== 'string' || name.trim() === '') {
    throw invalidValue('eventName', name, "an event name such as 'checkout'", 'unknown_event_name');
  }

  const apiName = findApiName(compactName(name));
  if (apiName) {
    return {
      apiName,
      tagName: toTagEventName(apiName),
      postHogName: POSTHOG_NAMES[apiName] ?? apiName,
      originalName: name,
      custom: false,
    };
  }

  if (options?.strict) {
    throw invalidValue(
      'eventName',
      name,
      `one of ${API_EVENT_NAMES.join(', ')}, or \`strict: false\` to send the name as 'custom'`,
      'unknown_event_name',
    );
  }
  return { apiName: 'custom', tagName: 'Custom', postHogName: name, originalName: name, custom: true };
}

/** Returns the tag name of an API event name, or `undefined` for app-only events. */
export function toTagEventName(apiName: ApiEventName): TagEventName | undefined {
  if (isAppOnly(apiName) || !API_EVENT_NAMES.includes(apiName)) return undefined;
  // The tag name is the API name in PascalCase, except for the capital L of AddToWishList.
  if (apiName === 'add_to_wishlist') return 'AddToWishList';
  return apiName.replace(/(?:^|_)([a-z])/g, (_match, letter: string) => letter.toUpperCase()) as TagEventName;
}

/**
 * Returns the API name of a tag event name, ignoring case (`'checkout'`, `'AddToCart'` and
 * `'addtocart'` all work), or `undefined` when the tag has no such event.
 */
export function fromTagEventName(tagName: string): ApiEventName | undefined {
  if (typeof tagName !== 'string') return undefined;
  const key = compactName(tagName.trim());
  return API_EVENT_NAMES.find((apiName) => !isAppOnly(apiName) && compactName(apiName) === key);
}

// App-only events (app_install, app_open), which the tag cannot send: "N/A" in Pinterest's table.
function isAppOnly(apiName: string): boolean {
  return apiName.startsWith('app_');
}
