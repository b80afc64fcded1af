// Checks one Conversions API event for the fake's response: each finding fails the event or warns.

import { API_EVENT_NAMES } from '@pinpair/core';
import {
  ACTION_SOURCES,
  OPTIONAL_EVENT_FIELDS,
  REQUIRED_EVENT_FIELDS,
  USER_DATA_FIELDS,
} from './capi-schema.js';
import {
  type CheckRules,
  checkObjectFields,
  type EventIssue,
  type FieldTable,
  IssueCollector,
  isJsonObject,
  jsonTypeOf,
  quote,
} from './field-checks.js';

/** Rules for one event: strictness plus the clock and the accepted `event_time` window. */
export interface EventRules extends CheckRules {
  nowSeconds: number;
  maxAgeSeconds: number;
  futureToleranceSeconds: number;
}

/** The outcome for one event: it fails when `errors` is not empty. */
export interface EventVerdict {
  errors: EventIssue[];
  warnings: EventIssue[];
}

/** Timestamps above this are milliseconds sent as seconds (year 5138 in seconds). */
const MILLISECONDS_THRESHOLD = 1e11;

const checkedByValidator = () => {};
const EVENT_FIELDS: FieldTable = {
  ...OPTIONAL_EVENT_FIELDS,
  ...Object.fromEntries(REQUIRED_EVENT_FIELDS.map((field) => [field, checkedByValidator])),
};

/** Validates `event` against the schema, the event-name list, the age window and the identity rule. */
export function validateCapiEvent(event: unknown, rules: EventRules): EventVerdict {
  const issues = new IssueCollector(rules);

  if (!isJsonObject(event)) {
    issues.fail('', `The event must be an object, got ${jsonTypeOf(event)}.`);
    return issues;
  }

  for (const field of REQUIRED_EVENT_FIELDS) {
    if (event[field] === undefined || event[field] === null)
      issues.fail(field, `Required field ${field} is missing.`);
  }

  checkEventName(event.event_name, issues);
  checkActionSource(event.action_source, issues);
  checkEventTime(event.event_time, rules, issues);
  checkEventId(event.event_id, issues);
  checkUserData(event.user_data, issues);
  checkObjectFields(event, EVENT_FIELDS, '', issues);

  return issues;
}

function checkEventName(value: unknown, issues: IssueCollector): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || !(API_EVENT_NAMES as readonly string[]).includes(value)) {
    issues.fail(
      'event_name',
      `Invalid event_name: ${quote(value)}. Use one of: ${API_EVENT_NAMES.join(', ')}.`,
      typeof value !== 'string',
    );
  }
}

function checkActionSource(value: unknown, issues: IssueCollector): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || !(ACTION_SOURCES as readonly string[]).includes(value)) {
    issues.fail(
      'action_source',
      `Invalid action_source: ${quote(value)}. Use one of: ${ACTION_SOURCES.join(', ')}.`,
    );
  }
}

function checkEventTime(value: unknown, rules: EventRules, issues: IssueCollector): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    issues.fail(
      'event_time',
      `event_time must be an integer Unix time in seconds, got ${jsonTypeOf(value)}.`,
    );
    return;
  }

  // The wording of the past-time message is Pinterest's, as observed in a real 422 response.
  const current = `Current timestamp: ${rules.nowSeconds}, Given event_timestamp: ${value}`;
  if (rules.nowSeconds - value > rules.maxAgeSeconds) {
    issues.fail(
      'event_time',
      `Invalid event_timestamp parameter. Given timestamp is in the past. ${current}`,
      false,
    );
    return;
  }

  // NOTE: Pinterest's response to a future or millisecond timestamp is unpublished; this wording is the testkit's.
  if (value - rules.nowSeconds > rules.futureToleranceSeconds) {
    const hint = value > MILLISECONDS_THRESHOLD ? ' It looks like milliseconds; send seconds.' : '';
    issues.fail(
      'event_time',
      `Invalid event_timestamp parameter. Given timestamp is in the future. ${current}.${hint}`,
      false,
    );
  }
}

function checkEventId(value: unknown, issues: IssueCollector): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') {
    issues.fail('event_id', `event_id must be a string, got ${jsonTypeOf(value)}.`);
  } else if (value.trim().length === 0) {
    issues.fail('event_id', 'event_id is empty; send the id the tag sent for the same event.');
  }
}

function checkUserData(value: unknown, issues: IssueCollector): void {
  if (value === undefined || value === null) return;
  if (!isJsonObject(value)) {
    issues.fail('user_data', `user_data must be an object, got ${jsonTypeOf(value)}.`);
    return;
  }

  checkObjectFields(value, USER_DATA_FIELDS, 'user_data.', issues);

  const hasItems = (field: unknown) => Array.isArray(field) && field.length > 0;
  const hasText = (field: unknown) => typeof field === 'string' && field.length > 0;
  const identified =
    hasItems(value.em) ||
    hasItems(value.hashed_maids) ||
    (hasText(value.client_ip_address) && hasText(value.client_user_agent));
  if (!identified) {
    issues.fail(
      'user_data',
      'user_data needs em, hashed_maids, or both client_ip_address and client_user_agent.',
    );
  }
}
