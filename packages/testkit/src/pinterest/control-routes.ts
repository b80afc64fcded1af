// The `/_testkit/` control endpoints of the fake Pinterest: report, ledger, requests and faults.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http/body.js';
import { routingMethod, sendJson, sendText } from '../http/respond.js';
import type { Ledger } from '../ledger/ledger.js';
import { renderReportHtml } from '../ledger/report-html.js';
import type { CapiRequestRecord } from './capi-request.js';
import { type FaultController, validateFaultCount, validateFaultSpec, validateRateBudget } from './faults.js';
import { isJsonObject } from './field-checks.js';

/** State of the fake that the control endpoints read and change. */
export interface ControlContext {
  ledger: Ledger;
  faults: FaultController;
  records: CapiRequestRecord[];
}

const MAX_CONTROL_BODY_BYTES = 64 * 1024;

/**
 * Responds to a `/_testkit/…` request; returns false when the path is not a control endpoint.
 *
 * - `GET /_testkit/report` (HTML; `?refresh=5` reloads every 5 s), `GET /_testkit/report.json`
 * - `GET /_testkit/ledger` lists the events, `DELETE /_testkit/ledger` clears them
 * - `GET /_testkit/requests` lists CAPI requests, `DELETE /_testkit/requests` clears the list
 * - `GET /_testkit/faults`, `POST /_testkit/faults` arms faults, `DELETE /_testkit/faults` clears them
 *
 * A HEAD request gets the response of GET without the body.
 */
export async function handleControlRequest(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  context: ControlContext,
): Promise<boolean> {
  const route = `${routingMethod(request)} ${url.pathname.replace(/\/$/, '')}`;

  switch (route) {
    case 'GET /_testkit/report': {
      const refresh = Number(url.searchParams.get('refresh'));
      const refreshSeconds = Number.isInteger(refresh) && refresh > 0 ? refresh : undefined;
      sendText(
        response,
        200,
        'text/html; charset=utf-8',
        renderReportHtml(context.ledger.report(), { refreshSeconds }),
        {
          'cache-control': 'no-store',
        },
      );
      return true;
    }
    case 'GET /_testkit/report.json':
      sendJson(response, 200, context.ledger.report(), { 'cache-control': 'no-store' });
      return true;
    case 'GET /_testkit/ledger':
      sendJson(response, 200, context.ledger.events());
      return true;
    case 'DELETE /_testkit/ledger':
      context.ledger.clear();
      response.writeHead(204).end();
      return true;
    case 'GET /_testkit/requests':
      sendJson(response, 200, context.records);
      return true;
    case 'DELETE /_testkit/requests':
      context.records.length = 0;
      response.writeHead(204).end();
      return true;
    case 'GET /_testkit/faults':
      sendJson(response, 200, context.faults.state());
      return true;
    case 'POST /_testkit/faults':
      await armFaults(request, response, context.faults);
      return true;
    case 'DELETE /_testkit/faults':
      context.faults.clear();
      response.writeHead(204).end();
      return true;
    default:
      return false;
  }
}

/** The faults that `POST /_testkit/faults` accepts, for its error messages. */
const ACCEPTED_FAULTS =
  '{"status": 429, "retryAfterSeconds": 1}, {"status": 500}, {"status": 503}, {"kind": "hang"} or {"kind": "reset"}';

/**
 * Arms faults from a JSON body: `{ "count": 2, "status": 429, "retryAfterSeconds": 1 }`,
 * `{ "count": 1, "kind": "hang" }` (count defaults to 1) and/or `{ "rateBudgetPerMinute": 10 }`
 * (null removes the budget). Responds with 200 and the new state, or 400 and a message. A body
 * that arms nothing, such as `{ "count": 2 }` without `status` or `kind`, gets 400.
 */
async function armFaults(
  request: IncomingMessage,
  response: ServerResponse,
  faults: FaultController,
): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse((await readBody(request, MAX_CONTROL_BODY_BYTES)).toString('utf8'));
  } catch (error) {
    sendJson(response, 400, { message: `The body is not valid JSON: ${(error as Error).message}` });
    return;
  }
  if (!isJsonObject(body)) {
    sendJson(response, 400, { message: 'Send a JSON object such as {"count": 1, "status": 503}.' });
    return;
  }

  const { count, rateBudgetPerMinute, ...fault } = body;
  const hasFault = Object.keys(fault).length > 0;
  if (!hasFault && (count !== undefined || rateBudgetPerMinute === undefined)) {
    const problem = count === undefined ? 'The body arms nothing' : 'The body has `count` but no fault';
    sendJson(response, 400, {
      message: `${problem}: \`status\` or \`kind\` is missing. Accepted faults: ${ACCEPTED_FAULTS}. Add \`count\` to fail more than one request (default 1), or send {"rateBudgetPerMinute": 10} to limit the rate.`,
    });
    return;
  }

  // Both parts are checked before either is applied, so a 400 arms nothing.
  let times = 1;
  try {
    if (hasFault) validateFaultSpec(fault);
    if (hasFault && count !== undefined) times = validateFaultCount(count);
    if (rateBudgetPerMinute !== undefined) validateRateBudget(rateBudgetPerMinute);
  } catch (error) {
    sendJson(response, 400, { message: (error as Error).message });
    return;
  }

  if (hasFault) faults.failNext(times, fault as never);
  if (rateBudgetPerMinute !== undefined) faults.setRateBudget(rateBudgetPerMinute as number | null);
  sendJson(response, 200, faults.state());
}
