// Pinterest's error bodies, `{ code, message }`, with the codes and messages of the v5 OpenAPI spec.

/** Body of a Pinterest API error: the spec's `Error` schema. */
export interface PinterestErrorBody {
  code: number;
  message: string;
}

/** Error codes of the fake's responses, named after their meaning. */
export const PINTEREST_ERROR_CODES = {
  /** 400: malformed JSON or a schema violation. */
  invalidRequest: 4196,
  /** 401: no bearer token, or an unknown one. */
  authenticationFailed: 2,
  /** 403: the token is not authorized for the ad account in the path. */
  notPermitted: 29,
  /** 422: some or all events failed; the body is a `DetailedError` with per-event details. */
  someEventsFailed: 953,
  /** 429: over the rate limit. */
  rateLimited: 8,
  /** 503: the endpoint is ramped down. */
  rampedDown: 4197,
} as const;

/** 400, code 4196; `detail` describes the problem, after the spec's sentence. */
export function invalidRequest(detail: string): PinterestErrorBody {
  return { code: PINTEREST_ERROR_CODES.invalidRequest, message: `The request was invalid. ${detail}` };
}

/** 401, code 2, with the spec's message. */
export function authenticationFailed(): PinterestErrorBody {
  return { code: PINTEREST_ERROR_CODES.authenticationFailed, message: 'Authentication failed.' };
}

/** 403, code 29, with the spec's message. */
export function notPermitted(): PinterestErrorBody {
  return {
    code: PINTEREST_ERROR_CODES.notPermitted,
    message: 'You are not permitted to access that resource.',
  };
}

/** 429, code 8, with the spec's message. */
export function rateLimited(): PinterestErrorBody {
  return {
    code: PINTEREST_ERROR_CODES.rateLimited,
    message:
      'This request exceeded a rate limit. This can happen if the client exceeds one of the published rate limits within a short time window.',
  };
}

/** 503, code 4197, with the spec's message. */
export function rampedDown(): PinterestErrorBody {
  return {
    code: PINTEREST_ERROR_CODES.rampedDown,
    message: 'The endpoint has been ramped down and is currently not accepting any traffic.',
  };
}

/**
 * 500 body. NOTE: Pinterest publishes no code or message for internal errors; code 1 and this
 * message are the testkit's own.
 */
export function internalError(): PinterestErrorBody {
  return { code: 1, message: 'An unexpected error occurred (injected by the testkit).' };
}

/** Message of the 422 `DetailedError`, as observed in a real Pinterest response. */
export const SOME_EVENTS_FAILED_MESSAGE =
  'The action could not be processed properly due to some or all data provided being invalid.';
