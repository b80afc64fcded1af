// Tests of loadConfig: defaults, parsing and errors that name the variable and the fix.

import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { isConfigurationError } from './errors/configuration-error.js';

const REQUIRED = { PINTEREST_AD_ACCOUNT_ID: '549700000001', PINTEREST_CONVERSION_TOKEN: 'token-value' };

function issuesOf(env: Record<string, string | undefined>): Record<string, string> {
  try {
    loadConfig(env);
  } catch (error) {
    if (!isConfigurationError(error)) throw error;
    return Object.fromEntries(error.issues.map((issue) => [issue.variable, issue.message]));
  }
  throw new Error('loadConfig did not throw');
}

describe('loadConfig', () => {
  it('applies defaults', () => {
    expect(loadConfig(REQUIRED)).toEqual({
      pinterest: {
        adAccountId: '549700000001',
        conversionToken: 'token-value',
        baseUrl: 'https://api.pinterest.com/v5',
        test: false,
      },
      posthog: undefined,
      outboxPath: 'pinpair-outbox.sqlite',
      trustedProxies: [],
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...REQUIRED,
      PINTEREST_API_BASE_URL: 'http://127.0.0.1:4010/v5',
      PINTEREST_TEST_MODE: 'TRUE',
      POSTHOG_API_KEY: 'phc_key',
      POSTHOG_HOST: 'http://127.0.0.1:4011',
      PINPAIR_OUTBOX_PATH: '/var/lib/shop/outbox.sqlite',
      PINPAIR_TRUSTED_PROXIES: 'loopback, 10.0.0.0/8 ,fd00::/8',
    });

    expect(config).toEqual({
      pinterest: {
        adAccountId: '549700000001',
        conversionToken: 'token-value',
        baseUrl: 'http://127.0.0.1:4010/v5',
        test: true,
      },
      posthog: { apiKey: 'phc_key', host: 'http://127.0.0.1:4011' },
      outboxPath: '/var/lib/shop/outbox.sqlite',
      trustedProxies: ['loopback', '10.0.0.0/8', 'fd00::/8'],
    });
  });

  it.each([
    ['0', false],
    ['no', false],
    ['1', true],
    ['yes', true],
  ])('reads PINTEREST_TEST_MODE=%s', (value, expected) => {
    expect(loadConfig({ ...REQUIRED, PINTEREST_TEST_MODE: value }).pinterest.test).toBe(expected);
  });

  it('treats empty values as unset', () => {
    const config = loadConfig({ ...REQUIRED, POSTHOG_API_KEY: '', PINTEREST_API_BASE_URL: '  ' });

    expect(config.posthog).toBeUndefined();
    expect(config.pinterest.baseUrl).toBe('https://api.pinterest.com/v5');
  });

  it('lists every missing variable with the fix', () => {
    const issues = issuesOf({});

    expect(Object.keys(issues).sort()).toEqual(['PINTEREST_AD_ACCOUNT_ID', 'PINTEREST_CONVERSION_TOKEN']);
    expect(issues.PINTEREST_AD_ACCOUNT_ID).toMatch(
      /^is missing\. Set it to the ad account id from Ads Manager/,
    );
    expect(issues.PINTEREST_CONVERSION_TOKEN).toMatch(
      /^is missing\. Generate a conversion token in Ads Manager/,
    );
  });

  it('names each invalid variable', () => {
    const issues = issuesOf({
      PINTEREST_AD_ACCOUNT_ID: 'act-123',
      PINTEREST_CONVERSION_TOKEN: 'two words',
      PINTEREST_API_BASE_URL: 'ftp://files.example',
      PINTEREST_TEST_MODE: 'maybe',
      POSTHOG_HOST: 'not a url',
      PINPAIR_TRUSTED_PROXIES: 'loopback, proxy.internal',
    });

    expect(issues.PINTEREST_AD_ACCOUNT_ID).toContain('must be 1 to 18 digits');
    expect(issues.PINTEREST_CONVERSION_TOKEN).toContain('contains whitespace');
    expect(issues.PINTEREST_API_BASE_URL).toContain('must be an http or https URL');
    expect(issues.PINTEREST_TEST_MODE).toContain('must be true or false');
    expect(issues.POSTHOG_HOST).toContain('must be an http or https URL');
    expect(issues.PINPAIR_TRUSTED_PROXIES).toContain('CIDR ranges');
  });

  it('quotes a bad ad account id with the fix', () => {
    expect(() => loadConfig({ ...REQUIRED, PINTEREST_AD_ACCOUNT_ID: 'abc-123' })).toThrow(
      '- `PINTEREST_AD_ACCOUNT_ID` must be 1 to 18 digits, got "abc-123". Copy the ad account id from Ads Manager without spaces, dashes or prefixes.',
    );
  });

  it('names each bad trusted proxy entry', () => {
    const issues = issuesOf({ ...REQUIRED, PINPAIR_TRUSTED_PROXIES: 'loopback,300.1.1.1,foo' });

    expect(issues.PINPAIR_TRUSTED_PROXIES).toBe(
      'has invalid entries "300.1.1.1", "foo". Use IP addresses, CIDR ranges such as 10.0.0.0/8 or fd00::/8, or the names loopback, linklocal and uniquelocal. Separate them with commas.',
    );
  });

  it('quotes other bad values that are not secret', () => {
    const issues = issuesOf({
      ...REQUIRED,
      PINTEREST_API_BASE_URL: 'ftp://files.example',
      PINTEREST_TEST_MODE: 'maybe',
    });

    expect(issues.PINTEREST_API_BASE_URL).toContain('got "ftp://files.example"');
    expect(issues.PINTEREST_TEST_MODE).toContain('got "maybe"');
  });

  it('never quotes the token or a long value', () => {
    const token = 'pina_AEAQSECRETTOKENVALUE1234567890';
    const longValue = 'x'.repeat(120);
    const issues = issuesOf({
      PINTEREST_AD_ACCOUNT_ID: token,
      PINTEREST_CONVERSION_TOKEN: token,
      PINTEREST_TEST_MODE: longValue,
    });

    expect(issues.PINTEREST_AD_ACCOUNT_ID).toContain('got "[redacted]"');
    expect(issues.PINTEREST_TEST_MODE).toContain('got a 120-character value (not shown');
    expect(JSON.stringify(issues)).not.toContain(token);
    expect(JSON.stringify(issues)).not.toContain(longValue);
  });

  it.each([
    ['a query string', 'http://127.0.0.1:4870/v5?x=sekrit-token-abcdef'],
    ['a query string', 'http://127.0.0.1:4870/v5?'],
    ['a fragment', 'http://127.0.0.1:4870/v5#sekrit-token-abcdef'],
    ['a username or password', 'http://pinpair:sekrit-password-0042@127.0.0.1:4870/v5'],
  ])('rejects a base URL with %s: %s', (part, baseUrl) => {
    const issues = issuesOf({
      ...REQUIRED,
      PINTEREST_CONVERSION_TOKEN: 'sekrit-token-abcdef',
      PINTEREST_API_BASE_URL: baseUrl,
    });

    expect(Object.keys(issues)).toEqual(['PINTEREST_API_BASE_URL']);
    expect(issues.PINTEREST_API_BASE_URL).toContain(`must not contain ${part}`);
    expect(issues.PINTEREST_API_BASE_URL).toContain(
      'Set PINTEREST_API_BASE_URL to "http://127.0.0.1:4870/v5" instead.',
    );
    expect(issues.PINTEREST_API_BASE_URL).not.toContain('sekrit');
  });

  it('rejects a PostHog host with credentials', () => {
    const issues = issuesOf({ ...REQUIRED, POSTHOG_HOST: 'https://user:sekrit-password@127.0.0.1:4011' });

    expect(issues.POSTHOG_HOST).toContain('must not contain a username or password');
    expect(issues.POSTHOG_HOST).toContain('Set POSTHOG_HOST to "https://127.0.0.1:4011/" instead.');
    expect(issues.POSTHOG_HOST).not.toContain('sekrit');
  });

  it('hides the password of a malformed base URL', () => {
    const issues = issuesOf({ ...REQUIRED, PINTEREST_API_BASE_URL: 'http://user:sekrit/pw@127.0.0.1/v5' });

    expect(issues.PINTEREST_API_BASE_URL).toContain('must be an http or https URL');
    expect(issues.PINTEREST_API_BASE_URL).toContain('got "http://[hidden]@127.0.0.1/v5"');
    expect(issues.PINTEREST_API_BASE_URL).not.toContain('sekrit');
  });

  it('puts the variable names in the message', () => {
    expect(() => loadConfig({ PINTEREST_CONVERSION_TOKEN: 'x' })).toThrow(
      /Invalid pinpair configuration:\n- `PINTEREST_AD_ACCOUNT_ID` is missing/,
    );
  });
});
