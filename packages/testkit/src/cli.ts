#!/usr/bin/env node
// Entry point of the pinpair-testkit command; the work happens in cli-run.ts.

import { runCli } from './cli-run.js';

const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stopRequested,
});
