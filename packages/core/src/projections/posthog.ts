// Projection of a conversion to a PostHog capture, with the same uuid from browser and server.

import type { Conversion } from '../conversion.js';
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
 * `search_string`, `lead_type`, and the conversion's own `properties`, which cannot override those.
 * They never hold user identifiers (e-mail, phone, names): PostHog person data belongs to the shop's
 * own `identify()` calls.
 *
 * @example
 * const { event, properties, uuid } = await toPostHogCapture(conversion);
 * posthog.capture(event, properties, { uuid });
 */
export async function toPostHogCapture(conversion: Conversion): Promise<PostHogCapture> {
  const properties: Record<string, unknown> = {
    ...conversion.properties,
    event_id: conversion.eventId,
    pinterest_event_name: conversion.eventName.apiName,
  };
  if (conversion.value !== undefined) properties.value = Number(conversion.value);
  if (conversion.currency !== undefined) properties.currency = conversion.currency;
  if (conversion.orderId !== undefined) properties.order_id = conversion.orderId;
  if (conversion.items.length > 0) {
    properties.products = conversion.items.map((item) => {
      const product: Record<string, unknown> = { product_id: item.id };
      if (item.name !== undefined) product.name = item.name;
      if (item.category !== undefined) product.category = item.category;
      if (item.brand !== undefined) product.brand = item.brand;
      if (item.variant !== undefined) product.variant = item.variant;
      if (item.price !== undefined) product.price = Number(item.price);
      product.quantity = item.quantity;
      return product;
    });
  }
  if (conversion.searchString !== undefined) properties.search_string = conversion.searchString;
  if (conversion.leadType !== undefined) properties.lead_type = conversion.leadType;

  return {
    event: conversion.eventName.postHogName,
    uuid: await toPostHogUuid(conversion.eventId),
    properties,
  };
}
