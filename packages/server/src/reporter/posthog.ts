// The posthog-node client the reporter records conversions with, or nothing when PostHog is not configured.

import { PostHog } from 'posthog-node';
import type { PinpairLogger } from '../logger.js';
import { createDeliveryFailureLog, logUnsentCaptures } from './posthog-failures.js';

/** The posthog-node methods the reporter uses; a `PostHog` instance fits. */
export interface PostHogClientLike {
  capture(message: {
    distinctId?: string;
    event: string;
    properties?: Record<string, unknown>;
    uuid?: string;
    timestamp?: Date;
    /** False keeps posthog-node from adding `$geoip_disable: true`, so PostHog locates the event by `$ip`. */
    disableGeoip?: boolean;
  }): void;
  flush(): Promise<void>;
  shutdown(shutdownTimeoutMs?: number): Promise<void>;
}

/** PostHog settings of the reporter. */
export interface PostHogOptions {
  /** Project API key (`phc_…`). Without it and without `client`, PostHog is disabled. */
  apiKey?: string | undefined;
  /**
   * Ingestion host, for example `https://eu.i.posthog.com` or the testkit's fake PostHog `url`.
   * @default posthog-node's default, https://us.i.posthog.com
   */
  host?: string | undefined;
  /**
   * An existing posthog-node client to use instead of creating one. The reporter flushes it on
   * shutdown but does not shut it down, because the caller owns it.
   */
  client?: PostHogClientLike | undefined;
  /**
   * Events posthog-node queues before sending a batch.
   * @default 20
   */
  flushAt?: number | undefined;
  /**
   * Maximum time posthog-node keeps a queued event before sending, in milliseconds.
   * @default 10000
   */
  flushIntervalMs?: number | undefined;
}

/** The reporter's handle on PostHog. */
export interface PostHogSink {
  /** The client, or undefined when PostHog is disabled. */
  client: PostHogClientLike | undefined;
  /** Sends what is queued and, for a client the reporter created, shuts it down. */
  close(timeoutMs: number): Promise<void>;
}

/**
 * Creates the PostHog sink: the caller's client, a new posthog-node client, or a disabled sink
 * (logged once). Delivery failures of a client the sink creates go to `logger`. `now` returns the
 * time in milliseconds, for the rate limit of those lines.
 */
export function createPostHogSink(
  options: PostHogOptions | undefined,
  logger: PinpairLogger,
  now: () => number = Date.now,
): PostHogSink {
  if (options?.client !== undefined) {
    const client = options.client;
    return { client, close: () => client.flush() };
  }

  const apiKey = options?.apiKey?.trim();
  if (apiKey === undefined || apiKey === '') {
    logger.info(
      {},
      'PostHog disabled: no API key. Set POSTHOG_API_KEY or `posthog.apiKey` to record conversions there',
    );
    return { client: undefined, close: async () => {} };
  }

  // posthog-node 5 defaults `disableGeoip` to true, which adds `$geoip_disable: true` to every event,
  // and PostHog then ignores the shopper's `$ip` that the reporter sets.
  const client = new PostHog(apiKey, {
    disableGeoip: false,
    ...(options?.host === undefined ? {} : { host: options.host }),
    ...(options?.flushAt === undefined ? {} : { flushAt: options.flushAt }),
    ...(options?.flushIntervalMs === undefined ? {} : { flushInterval: options.flushIntervalMs }),
  });
  const failures = createDeliveryFailureLog(logger, now);
  client.on('error', (error: unknown) => failures.record(error));

  return {
    client,
    close: async (timeoutMs) => {
      failures.startShutdown();
      await client.shutdown(timeoutMs);
      failures.logSuppressedCount();
      logUnsentCaptures(client, logger);
    },
  };
}
