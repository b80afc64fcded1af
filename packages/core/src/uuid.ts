// UUID v4 and v5 (RFC 9562) on top of Web Crypto, so browser and server compute identical ids.

import { toHex, webCryptoDigest } from './sha256.js';

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Tells whether `value` is a UUID in canonical form: lowercase hex in 8-4-4-4-12 groups. */
export function isCanonicalUuid(value: string): boolean {
  return typeof value === 'string' && CANONICAL_UUID.test(value);
}

/** Returns a random UUID v4, from `crypto.randomUUID` where the runtime has it. */
export function randomUuid(): string {
  const crypto = globalThis.crypto;
  // randomUUID exists only in secure contexts (https, localhost), so plain-http pages need the fallback.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return formatUuid(bytes, 0x40);
}

/** Computes the name-based UUID v5 (SHA-1) of the UTF-8 `name` in the `namespace` UUID. */
export async function uuidV5(namespace: string, name: string): Promise<string> {
  const namespaceHex = namespace.replace(/-/g, '').match(/../g) ?? [];
  const input = new Uint8Array([
    ...namespaceHex.map((pair) => Number.parseInt(pair, 16)),
    ...new TextEncoder().encode(name),
  ]);
  const digest = await webCryptoDigest('SHA-1', input);
  return formatUuid(new Uint8Array(digest, 0, 16), 0x50);
}

// Sets the version nibble and the RFC variant bits, then writes the 8-4-4-4-12 form.
function formatUuid(source: Uint8Array, version: number): string {
  const bytes = Uint8Array.from(source);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | version;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return toHex(bytes).replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}
