// UUID v4 and v5 (RFC 9562) on top of Web Crypto, so browser and server compute identical ids.

import { toHex } from './sha256.js';

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
  const namespaceBytes = parseUuid(namespace);
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(16 + nameBytes.length);
  input.set(namespaceBytes);
  input.set(nameBytes, 16);
  const digest = await globalThis.crypto.subtle.digest('SHA-1', input);
  return formatUuid(new Uint8Array(digest, 0, 16), 0x50);
}

// Sets the version nibble and the RFC variant bits, then writes the 8-4-4-4-12 form.
function formatUuid(source: Uint8Array, version: number): string {
  const bytes = Uint8Array.from(source);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | version;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = toHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function parseUuid(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
