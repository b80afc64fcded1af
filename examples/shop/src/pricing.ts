// Prices cart lines against the catalog, and turns them into the line items pinpair reports.
import { createHash } from 'node:crypto';
import type { CartLine } from './carts.js';
import type { Catalog, Product, Variant } from './catalog.js';
import { toDecimal } from './money.js';
import type { Order, OrderLine } from './orders.js';
import type { PageItem } from './page-config.js';

/** A cart line with its catalog entry and line total. */
export interface PricedLine {
  product: Product;
  variant: Variant;
  quantity: number;
  lineCents: number;
}

/** A priced cart. */
export interface PricedCart {
  lines: PricedLine[];
  totalCents: number;
  /** Number of units across all lines, for the cart badge. */
  itemCount: number;
}

/** Prices cart lines. Lines whose item left the catalog are dropped. */
export function priceCart(catalog: Catalog, cartLines: CartLine[]): PricedCart {
  const lines: PricedLine[] = [];
  for (const line of cartLines) {
    const entry = catalog.findVariant(line.itemId);
    if (!entry) continue;
    lines.push({ ...entry, quantity: line.quantity, lineCents: entry.variant.priceCents * line.quantity });
  }

  return {
    lines,
    totalCents: lines.reduce((sum, line) => sum + line.lineCents, 0),
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
  };
}

/**
 * Returns a short hash of what the cart charges: each line's item id, unit price and quantity, and
 * the total. The checkout form carries it, so the order is placed only for the cart the shopper saw.
 */
export function cartVersion(cart: PricedCart): string {
  return hashChargedLines(cart.lines.map(toOrderLine), cart.totalCents);
}

/** Returns the {@link cartVersion} of the cart an order was placed from. */
export function orderCartVersion(order: Order): string {
  return hashChargedLines(order.lines, order.totalCents);
}

function hashChargedLines(lines: readonly OrderLine[], totalCents: number): string {
  const charged = lines.map((line) => [line.itemId, line.priceCents, line.quantity]);
  // 16 base64url characters are 96 bits, so two different carts practically never share a version.
  return createHash('sha256')
    .update(JSON.stringify([charged, totalCents]))
    .digest('base64url')
    .slice(0, 16);
}

/** Builds the line item for a variant: the catalog item id is the id on every channel. */
export function toPageItem(product: Product, variant: Variant, quantity: number): PageItem {
  return {
    id: variant.id,
    name: product.title,
    category: product.category,
    brand: product.brand,
    variant: variant.label || undefined,
    price: toDecimal(variant.priceCents),
    quantity,
  };
}

/** Copies a priced line into an order, so later catalog changes do not rewrite past orders. */
export function toOrderLine(line: PricedLine): OrderLine {
  return {
    itemId: line.variant.id,
    title: line.product.title,
    variantLabel: line.variant.label,
    category: line.product.category,
    brand: line.product.brand,
    priceCents: line.variant.priceCents,
    quantity: line.quantity,
  };
}

/** Builds the line item for an order line. */
export function orderLineToPageItem(line: OrderLine): PageItem {
  return {
    id: line.itemId,
    name: line.title,
    category: line.category,
    brand: line.brand,
    variant: line.variantLabel || undefined,
    price: toDecimal(line.priceCents),
    quantity: line.quantity,
  };
}
