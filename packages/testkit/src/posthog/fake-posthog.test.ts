// The fake PostHog over raw HTTP: encodings, start-up endpoints, CORS, API key check and uuid dedup.

import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakePostHog, startFakePostHog } from './fake-posthog.js';
import type { FakePostHogOptions } from './options.js';

const NOW_MS = Date.UTC(2025, 5, 2, 12, 0, 0);
let posthog: FakePostHog | undefined;

afterEach(async () => {
  await posthog?.close();
});

async function start(options: FakePostHogOptions = {}): Promise<FakePostHog> {
  posthog = await startFakePostHog({ now: () => NOW_MS, ...options });
  return posthog;
}

function event(overrides: Record<string, unknown> = {}) {
  return {
    event: 'Order Completed',
    uuid: '0190f1c2-7a3b-7c4d-8e5f-a1b2c3d4e5f6',
    distinct_id: 'shopper-1',
    timestamp: '2025-06-02T11:59:00.000Z',
    properties: { token: 'phc_key', event_id: 'evt-1001', $lib: 'web' },
    ...overrides,
  };
}

async function post(
  fake: FakePostHog,
  path: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${fake.url}${path}`, { method: 'POST', headers, body });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe('capture encodings', () => {
  it('accepts a JSON batch on /batch/', async () => {
    const fake = await start();

    const answer = await post(fake, '/batch/', JSON.stringify({ api_key: 'phc_key', batch: [event()] }), {
      'content-type': 'application/json',
    });

    expect(answer.status).toBe(200);
    expect(fake.events().map((recorded) => [recorded.event, recorded.apiKey, recorded.encoding])).toEqual([
      ['Order Completed', 'phc_key', 'json'],
    ]);
  });

  it('accepts gzip sent as text/plain without a header, as posthog-js sends it', async () => {
    const fake = await start();

    const answer = await post(fake, '/i/v0/e/?ver=1.449.2', gzipSync(JSON.stringify({ batch: [event()] })), {
      'content-type': 'text/plain',
    });

    expect(answer.status).toBe(200);
    expect(fake.events()[0]?.encoding).toBe('gzip');
  });

  it('accepts a base64 form body with compression=base64', async () => {
    const fake = await start();
    const data = Buffer.from(JSON.stringify([event()]), 'utf8').toString('base64');

    const answer = await post(fake, '/e/?compression=base64', `data=${encodeURIComponent(data)}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });

    expect(answer.status).toBe(200);
    expect(fake.events()[0]?.encoding).toBe('base64');
    expect(fake.events()[0]?.properties.event_id).toBe('evt-1001');
  });

  it('accepts a form body of plain JSON', async () => {
    const fake = await start();

    await post(fake, '/capture/', `data=${encodeURIComponent(JSON.stringify(event()))}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });

    expect(fake.events()[0]?.encoding).toBe('form');
  });

  it('accepts a GET capture with a data parameter', async () => {
    const fake = await start();
    const data = Buffer.from(JSON.stringify(event())).toString('base64');

    const response = await fetch(`${fake.url}/e/?compression=base64&data=${encodeURIComponent(data)}`);

    expect(response.status).toBe(200);
    expect(fake.events()).toHaveLength(1);
  });

  it('takes the timestamp from offset when there is none', async () => {
    const fake = await start();
    const { timestamp: _timestamp, ...withoutTimestamp } = event();

    await post(fake, '/e/', JSON.stringify({ ...withoutTimestamp, offset: 60_000 }));

    expect(fake.events()[0]?.timestamp).toBe('2025-06-02T11:59:00.000Z');
  });

  it.each([
    ['malformed JSON', '{"batch": [', {}, 'not valid JSON'],
    ['lz64', 'data=abc', { query: '?compression=lz64' }, 'lz64 is not supported'],
    ['an event without a name', JSON.stringify({ batch: [{ properties: {} }] }), {}, 'no `event` name'],
    ['broken gzip', 'not gzip', { headers: { 'content-encoding': 'gzip' } }, 'does not decompress'],
  ])(
    'rejects %s with 400',
    async (_case, body, options: { query?: string; headers?: Record<string, string> }, detail) => {
      const fake = await start();

      const answer = await post(fake, `/e/${options.query ?? ''}`, body, options.headers);

      expect(answer.status).toBe(400);
      expect(answer.body.type).toBe('validation_error');
      expect(answer.body.detail).toContain(detail);
    },
  );
});

describe('start-up endpoints', () => {
  it('answers the remote config as JSON and as a script', async () => {
    const fake = await start({ supportedCompression: ['base64'] });

    const json = await (await fetch(`${fake.url}/array/phc_key/config`)).json();
    const script = await (await fetch(`${fake.url}/array/phc_key/config.js`)).text();

    expect(json.supportedCompression).toEqual(['base64']);
    expect(json.analytics).toEqual({ endpoint: '/i/v0/e/' });
    expect(json.token).toBe('phc_key');
    expect(script).toContain('window._POSTHOG_REMOTE_CONFIG["phc_key"]');
  });

  it('answers /flags in the v2 shape and /decide in the v1 shape', async () => {
    const fake = await start();

    const v2 = await post(fake, '/flags/?v=2', JSON.stringify({ token: 'phc_key', distinct_id: 'a' }));
    const decide = await post(fake, '/decide/?v=3', JSON.stringify({ token: 'phc_key', distinct_id: 'a' }));

    expect(v2.body.flags).toEqual({});
    expect(v2.body.errorsWhileComputingFlags).toBe(false);
    expect(decide.body.featureFlags).toEqual({});
    expect(decide.body.supportedCompression).toEqual(['gzip', 'gzip-js']);
  });

  it('accepts session recordings without recording them', async () => {
    const fake = await start();

    const answer = await post(fake, '/s/', JSON.stringify([{ event: '$snapshot', properties: {} }]));

    expect(answer.status).toBe(200);
    expect(fake.received()).toEqual([]);
  });

  it.each(['/static/1.449.2/surveys.js', '/static/surveys.js?v=1.449.2'])(
    'serves the extension script %s empty',
    async (path) => {
      const fake = await start();

      const response = await fetch(`${fake.url}${path}`, { headers: { origin: 'http://127.0.0.1:3000' } });
      const body = await response.text();

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/javascript/);
      expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
      expect(body).toMatch(/^\/\/ [^\n]*\n$/);
      expect(fake.received()).toEqual([]);
    },
  );

  it('answers HEAD of an extension script without a body', async () => {
    const fake = await start();

    const response = await fetch(`${fake.url}/static/1.449.2/surveys.js`, { method: 'HEAD' });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(await response.text()).toBe('');
  });

  it.each([
    ['GET', '/static/surveys.css'],
    ['GET', '/static/'],
    ['POST', '/static/surveys.js'],
  ])('answers %s %s with 404', async (method, path) => {
    const fake = await start();

    const response = await fetch(`${fake.url}${path}`, { method });

    expect(response.status).toBe(404);
  });
});

describe('CORS', () => {
  it('answers a preflight from the shop origin', async () => {
    const fake = await start();

    const response = await fetch(`${fake.url}/i/v0/e/`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('adds the allow-origin header to captures', async () => {
    const fake = await start();

    const answer = await post(fake, '/e/', JSON.stringify(event()), { origin: 'http://127.0.0.1:3000' });

    expect(answer.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
  });
});

describe('API key and dedup', () => {
  it('rejects another API key with 401 when apiKey is set', async () => {
    const fake = await start({ apiKey: 'phc_expected' });

    const answer = await post(fake, '/e/', JSON.stringify(event()));

    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe('invalid_api_key');
    expect(fake.received()).toEqual([]);
  });

  it('counts same uuid, event, distinct id and day once', async () => {
    const fake = await start();

    await post(fake, '/batch/', JSON.stringify({ batch: [event(), event({ properties: { copy: 2 } })] }));

    expect(fake.events()).toHaveLength(1);
    expect(fake.received()).toHaveLength(2);
    expect(fake.received()[1]?.duplicateOf).toBe(fake.received()[0]?.seq);
  });

  it.each([
    ['another day', { timestamp: '2025-06-03T00:00:01.000Z' }],
    ['another event name', { event: 'Checkout Started' }],
    ['another distinct id', { distinct_id: 'shopper-2' }],
    ['another uuid', { uuid: '0190f1c2-7a3b-7c4d-8e5f-000000000000' }],
  ])('counts a copy with %s separately', async (_case, change) => {
    const fake = await start();

    await post(fake, '/batch/', JSON.stringify({ batch: [event(), event(change)] }));

    expect(fake.events()).toHaveLength(2);
  });

  it('never collapses events without a uuid', async () => {
    const fake = await start();

    await post(
      fake,
      '/batch/',
      JSON.stringify({ batch: [event({ uuid: undefined }), event({ uuid: undefined })] }),
    );

    expect(fake.events()).toHaveLength(2);
  });

  it('lists events over HTTP and clears them with DELETE', async () => {
    const fake = await start();
    await post(fake, '/e/', JSON.stringify(event()));

    const listed = await (await fetch(fake.eventsUrl)).json();
    const cleared = await fetch(fake.eventsUrl, { method: 'DELETE' });

    expect(listed).toHaveLength(1);
    expect(listed[0].uuid).toBe('0190f1c2-7a3b-7c4d-8e5f-a1b2c3d4e5f6');
    expect(cleared.status).toBe(204);
    expect(fake.events()).toEqual([]);
  });

  it('records the forwarded address when trustForwardedFor is set', async () => {
    const fake = await start({ trustForwardedFor: true });

    await post(fake, '/e/', JSON.stringify(event()), { 'x-forwarded-for': '198.51.100.9, 10.0.0.1' });

    expect(fake.events()[0]?.sourceAddress).toBe('198.51.100.9');
  });

  it('times out waitForEvent with a message', async () => {
    const fake = await start();

    await expect(
      fake.waitForEvent((recorded) => recorded.event === 'never', { timeoutMs: 20 }),
    ).rejects.toThrow('Timed out after 20 ms waiting for a matching PostHog event');
  });
});
