// Reads the shop's settings from environment variables: the local fakes by default, the real
// Pinterest (in test mode) and PostHog only when their credentials are set.

import { findInvalidTrustedProxies, TRUSTED_PROXY_FORMS } from '@pinpair/server';

/** Pinterest settings for a real (or self-hosted) Conversions API and tag. */
export interface PinterestSettings {
  adAccountId: string;
  conversionToken: string;
  tagId: string;
  /** Conversions API base URL; undefined uses the server package's default, Pinterest's API. */
  apiBaseUrl?: string;
  /** Tag script URL; undefined loads Pinterest's own. */
  tagScriptUrl?: string;
  /** Sends CAPI requests with `?test=true`: validated by Pinterest, not recorded. */
  testMode: boolean;
}

/** PostHog settings: project api key and ingestion host. */
export interface PostHogSettings {
  apiKey: string;
  host: string;
}

/** The shop's settings as read from the environment. */
export interface ShopConfig {
  host: string;
  port: number;
  databasePath: string;
  outboxPath: string;
  trustedProxies: string[];
  /** Undefined: start the testkit's fake Pinterest on `fakePinterestPort`. */
  pinterest: PinterestSettings | undefined;
  /** Undefined: start the testkit's fake PostHog on `fakePostHogPort`. */
  posthog: PostHogSettings | undefined;
  fakePinterestPort: number;
  fakePostHogPort: number;
}

/**
 * Defaults of {@link ShopConfig}. Fixed ports keep the demo's URLs the same from run to run. They
 * avoid common development ports (3000, 5173, 8080) and OpenTelemetry's 4317 and 4318.
 */
export const shopConfigDefaults = {
  host: '127.0.0.1',
  port: 5310,
  databasePath: '.pinpair/shop.db',
  outboxPath: '.pinpair/outbox.db',
  trustedProxies: [],
  pinterest: undefined,
  posthog: undefined,
  fakePinterestPort: 5311,
  fakePostHogPort: 5312,
} satisfies ShopConfig;

const PINTEREST_VARIABLES = [
  'PINTEREST_AD_ACCOUNT_ID',
  'PINTEREST_CONVERSION_TOKEN',
  'PINTEREST_TAG_ID',
] as const;
const POSTHOG_VARIABLES = ['POSTHOG_API_KEY', 'POSTHOG_HOST'] as const;

/**
 * Reads the shop's settings from `env`. Pinterest is real when `PINTEREST_AD_ACCOUNT_ID`,
 * `PINTEREST_CONVERSION_TOKEN` and `PINTEREST_TAG_ID` are all set, and then always in test mode,
 * because this is an example store. PostHog is real when `POSTHOG_API_KEY` and `POSTHOG_HOST` are set.
 *
 * @throws {TypeError} when only some variables of a service are set.
 * @throws {TypeError} when `PINPAIR_TRUSTED_PROXIES` has an entry that is not an IP address, a CIDR
 *   range or a named range.
 * @throws {RangeError} when a port is not a number from 0 to 65535.
 * @example
 * const config = loadShopConfig(process.env);
 */
export function loadShopConfig(env: Record<string, string | undefined> = process.env): ShopConfig {
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };

  return {
    host: read('SHOP_HOST') ?? shopConfigDefaults.host,
    port: readPort(read('SHOP_PORT'), 'SHOP_PORT') ?? shopConfigDefaults.port,
    databasePath: read('SHOP_DATABASE_PATH') ?? shopConfigDefaults.databasePath,
    outboxPath: read('PINPAIR_OUTBOX_PATH') ?? shopConfigDefaults.outboxPath,
    trustedProxies: readTrustedProxies(read('PINPAIR_TRUSTED_PROXIES')),
    pinterest: readAll(read, PINTEREST_VARIABLES, ([adAccountId, conversionToken, tagId]) => ({
      adAccountId,
      conversionToken,
      tagId,
      apiBaseUrl: read('PINTEREST_API_BASE_URL'),
      tagScriptUrl: read('PINTEREST_TAG_SCRIPT_URL'),
      testMode: true,
    })),
    posthog: readAll(read, POSTHOG_VARIABLES, ([apiKey, host]) => ({ apiKey, host })),
    fakePinterestPort:
      readPort(read('PINPAIR_FAKE_PINTEREST_PORT'), 'PINPAIR_FAKE_PINTEREST_PORT') ??
      shopConfigDefaults.fakePinterestPort,
    fakePostHogPort:
      readPort(read('PINPAIR_FAKE_POSTHOG_PORT'), 'PINPAIR_FAKE_POSTHOG_PORT') ??
      shopConfigDefaults.fakePostHogPort,
  };
}

/** Returns `build(values)` when every variable is set, undefined when none is, and throws when some are. */
function readAll<Names extends readonly string[], T>(
  read: (name: string) => string | undefined,
  names: Names,
  build: (values: { [K in keyof Names]: string }) => T,
): T | undefined {
  const values = names.map(read);
  const missing = names.filter((_, index) => values[index] === undefined);
  if (missing.length === names.length) return undefined;
  if (missing.length > 0) {
    throw new TypeError(
      `Set ${missing.map((name) => `\`${name}\``).join(' and ')} too, or unset ${names.map((name) => `\`${name}\``).join(', ')} to use the local fakes.`,
    );
  }
  return build(values as { [K in keyof Names]: string });
}

// Checked here, because Express's `trust proxy` would reject a bad entry only once the shop starts,
// with a message that names neither the variable nor the accepted forms.
function readTrustedProxies(value: string | undefined): string[] {
  if (value === undefined) return [];
  const invalid = findInvalidTrustedProxies(value);
  if (invalid.length > 0) {
    const entries = invalid.map((entry) => JSON.stringify(entry)).join(', ');
    throw new TypeError(
      `\`PINPAIR_TRUSTED_PROXIES\` has ${invalid.length === 1 ? 'an invalid entry' : 'invalid entries'} ${entries}. ${TRUSTED_PROXY_FORMS} Separate them with commas.`,
    );
  }
  return value
    .split(',')
    .map((proxy) => proxy.trim())
    .filter(Boolean);
}

function readPort(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`\`${name}\` is ${JSON.stringify(value)}; set a port number from 0 to 65535.`);
  }
  return port;
}
