// Tests of the reporter against the testkit's fake Conversions API and fake PostHog over real HTTP.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deriveEventId, encodeHandoff, isSha256Hex, sha256Hex, toPostHogUuid } from '@pinpair/core';
import {
  DEFAULT_AD_ACCOUNT_ID,
  DEFAULT_CONVERSION_TOKEN,
  type FakePinterest,
  type FakePostHog,
  startFakePinterest,
  startFakePostHog,
} from '@pinpair/testkit';
import { PostHog } from 'posthog-node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  captureLogger,
  checkoutInput,
  createManualClock,
  createTempDir,
  grantedContext,
  RAW_EMAIL,
  wakeOnlySleep,
} from '../__tests__/helpers.js';
import { getRequestContext } from '../context/request-context.js';
import { createMemoryOutbox } from '../outbox/memory-outbox.js';
import { POSTHOG_FAILURE_LOG_INTERVAL_MS } from './posthog-failures.js';
import { createReporter, type Reporter } from './reporter.js';
import type { ReporterOptions } from './reporter-options.js';

let pinterest: FakePinterest;
let reporters: Reporter[];

beforeEach(async () => {
  pinterest = await startFakePinterest();
  reporters = [];
});

afterEach(async () => {
  await Promise.all(reporters.map((reporter) => reporter.shutdown({ timeoutMs: 1000 })));
  await pinterest.close();
});

function makeReporter(overrides: Partial<ReporterOptions> = {}) {
  const captured = captureLogger();
  const reporter = createReporter({
    pinterest: {
      adAccountId: DEFAULT_AD_ACCOUNT_ID,
      conversionToken: DEFAULT_CONVERSION_TOKEN,
      baseUrl: pinterest.apiBaseUrl,
    },
    outbox: createMemoryOutbox(),
    autoStart: false,
    logger: captured.logger,
    sleep: wakeOnlySleep,
    ...overrides,
  });
  reporters.push(reporter);
  return { reporter, captured };
}

function capiEvents() {
  return pinterest.ledger.events().filter((event) => event.channel === 'capi');
}

describe('report', () => {
  it('delivers the conversion with hashed user data, IP, user agent and click id', async () => {
    const { reporter } = makeReporter();
    const context = grantedContext();

    const result = await reporter.report(checkoutInput(1001), context);
    expect(result.queued).toBe(true);
    expect(result.skipped).toBeUndefined();
    expect(result.eventId).toBe(await deriveEventId('checkout', 1001));
    expect(capiEvents()).toHaveLength(0);

    await reporter.flush();

    const [event] = capiEvents();
    expect(event?.status).toBe('processed');
    expect(event?.eventId).toBe(result.eventId);
    const payload = event?.payload as {
      user_data: Record<string, unknown>;
      custom_data: Record<string, unknown>;
    };
    expect(payload.user_data.client_ip_address).toBe(context.clientIpAddress);
    expect(payload.user_data.client_user_agent).toBe(context.clientUserAgent);
    expect(payload.user_data.click_id).toBe(context.clickId);
    expect(payload.user_data.em).toEqual([await sha256Hex('shopper.person+pinpair@example.com')]);
    for (const field of ['em', 'ph', 'fn', 'ln']) {
      for (const value of payload.user_data[field] as string[]) expect(isSha256Hex(value)).toBe(true);
    }
    expect(payload.custom_data.value).toBe('59.90');
    expect(payload.custom_data.order_id).toBe('1001');
    expect(JSON.stringify(payload)).not.toContain(RAW_EMAIL);
  });

  it('uses the hand-off event id for a one-shot action', async () => {
    const { reporter } = makeReporter();
    const handoff = {
      eventId: 'browser-event-42',
      consent: { advertising: 'granted', analytics: 'granted' },
    } as const;

    const result = await reporter.report(
      checkoutInput(1002, { eventName: 'add_to_cart', orderId: undefined }),
      grantedContext({ handoff }),
    );
    await reporter.flush();

    expect(result.eventId).toBe('browser-event-42');
    expect(capiEvents().map((event) => event.eventId)).toEqual(['browser-event-42']);
  });

  it('derives an order event id despite the hand-off', async () => {
    const { reporter } = makeReporter();
    const handoff = {
      eventId: 'browser-event-44',
      consent: { advertising: 'granted', analytics: 'granted' },
    } as const;

    const result = await reporter.report(checkoutInput(1004), grantedContext({ handoff }));
    await reporter.flush();

    const derived = await deriveEventId('checkout', 1004);
    expect(result.eventId).toBe(derived);
    expect(capiEvents().map((event) => event.eventId)).toEqual([derived]);
  });

  it('uses the input event id over the hand-off', async () => {
    const { reporter } = makeReporter();
    const handoff = {
      eventId: 'browser-event-43',
      consent: { advertising: 'granted', analytics: 'granted' },
    } as const;

    const result = await reporter.report(
      checkoutInput(1003, { eventId: 'explicit-id-1' }),
      grantedContext({ handoff }),
    );

    expect(result.eventId).toBe('explicit-id-1');
  });

  it('returns before Pinterest answers', async () => {
    const { reporter } = makeReporter({
      pinterest: {
        adAccountId: DEFAULT_AD_ACCOUNT_ID,
        conversionToken: DEFAULT_CONVERSION_TOKEN,
        baseUrl: pinterest.apiBaseUrl,
        timeoutMs: 200,
      },
    });
    pinterest.faults.failNext(1, { kind: 'hang' });

    const result = await reporter.report(checkoutInput(1004), grantedContext());

    expect(result.queued).toBe(true);
    expect(pinterest.requests()).toHaveLength(0);
    expect((await reporter.outbox.counts()).pending).toBe(1);
  });

  it('stores a repeated report once', async () => {
    const { reporter } = makeReporter();

    const first = await reporter.report(checkoutInput(1005), grantedContext());
    const second = await reporter.report(checkoutInput(1005), grantedContext());
    await reporter.flush();

    expect(first.duplicate).toBeUndefined();
    expect(second.duplicate).toBe(true);
    expect(second.queued).toBe(true);
    expect(second.eventId).toBe(first.eventId);
    expect(capiEvents()).toHaveLength(1);
  });

  it('marks a repeated report in SQLite as duplicate', async () => {
    const dir = createTempDir();
    try {
      const { reporter } = makeReporter({ outbox: undefined, outboxPath: `${dir.path}/outbox.sqlite` });

      const first = await reporter.report(checkoutInput(1011), grantedContext());
      const second = await reporter.report(checkoutInput(1011), grantedContext());
      await reporter.flush();

      expect(first.duplicate).toBeUndefined();
      expect(second.duplicate).toBe(true);
      expect(second.queued).toBe(true);
      expect(capiEvents().map((event) => event.eventId)).toEqual([first.eventId]);
      await reporter.shutdown({ timeoutMs: 1000 });
    } finally {
      dir.remove();
    }
  });

  it('sends an IPv4-mapped IP from the input as IPv4', async () => {
    const { reporter } = makeReporter();

    await reporter.report(checkoutInput(1012, { clientIpAddress: '::ffff:203.0.113.9' }), grantedContext());
    await reporter.flush();

    const payload = capiEvents()[0]?.payload as { user_data: Record<string, unknown> };
    expect(payload.user_data.client_ip_address).toBe('203.0.113.9');
  });

  it('sends an IPv4-mapped IP from the context as IPv4', async () => {
    const { reporter } = makeReporter();

    await reporter.report(checkoutInput(1013), grantedContext({ clientIpAddress: ' ::FFFF:203.0.113.10 ' }));
    await reporter.flush();

    const payload = capiEvents()[0]?.payload as { user_data: Record<string, unknown> };
    expect(payload.user_data.client_ip_address).toBe('203.0.113.10');
  });

  it('leaves out an invalid caller IP and delivers', async () => {
    const { reporter } = makeReporter();

    const result = await reporter.report(
      checkoutInput(1014, { clientIpAddress: 'not-an-ip' }),
      grantedContext(),
    );
    await reporter.flush();

    expect(result.problems).toContainEqual(
      expect.objectContaining({ path: 'user_data.client_ip_address', code: 'user_data_invalid' }),
    );
    expect(result.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    const payload = capiEvents()[0]?.payload as { user_data: Record<string, unknown> };
    expect(payload.user_data.client_ip_address).toBeUndefined();
    expect(payload.user_data.em).toBeDefined();
  });

  it('rejects an invalid conversion with a validation error', async () => {
    const { reporter } = makeReporter();

    await expect(
      reporter.report({ eventName: 'checkout', value: 10 }, grantedContext()),
    ).rejects.toMatchObject({
      name: 'ValidationError',
    });
    expect((await reporter.outbox.counts()).pending).toBe(0);
  });

  it('rejects report after shutdown', async () => {
    const { reporter } = makeReporter();
    await reporter.shutdown({ timeoutMs: 100 });

    await expect(reporter.report(checkoutInput(1006), grantedContext())).rejects.toMatchObject({
      code: 'reporter_shut_down',
    });
  });

  it('returns linter errors and still queues the event', async () => {
    const { reporter, captured } = makeReporter();
    const context = grantedContext({ clientIpAddress: undefined, clientUserAgent: undefined });

    const result = await reporter.report(checkoutInput(1008, { user: { firstName: 'Zoë' } }), context);

    expect(result.queued).toBe(true);
    expect(result.problems).toContainEqual(
      expect.objectContaining({ path: 'user_data', severity: 'error', code: 'identity_missing' }),
    );
    const [warning] = captured.find('CAPI event is invalid');
    expect(warning?.eventId).toBe(result.eventId);
    expect(warning?.problems).toEqual([{ path: 'user_data', severity: 'error', code: 'identity_missing' }]);
    expect(JSON.stringify(warning)).not.toContain('Zoë');

    await reporter.flush();
    const [deadLetter] = await reporter.outbox.deadLetters();
    expect(deadLetter?.eventId).toBe(result.eventId);
    expect(deadLetter?.deadLetterReason).toBe('invalid');
    expect(capiEvents()).toHaveLength(0);
  });

  it('returns linter warnings for a private IP', async () => {
    const { reporter, captured } = makeReporter();

    const result = await reporter.report(
      checkoutInput(1009),
      grantedContext({ clientIpAddress: '10.1.2.3' }),
    );

    expect(result.problems.map((problem) => problem.code)).toEqual(['client_ip_not_public']);
    expect(captured.find('CAPI event queued with linter warnings')).toHaveLength(1);
  });

  it('returns no problems for a valid event', async () => {
    const { reporter, captured } = makeReporter();

    const result = await reporter.report(checkoutInput(1010), grantedContext());

    expect(result.problems).toEqual([]);
    expect(captured.entries().filter((entry) => entry.level === 40)).toEqual([]);
  });

  it('reports request-context problems and fills IP from the request', async () => {
    const { reporter } = makeReporter();
    const context = getRequestContext(
      {
        headers: { 'user-agent': 'UA-test/1.0', 'x-pinpair-handoff': 'not-base64-json' },
        socket: { remoteAddress: '::ffff:198.51.100.23' },
      },
      {},
    );
    const result = await reporter.report(checkoutInput(1007), {
      ...context,
      consent: grantedContext().consent,
    });
    await reporter.flush();

    expect(result.problems.map((problem) => problem.code)).toContain('invalid-handoff');
    const payload = capiEvents()[0]?.payload as { user_data: Record<string, unknown> };
    expect(payload.user_data.client_ip_address).toBe('198.51.100.23');
    expect(payload.user_data.client_user_agent).toBe('UA-test/1.0');
  });
});

describe('consent', () => {
  it('sends nothing to Pinterest when advertising is denied', async () => {
    const { reporter } = makeReporter();

    const result = await reporter.report(
      checkoutInput(2001),
      grantedContext({ consent: { advertising: 'denied', analytics: 'granted' } }),
    );
    await reporter.flush();

    expect(result.queued).toBe(false);
    expect(result.skipped).toBe('advertising-consent-denied');
    expect(await reporter.outbox.counts()).toEqual({
      pending: 0,
      'in-flight': 0,
      delivered: 0,
      'dead-letter': 0,
    });
    expect(pinterest.requests()).toHaveLength(0);
  });

  it('sends with opt_out when advertisingDenied is opt-out', async () => {
    const { reporter } = makeReporter({ advertisingDenied: 'opt-out' });

    const result = await reporter.report(
      checkoutInput(2002),
      grantedContext({ consent: { advertising: 'denied', analytics: 'granted' } }),
    );
    await reporter.flush();

    expect(result.queued).toBe(true);
    const payload = capiEvents()[0]?.payload as { opt_out?: boolean };
    expect(payload.opt_out).toBe(true);
  });

  it('skips pending consent by default and logs it once', async () => {
    const { reporter, captured } = makeReporter();

    const first = await reporter.report(checkoutInput(2003));
    const second = await reporter.report(
      checkoutInput(2004),
      grantedContext({ consent: { advertising: 'pending', analytics: 'pending' } }),
    );

    expect(first.skipped).toBe('advertising-consent-pending');
    expect(second.skipped).toBe('advertising-consent-pending');
    expect(captured.find('consent is pending')).toHaveLength(1);
  });

  it('words the pending warning for a malformed consent cookie', async () => {
    const { reporter, captured } = makeReporter();
    const context = getRequestContext({
      headers: { 'user-agent': 'UA', cookie: 'pinpair_consent=ad=yes&an=maybe' },
      socket: { remoteAddress: '203.0.113.9' },
    });

    const result = await reporter.report(checkoutInput(2006), context);

    expect(result.skipped).toBe('advertising-consent-pending');
    const [warning] = captured.find('consent is pending');
    expect(warning?.msg).toBe(
      "Conversion not sent because consent is pending: the shopper has not chosen, or no hand-off or valid consent cookie reached the server. Set `pendingConsent: 'send'` if your shop may track without asking. Later conversions with pending consent are not logged",
    );
    expect(warning?.eventId).toBe(result.eventId);
    expect(warning?.eventName).toBe('checkout');
  });

  it('sends pending consent with pendingConsent send', async () => {
    const { reporter } = makeReporter({ pendingConsent: 'send' });

    const result = await reporter.report(
      checkoutInput(2005),
      grantedContext({ consent: { advertising: 'pending', analytics: 'pending' } }),
    );
    await reporter.flush();

    expect(result.queued).toBe(true);
    expect(capiEvents()).toHaveLength(1);
  });

  it('rejects a misspelled advertising consent', async () => {
    const { reporter } = makeReporter();
    const consent = { advertising: 'Granted', analytics: 'granted' } as never;

    const error = await reporter.report(checkoutInput(2006), grantedContext({ consent })).catch((e) => e);

    expect(error).toMatchObject({ name: 'ValidationError', field: 'context.consent.advertising' });
    expect(error.message).toContain('"Granted"');
    expect(error.message).toContain("'granted', 'denied' or 'pending'");
    expect((await reporter.outbox.counts()).pending).toBe(0);
  });

  it('rejects a misspelled analytics consent', async () => {
    const { reporter } = makeReporter();
    const consent = { advertising: 'granted', analytics: 'yes' } as never;

    const error = await reporter.report(checkoutInput(2007), grantedContext({ consent })).catch((e) => e);

    expect(error).toMatchObject({ name: 'ValidationError', field: 'context.consent.analytics' });
    expect(error.message).toContain('"yes"');
    expect(error.message).toContain("'granted', 'denied' or 'pending'");
    expect((await reporter.outbox.counts()).pending).toBe(0);
  });

  it('rejects consent that is not an object', async () => {
    const { reporter } = makeReporter();

    const error = await reporter
      .report(checkoutInput(2008), grantedContext({ consent: 'granted' as never }))
      .catch((e) => e);

    expect(error).toMatchObject({ name: 'ValidationError', field: 'context.consent' });
    expect(error.message).toContain('"granted"');
  });

  it('accepts every valid consent state', async () => {
    const { reporter } = makeReporter();
    const cases = [
      { advertising: 'granted', analytics: 'denied', skipped: undefined },
      { advertising: 'denied', analytics: 'granted', skipped: 'advertising-consent-denied' },
      { advertising: 'pending', analytics: 'pending', skipped: 'advertising-consent-pending' },
    ] as const;

    for (const [index, { advertising, analytics, skipped }] of cases.entries()) {
      const result = await reporter.report(
        checkoutInput(2010 + index),
        grantedContext({ consent: { advertising, analytics } }),
      );
      expect(result.skipped).toBe(skipped);
    }
  });
});

describe('posthog', () => {
  let posthog: FakePostHog;

  beforeEach(async () => {
    posthog = await startFakePostHog();
  });

  afterEach(async () => {
    await posthog.close();
  });

  it('captures before shutdown resolves, with the browser uuid and $ip', async () => {
    const { reporter } = makeReporter({
      posthog: { apiKey: 'phc_test_key', host: posthog.url, flushAt: 100, flushIntervalMs: 60_000 },
    });
    const context = grantedContext({ distinctId: 'shopper-distinct-1' });

    const result = await reporter.report(checkoutInput(3001), context);
    expect(result.postHog).toBe('captured');
    await reporter.shutdown({ timeoutMs: 5000 });

    const events = posthog.events();
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.event).toBe('Order Completed');
    expect(event?.uuid).toBe(await toPostHogUuid(result.eventId));
    expect(event?.distinctId).toBe('shopper-distinct-1');
    expect(event?.ip).toBe(context.clientIpAddress);
    expect(event?.properties.event_id).toBe(result.eventId);
    expect(JSON.stringify(event)).not.toContain(RAW_EMAIL);
  });

  it('leaves GeoIP on, so PostHog uses $ip', async () => {
    const { reporter } = makeReporter({ posthog: { apiKey: 'phc_test_key', host: posthog.url } });
    const context = grantedContext({ distinctId: 'shopper-distinct-geo' });

    await reporter.report(checkoutInput(3005), context);
    await reporter.shutdown({ timeoutMs: 5000 });

    const [event] = posthog.events();
    expect(event?.properties.$ip).toBe(context.clientIpAddress);
    expect(event?.properties).not.toHaveProperty('$geoip_disable');
  });

  it('sends no $ip that is not an address', async () => {
    const { reporter } = makeReporter({ posthog: { apiKey: 'phc_test_key', host: posthog.url } });
    const context = grantedContext({ distinctId: 'shopper-distinct-bad-ip', clientIpAddress: 'unknown' });

    await reporter.report(checkoutInput(3006), context);
    await reporter.shutdown({ timeoutMs: 5000 });

    const [event] = posthog.events();
    expect(event?.properties).not.toHaveProperty('$ip');
    expect(event?.properties.$raw_user_agent).toBe(context.clientUserAgent);
  });

  it('sends the user agent and page URL', async () => {
    const { reporter } = makeReporter({ posthog: { apiKey: 'phc_test_key', host: posthog.url } });
    const context = grantedContext({
      distinctId: 'shopper-distinct-ua',
      eventSourceUrl: 'https://shop.example/checkout/thanks?order=3009',
    });

    await reporter.report(checkoutInput(3009), context);
    await reporter.shutdown({ timeoutMs: 5000 });

    const [event] = posthog.events();
    expect(event?.properties.$raw_user_agent).toBe(context.clientUserAgent);
    expect(event?.properties.$current_url).toBe('https://shop.example/checkout/thanks?order=3009');
  });

  it('leaves out the user agent and page URL when unknown', async () => {
    const { reporter } = makeReporter({ posthog: { apiKey: 'phc_test_key', host: posthog.url } });
    const context = grantedContext({ distinctId: 'shopper-distinct-no-ua', clientUserAgent: undefined });

    await reporter.report(checkoutInput(3010), context);
    await reporter.shutdown({ timeoutMs: 5000 });

    const [event] = posthog.events();
    expect(event?.properties.$ip).toBe(context.clientIpAddress);
    expect(event?.properties).not.toHaveProperty('$raw_user_agent');
    expect(event?.properties).not.toHaveProperty('$current_url');
  });

  it("leaves GeoIP on with the caller's posthog-node client", async () => {
    const client = new PostHog('phc_test_key', { host: posthog.url, flushAt: 100 });
    const { reporter } = makeReporter({ posthog: { client } });

    await reporter.report(checkoutInput(3006), grantedContext({ distinctId: 'shopper-distinct-own' }));
    await reporter.shutdown({ timeoutMs: 5000 });
    await client.shutdown(1000);

    const [event] = posthog.events();
    expect(event?.ip).toBe('203.0.113.7');
    expect(event?.properties).not.toHaveProperty('$geoip_disable');
  });

  it('skips PostHog without a distinct id and says why', async () => {
    const { reporter, captured } = makeReporter({ posthog: { apiKey: 'phc_test_key', host: posthog.url } });

    const result = await reporter.report(checkoutInput(3007), grantedContext());
    await reporter.shutdown({ timeoutMs: 5000 });

    expect(result.postHog).toBe('no-distinct-id');
    expect(result.queued).toBe(true);
    expect(result.problems).toContainEqual(
      expect.objectContaining({ path: 'distinctId', severity: 'warning', code: 'missing-distinct-id' }),
    );
    const [warning] = captured.find('PostHog capture skipped: no distinct id');
    expect(warning?.eventId).toBe(result.eventId);
    expect(posthog.events()).toHaveLength(0);
    expect(capiEvents()).toHaveLength(1);
  });

  it('uses a distinct id the caller puts in the context', async () => {
    const { reporter } = makeReporter({ posthog: { apiKey: 'phc_test_key', host: posthog.url } });
    const context = getRequestContext({
      headers: { 'user-agent': 'UA' },
      socket: { remoteAddress: '203.0.113.9' },
    });

    const result = await reporter.report(checkoutInput(3008), {
      ...context,
      consent: { advertising: 'granted', analytics: 'granted' },
      distinctId: 'customer-42',
    });
    await reporter.shutdown({ timeoutMs: 5000 });

    expect(result.postHog).toBe('captured');
    expect(posthog.events()[0]?.distinctId).toBe('customer-42');
  });

  it('sends nothing to PostHog when analytics is denied', async () => {
    const { reporter } = makeReporter({ posthog: { apiKey: 'phc_test_key', host: posthog.url } });

    const result = await reporter.report(
      checkoutInput(3002),
      grantedContext({ consent: { advertising: 'granted', analytics: 'denied' } }),
    );
    await reporter.shutdown({ timeoutMs: 5000 });

    expect(result.postHog).toBe('analytics-consent-denied');
    expect(result.queued).toBe(true);
    expect(posthog.events()).toHaveLength(0);
  });

  it('logs once that PostHog is disabled without a key', async () => {
    const { reporter, captured } = makeReporter();

    const result = await reporter.report(checkoutInput(3003), grantedContext());

    expect(result.postHog).toBe('disabled');
    expect(captured.find('PostHog disabled')).toHaveLength(1);
  });

  it('reads the distinct id from the hand-off', async () => {
    const { reporter } = makeReporter({ posthog: { apiKey: 'phc_test_key', host: posthog.url } });
    const handoff = encodeHandoff({
      eventId: 'handoff-event-1',
      distinctId: 'handoff-distinct',
      consent: { advertising: 'granted', analytics: 'granted' },
    });
    const context = getRequestContext({
      headers: { 'x-pinpair-handoff': handoff, 'user-agent': 'UA' },
      socket: { remoteAddress: '203.0.113.9' },
    });

    await reporter.report(checkoutInput(3004, { eventName: 'add_to_cart', orderId: undefined }), context);
    await reporter.shutdown({ timeoutMs: 5000 });

    expect(posthog.events()[0]?.distinctId).toBe('handoff-distinct');
    expect(posthog.events()[0]?.properties.event_id).toBe('handoff-event-1');
  });
});

describe('posthog failures', () => {
  // posthog-node prints failed flushes to stderr as well; keep the test output readable.
  beforeEach(() => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Checks that no log line carries the shopper's IP address, user agent, e-mail or distinct id. */
  function expectNoPersonalData(lines: string[], distinctId: string): void {
    const text = lines.join('\n');
    const context = grantedContext();
    expect(text).not.toContain(context.clientIpAddress);
    expect(text).not.toContain(context.clientUserAgent);
    expect(text.toLowerCase()).not.toContain(RAW_EMAIL.toLowerCase());
    expect(text).not.toContain(distinctId);
  }

  it('logs a batch PostHog rejects', async () => {
    const posthog = await startFakePostHog({ apiKey: 'phc_expected' });
    try {
      const { reporter, captured } = makeReporter({
        posthog: { apiKey: 'phc_other', host: posthog.url, flushAt: 100, flushIntervalMs: 60_000 },
      });

      const result = await reporter.report(
        checkoutInput(6001),
        grantedContext({ distinctId: 'distinct-6001' }),
      );
      await reporter.shutdown({ timeoutMs: 5000 });

      expect(result.postHog).toBe('captured');
      const lines = captured.find('PostHog delivery failed');
      expect(lines).toHaveLength(1);
      expect(lines[0]?.level).toBe(50);
      expect(lines[0]?.status).toBe(401);
      expect(lines[0]?.errorName).toBe('PostHogFetchHttpError');
      expect(String(lines[0]?.error)).toContain('status=401');
      expect(posthog.events()).toHaveLength(0);
      expectNoPersonalData(captured.lines, 'distinct-6001');
    } finally {
      await posthog.close();
    }
  });

  it('logs repeated PostHog failures once a minute', async () => {
    const posthog = await startFakePostHog({ apiKey: 'phc_expected' });
    try {
      const clock = createManualClock();
      const { reporter, captured } = makeReporter({
        clock: clock.now,
        posthog: { apiKey: 'phc_other', host: posthog.url, flushAt: 100, flushIntervalMs: 60_000 },
      });
      const reportAndFlush = async (orderId: number) => {
        await reporter.report(checkoutInput(orderId), grantedContext({ distinctId: `distinct-${orderId}` }));
        await expect(reporter.flush()).rejects.toMatchObject({ status: 401 });
      };

      await reportAndFlush(6011);
      await reportAndFlush(6012);
      await reportAndFlush(6013);
      expect(captured.find('PostHog delivery failed')).toHaveLength(1);

      clock.advance(POSTHOG_FAILURE_LOG_INTERVAL_MS);
      await reportAndFlush(6014);
      const lines = captured.find('PostHog delivery failed');
      expect(lines).toHaveLength(2);
      expect(lines[0]?.suppressedFailures).toBeUndefined();
      expect(lines[1]?.suppressedFailures).toBe(2);
    } finally {
      await posthog.close();
    }
  });

  it('logs captures lost at shutdown while PostHog answers 500', async () => {
    const failing = await startStatusServer(500);
    try {
      const { reporter, captured } = makeReporter({
        posthog: { apiKey: 'phc_test_key', host: failing.url, flushAt: 100, flushIntervalMs: 60_000 },
      });

      const result = await reporter.report(
        checkoutInput(6021),
        grantedContext({ distinctId: 'distinct-6021' }),
      );
      await reporter.shutdown({ timeoutMs: 300 });

      expect(failing.requests()).toBeGreaterThan(0);
      const [line] = captured.find('not sent before shutdown');
      expect(line?.level).toBe(50);
      expect(line?.count).toBe(1);
      expect(line?.uuids).toEqual([await toPostHogUuid(result.eventId)]);
      expect(line?.eventIds).toEqual([result.eventId]);
      expectNoPersonalData(captured.lines, 'distinct-6021');
    } finally {
      await failing.close();
    }
  });

  it('logs nothing about PostHog when delivery succeeds', async () => {
    const posthog = await startFakePostHog();
    try {
      const { reporter, captured } = makeReporter({
        posthog: { apiKey: 'phc_test_key', host: posthog.url, flushAt: 100, flushIntervalMs: 60_000 },
      });

      await reporter.report(checkoutInput(6031), grantedContext({ distinctId: 'distinct-6031' }));
      await reporter.shutdown({ timeoutMs: 5000 });

      expect(posthog.events()).toHaveLength(1);
      expect(captured.entries().filter((entry) => String(entry.msg).includes('PostHog'))).toEqual([]);
    } finally {
      await posthog.close();
    }
  });
});

/** Starts an HTTP server on 127.0.0.1 that responds to every request with `status` and counts them. */
async function startStatusServer(status: number): Promise<{
  url: string;
  requests: () => number;
  close: () => Promise<void>;
}> {
  let count = 0;
  const server: Server = createServer((request, response) => {
    count += 1;
    request.resume();
    response.writeHead(status, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('default outbox', () => {
  it('creates a SQLite outbox at outboxPath and closes it on shutdown', async () => {
    const dir = createTempDir();
    try {
      const reporter = createReporter({
        pinterest: {
          adAccountId: DEFAULT_AD_ACCOUNT_ID,
          conversionToken: DEFAULT_CONVERSION_TOKEN,
          baseUrl: pinterest.apiBaseUrl,
        },
        outboxPath: `${dir.path}/nested/outbox.sqlite`,
        autoStart: false,
        logger: captureLogger().logger,
        clock: createManualClock().now,
      });
      await reporter.report(checkoutInput(4001), grantedContext());
      await reporter.shutdown({ timeoutMs: 5000 });

      expect(reporter.outbox.durable).toBe(true);
      expect(capiEvents()).toHaveLength(1);
      await expect(reporter.outbox.counts()).rejects.toThrow();
    } finally {
      dir.remove();
    }
  });
});

describe('restart', () => {
  it('keeps undelivered events at shutdown and says so', async () => {
    const dir = createTempDir();
    try {
      pinterest.faults.failNext(1, { status: 503 });
      const { reporter, captured } = makeReporter({
        outbox: undefined,
        outboxPath: `${dir.path}/outbox.sqlite`,
      });

      await reporter.report(checkoutInput(5001), grantedContext());
      await reporter.flush();
      const summary = await reporter.shutdown({ timeoutMs: 1000 });

      expect(summary.outbox?.pending).toBe(1);
      const [warning] = captured.find('kept in the outbox for the next start');
      expect(warning?.count).toBe(1);
      expect(warning?.level).toBe(40);
    } finally {
      dir.remove();
    }
  });

  it('sends what the outbox kept without a new report', async () => {
    const dir = createTempDir();
    const outboxPath = `${dir.path}/outbox.sqlite`;
    try {
      pinterest.faults.failNext(1, { status: 503 });
      const first = makeReporter({ outbox: undefined, outboxPath });
      const { eventId } = await first.reporter.report(checkoutInput(5002), grantedContext());
      await first.reporter.flush();
      await first.reporter.shutdown({ timeoutMs: 1000 });
      expect(capiEvents()).toHaveLength(0);

      // The restarted process's first drain ends with the wait for the next interval.
      let firstDrainDone: () => void = () => {};
      const drained = new Promise<void>((resolve) => {
        firstDrainDone = resolve;
      });
      const clock = createManualClock();
      clock.advance(60_000);
      const second = makeReporter({
        outbox: undefined,
        outboxPath,
        autoStart: undefined,
        clock: clock.now,
        sleep: (ms, signal) => {
          firstDrainDone();
          return wakeOnlySleep(ms, signal);
        },
      });

      expect(second.captured.find('Dispatcher started')).toHaveLength(1);
      await drained;
      expect(capiEvents().map((event) => event.eventId)).toEqual([eventId]);
    } finally {
      dir.remove();
    }
  });

  it('does not start with autoStart false', async () => {
    const { captured } = makeReporter();

    expect(captured.find('Dispatcher started')).toHaveLength(0);
  });
});

describe('options', () => {
  it('rejects invalid options naming the option', () => {
    const base = {
      pinterest: {
        adAccountId: DEFAULT_AD_ACCOUNT_ID,
        conversionToken: DEFAULT_CONVERSION_TOKEN,
        baseUrl: pinterest.apiBaseUrl,
      },
      outbox: createMemoryOutbox(),
      logger: captureLogger().logger,
    };

    expect(() => createReporter({ ...base, pinterest: undefined as never })).toThrow(
      /`pinterest` is missing/,
    );
    expect(() => createReporter({ ...base, advertisingDenied: 'drop' as never })).toThrow(
      /`advertisingDenied` must be 'skip' or 'opt-out', got "drop"/,
    );
    expect(() => createReporter({ ...base, pendingConsent: 'granted' as never })).toThrow(/`pendingConsent`/);
    expect(() =>
      createReporter({
        ...base,
        pinterest: { ...base.pinterest, timeoutMs: 90_000 },
        dispatcher: { leaseMs: 60_000 },
      }),
    ).toThrow(/`dispatcher.leaseMs` \(60000\) must exceed `pinterest.timeoutMs` \(90000\)/);
    expect(() => createReporter({ ...base, pinterest: { ...base.pinterest, adAccountId: 'act_1' } })).toThrow(
      /`adAccountId`/,
    );
  });
});
