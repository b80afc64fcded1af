import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// Unit tests run in happy-dom; the Chromium tests launch a real browser themselves through
// playwright-core and use the node environment (see the `// @vitest-environment node` pragma).
export default mergeConfig(
  sharedConfig,
  defineConfig({ test: { name: 'browser', environment: 'happy-dom' } }),
);
