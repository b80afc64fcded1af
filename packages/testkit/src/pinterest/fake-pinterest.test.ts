// Routing of the fake Pinterest over real HTTP: HEAD gets the GET response without the body on every GET route.

import { afterEach, describe, expect, it } from 'vitest';
import { NOW_MS, sendBeacon } from '../__tests__/capi-fixtures.js';
import { type FakePinterest, startFakePinterest } from './fake-pinterest.js';

let pinterest: FakePinterest | undefined;

afterEach(async () => {
  await pinterest?.close();
});

/** Sends `method` to `path` without following redirects and reads the whole body. */
async function request(fake: FakePinterest, method: 'GET' | 'HEAD', path: string) {
  const response = await fetch(`${fake.url}${path}`, { method, redirect: 'manual' });
  const body = await response.text();
  return { status: response.status, headers: response.headers, body };
}

describe('HEAD requests', () => {
  it.each([
    '/',
    '/_testkit/report',
    '/_testkit/report.json',
    '/_testkit/ledger',
    '/_testkit/requests',
    '/_testkit/faults',
    '/ct/core.js',
  ])('responds to HEAD %s like GET', async (path) => {
    pinterest = await startFakePinterest({ now: () => NOW_MS });
    await sendBeacon(pinterest, { event: 'checkout', ed: { event_id: 'evt-1001' } });

    const get = await request(pinterest, 'GET', path);
    const head = await request(pinterest, 'HEAD', path);

    expect(head.status).toBe(get.status);
    expect(head.status).not.toBe(404);
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expect(head.headers.get('content-length')).toBe(get.headers.get('content-length'));
    expect(head.headers.get('location')).toBe(get.headers.get('location'));
    expect(head.body).toBe('');
  });

  it('records no beacon for HEAD /v3/', async () => {
    pinterest = await startFakePinterest({ now: () => NOW_MS });

    const head = await request(pinterest, 'HEAD', `/v3/?tid=${pinterest.tagId}&event=checkout`);

    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('image/gif');
    expect(head.body).toBe('');
    expect(pinterest.ledger.events()).toEqual([]);
  });

  it('keeps 404 for unknown HEAD paths', async () => {
    pinterest = await startFakePinterest({ now: () => NOW_MS });

    const head = await request(pinterest, 'HEAD', '/nowhere');

    expect(head.status).toBe(404);
    expect(head.body).toBe('');
  });
});
