// Options of the reporter, their defaults and validation.

import { PINTEREST_CLIENT_DEFAULTS, type PinterestClientOptions } from '../client/pinterest-client.js';
import { DISPATCHER_DEFAULTS, type DispatcherOptions } from '../dispatcher/dispatcher-options.js';
import type { PinpairLogger } from '../logger.js';
import { withoutUndefined } from '../options.js';
import type { Outbox } from '../outbox/outbox.js';
import type { Sleep } from '../sleep.js';
import type { ConsentPolicy } from './consent-policy.js';
import type { PostHogOptions } from './posthog.js';

/** Path of the SQLite outbox when neither `outbox` nor `outboxPath` is given, relative to the working directory. */
export const DEFAULT_OUTBOX_PATH = 'pinpair-outbox.sqlite';

/** Options of {@link createReporter}. The object `loadConfig()` returns fits as it is. */
export interface ReporterOptions {
  /** The ad account and token to send to; `logger` and `debug` come from the reporter's own options. */
  pinterest: Omit<PinterestClientOptions, 'logger' | 'debug'>;
  /**
   * The outbox. When absent, the reporter creates a SQLite outbox at `outboxPath` and closes it on shutdown.
   * @default createSqliteOutbox({ path: outboxPath })
   */
  outbox?: Outbox;
  /**
   * File of the SQLite outbox the reporter creates when no `outbox` is given.
   * @default 'pinpair-outbox.sqlite'
   */
  outboxPath?: string;
  /**
   * PostHog settings; without an API key or client, PostHog is disabled.
   * @default undefined
   */
  posthog?: PostHogOptions;
  /**
   * Handling of denied advertising consent. `skip` sends nothing to Pinterest. `opt-out` sends the
   * event with `opt_out: true`, so Pinterest counts the conversion but does not use it for targeting.
   * @default 'skip'
   */
  advertisingDenied?: ConsentPolicy['advertisingDenied'];
  /**
   * With consent still `pending` (no hand-off and no consent cookie, or the shopper has not chosen):
   * `skip` treats it as denied, `send` as granted. Choose `send` only where your shop may track
   * without asking, for example when it shows no consent banner.
   * @default 'skip'
   */
  pendingConsent?: ConsentPolicy['pendingConsent'];
  /**
   * Currency used when a conversion has a value but no currency (ISO 4217).
   * @default undefined
   */
  defaultCurrency?: string;
  /**
   * Country calling code added to phone numbers written without one, for example `'1'`.
   * @default undefined
   */
  defaultCallingCode?: string;
  /**
   * `partner_name` sent with each event, such as `ss-yourplatform`.
   * @default undefined
   */
  partnerName?: string;
  /**
   * Reject unknown event names instead of sending them as `custom`.
   * @default false
   */
  strictEventNames?: boolean;
  /**
   * Delivery tuning: interval, batch size, lease, backoff, pause and age limits.
   * @default the dispatcher's defaults
   */
  dispatcher?: Omit<DispatcherOptions, 'outbox' | 'clients' | 'logger' | 'clock' | 'sleep' | 'random'>;
  /**
   * Start the dispatcher when the reporter is created, so a restarted process at once sends what a
   * crash or an earlier shutdown left in the outbox. Pass false to start it yourself with `start()`,
   * or to drive delivery with `flush()` and `dispatcher.drain()` (tests, one-off scripts).
   * @default true
   */
  autoStart?: boolean;
  /**
   * A pino-compatible logger.
   * @default a pino logger named pinpair, writing JSON lines to stdout
   */
  logger?: PinpairLogger;
  /**
   * Log a summary of every Conversions API request at debug level (URL, event count, status, duration).
   * @default false
   */
  debug?: boolean;
  /**
   * Current time in Unix milliseconds, for event times and delivery scheduling.
   * @default Date.now
   */
  clock?: () => number;
  /**
   * Waits between drains and for the shutdown deadline.
   * @default a real, unref'd timer
   */
  sleep?: Sleep;
  /**
   * Uniform random number in [0, 1) for backoff jitter.
   * @default Math.random
   */
  random?: () => number;
}

/** Default values of {@link ReporterOptions}. */
export const REPORTER_DEFAULTS = {
  outboxPath: DEFAULT_OUTBOX_PATH,
  advertisingDenied: 'skip',
  pendingConsent: 'skip',
  strictEventNames: false,
  autoStart: true,
  debug: false,
  clock: Date.now,
} satisfies Partial<ReporterOptions>;

/** {@link ReporterOptions} with every default applied; the rest stay optional. */
export type ResolvedReporterOptions = ReporterOptions & typeof REPORTER_DEFAULTS;

/** Applies defaults and rejects values that cannot work, naming the option. */
export function resolveReporterOptions(options: ReporterOptions): ResolvedReporterOptions {
  if (typeof options !== 'object' || options === null || typeof options.pinterest !== 'object') {
    throw new TypeError(
      '`pinterest` is missing. Pass { pinterest: { adAccountId, conversionToken } }, or the result of loadConfig().',
    );
  }
  const resolved = { ...REPORTER_DEFAULTS, ...withoutUndefined(options) } as ResolvedReporterOptions;

  if (resolved.advertisingDenied !== 'skip' && resolved.advertisingDenied !== 'opt-out') {
    throw new TypeError(
      `\`advertisingDenied\` must be 'skip' or 'opt-out', got ${JSON.stringify(resolved.advertisingDenied)}.`,
    );
  }
  if (resolved.pendingConsent !== 'skip' && resolved.pendingConsent !== 'send') {
    throw new TypeError(
      `\`pendingConsent\` must be 'skip' or 'send', got ${JSON.stringify(resolved.pendingConsent)}.`,
    );
  }
  const leaseMs = resolved.dispatcher?.leaseMs ?? DISPATCHER_DEFAULTS.leaseMs;
  const timeoutMs = resolved.pinterest.timeoutMs ?? PINTEREST_CLIENT_DEFAULTS.timeoutMs;
  if (leaseMs <= timeoutMs) {
    throw new RangeError(
      `\`dispatcher.leaseMs\` (${leaseMs}) must exceed \`pinterest.timeoutMs\` (${timeoutMs}), or a batch still in flight could be sent twice. Raise leaseMs or lower timeoutMs.`,
    );
  }
  if (
    resolved.outbox === undefined &&
    (typeof resolved.outboxPath !== 'string' || resolved.outboxPath === '')
  ) {
    throw new TypeError('`outboxPath` must be a file path. Pass one, or an `outbox`.');
  }
  return resolved;
}
