// startTestkit: both fakes start, share a logger and stop together.

import { describe, expect, it } from 'vitest';
import type { TestkitLogger } from './logger.js';
import { startTestkit } from './testkit.js';

describe('startTestkit', () => {
  it('starts both fakes on free ports and stops them with one call', async () => {
    const lines: string[] = [];
    const record = (message: string) => lines.push(message);
    const logger: TestkitLogger = {
      debug: (_fields, message) => record(message),
      info: (_fields, message) => record(message),
      warn: (_fields, message) => record(message),
      error: (_fields, message) => record(message),
    };

    const testkit = await startTestkit({ logger });
    const report = await fetch(testkit.pinterest.reportJsonUrl);
    const events = await fetch(testkit.posthog.eventsUrl);
    await testkit.close();
    await testkit.close();

    expect(report.status).toBe(200);
    expect(events.status).toBe(200);
    expect(testkit.pinterest.url).not.toBe(testkit.posthog.url);
    expect(lines).toEqual(
      expect.arrayContaining([
        'fake Pinterest listening',
        'fake PostHog listening',
        'fake Pinterest stopped',
        'fake PostHog stopped',
      ]),
    );
    await expect(fetch(testkit.posthog.eventsUrl)).rejects.toThrow();
  });

  it('passes options to each fake', async () => {
    const testkit = await startTestkit({
      pinterest: { accounts: [{ adAccountId: '42', conversionToken: 'secret' }] },
      posthog: { apiKey: 'phc_custom' },
    });

    expect(testkit.pinterest.adAccountId).toBe('42');
    expect(testkit.posthog.apiKey).toBe('phc_custom');
    await testkit.close();
  });

  it('closes the fake Pinterest when the fake PostHog cannot start', async () => {
    const lines: string[] = [];
    const record: TestkitLogger['info'] = (_fields, message) => lines.push(message);
    const logger: TestkitLogger = { debug: record, info: record, warn: record, error: record };

    await expect(startTestkit({ logger, posthog: { port: -1 } })).rejects.toThrow('`port`');

    expect(lines).toEqual(['fake Pinterest listening', 'fake Pinterest stopped']);
  });
});
