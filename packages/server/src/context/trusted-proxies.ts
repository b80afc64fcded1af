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
 * handlers usually pass the same constant on every request. Throws a TypeError naming every invalid entry.
 */
export function compileTrustedProxies(trustedProxies: TrustedProxies | undefined): TrustedProxyCheck {
  const entries = splitEntries(trustedProxies);
  const key = entries.join(',');
  const cached = compiled.get(key);
  if (cached !== undefined) return cached;

  const blockList = new BlockList();
  const invalid = entries.filter((entry) => !tryAddEntry(blockList, entry));
  if (invalid.length > 0) {
    throw new TypeError(
      `\`trustedProxies\` has ${invalid.length === 1 ? 'an invalid entry' : 'invalid entries'} ${formatEntries(invalid)}. ${TRUSTED_PROXY_FORMS}`,
    );
  }
  const check: TrustedProxyCheck =
    entries.length === 0 ? () => false : (address) => blockList.check(address, ipFamily(address));

  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(key, check);
  return check;
}

/**
 * Returns the entries of a `trustedProxies` setting that are neither an IP address, a CIDR range nor
 * a named range, for a message that names each of them.
 */
export function findInvalidTrustedProxies(trustedProxies: TrustedProxies): string[] {
  const blockList = new BlockList();
  return splitEntries(trustedProxies).filter((entry) => !tryAddEntry(blockList, entry));
}

/** The forms a trusted proxy entry may take, as a sentence for error messages. */
export const TRUSTED_PROXY_FORMS =
  'Use IP addresses, CIDR ranges such as 10.0.0.0/8 or fd00::/8, or the names loopback, linklocal and uniquelocal.';

/** Writes entries as a quoted, comma-separated list. */
function formatEntries(entries: readonly string[]): string {
  return entries.map((entry) => JSON.stringify(entry)).join(', ');
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

/** Adds one entry to `blockList`; returns false, adding nothing, when the entry is invalid. */
function tryAddEntry(blockList: BlockList, entry: string): boolean {
  const named = NAMED_RANGES[entry.toLowerCase()];
  if (named !== undefined) {
    for (const range of named) tryAddEntry(blockList, range);
    return true;
  }

  const [addressPart, prefixPart, extra] = entry.split('/');
  const address = normalizeIpAddress(addressPart);
  if (address === undefined || extra !== undefined) return false;
  const family = ipFamily(address);

  if (prefixPart === undefined) {
    blockList.addAddress(address, family);
    return true;
  }
  const prefix = Number(prefixPart);
  const maxPrefix = family === 'ipv4' ? 32 : 128;
  if (!/^\d+$/.test(prefixPart) || prefix > maxPrefix) return false;
  blockList.addSubnet(address, prefix, family);
  return true;
}
