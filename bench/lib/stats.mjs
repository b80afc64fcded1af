// Order statistics for benchmark samples: the median and nearest-rank percentiles.

/**
 * Returns the median of `values`, the mean of the two middle values when the count is even.
 *
 * @param {readonly number[]} values
 * @returns {number}
 */
export function median(values) {
  if (values.length === 0) {
    throw new RangeError('`values` is empty: a median needs at least one sample.');
  }

  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  const lower = sorted[middle - 1] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : (lower + upper) / 2;
}

/**
 * Returns the `percent`th percentile of `values` by the nearest-rank method: the smallest sample
 * that is at least `percent` % of all samples, so p99 of 1000 samples is the 990th smallest.
 *
 * @param {readonly number[]} values
 * @param {number} percent between 0 (exclusive) and 100
 * @returns {number}
 */
export function percentile(values, percent) {
  if (values.length === 0) {
    throw new RangeError('`values` is empty: a percentile needs at least one sample.');
  }
  if (!(percent > 0 && percent <= 100)) {
    throw new RangeError(`\`percent\` is ${percent}: pass a number above 0 and at most 100.`);
  }

  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((percent / 100) * sorted.length);
  return sorted[rank - 1] ?? Number.NaN;
}
