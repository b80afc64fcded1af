import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openShopDatabase, type ShopDatabase } from './database.js';
import { createOrderId, createOrderStore, type NewOrder } from './orders.js';

let directory: string;
let db: ShopDatabase;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'shop-db-'));
  db = openShopDatabase(join(directory, 'nested', 'shop.db'));
});

afterEach(() => {
  db.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('order store', () => {
  const newOrder = (id: string): NewOrder => ({
    id,
    cartId: 'cart-1',
    currency: 'USD',
    totalCents: 5300,
    lines: [
      {
        itemId: 'MUG-SAND',
        title: 'Stoneware Mug',
        variantLabel: 'Sand',
        category: 'Kitchen > Mugs',
        brand: 'Pinpair Goods',
        priceCents: 2400,
        quantity: 1,
      },
      {
        itemId: 'TEE-NAVY-M',
        title: 'Organic Cotton Tee',
        variantLabel: 'Navy / M',
        category: 'Apparel > T-shirts',
        brand: 'Pinpair Goods',
        priceCents: 2900,
        quantity: 1,
      },
    ],
    customer: {
      email: 'shopper@example.com',
      phone: '+14155550100',
      firstName: 'Ada',
      lastName: 'Lovelace',
      city: 'San Francisco',
      state: 'CA',
      zip: '94103',
      country: 'US',
    },
    eventId: '6f1c2b9e-8a51-5d0e-9a4c-3f1b2d4e5a6b',
    shopper: {
      handoff: 'eyJ2IjoxfQ',
      clickId: 'dj0yJnU9click',
      distinctId: '0192e4f0-distinct',
      consent: { advertising: 'granted', analytics: 'denied' },
      clientIpAddress: '203.0.113.7',
      clientUserAgent: 'Mozilla/5.0 (X11; Linux x86_64) Test',
      eventSourceUrl: 'http://127.0.0.1:5310/checkout',
    },
  });

  it('stores an order with its event id and the shopper context', () => {
    const orders = createOrderStore(db, () => new Date('2025-01-02T03:04:05.000Z'));
    const stored = orders.insert(newOrder('PP-TEST0001'));

    expect(stored).toEqual({
      ...newOrder('PP-TEST0001'),
      status: 'awaiting_payment',
      createdAt: '2025-01-02T03:04:05.000Z',
    });
    expect(orders.get('PP-TEST0001')).toEqual(stored);
    expect(orders.get('PP-MISSING')).toBeUndefined();
  });

  it('records payment and reporting', () => {
    const orders = createOrderStore(db, () => new Date('2025-01-02T03:04:05.000Z'));
    orders.insert(newOrder('PP-TEST0002'));

    expect(orders.markPaid('PP-TEST0002', 'pay_1')).toMatchObject({
      status: 'paid',
      paymentId: 'pay_1',
      paidAt: '2025-01-02T03:04:05.000Z',
    });
    expect(orders.markReported('PP-TEST0002', 'queued')).toMatchObject({ reportStatus: 'queued' });
    expect(orders.markDeclined('PP-TEST0002').status).toBe('payment_declined');
  });

  it('finds the latest paid order of a cart', () => {
    let clock = new Date('2025-01-02T03:04:05.000Z');
    const orders = createOrderStore(db, () => clock);
    orders.insert(newOrder('PP-TEST0004'));
    orders.markPaid('PP-TEST0004', 'pay_4');
    clock = new Date('2025-01-03T03:04:05.000Z');
    orders.insert(newOrder('PP-TEST0005'));
    orders.markPaid('PP-TEST0005', 'pay_5');
    orders.insert(newOrder('PP-TEST0006'));
    orders.markDeclined('PP-TEST0006');

    expect(orders.latestPaid('cart-1')?.id).toBe('PP-TEST0005');
    expect(orders.latestPaid('cart-2')).toBeUndefined();
  });

  it('keeps orders across reopening the file', () => {
    const path = join(directory, 'nested', 'shop.db');
    createOrderStore(db).insert(newOrder('PP-TEST0003'));
    db.close();

    db = openShopDatabase(path);
    expect(createOrderStore(db).get('PP-TEST0003')?.customer.city).toBe('San Francisco');
  });

  it('rejects marking an unknown order', () => {
    expect(() => createOrderStore(db).markPaid('PP-MISSING', 'pay_1')).toThrow(
      'Order PP-MISSING was not found',
    );
  });
});

describe('createOrderId', () => {
  it('creates distinct ids in the shop format', () => {
    const ids = new Set(Array.from({ length: 200 }, createOrderId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^PP-[A-HJ-NP-Z2-9]{8}$/);
  });
});
