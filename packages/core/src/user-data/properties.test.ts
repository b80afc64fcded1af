// Property tests: normalization is idempotent and digests are never hashed again.

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INPUT_KEY_BY_FIELD as INPUT_KEYS } from '../../test-vectors/user-data.js';
import { HASHED_USER_DATA_KEYS } from '../lint/capi-schema.js';
import { sha256Hex } from '../sha256.js';
import { hashUserData } from './hash-user-data.js';
import { normalizeUserField } from './normalize.js';
import type { UserDataField } from './types.js';

const FIELDS = HASHED_USER_DATA_KEYS;

// Realistic values per field mixed with arbitrary text, so both valid and invalid inputs are drawn.
const valueFor: Record<UserDataField, fc.Arbitrary<string>> = {
  em: fc.oneof(
    fc.emailAddress(),
    fc.emailAddress().map((email) => `  ${email.toUpperCase()} `),
    fc.string(),
  ),
  ph: fc.oneof(
    fc.stringMatching(/^\+?(00)?[0-9 ()\-.]{5,20}$/),
    fc.stringMatching(/^\+\d{1,3} \(0\)\d{2,4} \d{3,8}$/),
    fc.string(),
  ),
  fn: fc.oneof(fc.string(), fc.constantFrom('  Zoë ', "O'Brien", 'MARY-ANN')),
  ln: fc.string(),
  ge: fc.oneof(fc.constantFrom('Male', 'f', 'FEMALE', 'non-binary', 'Other', 'n'), fc.string()),
  db: fc.oneof(
    fc
      .date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
      .map((date) => date.toISOString()),
    fc.stringMatching(/^\d{4}-?\d{2}-?\d{2}$/),
    fc.string(),
  ),
  ct: fc.oneof(fc.string(), fc.constantFrom('São Paulo', 'Zürich', 'St. Louis', 'Sa\u0303o Paulo')),
  st: fc.oneof(fc.constantFrom('California', 'NY', 'new york', 'Québec'), fc.string()),
  zp: fc.oneof(fc.stringMatching(/^\d{5}(-\d{4})?$/), fc.constantFrom('SW1A 1AA', 'K1A 0B1'), fc.string()),
  country: fc.oneof(fc.constantFrom('United States', 'USA', 'U.S.', 'Deutschland', 'UK', 'gb'), fc.string()),
  external_id: fc.string(),
  hashed_maids: fc.oneof(fc.uuid(), fc.string()),
};

describe('normalizeUserField properties', () => {
  it.each(FIELDS)('normalizing %s twice equals normalizing once', (field) => {
    fc.assert(
      fc.property(valueFor[field], (value) => {
        const once = normalizeUserField(field, value);
        if (!once.ok) return;
        expect(normalizeUserField(field, once.value)).toEqual(once);
      }),
    );
  });

  it('normalizing a phone with a calling code, then without, is stable', () => {
    fc.assert(
      fc.property(valueFor.ph, fc.constantFrom('1', '44', '49', '33'), (value, defaultCallingCode) => {
        const once = normalizeUserField('ph', value, { defaultCallingCode });
        if (!once.ok) return;
        expect(normalizeUserField('ph', once.value)).toEqual(once);
      }),
    );
  });

  it.each(FIELDS)('a digest of %s passes through, never hashed again', async (field) => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[0-9a-fA-F]{64}$/), async (digest) => {
        const { userData, problems } = await hashUserData({ [INPUT_KEYS[field]]: digest });
        expect(problems).toEqual([]);
        expect(userData[field]).toEqual([digest.toLowerCase()]);
      }),
      { numRuns: 30 },
    );
  });

  it('hashing a hashed value returns the same digest', async () => {
    await fc.assert(
      fc.asyncProperty(fc.emailAddress(), async (email) => {
        const first = await hashUserData({ email });
        const digest = first.userData.em?.[0];
        if (digest === undefined) return;
        expect(digest).toBe(await sha256Hex(email.trim().toLowerCase()));
        const second = await hashUserData({ email: digest });
        expect(second.userData.em).toEqual([digest]);
      }),
      { numRuns: 50 },
    );
  });
});

describe('hashUserData with an injected sha256', () => {
  const nodeSha256 = (input: string) => createHash('sha256').update(input, 'utf8').digest('hex');

  it.each(FIELDS)('node:crypto and Web Crypto agree on %s', async (field) => {
    await fc.assert(
      fc.asyncProperty(valueFor[field], async (value) => {
        const user = { [INPUT_KEYS[field]]: value };
        const webCrypto = await hashUserData(user);
        const injected = await hashUserData(user, { sha256: nodeSha256 });
        expect(injected).toEqual(webCrypto);
      }),
      { numRuns: 50 },
    );
  });
});
