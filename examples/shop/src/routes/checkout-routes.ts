// Checkout routes: the checkout form, order placement with the simulated payment, and the order
// confirmation page that sends the browser's copy of the checkout.
import { Router } from 'express';
import type { CartStore } from '../carts.js';
import type { Catalog } from '../catalog.js';
import {
  type CheckoutFormErrors,
  type CheckoutFormValues,
  EMPTY_CHECKOUT_FORM,
  parseCheckoutForm,
} from '../checkout-form.js';
import type { ShopLogger } from '../logger.js';
import { toDecimal } from '../money.js';
import type { Order, OrderStore } from '../orders.js';
import { type PlaceOrderDependencies, placeOrder } from '../place-order.js';
import { cartVersion, orderCartVersion, orderLineToPageItem, priceCart, toPageItem } from '../pricing.js';
import { type RenderPage, readCartId } from '../render.js';
import type { ReadShopper } from '../shopper-context.js';
import { CART_VERSION_FIELD, renderCheckoutPage } from '../views/checkout.js';
import { renderConfirmationPage } from '../views/confirmation.js';
import { renderMessagePage } from '../views/message.js';
import { cartNoticeLocation } from './cart-routes.js';

/** Dependencies of the checkout routes. */
export interface CheckoutRoutesOptions extends PlaceOrderDependencies {
  catalog: Catalog;
  carts: CartStore;
  render: RenderPage;
  readShopper: ReadShopper;
  logger: ShopLogger;
}

/** Creates the checkout routes. */
export function createCheckoutRoutes(options: CheckoutRoutesOptions): Router {
  const { catalog, carts, orders, render, readShopper, logger } = options;
  const router = Router();
  // Carts whose order is being placed. A second submit of the same cart (a double click, another tab)
  // would otherwise pass the version check while the first awaits the payment, and pay twice.
  // NOTE: this guards one process only; shops with several need a lock in their database.
  const cartsInCheckout = new Set<string>();

  router.get('/checkout', (req, res) => {
    const cartId = readCartId(req);
    const cart = priceCart(catalog, cartId ? carts.lines(cartId) : []);
    if (cart.lines.length === 0) {
      res.redirect(303, '/cart');
      return;
    }

    render(req, res, {
      title: 'Checkout',
      body: renderCheckoutPage({ cart, currency: catalog.currency, values: EMPTY_CHECKOUT_FORM, errors: {} }),
      event: {
        name: 'initiate_checkout',
        value: toDecimal(cart.totalCents),
        items: cart.lines.map((line) => toPageItem(line.product, line.variant, line.quantity)),
      },
    });
  });

  router.post('/checkout', async (req, res) => {
    const cartId = readCartId(req);
    const cart = priceCart(catalog, cartId ? carts.lines(cartId) : []);
    const postedVersion = readPostedCartVersion(req.body);
    if (!cartId || cart.lines.length === 0) {
      res.redirect(303, emptyCartLocation(orders, cartId, postedVersion));
      return;
    }

    const rerender = (
      status: number,
      values: CheckoutFormValues,
      errors: CheckoutFormErrors,
      formError?: string,
    ) =>
      render(req, res, {
        status,
        title: 'Checkout',
        body: renderCheckoutPage({ cart, currency: catalog.currency, values, errors, formError }),
      });

    const form = parseCheckoutForm(req.body ?? {});
    // The button showed the total of the cart the page was rendered with. Another tab may have
    // changed the cart since, so the shopper confirms the new total before anything is charged.
    if (postedVersion !== cartVersion(cart)) {
      rerender(409, form.values, form.ok ? {} : form.errors, CART_CHANGED_MESSAGE);
      return;
    }

    if (!form.ok) {
      rerender(400, form.values, form.errors, 'Please correct the highlighted fields.');
      return;
    }

    if (cartsInCheckout.has(cartId)) {
      rerender(409, form.values, {}, CART_BUSY_MESSAGE);
      return;
    }

    const { shopper, problems } = readShopper(req);
    cartsInCheckout.add(cartId);
    let result: Awaited<ReturnType<typeof placeOrder>>;
    try {
      result = await placeOrder(options, {
        cartId,
        cart,
        currency: catalog.currency,
        customer: form.customer,
        outcome: form.outcome,
        shopper,
      });
    } finally {
      cartsInCheckout.delete(cartId);
    }
    if (problems.length > 0) {
      logger.warn(
        { orderId: result.order.id, problems: problems.map((problem) => problem.code) },
        'shopper context incomplete',
      );
    }

    if (result.status === 'declined') {
      logger.info({ orderId: result.order.id }, 'payment declined');
      rerender(402, form.values, {}, `${result.reason} Choose “Approve the payment” to complete the order.`);
      return;
    }

    logger.info(
      { orderId: result.order.id, eventId: result.order.eventId, reportStatus: result.order.reportStatus },
      'order paid',
    );
    res.redirect(303, `/orders/${encodeURIComponent(result.order.id)}`);
  });

  router.get('/orders/:id', (req, res) => {
    const order = orders.get(req.params.id);
    if (order?.status !== 'paid' || order.cartId !== readCartId(req)) {
      render(req, res, {
        status: 404,
        title: 'Order not found',
        body: renderMessagePage('Order not found', 'This browser placed no paid order with that number.'),
      });
      return;
    }

    render(req, res, {
      title: `Order ${order.id}`,
      body: renderConfirmationPage(order),
      event: confirmationEvent(order),
      enhancedMatchEmail: order.customer.email,
    });
  });

  return router;
}

const CART_BUSY_MESSAGE =
  'This cart is being ordered in another tab or window. Wait a moment, then check your cart before ordering again.';

const CART_CHANGED_MESSAGE =
  'Your cart changed since you opened this page. Check the total and place the order again.';

function readPostedCartVersion(body: Record<string, unknown> | undefined): string {
  const value = body?.[CART_VERSION_FIELD];
  return typeof value === 'string' ? value : '';
}

/**
 * Returns the cart page address for a checkout of an empty cart, with a notice that explains why
 * nothing was ordered. The cart counts as already ordered only when its latest paid order has the
 * version the checkout page showed, because a cart id outlives its orders and may be refilled and
 * emptied again.
 */
function emptyCartLocation(orders: OrderStore, cartId: string | undefined, postedVersion: string): string {
  const order = cartId ? orders.latestPaid(cartId) : undefined;
  if (order && orderCartVersion(order) === postedVersion) {
    return cartNoticeLocation({ kind: 'ordered', orderId: order.id });
  }
  return cartNoticeLocation({ kind: 'empty' });
}

/** Builds the browser's copy of the checkout. The order id makes its event id equal the server's. */
function confirmationEvent(order: Order) {
  return {
    name: 'checkout' as const,
    orderId: order.id,
    value: toDecimal(order.totalCents),
    items: order.lines.map(orderLineToPageItem),
  };
}
