// Parses the `trustedProxies` setting (IPs, CIDR ranges, named ranges) into a fast address check.

import { BlockList } from 'node:net';
import { ipFamily, normalizeIpAddress } from './ip-address.js';

/**
 * The proxies whose `X-Forwarded-For` entries are believed: IP addresses, CIDR ranges
 * (`10.0.0.0/8`, `fd00::/8`) and the named ranges `loopback`, `linklocal` and `uniquelocal`, as a
 * list or one comma-separated string.
 */
export type TrustedProxies = string | readonly string[];

/** Tells whether an address (already normalized) belongs to a trusted proxy. */
export type TrustedProxyCheck = (address: string) => boolean;

/** The CIDR ranges behind each named range (the names Express's `trust proxy` setting also uses). */
const NAMED_RANGES: Record<string, readonly string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

const compiled = new Map<string, TrustedProxyCheck>();
const MAX_COMPILED = 64;

/**
 * Compiles `trustedProxies` into a check. Results are cached by the setting's text, because request
 * handlers usually pass the same constant on every request. Throws a TypeError naming the invalid entry.
 */
export function compileTrustedProxies(trustedProxies: TrustedProxies | undefined): TrustedProxyCheck {
  const entries = splitEntries(trustedProxies);
  const key = entries.join(',');
  const cached = compiled.get(key);
  if (cached !== undefined) return cached;

  const blockList = new BlockList();
  for (const entry of entries) addEntry(blockList, entry);
  const check: TrustedProxyCheck =
    entries.length === 0 ? () => false : (address) => blockList.check(address, ipFamily(address));

  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(key, check);
  return check;
}

function splitEntries(trustedProxies: TrustedProxies | undefined): string[] {
  if (trustedProxies === undefined) return [];
  if (typeof trustedProxies !== 'string' && !Array.isArray(trustedProxies)) {
    throw new TypeError(
      '`trustedProxies` must be a list of IP addresses, CIDR ranges or `loopback`, `linklocal`, `uniquelocal`.',
    );
  }
  const list = typeof trustedProxies === 'string' ? trustedProxies.split(',') : trustedProxies;
  return list.map((entry) => String(entry).trim()).filter((entry) => entry !== '');
}

function addEntry(blockList: BlockList, entry: string): void {
  const named = NAMED_RANGES[entry.toLowerCase()];
  if (named !== undefined) {
    for (const range of named) addEntry(blockList, range);
    return;
  }

  const [addressPart, prefixPart, extra] = entry.split('/');
  const address = normalizeIpAddress(addressPart);
  if (address === undefined || extra !== undefined) throw invalidEntry(entry);
  const family = ipFamily(address);

  if (prefixPart === undefined) {
    blockList.addAddress(address, family);
    return;
  }
  const prefix = Number(prefixPart);
  const maxPrefix = family === 'ipv4' ? 32 : 128;
  if (!/^\d+$/.test(prefixPart) || prefix > maxPrefix) throw invalidEntry(entry);
  blockList.addSubnet(address, prefix, family);
}

function invalidEntry(entry: string): TypeError {
  return new TypeError(
    `\`trustedProxies\` has an invalid entry ${JSON.stringify(entry)}. Use an IP address, a CIDR range such as 10.0.0.0/8, or loopback, linklocal, uniquelocal.`,
  );
}
