// Parses the HTTP `Retry-After` header into a delay in milliseconds.

/**
 * Converts a `Retry-After` value (delay in seconds, or an HTTP date) into milliseconds from `nowMs`.
 * Returns undefined for a missing or invalid value; a date in the past gives 0.
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;

  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;

  // An HTTP date always names a weekday and month; without letters, Date.parse would accept '-5' or '1.5'.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}
