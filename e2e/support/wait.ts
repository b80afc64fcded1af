// Waits for a condition by polling it until a deadline, so tests never sleep for a fixed time.

/** Options of {@link waitFor}. */
export interface WaitOptions {
  /** What is awaited, for the timeout message. */
  description: string;
  /** @default 15000 */
  timeoutMs?: number;
  /** @default 50 */
  intervalMs?: number;
}

/**
 * Calls `probe` until it returns a value other than `undefined`, `null` or `false`, and returns that
 * value. A probe that throws counts as not yet.
 *
 * @throws {Error} naming `description` and the last probe error after `timeoutMs`.
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  options: WaitOptions,
): Promise<Exclude<T, undefined | null | false>> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let lastError: unknown;

  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false)
        return value as Exclude<T, undefined | null | false>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? ` Last error: ${lastError.message}` : '';
      throw new Error(
        `Timed out after ${options.timeoutMs ?? 15_000} ms waiting for ${options.description}.${reason}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}
