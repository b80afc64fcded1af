// Handles `POST /v5/ad_accounts/{id}/events`: faults, auth, rate budget, validation, response and ledger.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_EVENT_NAMES, type ApiEventName, MAX_EVENTS_PER_REQUEST } from '@pinpair/core';
import { BodyDecodingError, BodyTooLargeError, gunzipIfNeeded, readBody } from '../http/body.js';
import { sourceAddressOf } from '../http/client-address.js';
import { sendJson } from '../http/respond.js';
import type { Ledger } from '../ledger/ledger.js';
import {
  authenticationFailed,
  internalError,
  invalidRequest,
  notPermitted,
  type PinterestErrorBody,
  rampedDown,
  rateLimited,
  SOME_EVENTS_FAILED_MESSAGE,
} from './api-errors.js';
import { ACTION_SOURCES } from './capi-schema.js';
import type { FaultController } from './faults.js';
import { isJsonObject, jsonTypeOf } from './field-checks.js';
import type { ResolvedFakePinterestOptions } from './options.js';
import { type EventVerdict, validateCapiEvent } from './validate-event.js';

/** One HTTP request to the events endpoint, as `requests()` lists it. */
export interface CapiRequestRecord {
  /** Order of arrival among CAPI requests, from 1. */
  seq: number;
  /** Arrival time on the fake's clock, in milliseconds since the epoch. */
  receivedAt: number;
  method: string;
  /** Path without the query, such as `/v5/ad_accounts/549700000001/events`. */
  path: string;
  query: Record<string, string>;
  adAccountId: string | undefined;
  /** True for `?test=true`: validated and given the usual response, but never recorded in the ledger. */
  test: boolean;
  /** Request headers without `Authorization`, so tokens never leave the fake. */
  headers: Record<string, string | string[] | undefined>;
  sourceAddress: string;
  /** Parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  /** Response status, or null while hanging and after a reset. */
  status: number | null;
  /** The injected failure returned for this request, if any. */
  fault: 'hang' | 'reset' | 'status_429' | 'status_500' | 'status_503' | 'rate_budget' | null;
  /** Response body, or null while hanging and after a reset. */
  response: unknown;
}

/** One event's entry in `events[]` of Pinterest's response. */
export interface EventResult {
  status: 'processed' | 'failed';
  error_message: string | null;
  warning_message: string | null;
}

/** State of the fake that the events handler reads and changes. */
export interface CapiContext {
  options: ResolvedFakePinterestOptions;
  faults: FaultController;
  ledger: Ledger;
  records: CapiRequestRecord[];
  nextSeq: () => number;
}

const EVENTS_PATH = /^\/v5\/ad_accounts\/([^/]*)\/events\/?$/;

/** Tells whether `path` is the events endpoint (with any ad account id, valid or not). */
export function isEventsPath(path: string): boolean {
  return EVENTS_PATH.test(path);
}

/** Responds to one request to the events endpoint and records it. */
export async function handleCapiRequest(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  context: CapiContext,
): Promise<void> {
  const { options } = context;
  const receivedAt = options.now();
  const rawAdAccountId = EVENTS_PATH.exec(url.pathname)?.[1] ?? '';
  const record: CapiRequestRecord = {
    seq: context.nextSeq(),
    receivedAt,
    method: request.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    adAccountId: safeDecode(rawAdAccountId) || undefined,
    test: url.searchParams.get('test') === 'true',
    headers: withoutAuthorization(request.headers),
    sourceAddress: sourceAddressOf(request),
    body: undefined,
    status: null,
    fault: null,
    response: null,
  };
  context.records.push(record);

  const respond = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    record.status = status;
    record.response = body;
    sendJson(response, status, body, headers);
    options.logger.debug(
      { requestSeq: record.seq, adAccountId: record.adAccountId, status },
      'CAPI response sent',
    );
  };

  let rawBody: Buffer;
  try {
    rawBody = gunzipIfNeeded(
      await readBody(request, options.maxBodyBytes),
      request.headers['content-encoding'],
    );
  } catch (error) {
    if (!(error instanceof BodyTooLargeError || error instanceof BodyDecodingError)) throw error;
    options.logger.warn({ requestSeq: record.seq, err: error }, 'CAPI request body rejected');
    return respond(error instanceof BodyTooLargeError ? 413 : 400, invalidRequest(error.message));
  }
  const parsed = parseJson(rawBody);
  if (parsed.ok) record.body = parsed.value;
  else if (rawBody.length > 0) record.body = rawBody.toString('utf8');

  // Injected faults come first, because an overloaded or ramped-down endpoint fails before it authenticates.
  const fault = context.faults.takeFault();
  if (fault) {
    options.logger.info({ requestSeq: record.seq, fault }, 'injected fault returned for a CAPI request');
    if ('kind' in fault) {
      record.fault = fault.kind;
      if (fault.kind === 'reset') request.socket.resetAndDestroy();
      // A hang never responds, so the client's timeout or close() ends it.
      return;
    }
    record.fault = `status_${fault.status}`;
    if (fault.status === 429) {
      const headers: Record<string, string> =
        fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
      return respond(429, rateLimited(), headers);
    }
    return respond(fault.status, fault.status === 503 ? rampedDown() : internalError());
  }

  if (request.method !== 'POST') return respond(405, invalidRequest('Use POST.'), { allow: 'POST' });

  const token = bearerToken(request.headers.authorization);
  const knownToken =
    token !== undefined && options.accounts.some((account) => account.conversionToken === token);
  if (!knownToken) return respond(401, authenticationFailed());

  const adAccountId = record.adAccountId ?? '';
  if (!/^\d{1,18}$/.test(adAccountId)) {
    return respond(
      400,
      invalidRequest(`ad_account_id ${JSON.stringify(adAccountId)} must be 1 to 18 digits.`),
    );
  }
  const authorized = options.accounts.some(
    (account) => account.adAccountId === adAccountId && account.conversionToken === token,
  );
  if (!authorized) return respond(403, notPermitted());

  const budget = context.faults.chargeRateBudget(adAccountId, receivedAt);
  if (!budget.allowed) {
    record.fault = 'rate_budget';
    return respond(429, rateLimited(), { 'retry-after': String(budget.retryAfterSeconds) });
  }

  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.toLowerCase().includes('application/json')) {
    return respond(
      400,
      invalidRequest(`Content-Type must be application/json, got ${JSON.stringify(contentType)}.`),
    );
  }
  if (!parsed.ok) return respond(400, invalidRequest(`The body is not valid JSON: ${parsed.message}`));

  const data = checkEnvelope(parsed.value, options.strictKeys);
  if (!Array.isArray(data)) return respond(400, data);

  const nowSeconds = Math.floor(receivedAt / 1000);
  const verdicts = data.map((event) =>
    validateCapiEvent(event, {
      nowSeconds,
      maxAgeSeconds: options.maxAgeDays * 86_400,
      futureToleranceSeconds: options.futureToleranceSeconds,
      strictKeys: options.strictKeys,
      strictHashing: options.strictHashing,
      strictTypes: options.strictTypes,
    }),
  );

  if (options.schemaErrors === 'request') {
    const index = verdicts.findIndex((verdict) => verdict.errors.some((issue) => issue.schema));
    const issue = verdicts[index]?.errors.find((candidate) => candidate.schema);
    if (issue)
      return respond(
        400,
        invalidRequest(`data[${index}]${issue.path ? `.${issue.path}` : ''}: ${issue.message}`),
      );
  }

  const events = verdicts.map(toEventResult);
  if (!record.test) recordInLedger(context.ledger, data, events, record, request);

  const processed = events.filter((event) => event.status === 'processed').length;
  const counts = { num_events_received: events.length, num_events_processed: processed, events };
  if (processed === events.length || options.partialFailureStatus === 200) return respond(200, counts);
  return respond(422, { code: 953, message: SOME_EVENTS_FAILED_MESSAGE, details: counts });
}

/** Checks the top level `{ data: [...] }`; returns the events, or the 400 body. */
function checkEnvelope(body: unknown, strictKeys: boolean): unknown[] | PinterestErrorBody {
  if (!isJsonObject(body))
    return invalidRequest(`The body must be a JSON object with data, got ${jsonTypeOf(body)}.`);
  const unknownKeys = Object.keys(body).filter((key) => key !== 'data');
  if (strictKeys && unknownKeys.length > 0)
    return invalidRequest(`Unknown top-level field: ${unknownKeys.join(', ')}.`);
  if (body.data === undefined) return invalidRequest('Required field data is missing.');
  if (!Array.isArray(body.data))
    return invalidRequest(`data must be an array, got ${jsonTypeOf(body.data)}.`);
  if (body.data.length === 0) return invalidRequest('data is empty; send 1 to 1000 events.');
  if (body.data.length > MAX_EVENTS_PER_REQUEST) {
    return invalidRequest(
      `data has ${body.data.length} events; send at most ${MAX_EVENTS_PER_REQUEST} per request.`,
    );
  }
  return body.data;
}

function toEventResult(verdict: EventVerdict): EventResult {
  return {
    status: verdict.errors.length === 0 ? 'processed' : 'failed',
    error_message: joinMessages(verdict.errors),
    warning_message: joinMessages(verdict.warnings),
  };
}

/**
 * Joins the messages of several issues into one text, each ending with a period so it reads as its
 * own sentence. A single message stays as it is, so Pinterest's past-timestamp wording, which ends
 * without a period, stays exact.
 */
function joinMessages(issues: EventVerdict['errors']): string | null {
  if (issues.length === 0) return null;
  if (issues.length === 1) return issues[0]?.message ?? null;
  return issues
    .map((issue) => (/[.!?]$/.test(issue.message) ? issue.message : `${issue.message}.`))
    .join(' ');
}

function recordInLedger(
  ledger: Ledger,
  data: unknown[],
  results: EventResult[],
  record: CapiRequestRecord,
  request: IncomingMessage,
): void {
  const events = data.map((event, index) => {
    const result = results[index] as EventResult;
    const fields = isJsonObject(event) ? event : {};
    const actionSource = (ACTION_SOURCES as readonly unknown[]).includes(fields.action_source)
      ? (fields.action_source as (typeof ACTION_SOURCES)[number])
      : undefined;
    return {
      channel: 'capi' as const,
      receivedAt: record.receivedAt,
      sourceAddress: record.sourceAddress,
      userAgent: request.headers['user-agent'],
      adAccountId: record.adAccountId,
      eventName:
        typeof fields.event_name === 'string' ? apiEventNameOrUndefined(fields.event_name) : undefined,
      eventId:
        typeof fields.event_id === 'string' && fields.event_id.length > 0 ? fields.event_id : undefined,
      requestSeq: record.seq,
      index,
      actionSource,
      status: result.status,
      errorMessage: result.error_message,
      warningMessage: result.warning_message,
      // The parsed event itself, not a copy: nothing in the fake changes a parsed body, and
      // `events()` and `requests()` hand out copies. A copy took about 10 µs per event of
      // 1.6 KB, more than validating it (Node 20).
      payload: event,
    };
  });
  ledger.addCapiEvents(events);
}

function apiEventNameOrUndefined(name: string): ApiEventName | undefined {
  return (API_EVENT_NAMES as readonly string[]).includes(name) ? (name as ApiEventName) : undefined;
}

/** Decodes a percent-encoded path segment, or returns it unchanged when the encoding is invalid. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

function withoutAuthorization(headers: IncomingMessage['headers']): CapiRequestRecord['headers'] {
  const copy = { ...headers };
  delete copy.authorization;
  return copy;
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}
