// Tests of the request context over real HTTP: proxies, IPv6, forged headers, cookies and the hand-off.

import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeHandoff, serializeConsent } from '@pinpair/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRequestContextFromFetch } from './fetch-context.js';
import { getRequestContext, type RequestContext, type RequestContextOptions } from './request-context.js';

/** A server that responds to every request with its request context, read with the options in `options`. */
interface ContextServer {
  server: Server;
  host: string;
  port: number;
  options: RequestContextOptions;
}

async function startContextServer(host: string): Promise<ContextServer> {
  const state = { options: {} as RequestContextOptions };
  const server = createServer((request: IncomingMessage, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(getRequestContext(request, state.options)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return Object.assign(state, { server, host, port });
}

function contextFrom(
  target: ContextServer,
  headers: Record<string, string>,
  options: RequestContextOptions = {},
): Promise<RequestContext> {
  target.options = options;
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      host: target.host,
      port: target.port,
      path: '/checkout',
      method: 'POST',
      headers,
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as RequestContext));
    });
    request.on('error', reject);
    request.end();
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15';
const GRANTED = { advertising: 'granted', analytics: 'granted' } as const;

let ipv4: ContextServer;
let ipv6: ContextServer | undefined;

beforeAll(async () => {
  ipv4 = await startContextServer('127.0.0.1');
  ipv6 = await startContextServer('::1').catch(() => undefined);
});

afterAll(async () => {
  await close(ipv4.server);
  if (ipv6 !== undefined) await close(ipv6.server);
});

describe('client IP address', () => {
  it('uses the socket address without trusted proxies', async () => {
    const context = await contextFrom(ipv4, { 'user-agent': UA });

    expect(context.clientIpAddress).toBe('127.0.0.1');
  });

  it('ignores a forged X-Forwarded-For without trusted proxies', async () => {
    const context = await contextFrom(ipv4, { 'user-agent': UA, 'x-forwarded-for': '203.0.113.66' });

    expect(context.clientIpAddress).toBe('127.0.0.1');
  });

  it('reads X-Forwarded-For behind a trusted proxy', async () => {
    const context = await contextFrom(
      ipv4,
      { 'user-agent': UA, 'x-forwarded-for': '203.0.113.5' },
      { trustedProxies: ['loopback'] },
    );

    expect(context.clientIpAddress).toBe('203.0.113.5');
  });

  it('walks a chain of trusted proxies right to left', async () => {
    const context = await contextFrom(
      ipv4,
      { 'user-agent': UA, 'x-forwarded-for': '198.51.100.1, 203.0.113.5, 10.1.2.3, 10.200.0.9' },
      { trustedProxies: ['loopback', '10.0.0.0/8'] },
    );

    expect(context.clientIpAddress).toBe('203.0.113.5');
  });

  it('ignores the entries a client forges before the proxy appends its own', async () => {
    const context = await contextFrom(
      ipv4,
      { 'user-agent': UA, 'x-forwarded-for': '10.0.0.7, 192.0.2.200, 203.0.113.5' },
      { trustedProxies: 'loopback,10.0.0.0/8' },
    );

    expect(context.clientIpAddress).toBe('203.0.113.5');
  });

  it('uses the leftmost address when every hop is trusted', async () => {
    const context = await contextFrom(
      ipv4,
      { 'user-agent': UA, 'x-forwarded-for': '10.0.0.1, 172.16.4.4' },
      { trustedProxies: ['loopback', 'uniquelocal'] },
    );

    expect(context.clientIpAddress).toBe('10.0.0.1');
  });

  it('stops at an entry that is not an address', async () => {
    const context = await contextFrom(
      ipv4,
      { 'user-agent': UA, 'x-forwarded-for': 'unknown, 10.0.0.2' },
      { trustedProxies: ['loopback', 'uniquelocal'] },
    );

    expect(context.clientIpAddress).toBe('10.0.0.2');
    expect(context.problems.map((problem) => problem.code)).toEqual(['invalid-forwarded-for']);
  });

  it('normalizes IPv6 entries with brackets and ports', async () => {
    const context = await contextFrom(
      ipv4,
      { 'user-agent': UA, 'x-forwarded-for': '[2001:DB8::1]:51234' },
      { trustedProxies: ['loopback'] },
    );

    expect(context.clientIpAddress).toBe('2001:db8::1');
  });

  it('walks IPv6 proxy ranges', async () => {
    const context = await contextFrom(
      ipv4,
      { 'user-agent': UA, 'x-forwarded-for': '2001:db8:beef::42, fd00::10' },
      { trustedProxies: ['loopback', 'fd00::/8'] },
    );

    expect(context.clientIpAddress).toBe('2001:db8:beef::42');
  });

  it('reads an IPv6 socket peer', async (testContext) => {
    if (ipv6 === undefined) testContext.skip();
    const server = ipv6 as ContextServer;

    expect(
      (await contextFrom(server, { 'user-agent': UA, 'x-forwarded-for': '203.0.113.8' })).clientIpAddress,
    ).toBe('::1');
    const behindProxy = await contextFrom(
      server,
      { 'user-agent': UA, 'x-forwarded-for': '203.0.113.8' },
      { trustedProxies: ['::1'] },
    );
    expect(behindProxy.clientIpAddress).toBe('203.0.113.8');
  });

  it('turns IPv4-mapped socket addresses into IPv4', () => {
    const context = getRequestContext({ headers: {}, socket: { remoteAddress: '::ffff:198.51.100.23' } });

    expect(context.clientIpAddress).toBe('198.51.100.23');
  });

  it('matches IPv4-mapped peers against IPv4 proxy ranges', () => {
    const context = getRequestContext(
      { headers: { 'x-forwarded-for': '203.0.113.77' }, socket: { remoteAddress: '::ffff:10.0.0.5' } },
      { trustedProxies: ['10.0.0.0/8'] },
    );

    expect(context.clientIpAddress).toBe('203.0.113.77');
  });

  it('rejects an invalid trusted proxy entry', () => {
    expect(() => getRequestContext({ headers: {} }, { trustedProxies: ['10.0.0.0/33'] })).toThrow(
      /`trustedProxies` has an invalid entry "10.0.0.0\/33"/,
    );
    expect(() => getRequestContext({ headers: {} }, { trustedProxies: ['proxy.internal'] })).toThrow(
      TypeError,
    );
  });

  it('names every invalid trusted proxy entry', () => {
    expect(() =>
      getRequestContext({ headers: {} }, { trustedProxies: 'loopback,300.1.1.1,foo,10.0.0.0/8' }),
    ).toThrow(/`trustedProxies` has invalid entries "300\.1\.1\.1", "foo"\. Use IP addresses, CIDR ranges/);
  });
});

describe('headers and cookies', () => {
  it('reports missing headers without failing', async () => {
    const context = await contextFrom(ipv4, {});

    expect(context.clientUserAgent).toBeUndefined();
    expect(context.clickId).toBeUndefined();
    expect(context.distinctId).toBeUndefined();
    expect(context.handoff).toBeUndefined();
    expect(context.eventSourceUrl).toBeUndefined();
    expect(context.consent).toEqual({ advertising: 'pending', analytics: 'pending' });
    expect(context.problems.map((problem) => problem.code)).toEqual(['missing-user-agent']);
  });

  it('reads user agent, click id, consent, PostHog distinct id and page URL', async () => {
    const posthogCookie = encodeURIComponent(
      JSON.stringify({ distinct_id: 'ph-distinct-7', $user_state: 'anonymous' }),
    );
    const context = await contextFrom(
      ipv4,
      {
        'user-agent': UA,
        cookie: `_epik=dj0yJnU9Y2xpY2s; pinpair_consent=${encodeURIComponent(serializeConsent({ advertising: 'granted', analytics: 'denied' }))}; ph_phc_project_key_posthog=${posthogCookie}`,
        referer: 'https://shop.example/checkout?step=pay#summary',
      },
      { posthogApiKey: 'phc_project_key' },
    );

    expect(context.clientUserAgent).toBe(UA);
    expect(context.clickId).toBe('dj0yJnU9Y2xpY2s');
    expect(context.consent).toEqual({ advertising: 'granted', analytics: 'denied' });
    expect(context.distinctId).toBe('ph-distinct-7');
    expect(context.eventSourceUrl).toBe('https://shop.example/checkout?step=pay');
    expect(context.problems).toEqual([]);
  });

  it('falls back to Origin for the page URL', async () => {
    const context = await contextFrom(ipv4, { 'user-agent': UA, origin: 'https://shop.example' });

    expect(context.eventSourceUrl).toBe('https://shop.example/');
  });

  it('joins repeated headers given as arrays', () => {
    const context = getRequestContext(
      {
        headers: {
          cookie: ['_epik=first-click', 'pinpair_consent=ad%3Dgranted%26an%3Dgranted'],
          'x-forwarded-for': ['203.0.113.4', '10.0.0.3'],
        },
        socket: { remoteAddress: '127.0.0.1' },
      },
      { trustedProxies: ['loopback', 'uniquelocal'] },
    );

    expect(context.clickId).toBe('first-click');
    expect(context.consent).toEqual(GRANTED);
    expect(context.clientIpAddress).toBe('203.0.113.4');
  });

  it('ignores the PostHog cookie without the project key', async () => {
    const posthogCookie = encodeURIComponent(JSON.stringify({ distinct_id: 'ph-distinct-7' }));
    const context = await contextFrom(ipv4, {
      'user-agent': UA,
      cookie: `ph_phc_project_key_posthog=${posthogCookie}`,
    });

    expect(context.distinctId).toBeUndefined();
  });
});

describe('hand-off', () => {
  const handoff = encodeHandoff({
    eventId: 'evt-handoff-1',
    clickId: 'click-from-url',
    distinctId: 'distinct-from-browser',
    consent: GRANTED,
  });

  it('decodes the hand-off header and prefers it over cookies', async () => {
    const context = await contextFrom(ipv4, {
      'user-agent': UA,
      'x-pinpair-handoff': handoff,
      cookie: '_epik=older-cookie-click; pinpair_consent=ad%3Dpending%26an%3Dpending',
    });

    expect(context.handoff?.eventId).toBe('evt-handoff-1');
    expect(context.clickId).toBe('click-from-url');
    expect(context.distinctId).toBe('distinct-from-browser');
    expect(context.consent).toEqual(GRANTED);
  });

  it('lets a denial in the cookie win over the hand-off', async () => {
    const context = await contextFrom(ipv4, {
      'user-agent': UA,
      'x-pinpair-handoff': handoff,
      cookie: 'pinpair_consent=ad%3Ddenied%26an%3Dgranted',
    });

    expect(context.consent).toEqual({ advertising: 'denied', analytics: 'granted' });
  });

  it('takes pending consent parts from the cookie', async () => {
    const written = encodeHandoff({
      eventId: 'evt-before-banner',
      consent: { advertising: 'pending', analytics: 'denied' },
    });
    const context = await contextFrom(ipv4, {
      'user-agent': UA,
      'x-pinpair-handoff': written,
      cookie: 'pinpair_consent=ad%3Dgranted%26an%3Dgranted',
    });

    expect(context.consent).toEqual({ advertising: 'granted', analytics: 'denied' });
  });

  it('ignores an invalid hand-off and reports it', async () => {
    const context = await contextFrom(ipv4, {
      'user-agent': UA,
      'x-pinpair-handoff': 'eyJ2Ijo5OX0',
      cookie: '_epik=cookie-click',
    });

    expect(context.handoff).toBeUndefined();
    expect(context.clickId).toBe('cookie-click');
    expect(context.problems.map((problem) => problem.code)).toEqual(['invalid-handoff']);
    expect(context.problems[0]?.severity).toBe('warning');
  });

  it('prefers the form field over the header', async () => {
    const fromForm = encodeHandoff({ eventId: 'evt-from-form', consent: GRANTED });
    const context = await contextFrom(
      ipv4,
      { 'user-agent': UA, 'x-pinpair-handoff': handoff },
      { handoff: fromForm },
    );

    expect(context.handoff?.eventId).toBe('evt-from-form');
  });
});

describe('fetch requests', () => {
  it('reads the same fields from a Fetch Request', () => {
    const request = new Request('https://shop.example/checkout', {
      method: 'POST',
      headers: {
        'user-agent': UA,
        'x-forwarded-for': '203.0.113.12',
        'x-pinpair-handoff': encodeHandoff({ eventId: 'evt-fetch', consent: GRANTED }),
        cookie: '_epik=fetch-click',
        referer: 'https://shop.example/cart',
      },
    });

    const context = getRequestContextFromFetch(request, {
      remoteAddress: '127.0.0.1',
      trustedProxies: ['loopback'],
    });

    expect(context.clientIpAddress).toBe('203.0.113.12');
    expect(context.clientUserAgent).toBe(UA);
    expect(context.handoff?.eventId).toBe('evt-fetch');
    expect(context.eventSourceUrl).toBe('https://shop.example/cart');
  });

  it('leaves the IP out without a remote address', () => {
    const request = new Request('https://shop.example/checkout', {
      headers: { 'user-agent': UA, 'x-forwarded-for': '203.0.113.12' },
    });

    const context = getRequestContextFromFetch(request, {
      remoteAddress: undefined,
      trustedProxies: ['loopback'],
    });

    expect(context.clientIpAddress).toBeUndefined();
    expect(context.problems.map((problem) => problem.code)).toEqual(['missing-remote-address']);
  });
});
