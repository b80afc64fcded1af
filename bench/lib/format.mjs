// Formats measured numbers with their units for the printed table.

/**
 * Formats a byte count as bytes and KiB, e.g. `2468 B (2.41 KiB)`.
 *
 * @param {number} bytes
 * @returns {string}
 */
export function formatBytes(bytes) {
  return `${bytes} B (${(bytes / 1024).toFixed(2)} KiB)`;
}

/**
 * Formats a duration in milliseconds with three significant digits, e.g. `1.23 ms`.
 *
 * @param {number} ms
 * @returns {string}
 */
export function formatMs(ms) {
  return `${ms.toPrecision(3)} ms`;
}

/**
 * Formats a rate in events per second, rounded to three significant digits, e.g. `12,300 events/s`.
 *
 * @param {number} eventsPerSecond
 * @returns {string}
 */
export function formatRate(eventsPerSecond) {
  return `${Number(eventsPerSecond.toPrecision(3)).toLocaleString('en-US')} events/s`;
}

/**
 * Formats a ratio with two decimals, e.g. `1.03×`.
 *
 * @param {number} ratio
 * @returns {string}
 */
export function formatRatio(ratio) {
  return `${ratio.toFixed(ratio >= 100 ? 0 : 2)}×`;
}

/**
 * Formats a fraction as a percentage, e.g. `0.734` as `73.4 %`.
 *
 * @param {number} fraction
 * @returns {string}
 */
export function formatPercent(fraction) {
  return `${(fraction * 100).toFixed(1)} %`;
}

/**
 * Formats a byte count as MiB with one decimal, e.g. `12.3 MiB`.
 *
 * @param {number} bytes
 * @returns {string}
 */
export function formatMiB(bytes) {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
