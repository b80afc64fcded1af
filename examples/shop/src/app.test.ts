import { createServer } from 'node:net';
import { encodeHandoff, HANDOFF_HEADER } from '@pinpair/core';
import type { CapiLedgerEvent } from '@pinpair/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ShopLogger, silentShopLogger } from './logger.js';
import { createOrderStore } from './orders.js';
import { type RunningShop, startShop } from './server.js';

const CHECKOUT_FORM = {
  email: 'grace@example.com',
  phone: '(212) 555-0199',
  first_name: 'Grace',
  last_name: 'Hopper',
  city: 'New York',
  state: 'NY',
  zip: '10001',
  country: 'US',
  payment_outcome: 'approve',
};
const GRANTED = { advertising: 'granted', analytics: 'granted' } as const;
const USER_AGENT = 'Mozilla/5.0 (ShopUnitTest)';

let shop: RunningShop;

beforeAll(async () => {
  shop = await startShop({ trustedProxies: ['loopback'], logger: silentShopLogger });
});

afterAll(async () => {
  await shop?.close();
});

beforeEach(() => {
  shop.fakes.pinterest?.ledger.clear();
  shop.fakes.posthog?.clear();
});

/** Creates a client that acts as a browser without JavaScript: a cookie jar, and requests that do not follow redirects. */
function createClient(target: RunningShop, headers: Record<string, string> = {}) {
  let cookie = '';
  const request = async (
    path: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ) => {
    const response = await fetch(new URL(path, target.url), {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: { 'user-agent': USER_AGENT, cookie, ...headers, ...init.headers },
      body: init.form ? new URLSearchParams(init.form) : undefined,
    });
    for (const setCookie of response.headers.getSetCookie()) {
      const pair = setCookie.split(';')[0] ?? '';
      cookie = [cookie, pair].filter(Boolean).join('; ');
    }
    return response;
  };
  return { request, cookies: () => cookie };
}

/** Opens the checkout page as a browser does and returns the hidden cart version its form posts. */
async function openCheckout(client: ReturnType<typeof createClient>): Promise<{ cart_version: string }> {
  const page = await (await client.request('/checkout')).text();
  const version = /name="cart_version" value="([^"]+)"/.exec(page)?.[1];
  if (!version) throw new Error('The checkout page has no cart_version field.');
  return { cart_version: version };
}

function countOrders(cartCookie: string): number {
  const cartId = /shop_cart=([^;]+)/.exec(cartCookie)?.[1] ?? '';
  const row = shop.database.prepare('SELECT COUNT(*) AS count FROM orders WHERE cart_id = ?').get(cartId);
  return (row as { count: number }).count;
}

function capiEvents(): CapiLedgerEvent[] {
  return (shop.fakes.pinterest?.ledger.events() ?? []).filter(
    (event): event is CapiLedgerEvent => event.channel === 'capi',
  );
}

describe('checkout', () => {
  it('reports the paid order as the shopper who placed it', async () => {
    const client = createClient(shop, { 'x-forwarded-for': '203.0.113.5' });
    expect((await client.request('/cart', { form: { item_id: 'MUG-MOSS', quantity: '2' } })).status).toBe(
      303,
    );
    expect(client.cookies()).toMatch(/^shop_cart=[0-9a-f-]{36}$/);

    const handoff = encodeHandoff({
      clickId: 'epik-unit-1',
      distinctId: 'distinct-unit-1',
      consent: GRANTED,
    });
    const response = await client.request('/checkout', {
      form: { ...CHECKOUT_FORM, ...(await openCheckout(client)), pinpair_handoff: handoff },
    });
    expect(response.status).toBe(303);
    const orderId = /^\/orders\/(PP-\w+)$/.exec(response.headers.get('location') ?? '')?.[1] ?? '';

    const order = createOrderStore(shop.database).get(orderId);
    expect(order).toMatchObject({
      status: 'paid',
      reportStatus: 'queued',
      totalCents: 4800,
      shopper: {
        handoff,
        clickId: 'epik-unit-1',
        distinctId: 'distinct-unit-1',
        consent: GRANTED,
        clientIpAddress: '203.0.113.5',
        clientUserAgent: USER_AGENT,
      },
    });

    await shop.reporter.flush();
    const [capi] = capiEvents();
    expect(capi?.payload).toMatchObject({
      event_name: 'checkout',
      event_id: order?.eventId,
      user_data: { click_id: 'epik-unit-1', client_ip_address: '203.0.113.5', client_user_agent: USER_AGENT },
      custom_data: {
        order_id: orderId,
        value: '48.00',
        currency: 'USD',
        contents: [{ id: 'MUG-MOSS', item_price: '24.00', quantity: 2 }],
      },
    });

    const captured = await shop.fakes.posthog?.waitForEvent((event) => event.event === 'Order Completed');
    expect(captured).toMatchObject({
      uuid: order?.eventId,
      distinctId: 'distinct-unit-1',
      ip: '203.0.113.5',
    });
  });

  it('shows the confirmation only to the browser that placed the order', async () => {
    const client = createClient(shop);
    await client.request('/cart', { form: { item_id: 'TOTE-NATURAL', quantity: '1' } });
    const response = await client.request('/checkout', {
      form: { ...CHECKOUT_FORM, ...(await openCheckout(client)) },
    });
    const location = response.headers.get('location') ?? '';

    const mine = await client.request(location);
    expect(mine.status).toBe(200);
    expect(await mine.text()).toContain('Thank you, Grace!');
    expect((await createClient(shop).request(location)).status).toBe(404);
  });

  it('keeps the cart and reports nothing when the payment is declined', async () => {
    const client = createClient(shop);
    await client.request('/cart', { form: { item_id: 'APRON-RUST', quantity: '1' } });
    const handoff = encodeHandoff({ consent: GRANTED });

    const response = await client.request('/checkout', {
      form: {
        ...CHECKOUT_FORM,
        ...(await openCheckout(client)),
        payment_outcome: 'decline',
        pinpair_handoff: handoff,
      },
    });
    expect(response.status).toBe(402);
    expect(await response.text()).toContain('The card was declined (simulated decline).');

    await shop.reporter.flush();
    expect(capiEvents()).toEqual([]);
    expect(await (await client.request('/cart')).text()).toContain('Linen Apron');
  });

  it('names each invalid field', async () => {
    const client = createClient(shop);
    await client.request('/cart', { form: { item_id: 'APRON-RUST', quantity: '1' } });

    const response = await client.request('/checkout', {
      form: { ...CHECKOUT_FORM, ...(await openCheckout(client)), email: 'nope', zip: '' },
    });
    const page = await response.text();
    expect(response.status).toBe(400);
    expect(page).toContain('Enter an e-mail address such as name@example.com.');
    expect(page).toContain('Enter your ZIP or postal code.');
  });

  it('limits the length of each field', async () => {
    const client = createClient(shop);
    await client.request('/cart', { form: { item_id: 'APRON-RUST', quantity: '1' } });
    const checkout = await openCheckout(client);

    const form = await (await client.request('/checkout')).text();
    expect(form).toMatch(/name="first_name"[^>]* maxlength="100"/);
    expect(form).toMatch(/name="email"[^>]* maxlength="254"/);
    expect(form).toMatch(/name="zip"[^>]* maxlength="20"/);

    const response = await client.request('/checkout', {
      form: { ...CHECKOUT_FORM, ...checkout, first_name: 'G'.repeat(5000), city: 'Y'.repeat(5000) },
    });
    const page = await response.text();
    expect(response.status).toBe(400);
    expect(page).toContain('Shorten your first name to at most 100 characters.');
    expect(page).toContain('Shorten your city to at most 100 characters.');
    expect(countOrders(client.cookies())).toBe(0);
  });

  it('charges only the cart the page showed', async () => {
    const client = createClient(shop);
    await client.request('/cart', { form: { item_id: 'MUG-MOSS', quantity: '1' } });
    const firstTab = await openCheckout(client);
    // A second tab adds a throw after the first tab rendered "Place order · $24.00".
    await client.request('/cart', { form: { item_id: 'THROW-OAT', quantity: '1' } });

    const changed = await client.request('/checkout', {
      form: { ...CHECKOUT_FORM, ...firstTab },
    });
    const page = await changed.text();
    expect(changed.status).toBe(409);
    expect(page).toContain(
      'Your cart changed since you opened this page. Check the total and place the order again.',
    );
    expect(page).toContain('Place order · $153.00');
    expect(page).toContain('value="Grace"');
    expect(page).toContain('value="10001"');
    expect(countOrders(client.cookies())).toBe(0);

    const newVersion = /name="cart_version" value="([^"]+)"/.exec(page)?.[1] ?? '';
    expect(newVersion).not.toBe(firstTab.cart_version);
    const placed = await client.request('/checkout', {
      form: { ...CHECKOUT_FORM, cart_version: newVersion },
    });
    expect(placed.status).toBe(303);
    const orderId = /PP-\w+/.exec(placed.headers.get('location') ?? '')?.[0] ?? '';
    expect(createOrderStore(shop.database).get(orderId)?.totalCents).toBe(15300);
  });

  it('rejects a checkout without the cart version', async () => {
    const client = createClient(shop);
    await client.request('/cart', { form: { item_id: 'MUG-MOSS', quantity: '1' } });

    const response = await client.request('/checkout', { form: CHECKOUT_FORM });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain('Your cart changed since you opened this page.');
    expect(countOrders(client.cookies())).toBe(0);
  });

  it('names the order when another tab placed it', async () => {
    const client = createClient(shop);
    await client.request('/cart', { form: { item_id: 'TOTE-NATURAL', quantity: '1' } });
    const firstTab = await openCheckout(client);
    const secondTab = await openCheckout(client);
    const placed = await client.request('/checkout', { form: { ...CHECKOUT_FORM, ...secondTab } });
    const orderId = /PP-\w+/.exec(placed.headers.get('location') ?? '')?.[0] ?? '';

    const again = await client.request('/checkout', { form: { ...CHECKOUT_FORM, ...firstTab } });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(`/cart?ordered=${orderId}`);
    expect(countOrders(client.cookies())).toBe(1);

    const cartPage = await (await client.request(`/cart?ordered=${orderId}`)).text();
    expect(cartPage).toContain('This cart was already ordered, perhaps in another tab or window');
    expect(cartPage).toContain(`<a href="/orders/${orderId}">View order ${orderId}</a>`);
    const stranger = await (await createClient(shop).request(`/cart?ordered=${orderId}`)).text();
    expect(stranger).not.toContain(orderId);
  });

  it('charges a cart submitted twice at once only once', async () => {
    const client = createClient(shop);
    await client.request('/cart', { form: { item_id: 'TOTE-NATURAL', quantity: '1' } });
    const tab = await openCheckout(client);

    const answers = await Promise.all([
      client.request('/checkout', { form: { ...CHECKOUT_FORM, ...tab } }),
      client.request('/checkout', { form: { ...CHECKOUT_FORM, ...tab } }),
    ]);

    expect(countOrders(client.cookies())).toBe(1);
    expect(answers.filter((answer) => answer.headers.get('location')?.startsWith('/orders/'))).toHaveLength(
      1,
    );
  });

  it('sends an empty cart back to the cart page', async () => {
    const client = createClient(shop);
    const response = await client.request('/checkout', { form: CHECKOUT_FORM });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/cart?empty=1');
    expect(await (await client.request('/cart?empty=1')).text()).toContain(
      'No order was placed because your cart is empty. Add an item and check out again.',
    );
  });
});

describe('unreadable requests', () => {
  let logged: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const recordingLogger = Object.fromEntries(
    (['debug', 'info', 'warn', 'error'] as const).map((level) => [
      level,
      (fields: Record<string, unknown>, message: string) => logged.push({ level, fields, message }),
    ]),
  ) as unknown as ShopLogger;
  let recorded: RunningShop;

  beforeAll(async () => {
    recorded = await startShop({ logger: recordingLogger });
  });

  afterAll(async () => {
    await recorded?.close();
  });

  beforeEach(() => {
    logged = [];
  });

  const postCheckout = (body: string, contentType = 'application/x-www-form-urlencoded') =>
    fetch(new URL('/checkout', recorded.url), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': contentType },
      body,
    });

  it.each([
    ['a 200 KB field', `first_name=${'x'.repeat(200_000)}`, 'entity.too.large'],
    [
      '2000 fields',
      Array.from({ length: 2000 }, (_, index) => `field${index}=x`).join('&'),
      'parameters.too.many',
    ],
  ])('answers %s with 413 and a warning', async (_name, body, type) => {
    const response = await postCheckout(body);
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('The form was too large.');

    expect(logged.filter((line) => line.level === 'error')).toEqual([]);
    const warnings = logged.filter((line) => line.level === 'warn');
    expect(warnings).toEqual([
      {
        level: 'warn',
        fields: { status: 413, type, method: 'POST', path: '/checkout' },
        message: 'request rejected',
      },
    ]);
  });

  it('answers another client error with its status', async () => {
    const response = await postCheckout(
      'first_name=Grace',
      'application/x-www-form-urlencoded; charset=koi8-r',
    );
    expect(response.status).toBe(415);
    expect(await response.text()).toContain('The request could not be read.');
    expect(logged.map((line) => [line.level, line.fields.status])).toEqual([['warn', 415]]);
  });
});

describe('add to cart', () => {
  it('reports the server copy under the event id from the hand-off header', async () => {
    const client = createClient(shop);
    const handoff = encodeHandoff({ eventId: '0b0c8a4e-7d7a-4c55-9a43-8a3f2f5d6e01', consent: GRANTED });

    const response = await client.request('/cart', {
      form: { item_id: 'THROW-OAT', quantity: '1' },
      headers: { accept: 'application/json', [HANDOFF_HEADER]: handoff },
    });
    expect(await response.json()).toEqual({
      itemId: 'THROW-OAT',
      quantity: 1,
      value: '129.00',
      cartCount: 1,
    });

    await shop.reporter.flush();
    expect(capiEvents().map((event) => [event.eventName, event.eventId])).toEqual([
      ['add_to_cart', '0b0c8a4e-7d7a-4c55-9a43-8a3f2f5d6e01'],
    ]);
  });

  it('reports only what the capped cart added', async () => {
    const client = createClient(shop);
    const json = { accept: 'application/json' };
    await client.request('/cart', { form: { item_id: 'MUG-SAND', quantity: '19' }, headers: json });

    const capped = await client.request('/cart', {
      form: { item_id: 'MUG-SAND', quantity: '5' },
      headers: json,
    });
    expect(await capped.json()).toEqual({ itemId: 'MUG-SAND', quantity: 1, value: '24.00', cartCount: 20 });

    const full = await client.request('/cart', {
      form: { item_id: 'MUG-SAND', quantity: '1' },
      headers: json,
    });
    expect(full.status).toBe(400);
    expect(await full.json()).toEqual({ error: 'Your cart already has the maximum of 20 of this item.' });
  });

  it('rejects a sold-out variant', async () => {
    const response = await createClient(shop).request('/cart', {
      form: { item_id: 'PLANTER-L', quantity: '1' },
      headers: { accept: 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'That item is not available. Choose another variant.' });
  });
});

describe('pages', () => {
  it('escapes the search query in the page and in the page config', async () => {
    const response = await createClient(shop).request(`/search?q=${encodeURIComponent('</script><b>mug')}`);
    const page = await response.text();
    expect(page).toContain('&lt;/script&gt;&lt;b&gt;mug');
    expect(page).not.toContain('</script><b>');
    expect(page).toContain('"searchString":"\\u003c/script>\\u003cb>mug"');
  });

  it('stores consent from the banner without JavaScript', async () => {
    const response = await createClient(shop).request('/consent', {
      form: { choice: 'save', analytics: 'granted', return_to: '/privacy' },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/privacy?saved=1');
    expect(response.headers.get('set-cookie')).toMatch(
      /^pinpair_consent=ad%3Ddenied%26an%3Dgranted; Max-Age=31536000; Path=\/;/,
    );
  });

  it('serves the catalog feed and product pictures', async () => {
    const client = createClient(shop);
    const feed = await client.request('/catalog.csv');
    expect(feed.headers.get('content-type')).toContain('text/csv');
    expect(await feed.text()).toContain('TEE-NAVY-M,TEE,Organic Cotton Tee');

    const picture = await client.request('/images/TEE-NAVY-M.svg');
    expect(picture.headers.get('content-type')).toContain('image/svg+xml');
    expect((await client.request('/images/NOPE.svg')).status).toBe(404);
  });
});

describe('trusted proxies', () => {
  it('ignores X-Forwarded-For unless the proxy is trusted', async () => {
    const untrusting = await startShop({ logger: silentShopLogger });
    try {
      const client = createClient(untrusting, { 'x-forwarded-for': '203.0.113.77' });
      await client.request('/cart', { form: { item_id: 'MUG-SAND', quantity: '1' } });
      const response = await client.request('/checkout', {
        form: { ...CHECKOUT_FORM, ...(await openCheckout(client)) },
      });
      const orderId = /PP-\w+/.exec(response.headers.get('location') ?? '')?.[0] ?? '';

      expect(createOrderStore(untrusting.database).get(orderId)?.shopper.clientIpAddress).toBe('127.0.0.1');
    } finally {
      await untrusting.close();
    }
  });
});

describe('startShop', () => {
  it('stops the fakes when the port is taken', async () => {
    const fakePort = await findFreePort();
    const shopPort = Number(new URL(shop.url).port);

    await expect(
      startShop({ port: shopPort, fakes: { pinterest: { port: fakePort } }, logger: silentShopLogger }),
    ).rejects.toThrow('EADDRINUSE');

    const again = await startShop({ fakes: { pinterest: { port: fakePort } }, logger: silentShopLogger });
    expect(again.fakes.pinterest?.url).toBe(`http://127.0.0.1:${fakePort}`);
    await again.close();
  });
});

async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('The probe server has no port.');
  return address.port;
}
