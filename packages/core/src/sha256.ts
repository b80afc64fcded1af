// SHA-256 through Web Crypto, which browsers and Node >= 20 both provide as globalThis.crypto.

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Hashes the UTF-8 bytes of `input` with SHA-256 and returns 64 lowercase hex characters.
 *
 * @example
 * await sha256Hex('us'); // '79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621'
 */
export async function sha256Hex(input: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(input));
  return toHex(new Uint8Array(digest));
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
