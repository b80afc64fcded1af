// Tests of the retry classifier and the backoff it uses.

import { describe, expect, it } from 'vitest';
import type { SendResult } from '../client/send-result.js';
import { AuthenticationError } from '../errors/authentication-error.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { NetworkError } from '../errors/network-error.js';
import { PermissionError } from '../errors/permission-error.js';
import { RateLimitedError } from '../errors/rate-limited-error.js';
import { ServerError } from '../errors/server-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { computeRetryDelayMs } from './backoff.js';
import { classifyDelivery } from './classify.js';

const endpoint = 'POST http://127.0.0.1:1/v5/ad_accounts/1/events';
const backoff = { baseDelayMs: 1000, maxBackoffMs: 60_000, random: () => 0.5 };

describe('classifyDelivery', () => {
  it('classifies per-event results as sent', () => {
    const result: SendResult = {
      status: 422,
      endpoint,
      numEventsReceived: 1,
      numEventsProcessed: 0,
      events: [{ eventId: 'a', status: 'failed', errorMessage: 'no' }],
      failedEvents: [{ eventId: 'a', errorMessage: 'no' }],
    };

    expect(classifyDelivery({ result }, 1, backoff)).toEqual({ kind: 'sent', result });
  });

  it.each([
    ['401', new AuthenticationError({ status: 401, endpoint })],
    ['403', new PermissionError({ status: 403, endpoint })],
  ])('pauses on %s', (_status, error) => {
    expect(classifyDelivery({ error }, 1, backoff)).toEqual({ kind: 'paused', error });
  });

  it('rejects a whole-request 400', () => {
    const error = new InvalidRequestError({ status: 400, endpoint });

    expect(classifyDelivery({ error }, 1, backoff)).toEqual({ kind: 'rejected', error });
  });

  it.each([
    ['rate limit', new RateLimitedError({ status: 429, endpoint })],
    ['server error', new ServerError({ status: 503, endpoint })],
    ['timeout', new TimeoutError({ endpoint, timeoutMs: 10 })],
    ['network error', new NetworkError({ endpoint, cause: new Error('reset') })],
    ['unknown error', new Error('bug')],
  ])('retries a %s later with backoff', (_name, error) => {
    expect(classifyDelivery({ error }, 3, backoff)).toEqual({ kind: 'retry-later', delayMs: 2000, error });
  });

  it('waits at least Retry-After', () => {
    const error = new RateLimitedError({ status: 429, endpoint, retryAfterMs: 120_000 });

    expect(classifyDelivery({ error }, 1, backoff)).toMatchObject({ kind: 'retry-later', delayMs: 120_000 });
  });
});

describe('computeRetryDelayMs', () => {
  it('draws from a doubling bound capped at maxBackoffMs', () => {
    const top = { ...backoff, random: () => 0.999_999 };

    expect([1, 2, 3, 7, 8, 50].map((failures) => computeRetryDelayMs(failures, top))).toEqual([
      999, 1999, 3999, 59_999, 59_999, 59_999,
    ]);
    expect(computeRetryDelayMs(4, { ...backoff, random: () => 0 })).toBe(0);
  });

  it('uses the larger of jitter and Retry-After', () => {
    expect(computeRetryDelayMs(10, backoff, 1000)).toBe(30_000);
    expect(computeRetryDelayMs(1, backoff, 90_000)).toBe(90_000);
  });
});
