// Tests of the Express middleware on a real HTTP server, with requests shaped as Express passes them.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeHandoff } from '@pinpair/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type ExpressLikeRequest, pinpairMiddleware } from './express.js';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Serves one route: a form parser after the middleware, then a handler that returns req.pinpair. */
async function serve(middleware: ReturnType<typeof pinpairMiddleware>): Promise<string> {
  const started = createServer((request: IncomingMessage, response) => {
    const expressRequest = request as IncomingMessage & ExpressLikeRequest;
    middleware(expressRequest, response, (error?: unknown) => {
      if (error !== undefined) throw error;
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        expressRequest.body = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(expressRequest.pinpair));
      });
    });
  });
  server = started;
  await new Promise<void>((resolve) => started.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(started.address() as AddressInfo).port}`;
}

describe('pinpairMiddleware', () => {
  it('attaches the context, reading the hand-off form field parsed after it', async () => {
    const url = await serve(pinpairMiddleware({ trustedProxies: ['loopback'] }));
    const handoff = encodeHandoff({
      eventId: 'evt-form-field',
      consent: { advertising: 'granted', analytics: 'denied' },
    });

    const response = await fetch(`${url}/checkout`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'Mozilla/5.0 express-test',
        'x-forwarded-for': '198.51.100.40',
      },
      body: new URLSearchParams({ pinpair_handoff: handoff, email: 'a@example.com' }),
    });
    const context = await response.json();

    expect(context.handoff.eventId).toBe('evt-form-field');
    expect(context.consent).toEqual({ advertising: 'granted', analytics: 'denied' });
    expect(context.clientIpAddress).toBe('198.51.100.40');
    expect(context.clientUserAgent).toBe('Mozilla/5.0 express-test');
  });

  it('computes the context once, on first access', () => {
    const request: ExpressLikeRequest = {
      headers: { 'user-agent': 'UA' },
      socket: { remoteAddress: '203.0.113.3' },
    };
    let nextCalls = 0;
    pinpairMiddleware()(request, {}, () => {
      nextCalls += 1;
    });

    expect(nextCalls).toBe(1);
    expect(Object.keys(request)).not.toContain('pinpair');
    const first = request.pinpair;
    expect(first?.clientIpAddress).toBe('203.0.113.3');
    expect(request.pinpair).toBe(first);
  });

  it('reports an invalid trusted proxy when created', () => {
    expect(() => pinpairMiddleware({ trustedProxies: ['10.0.0.0/99'] })).toThrow(/`trustedProxies`/);
  });
});
