// Splits a CAPI event into what an outbox keeps long term and the short-lived request fields.

import { type CapiEvent, HASHED_USER_DATA_KEYS, isSha256Hex } from '@pinpair/core';
import { assertNumberAtLeast, withoutUndefined } from '../options.js';
import {
  OUTBOX_RETENTION_DEFAULTS,
  type OutboxRetentionOptions,
  type ResolvedOutboxRetentionOptions,
} from './outbox.js';

/** The request fields an outbox deletes once an event is delivered or expired. */
export interface VolatileFields {
  clientIpAddress: string | undefined;
  clientUserAgent: string | undefined;
  clickId: string | undefined;
}

/**
 * Throws a TypeError unless every hashed `user_data` field of `event` contains SHA-256 hex digests,
 * so raw e-mail addresses, phone numbers or names can never reach an outbox.
 */
export function assertHashedUserData(event: CapiEvent): void {
  const userData = (event.user_data ?? {}) as Record<string, unknown>;
  for (const field of HASHED_USER_DATA_KEYS) {
    const values = userData[field];
    if (values === undefined) continue;
    const list = Array.isArray(values) ? values : [values];
    for (const [index, value] of list.entries()) {
      if (typeof value !== 'string' || !isSha256Hex(value)) {
        throw new TypeError(
          `\`user_data.${field}[${index}]\` of event ${event.event_id} is not a SHA-256 hex digest. Build the event with core's toCapiEvent, which hashes user data, before enqueueing.`,
        );
      }
    }
  }
}

/** Separates IP address, user agent and click id from the rest of the event. */
export function splitVolatileFields(event: CapiEvent): { durable: CapiEvent; volatile: VolatileFields } {
  const { client_ip_address, client_user_agent, click_id, ...userData } = event.user_data;
  return {
    durable: { ...event, user_data: userData },
    volatile: { clientIpAddress: client_ip_address, clientUserAgent: client_user_agent, clickId: click_id },
  };
}

/** Applies retention defaults and checks the values, naming the option on error. */
export function resolveRetentionOptions(
  options: OutboxRetentionOptions = {},
): ResolvedOutboxRetentionOptions {
  const resolved = { ...OUTBOX_RETENTION_DEFAULTS, ...withoutUndefined(options) };
  assertNumberAtLeast('deliveredRetentionMs', resolved.deliveredRetentionMs, 0, 'milliseconds');
  assertNumberAtLeast('deadLetterRetentionMs', resolved.deadLetterRetentionMs, 0, 'milliseconds');
  assertNumberAtLeast('maxEventAgeSeconds', resolved.maxEventAgeSeconds, 1, 'seconds');
  return resolved;
}

/** Checks the arguments every store's `enqueue` receives. */
export function assertEnqueueArguments(adAccountId: string, event: CapiEvent): void {
  if (typeof adAccountId !== 'string' || adAccountId === '') {
    throw new TypeError('`adAccountId` is missing. Pass the ad account the event is for.');
  }
  if (typeof event?.event_id !== 'string' || typeof event.event_name !== 'string') {
    throw new TypeError(
      '`event` is not a CAPI event with `event_id` and `event_name`. Build it with toCapiEvent.',
    );
  }
  if (typeof event.event_time !== 'number' || !Number.isFinite(event.event_time)) {
    throw new TypeError(`\`event.event_time\` of event ${event.event_id} must be Unix seconds.`);
  }
  assertHashedUserData(event);
}
