// Tests for event ids: UUID v5 derivation against vectors from Python's uuid module, validation, PostHog uuid.

import { afterEach, describe, expect, it, vi } from 'vitest';
import eventIdVectors from '../test-vectors/event-ids.json' with { type: 'json' };
import postHogVectors from '../test-vectors/posthog-uuids.json' with { type: 'json' };
import { isPinpairError, type PinpairError } from './errors/pinpair-error.js';
import { isValidationError } from './errors/validation-error.js';
import { deriveEventId, isCanonicalUuid, randomEventId, toPostHogUuid, validateEventId } from './event-id.js';
import { uuidV5 } from './uuid.js';

describe('uuidV5', () => {
  it('matches the RFC example for www.example.com', async () => {
    // uuid.uuid5(uuid.NAMESPACE_DNS, 'www.example.com') in Python.
    expect(await uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });
});

describe('deriveEventId', () => {
  it.each(eventIdVectors)('derives $eventName / $businessId: $note', async (vector) => {
    expect(await deriveEventId(vector.eventName, vector.businessId)).toBe(vector.eventId);
  });

  it('gives different ids to different orders', async () => {
    expect(await deriveEventId('checkout', '1001')).not.toBe(await deriveEventId('checkout', '1002'));
  });

  it('gives different ids to different events of one order', async () => {
    expect(await deriveEventId('checkout', '1001')).not.toBe(await deriveEventId('add_payment_info', '1001'));
  });

  it('gives different ids to different custom events of one order', async () => {
    expect(await deriveEventId('Refund Issued', '1001')).not.toBe(
      await deriveEventId('Gift Wrapped', '1001'),
    );
  });

  it('returns a canonical UUID', async () => {
    expect(isCanonicalUuid(await deriveEventId('lead', 'L-1'))).toBe(true);
  });

  it.each([[''], [1.5], [-1], [Number.MAX_SAFE_INTEGER + 2]])(
    'rejects business id %j',
    async (businessId) => {
      await expect(deriveEventId('checkout', businessId)).rejects.toThrow(/orderId/);
    },
  );
});

describe('randomEventId', () => {
  it('returns distinct UUID v4 values', () => {
    const ids = new Set(Array.from({ length: 100 }, () => randomEventId()));
    expect(ids.size).toBe(100);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('validateEventId', () => {
  it('returns a valid string unchanged', () => {
    expect(validateEventId('ord-1001')).toBe('ord-1001');
    expect(validateEventId('b4fc3698-de5e-5467-aba1-9f0dd96fb9d6')).toBe(
      'b4fc3698-de5e-5467-aba1-9f0dd96fb9d6',
    );
  });

  it('turns a number into its decimal string unchanged', () => {
    expect(validateEventId(1001)).toBe('1001');
    expect(validateEventId(9007199254740991)).toBe('9007199254740991');
  });

  it.each([
    ['an empty string', ''],
    ['129 characters', 'a'.repeat(129)],
    ['a space', 'ord 1001'],
    ['a non-ASCII letter', 'ordé'],
    ['a newline', 'ord\n1'],
    ['null', null],
    ['an object', { id: 1 }],
    ['a fraction', 1.5],
    ['an unsafe integer', 2 ** 60],
  ])('rejects %s', (_label, value) => {
    let caught: unknown;
    try {
      validateEventId(value);
    } catch (error) {
      caught = error;
    }
    expect(isValidationError(caught)).toBe(true);
    expect((caught as { field: string }).field).toBe('eventId');
  });

  it('accepts 128 characters', () => {
    expect(validateEventId('a'.repeat(128))).toHaveLength(128);
  });
});

describe('isCanonicalUuid', () => {
  it('accepts lowercase 8-4-4-4-12 hex only', () => {
    expect(isCanonicalUuid('b4fc3698-de5e-5467-aba1-9f0dd96fb9d6')).toBe(true);
    expect(isCanonicalUuid('B4FC3698-DE5E-5467-ABA1-9F0DD96FB9D6')).toBe(false);
    expect(isCanonicalUuid('b4fc3698de5e5467aba19f0dd96fb9d6')).toBe(false);
    expect(isCanonicalUuid('{b4fc3698-de5e-5467-aba1-9f0dd96fb9d6}')).toBe(false);
  });
});

describe('toPostHogUuid', () => {
  it.each(postHogVectors)('maps $eventId: $note', async (vector) => {
    expect(await toPostHogUuid(vector.eventId)).toBe(vector.postHogUuid);
  });

  it('keeps a derived event id as it is', async () => {
    const eventId = await deriveEventId('checkout', '1001');
    expect(await toPostHogUuid(eventId)).toBe(eventId);
  });
});

describe('without Web Crypto', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('derives no id and names the fix', async () => {
    // A plain-http page: getRandomValues exists, crypto.subtle does not.
    vi.stubGlobal('crypto', { getRandomValues: (bytes: Uint8Array) => bytes });
    const error = await deriveEventId('checkout', '1001').catch((caught: unknown) => caught);

    expect(isPinpairError(error)).toBe(true);
    expect((error as PinpairError).code).toBe('web_crypto_unavailable');
    expect((error as Error).message).toContain('serve the page over https.');
    expect(isCanonicalUuid(randomEventId())).toBe(true);
  });
});
