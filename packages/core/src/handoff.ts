// The hand-off from browser to server: event id, click id, PostHog distinct id and consent in one token.

import { type Consent, toState } from './consent.js';
import { ValidationError } from './errors/validation-error.js';
import { validateEventId } from './event-id.js';

/** The data the server needs to report the same conversion as the browser. */
export interface Handoff {
  /** Event id the browser used, so the server's CAPI event deduplicates against the tag's. */
  eventId?: string;
  /** Pinterest click id (`epik`) seen in the browser. */
  clickId?: string;
  /** posthog-js distinct id, so the server records the conversion on the same PostHog person. */
  distinctId?: string;
  /** The shopper's consent when the hand-off was made. */
  consent: Consent;
}

// Bounds what a server decodes from a request header before it parses any JSON.
const MAX_HANDOFF_LENGTH = 4096;
const MAX_TEXT_LENGTH = 1024;

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Encodes a hand-off as base64url of the JSON `{ v: 1, eventId, clickId, distinctId, consent }`.
 * The result is ASCII only, so it fits an HTTP header or a form field as it is.
 *
 * @example
 * const token = encodeHandoff({ eventId, clickId, consent: { advertising: 'granted', analytics: 'granted' } });
 * fetch('/checkout', { method: 'POST', headers: { [HANDOFF_HEADER]: token }, body });
 */
export function encodeHandoff(handoff: Handoff): string {
  const payload = {
    v: 1,
    eventId: handoff.eventId,
    clickId: handoff.clickId,
    distinctId: handoff.distinctId,
    consent: {
      advertising: toState(handoff.consent?.advertising),
      analytics: toState(handoff.consent?.analytics),
    },
  };
  const bytes = new TextEncoder().encode(JSON.stringify(payload));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Decodes and validates a hand-off written by {@link encodeHandoff}. The event id is checked with
 * `validateEventId`; missing consent becomes `pending`.
 *
 * @throws {ValidationError} with the field `handoff` when the value is not a valid hand-off.
 */
export function decodeHandoff(value: string): Handoff {
  if (
    typeof value !== 'string' ||
    value === '' ||
    value.length > MAX_HANDOFF_LENGTH ||
    !BASE64URL.test(value)
  ) {
    throw invalid(`it is not base64url text of 1 to ${MAX_HANDOFF_LENGTH} characters`);
  }

  let payload: unknown;
  try {
    const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw invalid('it does not decode to JSON', error);
  }
  if (typeof payload !== 'object' || payload === null || (payload as { v?: unknown }).v !== 1) {
    throw invalid('it is not a version 1 hand-off object');
  }

  const fields = payload as Record<string, unknown>;
  const handoff: Handoff = { consent: readConsent(fields.consent) };
  if (fields.eventId !== undefined) {
    try {
      handoff.eventId = validateEventId(fields.eventId);
    } catch (error) {
      throw invalid('its eventId is invalid', error);
    }
  }
  const clickId = readText(fields.clickId, 'clickId');
  if (clickId !== undefined) handoff.clickId = clickId;
  const distinctId = readText(fields.distinctId, 'distinctId');
  if (distinctId !== undefined) handoff.distinctId = distinctId;
  return handoff;
}

function readConsent(value: unknown): Consent {
  if (value === undefined) return { advertising: 'pending', analytics: 'pending' };
  if (typeof value !== 'object' || value === null) throw invalid('its consent is not an object');
  const { advertising, analytics } = value as Record<string, unknown>;
  return { advertising: toState(advertising), analytics: toState(analytics) };
}

function readText(value: unknown, key: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > MAX_TEXT_LENGTH) {
    throw invalid(`its ${key} is not a string of at most ${MAX_TEXT_LENGTH} characters`);
  }
  return value === '' ? undefined : value;
}

function invalid(reason: string, cause?: unknown): ValidationError {
  return new ValidationError(
    `Invalid hand-off: ${reason}. Send the value that encodeHandoff returned in the browser, unchanged.`,
    { field: 'handoff', code: 'invalid_handoff', cause },
  );
}
