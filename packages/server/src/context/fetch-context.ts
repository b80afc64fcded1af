// Reads the request context from a Fetch API Request, for frameworks other than Express.

import { buildRequestContext, type RequestContext, type RequestContextOptions } from './request-context.js';

/** Options of {@link getRequestContextFromFetch}. */
export interface FetchRequestContextOptions extends RequestContextOptions {
  /**
   * The socket peer's address, which a Fetch `Request` does not carry: for example Hono's
   * `getConnInfo(c).remote.address` or the `x-forwarded-for`-free address your platform reports.
   * Without it the IP address is left out and reported in `problems`.
   */
  remoteAddress: string | undefined;
}

/**
 * Reads the request context from a Fetch `Request` (Hono, Next.js route handlers, Remix, Bun, Deno).
 * Read a posted `pinpair_handoff` form field yourself (the body can be read once) and pass it as
 * `handoff`.
 *
 * @example
 * ```ts
 * const form = await request.clone().formData();
 * const context = getRequestContextFromFetch(request, {
 *   remoteAddress: getConnInfo(c).remote.address,
 *   handoff: form.get('pinpair_handoff')?.toString(),
 * });
 * ```
 */
export function getRequestContextFromFetch(
  request: Request,
  options: FetchRequestContextOptions,
): RequestContext {
  const header = (name: string): string | undefined => request.headers.get(name) ?? undefined;
  return buildRequestContext(header, options.remoteAddress, options);
}
