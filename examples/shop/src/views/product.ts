// The product page: pictures, variant choice and the add-to-cart form.

import { MAX_QUANTITY_PER_ITEM } from '../carts.js';
import type { Product, Variant } from '../catalog.js';
import { formatMoney } from '../money.js';
import { html, type SafeHtml } from './html.js';

/** Renders a product page with one variant preselected. */
export function renderProductPage(product: Product, selected: Variant, currency: string): SafeHtml {
  const anyAvailable = product.variants.some((variant) => variant.available);

  return html`<nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="/">Shop</a> / ${product.category}</nav>
<article class="product">
  <img class="product-image" src="/images/${selected.id}.svg" alt="${product.title}" width="600" height="600" data-product-image>
  <div class="product-details">
    <p class="brand-name">${product.brand}</p>
    <h1>${product.title}</h1>
    <p class="price" data-product-price>${formatMoney(selected.priceCents, currency)}</p>
    <p>${product.description}</p>
    <form class="add-to-cart" method="post" action="/cart" data-add-to-cart>
      ${product.variants.length > 1 && renderVariantChoice(product, selected, currency)}
      ${product.variants.length === 1 && html`<input type="hidden" name="item_id" value="${selected.id}">`}
      <label class="quantity">Quantity
        <input type="number" name="quantity" value="1" min="1" max="${MAX_QUANTITY_PER_ITEM}" required>
      </label>
      <button type="submit" class="button" ${!anyAvailable && 'disabled'}>${anyAvailable ? 'Add to cart' : 'Sold out'}</button>
      <p class="form-status" role="status" data-cart-status></p>
    </form>
    <p class="fine-print">Catalog id <code data-item-id>${selected.id}</code>${product.variants.length > 1 && html` · item group <code>${product.groupId}</code>`}</p>
  </div>
</article>`;
}

function renderVariantChoice(product: Product, selected: Variant, currency: string): SafeHtml {
  return html`<fieldset class="variants">
    <legend>Choose a variant</legend>
    ${product.variants.map(
      (variant) => html`<label class="variant${variant.available ? '' : ' unavailable'}">
      <input type="radio" name="item_id" value="${variant.id}" ${variant.id === selected.id && 'checked'} ${!variant.available && 'disabled'}
        data-image="/images/${variant.id}.svg" data-price="${formatMoney(variant.priceCents, currency)}">
      <span>${variant.label}${!variant.available && ' · sold out'}</span>
    </label>`,
    )}
  </fieldset>`;
}
