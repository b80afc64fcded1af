// Reads a request body into memory, with a size limit, and undoes gzip content encoding.

import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** Thrown when a request body is larger than the fake accepts. */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`Request body exceeds ${maxBytes} bytes.`);
    this.name = 'BodyTooLargeError';
  }
}

/** Thrown when a body announced or detected as gzip does not decompress. */
export class BodyDecodingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BodyDecodingError';
  }
}

/** Reads the whole body of `request`; rejects with {@link BodyTooLargeError} past `maxBytes`. */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;

  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) throw new BodyTooLargeError(maxBytes);
    chunks.push(buffer);
  }

  return Buffer.concat(chunks);
}

/** Tells whether `bytes` starts with the gzip magic number 1f 8b. */
export function hasGzipMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses `body` when the `Content-Encoding` header says gzip or the bytes start with the gzip
 * magic number (posthog-js sends gzip as `text/plain` without the header), and returns it unchanged
 * otherwise.
 */
export function gunzipIfNeeded(body: Buffer, contentEncoding: string | undefined): Buffer {
  const announced = contentEncoding?.toLowerCase().includes('gzip') ?? false;
  if (!announced && !hasGzipMagic(body)) return body;

  try {
    return gunzipSync(body);
  } catch (error) {
    throw new BodyDecodingError('The body is not valid gzip.', { cause: error });
  }
}
