// Orders kept in SQLite with the event id of their conversion and what the shopper's browser handed
// over at checkout, so the server can report the order after payment as that shopper.
import { randomBytes } from 'node:crypto';
import type { Consent } from '@pinpair/core';
import { parseConsent, serializeConsent } from '@pinpair/core';
import type { ShopDatabase } from './database.js';

/** Order state: placed, then paid or declined by the payment provider. */
export type OrderStatus = 'awaiting_payment' | 'paid' | 'payment_declined';

/** Outcome of reporting the paid order to Pinterest: queued, skipped for consent, or failed. */
export type ReportStatus = 'queued' | 'skipped' | 'failed';

/** One order line, copied from the catalog when the order is placed. */
export interface OrderLine {
  itemId: string;
  title: string;
  variantLabel: string;
  category: string;
  brand: string;
  priceCents: number;
  quantity: number;
}

/** The checkout form's contact and address fields, as the shopper typed them. */
export interface Customer {
  email: string;
  phone: string;
  firstName: string;
  lastName: string;
  city: string;
  state: string;
  zip: string;
  country: string;
}

/**
 * The shopper's browser at checkout: what the server cannot know later, when the payment provider
 * confirms the order from its own address.
 */
export interface ShopperContext {
  /** The `pinpair_handoff` form field exactly as posted, or undefined when it was missing. */
  handoff?: string;
  clickId?: string;
  distinctId?: string;
  consent: Consent;
  clientIpAddress?: string;
  clientUserAgent?: string;
  eventSourceUrl?: string;
}

/** A stored order. */
export interface Order {
  id: string;
  /** The cart (and so the browser) that placed the order; only it may view the order. */
  cartId: string;
  status: OrderStatus;
  createdAt: string;
  currency: string;
  totalCents: number;
  lines: OrderLine[];
  customer: Customer;
  /** The checkout's event id, derived from the order id, shared by the tag, CAPI and PostHog. */
  eventId: string;
  shopper: ShopperContext;
  paymentId?: string;
  paidAt?: string;
  reportStatus?: ReportStatus;
  reportedAt?: string;
}

/** Input of {@link OrderStore.insert}. The store adds the status and the creation time. */
export type NewOrder = Omit<
  Order,
  'status' | 'createdAt' | 'paymentId' | 'paidAt' | 'reportStatus' | 'reportedAt'
>;

/** Reads and changes orders. */
export interface OrderStore {
  insert(order: NewOrder): Order;
  get(id: string): Order | undefined;
  /** Returns the cart's most recently paid order, or undefined when the cart has none. */
  latestPaid(cartId: string): Order | undefined;
  markPaid(id: string, paymentId: string): Order;
  markDeclined(id: string): Order;
  markReported(id: string, status: ReportStatus): Order;
}

interface OrderRow {
  id: string;
  cart_id: string;
  status: OrderStatus;
  created_at: string;
  currency: string;
  total_cents: number;
  lines: string;
  customer: string;
  event_id: string;
  handoff: string | null;
  click_id: string | null;
  distinct_id: string | null;
  consent: string;
  client_ip_address: string | null;
  client_user_agent: string | null;
  event_source_url: string | null;
  payment_id: string | null;
  paid_at: string | null;
  report_status: ReportStatus | null;
  reported_at: string | null;
}

const ORDER_ID_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * Creates a random order id such as `PP-7K2QX9MD`. Order ids are random because the checkout's
 * event id is derived from the order id. A sequence that restarts with a fresh database would give
 * a new order the event id of an old one, and Pinterest would drop the new order as a duplicate.
 */
export function createOrderId(): string {
  const bytes = randomBytes(8);
  let id = 'PP-';
  for (const byte of bytes) id += ORDER_ID_ALPHABET[byte % ORDER_ID_ALPHABET.length];
  return id;
}

/**
 * Creates the order store on an open shop database.
 *
 * @example
 * const orders = createOrderStore(openShopDatabase('.pinpair/shop.db'));
 * orders.get('PP-7K2QX9MD')?.status;
 */
export function createOrderStore(db: ShopDatabase, now: () => Date = () => new Date()): OrderStore {
  const insert = db.prepare(
    `INSERT INTO orders (id, cart_id, status, created_at, currency, total_cents, lines, customer, event_id,
       handoff, click_id, distinct_id, consent, client_ip_address, client_user_agent, event_source_url)
     VALUES (@id, @cart_id, @status, @created_at, @currency, @total_cents, @lines, @customer, @event_id,
       @handoff, @click_id, @distinct_id, @consent, @client_ip_address, @client_user_agent, @event_source_url)`,
  );
  const select = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE id = ?');
  const selectLatestPaid = db.prepare<[string], OrderRow>(
    "SELECT * FROM orders WHERE cart_id = ? AND status = 'paid' ORDER BY paid_at DESC, rowid DESC LIMIT 1",
  );
  const updatePaid = db.prepare(
    "UPDATE orders SET status = 'paid', payment_id = ?, paid_at = ? WHERE id = ?",
  );
  const updateDeclined = db.prepare("UPDATE orders SET status = 'payment_declined' WHERE id = ?");
  const updateReported = db.prepare('UPDATE orders SET report_status = ?, reported_at = ? WHERE id = ?');

  const get = (id: string) => {
    const row = select.get(id);
    return row ? fromRow(row) : undefined;
  };
  const mustGet = (id: string) => {
    const order = get(id);
    if (!order) throw new RangeError(`Order ${id} was not found.`);
    return order;
  };

  return {
    insert(order) {
      insert.run({
        id: order.id,
        cart_id: order.cartId,
        status: 'awaiting_payment',
        created_at: now().toISOString(),
        currency: order.currency,
        total_cents: order.totalCents,
        lines: JSON.stringify(order.lines),
        customer: JSON.stringify(order.customer),
        event_id: order.eventId,
        handoff: order.shopper.handoff ?? null,
        click_id: order.shopper.clickId ?? null,
        distinct_id: order.shopper.distinctId ?? null,
        consent: serializeConsent(order.shopper.consent),
        client_ip_address: order.shopper.clientIpAddress ?? null,
        client_user_agent: order.shopper.clientUserAgent ?? null,
        event_source_url: order.shopper.eventSourceUrl ?? null,
      });
      return mustGet(order.id);
    },
    get,
    latestPaid(cartId) {
      const row = selectLatestPaid.get(cartId);
      return row ? fromRow(row) : undefined;
    },
    markPaid(id, paymentId) {
      updatePaid.run(paymentId, now().toISOString(), id);
      return mustGet(id);
    },
    markDeclined(id) {
      updateDeclined.run(id);
      return mustGet(id);
    },
    markReported(id, status) {
      updateReported.run(status, now().toISOString(), id);
      return mustGet(id);
    },
  };
}

function fromRow(row: OrderRow): Order {
  return {
    id: row.id,
    cartId: row.cart_id,
    status: row.status,
    createdAt: row.created_at,
    currency: row.currency,
    totalCents: row.total_cents,
    lines: JSON.parse(row.lines) as OrderLine[],
    customer: JSON.parse(row.customer) as Customer,
    eventId: row.event_id,
    shopper: {
      handoff: row.handoff ?? undefined,
      clickId: row.click_id ?? undefined,
      distinctId: row.distinct_id ?? undefined,
      consent: parseConsent(row.consent),
      clientIpAddress: row.client_ip_address ?? undefined,
      clientUserAgent: row.client_user_agent ?? undefined,
      eventSourceUrl: row.event_source_url ?? undefined,
    },
    paymentId: row.payment_id ?? undefined,
    paidAt: row.paid_at ?? undefined,
    reportStatus: row.report_status ?? undefined,
    reportedAt: row.reported_at ?? undefined,
  };
}
