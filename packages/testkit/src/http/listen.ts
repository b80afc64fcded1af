// Starts a node:http server on a host and port and closes it, with every open connection, on request.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Request handler of a fake; a rejected promise becomes a 500 response. */
export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;

/** A listening server and the means to stop it. */
export interface RunningServer {
  server: Server;
  /** Base URL such as `http://127.0.0.1:41234`, without a trailing slash. */
  url: string;
  port: number;
  /** Stops accepting connections and destroys open ones, hanging requests included. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts `handler` on `host:port` (port 0 picks a free port) and resolves once it listens.
 *
 * @param onError - called with errors the handler throws, after a 500 response was attempted
 */
export async function listen(
  handler: RequestHandler,
  options: { host: string; port: number; onError: (error: unknown, request: IncomingMessage) => void },
): Promise<RunningServer> {
  const server = createServer((request, response) => {
    Promise.resolve()
      .then(() => handler(request, response))
      .catch((error: unknown) => {
        options.onError(error, request);
        if (!response.headersSent) {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({ message: 'The testkit failed to handle this request; see its log.' }),
          );
        } else {
          response.destroy();
        }
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;

  return {
    server,
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
