// The inputs and outputs every CLI command receives: environment, streams, stdin and fetch.

/** A writable text stream, such as `process.stdout`. */
export interface TextOutput {
  write(text: string): unknown;
}

/** The inputs and outputs of one CLI run; tests pass their own. */
export interface CliIo {
  /** Environment variables. */
  env: Record<string, string | undefined>;
  /** Stream for results. */
  stdout: TextOutput;
  /** Stream for errors and diagnostics. */
  stderr: TextOutput;
  /** Reads standard input, for `pinpair lint -`. */
  readStdin: () => Promise<string>;
  /** The `fetch` used by `send-test`. */
  fetch: typeof globalThis.fetch;
}

/** Exit codes: success, a failed check or request, and a usage mistake. */
export const EXIT_CODES = Object.freeze({ ok: 0, failed: 1, usage: 2 } as const);

/** A command's result as an exit code. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** Writes one line. */
export function writeLine(output: TextOutput, text = ''): void {
  output.write(`${text}\n`);
}
