// Runs the shared conformance vectors, which the browser package runs again inside Chromium.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { userDataVectors as cases, INPUT_KEY_BY_FIELD as INPUT_KEYS } from '../../test-vectors/user-data.js';
import { sha256Hex } from '../sha256.js';
import { hashEmail } from './hash-email.js';
import { type HashedUserData, hashUserData } from './hash-user-data.js';
import { normalizeUserField } from './normalize.js';
import type { Sha256Function } from './types.js';

describe('user-data conformance vectors', () => {
  it('cover every field', () => {
    const fields = new Set(cases.map((vector) => vector.field));
    expect([...fields].sort()).toEqual(Object.keys(INPUT_KEYS).sort());
  });

  it.each(cases)('normalizes $title', (vector) => {
    const result = normalizeUserField(vector.field, vector.input, vector.options);
    if (vector.normalized === null) {
      expect(result.ok).toBe(false);
    } else {
      expect(result).toEqual({ ok: true, value: vector.normalized });
    }
  });

  it.each(cases)('hashes $title', async (vector) => {
    const { userData, problems } = await hashUserData(
      { [INPUT_KEYS[vector.field]]: vector.input },
      vector.options,
    );
    const digests = userData[vector.field as keyof HashedUserData];
    if (vector.sha256 === null) {
      expect(digests).toBeUndefined();
      expect(problems).toHaveLength(1);
      expect(problems[0]?.path).toBe(`user_data.${vector.field}[0]`);
    } else {
      expect(digests).toEqual([vector.sha256]);
      expect(problems).toEqual([]);
    }
  });

  it.each(cases.filter((vector) => vector.normalized !== null && vector.normalized !== vector.sha256))(
    'digest of $title is SHA-256 of the normalized value',
    async (vector) => {
      expect(await sha256Hex(vector.normalized as string)).toBe(vector.sha256);
    },
  );

  it.each(cases.filter((vector) => vector.field === 'em'))('hashEmail agrees on $title', async (vector) => {
    expect(await hashEmail(vector.input)).toBe(vector.sha256 ?? undefined);
  });
});

// The server hashes with node:crypto instead of Web Crypto, so the vectors must hold for an injected
// implementation too, whether it returns the digest directly or through a promise.
const nodeSha256: Sha256Function = (input) => createHash('sha256').update(input, 'utf8').digest('hex');
const injected: [string, Sha256Function][] = [
  ['synchronous', nodeSha256],
  ['asynchronous', async (input) => nodeSha256(input)],
];

describe.each(injected)('user-data conformance vectors with an injected %s SHA-256', (_kind, sha256) => {
  it.each(cases)('hashes $title', async (vector) => {
    const inputs: string[] = [];
    const counting: Sha256Function = (input) => {
      inputs.push(input);
      return sha256(input);
    };
    const { userData, problems } = await hashUserData(
      { [INPUT_KEYS[vector.field]]: vector.input },
      { ...vector.options, sha256: counting },
    );

    const digests = userData[vector.field as keyof HashedUserData];
    if (vector.sha256 === null) {
      expect(digests).toBeUndefined();
      expect(problems).toHaveLength(1);
    } else {
      expect(digests).toEqual([vector.sha256]);
      expect(problems).toEqual([]);
    }
    // A digest given as input passes through without a call; any other valid value is hashed once.
    const hashed = vector.normalized !== null && vector.normalized !== vector.sha256;
    expect(inputs).toEqual(hashed ? [vector.normalized] : []);
  });
});
