// Stores PostHog captures and applies PostHog's storage dedup: same uuid, event, distinct id and UTC day.

import { isJsonObject } from '../pinterest/field-checks.js';
import type { CaptureBodyEncoding, RawCapture } from './decode-capture.js';

/** One captured event as the fake PostHog recorded it. */
export interface RecordedEvent {
  /** Order of arrival, from 1. */
  seq: number;
  /** The capture `uuid`; undefined when the client sent none (PostHog would assign one). */
  uuid: string | undefined;
  event: string;
  /** `distinct_id`, from the event or its properties. */
  distinctId: string | undefined;
  /** The event's time as ISO 8601: its `timestamp`, else receive time minus `offset`, else receive time. */
  timestamp: string;
  properties: Record<string, unknown>;
  /** `properties.$ip`, which posthog-node sets to the shopper's address. */
  ip: string | undefined;
  /** Address the request came from (first `X-Forwarded-For` address when trusted). */
  sourceAddress: string;
  /** `User-Agent` of the request. */
  userAgent: string | undefined;
  /** `properties.$lib`, such as `web` (posthog-js) or `posthog-node`. */
  library: string | undefined;
  /** Project API key the event came with. */
  apiKey: string | undefined;
  /** Path the event was posted to, such as `/i/v0/e/` or `/batch/`. */
  endpoint: string;
  /** Encoding of the request body. */
  encoding: CaptureBodyEncoding;
  /** Arrival time on the fake's clock, in milliseconds since the epoch. */
  receivedAt: number;
  /** The event object exactly as decoded. */
  raw: Record<string, unknown>;
}

/** A capture as received, before dedup. */
export interface ReceivedCapture extends RecordedEvent {
  /** `seq` of the earlier capture this one duplicates, or null when it counts. */
  duplicateOf: number | null;
}

/** Request details stored with every event of one request. */
export interface CaptureRequestInfo {
  sourceAddress: string;
  userAgent: string | undefined;
  endpoint: string;
  encoding: CaptureBodyEncoding;
  receivedAt: number;
}

/**
 * In-memory event store. PostHog collapses events that share uuid, event name, distinct id and UTC
 * day eventually, and it does not say which copy survives. The fake collapses them at once and keeps
 * the first copy. Events without a uuid are never collapsed.
 */
export class EventStore {
  private all: ReceivedCapture[] = [];
  private readonly firstByKey = new Map<string, number>();
  private nextSeq = 1;
  private waiters: { matches: (event: RecordedEvent) => boolean; resolve: (event: RecordedEvent) => void }[] =
    [];

  /** Stores the events of one request and returns them as received. */
  add(captures: readonly RawCapture[], request: CaptureRequestInfo): ReceivedCapture[] {
    return captures.map((capture) => {
      const recorded = toRecordedEvent(capture, request, this.nextSeq++);
      const key = dedupKey(recorded);
      const firstSeq = key === undefined ? undefined : this.firstByKey.get(key);
      if (key !== undefined && firstSeq === undefined) this.firstByKey.set(key, recorded.seq);
      const received: ReceivedCapture = { ...recorded, duplicateOf: firstSeq ?? null };
      this.all.push(received);
      if (received.duplicateOf === null) this.notify(recorded);
      return received;
    });
  }

  /**
   * Resolves with the first recorded event (after dedup) that matches, an earlier one included;
   * rejects after `timeoutMs`.
   */
  waitForEvent(matches: (event: RecordedEvent) => boolean, timeoutMs: number): Promise<RecordedEvent> {
    const existing = this.events().find(matches);
    if (existing) return Promise.resolve(existing);

    return new Promise((resolve, reject) => {
      const waiter = {
        matches,
        resolve: (event: RecordedEvent) => {
          clearTimeout(timer);
          resolve(structuredClone(event));
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((candidate) => candidate !== waiter);
        reject(
          new Error(
            `Timed out after ${timeoutMs} ms waiting for a matching PostHog event; ${this.events().length} events were recorded.`,
          ),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Returns the events after dedup, in order of arrival. */
  events(): RecordedEvent[] {
    return structuredClone(this.all.filter((capture) => capture.duplicateOf === null)).map(
      ({ duplicateOf: _duplicateOf, ...event }) => event,
    );
  }

  /** Returns every capture as received, duplicates included. */
  received(): ReceivedCapture[] {
    return structuredClone(this.all);
  }

  clear(): void {
    this.all = [];
    this.firstByKey.clear();
  }

  private notify(event: RecordedEvent): void {
    const matched = this.waiters.filter((waiter) => waiter.matches(event));
    this.waiters = this.waiters.filter((waiter) => !matched.includes(waiter));
    for (const waiter of matched) waiter.resolve(event);
  }
}

function toRecordedEvent(capture: RawCapture, request: CaptureRequestInfo, seq: number): RecordedEvent {
  const { event } = capture;
  const properties = isJsonObject(event.properties) ? event.properties : {};
  const distinctId = [event.distinct_id, properties.distinct_id, event.$distinct_id].find(
    (candidate) => typeof candidate === 'string' || typeof candidate === 'number',
  );
  return {
    seq,
    uuid: typeof event.uuid === 'string' && event.uuid.length > 0 ? event.uuid : undefined,
    event: String(event.event),
    distinctId: distinctId === undefined ? undefined : String(distinctId),
    timestamp: eventTime(event, request.receivedAt),
    properties,
    ip: typeof properties.$ip === 'string' ? properties.$ip : undefined,
    sourceAddress: request.sourceAddress,
    userAgent: request.userAgent,
    library: typeof properties.$lib === 'string' ? properties.$lib : undefined,
    apiKey: capture.apiKey,
    endpoint: request.endpoint,
    encoding: request.encoding,
    receivedAt: request.receivedAt,
    raw: event,
  };
}

function eventTime(event: Record<string, unknown>, receivedAt: number): string {
  const timestamp = event.timestamp;
  if (typeof timestamp === 'string' || typeof timestamp === 'number') {
    const parsed = new Date(timestamp);
    if (!Number.isNaN(parsed.getTime())) return parsed.toISOString();
  }
  if (typeof event.offset === 'number') return new Date(receivedAt - event.offset).toISOString();
  return new Date(receivedAt).toISOString();
}

function dedupKey(event: RecordedEvent): string | undefined {
  if (event.uuid === undefined) return undefined;
  const utcDay = event.timestamp.slice(0, 10);
  return JSON.stringify([event.uuid, event.event, event.distinctId ?? null, utcDay]);
}
