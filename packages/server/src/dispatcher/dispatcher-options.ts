// Options of the dispatcher, their defaults and validation.

import { randomUUID } from 'node:crypto';
import { MAX_EVENT_AGE_SECONDS, MAX_EVENTS_PER_REQUEST } from '@pinpair/core';
import type { PinterestClient } from '../client/pinterest-client.js';
import { type PinpairLogger, silentLogger } from '../logger.js';
import { assertNumberAtLeast, withoutUndefined } from '../options.js';
import type { Outbox } from '../outbox/outbox.js';
import { realSleep, type Sleep } from '../sleep.js';

/** Options of {@link createDispatcher}. */
export interface DispatcherOptions {
  /** Store in which events wait for delivery. */
  outbox: Outbox;
  /** One Conversions API client per ad account; entries for other ad accounts stay queued. */
  clients: readonly PinterestClient[];
  /**
   * Receives starts, stops, retries, dead letters and pauses.
   * @default a logger that drops every line
   */
  logger?: PinpairLogger;
  /**
   * Time between two drains of the outbox, in milliseconds. An enqueue also wakes the dispatcher.
   * @default 1000
   */
  intervalMs?: number;
  /**
   * How long a wake (one per `report()`) waits for more events before the drain, in milliseconds,
   * so that the events reported meanwhile go out in one request. The drain starts at once when
   * `maxBatchSize` wakes have come since the last drain. 0 drains on every wake, one request per
   * checkout under light load. Pinterest reports an event sent more than an hour after its
   * `event_time` as an offline conversion (see `lateAfterSeconds`), far beyond this delay.
   * @default 100
   */
  batchDelayMs?: number;
  /**
   * Maximum number of events per request; Pinterest accepts at most 1000.
   * @default 1000
   */
  maxBatchSize?: number;
  /**
   * Requests in flight at once per ad account while a backlog drains. With 2, the next batch is
   * claimed, checked and serialized while Pinterest processes the previous one. A failure stops
   * new claims for that ad account; requests already in flight finish and settle their own events.
   * @default 2
   */
  maxConcurrentRequests?: number;
  /**
   * How long a claimed batch stays reserved, in milliseconds. After a crash its events are sent
   * again once the lease ends, so keep it well above the client's `timeoutMs`.
   * @default 60000
   */
  leaseMs?: number;
  /**
   * Upper bound of the first retry's delay, in milliseconds; it doubles with each consecutive failure.
   * @default 1000
   */
  baseBackoffMs?: number;
  /**
   * Ceiling of the retry delay, in milliseconds. A longer `Retry-After` from Pinterest still wins.
   * @default 300000
   */
  maxBackoffMs?: number;
  /**
   * How long delivery to an ad account pauses after a 401 or 403, in milliseconds; `resume()` ends it early.
   * @default 900000
   */
  pauseMs?: number;
  /**
   * Events older than this are dead-lettered as `too-old` instead of sent, in seconds.
   * @default 604800
   */
  maxEventAgeSeconds?: number;
  /**
   * Events older than this when sent are logged and counted as late, in seconds, because Pinterest
   * reports them as offline conversions.
   * @default 3600
   */
  lateAfterSeconds?: number;
  /**
   * Time between two runs of the outbox's `purgeExpired`, in milliseconds.
   * @default 3600000
   */
  purgeIntervalMs?: number;
  /**
   * Current time in Unix milliseconds.
   * @default Date.now
   */
  clock?: () => number;
  /**
   * Waits for the next interval and for the shutdown deadline. The `batchDelayMs` after a wake
   * always runs on a real timer.
   * @default a real, unref'd timer
   */
  sleep?: Sleep;
  /**
   * Uniform random number in [0, 1) for backoff jitter.
   * @default Math.random
   */
  random?: () => number;
  /**
   * Creates the id of each batch, as logged and stored on its entries.
   * @default crypto.randomUUID
   */
  createBatchId?: () => string;
}

/** Maximum delay a Node timer accepts, in milliseconds. Node fires a longer one after 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

/** Default values of {@link DispatcherOptions}. */
export const DISPATCHER_DEFAULTS = {
  logger: silentLogger,
  intervalMs: 1000,
  batchDelayMs: 100,
  maxBatchSize: MAX_EVENTS_PER_REQUEST,
  maxConcurrentRequests: 2,
  leaseMs: 60_000,
  baseBackoffMs: 1000,
  maxBackoffMs: 300_000,
  pauseMs: 900_000,
  maxEventAgeSeconds: MAX_EVENT_AGE_SECONDS,
  lateAfterSeconds: 3600,
  purgeIntervalMs: 3_600_000,
  clock: Date.now,
  sleep: realSleep,
  random: Math.random,
  createBatchId: randomUUID,
} satisfies Omit<DispatcherOptions, 'outbox' | 'clients'>;

/** {@link DispatcherOptions} with every default applied. */
export type ResolvedDispatcherOptions = Required<DispatcherOptions>;

/** Applies defaults and rejects values that cannot work, naming the option. */
export function resolveDispatcherOptions(options: DispatcherOptions): ResolvedDispatcherOptions {
  const resolved = { ...DISPATCHER_DEFAULTS, ...withoutUndefined(options) } as ResolvedDispatcherOptions;

  if (resolved.outbox === undefined) {
    throw new TypeError('`outbox` is missing. Pass createSqliteOutbox({ path }) or createMemoryOutbox().');
  }
  if (!Array.isArray(resolved.clients)) {
    throw new TypeError('`clients` must be an array of Pinterest clients, one per ad account.');
  }
  assertNumberAtLeast('intervalMs', resolved.intervalMs, 1, 'milliseconds');
  assertNumberAtLeast('batchDelayMs', resolved.batchDelayMs, 0, 'milliseconds');
  if (resolved.batchDelayMs > MAX_TIMER_MS) {
    throw new RangeError(
      `\`batchDelayMs\` must be at most ${MAX_TIMER_MS} milliseconds (a Node timer's limit), got ${resolved.batchDelayMs}.`,
    );
  }
  assertNumberAtLeast('leaseMs', resolved.leaseMs, 1, 'milliseconds');
  assertNumberAtLeast('baseBackoffMs', resolved.baseBackoffMs, 0, 'milliseconds');
  assertNumberAtLeast('maxBackoffMs', resolved.maxBackoffMs, resolved.baseBackoffMs, 'milliseconds');
  assertNumberAtLeast('pauseMs', resolved.pauseMs, 0, 'milliseconds');
  assertNumberAtLeast('maxEventAgeSeconds', resolved.maxEventAgeSeconds, 1, 'seconds');
  assertNumberAtLeast('lateAfterSeconds', resolved.lateAfterSeconds, 0, 'seconds');
  assertNumberAtLeast('purgeIntervalMs', resolved.purgeIntervalMs, 1, 'milliseconds');
  if (
    !Number.isInteger(resolved.maxBatchSize) ||
    resolved.maxBatchSize < 1 ||
    resolved.maxBatchSize > MAX_EVENTS_PER_REQUEST
  ) {
    throw new RangeError(
      `\`maxBatchSize\` must be an integer from 1 to ${MAX_EVENTS_PER_REQUEST}, got ${resolved.maxBatchSize}.`,
    );
  }
  if (!Number.isInteger(resolved.maxConcurrentRequests) || resolved.maxConcurrentRequests < 1) {
    throw new RangeError(
      `\`maxConcurrentRequests\` must be an integer of at least 1, got ${resolved.maxConcurrentRequests}. Use 1 to send one batch at a time.`,
    );
  }
  return resolved;
}

/** Indexes clients by ad account, rejecting two clients for one account. */
export function indexClients(clients: readonly PinterestClient[]): Map<string, PinterestClient> {
  const byAccount = new Map<string, PinterestClient>();
  for (const client of clients) {
    if (byAccount.has(client.adAccountId)) {
      throw new TypeError(
        `\`clients\` has two clients for ad account ${client.adAccountId}. Pass one client per ad account.`,
      );
    }
    byAccount.set(client.adAccountId, client);
  }
  return byAccount;
}
