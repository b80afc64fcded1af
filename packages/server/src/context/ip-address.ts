// Normalizes the IP address forms found in sockets and X-Forwarded-For into what Pinterest expects.

import { isIP } from 'node:net';

const IPV4_MAPPED_DOTTED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/;
const IPV4_MAPPED_HEX = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * Normalizes one address: trims it, removes `[…]` brackets and a port (`203.0.113.9:51234`,
 * `[2001:db8::1]:443`), lowercases IPv6 and turns an IPv4-mapped IPv6 address (`::ffff:203.0.113.9`,
 * as a dual-stack socket reports IPv4 peers) into plain IPv4. Returns undefined when the result is
 * not an IP address.
 */
export function normalizeIpAddress(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let address = value.trim().toLowerCase();

  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed !== null) address = bracketed[1] as string;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(address))
    address = address.slice(0, address.lastIndexOf(':'));

  const dotted = IPV4_MAPPED_DOTTED.exec(address);
  if (dotted !== null) address = dotted[1] as string;
  const hex = IPV4_MAPPED_HEX.exec(address);
  if (hex !== null) address = hexPairToIpv4(hex[1] as string, hex[2] as string);

  return isIP(address) === 0 ? undefined : address;
}

/** Returns `'ipv4'` or `'ipv6'` for a normalized address. */
export function ipFamily(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 4 ? 'ipv4' : 'ipv6';
}

function hexPairToIpv4(high: string, low: string): string {
  const highValue = Number.parseInt(high, 16);
  const lowValue = Number.parseInt(low, 16);
  return [highValue >> 8, highValue & 0xff, lowValue >> 8, lowValue & 0xff].join('.');
}
