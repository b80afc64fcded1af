// Secrets tests: the conversion token never reaches logs or errors, and raw personal data never reaches the outbox file.

import { existsSync, readFileSync } from 'node:fs';
import { type FakePinterest, startFakePinterest } from '@pinpair/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCapiEvent, createDeliveryHarness, deliverUntilSettled } from './__tests__/delivery-harness.js';
import { checkoutInput, createTempDir, grantedContext, RAW_EMAIL, RAW_PHONE } from './__tests__/helpers.js';
import { createPinterestClient } from './client/pinterest-client.js';
import { loadConfig } from './config.js';

const TOKEN = 'tok_SECRET_9f8e7d6c5b4a3f2e1d0c';
const ACCOUNT = '549700000777';

let pinterest: FakePinterest;
let dir: ReturnType<typeof createTempDir>;

beforeEach(async () => {
  pinterest = await startFakePinterest({
    accounts: [{ adAccountId: ACCOUNT, conversionToken: TOKEN }],
    maxAgeDays: 1,
  });
  dir = createTempDir();
});

afterEach(async () => {
  await pinterest.close();
  dir.remove();
});

function outboxFileText(path: string): string {
  return [path, `${path}-wal`, `${path}-shm`]
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('latin1'))
    .join('\n');
}

describe('conversion token', () => {
  it('never appears in logs, errors or stored errors', async () => {
    const outboxPath = `${dir.path}/outbox.sqlite`;
    const harness = createDeliveryHarness(pinterest, outboxPath, { debug: true, timeoutMs: 250 });
    for (let order = 1; order <= 3; order += 1)
      await harness.reporter.report(checkoutInput(order), grantedContext());
    await harness.reporter.report(
      checkoutInput(4, { eventTime: harness.clock.now() - 2 * 86_400_000 }),
      grantedContext(),
    );
    pinterest.faults.failNext(1, { status: 429, retryAfterSeconds: 1 });
    pinterest.faults.failNext(1, { status: 503 });
    pinterest.faults.failNext(1, { kind: 'reset' });
    pinterest.faults.failNext(1, { kind: 'hang' });

    await deliverUntilSettled(harness);
    const stored = JSON.stringify([
      await harness.reporter.outbox.snapshot(),
      await harness.reporter.outbox.deadLetters(),
    ]);
    await harness.reporter.shutdown({ timeoutMs: 1000 });

    expect(harness.captured.find('Conversions API request').length).toBeGreaterThan(4);
    expect(harness.captured.find('retrying').length).toBe(4);
    expect(harness.captured.lines.join('\n')).not.toContain(TOKEN);
    expect(stored).not.toContain(TOKEN);
    expect(outboxFileText(outboxPath)).not.toContain(TOKEN);
  });

  it('never appears when Pinterest refuses it', async () => {
    const wrongToken = 'tok_SECRET_revoked_0a1b2c3d4e';
    const harness = createDeliveryHarness(pinterest, `${dir.path}/outbox.sqlite`, {
      conversionToken: wrongToken,
      debug: true,
    });
    await harness.reporter.report(checkoutInput(1), grantedContext());

    await harness.reporter.dispatcher.drain();
    const stored = JSON.stringify(await harness.reporter.outbox.snapshot());
    await harness.reporter.shutdown({ timeoutMs: 1000 });

    expect(harness.captured.find('DELIVERY PAUSED')).toHaveLength(1);
    expect(harness.captured.lines.join('\n')).not.toContain(wrongToken);
    expect(stored).toContain('AuthenticationError');
    expect(stored).not.toContain(wrongToken);
  });

  it('never appears in client errors', async () => {
    const client = createPinterestClient({
      adAccountId: ACCOUNT,
      conversionToken: 'tok_SECRET_other',
      baseUrl: pinterest.apiBaseUrl,
    });
    const event = {
      event_name: 'checkout',
      action_source: 'web',
      event_time: 1,
      event_id: 'x',
      user_data: {},
    };

    const error = await client.sendEvents([event as never]).catch((caught: unknown) => caught as Error);

    expect(error.name).toBe('AuthenticationError');
    expect(error.message).toContain(`POST ${pinterest.apiBaseUrl}/ad_accounts/${ACCOUNT}/events`);
    expect(`${error.message} ${error.stack} ${JSON.stringify(error)}`).not.toContain('tok_SECRET_other');
  });

  it('never appears when pasted into the base URL path', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = {
      debug: (fields: Record<string, unknown>) => lines.push(fields),
      info: () => {},
      warn: () => {},
      error: () => {},
    };
    const client = createPinterestClient({
      adAccountId: ACCOUNT,
      conversionToken: TOKEN,
      baseUrl: `${pinterest.url}/${TOKEN}/v5`,
      logger,
      debug: true,
    });
    const event = await buildCapiEvent(checkoutInput(1), Date.now());

    const error = await client.sendEvents([event]).catch((caught: unknown) => caught as Error);

    expect(error.name).toBe('InvalidRequestError');
    expect(error.message).toContain(`POST ${pinterest.url}/[redacted]/v5/ad_accounts/${ACCOUNT}/events`);
    expect(`${error.message} ${error.stack} ${JSON.stringify(error)}`).not.toContain(TOKEN);
    expect(client.endpoint).not.toContain(TOKEN);
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
  });

  it('never appears in configuration errors', () => {
    const env = {
      PINTEREST_AD_ACCOUNT_ID: 'not-digits',
      PINTEREST_CONVERSION_TOKEN: 'tok_SECRET with space',
      PINTEREST_API_BASE_URL: 'ftp://example.invalid',
    };

    expect(() => loadConfig(env)).toThrow(/PINTEREST_CONVERSION_TOKEN/);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).not.toContain('tok_SECRET');
      expect(JSON.stringify(error)).not.toContain('tok_SECRET');
    }
  });
});

describe('personal data', () => {
  it('never reaches the outbox file, delivered or not', async () => {
    const outboxPath = `${dir.path}/outbox.sqlite`;
    const harness = createDeliveryHarness(pinterest, outboxPath);
    await harness.reporter.report(checkoutInput(1), grantedContext());
    await harness.reporter.report(
      checkoutInput(2, { eventTime: harness.clock.now() - 2 * 86_400_000 }),
      grantedContext(),
    );
    pinterest.faults.failNext(1, { status: 500 });
    await harness.reporter.report(checkoutInput(3), grantedContext());

    const beforeDelivery = outboxFileText(outboxPath);
    await deliverUntilSettled(harness);
    const afterDelivery = outboxFileText(outboxPath);
    await harness.reporter.shutdown({ timeoutMs: 1000 });

    for (const text of [beforeDelivery, afterDelivery, outboxFileText(outboxPath)]) {
      for (const raw of [RAW_EMAIL, RAW_EMAIL.toLowerCase(), RAW_PHONE, '4155550142', 'Person', 'Zoë']) {
        expect(text).not.toContain(raw);
      }
    }
    expect(beforeDelivery).toContain('checkout');
    expect(harness.captured.lines.join('\n')).not.toContain(RAW_EMAIL.toLowerCase());
  });
});
