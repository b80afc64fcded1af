// startTestkit: the fake Pinterest and the fake PostHog together, stopped with one call.

import type { TestkitLogger } from './logger.js';
import { type FakePinterest, startFakePinterest } from './pinterest/fake-pinterest.js';
import type { FakePinterestOptions } from './pinterest/options.js';
import { type FakePostHog, startFakePostHog } from './posthog/fake-posthog.js';
import type { FakePostHogOptions } from './posthog/options.js';

/** Options of {@link startTestkit}. */
export interface TestkitOptions {
  /**
   * Options of the fake Pinterest.
   * @default {}
   */
  pinterest?: FakePinterestOptions;
  /**
   * Options of the fake PostHog.
   * @default {}
   */
  posthog?: FakePostHogOptions;
  /**
   * Logger for both fakes, unless their own options name one.
   * @default silentLogger
   */
  logger?: TestkitLogger;
}

/** {@link TestkitOptions} with defaults applied. */
export type ResolvedTestkitOptions = Required<Omit<TestkitOptions, 'logger'>> & {
  logger: TestkitLogger | undefined;
};

/** Defaults of {@link TestkitOptions}; the `@default` tags above match these values. */
export const testkitDefaults = {
  pinterest: {},
  posthog: {},
  logger: undefined,
} satisfies ResolvedTestkitOptions;

/** Both fakes, running. */
export interface Testkit {
  pinterest: FakePinterest;
  posthog: FakePostHog;
  /** Stops both fakes. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the fake Pinterest and the fake PostHog, each on its own free port of 127.0.0.1 unless
 * the options name ports.
 *
 * @example
 * ```ts
 * import { startTestkit } from '@pinpair/testkit';
 *
 * const testkit = await startTestkit();
 * // Shop configuration: testkit.pinterest.apiBaseUrl, testkit.pinterest.tagScriptUrl, testkit.posthog.url
 * await testkit.close();
 * ```
 */
export async function startTestkit(options: TestkitOptions = {}): Promise<Testkit> {
  const resolved: ResolvedTestkitOptions = { ...testkitDefaults, ...definedEntries(options) };
  const withLogger = <T extends { logger?: TestkitLogger }>(fakeOptions: T): T =>
    resolved.logger === undefined || fakeOptions.logger !== undefined
      ? fakeOptions
      : { ...fakeOptions, logger: resolved.logger };

  const pinterest = await startFakePinterest(withLogger(resolved.pinterest));
  let posthog: FakePostHog;
  try {
    posthog = await startFakePostHog(withLogger(resolved.posthog));
  } catch (error) {
    await pinterest.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    pinterest,
    posthog,
    close() {
      closing ??= Promise.allSettled([pinterest.close(), posthog.close()]).then((results) => {
        const failed = results.find(
          (result): result is PromiseRejectedResult => result.status === 'rejected',
        );
        if (failed) throw failed.reason;
      });
      return closing;
    },
  };
}

function definedEntries<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}
