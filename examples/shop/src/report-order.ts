// Reports a paid order through @pinpair/server: the CAPI event goes to the outbox and the PostHog
// capture to posthog-node, both under the order's event id, as the shopper who placed it.
import type { ConversionInput } from '@pinpair/core';
import type { Reporter } from '@pinpair/server';
import { toInternationalPhone } from './checkout-form.js';
import type { ShopLogger } from './logger.js';
import { toDecimal } from './money.js';
import type { Order, ReportStatus } from './orders.js';
import { orderLineToPageItem } from './pricing.js';
import { toRequestContext } from './shopper-context.js';

/**
 * Turns a paid order into pinpair's conversion input. The event id is the one stored with the order
 * and shown on the confirmation page. The reporter would derive the same one from the order id.
 */
export function toConversionInput(order: Order): ConversionInput {
  const { customer } = order;
  return {
    eventName: 'checkout',
    eventId: order.eventId,
    orderId: order.id,
    eventTime: order.paidAt ?? order.createdAt,
    actionSource: 'web',
    value: toDecimal(order.totalCents),
    currency: order.currency,
    items: order.lines.map(orderLineToPageItem),
    user: {
      email: customer.email,
      phone: toInternationalPhone(customer.phone, customer.country),
      firstName: customer.firstName,
      lastName: customer.lastName,
      city: customer.city,
      state: customer.state,
      zip: customer.zip,
      country: customer.country,
    },
  };
}

/**
 * Creates the function the checkout calls after payment. It never throws: a failed report is logged
 * and recorded on the order, because the shopper has paid and must see the confirmation.
 */
export function createOrderReporter(
  reporter: Reporter,
  logger: ShopLogger,
): (order: Order) => Promise<ReportStatus> {
  return async (order) => {
    try {
      const result = await reporter.report(toConversionInput(order), toRequestContext(order.shopper));
      logger.info(
        {
          orderId: order.id,
          eventId: result.eventId,
          queued: result.queued,
          skipped: result.skipped,
          postHog: result.postHog,
          problems: result.problems.map((problem) => problem.code),
        },
        'order reported',
      );
      return result.queued ? 'queued' : 'skipped';
    } catch (error) {
      logger.error({ orderId: order.id, eventId: order.eventId, err: error }, 'order report failed');
      return 'failed';
    }
  };
}
