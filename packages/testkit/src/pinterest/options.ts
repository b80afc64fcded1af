// Options of the fake Pinterest, their defaults and the checks that turn them into a resolved form.

import { DEFAULT_AD_ACCOUNT_ID, DEFAULT_CONVERSION_TOKEN, DEFAULT_TAG_ID } from '../constants.js';
import { silentLogger, type TestkitLogger } from '../logger.js';

/** An ad account the fake Conversions API accepts, with the conversion token authorized for it. */
export interface ConversionAccount {
  /** Digits only, at most 18, as in the API path. */
  adAccountId: string;
  /** Bearer token accepted for this account. One token may be listed for several accounts. */
  conversionToken: string;
}

/** Mapping from a Pinterest Tag id to its ad account, which is the advertiser part of the dedup key. */
export interface TagMapping {
  tagId: string;
  adAccountId: string;
}

/** Options of {@link startFakePinterest}. Every field is optional. */
export interface FakePinterestOptions {
  /**
   * Ad accounts and their conversion tokens.
   * @default [{ adAccountId: DEFAULT_AD_ACCOUNT_ID, conversionToken: DEFAULT_CONVERSION_TOKEN }]
   */
  accounts?: readonly ConversionAccount[];
  /**
   * Tag id to ad account mapping, which pairs tag beacons with CAPI events.
   * @default [{ tagId: DEFAULT_TAG_ID, adAccountId: DEFAULT_AD_ACCOUNT_ID }]
   */
  tags?: readonly TagMapping[];
  /**
   * Reject keys outside Pinterest's schema (the schema declares `additionalProperties: false`). When
   * false, unknown keys pass with a `warning_message`. Whether the live API rejects them is unconfirmed.
   * @default true
   */
  strictKeys?: boolean;
  /**
   * Fail events whose hashed `user_data` fields are not lowercase SHA-256 hex. When false they pass
   * with a `warning_message` and the report flags `unhashed_pii`. Live behaviour is unconfirmed.
   * @default true
   */
  strictHashing?: boolean;
  /**
   * Fail events whose `value`, `item_price` or `predicted_ltv` is a JSON number instead of a
   * decimal string. When false numbers pass with a `warning_message`. Live behaviour is unconfirmed.
   * @default true
   */
  strictTypes?: boolean;
  /**
   * Scope of a schema violation inside one event (a missing field, a wrong type, an unknown key): `'event'` fails that event in `events[]`, `'request'` rejects the whole request with
   * 400 and code 4196. Pinterest does not document which one it does.
   * @default 'event'
   */
  schemaErrors?: 'event' | 'request';
  /**
   * HTTP status when at least one event fails: 422 with code 953 as the spec declares, or 200 with
   * the failed entries in `events[]` as some integrators report seeing.
   * @default 422
   */
  partialFailureStatus?: 422 | 200;
  /**
   * Oldest accepted `event_time`, in days before now. Seven days is integrator documentation, not a
   * published Pinterest limit.
   * @default 7
   */
  maxAgeDays?: number;
  /**
   * How far `event_time` may lie in the future, in seconds. Pinterest's tolerance is unpublished; a
   * few minutes absorbs clock skew and still catches milliseconds and time-zone mistakes.
   * @default 300
   */
  futureToleranceSeconds?: number;
  /**
   * Dedup window of the ledger in hours: a tag copy and a CAPI copy pair only when they arrive within
   * this time of the first copy.
   * @default 24
   */
  dedupWindowHours?: number;
  /**
   * Take a tag beacon's client address from the first address in `X-Forwarded-For` instead of the
   * TCP peer, so end-to-end tests can give the shopper a documentation-range address.
   * @default false
   */
  trustForwardedFor?: boolean;
  /**
   * Largest request body accepted, in bytes; larger ones get 413.
   * @default 10485760
   */
  maxBodyBytes?: number;
  /**
   * Clock in milliseconds since the epoch, for the age window, the rate budget and the ledger.
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
   * Receives start, stop and error lines. Tokens are never logged.
   * @default silentLogger
   */
  logger?: TestkitLogger;
}

/** {@link FakePinterestOptions} with every default applied. */
export type ResolvedFakePinterestOptions = Required<FakePinterestOptions>;

/** Defaults of {@link FakePinterestOptions}; the `@default` tags above match these values. */
export const fakePinterestDefaults = {
  accounts: [{ adAccountId: DEFAULT_AD_ACCOUNT_ID, conversionToken: DEFAULT_CONVERSION_TOKEN }],
  tags: [{ tagId: DEFAULT_TAG_ID, adAccountId: DEFAULT_AD_ACCOUNT_ID }],
  strictKeys: true,
  strictHashing: true,
  strictTypes: true,
  schemaErrors: 'event',
  partialFailureStatus: 422,
  maxAgeDays: 7,
  futureToleranceSeconds: 300,
  dedupWindowHours: 24,
  trustForwardedFor: false,
  maxBodyBytes: 10 * 1024 * 1024,
  now: Date.now,
  host: '127.0.0.1',
  port: 0,
  logger: silentLogger,
} satisfies ResolvedFakePinterestOptions;

const AD_ACCOUNT_ID_PATTERN = /^\d{1,18}$/;

/** Applies defaults and checks each option; throws `TypeError` or `RangeError` naming the option. */
export function resolveFakePinterestOptions(
  options: FakePinterestOptions = {},
): ResolvedFakePinterestOptions {
  const resolved: ResolvedFakePinterestOptions = { ...fakePinterestDefaults };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) (resolved as Record<string, unknown>)[key] = value;
  }

  resolved.accounts.forEach((account, index) => {
    if (!AD_ACCOUNT_ID_PATTERN.test(account.adAccountId)) {
      throw new RangeError(
        `\`accounts[${index}].adAccountId\` is ${JSON.stringify(account.adAccountId)}; use 1 to 18 digits.`,
      );
    }
    if (typeof account.conversionToken !== 'string' || account.conversionToken.length === 0) {
      throw new TypeError(`\`accounts[${index}].conversionToken\` is empty; set a non-empty string.`);
    }
  });
  resolved.tags.forEach((tag, index) => {
    if (typeof tag.tagId !== 'string' || tag.tagId.length === 0) {
      throw new TypeError(`\`tags[${index}].tagId\` is empty; set the tag id your pages load.`);
    }
    if (!AD_ACCOUNT_ID_PATTERN.test(tag.adAccountId)) {
      throw new RangeError(
        `\`tags[${index}].adAccountId\` is ${JSON.stringify(tag.adAccountId)}; use 1 to 18 digits.`,
      );
    }
  });

  requirePositive('maxAgeDays', resolved.maxAgeDays);
  requirePositive('dedupWindowHours', resolved.dedupWindowHours);
  requirePositive('maxBodyBytes', resolved.maxBodyBytes);
  if (!(resolved.futureToleranceSeconds >= 0)) {
    throw new RangeError(
      `\`futureToleranceSeconds\` is ${resolved.futureToleranceSeconds}; use 0 or more seconds.`,
    );
  }
  if (resolved.partialFailureStatus !== 422 && resolved.partialFailureStatus !== 200) {
    throw new RangeError(
      `\`partialFailureStatus\` is ${String(resolved.partialFailureStatus)}; use 422 or 200.`,
    );
  }
  if (resolved.schemaErrors !== 'event' && resolved.schemaErrors !== 'request') {
    throw new RangeError(`\`schemaErrors\` is ${String(resolved.schemaErrors)}; use 'event' or 'request'.`);
  }
  requirePort('port', resolved.port);
  if (typeof resolved.now !== 'function') {
    throw new TypeError(
      '`now` is not a function; pass a function that returns milliseconds since the epoch.',
    );
  }

  return resolved;
}

/** Throws a `RangeError` naming `name` unless `value` is a finite number above zero. */
export function requirePositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`\`${name}\` is ${String(value)}; use a number above 0.`);
  }
}

/** Throws a `RangeError` naming `name` unless `value` is a TCP port number or 0. */
export function requirePort(name: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 0 && value <= 65535)) {
    throw new RangeError(`\`${name}\` is ${String(value)}; use an integer from 0 (any free port) to 65535.`);
  }
}
