// The pinpair-testkit command: flags, printed URLs, a real process stopped with SIGINT and SIGTERM.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_HELP, runCli } from './cli-run.js';

/** Collects what the command writes. */
function memoryIo(stopRequested: Promise<unknown>) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
      stopRequested,
    },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

describe('runCli', () => {
  it('prints help', async () => {
    const memory = memoryIo(Promise.resolve());

    const code = await runCli(['--help'], memory.io);

    expect(code).toBe(0);
    expect(memory.stdout()).toBe(CLI_HELP);
    expect(CLI_HELP).toContain('--posthog-port');
  });

  it.each([
    [['--port', 'abc'], '--port is "abc"'],
    [['--posthog-port', '70000'], '--posthog-port is "70000"'],
    [['--colour'], "Unknown option '--colour'"],
  ])('rejects %j with exit code 2', async (argv, message) => {
    const memory = memoryIo(Promise.resolve());

    const code = await runCli(argv, memory.io);

    expect(code).toBe(2);
    expect(memory.stderr()).toContain(message);
  });

  it.each([
    [['--port', '4890', '--posthog-port', '4890'], '--port and --posthog-port are both 4890'],
    [['--port', '4871'], '--port and --posthog-port (by default) are both 4871'],
    [['--posthog-port', '4870'], '--port (by default) and --posthog-port are both 4870'],
  ])('rejects the same port twice in %j', async (argv, message) => {
    const memory = memoryIo(Promise.resolve());

    const code = await runCli(argv, memory.io);

    expect(code).toBe(2);
    expect(memory.stderr()).toContain(message);
    expect(memory.stderr()).not.toContain('in use');
    expect(memory.stdout()).toBe('');
  });

  it('starts both fakes, prints their URLs and stops', async () => {
    let stop = () => {};
    const memory = memoryIo(new Promise<void>((resolve) => (stop = resolve)));

    const running = runCli(['--port', '0', '--posthog-port', '0', '--json'], memory.io);
    const info = await waitForJsonLine(memory.stdout);
    const report = await (await fetch(info.reportJsonUrl)).json();
    const events = await (await fetch(info.posthogEventsUrl)).json();
    stop();

    expect(await running).toBe(0);
    expect(report.version).toBe(1);
    expect(events).toEqual([]);
    expect(info.capiBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v5$/);
    expect(info.tagScriptUrl).toMatch(/\/ct\/core\.js$/);
    expect(info.adAccountId).toBe('549700000001');
    expect(info.tagId).toBe('2620000000001');
    await expect(fetch(info.reportJsonUrl)).rejects.toThrow();
  });

  it('explains a port in use', async () => {
    let stop = () => {};
    const first = memoryIo(new Promise<void>((resolve) => (stop = resolve)));
    const running = runCli(['--port', '0', '--posthog-port', '0', '--json'], first.io);
    const info = await waitForJsonLine(first.stdout);
    const busyPort = new URL(info.reportUrl).port;
    const second = memoryIo(Promise.resolve());

    const code = await runCli(['--port', busyPort, '--posthog-port', '0'], second.io);
    stop();
    await running;

    expect(code).toBe(1);
    expect(second.stderr()).toContain('The port is in use');
  });
});

describe('pinpair-testkit process', () => {
  let directory: string;
  let script: string;

  beforeAll(async () => {
    // Bundle the bin from source so the test needs no prior build.
    directory = await mkdtemp(join(tmpdir(), 'pinpair-testkit-cli-'));
    script = join(directory, 'cli.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./cli.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: script,
      alias: { '@pinpair/core': fileURLToPath(new URL('../../core/src/index.ts', import.meta.url)) },
      logLevel: 'silent',
    });
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('prints the URLs and stops cleanly on %s', async (signal) => {
    const child = spawn(process.execPath, [script, '--port', '0', '--posthog-port', '0'], { stdio: 'pipe' });
    const output = collect(child);

    await untilOutput(output, 'PostHog events (JSON)');
    const reportUrl = /Dedup report\s+(\S+)/.exec(output.stdout())?.[1] ?? '';
    const page = await fetch(reportUrl);
    child.kill(signal);
    const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Dedup report');
    for (const label of [
      'Tag script',
      'Conversions API base URL',
      'Ad account id',
      'Conversion token',
      'Tag id',
      'PostHog host',
    ]) {
      expect(output.stdout()).toContain(label);
    }
    expect(output.stdout()).toContain('pinpair-testkit stopped.');
    expect(exitCode).toBe(0);
    expect(output.stderr()).toBe('');
  });
});

async function waitForJsonLine(read: () => string): Promise<Record<string, string>> {
  while (!read().includes('\n')) await new Promise((resolve) => setImmediate(resolve));
  return JSON.parse(read().split('\n')[0] as string);
}

function collect(child: ChildProcess) {
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { stdout: () => out, stderr: () => err, child };
}

/** Resolves once the child's stdout contains `text`, on its own output events (no timers). */
function untilOutput(output: ReturnType<typeof collect>, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (output.stdout().includes(text)) resolve();
    };
    output.child.stdout?.on('data', check);
    output.child.once('exit', (code) =>
      reject(new Error(`pinpair-testkit exited with ${code}: ${output.stderr()}`)),
    );
    check();
  });
}
