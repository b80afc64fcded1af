// The start-up responses posthog-js expects: remote config (JSON and script) and feature flags.

import { randomUUID } from 'node:crypto';
import type { PostHogCompression } from './options.js';

/**
 * Remote config for a project, shaped like PostHog's `/array/<key>/config`. Everything optional is
 * off, so no posthog-js extension starts, and events go to `/i/v0/e/` as they do with PostHog.
 * posthog-js 1.449.2's `array.js` still requests `surveys.js`, which the fake serves empty.
 */
export function remoteConfig(apiKey: string, supportedCompression: readonly PostHogCompression[]) {
  return {
    token: apiKey,
    supportedCompression: [...supportedCompression],
    hasFeatureFlags: false,
    captureDeadClicks: false,
    capturePerformance: false,
    autocapture_opt_out: false,
    autocaptureExceptions: false,
    analytics: { endpoint: '/i/v0/e/' },
    elementsChainAsString: true,
    sessionRecording: false,
    heatmaps: false,
    surveys: false,
    productTours: false,
    defaultIdentifiedOnly: true,
    siteApps: [],
  };
}

/** Renders the same config as the script `/array/<key>/config.js`, which posthog-js loads when it can load scripts. */
export function remoteConfigScript(
  apiKey: string,
  supportedCompression: readonly PostHogCompression[],
): string {
  const config = JSON.stringify(remoteConfig(apiKey, supportedCompression));
  return `(function () {
  window._POSTHOG_REMOTE_CONFIG = window._POSTHOG_REMOTE_CONFIG || {};
  window._POSTHOG_REMOTE_CONFIG[${JSON.stringify(apiKey)}] = { config: ${config}, siteApps: [] };
})();
`;
}

/**
 * Builds the response of `/flags` (no flags defined): the v2 shape (`flags`) for `?v=2`, else the v1 shape
 * (`featureFlags`), which `/decide` also returns together with the config.
 */
export function flagsAnswer(version: string | null, config: ReturnType<typeof remoteConfig>) {
  if (version === '2') {
    return { flags: {}, errorsWhileComputingFlags: false, quotaLimited: [], requestId: randomUUID() };
  }
  return { ...config, featureFlags: {}, featureFlagPayloads: {}, errorsWhileComputingFlags: false };
}
