// createTracker: the storefront tracker that sends each conversion to the Pinterest tag and to
// PostHog under one event_id, gated by consent, and hands that id to the server.

import {
  buildConversion,
  CLICK_ID_COOKIE,
  CONSENT_COOKIE,
  type Consent,
  type ConversionInput,
  describeValue,
  encodeHandoff,
  findInvalidConsent,
  HANDOFF_HEADER,
  type Handoff,
  parseConsent,
  serializeConsent,
  toPostHogCapture,
  toTagEventData,
} from '@pinpair/core';
import { createChannel } from './channel.js';
import { readClickId } from './click-id.js';
import { mergeConsent } from './consent.js';
import { createCookieJar } from './cookies.js';
import { createFiredEvents } from './fired-events.js';
import { attachHandoffField } from './handoff-field.js';
import { resolveTrackerOptions, type TrackerOptions } from './options.js';
import { createPinterestTag } from './pinterest-tag.js';
import { createPostHogTarget } from './posthog.js';

/** Event data for {@link Tracker.track}: core's conversion input without the event name. */
export type TrackData = Omit<ConversionInput, 'eventName'>;

/** The storefront tracker returned by {@link createTracker}. */
export interface Tracker {
  /**
   * Sends a conversion to the Pinterest tag (`pintrk('track', …)`) and to PostHog (`capture`) with
   * one event id, and resolves to that id once both destinations have it or hold it in their queue.
   * `eventName` may be Pinterest's (`'checkout'`, `'Checkout'`) or PostHog's (`'Order Completed'`).
   * An `orderId` or `leadId` gives a deterministic id, and `data.eventId` wins over both. A conversion
   * with such an id that was already sent (a reload of the confirmation page) is not sent again.
   * Never rejects: invalid data goes to `onError` and one console warning, and resolves to `undefined`.
   */
  track(eventName: string, data?: TrackData): Promise<string | undefined>;
  /**
   * Sends one page visit: `pintrk('page', { event_id })` and PostHog's `$pageview` with the same id.
   * Resolves to the id, or `undefined` on invalid data.
   */
  page(data?: TrackData): Promise<string | undefined>;
  /**
   * Changes consent for the categories given; the others keep their state. Granting sends what
   * waited, in call order; denying drops it. Writes the `pinpair_consent` cookie.
   */
  setConsent(update: Partial<Consent>): void;
  /** Returns a copy of the current consent. */
  consent(): Consent;
  /**
   * Returns what the server needs to report the same conversion: the event id (`eventId`, else the
   * last `track()`'s), the click id (with advertising consent granted), the PostHog distinct id
   * (unless analytics consent is denied) and the consent.
   */
  handoff(eventId?: string): Handoff;
  /** Returns `{ 'x-pinpair-handoff': … }`, the encoded {@link Tracker.handoff}, for a `fetch` request. */
  handoffHeaders(eventId?: string): Record<string, string>;
  /**
   * Adds or updates the hidden `pinpair_handoff` input of `form` with the encoded {@link Tracker.handoff},
   * and refreshes it whenever the form's data is collected, so consent given after this call still
   * goes with the form. Call it once per form; a later call changes `eventId`.
   */
  attachHandoff(form: HTMLFormElement, eventId?: string): void;
  /** Returns the Pinterest click id of this visit (URL `epik`, else the `_epik` cookie), or `undefined`. */
  clickId(): string | undefined;
}

/** First wait before checking again whether posthog-js is initialized; it doubles up to the maximum. */
const POSTHOG_POLL_FIRST_MS = 50;
const POSTHOG_POLL_MAX_MS = 2000;

/**
 * Creates the tracker for one page: reads the click id, applies consent, and loads the Pinterest tag
 * once advertising consent is granted.
 *
 * @throws TypeError or RangeError when an option is invalid, naming the option.
 * @example
 * ```ts
 * import { createTracker } from '@pinpair/browser';
 * import posthog from 'posthog-js';
 *
 * const tracker = createTracker({ tagId: '2612345678901', posthog, currency: 'EUR' });
 * tracker.setConsent({ advertising: 'granted', analytics: 'granted' });
 * await tracker.page();
 * const eventId = await tracker.track('add_to_cart', { value: 19.9, items: [{ id: 'SKU-1', quantity: 1 }] });
 * ```
 */
export function createTracker(options: TrackerOptions): Tracker {
  const { window, document, tagId, tagScriptUrl, cookie, currency, maxQueuedEvents, onError, ...config } =
    resolveTrackerOptions(options);
  const { location } = window;
  const cookies = createCookieJar(document, { ...cookie, secure: location.protocol === 'https:' });
  const click = readClickId(location.search, cookies);
  const fired = createFiredEvents(window);
  let consent = mergeConsent(parseConsent(cookies.get(CONSENT_COOKIE)), config.consent);
  let clickIdWritten = false;
  let lastEventId: string | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let pollDelayMs = POSTHOG_POLL_FIRST_MS;

  const tag = createPinterestTag({
    window,
    document,
    tagId,
    tagScriptUrl,
    email: config.enhancedMatch.email,
    onError: (error) => report(error, 'enhancedMatch'),
  });
  const tagChannel = createChannel({
    name: 'tag',
    consent: () => consent.advertising,
    isReady: tag.isReady,
    maxQueuedEvents,
    fired,
    onSendError: (error) => report(error, 'pintrk'),
  });

  const posthog = config.posthog && createPostHogTarget(config.posthog);
  const posthogChannel =
    posthog &&
    createChannel({
      name: 'posthog',
      consent: () => consent.analytics,
      isReady: () => !!posthog.instance(),
      onNotReady: pollPostHog,
      maxQueuedEvents,
      fired,
      onSendError: (error) => report(error, 'posthog'),
    });

  /**
   * Passes a caught error to `onError` and prints one warning. It runs in the catch blocks that keep
   * errors out of the page, so its own body is wrapped too, and an `onError` that throws is ignored.
   */
  function report(error: unknown, action: string): void {
    try {
      const reported = error instanceof Error ? error : new Error(describeValue(error));
      console.warn(`[pinpair] ${action}: ${reported.message}`);
      onError?.(reported);
    } catch {
      // A failing onError or console must not break the page either.
    }
  }

  /** Checks again later whether posthog-js has been initialized, backing off to a few seconds. */
  function pollPostHog(): void {
    if (pollTimer !== undefined) return;
    pollTimer = window.setTimeout(() => {
      pollTimer = undefined;
      pollDelayMs = Math.min(pollDelayMs * 2, POSTHOG_POLL_MAX_MS);
      posthogChannel?.flush();
    }, pollDelayMs);
  }

  /** Brings cookies, the tag and both queues in line with `consent`. */
  function applyConsent(changed: boolean): void {
    if (changed) cookies.set(CONSENT_COOKIE, serializeConsent(consent));

    if (consent.advertising === 'granted') {
      if (click.fromUrl && !clickIdWritten) cookies.set(CLICK_ID_COOKIE, click.value as string);
      clickIdWritten = true;
      // In the call chain, so that calls made after granting wait for `load` and keep their order.
      tail = tail
        .then(tag.start)
        .then(tagChannel.flush)
        .catch((error: unknown) => report(error, 'pintrk'));
    }
    if (consent.advertising === 'denied' && cookies.get(CLICK_ID_COOKIE) !== undefined) {
      cookies.remove(CLICK_ID_COOKIE);
      clickIdWritten = false;
    }

    tagChannel.flush();
    posthogChannel?.flush();
  }

  /** Builds the conversion and hands it to both channels; resolves to its id, or `undefined` on error. */
  async function record(command: 'track' | 'page', eventName: string, data?: TrackData) {
    try {
      const input: ConversionInput = { ...data, eventName };
      const conversion = await buildConversion(input, { defaultCurrency: currency });
      const capture = posthog && (await toPostHogCapture(conversion));
      const { eventId } = conversion;
      const repeatable = [input.eventId, input.orderId, input.leadId].some((id) => id !== undefined);
      const tagName = conversion.eventName.tagName;
      const tagData = toTagEventData(conversion);

      if (command === 'page') {
        tagChannel.push({ eventId, repeatable, send: () => tag.send('page', tagData) });
      } else if (tagName) {
        tagChannel.push({ eventId, repeatable, send: () => tag.send('track', tagName, tagData) });
      }
      if (capture) posthogChannel?.push({ eventId, repeatable, send: () => posthog.send(capture) });

      if (command === 'track') lastEventId = eventId;
      return eventId;
    } catch (error) {
      report(error, `${command}(${describeValue(eventName)})`);
      return undefined;
    }
  }

  /**
   * Runs `task` after every earlier call has been handed on, so destinations see call order. The
   * chain goes on past a failed call, so one failure cannot stop every later event.
   */
  function inOrder(action: string, task: () => Promise<string | undefined>): Promise<string | undefined> {
    const result = tail.then(task).catch((error: unknown) => {
      report(error, action);
      return undefined;
    });
    tail = result;
    return result;
  }

  function handoff(eventId = lastEventId): Handoff {
    return {
      eventId,
      clickId: consent.advertising === 'granted' ? click.value : undefined,
      distinctId: consent.analytics === 'denied' ? undefined : posthog?.instance()?.get_distinct_id(),
      consent: { ...consent },
    };
  }

  applyConsent(options.consent !== undefined);

  return {
    track: (eventName, data) => inOrder('track', () => record('track', eventName, data)),

    page: (data) => inOrder('page', () => record('page', 'page_visit', data)),

    setConsent(update) {
      const invalid = findInvalidConsent(update, 'update');
      if (invalid) {
        const message = `\`${invalid.name}\` must be ${invalid.expected}; got ${describeValue(invalid.value)}.`;
        report(new TypeError(message), 'setConsent');
        return;
      }

      const next = mergeConsent(consent, update);
      const changed = next.advertising !== consent.advertising || next.analytics !== consent.analytics;
      consent = next;
      applyConsent(changed);
    },

    consent: () => ({ ...consent }),

    handoff,

    handoffHeaders: (eventId) => ({ [HANDOFF_HEADER]: encodeHandoff(handoff(eventId)) }),

    attachHandoff: (form, eventId) => attachHandoffField(form, () => encodeHandoff(handoff(eventId))),

    clickId: () => click.value,
  };
}
