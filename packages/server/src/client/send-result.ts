// The per-event result of a Conversions API request, parsed from a 200 or 422 response body.

/** Pinterest's verdict on one event of a request. */
export interface EventResult {
  /** The event's `event_id`, matched by position: Pinterest returns results in request order. */
  eventId: string;
  /** `processed` when Pinterest accepted the event, `failed` when it rejected it. */
  status: 'processed' | 'failed';
  /** Pinterest's `error_message` for a failed event. */
  errorMessage?: string;
  /** Pinterest's `warning_message`: the event was accepted, but with a non-critical problem. */
  warningMessage?: string;
}

/** An event Pinterest rejected, with its message. */
export interface FailedEvent {
  /** The event's `event_id`. */
  eventId: string;
  /** Pinterest's `error_message`, or a placeholder when Pinterest gave none. */
  errorMessage: string;
}

/**
 * Outcome of a request that Pinterest returned per-event results for: 200 when every event was
 * processed (or with `failed` entries, which some integrations report seeing), and 422 when some
 * or all failed. `failedEvents` lists the rejected events; the rest were accepted.
 */
export interface SendResult {
  /** HTTP status: 200 or 422. */
  status: number;
  /** The request as `POST <url>`, without the conversion token. */
  endpoint: string;
  /** Pinterest's `num_events_received`. */
  numEventsReceived: number;
  /** Pinterest's `num_events_processed`. */
  numEventsProcessed: number;
  /** One result per event sent, in request order. */
  events: EventResult[];
  /** The events Pinterest rejected, with Pinterest's messages; empty when all were processed. */
  failedEvents: FailedEvent[];
}

/** The counts and per-event entries of a response body, before they are matched to event ids. */
interface ResponseBody {
  num_events_received?: unknown;
  num_events_processed?: unknown;
  events?: unknown;
}

/**
 * Matches the `events` of a 200 body (or of a 422 body's `details`) to the sent event ids.
 * Returns undefined when the body does not have one result per event, because a result that
 * cannot be matched to its event cannot be trusted.
 */
export function parseEventResults(
  body: unknown,
  eventIds: readonly string[],
  redact: (text: string) => string,
): Omit<SendResult, 'status' | 'endpoint'> | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { events, num_events_received, num_events_processed } = body as ResponseBody;
  if (!Array.isArray(events) || events.length !== eventIds.length) return undefined;

  const results: EventResult[] = [];
  for (const [index, entry] of events.entries()) {
    const result = parseEventResult(entry, eventIds[index] as string, redact);
    if (result === undefined) return undefined;
    results.push(result);
  }

  const failedEvents = results
    .filter((result) => result.status === 'failed')
    .map((result) => ({
      eventId: result.eventId,
      errorMessage: result.errorMessage ?? 'Pinterest rejected the event without an error_message.',
    }));

  return {
    numEventsReceived: typeof num_events_received === 'number' ? num_events_received : eventIds.length,
    numEventsProcessed:
      typeof num_events_processed === 'number' ? num_events_processed : results.length - failedEvents.length,
    events: results,
    failedEvents,
  };
}

/** Reads one `{ status, error_message, warning_message }` entry; empty messages count as absent. */
function parseEventResult(
  entry: unknown,
  eventId: string,
  redact: (text: string) => string,
): EventResult | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { status, error_message, warning_message } = entry as Record<string, unknown>;
  if (status !== 'processed' && status !== 'failed') return undefined;

  const result: EventResult = { eventId, status };
  if (typeof error_message === 'string' && error_message !== '') result.errorMessage = redact(error_message);
  if (typeof warning_message === 'string' && warning_message !== '') {
    result.warningMessage = redact(warning_message);
  }
  return result;
}

/** Reads Pinterest's `{ code, message }` error body; both parts are optional. */
export function parseErrorBody(
  body: unknown,
  redact: (text: string) => string,
): { pinterestCode?: number; pinterestMessage?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const { code, message } = body as Record<string, unknown>;

  const parsed: { pinterestCode?: number; pinterestMessage?: string } = {};
  if (typeof code === 'number') parsed.pinterestCode = code;
  if (typeof message === 'string' && message !== '') parsed.pinterestMessage = redact(message);
  return parsed;
}
