// Places an order from a cart: store it with its event id and the shopper's context, charge it
// through the payment provider, and report it once the provider confirms the payment.
import { deriveEventId } from '@pinpair/core';
import type { CartStore } from './carts.js';
import { toDecimal } from './money.js';
import {
  type Customer,
  createOrderId,
  type Order,
  type OrderStore,
  type ReportStatus,
  type ShopperContext,
} from './orders.js';
import type { PaymentProvider, SimulatedOutcome } from './payments.js';
import { type PricedCart, toOrderLine } from './pricing.js';

/** Dependencies of {@link placeOrder}. */
export interface PlaceOrderDependencies {
  orders: OrderStore;
  carts: CartStore;
  payments: PaymentProvider;
  /** Reports a paid order to Pinterest and PostHog; resolves once the conversion is queued. */
  reportOrder(order: Order): Promise<ReportStatus>;
  /** @default createOrderId */
  newOrderId?: () => string;
}

/** One checkout submission. */
export interface PlaceOrderRequest {
  cartId: string;
  cart: PricedCart;
  currency: string;
  customer: Customer;
  outcome: SimulatedOutcome;
  shopper: ShopperContext;
}

/** The order and whether the payment went through. */
export type PlaceOrderResult =
  | { status: 'paid'; order: Order }
  | { status: 'declined'; order: Order; reason: string };

/**
 * Places and pays an order. The event id comes from the order id (UUID v5 of `checkout:<order id>`),
 * the same id the confirmation page derives in the browser, so Pinterest and PostHog count the order
 * once. The conversion is reported only after the provider confirms the payment, so a declined card
 * never counts as a sale. The ordered lines leave the cart only then, so after a decline the shopper
 * can try again.
 *
 * @example
 * const result = await placeOrder(dependencies, { cartId, cart, currency: 'USD', customer, outcome: 'approve', shopper });
 */
export async function placeOrder(
  dependencies: PlaceOrderDependencies,
  request: PlaceOrderRequest,
): Promise<PlaceOrderResult> {
  const { orders, carts, payments, reportOrder, newOrderId = createOrderId } = dependencies;
  if (request.cart.lines.length === 0)
    throw new RangeError('The cart is empty; add an item before placing an order.');

  const id = newOrderId();
  const placed = orders.insert({
    id,
    cartId: request.cartId,
    currency: request.currency,
    totalCents: request.cart.totalCents,
    lines: request.cart.lines.map(toOrderLine),
    customer: request.customer,
    eventId: await deriveEventId('checkout', id),
    shopper: request.shopper,
  });

  const charge = await payments.charge({
    orderId: id,
    amount: toDecimal(placed.totalCents),
    currency: placed.currency,
    outcome: request.outcome,
  });
  if (charge.status === 'declined') {
    return { status: 'declined', order: orders.markDeclined(id), reason: charge.reason };
  }

  const paid = orders.markPaid(id, charge.paymentId);
  removeOrderedLines(carts, request.cartId, request.cart);
  const reportStatus = await reportOrder(paid);
  return { status: 'paid', order: orders.markReported(id, reportStatus) };
}

// Takes away what was charged and keeps anything another tab added while the payment ran, which a
// later checkout then charges.
function removeOrderedLines(carts: CartStore, cartId: string, ordered: PricedCart): void {
  const current = new Map(carts.lines(cartId).map((line) => [line.itemId, line.quantity]));
  for (const line of ordered.lines) {
    const left = (current.get(line.variant.id) ?? 0) - line.quantity;
    carts.setQuantity(cartId, line.variant.id, Math.max(0, left));
  }
}
