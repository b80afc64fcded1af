// Runs one benchmark in its own Node process, so heaps, JIT state and RSS do not carry over.

import { fork } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const childScript = fileURLToPath(new URL('./child.mjs', import.meta.url));

/**
 * Directory for `--cpu-prof` output, ignored by git.
 */
export const PROFILE_DIR = fileURLToPath(new URL('../../.pinpair/bench-profiles/', import.meta.url));

/**
 * @typedef {object} Row one line of the printed table
 * @property {string} measure what was measured, e.g. `ESM entry, min+gzip`
 * @property {string} result the measured value with its unit
 * @property {string} [target] the target, e.g. `≤ 3 KB`
 * @property {boolean} [met] whether the target was met; absent for rows without a target
 */

/**
 * @typedef {object} BenchResult
 * @property {Record<string, unknown>} figures machine-readable numbers, written to results.json
 * @property {Row[]} rows
 */

/**
 * Forks `child.mjs` for benchmark `name`, forwards its progress output, and resolves with the
 * result it sends over IPC. Rejects with the child's error message when the benchmark throws, or
 * when the process exits without a result.
 *
 * @param {string} name
 * @param {{ quick: boolean, cpuProf: boolean }} options
 * @returns {Promise<BenchResult>}
 */
export function runIsolated(name, options) {
  const execArgv = ['--expose-gc'];
  const childArgs = [name, options.quick ? '--quick' : '--full'];
  if (options.cpuProf) {
    // The child writes the timed sections to <base>.windows.json beside <base>.cpuprofile.
    const base = `${name}-${Date.now()}`;
    mkdirSync(PROFILE_DIR, { recursive: true });
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${base}.cpuprofile`);
    childArgs.push(join(PROFILE_DIR, `${base}.windows.json`));
  }

  return new Promise((resolve, reject) => {
    const child = fork(childScript, childArgs, {
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });

    /** @type {{ ok: true, result: BenchResult } | { ok: false, error: string } | undefined} */
    let message;
    child.on('message', (received) => {
      message = /** @type {typeof message} */ (received);
    });

    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (message?.ok) {
        resolve(message.result);
      } else if (message) {
        reject(new Error(message.error));
      } else {
        reject(
          new Error(`the benchmark process exited with ${signal ?? `code ${code}`} before sending a result`),
        );
      }
    });
  });
}
