// Measures the browser weight of @pinpair/browser: the ESM entry (core included, posthog-js
// excluded) and the script-tag build, minified and gzipped at level 9, against the 3 KB budget.
//
// Run: pnpm --filter @pinpair/browser run size   (exits 1 when the ESM entry is over budget)
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
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
 * @property {{ path: string, minifiedBytes: number, gzipBytes: number }[]} modules what each source
 *   module adds to the ESM entry, largest minified first: `minifiedBytes` from esbuild's metafile, and
 *   `gzipBytes`, an estimate, by how much the gzipped bundle shrinks without the module's code
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
  const gzipBytesByModule = await estimateGzipBytesByModule();

  const output = Object.values(esm.metafile.outputs)[0];
  const modules = Object.entries(output.inputs)
    .map(([path, input]) => ({
      path,
      minifiedBytes: input.bytesInOutput,
      gzipBytes: gzipBytesByModule.get(path) ?? 0,
    }))
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

/**
 * Estimates the gzipped bytes of each module in the ESM entry. gzip does not split by module, so this
 * bundles without minifying, where esbuild opens each module's code with a `// <path>` line, then
 * minifies and gzips the whole code once with and once without each module. The two sizes differ by
 * the module's share, give or take a few bytes of gzip's coding of the rest.
 *
 * @returns {Promise<Map<string, number>>} the share in bytes by module path, as in the metafile
 */
async function estimateGzipBytesByModule() {
  const readable = await bundle(ENTRY, { external: ['posthog-js'], minify: false });
  // The closing export statement names bindings of several modules, so it would not minify without them.
  const code = readable.outputFiles[0].text.replace(/export \{[^}]*\};\s*$/, '');

  // The first part contains what comes before any module, such as esbuild's helpers.
  /** @type {{ path: string, lines: string[] }[]} */
  const modules = [{ path: '', lines: [] }];
  for (const line of code.split('\n')) {
    const path = /^\/\/ (\S+\.ts)$/.exec(line)?.[1];
    if (path) modules.push({ path, lines: [] });
    else modules.at(-1)?.lines.push(line);
  }

  const gzipBytesOf = async (/** @type {{ lines: string[] }[]} */ parts) => {
    const text = parts.map((part) => part.lines.join('\n')).join('\n');
    const minified = await esbuild.transform(text, {
      minify: true,
      format: 'esm',
      target: 'es2020',
      treeShaking: false,
    });
    return gzipSync(minified.code, { level: 9 }).byteLength;
  };
  const wholeBytes = await gzipBytesOf(modules);

  const shares = new Map();
  for (const module of modules.slice(1)) {
    shares.set(module.path, wholeBytes - (await gzipBytesOf(modules.filter((other) => other !== module))));
  }
  return shares;
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
  console.log('\nBytes per module in the ESM entry (minified; gzipped, estimated):');
  for (const module of size.modules) {
    console.log(
      `  ${String(module.minifiedBytes).padStart(6)}  ${String(module.gzipBytes).padStart(5)}  ${module.path}`,
    );
  }

  if (!size.withinBudget) {
    console.error(
      `\nThe ESM entry is ${size.esm.gzipBytes - size.budgetBytes} B over its ${size.budgetBytes} B budget.`,
    );
    process.exit(1);
  }
}
