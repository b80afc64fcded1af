#!/usr/bin/env node
// The `pinpair` executable: runs the CLI with the process's arguments and sets the exit code.

import { defaultCliIo, runCli } from './cli/run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), defaultCliIo());
