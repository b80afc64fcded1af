// Tests of the Conversions API client against the testkit's fake over real HTTP.

import type { CapiEvent } from '@pinpair/core';
import { type FakePinterest, startFakePinterest } from '@pinpair/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCapiEvent } from '../__tests__/delivery-harness.js';
import { checkoutInput } from '../__tests__/helpers.js';
import {
  createPinterestClient,
  type PinterestClient,
  type PinterestClientOptions,
} from './pinterest-client.js';

let pinterest: FakePinterest;

beforeEach(async () => {
  pinterest = await startFakePinterest({ maxAgeDays: 1 });
});

afterEach(async () => {
  await pinterest.close();
});

function client(overrides: Partial<PinterestClientOptions> = {}): PinterestClient {
  return createPinterestClient({
    adAccountId: pinterest.adAccountId,
    conversionToken: pinterest.conversionToken,
    baseUrl: pinterest.apiBaseUrl,
    ...overrides,
  });
}

async function validEvent(order: number, eventTimeMs = Date.now()): Promise<CapiEvent> {
  const event = await buildCapiEvent(checkoutInput(order, { eventTime: eventTimeMs }), Date.now());
  event.user_data.client_ip_address = '203.0.113.7';
  event.user_data.client_user_agent = 'Mozilla/5.0 client-test';
  return event;
}

describe('sendEvents', () => {
  it('returns per-event results for a 200', async () => {
    const events = [await validEvent(1), await validEvent(2)];

    const result = await client().sendEvents(events);

    expect(result).toMatchObject({
      status: 200,
      numEventsReceived: 2,
      numEventsProcessed: 2,
      failedEvents: [],
    });
    expect(result.events.map((event) => [event.eventId, event.status])).toEqual([
      [events[0]?.event_id, 'processed'],
      [events[1]?.event_id, 'processed'],
    ]);
    const [request] = pinterest.requests();
    expect(request?.path).toBe(`/v5/ad_accounts/${pinterest.adAccountId}/events`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.test).toBe(false);
  });

  it('adds test=true in test mode', async () => {
    const result = await client({ test: true }).sendEvents([await validEvent(1)]);

    expect(result.status).toBe(200);
    expect(pinterest.requests()[0]?.query).toEqual({ test: 'true' });
    expect(pinterest.ledger.events()).toHaveLength(0);
  });

  it('lists failed events of a 422 with Pinterest messages', async () => {
    const stale = await validEvent(2, Date.now() - 2 * 86_400_000);
    const fresh = await validEvent(1);

    const result = await client().sendEvents([fresh, stale]);

    expect(result.status).toBe(422);
    expect(result.numEventsProcessed).toBe(1);
    expect(result.failedEvents).toHaveLength(1);
    expect(result.failedEvents[0]?.eventId).toBe(stale.event_id);
    expect(result.failedEvents[0]?.errorMessage).toMatch(
      /^Invalid event_timestamp parameter\. Given timestamp is in the past/,
    );
  });

  it('rejects an empty or oversized batch', async () => {
    const event = await validEvent(1);

    await expect(client().sendEvents([])).rejects.toThrow(RangeError);
    await expect(client().sendEvents(Array(1001).fill(event))).rejects.toThrow(/`events` has 1001 events/);
    expect(pinterest.requests()).toHaveLength(0);
  });
});

describe('errors', () => {
  it.each([
    ['AuthenticationError', 401, { conversionToken: 'wrong-token' }],
    ['PermissionError', 403, { adAccountId: '549700000999' }],
  ])('raises %s for %i', async (name, status, overrides) => {
    const error = await client(overrides)
      .sendEvents([await validEvent(1)])
      .catch((caught: unknown) => caught as Record<string, unknown>);

    expect(error.name).toBe(name);
    expect(error.status).toBe(status);
    expect(typeof error.pinterestCode).toBe('number');
    expect(error.message).toContain(`(status ${status}, Pinterest code`);
  });

  it('raises RateLimitedError with the Retry-After delay', async () => {
    pinterest.faults.failNext(1, { status: 429, retryAfterSeconds: 42 });
    const event = await validEvent(1);

    const error = await client()
      .sendEvents([event])
      .catch((caught: unknown) => caught as Record<string, unknown>);

    expect(error).toMatchObject({
      name: 'RateLimitedError',
      status: 429,
      retryAfterMs: 42_000,
      pinterestCode: 8,
    });
    expect(error.eventIds).toEqual([event.event_id]);
    expect(error.message).toMatch(
      /^Rate limited \(status 429, Pinterest code 8: .*\): POST http:\/\/127\.0\.0\.1:\d+\/v5\/ad_accounts\/\d+\/events\. Retry-After asks to wait 42 s before sending again\.$/,
    );
  });

  it.each([
    [500, 'ServerError'],
    [503, 'ServerError'],
  ] as const)('raises %i as %s', async (status, name) => {
    pinterest.faults.failNext(1, { status });

    const error = await client()
      .sendEvents([await validEvent(1)])
      .catch((caught: unknown) => caught as Record<string, unknown>);

    expect(error).toMatchObject({ name, status });
  });

  it('raises TimeoutError when Pinterest hangs', async () => {
    pinterest.faults.failNext(1, { kind: 'hang' });

    const error = await client({ timeoutMs: 150 })
      .sendEvents([await validEvent(1)])
      .catch((caught: unknown) => caught as Record<string, unknown>);

    expect(error).toMatchObject({ name: 'TimeoutError', timeoutMs: 150, code: 'pinterest_timeout' });
  });

  it('raises NetworkError with the cause for a reset connection', async () => {
    pinterest.faults.failNext(1, { kind: 'reset' });

    const error = await client()
      .sendEvents([await validEvent(1)])
      .catch((caught: unknown) => caught as Record<string, unknown>);

    expect(error.name).toBe('NetworkError');
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.systemCode).toMatch(/^(ECONNRESET|UND_ERR_SOCKET)$/);
  });

  it('raises NetworkError for a refused connection', async () => {
    const closed = await startFakePinterest();
    const baseUrl = closed.apiBaseUrl;
    await closed.close();

    const error = await client({ baseUrl })
      .sendEvents([await validEvent(1)])
      .catch((caught: unknown) => caught as Record<string, unknown>);

    expect(error).toMatchObject({ name: 'NetworkError', systemCode: 'ECONNREFUSED' });
  });

  it('raises InvalidRequestError with a baseUrl hint for a 404', async () => {
    const error = await client({ baseUrl: `${pinterest.url}/v4` })
      .sendEvents([await validEvent(1)])
      .catch((caught: unknown) => caught as Record<string, unknown>);

    expect(error).toMatchObject({ name: 'InvalidRequestError', status: 404 });
    expect(error.message).toContain('Check `baseUrl`');
  });

  it('aborts with the caller signal reason', async () => {
    pinterest.faults.failNext(1, { kind: 'hang' });
    const controller = new AbortController();
    const sending = client().sendEvents([await validEvent(1)], { signal: controller.signal });

    controller.abort(new Error('shutting down'));

    await expect(sending).rejects.toThrow('shutting down');
  });
});

describe('options', () => {
  it('rejects invalid options naming the option', () => {
    const base = { adAccountId: '549700000001', conversionToken: 'token' };

    expect(() => createPinterestClient({ ...base, adAccountId: 'act_123' })).toThrow(
      /`adAccountId` must be 1 to 18 digits/,
    );
    expect(() => createPinterestClient({ ...base, conversionToken: ' ' })).toThrow(
      /`conversionToken` is missing/,
    );
    expect(() => createPinterestClient({ ...base, conversionToken: 'a b' })).toThrow(
      /`conversionToken` contains whitespace/,
    );
    expect(() => createPinterestClient({ ...base, baseUrl: 'api.pinterest.com' })).toThrow(
      /`baseUrl` must be an http/,
    );
    expect(() => createPinterestClient({ ...base, timeoutMs: 0 })).toThrow(RangeError);
  });

  it.each([
    ['a query string', 'http://127.0.0.1:4870/v5?x=sekrit-token-abcdef'],
    ['a fragment', 'http://127.0.0.1:4870/v5#sekrit-token-abcdef'],
    ['a username or password', 'http://pinpair:sekrit-password-0042@127.0.0.1:4870/v5'],
  ])('rejects a baseUrl with %s', (part, baseUrl) => {
    const create = () =>
      createPinterestClient({ adAccountId: '549700000001', conversionToken: 'sekrit-token-abcdef', baseUrl });

    expect(create).toThrow(TypeError);
    expect(create).toThrow(`\`baseUrl\` must not contain ${part}`);
    expect(create).toThrow('Pass "http://127.0.0.1:4870/v5" instead.');
    expect(create).not.toThrow(/sekrit/);
  });

  it('hides the token and password of a malformed baseUrl', () => {
    const create = (baseUrl: string) => () =>
      createPinterestClient({ adAccountId: '549700000001', conversionToken: 'sekrit-token-abcdef', baseUrl });

    expect(create('sekrit-token-abcdef')).toThrow(
      '`baseUrl` must be an http or https URL, got "[redacted]".',
    );
    expect(create('http://user:sekrit/pw@127.0.0.1/v5')).toThrow('got "http://[hidden]@127.0.0.1/v5"');
    expect(create('http://user:sekrit/pw@127.0.0.1/v5')).not.toThrow(/sekrit/);
  });

  it('defaults to the production endpoint without sending', () => {
    const production = createPinterestClient({
      adAccountId: '549700000001',
      conversionToken: 'token',
      test: true,
    });

    expect(production.endpoint).toBe(
      'POST https://api.pinterest.com/v5/ad_accounts/549700000001/events?test=true',
    );
  });

  it('logs request summaries only in debug mode', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = {
      debug: (fields: Record<string, unknown>) => lines.push(fields),
      info: () => {},
      warn: () => {},
      error: () => {},
    };

    await client({ logger }).sendEvents([await validEvent(1)]);
    expect(lines).toHaveLength(0);

    await client({ logger, debug: true }).sendEvents([await validEvent(2)]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ eventCount: 1, status: 200 });
    expect(lines[0]?.endpoint).toBe(
      `POST ${pinterest.apiBaseUrl}/ad_accounts/${pinterest.adAccountId}/events`,
    );
    expect(typeof lines[0]?.durationMs).toBe('number');
  });
});
