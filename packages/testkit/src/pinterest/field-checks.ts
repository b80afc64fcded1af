// Composable checks for JSON fields, which collect errors and warnings with their JSON paths.

/** One finding about an event, with its path inside the event such as `user_data.em[0]`. */
export interface EventIssue {
  path: string;
  message: string;
  /**
   * True for schema violations (a missing field, a wrong type, an unknown key), which
   * `schemaErrors: 'request'` turns into a 400; false for semantic failures such as the age window.
   */
  schema: boolean;
}

/** Switches that decide whether a finding fails the event or only warns. */
export interface CheckRules {
  strictKeys: boolean;
  strictHashing: boolean;
  strictTypes: boolean;
}

/** Collects the errors and warnings found while checking one event. */
export class IssueCollector {
  readonly errors: EventIssue[] = [];
  readonly warnings: EventIssue[] = [];

  constructor(readonly rules: CheckRules) {}

  fail(path: string, message: string, schema = true): void {
    this.errors.push({ path, message, schema });
  }

  warn(path: string, message: string): void {
    this.warnings.push({ path, message, schema: false });
  }

  /** Fails the event under strict rules and warns otherwise. */
  failOrWarn(strict: boolean, path: string, message: string): void {
    if (strict) this.fail(path, message);
    else this.warn(path, message);
  }
}

/** Checks one field value found at `path`. */
export type FieldCheck = (value: unknown, path: string, issues: IssueCollector) => void;

/** Field name to check, for one JSON object of the schema. */
export type FieldTable = Readonly<Record<string, FieldCheck>>;

/** Describes the JSON type of `value` for messages: `string`, `number`, `array`, `null`, … */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Quotes `value` for a message, cut to 40 characters. Never use it on personal data. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const cut = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(cut);
}

/** Tells whether `value` is a plain JSON object. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns a check for a string, optionally nullable and limited in length. */
export function stringField(options: { nullable?: boolean; maxLength?: number } = {}): FieldCheck {
  return (value, path, issues) => {
    if (value === null && options.nullable) return;
    if (typeof value !== 'string') {
      issues.fail(path, `${path} must be a string, got ${jsonTypeOf(value)}.`);
      return;
    }
    if (options.maxLength !== undefined && value.length > options.maxLength) {
      issues.fail(path, `${path} is ${value.length} characters long; the limit is ${options.maxLength}.`);
    }
  };
}

/** Checks for a boolean. */
export const booleanField: FieldCheck = (value, path, issues) => {
  if (typeof value !== 'boolean') issues.fail(path, `${path} must be a boolean, got ${jsonTypeOf(value)}.`);
};

/** Returns a check for a number, optionally an integer and within bounds. */
export function numberField(options: { integer?: boolean; min?: number; max?: number } = {}): FieldCheck {
  return (value, path, issues) => {
    const kind = options.integer ? 'an integer' : 'a number';
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      (options.integer && !Number.isInteger(value))
    ) {
      issues.fail(path, `${path} must be ${kind}, got ${jsonTypeOf(value)} ${quote(value)}.`);
      return;
    }
    const belowMin = options.min !== undefined && value < options.min;
    const aboveMax = options.max !== undefined && value > options.max;
    if (belowMin || aboveMax) {
      issues.fail(
        path,
        `${path} is ${value}; it must be between ${options.min ?? '-∞'} and ${options.max ?? '∞'}.`,
      );
    }
  };
}

/** Returns a check for one of a fixed set of strings. */
export function enumField(values: readonly string[]): FieldCheck {
  return (value, path, issues) => {
    if (typeof value !== 'string' || !values.includes(value)) {
      issues.fail(path, `${path} is ${quote(value)}; use one of: ${values.join(', ')}.`);
    }
  };
}

/** Returns a check for an array whose items all pass `itemCheck`. */
export function arrayField(itemCheck: FieldCheck, options: { maxItems?: number } = {}): FieldCheck {
  return (value, path, issues) => {
    if (!Array.isArray(value)) {
      issues.fail(path, `${path} must be an array, got ${jsonTypeOf(value)}.`);
      return;
    }
    if (options.maxItems !== undefined && value.length > options.maxItems) {
      issues.fail(path, `${path} has ${value.length} items; the limit is ${options.maxItems}.`);
    }
    for (let index = 0; index < value.length; index += 1) {
      itemCheck(value[index], `${path}[${index}]`, issues);
    }
  };
}

/**
 * Returns a check for an object whose known fields pass their checks. Keys outside `fields` fail the event under
 * `strictKeys` (the schema declares `additionalProperties: false`) and warn otherwise.
 */
export function objectField(fields: FieldTable): FieldCheck {
  return (value, path, issues) => {
    if (!isJsonObject(value)) {
      issues.fail(path, `${path} must be an object, got ${jsonTypeOf(value)}.`);
      return;
    }
    checkObjectFields(value, fields, `${path}.`, issues);
  };
}

/** Runs the checks of `fields` on `object`, and flags unknown keys; `prefix` starts every path. */
export function checkObjectFields(
  object: Record<string, unknown>,
  fields: FieldTable,
  prefix: string,
  issues: IssueCollector,
): void {
  // Runs for every key of every event the fake receives, so it avoids Object.entries' pair arrays.
  // Object.hasOwn keeps inherited names such as `toString` from passing as known fields.
  for (const key of Object.keys(object)) {
    const check = Object.hasOwn(fields, key) ? fields[key] : undefined;
    const path = prefix + key;
    const value = object[key];
    if (!check) {
      const message = issues.rules.strictKeys ? `Unknown field: ${path}.` : `Unknown field ignored: ${path}.`;
      issues.failOrWarn(issues.rules.strictKeys, path, message);
      continue;
    }
    if (value === undefined) continue;
    check(value, path, issues);
  }
}

/**
 * Checks for a decimal string that parses as a double, such as `"72.39"`. A JSON number fails under
 * `strictTypes` and warns otherwise, because the spec types these fields as strings.
 */
export const decimalStringField: FieldCheck = (value, path, issues) => {
  if (value === null) return;
  if (typeof value === 'number') {
    issues.failOrWarn(
      issues.rules.strictTypes,
      path,
      `${path} must be a decimal string such as "72.39", got the number ${value}.`,
    );
    return;
  }
  if (typeof value !== 'string') {
    issues.fail(path, `${path} must be a decimal string such as "72.39", got ${jsonTypeOf(value)}.`);
    return;
  }
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value.trim())) {
    issues.fail(path, `${path} is ${quote(value)}, which does not parse as a decimal number.`, false);
  }
};

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Checks for an array of SHA-256 digests in lowercase hex. A value that is not one fails under
 * `strictHashing` and warns otherwise. The message never repeats the value, which may be raw
 * personal data.
 */
export const hashedArrayField: FieldCheck = (value, path, issues) => {
  if (!Array.isArray(value)) {
    issues.fail(path, `${path} must be an array of SHA-256 hex strings, got ${jsonTypeOf(value)}.`);
    return;
  }
  for (let index = 0; index < value.length; index += 1) {
    const item: unknown = value[index];
    // Most items are valid digests, so the item's path is only built for a finding.
    if (typeof item === 'string' && SHA256_HEX.test(item)) continue;
    const itemPath = `${path}[${index}]`;
    if (typeof item !== 'string') {
      issues.fail(itemPath, `${itemPath} must be a string, got ${jsonTypeOf(item)}.`);
      continue;
    }
    const hint = /^[0-9a-fA-F]{64}$/.test(item)
      ? 'it is hex but not lowercase; send lowercase hex'
      : 'hash the normalized value with SHA-256 before sending';
    issues.failOrWarn(
      issues.rules.strictHashing,
      itemPath,
      `${itemPath} is not a SHA-256 hex digest; ${hint}.`,
    );
  }
};
