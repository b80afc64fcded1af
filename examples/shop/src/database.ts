// Opens the shop's SQLite file (carts and orders) and creates its tables.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** The shop's tables. `orders.handoff` keeps the hand-off exactly as the checkout form sent it. */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS cart_lines (
    cart_id    TEXT    NOT NULL,
    item_id    TEXT    NOT NULL,
    quantity   INTEGER NOT NULL CHECK (quantity > 0),
    added_at   TEXT    NOT NULL,
    PRIMARY KEY (cart_id, item_id)
  );

  CREATE TABLE IF NOT EXISTS orders (
    id                  TEXT PRIMARY KEY,
    cart_id             TEXT NOT NULL,
    status              TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    currency            TEXT NOT NULL,
    total_cents         INTEGER NOT NULL,
    lines               TEXT NOT NULL,
    customer            TEXT NOT NULL,
    event_id            TEXT NOT NULL,
    handoff             TEXT,
    click_id            TEXT,
    distinct_id         TEXT,
    consent             TEXT NOT NULL,
    client_ip_address   TEXT,
    client_user_agent   TEXT,
    event_source_url    TEXT,
    payment_id          TEXT,
    paid_at             TEXT,
    report_status       TEXT,
    reported_at         TEXT
  );

  CREATE INDEX IF NOT EXISTS orders_cart_id ON orders (cart_id);
`;

/** An open shop database. */
export type ShopDatabase = Database.Database;

/**
 * Opens (and creates when missing) the shop's SQLite database with write-ahead logging.
 *
 * @param path - A file path, or `:memory:` for a database that lives as long as the handle.
 * @example
 * const db = openShopDatabase('.pinpair/shop.db');
 */
export function openShopDatabase(path: string): ShopDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });

  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  return db;
}
