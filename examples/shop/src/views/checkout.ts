// The checkout page: contact and address form, the simulated payment choice and the order summary.
import {
  CHECKOUT_FIELD_MAX_LENGTHS,
  type CheckoutFormErrors,
  type CheckoutFormValues,
  type CheckoutTextField,
  COUNTRIES,
} from '../checkout-form.js';
import { formatMoney } from '../money.js';
import { cartVersion, type PricedCart } from '../pricing.js';
import { html, type SafeHtml } from './html.js';

/** Content of the checkout page. */
export interface CheckoutPageOptions {
  cart: PricedCart;
  currency: string;
  values: CheckoutFormValues;
  errors: CheckoutFormErrors;
  /** A message for the whole form, such as a declined payment. */
  formError?: string;
}

/** Name of the hidden field with the {@link cartVersion} of the cart the page shows. */
export const CART_VERSION_FIELD = 'cart_version';

/** Renders the checkout page. */
export function renderCheckoutPage(options: CheckoutPageOptions): SafeHtml {
  const { cart, currency, values, errors, formError } = options;
  const field = (
    name: CheckoutTextField,
    label: string,
    type: string,
    autocomplete: string,
  ) => html`<label class="field${errors[name] ? ' invalid' : ''}">
        <span class="field-label">${label}</span>
        <input type="${type}" name="${name}" value="${values[name]}" autocomplete="${autocomplete}" maxlength="${CHECKOUT_FIELD_MAX_LENGTHS[name]}" required ${errors[name] && html`aria-invalid="true" aria-describedby="${name}-error"`}>
        ${errors[name] && html`<small class="field-error" id="${name}-error">${errors[name]}</small>`}
      </label>`;

  return html`<h1 class="section-title">Checkout</h1>
<div class="checkout">
  <form class="checkout-form" method="post" action="/checkout" data-checkout-form novalidate>
    ${formError && html`<p class="form-error" role="alert">${formError}</p>`}
    <input type="hidden" name="${CART_VERSION_FIELD}" value="${cartVersion(cart)}">
    <fieldset>
      <legend>Contact</legend>
      ${field('email', 'E-mail', 'email', 'email')}
      ${field('phone', 'Phone', 'tel', 'tel')}
    </fieldset>
    <fieldset>
      <legend>Shipping address</legend>
      <div class="field-row">
        ${field('first_name', 'First name', 'text', 'given-name')}
        ${field('last_name', 'Last name', 'text', 'family-name')}
      </div>
      ${field('city', 'City', 'text', 'address-level2')}
      <div class="field-row">
        ${field('state', 'State / region', 'text', 'address-level1')}
        ${field('zip', 'ZIP / postal code', 'text', 'postal-code')}
      </div>
      <label class="field${errors.country ? ' invalid' : ''}">
        <span class="field-label">Country</span>
        <select name="country" autocomplete="country">
          ${COUNTRIES.map(([code, name]) => html`<option value="${code}" ${values.country === code && 'selected'}>${name}</option>`)}
        </select>
        ${errors.country && html`<small class="field-error">${errors.country}</small>`}
      </label>
    </fieldset>
    <fieldset>
      <legend>Payment</legend>
      <p class="muted">This store uses a simulated payment provider: no card is needed and nothing is charged.</p>
      <label class="choice"><input type="radio" name="payment_outcome" value="approve" ${values.payment_outcome !== 'decline' && 'checked'}> <span class="choice-text">Approve the payment</span></label>
      <label class="choice"><input type="radio" name="payment_outcome" value="decline" ${values.payment_outcome === 'decline' && 'checked'}> <span class="choice-text">Decline the payment</span></label>
    </fieldset>
    <button type="submit" class="button wide">Place order · ${formatMoney(cart.totalCents, currency)}</button>
  </form>
  <aside class="order-summary" aria-label="Order summary">
    <h2>Order summary</h2>
    <ul>
      ${cart.lines.map(
        (line) => html`<li>
        <span>${line.quantity} × ${line.product.title}${line.variant.label && html` <span class="muted">(${line.variant.label})</span>`}</span>
        <span>${formatMoney(line.lineCents, currency)}</span>
      </li>`,
      )}
    </ul>
    <p class="summary-total"><span>Total</span><span>${formatMoney(cart.totalCents, currency)}</span></p>
  </aside>
</div>`;
}
