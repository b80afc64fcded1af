// Tests for hashUserData and normalizeUserField beyond the shared vectors: arrays, Dates, problems.

import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../sha256.js';
import { hashEmail } from './hash-email.js';
import { hashUserData } from './hash-user-data.js';
import { normalizeUserField } from './normalize.js';

describe('hashUserData', () => {
  it('maps every input key to its user_data field', async () => {
    const { userData, problems } = await hashUserData({
      email: 'jane@example.com',
      phone: '+16505550123',
      firstName: 'Jane',
      lastName: 'Doe',
      gender: 'female',
      dateOfBirth: '1997-12-26',
      city: 'Menlo Park',
      state: 'CA',
      zip: '94025',
      country: 'US',
      externalId: 'cust-1',
      maid: 'ABC-123',
    });
    expect(problems).toEqual([]);
    expect(userData).toEqual({
      em: [await sha256Hex('jane@example.com')],
      ph: [await sha256Hex('16505550123')],
      fn: [await sha256Hex('jane')],
      ln: [await sha256Hex('doe')],
      ge: [await sha256Hex('f')],
      db: [await sha256Hex('19971226')],
      ct: [await sha256Hex('menlopark')],
      st: [await sha256Hex('ca')],
      zp: [await sha256Hex('94025')],
      country: [await sha256Hex('us')],
      external_id: [await sha256Hex('cust-1')],
      hashed_maids: [await sha256Hex('abc-123')],
    });
  });

  it('hashes every value of an array and drops duplicates', async () => {
    const { userData } = await hashUserData({ email: ['a@example.com', ' A@Example.com', 'b@example.com'] });
    expect(userData.em).toEqual([await sha256Hex('a@example.com'), await sha256Hex('b@example.com')]);
  });

  it('leaves out an invalid value and reports it without the value', async () => {
    const { userData, problems } = await hashUserData({
      email: ['jane.doe.example.com', 'jane@example.com'],
    });
    expect(userData.em).toEqual([await sha256Hex('jane@example.com')]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      path: 'user_data.em[0]',
      severity: 'warning',
      code: 'user_data_invalid',
    });
    expect(problems[0]?.message).not.toContain('jane');
  });

  it('never re-hashes a digest', async () => {
    const digest = await sha256Hex('jane@example.com');
    const { userData } = await hashUserData({ email: digest.toUpperCase(), phone: digest });
    expect(userData.em).toEqual([digest]);
    expect(userData.ph).toEqual([digest]);
  });

  it('accepts a Date as date of birth', async () => {
    const { userData } = await hashUserData({ dateOfBirth: new Date('1997-12-26') });
    expect(userData.db).toEqual(['069068313b0b2dd680b9f0b8082228a817fb100433ad1d825ccc4d20123669a8']);
  });

  it('accepts numbers for ZIP and phone', async () => {
    const { userData } = await hashUserData({
      zip: 94025 as unknown as string,
      phone: 16505550123 as unknown as string,
    });
    expect(userData.zp).toEqual([await sha256Hex('94025')]);
    expect(userData.ph).toEqual([await sha256Hex('16505550123')]);
  });

  it('applies defaultCallingCode to phone numbers', async () => {
    const { userData } = await hashUserData({ phone: '(650) 555-0123' }, { defaultCallingCode: '1' });
    expect(userData.ph).toEqual(['26cb4f0c031f8e3956a484b9af6e06210874c4f08470f03f4f8a4d411da745ec']);
  });

  it('returns empty user_data for no identifiers', async () => {
    expect(await hashUserData({})).toEqual({ userData: {}, problems: [] });
  });

  it('reports a value of the wrong type', async () => {
    const { userData, problems } = await hashUserData({ email: { address: 'x' } as unknown as string });
    expect(userData.em).toBeUndefined();
    expect(problems[0]?.path).toBe('user_data.em[0]');
  });
});

describe('normalizeUserField with a Date', () => {
  it('reads a Date in UTC', () => {
    expect(normalizeUserField('db', new Date(Date.UTC(2000, 1, 29, 23, 59)))).toEqual({
      ok: true,
      value: '20000229',
    });
  });

  it('rejects an invalid Date', () => {
    expect(normalizeUserField('db', new Date('nope')).ok).toBe(false);
  });

  it('rejects a Date for another field', () => {
    expect(normalizeUserField('em', new Date()).ok).toBe(false);
  });
});

describe('hashEmail', () => {
  it('returns undefined for an invalid address', async () => {
    expect(await hashEmail('not an e-mail')).toBeUndefined();
    expect(await hashEmail(undefined as unknown as string)).toBeUndefined();
  });
});

describe('hashUserData with an injected sha256', () => {
  it('rejects an implementation that returns no lowercase hex digest', async () => {
    const uppercase = async (input: string) => (await sha256Hex(input)).toUpperCase();

    await expect(hashUserData({ email: 'jane@example.com' }, { sha256: uppercase })).rejects.toThrow(
      /`sha256` returned a string of 64 characters, not 64 lowercase hex/,
    );
    await expect(hashUserData({ email: 'jane@example.com' }, { sha256: (input) => input })).rejects.toThrow(
      TypeError,
    );
  });

  it('never puts the value into its error message', async () => {
    const identity = (input: string) => input;

    const error = await hashUserData({ email: 'jane@example.com' }, { sha256: identity }).catch(
      (caught: unknown) => caught as Error,
    );

    expect(error).toBeInstanceOf(TypeError);
    expect(error?.message).toContain('a string of 16 characters');
    expect(error?.message).not.toContain('jane');
  });

  it('rejects a sha256 that is not a function', async () => {
    await expect(hashUserData({ email: 'jane@example.com' }, { sha256: 'node' as never })).rejects.toThrow(
      /`sha256` must be a function.*got string/,
    );
  });
});
