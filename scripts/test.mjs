// The test command: installs dependencies if needed, checks that Chromium is there, builds every
// package and runs every vitest project (unit, integration, Chromium and end-to-end tests).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureInstalled, pnpmCommand, rootDir, runPnpm } from './bootstrap.mjs';

const chromiumPath = process.env.PINPAIR_CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.error(
    `Chromium was not found at ${chromiumPath}. The browser and end-to-end tests need it.\n` +
      'Install it (Debian/Ubuntu: `sudo apt-get install chromium`) or set PINPAIR_CHROMIUM_PATH to a\n' +
      "Chromium or Chrome binary, for example Playwright's own (`npx playwright install chromium`).",
  );
  process.exit(1);
}

ensureInstalled();
runPnpm(['run', 'build']);

// Vitest's JSON report gives the totals for one plain closing line, which CI systems read.
const reportDir = mkdtempSync(join(tmpdir(), 'pinpair-test-'));
const reportFile = join(reportDir, 'vitest.json');
const [command, ...prefix] = pnpmCommand();
const vitest = spawnSync(
  command,
  [
    ...prefix,
    'exec',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reportFile}`,
    ...process.argv.slice(2),
  ],
  { cwd: rootDir, stdio: 'inherit' },
);

if (existsSync(reportFile)) {
  const totals = JSON.parse(readFileSync(reportFile, 'utf8'));
  const skipped = totals.numPendingTests + totals.numTodoTests;
  console.log(`${totals.numPassedTests} passed, ${totals.numFailedTests} failed, ${skipped} skipped`);
}
rmSync(reportDir, { recursive: true, force: true });
process.exit(vitest.status ?? 1);
