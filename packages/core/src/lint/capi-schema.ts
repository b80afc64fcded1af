// Keys that Pinterest's Conversions API schema (OpenAPI v5.23, additionalProperties: false) allows.

import type { UserDataField } from '../user-data/types.js';

/** Keys of an event object. */
export const EVENT_KEYS: ReadonlySet<string> = new Set([
  'event_name',
  'action_source',
  'event_time',
  'event_id',
  'event_source_url',
  'opt_out',
  'partner_name',
  'user_data',
  'custom_data',
  'app_id',
  'app_name',
  'app_version',
  'device_brand',
  'device_carrier',
  'device_model',
  'device_type',
  'os_version',
  'wifi',
  'language',
  'app_info',
  'device_info',
]);

/**
 * `user_data` keys whose values are arrays of SHA-256 digests; `client_ip_address`,
 * `client_user_agent`, `click_id` and `partner_id` are sent as they are.
 */
export const HASHED_USER_DATA_KEYS: readonly UserDataField[] = [
  'em',
  'hashed_maids',
  'ph',
  'ge',
  'db',
  'ln',
  'fn',
  'ct',
  'st',
  'zp',
  'country',
  'external_id',
];

/** Keys of `user_data`. */
export const USER_DATA_KEYS: ReadonlySet<string> = new Set([
  ...HASHED_USER_DATA_KEYS,
  'client_ip_address',
  'client_user_agent',
  'click_id',
  'partner_id',
]);

/** Keys of `custom_data`. */
export const CUSTOM_DATA_KEYS: ReadonlySet<string> = new Set([
  'currency',
  'value',
  'content_ids',
  'content_name',
  'content_category',
  'content_brand',
  'contents',
  'num_items',
  'order_id',
  'search_string',
  'opt_out_type',
  'predicted_ltv',
  'np',
  'external_measurement_id',
  'external_measurement_vendor_id',
]);

/** Keys of one `custom_data.contents` item. */
export const CONTENT_KEYS: ReadonlySet<string> = new Set([
  'id',
  'item_price',
  'quantity',
  'item_name',
  'item_category',
  'item_brand',
]);

/** Keys of `app_info` (added in spec 5.16). */
export const APP_INFO_KEYS: ReadonlySet<string> = new Set([
  'app_id',
  'app_name',
  'app_package_name',
  'app_store',
  'app_version',
  'install_time',
  'user_agent',
  'window_height',
  'window_width',
]);

/** Keys of `device_info` (added in spec 5.16). */
export const DEVICE_INFO_KEYS: ReadonlySet<string> = new Set([
  'battery_level',
  'brand',
  'carrier',
  'model',
  'type',
  'kernel_version',
  'os_name',
  'os_release_name',
  'os_version',
  'cpu_cores',
  'storage_size',
  'storage_free_space',
  'external_storage_size',
  'external_storage_free_space',
  'form_factor',
  'network_type',
  'os_family',
  'languages',
  'locale',
  'screen_density',
  'screen_height',
  'screen_width',
  'timezone',
  'timezone_abbr',
]);
