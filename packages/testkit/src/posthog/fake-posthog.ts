// startFakePostHog: a local PostHog ingestion endpoint for posthog-js and posthog-node, with uuid dedup.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_POSTHOG_API_KEY } from '../constants.js';
import { BodyTooLargeError, readBody } from '../http/body.js';
import { clientAddressOf } from '../http/client-address.js';
import { listen } from '../http/listen.js';
import { routingMethod, sendJson, sendText } from '../http/respond.js';
import { CaptureDecodingError, type DecodedCapture, decodeCaptureBody } from './decode-capture.js';
import { EventStore, type ReceivedCapture, type RecordedEvent } from './event-store.js';
import { type FakePostHogOptions, resolveFakePostHogOptions } from './options.js';
import { flagsAnswer, remoteConfig, remoteConfigScript } from './remote-config.js';

/** A running fake PostHog. */
export interface FakePostHog {
  /** Base URL, such as `http://127.0.0.1:41235`: posthog-js's `api_host` and posthog-node's `host`. */
  url: string;
  /** The key to give the SDKs: the configured `apiKey`, or {@link DEFAULT_POSTHOG_API_KEY} when any key is accepted. */
  apiKey: string;
  /** `${url}/_testkit/events`: the recorded events as JSON. */
  eventsUrl: string;
  /** Recorded events after uuid dedup, in order of arrival. */
  events(): RecordedEvent[];
  /** Every capture as received, duplicates included, each with `duplicateOf`. */
  received(): ReceivedCapture[];
  /**
   * Resolves with the first recorded event (after dedup) that matches `predicate`, one recorded
   * earlier included, so tests wait for an event instead of sleeping.
   *
   * @param options.timeoutMs - reject after this many milliseconds; default 5000
   */
  waitForEvent(
    predicate: (event: RecordedEvent) => boolean,
    options?: { timeoutMs?: number },
  ): Promise<RecordedEvent>;
  /** Forgets every event. */
  clear(): void;
  /** Stops the server. Idempotent. */
  close(): Promise<void>;
}

/** Paths of the capture endpoints (without the trailing slash) of posthog-js, posthog-node and older clients. */
const CAPTURE_PATHS = new Set([
  '/e',
  '/i/v0/e',
  '/capture',
  '/track',
  '/batch',
  '/i/v0/batch',
  '/i/v0/ai/batch',
]);
/** posthog-node's capture v1 endpoint (`POSTHOG_CAPTURE_MODE=v1`), which authenticates with a bearer key. */
const CAPTURE_V1_PATH = '/i/v1/analytics/events';

/**
 * Paths of the extension scripts that posthog-js loads lazily. posthog-js 1.449.2's `array.js` requests
 * `/static/1.449.2/surveys.js` after `config.js`, and `/static/surveys.js?v=1.449.2` when that
 * fails, although the remote config sends `"surveys": false`. The fake responds to every such
 * request with an empty script, so no extension starts and the page logs no 404.
 */
const LAZY_SCRIPT_PATH = /^\/static\/.+\.js$/;
const LAZY_SCRIPT_BODY = '// Empty: the pinpair fake PostHog serves no posthog-js extensions.\n';

/**
 * Starts a fake PostHog on 127.0.0.1 (a free port by default). It accepts the capture and batch
 * endpoints in JSON, gzip and base64 form encodings, responds to the remote config and flags requests
 * posthog-js makes at start-up, serves every `/static/*.js` extension script empty, allows
 * cross-origin requests from any page, and records events with PostHog's uuid dedup.
 *
 * @example
 * ```ts
 * import { startFakePostHog } from '@pinpair/testkit';
 * import { PostHog } from 'posthog-node';
 *
 * const posthog = await startFakePostHog();
 * const client = new PostHog(posthog.apiKey, { host: posthog.url, flushAt: 1 });
 * client.capture({ distinctId: 'shopper-1', event: 'Order Completed', uuid: '…' });
 * await client.shutdown();
 * console.log(posthog.events());
 * await posthog.close();
 * ```
 */
export async function startFakePostHog(options?: FakePostHogOptions): Promise<FakePostHog> {
  const resolved = resolveFakePostHogOptions(options);
  const { logger } = resolved;
  const store = new EventStore();
  const apiKey = resolved.apiKey ?? DEFAULT_POSTHOG_API_KEY;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://fake.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = request.method ?? 'GET';
    const cors = corsHeaders(request);

    if (method === 'OPTIONS') {
      response.writeHead(204, preflightHeaders(request, cors)).end();
      return;
    }

    if (CAPTURE_PATHS.has(path) || path === CAPTURE_V1_PATH) {
      return capture(request, response, url, path, cors);
    }
    if (path === '/s') {
      // Session recordings: accepted so posthog-js does not retry them, and not recorded.
      await readBody(request, resolved.maxBodyBytes).catch(() => undefined);
      return sendJson(response, 200, { status: 1 }, cors);
    }
    if (path === '/flags' || path === '/decide') {
      await readBody(request, resolved.maxBodyBytes).catch(() => undefined);
      const config = remoteConfig(apiKey, resolved.supportedCompression);
      return sendJson(
        response,
        200,
        flagsAnswer(path === '/decide' ? null : url.searchParams.get('v'), config),
        cors,
      );
    }

    const configMatch = /^\/array\/([^/]+)\/(config|config\.js)$/.exec(path);
    if (configMatch?.[1] && method === 'GET') {
      const key = configMatch[1];
      if (configMatch[2] === 'config.js') {
        return sendText(
          response,
          200,
          'application/javascript; charset=utf-8',
          remoteConfigScript(key, resolved.supportedCompression),
          cors,
        );
      }
      return sendJson(response, 200, remoteConfig(key, resolved.supportedCompression), cors);
    }

    if (path === '/_testkit/events' && method === 'GET') return sendJson(response, 200, store.events(), cors);
    if (path === '/_testkit/received' && method === 'GET')
      return sendJson(response, 200, store.received(), cors);
    if (path === '/_testkit/events' && method === 'DELETE') {
      store.clear();
      response.writeHead(204, cors).end();
      return;
    }

    if (LAZY_SCRIPT_PATH.test(path) && routingMethod(request) === 'GET') {
      logger.debug({ path: url.pathname }, 'Served an empty posthog-js extension script');
      return sendText(response, 200, 'application/javascript; charset=utf-8', LAZY_SCRIPT_BODY, cors);
    }

    sendText(response, 404, 'text/plain; charset=utf-8', `Not found: ${method} ${url.pathname}\n`, cors);
  };

  const capture = async (
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    path: string,
    cors: Record<string, string>,
  ) => {
    let decoded: DecodedCapture;
    try {
      if (request.method === 'GET') {
        const data = url.searchParams.get('data');
        if (data === null)
          return sendJson(response, 400, validationError('A GET capture needs a data parameter.'), cors);
        decoded = decodeCaptureBody(Buffer.from(`data=${encodeURIComponent(data)}`), {
          contentType: 'application/x-www-form-urlencoded',
          contentEncoding: undefined,
          compression: url.searchParams.get('compression'),
        });
      } else {
        const body = await readBody(request, resolved.maxBodyBytes);
        decoded = decodeCaptureBody(body, {
          contentType: request.headers['content-type'],
          contentEncoding: request.headers['content-encoding'],
          compression: url.searchParams.get('compression'),
        });
      }
    } catch (error) {
      if (!(error instanceof BodyTooLargeError || error instanceof CaptureDecodingError)) throw error;
      logger.warn({ endpoint: url.pathname, err: error }, 'PostHog capture rejected');
      const status = error instanceof BodyTooLargeError ? 413 : 400;
      return sendJson(response, status, validationError(error.message), cors);
    }

    let { captures } = decoded;
    if (path === CAPTURE_V1_PATH) {
      const bearer = /^Bearer\s+(\S+)/i.exec(request.headers.authorization ?? '')?.[1];
      captures = captures.map((entry) => ({ ...entry, apiKey: entry.apiKey ?? bearer }));
    }

    if (resolved.apiKey !== undefined && captures.some((entry) => entry.apiKey !== resolved.apiKey)) {
      logger.warn(
        { endpoint: url.pathname, events: captures.length },
        'PostHog capture with another API key rejected',
      );
      return sendJson(
        response,
        401,
        {
          type: 'authentication_error',
          code: 'invalid_api_key',
          detail: 'Project API key invalid. You can find your project API key in PostHog project settings.',
          attr: null,
        },
        cors,
      );
    }

    const stored = store.add(captures, {
      sourceAddress: clientAddressOf(request, resolved.trustForwardedFor),
      userAgent: request.headers['user-agent'],
      endpoint: url.pathname,
      encoding: decoded.encoding,
      receivedAt: resolved.now(),
    });
    logger.debug(
      {
        endpoint: url.pathname,
        uuids: stored.map((event) => event.uuid),
        duplicates: stored.filter((event) => event.duplicateOf !== null).length,
      },
      'PostHog capture recorded',
    );
    sendJson(response, 200, path === CAPTURE_V1_PATH ? {} : { status: 1 }, cors);
  };

  const running = await listen(handle, {
    host: resolved.host,
    port: resolved.port,
    onError: (error, request) =>
      logger.error({ err: error, method: request.method, url: request.url }, 'fake PostHog request failed'),
  });
  logger.info({ url: running.url }, 'fake PostHog listening');
  let closing: Promise<void> | undefined;

  return {
    url: running.url,
    apiKey,
    eventsUrl: `${running.url}/_testkit/events`,
    events: () => store.events(),
    received: () => store.received(),
    waitForEvent: (predicate, waitOptions) => store.waitForEvent(predicate, waitOptions?.timeoutMs ?? 5000),
    clear: () => store.clear(),
    close() {
      closing ??= running.close().then(() => logger.info({ url: running.url }, 'fake PostHog stopped'));
      return closing;
    },
  };
}

/** CORS headers for every response: the page's origin is echoed, so credentialed requests work too. */
function corsHeaders(request: IncomingMessage): Record<string, string> {
  const origin = request.headers.origin;
  if (!origin) return { 'access-control-allow-origin': '*' };
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    vary: 'Origin',
  };
}

function preflightHeaders(request: IncomingMessage, cors: Record<string, string>): Record<string, string> {
  return {
    ...cors,
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': request.headers['access-control-request-headers'] ?? 'content-type',
    'access-control-max-age': '600',
    // Chromium sends a Private Network Access preflight before a public page may call a local address.
    ...(request.headers['access-control-request-private-network'] === 'true'
      ? { 'access-control-allow-private-network': 'true' }
      : {}),
  };
}

function validationError(detail: string) {
  return { type: 'validation_error', code: 'invalid_payload', detail, attr: null };
}
