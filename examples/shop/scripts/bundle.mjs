// Bundles the shop's browser script (src/client/page.ts with posthog-js and @pinpair/browser) into
// public/shop.js with esbuild, and prints its size. Run: node scripts/bundle.mjs
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const shopDir = fileURLToPath(new URL('../', import.meta.url));
const packagesDir = fileURLToPath(new URL('../../../packages/', import.meta.url));

/**
 * Bundles the page script. The workspace packages resolve to their TypeScript sources, as they do in
 * the tests, so the bundle never carries a stale build of @pinpair/browser or @pinpair/core. A shop
 * outside this repository imports the published packages instead.
 *
 * @param {{ outfile?: string }} [options]
 * @returns {Promise<{ outfile: string, bytes: number, gzipBytes: number }>}
 */
export async function bundleShopScript(options = {}) {
  const outfile = options.outfile ?? `${shopDir}public/shop.js`;

  await build({
    entryPoints: [`${shopDir}src/client/page.ts`],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
    alias: {
      '@pinpair/browser': `${packagesDir}browser/src/index.ts`,
      '@pinpair/core': `${packagesDir}core/src/index.ts`,
    },
  });

  const code = await readFile(outfile);
  return { outfile, bytes: code.length, gzipBytes: gzipSync(code).length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { outfile, bytes, gzipBytes } = await bundleShopScript();
  const kilobytes = (count) => `${(count / 1024).toFixed(1)} KB`;
  console.log(`Bundled ${outfile}: ${kilobytes(bytes)} minified, ${kilobytes(gzipBytes)} gzipped.`);
}
