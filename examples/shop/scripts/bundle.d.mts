// Types of bundle.mjs, for TypeScript callers such as the end-to-end tests' global setup.

/** Bundles src/client/page.ts into public/shop.js (or `outfile`) and returns its size in bytes. */
export function bundleShopScript(options?: {
  outfile?: string;
}): Promise<{ outfile: string; bytes: number; gzipBytes: number }>;
