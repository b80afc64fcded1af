// Tests of the typed errors: messages, fields and guards that also match by name.

import { isPinpairError, PinpairError } from '@pinpair/core';
import { describe, expect, it } from 'vitest';
import { AuthenticationError, isAuthenticationError } from './authentication-error.js';
import { ConfigurationError, isConfigurationError } from './configuration-error.js';
import { InvalidRequestError, isInvalidRequestError } from './invalid-request-error.js';
import { isNetworkError, NetworkError } from './network-error.js';
import { isOutboxNotFoundError, OutboxNotFoundError } from './outbox-not-found-error.js';
import { isPermissionError, PermissionError } from './permission-error.js';
import { isPinterestApiError } from './pinterest-api-error.js';
import { isRateLimitedError, RateLimitedError } from './rate-limited-error.js';
import { isServerError, ServerError } from './server-error.js';
import { isTimeoutError, TimeoutError } from './timeout-error.js';

const endpoint = 'POST https://api.pinterest.com/v5/ad_accounts/549700000001/events';

describe('error messages', () => {
  it('name what failed, the status, Pinterest words, the request and the fix', () => {
    const error = new AuthenticationError({
      status: 401,
      endpoint,
      pinterestCode: 2,
      pinterestMessage: 'Authentication failed.',
      eventIds: ['e1', 'e2'],
    });

    expect(error.message).toBe(
      `Authentication failed (status 401, Pinterest code 2: Authentication failed.): ${endpoint}. Check the conversion token: generate a new one in Ads Manager (Conversions, Set up API) and set it as \`conversionToken\`.`,
    );
    expect(error).toMatchObject({
      code: 'pinterest_authentication_failed',
      status: 401,
      eventIds: ['e1', 'e2'],
    });
  });

  it('leave out Pinterest details that are absent', () => {
    expect(new ServerError({ status: 502, endpoint }).message).toBe(
      `Pinterest server error (status 502): ${endpoint}. Pinpair retries with backoff and the same event ids.`,
    );
  });

  it('describe an unreadable success body', () => {
    const error = new ServerError({ status: 200, endpoint, unreadableBody: 'it lacks one result per event' });

    expect(error.message).toMatch(
      /^Unreadable Conversions API response because it lacks one result per event \(status 200\)/,
    );
  });

  it('give a fix that depends on the status', () => {
    expect(new InvalidRequestError({ status: 400, endpoint }).message).toContain('pinpair lint');
    expect(new InvalidRequestError({ status: 404, endpoint }).message).toContain('Check `baseUrl`');
    expect(new InvalidRequestError({ status: 413, endpoint }).message).toContain(
      'not retry this request unchanged',
    );
  });

  it('list every configuration issue', () => {
    const error = new ConfigurationError([
      { variable: 'PINTEREST_AD_ACCOUNT_ID', message: 'is missing.' },
      { variable: 'POSTHOG_HOST', message: 'must be a URL.' },
    ]);

    expect(error.message).toBe(
      'Invalid pinpair configuration:\n- `PINTEREST_AD_ACCOUNT_ID` is missing.\n- `POSTHOG_HOST` must be a URL.',
    );
  });
});

describe('error guards', () => {
  const cases = [
    [new AuthenticationError({ status: 401, endpoint }), isAuthenticationError, 'AuthenticationError'],
    [new PermissionError({ status: 403, endpoint }), isPermissionError, 'PermissionError'],
    [new RateLimitedError({ status: 429, endpoint }), isRateLimitedError, 'RateLimitedError'],
    [new ServerError({ status: 500, endpoint }), isServerError, 'ServerError'],
    [new InvalidRequestError({ status: 400, endpoint }), isInvalidRequestError, 'InvalidRequestError'],
    [new TimeoutError({ endpoint, timeoutMs: 1 }), isTimeoutError, 'TimeoutError'],
    [new NetworkError({ endpoint, cause: new Error('x') }), isNetworkError, 'NetworkError'],
    [new ConfigurationError([]), isConfigurationError, 'ConfigurationError'],
    [
      new OutboxNotFoundError({ path: 'x.sqlite', reason: 'missing-file' }),
      isOutboxNotFoundError,
      'OutboxNotFoundError',
    ],
  ] as const;

  it.each(cases)('recognise %s, also from another copy by name', (error, guard, name) => {
    expect(guard(error)).toBe(true);
    expect(isPinpairError(error)).toBe(true);
    expect(error.name).toBe(name);

    const foreign = new PinpairError('from another copy of the package', { code: 'x' });
    foreign.name = name;
    expect(guard(foreign)).toBe(true);
  });

  it('reject other errors', () => {
    for (const [, guard] of cases) {
      expect(guard(new Error('plain'))).toBe(false);
      expect(guard({ name: 'AuthenticationError' })).toBe(false);
    }
    expect(isAuthenticationError(new PermissionError({ status: 403, endpoint }))).toBe(false);
  });

  it('recognise API errors by shape', () => {
    expect(isPinterestApiError(new ServerError({ status: 500, endpoint }))).toBe(true);
    expect(isPinterestApiError(new TimeoutError({ endpoint, timeoutMs: 1 }))).toBe(false);
  });
});
