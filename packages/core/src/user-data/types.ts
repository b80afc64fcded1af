// Types shared by the user_data normalizers.

/** Keys of Pinterest's hashed user_data fields. */
export type UserDataField =
  | 'em'
  | 'ph'
  | 'fn'
  | 'ln'
  | 'ge'
  | 'db'
  | 'ct'
  | 'st'
  | 'zp'
  | 'country'
  | 'external_id'
  | 'hashed_maids';

/**
 * A SHA-256 implementation: the digest of the UTF-8 bytes of `input` as 64 lowercase hex characters,
 * returned directly or through a promise.
 */
export type Sha256Function = (input: string) => string | Promise<string>;

/** Options of user_data normalization and hashing. */
export interface NormalizeOptions {
  /**
   * Country calling code, digits only, put in front of phone numbers written without an
   * international prefix (`+` or `00`), for example `'1'` for US numbers written without `+1`.
   * @default undefined (such numbers are taken to include their country code already)
   */
  defaultCallingCode?: string;
  /**
   * SHA-256 implementation that `hashUserData` and `toCapiEvent` hash with; normalization alone
   * ignores it. Web Crypto's `crypto.subtle.digest` is asynchronous and, on Node, runs each digest in
   * the libuv thread pool, so a server may pass node:crypto's synchronous hash instead:
   * `(input) => createHash('sha256').update(input, 'utf8').digest('hex')`.
   * @default sha256Hex (Web Crypto)
   */
  sha256?: Sha256Function;
}

/** Result of normalizing one value: the normalized string, or why the value is invalid. */
export type NormalizeResult = { ok: true; value: string } | { ok: false; message: string };
