// Finds the shopper's IP address from the socket peer and X-Forwarded-For, believing only trusted proxies.

import type { Problem } from '@pinpair/core';
import { normalizeIpAddress } from './ip-address.js';
import type { TrustedProxyCheck } from './trusted-proxies.js';

/** The resolved client address and what went wrong on the way. */
export interface ClientIpResolution {
  /** The shopper's address, or undefined when it cannot be known. */
  clientIpAddress: string | undefined;
  /** Findings such as a missing socket address or an unreadable X-Forwarded-For entry. */
  problems: Problem[];
}

/**
 * Resolves the client address. Without a trusted socket peer the peer itself is the client, and
 * X-Forwarded-For is ignored because anyone can send it. Behind a trusted peer, the header is
 * read right to left (each proxy appends the address it saw) and the first address that is not a
 * trusted proxy is the client. When every hop is trusted, the leftmost address is the client.
 */
export function resolveClientIp(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  isTrusted: TrustedProxyCheck,
): ClientIpResolution {
  const problems: Problem[] = [];
  const peer = normalizeIpAddress(socketAddress);
  if (peer === undefined) {
    problems.push({
      path: 'clientIpAddress',
      severity: 'warning',
      code: 'missing-remote-address',
      message:
        'The socket address is unknown, so the IP address is left out. With a Fetch Request, pass `remoteAddress` from your server.',
    });
    return { clientIpAddress: undefined, problems };
  }
  if (!isTrusted(peer) || forwardedFor === undefined) return { clientIpAddress: peer, problems };

  const hops = forwardedFor
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '');

  let current = peer;
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = normalizeIpAddress(hops[index]);
    if (hop === undefined) {
      problems.push({
        path: 'clientIpAddress',
        severity: 'warning',
        code: 'invalid-forwarded-for',
        message: `X-Forwarded-For entry ${hops.length - index} from the right is not an IP address; using the last valid hop.`,
      });
      return { clientIpAddress: current, problems };
    }
    current = hop;
    if (!isTrusted(hop)) return { clientIpAddress: hop, problems };
  }
  return { clientIpAddress: current, problems };
}
