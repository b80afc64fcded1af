// HTTP client for the Pinterest Conversions API: POST /ad_accounts/{id}/events with typed errors.

import { type CapiEvent, MAX_EVENTS_PER_REQUEST } from '@pinpair/core';
import { AuthenticationError } from '../errors/authentication-error.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { NetworkError } from '../errors/network-error.js';
import { PermissionError } from '../errors/permission-error.js';
import type { PinterestApiErrorOptions } from '../errors/pinterest-api-error.js';
import { RateLimitedError } from '../errors/rate-limited-error.js';
import { ServerError } from '../errors/server-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { type PinpairLogger, silentLogger } from '../logger.js';
import { assertNumberAtLeast, withoutUndefined } from '../options.js';
import { findBaseUrlProblem, hideUrlCredentials } from './base-url.js';
import { parseRetryAfterMs } from './retry-after.js';
import { parseErrorBody, parseEventResults, type SendResult } from './send-result.js';

/** Pinterest's production API root. Only used when a caller configures real credentials. */
export const PINTEREST_API_BASE_URL = 'https://api.pinterest.com/v5';

/** Options of {@link createPinterestClient}. */
export interface PinterestClientOptions {
  /** The ad account to send events to: digits only, at most 18. */
  adAccountId: string;
  /** The conversion token from Ads Manager. Sent only in the `Authorization` header, never logged. */
  conversionToken: string;
  /**
   * API root that `/ad_accounts/{id}/events` is appended to; tests pass the fake's `apiBaseUrl`.
   * It must not contain a username or password, a query string or a fragment.
   * @default 'https://api.pinterest.com/v5'
   */
  baseUrl?: string;
  /**
   * Adds `?test=true`: Pinterest validates the events and responds as usual but does not record them.
   * @default false
   */
  test?: boolean;
  /**
   * Time limit for the whole request, response body included, in milliseconds.
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * The `fetch` implementation.
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Logger for request summaries; see `debug`.
   * @default a logger that drops every line
   */
  logger?: PinpairLogger;
  /**
   * Logs one summary per request at debug level: URL (no token), event count, status, duration.
   * @default false
   */
  debug?: boolean;
}

/** Default values of {@link PinterestClientOptions}. */
export const PINTEREST_CLIENT_DEFAULTS = {
  baseUrl: PINTEREST_API_BASE_URL,
  test: false,
  timeoutMs: 10_000,
  logger: silentLogger,
  debug: false,
} satisfies Partial<PinterestClientOptions>;

/** {@link PinterestClientOptions} with every default applied. */
export type ResolvedPinterestClientOptions = Required<PinterestClientOptions>;

/** Options of one {@link PinterestClient.sendEvents} call. */
export interface SendEventsOptions {
  /** Aborts the request; the signal's reason is thrown as it is. */
  signal?: AbortSignal;
}

/** A client bound to one ad account and token. */
export interface PinterestClient {
  /** The ad account this client sends to. */
  readonly adAccountId: string;
  /** `POST <url>` of the events endpoint, as it appears in errors and logs, with the conversion token redacted. */
  readonly endpoint: string;
  /**
   * Sends 1 to 1000 events in one request. Resolves with per-event results when Pinterest responds
   * 200, or 422 with results. Rejects with {@link AuthenticationError} (401),
   * {@link PermissionError} (403), {@link RateLimitedError} (429), {@link ServerError} (5xx or an
   * unreadable body), {@link InvalidRequestError} (400 and other 4xx), {@link TimeoutError} or
   * {@link NetworkError}.
   */
  sendEvents(events: readonly CapiEvent[], options?: SendEventsOptions): Promise<SendResult>;
}

/**
 * Creates a Conversions API client for one ad account.
 *
 * @example
 * ```ts
 * const client = createPinterestClient({ adAccountId: '549700000001', conversionToken, baseUrl: fake.apiBaseUrl });
 * const result = await client.sendEvents([event]);
 * for (const failed of result.failedEvents) console.log(failed.eventId, failed.errorMessage);
 * ```
 */
export function createPinterestClient(options: PinterestClientOptions): PinterestClient {
  const resolved = resolveClientOptions(options);
  const url = buildEventsUrl(resolved);
  const redact = (text: string) => redactToken(text, resolved.conversionToken);
  // Every error and log line quotes `endpoint`, and a token pasted into the base URL path would
  // otherwise appear in all of them.
  const endpoint = redact(`POST ${url}`);

  async function sendEvents(
    events: readonly CapiEvent[],
    sendOptions: SendEventsOptions = {},
  ): Promise<SendResult> {
    if (events.length === 0 || events.length > MAX_EVENTS_PER_REQUEST) {
      throw new RangeError(
        `\`events\` has ${events.length} events; send between 1 and ${MAX_EVENTS_PER_REQUEST} per request.`,
      );
    }
    const eventIds = events.map((event) => event.event_id);
    const startedAt = Date.now();

    const timeoutSignal = AbortSignal.timeout(resolved.timeoutMs);
    const signal =
      sendOptions.signal === undefined ? timeoutSignal : AbortSignal.any([timeoutSignal, sendOptions.signal]);

    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await resolved.fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${resolved.conversionToken}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({ data: events }),
        redirect: 'manual',
        signal,
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      logSummary(resolved, { endpoint, eventCount: events.length, status: 'no response', startedAt });
      if (sendOptions.signal?.aborted === true) throw sendOptions.signal.reason;
      if (timeoutSignal.aborted)
        throw new TimeoutError({ endpoint, timeoutMs: resolved.timeoutMs, eventIds });
      throw new NetworkError({ endpoint, cause: error, eventIds });
    }

    logSummary(resolved, { endpoint, eventCount: events.length, status, startedAt });
    return interpretResponse({ status, text, retryAfter, endpoint, eventIds, redact });
  }

  return { adAccountId: resolved.adAccountId, endpoint, sendEvents };
}

/** Parts of one HTTP exchange that {@link interpretResponse} reads. */
interface ResponseParts {
  status: number;
  text: string;
  retryAfter: string | null;
  endpoint: string;
  eventIds: readonly string[];
  redact: (text: string) => string;
}

/** Turns a response into a {@link SendResult} or the typed error for its status. */
function interpretResponse(parts: ResponseParts): SendResult {
  const { status, endpoint, eventIds, redact } = parts;
  const body = parseJson(parts.text);

  if (status === 200) {
    const results = parseEventResults(body, eventIds, redact);
    if (results === undefined) {
      throw new ServerError({ status, endpoint, eventIds, unreadableBody: 'it lacks one result per event' });
    }
    return { status, endpoint, ...results };
  }

  const errorOptions: PinterestApiErrorOptions = {
    status,
    endpoint,
    eventIds,
    ...parseErrorBody(body, redact),
  };

  if (status === 422) {
    const details =
      typeof body === 'object' && body !== null ? (body as { details?: unknown }).details : undefined;
    const results = parseEventResults(details, eventIds, redact);
    if (results !== undefined) return { status, endpoint, ...results };
    throw new InvalidRequestError(errorOptions);
  }

  if (status === 401) throw new AuthenticationError(errorOptions);
  if (status === 403) throw new PermissionError(errorOptions);
  if (status === 429) {
    throw new RateLimitedError({
      ...errorOptions,
      retryAfterMs: parseRetryAfterMs(parts.retryAfter, Date.now()),
    });
  }
  if (status >= 500) throw new ServerError(errorOptions);
  if (status >= 400) throw new InvalidRequestError(errorOptions);

  // A redirect or another unexpected success status: treat as temporary, the events keep their ids.
  throw new ServerError({ ...errorOptions, unreadableBody: `the status ${status} was unexpected` });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function buildEventsUrl(options: ResolvedPinterestClientOptions): string {
  const root = options.baseUrl.replace(/\/+$/, '');
  const query = options.test ? '?test=true' : '';
  return `${root}/ad_accounts/${encodeURIComponent(options.adAccountId)}/events${query}`;
}

function logSummary(
  options: ResolvedPinterestClientOptions,
  summary: { endpoint: string; eventCount: number; status: number | string; startedAt: number },
): void {
  if (!options.debug) return;
  options.logger.debug(
    {
      endpoint: summary.endpoint,
      eventCount: summary.eventCount,
      status: summary.status,
      durationMs: Date.now() - summary.startedAt,
    },
    'Conversions API request',
  );
}

/** Applies defaults and rejects options that cannot work, naming the option and the fix. */
export function resolveClientOptions(options: PinterestClientOptions): ResolvedPinterestClientOptions {
  const resolved = {
    ...PINTEREST_CLIENT_DEFAULTS,
    fetch: globalThis.fetch,
    ...withoutUndefined(options),
  } as ResolvedPinterestClientOptions;

  if (typeof resolved.adAccountId !== 'string' || !/^\d{1,18}$/.test(resolved.adAccountId)) {
    throw new TypeError(
      `\`adAccountId\` must be 1 to 18 digits, got ${JSON.stringify(resolved.adAccountId)}. Copy the ad account id from Ads Manager.`,
    );
  }
  if (typeof resolved.conversionToken !== 'string' || resolved.conversionToken.trim() === '') {
    throw new TypeError(
      '`conversionToken` is missing or empty. Generate a conversion token in Ads Manager (Conversions, Set up API).',
    );
  }
  if (/\s/.test(resolved.conversionToken)) {
    throw new TypeError(
      '`conversionToken` contains whitespace. Copy the token again without spaces or line breaks.',
    );
  }
  assertBaseUrl(resolved.baseUrl, resolved.conversionToken);
  assertNumberAtLeast('timeoutMs', resolved.timeoutMs, 1, 'milliseconds');
  if (typeof resolved.fetch !== 'function') {
    throw new TypeError('`fetch` is not a function. Pass a fetch implementation or run on Node 20 or later.');
  }
  return resolved;
}

/** Rejects a base URL that is not http(s), or that has credentials, a query string or a fragment. */
function assertBaseUrl(baseUrl: unknown, conversionToken: string): void {
  if (!isHttpUrl(baseUrl)) {
    const redactedValue = redactToken(hideUrlCredentials(String(baseUrl)), conversionToken);
    throw new TypeError(
      `\`baseUrl\` must be an http or https URL, got ${JSON.stringify(redactedValue)}. Use ${PINTEREST_API_BASE_URL} or the fake's \`apiBaseUrl\`.`,
    );
  }
  const problem = findBaseUrlProblem(baseUrl);
  if (problem !== undefined) {
    const root = redactToken(problem.root, conversionToken);
    throw new TypeError(
      `\`baseUrl\` must not contain ${problem.parts}, because ${problem.reason}. Pass ${JSON.stringify(root)} instead.`,
    );
  }
}

function redactToken(text: string, token: string): string {
  return text.split(token).join('[redacted]');
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
