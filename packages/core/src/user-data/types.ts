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

/** Options of user_data normalization. */
export interface NormalizeOptions {
  /**
   * Country calling code, digits only, put in front of phone numbers written without an
   * international prefix (`+` or `00`), for example `'1'` for US numbers written without `+1`.
   * @default undefined (such numbers are taken to include their country code already)
   */
  defaultCallingCode?: string;
}

/** Result of normalizing one value: the normalized string, or why the value is invalid. */
export type NormalizeResult = { ok: true; value: string } | { ok: false; message: string };
