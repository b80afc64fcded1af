// Shopping carts kept in SQLite, keyed by the random cart id in the shopper's `shop_cart` cookie.
import type { ShopDatabase } from './database.js';

/** One cart line: a catalog item id and how many of it. */
export interface CartLine {
  itemId: string;
  quantity: number;
}

/** Reads and changes carts. */
export interface CartStore {
  lines(cartId: string): CartLine[];
  /** Adds to the quantity already in the cart. */
  add(cartId: string, itemId: string, quantity: number): void;
  /** Sets the quantity; 0 removes the line. */
  setQuantity(cartId: string, itemId: string, quantity: number): void;
  clear(cartId: string): void;
}

/** The most of one item a cart holds; larger requests are capped, as real shops do. */
export const MAX_QUANTITY_PER_ITEM = 20;

/**
 * Creates the cart store on an open shop database.
 *
 * @example
 * const carts = createCartStore(openShopDatabase(':memory:'));
 * carts.add(cartId, 'MUG-SAND', 1);
 */
export function createCartStore(db: ShopDatabase, now: () => Date = () => new Date()): CartStore {
  const selectLines = db.prepare<[string], { item_id: string; quantity: number }>(
    'SELECT item_id, quantity FROM cart_lines WHERE cart_id = ? ORDER BY added_at, item_id',
  );
  const selectQuantity = db.prepare<[string, string], { quantity: number }>(
    'SELECT quantity FROM cart_lines WHERE cart_id = ? AND item_id = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO cart_lines (cart_id, item_id, quantity, added_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (cart_id, item_id) DO UPDATE SET quantity = excluded.quantity`,
  );
  const deleteLine = db.prepare('DELETE FROM cart_lines WHERE cart_id = ? AND item_id = ?');
  const deleteCart = db.prepare('DELETE FROM cart_lines WHERE cart_id = ?');

  const setQuantity = (cartId: string, itemId: string, quantity: number) => {
    const capped = Math.min(Math.max(Math.trunc(quantity), 0), MAX_QUANTITY_PER_ITEM);
    if (capped === 0) deleteLine.run(cartId, itemId);
    else upsert.run(cartId, itemId, capped, now().toISOString());
  };

  return {
    lines: (cartId) =>
      selectLines.all(cartId).map((row) => ({ itemId: row.item_id, quantity: row.quantity })),
    add: db.transaction((cartId: string, itemId: string, quantity: number) => {
      const current = selectQuantity.get(cartId, itemId)?.quantity ?? 0;
      setQuantity(cartId, itemId, current + quantity);
    }),
    setQuantity,
    clear: (cartId) => {
      deleteCart.run(cartId);
    },
  };
}
