// Decodes capture request bodies in the encodings posthog-js and posthog-node use, into a list of events.

import { gunzipIfNeeded } from '../http/body.js';
import { isJsonObject } from '../pinterest/field-checks.js';

/** Thrown when a capture body cannot be decoded; the fake responds with 400 and its message. */
export class CaptureDecodingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CaptureDecodingError';
  }
}

/** Request details that decide how a body is encoded. */
export interface CaptureEncoding {
  contentType: string | undefined;
  contentEncoding: string | undefined;
  /** The `compression` query parameter: `gzip-js`, `gzip`, `base64`, or absent. */
  compression: string | null;
}

/** Encoding of a capture body: gzip, a base64 form body, a form body of plain JSON, or plain JSON. */
export type CaptureBodyEncoding = 'gzip' | 'base64' | 'form' | 'json';

/** One event as sent, with the batch's API key when the event carries none. */
export interface RawCapture {
  event: Record<string, unknown>;
  apiKey: string | undefined;
}

/** The events of one body and how the body was encoded. */
export interface DecodedCapture {
  captures: RawCapture[];
  encoding: CaptureBodyEncoding;
}

/**
 * Decodes a capture body and returns its events.
 *
 * Encodings, as posthog-js 1.449 and posthog-node 5.74 send them:
 * - gzip: posthog-js sends it as `text/plain` and drops `compression` from the URL, so the gzip
 *   magic number is checked too; posthog-node sends `Content-Encoding: gzip`;
 * - base64: `compression=base64` with a form body `data=<url-encoded base64 of the JSON>`, also
 *   what `sendBeacon` sends when gzip is not offered;
 * - plain JSON, or a form body `data=<url-encoded JSON>`.
 *
 * The JSON is `{ api_key, batch: [...] }`, an array of events, or one event.
 */
export function decodeCaptureBody(body: Buffer, encoding: CaptureEncoding): DecodedCapture {
  if (encoding.compression === 'lz64') {
    throw new CaptureDecodingError('compression=lz64 is not supported; use gzip-js, base64 or none.');
  }

  let bytes: Buffer;
  try {
    bytes = gunzipIfNeeded(
      body,
      encoding.compression?.startsWith('gzip') ? 'gzip' : encoding.contentEncoding,
    );
  } catch (error) {
    throw new CaptureDecodingError('The body is announced or detected as gzip but does not decompress.', {
      cause: error,
    });
  }

  const gzipped = bytes !== body;
  let text = bytes.toString('utf8');
  const isForm =
    encoding.contentType?.includes('application/x-www-form-urlencoded') || text.startsWith('data=');
  if (isForm) text = new URLSearchParams(text).get('data') ?? '';
  const base64 = encoding.compression === 'base64' || (isForm && !/^\s*[[{]/.test(text));
  if (base64) text = Buffer.from(text, 'base64').toString('utf8');

  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    throw new CaptureDecodingError(`The body is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let bodyEncoding: CaptureBodyEncoding = 'json';
  if (gzipped) bodyEncoding = 'gzip';
  else if (base64) bodyEncoding = 'base64';
  else if (isForm) bodyEncoding = 'form';
  return { captures: eventsOf(payload), encoding: bodyEncoding };
}

/** Splits a decoded payload into events, carrying the batch-level API key to each. */
export function eventsOf(payload: unknown): RawCapture[] {
  if (Array.isArray(payload)) return payload.map((event) => toRawCapture(event, undefined));
  if (!isJsonObject(payload))
    throw new CaptureDecodingError('The payload must be an event, an array or a batch.');

  const batchKey = typeof payload.api_key === 'string' ? payload.api_key : undefined;
  if (Array.isArray(payload.batch)) return payload.batch.map((event) => toRawCapture(event, batchKey));
  return [toRawCapture(payload, batchKey)];
}

function toRawCapture(event: unknown, batchKey: string | undefined): RawCapture {
  if (!isJsonObject(event)) throw new CaptureDecodingError('Each event must be a JSON object.');
  if (typeof event.event !== 'string' || event.event.length === 0) {
    throw new CaptureDecodingError('An event has no `event` name.');
  }
  const properties = isJsonObject(event.properties) ? event.properties : {};
  const apiKey = [event.api_key, properties.token, event.token, batchKey].find(
    (candidate): candidate is string => typeof candidate === 'string' && candidate.length > 0,
  );
  return { event, apiKey };
}
