// One destination of events (the Pinterest tag or PostHog): a consent gate, a wait until the
// destination is ready, and a bounded queue that replays in call order.

import type { ConsentState } from '@pinpair/core';
import type { ChannelName, FiredEvents } from './fired-events.js';

/** One event on its way to a channel. */
export interface Delivery {
  /** The event's `event_id`. */
  eventId: string;
  /** `true` when the id is deterministic (an order, a lead or a given id), so a repeat must be skipped. */
  repeatable: boolean;
  /** Hands the event to the destination. */
  send(): void;
}

/** Settings of {@link createChannel}. */
export interface ChannelOptions {
  name: ChannelName;
  /** Current consent for this channel's category. */
  consent(): ConsentState;
  /** Tells whether the destination accepts events now. */
  isReady(): boolean;
  /** Called when deliveries wait for a destination that is not ready although consent is granted. */
  onNotReady?(): void;
  maxQueuedEvents: number;
  fired: FiredEvents;
  /** Receives an error thrown by a destination while it was sending. */
  onSendError(error: unknown): void;
}

/** A channel's queue and gate. */
export interface Channel {
  /** Sends `delivery` now when consent is granted and the destination ready, else queues it. */
  push(delivery: Delivery): void;
  /** Sends what is queued when it may, or drops it when consent is denied. */
  flush(): void;
}

/**
 * Creates a {@link Channel}. With consent pending, or granted while the destination is not ready,
 * deliveries wait in a queue of at most `maxQueuedEvents`. A full queue drops its oldest delivery
 * and warns once until it drains. Denied consent empties the queue and drops new deliveries.
 */
export function createChannel({
  name,
  consent,
  isReady,
  onNotReady,
  maxQueuedEvents,
  fired,
  onSendError,
}: ChannelOptions): Channel {
  let queue: Delivery[] = [];
  let warnedFull = false;

  function deliver({ eventId, repeatable, send }: Delivery): void {
    if (repeatable && fired.has(eventId, name)) return;
    try {
      send();
      if (repeatable) fired.add(eventId, name);
    } catch (error) {
      onSendError(error);
    }
  }

  function flush(): void {
    const state = consent();
    if (state === 'denied') queue = [];
    if (state !== 'granted' || !queue.length) return;
    if (!isReady()) {
      onNotReady?.();
      return;
    }

    const due = queue;
    queue = [];
    warnedFull = false;
    due.forEach(deliver);
  }

  return {
    push(delivery) {
      if (consent() === 'denied') return;

      if (queue.push(delivery) > maxQueuedEvents) {
        queue.shift();
        if (!warnedFull)
          console.warn(`[pinpair] ${name} queue full: dropping the oldest events; see \`maxQueuedEvents\`.`);
        warnedFull = true;
      }
      flush();
    },

    flush,
  };
}
