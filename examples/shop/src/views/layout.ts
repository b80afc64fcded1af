// The page frame every view shares: header with search and cart, the consent banner, the page config
// for the browser script, and the footer.
import type { Consent } from '@pinpair/core';
import { PAGE_CONFIG_ELEMENT_ID, type PageConfig } from '../page-config.js';
import { renderConsentBanner } from './consent.js';
import { html, jsonForScript, type SafeHtml } from './html.js';

/** The name shoppers see. */
export const SHOP_NAME = 'Pinpair Goods';

/** Content and request state of one page, for the layout. */
export interface LayoutOptions {
  title: string;
  body: SafeHtml;
  cartCount: number;
  consent: Consent;
  pageConfig: PageConfig;
  /** The search box's current text. */
  query?: string;
}

/** Renders a complete HTML document around a page body. */
export function renderLayout(options: LayoutOptions): string {
  const { title, body, cartCount, consent, pageConfig, query } = options;
  const showBanner = consent.advertising === 'pending' || consent.analytics === 'pending';

  return html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} · ${SHOP_NAME}</title>
  <link rel="stylesheet" href="/shop.css">
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <script type="application/json" id="${PAGE_CONFIG_ELEMENT_ID}">${jsonForScript(pageConfig)}</script>
  <script src="/shop.js" defer></script>
</head>
<body>
  <header class="site-header">
    <div class="container header-row">
      <a class="brand" href="/">${SHOP_NAME}</a>
      <form class="search" action="/search" method="get" role="search">
        <input type="search" name="q" value="${query ?? ''}" placeholder="Search mugs, tees, planters…" aria-label="Search the shop">
        <button type="submit">Search</button>
      </form>
      <a class="cart-link" href="/cart">Cart <span class="cart-count" data-cart-count>${cartCount}</span></a>
    </div>
  </header>
  <main class="container">
${body}
  </main>
  <footer class="site-footer">
    <div class="container footer-row">
      <span>${SHOP_NAME} is an example store: nothing is charged and nothing ships.</span>
      <a href="/privacy">Privacy choices</a>
      <a href="/catalog.csv">Catalog feed</a>
    </div>
  </footer>
${showBanner && renderConsentBanner(consent)}
</body>
</html>
`.value;
}
