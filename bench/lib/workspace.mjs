// Loads the built workspace packages (dist/), with an error that says how to build them.

import { existsSync } from 'node:fs';

/**
 * Imports `packages/<name>/dist/index.js`. Benchmarks measure the built JavaScript that users run,
 * not the TypeScript sources.
 *
 * @param {'core' | 'server' | 'testkit' | 'browser'} name
 * @returns {Promise<any>}
 */
export async function importBuilt(name) {
  const url = new URL(`../../packages/${name}/dist/index.js`, import.meta.url);
  if (!existsSync(url)) {
    throw new Error(`${url.pathname} is missing; run \`pnpm run build\` first (\`pnpm bench\` does).`);
  }
  return import(url.href);
}
