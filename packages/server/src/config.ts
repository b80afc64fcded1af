// Loads pinpair's settings from environment variables, validated with zod.

import { z } from 'zod';
import { PINTEREST_API_BASE_URL } from './client/pinterest-client.js';
import { compileTrustedProxies } from './context/trusted-proxies.js';
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
  z.url({
    protocol: /^https?$/,
    error: `must be an http or https URL such as ${example}. Fix or unset ${variable}.`,
  });

const environmentSchema = z.object({
  PINTEREST_AD_ACCOUNT_ID: z
    .string({ error: 'is missing. Set it to the ad account id from Ads Manager (digits only).' })
    .regex(/^\d{1,18}$/, {
      error: 'must be 1 to 18 digits. Copy the ad account id from Ads Manager without spaces or dashes.',
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
      error: 'must be true or false (also accepted: 1, 0, yes, no).',
    })
    .optional(),
  POSTHOG_API_KEY: z.string().optional(),
  POSTHOG_HOST: httpUrl('POSTHOG_HOST', 'https://eu.i.posthog.com').optional(),
  PINPAIR_OUTBOX_PATH: z.string().optional(),
  PINPAIR_TRUSTED_PROXIES: z
    .string()
    .refine(isValidTrustedProxies, {
      error:
        'must list IP addresses, CIDR ranges (10.0.0.0/8) or loopback, linklocal, uniquelocal, separated by commas.',
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
    const issues: ConfigurationIssue[] = parsed.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? 'environment'),
      message: issue.message,
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

function isValidTrustedProxies(value: string): boolean {
  try {
    compileTrustedProxies(value);
    return true;
  } catch {
    return false;
  }
}
