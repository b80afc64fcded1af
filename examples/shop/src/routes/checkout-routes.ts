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
import type { Order } from '../orders.js';
import { type PlaceOrderDependencies, placeOrder } from '../place-order.js';
import { orderLineToPageItem, priceCart, toPageItem } from '../pricing.js';
import { type RenderPage, readCartId } from '../render.js';
import type { ReadShopper } from '../shopper-context.js';
import { renderCheckoutPage } from '../views/checkout.js';
import { renderConfirmationPage } from '../views/confirmation.js';
import { renderMessagePage } from '../views/message.js';

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
    if (!cartId || cart.lines.length === 0) {
      res.redirect(303, '/cart');
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
    if (!form.ok) {
      rerender(400, form.values, form.errors, 'Please correct the highlighted fields.');
      return;
    }

    const { shopper, problems } = readShopper(req);
    const result = await placeOrder(options, {
      cartId,
      cart,
      currency: catalog.currency,
      customer: form.customer,
      outcome: form.outcome,
      shopper,
    });
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

/** Builds the browser's copy of the checkout. The order id makes its event id equal the server's. */
function confirmationEvent(order: Order) {
  return {
    name: 'checkout' as const,
    orderId: order.id,
    value: toDecimal(order.totalCents),
    items: order.lines.map(orderLineToPageItem),
  };
}
