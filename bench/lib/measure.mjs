// Runs a benchmark body as warm-up runs followed by measured runs.

import { median } from './stats.mjs';

/**
 * @typedef {object} RunPlan
 * @property {number} warmupRuns runs whose results are discarded (JIT, caches, connection pools)
 * @property {number} measuredRuns runs whose results are kept
 */

/**
 * Calls `runOnce` `plan.warmupRuns` times and discards the results, then `plan.measuredRuns` times
 * and returns those results in order. `runOnce` receives the zero-based index among its kind and
 * whether the run is a warm-up, so it can alternate the order of what it compares and label its
 * progress output.
 *
 * @template T
 * @param {RunPlan} plan
 * @param {(run: { index: number, warmup: boolean }) => Promise<T>} runOnce
 * @returns {Promise<T[]>}
 */
export async function measureRuns(plan, runOnce) {
  for (let index = 0; index < plan.warmupRuns; index++) {
    await runOnce({ index, warmup: true });
  }

  const runs = [];
  for (let index = 0; index < plan.measuredRuns; index++) {
    runs.push(await runOnce({ index, warmup: false }));
  }
  return runs;
}

/**
 * Returns the median of one numeric field over the runs.
 *
 * @template T
 * @param {T[]} runs
 * @param {(run: T) => number} pick
 * @returns {number}
 */
export function medianOf(runs, pick) {
  return median(runs.map(pick));
}

/**
 * Returns the time since `startNs` (from `process.hrtime.bigint()`) in milliseconds.
 *
 * @param {bigint} startNs
 * @returns {number}
 */
export function elapsedMs(startNs) {
  return Number(process.hrtime.bigint() - startNs) / 1e6;
}
