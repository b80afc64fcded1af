// A fetch wrapper that logs each request's timing, status and processed event count.

/**
 * @typedef {object} LoggedRequest
 * @property {number} startedAt `performance.now()` when the request started, in milliseconds
 * @property {number} endedAt `performance.now()` when the response body was read
 * @property {number | null} status HTTP status, or null when the request failed without one
 * @property {number} processed `num_events_processed` of a 200 response, else 0
 */

/**
 * Wraps `fetch` and returns the wrapper with the list it appends to. The response is cloned to
 * read `num_events_processed`, so the caller still reads the body as usual.
 *
 * @param {typeof fetch} baseFetch
 * @returns {{ fetch: typeof fetch, requests: LoggedRequest[] }}
 */
export function createLoggingFetch(baseFetch) {
  /** @type {LoggedRequest[]} */
  const requests = [];

  /** @type {typeof fetch} */
  const loggingFetch = async (input, init) => {
    const startedAt = performance.now();
    let response;
    try {
      response = await baseFetch(input, init);
    } catch (error) {
      requests.push({ startedAt, endedAt: performance.now(), status: null, processed: 0 });
      throw error;
    }

    let processed = 0;
    if (response.status === 200) {
      const body = await response.clone().json();
      processed = Number(body.num_events_processed) || 0;
    }
    requests.push({ startedAt, endedAt: performance.now(), status: response.status, processed });
    return response;
  };

  return { fetch: loggingFetch, requests };
}
