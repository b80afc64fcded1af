// Records the timed sections of a benchmark, so top-frames.mjs can count only their CPU samples.

/**
 * @typedef {object} ProfileWindow
 * @property {string} label what was timed, e.g. `batched`
 * @property {number} startUs `process.hrtime` in microseconds, the clock of V8's CPU profiles
 * @property {number} endUs
 */

/** @type {ProfileWindow[]} */
const windows = [];

/**
 * Records that the section `label` ran from `startNs` until now (`process.hrtime.bigint()` values).
 *
 * @param {string} label
 * @param {bigint} startNs
 */
export function recordWindow(label, startNs) {
  windows.push({ label, startUs: Number(startNs / 1000n), endUs: Number(process.hrtime.bigint() / 1000n) });
}

/**
 * Returns the windows recorded so far in this process.
 *
 * @returns {ProfileWindow[]}
 */
export function recordedWindows() {
  return [...windows];
}
