// `pinpair send-test`: sends one valid event with test=true and prints Pinterest's per-event result.

import { parseArgs } from 'node:util';
import { buildConversion, randomEventId, toCapiEvent } from '@pinpair/core';
import { createPinterestClient } from '../client/pinterest-client.js';
import { loadConfig } from '../config.js';
import { isAuthenticationError } from '../errors/authentication-error.js';
import { isConfigurationError } from '../errors/configuration-error.js';
import { isInvalidRequestError } from '../errors/invalid-request-error.js';
import { isNetworkError } from '../errors/network-error.js';
import { isPermissionError } from '../errors/permission-error.js';
import { isRateLimitedError } from '../errors/rate-limited-error.js';
import { isServerError } from '../errors/server-error.js';
import { isTimeoutError } from '../errors/timeout-error.js';
import { type CliIo, EXIT_CODES, type ExitCode, writeLine } from './cli-io.js';
import { describeUnknownEventName } from './unknown-event-name.js';

/** Help text of `pinpair send-test`. */
export const SEND_TEST_HELP = `Usage: pinpair send-test [--event-name NAME] [--json]

Sends one valid event to the Conversions API with ?test=true, so Pinterest validates it without
recording it, and prints Pinterest's per-event result. Reads PINTEREST_AD_ACCOUNT_ID,
PINTEREST_CONVERSION_TOKEN and PINTEREST_API_BASE_URL from the environment.

The event uses a made-up e-mail address (hashed before sending), the documentation address
192.0.2.1 and the pinpair CLI's user agent.

Options:
  --event-name NAME   Event to send (default checkout); an unknown name is sent as custom, with a warning
  --json              Print Pinterest's result as JSON
  --help              Show this help

Exit code: 0 when Pinterest processed the event, 1 otherwise.`;

/** Runs `pinpair send-test`. */
export async function runSendTest(args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseArgs({
    args,
    options: { 'event-name': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help === true) {
    writeLine(io.stdout, SEND_TEST_HELP);
    return EXIT_CODES.ok;
  }

  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (!isConfigurationError(error)) throw error;
    writeLine(io.stderr, error.message);
    return EXIT_CODES.failed;
  }

  const conversion = await buildConversion({
    eventName: values['event-name'] ?? 'checkout',
    eventId: randomEventId(),
    value: '1.00',
    currency: 'USD',
    actionSource: 'web',
    user: { email: 'pinpair-send-test@example.com' },
    clientIpAddress: '192.0.2.1',
    clientUserAgent: 'pinpair-cli (send-test)',
  });
  const unknownNameWarning = describeUnknownEventName(conversion.eventName);
  if (unknownNameWarning !== undefined) writeLine(io.stderr, unknownNameWarning);
  const { event } = await toCapiEvent(conversion);
  const client = createPinterestClient({ ...config.pinterest, test: true, fetch: io.fetch });

  try {
    const result = await client.sendEvents([event]);
    if (values.json === true) {
      writeLine(io.stdout, JSON.stringify(result, null, 2));
    } else {
      writeLine(io.stdout, `${client.endpoint} answered ${result.status}.`);
      for (const entry of result.events) {
        writeLine(io.stdout, `${entry.eventId} (${event.event_name}): ${entry.status}`);
        if (entry.errorMessage !== undefined) writeLine(io.stdout, `  error: ${entry.errorMessage}`);
        if (entry.warningMessage !== undefined) writeLine(io.stdout, `  warning: ${entry.warningMessage}`);
      }
    }
    return result.failedEvents.length === 0 ? EXIT_CODES.ok : EXIT_CODES.failed;
  } catch (error) {
    writeLine(io.stderr, describeSendError(error));
    return EXIT_CODES.failed;
  }
}

/**
 * Rewords a client error for the command line. Every client error message reads "<what failed>:
 * <endpoint>. <fix>", and the library's fix names options (`conversionToken`) and retries that
 * send-test does not make, so the fix is replaced by one naming the environment variable.
 */
function describeSendError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const fix = commandLineFix(error);
  const endpoint = (error as { endpoint?: unknown }).endpoint;
  if (fix === undefined || typeof endpoint !== 'string') return error.message;

  const end = error.message.indexOf(`: ${endpoint}.`);
  if (end === -1) return error.message;
  return `${error.message.slice(0, end + endpoint.length + 3)} ${fix}`;
}

function commandLineFix(error: Error): string | undefined {
  if (isAuthenticationError(error)) {
    return 'Check PINTEREST_CONVERSION_TOKEN: generate a new conversion token in Ads Manager (Conversions, Set up API) and set the variable to it.';
  }
  if (isPermissionError(error)) {
    return "Check PINTEREST_AD_ACCOUNT_ID, and that the token's user has an Admin, Analyst, Audience or Campaign role on that ad account.";
  }
  if (isRateLimitedError(error)) {
    const wait = error.retryAfterMs === undefined ? 'later' : `in ${Math.ceil(error.retryAfterMs / 1000)} s`;
    return `send-test does not retry: run it again ${wait}.`;
  }
  if (isServerError(error)) return 'send-test does not retry: run it again later.';
  if (isInvalidRequestError(error) && (error.status === 404 || error.status === 405)) {
    return 'Check PINTEREST_API_BASE_URL: it should be the API root, ending in /v5.';
  }
  if (isTimeoutError(error)) {
    return 'send-test does not retry: run it again, and check PINTEREST_API_BASE_URL if it keeps timing out.';
  }
  if (isNetworkError(error)) {
    return 'send-test does not retry: check PINTEREST_API_BASE_URL and that its host is reachable, then run it again.';
  }
  return undefined;
}
