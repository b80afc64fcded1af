// Measures the browser weight of @pinpair/browser: the ESM entry (core included, posthog-js
// excluded) and the script-tag build, minified and gzipped at level 9, against the 3 KB budget.
//
// Run: pnpm --filter @pinpair/browser run size   (exits 1 when the ESM entry is over budget)
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundle, bundleIife, ENTRY } from './bundle.mjs';

/** Budget for the ESM entry, minified and gzipped, in bytes. */
export const ESM_GZIP_BUDGET_BYTES = 3072;

/**
 * @typedef {object} BundleSize
 * @property {number} minifiedBytes size of the minified bundle
 * @property {number} gzipBytes size of the minified bundle gzipped at level 9
 */

/**
 * @typedef {object} BrowserSize
 * @property {BundleSize} esm the ESM entry bundled as a storefront's bundler would, with core
 * @property {BundleSize} iife the script-tag build dist/pinpair.iife.js
 * @property {number} budgetBytes {@link ESM_GZIP_BUDGET_BYTES}
 * @property {boolean} withinBudget whether `esm.gzipBytes` is at most the budget
 * @property {{ path: string, minifiedBytes: number }[]} modules bytes each source module adds to the
 *   minified ESM bundle, largest first (before gzip, which does not split by module)
 */

/**
 * Bundles both builds in memory and measures them.
 *
 * @returns {Promise<BrowserSize>}
 */
export async function measureBrowserSize() {
  const esm = await bundle(ENTRY, { metafile: true, external: ['posthog-js'] });
  const iife = await bundleIife();
  const esmSize = measure(esm.outputFiles[0].contents);

  const output = Object.values(esm.metafile.outputs)[0];
  const modules = Object.entries(output.inputs)
    .map(([path, input]) => ({ path, minifiedBytes: input.bytesInOutput }))
    .filter((module) => module.minifiedBytes > 0)
    .sort((a, b) => b.minifiedBytes - a.minifiedBytes);

  return {
    esm: esmSize,
    iife: measure(iife.outputFiles[0].contents),
    budgetBytes: ESM_GZIP_BUDGET_BYTES,
    withinBudget: esmSize.gzipBytes <= ESM_GZIP_BUDGET_BYTES,
    modules,
  };
}

/** @param {Uint8Array} contents */
function measure(contents) {
  return { minifiedBytes: contents.byteLength, gzipBytes: gzipSync(contents, { level: 9 }).byteLength };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const size = await measureBrowserSize();
  console.log(
    `ESM entry (with core):  ${size.esm.minifiedBytes} B minified, ${size.esm.gzipBytes} B gzipped`,
  );
  console.log(
    `Script-tag build (IIFE): ${size.iife.minifiedBytes} B minified, ${size.iife.gzipBytes} B gzipped`,
  );
  console.log(`Budget for the ESM entry: ${size.budgetBytes} B gzipped`);
  console.log('\nMinified bytes per module in the ESM entry:');
  for (const module of size.modules)
    console.log(`  ${String(module.minifiedBytes).padStart(6)}  ${module.path}`);

  if (!size.withinBudget) {
    console.error(
      `\nThe ESM entry is ${size.esm.gzipBytes - size.budgetBytes} B over its ${size.budgetBytes} B budget.`,
    );
    process.exit(1);
  }
}
