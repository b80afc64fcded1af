import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentShopLogger } from '../logger.js';
import { type RunningShop, startShop } from '../server.js';

let shop: RunningShop;

beforeAll(async () => {
  shop = await startShop({ logger: silentShopLogger });
});

afterAll(async () => {
  await shop?.close();
});

/** Posts the banner's form without JavaScript, as a browser would from the page at `referer`. */
function postConsent(referer: string): Promise<{ status: number; location: string | undefined }> {
  const url = new URL('/consent', shop.url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', referer },
      },
      (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, location: response.headers.location });
      },
    );
    outgoing.on('error', reject);
    outgoing.end('choice=accept');
  });
}

describe('consent form redirect', () => {
  it('returns to the page on this shop', async () => {
    const answer = await postConsent(`${shop.url}/products/stoneware-mug?color=slate`);

    expect(answer.status).toBe(303);
    expect(answer.location).toBe('/products/stoneware-mug?color=slate');
  });

  it.each(['//evil.example/phish', '/\\evil.example/phish'])(
    'never leaves the shop for the path %s',
    async (path) => {
      const answer = await postConsent(`${shop.url}${path}`);

      expect(answer.status).toBe(303);
      expect(answer.location).toBe('/');
    },
  );

  it('ignores a page on another host', async () => {
    const answer = await postConsent('http://evil.example/x');

    expect(answer.location).toBe('/');
  });
});
