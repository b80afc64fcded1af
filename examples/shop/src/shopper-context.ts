// Reads the shopper's context from the checkout request (IP, user agent, click id, PostHog distinct id,
// consent) and turns the stored copy back into the context that @pinpair/server reports with.
import { decodeHandoff, HANDOFF_FIELD, type Problem } from '@pinpair/core';
import { getRequestContext, type RequestContext } from '@pinpair/server';
import type { Request } from 'express';
import type { ShopperContext } from './orders.js';

/** Reads the shopper's context from a checkout request, with what could not be read. */
export type ReadShopper = (req: Request) => { shopper: ShopperContext; problems: Problem[] };

/** Settings of {@link createShopperReader}. */
export interface ShopperReaderOptions {
  /** Proxies whose `X-Forwarded-For` is believed; see `ShopAppOptions.trustedProxies`. */
  trustedProxies: readonly string[];
  /** posthog-js project api key, to find the `ph_<key>_posthog` cookie when the hand-off has no distinct id. */
  posthogApiKey: string;
}

/**
 * Creates the reader used on `POST /checkout`. The posted `pinpair_handoff` field wins over cookies,
 * because the browser wrote it at submit time with the consent and distinct id it had then.
 */
export function createShopperReader(options: ShopperReaderOptions): ReadShopper {
  return (req) => {
    const field: unknown = req.body?.[HANDOFF_FIELD];
    const handoff = typeof field === 'string' && field !== '' ? field : undefined;
    const context = getRequestContext(req, {
      trustedProxies: [...options.trustedProxies],
      posthogApiKey: options.posthogApiKey,
      handoff,
    });

    return {
      shopper: {
        handoff,
        clickId: context.clickId,
        distinctId: context.distinctId,
        consent: context.consent,
        clientIpAddress: context.clientIpAddress,
        clientUserAgent: context.clientUserAgent,
        eventSourceUrl: context.eventSourceUrl,
      },
      problems: context.problems,
    };
  };
}

/**
 * Rebuilds the request context from an order's stored shopper context. The payment is confirmed
 * later and, with a real provider, from the provider's servers, so the report must use what the
 * shopper's own request carried.
 */
export function toRequestContext(shopper: ShopperContext): RequestContext {
  const problems: Problem[] = [];
  const context: RequestContext = { consent: shopper.consent, problems };
  if (shopper.clientIpAddress) context.clientIpAddress = shopper.clientIpAddress;
  if (shopper.clientUserAgent) context.clientUserAgent = shopper.clientUserAgent;
  if (shopper.clickId) context.clickId = shopper.clickId;
  if (shopper.distinctId) context.distinctId = shopper.distinctId;
  if (shopper.eventSourceUrl) context.eventSourceUrl = shopper.eventSourceUrl;
  if (shopper.handoff) {
    try {
      context.handoff = decodeHandoff(shopper.handoff);
    } catch {
      // The reader already reported the invalid hand-off when the order was placed.
    }
  }
  return context;
}
