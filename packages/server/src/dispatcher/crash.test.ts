// Crash tests: a child process is killed with SIGKILL mid-delivery; a restarted dispatcher delivers every event.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type FakePinterest, startFakePinterest } from '@pinpair/testkit';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import {
  createDeliveryHarness,
  deliverUntilSettled,
  processedCounts,
} from '../__tests__/delivery-harness.js';
import { createTempDir } from '../__tests__/helpers.js';

const CHILD_SCRIPT = fileURLToPath(new URL('../__tests__/fixtures/crash-child.mjs', import.meta.url));
const EVENT_COUNT = 50;
const HANGING_REQUEST = 3;

let pinterest: FakePinterest;
let dir: ReturnType<typeof createTempDir>;
let child: ChildProcess | undefined;

beforeEach(async () => {
  pinterest = await startFakePinterest();
  dir = createTempDir();
});

afterEach(async () => {
  child?.kill('SIGKILL');
  await pinterest.close();
  dir.remove();
});

it('delivers every event after a SIGKILL mid-delivery', async () => {
  const outboxPath = `${dir.path}/outbox.sqlite`;
  const stderr: string[] = [];
  child = spawn(
    process.execPath,
    [
      CHILD_SCRIPT,
      outboxPath,
      pinterest.apiBaseUrl,
      pinterest.adAccountId,
      pinterest.conversionToken,
      String(EVENT_COUNT),
      String(HANGING_REQUEST),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child?.on('exit', (_code, signal) => resolve(signal)),
  );

  // The child enqueues, delivers two batches, then announces the third request and waits.
  let eventIds: string[] = [];
  for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
    if (line.startsWith('{')) eventIds = (JSON.parse(line) as { enqueued: string[] }).enqueued;
    if (line === `sending ${HANGING_REQUEST}`) break;
  }
  expect(eventIds, stderr.join('')).toHaveLength(EVENT_COUNT);
  expect(processedCounts(pinterest).size).toBe(20);

  pinterest.faults.failNext(1, { kind: 'hang' });
  child.stdin?.write('go\n');
  await vi.waitFor(
    () => {
      expect(pinterest.requests()).toHaveLength(HANGING_REQUEST);
      expect(pinterest.faults.state().pending).toEqual([]);
    },
    { timeout: 10_000, interval: 20 },
  );
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');

  const bytes = [outboxPath, `${outboxPath}-wal`]
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('latin1'))
    .join('');
  expect(bytes).toContain(eventIds[0]);
  expect(bytes).not.toContain('crash.shopper1@example.com');
  expect(bytes).not.toContain('4155550199');

  const restarted = createDeliveryHarness(pinterest, outboxPath);
  try {
    expect(await restarted.reporter.outbox.counts()).toEqual({
      pending: EVENT_COUNT - 30,
      'in-flight': 10,
      delivered: 20,
      'dead-letter': 0,
    });

    await deliverUntilSettled(restarted);

    const counts = processedCounts(pinterest);
    expect([...counts.keys()].sort()).toEqual([...eventIds].sort());
    for (const eventId of eventIds) expect(counts.get(eventId)).toBe(1);
    expect(await restarted.reporter.outbox.counts()).toMatchObject({
      delivered: EVENT_COUNT,
      'dead-letter': 0,
    });
  } finally {
    await restarted.reporter.shutdown({ timeoutMs: 1000 });
  }
});

it('delivers every event after a SIGKILL with two requests in flight', async () => {
  const outboxPath = `${dir.path}/outbox.sqlite`;
  const stderr: string[] = [];
  // Every request from the third on is held before it leaves the child, which never releases them.
  child = spawn(
    process.execPath,
    [
      CHILD_SCRIPT,
      outboxPath,
      pinterest.apiBaseUrl,
      pinterest.adAccountId,
      pinterest.conversionToken,
      String(EVENT_COUNT),
      String(HANGING_REQUEST),
      '2',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child?.on('exit', (_code, signal) => resolve(signal)),
  );

  // Requests 1 and 2 go out together; each response frees a slot, so requests 3 and 4 follow.
  let eventIds: string[] = [];
  const held: string[] = [];
  for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
    if (line.startsWith('{')) eventIds = (JSON.parse(line) as { enqueued: string[] }).enqueued;
    if (line.startsWith('sending ')) held.push(line);
    if (held.length === 2) break;
  }
  expect(eventIds, stderr.join('')).toHaveLength(EVENT_COUNT);
  expect(held).toEqual(['sending 3', 'sending 4']);
  expect(processedCounts(pinterest).size).toBe(20);
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');

  const restarted = createDeliveryHarness(pinterest, outboxPath);
  try {
    expect(await restarted.reporter.outbox.counts()).toEqual({
      pending: EVENT_COUNT - 40,
      'in-flight': 20,
      delivered: 20,
      'dead-letter': 0,
    });

    await deliverUntilSettled(restarted);

    const counts = processedCounts(pinterest);
    expect([...counts.keys()].sort()).toEqual([...eventIds].sort());
    for (const eventId of eventIds) expect(counts.get(eventId)).toBe(1);
  } finally {
    await restarted.reporter.shutdown({ timeoutMs: 1000 });
  }
});
