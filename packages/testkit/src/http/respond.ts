// Small writers for the responses the fakes send: JSON, HTML, scripts and the 1×1 GIF.

import type { IncomingMessage, ServerResponse } from 'node:http';

/** The smallest transparent 1×1 GIF, the usual response to a tracking pixel. */
export const TRANSPARENT_GIF = Buffer.from(
  'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
  'base64',
);

/**
 * Returns the method to route `request` by, which is its own except that HEAD routes as GET. Node's
 * `ServerResponse` drops the body of a response to HEAD, so a GET route responds to HEAD with the
 * same status and headers and no body.
 */
export function routingMethod(request: IncomingMessage): string {
  const method = request.method ?? 'GET';
  return method === 'HEAD' ? 'GET' : method;
}

/** Writes `body` as JSON with `status` and any extra headers. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** Writes `text` with a content type, for HTML pages and scripts. */
export function sendText(
  response: ServerResponse,
  status: number,
  contentType: string,
  text: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...headers,
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** Writes the transparent GIF in response to a tracking beacon; never cached, so each beacon arrives. */
export function sendGif(response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'image/gif',
    'content-length': TRANSPARENT_GIF.length,
    'cache-control': 'no-store, max-age=0',
  });
  response.end(TRANSPARENT_GIF);
}
