// A tiny HTTP server on 127.0.0.1 that serves fixed pages to Chromium in tests (the "shop" origin).

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One fixed response of the page server. */
export interface PageRoute {
  contentType: string;
  body: string | Buffer;
}

/** A running page server. */
export interface PageServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `routes` (path to response) on a free port of 127.0.0.1; other paths get 404. */
export async function startPageServer(routes: Record<string, PageRoute>): Promise<PageServer> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://page.invalid').pathname;
    const route = routes[path];
    if (!route) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': route.contentType, 'cache-control': 'no-store' });
    response.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Returns the standard `pintrk` stub of Pinterest's base code, loading `tagScriptUrl` instead of Pinterest's script. */
export function pintrkStub(tagScriptUrl: string): string {
  return `!function(e){if(!window.pintrk){window.pintrk=function(){window.pintrk.queue.push(Array.prototype.slice.call(arguments))};var n=window.pintrk;n.queue=[],n.version="3.0";var t=document.createElement("script");t.async=!0,t.src=e;var r=document.getElementsByTagName("script")[0];r.parentNode.insertBefore(t,r)}}(${JSON.stringify(tagScriptUrl)});`;
}
