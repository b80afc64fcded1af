// Reads what the server needs about the shopper from an incoming request: IP, user agent, click id, hand-off, consent.

import {
  CLICK_ID_COOKIE,
  CONSENT_COOKIE,
  type Consent,
  type ConsentState,
  decodeHandoff,
  HANDOFF_HEADER,
  type Handoff,
  type Problem,
  parseConsent,
} from '@pinpair/core';
import { getPostHogCookieName, parsePostHogCookie } from 'posthog-node';
import { resolveClientIp } from './client-ip.js';
import { parseCookieHeader } from './cookies.js';
import { compileTrustedProxies, type TrustedProxies } from './trusted-proxies.js';

/** Facts about the shopper behind a request, as pinpair reads them. Pass it to `reporter.report()`. */
export interface RequestContext {
  /** The shopper's IP address; never the server's own or a proxy's, unless every hop is trusted. */
  clientIpAddress?: string;
  /** The shopper's browser user agent. */
  clientUserAgent?: string;
  /** Pinterest click id: from the hand-off, else from the `_epik` cookie. */
  clickId?: string;
  /** The browser's hand-off, decoded and validated. */
  handoff?: Handoff;
  /** PostHog distinct id: from the hand-off, else from posthog-js's `ph_<key>_posthog` cookie. */
  distinctId?: string;
  /** Consent: from the hand-off, else from the `pinpair_consent` cookie; `pending` parts when unknown. */
  consent: Consent;
  /** The page the conversion happened on: the Referer header, else the Origin header. */
  eventSourceUrl?: string;
  /** Findings about fields that could not be read, such as an invalid hand-off. None of them stops a report. */
  problems: Problem[];
}

/** Options of {@link getRequestContext} and {@link getRequestContextFromFetch}. */
export interface RequestContextOptions {
  /**
   * Proxies whose X-Forwarded-For entries are believed (IPs, CIDR ranges, `loopback`, `linklocal`,
   * `uniquelocal`). Without any, the socket address is the client and X-Forwarded-For is ignored.
   * @default []
   */
  trustedProxies?: TrustedProxies;
  /**
   * PostHog project API key, to find posthog-js's `ph_<key>_posthog` cookie when there is no hand-off.
   * @default undefined
   */
  posthogApiKey?: string;
  /**
   * Value of the `pinpair_handoff` form field, when the checkout posts a form; it wins over the
   * `X-Pinpair-Handoff` header.
   * @default undefined
   */
  handoff?: string;
}

/** The parts of a Node `IncomingMessage` (or Express request) that {@link getRequestContext} reads. */
export interface NodeRequestLike {
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string | undefined } | null;
}

/**
 * Reads the request context from a Node `IncomingMessage` or an Express request.
 *
 * @example
 * ```ts
 * const context = getRequestContext(req, { trustedProxies: ['loopback'], handoff: req.body?.pinpair_handoff });
 * await reporter.report({ eventName: 'checkout', orderId, value, currency }, context);
 * ```
 */
export function getRequestContext(
  request: NodeRequestLike,
  options: RequestContextOptions = {},
): RequestContext {
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    if (!Array.isArray(value)) return value;

    // Repeated Cookie headers join with '; ', other list headers such as X-Forwarded-For with ', '.
    const separator = name === 'cookie' ? '; ' : ', ';
    return value.join(separator);
  };
  return buildRequestContext(header, request.socket?.remoteAddress, options);
}

/**
 * Builds the context from a header reader and the socket address; shared by the Node and Fetch entry points.
 */
export function buildRequestContext(
  header: (name: string) => string | undefined,
  remoteAddress: string | undefined,
  options: RequestContextOptions,
): RequestContext {
  const problems: Problem[] = [];
  const cookies = parseCookieHeader(header('cookie'));

  const ip = resolveClientIp(
    remoteAddress,
    header('x-forwarded-for'),
    compileTrustedProxies(options.trustedProxies),
  );
  problems.push(...ip.problems);

  const handoff = readHandoff(nonEmpty(options.handoff) ?? header(HANDOFF_HEADER), problems);
  const clickId = nonEmpty(handoff?.clickId) ?? nonEmpty(cookies.get(CLICK_ID_COOKIE));
  const distinctId = nonEmpty(handoff?.distinctId) ?? readPostHogDistinctId(cookies, options.posthogApiKey);
  const consent = mergeHandoffConsent(handoff?.consent, parseConsent(cookies.get(CONSENT_COOKIE)));

  const context: RequestContext = { consent, problems };
  if (ip.clientIpAddress !== undefined) context.clientIpAddress = ip.clientIpAddress;
  const userAgent = nonEmpty(header('user-agent'));
  if (userAgent !== undefined) context.clientUserAgent = userAgent;
  else {
    problems.push({
      path: 'clientUserAgent',
      severity: 'warning',
      code: 'missing-user-agent',
      message:
        'The request has no User-Agent header, so Pinterest can match the event only by hashed user data.',
    });
  }
  if (clickId !== undefined) context.clickId = clickId;
  if (handoff !== undefined) context.handoff = handoff;
  if (distinctId !== undefined) context.distinctId = distinctId;
  const pageUrl = readPageUrl(header('referer') ?? header('origin'));
  if (pageUrl !== undefined) context.eventSourceUrl = pageUrl;
  return context;
}

/**
 * Merges the hand-off's and the cookie's consent per category. `denied` in either wins, because the
 * tracker rewrites the cookie on every change, so a withdrawal there is newer than a stored
 * hand-off. Otherwise the hand-off's state is used unless it is `pending`: a form can carry a
 * hand-off written before the shopper chose on the banner, and the cookie then has the choice.
 */
function mergeHandoffConsent(fromHandoff: Consent | undefined, fromCookie: Consent): Consent {
  if (fromHandoff === undefined) return fromCookie;

  const merge = (handoff: ConsentState, cookie: ConsentState): ConsentState => {
    if (handoff === 'denied' || cookie === 'denied') return 'denied';
    return handoff === 'pending' ? cookie : handoff;
  };
  return {
    advertising: merge(fromHandoff.advertising, fromCookie.advertising),
    analytics: merge(fromHandoff.analytics, fromCookie.analytics),
  };
}

function readHandoff(value: string | undefined, problems: Problem[]): Handoff | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  try {
    return decodeHandoff(value.trim());
  } catch (error) {
    problems.push({
      path: 'handoff',
      severity: 'warning',
      code: 'invalid-handoff',
      message: `The hand-off was ignored because it is invalid: ${error instanceof Error ? error.message : String(error)}`,
    });
    return undefined;
  }
}

function readPostHogDistinctId(cookies: Map<string, string>, apiKey: string | undefined): string | undefined {
  if (apiKey === undefined || apiKey === '') return undefined;
  const value = cookies.get(getPostHogCookieName(apiKey));
  if (value === undefined) return undefined;
  return nonEmpty(parsePostHogCookie(value)?.distinctId);
}

/** Keeps an http(s) URL, dropping the fragment, which browsers never send and pages do not need. */
function readPageUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
