// The home page and the product grid it shares with search results.
import type { Catalog, Product } from '../catalog.js';
import { formatMoney } from '../money.js';
import { html, type SafeHtml } from './html.js';

/** Renders the home page: a short introduction and every product. */
export function renderHome(catalog: Catalog): SafeHtml {
  return html`<section class="hero">
  <h1>Good things for slow mornings</h1>
  <p>Stoneware, linen and wool, made in small batches. Free shipping on every order, because nothing actually ships.</p>
</section>
<section aria-labelledby="all-products">
  <h2 id="all-products" class="section-title">All products</h2>
  ${renderProductGrid(catalog.products, catalog.currency)}
</section>`;
}

/** Renders product cards linking to their pages. */
export function renderProductGrid(products: Product[], currency: string): SafeHtml {
  return html`<ul class="product-grid">
  ${products.map((product) => renderProductCard(product, currency))}
</ul>`;
}

function renderProductCard(product: Product, currency: string): SafeHtml {
  const [first] = product.variants;
  const colours = new Set(product.variants.map((variant) => variant.color).filter(Boolean));
  const hasPriceRange = product.variants.some((variant) => variant.priceCents !== product.fromPriceCents);

  return html`<li class="product-card">
    <a href="/products/${product.slug}">
      <img class="product-card-image" src="/images/${first?.id ?? product.groupId}.svg" alt="${product.title}" width="600" height="600" loading="lazy">
      <span class="product-card-title">${product.title}</span>
      <span class="product-card-meta">${hasPriceRange && 'From '}${formatMoney(product.fromPriceCents, currency)}${colours.size > 1 && ` · ${colours.size} colours`}</span>
    </a>
  </li>`;
}
