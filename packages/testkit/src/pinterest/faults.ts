// Fault injection for the fake Conversions API: failures for the next N requests, and a rate budget.

/** A failure that the fake returns for the next requests. */
export type FaultSpec =
  | { status: 429; retryAfterSeconds?: number }
  | { status: 500 }
  | { status: 503 }
  | { kind: 'hang' }
  | { kind: 'reset' };

/** Faults armed right now, as `GET /_testkit/faults` returns them. */
export interface FaultState {
  /** Faults still to serve, in order, each with how many requests it still applies to. */
  pending: { fault: FaultSpec; remaining: number }[];
  /** Requests allowed per ad account per minute, or null for no limit. */
  rateBudgetPerMinute: number | null;
}

/** Controls the failures of the fake Conversions API. */
export interface FaultControls {
  /**
   * Makes the next `count` event requests fail with `fault`: 429 with `Retry-After` (code 8), 500,
   * 503 (code 4197), a hang that never responds (the client's timeout has to end it), or a reset
   * connection. Calls queue up: a second call applies after the first one's requests are used.
   *
   * @example
   * ```ts
   * pinterest.faults.failNext(2, { status: 429, retryAfterSeconds: 1 });
   * ```
   */
  failNext(count: number, fault: FaultSpec): void;
  /**
   * Allows `perMinute` event requests per ad account per clock minute (a fixed window on the
   * injected clock) and responds to the rest with 429 and code 8; `null` removes the limit. Pinterest
   * publishes 5,000 calls per minute per ad account for this endpoint.
   */
  setRateBudget(perMinute: number | null): void;
  /** Removes pending faults and the rate budget. */
  clear(): void;
  /** Returns what is armed. */
  state(): FaultState;
}

/** Outcome of charging one request to the rate budget. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const MINUTE_MS = 60_000;

/** Checks `fault` and throws a `TypeError` that describes the valid faults. */
export function validateFaultSpec(fault: unknown): FaultSpec {
  const candidate = (fault ?? {}) as Record<string, unknown>;
  if (candidate.kind === 'hang' || candidate.kind === 'reset') return { kind: candidate.kind };
  if (candidate.status === 500 || candidate.status === 503) return { status: candidate.status };
  if (candidate.status === 429) {
    const retryAfterSeconds = candidate.retryAfterSeconds;
    if (retryAfterSeconds === undefined) return { status: 429 };
    if (
      typeof retryAfterSeconds === 'number' &&
      Number.isInteger(retryAfterSeconds) &&
      retryAfterSeconds >= 0
    ) {
      return { status: 429, retryAfterSeconds };
    }
    throw new RangeError(
      `\`retryAfterSeconds\` is ${String(retryAfterSeconds)}; use a whole number of seconds, 0 or more.`,
    );
  }
  throw new TypeError(
    `The fault ${JSON.stringify(fault)} is not supported; use { status: 429, retryAfterSeconds }, { status: 500 }, { status: 503 }, { kind: 'hang' } or { kind: 'reset' }.`,
  );
}

/** Checks how many requests a fault applies to and throws a `RangeError` naming the fix. */
export function validateFaultCount(count: unknown): number {
  if (typeof count === 'number' && Number.isInteger(count) && count > 0) return count;
  throw new RangeError(`\`count\` is ${String(count)}; use a whole number of requests above 0.`);
}

/** Checks a rate budget (requests per minute, or null for no limit) and throws a `RangeError` naming the fix. */
export function validateRateBudget(perMinute: unknown): number | null {
  if (
    perMinute === null ||
    (typeof perMinute === 'number' && Number.isInteger(perMinute) && perMinute >= 0)
  ) {
    return perMinute;
  }
  throw new RangeError(
    `\`perMinute\` is ${String(perMinute)}; use a whole number of requests, or null for no limit.`,
  );
}

/** The fault state of one fake, with the calls the request handler makes. */
export class FaultController implements FaultControls {
  private pending: { fault: FaultSpec; remaining: number }[] = [];
  private rateBudgetPerMinute: number | null = null;
  private readonly windows = new Map<string, { startMs: number; count: number }>();

  failNext(count: number, fault: FaultSpec): void {
    this.pending.push({ fault: validateFaultSpec(fault), remaining: validateFaultCount(count) });
  }

  setRateBudget(perMinute: number | null): void {
    this.rateBudgetPerMinute = validateRateBudget(perMinute);
    this.windows.clear();
  }

  clear(): void {
    this.pending = [];
    this.rateBudgetPerMinute = null;
    this.windows.clear();
  }

  state(): FaultState {
    return {
      pending: this.pending.map((entry) => ({ fault: { ...entry.fault }, remaining: entry.remaining })),
      rateBudgetPerMinute: this.rateBudgetPerMinute,
    };
  }

  /** Returns the fault for the current request, if one is armed, and uses it up. */
  takeFault(): FaultSpec | undefined {
    const head = this.pending[0];
    if (!head) return undefined;
    head.remaining -= 1;
    if (head.remaining === 0) this.pending.shift();
    return head.fault;
  }

  /** Counts one request for `adAccountId` at `nowMs`, unless the budget of this minute is spent. */
  chargeRateBudget(adAccountId: string, nowMs: number): RateDecision {
    if (this.rateBudgetPerMinute === null) return { allowed: true };

    const startMs = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
    let window = this.windows.get(adAccountId);
    if (!window || window.startMs !== startMs) {
      window = { startMs, count: 0 };
      this.windows.set(adAccountId, window);
    }

    if (window.count >= this.rateBudgetPerMinute) {
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((startMs + MINUTE_MS - nowMs) / 1000)),
      };
    }
    window.count += 1;
    return { allowed: true };
  }
}
