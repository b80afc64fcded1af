// IP address parsing and the check for addresses that cannot be a shopper's public address.

/** A parsed IP address: 4 bytes for IPv4, 8 groups of 16 bits for IPv6. */
export type ParsedIp = { version: 4; bytes: number[] } | { version: 6; groups: number[] };

/** Parses a dotted-quad IPv4 or a textual IPv6 address (RFC 4291, with `::` and an IPv4 tail). */
export function parseIp(text: string): ParsedIp | undefined {
  const bytes = parseIpv4(text);
  if (bytes) return { version: 4, bytes };
  const groups = parseIpv6(text);
  if (groups) return { version: 6, groups };
  return undefined;
}

/**
 * Tells whether an address is not a public unicast address: private (10/8, 172.16/12, 192.168/16,
 * fc00::/7), shared (100.64/10), loopback (127/8, ::1), link-local (169.254/16, fe80::/10),
 * "this network" (0/8, ::), benchmarking (198.18/15), multicast or reserved (224/3, ff00::/8), and
 * IPv4-mapped or NAT64 forms of those. Documentation ranges (192.0.2/24, 198.51.100/24,
 * 203.0.113/24, 2001:db8::/32) count as public so that tests can use them as the shopper's address.
 */
export function isNonPublicIp(ip: ParsedIp): boolean {
  if (ip.version === 4) return isNonPublicIpv4(ip.bytes);

  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = ip.groups;
  const embeddedIpv4 = [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff];
  const upperZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (upperZero && g5 === 0xffff) return isNonPublicIpv4(embeddedIpv4); // ::ffff:a.b.c.d
  if (upperZero && g5 === 0) return true; // ::, ::1 and the deprecated IPv4-compatible form
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return isNonPublicIpv4(embeddedIpv4); // NAT64 64:ff9b::a.b.c.d
  }
  return (g0 & 0xfe00) === 0xfc00 || (g0 & 0xffc0) === 0xfe80 || (g0 & 0xff00) === 0xff00;
}

function isNonPublicIpv4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    a >= 224 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19))
  );
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    // Leading zeros are rejected because some parsers read them as octal.
    if (!/^(?:0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const byte = Number(part);
    if (byte > 255) return undefined;
    bytes.push(byte);
  }
  return bytes;
}

function parseIpv6(text: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;

  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;

  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

// Parses colon-separated hex groups; the last one may be a dotted IPv4 address worth two groups.
function parseGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (const [index, part] of parts.entries()) {
    if (index === parts.length - 1 && part.includes('.')) {
      const bytes = parseIpv4(part);
      if (!bytes) return undefined;
      groups.push(((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0), ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0));
      continue;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return undefined;
    groups.push(Number.parseInt(part, 16));
  }
  return groups;
}
