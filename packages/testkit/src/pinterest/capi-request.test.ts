// Each validation rule and error shape of the fake Conversions API, sent over real HTTP.

import { afterEach, describe, expect, it } from 'vitest';
import {
  BROWSER_USER_AGENT,
  NOW_MS,
  NOW_SECONDS,
  postEvents,
  SHOPPER_IP,
  sha256,
  validEvent,
} from '../__tests__/capi-fixtures.js';
import { type FakePinterest, startFakePinterest } from './fake-pinterest.js';
import type { FakePinterestOptions } from './options.js';

const started: FakePinterest[] = [];

async function start(options: FakePinterestOptions = {}): Promise<FakePinterest> {
  const pinterest = await startFakePinterest({ now: () => NOW_MS, ...options });
  started.push(pinterest);
  return pinterest;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((pinterest) => pinterest.close()));
});

describe('events endpoint', () => {
  it('accepts a valid event with 200 and counts', async () => {
    const pinterest = await start();

    const answer = await postEvents(pinterest, { data: [validEvent()] });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      num_events_received: 1,
      num_events_processed: 1,
      events: [{ status: 'processed', error_message: null, warning_message: null }],
    });
    expect(pinterest.ledger.events()).toHaveLength(1);
  });

  it('records the event in the ledger as sent, apart from the request log', async () => {
    const pinterest = await start();
    const event = validEvent();

    await postEvents(pinterest, { data: [event] });
    const logged = pinterest.requests()[0]?.body as { data: { event_id: string }[] };
    const stored = pinterest.ledger.events()[0]?.payload as { event_id: string };
    (logged.data[0] as { event_id: string }).event_id = 'changed-in-the-log';
    stored.event_id = 'changed-in-a-copy';

    expect(pinterest.ledger.events()[0]?.payload).toEqual(event);
    expect(pinterest.requests()[0]?.body).toEqual({ data: [event] });
  });

  it('accepts a gzip-encoded body', async () => {
    const pinterest = await start();

    const answer = await postEvents(pinterest, { data: [validEvent()] }, { gzip: true });

    expect(answer.status).toBe(200);
    expect(answer.body.num_events_processed).toBe(1);
  });

  it('accepts 1000 events in one request', async () => {
    const pinterest = await start();
    const data = Array.from({ length: 1000 }, (_, index) => validEvent({ event_id: `evt-${index}` }));

    const answer = await postEvents(pinterest, { data });

    expect(answer.status).toBe(200);
    expect(answer.body.num_events_processed).toBe(1000);
  });
});

describe('authentication and path', () => {
  it('rejects a request without a token with 401 code 2', async () => {
    const pinterest = await start();

    const answer = await postEvents(pinterest, { data: [validEvent()] }, { token: null });

    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ code: 2, message: 'Authentication failed.' });
  });

  it('rejects an unknown token with 401 code 2', async () => {
    const pinterest = await start();

    const answer = await postEvents(pinterest, { data: [validEvent()] }, { token: 'not-a-token' });

    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe(2);
  });

  it('rejects a non-bearer scheme with 401 code 2', async () => {
    const pinterest = await start();

    const answer = await postEvents(
      pinterest,
      { data: [validEvent()] },
      { token: null, headers: { authorization: `Basic ${pinterest.conversionToken}` } },
    );

    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe(2);
  });

  it('rejects a token of another account with 403 code 29', async () => {
    const pinterest = await start({
      accounts: [
        { adAccountId: '111', conversionToken: 'token-a' },
        { adAccountId: '222', conversionToken: 'token-b' },
      ],
    });

    const answer = await postEvents(
      pinterest,
      { data: [validEvent()] },
      { adAccountId: '222', token: 'token-a' },
    );

    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ code: 29, message: 'You are not permitted to access that resource.' });
  });

  it('rejects an unknown ad account with 403 code 29', async () => {
    const pinterest = await start();

    const answer = await postEvents(pinterest, { data: [validEvent()] }, { adAccountId: '999' });

    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe(29);
  });

  it.each([
    ['letters', 'abc123'],
    ['19 digits', '1234567890123456789'],
  ])('rejects an ad account id of %s with 400 code 4196', async (_case, adAccountId) => {
    const pinterest = await start();

    const answer = await postEvents(pinterest, { data: [validEvent()] }, { adAccountId });

    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe(4196);
    expect(answer.body.message).toContain('ad_account_id');
  });

  it('rejects GET with 405', async () => {
    const pinterest = await start();

    const response = await fetch(`${pinterest.apiBaseUrl}/ad_accounts/${pinterest.adAccountId}/events`);

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('leaves Authorization out of recorded requests', async () => {
    const pinterest = await start();

    await postEvents(pinterest, { data: [validEvent()] }, { headers: { 'user-agent': 'pinpair-test' } });

    const [record] = pinterest.requests();
    expect(record?.headers.authorization).toBeUndefined();
    expect(record?.headers['user-agent']).toBe('pinpair-test');
    expect(JSON.stringify(pinterest.requests())).not.toContain(pinterest.conversionToken);
  });
});

describe('request schema', () => {
  it.each([
    ['malformed JSON', { rawBody: '{"data": [' }, 'not valid JSON'],
    ['a JSON array body', { rawBody: '[]' }, 'must be a JSON object'],
    ['no data', { rawBody: '{}' }, 'Required field data is missing'],
    ['data that is not an array', { rawBody: '{"data": {}}' }, 'data must be an array'],
    ['empty data', { rawBody: '{"data": []}' }, 'data is empty'],
    [
      'an unknown top-level key',
      { rawBody: JSON.stringify({ data: [validEvent()], test: true }) },
      'Unknown top-level field: test',
    ],
    [
      'a text/plain body',
      { headers: { 'content-type': 'text/plain' } },
      'Content-Type must be application/json',
    ],
  ])('rejects %s with 400 code 4196', async (_case, options, message) => {
    const pinterest = await start();

    const answer = await postEvents(pinterest, { data: [validEvent()] }, options);

    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe(4196);
    expect(answer.body.message).toContain(message);
  });

  it('rejects 1001 events with 400 code 4196', async () => {
    const pinterest = await start();
    const data = Array.from({ length: 1001 }, (_, index) => validEvent({ event_id: `evt-${index}` }));

    const answer = await postEvents(pinterest, { data });

    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe(4196);
    expect(answer.body.message).toContain('at most 1000');
  });

  it('rejects a body over maxBodyBytes with 413', async () => {
    const pinterest = await start({ maxBodyBytes: 100 });

    const answer = await postEvents(pinterest, { data: [validEvent()] });

    expect(answer.status).toBe(413);
    expect(answer.body.message).toContain('exceeds 100 bytes');
  });

  it('rejects a body that claims gzip but is not with 400', async () => {
    const pinterest = await start();

    const answer = await postEvents(pinterest, undefined, {
      rawBody: 'plain text',
      headers: { 'content-encoding': 'gzip' },
    });

    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe(4196);
  });

  it('accepts an unknown top-level key when strictKeys is false', async () => {
    const pinterest = await start({ strictKeys: false });

    const answer = await postEvents(pinterest, { data: [validEvent()], extra: 1 });

    expect(answer.status).toBe(200);
  });
});

const rawEmail = 'shopper@example.com';

/** Per-event rules: a change to the valid event, and a phrase the error message contains. */
// biome-ignore lint/suspicious/noExplicitAny: each case edits a different nested field of a JSON event.
const eventRules: [string, (event: Record<string, any>) => void, string][] = [
  ['event_name missing', (event) => delete event.event_name, 'Required field event_name is missing'],
  ['action_source missing', (event) => delete event.action_source, 'Required field action_source is missing'],
  ['event_time missing', (event) => delete event.event_time, 'Required field event_time is missing'],
  ['event_id missing', (event) => delete event.event_id, 'Required field event_id is missing'],
  ['user_data missing', (event) => delete event.user_data, 'Required field user_data is missing'],
  ['an unknown event_name', (event) => (event.event_name = 'purchase'), 'Invalid event_name: "purchase"'],
  ['a tag-style event_name', (event) => (event.event_name = 'Checkout'), 'Invalid event_name: "Checkout"'],
  [
    'an unknown action_source',
    (event) => (event.action_source = 'website'),
    'Invalid action_source: "website"',
  ],
  [
    'event_time as a string',
    (event) => (event.event_time = String(NOW_SECONDS)),
    'event_time must be an integer',
  ],
  [
    'event_time with a fraction',
    (event) => (event.event_time = NOW_SECONDS - 0.5),
    'event_time must be an integer',
  ],
  [
    'event_time older than 7 days',
    (event) => (event.event_time = NOW_SECONDS - 8 * 86_400),
    `Given timestamp is in the past. Current timestamp: ${NOW_SECONDS}, Given event_timestamp: ${NOW_SECONDS - 8 * 86_400}`,
  ],
  ['event_time in milliseconds', (event) => (event.event_time = NOW_MS), 'It looks like milliseconds'],
  [
    'event_time an hour ahead',
    (event) => (event.event_time = NOW_SECONDS + 3600),
    'Given timestamp is in the future',
  ],
  ['an empty event_id', (event) => (event.event_id = ''), 'event_id is empty'],
  ['a numeric event_id', (event) => (event.event_id = 1001), 'event_id must be a string'],
  ['user_data as an array', (event) => (event.user_data = []), 'user_data must be an object'],
  ['em as a string', (event) => (event.user_data.em = sha256(rawEmail)), 'user_data.em must be an array'],
  [
    'em not hashed',
    (event) => (event.user_data.em = [rawEmail]),
    'user_data.em[0] is not a SHA-256 hex digest',
  ],
  [
    'em in uppercase hex',
    (event) => (event.user_data.em = [sha256(rawEmail).toUpperCase()]),
    'not lowercase',
  ],
  ['ph not hashed', (event) => (event.user_data.ph = ['+1 555 0100']), 'user_data.ph[0] is not a SHA-256'],
  [
    'an IP address without user agent',
    (event) => {
      delete event.user_data.em;
      delete event.user_data.client_user_agent;
    },
    'user_data needs em, hashed_maids, or both client_ip_address and client_user_agent',
  ],
  [
    'an invalid client_ip_address',
    (event) => (event.user_data.client_ip_address = '300.1.1.1'),
    'not an IPv4 or IPv6',
  ],
  [
    'value as a number',
    (event) => (event.custom_data.value = 116),
    'custom_data.value must be a decimal string',
  ],
  [
    'value with a decimal comma',
    (event) => (event.custom_data.value = '12,50'),
    'does not parse as a decimal number',
  ],
  ['a currency name', (event) => (event.custom_data.currency = 'dollars'), 'three-letter ISO 4217'],
  [
    'item_price as a number',
    (event) => (event.custom_data.contents[0].item_price = 58),
    'custom_data.contents[0].item_price must be a decimal string',
  ],
  [
    'a fractional quantity',
    (event) => (event.custom_data.contents[0].quantity = 1.5),
    'custom_data.contents[0].quantity must be an integer',
  ],
  [
    'num_items as a string',
    (event) => (event.custom_data.num_items = '2'),
    'custom_data.num_items must be an integer',
  ],
  [
    'content_ids of numbers',
    (event) => (event.custom_data.content_ids = [11]),
    'custom_data.content_ids[0] must be a string',
  ],
  [
    'an unknown event key',
    (event) => (event.advertiser_tracking_enabled = true),
    'Unknown field: advertiser_tracking_enabled',
  ],
  [
    'an unknown custom_data key',
    (event) => (event.custom_data.coupon = 'SALE'),
    'Unknown field: custom_data.coupon',
  ],
  [
    'an unknown user_data key',
    (event) => (event.user_data.email = [sha256(rawEmail)]),
    'Unknown field: user_data.email',
  ],
  [
    'an inherited property name as a key',
    (event) => (event.user_data.toString = 'x'),
    'Unknown field: user_data.toString',
  ],
  [
    'an unknown contents key',
    (event) => (event.custom_data.contents[0].item_brand_id = 'b'),
    'Unknown field: custom_data.contents[0].item_brand_id',
  ],
  ['opt_out as a string', (event) => (event.opt_out = 'yes'), 'opt_out must be a boolean'],
  ['a language name', (event) => (event.language = 'english'), 'two-letter ISO 639-1'],
  [
    'an unknown form factor',
    (event) => (event.device_info = { form_factor: 'phone' }),
    'device_info.form_factor',
  ],
  [
    'a window wider than 30720',
    (event) => (event.app_info = { window_width: 40000 }),
    'app_info.window_width is 40000',
  ],
];

describe('per-event rules', () => {
  it.each(eventRules)('fails an event with %s', async (_case, change, message) => {
    const pinterest = await start();
    const event = validEvent();
    change(event);

    const answer = await postEvents(pinterest, { data: [event] });

    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe(953);
    expect(answer.body.details.num_events_processed).toBe(0);
    expect(answer.body.details.events[0].status).toBe('failed');
    expect(answer.body.details.events[0].error_message).toContain(message);
    expect(JSON.stringify(answer.body)).not.toContain(rawEmail);
  });

  it('accepts identity by IP and user agent alone', async () => {
    const pinterest = await start();
    const event = validEvent();
    delete (event.user_data as Record<string, unknown>).em;

    const answer = await postEvents(pinterest, { data: [event] });

    expect(answer.status).toBe(200);
  });

  it('accepts identity by hashed_maids alone', async () => {
    const pinterest = await start();
    const event = validEvent({ action_source: 'app_ios', user_data: { hashed_maids: [sha256('idfa')] } });

    const answer = await postEvents(pinterest, { data: [event] });

    expect(answer.status).toBe(200);
  });

  it('accepts an event 6 days old and one 4 minutes ahead', async () => {
    const pinterest = await start();
    const data = [
      validEvent({ event_id: 'old', event_time: NOW_SECONDS - 6 * 86_400 }),
      validEvent({ event_id: 'ahead', event_time: NOW_SECONDS + 240 }),
    ];

    const answer = await postEvents(pinterest, { data });

    expect(answer.status).toBe(200);
  });

  it('applies maxAgeDays and futureToleranceSeconds', async () => {
    const pinterest = await start({ maxAgeDays: 1, futureToleranceSeconds: 0 });
    const data = [
      validEvent({ event_id: 'old', event_time: NOW_SECONDS - 2 * 86_400 }),
      validEvent({ event_id: 'ahead', event_time: NOW_SECONDS + 1 }),
    ];

    const answer = await postEvents(pinterest, { data });

    expect(answer.body.details.events.map((event: { status: string }) => event.status)).toEqual([
      'failed',
      'failed',
    ]);
  });

  it('joins several errors as sentences', async () => {
    const pinterest = await start();
    const oldTime = NOW_SECONDS - 8 * 86_400;
    const event = validEvent({ event_time: oldTime });
    (event.user_data as Record<string, unknown>).em = ['shopper@example.com'];

    const answer = await postEvents(pinterest, { data: [event] });

    expect(answer.body.details.events[0].error_message).toBe(
      `Invalid event_timestamp parameter. Given timestamp is in the past. Current timestamp: ${NOW_SECONDS}, Given event_timestamp: ${oldTime}. ` +
        'user_data.em[0] is not a SHA-256 hex digest; hash the normalized value with SHA-256 before sending.',
    );
  });

  it('keeps a single error as worded', async () => {
    const pinterest = await start();
    const oldTime = NOW_SECONDS - 8 * 86_400;

    const answer = await postEvents(pinterest, { data: [validEvent({ event_time: oldTime })] });

    expect(answer.body.details.events[0].error_message).toBe(
      `Invalid event_timestamp parameter. Given timestamp is in the past. Current timestamp: ${NOW_SECONDS}, Given event_timestamp: ${oldTime}`,
    );
  });
});

describe('partial failures', () => {
  const mixedBatch = () => ({
    data: [
      validEvent({ event_id: 'a' }),
      validEvent({ event_id: 'b', event_name: 'purchase' }),
      validEvent({ event_id: 'c' }),
    ],
  });

  it('answers 422 code 953 with details in request order', async () => {
    const pinterest = await start();

    const answer = await postEvents(pinterest, mixedBatch());

    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe(953);
    expect(answer.body.message).toBe(
      'The action could not be processed properly due to some or all data provided being invalid.',
    );
    expect(answer.body.details.num_events_received).toBe(3);
    expect(answer.body.details.num_events_processed).toBe(2);
    expect(answer.body.details.events.map((event: { status: string }) => event.status)).toEqual([
      'processed',
      'failed',
      'processed',
    ]);
  });

  it('answers 200 with failed entries when partialFailureStatus is 200', async () => {
    const pinterest = await start({ partialFailureStatus: 200 });

    const answer = await postEvents(pinterest, mixedBatch());

    expect(answer.status).toBe(200);
    expect(answer.body.num_events_processed).toBe(2);
    expect(answer.body.events[1].status).toBe('failed');
    expect(answer.body.events[1].error_message).toContain('Invalid event_name');
  });

  it('records failed events in the ledger as failed', async () => {
    const pinterest = await start();

    await postEvents(pinterest, mixedBatch());

    const statuses = pinterest.ledger
      .events()
      .map((event) => (event.channel === 'capi' ? event.status : 'tag'));
    expect(statuses).toEqual(['processed', 'failed', 'processed']);
  });

  it('rejects the request with 400 on a schema violation when schemaErrors is request', async () => {
    const pinterest = await start({ schemaErrors: 'request' });
    const data = [validEvent({ event_id: 'a' }), validEvent({ event_id: 'b', event_time: '1717329600' })];

    const answer = await postEvents(pinterest, { data });

    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe(4196);
    expect(answer.body.message).toContain('data[1].event_time');
  });

  it('keeps semantic failures per event when schemaErrors is request', async () => {
    const pinterest = await start({ schemaErrors: 'request' });

    const answer = await postEvents(pinterest, {
      data: [validEvent({ event_time: NOW_SECONDS - 30 * 86_400 })],
    });

    expect(answer.status).toBe(422);
  });
});

describe('lenient modes', () => {
  it('warns about unknown keys when strictKeys is false', async () => {
    const pinterest = await start({ strictKeys: false });

    const answer = await postEvents(pinterest, { data: [validEvent({ advertiser_tracking_enabled: true })] });

    expect(answer.status).toBe(200);
    expect(answer.body.events[0].status).toBe('processed');
    expect(answer.body.events[0].warning_message).toContain(
      'Unknown field ignored: advertiser_tracking_enabled',
    );
  });

  it('warns about unhashed values when strictHashing is false', async () => {
    const pinterest = await start({ strictHashing: false });
    const event = validEvent();
    (event.user_data as Record<string, unknown>).em = [rawEmail];

    const answer = await postEvents(pinterest, { data: [event] });

    expect(answer.status).toBe(200);
    expect(answer.body.events[0].warning_message).toContain('user_data.em[0] is not a SHA-256 hex digest');
    expect(answer.body.events[0].warning_message).not.toContain(rawEmail);
  });

  it('warns about a numeric value when strictTypes is false', async () => {
    const pinterest = await start({ strictTypes: false });
    const event = validEvent();
    (event.custom_data as Record<string, unknown>).value = 116;

    const answer = await postEvents(pinterest, { data: [event] });

    expect(answer.status).toBe(200);
    expect(answer.body.events[0].warning_message).toContain('custom_data.value must be a decimal string');
  });
});

describe('test mode', () => {
  it('validates and answers ?test=true but records nothing', async () => {
    const pinterest = await start();

    const valid = await postEvents(pinterest, { data: [validEvent()] }, { query: '?test=true' });
    const invalid = await postEvents(
      pinterest,
      { data: [validEvent({ action_source: 'crm' })] },
      { query: '?test=true' },
    );

    expect(valid.status).toBe(200);
    expect(valid.body.num_events_processed).toBe(1);
    expect(invalid.status).toBe(422);
    expect(invalid.body.details.events[0].error_message).toContain('Invalid action_source');
    expect(pinterest.ledger.events()).toEqual([]);
    expect(pinterest.ledger.report().conversions).toEqual([]);
    expect(pinterest.requests().map((record) => record.test)).toEqual([true, true]);
  });
});

describe('options', () => {
  it.each([
    [
      { accounts: [{ adAccountId: 'acct-1', conversionToken: 't' }] },
      RangeError,
      '`accounts[0].adAccountId`',
    ],
    [{ accounts: [{ adAccountId: '1', conversionToken: '' }] }, TypeError, '`accounts[0].conversionToken`'],
    [{ tags: [{ tagId: '', adAccountId: '1' }] }, TypeError, '`tags[0].tagId`'],
    [{ maxAgeDays: 0 }, RangeError, '`maxAgeDays`'],
    [{ dedupWindowHours: -1 }, RangeError, '`dedupWindowHours`'],
    [{ futureToleranceSeconds: -5 }, RangeError, '`futureToleranceSeconds`'],
    [{ partialFailureStatus: 207 as 200 }, RangeError, '`partialFailureStatus`'],
    [{ port: 70000 }, RangeError, '`port`'],
  ])('rejects %o', async (options, errorClass, name) => {
    await expect(startFakePinterest(options)).rejects.toThrow(errorClass);
    await expect(startFakePinterest(options)).rejects.toThrow(name);
  });

  it('records the shopper address sent in user_data', async () => {
    const pinterest = await start();

    await postEvents(pinterest, { data: [validEvent()] }, { headers: { 'user-agent': BROWSER_USER_AGENT } });

    const [event] = pinterest.ledger.events();
    expect(event?.channel).toBe('capi');
    expect(event?.sourceAddress).toBe('127.0.0.1');
    const payload = event?.payload as { user_data: { client_ip_address: string } } | undefined;
    expect(payload?.user_data.client_ip_address).toBe(SHOPPER_IP);
  });
});
