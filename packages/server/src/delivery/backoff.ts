// Exponential backoff with full jitter, and how it combines with Pinterest's Retry-After.

/** Settings of {@link computeRetryDelayMs}. */
export interface BackoffSettings {
  /** Upper bound of the first retry's delay, in milliseconds; each further failure doubles it. */
  baseDelayMs: number;
  /** Ceiling of the doubled bound, in milliseconds. */
  maxBackoffMs: number;
  /** Uniform random number in [0, 1); injected so tests are deterministic. */
  random: () => number;
}

/**
 * Computes the delay before the next attempt after `failures` consecutive failures (1 for the
 * first), using full jitter: a uniform draw in [0, min(maxBackoffMs, baseDelayMs · 2^(failures−1))).
 * Full jitter spreads the retries of many senders instead of synchronizing them.
 *
 * A `Retry-After` delay from Pinterest is a floor: the result is never shorter, even when it exceeds
 * `maxBackoffMs`, because retrying earlier only earns another 429.
 */
export function computeRetryDelayMs(
  failures: number,
  settings: BackoffSettings,
  retryAfterMs?: number | undefined,
): number {
  const exponent = Math.max(0, failures - 1);
  const bound = Math.min(settings.maxBackoffMs, settings.baseDelayMs * 2 ** Math.min(exponent, 30));
  const jittered = Math.floor(settings.random() * bound);
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}
