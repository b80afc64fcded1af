// Express middleware that attaches the shopper's request context as `req.pinpair`, without importing Express.

import { HANDOFF_FIELD } from '@pinpair/core';
import {
  getRequestContext,
  type NodeRequestLike,
  type RequestContext,
  type RequestContextOptions,
} from './context/request-context.js';
import { compileTrustedProxies } from './context/trusted-proxies.js';

/** The parts of an Express request the middleware reads and writes. */
export interface ExpressLikeRequest extends NodeRequestLike {
  /** Parsed body, when a body parser ran; the `pinpair_handoff` field is read from it. */
  body?: unknown;
  /** The request context, computed on first access. */
  pinpair?: RequestContext;
}

/** Express's `next` callback. */
export type NextFunction = (error?: unknown) => void;

/** Options of {@link pinpairMiddleware}: those of `getRequestContext` except the per-request `handoff`. */
export type PinpairMiddlewareOptions = Omit<RequestContextOptions, 'handoff'>;

declare global {
  // Adds `req.pinpair` to Express's Request type when @types/express is installed; harmless otherwise.
  namespace Express {
    interface Request {
      /** The shopper's request context, attached by `pinpairMiddleware()`. */
      pinpair?: RequestContext;
    }
  }
}

/**
 * Creates Express middleware that attaches {@link RequestContext} as `req.pinpair`. The context is
 * computed on first access, so routes that never read it cost nothing, and a body parser mounted
 * after this middleware still supplies the `pinpair_handoff` form field.
 *
 * @example
 * ```ts
 * app.use(express.urlencoded({ extended: false }));
 * app.use(pinpairMiddleware({ trustedProxies: ['loopback'], posthogApiKey: process.env.POSTHOG_API_KEY }));
 * app.post('/checkout', async (req, res) => {
 *   const { eventId } = await reporter.report({ eventName: 'checkout', orderId, value, currency }, req.pinpair);
 *   res.redirect(`/orders/${orderId}`);
 * });
 * ```
 */
export function pinpairMiddleware(
  options: PinpairMiddlewareOptions = {},
): (request: ExpressLikeRequest, response: unknown, next: NextFunction) => void {
  // Compiling here reports a bad `trustedProxies` entry at startup instead of on the first request.
  compileTrustedProxies(options.trustedProxies);

  return (request, _response, next) => {
    let context: RequestContext | undefined;
    Object.defineProperty(request, 'pinpair', {
      configurable: true,
      enumerable: false,
      get() {
        context ??= getRequestContext(request, { ...options, handoff: readHandoffField(request.body) });
        return context;
      },
      set(value: RequestContext | undefined) {
        context = value;
      },
    });
    next();
  };
}

function readHandoffField(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[HANDOFF_FIELD];
  return typeof value === 'string' ? value : undefined;
}
