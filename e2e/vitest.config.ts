// End-to-end tests: real Chromium shops in the example store against the testkit's fakes. Files run
// one at a time because each starts a browser, and the machine's cores are shared.
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../vitest.shared.js';

const shopSource = fileURLToPath(new URL('../examples/shop/src/index.ts', import.meta.url));

export default mergeConfig(
  sharedConfig,
  defineConfig({
    resolve: { alias: [{ find: /^@pinpair\/example-shop$/, replacement: shopSource }] },
    test: {
      name: 'e2e',
      environment: 'node',
      globalSetup: ['./global-setup.ts'],
      fileParallelism: false,
      testTimeout: 90_000,
      hookTimeout: 120_000,
    },
  }),
);
