// Options of the fake PostHog, their defaults and the checks that turn them into a resolved form.

import { silentLogger, type TestkitLogger } from '../logger.js';
import { requirePort, requirePositive } from '../pinterest/options.js';

/** Compression names posthog-js understands in the remote config's `supportedCompression`. */
export type PostHogCompression = 'gzip-js' | 'gzip' | 'base64';

/** Options of {@link startFakePostHog}. Every field is optional. */
export interface FakePostHogOptions {
  /**
   * Project API key to require. Captures with another key get 401, as PostHog responds to an
   * invalid key. When unset, any key is accepted.
   * @default undefined
   */
  apiKey?: string;
  /**
   * Compression the remote config offers posthog-js. PostHog offers `['gzip', 'gzip-js']`, so
   * posthog-js sends gzip; `['base64']` makes it send base64 form bodies, `[]` plain JSON.
   * @default ['gzip', 'gzip-js']
   */
  supportedCompression?: readonly PostHogCompression[];
  /**
   * Record a capture's source address from the first `X-Forwarded-For` address instead of the TCP peer.
   * @default false
   */
  trustForwardedFor?: boolean;
  /**
   * Largest request body accepted, in bytes (after decompression is not limited separately).
   * @default 20971520
   */
  maxBodyBytes?: number;
  /**
   * Clock in milliseconds since the epoch, for receive times and events without a timestamp.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Interface to listen on.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * Port to listen on; 0 picks a free port.
   * @default 0
   */
  port?: number;
  /**
   * Receives start, stop and error lines.
   * @default silentLogger
   */
  logger?: TestkitLogger;
}

/** {@link FakePostHogOptions} with every default applied; `apiKey` stays optional. */
export type ResolvedFakePostHogOptions = Required<Omit<FakePostHogOptions, 'apiKey'>> & {
  apiKey: string | undefined;
};

/** Defaults of {@link FakePostHogOptions}; the `@default` tags above match these values. */
export const fakePostHogDefaults = {
  apiKey: undefined,
  supportedCompression: ['gzip', 'gzip-js'],
  trustForwardedFor: false,
  maxBodyBytes: 20 * 1024 * 1024,
  now: Date.now,
  host: '127.0.0.1',
  port: 0,
  logger: silentLogger,
} satisfies ResolvedFakePostHogOptions;

const COMPRESSIONS: readonly PostHogCompression[] = ['gzip-js', 'gzip', 'base64'];

/** Applies defaults and checks each option; throws `TypeError` or `RangeError` naming the option. */
export function resolveFakePostHogOptions(options: FakePostHogOptions = {}): ResolvedFakePostHogOptions {
  const resolved: ResolvedFakePostHogOptions = { ...fakePostHogDefaults };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) (resolved as Record<string, unknown>)[key] = value;
  }

  if (
    resolved.apiKey !== undefined &&
    (typeof resolved.apiKey !== 'string' || resolved.apiKey.length === 0)
  ) {
    throw new TypeError(
      '`apiKey` is empty; set the project API key posthog-js uses, or leave it out to accept any.',
    );
  }
  for (const compression of resolved.supportedCompression) {
    if (!COMPRESSIONS.includes(compression)) {
      throw new RangeError(
        `\`supportedCompression\` contains ${JSON.stringify(compression)}; use 'gzip-js', 'gzip' or 'base64'.`,
      );
    }
  }
  requirePositive('maxBodyBytes', resolved.maxBodyBytes);
  requirePort('port', resolved.port);
  if (typeof resolved.now !== 'function') {
    throw new TypeError(
      '`now` is not a function; pass a function that returns milliseconds since the epoch.',
    );
  }

  return resolved;
}
