// Field tables of a Conversions API event, after the `ConversionEvents` schema of Pinterest's v5 spec.

import { isIP } from 'node:net';
import type { ActionSource } from '@pinpair/core';
import {
  arrayField,
  booleanField,
  decimalStringField,
  enumField,
  type FieldCheck,
  type FieldTable,
  hashedArrayField,
  numberField,
  objectField,
  stringField,
} from './field-checks.js';

/** The four action sources the API accepts. */
export const ACTION_SOURCES = [
  'web',
  'app_android',
  'app_ios',
  'offline',
] as const satisfies readonly ActionSource[];

/** The five fields every event must have. */
export const REQUIRED_EVENT_FIELDS = [
  'event_name',
  'action_source',
  'event_time',
  'event_id',
  'user_data',
] as const;

/** `user_data` keys that hold arrays of SHA-256 digests. */
export const HASHED_USER_DATA_FIELDS = [
  'em',
  'ph',
  'fn',
  'ln',
  'ge',
  'db',
  'ct',
  'st',
  'zp',
  'country',
  'external_id',
  'hashed_maids',
] as const;

const nullableString = stringField({ nullable: true });

const ipAddressField: FieldCheck = (value, path, issues) => {
  if (typeof value !== 'string') {
    issues.fail(path, `${path} must be a string, got ${typeof value}.`);
    return;
  }
  if (isIP(value) === 0) issues.fail(path, `${path} is not an IPv4 or IPv6 address.`, false);
};

const languageField: FieldCheck = (value, path, issues) => {
  if (value === null) return;
  if (typeof value !== 'string' || !/^[a-z]{2}$/i.test(value)) {
    issues.fail(path, `${path} must be a two-letter ISO 639-1 code such as "en".`);
  }
};

const currencyField: FieldCheck = (value, path, issues) => {
  if (value === null) return;
  if (typeof value !== 'string' || !/^[A-Za-z]{3}$/.test(value)) {
    issues.fail(path, `${path} must be a three-letter ISO 4217 code such as "USD".`);
  }
};

/** `user_data`: hashed arrays plus the unhashed IP, user agent, click id and partner id. */
export const USER_DATA_FIELDS: FieldTable = {
  ...Object.fromEntries(HASHED_USER_DATA_FIELDS.map((key) => [key, hashedArrayField])),
  client_ip_address: ipAddressField,
  client_user_agent: stringField(),
  click_id: nullableString,
  partner_id: nullableString,
};

const CONTENT_FIELDS: FieldTable = {
  id: stringField(),
  item_price: decimalStringField,
  quantity: numberField({ integer: true }),
  item_name: nullableString,
  item_category: nullableString,
  item_brand: nullableString,
};

/** `custom_data`: every field optional. */
export const CUSTOM_DATA_FIELDS: FieldTable = {
  currency: currencyField,
  value: decimalStringField,
  content_ids: arrayField(stringField()),
  content_name: nullableString,
  content_category: nullableString,
  content_brand: nullableString,
  contents: arrayField(objectField(CONTENT_FIELDS)),
  num_items: numberField({ integer: true }),
  order_id: nullableString,
  search_string: nullableString,
  opt_out_type: nullableString,
  predicted_ltv: decimalStringField,
  np: nullableString,
  external_measurement_id: nullableString,
  external_measurement_vendor_id: numberField({ integer: true }),
};

const APP_INFO_FIELDS: FieldTable = {
  app_id: stringField({ nullable: true, maxLength: 200 }),
  app_name: stringField({ nullable: true, maxLength: 200 }),
  app_package_name: stringField({ nullable: true, maxLength: 200 }),
  app_store: stringField({ nullable: true, maxLength: 100 }),
  app_version: stringField({ nullable: true, maxLength: 100 }),
  install_time: numberField({ integer: true, min: 0 }),
  user_agent: stringField({ nullable: true, maxLength: 16384 }),
  window_height: numberField({ integer: true, min: 0, max: 30720 }),
  window_width: numberField({ integer: true, min: 0, max: 30720 }),
};

const shortText = stringField({ nullable: true, maxLength: 100 });
const storageGigabytes = numberField({ min: 0, max: 1048576 });
const screenPixels = numberField({ integer: true, min: 0, max: 30720 });

const DEVICE_INFO_FIELDS: FieldTable = {
  battery_level: numberField({ min: 0, max: 100 }),
  brand: shortText,
  carrier: shortText,
  model: shortText,
  type: shortText,
  kernel_version: shortText,
  os_name: shortText,
  os_release_name: shortText,
  os_version: shortText,
  cpu_cores: numberField({ integer: true, min: 0, max: 1152 }),
  storage_size: storageGigabytes,
  storage_free_space: storageGigabytes,
  external_storage_size: storageGigabytes,
  external_storage_free_space: storageGigabytes,
  form_factor: enumField([
    'desktop',
    'laptop',
    'cellphone',
    'tablet',
    'smartwatch',
    'tv',
    'vr',
    'console',
    'other',
  ]),
  network_type: enumField([
    'wifi',
    'cellular_2g',
    'cellular_3g',
    'cellular_4g',
    'cellular_5g',
    'cellular_6g',
    'ethernet',
    'unknown',
  ]),
  os_family: enumField(['ios', 'android', 'macos', 'windows', 'linux', 'bsd', 'other']),
  languages: arrayField(languageField, { maxItems: 100 }),
  locale: stringField({ nullable: true, maxLength: 35 }),
  screen_density: numberField({ min: 0, max: 100000 }),
  screen_height: screenPixels,
  screen_width: screenPixels,
  timezone: stringField({ nullable: true, maxLength: 40 }),
  timezone_abbr: stringField({ nullable: true, maxLength: 5 }),
};

/**
 * Fields of an event other than the five required ones, which the validator checks itself.
 * `custom_data` and `user_data` are objects with their own tables.
 */
export const OPTIONAL_EVENT_FIELDS: FieldTable = {
  custom_data: objectField(CUSTOM_DATA_FIELDS),
  event_source_url: nullableString,
  opt_out: booleanField,
  partner_name: nullableString,
  language: languageField,
  wifi: booleanField,
  app_id: nullableString,
  app_name: nullableString,
  app_version: nullableString,
  device_brand: nullableString,
  device_carrier: nullableString,
  device_model: nullableString,
  device_type: nullableString,
  os_version: nullableString,
  app_info: objectField(APP_INFO_FIELDS),
  device_info: objectField(DEVICE_INFO_FIELDS),
};
