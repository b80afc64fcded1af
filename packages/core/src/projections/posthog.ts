// Projection of a conversion to a PostHog capture, with the same uuid from browser and server.

import type { Conversion } from '../conversion.js';
import { definedOnly } from '../defined-only.js';
import { toPostHogUuid } from '../event-id.js';

/** Arguments of a PostHog capture: posthog-js `capture(event, properties, { uuid })`, posthog-node `capture({ event, properties, uuid })`. */
export interface PostHogCapture {
  /** PostHog event name, for example `'Order Completed'` for a checkout. */
  event: string;
  /** Canonical UUID derived from the event id, so PostHog also counts the conversion once. */
  uuid: string;
  properties: Record<string, unknown>;
}

/**
 * Projects a conversion to a PostHog capture. Properties hold `event_id`, `pinterest_event_name`,
 * `value` (a number), `currency`, `order_id`, `products` (PostHog e-commerce spec names),
 * `search_string`, `lead_type`, and the conversion's own `properties`, which cannot override the
 * keys that the conversion sets. They never hold user identifiers (e-mail, phone, names): PostHog
 * person data belongs to the shop's own `identify()` calls.
 *
 * @example
 * const { event, properties, uuid } = await toPostHogCapture(conversion);
 * posthog.capture(event, properties, { uuid });
 */
export async function toPostHogCapture(conversion: Conversion): Promise<PostHogCapture> {
  const { items, value } = conversion;
  const properties = definedOnly<Record<string, unknown>>({
    event_id: conversion.eventId,
    pinterest_event_name: conversion.eventName.apiName,
    value: value === undefined ? undefined : Number(value),
    currency: conversion.currency,
    order_id: conversion.orderId,
    products:
      items.length > 0
        ? items.map((item) =>
            definedOnly({
              product_id: item.id,
              name: item.name,
              category: item.category,
              brand: item.brand,
              variant: item.variant,
              price: item.price === undefined ? undefined : Number(item.price),
              quantity: item.quantity,
            }),
          )
        : undefined,
    search_string: conversion.searchString,
    lead_type: conversion.leadType,
  });

  return {
    event: conversion.eventName.postHogName,
    uuid: await toPostHogUuid(conversion.eventId),
    properties: { ...conversion.properties, ...properties },
  };
}
