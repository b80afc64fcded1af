// Renders a page inside the layout with what every page needs from the request: cart count,
// consent and the browser script's config.
import { CONSENT_COOKIE, type Consent, parseConsent } from '@pinpair/core';
import type { Request, Response } from 'express';
import type { CartStore } from './carts.js';
import type { Catalog } from './catalog.js';
import { parseCookies } from './cookies.js';
import type { PageEvent, PageItem, TrackingConfig } from './page-config.js';
import { priceCart } from './pricing.js';
import type { SafeHtml } from './views/html.js';
import { renderLayout } from './views/layout.js';

/** Name of the cookie with the shopper's random cart id. */
export const CART_COOKIE = 'shop_cart';

/** One page to render. */
export interface PageOptions {
  title: string;
  body: SafeHtml;
  /** @default 200 */
  status?: number;
  /** The event the browser script sends when the page loads. */
  event?: PageEvent;
  /** Items the page's add-to-cart forms may add. */
  items?: Record<string, PageItem>;
  query?: string;
  enhancedMatchEmail?: string;
}

/** Sends a rendered page as the response. */
export type RenderPage = (req: Request, res: Response, page: PageOptions) => void;

/** Returns the shopper's cart id, or undefined before the first add to cart. */
export function readCartId(req: Request): string | undefined {
  return parseCookies(req.headers.cookie)[CART_COOKIE] || undefined;
}

/** Returns the consent the browser stored in the `pinpair_consent` cookie. */
export function readConsent(req: Request): Consent {
  return parseConsent(parseCookies(req.headers.cookie)[CONSENT_COOKIE]);
}

/** Creates the page renderer for one shop. */
export function createPageRenderer(catalog: Catalog, carts: CartStore, tracking: TrackingConfig): RenderPage {
  return (req, res, page) => {
    const cartId = readCartId(req);
    const cart = cartId ? priceCart(catalog, carts.lines(cartId)) : undefined;

    const document = renderLayout({
      title: page.title,
      body: page.body,
      cartCount: cart?.itemCount ?? 0,
      consent: readConsent(req),
      query: page.query,
      pageConfig: {
        tracking,
        event: page.event,
        items: page.items,
        enhancedMatchEmail: page.enhancedMatchEmail,
      },
    });

    // Pages differ per shopper (cart, consent, orders), so no shared cache may keep them.
    res
      .status(page.status ?? 200)
      .set('cache-control', 'private, no-store')
      .type('html')
      .send(document);
  };
}
