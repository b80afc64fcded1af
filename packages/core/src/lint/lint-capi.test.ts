// Tests for the CAPI linter: one valid event, then one broken rule per case.

import { describe, expect, it } from 'vitest';
import type { Problem } from '../problem.js';
import { lintCapiBatch, lintCapiEvent } from './lint-capi.js';

const NOW = 1709294400;
const DIGEST = '836f82db99121b3481011f16b49dfa5fbc714a0d1b1b9f784a1ebbbf5b39577f';

function validEvent(): Record<string, unknown> {
  return {
    event_name: 'checkout',
    action_source: 'web',
    event_time: NOW - 60,
    event_id: 'ord-1001',
    event_source_url: 'https://shop.example/thanks',
    user_data: {
      em: [DIGEST],
      client_ip_address: '203.0.113.7',
      client_user_agent: 'Mozilla/5.0 (X11; Linux x86_64)',
      click_id: 'dj0yJnU9YWJjZGVm',
    },
    custom_data: {
      currency: 'USD',
      value: '116.00',
      content_ids: ['SKU-11'],
      contents: [{ id: 'SKU-11', item_price: '48', quantity: 1 }],
      num_items: 1,
      order_id: '1001',
    },
  };
}

function lint(change: (event: Record<string, unknown>) => void): Problem[] {
  const event = validEvent();
  change(event);
  return lintCapiEvent(event, { nowSeconds: NOW });
}

function userData(event: Record<string, unknown>): Record<string, unknown> {
  return event.user_data as Record<string, unknown>;
}

function customData(event: Record<string, unknown>): Record<string, unknown> {
  return event.custom_data as Record<string, unknown>;
}

function codes(problems: Problem[]): string[] {
  return problems.map((problem) => `${problem.severity} ${problem.code} ${problem.path}`);
}

describe('lintCapiEvent', () => {
  it('finds nothing in a valid event', () => {
    expect(lintCapiEvent(validEvent(), { nowSeconds: NOW })).toEqual([]);
  });

  it.each([
    [
      'unknown event name',
      (e: Record<string, unknown>) => (e.event_name = 'purchase'),
      'error unknown_event_name event_name',
    ],
    [
      'tag-cased event name',
      (e: Record<string, unknown>) => (e.event_name = 'Checkout'),
      'error unknown_event_name event_name',
    ],
    [
      'missing event name',
      (e: Record<string, unknown>) => delete e.event_name,
      'error required_field_missing event_name',
    ],
    [
      'invalid action source',
      (e: Record<string, unknown>) => (e.action_source = 'phone_call'),
      'error action_source_invalid action_source',
    ],
    [
      'missing action source',
      (e: Record<string, unknown>) => delete e.action_source,
      'error required_field_missing action_source',
    ],
    [
      'event time in milliseconds',
      (e: Record<string, unknown>) => (e.event_time = NOW * 1000),
      'error event_time_milliseconds event_time',
    ],
    [
      'event time in the future',
      (e: Record<string, unknown>) => (e.event_time = NOW + 3600),
      'error event_time_in_future event_time',
    ],
    [
      'event time older than 7 days',
      (e: Record<string, unknown>) => (e.event_time = NOW - 8 * 86400),
      'error event_time_too_old event_time',
    ],
    [
      'event time as a string',
      (e: Record<string, unknown>) => (e.event_time = String(NOW)),
      'error event_time_not_integer event_time',
    ],
    [
      'missing event time',
      (e: Record<string, unknown>) => delete e.event_time,
      'error required_field_missing event_time',
    ],
    [
      'missing event id',
      (e: Record<string, unknown>) => delete e.event_id,
      'error missing_event_id event_id',
    ],
    ['empty event id', (e: Record<string, unknown>) => (e.event_id = ''), 'error missing_event_id event_id'],
    ['numeric event id', (e: Record<string, unknown>) => (e.event_id = 1001), 'error id_not_string event_id'],
    [
      'missing user_data',
      (e: Record<string, unknown>) => delete e.user_data,
      'error required_field_missing user_data',
    ],
    [
      'raw e-mail in em',
      (e: Record<string, unknown>) => (userData(e).em = ['jane@example.com']),
      'error hash_not_sha256 user_data.em[0]',
    ],
    [
      'uppercase digest',
      (e: Record<string, unknown>) => (userData(e).em = [DIGEST.toUpperCase()]),
      'error hash_not_sha256 user_data.em[0]',
    ],
    [
      'em not an array',
      (e: Record<string, unknown>) => (userData(e).em = DIGEST),
      'error hash_not_sha256 user_data.em',
    ],
    [
      'raw phone in ph',
      (e: Record<string, unknown>) => (userData(e).ph = ['16505550123']),
      'error hash_not_sha256 user_data.ph[0]',
    ],
    [
      'unhashed external id',
      (e: Record<string, unknown>) => (userData(e).external_id = ['cust-1']),
      'error hash_not_sha256 user_data.external_id[0]',
    ],
    [
      'value as a number',
      (e: Record<string, unknown>) => (customData(e).value = 116),
      'error value_not_decimal_string custom_data.value',
    ],
    [
      'value with a comma',
      (e: Record<string, unknown>) => (customData(e).value = '1,234.50'),
      'error value_not_decimal_string custom_data.value',
    ],
    [
      'item price as a number',
      (e: Record<string, unknown>) => (customData(e).contents = [{ id: 'a', item_price: 48 }]),
      'error value_not_decimal_string custom_data.contents[0].item_price',
    ],
    [
      'invalid currency',
      (e: Record<string, unknown>) => (customData(e).currency = 'DOLLAR'),
      'error currency_invalid custom_data.currency',
    ],
    [
      'lowercase currency',
      (e: Record<string, unknown>) => (customData(e).currency = 'usd'),
      'error currency_invalid custom_data.currency',
    ],
    [
      'value without currency',
      (e: Record<string, unknown>) => delete customData(e).currency,
      'warning value_without_currency custom_data.value',
    ],
    [
      'numeric order id',
      (e: Record<string, unknown>) => (customData(e).order_id = 1001),
      'error id_not_string custom_data.order_id',
    ],
    [
      'numeric content id',
      (e: Record<string, unknown>) => (customData(e).content_ids = ['a', 11]),
      'error id_not_string custom_data.content_ids[1]',
    ],
    [
      'numeric contents id',
      (e: Record<string, unknown>) => (customData(e).contents = [{ id: 11 }]),
      'error id_not_string custom_data.contents[0].id',
    ],
    [
      'unknown event key',
      (e: Record<string, unknown>) => (e.properties = {}),
      'error unknown_key properties',
    ],
    [
      'unknown user_data key',
      (e: Record<string, unknown>) => (userData(e).email = 'x'),
      'error unknown_key user_data.email',
    ],
    [
      'unknown custom_data key',
      (e: Record<string, unknown>) => (customData(e).coupon = 'x'),
      'error unknown_key custom_data.coupon',
    ],
    [
      'unknown contents key',
      (e: Record<string, unknown>) => (customData(e).contents = [{ id: 'a', sku: 'x' }]),
      'error unknown_key custom_data.contents[0].sku',
    ],
    [
      'unknown app_info key',
      (e: Record<string, unknown>) => (e.app_info = { app_id: '1', color: 'x' }),
      'error unknown_key app_info.color',
    ],
    [
      'private IPv4',
      (e: Record<string, unknown>) => (userData(e).client_ip_address = '10.1.2.3'),
      'warning client_ip_not_public user_data.client_ip_address',
    ],
    [
      'loopback IPv6',
      (e: Record<string, unknown>) => (userData(e).client_ip_address = '::1'),
      'warning client_ip_not_public user_data.client_ip_address',
    ],
    [
      'mapped private IPv4',
      (e: Record<string, unknown>) => (userData(e).client_ip_address = '::ffff:192.168.1.1'),
      'warning client_ip_not_public user_data.client_ip_address',
    ],
    [
      'an invalid IP address',
      (e: Record<string, unknown>) => (userData(e).client_ip_address = '300.1.1.1'),
      'error client_ip_invalid user_data.client_ip_address',
    ],
    [
      'a server library user agent',
      (e: Record<string, unknown>) => (userData(e).client_user_agent = 'node'),
      'warning user_agent_server_library user_data.client_user_agent',
    ],
    [
      'a hashed click id',
      (e: Record<string, unknown>) => (userData(e).click_id = DIGEST),
      'warning click_id_looks_hashed user_data.click_id',
    ],
    [
      'opt_out as a string',
      (e: Record<string, unknown>) => (e.opt_out = 'true'),
      'error invalid_type opt_out',
    ],
    [
      'num_items as a string',
      (e: Record<string, unknown>) => (customData(e).num_items = '1'),
      'error invalid_type custom_data.num_items',
    ],
  ])('reports %s', (_label, change, expected) => {
    expect(codes(lint(change))).toEqual([expected]);
  });

  it('reports missing identity', () => {
    const problems = lint((e) => {
      e.user_data = { ph: [DIGEST], client_ip_address: '203.0.113.7' };
    });
    expect(codes(problems)).toEqual(['error identity_missing user_data']);
  });

  it.each([
    ['em', { em: [DIGEST] }],
    ['hashed_maids', { hashed_maids: [DIGEST] }],
    ['IP and user agent', { client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0' }],
  ])('accepts identity from %s alone', (_label, user) => {
    expect(lint((e) => (e.user_data = user))).toEqual([]);
  });

  it.each([
    ['node'],
    ['undici'],
    ['axios/1.7.2'],
    ['curl/8.5.0'],
    ['python-requests/2.31.0'],
    ['Go-http-client/1.1'],
    ['node-fetch/1.0 (+https://github.com/bitinn/node-fetch)'],
  ])('flags the server user agent %j', (agent) => {
    const problems = lint((e) => (userData(e).client_user_agent = agent));
    expect(codes(problems)).toEqual(['warning user_agent_server_library user_data.client_user_agent']);
  });

  it('does not flag a browser user agent that mentions a library name later', () => {
    expect(lint((e) => (userData(e).client_user_agent = 'Mozilla/5.0 (compatible; curl-like)'))).toEqual([]);
  });

  it('honours maxAgeSeconds and futureToleranceSeconds', () => {
    const event = validEvent();
    event.event_time = NOW - 120;
    expect(codes(lintCapiEvent(event, { nowSeconds: NOW, maxAgeSeconds: 60 }))).toEqual([
      'error event_time_too_old event_time',
    ]);
    event.event_time = NOW + 30;
    expect(lintCapiEvent(event, { nowSeconds: NOW })).toEqual([]);
    expect(codes(lintCapiEvent(event, { nowSeconds: NOW, futureToleranceSeconds: 10 }))).toEqual([
      'error event_time_in_future event_time',
    ]);
  });

  it('suggests the API name for a known alias', () => {
    const [problem] = lint((e) => (e.event_name = 'Checkout'));
    expect(problem?.message).toContain('"checkout"');
  });

  it('never repeats a hashed field value in its message', () => {
    const [problem] = lint((e) => (userData(e).em = ['jane@example.com']));
    expect(problem?.message).not.toContain('jane');
  });

  it('reports a non-object event', () => {
    expect(codes(lintCapiEvent('nope'))).toEqual(['error invalid_type ']);
  });

  it.each([
    ['an object', 'language', {}, '`language` must be a string, not an object.'],
    ['an array', 'app_info', [], '`app_info` must be an object, not an array.'],
    ['null', 'opt_out', null, '`opt_out` must be true or false, not null.'],
  ])('names %s with its article', (_typeName, key, value, message) => {
    const [problem] = lint((e) => (e[key] = value));
    expect(problem?.message).toBe(message);
  });

  it.each([
    [
      'a string quantity',
      (e: Record<string, unknown>) =>
        (customData(e).contents = [{ id: 'a', item_price: '48', quantity: '3' }]),
      '`quantity` must be an integer, not the string "3".',
    ],
    [
      'a fractional num_items',
      (e: Record<string, unknown>) => (customData(e).num_items = 2.5),
      '`num_items` must be an integer, not the number 2.5.',
    ],
    [
      'a boolean num_items',
      (e: Record<string, unknown>) => (customData(e).num_items = true),
      '`num_items` must be an integer, not the boolean true.',
    ],
    [
      'a string opt_out',
      (e: Record<string, unknown>) => (e.opt_out = 'yes'),
      '`opt_out` must be true or false, not the string "yes".',
    ],
    [
      'an integer language',
      (e: Record<string, unknown>) => (e.language = 7),
      '`language` must be a string, not the integer 7.',
    ],
    [
      'a numeric event id',
      (e: Record<string, unknown>) => (e.event_id = 1001),
      '`event_id` must be a string, not the integer 1001.',
    ],
    [
      'a string event time',
      (e: Record<string, unknown>) => (e.event_time = '1709294340'),
      '`event_time` must be integer Unix seconds, not the string "1709294340".',
    ],
    [
      'a numeric order id',
      (e: Record<string, unknown>) => (customData(e).order_id = 1001),
      '`order_id` must be a string, not the integer 1001. Send ids as strings.',
    ],
    [
      'a numeric value',
      (e: Record<string, unknown>) => (customData(e).value = 116.5),
      '`value` is the number 116.5, not a decimal string.',
    ],
    [
      'an object value',
      (e: Record<string, unknown>) => (customData(e).value = { amount: '116.00' }),
      '`value` is an object, not a decimal string.',
    ],
    [
      'a string custom_data',
      (e: Record<string, unknown>) => (e.custom_data = 'value=116'),
      '`custom_data` must be an object, not the string "value=116".',
    ],
    [
      'an object contents item',
      (e: Record<string, unknown>) => (customData(e).contents = ['SKU-11']),
      '`contents[0]` must be an object, not the string "SKU-11".',
    ],
  ])('shows the wrong value for %s', (_label, change, message) => {
    const [problem] = lint(change);
    expect(problem?.message).toContain(message);
  });

  it('cuts a long wrong value to 40 characters', () => {
    const [problem] = lint((e) => (customData(e).num_items = 'x'.repeat(50)));
    expect(problem?.message).toBe(`\`num_items\` must be an integer, not the string "${'x'.repeat(40)}…".`);
  });

  it.each([
    ['user_data', (e: Record<string, unknown>) => (e.user_data = 'jane@example.com'), 'not a string.'],
    ['em', (e: Record<string, unknown>) => (userData(e).em = 'jane@example.com'), 'not a string.'],
    ['click_id', (e: Record<string, unknown>) => (userData(e).click_id = 4155550123), 'not an integer.'],
    [
      'client_user_agent',
      (e: Record<string, unknown>) => (userData(e).client_user_agent = true),
      'not a boolean.',
    ],
    ['partner_id', (e: Record<string, unknown>) => (userData(e).partner_id = 4155550123), 'not an integer.'],
  ])('names only the type of a wrong %s value', (_label, change, typeName) => {
    const messages = lint(change).map((problem) => problem.message);
    expect(messages.some((message) => message.includes(typeName))).toBe(true);
    expect(messages.join(' ')).not.toMatch(/jane|4155550123|the boolean/);
  });
});

describe('lint messages for object values', () => {
  it.each([
    ['event_name', (event: Record<string, unknown>) => ({ ...event, event_name: {} })],
    ['action_source', (event: Record<string, unknown>) => ({ ...event, action_source: {} })],
    [
      'currency',
      (event: Record<string, unknown>) => ({
        ...event,
        custom_data: { ...(event.custom_data as object), currency: {} },
      }),
    ],
  ])('names the kind of a bad %s', (field, change) => {
    const messages = lintCapiEvent(change(validEvent()))
      .filter((problem) => problem.message.includes(`\`${field}\``))
      .map((problem) => problem.message);

    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      expect(message).toContain('an object');
      expect(message).not.toContain('[object Object]');
    }
  });
});

describe('lintCapiBatch', () => {
  it('finds nothing in a valid body', () => {
    expect(
      lintCapiBatch({ data: [validEvent(), { ...validEvent(), event_id: 'ord-1002' }] }, { nowSeconds: NOW }),
    ).toEqual([]);
  });

  it('accepts a bare array and prefixes paths', () => {
    const event = { ...validEvent(), event_id: 'ord-1002' };
    (event.user_data as Record<string, unknown>).em = ['raw'];
    expect(codes(lintCapiBatch([validEvent(), event], { nowSeconds: NOW }))).toEqual([
      'error hash_not_sha256 data[1].user_data.em[0]',
    ]);
  });

  it('reports an empty batch', () => {
    expect(codes(lintCapiBatch({ data: [] }))).toEqual(['error batch_empty data']);
  });

  it('reports a batch over 1000 events', () => {
    const data = Array.from({ length: 1001 }, (_, index) => ({ ...validEvent(), event_id: `e-${index}` }));
    expect(codes(lintCapiBatch({ data }, { nowSeconds: NOW }))).toEqual(['error batch_too_large data']);
  });

  it('accepts exactly 1000 events', () => {
    const data = Array.from({ length: 1000 }, (_, index) => ({ ...validEvent(), event_id: `e-${index}` }));
    expect(lintCapiBatch({ data }, { nowSeconds: NOW })).toEqual([]);
  });

  it('reports a duplicate event id within the batch', () => {
    expect(codes(lintCapiBatch({ data: [validEvent(), validEvent()] }, { nowSeconds: NOW }))).toEqual([
      'warning duplicate_event_id data[1].event_id',
    ]);
  });

  it('reports unknown top-level keys and a missing data array', () => {
    const problems = lintCapiBatch({ events: [] });

    expect(codes(problems)).toEqual(['error unknown_key events', 'error invalid_type data']);
    expect(problems[1]?.message).toBe('`data` is missing. Send the events as an array in `data`.');
  });

  it.each([
    [{}, '`data` must be an array of events, not an object.'],
    ['[]', '`data` must be an array of events, not the string "[]".'],
    [3, '`data` must be an array of events, not the integer 3.'],
    [null, '`data` must be an array of events, not null.'],
  ])('names the type of data %j', (data, message) => {
    expect(lintCapiBatch({ data }).map((problem) => problem.message)).toEqual([message]);
  });

  it.each([
    [null, 'The request body must be an object with `data`, not null.'],
    [true, 'The request body must be an object with `data`, not the boolean true.'],
    ['{"data":[]}', 'The request body must be an object with `data`, not the string "{\\"data\\":[]}".'],
  ])('reports the body %j that is not an object', (body, message) => {
    const problems = lintCapiBatch(body);

    expect(codes(problems)).toEqual(['error invalid_type ']);
    expect(problems[0]?.message).toBe(message);
  });
});
