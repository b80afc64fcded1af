// Typed access to user-data.json for the Node test suites that run it: core's own, and the
// server's through node:crypto. The Chromium runner keeps its own copy of the field names, because
// it runs inside the page.

import type { NormalizeOptions, UserDataField, UserIdentifiers } from '../src/index.js';
import vectors from './user-data.json' with { type: 'json' };

/** One conformance vector: a raw input, the value Pinterest's rules make of it, and its digest. */
export interface UserDataVector {
  field: UserDataField;
  input: string;
  options?: NormalizeOptions;
  /** Null when the input is invalid and must be reported, not hashed. */
  normalized: string | null;
  sha256: string | null;
  note: string;
  /** `field` and `note`, for test titles. */
  title: string;
}

/** The `UserIdentifiers` key that carries each `user_data` field. */
export const INPUT_KEY_BY_FIELD: Record<UserDataField, keyof UserIdentifiers> = {
  em: 'email',
  ph: 'phone',
  fn: 'firstName',
  ln: 'lastName',
  ge: 'gender',
  db: 'dateOfBirth',
  ct: 'city',
  st: 'state',
  zp: 'zip',
  country: 'country',
  external_id: 'externalId',
  hashed_maids: 'maid',
};

/** Every vector of user-data.json. */
export const userDataVectors: UserDataVector[] = (vectors as Omit<UserDataVector, 'title'>[]).map(
  (vector) => ({ ...vector, title: `${vector.field} ${vector.note}` }),
);
