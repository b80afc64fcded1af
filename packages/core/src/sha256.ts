// SHA-256 through Web Crypto, which browsers and Node >= 20 both provide as globalThis.crypto.

import { PinpairError } from './errors/pinpair-error.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Hashes the UTF-8 bytes of `input` with SHA-256 and returns 64 lowercase hex characters.
 *
 * @example
 * await sha256Hex('us'); // '79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621'
 */
export async function sha256Hex(input: string): Promise<string> {
  const digest = await webCryptoDigest('SHA-256', new TextEncoder().encode(input));
  return toHex(new Uint8Array(digest));
}

/**
 * Digests `bytes` with Web Crypto. Browsers expose `crypto.subtle` only in secure contexts, so on a
 * plain-http page this throws a {@link PinpairError} with the code `web_crypto_unavailable` and the fix.
 */
export function webCryptoDigest(algorithm: 'SHA-1' | 'SHA-256', bytes: BufferSource): Promise<ArrayBuffer> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) {
    throw new PinpairError(
      `crypto.subtle is missing, so no ${algorithm} digest is possible. Browsers have it only on https pages and http://localhost: serve the page over https.`,
      { code: 'web_crypto_unavailable' },
    );
  }
  return subtle.digest(algorithm, bytes);
}

/** Tells whether `value` is exactly 64 lowercase hex characters, the form Pinterest expects for hashed fields. */
export function isSha256Hex(value: string): boolean {
  return typeof value === 'string' && SHA256_HEX.test(value);
}

/** Converts bytes to lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
