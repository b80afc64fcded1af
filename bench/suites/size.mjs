// Browser size: the ESM entry and the script-tag build, minified and gzipped, via size.mjs.

import { formatBytes } from '../lib/format.mjs';

const SIZE_SCRIPT = new URL('../../packages/browser/scripts/size.mjs', import.meta.url);

/**
 * Bundles and measures both builds once: esbuild output for a fixed source is deterministic, so
 * repeated runs would give the same bytes.
 *
 * @param {{ log: (message: string) => void }} context
 * @returns {Promise<import('../lib/isolate.mjs').BenchResult>}
 */
export async function run({ log }) {
  const { measureBrowserSize } = await import(SIZE_SCRIPT.href);
  const size = await measureBrowserSize();
  log(`ESM ${size.esm.gzipBytes} B gzipped, IIFE ${size.iife.gzipBytes} B gzipped`);

  return {
    figures: {
      esmMinifiedBytes: size.esm.minifiedBytes,
      esmGzipBytes: size.esm.gzipBytes,
      iifeMinifiedBytes: size.iife.minifiedBytes,
      iifeGzipBytes: size.iife.gzipBytes,
      esmGzipBudgetBytes: size.budgetBytes,
      largestModules: size.modules.slice(0, 8),
    },
    rows: [
      {
        measure: 'ESM entry, min+gzip (without posthog-js)',
        result: formatBytes(size.esm.gzipBytes),
        target: `≤ ${formatBytes(size.budgetBytes)}`,
        met: size.withinBudget,
      },
      { measure: 'ESM entry, minified', result: formatBytes(size.esm.minifiedBytes) },
      { measure: 'Script-tag build (IIFE), min+gzip', result: formatBytes(size.iife.gzipBytes) },
      { measure: 'Script-tag build (IIFE), minified', result: formatBytes(size.iife.minifiedBytes) },
    ],
  };
}
