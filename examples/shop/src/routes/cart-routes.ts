// Cart routes: the cart page, add to cart (form post or fetch) and quantity changes.
import { randomUUID } from 'node:crypto';
import { getRequestContext } from '@pinpair/server';
import { type Request, type Response, Router } from 'express';
import { type CartStore, MAX_QUANTITY_PER_ITEM } from '../carts.js';
import type { Catalog } from '../catalog.js';
import { toDecimal } from '../money.js';
import type { OrderStore } from '../orders.js';
import { priceCart } from '../pricing.js';
import { CART_COOKIE, type RenderPage, readCartId } from '../render.js';
import type { ReportAddToCart } from '../report-add-to-cart.js';
import type { ShopperReaderOptions } from '../shopper-context.js';
import { type CartNotice, renderCartPage } from '../views/cart.js';
import { renderMessagePage } from '../views/message.js';

const CART_COOKIE_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/** Dependencies of the cart routes. */
export interface CartRoutesOptions {
  catalog: Catalog;
  carts: CartStore;
  /** Orders, for the link to an order that another tab already placed. */
  orders: OrderStore;
  render: RenderPage;
  reportAddToCart: ReportAddToCart;
  /** How to read the shopper's request context, as on the checkout. */
  context: ShopperReaderOptions;
}

/** Creates the cart routes. */
export function createCartRoutes(options: CartRoutesOptions): Router {
  const { catalog, carts, orders, render, reportAddToCart } = options;
  const router = Router();

  router.get('/cart', (req, res) => {
    const cartId = readCartId(req);
    const cart = priceCart(catalog, cartId ? carts.lines(cartId) : []);
    const notice = readCartNotice(req, cartId, orders);
    render(req, res, { title: 'Cart', body: renderCartPage(cart, catalog.currency, notice) });
  });

  router.post('/cart', async (req, res) => {
    const itemId = String(req.body?.item_id ?? '');
    const quantity = Number(req.body?.quantity ?? 1);
    const entry = catalog.findVariant(itemId);

    if (
      !entry?.variant.available ||
      !Number.isInteger(quantity) ||
      quantity < 1 ||
      quantity > MAX_QUANTITY_PER_ITEM
    ) {
      const message = entry?.variant.available
        ? `Choose a quantity from 1 to ${MAX_QUANTITY_PER_ITEM}.`
        : 'That item is not available. Choose another variant.';
      replyError(req, res, render, message);
      return;
    }

    const cartId = readCartId(req) ?? startCart(req, res);
    const quantityIn = (id: string) => carts.lines(id).find((line) => line.itemId === itemId)?.quantity ?? 0;
    const before = quantityIn(cartId);
    carts.add(cartId, itemId, quantity);
    // The cart caps each line, so what was added may be less than what was asked for.
    const addedQuantity = quantityIn(cartId) - before;
    if (addedQuantity === 0) {
      replyError(
        req,
        res,
        render,
        `Your cart already has the maximum of ${MAX_QUANTITY_PER_ITEM} of this item.`,
      );
      return;
    }

    const context = getRequestContext(req, {
      trustedProxies: [...options.context.trustedProxies],
      posthogApiKey: options.context.posthogApiKey,
    });
    const added = { ...entry, quantity: addedQuantity, lineCents: entry.variant.priceCents * addedQuantity };
    await reportAddToCart(added, catalog.currency, context);

    if (wantsJson(req)) {
      const cart = priceCart(catalog, carts.lines(cartId));
      res.json({
        itemId,
        quantity: addedQuantity,
        value: toDecimal(added.lineCents),
        cartCount: cart.itemCount,
      });
    } else {
      res.redirect(303, '/cart');
    }
  });

  router.post('/cart/update', (req, res) => {
    const cartId = readCartId(req);
    const itemId = String(req.body?.item_id ?? '');
    const quantity = req.body?.remove ? 0 : Number(req.body?.quantity);
    if (cartId && Number.isFinite(quantity)) carts.setQuantity(cartId, itemId, quantity);
    res.redirect(303, '/cart');
  });

  return router;
}

/** Returns the cart page address that shows a notice, for a redirect after a checkout. */
export function cartNoticeLocation(notice: CartNotice): string {
  if (notice.kind === 'ordered') return `/cart?ordered=${encodeURIComponent(notice.orderId)}`;
  return '/cart?empty=1';
}

/**
 * Reads the notice of a {@link cartNoticeLocation} address. An order is named only to the browser
 * whose cart paid it, as on the order page, and any other order id in the address is ignored.
 */
function readCartNotice(
  req: Request,
  cartId: string | undefined,
  orders: OrderStore,
): CartNotice | undefined {
  const { ordered, empty } = req.query;
  if (typeof ordered === 'string') {
    const order = orders.get(ordered);
    if (order?.status === 'paid' && cartId !== undefined && order.cartId === cartId) {
      return { kind: 'ordered', orderId: order.id };
    }
    return undefined;
  }
  return empty === '1' ? { kind: 'empty' } : undefined;
}

/** Creates a cart id and sets its cookie: HttpOnly, because only the server reads it. */
function startCart(req: Request, res: Response): string {
  const cartId = randomUUID();
  res.cookie(CART_COOKIE, cartId, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    maxAge: CART_COOKIE_MAX_AGE_MS,
  });
  return cartId;
}

function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

function replyError(req: Request, res: Response, render: RenderPage, message: string): void {
  if (wantsJson(req)) {
    res.status(400).json({ error: message });
    return;
  }
  render(req, res, { status: 400, title: 'Cart', body: renderMessagePage('Could not add to cart', message) });
}
