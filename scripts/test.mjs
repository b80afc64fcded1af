// The test command: installs dependencies if needed, checks that Chromium is there, builds every
// package and runs every vitest project (unit, integration, Chromium and end-to-end tests).
import { existsSync } from 'node:fs';
import { ensureInstalled, runPnpm } from './bootstrap.mjs';

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
runPnpm(['exec', 'vitest', 'run', ...process.argv.slice(2)]);
