// Runs core's user-data conformance vectors through the node:crypto SHA-256 the reporter uses.

import { hashUserData } from '@pinpair/core';
import { describe, expect, it } from 'vitest';
import {
  userDataVectors as cases,
  INPUT_KEY_BY_FIELD as INPUT_KEYS,
} from '../../../core/test-vectors/user-data.js';
import { nodeSha256Hex } from './node-sha256.js';

describe('nodeSha256Hex', () => {
  it.each(cases.filter((vector) => vector.normalized !== null && vector.normalized !== vector.sha256))(
    'digests the normalized value of $title',
    (vector) => {
      expect(nodeSha256Hex(vector.normalized as string)).toBe(vector.sha256);
    },
  );

  it.each(cases)('hashes $title through core', async (vector) => {
    const { userData, problems } = await hashUserData(
      { [INPUT_KEYS[vector.field]]: vector.input },
      { ...vector.options, sha256: nodeSha256Hex },
    );

    const digests = (userData as Record<string, string[] | undefined>)[vector.field];
    if (vector.sha256 === null) {
      expect(digests).toBeUndefined();
      expect(problems).toHaveLength(1);
    } else {
      expect(digests).toEqual([vector.sha256]);
      expect(problems).toEqual([]);
    }
  });

  it('hashes non-ASCII text as UTF-8', () => {
    // SHA-256 of the UTF-8 bytes of "zoë", as printf 'zoë' | sha256sum gives it.
    expect(nodeSha256Hex('zoë')).toBe('2752b88686847fa5c86f47b94ce652b7b3f22a91c37617d451a4db9afa431450');
  });
});
