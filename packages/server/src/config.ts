// Loads pinpair's settings from environment variables, validated with zod.

import { z } from 'zod';
import { findBaseUrlProblem, hideUrlCredentials } from './client/base-url.js';
import { PINTEREST_API_BASE_URL } from './client/pinterest-client.js';
import { findInvalidTrustedProxies, TRUSTED_PROXY_FORMS } from './context/trusted-proxies.js';
import { ConfigurationError, type ConfigurationIssue } from './errors/configuration-error.js';
import { DEFAULT_OUTBOX_PATH } from './reporter/reporter-options.js';

/** Settings read by {@link loadConfig}; `createReporter(loadConfig())` accepts it as it is. */
export interface PinpairConfig {
  /** Conversions API settings. */
  pinterest: {
    /** From `PINTEREST_AD_ACCOUNT_ID`. */
    adAccountId: string;
    /** From `PINTEREST_CONVERSION_TOKEN`. Do not log this object. */
    conversionToken: string;
    /** From `PINTEREST_API_BASE_URL`; Pinterest's v5 API when unset. */
    baseUrl: string;
    /** From `PINTEREST_TEST_MODE`; false when unset. */
    test: boolean;
  };
  /** PostHog settings; undefined when `POSTHOG_API_KEY` is unset, which disables PostHog. */
  posthog: { apiKey: string; host?: string } | undefined;
  /** From `PINPAIR_OUTBOX_PATH`; `pinpair-outbox.sqlite` when unset. */
  outboxPath: string;
  /** From `PINPAIR_TRUSTED_PROXIES` (comma-separated); empty when unset. */
  trustedProxies: string[];
}

const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  '1': true,
  yes: true,
  false: false,
  '0': false,
  no: false,
};

const httpUrl = (variable: string, example: string) =>
  z
    .url({
      protocol: /^https?$/,
      // Skips the check below when this one fails, so a value that is not an http URL gets one message.
      abort: true,
      error: (issue) =>
        `must be an http or https URL such as ${example}, got ${showValue(hideUrlCredentials(String(issue.input)))}. Fix or unset ${variable}.`,
    })
    .superRefine((value, context) => {
      const problem = findBaseUrlProblem(value);
      if (problem === undefined) return;
      context.addIssue({
        code: 'custom',
        message: `must not contain ${problem.parts}, because ${problem.reason}. Set ${variable} to ${showValue(problem.root)} instead.`,
      });
    });

const environmentSchema = z.object({
  PINTEREST_AD_ACCOUNT_ID: z
    .string({ error: 'is missing. Set it to the ad account id from Ads Manager (digits only).' })
    .regex(/^\d{1,18}$/, {
      // The ad account id is not a secret, so the message shows it: a prefix or a dash is then plain to see.
      error: (issue) =>
        `must be 1 to 18 digits, got ${showValue(issue.input)}. Copy the ad account id from Ads Manager without spaces, dashes or prefixes.`,
    }),
  PINTEREST_CONVERSION_TOKEN: z
    .string({
      error: 'is missing. Generate a conversion token in Ads Manager (Conversions, Set up API) and set it.',
    })
    .regex(/^\S+$/, { error: 'contains whitespace. Copy the token again without spaces or line breaks.' }),
  PINTEREST_API_BASE_URL: httpUrl('PINTEREST_API_BASE_URL', PINTEREST_API_BASE_URL).optional(),
  PINTEREST_TEST_MODE: z
    .string()
    .refine((value) => value.toLowerCase() in BOOLEAN_WORDS, {
      error: (issue) =>
        `must be true or false (also accepted: 1, 0, yes, no), got ${showValue(issue.input)}.`,
    })
    .optional(),
  POSTHOG_API_KEY: z.string().optional(),
  POSTHOG_HOST: httpUrl('POSTHOG_HOST', 'https://eu.i.posthog.com').optional(),
  PINPAIR_OUTBOX_PATH: z.string().optional(),
  PINPAIR_TRUSTED_PROXIES: z
    .string()
    .refine((value) => findInvalidTrustedProxies(value).length === 0, {
      error: (issue) => describeInvalidTrustedProxies(String(issue.input)),
    })
    .optional(),
});

/** The variables {@link loadConfig} reads. */
export const CONFIG_VARIABLES = Object.keys(
  environmentSchema.shape,
) as (keyof typeof environmentSchema.shape)[];

/**
 * Reads and validates pinpair's environment variables. Empty values count as unset. Throws a
 * {@link ConfigurationError} listing every invalid variable with its fix; no message contains the
 * conversion token.
 *
 * @example
 * ```ts
 * const config = loadConfig();
 * const reporter = createReporter({ ...config, logger });
 * app.use(pinpairMiddleware({ trustedProxies: config.trustedProxies, posthogApiKey: config.posthog?.apiKey }));
 * ```
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): PinpairConfig {
  const values: Record<string, string | undefined> = {};
  for (const variable of CONFIG_VARIABLES) {
    const value = env[variable]?.trim();
    values[variable] = value === '' ? undefined : value;
  }

  const parsed = environmentSchema.safeParse(values);
  if (!parsed.success) {
    // Messages quote bad values of variables that are not secret, and the token may have been pasted
    // into one. A value of a few characters is no real token, and redacting it would garble the text.
    const token = values.PINTEREST_CONVERSION_TOKEN;
    const redact = (text: string) =>
      token === undefined || token.length < 8 ? text : text.split(token).join('[redacted]');
    const issues: ConfigurationIssue[] = parsed.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? 'environment'),
      message: redact(issue.message),
    }));
    throw new ConfigurationError(issues);
  }

  const data = parsed.data;
  return {
    pinterest: {
      adAccountId: data.PINTEREST_AD_ACCOUNT_ID,
      conversionToken: data.PINTEREST_CONVERSION_TOKEN,
      baseUrl: data.PINTEREST_API_BASE_URL ?? PINTEREST_API_BASE_URL,
      test:
        data.PINTEREST_TEST_MODE === undefined
          ? false
          : (BOOLEAN_WORDS[data.PINTEREST_TEST_MODE.toLowerCase()] ?? false),
    },
    posthog:
      data.POSTHOG_API_KEY === undefined
        ? undefined
        : {
            apiKey: data.POSTHOG_API_KEY,
            ...(data.POSTHOG_HOST === undefined ? {} : { host: data.POSTHOG_HOST }),
          },
    outboxPath: data.PINPAIR_OUTBOX_PATH ?? DEFAULT_OUTBOX_PATH,
    trustedProxies: splitList(data.PINPAIR_TRUSTED_PROXIES),
  };
}

function splitList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** Maximum length of a bad value an error message quotes: enough for an ad account id, a flag or a URL. */
const MAX_SHOWN_VALUE_LENGTH = 80;

/**
 * Quotes a bad value for an error message. A longer value is described by its length instead,
 * because it is more likely a secret pasted into the wrong variable than an id or a URL root.
 */
function showValue(value: unknown): string {
  const text = String(value);
  if (text.length <= MAX_SHOWN_VALUE_LENGTH) return JSON.stringify(text);
  return `a ${text.length}-character value (not shown, in case it is a secret)`;
}

function describeInvalidTrustedProxies(value: string): string {
  const invalid = findInvalidTrustedProxies(value);
  const entries = invalid.map(showValue).join(', ');
  return `has ${invalid.length === 1 ? 'an invalid entry' : 'invalid entries'} ${entries}. ${TRUSTED_PROXY_FORMS} Separate them with commas.`;
}
