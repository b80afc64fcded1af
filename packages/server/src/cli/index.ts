// Re-exports the CLI runner.

export { type CliIo, EXIT_CODES, type ExitCode, type TextOutput } from './cli-io.js';
export { CLI_HELP, defaultCliIo, runCli } from './run-cli.js';
