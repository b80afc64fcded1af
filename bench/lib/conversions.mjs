// Deterministic checkout conversions, so that compared delivery paths handle the same events.

const PRODUCTS = [
  { id: 'MUG-SAND', name: 'Stoneware Mug', category: 'Kitchen > Mugs', price: '24.00' },
  { id: 'APRON-RUST', name: 'Linen Apron', category: 'Kitchen > Textiles', price: '38.00' },
  { id: 'TEE-NAVY-M', name: 'Organic Cotton Tee', category: 'Apparel > T-shirts', price: '29.00' },
  { id: 'TEE-WHITE-S', name: 'Organic Cotton Tee', category: 'Apparel > T-shirts', price: '29.00' },
];

const USER_AGENT =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

/**
 * Builds `count` checkout conversions in the shape of core's `ConversionInput`. Each has one to
 * four line items and every user identifier a shop typically has, so it hashes nine user_data
 * fields. Each also has a click id, the shopper's IP and user agent, and an order id unique within
 * `runId`.
 *
 * @param {number} count
 * @param {{ runId: string, eventTimeMs: number }} options `eventTimeMs` must be within the
 *   Conversions API's seven-day window when the events reach the fake
 * @returns {import('@pinpair/core').ConversionInput[]}
 */
export function makeCheckoutInputs(count, { runId, eventTimeMs }) {
  const inputs = [];

  for (let index = 0; index < count; index++) {
    const itemCount = 1 + (index % PRODUCTS.length);
    const items = PRODUCTS.slice(0, itemCount).map((product, position) => ({
      ...product,
      brand: 'Pinpair Goods',
      quantity: 1 + ((index + position) % 3),
    }));
    const value = items.reduce((sum, item) => sum + Number(item.price) * item.quantity, 0);

    inputs.push({
      eventName: 'checkout',
      orderId: `${runId}-${index}`,
      eventTime: eventTimeMs,
      actionSource: 'web',
      eventSourceUrl: `https://shop.example/checkout/confirmation?order=${runId}-${index}`,
      value: value.toFixed(2),
      currency: 'USD',
      items,
      user: {
        email: `Shopper.${index}@Example.com `,
        phone: `+1 (415) 555-${String(index % 10_000).padStart(4, '0')}`,
        firstName: 'Ada',
        lastName: 'Lovelace',
        city: 'San Francisco',
        state: 'CA',
        zip: '94107',
        country: 'US',
        externalId: `customer-${index}`,
      },
      clickId: `dj0yJnU9${index.toString(36)}bench`,
      clientIpAddress: `203.0.113.${index % 250}`,
      clientUserAgent: USER_AGENT,
    });
  }

  return inputs;
}

/**
 * Returns a short random id that keeps order ids, and so event ids, unique across runs.
 *
 * @returns {string}
 */
export function makeRunId() {
  return `bench-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Projects inputs to CAPI events with core (`buildConversion`, then `toCapiEvent`), as `report()`
 * does before it enqueues. Throws when core reports a problem, because a benchmark that silently
 * dropped user_data fields would measure less work than a shop causes.
 *
 * @param {any} core the `@pinpair/core` module
 * @param {import('@pinpair/core').ConversionInput[]} inputs
 * @returns {Promise<import('@pinpair/core').CapiEvent[]>}
 */
export async function projectToCapiEvents(core, inputs) {
  const events = [];
  for (const input of inputs) {
    const { event, problems } = await core.toCapiEvent(await core.buildConversion(input));
    if (problems.length > 0) {
      throw new Error(`core reported problems for order ${input.orderId}: ${JSON.stringify(problems)}`);
    }
    events.push(event);
  }
  return events;
}
