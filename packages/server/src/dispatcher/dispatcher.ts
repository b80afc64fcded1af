// Drains the outbox to the Conversions API per ad account, on an interval and when woken, until shutdown.

import type { PinterestClient } from '../client/pinterest-client.js';
import { assertNumberAtLeast } from '../options.js';
import type { OutboxState } from '../outbox/outbox.js';
import {
  type AccountState,
  type DeliveryContext,
  type DeliveryCounts,
  deliverBatch,
} from './deliver-batch.js';
import { type DispatcherOptions, indexClients, resolveDispatcherOptions } from './dispatcher-options.js';
import { createWakeScheduler } from './wake-scheduler.js';

/** Time `shutdown()` waits for the final drain when no `timeoutMs` is given, in milliseconds. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** Work done by one {@link Dispatcher.drain}. */
export interface DrainSummary {
  /** Batches claimed. */
  batches: number;
  /** Entries claimed. */
  claimed: number;
}

/** Counters since the dispatcher was created, plus the ad accounts that are paused now. */
export interface DispatcherStats extends DeliveryCounts {
  /** Ad accounts whose delivery is paused after a 401 or 403, with the end of the pause. */
  paused: { adAccountId: string; until: number }[];
}

/** Result of {@link Dispatcher.shutdown}. */
export interface ShutdownSummary {
  /** True when the deadline passed before the drain finished; what was not sent stays queued. */
  timedOut: boolean;
  /** Counters over the dispatcher's life. */
  stats: DispatcherStats;
  /** Entries per state left in the outbox. */
  outbox: Record<OutboxState, number> | undefined;
}

/** Sends queued events to Pinterest. Create it with {@link createDispatcher}. */
export interface Dispatcher {
  /** Starts draining every `intervalMs`. Calling it again does nothing. */
  start(): void;
  /**
   * Tells a started dispatcher that an event was enqueued, so it drains before the next interval:
   * `batchDelayMs` after the first wake since the last drain, or at once when `maxBatchSize` wakes
   * have come. Each wake stands for one event.
   */
  wake(): void;
  /**
   * Drains what is due now: for each ad account that is not paused or backing off, claims batches
   * and sends them, up to `maxConcurrentRequests` at once, until none is due. Concurrent calls share
   * one drain plus at most one follow-up.
   */
  drain(): Promise<DrainSummary>;
  /** Ends the pause of one ad account, or of all, after the credentials were fixed. */
  resume(adAccountId?: string): void;
  /** Returns the counters and the paused ad accounts. */
  stats(): DispatcherStats;
  /**
   * Stops the interval, drains what is due until `timeoutMs` passes, aborts a request still in
   * flight at the deadline (its events stay queued) and logs the counts. A second call returns the
   * same promise.
   */
  shutdown(options?: { timeoutMs?: number }): Promise<ShutdownSummary>;
}

/**
 * Creates a dispatcher that delivers outbox entries in batches of up to 1000 per ad account.
 * Temporary failures (429, 5xx, timeouts, connection errors) are retried with exponential backoff,
 * full jitter and `Retry-After`. Events Pinterest rejects go to the dead-letter store with its
 * message. A 401 or 403 pauses the ad account and keeps every event.
 *
 * @example
 * ```ts
 * const dispatcher = createDispatcher({ outbox, clients: [createPinterestClient({ adAccountId, conversionToken })], logger });
 * dispatcher.start();
 * process.on('SIGTERM', () => dispatcher.shutdown({ timeoutMs: 5000 }));
 * ```
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const resolved = resolveDispatcherOptions(options);
  const clients = indexClients(resolved.clients);
  const { outbox, logger } = resolved;

  const accounts = new Map<string, AccountState>();
  const counts: DeliveryCounts = {
    batches: 0,
    delivered: 0,
    deadLettered: 0,
    late: 0,
    retries: 0,
    pauses: 0,
  };
  const unknownAccountsWarned = new Set<string>();
  const shutdownAbort = new AbortController();
  let lastPurgeAt = Number.NEGATIVE_INFINITY;

  let running = false;
  let stopping = false;
  let loopDone: Promise<void> = Promise.resolve();
  let wakeRequested = false;
  let sleepAbort: AbortController | undefined;
  const wakes = createWakeScheduler({
    batchDelayMs: resolved.batchDelayMs,
    maxBatchSize: resolved.maxBatchSize,
    onDue: drainSoon,
  });
  let currentDrain: Promise<DrainSummary> | undefined;
  let queuedDrain: Promise<DrainSummary> | undefined;
  let shutdownPromise: Promise<ShutdownSummary> | undefined;

  function accountState(adAccountId: string): AccountState {
    let state = accounts.get(adAccountId);
    if (state === undefined) {
      state = { consecutiveFailures: 0, notBefore: 0, pausedUntil: 0 };
      accounts.set(adAccountId, state);
    }
    return state;
  }

  function clientFor(adAccountId: string): PinterestClient | undefined {
    const client = clients.get(adAccountId);
    if (client === undefined && !unknownAccountsWarned.has(adAccountId)) {
      unknownAccountsWarned.add(adAccountId);
      logger.warn(
        { adAccountId },
        'The outbox holds events for an ad account without a configured client; they stay queued',
      );
    }
    return client;
  }

  async function purgeIfDue(nowMs: number): Promise<void> {
    if (nowMs - lastPurgeAt < resolved.purgeIntervalMs) return;
    lastPurgeAt = nowMs;
    const purged = await outbox.purgeExpired(nowMs);
    if (purged.deletedReceipts + purged.deletedDeadLetters + purged.strippedEntries > 0) {
      logger.info({ ...purged }, 'Outbox purged expired entries');
    }
  }

  /**
   * Claims and sends batches for one ad account until none is due, keeping up to
   * `maxConcurrentRequests` requests in flight. A batch that returns `stop` (retry later, pause,
   * shutdown) ends the claiming; batches already in flight still settle their own events.
   */
  async function drainAccount(
    client: PinterestClient,
    state: AccountState,
    summary: DrainSummary,
  ): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    let stopped = false;
    let failure: { error: unknown } | undefined;

    while (!stopped && !shutdownAbort.signal.aborted) {
      const nowMs = resolved.clock();
      if (state.pausedUntil > nowMs || state.notBefore > nowMs) break;
      if (state.pausedUntil !== 0) {
        state.pausedUntil = 0;
        logger.info({ adAccountId: client.adAccountId }, 'Pause ended; trying delivery again');
      }

      const batchId = resolved.createBatchId();
      const entries = await outbox.claim(client.adAccountId, {
        limit: resolved.maxBatchSize,
        leaseMs: resolved.leaseMs,
        batchId,
        nowMs,
      });
      if (entries.length === 0) break;
      summary.batches += 1;
      summary.claimed += entries.length;

      const delivery: Promise<void> = deliverBatch(client, entries, batchId, deliveryContext(state))
        .then(
          (verdict) => {
            if (verdict === 'stop') stopped = true;
          },
          (error: unknown) => {
            stopped = true;
            failure ??= { error };
          },
        )
        .finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);

      // A batch short of the limit took everything due, so there is nothing to claim beside it.
      if (entries.length < resolved.maxBatchSize) break;
      if (inFlight.size >= resolved.maxConcurrentRequests) await Promise.race(inFlight);
    }

    await Promise.all(inFlight);
    if (failure !== undefined) throw failure.error;
  }

  function deliveryContext(state: AccountState): DeliveryContext {
    return {
      outbox,
      logger,
      clock: resolved.clock,
      backoff: {
        baseDelayMs: resolved.baseBackoffMs,
        maxBackoffMs: resolved.maxBackoffMs,
        random: resolved.random,
      },
      maxEventAgeSeconds: resolved.maxEventAgeSeconds,
      lateAfterSeconds: resolved.lateAfterSeconds,
      pauseMs: resolved.pauseMs,
      abortSignal: shutdownAbort.signal,
      stopping: () => stopping,
      account: state,
      counts,
    };
  }

  async function runDrain(): Promise<DrainSummary> {
    const summary: DrainSummary = { batches: 0, claimed: 0 };
    const nowMs = resolved.clock();
    await purgeIfDue(nowMs);

    for (const adAccountId of await outbox.dueAccounts(nowMs)) {
      const client = clientFor(adAccountId);
      if (client === undefined) continue;
      try {
        await drainAccount(client, accountState(adAccountId), summary);
      } catch (error) {
        logger.error(
          { adAccountId, error: describe(error) },
          'Drain failed for an ad account; retrying at the next interval',
        );
      }
    }

    // Between batches, so the log copy and its fsync run here rather than inside an enqueue that a
    // checkout awaits.
    if (summary.claimed > 0) await checkpointOutbox();
    return summary;
  }

  async function checkpointOutbox(): Promise<void> {
    try {
      await outbox.checkpoint?.();
    } catch (error) {
      logger.error({ error: describe(error) }, 'Outbox checkpoint failed; the next drain tries again');
    }
  }

  function drain(): Promise<DrainSummary> {
    if (currentDrain === undefined) {
      currentDrain = runDrain().finally(() => {
        currentDrain = undefined;
      });
      return currentDrain;
    }
    if (queuedDrain === undefined) {
      const next = () => {
        queuedDrain = undefined;
        return drain();
      };
      queuedDrain = currentDrain.then(next, next);
    }
    return queuedDrain;
  }

  /** Ends the current wait, so the loop drains as soon as the running drain, if any, has finished. */
  function drainSoon(): void {
    wakeRequested = true;
    sleepAbort?.abort();
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      // The drain below covers every wake so far; wakes during it schedule the next one.
      wakeRequested = false;
      wakes.reset();
      try {
        await drain();
      } catch (error) {
        logger.error({ error: describe(error) }, 'Outbox drain failed; retrying at the next interval');
      }
      if (stopping) return;
      if (wakeRequested) continue;
      sleepAbort = new AbortController();
      await resolved.sleep(resolved.intervalMs, sleepAbort.signal);
    }
  }

  function start(): void {
    if (running || stopping) return;
    running = true;
    logger.info(
      {
        adAccountIds: [...clients.keys()],
        intervalMs: resolved.intervalMs,
        batchDelayMs: resolved.batchDelayMs,
        maxBatchSize: resolved.maxBatchSize,
        maxConcurrentRequests: resolved.maxConcurrentRequests,
      },
      'Dispatcher started',
    );
    loopDone = loop();
  }

  function wake(): void {
    if (!running || stopping) return;
    wakes.wake();
  }

  function resume(adAccountId?: string): void {
    const resumed = adAccountId === undefined ? [...accounts.keys()] : [adAccountId];
    for (const id of resumed) {
      const state = accounts.get(id);
      if (state === undefined || state.pausedUntil === 0) continue;
      state.pausedUntil = 0;
      logger.info({ adAccountId: id }, 'Delivery resumed');
    }
    if (running && !stopping) drainSoon();
  }

  function stats(): DispatcherStats {
    const nowMs = resolved.clock();
    const paused = [...accounts.entries()]
      .filter(([, state]) => state.pausedUntil > nowMs)
      .map(([adAccountId, state]) => ({ adAccountId, until: state.pausedUntil }));
    return { ...counts, paused };
  }

  async function stop(timeoutMs: number): Promise<ShutdownSummary> {
    stopping = true;
    wakes.reset();
    sleepAbort?.abort();

    const finalDrain = (async () => {
      await loopDone;
      await drain();
    })();
    const deadline = new AbortController();
    const timedOut = await Promise.race([
      finalDrain.then(
        () => false,
        () => false,
      ),
      resolved.sleep(timeoutMs, deadline.signal).then(() => true),
    ]);
    deadline.abort();
    if (timedOut) {
      shutdownAbort.abort();
      await finalDrain.catch(() => {});
    }

    const outboxCounts = await outbox.counts().catch(() => undefined);
    const summary: ShutdownSummary = { timedOut, stats: stats(), outbox: outboxCounts };
    logger.info({ timedOut, ...summary.stats, outbox: outboxCounts }, 'Dispatcher stopped');
    return summary;
  }

  function shutdown(shutdownOptions: { timeoutMs?: number } = {}): Promise<ShutdownSummary> {
    if (shutdownPromise !== undefined) return shutdownPromise;
    const timeoutMs = shutdownOptions.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
    assertNumberAtLeast('timeoutMs', timeoutMs, 0, 'milliseconds');
    shutdownPromise = stop(timeoutMs);
    return shutdownPromise;
  }

  return { start, wake, drain, resume, stats, shutdown };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
