// esbuild settings shared by the script-tag build, the size script and the Chromium tests. They
// bundle from the TypeScript sources, with @pinpair/core resolved to its sources too, so that no
// stale dist/ can hide in a measurement or a test.
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/** Absolute path of the package's public entry. */
export const ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/** Absolute path of @pinpair/core's public entry. */
export const CORE_ENTRY = fileURLToPath(new URL('../../core/src/index.ts', import.meta.url));

/** Resolves `@pinpair/core` to {@link CORE_ENTRY} instead of the package's built dist/. */
const coreFromSource = {
  name: 'pinpair-core-source',
  setup(build) {
    build.onResolve({ filter: /^@pinpair\/core$/ }, () => ({ path: CORE_ENTRY }));
  },
};

/**
 * Bundles `entry` for browsers and returns esbuild's result, with the output in memory
 * (`outputFiles`) unless `options.outfile` is given.
 *
 * @param {string} entry absolute path of the entry module
 * @param {import('esbuild').BuildOptions} options esbuild options that override the defaults
 * @returns {Promise<import('esbuild').BuildResult>}
 */
export function bundle(entry, options = {}) {
  return esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    target: 'es2020',
    format: 'esm',
    minify: true,
    legalComments: 'none',
    write: options.outfile !== undefined,
    logLevel: 'silent',
    plugins: [coreFromSource],
    ...options,
  });
}

/**
 * Bundles the package as the script-tag build: an IIFE that defines `window.pinpair`, whose
 * `createTracker` is the ESM entry's.
 *
 * @param {import('esbuild').BuildOptions} options esbuild options that override the defaults
 * @returns {Promise<import('esbuild').BuildResult>}
 */
export function bundleIife(options = {}) {
  return bundle(ENTRY, { format: 'iife', globalName: 'pinpair', ...options });
}
