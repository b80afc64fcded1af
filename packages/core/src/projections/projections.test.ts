// Tests for the tag, CAPI and PostHog projections of one conversion.

import { describe, expect, it } from 'vitest';
import { buildConversion, type Conversion } from '../conversion.js';
import { lintCapiEvent } from '../lint/lint-capi.js';
import { sha256Hex } from '../sha256.js';
import { toCapiEvent } from './capi.js';
import { toPostHogCapture } from './posthog.js';
import { toTagEventData } from './tag.js';

const NOW_SECONDS = 1709294400;

function checkout(): Promise<Conversion> {
  return buildConversion(
    {
      eventName: 'checkout',
      eventId: 'ord-1001',
      orderId: 1001,
      value: 116,
      currency: 'USD',
      eventSourceUrl: 'https://shop.example/thanks',
      items: [
        {
          id: 'SKU-11',
          name: 'Pillows',
          category: 'Home',
          brand: 'Acme',
          variantId: 'V-1',
          variant: 'Blue',
          price: 48,
        },
        { id: 'SKU-15', name: 'Large pillows', price: '34', quantity: 2 },
      ],
      user: { email: '  John.Doe@Example.COM ', phone: '123', country: 'US' },
      clickId: 'dj0yJnU9YWJj',
      clientIpAddress: '203.0.113.7',
      clientUserAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
      optOut: false,
      properties: { coupon: 'SPRING', event_id: 'must-not-win' },
    },
    { now: () => NOW_SECONDS * 1000 },
  );
}

describe('toTagEventData', () => {
  it('projects a checkout', async () => {
    expect(toTagEventData(await checkout())).toEqual({
      event_id: 'ord-1001',
      value: '116',
      order_quantity: 3,
      currency: 'USD',
      order_id: '1001',
      line_items: [
        {
          product_id: 'SKU-11',
          product_name: 'Pillows',
          product_category: 'Home',
          product_variant_id: 'V-1',
          product_variant: 'Blue',
          product_price: '48',
          product_quantity: 1,
          product_brand: 'Acme',
        },
        { product_id: 'SKU-15', product_name: 'Large pillows', product_price: '34', product_quantity: 2 },
      ],
    });
  });

  it('projects search and lead fields', async () => {
    const search = await buildConversion({ eventName: 'search', eventId: 'e1', searchString: 'pillows' });
    expect(toTagEventData(search)).toEqual({ event_id: 'e1', search_query: 'pillows' });
    const lead = await buildConversion({ eventName: 'lead', eventId: 'e2', leadType: 'Newsletter' });
    expect(toTagEventData(lead)).toEqual({ event_id: 'e2', lead_type: 'Newsletter' });
  });

  it('never carries user identifiers or PostHog properties', async () => {
    const data = toTagEventData(await checkout());
    const text = JSON.stringify(data);
    expect(text).not.toContain('example.com');
    expect(text).not.toContain('SPRING');
    expect(text).not.toContain('dj0yJnU9YWJj');
  });
});

describe('toCapiEvent', () => {
  it('leaves out an IP address that does not parse', async () => {
    const conversion = { ...(await checkout()), clientIpAddress: '203.0.113.999' };
    const { event, problems } = await toCapiEvent(conversion);

    expect(event.user_data.client_ip_address).toBeUndefined();
    expect(event.user_data.client_user_agent).toBe('Mozilla/5.0 (X11; Linux x86_64)');
    expect(problems.filter((problem) => problem.path === 'user_data.client_ip_address')).toEqual([
      {
        path: 'user_data.client_ip_address',
        severity: 'warning',
        code: 'user_data_invalid',
        message:
          "user_data.client_ip_address was left out: it is not an IPv4 or IPv6 address. Pass the shopper's address, such as the request's socket address.",
      },
    ]);
    expect(JSON.stringify(problems)).not.toContain('203.0.113.999');
  });

  it('projects a checkout with hashed user_data', async () => {
    const { event, problems } = await toCapiEvent(await checkout(), { partnerName: 'ss-pinpair' });
    expect(event).toEqual({
      event_name: 'checkout',
      action_source: 'web',
      event_time: NOW_SECONDS,
      event_id: 'ord-1001',
      event_source_url: 'https://shop.example/thanks',
      opt_out: false,
      partner_name: 'ss-pinpair',
      user_data: {
        em: ['836f82db99121b3481011f16b49dfa5fbc714a0d1b1b9f784a1ebbbf5b39577f'],
        country: ['79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621'],
        client_ip_address: '203.0.113.7',
        client_user_agent: 'Mozilla/5.0 (X11; Linux x86_64)',
        click_id: 'dj0yJnU9YWJj',
      },
      custom_data: {
        currency: 'USD',
        value: '116',
        content_ids: ['SKU-11', 'SKU-15'],
        contents: [
          {
            id: 'SKU-11',
            item_price: '48',
            quantity: 1,
            item_name: 'Pillows',
            item_category: 'Home',
            item_brand: 'Acme',
          },
          { id: 'SKU-15', item_price: '34', quantity: 2, item_name: 'Large pillows' },
        ],
        num_items: 3,
        order_id: '1001',
      },
    });
    expect(problems).toEqual([
      expect.objectContaining({ path: 'user_data.ph[0]', code: 'user_data_invalid' }),
    ]);
  });

  it('passes the linter without problems', async () => {
    const { event } = await toCapiEvent(await checkout());
    expect(lintCapiEvent(event, { nowSeconds: NOW_SECONDS })).toEqual([]);
  });

  it('uses the same product ids as the tag', async () => {
    const conversion = await checkout();
    const { event } = await toCapiEvent(conversion);
    const tagIds = toTagEventData(conversion).line_items?.map((item) => item.product_id);
    expect(event.custom_data?.content_ids).toEqual(tagIds);
    expect(event.custom_data?.contents?.map((content) => content.id)).toEqual(tagIds);
  });

  it('uses the same event id as the tag', async () => {
    const conversion = await checkout();
    expect((await toCapiEvent(conversion)).event.event_id).toBe(toTagEventData(conversion).event_id);
  });

  it('never hashes click id, IP address or user agent', async () => {
    const conversion = await buildConversion({
      eventName: 'page_visit',
      clickId: 'a'.repeat(64),
      clientIpAddress: '2001:db8::1',
      clientUserAgent: 'Mozilla/5.0',
    });
    const { user_data } = (await toCapiEvent(conversion)).event;
    expect(user_data).toEqual({
      click_id: 'a'.repeat(64),
      client_ip_address: '2001:db8::1',
      client_user_agent: 'Mozilla/5.0',
    });
  });

  it('leaves out custom_data, opt_out and partner_name when empty', async () => {
    const conversion = await buildConversion({
      eventName: 'page_visit',
      eventId: 'e1',
      user: { email: 'a@b.co' },
    });
    const { event } = await toCapiEvent(conversion);
    expect(Object.keys(event).sort()).toEqual([
      'action_source',
      'event_id',
      'event_name',
      'event_time',
      'user_data',
    ]);
  });

  it('sends custom events as custom', async () => {
    const conversion = await buildConversion({ eventName: 'Refund Issued', eventId: 'e1' });
    expect((await toCapiEvent(conversion)).event.event_name).toBe('custom');
  });

  it('passes defaultCallingCode to phone normalization', async () => {
    const conversion = await buildConversion({
      eventName: 'lead',
      eventId: 'e1',
      user: { phone: '650 555 0123' },
    });
    const { event } = await toCapiEvent(conversion, { defaultCallingCode: '1' });
    expect(event.user_data.ph).toEqual([await sha256Hex('16505550123')]);
  });
});

describe('toPostHogCapture', () => {
  it('projects a checkout', async () => {
    const capture = await toPostHogCapture(await checkout());
    expect(capture).toEqual({
      event: 'Order Completed',
      uuid: '2848ffac-2e75-5bf7-a418-fb07ca8c1efd',
      properties: {
        coupon: 'SPRING',
        event_id: 'ord-1001',
        pinterest_event_name: 'checkout',
        value: 116,
        currency: 'USD',
        order_id: '1001',
        products: [
          {
            product_id: 'SKU-11',
            name: 'Pillows',
            category: 'Home',
            brand: 'Acme',
            variant: 'Blue',
            price: 48,
            quantity: 1,
          },
          { product_id: 'SKU-15', name: 'Large pillows', price: 34, quantity: 2 },
        ],
      },
    });
  });

  it('never carries user identifiers', async () => {
    const text = JSON.stringify(await toPostHogCapture(await checkout()));
    expect(text.toLowerCase()).not.toContain('john.doe');
    expect(text).not.toContain('836f82db');
  });

  it('uses the event id as uuid when it is a UUID', async () => {
    const conversion = await buildConversion({ eventName: 'checkout', orderId: 1001 });
    expect((await toPostHogCapture(conversion)).uuid).toBe(conversion.eventId);
  });

  it('keeps custom names and search string', async () => {
    const conversion = await buildConversion({
      eventName: 'Refund Issued',
      eventId: 'e1',
      searchString: 'x',
    });
    const capture = await toPostHogCapture(conversion);
    expect(capture.event).toBe('Refund Issued');
    expect(capture.properties.pinterest_event_name).toBe('custom');
    expect(capture.properties.search_string).toBe('x');
  });
});
