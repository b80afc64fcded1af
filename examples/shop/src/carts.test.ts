import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCartStore, MAX_QUANTITY_PER_ITEM } from './carts.js';
import { openShopDatabase, type ShopDatabase } from './database.js';

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

describe('cart store', () => {
  it('adds to the quantity already in the cart', () => {
    const carts = createCartStore(db);
    carts.add('cart-1', 'MUG-SAND', 1);
    carts.add('cart-1', 'MUG-SAND', 2);
    carts.add('cart-1', 'TEE-NAVY-M', 1);
    carts.add('cart-2', 'MUG-SAND', 5);

    expect(carts.lines('cart-1')).toEqual([
      { itemId: 'MUG-SAND', quantity: 3 },
      { itemId: 'TEE-NAVY-M', quantity: 1 },
    ]);
  });

  it('caps the quantity per item', () => {
    const carts = createCartStore(db);
    carts.add('cart-1', 'MUG-SAND', MAX_QUANTITY_PER_ITEM);
    carts.add('cart-1', 'MUG-SAND', 3);
    expect(carts.lines('cart-1')).toEqual([{ itemId: 'MUG-SAND', quantity: MAX_QUANTITY_PER_ITEM }]);
  });

  it('removes a line set to zero and clears a cart', () => {
    const carts = createCartStore(db);
    carts.add('cart-1', 'MUG-SAND', 2);
    carts.add('cart-1', 'TEE-NAVY-M', 1);
    carts.setQuantity('cart-1', 'MUG-SAND', 0);
    expect(carts.lines('cart-1')).toEqual([{ itemId: 'TEE-NAVY-M', quantity: 1 }]);

    carts.clear('cart-1');
    expect(carts.lines('cart-1')).toEqual([]);
  });
});
