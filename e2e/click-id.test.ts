// Landing from a Pinterest ad: the click id in `epik` becomes the first-party `_epik` cookie once
// advertising consent is granted on the landing page. Before consent nothing stores it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.js';

const EPIK = 'dj0yJnU9Tm9uY2UxMjM0NTY3ODkwJnA9MSZuPWJLZkdpJnQ9QUFBQUFHYzFUQkE';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('landing with epik', () => {
  it('sets _epik after consent', async () => {
    const shopper = await harness.newShopper({ ip: '203.0.113.10' });
    await shopper.visit(`/?epik=${EPIK}`);
    expect(await shopper.cookie('_epik')).toBeUndefined();

    await shopper.chooseConsent('accept');

    const cookie = await shopper.cookie('_epik');
    const oneYearFromNowSeconds = Date.now() / 1000 + 365 * 24 * 3600;
    expect(cookie).toMatchObject({
      value: EPIK,
      domain: '127.0.0.1',
      path: '/',
      sameSite: 'Lax',
      httpOnly: false,
      secure: false,
    });
    expect(cookie?.expires).toBeGreaterThan(oneYearFromNowSeconds - 120);
    expect(cookie?.expires).toBeLessThan(oneYearFromNowSeconds + 120);
  });

  it('asks on the landing page and stores nothing before', async () => {
    const shopper = await harness.newShopper({ ip: '203.0.113.11' });
    await shopper.visit(`/?epik=${EPIK}`);

    expect(await shopper.page.locator('[data-consent-banner]').isVisible()).toBe(true);
    const cookies = await shopper.context.cookies();
    expect(cookies.filter((cookie) => cookie.value.includes(EPIK))).toEqual([]);
    const storage = await shopper.page.evaluate(() =>
      [localStorage, sessionStorage].flatMap((area) => Object.values(area)),
    );
    expect(storage.filter((value) => value.includes(EPIK))).toEqual([]);
  });

  // The known limit: before consent the click id exists only in the landing page's memory.
  it('loses the click id when consent comes on a later page', async () => {
    const shopper = await harness.newShopper({ ip: '203.0.113.12' });
    await shopper.visit(`/?epik=${EPIK}`);
    await shopper.visit('/products/stoneware-mug');

    await shopper.chooseConsent('accept');

    expect(await shopper.cookie('pinpair_consent')).toMatchObject({ value: 'ad=granted&an=granted' });
    expect(await shopper.cookie('_epik')).toBeUndefined();
  });
});
