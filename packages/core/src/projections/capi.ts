// Projection of a conversion to one Conversions API event with hashed user_data and only schema keys.

import type { ActionSource, Conversion } from '../conversion.js';
import { parseIp } from '../lint/ip-address.js';
import type { Problem } from '../problem.js';
import type { ApiEventName } from '../taxonomy.js';
import { type HashedUserData, hashUserData } from '../user-data/hash-user-data.js';
import type { NormalizeOptions } from '../user-data/types.js';

/** A product in `custom_data.contents`. */
export interface CapiContent {
  /** The catalog's item id. */
  id: string;
  /** Unit price as a decimal string. */
  item_price?: string;
  quantity?: number;
  item_name?: string;
  item_category?: string;
  item_brand?: string;
}

/** `custom_data` of a CAPI event. */
export interface CapiCustomData {
  currency?: string;
  /** Decimal string. */
  value?: string;
  content_ids?: string[];
  contents?: CapiContent[];
  num_items?: number;
  order_id?: string;
  search_string?: string;
  content_name?: string;
  content_category?: string;
  content_brand?: string;
  opt_out_type?: string;
}

/** `user_data` of a CAPI event: hashed identifiers plus the fields Pinterest wants unhashed. */
export type CapiUserData = HashedUserData & {
  client_ip_address?: string;
  client_user_agent?: string;
  click_id?: string;
};

/** One event of a Conversions API request body (`{ data: [event, …] }`). */
export interface CapiEvent {
  event_name: ApiEventName;
  action_source: ActionSource;
  /** Integer Unix seconds. */
  event_time: number;
  event_id: string;
  event_source_url?: string;
  opt_out?: boolean;
  partner_name?: string;
  user_data: CapiUserData;
  custom_data?: CapiCustomData;
}

/** Options of {@link toCapiEvent}. */
export interface CapiEventOptions extends NormalizeOptions {
  /** `partner_name` for third-party senders, by Pinterest's convention `ss-<partner>`. @default undefined (left out) */
  partnerName?: string;
}

/**
 * Projects a conversion to one CAPI event. User identifiers are normalized and hashed with
 * {@link hashUserData}, through `options.sha256` when given; the click id, IP address and user agent
 * are sent unhashed. Invalid user fields and an IP address that does not parse are left out and
 * listed in `problems`. Only keys in
 * Pinterest's schema are written.
 *
 * @example
 * const { event, problems } = await toCapiEvent(conversion, { defaultCallingCode: '1' });
 * await fetch(url, { method: 'POST', body: JSON.stringify({ data: [event] }), headers });
 */
export async function toCapiEvent(
  conversion: Conversion,
  options?: CapiEventOptions,
): Promise<{ event: CapiEvent; problems: Problem[] }> {
  const { userData, problems } = await hashUserData(conversion.user ?? {}, options);
  const user_data: CapiUserData = { ...userData };
  if (conversion.clientIpAddress !== undefined) {
    // Left out like an invalid e-mail, because Pinterest would reject the whole event over it.
    if (parseIp(conversion.clientIpAddress) === undefined) {
      problems.push({
        path: 'user_data.client_ip_address',
        severity: 'warning',
        code: 'user_data_invalid',
        message:
          "user_data.client_ip_address was left out: it is not an IPv4 or IPv6 address. Pass the shopper's address, such as the request's socket address.",
      });
    } else {
      user_data.client_ip_address = conversion.clientIpAddress;
    }
  }
  if (conversion.clientUserAgent !== undefined) user_data.client_user_agent = conversion.clientUserAgent;
  if (conversion.clickId !== undefined) user_data.click_id = conversion.clickId;

  const event: CapiEvent = {
    event_name: conversion.eventName.apiName,
    action_source: conversion.actionSource,
    event_time: conversion.eventTime,
    event_id: conversion.eventId,
    user_data,
  };
  if (conversion.eventSourceUrl !== undefined) event.event_source_url = conversion.eventSourceUrl;
  if (conversion.optOut !== undefined) event.opt_out = conversion.optOut;
  if (options?.partnerName !== undefined) event.partner_name = options.partnerName;

  const customData = toCustomData(conversion);
  if (Object.keys(customData).length > 0) event.custom_data = customData;
  return { event, problems };
}

function toCustomData(conversion: Conversion): CapiCustomData {
  const customData: CapiCustomData = {};
  if (conversion.currency !== undefined) customData.currency = conversion.currency;
  if (conversion.value !== undefined) customData.value = conversion.value;

  if (conversion.items.length > 0) {
    customData.content_ids = conversion.items.map((item) => item.id);
    customData.contents = conversion.items.map((item) => {
      const content: CapiContent = { id: item.id };
      if (item.price !== undefined) content.item_price = item.price;
      content.quantity = item.quantity;
      if (item.name !== undefined) content.item_name = item.name;
      if (item.category !== undefined) content.item_category = item.category;
      if (item.brand !== undefined) content.item_brand = item.brand;
      return content;
    });
    customData.num_items = conversion.items.reduce((sum, item) => sum + item.quantity, 0);
  }

  if (conversion.orderId !== undefined) customData.order_id = conversion.orderId;
  if (conversion.searchString !== undefined) customData.search_string = conversion.searchString;
  return customData;
}
