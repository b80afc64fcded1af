// A problem found in a payload, reported as data rather than thrown.

/** A problem found while hashing user data or linting a CAPI payload. */
export interface Problem {
  /** Location of the problem, for example `'data[3].user_data.em[0]'`. */
  path: string;
  /** `error`: Pinterest rejects the event or the field is dropped; `warning`: accepted but matching or reporting suffers. */
  severity: 'error' | 'warning';
  /** Stable machine-readable code, for example `'hash_not_sha256'`. */
  code: string;
  /** Description of the problem and its fix, without raw personal data. */
  message: string;
}
