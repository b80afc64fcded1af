// Builders for Conversions API requests in tests: a valid event, hashing, and a POST helper.

import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FakePinterest } from '../pinterest/fake-pinterest.js';

/** Fixed test clock: 2025-06-02T12:00:00Z. */
export const NOW_MS = Date.UTC(2025, 5, 2, 12, 0, 0);
export const NOW_SECONDS = NOW_MS / 1000;

/** A desktop Chromium user agent, as a shopper's browser sends it. */
export const BROWSER_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/** Shopper address from the documentation range 203.0.113.0/24 (public, never routed). */
export const SHOPPER_IP = '203.0.113.7';

/** Lowercase SHA-256 hex of `text`. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Builds a checkout event that passes every rule of the fake; `overrides` replace top-level fields. */
export function validEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_name: 'checkout',
    action_source: 'web',
    event_time: NOW_SECONDS - 60,
    event_id: 'evt-1001',
    event_source_url: 'https://shop.example/checkout',
    user_data: {
      em: [sha256('shopper@example.com')],
      client_ip_address: SHOPPER_IP,
      client_user_agent: BROWSER_USER_AGENT,
      click_id: 'dj0yJnU9b3BhcXVlJnA9MSZuPW9wYXF1ZQ',
    },
    custom_data: {
      currency: 'USD',
      value: '116.00',
      order_id: '1001',
      content_ids: ['sku-11'],
      contents: [{ id: 'sku-11', item_price: '58.00', quantity: 2 }],
      num_items: 2,
    },
    ...overrides,
  };
}

/** Options of {@link postEvents}. */
export interface PostOptions {
  token?: string | null;
  adAccountId?: string;
  query?: string;
  headers?: Record<string, string>;
  /** Sent as is instead of `JSON.stringify(body)`. */
  rawBody?: string | Uint8Array;
  gzip?: boolean;
  signal?: AbortSignal;
}

/** The parts of a response that tests read. */
export interface ParsedResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields of arbitrary JSON responses.
  body: any;
}

/** POSTs `body` to the fake's events endpoint with the default token and account. */
export async function postEvents(
  pinterest: FakePinterest,
  body: unknown,
  options: PostOptions = {},
): Promise<ParsedResponse> {
  const adAccountId = options.adAccountId ?? pinterest.adAccountId;
  const token = options.token === undefined ? pinterest.conversionToken : options.token;
  const text = options.rawBody ?? JSON.stringify(body);
  const payload = options.gzip ? gzipSync(text) : text;

  const response = await fetch(
    `${pinterest.apiBaseUrl}/ad_accounts/${adAccountId}/events${options.query ?? ''}`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(options.gzip ? { 'content-encoding': 'gzip' } : {}),
        ...options.headers,
      },
      body: payload,
      signal: options.signal,
    },
  );
  const responseText = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: responseText.length > 0 ? JSON.parse(responseText) : undefined,
  };
}

/** Sends a tag beacon the way core.js does, from a browser with `userAgent` behind `forwardedFor`. */
export async function sendBeacon(
  pinterest: FakePinterest,
  beacon: { tid?: string; event: string; ed?: Record<string, unknown>; pd?: Record<string, unknown> },
  options: { userAgent?: string; forwardedFor?: string } = {},
): Promise<Response> {
  const query = new URLSearchParams();
  query.set('tid', beacon.tid ?? pinterest.tagId);
  query.set('event', beacon.event);
  if (beacon.ed) query.set('ed', JSON.stringify(beacon.ed));
  query.set('ad', JSON.stringify({ loc: 'https://shop.example/checkout', ref: '' }));
  if (beacon.pd) query.set('pd', JSON.stringify(beacon.pd));
  query.set('cb', String(NOW_MS));

  const response = await fetch(`${pinterest.url}/v3/?${query}`, {
    headers: {
      'user-agent': options.userAgent ?? BROWSER_USER_AGENT,
      ...(options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {}),
    },
  });
  await response.arrayBuffer();
  return response;
}
