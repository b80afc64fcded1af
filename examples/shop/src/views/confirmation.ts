// The order confirmation page, shown after the payment provider approved the charge.
import { formatMoney } from '../money.js';
import type { Order } from '../orders.js';
import { html, type SafeHtml } from './html.js';

/** Renders the confirmation of a paid order. */
export function renderConfirmationPage(order: Order): SafeHtml {
  return html`<section class="confirmation">
  <p class="eyebrow">Order ${order.id}</p>
  <h1>Thank you, ${order.customer.firstName}!</h1>
  <p>Your order is confirmed. A receipt would go to <strong>${order.customer.email}</strong> if this store sent e-mail.</p>
  <table class="cart-table">
    <thead><tr><th scope="col">Product</th><th scope="col">Quantity</th><th scope="col" class="numeric">Total</th></tr></thead>
    <tbody>
    ${order.lines.map(
      (line) => html`<tr>
      <td class="cart-line-product"><div class="cart-product"><img src="/images/${line.itemId}.svg" alt="" width="64" height="64"><span>${line.title}<br><span class="muted">${line.variantLabel}</span></span></div></td>
      <td data-label="Quantity">${line.quantity}</td>
      <td class="numeric" data-label="Total">${formatMoney(line.priceCents * line.quantity, order.currency)}</td>
    </tr>`,
    )}
    </tbody>
    <tfoot><tr><th scope="row" colspan="2">Total paid</th><td class="numeric">${formatMoney(order.totalCents, order.currency)}</td></tr></tfoot>
  </table>
  <p class="muted">Shipping to ${order.customer.firstName} ${order.customer.lastName}, ${order.customer.city}, ${order.customer.state} ${order.customer.zip}, ${order.customer.country}.</p>
  <dl class="tracking-facts">
    <dt>Conversion event id</dt><dd><code data-event-id>${order.eventId}</code></dd>
    <dt>Payment</dt><dd><code>${order.paymentId ?? 'pending'}</code></dd>
  </dl>
  <a class="button" href="/">Continue shopping</a>
</section>`;
}
