// Outage: steady report() load while the fake responds with 503, then recovery and drain.

import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { makeCheckoutInputs, makeRunId } from '../lib/conversions.mjs';
import { startFakePinterestProcess } from '../lib/fake-pinterest-process.mjs';
import { formatMiB, formatRate, formatRatio } from '../lib/format.mjs';
import { createLoggingFetch } from '../lib/request-log.mjs';
import { importBuilt } from '../lib/workspace.mjs';

/**
 * Phases in seconds. The whole run takes about two minutes (`--quick`: about half a minute). The
 * dispatcher's backoff ceiling (300 s by default) is lowered with the outage's length, so that the
 * first retry after recovery comes within the run. Every other dispatcher setting is the default.
 */
const FULL = {
  ratePerSecond: 100,
  warmupSeconds: 5,
  liveSeconds: 20,
  outageSeconds: 60,
  minRecoverySeconds: 15,
  maxRecoverySeconds: 40,
};
const QUICK = {
  ratePerSecond: 100,
  warmupSeconds: 2,
  liveSeconds: 5,
  outageSeconds: 12,
  minRecoverySeconds: 5,
  maxRecoverySeconds: 20,
};
const MAX_BACKOFF_MS = 15_000;

/** How often RSS and the delivered count are sampled, in milliseconds. */
const SAMPLE_INTERVAL_MS = 100;

/** How often the load generator issues the reports that are due, in milliseconds. */
const TICK_MS = 5;

const GRANTED_CONTEXT = { consent: { advertising: 'granted', analytics: 'granted' }, problems: [] };
const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * @param {{ quick: boolean, log: (message: string) => void }} context
 * @returns {Promise<import('../lib/isolate.mjs').BenchResult>}
 */
export async function run({ quick, log }) {
  const settings = quick ? QUICK : FULL;
  const server = await importBuilt('server');

  const fake = await startFakePinterestProcess();
  const directory = await mkdtemp(join(tmpdir(), 'pinpair-bench-outage-'));
  const outboxPath = join(directory, 'outbox.sqlite');
  const transport = createLoggingFetch(globalThis.fetch);
  const reporter = server.createReporter({
    pinterest: {
      adAccountId: fake.adAccountId,
      conversionToken: fake.conversionToken,
      baseUrl: fake.apiBaseUrl,
      fetch: transport.fetch,
    },
    outboxPath,
    logger: silentLogger,
    dispatcher: { maxBackoffMs: MAX_BACKOFF_MS },
  });

  try {
    const totalSeconds =
      settings.warmupSeconds + settings.liveSeconds + settings.outageSeconds + settings.maxRecoverySeconds;
    const inputs = makeCheckoutInputs(Math.ceil(totalSeconds * settings.ratePerSecond), {
      runId: makeRunId(),
      eventTimeMs: Date.now(),
    });
    const load = startSteadyLoad(reporter, inputs, settings.ratePerSecond);

    // RSS grows while the JIT, the heap and SQLite's page cache warm up; the baseline comes after that.
    log(`warm-up for ${settings.warmupSeconds} s at ${settings.ratePerSecond} conversions/s`);
    await sleep(settings.warmupSeconds * 1000);
    const baseline = { ...process.memoryUsage(), heapUsed: retainedHeapBytes() };
    const baselineRss = baseline.rss;
    const samples = startSampling();

    log(`live for ${settings.liveSeconds} s at ${settings.ratePerSecond} conversions/s`);
    await sleep(settings.liveSeconds * 1000);
    const retainedAfterLive = retainedHeapBytes();
    await fake.startOutage();
    const outageStartedAt = performance.now();

    log(`fake responds with 503 for ${settings.outageSeconds} s`);
    await sleep(settings.outageSeconds * 1000);
    const backlogAtRecovery = load.reported() - reporter.dispatcher.stats().delivered;
    const outboxBytesAtRecovery = await fileBytes(outboxPath);
    const retainedAfterOutage = retainedHeapBytes();
    await fake.endOutage();
    const recoveredAt = performance.now();

    log(`fake recovered with ${backlogAtRecovery} events waiting; load goes on`);
    await waitForCatchUp(reporter, load, settings);
    load.stop();
    await load.settled();
    await reporter.flush();
    samples.stop();
    const retainedAfterRecovery = retainedHeapBytes();

    const summary = await reporter.shutdown({ timeoutMs: 10_000 });
    const reportedIds = load.eventIds();
    const processedIds = new Set(await fake.processedEventIds());
    const lost = reportedIds.filter((eventId) => !processedIds.has(eventId));

    const live = liveRate(transport.requests, outageStartedAt, settings);
    const drain = drainRate(transport.requests, recoveredAt, load);
    const peakRss = (/** @type {(sample: { at: number }) => boolean} */ inPhase) =>
      Math.max(...samples.values.filter(inPhase).map((sample) => sample.rss)) - baselineRss;
    const liveRssGrowth = peakRss((sample) => sample.at < outageStartedAt);
    const outageRssGrowth = peakRss((sample) => sample.at >= outageStartedAt && sample.at < recoveredAt);
    const recoveryRssGrowth = peakRss((sample) => sample.at >= recoveredAt);
    const peakRssGrowth = Math.max(liveRssGrowth, outageRssGrowth, recoveryRssGrowth);
    const peakHeapUsedGrowth =
      Math.max(...samples.values.map((sample) => sample.heapUsed)) - baseline.heapUsed;
    const peakExternalGrowth =
      Math.max(...samples.values.map((sample) => sample.external)) - baseline.external;
    const drainMultiple = drain.eventsPerSecond / settings.ratePerSecond;

    const figures = {
      ...settings,
      maxBackoffMs: MAX_BACKOFF_MS,
      reported: reportedIds.length,
      reportErrors: load.errors().length,
      firstReportError: describeError(load.errors()[0]),
      processedByFake: processedIds.size,
      lost: lost.length,
      lostEventIds: lost.slice(0, 20),
      outboxAfterShutdown: summary.outbox,
      baselineRssBytes: baselineRss,
      liveRssGrowthBytes: liveRssGrowth,
      outageRssGrowthBytes: outageRssGrowth,
      recoveryRssGrowthBytes: recoveryRssGrowth,
      peakRssGrowthBytes: peakRssGrowth,
      peakHeapUsedGrowthBytes: peakHeapUsedGrowth,
      baselineHeapUsedBytes: baseline.heapUsed,
      retainedHeapAfterLiveBytes: retainedAfterLive,
      retainedHeapAfterOutageBytes: retainedAfterOutage,
      retainedHeapAfterRecoveryBytes: retainedAfterRecovery,
      peakExternalGrowthBytes: peakExternalGrowth,
      backlogAtRecovery,
      outboxBytesAtRecovery,
      liveDeliveredEventsPerSecond: live,
      firstDeliveryAfterRecoveryMs: drain.waitMs,
      drainedEvents: drain.events,
      drainMs: drain.ms,
      drainEventsPerSecond: drain.eventsPerSecond,
      drainMultipleOfLiveRate: drainMultiple,
      requests: transport.requests.length,
      requestsAnswered503: transport.requests.filter((request) => request.status === 503).length,
    };
    if (load.errors().length > 0) {
      log(`${load.errors().length} report() calls failed; the first: ${describeError(load.errors()[0])}`);
    }

    return {
      figures,
      rows: [
        {
          measure: `Conversions reported (${settings.ratePerSecond}/s; ${settings.liveSeconds} s live, ${settings.outageSeconds} s of 503, then recovery)`,
          result: `${reportedIds.length}, ${load.errors().length} report() errors`,
        },
        {
          measure: 'Events lost (reported, never processed by the fake)',
          result: String(lost.length),
          target: '0',
          met: lost.length === 0 && load.errors().length === 0,
        },
        { measure: 'Peak RSS growth over the warmed-up baseline', result: formatMiB(peakRssGrowth) },
        {
          measure: 'Peak RSS growth by phase: live, outage, recovery',
          result: [liveRssGrowth, outageRssGrowth, recoveryRssGrowth].map(formatMiB).join(', '),
        },
        {
          measure: 'V8 heap after a full GC: baseline, end of live, outage, recovery',
          result: [baseline.heapUsed, retainedAfterLive, retainedAfterOutage, retainedAfterRecovery]
            .map(formatMiB)
            .join(', '),
        },
        {
          measure: 'Backlog at recovery (in the SQLite outbox)',
          result: `${backlogAtRecovery} events, file ${formatMiB(outboxBytesAtRecovery)}`,
        },
        {
          measure: 'First delivery after recovery (backoff wait)',
          result: `${(drain.waitMs / 1000).toFixed(1)} s`,
        },
        { measure: 'Live delivery rate', result: formatRate(live) },
        { measure: 'Backlog drain rate after recovery', result: formatRate(drain.eventsPerSecond) },
        { measure: 'Drain rate ÷ live rate', result: formatRatio(drainMultiple) },
      ],
    };
  } finally {
    await reporter.shutdown({ timeoutMs: 1000 });
    await fake.close();
    await rm(directory, { recursive: true, force: true });
  }
}

/**
 * Calls report() for `inputs` in order at `ratePerSecond`, without waiting for earlier calls, as
 * concurrent checkouts would. Stops at `stop()` or when the inputs run out.
 *
 * @param {any} reporter
 * @param {import('@pinpair/core').ConversionInput[]} inputs
 * @param {number} ratePerSecond
 */
function startSteadyLoad(reporter, inputs, ratePerSecond) {
  /** @type {string[]} */
  const eventIds = [];
  /** @type {number[]} `performance.now()` when each report() resolved, in order */
  const reportedAt = [];
  /** @type {unknown[]} */
  const errors = [];
  /** @type {Set<Promise<void>>} */
  const inFlight = new Set();
  const startedAt = performance.now();
  let issued = 0;

  const timer = setInterval(() => {
    const due = Math.min(inputs.length, Math.floor(((performance.now() - startedAt) / 1000) * ratePerSecond));
    while (issued < due) {
      const input = inputs[issued++];
      const call = reporter
        .report(input, GRANTED_CONTEXT)
        .then((/** @type {{ eventId: string, queued: boolean }} */ result) => {
          if (!result.queued) {
            throw new Error(`report() did not queue event ${result.eventId}`);
          }
          eventIds.push(result.eventId);
          reportedAt.push(performance.now());
        })
        .catch((/** @type {unknown} */ error) => {
          errors.push(error);
        })
        .finally(() => inFlight.delete(call));
      inFlight.add(call);
    }
  }, TICK_MS);

  return {
    /** Number of report() calls that resolved with a queued event. */
    reported: () => eventIds.length,
    eventIds: () => [...eventIds],
    /** Number of report() calls that resolved before `time` (a `performance.now()` value). */
    reportedBefore: (/** @type {number} */ time) => reportedAt.filter((at) => at < time).length,
    errors: () => [...errors],
    stop: () => clearInterval(timer),
    /** Waits for report() calls still running. */
    settled: () => Promise.all([...inFlight]),
  };
}

/**
 * Samples the process's memory every {@link SAMPLE_INTERVAL_MS}. The V8 heap and external memory
 * are kept beside RSS, to tell JavaScript objects from native memory (SQLite, sockets) in a growth.
 */
function startSampling() {
  /** @type {{ at: number, rss: number, heapUsed: number, external: number }[]} */
  const values = [];
  const take = () => {
    const { rss, heapUsed, external } = process.memoryUsage();
    values.push({ at: performance.now(), rss, heapUsed, external });
  };
  take();
  const timer = setInterval(take, SAMPLE_INTERVAL_MS);
  return {
    values,
    stop: () => {
      clearInterval(timer);
      take();
    },
  };
}

/**
 * Waits until every reported event is delivered and at least `minRecoverySeconds` have passed, or
 * `maxRecoverySeconds` at most.
 *
 * @param {any} reporter
 * @param {{ reported: () => number }} load
 * @param {{ minRecoverySeconds: number, maxRecoverySeconds: number }} settings
 */
async function waitForCatchUp(reporter, load, settings) {
  const startedAt = performance.now();
  for (;;) {
    const elapsedSeconds = (performance.now() - startedAt) / 1000;
    const caughtUp = reporter.dispatcher.stats().delivered >= load.reported();
    if (
      (caughtUp && elapsedSeconds >= settings.minRecoverySeconds) ||
      elapsedSeconds >= settings.maxRecoverySeconds
    ) {
      return;
    }
    await sleep(SAMPLE_INTERVAL_MS);
  }
}

/**
 * Events the fake processed per second during the second half of the live phase, when the
 * dispatcher is in its steady state.
 *
 * @param {import('../lib/request-log.mjs').LoggedRequest[]} requests
 * @param {number} outageStartedAt
 * @param {{ liveSeconds: number }} settings
 * @returns {number}
 */
function liveRate(requests, outageStartedAt, settings) {
  const windowMs = (settings.liveSeconds * 1000) / 2;
  const from = outageStartedAt - windowMs;
  const processed = requests
    .filter((request) => request.endedAt >= from && request.endedAt < outageStartedAt)
    .reduce((sum, request) => sum + request.processed, 0);
  return (processed / windowMs) * 1000;
}

/**
 * Measures the backlog drain after recovery. It lasts from the start of the first request the fake
 * processed after recovery until the end of the request that delivered the backlog's last event.
 * The backlog is every event reported but not yet delivered when that first request started.
 *
 * @param {import('../lib/request-log.mjs').LoggedRequest[]} requests
 * @param {number} recoveredAt
 * @param {{ reportedBefore: (time: number) => number }} load
 * @returns {{ waitMs: number, events: number, ms: number, eventsPerSecond: number }}
 */
function drainRate(requests, recoveredAt, load) {
  const after = requests.filter((request) => request.startedAt >= recoveredAt && request.status === 200);
  const first = after[0];
  if (first === undefined) {
    return { waitMs: Number.NaN, events: 0, ms: Number.NaN, eventsPerSecond: 0 };
  }

  const deliveredBefore = requests
    .filter((request) => request.endedAt < first.startedAt)
    .reduce((sum, request) => sum + request.processed, 0);
  const backlog = load.reportedBefore(first.startedAt) - deliveredBefore;

  let drained = 0;
  let endedAt = first.endedAt;
  for (const request of after) {
    drained += request.processed;
    endedAt = request.endedAt;
    if (drained >= backlog) {
      break;
    }
  }

  const ms = endedAt - first.startedAt;
  return {
    waitMs: first.startedAt - recoveredAt,
    events: backlog,
    ms,
    eventsPerSecond: (backlog / ms) * 1000,
  };
}

/**
 * Returns the size of the SQLite outbox and its write-ahead log, in bytes.
 *
 * @param {string} path
 * @returns {Promise<number>}
 */
async function fileBytes(path) {
  let total = 0;
  for (const file of [path, `${path}-wal`]) {
    total += await stat(file).then(
      (stats) => stats.size,
      () => 0,
    );
  }
  return total;
}

/**
 * Returns an error's name and message, or undefined when there is no error.
 *
 * @param {unknown} error
 * @returns {string | undefined}
 */
function describeError(error) {
  if (error === undefined) {
    return undefined;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Runs a full garbage collection and returns the V8 heap still in use, which is what the process
 * retains. Without `--expose-gc`, which isolate.mjs passes, it returns the heap without collecting.
 *
 * @returns {number}
 */
function retainedHeapBytes() {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}
