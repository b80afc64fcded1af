// Reads and atomically writes bench/results.json, merging a partial (`--only`) run into it.

import { readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * Path of the results file, next to run.mjs.
 */
export const RESULTS_PATH = fileURLToPath(new URL('../results.json', import.meta.url));

const TEMPORARY_PATH = `${RESULTS_PATH}.tmp`;

/**
 * Version of the file layout; bump it when a field changes meaning.
 */
const SCHEMA_VERSION = 1;

/**
 * @typedef {object} BenchmarkEntry
 * @property {string} title
 * @property {string} measuredAt ISO 8601 time the benchmark finished
 * @property {boolean} quick whether the benchmark ran with `--quick`
 * @property {import('./machine.mjs').MachineInfo} machine
 * @property {Record<string, unknown>} [figures]
 * @property {import('./isolate.mjs').Row[]} [rows]
 * @property {string} [error] the failure, when the benchmark threw
 */

/**
 * Writes `entries` into bench/results.json. Entries of benchmarks that did not run this time are
 * kept from the existing file, each with its own `measuredAt`, `quick` and `machine`. The file is
 * written to results.json.tmp and renamed, so a reader never sees a half-written file.
 *
 * @param {Record<string, BenchmarkEntry>} entries
 * @param {{ machine: import('./machine.mjs').MachineInfo, command: string }} run
 * @param {(message: string) => void} warn receives the reason an existing file was not merged
 * @returns {Promise<void>}
 */
export async function writeResults(entries, run, warn) {
  const previous = await readPreviousEntries(warn);

  const document = {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: new Date().toISOString(),
    command: run.command,
    machine: run.machine,
    benchmarks: { ...previous, ...entries },
  };

  await writeFile(TEMPORARY_PATH, `${JSON.stringify(document, null, 2)}\n`);
  await rename(TEMPORARY_PATH, RESULTS_PATH);
}

/**
 * Returns the benchmark entries of the existing results file, or none when it is missing, cannot
 * be parsed or has another schema version (the last two with a warning).
 *
 * @param {(message: string) => void} warn
 * @returns {Promise<Record<string, BenchmarkEntry>>}
 */
async function readPreviousEntries(warn) {
  let text;
  try {
    text = await readFile(RESULTS_PATH, 'utf8');
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') {
      return {};
    }
    throw error;
  }

  let document;
  try {
    document = JSON.parse(text);
  } catch (error) {
    warn(`${RESULTS_PATH} is not valid JSON (${/** @type {Error} */ (error).message}); it is replaced.`);
    return {};
  }

  if (document?.schemaVersion !== SCHEMA_VERSION) {
    warn(
      `${RESULTS_PATH} has schema version ${document?.schemaVersion}, not ${SCHEMA_VERSION}; it is replaced.`,
    );
    return {};
  }
  return document.benchmarks ?? {};
}
