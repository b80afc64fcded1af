// Types of bundle.mjs, for the TypeScript tests that import it.
import type { BuildOptions, BuildResult } from 'esbuild';

/** Absolute path of the package's public entry. */
export declare const ENTRY: string;
/** Absolute path of @pinpair/core's public entry. */
export declare const CORE_ENTRY: string;
/** Bundles `entry` for browsers; the output is in memory (`outputFiles`) unless `options.outfile` is given. */
export declare function bundle(
  entry: string,
  options?: BuildOptions,
): Promise<BuildResult<BuildOptions & { outputFiles: true }> & { outputFiles: { text: string }[] }>;
/** Bundles the package as the script-tag build that defines `window.pinpair`. */
export declare function bundleIife(options?: BuildOptions): ReturnType<typeof bundle>;
