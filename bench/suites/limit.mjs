// Distance to the limit: report() plus delivery against a bare normalize-hash-serialize loop.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { makeCheckoutInputs, makeRunId, projectToCapiEvents } from '../lib/conversions.mjs';
import { coreShare } from '../lib/cpu.mjs';
import { deliverThroughDispatcher } from '../lib/delivery.mjs';
import { startFakePinterestProcess } from '../lib/fake-pinterest-process.mjs';
import { formatPercent, formatRate } from '../lib/format.mjs';
import { elapsedMs, measureRuns, medianOf } from '../lib/measure.mjs';
import { recordWindow } from '../lib/profile-windows.mjs';
import { importBuilt } from '../lib/workspace.mjs';

/** The full path must reach at least this fraction of the bare loop's rate. */
const TARGET_FRACTION = 0.5;

const FULL = { events: 5000, warmupRuns: 1, measuredRuns: 5 };
const QUICK = { events: 1000, warmupRuns: 1, measuredRuns: 3 };

/** Consent as a shopper who accepted both advertising and analytics cookies hands it over. */
const GRANTED_CONTEXT = { consent: { advertising: 'granted', analytics: 'granted' }, problems: [] };

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Measures three paths in each run, in alternating order. The first is the bare loop. The second is
 * report() for every event and then a flush, until the fake processed all of them. The third is the
 * dispatcher alone on a filled outbox. Every path awaits one event at a time, as the loop does.
 *
 * @param {{ quick: boolean, log: (message: string) => void }} context
 * @returns {Promise<import('../lib/isolate.mjs').BenchResult>}
 */
export async function run({ quick, log }) {
  const settings = quick ? QUICK : FULL;
  const core = await importBuilt('core');
  const server = await importBuilt('server');

  const fake = await startFakePinterestProcess();
  const directory = await mkdtemp(join(tmpdir(), 'pinpair-bench-limit-'));
  try {
    let runNumber = 0;
    const freshInputs = () =>
      makeCheckoutInputs(settings.events, { runId: makeRunId(), eventTimeMs: Date.now() });
    const client = server.createPinterestClient({
      adAccountId: fake.adAccountId,
      conversionToken: fake.conversionToken,
      baseUrl: fake.apiBaseUrl,
    });

    const bareLoop = () => timeBareLoop(core, server, freshInputs());
    const fullPath = async () => {
      const result = await timeReportAndDeliver(
        server,
        fake,
        freshInputs(),
        join(directory, `report-${runNumber++}.sqlite`),
      );
      await fake.reset();
      return result;
    };
    const dispatcherOnly = async () => {
      const events = await projectToCapiEvents(core, freshInputs());
      const outboxPath = join(directory, `dispatch-${runNumber++}.sqlite`);
      const result = await deliverThroughDispatcher(server, { client, events, outboxPath, fake });
      await fake.reset();
      return result;
    };

    const runs = await measureRuns(settings, async ({ index, warmup }) => {
      const order = index % 2 === 0 ? ['loop', 'full', 'dispatcher'] : ['dispatcher', 'full', 'loop'];
      /** @type {Record<string, { eventsPerSecond: number, benchCoreShare?: number, requests?: number }>} */
      const results = {};
      for (const name of order) {
        results[name] = await (name === 'loop'
          ? bareLoop()
          : name === 'full'
            ? fullPath()
            : dispatcherOnly());
      }
      log(
        `${warmup ? 'warm-up' : `run ${index + 1}`}: bare loop ${formatRate(results.loop.eventsPerSecond)}, ` +
          `report() + delivery ${formatRate(results.full.eventsPerSecond)}, ` +
          `dispatcher alone ${formatRate(results.dispatcher.eventsPerSecond)}`,
      );
      return results;
    });

    const loopRate = medianOf(runs, (results) => results.loop.eventsPerSecond);
    const fullRate = medianOf(runs, (results) => results.full.eventsPerSecond);
    const dispatcherRate = medianOf(runs, (results) => results.dispatcher.eventsPerSecond);
    const fraction = fullRate / loopRate;
    const fullRequests = medianOf(runs, (results) => results.full.requests ?? 0);

    return {
      figures: {
        events: settings.events,
        warmupRuns: settings.warmupRuns,
        measuredRuns: settings.measuredRuns,
        bareLoopEventsPerSecond: loopRate,
        reportAndDeliverEventsPerSecond: fullRate,
        dispatcherOnlyEventsPerSecond: dispatcherRate,
        fraction,
        dispatcherOnlyFraction: dispatcherRate / loopRate,
        reportAndDeliverRequests: fullRequests,
        targetFraction: TARGET_FRACTION,
        runs,
      },
      rows: [
        {
          measure: 'Bare loop: buildConversion + toCapiEvent (node:crypto SHA-256) + JSON.stringify',
          result: formatRate(loopRate),
        },
        { measure: 'report() into the SQLite outbox + delivery to the fake', result: formatRate(fullRate) },
        {
          measure: 'report() + delivery ÷ bare loop',
          result: formatPercent(fraction),
          target: `≥ ${formatPercent(TARGET_FRACTION)}`,
          met: fraction >= TARGET_FRACTION,
        },
        {
          measure: 'Dispatcher alone (outbox filled beforehand) ÷ bare loop',
          result: `${formatRate(dispatcherRate)} = ${formatPercent(dispatcherRate / loopRate)}`,
        },
        {
          measure: `Requests to the fake for ${settings.events} events: report() + delivery, dispatcher alone`,
          result: `${fullRequests}, ${medianOf(runs, (results) => results.dispatcher.requests ?? 0)}`,
        },
      ],
    };
  } finally {
    await fake.close();
    await rm(directory, { recursive: true, force: true });
  }
}

/**
 * Times core's projection of every input and its serialization, one event at a time.
 *
 * @param {any} core
 * @param {any} server
 * @param {import('@pinpair/core').ConversionInput[]} inputs
 * @returns {Promise<{ eventsPerSecond: number, benchCoreShare: number, bytes: number }>}
 */
async function timeBareLoop(core, server, inputs) {
  // The same SHA-256 as report(): node:crypto, not core's Web Crypto default.
  const options = { sha256: server.nodeSha256Hex };
  let bytes = 0;
  const cpuStart = process.cpuUsage();
  const startNs = process.hrtime.bigint();
  for (const input of inputs) {
    const { event } = await core.toCapiEvent(await core.buildConversion(input), options);
    bytes += JSON.stringify(event).length;
  }
  const elapsed = elapsedMs(startNs);
  recordWindow('bare-loop', startNs);

  return {
    eventsPerSecond: (inputs.length / elapsed) * 1000,
    benchCoreShare: coreShare(cpuStart, process.cpuUsage(), elapsed),
    bytes,
  };
}

/**
 * Times report() for every input, one at a time, while the reporter's dispatcher delivers to the
 * fake, and then a flush. The clock stops when every event is delivered.
 *
 * @param {any} server
 * @param {import('../lib/fake-pinterest-process.mjs').FakePinterestProcess} fake
 * @param {import('@pinpair/core').ConversionInput[]} inputs
 * @param {string} outboxPath
 * @returns {Promise<{ eventsPerSecond: number, benchCoreShare: number, requests: number }>}
 */
async function timeReportAndDeliver(server, fake, inputs, outboxPath) {
  const reporter = server.createReporter({
    pinterest: {
      adAccountId: fake.adAccountId,
      conversionToken: fake.conversionToken,
      baseUrl: fake.apiBaseUrl,
    },
    outboxPath,
    logger: silentLogger,
  });
  try {
    const cpuStart = process.cpuUsage();
    const startNs = process.hrtime.bigint();
    for (const input of inputs) {
      await reporter.report(input, GRANTED_CONTEXT);
    }
    await reporter.flush();
    const elapsed = elapsedMs(startNs);
    recordWindow('report-and-deliver', startNs);
    const cpuEnd = process.cpuUsage();

    const stats = reporter.dispatcher.stats();
    if (stats.delivered !== inputs.length) {
      throw new Error(`report() + delivery delivered ${stats.delivered} of ${inputs.length} events`);
    }
    return {
      eventsPerSecond: (inputs.length / elapsed) * 1000,
      benchCoreShare: coreShare(cpuStart, cpuEnd, elapsed),
      requests: stats.batches,
    };
  } finally {
    await reporter.shutdown({ timeoutMs: 5000 });
  }
}
