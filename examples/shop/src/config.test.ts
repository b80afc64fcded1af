import { describe, expect, it } from 'vitest';
import { loadShopConfig, shopConfigDefaults } from './config.js';

describe('loadShopConfig', () => {
  it('uses the fakes and fixed local ports by default', () => {
    expect(loadShopConfig({})).toEqual(shopConfigDefaults);
  });

  it('reads ports, paths and trusted proxies', () => {
    const config = loadShopConfig({
      SHOP_HOST: '0.0.0.0',
      SHOP_PORT: '8000',
      SHOP_DATABASE_PATH: '/tmp/shop.db',
      PINPAIR_OUTBOX_PATH: '/tmp/outbox.db',
      PINPAIR_TRUSTED_PROXIES: 'loopback, 10.0.0.0/8',
      PINPAIR_FAKE_PINTEREST_PORT: '9001',
      PINPAIR_FAKE_POSTHOG_PORT: '9002',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8000,
      databasePath: '/tmp/shop.db',
      outboxPath: '/tmp/outbox.db',
      trustedProxies: ['loopback', '10.0.0.0/8'],
      fakePinterestPort: 9001,
      fakePostHogPort: 9002,
    });
  });

  it('uses real Pinterest in test mode when all its credentials are set', () => {
    const config = loadShopConfig({
      PINTEREST_AD_ACCOUNT_ID: '549700000001',
      PINTEREST_CONVERSION_TOKEN: 'token',
      PINTEREST_TAG_ID: '2620000000001',
      POSTHOG_API_KEY: 'phc_key',
      POSTHOG_HOST: 'http://127.0.0.1:9',
    });
    expect(config.pinterest).toEqual({
      adAccountId: '549700000001',
      conversionToken: 'token',
      tagId: '2620000000001',
      apiBaseUrl: undefined,
      tagScriptUrl: undefined,
      testMode: true,
    });
    expect(config.posthog).toEqual({ apiKey: 'phc_key', host: 'http://127.0.0.1:9' });
  });

  it('rejects a partial set of credentials, naming what is missing', () => {
    expect(() => loadShopConfig({ PINTEREST_AD_ACCOUNT_ID: '1' })).toThrow(
      'Set `PINTEREST_CONVERSION_TOKEN` and `PINTEREST_TAG_ID` too',
    );
    expect(() => loadShopConfig({ POSTHOG_API_KEY: 'phc_key' })).toThrow('Set `POSTHOG_HOST` too');
  });

  it('rejects an invalid trusted proxy, naming it', () => {
    const load = () => loadShopConfig({ PINPAIR_TRUSTED_PROXIES: 'loopback, banana' });
    expect(load).toThrow(TypeError);
    expect(load).toThrow('`PINPAIR_TRUSTED_PROXIES` has an invalid entry "banana".');
    expect(load).toThrow('CIDR ranges such as 10.0.0.0/8');
  });

  it('rejects a port that is not a number', () => {
    expect(() => loadShopConfig({ SHOP_PORT: 'eighty' })).toThrow(RangeError);
  });
});
