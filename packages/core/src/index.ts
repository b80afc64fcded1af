// Public API of @pinpair/core: re-exports only.

export {
  type Consent,
  type ConsentState,
  findInvalidConsent,
  type InvalidConsent,
  parseConsent,
  serializeConsent,
} from './consent.js';
export {
  CLICK_ID_COOKIE,
  CLICK_ID_PARAM,
  CONSENT_COOKIE,
  HANDOFF_FIELD,
  HANDOFF_HEADER,
  MAX_EVENT_AGE_SECONDS,
  MAX_EVENTS_PER_REQUEST,
} from './constants.js';
export {
  type ActionSource,
  buildConversion,
  type Conversion,
  type ConversionInput,
  type ConversionOptions,
  type LineItem,
  type LineItemInput,
  type ResolvedConversionOptions,
} from './conversion.js';
export { isPinpairError, PinpairError, type PinpairErrorOptions } from './errors/pinpair-error.js';
export {
  describeValue,
  isValidationError,
  ValidationError,
  type ValidationErrorOptions,
} from './errors/validation-error.js';
export { deriveEventId, isCanonicalUuid, randomEventId, toPostHogUuid, validateEventId } from './event-id.js';
export { decodeHandoff, encodeHandoff, type Handoff } from './handoff.js';
export { HASHED_USER_DATA_KEYS } from './lint/capi-schema.js';
export {
  type LintOptions,
  lintCapiBatch,
  lintCapiEvent,
  type ResolvedLintOptions,
} from './lint/lint-capi.js';
export { normalizeCurrency, toDecimalString } from './money.js';
export type { Problem } from './problem.js';
export {
  type CapiContent,
  type CapiCustomData,
  type CapiEvent,
  type CapiEventOptions,
  type CapiUserData,
  toCapiEvent,
} from './projections/capi.js';
export { type PostHogCapture, toPostHogCapture } from './projections/posthog.js';
export { type TagEventData, type TagLineItem, toTagEventData } from './projections/tag.js';
export { isSha256Hex, sha256Hex } from './sha256.js';
export {
  API_EVENT_NAMES,
  type ApiEventName,
  fromTagEventName,
  type ResolvedEventName,
  resolveEventName,
  type TagEventName,
  toTagEventName,
} from './taxonomy.js';
export { toUnixSeconds } from './time.js';
export { hashEmail } from './user-data/hash-email.js';
export { type HashedUserData, hashUserData, type UserIdentifiers } from './user-data/hash-user-data.js';
export { normalizeUserField } from './user-data/normalize.js';
export type {
  NormalizeOptions,
  NormalizeResult,
  Sha256Function,
  UserDataField,
} from './user-data/types.js';
