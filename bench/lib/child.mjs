// Entry point of a benchmark process forked by isolate.mjs; sends the result to the parent over IPC.

import { writeFile } from 'node:fs/promises';

import { benchmarkModuleUrl } from '../benchmarks.mjs';
import { recordedWindows } from './profile-windows.mjs';

const [name, mode, windowsPath] = process.argv.slice(2);
if (name === undefined || process.send === undefined) {
  console.error('child.mjs runs only when forked by bench/lib/isolate.mjs with a benchmark name.');
  process.exit(2);
}

/** @param {string} message */
function log(message) {
  process.stderr.write(`  [${name}] ${message}\n`);
}

try {
  const suite = await import(benchmarkModuleUrl(name).href);
  const result = await suite.run({ quick: mode === '--quick', log });
  if (windowsPath !== undefined) {
    await writeFile(windowsPath, `${JSON.stringify(recordedWindows(), null, 2)}\n`);
  }
  process.send({ ok: true, result }, () => process.exit(0));
} catch (error) {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.send({ ok: false, error: text }, () => process.exit(1));
}
