// Reads the fields the report compares out of tag beacons and CAPI events, one shape for both channels.

import type { ActionSource } from '@pinpair/core';
import { isJsonObject } from '../pinterest/field-checks.js';
import type { LedgerEvent } from './types.js';

/** One copy of a conversion, from either channel, with the fields the report compares. */
export interface ConversionCopy {
  event: LedgerEvent;
  /** Advertiser part of the dedup key: the ad account, or `tag:<tid>` for a tag that is not mapped. */
  advertiser: string;
  /** False for a CAPI event Pinterest rejected. */
  accepted: boolean;
  actionSource: ActionSource | undefined;
  orderId: string | undefined;
  value: string | undefined;
  currency: string | undefined;
  clickId: string | undefined;
  /** The shopper's IP: `client_ip_address` for CAPI, the beacon's client address for the tag. */
  clientIp: string | undefined;
  /** The shopper's user agent: `client_user_agent` for CAPI, the beacon's `User-Agent` for the tag. */
  clientUserAgent: string | undefined;
  /** CAPI `user_data`, or undefined for the tag. */
  userData: Record<string, unknown> | undefined;
  /** Product ids, each once: CAPI `custom_data.content_ids` then `contents[].id`, or the tag's `line_items[].product_id`. */
  contentIds: string[];
}

/** Builds the comparable view of one ledger event. */
export function toConversionCopy(event: LedgerEvent): ConversionCopy {
  if (event.channel === 'tag') {
    const data = event.payload.ed ?? {};
    return {
      event,
      advertiser: event.adAccountId ?? `tag:${event.tagId ?? ''}`,
      accepted: true,
      actionSource: 'web',
      orderId: textOf(data.order_id),
      value: textOf(data.value),
      currency: textOf(data.currency),
      clickId: undefined,
      clientIp: event.clientAddress,
      clientUserAgent: event.userAgent,
      userData: undefined,
      contentIds: idsOf(data.line_items, 'product_id'),
    };
  }

  const payload = isJsonObject(event.payload) ? event.payload : {};
  const customData = isJsonObject(payload.custom_data) ? payload.custom_data : {};
  const userData = isJsonObject(payload.user_data) ? payload.user_data : {};
  return {
    event,
    advertiser: event.adAccountId ?? '',
    accepted: event.status === 'processed',
    actionSource: event.actionSource,
    orderId: textOf(customData.order_id),
    value: textOf(customData.value),
    currency: textOf(customData.currency),
    clickId: textOf(userData.click_id),
    clientIp: textOf(userData.client_ip_address),
    clientUserAgent: textOf(userData.client_user_agent),
    userData,
    contentIds: uniqueIds([
      ...(Array.isArray(customData.content_ids) ? customData.content_ids.map(textOf) : []),
      ...idsOf(customData.contents, 'id'),
    ]),
  };
}

/** Reads `field` of each object in `items`, skipping items that are not objects or lack the field. */
function idsOf(items: unknown, field: string): string[] {
  if (!Array.isArray(items)) return [];
  return uniqueIds(items.map((item) => (isJsonObject(item) ? textOf(item[field]) : undefined)));
}

function uniqueIds(ids: (string | undefined)[]): string[] {
  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}

/** Returns a non-empty string, or a finite number written as a string; undefined otherwise. */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
