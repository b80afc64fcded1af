// Delivery throughput: the dispatcher's batches against one event per request, same events.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { makeCheckoutInputs, makeRunId, projectToCapiEvents } from '../lib/conversions.mjs';
import { deliverOneEventPerRequest, deliverThroughDispatcher } from '../lib/delivery.mjs';
import { startFakePinterestProcess } from '../lib/fake-pinterest-process.mjs';
import { formatPercent, formatRate, formatRatio } from '../lib/format.mjs';
import { measureRuns, medianOf } from '../lib/measure.mjs';
import { importBuilt } from '../lib/workspace.mjs';

/** Batched delivery must be at least this many times faster than one event per request. */
const TARGET_RATIO = 50;

const FULL = { events: 5000, warmupRuns: 1, measuredRuns: 5 };
const QUICK = { events: 1000, warmupRuns: 1, measuredRuns: 3 };

/**
 * Runs both delivery paths once per run, alternating which goes first, against one fake Pinterest
 * in a child process. One event per request is how the Segment, PostHog and stape Pinterest
 * destinations deliver. The events are projected once (not timed). Each dispatcher run gets a new
 * outbox file and the fake's ledger is cleared after every path, so every run starts equal.
 *
 * @param {{ quick: boolean, log: (message: string) => void }} context
 * @returns {Promise<import('../lib/isolate.mjs').BenchResult>}
 */
export async function run({ quick, log }) {
  const settings = quick ? QUICK : FULL;
  const core = await importBuilt('core');
  const server = await importBuilt('server');

  const fake = await startFakePinterestProcess();
  const directory = await mkdtemp(join(tmpdir(), 'pinpair-bench-throughput-'));
  try {
    const inputs = makeCheckoutInputs(settings.events, { runId: makeRunId(), eventTimeMs: Date.now() });
    const events = await projectToCapiEvents(core, inputs);
    const client = server.createPinterestClient({
      adAccountId: fake.adAccountId,
      conversionToken: fake.conversionToken,
      baseUrl: fake.apiBaseUrl,
    });

    let outboxNumber = 0;
    const batched = async () => {
      const result = await deliverThroughDispatcher(server, {
        client,
        events,
        outboxPath: join(directory, `outbox-${outboxNumber++}.sqlite`),
        fake,
      });
      await fake.reset();
      return result;
    };
    const oneByOne = async () => {
      const result = await deliverOneEventPerRequest({ client, events, fake });
      await fake.reset();
      return result;
    };

    const runs = await measureRuns(settings, async ({ index, warmup }) => {
      const batchedFirst = index % 2 === 0;
      const first = batchedFirst ? await batched() : await oneByOne();
      const second = batchedFirst ? await oneByOne() : await batched();
      const pair = batchedFirst ? { batched: first, oneByOne: second } : { batched: second, oneByOne: first };
      log(
        `${warmup ? 'warm-up' : `run ${index + 1}`}: batched ${formatRate(pair.batched.eventsPerSecond)}, ` +
          `one per request ${formatRate(pair.oneByOne.eventsPerSecond)}`,
      );
      return pair;
    });

    const batchedRate = medianOf(runs, (pair) => pair.batched.eventsPerSecond);
    const oneByOneRate = medianOf(runs, (pair) => pair.oneByOne.eventsPerSecond);
    const ratio = batchedRate / oneByOneRate;
    const fakeShareBatched = medianOf(runs, (pair) => pair.batched.fakeCoreShare);
    const fakeShareOneByOne = medianOf(runs, (pair) => pair.oneByOne.fakeCoreShare);
    const benchShareBatched = medianOf(runs, (pair) => pair.batched.benchCoreShare);
    const fakeCpuBatched = medianOf(runs, (pair) => pair.batched.fakeCpuMicrosecondsPerEvent);
    const benchCpuBatched = medianOf(runs, (pair) => pair.batched.benchCpuMicrosecondsPerEvent);
    // The fake processes at most one event per its CPU time per event, however fast the dispatcher
    // is. So this ceiling over the one-per-request rate bounds the ratio that this setup can show.
    const fakeCeiling = 1e6 / fakeCpuBatched;

    return {
      figures: {
        events: settings.events,
        warmupRuns: settings.warmupRuns,
        measuredRuns: settings.measuredRuns,
        batchedEventsPerSecond: batchedRate,
        oneEventPerRequestEventsPerSecond: oneByOneRate,
        ratio,
        targetRatio: TARGET_RATIO,
        batchedFakeCoreShare: fakeShareBatched,
        batchedBenchCoreShare: benchShareBatched,
        oneEventPerRequestFakeCoreShare: fakeShareOneByOne,
        oneEventPerRequestBenchCoreShare: medianOf(runs, (pair) => pair.oneByOne.benchCoreShare),
        batchedFakeCpuMicrosecondsPerEvent: fakeCpuBatched,
        batchedDispatcherCpuMicrosecondsPerEvent: benchCpuBatched,
        fakeCeilingEventsPerSecond: fakeCeiling,
        fakeCeilingRatio: fakeCeiling / oneByOneRate,
        runs,
      },
      rows: [
        {
          measure: `Dispatcher, batches of ≤ 1000 (${settings.events} events)`,
          result: formatRate(batchedRate),
        },
        { measure: 'One event per request, same client and events', result: formatRate(oneByOneRate) },
        {
          measure: 'Batched ÷ one per request',
          result: formatRatio(ratio),
          target: `≥ ${TARGET_RATIO}×`,
          met: ratio >= TARGET_RATIO,
        },
        {
          measure: 'Busy cores while batched: fake, dispatcher',
          result: `${formatPercent(fakeShareBatched)}, ${formatPercent(benchShareBatched)}`,
        },
        {
          measure: 'CPU per event while batched: fake, dispatcher',
          result: `${fakeCpuBatched.toFixed(0)} µs, ${benchCpuBatched.toFixed(0)} µs`,
        },
        {
          measure: "Fake's ceiling (1 s ÷ its CPU per event) ÷ one per request",
          result: `${formatRate(fakeCeiling)} = ${formatRatio(fakeCeiling / oneByOneRate)}`,
        },
      ],
    };
  } finally {
    await fake.close();
    await rm(directory, { recursive: true, force: true });
  }
}
