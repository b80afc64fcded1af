// Tests for buildConversion: validation, event id rule, defaults and line items.

import { describe, expect, it } from 'vitest';
import { buildConversion, type ConversionInput } from './conversion.js';
import { isValidationError, type ValidationError } from './errors/validation-error.js';
import { deriveEventId, isCanonicalUuid } from './event-id.js';

const NOW_MS = Date.UTC(2024, 2, 1, 12, 0, 0);
const now = () => NOW_MS;

async function captureError(input: ConversionInput, options = {}): Promise<ValidationError> {
  try {
    await buildConversion(input, { now, ...options });
  } catch (error) {
    if (isValidationError(error)) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('buildConversion', () => {
  it('builds a full checkout', async () => {
    const conversion = await buildConversion(
      {
        eventName: 'Order Completed',
        orderId: 1001,
        value: 116,
        currency: 'usd',
        eventSourceUrl: 'https://shop.example/thanks',
        items: [
          {
            id: 'SKU-11',
            name: 'Pillows',
            category: 'Home',
            brand: 'Acme',
            variantId: 7,
            variant: 'Blue',
            price: 48,
          },
          { id: 15, price: '68', quantity: 1 },
        ],
        user: { email: 'jane@example.com' },
        clickId: ' dj0yJnU9YWJj ',
        clientIpAddress: '203.0.113.7',
        clientUserAgent: 'Mozilla/5.0',
        optOut: false,
        properties: { coupon: 'SPRING' },
      },
      { now },
    );

    expect(conversion).toEqual({
      eventName: {
        apiName: 'checkout',
        tagName: 'Checkout',
        postHogName: 'Order Completed',
        originalName: 'Order Completed',
        custom: false,
      },
      eventId: await deriveEventId('checkout', '1001'),
      eventTime: NOW_MS / 1000,
      actionSource: 'web',
      eventSourceUrl: 'https://shop.example/thanks',
      value: '116',
      currency: 'USD',
      orderId: '1001',
      items: [
        {
          id: 'SKU-11',
          name: 'Pillows',
          category: 'Home',
          brand: 'Acme',
          variantId: '7',
          variant: 'Blue',
          price: '48',
          quantity: 1,
        },
        { id: '15', price: '68', quantity: 1 },
      ],
      user: { email: 'jane@example.com' },
      clickId: 'dj0yJnU9YWJj',
      clientIpAddress: '203.0.113.7',
      clientUserAgent: 'Mozilla/5.0',
      optOut: false,
      properties: { coupon: 'SPRING' },
    });
  });

  describe('event id', () => {
    it('uses a given event id unchanged', async () => {
      const conversion = await buildConversion(
        { eventName: 'checkout', eventId: 'ord-1001', orderId: 1001 },
        { now },
      );
      expect(conversion.eventId).toBe('ord-1001');
    });

    it('rejects an invalid given event id', async () => {
      const error = await captureError({ eventName: 'checkout', eventId: 'has space' });
      expect(error.field).toBe('eventId');
    });

    it('derives the id from the order id, the same for every spelling', async () => {
      const a = await buildConversion({ eventName: 'checkout', orderId: '1001' }, { now });
      const b = await buildConversion({ eventName: 'Purchase', orderId: 1001 }, { now });
      expect(a.eventId).toBe(b.eventId);
      expect(a.eventId).toBe(await deriveEventId('checkout', '1001'));
    });

    it('derives the id from the lead id when there is no order id', async () => {
      const conversion = await buildConversion({ eventName: 'lead', leadId: 'L-7' }, { now });
      expect(conversion.eventId).toBe(await deriveEventId('lead', 'L-7'));
      expect(conversion.orderId).toBeUndefined();
    });

    it('rejects an invalid lead id next to a valid order id', async () => {
      const error = await captureError({ eventName: 'lead', orderId: 'O-1', leadId: '  ' });
      expect(error.field).toBe('leadId');
    });

    it('uses a random UUID without a business id', async () => {
      const a = await buildConversion({ eventName: 'add_to_cart' }, { now });
      const b = await buildConversion({ eventName: 'add_to_cart' }, { now });
      expect(isCanonicalUuid(a.eventId)).toBe(true);
      expect(a.eventId).not.toBe(b.eventId);
    });
  });

  describe('money', () => {
    it('rejects a value without currency', async () => {
      const error = await captureError({ eventName: 'checkout', value: 10 });
      expect(error.field).toBe('currency');
      expect(error.code).toBe('value_without_currency');
      expect(error.message).toContain('defaultCurrency');
    });

    it('uses defaultCurrency for a value without currency', async () => {
      const conversion = await buildConversion(
        { eventName: 'checkout', value: '10.50' },
        { now, defaultCurrency: 'eur' },
      );
      expect(conversion.currency).toBe('EUR');
      expect(conversion.value).toBe('10.50');
    });

    it('uses defaultCurrency for item prices without a value', async () => {
      const conversion = await buildConversion(
        { eventName: 'add_to_cart', items: [{ id: 'SKU-1', price: 5 }] },
        { now, defaultCurrency: 'EUR' },
      );
      expect(conversion.currency).toBe('EUR');
    });

    it('leaves defaultCurrency off a conversion without amounts', async () => {
      const pageVisit = await buildConversion({ eventName: 'page_visit' }, { now, defaultCurrency: 'EUR' });
      const unpriced = await buildConversion(
        { eventName: 'view_content', items: [{ id: 'SKU-1' }] },
        { now, defaultCurrency: 'EUR' },
      );
      expect(pageVisit.currency).toBeUndefined();
      expect(unpriced.currency).toBeUndefined();
    });

    it('prefers the input currency over defaultCurrency', async () => {
      const conversion = await buildConversion(
        { eventName: 'checkout', value: 1, currency: 'GBP' },
        { now, defaultCurrency: 'EUR' },
      );
      expect(conversion.currency).toBe('GBP');
    });

    it('rejects an ambiguous value naming it', async () => {
      const error = await captureError({ eventName: 'checkout', value: '1,234.50', currency: 'USD' });
      expect(error.field).toBe('value');
      expect(error.message).toContain('1,234.50');
    });

    it('rejects an unknown currency', async () => {
      expect((await captureError({ eventName: 'checkout', value: 1, currency: 'XYZ' })).field).toBe(
        'currency',
      );
    });

    it('rejects an ambiguous item price naming the item', async () => {
      const error = await captureError({
        eventName: 'checkout',
        items: [{ id: 'a' }, { id: 'b', price: '12,50' }],
      });
      expect(error.field).toBe('items[1].price');
    });
  });

  describe('time and source', () => {
    it('uses the clock when eventTime is missing', async () => {
      expect((await buildConversion({ eventName: 'search' }, { now: () => 1709294400999 })).eventTime).toBe(
        1709294400,
      );
    });

    it('converts milliseconds to seconds', async () => {
      expect(
        (await buildConversion({ eventName: 'search', eventTime: 1709294400123 }, { now })).eventTime,
      ).toBe(1709294400);
    });

    it('defaults action source to web and keeps a valid one', async () => {
      expect(
        (await buildConversion({ eventName: 'app_open', actionSource: 'app_ios' }, { now })).actionSource,
      ).toBe('app_ios');
      expect((await buildConversion({ eventName: 'search' }, { now })).actionSource).toBe('web');
    });

    it('rejects an unknown action source', async () => {
      const error = await captureError({ eventName: 'search', actionSource: 'phone_call' as 'web' });
      expect(error.field).toBe('actionSource');
    });

    it('rejects a relative event source URL', async () => {
      expect((await captureError({ eventName: 'search', eventSourceUrl: '/thanks' })).field).toBe(
        'eventSourceUrl',
      );
    });
  });

  describe('event name', () => {
    it('turns an unknown name into custom', async () => {
      const conversion = await buildConversion({ eventName: 'Refund Issued' }, { now });
      expect(conversion.eventName.apiName).toBe('custom');
      expect(conversion.eventName.postHogName).toBe('Refund Issued');
    });

    it('rejects an unknown name in strict mode', async () => {
      expect((await captureError({ eventName: 'Refund Issued' }, { strict: true })).field).toBe('eventName');
    });
  });

  describe('line items', () => {
    it('defaults quantity to 1 and keeps the catalog id as a string', async () => {
      const conversion = await buildConversion({ eventName: 'add_to_cart', items: [{ id: 12345 }] }, { now });
      expect(conversion.items).toEqual([{ id: '12345', quantity: 1 }]);
    });

    it.each([[0], [-1], [1.5], [Number.NaN]])('rejects quantity %d', async (quantity) => {
      const error = await captureError({ eventName: 'add_to_cart', items: [{ id: 'a', quantity }] });
      expect(error.field).toBe('items[0].quantity');
    });

    it('rejects an item without id', async () => {
      const error = await captureError({
        eventName: 'add_to_cart',
        items: [{ name: 'x' } as unknown as { id: string }],
      });
      expect(error.field).toBe('items[0].id');
    });

    it('names the bad quantity in the message', async () => {
      const error = await captureError({ eventName: 'add_to_cart', items: [{ id: 'a', quantity: 1.5 }] });
      expect(error.message).toBe(
        'Invalid `items[0].quantity`: expected a whole number of units, 1 or more, got 1.5.',
      );
    });

    it('rejects a name that is not a string', async () => {
      const error = await captureError({
        eventName: 'add_to_cart',
        items: [{ id: 'a', name: 7 as unknown as string }],
      });
      expect(error.field).toBe('items[0].name');
      expect(error.message).toContain('got 7');
    });

    it('rejects an order id that would change as a number', async () => {
      expect((await captureError({ eventName: 'checkout', orderId: 2 ** 60 })).field).toBe('orderId');
    });
  });

  it('rejects items that are not an array', async () => {
    const error = await captureError({ eventName: 'checkout', items: 'SKU-1' as unknown as [] });
    expect(error.field).toBe('items');
  });

  it('rejects properties that are not an object', async () => {
    const error = await captureError({
      eventName: 'checkout',
      properties: 'x' as unknown as Record<string, unknown>,
    });
    expect(error.field).toBe('properties');
  });

  it('rejects a non-string click id', async () => {
    expect((await captureError({ eventName: 'search', clickId: 5 as unknown as string })).field).toBe(
      'clickId',
    );
  });

  it('leaves out optional keys without a value', async () => {
    const conversion = await buildConversion(
      { eventName: 'search', searchString: '', clickId: '   ', leadType: undefined },
      { now },
    );
    expect(Object.keys(conversion).sort()).toEqual([
      'actionSource',
      'eventId',
      'eventName',
      'eventTime',
      'items',
      'properties',
    ]);
  });

  it('leaves the page URL out of its error message', async () => {
    const error = await captureError({ eventName: 'search', eventSourceUrl: '/thanks?email=jane' });
    expect(error.message).not.toContain('jane');
  });

  it('copies properties instead of sharing them', async () => {
    const properties = { coupon: 'A' };
    const conversion = await buildConversion({ eventName: 'search', properties }, { now });
    properties.coupon = 'B';
    expect(conversion.properties).toEqual({ coupon: 'A' });
  });
});
