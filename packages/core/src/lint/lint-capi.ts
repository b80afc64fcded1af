// Lints a Conversions API event or request body and returns the problems as data.

import { MAX_EVENT_AGE_SECONDS, MAX_EVENTS_PER_REQUEST } from '../constants.js';
import { describeValue } from '../errors/validation-error.js';
import type { Problem } from '../problem.js';
import { API_EVENT_NAMES, resolveEventName } from '../taxonomy.js';
import { APP_INFO_KEYS, DEVICE_INFO_KEYS, EVENT_KEYS } from './capi-schema.js';
import { lintCustomData } from './lint-custom-data.js';
import { lintUserData } from './lint-user-data.js';
import { describeTypeAndValue, isObject, join, ProblemList } from './problems.js';

/** Options of {@link lintCapiEvent} and {@link lintCapiBatch}. */
export interface LintOptions {
  /** Current time in Unix seconds. @default the current time */
  nowSeconds?: number;
  /** Oldest accepted `event_time`, in seconds before now. @default MAX_EVENT_AGE_SECONDS (7 days) */
  maxAgeSeconds?: number;
  /** How far `event_time` may lie in the future, for clock skew between servers. @default 60 */
  futureToleranceSeconds?: number;
}

/** {@link LintOptions} with every default applied. */
export type ResolvedLintOptions = Required<LintOptions>;

const LINT_DEFAULTS = {
  maxAgeSeconds: MAX_EVENT_AGE_SECONDS,
  futureToleranceSeconds: 60,
} satisfies Omit<ResolvedLintOptions, 'nowSeconds'>;

// An event_time above this is milliseconds: 1e11 seconds lies in the year 5138.
const MILLISECONDS_THRESHOLD = 1e11;

const ACTION_SOURCES: readonly string[] = ['web', 'app_android', 'app_ios', 'offline'];

/**
 * Lints one CAPI event against Pinterest's schema and the rules that decide whether it is accepted
 * and matched. Paths are relative to the event (`'user_data.em[0]'`).
 *
 * @example
 * const problems = lintCapiEvent(event);
 * if (problems.some((problem) => problem.severity === 'error')) throw new Error(problems[0].message);
 */
export function lintCapiEvent(event: unknown, options?: LintOptions): Problem[] {
  const problems = new ProblemList();
  lintEvent(event, '', resolveOptions(options), problems);
  return problems.problems;
}

/**
 * Lints a CAPI request body, `{ data: [...] }`, or a bare array of events: batch size (1 to 1000)
 * and every event, with paths such as `'data[3].user_data.em[0]'`. Two events with the same
 * `event_name` and `event_id` get a `duplicate_event_id` warning, since Pinterest keeps only one.
 */
export function lintCapiBatch(batch: unknown, options?: LintOptions): Problem[] {
  const problems = new ProblemList();
  const resolved = resolveOptions(options);

  let events: unknown;
  if (Array.isArray(batch)) {
    events = batch;
  } else if (isObject(batch)) {
    problems.unknownKeys(batch, new Set(['data']), '', 'the request body');
    events = batch.data;
  } else {
    problems.error(
      '',
      'invalid_type',
      `The request body must be an object with \`data\`, not ${describeTypeAndValue(batch)}.`,
    );
    return problems.problems;
  }

  if (events === undefined) {
    problems.error('data', 'invalid_type', '`data` is missing. Send the events as an array in `data`.');
    return problems.problems;
  }
  if (!Array.isArray(events)) {
    problems.error(
      'data',
      'invalid_type',
      `\`data\` must be an array of events, not ${describeTypeAndValue(events)}.`,
    );
    return problems.problems;
  }
  if (events.length === 0)
    problems.error('data', 'batch_empty', '`data` holds no events; send at least one.');
  if (events.length > MAX_EVENTS_PER_REQUEST) {
    problems.error(
      'data',
      'batch_too_large',
      `\`data\` holds ${events.length} events; Pinterest accepts at most ${MAX_EVENTS_PER_REQUEST} a request. Split the batch.`,
    );
  }

  const seen = new Set<string>();
  for (const [index, event] of events.entries()) {
    const path = `data[${index}]`;
    lintEvent(event, path, resolved, problems);
    if (!isObject(event) || typeof event.event_id !== 'string') continue;
    const key = `${String(event.event_name)}\u0000${event.event_id}`;
    if (seen.has(key)) {
      problems.warning(
        join(path, 'event_id'),
        'duplicate_event_id',
        `Another event in this batch has the same \`event_name\` and \`event_id\`; Pinterest counts them once.`,
      );
    }
    seen.add(key);
  }
  return problems.problems;
}

function resolveOptions(options: LintOptions | undefined): ResolvedLintOptions {
  return {
    nowSeconds: options?.nowSeconds ?? Math.floor(Date.now() / 1000),
    maxAgeSeconds: options?.maxAgeSeconds ?? LINT_DEFAULTS.maxAgeSeconds,
    futureToleranceSeconds: options?.futureToleranceSeconds ?? LINT_DEFAULTS.futureToleranceSeconds,
  };
}

function lintEvent(event: unknown, path: string, options: ResolvedLintOptions, problems: ProblemList): void {
  if (!isObject(event)) {
    problems.error(path, 'invalid_type', `An event must be an object, not ${describeTypeAndValue(event)}.`);
    return;
  }

  problems.unknownKeys(event, EVENT_KEYS, path, 'an event');
  lintEventName(event.event_name, join(path, 'event_name'), problems);
  lintActionSource(event.action_source, join(path, 'action_source'), problems);
  lintEventTime(event.event_time, join(path, 'event_time'), options, problems);
  lintEventId(event.event_id, join(path, 'event_id'), problems);
  lintUserData(event.user_data, join(path, 'user_data'), problems);
  lintCustomData(event.custom_data, join(path, 'custom_data'), problems);

  problems.optionalBoolean(event, 'opt_out', path);
  problems.optionalBoolean(event, 'wifi', path);
  for (const key of ['event_source_url', 'partner_name', 'language', 'app_id', 'app_name', 'app_version']) {
    problems.optionalString(event, key, path);
  }
  for (const key of ['device_brand', 'device_carrier', 'device_model', 'device_type', 'os_version']) {
    problems.optionalString(event, key, path);
  }
  lintNested(event.app_info, join(path, 'app_info'), APP_INFO_KEYS, 'app_info', problems);
  lintNested(event.device_info, join(path, 'device_info'), DEVICE_INFO_KEYS, 'device_info', problems);
}

function lintEventName(name: unknown, path: string, problems: ProblemList): void {
  if (name === undefined || name === null || name === '') {
    problems.error(path, 'required_field_missing', '`event_name` is required.');
    return;
  }
  if (typeof name === 'string' && (API_EVENT_NAMES as readonly string[]).includes(name)) return;

  const resolved = typeof name === 'string' ? resolveEventName(name) : undefined;
  const hint =
    resolved && !resolved.custom
      ? ` Did you mean "${resolved.apiName}"?`
      : ' Use "custom" for your own events.';
  problems.error(
    path,
    'unknown_event_name',
    `\`event_name\` ${describeValue(name)} is not one of Pinterest's API event names.${hint}`,
  );
}

function lintActionSource(actionSource: unknown, path: string, problems: ProblemList): void {
  if (actionSource === undefined || actionSource === null) {
    problems.error(path, 'required_field_missing', '`action_source` is required.');
    return;
  }
  if (typeof actionSource === 'string' && ACTION_SOURCES.includes(actionSource)) return;
  problems.error(
    path,
    'action_source_invalid',
    `\`action_source\` ${describeValue(actionSource)} is invalid. Use one of ${ACTION_SOURCES.join(', ')}.`,
  );
}

function lintEventTime(
  time: unknown,
  path: string,
  options: ResolvedLintOptions,
  problems: ProblemList,
): void {
  if (time === undefined || time === null) {
    problems.error(path, 'required_field_missing', '`event_time` is required.');
    return;
  }
  if (!Number.isSafeInteger(time) || (time as number) < 0) {
    problems.error(
      path,
      'event_time_not_integer',
      `\`event_time\` must be integer Unix seconds, not ${describeTypeAndValue(time)}.`,
    );
    return;
  }

  const seconds = time as number;
  if (seconds > MILLISECONDS_THRESHOLD) {
    problems.error(
      path,
      'event_time_milliseconds',
      `\`event_time\` ${seconds} is in milliseconds. Divide it by 1000: Pinterest expects Unix seconds.`,
    );
    return;
  }
  if (seconds > options.nowSeconds + options.futureToleranceSeconds) {
    problems.error(
      path,
      'event_time_in_future',
      `\`event_time\` ${seconds} is ${seconds - options.nowSeconds} s in the future (now is ${options.nowSeconds}). Check the clock or the time's unit.`,
    );
  }
  if (seconds < options.nowSeconds - options.maxAgeSeconds) {
    problems.error(
      path,
      'event_time_too_old',
      `\`event_time\` ${seconds} is more than ${options.maxAgeSeconds} s before now (${options.nowSeconds}); Pinterest rejects events that old.`,
    );
  }
}

function lintEventId(eventId: unknown, path: string, problems: ProblemList): void {
  if (eventId === undefined || eventId === null || eventId === '') {
    problems.error(
      path,
      'missing_event_id',
      '`event_id` is missing. Without it Pinterest cannot deduplicate the tag and API copies, and counts the conversion twice.',
    );
    return;
  }
  if (typeof eventId !== 'string') {
    problems.error(
      path,
      'id_not_string',
      `\`event_id\` must be a string, not ${describeTypeAndValue(eventId)}.`,
    );
  }
}

function lintNested(
  value: unknown,
  path: string,
  allowed: ReadonlySet<string>,
  name: string,
  problems: ProblemList,
): void {
  if (value === undefined || value === null) return;
  if (!isObject(value)) {
    problems.error(
      path,
      'invalid_type',
      `\`${name}\` must be an object, not ${describeTypeAndValue(value)}.`,
    );
    return;
  }
  problems.unknownKeys(value, allowed, path, name);
}
