// Tests of the pinpair CLI: in process through runCli, and as the built executable in a child process.

import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type FakePinterest, startFakePinterest } from '@pinpair/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCapiEvent } from '../__tests__/delivery-harness.js';
import { checkoutInput, createTempDir } from '../__tests__/helpers.js';
import { createSqliteOutbox } from '../outbox/sqlite-outbox.js';
import type { CliIo } from './cli-io.js';
import { runCli } from './run-cli.js';

const CLI_PATH = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const execFileAsync = promisify(execFile);

let pinterest: FakePinterest;
let dir: ReturnType<typeof createTempDir>;

beforeEach(async () => {
  pinterest = await startFakePinterest();
  dir = createTempDir();
});

afterEach(async () => {
  await pinterest.close();
  dir.remove();
});

/** Runs the CLI in process and returns its exit code and output. */
async function run(args: string[], env: Record<string, string> = {}, stdin = '') {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    env,
    stdout: { write: (text: string) => stdout.push(text) },
    stderr: { write: (text: string) => stderr.push(text) },
    readStdin: async () => stdin,
    fetch: globalThis.fetch,
  };
  const code = await runCli(args, io);
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

function pinterestEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    PINTEREST_AD_ACCOUNT_ID: pinterest.adAccountId,
    PINTEREST_CONVERSION_TOKEN: pinterest.conversionToken,
    PINTEREST_API_BASE_URL: pinterest.apiBaseUrl,
    ...overrides,
  };
}

async function validEventJson(order: number): Promise<Record<string, unknown>> {
  const event = await buildCapiEvent(checkoutInput(order), Date.now());
  return {
    ...event,
    user_data: { ...event.user_data, client_ip_address: '203.0.113.1', client_user_agent: 'UA' },
  };
}

describe('help and usage', () => {
  it.each(['send-test', 'outbox', 'dead-letters', 'lint'])('prints help for %s', async (command) => {
    const result = await run([command, '--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: pinpair ${command}`));
  });

  it('lists the commands', async () => {
    const result = await run(['--help']);

    expect(result.code).toBe(0);
    for (const command of ['send-test', 'outbox', 'dead-letters', 'lint FILE'])
      expect(result.stdout).toContain(command);
  });

  it('exits 2 for a missing or unknown command or option', async () => {
    expect((await run([])).code).toBe(2);
    const unknown = await run(['deliver']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "deliver"');
    const badOption = await run(['outbox', '--dbb', 'x']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain('Run pinpair outbox --help');
  });
});

describe('lint', () => {
  it('passes a valid event', async () => {
    const file = `${dir.path}/event.json`;
    writeFileSync(file, JSON.stringify(await validEventJson(1)));

    const result = await run(['lint', file]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('0 errors');
  });

  it('fails a batch with an invalid event and names the path', async () => {
    const file = `${dir.path}/batch.json`;
    const invalid = { ...(await validEventJson(2)), event_name: 'purchase' };
    writeFileSync(file, JSON.stringify({ data: [await validEventJson(1), invalid] }));

    const result = await run(['lint', file]);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^error data\[1\]\.event_name: /m);
    expect(result.stdout).toContain('1 error,');
  });

  it('reads stdin and prints JSON', async () => {
    const result = await run(['lint', '-', '--json'], {}, JSON.stringify([{ event_name: 'checkout' }]));

    expect(result.code).toBe(1);
    const problems = JSON.parse(result.stdout) as { path: string; severity: string }[];
    expect(
      problems.some((problem) => problem.path === 'data[0].event_id' && problem.severity === 'error'),
    ).toBe(true);
  });

  it('reports a file that is not JSON', async () => {
    const file = `${dir.path}/broken.json`;
    writeFileSync(file, '{ "data": [');

    const result = await run(['lint', file]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not valid JSON');
  });
});

describe('outbox and dead letters', () => {
  async function seedOutbox(path: string): Promise<string[]> {
    const outbox = createSqliteOutbox({ path });
    const ids: string[] = [];
    const eventIds: string[] = [];
    for (let order = 1; order <= 3; order += 1) {
      const event = await buildCapiEvent(checkoutInput(order), Date.now());
      ids.push((await outbox.enqueue('549700000001', event, Date.now())).id);
      eventIds.push(event.event_id);
    }
    await outbox.moveToDeadLetter(
      [
        { id: ids[0] as string, reason: 'rejected', message: 'Invalid event_timestamp parameter.' },
        { id: ids[1] as string, reason: 'too-old', message: 'event_time is 8 days old' },
      ],
      Date.now(),
    );
    await outbox.close();
    return eventIds;
  }

  it('counts entries by state', async () => {
    const path = `${dir.path}/outbox.sqlite`;
    await seedOutbox(path);

    const text = await run(['outbox', '--db', path]);
    const json = await run(['outbox', '--json'], { PINPAIR_OUTBOX_PATH: path });

    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/pending\s+1/);
    expect(text.stdout).toMatch(/dead-letter\s+2/);
    expect(JSON.parse(json.stdout)).toEqual({ pending: 1, 'in-flight': 0, delivered: 0, 'dead-letter': 2 });
  });

  it('fails for a missing outbox file', async () => {
    const result = await run(['outbox', '--db', `${dir.path}/missing.sqlite`]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No outbox at');
  });

  it('lists dead letters with reason and message', async () => {
    const path = `${dir.path}/outbox.sqlite`;
    const eventIds = await seedOutbox(path);

    const text = await run(['dead-letters', '--db', path]);
    const json = await run(['dead-letters', '--db', path, '--json']);

    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${eventIds[0]}  checkout  rejected`);
    expect(text.stdout).toContain('Invalid event_timestamp parameter.');
    expect(text.stdout).toContain('2 dead letters shown.');
    const listed = JSON.parse(json.stdout) as { eventId: string; reason: string }[];
    expect(listed.map((entry) => entry.reason).sort()).toEqual(['rejected', 'too-old']);
    expect(JSON.stringify(listed)).not.toContain('user_data');
  });

  it('replays chosen dead letters, then all', async () => {
    const path = `${dir.path}/outbox.sqlite`;
    const eventIds = await seedOutbox(path);

    const one = await run(['dead-letters', '--db', path, '--replay', eventIds[0] as string]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('Moved 1 dead letter back to the queue.');

    const unknown = await run(['dead-letters', '--db', path, '--replay', 'no-such-event']);
    expect(unknown.code).toBe(1);

    const all = await run(['dead-letters', '--db', path, '--replay-all']);
    expect(all.stdout).toContain('Moved 1 dead letter back');
    expect(JSON.parse((await run(['outbox', '--db', path, '--json'])).stdout)).toMatchObject({
      pending: 3,
      'dead-letter': 0,
    });
  });

  it('rejects ids without --replay', async () => {
    const path = `${dir.path}/outbox.sqlite`;
    await seedOutbox(path);

    expect((await run(['dead-letters', '--db', path, 'some-id'])).code).toBe(2);
    expect((await run(['dead-letters', '--db', path, '--limit', '0'])).code).toBe(2);
  });
});

describe('send-test', () => {
  it('sends one test event and prints the per-event result', async () => {
    const result = await run(['send-test'], pinterestEnv());

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `POST ${pinterest.apiBaseUrl}/ad_accounts/${pinterest.adAccountId}/events?test=true answered 200.`,
    );
    expect(result.stdout).toMatch(/\(checkout\): processed/);
    const [request] = pinterest.requests();
    expect(request?.test).toBe(true);
    expect(pinterest.ledger.events()).toHaveLength(0);
  });

  it('fails with Pinterest message for a refused token, without printing it', async () => {
    const result = await run(
      ['send-test', '--json'],
      pinterestEnv({ PINTEREST_CONVERSION_TOKEN: 'tok_SECRET_wrong' }),
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Authentication failed (status 401');
    expect(result.stdout + result.stderr).not.toContain('tok_SECRET_wrong');
  });

  it('fails with the configuration errors', async () => {
    const result = await run(['send-test'], {});

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('`PINTEREST_AD_ACCOUNT_ID` is missing');
  });
});

describe('built executable', () => {
  it('starts with a node shebang', () => {
    expect(readFileSync(CLI_PATH, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('runs send-test and exits', async () => {
    const { stdout } = await execFileAsync(process.execPath, [CLI_PATH, 'send-test'], {
      env: { ...process.env, ...pinterestEnv() },
      timeout: 20_000,
    });

    expect(stdout).toMatch(/\(checkout\): processed/);
  });

  it('exits 1 when lint finds errors', async () => {
    const file = `${dir.path}/invalid.json`;
    writeFileSync(file, JSON.stringify({ event_name: 'purchase' }));

    const failure = await execFileAsync(process.execPath, [CLI_PATH, 'lint', file], {
      timeout: 20_000,
    }).catch((error: { code: number; stdout: string }) => error);

    expect('code' in failure ? failure.code : 0).toBe(1);
    expect(failure.stdout).toContain('error event_name');
  });
});
