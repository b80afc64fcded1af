// Public entry of @pinpair/browser: the storefront tracker and its types.

export type { Consent, ConsentState, Handoff } from '@pinpair/core';
export type { ResolvedTrackerOptions, TrackerCookieOptions, TrackerOptions } from './options.js';
export { TRACKER_DEFAULTS } from './options.js';
export type { PostHogLike, PostHogSource } from './posthog.js';
export type { TrackData, Tracker } from './tracker.js';
export { createTracker } from './tracker.js';
