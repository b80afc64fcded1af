// Public API of @pinpair/testkit: local fakes of Pinterest (CAPI and tag) and PostHog, and the dedup ledger.

export {
  DEFAULT_AD_ACCOUNT_ID,
  DEFAULT_CONVERSION_TOKEN,
  DEFAULT_POSTHOG_API_KEY,
  DEFAULT_TAG_ID,
} from './constants.js';
export type { DedupLedger } from './ledger/ledger.js';
export { renderReportHtml } from './ledger/report-html.js';
export type {
  CapiLedgerEvent,
  Channel,
  ConversionProblem,
  ConversionRow,
  LedgerEvent,
  LedgerEventBase,
  LedgerReport,
  ProblemCode,
  ReportCoverage,
  Share,
  TagBeacon,
  TagLedgerEvent,
} from './ledger/types.js';
export { createConsoleLogger, type LogMethod, silentLogger, type TestkitLogger } from './logger.js';
export { PINTEREST_ERROR_CODES, type PinterestErrorBody } from './pinterest/api-errors.js';
export type { CapiRequestRecord, EventResult } from './pinterest/capi-request.js';
export { type FakePinterest, startFakePinterest } from './pinterest/fake-pinterest.js';
export type { FaultControls, FaultSpec, FaultState } from './pinterest/faults.js';
export {
  type ConversionAccount,
  type FakePinterestOptions,
  fakePinterestDefaults,
  type ResolvedFakePinterestOptions,
  type TagMapping,
} from './pinterest/options.js';
export { renderTagScript } from './pinterest/tag-script.js';
export type { CaptureBodyEncoding } from './posthog/decode-capture.js';
export type { ReceivedCapture, RecordedEvent } from './posthog/event-store.js';
export { type FakePostHog, startFakePostHog } from './posthog/fake-posthog.js';
export {
  type FakePostHogOptions,
  fakePostHogDefaults,
  type PostHogCompression,
  type ResolvedFakePostHogOptions,
} from './posthog/options.js';
export {
  type ResolvedTestkitOptions,
  startTestkit,
  type Testkit,
  type TestkitOptions,
  testkitDefaults,
} from './testkit.js';
