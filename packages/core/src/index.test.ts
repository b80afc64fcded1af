// Checks that the package entry exports the whole public API that the other packages code against.

import { describe, expect, it } from 'vitest';
import * as core from './index.js';

describe('@pinpair/core exports', () => {
  it('exports the shared constants with their contract values', () => {
    expect(core.CLICK_ID_PARAM).toBe('epik');
    expect(core.CLICK_ID_COOKIE).toBe('_epik');
    expect(core.CONSENT_COOKIE).toBe('pinpair_consent');
    expect(core.HANDOFF_HEADER).toBe('x-pinpair-handoff');
    expect(core.HANDOFF_FIELD).toBe('pinpair_handoff');
    expect(core.MAX_EVENTS_PER_REQUEST).toBe(1000);
    expect(core.MAX_EVENT_AGE_SECONDS).toBe(604800);
  });

  it.each([
    'PinpairError',
    'ValidationError',
    'isPinpairError',
    'isValidationError',
    'describeValue',
    'findInvalidConsent',
    'resolveEventName',
    'toTagEventName',
    'fromTagEventName',
    'deriveEventId',
    'randomEventId',
    'validateEventId',
    'isCanonicalUuid',
    'toPostHogUuid',
    'sha256Hex',
    'isSha256Hex',
    'normalizeUserField',
    'hashUserData',
    'hashEmail',
    'toDecimalString',
    'normalizeCurrency',
    'toUnixSeconds',
    'buildConversion',
    'toTagEventData',
    'toCapiEvent',
    'toPostHogCapture',
    'serializeConsent',
    'parseConsent',
    'encodeHandoff',
    'decodeHandoff',
    'lintCapiEvent',
    'lintCapiBatch',
  ])('exports the function %s', (name) => {
    expect(typeof (core as Record<string, unknown>)[name]).toBe('function');
  });

  it('exports the API event names', () => {
    expect(core.API_EVENT_NAMES).toHaveLength(22);
  });
});
