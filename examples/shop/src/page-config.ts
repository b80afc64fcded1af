// The data each page hands to the browser script (public/shop.js) in a JSON script element: how to
// reach Pinterest and PostHog, and the event the page reports when it loads.

/** The id of the `<script type="application/json">` element that carries the page config. */
export const PAGE_CONFIG_ELEMENT_ID = 'shop-config';

/** A line item as the browser script passes it to `track()`: the catalog item id and its details. */
export interface PageItem {
  id: string;
  name: string;
  category: string;
  brand: string;
  variant?: string;
  /** Decimal string, such as `"24.00"`. */
  price: string;
  quantity: number;
}

/** The event a page reports once when it loads, besides its page visit. */
export type PageEvent =
  | { name: 'view_content'; value: string; items: PageItem[] }
  | { name: 'search'; searchString: string }
  | { name: 'initiate_checkout'; value: string; items: PageItem[] }
  | { name: 'checkout'; orderId: string; value: string; items: PageItem[] };

/** Browser-side tracking settings. */
export interface TrackingConfig {
  tagId: string;
  /** URL of the tag script; undefined loads Pinterest's own. */
  tagScriptUrl?: string;
  posthog: { apiKey: string; host: string };
  currency: string;
}

/** Everything the browser script reads from a page. */
export interface PageConfig {
  tracking: TrackingConfig;
  event?: PageEvent;
  /** Items that add-to-cart forms on the page may add, by catalog item id. */
  items?: Record<string, PageItem>;
  /**
   * The shopper's e-mail for the tag's enhanced match, on the order confirmation page. The browser
   * package hashes it before it reaches the tag.
   */
  enhancedMatchEmail?: string;
}
