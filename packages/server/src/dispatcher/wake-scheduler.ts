// Coalesces the dispatcher's wakes: one drain per short delay, or at once when a full batch is waiting.

/** Settings of {@link createWakeScheduler}. */
export interface WakeSchedulerOptions {
  /** Time from the first wake after a drain to the next drain, in milliseconds; 0 drains on every wake. */
  batchDelayMs: number;
  /** Wakes after which the drain starts at once, because a full batch is waiting. */
  maxBatchSize: number;
  /** Starts the drain. Called at most once per {@link WakeScheduler.reset}. */
  onDue: () => void;
}

/** Counts wakes since the last drain and decides when the next drain starts. */
export interface WakeScheduler {
  /** Records one wake, which stands for one enqueued event. */
  wake(): void;
  /** Forgets the wakes so far and cancels the pending timer, because a drain that covers them starts now. */
  reset(): void;
}

/**
 * Creates the scheduler. Each report() wakes the dispatcher, and draining on every wake made each
 * checkout pay for its own claim, request and settlement on the event loop that serves the next
 * checkouts. Here the first wake after a drain starts a timer of `batchDelayMs`, later wakes join
 * it, and the drain that follows sends them all in one request. The timer is a real one, unref'd
 * so it never keeps the process alive; the dispatcher's injected `sleep` only paces the interval.
 */
export function createWakeScheduler(options: WakeSchedulerOptions): WakeScheduler {
  let wakes = 0;
  let due = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function cancelTimer(): void {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
  }

  function fire(): void {
    cancelTimer();
    due = true;
    options.onDue();
  }

  function wake(): void {
    wakes += 1;
    if (due) return;
    if (options.batchDelayMs === 0 || wakes >= options.maxBatchSize) {
      fire();
      return;
    }
    if (timer !== undefined) return;
    timer = setTimeout(fire, options.batchDelayMs);
    timer.unref();
  }

  function reset(): void {
    wakes = 0;
    due = false;
    cancelTimer();
  }

  return { wake, reset };
}
