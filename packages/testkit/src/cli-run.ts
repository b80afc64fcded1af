// The pinpair-testkit command: parses flags, starts both fakes, prints their URLs and stops on request.

import { parseArgs } from 'node:util';
import { createConsoleLogger, silentLogger } from './logger.js';
import { startTestkit, type Testkit } from './testkit.js';

/** Port of the fake Pinterest when `--port` is not given. */
export const DEFAULT_CLI_PORT = 4870;
/** Port of the fake PostHog when `--posthog-port` is not given. */
export const DEFAULT_CLI_POSTHOG_PORT = 4871;

export const CLI_HELP = `Usage: pinpair-testkit [options]

Starts a fake Pinterest (Conversions API, tag, dedup report) and a fake PostHog on 127.0.0.1,
prints their URLs and runs until Ctrl+C (SIGINT) or SIGTERM.

Options:
  --port <n>              port of the fake Pinterest (default ${DEFAULT_CLI_PORT}; 0 picks a free port)
  --posthog-port <n>      port of the fake PostHog (default ${DEFAULT_CLI_POSTHOG_PORT}; 0 picks a free port)
  --host <address>        interface to listen on (default 127.0.0.1)
  --trust-forwarded-for   take the shopper's address from X-Forwarded-For (behind a proxy or in e2e tests)
  --json                  print the URLs as one JSON object instead of a table
  --verbose               log every request to stderr
  --help                  show this help
`;

/** Streams and the stop signal the command uses; the bin passes the process's own. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Resolves when the command should stop (SIGINT or SIGTERM in the bin). */
  stopRequested: Promise<unknown>;
}

/** Runs the command with `argv` (without `node` and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let values: ReturnType<typeof parseCliFlags>;
  try {
    values = parseCliFlags(argv);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${CLI_HELP}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(CLI_HELP);
    return 0;
  }

  const logger = values.verbose
    ? createConsoleLogger('debug')
    : values.json
      ? silentLogger
      : createConsoleLogger('warn');
  let testkit: Testkit;
  try {
    testkit = await startTestkit({
      logger,
      pinterest: { host: values.host, port: values.port, trustForwardedFor: values.trustForwardedFor },
      posthog: { host: values.host, port: values.posthogPort, trustForwardedFor: values.trustForwardedFor },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint =
      code === 'EADDRINUSE'
        ? ' The port is in use; pick another with --port / --posthog-port, or 0 for a free one.'
        : '';
    io.stderr.write(`pinpair-testkit could not start: ${(error as Error).message}.${hint}\n`);
    return 1;
  }

  io.stdout.write(values.json ? `${JSON.stringify(describeTestkit(testkit))}\n` : formatTable(testkit));
  await io.stopRequested;
  await testkit.close();
  if (!values.json) io.stdout.write('pinpair-testkit stopped.\n');
  return 0;
}

/** Collects the URLs and credentials the command prints. */
export function describeTestkit(testkit: Testkit) {
  const { pinterest, posthog } = testkit;
  return {
    reportUrl: pinterest.reportUrl,
    reportJsonUrl: pinterest.reportJsonUrl,
    tagScriptUrl: pinterest.tagScriptUrl,
    capiBaseUrl: pinterest.apiBaseUrl,
    adAccountId: pinterest.adAccountId,
    conversionToken: pinterest.conversionToken,
    tagId: pinterest.tagId,
    posthogUrl: posthog.url,
    posthogApiKey: posthog.apiKey,
    posthogEventsUrl: posthog.eventsUrl,
  };
}

function formatTable(testkit: Testkit): string {
  const info = describeTestkit(testkit);
  const rows: [string, string][] = [
    ['Dedup report', info.reportUrl],
    ['Dedup report (JSON)', info.reportJsonUrl],
    ['Tag script', info.tagScriptUrl],
    ['Conversions API base URL', info.capiBaseUrl],
    ['Ad account id', info.adAccountId],
    ['Conversion token', `${info.conversionToken} (a test token of the fake)`],
    ['Tag id', info.tagId],
    ['PostHog host', info.posthogUrl],
    ['PostHog API key', `${info.posthogApiKey} (any key is accepted)`],
    ['PostHog events (JSON)', info.posthogEventsUrl],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
  return `pinpair testkit is running; press Ctrl+C to stop.\n\n${lines.join('\n')}\n\n`;
}

function parseCliFlags(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      'posthog-port': { type: 'string' },
      host: { type: 'string' },
      'trust-forwarded-for': { type: 'boolean' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  const port = portFlag('--port', values.port, DEFAULT_CLI_PORT);
  const posthogPort = portFlag('--posthog-port', values['posthog-port'], DEFAULT_CLI_POSTHOG_PORT);
  checkDistinctPorts([
    { name: '--port', port, given: values.port !== undefined },
    { name: '--posthog-port', port: posthogPort, given: values['posthog-port'] !== undefined },
  ]);
  return {
    port,
    posthogPort,
    host: values.host ?? '127.0.0.1',
    trustForwardedFor: values['trust-forwarded-for'] ?? false,
    json: values.json ?? false,
    verbose: values.verbose ?? false,
    help: values.help ?? false,
  };
}

function portFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new RangeError(`${name} is ${JSON.stringify(value)}; use a port from 0 (any free port) to 65535.`);
  }
  return port;
}

/**
 * Throws when two servers would listen on the same port, which would otherwise surface as "address
 * already in use" from the second one. Port 0 may repeat, because each server gets its own free port.
 */
function checkDistinctPorts(ports: readonly { name: string; port: number; given: boolean }[]): void {
  for (const [index, first] of ports.entries()) {
    const second = ports.slice(index + 1).find((other) => other.port === first.port && other.port !== 0);
    if (!second) continue;
    const label = (flag: { name: string; given: boolean }) =>
      flag.given ? flag.name : `${flag.name} (by default)`;
    throw new RangeError(
      `${label(first)} and ${label(second)} are both ${first.port}; give each fake its own port, or 0 for a free one.`,
    );
  }
}
