// `pinpair send-test`: sends one valid event with test=true and prints Pinterest's per-event result.

import { parseArgs } from 'node:util';
import { buildConversion, randomEventId, toCapiEvent } from '@pinpair/core';
import { createPinterestClient } from '../client/pinterest-client.js';
import { loadConfig } from '../config.js';
import { isConfigurationError } from '../errors/configuration-error.js';
import { type CliIo, EXIT_CODES, type ExitCode, writeLine } from './cli-io.js';

/** Help text of `pinpair send-test`. */
export const SEND_TEST_HELP = `Usage: pinpair send-test [--event-name NAME] [--json]

Sends one valid event to the Conversions API with ?test=true, so Pinterest validates it without
recording it, and prints Pinterest's per-event result. Reads PINTEREST_AD_ACCOUNT_ID,
PINTEREST_CONVERSION_TOKEN and PINTEREST_API_BASE_URL from the environment.

The event uses a made-up e-mail address (hashed before sending), the documentation address
192.0.2.1 and the pinpair CLI's user agent.

Options:
  --event-name NAME   Event to send (default checkout)
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
    writeLine(io.stderr, error instanceof Error ? error.message : String(error));
    return EXIT_CODES.failed;
  }
}
