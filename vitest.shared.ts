// Settings every project's vitest.config.ts shares: workspace packages resolve to their TypeScript
// sources, so tests run against the code as written rather than against a stale build.
import { fileURLToPath } from 'node:url';
import type { UserConfig } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));

export const sharedConfig = {
  resolve: {
    alias: [
      { find: /^@pinpair\/([a-z]+)$/, replacement: `${packagesDir}$1/src/index.ts` },
      { find: /^@pinpair\/([a-z]+)\/([a-z-]+)$/, replacement: `${packagesDir}$1/src/$2.ts` },
    ],
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
} satisfies UserConfig;
