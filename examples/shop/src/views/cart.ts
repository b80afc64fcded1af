// The cart page: lines with quantity controls, the total and the way to checkout.
import { MAX_QUANTITY_PER_ITEM } from '../carts.js';
import { formatMoney } from '../money.js';
import type { PricedCart } from '../pricing.js';
import { html, type SafeHtml } from './html.js';

/** The reason a checkout sent the shopper back to the cart page. */
export type CartNotice = { kind: 'ordered'; orderId: string } | { kind: 'empty' };

/** Renders the cart, or an invitation to shop when it is empty, below the notice if there is one. */
export function renderCartPage(cart: PricedCart, currency: string, notice?: CartNotice): SafeHtml {
  if (cart.lines.length === 0) {
    return html`<h1 class="section-title">Your cart</h1>
${notice && renderCartNotice(notice)}
<p class="empty">Your cart is empty. <a href="/">Browse the shop</a>.</p>`;
  }

  return html`<h1 class="section-title">Your cart</h1>
${notice && renderCartNotice(notice)}
<table class="cart-table">
  <thead><tr><th scope="col">Product</th><th scope="col">Price</th><th scope="col">Quantity</th><th scope="col" class="numeric">Total</th></tr></thead>
  <tbody>
  ${cart.lines.map(
    (line) => html`<tr>
    <td class="cart-line-product"><div class="cart-product">
      <img src="/images/${line.variant.id}.svg" alt="" width="64" height="64">
      <span><a href="/products/${line.product.slug}">${line.product.title}</a><br><span class="muted">${line.variant.label}</span></span>
    </div></td>
    <td data-label="Price">${formatMoney(line.variant.priceCents, currency)}</td>
    <td>
      <form method="post" action="/cart/update" class="inline-form">
        <input type="hidden" name="item_id" value="${line.variant.id}">
        <input type="number" name="quantity" value="${line.quantity}" min="0" max="${MAX_QUANTITY_PER_ITEM}" aria-label="Quantity of ${line.product.title} ${line.variant.label}">
        <button type="submit" class="link-button">Update</button>
        <button type="submit" name="remove" value="1" class="link-button">Remove</button>
      </form>
    </td>
    <td class="numeric" data-label="Total">${formatMoney(line.lineCents, currency)}</td>
  </tr>`,
  )}
  </tbody>
  <tfoot><tr><th scope="row" colspan="3">Subtotal</th><td class="numeric">${formatMoney(cart.totalCents, currency)}</td></tr></tfoot>
</table>
<div class="cart-actions">
  <a href="/" class="button secondary">Keep shopping</a>
  <a href="/checkout" class="button">Checkout</a>
</div>`;
}

function renderCartNotice(notice: CartNotice): SafeHtml {
  if (notice.kind === 'ordered') {
    return html`<p class="notice" role="status">This cart was already ordered, perhaps in another tab or window, so it was not charged again. <a href="/orders/${notice.orderId}">View order ${notice.orderId}</a>.</p>`;
  }
  return html`<p class="notice warning" role="status">No order was placed because your cart is empty. Add an item and check out again.</p>`;
}
