// Entry point of the `pinpair` command: picks the subcommand and turns errors into exit codes.

import { type CliIo, EXIT_CODES, type ExitCode, writeLine } from './cli-io.js';
import { runLint } from './lint-command.js';
import { runDeadLetters, runOutbox } from './outbox-commands.js';
import { runSendTest } from './send-test.js';

/** Help text of `pinpair`. */
export const CLI_HELP = `Usage: pinpair <command> [options]

Commands:
  send-test      Send one valid event with test=true and print Pinterest's result
  outbox         Count outbox events by state
  dead-letters   List dead letters, or replay them with --replay ID... or --replay-all
  lint FILE      Check a CAPI event or batch (JSON) with pinpair's linter

Run pinpair <command> --help for a command's options.`;

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<ExitCode>> = {
  'send-test': runSendTest,
  outbox: runOutbox,
  'dead-letters': runDeadLetters,
  lint: runLint,
};

/**
 * Runs the CLI with `args` (without `node` and the script path) and returns the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), defaultCliIo());
 * ```
 */
export async function runCli(args: string[], io: CliIo): Promise<ExitCode> {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    writeLine(command === undefined ? io.stderr : io.stdout, CLI_HELP);
    return command === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
  }

  const run = COMMANDS[command];
  if (run === undefined) {
    writeLine(io.stderr, `pinpair: unknown command ${JSON.stringify(command)}.`);
    writeLine(io.stderr, CLI_HELP);
    return EXIT_CODES.usage;
  }

  try {
    return await run(rest, io);
  } catch (error) {
    if (isUsageError(error)) {
      writeLine(io.stderr, `pinpair ${command}: ${(error as Error).message}. Run pinpair ${command} --help.`);
      return EXIT_CODES.usage;
    }
    writeLine(
      io.stderr,
      `pinpair ${command} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return EXIT_CODES.failed;
  }
}

/** Returns the real process's environment, streams and fetch. */
export function defaultCliIo(): CliIo {
  return {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    fetch: globalThis.fetch,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** Node's `parseArgs` marks unknown options and missing values with `ERR_PARSE_ARGS_*` codes. */
function isUsageError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
