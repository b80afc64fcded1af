// Runs every package's tests as one vitest run; each project has its own vitest.config.ts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*', 'e2e'],
  },
});
