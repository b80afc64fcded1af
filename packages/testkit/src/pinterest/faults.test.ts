// Fault injection of the fake Conversions API, through the programmatic API and the HTTP control endpoint.

import { afterEach, describe, expect, it } from 'vitest';
import { NOW_MS, postEvents, validEvent } from '../__tests__/capi-fixtures.js';
import { type FakePinterest, startFakePinterest } from './fake-pinterest.js';
import type { FakePinterestOptions } from './options.js';

const started: FakePinterest[] = [];

async function start(options: FakePinterestOptions = {}): Promise<FakePinterest> {
  const pinterest = await startFakePinterest({ now: () => NOW_MS, ...options });
  started.push(pinterest);
  return pinterest;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((pinterest) => pinterest.close()));
});

const batch = { data: [validEvent()] };

describe('failNext', () => {
  it('answers 429 code 8 with Retry-After, then recovers', async () => {
    const pinterest = await start();
    pinterest.faults.failNext(1, { status: 429, retryAfterSeconds: 3 });

    const limited = await postEvents(pinterest, batch);
    const next = await postEvents(pinterest, batch);

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.body.code).toBe(8);
    expect(limited.body.message).toContain('exceeded a rate limit');
    expect(next.status).toBe(200);
  });

  it('answers 429 without Retry-After when none is given', async () => {
    const pinterest = await start();
    pinterest.faults.failNext(1, { status: 429 });

    const limited = await postEvents(pinterest, batch);

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
  });

  it('answers 500', async () => {
    const pinterest = await start();
    pinterest.faults.failNext(1, { status: 500 });

    const answer = await postEvents(pinterest, batch);

    expect(answer.status).toBe(500);
    expect(typeof answer.body.code).toBe('number');
    expect(typeof answer.body.message).toBe('string');
  });

  it('answers 503 code 4197', async () => {
    const pinterest = await start();
    pinterest.faults.failNext(1, { status: 503 });

    const answer = await postEvents(pinterest, batch);

    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({
      code: 4197,
      message: 'The endpoint has been ramped down and is currently not accepting any traffic.',
    });
  });

  it('fails before authentication', async () => {
    const pinterest = await start();
    pinterest.faults.failNext(1, { status: 503 });

    const answer = await postEvents(pinterest, batch, { token: null });

    expect(answer.status).toBe(503);
  });

  it('applies to count requests, then to the next queued fault', async () => {
    const pinterest = await start();
    pinterest.faults.failNext(2, { status: 500 });
    pinterest.faults.failNext(1, { status: 503 });

    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) statuses.push((await postEvents(pinterest, batch)).status);

    expect(statuses).toEqual([500, 500, 503, 200]);
  });

  it('hangs until the client times out', async () => {
    const pinterest = await start();
    pinterest.faults.failNext(1, { kind: 'hang' });

    const attempt = postEvents(pinterest, batch, { signal: AbortSignal.timeout(300) });

    await expect(attempt).rejects.toThrow(/aborted|timeout/i);
    const [record] = pinterest.requests();
    expect(record?.fault).toBe('hang');
    expect(record?.status).toBeNull();
    expect(pinterest.ledger.events()).toEqual([]);
  });

  it('ends a hanging request on close', async () => {
    const pinterest = await start();
    pinterest.faults.failNext(1, { kind: 'hang' });

    const attempt = postEvents(pinterest, batch);
    await waitForRequest(pinterest);
    await pinterest.close();

    await expect(attempt).rejects.toThrow();
  });

  it('resets the connection', async () => {
    const pinterest = await start();
    pinterest.faults.failNext(1, { kind: 'reset' });

    const error = await postEvents(pinterest, batch).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TypeError);
    const cause = (error as { cause?: { code?: string } }).cause;
    expect(['ECONNRESET', 'UND_ERR_SOCKET']).toContain(cause?.code);
    expect(pinterest.requests()[0]?.fault).toBe('reset');
    expect((await postEvents(pinterest, batch)).status).toBe(200);
  });

  it('records nothing in the ledger for faulted requests', async () => {
    const pinterest = await start();
    pinterest.faults.failNext(1, { status: 500 });

    await postEvents(pinterest, batch);

    expect(pinterest.ledger.events()).toEqual([]);
    expect(pinterest.requests()[0]?.fault).toBe('status_500');
  });

  it.each([
    [0, { status: 500 }, RangeError],
    [1.5, { status: 500 }, RangeError],
    [1, { status: 404 }, TypeError],
    [1, { kind: 'slow' }, TypeError],
    [1, { status: 429, retryAfterSeconds: -1 }, RangeError],
  ])('rejects failNext(%s, %o)', async (count, fault, errorClass) => {
    const pinterest = await start();

    expect(() => pinterest.faults.failNext(count, fault as never)).toThrow(errorClass);
  });
});

describe('rate budget', () => {
  it('answers 429 code 8 past the budget until the next minute', async () => {
    let now = NOW_MS + 10_000;
    const pinterest = await start({ now: () => now });
    pinterest.faults.setRateBudget(2);

    const first = await postEvents(pinterest, batch);
    const second = await postEvents(pinterest, batch);
    const third = await postEvents(pinterest, batch);
    now += 50_000;
    const nextMinute = await postEvents(pinterest, batch);

    expect([first.status, second.status]).toEqual([200, 200]);
    expect(third.status).toBe(429);
    expect(third.body.code).toBe(8);
    expect(third.headers.get('retry-after')).toBe('50');
    expect(nextMinute.status).toBe(200);
    expect(pinterest.requests()[2]?.fault).toBe('rate_budget');
  });

  it('counts each ad account separately', async () => {
    const pinterest = await start({
      accounts: [
        { adAccountId: '111', conversionToken: 'token' },
        { adAccountId: '222', conversionToken: 'token' },
      ],
    });
    pinterest.faults.setRateBudget(1);

    const first = await postEvents(pinterest, batch, { adAccountId: '111', token: 'token' });
    const other = await postEvents(pinterest, batch, { adAccountId: '222', token: 'token' });
    const limited = await postEvents(pinterest, batch, { adAccountId: '111', token: 'token' });

    expect([first.status, other.status, limited.status]).toEqual([200, 200, 429]);
  });

  it('lifts the limit with null and with clear', async () => {
    const pinterest = await start();
    pinterest.faults.setRateBudget(0);
    const limited = await postEvents(pinterest, batch);
    pinterest.faults.setRateBudget(null);
    const lifted = await postEvents(pinterest, batch);
    pinterest.faults.setRateBudget(0);
    pinterest.faults.clear();
    const cleared = await postEvents(pinterest, batch);

    expect([limited.status, lifted.status, cleared.status]).toEqual([429, 200, 200]);
  });
});

describe('control endpoint', () => {
  async function control(pinterest: FakePinterest, method: string, body?: unknown) {
    const response = await fetch(`${pinterest.url}/_testkit/faults`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' || body === undefined ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  it('arms a fault with POST and reports it with GET', async () => {
    const pinterest = await start();

    const armed = await control(pinterest, 'POST', { count: 2, status: 503 });
    const state = await control(pinterest, 'GET');
    const answer = await postEvents(pinterest, batch);

    expect(armed.status).toBe(200);
    expect(state.body).toEqual({
      pending: [{ fault: { status: 503 }, remaining: 2 }],
      rateBudgetPerMinute: null,
    });
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe(4197);
  });

  it('arms 429 with Retry-After and a hang over HTTP', async () => {
    const pinterest = await start();

    await control(pinterest, 'POST', { status: 429, retryAfterSeconds: 7 });
    await control(pinterest, 'POST', { kind: 'reset' });

    const limited = await postEvents(pinterest, batch);
    const reset = await postEvents(pinterest, batch).catch((error: unknown) => error);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(reset).toBeInstanceOf(TypeError);
  });

  it('sets the rate budget over HTTP', async () => {
    const pinterest = await start();

    await control(pinterest, 'POST', { rateBudgetPerMinute: 0 });
    const answer = await postEvents(pinterest, batch);

    expect(answer.status).toBe(429);
  });

  it('clears faults with DELETE', async () => {
    const pinterest = await start();
    await control(pinterest, 'POST', { count: 5, status: 500, rateBudgetPerMinute: 0 });

    const cleared = await control(pinterest, 'DELETE');
    const answer = await postEvents(pinterest, batch);

    expect(cleared.status).toBe(204);
    expect(answer.status).toBe(200);
  });

  it.each([
    ['a count without a fault', { count: 2 }, 'The body has `count` but no fault'],
    ['a count and a budget without a fault', { count: 2, rateBudgetPerMinute: 10 }, 'no fault'],
    ['an empty object', {}, 'The body arms nothing'],
  ])('rejects %s with 400 and arms nothing', async (_case, body, problem) => {
    const pinterest = await start();

    const answer = await control(pinterest, 'POST', body);
    const state = await control(pinterest, 'GET');

    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain(problem);
    expect(answer.body.message).toContain('`status` or `kind` is missing');
    for (const fault of [
      '"status": 429',
      '"status": 500',
      '"status": 503',
      '"kind": "hang"',
      '"kind": "reset"',
    ])
      expect(answer.body.message).toContain(fault);
    expect(state.body).toEqual({ pending: [], rateBudgetPerMinute: null });
  });

  it.each([
    ['malformed JSON', '{', 'not valid JSON'],
    ['an unsupported status', { status: 418 }, 'is not supported'],
    ['a zero count', { count: 0, status: 500 }, '`count`'],
    ['a negative budget', { rateBudgetPerMinute: -1 }, '`perMinute`'],
    ['a budget with an unsupported status', { rateBudgetPerMinute: 5, status: 418 }, 'is not supported'],
    ['a fault with a negative budget', { status: 500, rateBudgetPerMinute: -1 }, '`perMinute`'],
  ])('rejects %s with 400', async (_case, body, message) => {
    const pinterest = await start();

    const answer = await control(pinterest, 'POST', body);
    const state = await control(pinterest, 'GET');

    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain(message);
    expect(state.body).toEqual({ pending: [], rateBudgetPerMinute: null });
  });
});

/** Resolves once the fake has recorded a request, by asking it over HTTP (no timers). */
async function waitForRequest(pinterest: FakePinterest): Promise<void> {
  while (pinterest.requests().length === 0) {
    await fetch(`${pinterest.url}/_testkit/faults`).then((response) => response.arrayBuffer());
  }
}
