// A small storefront for the Chromium tests: serves the tracker's builds, a core bundle, posthog-js
// and test pages from 127.0.0.1, and records the hand-off headers that pages send to it.

import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { bundle, bundleIife, CORE_ENTRY, ENTRY } from '../../scripts/bundle.mjs';

const POSTHOG_JS = fileURLToPath(new URL('../../node_modules/posthog-js/dist/array.js', import.meta.url));

/** Paths of the scripts the storefront serves. */
export const SCRIPTS = {
  /** The script-tag build: defines `window.pinpair`. */
  iife: '/pinpair.iife.js',
  /** The ESM entry bundled with core, as a shop's bundler would ship it. */
  esm: '/pinpair.mjs',
  /** All of @pinpair/core as a script that defines `window.pinpairCore`. */
  core: '/core.iife.js',
  /** posthog-js's script-tag build: defines `window.posthog`, which `posthog.init()` then sets up. */
  posthog: '/posthog.js',
} as const;

/** A running storefront. */
export interface Storefront {
  /** Origin, such as `http://127.0.0.1:41234`. */
  url: string;
  /** Serves `html` at `path` (a path such as `/order/1001/thanks`, without query). */
  setPage(path: string, html: string): void;
  /** Serves the JavaScript `source` at `path`. */
  setScript(path: string, source: string): void;
  /** Headers of every `POST /checkout` received, in order. */
  checkoutRequests(): IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** Bundles the scripts and starts the storefront on a free port of 127.0.0.1. */
export async function startStorefront(): Promise<Storefront> {
  const [iife, esm, core, posthog] = await Promise.all([
    bundleIife({ minify: false, sourcemap: 'inline' }),
    bundle(ENTRY, { minify: false, sourcemap: 'inline' }),
    bundle(CORE_ENTRY, { format: 'iife', globalName: 'pinpairCore', minify: false }),
    readFile(POSTHOG_JS, 'utf8'),
  ]);
  const scripts = new Map<string, string>([
    [SCRIPTS.iife, iife.outputFiles[0].text],
    [SCRIPTS.esm, esm.outputFiles[0].text],
    [SCRIPTS.core, core.outputFiles[0].text],
    [SCRIPTS.posthog, posthog],
  ]);
  const pages = new Map<string, string>();
  const checkouts: IncomingHttpHeaders[] = [];

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://storefront.invalid').pathname;
    const script = scripts.get(path);
    const page = pages.get(path);

    if (request.method === 'POST' && path === '/checkout') {
      checkouts.push(request.headers);
      request.resume();
      response.writeHead(204).end();
    } else if (script !== undefined) {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else if (page !== undefined) {
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(page);
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`No page at ${path}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    setPage: (path, html) => pages.set(path, html),
    setScript: (path, source) => scripts.set(path, source),
    checkoutRequests: () => [...checkouts],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Returns an HTML page that loads `scripts` in order, then runs `inline` (plain JavaScript). */
export function pageHtml(scripts: readonly string[], inline = ''): string {
  const tags = scripts.map((src) => `<script src="${src}"></script>`).join('\n    ');
  return `<!doctype html>
<html>
  <head>
    <meta charset="utf-8">
    <title>pinpair test page</title>
    ${tags}
  </head>
  <body>
    <form id="checkout" method="post" action="/checkout"><input name="email"></form>
    <script>${inline}</script>
  </body>
</html>`;
}
