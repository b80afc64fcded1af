// startFakePinterest: the fake Conversions API, the fake tag and the dedup ledger on one local HTTP server.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { fromTagEventName } from '@pinpair/core';
import { clientAddressOf, sourceAddressOf } from '../http/client-address.js';
import { listen } from '../http/listen.js';
import { routingMethod, sendGif, sendJson, sendText } from '../http/respond.js';
import { type DedupLedger, Ledger } from '../ledger/ledger.js';
import { type CapiContext, type CapiRequestRecord, handleCapiRequest, isEventsPath } from './capi-request.js';
import { handleControlRequest } from './control-routes.js';
import { FaultController, type FaultControls } from './faults.js';
import { type FakePinterestOptions, resolveFakePinterestOptions } from './options.js';
import { parseTagBeacon } from './tag-beacon.js';
import { renderTagScript } from './tag-script.js';

/** A running fake Pinterest. */
export interface FakePinterest {
  /** Base URL, such as `http://127.0.0.1:41234`. */
  url: string;
  /** `${url}/v5`: the `baseUrl` to give a Conversions API client. */
  apiBaseUrl: string;
  /** `${url}/ct/core.js`: the tag script to load instead of `https://s.pinimg.com/ct/core.js`. */
  tagScriptUrl: string;
  /** `${url}/_testkit/report`: the HTML report. */
  reportUrl: string;
  /** `${url}/_testkit/report.json`: the JSON report. */
  reportJsonUrl: string;
  /** The first configured ad account id. */
  adAccountId: string;
  /** The conversion token of the first configured ad account. */
  conversionToken: string;
  /** The first configured tag id. */
  tagId: string;
  /** Events of both channels and the dedup report. */
  ledger: DedupLedger;
  /** Failures to inject into the Conversions API. */
  faults: FaultControls;
  /** Lists every request to the events endpoint, test requests and faulted ones included, without `Authorization`. */
  requests(): CapiRequestRecord[];
  /** Stops the server and ends open connections, hanging requests included. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a fake Pinterest on 127.0.0.1 (a free port by default) serving:
 * - `POST /v5/ad_accounts/{ad_account_id}/events`, the Conversions API with Pinterest's validation
 *   and responses, `?test=true` and fault injection;
 * - `GET /ct/core.js`, a tag script that consumes the `pintrk` queue, and `GET /v3/`, its beacons;
 * - `/_testkit/report` (HTML) and `/_testkit/report.json`, the dedup report, plus the control
 *   endpoints `/_testkit/ledger`, `/_testkit/requests` and `/_testkit/faults`.
 *
 * @example
 * ```ts
 * import { startFakePinterest } from '@pinpair/testkit';
 *
 * const pinterest = await startFakePinterest();
 * // Point the server's client at pinterest.apiBaseUrl with pinterest.conversionToken,
 * // and the page's tag script at pinterest.tagScriptUrl; then:
 * const report = pinterest.ledger.report();
 * console.log(report.totals.deduplicated, 'of', report.totals.conversions, 'conversions deduplicated');
 * await pinterest.close();
 * ```
 */
export async function startFakePinterest(options?: FakePinterestOptions): Promise<FakePinterest> {
  const resolved = resolveFakePinterestOptions(options);
  const { logger } = resolved;
  const ledger = new Ledger({
    dedupWindowHours: resolved.dedupWindowHours,
    tags: resolved.tags,
    now: resolved.now,
  });
  const faults = new FaultController();
  const records: CapiRequestRecord[] = [];
  let requestSeq = 0;
  const capiContext: CapiContext = {
    options: resolved,
    faults,
    ledger,
    records,
    nextSeq: () => ++requestSeq,
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://fake.invalid');
    const path = url.pathname;
    const method = routingMethod(request);

    if (isEventsPath(path)) return handleCapiRequest(request, response, url, capiContext);
    if (path.startsWith('/_testkit/')) {
      if (await handleControlRequest(request, response, url, { ledger, faults, records })) return;
    }
    if (method === 'GET' && path === '/ct/core.js') {
      // The beacon origin follows the Host header, so the script works behind a port mapping too.
      const origin = request.headers.host ? `http://${request.headers.host}` : running.url;
      return sendText(response, 200, 'application/javascript; charset=utf-8', renderTagScript(origin), {
        'cache-control': 'no-store',
      });
    }
    if (method === 'GET' && (path === '/v3/' || path === '/v3')) {
      // A HEAD request records no beacon. It gets the GIF's headers and leaves the ledger alone.
      if (request.method === 'HEAD') return sendGif(response);
      return recordBeacon(request, response, url);
    }
    if (method === 'GET' && path === '/') {
      response.writeHead(302, { location: '/_testkit/report' }).end();
      return;
    }
    sendJson(response, 404, {
      code: 404,
      message: `Not found: ${request.method} ${path}. The fake serves POST /v5/ad_accounts/{ad_account_id}/events, /ct/core.js, /v3/ and /_testkit/report.`,
    });
  };

  const recordBeacon = (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const beacon = parseTagBeacon(url.searchParams);
    const eventId = beacon.ed?.event_id;
    const stored = ledger.addTagEvent({
      channel: 'tag',
      receivedAt: resolved.now(),
      sourceAddress: sourceAddressOf(request),
      clientAddress: clientAddressOf(request, resolved.trustForwardedFor),
      userAgent: request.headers['user-agent'],
      tagId: beacon.tid,
      adAccountId: ledger.adAccountForTag(beacon.tid),
      eventName: beacon.event === 'init' ? undefined : fromTagEventName(beacon.event),
      eventId: typeof eventId === 'string' && eventId.length > 0 ? eventId : undefined,
      payload: beacon,
    });
    logger.debug({ seq: stored.seq, tagId: beacon.tid, event: beacon.event }, 'tag beacon recorded');
    sendGif(response);
  };

  const running = await listen(handle, {
    host: resolved.host,
    port: resolved.port,
    onError: (error, request) =>
      logger.error({ err: error, method: request.method, url: request.url }, 'fake Pinterest request failed'),
  });
  logger.info({ url: running.url }, 'fake Pinterest listening');

  const firstAccount = resolved.accounts[0];
  const firstTag = resolved.tags[0];
  let closing: Promise<void> | undefined;

  return {
    url: running.url,
    apiBaseUrl: `${running.url}/v5`,
    tagScriptUrl: `${running.url}/ct/core.js`,
    reportUrl: `${running.url}/_testkit/report`,
    reportJsonUrl: `${running.url}/_testkit/report.json`,
    adAccountId: firstAccount?.adAccountId ?? '',
    conversionToken: firstAccount?.conversionToken ?? '',
    tagId: firstTag?.tagId ?? '',
    ledger,
    faults,
    requests: () => structuredClone(records),
    close() {
      closing ??= running.close().then(() => logger.info({ url: running.url }, 'fake Pinterest stopped'));
      return closing;
    },
  };
}
