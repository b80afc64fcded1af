#!/usr/bin/env node
// The `pinpair` command: runs the CLI built into dist/. pnpm links this file at install time, before
// a clone has built dist/, so the link exists and the command prints what to do.

import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);

if (existsSync(cli)) {
  await import(cli.href);
} else {
  console.error(
    'pinpair: dist/cli.js is missing because @pinpair/server is not built. Run `pnpm build` in the repository root first.',
  );
  process.exitCode = 1;
}
