// Loads the built workspace packages (dist/), naming the build command when one is missing.

import { existsSync } from 'node:fs';

/** Directory of each workspace package the benchmarks load, relative to the repository root. */
const PACKAGE_DIRECTORIES = {
  core: 'packages/core',
  server: 'packages/server',
  testkit: 'packages/testkit',
  shop: 'examples/shop',
};

/**
 * Imports `<package>/dist/index.js`. Benchmarks measure the built JavaScript that users run, not
 * the TypeScript sources.
 *
 * @param {keyof typeof PACKAGE_DIRECTORIES} name
 * @returns {Promise<any>}
 */
export async function importBuilt(name) {
  const url = new URL(`../../${PACKAGE_DIRECTORIES[name]}/dist/index.js`, import.meta.url);
  if (!existsSync(url)) {
    throw new Error(`${url.pathname} is missing; run \`pnpm run build\` first (\`pnpm bench\` does).`);
  }
  return import(url.href);
}
