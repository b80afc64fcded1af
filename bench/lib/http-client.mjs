// A minimal HTTP/1.1 client on one keep-alive connection, for timing requests to a local server.

import http from 'node:http';

/**
 * @typedef {object} TimedResponse
 * @property {number} status
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {number} ms time from sending the request to the end of the response body
 */

/**
 * Creates a client for `baseUrl` (an `http://127.0.0.1:port` URL) that reuses one connection.
 *
 * @param {string} baseUrl
 */
export function createHttpClient(baseUrl) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  /**
   * Posts `form` URL-encoded with the given cookies and resolves when the response body has been
   * read. Redirects are not followed.
   *
   * @param {string} path
   * @param {Record<string, string>} form
   * @param {Record<string, string>} cookies
   * @param {Record<string, string>} [headers]
   * @returns {Promise<TimedResponse>}
   */
  function postForm(path, form, cookies, headers = {}) {
    const body = new URLSearchParams(form).toString();
    const cookie = cookieHeader(cookies);

    return new Promise((resolve, reject) => {
      const startNs = process.hrtime.bigint();
      const request = http.request(new URL(path, baseUrl), {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          cookie,
          ...headers,
        },
      });
      request.on('error', reject);
      request.on('response', (response) => {
        response.on('error', reject);
        response.resume();
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            ms: Number(process.hrtime.bigint() - startNs) / 1e6,
          });
        });
      });
      request.end(body);
    });
  }

  /**
   * Gets `path` with the given cookies and resolves to its status and body text. Not timed.
   *
   * @param {string} path
   * @param {Record<string, string>} cookies
   * @param {Record<string, string>} [headers]
   * @returns {Promise<{ status: number, text: string }>}
   */
  function getText(path, cookies, headers = {}) {
    return new Promise((resolve, reject) => {
      const request = http.request(new URL(path, baseUrl), {
        agent,
        headers: { cookie: cookieHeader(cookies), ...headers },
      });
      request.on('error', reject);
      request.on('response', (response) => {
        const chunks = [];
        response.on('error', reject);
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
      });
      request.end();
    });
  }

  return { postForm, getText, close: () => agent.destroy() };
}

/** Writes cookies as a Cookie header value. */
function cookieHeader(cookies) {
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('; ');
}
