// Finds the address a request came from, and classifies addresses as private or loopback.

import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * Returns the address of the TCP peer, with IPv4-mapped IPv6 (`::ffff:127.0.0.1`) written as IPv4.
 */
export function sourceAddressOf(request: IncomingMessage): string {
  return normalizeIp(request.socket.remoteAddress ?? '');
}

/**
 * Returns the client's address: the first address in `X-Forwarded-For` when `trustForwardedFor` is
 * set and the header contains a valid IP, else the TCP peer address.
 */
export function clientAddressOf(request: IncomingMessage, trustForwardedFor: boolean): string {
  if (trustForwardedFor) {
    const header = request.headers['x-forwarded-for'];
    const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim();
    if (first && isIP(normalizeIp(first)) !== 0) return normalizeIp(first);
  }
  return sourceAddressOf(request);
}

/** Writes an IPv4-mapped IPv6 address as plain IPv4 and lowercases IPv6; returns other text unchanged. */
export function normalizeIp(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  if (mapped?.[1]) return mapped[1];
  return isIP(trimmed) === 6 ? trimmed.toLowerCase() : trimmed;
}

const nonPublic = new BlockList();
nonPublic.addSubnet('0.0.0.0', 8, 'ipv4'); // "this network"
nonPublic.addSubnet('10.0.0.0', 8, 'ipv4'); // RFC 1918
nonPublic.addSubnet('100.64.0.0', 10, 'ipv4'); // carrier-grade NAT, RFC 6598
nonPublic.addSubnet('127.0.0.0', 8, 'ipv4'); // loopback
nonPublic.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local
nonPublic.addSubnet('172.16.0.0', 12, 'ipv4'); // RFC 1918
nonPublic.addSubnet('192.168.0.0', 16, 'ipv4'); // RFC 1918
nonPublic.addAddress('::', 'ipv6'); // unspecified
nonPublic.addAddress('::1', 'ipv6'); // loopback
nonPublic.addSubnet('fc00::', 7, 'ipv6'); // unique local
nonPublic.addSubnet('fe80::', 10, 'ipv6'); // link-local

/**
 * Tells whether `address` is loopback, private (RFC 1918, unique local), link-local or carrier-grade
 * NAT: an address that cannot be the public IP of a shopper on the internet. The documentation
 * ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) count as public, so tests
 * can use them as shopper addresses.
 */
export function isNonPublicAddress(address: string): boolean {
  const normalized = normalizeIp(address);
  const family = isIP(normalized);
  if (family === 0) return false;
  return nonPublic.check(normalized, family === 4 ? 'ipv4' : 'ipv6');
}
