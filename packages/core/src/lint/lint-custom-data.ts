// Lint rules for an event's custom_data: decimal strings, currency, string ids and contents.

import { isCurrencyCode } from '../currencies.js';
import { describeValue } from '../errors/validation-error.js';
import { CONTENT_KEYS, CUSTOM_DATA_KEYS } from './capi-schema.js';
import { describeTypeAndValue, isObject, join, type ProblemList } from './problems.js';

// The decimal strings that toDecimalString writes and Pinterest parses as doubles.
const DECIMAL_STRING = /^\d+(?:\.\d+)?$/;

/** Lints `custom_data` of one event at `path` (for example `data[0].custom_data`). */
export function lintCustomData(customData: unknown, path: string, problems: ProblemList): void {
  if (customData === undefined || customData === null) return;
  if (!isObject(customData)) {
    problems.error(
      path,
      'invalid_type',
      `\`custom_data\` must be an object, not ${describeTypeAndValue(customData)}.`,
    );
    return;
  }

  problems.unknownKeys(customData, CUSTOM_DATA_KEYS, path, 'custom_data');
  lintDecimal(customData.value, join(path, 'value'), 'value', problems);
  lintDecimal(customData.predicted_ltv, join(path, 'predicted_ltv'), 'predicted_ltv', problems);
  lintCurrency(customData, path, problems);

  lintStringId(customData.order_id, join(path, 'order_id'), 'order_id', problems);
  lintContentIds(customData.content_ids, join(path, 'content_ids'), problems);
  lintContents(customData.contents, join(path, 'contents'), problems);
  problems.optionalInteger(customData, 'num_items', path);
  for (const key of [
    'search_string',
    'content_name',
    'content_category',
    'content_brand',
    'opt_out_type',
    'np',
  ]) {
    problems.optionalString(customData, key, path);
  }
}

function lintDecimal(value: unknown, path: string, key: string, problems: ProblemList): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'string' && DECIMAL_STRING.test(value)) return;
  problems.error(
    path,
    'value_not_decimal_string',
    `\`${key}\` is ${describeTypeAndValue(value)}, not a decimal string. Send a string such as "72.39", for example from toDecimalString.`,
  );
}

function lintCurrency(customData: Record<string, unknown>, path: string, problems: ProblemList): void {
  const { currency, value } = customData;
  if (currency === undefined || currency === null) {
    if (value !== undefined && value !== null) {
      problems.warning(
        join(path, 'value'),
        'value_without_currency',
        '`value` has no `currency`, so Pinterest assumes the ad account currency. Send `currency` with every value.',
      );
    }
    return;
  }
  if (typeof currency !== 'string' || !isCurrencyCode(currency)) {
    problems.error(
      join(path, 'currency'),
      'currency_invalid',
      `\`currency\` ${describeValue(currency)} is not an upper-case ISO 4217 code such as "USD".`,
    );
  }
}

function lintStringId(value: unknown, path: string, key: string, problems: ProblemList): void {
  if (value === undefined || value === null || typeof value === 'string') return;
  problems.error(
    path,
    'id_not_string',
    `\`${key}\` must be a string, not ${describeTypeAndValue(value)}. Send ids as strings.`,
  );
}

function lintContentIds(value: unknown, path: string, problems: ProblemList): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) {
    problems.error(
      path,
      'invalid_type',
      `\`content_ids\` must be an array of strings, not ${describeTypeAndValue(value)}.`,
    );
    return;
  }
  for (const [index, id] of value.entries())
    lintStringId(id, `${path}[${index}]`, `content_ids[${index}]`, problems);
}

function lintContents(value: unknown, path: string, problems: ProblemList): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) {
    problems.error(
      path,
      'invalid_type',
      `\`contents\` must be an array of objects, not ${describeTypeAndValue(value)}.`,
    );
    return;
  }
  for (const [index, content] of value.entries()) {
    const contentPath = `${path}[${index}]`;
    if (!isObject(content)) {
      problems.error(
        contentPath,
        'invalid_type',
        `\`contents[${index}]\` must be an object, not ${describeTypeAndValue(content)}.`,
      );
      continue;
    }
    problems.unknownKeys(content, CONTENT_KEYS, contentPath, 'custom_data.contents[]');
    lintStringId(content.id, join(contentPath, 'id'), 'id', problems);
    lintDecimal(content.item_price, join(contentPath, 'item_price'), 'item_price', problems);
    problems.optionalInteger(content, 'quantity', contentPath);
    for (const key of ['item_name', 'item_category', 'item_brand'])
      problems.optionalString(content, key, contentPath);
  }
}
