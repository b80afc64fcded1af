// posthog-js for the shop: started only with analytics consent, never loading remote scripts, with
// the cookie persistence the server reads the distinct id from.
// The slim, no-external build leaves out autocapture, replay and surveys, which the shop turns off anyway.
import { posthog } from 'posthog-js/dist/module.slim.no-external.js';

/** Destination of posthog-js events: the project api key and the ingestion host. */
export interface PostHogSettings {
  apiKey: string;
  host: string;
}

/** Returns the posthog-js instance, for the tracker; it waits until `startPostHog` has run. */
export function postHogInstance(): typeof posthog {
  return posthog;
}

/**
 * Starts posthog-js, or opts it back in when it was stopped. pinpair's `page()` sends the page view,
 * so posthog-js captures nothing on its own.
 */
export function startPostHog(settings: PostHogSettings): void {
  if (!posthog.__loaded) init(settings, false);

  // The shop's consent decides: an opt-out that posthog-js stored when analytics was withdrawn
  // earlier, on this page or an older one, ends once analytics is granted again.
  if (posthog.has_opted_out_capturing()) posthog.opt_in_capturing({ captureEventName: false });
}

function init(settings: PostHogSettings, optedOut: boolean): void {
  posthog.init(settings.apiKey, {
    api_host: settings.host,
    opt_out_capturing_by_default: optedOut,
    // Opting out also turns persistence off, and posthog-js then deletes its cookie on its own domain.
    opt_out_persistence_by_default: true,
    // Cookie persistence writes `ph_<api key>_posthog`, where the server finds the distinct id.
    persistence: 'cookie',
    autocapture: false,
    capture_pageview: false,
    capture_pageleave: false,
    capture_dead_clicks: false,
    capture_heatmaps: false,
    capture_exceptions: false,
    capture_performance: false,
    rageclick: false,
    disable_session_recording: true,
    disable_surveys: true,
    disable_product_tours: true,
    disable_conversations: true,
    disable_web_experiments: true,
    disable_external_dependency_loading: true,
    advanced_disable_flags: true,
    // One request per event, so a conversion is on its way before the shopper navigates on.
    request_batching: false,
  });
}

/**
 * Stops posthog-js when analytics consent is withdrawn, and has it delete its cookie, so neither the
 * page nor the server reads a distinct id any more. When posthog-js did not run on this page but its
 * cookie is left from an earlier one, it starts opted out, which deletes the cookie and sends nothing.
 */
export function stopPostHog(settings: PostHogSettings): void {
  if (posthog.__loaded) {
    posthog.opt_out_capturing();
  } else if (document.cookie.includes(`ph_${settings.apiKey}_posthog=`)) {
    init(settings, true);
  }
}
