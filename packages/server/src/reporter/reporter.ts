// The reporter: turns a confirmed conversion into a queued CAPI event and a PostHog capture, without waiting for either.

import {
  buildConversion,
  type Consent,
  type Conversion,
  type ConversionInput,
  PinpairError,
  type Problem,
  parseConsent,
  toCapiEvent,
  toPostHogCapture,
} from '@pinpair/core';
import { createPinterestClient } from '../client/pinterest-client.js';
import { normalizeIpAddress } from '../context/ip-address.js';
import type { RequestContext } from '../context/request-context.js';
import {
  createDispatcher,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  type Dispatcher,
  type ShutdownSummary,
} from '../dispatcher/dispatcher.js';
import { DISPATCHER_DEFAULTS } from '../dispatcher/dispatcher-options.js';
import { createDefaultLogger } from '../logger.js';
import { withoutUndefined } from '../options.js';
import type { Outbox } from '../outbox/outbox.js';
import { createSqliteOutbox } from '../outbox/sqlite-outbox.js';
import {
  decideConsent,
  type PinterestDecision,
  type PostHogDecision,
  validateConsent,
} from './consent-policy.js';
import { lintBeforeQueue } from './lint-before-queue.js';
import { nodeSha256Hex } from './node-sha256.js';
import { createPostHogSink } from './posthog.js';
import { type ReporterOptions, resolveReporterOptions } from './reporter-options.js';

/** Reason the Pinterest copy of a conversion was not queued. */
export type SkipReason = 'advertising-consent-denied' | 'advertising-consent-pending';

/** Outcome of the PostHog copy of a conversion. */
export type PostHogOutcome =
  | 'captured'
  | 'disabled'
  | 'analytics-consent-denied'
  | 'analytics-consent-pending'
  | 'no-distinct-id'
  | 'failed';

/** Problem in {@link ReportResult.problems} when PostHog was skipped for want of a distinct id. */
const MISSING_DISTINCT_ID_PROBLEM: Readonly<Problem> = {
  path: 'distinctId',
  severity: 'warning',
  code: 'missing-distinct-id',
  message:
    "PostHog capture skipped: no distinct id in the hand-off, the posthog-js cookie or the context. Pass the shopper's PostHog `distinctId` in the report context.",
};

/** Result of {@link Reporter.report}. */
export interface ReportResult {
  /** The conversion's event id, shared with the browser's tag event and the PostHog capture. */
  eventId: string;
  /**
   * True when the CAPI event is in the outbox: stored by this call, or by an earlier one when
   * `duplicate` is true.
   */
  queued: boolean;
  /**
   * True when the outbox already contained this event (same ad account, event name and event id),
   * so this call stored no second copy. The earlier entry may be pending, delivered within the
   * receipt window (24 hours by default) or a dead letter. Absent when this call stored the event or
   * queued nothing.
   */
  duplicate?: boolean;
  /** Reason nothing was queued for Pinterest. */
  skipped?: SkipReason;
  /** Outcome of the PostHog copy. */
  postHog: PostHogOutcome;
  /**
   * Request-context findings, user-data fields left out because they were invalid, and core's linter
   * findings on the queued CAPI event. A linter error means the dispatcher will dead-letter the event
   * as `invalid`. `missing-distinct-id` means PostHog was skipped for want of a distinct id.
   */
  problems: Problem[];
}

/** Reports conversions from a checkout back end. Create it with {@link createReporter}. */
export interface Reporter {
  /**
   * Builds the conversion, hashes its user data, queues the CAPI event and captures it in PostHog,
   * then returns without waiting for Pinterest. Rejects with core's `ValidationError` when the
   * input cannot become a valid conversion or the context's consent contains a state other than
   * `'granted'`, `'denied'` or `'pending'`, and when the outbox cannot store the event.
   */
  report(input: ConversionInput, context?: RequestContext): Promise<ReportResult>;
  /**
   * Starts delivery. `createReporter` calls it unless `autoStart` is false, so events a crash or an
   * earlier shutdown left in the outbox are sent without waiting for a new `report()`.
   */
  start(): void;
  /**
   * Sends what is due now and flushes PostHog's queue; for tests and short-lived processes. Rejects
   * with posthog-node's error when PostHog refuses or cannot be reached, after logging it.
   */
  flush(): Promise<void>;
  /** Ends a pause caused by a 401 or 403, after the credentials were fixed. */
  resume(): void;
  /**
   * Drains the outbox until `timeoutMs`, flushes posthog-node, closes an outbox the reporter
   * created, and logs the counts. Events still waiting (for example during a retry delay) are logged
   * with their count: a durable outbox keeps them for the next start, a memory outbox loses them.
   * A second call returns the same promise.
   */
  shutdown(options?: { timeoutMs?: number }): Promise<ShutdownSummary>;
  /** The outbox, for inspection (`counts()`, `deadLetters()`). */
  readonly outbox: Outbox;
  /** The dispatcher, for `stats()` and manual `drain()`. */
  readonly dispatcher: Dispatcher;
}

/**
 * Creates a reporter. Call `report()` from the order-confirmation path and `shutdown()` when the
 * process stops.
 *
 * @example
 * ```ts
 * const config = loadConfig();
 * const reporter = createReporter({ ...config, logger });
 * app.use(pinpairMiddleware({ trustedProxies: config.trustedProxies, posthogApiKey: config.posthog?.apiKey }));
 * app.post('/checkout', async (req, res) => {
 *   const order = await placeOrder(req.body);
 *   await reporter.report(
 *     { eventName: 'checkout', orderId: order.id, value: order.total, currency: 'USD', user: { email: order.email } },
 *     req.pinpair,
 *   );
 *   res.redirect(`/orders/${order.id}`);
 * });
 * process.on('SIGTERM', () => reporter.shutdown({ timeoutMs: 5000 }));
 * ```
 */
export function createReporter(options: ReporterOptions): Reporter {
  const resolved = resolveReporterOptions(options);
  const logger = resolved.logger ?? createDefaultLogger({ debug: resolved.debug });

  const client = createPinterestClient({ ...resolved.pinterest, logger, debug: resolved.debug });
  const ownsOutbox = resolved.outbox === undefined;
  const outbox = resolved.outbox ?? createSqliteOutbox({ path: resolved.outboxPath });
  const dispatcher = createDispatcher({
    ...resolved.dispatcher,
    outbox,
    clients: [client],
    logger,
    clock: resolved.clock,
    ...withoutUndefined({ sleep: resolved.sleep, random: resolved.random }),
  });
  const postHog = createPostHogSink(resolved.posthog, logger, resolved.clock);

  const maxEventAgeSeconds =
    resolved.dispatcher?.maxEventAgeSeconds ?? DISPATCHER_DEFAULTS.maxEventAgeSeconds;
  let started = false;
  let shutdownPromise: Promise<ShutdownSummary> | undefined;
  let pendingConsentLogged = false;

  function start(): void {
    if (started || shutdownPromise !== undefined) return;
    started = true;
    dispatcher.start();
  }

  async function report(input: ConversionInput, context?: RequestContext): Promise<ReportResult> {
    if (shutdownPromise !== undefined) {
      throw new PinpairError('report() was called after shutdown(). Create a new reporter to report again.', {
        code: 'reporter_shut_down',
      });
    }
    const requestContext: RequestContext = {
      ...context,
      consent: resolveConsent(context),
      problems: context?.problems ?? [],
    };

    const conversion = await buildConversion(mergeContext(input, requestContext), {
      strict: resolved.strictEventNames,
      now: resolved.clock,
      ...withoutUndefined({ defaultCurrency: resolved.defaultCurrency }),
    });
    const decision = decideConsent(requestContext.consent, resolved);
    logPendingConsentOnce(conversion, decision.pinterest, decision.postHog);

    const result: ReportResult = {
      eventId: conversion.eventId,
      queued: false,
      postHog: 'disabled',
      problems: [...requestContext.problems],
    };
    await queueForPinterest(conversion, decision.pinterest, result);
    result.postHog = await captureInPostHog(conversion, requestContext, decision.postHog, result.problems);

    logger.debug(
      { eventId: result.eventId, queued: result.queued, skipped: result.skipped, postHog: result.postHog },
      'Conversion reported',
    );
    return result;
  }

  async function queueForPinterest(
    conversion: Conversion,
    decision: PinterestDecision,
    result: ReportResult,
  ): Promise<void> {
    if (decision === 'skip-denied' || decision === 'skip-pending') {
      result.skipped =
        decision === 'skip-denied' ? 'advertising-consent-denied' : 'advertising-consent-pending';
      return;
    }

    const projected = await toCapiEvent(
      decision === 'send-opted-out' ? { ...conversion, optOut: true } : conversion,
      {
        sha256: nodeSha256Hex,
        ...withoutUndefined({
          defaultCallingCode: resolved.defaultCallingCode,
          partnerName: resolved.partnerName,
        }),
      },
    );
    if (projected.problems.length > 0) {
      result.problems.push(...projected.problems);
      logger.warn(
        {
          eventId: conversion.eventId,
          problems: projected.problems.map(({ path, code, message }) => ({ path, code, message })),
        },
        'User data fields left out of the CAPI event because they are invalid',
      );
    }

    const nowMs = resolved.clock();
    const lintProblems = lintBeforeQueue(
      projected.event,
      { nowSeconds: Math.floor(nowMs / 1000), maxEventAgeSeconds },
      logger,
    );
    result.problems.push(...lintProblems);

    const enqueued = await outbox.enqueue(client.adAccountId, projected.event, nowMs);
    result.queued = true;
    if (enqueued.duplicate) result.duplicate = true;

    dispatcher.wake();
  }

  /**
   * Queues the capture in posthog-node, which sends it in the background. A failure here is logged
   * and reported as `failed`, because the Pinterest copy is already queued and must not be undone.
   */
  async function captureInPostHog(
    conversion: Conversion,
    context: RequestContext,
    decision: PostHogDecision,
    problems: Problem[],
  ): Promise<PostHogOutcome> {
    const client = postHog.client;
    if (client === undefined) return 'disabled';
    if (decision === 'skip-denied') return 'analytics-consent-denied';
    if (decision === 'skip-pending') return 'analytics-consent-pending';

    // Without the shopper's distinct id, posthog-node would file the capture under a new random
    // person, which never merges with the browser's copy, so PostHog would count the order twice.
    const distinctId = context.distinctId?.trim();
    if (distinctId === undefined || distinctId === '') {
      problems.push({ ...MISSING_DISTINCT_ID_PROBLEM });
      logger.warn(
        { eventId: conversion.eventId },
        "PostHog capture skipped: no distinct id (no hand-off, no posthog-js cookie, none in the context). Pass the shopper's `distinctId` in the report context",
      );
      return 'no-distinct-id';
    }

    try {
      const capture = await toPostHogCapture(conversion);
      const properties = { ...capture.properties, ...requestProperties(conversion) };

      // posthog-node keeps `uuid` only when it is a canonical UUID, which toPostHogCapture guarantees.
      // posthog-node adds `$geoip_disable: true` unless `disableGeoip` is false, and PostHog then
      // ignores `$ip`.
      client.capture({
        distinctId,
        event: capture.event,
        properties,
        uuid: capture.uuid,
        timestamp: new Date(conversion.eventTime * 1000),
        disableGeoip: false,
      });
      return 'captured';
    } catch (error) {
      logger.error(
        { eventId: conversion.eventId, error: error instanceof Error ? error.message : String(error) },
        'PostHog capture failed',
      );
      return 'failed';
    }
  }

  function logPendingConsentOnce(
    conversion: Conversion,
    pinterest: PinterestDecision,
    postHogDecision: PostHogDecision,
  ): void {
    if (pendingConsentLogged || (pinterest !== 'skip-pending' && postHogDecision !== 'skip-pending')) return;
    pendingConsentLogged = true;
    logger.warn(
      { eventId: conversion.eventId, eventName: conversion.eventName.apiName },
      "Conversion not sent because consent is pending: the shopper has not chosen, or no hand-off or valid consent cookie reached the server. Set `pendingConsent: 'send'` if your shop may track without asking. Later conversions with pending consent are not logged",
    );
  }

  async function flush(): Promise<void> {
    await dispatcher.drain();
    await postHog.client?.flush();
  }

  async function stop(timeoutMs: number | undefined): Promise<ShutdownSummary> {
    const [summary] = await Promise.all([
      dispatcher.shutdown(withoutUndefined({ timeoutMs })),
      postHog.close(timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS).catch((error: unknown) => {
        logger.error(
          { error: error instanceof Error ? error.message : String(error) },
          'PostHog flush failed at shutdown',
        );
      }),
    ]);

    const waiting = (summary.outbox?.pending ?? 0) + (summary.outbox?.['in-flight'] ?? 0);
    if (waiting > 0 && !outbox.durable) {
      logger.error({ count: waiting }, 'Events left undelivered in the memory outbox are lost at shutdown');
    } else if (waiting > 0) {
      logger.warn(
        { count: waiting },
        `${waiting} undelivered event${waiting === 1 ? ' is' : 's are'} kept in the outbox for the next start`,
      );
    }
    if (ownsOutbox) await outbox.close();
    return summary;
  }

  function shutdown(shutdownOptions: { timeoutMs?: number } = {}): Promise<ShutdownSummary> {
    shutdownPromise ??= stop(shutdownOptions.timeoutMs);
    return shutdownPromise;
  }

  if (resolved.autoStart) start();
  return { report, start, flush, resume: () => dispatcher.resume(), shutdown, outbox, dispatcher };
}

/**
 * Maps the shopper's IP address, user agent and page URL to PostHog's `$ip`, `$raw_user_agent` and
 * `$current_url`, so the server's copy carries them when PostHog keeps it instead of the browser's.
 * Unknown values and an IP address that does not parse are left out.
 */
function requestProperties(conversion: Conversion): Record<string, string> {
  const properties: Record<string, string> = {};
  // Only an address, as in the CAPI copy, which leaves out a value that does not parse.
  const ip = conversion.clientIpAddress;
  if (ip !== undefined && normalizeIpAddress(ip) !== undefined) properties.$ip = ip;
  // PostHog's server-side bot detection reads `$raw_user_agent` (posthog-python 7.22.4 release notes).
  if (conversion.clientUserAgent !== undefined) properties.$raw_user_agent = conversion.clientUserAgent;
  if (conversion.eventSourceUrl !== undefined) properties.$current_url = conversion.eventSourceUrl;
  return properties;
}

/**
 * Fills what the caller left out of the input from the request context. The hand-off's event id
 * is the browser's id for a one-shot action, so the server's copy deduplicates against the tag's.
 * A conversion about an order or a lead ignores it: its id is derived from the business id on both
 * sides, while the hand-off may carry the id of whatever the browser tracked last.
 */
function mergeContext(input: ConversionInput, context: RequestContext): ConversionInput {
  const hasBusinessId = input.orderId !== undefined || input.leadId !== undefined;
  return {
    ...input,
    ...withoutUndefined({
      eventId: input.eventId ?? (hasBusinessId ? undefined : context.handoff?.eventId),
      clickId: input.clickId ?? context.clickId,
      clientIpAddress: normalizeCallerIp(input.clientIpAddress ?? context.clientIpAddress),
      clientUserAgent: input.clientUserAgent ?? context.clientUserAgent,
      eventSourceUrl: input.eventSourceUrl ?? context.eventSourceUrl,
    }),
  };
}

/**
 * Returns the caller's consent after checking it, or all parts `pending` when the context has none.
 * Throws core's `ValidationError` for a misspelled state, which would otherwise count as denied.
 */
function resolveConsent(context: RequestContext | undefined): Consent {
  const consent: unknown = context?.consent;
  if (consent === undefined || consent === null) return parseConsent(undefined);
  return validateConsent(consent);
}

/**
 * Normalizes a caller's IP address as the request context does, so `::ffff:203.0.113.9` goes out as
 * `203.0.113.9` on both paths. A value that is not an IP address stays as it is: core rejects one
 * that is not a string, and its CAPI projection leaves out one that is not an address, with a warning.
 */
function normalizeCallerIp(value: string | undefined): string | undefined {
  if (typeof value !== 'string') return value;
  return normalizeIpAddress(value) ?? value;
}
