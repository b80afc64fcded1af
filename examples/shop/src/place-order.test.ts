import { describe, expect, it } from 'vitest';
import { createCartStore } from './carts.js';
import { loadCatalog } from './catalog.js';
import { openShopDatabase } from './database.js';
import { createOrderStore } from './orders.js';
import { placeOrder } from './place-order.js';
import { priceCart } from './pricing.js';

const CUSTOMER = {
  email: 'grace@example.com',
  phone: '(212) 555-0199',
  firstName: 'Grace',
  lastName: 'Hopper',
  city: 'New York',
  state: 'NY',
  zip: '10001',
  country: 'US',
};

describe('placeOrder', () => {
  it('keeps what another tab added while the payment ran', async () => {
    const database = openShopDatabase(':memory:');
    const carts = createCartStore(database);
    const orders = createOrderStore(database);
    const catalog = loadCatalog();
    carts.add('cart-1', 'MUG-SAND', 2);
    const cart = priceCart(catalog, carts.lines('cart-1'));

    const result = await placeOrder(
      {
        orders,
        carts,
        payments: {
          // The other tab adds one more mug and a throw while the provider charges the first order.
          async charge() {
            carts.add('cart-1', 'MUG-SAND', 1);
            carts.add('cart-1', 'THROW-OAT', 1);
            return { status: 'succeeded', paymentId: 'pay-1' };
          },
        },
        reportOrder: async () => 'queued',
      },
      {
        cartId: 'cart-1',
        cart,
        currency: 'USD',
        customer: CUSTOMER,
        outcome: 'approve',
        shopper: { consent: { advertising: 'granted', analytics: 'granted' } },
      },
    );

    expect(result.status).toBe('paid');
    expect(result.order.lines.map((line) => [line.itemId, line.quantity])).toEqual([['MUG-SAND', 2]]);
    expect(carts.lines('cart-1')).toEqual([
      { itemId: 'MUG-SAND', quantity: 1 },
      { itemId: 'THROW-OAT', quantity: 1 },
    ]);
    database.close();
  });
});
