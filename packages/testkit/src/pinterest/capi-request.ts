// Handles `POST /v5/ad_accounts/{id}/events`: faults, auth, rate budget, validation, answer and ledger.

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
  /** True for `?test=true`: validated and answered, never recorded in the ledger. */
  test: boolean;
  /** Request headers without `Authorization`, so tokens never leave the fake. */
  headers: Record<string, string | string[] | undefined>;
  sourceAddress: string;
  /** Parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  /** Status answered, or null while hanging and after a reset. */
  status: number | null;
  /** The injected failure that answered this request, if any. */
  fault: 'hang' | 'reset' | 'status_429' | 'status_500' | 'status_503' | 'rate_budget' | null;
  /** Body answered, or null while hanging and after a reset. */
  response: unknown;
}

/** One event's entry in `events[]` of Pinterest's answer. */
export interface EventResult {
  status: 'processed' | 'failed';
  error_message: string | null;
  warning_message: string | null;
}

/** What the events handler needs from the fake that owns it. */
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

/** Answers one request to the events endpoint and records it. */
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
    adAccountId: decodeURIComponent(rawAdAccountId) || undefined,
    test: url.searchParams.get('test') === 'true',
    headers: withoutAuthorization(request.headers),
    sourceAddress: sourceAddressOf(request),
    body: undefined,
    status: null,
    fault: null,
    response: null,
  };
  context.records.push(record);

  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    record.status = status;
    record.response = body;
    sendJson(response, status, body, headers);
    options.logger.debug({ requestSeq: record.seq, adAccountId: record.adAccountId, status }, 'CAPI request answered');
  };

  let rawBody: Buffer;
  try {
    rawBody = gunzipIfNeeded(await readBody(request, options.maxBodyBytes), request.headers['content-encoding']);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return answer(413, invalidRequest(error.message));
    if (error instanceof BodyDecodingError) return answer(400, invalidRequest(error.message));
    throw error;
  }
  const parsed = parseJson(rawBody);
  record.body = parsed.ok ? parsed.value : rawBody.length > 0 ? rawBody.toString('utf8') : undefined;

  // Injected faults come first: an overloaded or ramped-down endpoint answers before it authenticates.
  const fault = context.faults.takeFault();
  if (fault) {
    options.logger.info({ requestSeq: record.seq, fault }, 'CAPI request answered with an injected fault');
    if ('kind' in fault) {
      record.fault = fault.kind;
      if (fault.kind === 'reset') request.socket.resetAndDestroy();
      // A hang never answers; the client's timeout or close() ends it.
      return;
    }
    record.fault = `status_${fault.status}`;
    if (fault.status === 429) {
      const headers: Record<string, string> =
        fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
      return answer(429, rateLimited(), headers);
    }
    return answer(fault.status, fault.status === 503 ? rampedDown() : internalError());
  }

  if (request.method !== 'POST') return answer(405, invalidRequest('Use POST.'), { allow: 'POST' });

  const token = bearerToken(request.headers.authorization);
  const knownToken = token !== undefined && options.accounts.some((account) => account.conversionToken === token);
  if (!knownToken) return answer(401, authenticationFailed());

  const adAccountId = record.adAccountId ?? '';
  if (!/^\d{1,18}$/.test(adAccountId)) {
    return answer(400, invalidRequest(`ad_account_id ${JSON.stringify(adAccountId)} must be 1 to 18 digits.`));
  }
  const authorized = options.accounts.some(
    (account) => account.adAccountId === adAccountId && account.conversionToken === token,
  );
  if (!authorized) return answer(403, notPermitted());

  const budget = context.faults.chargeRateBudget(adAccountId, receivedAt);
  if (!budget.allowed) {
    record.fault = 'rate_budget';
    return answer(429, rateLimited(), { 'retry-after': String(budget.retryAfterSeconds) });
  }

  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.toLowerCase().includes('application/json')) {
    return answer(400, invalidRequest(`Content-Type must be application/json, got ${JSON.stringify(contentType)}.`));
  }
  if (!parsed.ok) return answer(400, invalidRequest(`The body is not valid JSON: ${parsed.message}`));

  const data = checkEnvelope(parsed.value, options.strictKeys);
  if (!Array.isArray(data)) return answer(400, data);

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
    if (issue) return answer(400, invalidRequest(`data[${index}]${issue.path ? `.${issue.path}` : ''}: ${issue.message}`));
  }

  const events = verdicts.map(toEventResult);
  if (!record.test) recordInLedger(context.ledger, data, events, record, request);

  const processed = events.filter((event) => event.status === 'processed').length;
  const counts = { num_events_received: events.length, num_events_processed: processed, events };
  if (processed === events.length || options.partialFailureStatus === 200) return answer(200, counts);
  return answer(422, { code: 953, message: SOME_EVENTS_FAILED_MESSAGE, details: counts });
}

/** Checks the top level `{ data: [...] }`; returns the events, or the 400 body. */
function checkEnvelope(body: unknown, strictKeys: boolean): unknown[] | PinterestErrorBody {
  if (!isJsonObject(body)) return invalidRequest(`The body must be a JSON object with data, got ${jsonTypeOf(body)}.`);
  const unknownKeys = Object.keys(body).filter((key) => key !== 'data');
  if (strictKeys && unknownKeys.length > 0) return invalidRequest(`Unknown top-level field: ${unknownKeys.join(', ')}.`);
  if (body.data === undefined) return invalidRequest('Required field data is missing.');
  if (!Array.isArray(body.data)) return invalidRequest(`data must be an array, got ${jsonTypeOf(body.data)}.`);
  if (body.data.length === 0) return invalidRequest('data is empty; send 1 to 1000 events.');
  if (body.data.length > MAX_EVENTS_PER_REQUEST) {
    return invalidRequest(`data has ${body.data.length} events; send at most ${MAX_EVENTS_PER_REQUEST} per request.`);
  }
  return body.data;
}

function toEventResult(verdict: EventVerdict): EventResult {
  const join = (issues: EventVerdict['errors']) =>
    issues.length === 0 ? null : issues.map((issue) => issue.message).join(' ');
  return {
    status: verdict.errors.length === 0 ? 'processed' : 'failed',
    error_message: join(verdict.errors),
    warning_message: join(verdict.warnings),
  };
}

function recordInLedger(
  ledger: Ledger,
  data: unknown[],
  results: EventResult[],
  record: CapiRequestRecord,
  request: IncomingMessage,
): void {
  data.forEach((event, index) => {
    const result = results[index] as EventResult;
    const fields = isJsonObject(event) ? event : {};
    const actionSource = (ACTION_SOURCES as readonly unknown[]).includes(fields.action_source)
      ? (fields.action_source as (typeof ACTION_SOURCES)[number])
      : undefined;
    ledger.addCapiEvent({
      channel: 'capi',
      receivedAt: record.receivedAt,
      sourceAddress: record.sourceAddress,
      userAgent: request.headers['user-agent'],
      adAccountId: record.adAccountId,
      eventName: typeof fields.event_name === 'string' ? apiEventNameOrUndefined(fields.event_name) : undefined,
      eventId: typeof fields.event_id === 'string' && fields.event_id.length > 0 ? fields.event_id : undefined,
      requestSeq: record.seq,
      index,
      actionSource,
      status: result.status,
      errorMessage: result.error_message,
      warningMessage: result.warning_message,
      payload: structuredClone(event),
    });
  });
}

function apiEventNameOrUndefined(name: string): ApiEventName | undefined {
  return (API_EVENT_NAMES as readonly string[]).includes(name) ? (name as ApiEventName) : undefined;
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
