// Pinterest's event names for the API and the tag, the aliases shops send, and the PostHog names.

import { ValidationError } from './errors/validation-error.js';

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

// Tag name of each API name; an empty string marks app-only events that the tag cannot send.
const TAG_NAMES: Record<ApiEventName, TagEventName | ''> = {
  add_payment_info: 'AddPaymentInfo',
  add_to_cart: 'AddToCart',
  add_to_wishlist: 'AddToWishList',
  app_install: '',
  app_open: '',
  checkout: 'Checkout',
  contact: 'Contact',
  custom: 'Custom',
  customize_product: 'CustomizeProduct',
  find_location: 'FindLocation',
  initiate_checkout: 'InitiateCheckout',
  lead: 'Lead',
  page_visit: 'PageVisit',
  schedule: 'Schedule',
  search: 'Search',
  signup: 'Signup',
  start_trial: 'StartTrial',
  submit_application: 'SubmitApplication',
  subscribe: 'Subscribe',
  view_category: 'ViewCategory',
  view_content: 'ViewContent',
  watch_video: 'WatchVideo',
};

/** Every API event name, in Pinterest's alphabetical order. */
export const API_EVENT_NAMES: readonly ApiEventName[] = Object.keys(TAG_NAMES) as ApiEventName[];

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

// Other spellings, keyed by their compact form (see compactName). The PostHog names, the API names
// and the tag names are added below, so only names from other vocabularies appear here: Segment's
// e-commerce spec, GA4's recommended events and Meta's standard events.
const ALIASES: Record<string, ApiEventName> = {
  purchase: 'checkout',
  ordercompleted: 'checkout',
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

let lookup: Map<string, ApiEventName> | undefined;

// Builds the name index on first use, so importing the module costs nothing.
function nameIndex(): Map<string, ApiEventName> {
  if (lookup) return lookup;
  lookup = new Map(Object.entries(ALIASES));
  for (const apiName of API_EVENT_NAMES) {
    lookup.set(compactName(apiName), apiName);
    const tagName = TAG_NAMES[apiName];
    if (tagName) lookup.set(compactName(tagName), apiName);
    const postHogName = POSTHOG_NAMES[apiName];
    if (postHogName) lookup.set(compactName(postHogName), apiName);
  }
  return lookup;
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
    throw new ValidationError(
      `Invalid \`eventName\`: ${JSON.stringify(name)} is not a name. Pass a Pinterest event name such as 'checkout' or 'add_to_cart'.`,
      { field: 'eventName', code: 'unknown_event_name' },
    );
  }

  const apiName = nameIndex().get(compactName(name.trim()));
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
    throw new ValidationError(
      `Unknown \`eventName\` ${JSON.stringify(name)}. Use one of Pinterest's event names (${API_EVENT_NAMES.join(', ')}) or a known alias, or turn off \`strict\` to send it as 'custom'.`,
      { field: 'eventName', code: 'unknown_event_name' },
    );
  }
  return { apiName: 'custom', tagName: 'Custom', postHogName: name, originalName: name, custom: true };
}

/** Returns the tag name of an API event name, or `undefined` for app-only events. */
export function toTagEventName(apiName: ApiEventName): TagEventName | undefined {
  return TAG_NAMES[apiName] || undefined;
}

/**
 * Returns the API name of a tag event name, ignoring case (`'checkout'`, `'AddToCart'` and
 * `'addtocart'` all work), or `undefined` when the tag has no such event.
 */
export function fromTagEventName(tagName: string): ApiEventName | undefined {
  if (typeof tagName !== 'string') return undefined;
  const key = compactName(tagName.trim());
  return API_EVENT_NAMES.find((apiName) => {
    const candidate = TAG_NAMES[apiName];
    return candidate !== '' && compactName(candidate) === key;
  });
}
