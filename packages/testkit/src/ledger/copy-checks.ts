// Problems of a single copy: server address or user agent in place of the shopper's, raw PII, no click id.

import { isNonPublicAddress, normalizeIp } from '../http/client-address.js';
import { HASHED_USER_DATA_FIELDS } from '../pinterest/capi-schema.js';
import type { ConversionCopy } from './copies.js';
import type { ConversionProblem } from './types.js';

/**
 * User agents of HTTP libraries and tools rather than browsers or apps. Node's built-in fetch sends
 * `node`; the others are the libraries' default `User-Agent` prefixes.
 */
const SERVER_USER_AGENT =
  /^(node|undici|node-fetch|axios|got|ky|python-requests|python-urllib|python-httpx|aiohttp|curl|wget|okhttp|go-http-client|java|apache-httpclient|postmanruntime|insomnia|ruby|faraday|guzzlehttp|php|libwww-perl|deno|bun|posthog-node|pinpair)\b/i;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Checks an accepted CAPI copy for server-side values where the shopper's belong, raw PII and a
 * missing click id. `tagCopies` are the tag copies of the same conversion: they came straight from
 * the shopper's browser, so their address and `User-Agent` are the shopper's.
 */
export function checkCapiCopy(
  copy: ConversionCopy,
  tagCopies: readonly ConversionCopy[],
): ConversionProblem[] {
  const problems: ConversionProblem[] = [];

  const ipProblem = checkClientIp(copy, tagCopies);
  if (ipProblem) problems.push(ipProblem);

  const userAgentProblem = checkClientUserAgent(copy, tagCopies);
  if (userAgentProblem) problems.push(userAgentProblem);

  const unhashed = unhashedFields(copy.userData ?? {});
  if (unhashed.length > 0) {
    problems.push(
      capiProblem(
        'unhashed_pii',
        `user_data ${unhashed.join(', ')} holds values that are not SHA-256 hex; hash them after normalizing.`,
      ),
    );
  }

  if (copy.clickId === undefined && copy.actionSource === 'web') {
    problems.push({
      code: 'click_id_missing',
      severity: 'warning',
      channel: 'capi',
      message:
        'user_data.click_id is missing; send the _epik cookie or the epik URL parameter when the shopper has one.',
    });
  }

  return problems;
}

/**
 * Checks `client_ip_address` against the browser's address on the tag copies and against the CAPI
 * request's own source address. An address the browser used is the shopper's even when the server
 * has it too, as when the shop, the browser and the fake all run on one machine.
 */
function checkClientIp(
  copy: ConversionCopy,
  tagCopies: readonly ConversionCopy[],
): ConversionProblem | undefined {
  if (copy.clientIp === undefined) return undefined;
  const ip = normalizeIp(copy.clientIp);
  const browserIps = tagCopies.flatMap((tag) =>
    tag.clientIp === undefined ? [] : [normalizeIp(tag.clientIp)],
  );
  if (browserIps.includes(ip)) return undefined;

  const browserIp = browserIps[0];
  const seenByTag = browserIp === undefined ? '' : `, but the browser sent the tag copy from ${browserIp}`;
  const nonPublic = isNonPublicAddress(ip);

  if (ip === copy.event.sourceAddress && (browserIp !== undefined || !nonPublic)) {
    return capiProblem(
      'server_ip_as_client_ip',
      `client_ip_address is ${ip}, the address the CAPI request came from${seenByTag}; send the shopper's IP from the checkout request.`,
    );
  }
  if (nonPublic && browserIp !== undefined) {
    return capiProblem(
      'server_ip_as_client_ip',
      `client_ip_address is ${ip}, a loopback or private address${seenByTag}; send the shopper's public IP (check the trusted proxies).`,
    );
  }
  if (nonPublic) {
    return {
      code: 'server_ip_as_client_ip',
      severity: 'warning',
      channel: 'capi',
      message: `client_ip_address is ${ip}, a loopback or private address, and no tag copy shows the browser's address to compare it with. With the shop, the browser and the fake on one machine that is expected; in production it is the server's or a proxy's address (check the trusted proxies).`,
    };
  }
  return undefined;
}

/** Checks `client_user_agent` against the browser's on the tag copies, the CAPI request's own and HTTP libraries'. */
function checkClientUserAgent(
  copy: ConversionCopy,
  tagCopies: readonly ConversionCopy[],
): ConversionProblem | undefined {
  const userAgent = copy.clientUserAgent;
  if (userAgent === undefined) return undefined;
  if (tagCopies.some((tag) => tag.clientUserAgent === userAgent)) return undefined;

  if (userAgent === copy.event.userAgent) {
    return capiProblem(
      'server_user_agent',
      "client_user_agent equals the User-Agent of the CAPI request itself; send the shopper's browser user agent.",
    );
  }
  if (SERVER_USER_AGENT.test(userAgent)) {
    return capiProblem(
      'server_user_agent',
      `client_user_agent ${JSON.stringify(userAgent.slice(0, 40))} is an HTTP library's; send the shopper's browser user agent.`,
    );
  }
  return undefined;
}

/** Checks a checkout copy of either channel for value and currency. */
export function checkCheckoutValue(copy: ConversionCopy): ConversionProblem | undefined {
  if (copy.event.eventName !== 'checkout') return undefined;
  const missing = [
    copy.value === undefined ? 'value' : '',
    copy.currency === undefined ? 'currency' : '',
  ].filter(Boolean);
  if (missing.length === 0) return undefined;
  return {
    code: 'checkout_without_value_or_currency',
    severity: 'error',
    channel: copy.event.channel,
    message: `The ${copy.event.channel === 'tag' ? 'tag' : 'CAPI'} checkout has no ${missing.join(' and ')}; Pinterest cannot report revenue for it.`,
  };
}

function unhashedFields(userData: Record<string, unknown>): string[] {
  return HASHED_USER_DATA_FIELDS.filter((field) => {
    const values = userData[field];
    return (
      Array.isArray(values) && values.some((value) => typeof value !== 'string' || !SHA256_HEX.test(value))
    );
  });
}

function capiProblem(code: ConversionProblem['code'], message: string): ConversionProblem {
  return { code, severity: 'error', channel: 'capi', message };
}
