// Tests of the pinpair CLI: in process through runCli, and as the built executable in a child process.

import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type FakePinterest, startFakePinterest } from '@pinpair/testkit';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCapiEvent } from '../__tests__/delivery-harness.js';
import { checkoutInput, createTempDir } from '../__tests__/helpers.js';
import { createSqliteOutbox } from '../outbox/sqlite-outbox.js';
import { DEFAULT_OUTBOX_PATH } from '../reporter/reporter-options.js';
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

  it('names the wrong type of data from stdin', async () => {
    const result = await run(['lint', '-'], {}, '{"data":{}}');

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'error data: `data` must be an array of events, not an object. (invalid_type)',
    );
  });

  it('names the event for a problem without a path', async () => {
    const file = `${dir.path}/number.json`;
    writeFileSync(file, '42');

    const result = await run(['lint', file]);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^error \(event\): An event must be an object, not the integer 42\. /m);
    expect(result.stdout).not.toMatch(/^error :/m);
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

  it('fails for a missing outbox file without creating it', async () => {
    const path = `${dir.path}/missing.sqlite`;

    for (const args of [['outbox'], ['dead-letters'], ['dead-letters', '--replay-all']]) {
      const result = await run([...args, '--db', path]);

      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`No outbox file at ${path}.`);
      expect(result.stderr).toContain('Pass --db with the file the reporter writes');
    }
    expect(existsSync(path)).toBe(false);
  });

  it('fails for a SQLite file without the outbox table', async () => {
    const path = `${dir.path}/shop.sqlite`;
    const shopDatabase = new BetterSqlite3(path);
    shopDatabase.exec('CREATE TABLE orders (id INTEGER PRIMARY KEY)');
    shopDatabase.close();

    for (const args of [['outbox'], ['dead-letters'], ['dead-letters', '--replay-all']]) {
      const result = await run([...args, '--db', path]);

      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${path} has no pinpair_outbox table, so it is not a pinpair outbox.`);
    }
    const reopened = new BetterSqlite3(path, { readonly: true });
    const tables = reopened.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    reopened.close();
    expect(tables).toEqual([{ name: 'orders' }]);
  });

  it('fails for a file that is not SQLite, naming it', async () => {
    const path = `${dir.path}/notes.txt`;
    writeFileSync(path, 'not a database, just some notes that are long enough to fill a page header');

    const result = await run(['outbox', '--db', path]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot open the outbox ${path}: file is not a database.`);
  });

  it('reads while another process holds the write lock', async () => {
    const path = `${dir.path}/outbox.sqlite`;
    await seedOutbox(path);
    const writer = new BetterSqlite3(path);
    writer.exec('BEGIN IMMEDIATE');
    try {
      const counts = await run(['outbox', '--db', path, '--json']);
      const list = await run(['dead-letters', '--db', path, '--json']);

      expect(counts.stderr).toBe('');
      expect(JSON.parse(counts.stdout)).toMatchObject({ pending: 1, 'dead-letter': 2 });
      expect(list.code).toBe(0);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
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
    expect(unknown.stderr).toContain('not dead letters: no-such-event.');

    const all = await run(['dead-letters', '--db', path, '--replay-all']);
    expect(all.stdout).toContain('Moved 1 dead letter back');
    expect(JSON.parse((await run(['outbox', '--db', path, '--json'])).stdout)).toMatchObject({
      pending: 3,
      'dead-letter': 0,
    });
  });

  it('names the event ids that are not dead letters', async () => {
    const path = `${dir.path}/outbox.sqlite`;
    const eventIds = await seedOutbox(path);

    const result = await run([
      'dead-letters',
      '--db',
      path,
      '--replay',
      eventIds[1] as string,
      'nonexistent-id',
      eventIds[2] as string,
    ]);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Moved 1 dead letter back to the queue.');
    expect(result.stderr).toContain(
      `Not replayed, because they are not dead letters: nonexistent-id, ${eventIds[2]}.`,
    );
  });

  it('prints the replay result as JSON', async () => {
    const path = `${dir.path}/outbox.sqlite`;
    const eventIds = await seedOutbox(path);

    const chosen = await run([
      'dead-letters',
      '--db',
      path,
      '--json',
      '--replay',
      eventIds[0] as string,
      'nonexistent-id',
      eventIds[2] as string,
    ]);
    const all = await run(['dead-letters', '--db', path, '--replay-all', '--json']);

    expect(chosen.code).toBe(1);
    expect(JSON.parse(chosen.stdout)).toEqual({
      moved: 1,
      notDeadLetters: ['nonexistent-id', eventIds[2]],
    });
    expect(chosen.stderr).toContain('Not replayed, because they are not dead letters');
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual({ moved: 1, notDeadLetters: [] });
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
    expect(result.stderr).toContain('Check PINTEREST_CONVERSION_TOKEN');
    expect(result.stderr).not.toContain('`conversionToken`');
    expect(result.stdout + result.stderr).not.toContain('tok_SECRET_wrong');
  });

  it('fails against a closed port without promising a retry', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const result = await run(
      ['send-test'],
      pinterestEnv({ PINTEREST_API_BASE_URL: `http://127.0.0.1:${port}/v5` }),
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Network error (ECONNREFUSED): POST http://127.0.0.1:${port}/v5/`);
    expect(result.stderr).toContain('send-test does not retry: check PINTEREST_API_BASE_URL');
    expect(result.stderr).not.toContain('Pinpair retries');
  });

  it('names the variable for a wrong base URL', async () => {
    const result = await run(['send-test'], pinterestEnv({ PINTEREST_API_BASE_URL: `${pinterest.url}/v4` }));

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid request (status 404');
    expect(result.stderr).toContain('Check PINTEREST_API_BASE_URL');
    expect(result.stderr).not.toContain('`baseUrl`');
  });

  it('warns about an unknown event name and still sends it', async () => {
    const result = await run(['send-test', '--event-name', 'bogus'], pinterestEnv());

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Warning: "bogus" is not a known event name, so it is sent as "custom".');
    expect(result.stderr).toContain('Known names: add_payment_info, add_to_cart,');
    expect(result.stderr).toContain('Pass --event-name custom');
    expect(result.stderr).not.toContain('Did you mean');
    expect(result.stdout).toMatch(/\(custom\): processed/);
    expect(pinterest.requests()).toHaveLength(1);
  });

  it('suggests the closest known event name for a typo', async () => {
    const result = await run(['send-test', '--event-name', 'chekout'], pinterestEnv());

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Warning: "chekout" is not a known event name');
    expect(result.stderr).toContain('Did you mean --event-name checkout?');
  });

  it.each(['checkout', 'Order Completed', 'AddToCart', 'custom'])(
    'sends known event name %s without a warning',
    async (eventName) => {
      const result = await run(['send-test', '--event-name', eventName], pinterestEnv());

      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
    },
  );

  it('rejects a base URL query, hiding the token', async () => {
    const token = 'sekrit-token-abcdef';
    const result = await run(
      ['send-test'],
      pinterestEnv({
        PINTEREST_CONVERSION_TOKEN: token,
        PINTEREST_API_BASE_URL: `${pinterest.apiBaseUrl}?x=${token}`,
      }),
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('`PINTEREST_API_BASE_URL` must not contain a query string');
    expect(result.stderr).toContain(`Set PINTEREST_API_BASE_URL to "${pinterest.apiBaseUrl}" instead.`);
    expect(result.stdout + result.stderr).not.toContain(token);
    expect(pinterest.requests()).toHaveLength(0);
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

  it('reads the reporter default outbox path by default', async () => {
    const env = { ...process.env };
    delete env.PINPAIR_OUTBOX_PATH;
    const missing = await execFileAsync(process.execPath, [CLI_PATH, 'outbox'], {
      cwd: dir.path,
      env,
      timeout: 20_000,
    }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in missing ? missing.code : 0).toBe(1);
    expect(missing.stderr).toContain(`No outbox file at ${DEFAULT_OUTBOX_PATH}.`);

    await createSqliteOutbox({ path: `${dir.path}/${DEFAULT_OUTBOX_PATH}` }).close();
    const { stdout } = await execFileAsync(process.execPath, [CLI_PATH, 'outbox'], {
      cwd: dir.path,
      env,
      timeout: 20_000,
    });
    expect(stdout).toContain(`Outbox ${DEFAULT_OUTBOX_PATH}`);
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
