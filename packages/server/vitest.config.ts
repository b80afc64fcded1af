import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      name: 'server',
      environment: 'node',
      // The crash and CLI tests run the built dist/ in child processes.
      globalSetup: ['./src/__tests__/build-dist.ts'],
    },
  }),
);
