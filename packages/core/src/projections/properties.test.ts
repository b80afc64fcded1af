// Property test: every projection of a random valid conversion passes the CAPI linter without errors.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildConversion, type ConversionInput } from '../conversion.js';
import { lintCapiBatch, lintCapiEvent } from '../lint/lint-capi.js';
import { API_EVENT_NAMES } from '../taxonomy.js';
import { toCapiEvent } from './capi.js';
import { toPostHogCapture } from './posthog.js';
import { toTagEventData } from './tag.js';

const NOW_SECONDS = 1709294400;

const amount = fc.oneof(
  fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true }),
  fc.stringMatching(/^\d{1,6}(\.\d{1,2})?$/),
);
const id = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/), fc.nat());
const text = fc.string({ minLength: 1, maxLength: 30 }).filter((value) => value.trim() !== '');

const item = fc.record(
  {
    id,
    name: text,
    category: text,
    brand: text,
    variantId: id,
    variant: text,
    price: amount,
    quantity: fc.integer({ min: 1, max: 50 }),
  },
  { requiredKeys: ['id'] },
);

const user = fc.record(
  {
    email: fc.oneof(fc.emailAddress(), fc.string()),
    phone: fc.oneof(fc.stringMatching(/^\+\d{7,14}$/), fc.string()),
    firstName: fc.string(),
    city: fc.string(),
    zip: fc.string(),
    country: fc.oneof(fc.constantFrom('US', 'Germany', 'UK'), fc.string()),
    externalId: fc.string(),
  },
  { requiredKeys: [] },
);

// IP and user agent are always set, so every event meets Pinterest's identity requirement.
const conversionInput: fc.Arbitrary<ConversionInput> = fc.record(
  {
    eventName: fc.oneof(
      fc.constantFrom(...API_EVENT_NAMES, 'Order Completed', 'AddToCart', 'Purchase'),
      text,
    ),
    orderId: id,
    eventTime: fc.integer({ min: NOW_SECONDS - 6 * 24 * 3600, max: NOW_SECONDS }),
    actionSource: fc.constantFrom('web', 'app_android', 'app_ios', 'offline'),
    eventSourceUrl: fc.webUrl(),
    value: amount,
    currency: fc.constantFrom('USD', 'eur', 'GBP', 'JPY'),
    items: fc.array(item, { maxLength: 5 }),
    searchString: text,
    leadType: text,
    user,
    clickId: fc.stringMatching(/^[A-Za-z0-9_-]{10,40}$/),
    clientIpAddress: fc.oneof(
      fc.constantFrom('203.0.113.7', '198.51.100.1', '2001:db8::7'),
      fc.ipV4(),
      fc.ipV6(),
    ),
    clientUserAgent: fc.constant('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15'),
    optOut: fc.boolean(),
    properties: fc.dictionary(fc.string(), fc.jsonValue()),
  },
  { requiredKeys: ['eventName', 'clientIpAddress', 'clientUserAgent', 'currency'] },
);

describe('projections of random conversions', () => {
  it('give CAPI events without lint errors', async () => {
    await fc.assert(
      fc.asyncProperty(
        conversionInput,
        fc.constantFrom('ss-pinpair', undefined),
        async (input, partnerName) => {
          const conversion = await buildConversion(input, { now: () => NOW_SECONDS * 1000 });
          const { event } = await toCapiEvent(conversion, { partnerName, defaultCallingCode: '1' });
          const errors = lintCapiEvent(event, { nowSeconds: NOW_SECONDS }).filter(
            (problem) => problem.severity === 'error',
          );
          expect(errors).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('give batches without lint errors', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(conversionInput, { minLength: 1, maxLength: 5 }), async (inputs) => {
        const events = [];
        for (const input of inputs) {
          const conversion = await buildConversion(input, { now: () => NOW_SECONDS * 1000 });
          events.push((await toCapiEvent(conversion)).event);
        }
        const errors = lintCapiBatch({ data: events }, { nowSeconds: NOW_SECONDS }).filter(
          (problem) => problem.severity === 'error',
        );
        expect(errors).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  it('give tag and PostHog data that agree with the CAPI event', async () => {
    await fc.assert(
      fc.asyncProperty(conversionInput, async (input) => {
        const conversion = await buildConversion(input, { now: () => NOW_SECONDS * 1000 });
        const { event } = await toCapiEvent(conversion);
        const tag = toTagEventData(conversion);
        const capture = await toPostHogCapture(conversion);

        expect(tag.event_id).toBe(event.event_id);
        expect(capture.properties.event_id).toBe(event.event_id);
        expect(tag.value).toBe(event.custom_data?.value);
        expect(tag.currency).toBe(event.custom_data?.currency);
        expect(tag.order_id).toBe(event.custom_data?.order_id);
        expect(tag.line_items?.map((lineItem) => lineItem.product_id)).toEqual(
          event.custom_data?.content_ids,
        );
        expect(tag.order_quantity).toBe(event.custom_data?.num_items);
        expect(JSON.parse(JSON.stringify(tag))).toEqual(tag);
        expect(JSON.parse(JSON.stringify(event))).toEqual(event);
      }),
      { numRuns: 100 },
    );
  });
});
