// Projection of a conversion to the event data of pintrk('track', name, data).

import type { Conversion } from '../conversion.js';

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
  const data: TagEventData = { event_id: conversion.eventId };
  if (conversion.value !== undefined) data.value = conversion.value;
  if (conversion.items.length > 0) {
    data.order_quantity = conversion.items.reduce((sum, item) => sum + item.quantity, 0);
  }
  if (conversion.currency !== undefined) data.currency = conversion.currency;
  if (conversion.orderId !== undefined) data.order_id = conversion.orderId;
  if (conversion.searchString !== undefined) data.search_query = conversion.searchString;
  if (conversion.leadType !== undefined) data.lead_type = conversion.leadType;
  if (conversion.items.length > 0) {
    data.line_items = conversion.items.map((item) => {
      const lineItem: TagLineItem = { product_id: item.id };
      if (item.name !== undefined) lineItem.product_name = item.name;
      if (item.category !== undefined) lineItem.product_category = item.category;
      if (item.variantId !== undefined) lineItem.product_variant_id = item.variantId;
      if (item.variant !== undefined) lineItem.product_variant = item.variant;
      if (item.price !== undefined) lineItem.product_price = item.price;
      lineItem.product_quantity = item.quantity;
      if (item.brand !== undefined) lineItem.product_brand = item.brand;
      return lineItem;
    });
  }
  return data;
}
