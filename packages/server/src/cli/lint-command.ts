// `pinpair lint FILE`: runs core's CAPI linter on a JSON event or batch.

import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { lintCapiBatch, lintCapiEvent, type Problem } from '@pinpair/core';
import { type CliIo, EXIT_CODES, type ExitCode, writeLine } from './cli-io.js';

/** Help text of `pinpair lint`. */
export const LINT_HELP = `Usage: pinpair lint FILE [--json]

Checks a Conversions API event or batch against Pinterest's rules with pinpair's linter.
FILE holds one event object, an array of events, or a request body { "data": [...] }; use - for stdin.

Options:
  --json    Print the problems as JSON
  --help    Show this help

Exit code: 0 without errors (warnings allowed), 1 with errors, 2 for a usage mistake.`;

/** Runs `pinpair lint`. */
export async function runLint(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help === true) {
    writeLine(io.stdout, LINT_HELP);
    return EXIT_CODES.ok;
  }
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) {
    writeLine(io.stderr, 'pinpair lint: expected exactly one FILE.');
    writeLine(io.stderr, LINT_HELP);
    return EXIT_CODES.usage;
  }

  let text: string;
  try {
    text = file === '-' ? await io.readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    writeLine(io.stderr, `pinpair lint: cannot read ${file}: ${(error as Error).message}`);
    return EXIT_CODES.failed;
  }

  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    writeLine(io.stderr, `pinpair lint: ${file} is not valid JSON: ${(error as Error).message}`);
    return EXIT_CODES.failed;
  }

  const isBatch =
    Array.isArray(payload) || (typeof payload === 'object' && payload !== null && 'data' in payload);
  const problems = isBatch ? lintCapiBatch(payload) : lintCapiEvent(payload);
  const errors = problems.filter((problem) => problem.severity === 'error').length;

  if (values.json === true) writeLine(io.stdout, JSON.stringify(problems, null, 2));
  else printProblems(io, problems, errors, isBatch ? 'request body' : 'event');
  return errors > 0 ? EXIT_CODES.failed : EXIT_CODES.ok;
}

/**
 * Prints one line per problem and the totals. A problem about the whole payload has an empty path,
 * so its line names the payload (`error (event): …`) instead.
 */
function printProblems(io: CliIo, problems: Problem[], errors: number, payloadName: string): void {
  for (const problem of problems) {
    const location = problem.path === '' ? `(${payloadName})` : problem.path;
    writeLine(io.stdout, `${problem.severity} ${location}: ${problem.message} (${problem.code})`);
  }
  const warnings = problems.length - errors;
  writeLine(
    io.stdout,
    `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,
  );
}
