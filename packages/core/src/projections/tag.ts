// Projection of a conversion to the event data of pintrk('track', name, data).

import type { Conversion } from '../conversion.js';
import { definedOnly } from '../defined-only.js';

/** A product in the tag's `line_items`. */
export interface TagLineItem {
  /** The catalog's item id, the same id the CAPI event sends in `content_ids`. */
  product_id: string;
  product_name?: string;
  product_category?: string;
  product_variant_id?: string;
  product_variant?: string;
  /** Unit price as a decimal string. */
  product_price?: string;
  product_quantity?: number;
  product_brand?: string;
}

/** Event data for `pintrk('track', tagEventName, data)`. The tag accepts extra keys too. */
export interface TagEventData {
  /** Shared with the CAPI event, so Pinterest counts the conversion once. */
  event_id: string;
  /** Decimal string. */
  value?: string;
  /** Sum of the line items' quantities. */
  order_quantity?: number;
  currency?: string;
  order_id?: string;
  search_query?: string;
  lead_type?: string;
  line_items?: TagLineItem[];
  [key: string]: unknown;
}

/**
 * Projects a conversion to the event data of `pintrk('track', conversion.eventName.tagName, data)`.
 * Keys without a value are left out. User identifiers are never part of event data.
 *
 * @example
 * pintrk('track', conversion.eventName.tagName, toTagEventData(conversion));
 */
export function toTagEventData(conversion: Conversion): TagEventData {
  const { items } = conversion;
  const hasItems = items.length > 0;
  return definedOnly<TagEventData>({
    event_id: conversion.eventId,
    value: conversion.value,
    order_quantity: hasItems ? items.reduce((sum, item) => sum + item.quantity, 0) : undefined,
    currency: conversion.currency,
    order_id: conversion.orderId,
    search_query: conversion.searchString,
    lead_type: conversion.leadType,
    line_items: hasItems
      ? items.map((item) =>
          definedOnly<TagLineItem>({
            product_id: item.id,
            product_name: item.name,
            product_category: item.category,
            product_variant_id: item.variantId,
            product_variant: item.variant,
            product_price: item.price,
            product_quantity: item.quantity,
            product_brand: item.brand,
          }),
        )
      : undefined,
  });
}
