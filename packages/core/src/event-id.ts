// Event ids: deterministic for business objects, random for one-shot actions, validated from outside.

import { invalidValue } from './errors/validation-error.js';
import { resolveEventName } from './taxonomy.js';
import { isCanonicalUuid, randomUuid, uuidV5 } from './uuid.js';

export { isCanonicalUuid } from './uuid.js';

// Namespace of every UUID v5 that pinpair derives. Changing it changes every derived event id and
// breaks deduplication against events already sent, so it is fixed for good.
const PINPAIR_NAMESPACE = 'a8081cea-1deb-5260-a0ca-c2c1fda16dd8';

const MAX_EVENT_ID_LENGTH = 128;

// Printable ASCII without the space: the characters that survive headers, cookies and URLs unchanged.
const EVENT_ID_CHARACTERS = /^[\x21-\x7e]+$/;

/**
 * Derives the event id of a conversion about a business object (an order, a lead): the UUID v5 of
 * `<api event name>:<business id>` in pinpair's fixed namespace. The browser and the server get the
 * same id on every reload, so Pinterest deduplicates the tag and the API copy. The name is resolved
 * first, so `'Order Completed'` and `'checkout'` give the same id. For a custom event the name part is
 * `custom:<original name>`, so two different custom events about one order keep different ids.
 *
 * @throws {ValidationError} when `businessId` is empty, or a number that is not a safe integer.
 * @example
 * await deriveEventId('checkout', 1001) === await deriveEventId('Order Completed', '1001'); // true
 */
export async function deriveEventId(eventName: string, businessId: string | number): Promise<string> {
  const resolved = resolveEventName(eventName);
  const id = businessIdToString(businessId, 'orderId');
  const namePart = resolved.custom ? `custom:${resolved.originalName.trim()}` : resolved.apiName;
  return uuidV5(PINPAIR_NAMESPACE, `${namePart}:${id}`);
}

/** Returns a random event id (UUID v4) for a one-shot action such as an add to cart. */
export function randomEventId(): string {
  return randomUuid();
}

/**
 * Checks an event id that arrives from outside (a hand-off, a caller) and returns it as a string: 1 to
 * 128 printable ASCII characters, no spaces. A number becomes its decimal string, unchanged.
 *
 * @throws {ValidationError} with the field `eventId` when the id is of the wrong type, length or characters.
 */
export function validateEventId(value: unknown): string {
  if (typeof value === 'number') return businessIdToString(value, 'eventId', 'invalid_event_id');
  if (typeof value === 'string' && value.length <= MAX_EVENT_ID_LENGTH && EVENT_ID_CHARACTERS.test(value)) {
    return value;
  }
  throw invalidValue(
    'eventId',
    value,
    `1 to ${MAX_EVENT_ID_LENGTH} printable ASCII characters without spaces, such as a UUID`,
    'invalid_event_id',
  );
}

/**
 * Returns the PostHog capture `uuid` for an event id: the id itself, lowercased, when it is a UUID,
 * otherwise the UUID v5 of the id. PostHog replaces a `uuid` that is not a UUID, so both sides must
 * send this value to have PostHog count the conversion once.
 */
export async function toPostHogUuid(eventId: string): Promise<string> {
  const lowercased = eventId.toLowerCase();
  if (isCanonicalUuid(lowercased)) return lowercased;
  return uuidV5(PINPAIR_NAMESPACE, eventId);
}

/**
 * Serializes a business id (order id, lead id) without altering it: strings stay as they are and
 * safe integers become their decimal string.
 *
 * @throws {ValidationError} naming `field` for an empty string, a non-integer or unsafe number, or another type.
 */
export function businessIdToString(value: unknown, field: string, code = 'invalid_id'): string {
  if (
    typeof value === 'string' ? value.trim() !== '' : Number.isSafeInteger(value) && (value as number) >= 0
  ) {
    return String(value);
  }
  throw invalidValue(
    field,
    value,
    'a non-empty string, or a safe integer of 0 or more (pass larger ids as strings)',
    code,
  );
}
