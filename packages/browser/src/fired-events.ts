// Event ids already delivered, per channel, so a reload of the confirmation page does not fire twice.
//
// The list lives in localStorage rather than sessionStorage. Both survive a reload, but only
// localStorage also catches the confirmation page opened again in a new tab, from the order e-mail
// or after a session restore, and each of those would count the order again.
// The list is bounded, so it cannot grow without end. When storage is unavailable (blocked
// cookies, a full quota) it falls back to memory, which still catches repeats within the page.

/** Name of the channel an event was delivered to. */
export type ChannelName = 'tag' | 'posthog';

/** Record of delivered event ids. */
export interface FiredEvents {
  /** Tells whether `eventId` was already delivered to `channel`. */
  has(eventId: string, channel: ChannelName): boolean;
  /** Records that `eventId` was delivered to `channel`. */
  add(eventId: string, channel: ChannelName): void;
}

/** localStorage key of the list: a JSON array of `[eventId, ...channels]`, oldest first. */
export const FIRED_EVENTS_KEY = 'pinpair_fired';

/** Number of event ids kept; the oldest is forgotten first. */
export const MAX_FIRED_EVENTS = 100;

type Entry = [eventId: string, ...channels: ChannelName[]];

/** Creates the record of delivered event ids over `window.localStorage`. */
export function createFiredEvents(window: Window): FiredEvents {
  let memory: Entry[] = [];

  function load(): Entry[] {
    try {
      const stored: unknown = JSON.parse(window.localStorage.getItem(FIRED_EVENTS_KEY) ?? '[]');
      if (Array.isArray(stored)) memory = stored.filter((entry): entry is Entry => Array.isArray(entry));
    } catch {
      // Storage blocked or the value unreadable: keep the copy in memory.
    }
    return memory;
  }

  return {
    has(eventId, channel) {
      return load().some((entry) => entry[0] === eventId && entry.includes(channel));
    },

    add(eventId, channel) {
      const entries = load().filter((entry) => entry[0] !== eventId);
      const previous = memory.find((entry) => entry[0] === eventId) ?? [eventId];
      entries.push([...previous, channel] as Entry);
      memory = entries.slice(-MAX_FIRED_EVENTS);
      try {
        window.localStorage.setItem(FIRED_EVENTS_KEY, JSON.stringify(memory));
      } catch {
        // Quota exceeded or storage blocked: the copy in memory still covers this page.
      }
    },
  };
}
