// Reports an add to cart from the server too, under the event id the browser handed over in the
// `X-Pinpair-Handoff` header, so Pinterest and PostHog pair it with the browser's copy.
import type { Reporter, RequestContext } from '@pinpair/server';
import type { ShopLogger } from './logger.js';
import { toDecimal } from './money.js';
import type { PricedLine } from './pricing.js';
import { toPageItem } from './pricing.js';

/** Reports one add to cart; resolves whether or not it was queued, and never throws. */
export type ReportAddToCart = (line: PricedLine, currency: string, context: RequestContext) => Promise<void>;

/**
 * Creates the add-to-cart reporter. It reports only when the hand-off carries an event id: the
 * browser generated that id and sends its own copy with it, so both copies pair. A form posted
 * without JavaScript has no hand-off and sends no browser copy either.
 */
export function createAddToCartReporter(reporter: Reporter, logger: ShopLogger): ReportAddToCart {
  return async (line, currency, context) => {
    const eventId = context.handoff?.eventId;
    if (!eventId) return;

    try {
      const result = await reporter.report(
        {
          eventName: 'add_to_cart',
          eventId,
          value: toDecimal(line.lineCents),
          currency,
          items: [toPageItem(line.product, line.variant, line.quantity)],
        },
        context,
      );
      logger.debug(
        { eventId, queued: result.queued, skipped: result.skipped, postHog: result.postHog },
        'add to cart reported',
      );
    } catch (error) {
      logger.error({ eventId, err: error }, 'add to cart report failed');
    }
  };
}
