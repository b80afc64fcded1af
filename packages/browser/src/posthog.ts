// posthog-js as the tracker uses it: an instance that may be created or initialized after the tracker.

import type { PostHogCapture } from '@pinpair/core';

/**
 * The part of a posthog-js instance that the tracker uses. posthog-js 1.x (`posthog-js` on npm)
 * satisfies it; `capture`'s `uuid` option needs 1.39x or later.
 */
export interface PostHogLike {
  /** `true` once `posthog.init()` has run. The official loader snippet's stub does not have it. */
  __loaded?: boolean;
  /** posthog-js's `capture`; an options `uuid` that is not a canonical UUID is replaced by a new one. */
  capture(
    eventName: string,
    properties?: Record<string, unknown> | null,
    options?: { uuid?: string },
  ): unknown;
  /** The shopper's PostHog distinct id. */
  get_distinct_id(): string;
}

/** A posthog-js instance, or a function that returns it once it exists (such as `() => window.posthog`). */
export type PostHogSource = PostHogLike | (() => PostHogLike | null | undefined);

/** The PostHog destination of one tracker. */
export interface PostHogTarget {
  /** Returns the instance once `posthog.init()` has run, else `undefined`. */
  instance(): PostHogLike | undefined;
  /** Captures `capture` with its `uuid`; the instance must be ready. */
  send(capture: PostHogCapture): void;
}

/** Creates the {@link PostHogTarget} over `source`. */
export function createPostHogTarget(source: PostHogSource): PostHogTarget {
  function instance(): PostHogLike | undefined {
    const value = typeof source === 'function' ? source() : source;
    return value?.__loaded === true ? value : undefined;
  }

  return {
    instance,

    send(capture) {
      instance()?.capture(capture.event, capture.properties, { uuid: capture.uuid });
    },
  };
}
