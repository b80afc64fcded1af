// Error for invalid environment configuration, listing every bad variable with its fix.

import { PinpairError } from '@pinpair/core';
import { hasPinpairErrorName } from './pinterest-api-error.js';

/** One invalid setting. */
export interface ConfigurationIssue {
  /** The environment variable, for example `PINTEREST_AD_ACCOUNT_ID`. */
  variable: string;
  /**
   * Problem and fix. It quotes a bad value only for variables that are not secret, and only when the
   * value is short; it never contains the conversion token.
   */
  message: string;
}

/**
 * Thrown by `loadConfig()` when environment variables are missing or invalid. The message lists
 * every issue at once, so one run shows everything to fix.
 */
export class ConfigurationError extends PinpairError {
  /** Every invalid setting. */
  readonly issues: readonly ConfigurationIssue[];

  constructor(issues: readonly ConfigurationIssue[]) {
    const lines = issues.map((issue) => `- \`${issue.variable}\` ${issue.message}`);
    super(`Invalid pinpair configuration:\n${lines.join('\n')}`, { code: 'invalid_configuration' });
    this.name = 'ConfigurationError';
    this.issues = issues;
  }
}

/** Tells whether `error` is a {@link ConfigurationError}, also across realms (by `name`). */
export function isConfigurationError(error: unknown): error is ConfigurationError {
  return error instanceof ConfigurationError || hasPinpairErrorName(error, 'ConfigurationError');
}
