// Writes the script-tag build dist/pinpair.iife.js, which defines `window.pinpair.createTracker`.
import { fileURLToPath } from 'node:url';
import { bundleIife } from './bundle.mjs';

const outfile = fileURLToPath(new URL('../dist/pinpair.iife.js', import.meta.url));

await bundleIife({ outfile, sourcemap: true });
console.log(`Wrote ${outfile}`);
